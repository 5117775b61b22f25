"""The tables of DESIGN.md: their columns, and reading and writing them.

Offsets in every table are Python string indices into the article's text, so
``text[start:end] == surface`` holds for every row that has them.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from .schema import COLUMNS

__all__ = [
    "COLUMNS", "PARQUET_DIR", "read_parquet_tables", "read_tables", "to_frame", "write_parquet_part",
    "write_parquet_tables", "write_tables",
]

_TEXT_DTYPE = "object"  # the columns of a table built from no row


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
    """Read the tables written by ``extract``; text columns stay text, numbers become numbers.

    The Parquet copy in ``<tables_dir>/parquet`` is read when it is there (the Dask engine and
    ``report`` write it): the same frames, several times faster than parsing the CSV files.
    """
    folder = Path(tables_dir)
    if (folder / PARQUET_DIR).is_dir():
        return read_parquet_tables(folder, names)
    result = {}
    for name in names or list(COLUMNS):
        path = folder / f"{name}.csv"
        if not path.exists():
            raise FileNotFoundError(
                f"{path} does not exist; run `python -m analysis extract CORPUS --out {folder}` first"
            )
        result[name] = _read_csv(path)
    return result


PARQUET_DIR = "parquet"

# Columns that are not text; every other column is read as text ("010" stays "010", "2024"
# stays a string, an empty cell stays ""). Declared rather than inferred, so that a column
# reads the same whatever its values, an empty table included.
ARROW_TYPES = {
    "n_chars": pa.int64(), "sentence": pa.int64(), "start": pa.int64(), "end": pa.int64(),
    "count": pa.int64(), "articles": pa.int64(), "aliases": pa.int64(),
    "score": pa.float64(), "tone": pa.float64(), "quote": pa.bool_(),
}


def _read_csv(path: Path) -> pd.DataFrame:
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle), [])
    # "quote" is written as True/False: read as text, then compared, as it was written.
    types = {column: ARROW_TYPES.get(column, pa.string()) for column in header if column != "quote"}
    table = pa_csv.read_csv(
        path,
        # Blocks large enough that no row (a long evidence sentence) straddles two of them.
        read_options=pa_csv.ReadOptions(block_size=1 << 24),
        parse_options=pa_csv.ParseOptions(newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(
            column_types={**types, "quote": pa.string()} if "quote" in header else types,
            strings_can_be_null=False, quoted_strings_can_be_null=False,
        ),
    )
    frame = table.to_pandas()
    if "quote" in frame.columns:
        frame["quote"] = frame["quote"].eq("True").astype(bool)
    return frame


def read_parquet_tables(tables_dir: str | Path, names: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """Read ``<tables_dir>/parquet/<name>/part-*.parquet`` (written by ``report`` or the Dask
    engine) into the same frames that ``read_tables`` gives for the CSV files."""
    root = Path(tables_dir) / PARQUET_DIR
    result = {}
    for name in names or list(COLUMNS):
        parts = sorted((root / name).glob("part-*.parquet"))
        if not parts:
            raise FileNotFoundError(
                f"{root / name} holds no part-*.parquet file; remove {root} to read the CSV files, "
                "or write the tables again"
            )
        frame = pa.concat_tables([pq.read_table(part) for part in parts]).to_pandas()
        text = [column for column in frame.columns if column not in ARROW_TYPES]
        frame[text] = frame[text].fillna("")  # an empty cell is "", as in the CSV files
        result[name] = frame
    return result


def write_parquet_part(frame: pd.DataFrame, path: Path) -> None:
    """Write one part of a table's dataset, with the declared column types, so that every part
    of a table has the same schema, even a part whose column happens to be empty."""
    schema = pa.schema([(column, ARROW_TYPES.get(column, pa.string())) for column in frame.columns])
    table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Without the pandas metadata of the first part, the dtypes on reading come from the schema.
    pq.write_table(table.replace_schema_metadata(None), path)


def write_parquet_tables(tables: dict[str, pd.DataFrame], tables_dir: str | Path) -> Path:
    """Write a Parquet copy of the tables beside their CSV files: ``<tables_dir>/parquet/<name>/
    part-00000.parquet``, the layout of the Dask engine, which ``read_tables`` then prefers.

    The copy is written aside and moved into place at the end, so a run that stops halfway
    never leaves a partial copy that would be read instead of the CSV files.
    """
    root = Path(tables_dir) / PARQUET_DIR
    partial = root.with_name(PARQUET_DIR + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    for name, frame in tables.items():
        write_parquet_part(frame, partial / name / "part-00000.parquet")
    shutil.rmtree(root, ignore_errors=True)
    partial.rename(root)
    return root
