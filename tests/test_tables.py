"""Reading the tables back: from CSV, and from the Parquet copy that `report` writes beside them."""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis.tables import COLUMNS, PARQUET_DIR, read_tables, to_frame, write_parquet_tables, write_tables


def _tables() -> dict[str, pd.DataFrame]:
    tables = {name: to_frame(name, []) for name in COLUMNS}
    tables["articles"] = to_frame("articles", [{
        "article_id": "010", "title": 'Dijo "no",\nluego sí', "source": "", "url": "", "published": "2024",
        "language": "es", "n_chars": 42, "sha256": "ab", "path": "010.txt", "encoding": "utf-8", "warnings": "",
    }])
    tables["stances"] = to_frame("stances", [{
        "article_id": "010", "sentence": 3, "holder_id": "RUS", "holder_name": "Russia", "target_id": "UKR",
        "target_name": "Ukraine", "polarity": "negative", "score": -0.8, "cue": "atacar",
        "evidence": "Rusia atacó, «de nuevo», Ucrania.", "kind": "attack", "quad_class": "material_conflict",
        "quote": True,
    }])
    return tables


@pytest.fixture
def written(tmp_path):
    write_tables(_tables(), tmp_path)
    return tmp_path


def test_csv_keeps_text_as_text_and_numbers_as_numbers(written):
    tables = read_tables(written)
    article = tables["articles"].iloc[0]
    assert article["article_id"] == "010" and article["published"] == "2024" and article["source"] == ""
    assert article["title"] == 'Dijo "no",\nluego sí'  # quotes, comma and a new line survive
    assert article["n_chars"] == 42 and tables["articles"]["n_chars"].dtype == "int64"
    stance = tables["stances"].iloc[0]
    assert stance["score"] == -0.8 and stance["sentence"] == 3 and bool(stance["quote"])
    assert tables["stances"]["quote"].dtype == bool
    assert tables["tones"]["tone"].dtype == "float64" and tables["tones"].empty


def test_csv_reads_only_the_tables_asked_for(written):
    assert list(read_tables(written, ["articles", "skipped"])) == ["articles", "skipped"]


def test_a_missing_table_names_the_command_that_writes_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="analysis extract"):
        read_tables(tmp_path, ["articles"])


def test_the_parquet_copy_reads_back_as_the_csv_files(written):
    from_csv = read_tables(written)
    root = write_parquet_tables(from_csv, written)
    assert root == written / PARQUET_DIR
    assert sorted(p.name for p in root.iterdir()) == sorted(COLUMNS)
    assert not (written / f"{PARQUET_DIR}.partial").exists()
    from_parquet = read_tables(written)  # the copy is preferred once it is there
    assert list(from_parquet) == list(from_csv)
    for name in from_csv:
        assert_frame_equal(from_parquet[name], from_csv[name], obj=name)


def test_writing_the_copy_again_replaces_it(written):
    tables = read_tables(written)
    write_parquet_tables(tables, written)
    write_parquet_tables({**tables, "articles": tables["articles"].iloc[0:0]}, written)
    assert read_tables(written, ["articles"])["articles"].empty
