"""The last run's posts, made again from memory in ``pelican --autoreload`` (#31).

Pelican makes every post again on each run, even from its content cache: an
``Article`` and every receiver of ``content_object_init``, 2,000 times for one
edit. When ``loop`` has proved that an edit changed nothing but the text of the
posts it wrote first, the build takes each article as the last run had it once
read (``article_generator_pretaxonomy``: after reading, slugs settled, before
any receiver links posts to each other), with the new text put into the edited
ones, through the generator's ``get_cached_data``, where Pelican looks for a post
it need not read. Every article file of the run is taken, or none: a file the
last run could not make, a value this module cannot copy, a second articles
generator, or a receiver it does not know on a reading signal, and the build
reads as always. The copies are made of lists, dicts and Pelican's URL wrappers;
what else a post holds is immutable or refuses the keeping.
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
import io
import logging
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import pelican
from pelican.contents import Article, Content
from pelican.generators import ArticlesGenerator
from pelican.urlwrappers import URLWrapper
from pelican.utils import SafeDatetime

from .. import pelican_api

__all__ = [
    "Kept",
    "KeptRun",
    "begin",
    "clock_matters",
    "end",
    "install",
    "note_posts",
    "use",
]

logger = logging.getLogger(__name__)

# Values kept as they are: nothing can change them.
_IMMUTABLE: tuple[type, ...] = (str, bytes, int, float, complex, bool, type(None))
_IMMUTABLE += (decimal.Decimal, datetime.date, datetime.time, datetime.timedelta)
_IMMUTABLE += (datetime.tzinfo,)
_PLAIN = frozenset(  # the most common of them, found by type alone
    {str, int, bool, float, type(None), SafeDatetime, datetime.datetime, ZoneInfo}
)
# Set by Pelican after the snapshot's point, each run again.
_NOT_KEPT = frozenset({"_context", "translations"})
_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
)


class _Uncopied(Exception):
    """A value of a kind this module does not know how to keep."""


@dataclass
class Kept:
    """One run's articles as read: their class and attributes, by source file."""

    posts: dict[str, tuple[type[Content], dict[str, Any]]]
    visited: frozenset[str]  # every article file the run's generator looked at


@dataclass
class KeptRun:
    """What this run notes for the next, and what it takes from the last."""

    visited: set[str] = field(default_factory=set)
    posts: dict[str, tuple[type[Content], dict[str, Any]]] = field(default_factory=dict)
    refused: str | None = None
    generators: int = 0
    taking: dict[str, tuple[type[Content], dict[str, Any]]] | None = None
    made: dict[str, Content] = field(default_factory=dict)  # taken: asked again


_run: KeptRun | None = None


def begin(first: bool, keeping: bool) -> None:
    """A run begins (what a run that failed left is forgotten): note its articles
    for the next when ``keeping``, if there may be a next (a ``first`` run of a
    Pelican object only in ``pelican --autoreload``: a single build pays nothing
    for this)."""
    global _run
    _run = KeptRun() if keeping and (not first or _in_autoreload()) else None


def clock_matters(
    posts: Iterable[Content], settings: Mapping[str, Any], began: float
) -> str | None:
    """Why a post made at ``began`` (a time stamp) may read otherwise now with
    nothing edited, or None: with ``WITH_FUTURE_DATES = False`` Pelican makes a
    post dated later than the moment it is made a draft, and its time may have
    come since."""
    if settings.get("WITH_FUTURE_DATES", True):
        return None
    naive = datetime.datetime.fromtimestamp(began)
    aware = datetime.datetime.fromtimestamp(began, datetime.timezone.utc)
    for post in posts:
        date = getattr(post, "date", None)
        if not isinstance(date, datetime.datetime):
            continue
        if str(post.metadata.get("status", "")).lower() == "draft":
            continue  # a draft by its own header stays one
        if date > (naive if date.tzinfo is None else aware):
            name = post.relative_source_path
            return f"WITH_FUTURE_DATES is False and {name} is dated later"
    return None


