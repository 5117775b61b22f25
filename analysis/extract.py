"""Extraction: each article becomes rows of the DESIGN.md tables.

``extract_article`` is a pure function of (article, resources): it can run in any order, in
parallel, and be cached. It runs three steps, each a function of the article and of the
resources it reads, so that a cache can keep each step apart and a changed resource
invalidates exactly the steps that read it:

- ``actors``   (dictionary)            -> mentions, candidate names
- ``timeline`` (temporal vocabulary)   -> timexes
- ``stance``   (dictionary, lexicon)   -> stances, sentence tones (needs the mentions)

Events are assembled from mentions and timexes, which is cheap and never cached.
"""

from __future__ import annotations

import collections
import csv
import dataclasses
import datetime as dt
import functools
import hashlib
import io
import itertools
import operator
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm.auto import tqdm

from . import __version__
from . import actors as actors_module
from .actors import ActorDictionary, Mention, dictionary_paths, find_candidates, find_mentions, load_dictionary
from .cache import encode_parts, encode_value
from .corpus import Article, Corpus, Skipped
from .stance import DEFAULT_LEXICON, extract_stances, load_lexicon, sentence_tones
from .schema import CANDIDATE_MENTION_COLUMNS, COLUMNS
from .text import Span, split_sentences

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "STEPS",
    "Resources",
    "ResourceSpec",
    "article_row",
    "assemble_tables",
    "csv_text",
    "extract_to_dir",
    "extract_article",
    "extract_corpus",
    "load_resources",
    "skipped_row",
]

ANALYSED_LANGUAGES = ("es", "en")
STEPS = ("actors", "timeline", "stance")
TABLES = ("articles", "mentions", "stances", "tones", "timexes", "events")  # one set of rows per article
PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class ResourceSpec:
    """How to load the resources: small and picklable, so worker processes load their own."""

    actors: tuple[str, ...] = ()
    replace_actors: bool = False
    use_spacy: bool | None = None
    lexicon: str | None = None


@dataclass(frozen=True)
class Resources:
    """Everything extraction reads besides the article.

    The dictionary and the lexicon are loaded and validated once, on first use; with
    ``load_resources(lazy=True)`` that is when an article needs them, so that a re-run whose
    articles are all cached does not pay for them.
    """

    spec: ResourceSpec
    use_spacy: bool
    dictionary_files: tuple[str, ...]
    lexicon_path: str
    fingerprints: dict = field(default_factory=dict)  # step -> hash of the code and data it reads

    @functools.cached_property
    def dictionary(self) -> ActorDictionary:
        return load_dictionary(self.dictionary_files, replace=True)

    @functools.cached_property
    def lexicon(self):
        return load_lexicon(Path(self.lexicon_path))


def _file_hash(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(p) for p in paths):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _fingerprints(dictionary_files: Iterable[str], lexicon_path: Path, use_spacy: bool) -> dict[str, str]:
    code = {name: _file_hash([PACKAGE_DIR / f"{name}.py", PACKAGE_DIR / "text.py"]) for name in ("actors", "timeline", "stance")}
    data = PACKAGE_DIR.parent / "data"
    dictionary_hash = _file_hash(map(Path, dictionary_files))
    parts = {
        "actors": (code["actors"], dictionary_hash, f"spacy={use_spacy}"),
        "timeline": (code["timeline"], _file_hash((data / "temporal").glob("*.yaml"))),
        "stance": (code["stance"], code["actors"], dictionary_hash, _file_hash([lexicon_path])),
    }
    # The finished rows of an article also depend on how events are made and rows written.
    parts["rows"] = (_file_hash([PACKAGE_DIR / "extract.py", PACKAGE_DIR / "schema.py"]),)
    return {
        step: hashlib.sha256("\0".join((__version__, *values)).encode()).hexdigest()
        for step, values in parts.items()
    }


