"""The Dask engine: the same pure per-article extraction, on a cluster of machines.

Articles travel to the workers in partitions of consecutive articles; each worker loads the
resources once (from the small ``ResourceSpec``) and returns every article's rows. The client
(the machine that runs ``extract``) takes the partitions back in input order, writes each as one
part of a Parquet dataset, and assembles the same tables as the local engine. Workers therefore
need no shared file system, but they do need the same version of this project and its ``data/``:
each partition carries the worker's resource fingerprints, and a worker that differs stops the
run rather than silently producing other tables.

The dataset, one folder per table::

    OUT/parquet/mentions/part-00000.parquet   articles 0 .. partition_size - 1
    OUT/parquet/mentions/part-00001.parquet   the next partition, ...
    OUT/parquet/candidates/part-00000.parquet corpus-wide tables have one part

``tables.read_tables`` reads it back (it prefers the dataset to the CSV files when both are there).
"""

from __future__ import annotations

import dataclasses
import functools
import os
import shutil
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from .corpus import Article, Corpus
from .exceptions import AnalysisError
from .extract import TABLES, Resources, ResourceSpec, assemble_tables, extract_article, resources_from_spec
from .tables import PARQUET_DIR, read_parquet_tables, to_frame, write_parquet_part

__all__ = ["assemble_tables", "extract_distributed", "read_parquet_tables"]

# --------------------------------------------------------------------------- on the workers


@functools.lru_cache(maxsize=4)
def _worker_resources(spec: ResourceSpec) -> Resources:
    return resources_from_spec(spec)


def _extract_partition(
    articles: list[Article], spec: ResourceSpec
) -> tuple[dict[str, str], list[dict[str, list[dict]]]]:
    """Runs on a worker: the resource fingerprints, and each article's rows by table."""
    resources = _worker_resources(spec)
    return resources.fingerprints, [extract_article(article, resources)[0] for article in articles]


# --------------------------------------------------------------------------- on the client


def extract_distributed(
    corpus: Corpus,
    resources: Resources,
    out_dir: str | Path,
    *,
    scheduler: str | None = None,
    n_workers: int | None = None,
    partition_size: int = 500,
    progress: bool = False,
) -> dict[str, pd.DataFrame]:
    """Extract on a Dask cluster, write ``out_dir/parquet/`` and return the tables.

    ``scheduler`` is the address of a running scheduler (``tcp://host:8786``); without it a
    ``LocalCluster`` of ``n_workers`` processes (default: one per core) runs on this machine.
    The tables are the local engine's, row for row; writing the CSV files is the caller's.
    """
    # Workers decide nothing on their own: spaCy is used or not as it is here.
    spec = dataclasses.replace(resources.spec, use_spacy=resources.use_spacy)
    articles = corpus.articles
    # An empty corpus still gets one (empty) part per table, so that the dataset reads back.
    partitions = [articles[i:i + partition_size] for i in range(0, len(articles), partition_size)] or [[]]
    out = Path(out_dir)
    partial = out / f"{PARQUET_DIR}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    bar = tqdm(total=len(articles), desc="extract (dask)", unit="article", disable=not progress)
    try:
        with _client(scheduler, n_workers) as client, bar:
            results = _in_order(client, partitions, spec)
            extracted = _written_partitions(results, partial, resources.fingerprints, bar)
            tables = assemble_tables(extracted, corpus, resources)
        for name in ("candidates", "skipped", "actors"):
            write_parquet_part(tables[name], partial / name / "part-00000.parquet")
        # Swap the finished dataset in: a failed run never leaves a half dataset in OUT/parquet.
        shutil.rmtree(out / PARQUET_DIR, ignore_errors=True)
        partial.rename(out / PARQUET_DIR)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return tables


@contextmanager
def _client(address: str | None, n_workers: int | None) -> Iterator:
    """A client of the scheduler at ``address``, or of a LocalCluster started (and stopped) here."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise AnalysisError(
            f"the dask engine needs dask and distributed ({error}); install them with "
            "`pip install 'news-actors-analysis[dask]'` or use --engine local"
        ) from None
    with ExitStack() as stack:
        if address is None:
            cluster = stack.enter_context(LocalCluster(
                n_workers=n_workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                dashboard_address=None,
            ))
            address = cluster.scheduler_address
        try:
            client = stack.enter_context(Client(address))
        except (OSError, TimeoutError) as error:
            raise AnalysisError(
                f"could not reach the Dask scheduler at {address!r} ({error}); start one with "
                "`dask scheduler` and workers with `dask worker ADDRESS`, or leave out --scheduler "
                "to run on this machine"
            ) from None
        yield client


def _in_order(client, partitions: list[list[Article]], spec: ResourceSpec) -> Iterator[tuple[dict, list]]:
    """Each partition's result, in input order, with a bounded number of partitions in flight.

    The bound keeps the cluster's memory flat: results wait on the workers only until the
    client has taken the ones before them.
    """
    in_flight = 2 * max(1, sum(client.nthreads().values()))
    pending: deque = deque()
    for partition in partitions:
        # pure=False: no need to hash the articles to name the task.
        pending.append(client.submit(_extract_partition, partition, spec, pure=False))
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _written_partitions(results, parquet_dir: Path, fingerprints: dict, bar) -> Iterator[dict[str, list[dict]]]:
    """Every article's rows, after writing each partition as a part of the dataset."""
    for index, (worker_fingerprints, extracted) in enumerate(results):
        if worker_fingerprints != fingerprints:
            changed = sorted(step for step in fingerprints if worker_fingerprints.get(step) != fingerprints[step])
            raise AnalysisError(
                f"a Dask worker runs other code or resources than this machine (steps {', '.join(changed)}); "
                "install the same version of news-actors-analysis and its data/ on every worker"
            )
        for name in TABLES:  # the per-article tables; the corpus-wide ones are written at the end
            rows = [row for article_rows in extracted for row in article_rows.get(name, [])]
            write_parquet_part(to_frame(name, rows), parquet_dir / name / f"part-{index:05d}.parquet")
        bar.update(len(extracted))
        yield from extracted
