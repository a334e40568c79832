"""Several categories per article: rebuilds Pelican's category taxonomy.

Pelican files each article under ``article.category`` only. After the articles
generator has built its context, this module files every published article under
each of ``article.categories`` instead, so category pages (paginated as usual),
category feeds, the ``categories`` template variable and feed entries all carry
every category. ``article.category`` stays the first one, so any theme works.

Categories are ``pelican.urlwrappers.Category`` objects, equal when their slugs
are equal: two spellings that slugify alike are one category, named as the first
article (in ``ARTICLE_ORDER_BY`` order) spells it, as in Pelican.

Pelican then writes the category pages from ``generator.categories`` as it
always does; each category's articles are a ``Members`` list, so finding a
page's ``dates`` stays linear. Feed entries get every category in ``feeds``.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

from pelican import signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator
from pelican.urlwrappers import Category

from .. import settings

Taxonomy = list[tuple[Category, list[Article]]]


def categories_of(article: Article) -> list[Category]:
    """The article's categories, ``article.category`` first, one per slug."""
    found: dict[str, Category] = {}
    first = getattr(article, "category", None)
    if first is not None:
        found[first.slug] = first
    listed = getattr(article, "categories", None)
    if not isinstance(listed, list):
        listed = []  # not the plugin's (a stock "Categories:" line is text)
    for category in listed:
        if isinstance(category, Category):
            found.setdefault(category.slug, category)
    return list(found.values())


def group_by_category(articles: Iterable[Article], reverse: bool = False) -> Taxonomy:
    """Each category with its articles (in the given order), sorted by slug."""
    grouped: dict[str, tuple[Category, list[Article]]] = {}
    for article in articles:
        for category in categories_of(article):
            entry = grouped.get(category.slug)
            if entry is None:
                entry = grouped[category.slug] = (category, [])
            entry[1].append(article)
    return [grouped[slug] for slug in sorted(grouped, reverse=reverse)]


def _all_articles(generator: ArticlesGenerator) -> Iterable[Article]:
    return chain(
        generator.articles,
        generator.translations,
        generator.hidden_articles,
        generator.hidden_translations,
        generator.drafts,
        generator.drafts_translations,
    )


def _single_category(generator: ArticlesGenerator) -> None:
    """Pelican's own behaviour: only the first category is shown anywhere."""
    for article in _all_articles(generator):
        if hasattr(article, "categories") and hasattr(article, "category"):
            article.categories = [article.category]


class Members(list):  # type: ignore[type-arg]
    """A category's articles: a list whose ``in`` takes constant time.

    Pelican's ``generate_categories`` finds each category page's ``dates`` with
    ``article in articles`` for every article: with a plain list that is a scan
    per article per category.
    """

    def __init__(self, articles: Iterable[Article] = ()) -> None:
        super().__init__(articles)
        self._ids = {id(article) for article in self}

    def __contains__(self, article: object) -> bool:
        if len(self._ids) != len(self):  # changed since (by another plugin)
            self._ids = {id(member) for member in self}
        return id(article) in self._ids


def on_article_generator_finalized(generator: ArticlesGenerator) -> None:
    """File every published article under each of its categories."""
    if not settings.current(generator.settings).multiple_categories:
        _single_category(generator)
        return
    for article in _all_articles(generator):
        if hasattr(article, "categories"):
            article.categories = categories_of(article)
    reverse = bool(generator.settings.get("REVERSE_CATEGORY_ORDER"))
    generator.categories = [
        (category, Members(articles))
        for category, articles in group_by_category(generator.articles, reverse)
    ]
    generator.context["categories"] = generator.categories


def connect() -> None:
    """Connect this module's receivers to Pelican's signals."""
    signals.article_generator_finalized.connect(on_article_generator_finalized)