def load_resources(
    actors: Iterable[str | Path] = (), *, replace_actors: bool = False, use_spacy: bool | None = None,
    lexicon: str | Path | None = None, lazy: bool = False,
) -> Resources:
    """Load and validate the resources; ``actors`` adds user dictionaries (or replaces the
    default), ``lexicon`` replaces the default stance lexicon. ``lazy`` leaves loading the
    dictionary and the lexicon to their first use (their files must exist now)."""
    spec = ResourceSpec(tuple(str(a) for a in actors), replace_actors, use_spacy, str(lexicon) if lexicon else None)
    files = dictionary_paths(spec.actors, replace=replace_actors)
    lexicon_path = Path(lexicon) if lexicon else DEFAULT_LEXICON
    if use_spacy is None:
        use_spacy = actors_module.spacy_available()
    try:
        fingerprints = _fingerprints(files, lexicon_path, use_spacy)
    except OSError:
        load_dictionary(files, replace=True)  # a file that cannot be read: the loaders say which and why
        load_lexicon(lexicon_path)
        raise
    resources = Resources(
        spec=spec, use_spacy=use_spacy, dictionary_files=files, lexicon_path=str(lexicon_path),
        fingerprints=fingerprints,
    )
    if not lazy:
        resources.dictionary, resources.lexicon  # noqa: B018 - load and validate now
    return resources


def article_row(article: Article) -> dict:
    return {
        "article_id": article.article_id,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "published": article.published,
        "language": article.language,
        "n_chars": article.n_chars,
        "sha256": article.sha256,
        "path": article.path,
        "encoding": article.encoding,
        "warnings": " | ".join(article.warnings),
    }


def skipped_row(skipped: Skipped) -> dict:
    return {"path": skipped.path, "reason": skipped.reason}


# --------------------------------------------------------------------------- the steps


def _actors_step(article: Article, sentences: list[Span], resources: Resources) -> dict[str, list[dict]]:
    text = article.text
    mentions = find_mentions(text, language=article.language, dictionary=resources.dictionary, sentences=sentences)
    candidates = find_candidates(
        text, mentions=mentions, sentences=sentences, language=article.language,
        use_spacy=resources.use_spacy and article.language == "es",
    )
    return {
        "mentions": [
            {
                "article_id": article.article_id, "sentence": m.sentence, "start": m.start, "end": m.end,
                "surface": m.surface, "actor_id": m.actor_id, "actor_name": m.actor_name,
                "actor_type": m.actor_type, "method": m.method, "affiliation": m.affiliation,
            }
            for m in mentions
        ],
        "candidate_mentions": [
            {
                "article_id": article.article_id, "sentence": c.sentence, "surface": c.surface,
                "label": c.label, "method": c.method,
                "example": text[sentences[c.sentence].start:sentences[c.sentence].end] if sentences else "",
            }
            for c in candidates
        ],
    }


def _timeline_step(article: Article, sentences: list[Span], resources: Resources) -> dict[str, list[dict]]:
    from .timeline import tag_timexes

    timexes = tag_timexes(article.text, language=article.language, published=article.published or None, sentences=sentences)
    return {
        "timexes": [
            {
                "article_id": article.article_id, "sentence": t.sentence, "start": t.start, "end": t.end,
                "surface": t.surface, "type": t.type, "value": t.value, "date_start": t.date_start,
                "date_end": t.date_end, "mod": t.mod,
            }
            for t in timexes
        ]
    }


def _mention_records(rows: list[dict]) -> list[Mention]:
    return [
        Mention(
            sentence=int(r["sentence"]), start=int(r["start"]), end=int(r["end"]), surface=r["surface"],
            actor_id=r["actor_id"], actor_name=r["actor_name"], actor_type=r["actor_type"],
            method=r["method"], affiliation=r["affiliation"],
        )
        for r in rows
    ]


def _stance_step(
    article: Article, sentences: list[Span], resources: Resources, mention_rows: list[dict]
) -> dict[str, list[dict]]:
    text, language = article.text, article.language
    stances = extract_stances(
        text, language=language, sentences=sentences, mentions=_mention_records(mention_rows),
        lexicon=resources.lexicon,
    )
    tones = sentence_tones(text, language=language, sentences=sentences, lexicon=resources.lexicon)
    return {
        "stances": [
            {
                "article_id": article.article_id, "sentence": s.sentence, "holder_id": s.holder_id,
                "holder_name": s.holder_name, "target_id": s.target_id, "target_name": s.target_name,
                "polarity": s.polarity, "score": round(float(s.score), 4), "cue": s.cue,
                "evidence": s.evidence, "kind": s.kind, "quad_class": s.quad_class, "quote": bool(s.quote),
            }
            for s in stances
        ],
        "tones": [
            {"article_id": article.article_id, "sentence": i, "tone": round(float(tone), 4)}
            for i, tone in enumerate(tones)
        ],
    }


