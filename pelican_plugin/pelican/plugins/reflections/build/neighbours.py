"""Each article's newer and older neighbour, found once per build.

At ``article_generator_finalized`` every published article gets
``newer_article`` and ``older_article`` (None at either end) from its place in
the generator's ``articles``, in ``ARTICLE_ORDER_BY`` order, newest first by
default: templates read two attributes instead of searching the list on every
page. Translations, drafts and hidden articles are in no list of neighbours and
get None (also clearing what Pelican's content cache kept from another build).
"""

from __future__ import annotations

from itertools import chain
from typing import Any

from pelican import signals

__all__ = ["connect", "link_neighbours"]


def link_neighbours(generator: Any) -> None:
    """Attach ``newer_article`` and ``older_article`` to this build's articles."""
    for article in chain(
        generator.translations,
        generator.drafts,
        generator.drafts_translations,
        generator.hidden_articles,
        generator.hidden_translations,
    ):
        article.newer_article = article.older_article = None
    articles = generator.articles
    for index, article in enumerate(articles):
        article.newer_article = articles[index - 1] if index > 0 else None
        last = index + 1 >= len(articles)
        article.older_article = None if last else articles[index + 1]


def connect() -> None:
    """Connect this module's receiver to Pelican's signals."""
    signals.article_generator_finalized.connect(link_neighbours)
