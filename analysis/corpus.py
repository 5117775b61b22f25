"""Corpus loading: files and tables of news articles become validated ``Article`` records.

Every input is accounted for: it is either loaded (possibly with warnings that travel with the
article) or listed as ``Skipped`` with a reason that says what to do. The small functions that
decode bytes, parse dates, read front matter and detect the language are pure; only
``load_corpus`` and its readers touch the file system.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from dateutil import parser as date_parser

from .exceptions import CorpusError

__all__ = [
    "Article",
    "Corpus",
    "Skipped",
    "decode_bytes",
    "detect_language",
    "iter_corpus",
    "load_corpus",
    "no_article_message",
    "normalize_text",
    "parse_published",
    "split_front_matter",
]

TEXT_SUFFIXES = (".txt", ".md")
TABLE_SUFFIXES = (".csv", ".jsonl")
METADATA_FILE = "metadata.csv"
METADATA_COLUMNS = ("id", "file", "title", "source", "url", "published", "language")
SUPPORTED_LANGUAGES = ("es", "en")
# Documentation that often sits beside articles in a corpus folder (the seeds have a README).
_DOCUMENTATION = re.compile(r"^(readme|license|licence|changelog)(\.|$)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Article:
    article_id: str
    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: str = ""  # ISO date, possibly partial: "2024-11-14", "2024-08", "2024" or ""
    language: str = ""
    path: str = ""  # where it came from, relative to the corpus root
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()
    sha256: str = field(init=False, repr=False, compare=False)  # of the text; computed once

    def __post_init__(self) -> None:
        object.__setattr__(self, "sha256", hashlib.sha256(self.text.encode("utf-8")).hexdigest())

    @property
    def n_chars(self) -> int:
        return len(self.text)


@dataclass(frozen=True, slots=True)
class Skipped:
    path: str
    reason: str


@dataclass(slots=True)
class Corpus:
    root: str
    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def fingerprint(self) -> str:
        """A hash of the loaded texts and their metadata, independent of load order."""
        return fingerprint(identity(a) for a in self.articles)


def identity(article: Article) -> tuple[str, str, str, str]:
    """What makes an article the same input: id, text hash, publication date, language."""
    return article.article_id, article.sha256, article.published, article.language


def fingerprint(identities: Iterable[tuple[str, ...]]) -> str:
    """One hash for a set of article identities, independent of their order."""
    digest = hashlib.sha256()
    for values in sorted(identities):
        for value in values:
            digest.update(value.encode("utf-8") + b"\0")
    return digest.hexdigest()


# --------------------------------------------------------------------------- pure helpers


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes; return ``(text, encoding)``.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are tried first. Spanish news archives
    are often cp1252 or latin-1: cp1252 is tried next (it maps the curly quotes and dashes
    that latin-1 leaves as control characters), and latin-1, which cannot fail, last.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def normalize_text(text: str) -> str:
    """Unify line endings, drop NULs and compose accents (NFC) so "é" is always one character."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return unicodedata.normalize("NFC", text)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict[str, str], str, str | None]:
    """Split optional YAML front matter from a Markdown/text article.

    Returns ``(metadata, body, warning)``; bad YAML leaves the text untouched and says why.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, None
    try:
        meta = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError as error:
        first_line = str(error).splitlines()[0]
        return {}, text, f"front matter is not valid YAML ({first_line}); kept as text"
    if not isinstance(meta, dict):
        return {}, text, "front matter is not a YAML mapping; kept as text"
    clean = {str(k): "" if v is None else str(v) for k, v in meta.items()}
    return clean, text[match.end() :], None


_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_ISO_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")


def parse_published(value: object) -> tuple[str, str | None]:
    """Normalise a publication date to ISO, keeping its precision.

    ``"2024-11-14"``, ``"2024-8"`` -> ``"2024-08"``, ``"2024"``, ``"2024-11-14T10:00Z"`` ->
    ``"2024-11-14"``, ``"14 Nov 2024"`` -> ``"2024-11-14"``, ``"August 2024"`` -> ``"2024-08"``.
    Returns ``(iso, warning)``; a date that does not parse gives ``("", warning)``.
    """
    raw = "" if value is None else str(value).strip()
    if not raw or raw.lower() in {"nan", "none", "null", "nat"}:
        return "", None
    if match := _ISO_DATETIME.match(raw):
        raw = match.group(1)
    if match := _ISO_PARTIAL.match(raw):
        year, month, day = match.groups()
        try:
            if day:
                return dt.date(int(year), int(month), int(day)).isoformat(), None
            if month:
                return dt.date(int(year), int(month), 1).strftime("%Y-%m"), None
            return f"{int(year):04d}", None
        except ValueError:
            return "", f"published date {raw!r} is not a real date; left empty"
    return _parse_free_date(raw)


def _parse_free_date(raw: str) -> tuple[str, str | None]:
    # Parse twice with different defaults: the fields that change were not in the text, which
    # tells us the precision ("August 2024" is a month, not 2024-08-01).
    try:
        first = date_parser.parse(raw, default=dt.datetime(1900, 1, 1), dayfirst=True)
        second = date_parser.parse(raw, default=dt.datetime(1904, 2, 2), dayfirst=True)
    except (ValueError, OverflowError, TypeError):
        return "", f"published date {raw!r} does not parse; left empty (use YYYY-MM-DD, YYYY-MM or YYYY)"
    if first.year != second.year:
        return "", f"published date {raw!r} has no year; left empty (use YYYY-MM-DD, YYYY-MM or YYYY)"
    if first.month != second.month:
        return f"{first.year:04d}", None
    if first.day != second.day:
        return f"{first.year:04d}-{first.month:02d}", None
    return first.date().isoformat(), None


# Frequent function words: enough to tell news languages apart on a paragraph or more.
_STOPWORDS = {
    "es": "el la los las de del que y en un una por con para es se no su al lo como más pero sus le ya fue ha este esta entre cuando también desde sobre sin",
    "en": "the of and to in a is that for on with as was by it at from his her be are this have has an which but not were they their said will would",
    "pt": "o a os as de do da dos das que e em um uma para com não se por mais como mas foi ao ele das tem à seu sua ou ser quando muito há nos já está também",
    "fr": "le la les de des du et en un une est que qui pour dans pas sur au ce il ne se par plus avec son sa aux ont été cette mais comme",
    "de": "der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch es an als nach wie wird bei hat aus sie er",
    "it": "il di che e la per un una non in sono del della le da si con al dei delle gli nel ha come anche più ma ai questo",
}
_STOPWORD_SETS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str, *, sample: int = 20_000) -> str:
    """Guess the language from function-word frequencies; ``""`` when there is too little text."""
    words = [w.lower() for w in _WORD.findall(text[:sample])]
    if len(words) < 5:
        return ""
    counts = Counter(words)
    scores = {
        lang: sum(counts[w] for w in stopwords) for lang, stopwords in _STOPWORD_SETS.items()
    }
    best = max(scores, key=lambda lang: (scores[lang], lang == "es"))
    return best if scores[best] >= 2 else ""


def _language(declared: str, text: str) -> tuple[str, str | None]:
    declared = declared.strip().lower()
    if declared:
        code = declared.split("-")[0].split("_")[0]
        if re.fullmatch(r"[a-z]{2,3}", code):
            return code, None
        detected = detect_language(text)
        return detected, f"language {declared!r} is not a language code; detected {detected or 'nothing'}"
    detected = detect_language(text)
    if not detected:
        return "", "language not given and the text is too short to detect it"
    return detected, None


def _first_heading(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return ""


def build_article(
    article_id: str, text: str, meta: dict[str, str], *, path: str, encoding: str = "utf-8",
    warnings: tuple[str, ...] = (),
) -> Article:
    """Validate one article's metadata and text into an ``Article`` (pure)."""
    notes = list(warnings)
    text = normalize_text(text)
    published, note = parse_published(meta.get("published", ""))
    if note:
        notes.append(note)
    language, note = _language(meta.get("language", "") or "", text)
    if note:
        notes.append(note)
    if language and language not in SUPPORTED_LANGUAGES:
        notes.append(
            f"language {language!r} is not analysed (supported: {', '.join(SUPPORTED_LANGUAGES)})"
        )
    return Article(
        article_id=article_id,
        text=text,
        title=(meta.get("title") or "").strip() or _first_heading(text),
        source=(meta.get("source") or "").strip(),
        url=(meta.get("url") or "").strip(),
        published=published,
        language=language,
        path=path,
        encoding=encoding,
        warnings=tuple(notes),
    )