def _events(article: Article, sentences: list[Span], mention_rows: list[dict], timex_rows: list[dict]) -> list[dict]:
    """A dated statement: a sentence with a resolved date and at least one actor.

    When a sentence holds several dates, the narrowest one dates it ("el jueves" rather than
    "este año"); ties go to the first.
    """
    actors_by_sentence: dict[int, dict[str, str]] = {}
    for m in mention_rows:
        actors_by_sentence.setdefault(int(m["sentence"]), {}).setdefault(m["actor_id"], m["actor_name"])
    best: dict[int, dict] = {}
    for t in timex_rows:
        sentence = int(t["sentence"])
        if not t["date_start"] or not t["date_end"] or sentence not in actors_by_sentence:
            continue
        width = (dt.date.fromisoformat(t["date_end"]) - dt.date.fromisoformat(t["date_start"])).days
        if sentence not in best or width < best[sentence]["_width"]:
            best[sentence] = {**t, "_width": width}
    rows = []
    for sentence, t in sorted(best.items()):
        actors = actors_by_sentence[sentence]
        span = sentences[sentence]
        rows.append({
            "article_id": article.article_id, "sentence": sentence, "date_start": t["date_start"],
            "date_end": t["date_end"], "actor_ids": ";".join(actors), "text": article.text[span.start:span.end],
            "value": t["value"], "timex": t["surface"], "actor_names": ";".join(actors.values()),
        })
    return rows


def extract_article(
    article: Article, resources: Resources, *, cached: dict[str, dict] | None = None
) -> tuple[dict[str, list[dict]], dict[str, dict]]:
    """All table rows for one article (pure).

    ``cached`` holds the outputs of steps already computed (step -> rows by table); they are
    reused as they are. Returns the rows by table, and the outputs of every step (for a cache).
    """
    cached = dict(cached or {})
    rows: dict[str, list[dict]] = {"articles": [article_row(article)]}
    if article.language not in ANALYSED_LANGUAGES:
        return rows, {}
    sentences = split_sentences(article.text)
    if "actors" not in cached:
        cached["actors"] = _actors_step(article, sentences, resources)
    if "timeline" not in cached:
        cached["timeline"] = _timeline_step(article, sentences, resources)
    if "stance" not in cached:
        cached["stance"] = _stance_step(article, sentences, resources, cached["actors"]["mentions"])
    for step in STEPS:
        for table, table_rows in cached[step].items():
            rows[table] = table_rows
    rows["events"] = _events(article, sentences, cached["actors"]["mentions"], cached["timeline"]["timexes"])
    return rows, cached


# --------------------------------------------------------------------------- the corpus


_WORKER_RESOURCES: Resources | None = None


def resources_from_spec(spec: ResourceSpec) -> Resources:
    """Load the resources a spec describes (in a worker process); its fields are
    ``load_resources``' parameters."""
    return load_resources(**dataclasses.asdict(spec))


def _worker_init(spec: ResourceSpec) -> None:
    global _WORKER_RESOURCES
    _WORKER_RESOURCES = resources_from_spec(spec)


def _extract_one(
    article: Article, resources: Resources, cached: dict, render: bool, keep: bool
) -> tuple[dict | list[bytes], dict[str, bytes]]:
    """The article's rows (rendered or not) and, when ``keep``, what the cache is to store, encoded:
    the outputs of the steps not found in it, and the rendered rows ("rendered")."""
    rows, outputs = extract_article(article, resources, cached=cached)
    result = rendered_rows(rows) if render else rows
    if not keep:
        return result, {}
    encoded = {step: encode_value(value) for step, value in outputs.items() if step not in cached}
    if render:
        encoded["rendered"] = encode_parts(result)
    return result, encoded


def _worker_extract(job: tuple[Article, dict, bool, bool]) -> tuple[dict | list[bytes], dict[str, bytes]]:
    return _extract_one(job[0], _WORKER_RESOURCES, *job[1:])


def _step_keys(article: Article, resources: Resources) -> dict[str, str]:
    """Cache keys of the article's steps, and of its finished rows ("rendered")."""
    identity = "\0".join((article.sha256, article.language, article.published, article.article_id))
    keys = {
        step: hashlib.sha256(f"{resources.fingerprints.get(step, '')}\0{identity}".encode()).hexdigest()
        for step in STEPS
    }
    rows = "\0".join([resources.fingerprints.get("rows", ""), *keys.values()])
    keys["rendered"] = hashlib.sha256(rows.encode()).hexdigest()
    return keys


