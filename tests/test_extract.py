"""Extraction over a corpus: the tables, the step cache, and the process pool."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.cache import StepCache
from analysis.corpus import load_corpus
from analysis.extract import STEPS, extract_corpus, load_resources
from analysis.stance import DEFAULT_LEXICON

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def resources():
    return load_resources(use_spacy=False)


@pytest.fixture()
def corpus_dir(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


def test_offsets_hold_in_every_table(resources):
    corpus = load_corpus(SEEDS)
    tables = extract_corpus(corpus, resources)
    texts = {a.article_id: a.text for a in corpus.articles}
    for name in ("mentions", "timexes"):
        for row in tables[name].itertuples():
            assert texts[row.article_id][row.start:row.end] == row.surface


def test_events_are_dated_sentences_with_actors(resources):
    tables = extract_corpus(load_corpus(SEEDS), resources)
    events = tables["events"]
    assert (events["date_start"] != "").all() and (events["actor_ids"] != "").all()
    first = events[events["timex"] == "el jueves"].iloc[0]
    assert first["date_start"] == "2024-11-14" and "mark-rutte" in first["actor_ids"].split(";")


def test_cache_reuses_steps_and_new_articles_pay_only_for_themselves(tmp_path, corpus_dir, resources):
    cache = StepCache(tmp_path / "cache.sqlite")
    first = extract_corpus(load_corpus(corpus_dir), resources, cache=cache)
    assert (cache.hits, cache.misses) == (0, 2 * len(STEPS))
    cache.hits = cache.misses = 0
    again = extract_corpus(load_corpus(corpus_dir), resources, cache=cache)
    assert (cache.hits, cache.misses) == (2 * len(STEPS), 0)
    for name in first:
        pd.testing.assert_frame_equal(first[name], again[name])
    (corpus_dir / "new.txt").write_text("Rusia y China firmaron un acuerdo el lunes.", encoding="utf-8")
    cache.hits = cache.misses = 0
    extract_corpus(load_corpus(corpus_dir), resources, cache=cache)
    assert (cache.hits, cache.misses) == (2 * len(STEPS), len(STEPS))


def test_a_changed_lexicon_invalidates_only_the_stance_step(tmp_path, corpus_dir, resources):
    cache = StepCache(tmp_path / "cache.sqlite")
    extract_corpus(load_corpus(corpus_dir), resources, cache=cache)
    lexicon = tmp_path / "lexicon.yaml"
    lexicon.write_text(Path(DEFAULT_LEXICON).read_text(encoding="utf-8") + "\n# an analyst's edit\n", encoding="utf-8")
    changed = load_resources(use_spacy=False, lexicon=lexicon)
    assert changed.fingerprints["stance"] != resources.fingerprints["stance"]
    assert changed.fingerprints["actors"] == resources.fingerprints["actors"]
    cache.hits = cache.misses = 0
    extract_corpus(load_corpus(corpus_dir), changed, cache=cache)
    assert (cache.hits, cache.misses) == (2 * 2, 2 * 1)  # actors and timeline reused, stance redone


def test_a_changed_dictionary_invalidates_actors_and_stance(tmp_path, corpus_dir, resources):
    cache = StepCache(tmp_path / "cache.sqlite")
    extract_corpus(load_corpus(corpus_dir), resources, cache=cache)
    extra = tmp_path / "extra.yaml"
    extra.write_text("actors:\n  - {id: KURSK, name: Kursk, type: country, aliases: {es: [Kursk]}}\n", encoding="utf-8")
    cache.hits = cache.misses = 0
    extract_corpus(load_corpus(corpus_dir), load_resources([extra], use_spacy=False), cache=cache)
    assert (cache.hits, cache.misses) == (2 * 1, 2 * 2)  # only the timeline is reused


def test_the_process_pool_gives_the_same_tables(resources):
    corpus = load_corpus(SEEDS)
    local = extract_corpus(corpus, resources)
    pooled = extract_corpus(corpus, resources, jobs=2)
    for name in local:
        pd.testing.assert_frame_equal(local[name], pooled[name])


class _NoPool:
    def __init__(self, *args, **kwargs):
        raise AssertionError("a process pool was started")


def test_automatic_jobs_work_in_process_for_a_small_corpus(monkeypatch, resources):
    import analysis.extract as extract

    corpus = load_corpus(SEEDS)
    local = extract_corpus(corpus, resources)
    monkeypatch.setattr(extract, "ProcessPoolExecutor", _NoPool)
    automatic = extract_corpus(corpus, resources, jobs=None)  # 2 articles: not worth a worker
    for name in local:
        pd.testing.assert_frame_equal(local[name], automatic[name])


def test_automatic_jobs_start_one_worker_per_core_for_enough_articles(monkeypatch, resources):
    import analysis.extract as extract

    started = []

    class CountingPool(extract.ProcessPoolExecutor):
        def __init__(self, *args, max_workers, **kwargs):
            started.append(max_workers)
            super().__init__(*args, max_workers=max_workers, **kwargs)

    corpus = load_corpus(SEEDS)
    local = extract_corpus(corpus, resources)
    monkeypatch.setattr(extract, "AUTO_JOBS_MIN_ARTICLES", 2)
    monkeypatch.setattr(extract, "available_cores", lambda: 2)
    monkeypatch.setattr(extract, "ProcessPoolExecutor", CountingPool)
    automatic = extract_corpus(corpus, resources, jobs=None)
    assert started == [2]
    for name in local:
        pd.testing.assert_frame_equal(local[name], automatic[name])


def test_automatic_jobs_do_not_start_workers_for_a_cached_corpus(monkeypatch, tmp_path, resources):
    import analysis.extract as extract

    corpus = load_corpus(SEEDS)
    cache = StepCache(tmp_path / "steps.sqlite")
    first = extract_corpus(corpus, resources, cache=cache)
    monkeypatch.setattr(extract, "AUTO_JOBS_MIN_ARTICLES", 1)
    monkeypatch.setattr(extract, "available_cores", lambda: 2)
    monkeypatch.setattr(extract, "ProcessPoolExecutor", _NoPool)
    again = extract_corpus(corpus, resources, cache=cache, jobs=None)  # nothing left to extract
    for name in first:
        pd.testing.assert_frame_equal(first[name], again[name])


def test_streaming_to_files_gives_the_same_bytes_as_the_tables(tmp_path, resources):
    from analysis.corpus import iter_corpus
    from analysis.extract import extract_to_dir
    from analysis.tables import write_tables

    corpus_dir = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus_dir)
    sentences = [s for a in load_corpus(SEEDS).articles for s in a.text.split(". ")]
    for i in range(7):  # more articles than a chunk, so several chunks are appended
        (corpus_dir / f"extra{i}.txt").write_text(". ".join(sentences[i::7]), encoding="utf-8")
    write_tables(extract_corpus(load_corpus(corpus_dir), resources), tmp_path / "whole")
    summary = extract_to_dir(iter_corpus(corpus_dir), resources, tmp_path / "streamed", chunk=3)
    assert summary["articles"] == 9 and summary["skipped"] == 1
    assert summary["fingerprint"] == load_corpus(corpus_dir).fingerprint()
    names = sorted(p.name for p in (tmp_path / "whole").glob("*.csv"))
    assert names == sorted(p.name for p in (tmp_path / "streamed").glob("*.csv"))
    for name in names:
        assert (tmp_path / "whole" / name).read_bytes() == (tmp_path / "streamed" / name).read_bytes(), name


def test_a_rerun_over_an_unchanged_corpus_copies_cached_rows_without_loading_resources(tmp_path, corpus_dir):
    from analysis.corpus import iter_corpus
    from analysis.extract import extract_to_dir

    out = tmp_path / "tables"
    with StepCache(tmp_path / "cache.sqlite") as cache:
        extract_to_dir(iter_corpus(corpus_dir), load_resources(use_spacy=False, lazy=True), out, cache=cache)
    first = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    lazy = load_resources(use_spacy=False, lazy=True)
    with StepCache(tmp_path / "cache.sqlite") as cache:
        extract_to_dir(iter_corpus(corpus_dir), lazy, out, cache=cache)
        assert (cache.hits, cache.misses) == (2 * len(STEPS), 0)
    assert "dictionary" not in vars(lazy) and "lexicon" not in vars(lazy)  # never needed
    assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == first


def test_a_failed_run_leaves_the_previous_tables_in_place(tmp_path, corpus_dir):
    from analysis.corpus import iter_corpus
    from analysis.exceptions import AnalysisError
    from analysis.extract import extract_to_dir

    out = tmp_path / "tables"
    extract_to_dir(iter_corpus(corpus_dir), load_resources(use_spacy=False), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    broken = tmp_path / "lexicon.yaml"
    broken.write_text("es: [unclosed\n", encoding="utf-8")
    lazy = load_resources(use_spacy=False, lexicon=broken, lazy=True)  # loads on first use
    with pytest.raises(AnalysisError, match="lexicon.yaml"):
        extract_to_dir(iter_corpus(corpus_dir), lazy, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no partial file either


def test_csv_text_writes_what_pandas_writes():
    from analysis.extract import csv_text
    from analysis.tables import to_frame

    rows = [
        {"article_id": "a,1", "sentence": 0, "holder_id": "RUS", "holder_name": 'Rusia "la" Federación',
         "target_id": "UKR", "target_name": "Ucrania\nKiev", "polarity": -1, "score": 0.1 + 0.2, "cue": "atacó",
         "evidence": "«Rusia atacó»; después, nada.", "kind": "attack", "quad_class": "material_conflict", "quote": True},
        {"article_id": "b", "sentence": 12, "holder_id": "", "holder_name": None, "target_id": "X",
         "target_name": "ñandú", "polarity": 1, "score": 1.0, "cue": "", "evidence": " ", "kind": "praise",
         "quad_class": "verbal_cooperation", "quote": False},
    ]
    assert csv_text("stances", rows, header=True) == to_frame("stances", rows).to_csv(index=False)
    assert csv_text("tones", [], header=True) == to_frame("tones", []).to_csv(index=False)


@pytest.mark.parametrize("odd", [
    {"score": float("nan")},  # NaN: an empty cell, as pandas writes it
    {"cue": "nan"},  # the word itself stays
    {"quote": None},
    {"evidence": "nan,\nnan"},
])
def test_csv_text_writes_what_pandas_writes_for_odd_cells(odd):
    from analysis.extract import csv_text
    from analysis.tables import to_frame

    row = {"article_id": "a", "sentence": 3, "holder_id": "RUS", "holder_name": "Rusia", "target_id": "UKR",
           "target_name": "Ucrania", "polarity": "negative", "score": -0.5, "cue": "atacó", "evidence": "Rusia atacó.",
           "kind": "attack", "quad_class": "material_conflict", "quote": False}
    rows = [row, {**row, **odd}, row]
    assert csv_text("stances", rows) == to_frame("stances", rows).to_csv(index=False, header=False)


def test_csv_text_leaves_a_missing_column_empty():
    from analysis.extract import csv_text

    assert csv_text("tones", [{"article_id": "a", "sentence": 1}, {"article_id": "b", "sentence": 2, "tone": 1.5}]) == (
        "a,1,\nb,2,1.5\n"
    )
    assert csv_text("tones", iter([{"article_id": "a", "sentence": 1, "tone": 0.0}])) == "a,1,0.0\n"


def test_the_cache_keeps_several_byte_strings_under_one_key(tmp_path):
    parts = [b"", "línea 1\nlínea 2\n".encode(), b"x" * 10_000, "«comillas» y 3 4\n5".encode()]
    with StepCache(tmp_path / "cache.sqlite") as cache:
        cache.put_parts("k", parts)
        assert cache.get_parts("k") == parts
        assert cache.get_parts("missing") is None
    with StepCache(tmp_path / "cache.sqlite") as cache:  # and after reopening
        assert cache.get_parts("k") == parts


def test_the_extract_command_does_not_import_pandas(tmp_path):
    """pandas and pyarrow take most of a worker's start-up; extraction writes CSV without them."""
    import subprocess
    import sys

    script = (
        "import sys; from analysis.cli import main; "
        f"main(['extract', {str(SEEDS)!r}, '--out', {str(tmp_path / 'tables')!r}, '--quiet', '--discovery', 'heuristic']); "
        "print(sorted({'pandas', 'pyarrow'} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "tables" / "mentions.csv").stat().st_size > 0


def test_the_cache_drops_steps_stored_in_an_older_format(tmp_path):
    import sqlite3

    db = sqlite3.connect(tmp_path / "cache.sqlite")
    db.execute("CREATE TABLE steps_zstd_json (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
    db.execute("CREATE TABLE notes (key TEXT)")  # not the cache's own: left alone
    db.commit()
    db.close()
    with StepCache(tmp_path / "cache.sqlite") as cache:
        cache.put("k", {"rows": [1]})
    tables = sqlite3.connect(tmp_path / "cache.sqlite").execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    names = {name for (name,) in tables}
    assert "steps_zstd_json" not in names and "notes" in names and "parts_zstd" in names
    with StepCache(tmp_path / "cache.sqlite") as cache:
        assert cache.get("k") == {"rows": [1]}


def test_values_encoded_apart_from_the_cache_read_back_the_same(tmp_path):
    from analysis.cache import encode_parts, encode_value

    value = {"mentions": [{"surface": "Corea del Norte", "start": 3, "score": 0.5, "mod": None, "quote": True}],
             "tones": [], "spans": [(0, 12)], "by_sentence": {4: ["PRK"]}}  # exactly as written: tuples, int keys
    parts = [b"a,b\n", b"", "Pyongyang, Mosc\u00fa\n".encode("utf-8")]
    with StepCache(tmp_path / "cache.sqlite") as cache:
        cache.put_encoded("v", encode_value(value))
        cache.put_encoded_parts("p", encode_parts(parts))
        assert cache.get("v") == value and cache.get_parts("p") == parts
