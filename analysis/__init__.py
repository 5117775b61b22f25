"""Actors, stances and timelines in Spanish and English news.

``load_tables`` is the notebooks' entry point: the tables written by ``extract``, or computed
in memory from a corpus when no tables folder is given.
"""

from __future__ import annotations

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("news-actors-analysis")
except _metadata.PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__", "load_tables"]


def load_tables(corpus: str = "", tables: str = "", *, actors: str = "", replace_actors: bool = False) -> dict:
    """The DESIGN.md tables as DataFrames.

    Read from ``tables`` (a folder written by ``extract``) when given; else extracted now from
    ``corpus``, with ``actors`` (a YAML file) added to the default dictionary or replacing it.
    """
    if tables:
        from .tables import read_tables

        return read_tables(tables)
    from .corpus import load_corpus
    from .extract import extract_corpus, load_resources

    resources = load_resources([actors] if actors else [], replace_actors=replace_actors)
    return extract_corpus(load_corpus(corpus), resources)