# ``jobs=None`` starts worker processes only when at least this many articles need extracting
# (cache misses): a worker takes about a second to import and load the resources, which a
# small corpus does not pay back. ``AUTO_READ_AHEAD`` bounds how far ahead it looks.
AUTO_JOBS_MIN_ARTICLES = 200
AUTO_READ_AHEAD = 1024


def available_cores() -> int:
    """The cores this process may run on (a container's or a job scheduler's limit, if any)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def iter_extracted(
    articles: Iterable[Article], resources: Resources, *, cache=None, jobs: int | None = 1, render: bool = False,
) -> Iterator[dict | list[bytes]]:
    """Each article's rows by table, in input order; steps found in ``cache`` are not redone.

    With ``render``, each article comes as ``rendered_rows``: CSV per table, which the
    cache keeps whole, so that an unchanged article costs one look-up. ``jobs`` worker
    processes extract; ``None`` picks one per available core when there are at least
    ``AUTO_JOBS_MIN_ARTICLES`` articles to extract, and works in this process otherwise.
    """
    def lookups() -> Iterator[tuple[Article, dict, dict, list[bytes] | None]]:
        for article in articles:
            if cache is None:
                yield article, {}, {}, None
                continue
            keys = _step_keys(article, resources)
            if render and (done := cache.get_parts(keys["rendered"])) is not None:
                cache.hits += len(STEPS)
                yield article, {}, keys, done
                continue
            cached = {step: value for step in STEPS if (value := cache.get(keys[step])) is not None}
            yield article, cached, keys, None

    def store(keys: dict, encoded: dict[str, bytes]) -> None:
        for name, data in encoded.items():
            if name == "rendered":
                cache.put_encoded_parts(keys[name], data)
            else:
                cache.put_encoded(keys[name], data)

    def submitted(batch: list) -> tuple[list, Iterator]:
        """The batch, and an iterator over the results of its articles not found in the cache."""
        todo = [(article, cached, render, cache is not None) for article, cached, _, done in batch if done is None]
        if pool is None:
            return batch, (_extract_one(article, resources, *rest) for article, *rest in todo)
        return batch, pool.map(_worker_extract, todo, chunksize=16)

    def finished(batch: list, results: Iterator) -> Iterator:
        for article, cached, keys, done in batch:
            if done is None:
                done, encoded = next(results)
                if cache is not None:
                    store(keys, encoded)
            yield done

    pending: Iterator = lookups()
    if jobs is None:
        ahead, todo = [], 0
        for item in pending:
            ahead.append(item)
            _, cached, _, done = item
            todo += done is None and len(cached) < len(STEPS)  # a step to compute
            if todo >= AUTO_JOBS_MIN_ARTICLES or len(ahead) >= AUTO_READ_AHEAD:
                break
        jobs = available_cores() if todo >= AUTO_JOBS_MIN_ARTICLES else 1
        pending = itertools.chain(ahead, pending)
    pool = None
    if jobs > 1:
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, initargs=(resources.spec,))
    try:
        # Two batches in flight: the workers start on the next batch while this process
        # collects and writes the current one.
        in_flight: collections.deque = collections.deque()
        while batch := list(itertools.islice(pending, 256 * max(jobs, 1))):
            in_flight.append(submitted(batch))
            if pool is None or len(in_flight) > 1:
                yield from finished(*in_flight.popleft())
        while in_flight:
            yield from finished(*in_flight.popleft())
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    if cache is not None:
        cache.commit()


def _cell(value):
    return "" if value is None or (isinstance(value, float) and value != value) else value


def _columns(name: str) -> list[str]:
    return CANDIDATE_MENTION_COLUMNS if name == "candidate_mentions" else COLUMNS[name]


_ROW_VALUES = {name: operator.itemgetter(*_columns(name)) for name in (*COLUMNS, "candidate_mentions")}
# How a float NaN comes out of the csv module: a cell that reads "nan" (between the start of a
# line or a comma, and a comma or the end of a line). Written with the literal first, so that
# the search skips ahead to each "nan" instead of trying every position.
_NAN_CELL = re.compile(r"nan(?<![^,\n]nan)(?![^,\n])")


def _csv_lines(columns: list[str], values: Iterable[Sequence], header: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(columns)
    writer.writerows(values)
    return buffer.getvalue()


def csv_text(name: str, rows: Iterable[dict], *, header: bool = False) -> str:
    """Rows of table ``name`` as CSV lines in contract column order: the bytes that pandas'
    ``to_csv`` writes for the same rows (None and NaN as empty cells, a missing column empty)."""
    columns = _columns(name)
    rows = rows if isinstance(rows, list) else list(rows)
    try:
        # The csv module writes None as an empty cell itself; rows with every column (all of
        # extraction's) need no Python work per cell.
        text = _csv_lines(columns, map(_ROW_VALUES[name], rows), header)
        if not _NAN_CELL.search(text):
            return text
    except KeyError:
        pass
    # a missing column or a NaN: cell by cell
    return _csv_lines(columns, ([_cell(row.get(column)) for column in columns] for row in rows), header)


RENDERED = (*TABLES, "candidate_mentions")


def rendered_rows(rows: dict[str, list[dict]]) -> list[bytes]:
    """One article's rows as UTF-8 CSV, one per table of ``RENDERED``: ready to append to the
    tables, and for the candidate names, to count across the corpus."""
    return [csv_text(name, rows.get(name, [])).encode("utf-8") for name in RENDERED]


def candidate_fields(data: bytes) -> Iterator[list[str]]:
    """The candidate-name rows of ``rendered_rows`` back as lists of fields
    (``CANDIDATE_MENTION_COLUMNS``)."""
    return csv.reader(io.StringIO(data.decode("utf-8"), newline=""))


class CandidateTally:
    """Counts of the names the dictionary does not know, built one article at a time.

    Memory grows with the number of distinct names, not of articles: an article is counted
    for a name when its id differs from the last article that had the name (articles arrive
    one after the other).
    """

    def __init__(self) -> None:
        self.counts: Counter = Counter()
        self.articles: Counter = Counter()
        self.last_article: dict[str, str] = {}
        self.example: dict[str, str] = {}
        self.method: dict[str, str] = {}
        self.label: dict[str, Counter] = defaultdict(Counter)

    def add(self, rows: Iterable[dict]) -> None:
        self.add_fields((r["article_id"], r["sentence"], r["surface"], r["label"], r["method"], r["example"]) for r in rows)

    def add_fields(self, rows: Iterable[Sequence[str]]) -> None:
        """Rows as fields in the order of ``CANDIDATE_MENTION_COLUMNS``."""
        for article_id, _, key, label, method, example in rows:
            self.counts[key] += 1
            if self.last_article.get(key) != article_id:
                self.articles[key] += 1
                self.last_article[key] = article_id
            if key not in self.example:
                self.example[key] = example
                self.method[key] = method
            self.label[key][label] += 1

    def rows(self) -> list[dict]:
        """One row per name, most frequent first (ties by name)."""
        return [
            {"candidate": key, "label": self.label[key].most_common(1)[0][0], "count": n,
             "articles": self.articles[key], "example": self.example[key], "method": self.method[key]}
            for key, n in sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]


def assemble_tables(
    extracted: Iterable[dict[str, list[dict]]], corpus: Corpus, resources: Resources
) -> dict[str, pd.DataFrame]:
    """The tables from each article's rows (in input order), plus the corpus-wide tables."""
    from .tables import to_frame  # pandas: only for tables in memory (the command line writes CSV)

    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    candidates = CandidateTally()
    for article_rows in extracted:
        for name, table_rows in article_rows.items():
            if name == "candidate_mentions":
                candidates.add(table_rows)
            else:
                rows[name].extend(table_rows)
    tables = {name: to_frame(name, table_rows) for name, table_rows in rows.items()}
    tables["candidates"] = to_frame("candidates", candidates.rows())
    tables["skipped"] = to_frame("skipped", [skipped_row(s) for s in corpus.skipped])
    tables["actors"] = to_frame("actors", actors_module.dictionary_rows(resources.dictionary))
    return tables



