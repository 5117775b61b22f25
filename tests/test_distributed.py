"""The Dask engine gives the local engine's tables, and a Parquet dataset that reads back as them."""

from __future__ import annotations

import csv
import dataclasses
import socket
from pathlib import Path

import pytest
from pandas.testing import assert_frame_equal

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")

from analysis.corpus import Corpus, build_article, load_corpus  # noqa: E402
from analysis.distributed import extract_distributed, read_parquet_tables  # noqa: E402
from analysis.exceptions import AnalysisError  # noqa: E402
from analysis.extract import TABLES, extract_corpus, load_resources  # noqa: E402
from analysis.tables import read_tables, write_tables  # noqa: E402
from analysis.text import split_sentences  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
N_SYNTHETIC = 40
PARTITION_SIZE = 8


@pytest.fixture(scope="module")
def resources():
    return load_resources(use_spacy=False)


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local_cluster:
        yield local_cluster


def synthetic_corpus(folder: Path) -> Path:
    """40 articles cut from the seed sentences, with every kind of metadata, and two bad inputs."""
    sentences = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences += [text[start:end] for start, end in split_sentences(text)]
    published = ["2024-11-14", "2024-08", "2024", "", "14/11/2024"]
    rows = []
    for i in range(N_SYNTHETIC):
        chosen = [sentences[(i * 7 + k) % len(sentences)] for k in range(6 + i % 9)]
        (folder / f"{i:03d}.txt").write_text("\n".join(chosen) + "\n", encoding="utf-8")
        language = "fr" if i % 13 == 5 else ("" if i % 11 == 3 else "es")  # not analysed; detected
        rows.append([f"synthetic-{i:02d}", f"{i:03d}.txt", f"Artículo {i}", "Seeds", "", published[i % 5], language])
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "copy.txt").write_text((folder / "000.txt").read_text(encoding="utf-8"), encoding="utf-8")
    rows += [["empty", "empty.txt", "", "", "", "", ""], ["copy", "copy.txt", "", "", "", "", ""]]
    with open(folder / "metadata.csv", "w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows([["id", "file", "title", "source", "url", "published", "language"], *rows])
    return folder


def run_both(corpus_path: Path, out: Path, resources, **engine) -> tuple[Path, Path, dict, dict]:
    corpus = load_corpus(corpus_path)
    local_dir, dask_dir = out / "local", out / "dask"
    local_tables = extract_corpus(corpus, resources)
    dask_tables = extract_distributed(corpus, resources, dask_dir, **engine)
    write_tables(local_tables, local_dir)
    write_tables(dask_tables, dask_dir)
    return local_dir, dask_dir, local_tables, dask_tables


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory, resources):
    # No address: the engine starts its own LocalCluster of 2 workers, as `extract --engine dask` does.
    out = tmp_path_factory.mktemp("seeds")
    return run_both(SEEDS, out, resources, n_workers=2, partition_size=1)


@pytest.fixture(scope="module")
def synthetic_run(tmp_path_factory, resources, cluster):
    out = tmp_path_factory.mktemp("synthetic")
    corpus = synthetic_corpus(tmp_path_factory.mktemp("corpus"))
    return run_both(corpus, out, resources, scheduler=cluster.scheduler_address, partition_size=PARTITION_SIZE)


@pytest.fixture(params=["seeds", "synthetic"])
def run(request):
    return request.getfixturevalue(f"{request.param}_run")


def test_tables_equal_the_local_engine_in_memory(run):
    _, _, local_tables, dask_tables = run
    assert list(dask_tables) == list(local_tables)
    for name in local_tables:
        assert_frame_equal(dask_tables[name], local_tables[name], obj=name)


def test_csv_files_are_byte_identical_and_read_back_equal(run):
    local_dir, dask_dir, _, _ = run
    csv_names = sorted(p.name for p in local_dir.glob("*.csv"))
    assert csv_names == sorted(p.name for p in dask_dir.glob("*.csv"))
    for name in csv_names:
        assert (dask_dir / name).read_bytes() == (local_dir / name).read_bytes(), name
    local_read, dask_read = read_tables(local_dir), read_tables(dask_dir)
    for name in local_read:
        assert_frame_equal(dask_read[name], local_read[name], obj=name)