def _clean_id(value: object) -> str:
    text = "" if value is None else str(value).strip()
    return "" if text.lower() in {"nan", "none", "null"} else text


# --------------------------------------------------------------------------- readers (I/O)


def load_corpus(path: str | Path) -> Corpus:
    """Load a corpus folder or a single ``.csv``/``.jsonl`` file into memory.

    Raises ``CorpusError`` when the path does not exist or is not a corpus; bad individual
    inputs never raise: they become warnings or ``Skipped`` rows.
    """
    corpus = Corpus(root=str(path))
    for item in iter_corpus(path):
        (corpus.articles if isinstance(item, Article) else corpus.skipped).append(item)
    return corpus


def no_article_message(corpus_path: str | Path, corpus: Corpus) -> str:
    """The one line said when a corpus yields no article: how many inputs were skipped, and why
    the first one was."""
    reason = f"; first skipped: {corpus.skipped[0].path}: {corpus.skipped[0].reason}" if corpus.skipped else ""
    return f"no article could be loaded from {str(corpus_path)!r} ({len(corpus.skipped)} inputs skipped{reason})"


def iter_corpus(path: str | Path) -> Iterator[Article | Skipped]:
    """The corpus as a stream of ``Article`` and ``Skipped`` records, one input at a time.

    Memory stays flat however large the corpus: only the ids and text hashes seen so far are
    kept, to recognise duplicates. The path is checked now; ``CorpusError`` is raised here,
    not on the first item.
    """
    root = Path(path)
    if not root.exists():
        raise CorpusError(f"corpus path {str(root)!r} does not exist")
    if root.is_dir():
        metadata, problems = _read_metadata(root)
        records = _iter_folder(root, metadata, problems)
    elif root.suffix.lower() in TABLE_SUFFIXES:
        records = _iter_table_file(root, _read_table_text(root))
    elif root.suffix.lower() in TEXT_SUFFIXES:
        records = _iter_folder(root.parent, {}, [], only=root.name)
    else:
        raise CorpusError(
            f"{str(root)!r} is not a corpus: give a folder of .txt/.md files or a .csv/.jsonl file"
        )
    return _without_duplicates(records)