def extract_corpus(
    corpus: Corpus, resources: Resources | None = None, *, progress: bool = False, cache=None, jobs: int | None = 1,
) -> dict[str, pd.DataFrame]:
    """Run ``extract_article`` over the corpus and assemble the tables."""
    resources = resources or load_resources()
    articles: Iterable[Article] = corpus.articles
    if progress:
        articles = tqdm(articles, desc="extract", unit="article")
    tables = assemble_tables(iter_extracted(articles, resources, cache=cache, jobs=jobs), corpus, resources)
    if cache is not None:
        cache.commit()
    return tables


# --------------------------------------------------------------------------- streaming to files


class _CsvTables:
    """The tables as CSV files, appended to a chunk of text at a time (same bytes as
    ``write_tables``). They are written aside and moved into place by ``close``, so a run that
    fails or is interrupted leaves the previous tables as they were."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        out_dir.mkdir(parents=True, exist_ok=True)
        self.files: dict[str, object] = {}

    def _partial(self, name: str) -> Path:
        return self.out_dir / f".{name}.csv.partial"

    def write(self, name: str, data: bytes) -> None:
        """Append UTF-8 CSV lines to table ``name`` (the header comes first)."""
        if name not in self.files:
            self.files[name] = open(self._partial(name), "wb")
            self.files[name].write(csv_text(name, [], header=True).encode("utf-8"))
        self.files[name].write(data)

    def close(self) -> list[Path]:
        written = []
        for name, handle in self.files.items():
            handle.close()
            written.append(self._partial(name).replace(self.out_dir / f"{name}.csv"))
        return written

    def abort(self) -> None:
        for name, handle in self.files.items():
            handle.close()
            self._partial(name).unlink(missing_ok=True)


def _actors_csv(resources: Resources, cache) -> bytes:
    """actors.csv's rows, kept in the cache so that a re-run need not load the dictionary."""
    key = hashlib.sha256(f"actors.csv\0{resources.fingerprints['actors']}\0{resources.fingerprints['rows']}".encode())
    if cache is not None and (parts := cache.get_parts(key.hexdigest())) is not None:
        return parts[0]
    data = csv_text("actors", actors_module.dictionary_rows(resources.dictionary)).encode("utf-8")
    if cache is not None:
        cache.put_parts(key.hexdigest(), [data])
    return data