def test_parquet_reads_back_as_the_csv_tables(run):
    _, dask_dir, _, _ = run
    from_csv, from_parquet = read_tables(dask_dir), read_parquet_tables(dask_dir)
    assert list(from_parquet) == list(from_csv)
    for name in from_csv:
        assert_frame_equal(from_parquet[name], from_csv[name], obj=name)


def test_the_synthetic_corpus_covers_the_edge_cases(synthetic_run):
    _, _, local_tables, _ = synthetic_run
    articles = local_tables["articles"]
    assert len(articles) == N_SYNTHETIC
    assert set(local_tables["skipped"]["path"]) == {"empty.txt", "copy.txt"}
    assert "fr" in set(articles["language"])  # an article that is loaded but not analysed
    assert set(local_tables["mentions"]["article_id"]) > {"synthetic-00", "synthetic-39"}
    assert all(len(local_tables[name]) for name in TABLES)


def test_the_dataset_is_partitioned_like_the_articles(synthetic_run):
    _, dask_dir, _, _ = synthetic_run
    parquet = dask_dir / "parquet"
    assert sorted(p.name for p in parquet.iterdir()) == sorted([*TABLES, "candidates", "skipped", "actors"])
    n_parts = N_SYNTHETIC // PARTITION_SIZE
    for name in TABLES:
        assert [p.name for p in sorted((parquet / name).iterdir())] == [f"part-{i:05d}.parquet" for i in range(n_parts)]
    for name in ("candidates", "skipped", "actors"):
        assert [p.name for p in (parquet / name).iterdir()] == ["part-00000.parquet"]
    assert not (dask_dir / "parquet.partial").exists()


# dask's own reader still calls reset_index(inplace=True), which pandas 3.1 deprecates.
@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.reset_index")
def test_dask_dataframe_reads_the_dataset(synthetic_run):
    dd = pytest.importorskip("dask.dataframe")
    _, dask_dir, _, _ = synthetic_run
    mentions = read_parquet_tables(dask_dir, ["mentions"])["mentions"]
    frame = dd.read_parquet(dask_dir / "parquet" / "mentions").compute().reset_index(drop=True)
    assert_frame_equal(frame, mentions, check_dtype=False)


def test_empty_tables_read_back_alike(tmp_path, resources, cluster):
    french = build_article("fr-1", "Bonjour à tous, ceci est un article en français.", {"language": "fr"}, path="fr-1.txt")
    tables = extract_distributed(Corpus("x", [french]), resources, tmp_path, scheduler=cluster.scheduler_address)
    assert tables["stances"].empty and tables["tones"].empty
    write_tables(tables, tmp_path)
    from_csv, from_parquet = read_tables(tmp_path), read_parquet_tables(tmp_path)
    for name in from_csv:
        assert_frame_equal(from_parquet[name], from_csv[name], obj=name)


def test_a_worker_with_other_resources_stops_the_run(tmp_path, resources, cluster):
    other = dataclasses.replace(resources, fingerprints={**resources.fingerprints, "stance": "another lexicon"})
    corpus = load_corpus(SEEDS)
    with pytest.raises(AnalysisError, match=r"other code or resources .*steps stance.* same version"):
        extract_distributed(corpus, other, tmp_path, scheduler=cluster.scheduler_address)
    assert not (tmp_path / "parquet").exists() and not (tmp_path / "parquet.partial").exists()


def test_an_unreachable_scheduler_is_one_clear_error(tmp_path, resources):
    with socket.socket() as probe:  # a free port on this machine: nothing listens there
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        with pytest.raises(AnalysisError, match=f"could not reach the Dask scheduler at '{address}'"):
            extract_distributed(load_corpus(SEEDS), resources, tmp_path, scheduler=address)
