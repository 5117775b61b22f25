"""Extraction: each article becomes rows of the DESIGN.md tables.

``extract_article`` is a pure function of the article (and, as the analyses land, of the
resources and the package version): it can run in any order, in parallel, and be cached.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from tqdm.auto import tqdm

from .corpus import Article, Corpus, Skipped
from .tables import to_frame

__all__ = ["article_row", "extract_article", "extract_corpus", "skipped_row"]


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


def extract_article(article: Article) -> dict[str, list[dict]]:
    """All table rows for one article."""
    return {"articles": [article_row(article)]}


def extract_corpus(corpus: Corpus, *, progress: bool = False) -> dict[str, pd.DataFrame]:
    """Run ``extract_article`` over the corpus and assemble the tables."""
    rows: dict[str, list[dict]] = {"articles": []}
    articles: Iterable[Article] = corpus.articles
    if progress:
        articles = tqdm(articles, desc="extract", unit="article")
    for article in articles:
        for name, table_rows in extract_article(article).items():
            rows.setdefault(name, []).extend(table_rows)
    tables = {name: to_frame(name, table_rows) for name, table_rows in rows.items()}
    tables["skipped"] = to_frame("skipped", [skipped_row(s) for s in corpus.skipped])
    return tables