def _read_bytes(path: Path) -> tuple[bytes | None, str | None]:
    try:
        return path.read_bytes(), None
    except OSError as error:
        return None, f"unreadable: {error.strerror or error}"


def _iter_folder(
    root: Path, metadata: dict[str, dict[str, str]], problems: list[Skipped], only: str | None = None
) -> Iterator[Article | Skipped]:
    yield from problems
    files = sorted(
        p for p in root.rglob("*")
        if p.suffix.lower() in TEXT_SUFFIXES and (only is None or p.name == only)
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )
    listed = {row["file"] for row in metadata.values()}
    seen_files: set[str] = set()
    for file in files:
        rel = file.relative_to(root).as_posix()
        seen_files.add(rel)
        row = metadata.get(rel)
        if row is None and metadata and _DOCUMENTATION.match(file.name):
            yield Skipped(rel, "documentation file, not listed in metadata.csv")
            continue
        yield _text_file_record(file, rel, row, has_metadata=bool(metadata))
    for rel in sorted(listed - seen_files):
        line = metadata[rel]["_line"]
        yield Skipped(rel, f"listed in metadata.csv line {line} but the file does not exist")


def _text_file_record(file: Path, rel: str, row: dict[str, str] | None, *, has_metadata: bool) -> Article | Skipped:
    if file.is_dir():
        return Skipped(rel, "is a folder, not a file")
    data, problem = _read_bytes(file)
    if data is None:
        return Skipped(rel, problem or "unreadable")
    text, encoding = decode_bytes(data)
    warnings: list[str] = []
    if encoding not in ("utf-8", "utf-8-sig"):
        warnings.append(f"not UTF-8: decoded as {encoding}")
    if "\ufffd" in text:
        warnings.append("contains undecodable bytes, replaced with U+FFFD")
    front, body, note = split_front_matter(normalize_text(text))
    if note:
        warnings.append(note)
    if not body.strip():
        return Skipped(rel, "empty file (no text after front matter)")
    meta = {**front, **{k: v for k, v in (row or {}).items() if v and not k.startswith("_")}}
    if has_metadata and row is None:
        warnings.append("no row in metadata.csv; id taken from the file name")
    article_id = _clean_id(meta.get("id")) or file.stem
    return build_article(article_id, body, meta, path=rel, encoding=encoding, warnings=tuple(warnings))


