"""Several categories per article: rebuilds Pelican's category taxonomy.

Pelican files each article under ``article.category`` only. After the articles
generator has built its context, this module files every published article under
each of ``article.categories`` instead, so category pages (paginated as usual),
category feeds, the ``categories`` template variable and feed entries all carry
every category. ``article.category`` stays the first one, so any theme works.

Categories are ``pelican.urlwrappers.Category`` objects, equal when their slugs
are equal: two spellings that slugify alike are one category, named as the first
article (in ``ARTICLE_ORDER_BY`` order) spells it, as in Pelican.

Every pass is linear in articles x categories. Pelican's own category pages find
each page's ``dates`` by scanning every article once per category, so the
generator is handed the date-ordered lists grouped here instead. The state that
outlives a signal (the feed entries to fix) is replaced on every build, so
``pelican --autoreload`` never piles up duplicates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from itertools import chain
from typing import Any

from feedgenerator.django.utils.encoding import iri_to_uri
from pelican import signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator
from pelican.urlwrappers import Category
from pelican.writers import Writer

from . import settings

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


def _write_category_pages(
    generator: ArticlesGenerator,
    dates: dict[str, list[Article]],
    write: Callable[..., None],
) -> None:
    """Pelican's ``generate_categories``, with each page's ``dates`` found upfront."""
    template = generator.get_template("category")
    for category, articles in generator.categories:
        found = dates.get(category.slug)
        if found is None:  # added by another plugin after this module ran
            members = {id(article) for article in articles}
            found = [a for a in generator.dates if id(a) in members]
        write(
            category.save_as,
            template,
            generator.context,
            url=category.url,
            category=category,
            articles=articles,
            dates=found,
            template_name="category",
            blog=True,
            page_name=category.page_name,
            all_articles=generator.articles,
        )


class FeedCategories:
    """Per-build: which feed entries need all their article's categories."""

    def __init__(self) -> None:
        self.reset()

    def reset(self, *_: Any, **__: Any) -> None:
        """Forget the previous build."""
        self.articles: list[Article] = []
        self.settings: dict[str, Any] = {}
        self._by_link: dict[str, list[str]] | None = None

    def remember(self, generator: ArticlesGenerator) -> None:
        """Keep this build's articles that have more than one category."""
        self.reset()
        self.settings = generator.settings
        self.articles = [
            article
            for article in chain(generator.articles, generator.translations)
            if len(getattr(article, "categories", ())) > 1
        ]

    def _links(self, site_url: str) -> dict[str, list[str]]:
        join = Writer("", self.settings).urljoiner
        suffix = "?ref=feed" if self.settings.get("FEED_APPEND_REF") else ""
        return {
            iri_to_uri(join(site_url, article.url) + suffix): [
                str(category) for category in article.categories
            ]
            for article in self.articles
        }

    def on_feed_generated(self, context: dict[str, Any], feed: Any) -> None:
        """Pelican ``feed_generated``: give each entry all its categories."""
        if not self.articles:
            return
        if self._by_link is None:
            self._by_link = self._links(context.get("SITEURL", ""))
        for item in feed.items:
            names = self._by_link.get(item["link"])
            current: Sequence[str] = item.get("categories") or ()
            if names and current and current[0] == names[0]:
                # Pelican wrote [category, *tags]; keep the tags after all categories
                item["categories"] = names + list(current[1:])


_feeds = FeedCategories()


def on_article_generator_finalized(generator: ArticlesGenerator) -> None:
    """File every published article under each of its categories."""
    if not settings.current(generator.settings).multiple_categories:
        _single_category(generator)
        _feeds.reset()
        return
    for article in _all_articles(generator):
        if hasattr(article, "categories"):
            article.categories = categories_of(article)
    reverse = bool(generator.settings.get("REVERSE_CATEGORY_ORDER"))
    generator.categories = group_by_category(generator.articles, reverse)
    dates = {cat.slug: found for cat, found in group_by_category(generator.dates)}
    generator.generate_categories = partial(_write_category_pages, generator, dates)
    generator._update_context(("categories",))
    _feeds.remember(generator)


def connect() -> None:
    """Connect this module's receivers to Pelican's signals."""
    signals.article_generator_init.connect(_feeds.reset)
    signals.article_generator_finalized.connect(on_article_generator_finalized)
    signals.feed_generated.connect(_feeds.on_feed_generated)
    signals.finalized.connect(_feeds.reset)