def _in_autoreload() -> bool:
    """Whether this process is the ``pelican`` command run with ``--autoreload``
    (its ``--listen`` child, under any start method, has the same ``sys.argv``)."""
    program = os.path.abspath(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    name = os.path.splitext(os.path.basename(program))[0]  # pelican.exe on Windows
    folder = os.path.basename(os.path.dirname(program))  # python -m pelican
    if name not in ("pelican", "pelican-script") and folder != "pelican":
        return False
    try:
        with contextlib.redirect_stderr(io.StringIO()):  # argparse's usage
            return bool(pelican.parse_arguments(sys.argv[1:]).autoreload)
    except (Exception, SystemExit):  # not arguments of this Pelican's
        return False


def use(last: Kept | None, edited: dict[Content, set[str]], reason: str | None) -> bool:
    """Have this run take ``last``'s articles, with what ``edited`` posts' edits
    changed (the names ``reread.merge`` gave) put in; False, with one INFO line,
    when it cannot take every one."""
    run = _run
    if run is None or last is None:
        return False
    why = reason
    if why is None and set(last.posts) != last.visited:
        why = "the last run did not make every article it read"
    if why is not None:
        logger.info("The build reads every post again: %s", why)
        return False
    taking = dict(last.posts)
    for post, names in edited.items():
        if not isinstance(post, Article):
            continue  # a page: Pelican reads its pages as always
        path = os.path.abspath(str(post.source_path))
        if path not in taking:
            logger.info("The build reads every post again: %s is new", path)
            return False
        changes = {n: post.__dict__[n] for n in names if n in post.__dict__}
        kind, attributes = taking[path]
        taking[path] = (kind, {**attributes, **changes})
    run.taking = taking
    return True


def install(generator: Any) -> None:
    """``generator_init``: an articles generator looks in the kept articles first."""
    if _run is None or not isinstance(generator, ArticlesGenerator):
        return
    looked_up = generator.get_cached_data
    base = str(generator.path)

    def get_cached_data(filename: str, default: Any = None) -> Any:
        run = _run
        if run is None:
            return looked_up(filename, default)
        path = os.path.abspath(os.path.join(base, filename))
        run.visited.add(path)
        made = run.made.get(path)
        if made is None and run.taking is not None and path in run.taking:
            kind, attributes = run.taking.pop(path)
            made = run.made[path] = pelican_api.made_again(
                kind, attributes, generator.context
            )
        return looked_up(filename, default) if made is None else made

    generator.get_cached_data = get_cached_data


def note_posts(generator: Any) -> None:
    """``article_generator_pretaxonomy``: copy each article as read, for the
    next run; say how many this run took from the last."""
    run = _run
    if run is None or not isinstance(generator, ArticlesGenerator):
        return
    run.generators += 1
    if run.made:
        logger.info(
            "The build took %d of %d articles from the last run, as read",
            len(run.made),
            len(run.visited),
        )
    if run.generators > 1:
        run.refused = "more than one articles generator"
    if run.refused is not None:
        run.posts.clear()
        return
    try:
        for post in _articles(generator):
            path = os.path.abspath(str(post.source_path))
            run.posts[path] = (type(post), _copied_attributes(post))
    except _Uncopied as error:
        run.refused = str(error)
        run.posts.clear()


def end() -> Kept | None:
    """The run is complete: what it keeps for the next (None: nothing)."""
    global _run
    run, _run = _run, None
    if run is None:
        return None
    if run.refused is not None:
        logger.info("The next build reads every post again: %s", run.refused)
        return None
    return Kept(run.posts, frozenset(run.visited))


def _articles(generator: Any) -> Iterable[Content]:
    for name in _LISTS:
        yield from getattr(generator, name, ()) or ()


def _copied_attributes(post: Content) -> dict[str, Any]:
    """The post's attributes, copied, in their order (a digest of the post reads
    them in order); those Pelican sets again each run are None."""
    memo: dict[int, Any] = {id(post.settings): post.settings}
    return {
        name: None
        if name in _NOT_KEPT
        else value
        if type(value) in _PLAIN
        else _copied(value, memo, name)
        for name, value in post.__dict__.items()
    }


def _copied(value: Any, memo: dict[int, Any], where: str) -> Any:
    """``value`` with every mutable part new (shared parts stay shared)."""
    if type(value) in _PLAIN or isinstance(value, _IMMUTABLE):
        return value
    found = memo.get(id(value))
    if found is not None:
        return found
    kind = type(value)
    made: Any
    if kind is list:
        made = memo[id(value)] = []
        made.extend(
            item if type(item) in _PLAIN else _copied(item, memo, where)
            for item in value
        )
    elif kind is dict:
        made = memo[id(value)] = {}
        made.update(
            (k, v if type(v) in _PLAIN else _copied(v, memo, f"{where}.{k}"))
            for k, v in value.items()
        )
    elif isinstance(value, tuple):
        items = [_copied(item, memo, where) for item in value]
        same = all(a is b for a, b in zip(items, value, strict=True))
        made = (
            value
            if same
            else (kind(*items) if hasattr(value, "_fields") else kind(items))
        )
    elif kind is frozenset:
        made = frozenset(_copied(item, memo, where) for item in value)
    elif kind is set:
        made = {_copied(item, memo, where) for item in value}
    elif isinstance(value, URLWrapper):  # a name and settings: a copy of its fields
        made = object.__new__(kind)
        made.__dict__.update(value.__dict__)
    else:
        raise _Uncopied(f"{where} holds a {kind.__module__}.{kind.__qualname__}")
    memo[id(value)] = made
    return made