def _read_metadata(root: Path) -> tuple[dict[str, dict[str, str]], list[Skipped]]:
    path = root / METADATA_FILE
    if not path.exists():
        return {}, []
    data, problem = _read_bytes(path)
    if data is None:
        raise CorpusError(f"{path}: {problem}")
    text, _ = decode_bytes(data)
    reader = csv.DictReader(io.StringIO(normalize_text(text)))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    if "file" not in columns:
        raise CorpusError(
            f"{path}: no 'file' column (found: {', '.join(columns) or 'nothing'}); "
            f"the header must be {','.join(METADATA_COLUMNS)}"
        )
    rows: dict[str, dict[str, str]] = {}
    problems: list[Skipped] = []
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if isinstance(v, str)}
        file = row.get("file", "")
        if not file:
            problems.append(Skipped(f"{METADATA_FILE}:{line}", "metadata row without a file name"))
            continue
        if file in rows:
            problems.append(
                Skipped(f"{METADATA_FILE}:{line}", f"second metadata row for {file!r}; the first is kept")
            )
            continue
        rows[file] = {**row, "_line": str(line)}
    return rows, problems


def _read_table_text(path: Path) -> tuple[str, str]:
    data, problem = _read_bytes(path)
    if data is None:
        raise CorpusError(f"{path}: {problem}")
    text, encoding = decode_bytes(data)
    if path.suffix.lower() == ".csv":
        csv.field_size_limit(1 << 30)
        try:
            header = next(csv.reader(io.StringIO(normalize_text(text).split("\n", 1)[0])), [])
        except csv.Error as error:
            raise CorpusError(f"{path}: the header line is not valid CSV ({error})") from None
        if "text" not in [c.strip() for c in header]:
            raise CorpusError(f"{path}: no 'text' column; a table corpus needs one row per article with a 'text' column")
    return text, encoding


def _iter_table_file(path: Path, decoded: tuple[str, str]) -> Iterator[Article | Skipped]:
    text, encoding = decoded
    warnings = (f"not UTF-8: decoded as {encoding}",) if encoding not in ("utf-8", "utf-8-sig") else ()
    records = _csv_records(path, text) if path.suffix.lower() == ".csv" else _jsonl_records(path, text)
    for where, record in records:
        if isinstance(record, Skipped):
            yield record
            continue
        body = record.get("text", "")
        if not body.strip():
            yield Skipped(where, "no text")
            continue
        article_id = _clean_id(record.get("id")) or where.replace(":", "-")
        meta = {k: v for k, v in record.items() if k != "text"}
        yield build_article(article_id, body, meta, path=where, encoding=encoding, warnings=warnings)


def _csv_records(path: Path, text: str):
    csv.field_size_limit(1 << 30)
    reader = csv.DictReader(io.StringIO(normalize_text(text)))
    if "text" not in [c.strip() for c in (reader.fieldnames or [])]:
        raise CorpusError(f"{path}: no 'text' column; a table corpus needs one row per article with a 'text' column")
    try:
        for raw in reader:
            row = {(k or "").strip(): v if isinstance(v, str) else "" for k, v in raw.items()}
            yield f"{path.name}:{reader.line_num}", row
    except csv.Error as error:
        yield path.name, Skipped(f"{path.name}:{reader.line_num}", f"CSV error: {error}; rest of file not read")


def _jsonl_records(path: Path, text: str):
    for line_number, line in enumerate(normalize_text(text).split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path.name}:{line_number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield where, Skipped(where, f"not valid JSON ({error.msg})")
            continue
        if not isinstance(record, dict):
            yield where, Skipped(where, "not a JSON object")
            continue
        if not isinstance(record.get("text"), str):
            yield where, Skipped(where, "no 'text' string field")
            continue
        yield where, {str(k): "" if v is None else str(v) for k, v in record.items()}


def _without_duplicates(records: Iterable[Article | Skipped]) -> Iterator[Article | Skipped]:
    """Pass records through, turning a repeated id or a repeated text into a ``Skipped``."""
    first_by_id: dict[str, str] = {}
    first_by_hash: dict[str, tuple[str, str]] = {}
    for record in records:
        if isinstance(record, Skipped):
            yield record
            continue
        if record.article_id in first_by_id:
            yield Skipped(
                record.path,
                f"duplicate id {record.article_id!r} (first loaded from {first_by_id[record.article_id]}); give it a unique id",
            )
            continue
        digest = record.sha256
        if digest in first_by_hash:
            first_id, first_path = first_by_hash[digest]
            yield Skipped(record.path, f"same text as article {first_id!r} ({first_path})")
            continue
        first_by_id[record.article_id] = record.path
        first_by_hash[digest] = (record.article_id, record.path)
        yield record