def extract_to_dir(
    records: Iterable[Article | Skipped], resources: Resources, out_dir: str | Path, *, cache=None,
    jobs: int | None = 1, progress: bool = False, chunk: int = 200,
) -> dict:
    """Extract a stream of records (``corpus.iter_corpus``) and write the tables as it goes.

    Memory stays flat: rows are written every ``chunk`` articles, and only the candidate
    counts and the articles' identities (for the fingerprint) are kept. The files are
    byte-identical to ``write_tables(extract_corpus(...))``. Returns a summary: the number of
    articles, of articles with warnings, of skipped inputs, and the inputs' fingerprint.
    """
    from .corpus import fingerprint, identity

    writer = _CsvTables(Path(out_dir))
    skipped: list[dict] = []
    identities: list[tuple[str, ...]] = []
    summary = {"articles": 0, "warned": 0, "skipped": 0}

    def articles() -> Iterator[Article]:
        for record in records:
            if isinstance(record, Skipped):
                skipped.append(skipped_row(record))
                summary["skipped"] += 1
                continue
            identities.append(identity(record))
            summary["articles"] += 1
            summary["warned"] += bool(record.warnings)
            yield record

    stream: Iterable[Article] = articles()
    if progress:
        stream = tqdm(stream, desc="extract", unit="article")
    candidates = CandidateTally()
    pending: dict[str, list[bytes]] = {name: [] for name in TABLES}
    try:
        extracted = iter_extracted(stream, resources, cache=cache, jobs=jobs, render=True)
        for done, parts in enumerate(extracted, start=1):
            *tables, candidate_part = parts
            candidates.add_fields(candidate_fields(candidate_part))
            for name, data in zip(TABLES, tables):
                pending[name].append(data)
            if done % chunk == 0:
                for name in TABLES:
                    writer.write(name, b"".join(pending[name]))
                    pending[name] = []
        for name in TABLES:
            writer.write(name, b"".join(pending[name]))
        writer.write("candidates", csv_text("candidates", candidates.rows()).encode("utf-8"))
        writer.write("skipped", csv_text("skipped", skipped).encode("utf-8"))
        writer.write("actors", _actors_csv(resources, cache))
    except BaseException:
        writer.abort()
        raise
    summary["files"] = writer.close()
    summary["fingerprint"] = fingerprint(identities)
    return summary
