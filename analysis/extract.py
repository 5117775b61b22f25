"""Extraction: each article becomes rows of the DESIGN.md tables.

``extract_article`` is a pure function of (article, resources): it can run in any order, in
parallel, and be cached. ``extract_corpus`` runs it over a corpus and assembles the tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from . import actors as actors_module
from .actors import ActorDictionary, find_candidates, find_mentions, load_dictionary
from .corpus import Article, Corpus, Skipped
from .tables import to_frame
from .text import split_sentences

__all__ = ["Resources", "article_row", "extract_article", "extract_corpus", "load_resources", "skipped_row"]

ANALYSED_LANGUAGES = ("es", "en")


@dataclass(frozen=True)
class Resources:
    """Everything extraction reads besides the article: loaded and validated once."""

    dictionary: ActorDictionary
    use_spacy: bool = False


def load_resources(
    actors: Iterable[str | Path] = (), *, replace_actors: bool = False, use_spacy: bool | None = None,
) -> Resources:
    """Load the resources; ``actors`` adds user dictionaries (or replaces the default)."""
    dictionary = load_dictionary(list(actors), replace=replace_actors)
    if use_spacy is None:
        use_spacy = actors_module.spacy_available()
    return Resources(dictionary=dictionary, use_spacy=use_spacy)


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


def extract_article(article: Article, resources: Resources) -> dict[str, list[dict]]:
    """All table rows for one article (pure)."""
    rows: dict[str, list[dict]] = {"articles": [article_row(article)], "mentions": [], "candidate_mentions": []}
    if article.language not in ANALYSED_LANGUAGES:
        return rows
    text = article.text
    sentences = split_sentences(text)
    mentions = find_mentions(text, language=article.language, dictionary=resources.dictionary, sentences=sentences)
    rows["mentions"] = [
        {
            "article_id": article.article_id, "sentence": m.sentence, "start": m.start, "end": m.end,
            "surface": m.surface, "actor_id": m.actor_id, "actor_name": m.actor_name,
            "actor_type": m.actor_type, "method": m.method, "affiliation": m.affiliation,
        }
        for m in mentions
    ]
    candidates = find_candidates(
        text, mentions=mentions, sentences=sentences, language=article.language,
        use_spacy=resources.use_spacy and article.language == "es",
    )
    rows["candidate_mentions"] = [
        {
            "article_id": article.article_id, "sentence": c.sentence, "surface": c.surface,
            "label": c.label, "method": c.method,
            "example": text[sentences[c.sentence].start:sentences[c.sentence].end] if sentences else "",
        }
        for c in candidates
    ]
    return rows


def extract_corpus(
    corpus: Corpus, resources: Resources | None = None, *, progress: bool = False
) -> dict[str, pd.DataFrame]:
    """Run ``extract_article`` over the corpus and assemble the tables."""
    resources = resources or load_resources()
    rows: dict[str, list[dict]] = {}
    articles: Iterable[Article] = corpus.articles
    if progress:
        articles = tqdm(articles, desc="extract", unit="article")
    for article in articles:
        for name, table_rows in extract_article(article, resources).items():
            rows.setdefault(name, []).extend(table_rows)
    candidate_rows = rows.pop("candidate_mentions", [])
    tables = {name: to_frame(name, table_rows) for name, table_rows in rows.items()}
    tables["candidates"] = to_frame("candidates", actors_module.candidate_counts(candidate_rows))
    tables["skipped"] = to_frame("skipped", [skipped_row(s) for s in corpus.skipped])
    tables["actors"] = to_frame("actors", actors_module.dictionary_rows(resources.dictionary))
    return tables
