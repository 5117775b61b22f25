"""The tables of DESIGN.md: their columns, and reading and writing them.

Offsets in every table are Python string indices into the article's text, so
``text[start:end] == surface`` holds for every row that has them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["COLUMNS", "read_tables", "to_frame", "write_tables"]

# Column order is part of the contract: other tools read these files. New columns go at the end.
COLUMNS: dict[str, list[str]] = {
    "articles": [
        "article_id", "title", "source", "url", "published", "language", "n_chars", "sha256",
        "path", "encoding", "warnings",
    ],
    "skipped": ["path", "reason"],
    "mentions": [
        "article_id", "sentence", "start", "end", "surface", "actor_id", "actor_name", "actor_type",
        "method", "affiliation",
    ],
    "stances": [
        "article_id", "sentence", "holder_id", "holder_name", "target_id", "target_name", "polarity",
        "score", "cue", "evidence", "kind", "quad_class", "quote",
    ],
    "tones": ["article_id", "sentence", "tone"],
    "timexes": [
        "article_id", "sentence", "start", "end", "surface", "type", "value", "date_start", "date_end", "mod",
    ],
    "events": [
        "article_id", "sentence", "date_start", "date_end", "actor_ids", "text", "value", "timex", "actor_names",
    ],
    "actors": ["id", "name", "type", "affiliation", "sector", "aliases"],
    "candidates": ["candidate", "label", "count", "articles", "example", "method"],
}

# Columns that hold identifiers or codes: always read as text ("010" stays "010", "2024" stays
# a string, an empty cell stays "").
_TEXT_DTYPE = "object"


def to_frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """Rows (dicts) to a DataFrame with the table's columns in contract order."""
    columns = COLUMNS[name]
    frame = pd.DataFrame(rows, columns=columns if rows else None)
    if not rows:
        frame = pd.DataFrame({column: pd.Series(dtype=_TEXT_DTYPE) for column in columns})
    extra = [c for c in frame.columns if c not in columns]
    return frame[columns + extra]


def write_tables(tables: dict[str, pd.DataFrame], out_dir: str | Path) -> list[Path]:
    """Write each table as ``<name>.csv`` (UTF-8, no index); return the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        path = out / f"{name}.csv"
        frame.to_csv(path, index=False, encoding="utf-8")
        written.append(path)
    return written


def read_tables(tables_dir: str | Path, names: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """Read the tables written by ``extract``; text columns stay text, numbers become numbers."""
    folder = Path(tables_dir)
    if (folder / "parquet").is_dir():  # written by the Dask engine: faster to read than CSV
        from .distributed import read_parquet_tables

        return read_parquet_tables(folder, names)
    result = {}
    for name in names or list(COLUMNS):
        path = folder / f"{name}.csv"
        if not path.exists():
            raise FileNotFoundError(
                f"{path} does not exist; run `python -m analysis extract CORPUS --out {folder}` first"
            )
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        result[name] = _restore_numbers(frame)
        if "quote" in frame.columns:
            frame["quote"] = frame["quote"].eq("True")
    return result


_NUMERIC = {"n_chars", "sentence", "start", "end", "score", "count", "articles", "aliases", "tone"}


_FLOAT = {"score", "tone"}


def _restore_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    for column in _NUMERIC & set(frame.columns):
        frame[column] = pd.to_numeric(frame[column])
        if column in _FLOAT:  # an empty table would otherwise read as integers
            frame[column] = frame[column].astype("float64")
    return frame
