"""The theme's Jinja environment: gettext, pelican-jinja-filters and a few filters.

Connected to ``generator_init``: every generator's environment gets the
``jinja2.ext.i18n`` extension with the theme's translations in the language of
each page (``page_lang()``: an article's own ``lang`` on its page, else
``DEFAULT_LANG``; English when there is no catalogue), the filters of
pelican-jinja-filters and the small filters the bundled theme uses
(``reading_time``, ``safe_url``, ``css_color``, ``blog_posting``, ``terms_by_name``,
``terms_by_posts``, ``text_direction``, ``local_date``, ``month_year``).
``standalone_settings()`` gives the same to a site without the plugin.
"""

from __future__ import annotations

import functools
import gettext
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.ext import InternationalizationExtension
from jinja2.runtime import Context
from pelican.plugins import jinja_filters

from ..locations import is_reflections_theme, theme_path
from ..settings import theme_defaults
from .catalogues import (
    DOMAIN,
    clear_cache,
    compile_catalogues,
    gettext_languages,
    translations_for,
)
from .colors import is_css_color
from .dates import local_date, month_year
from .head import head_meta
from .jsonld import blog_posting
from .languages import lang_attrs, page_lang, page_language, text_direction
from .plaintext import plain_text
from .srcsets import picture, responsive_body
from .tables import scroll_tables
from .titles import as_html, as_text, typogrified
from .toc import table_of_contents
from .urls import cover_url, safe_url

I18N_EXTENSION = "jinja2.ext.i18n"
# The language the theme's templates are written in.
TEMPLATES_LANG = "en"

_TAG = re.compile(r"<[^>]*>")
# Scripts written without spaces between words: each character counts as a word
# (Han, Hiragana, Katakana, Hangul).
_CJK = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)


def reading_time(html: str, words_per_minute: int = 220) -> int:
    """Whole minutes to read ``html`` at ``words_per_minute``, at least 1.

    Words are what whitespace separates once the tags are gone, and each CJK
    character (as Hugo counts with ``hasCJKLanguage``); ``split()`` rather than
    matching ``\\w+``, for speed (BENCHMARKS.md).
    """
    text = _TAG.sub(" ", str(html or ""))
    if _CJK.search(text):
        characters = len(_CJK.findall(text))
        words = characters + len(_CJK.sub(" ", text).split())
    else:
        words = len(text.split())
    return max(1, math.ceil(words / max(1, words_per_minute)))


def css_color(value: Any) -> str:
    """``value`` when it looks like one CSS colour, else ``""``."""
    text = str(value or "").strip()
    return text if is_css_color(text) else ""


def _term_name(term: Any) -> str:
    return str(getattr(term, "name", term))


def by_name(terms: Any) -> list[Any]:
    """(term, articles) pairs in alphabetical order, case-insensitive."""
    pairs = list(terms or ())
    return sorted(pairs, key=lambda p: (_term_name(p[0]).casefold(), _term_name(p[0])))


def most_posts(terms: Any, limit: int = 0) -> list[Any]:
    """(term, articles) pairs with the most articles first (ties by name), and at
    most ``limit`` of them (``0``: all)."""
    pairs = sorted(by_name(terms), key=lambda p: -len(p[1]))
    return pairs[:limit] if limit and limit > 0 else pairs


FILTERS = {
    "reading_time": reading_time,
    "safe_url": safe_url,
    "cover_url": cover_url,
    "css_color": css_color,
    "blog_posting": blog_posting,
    "scroll_tables": scroll_tables,
    "picture": picture,
    "responsive_body": responsive_body,
    "table_of_contents": table_of_contents,
    "plain_text": plain_text,
    "title_html": as_html,
    "title_text": as_text,
    "typogrify_note": typogrified,
    "terms_by_name": by_name,
    "terms_by_posts": most_posts,
    "text_direction": text_direction,
    "lang_attrs": lang_attrs,
    "local_date": local_date,
    "month_year": month_year,
}
GLOBALS = {"page_lang": page_lang, "head_meta": head_meta}


class _HasEnv:
    """What pelican-jinja-filters' ``add_all_filters`` registers into: an ``env``."""

    def __init__(self) -> None:
        self.env = Environment()


@functools.cache
def _pelican_jinja_filters() -> dict[str, Any]:
    holder = _HasEnv()
    stock = dict(holder.env.filters)
    jinja_filters.add_all_filters(holder)
    return {k: v for k, v in holder.env.filters.items() if stock.get(k) is not v}


def all_filters() -> dict[str, Any]:
    """pelican-jinja-filters' filters (registered by its own code) and the theme's."""
    return {**_pelican_jinja_filters(), **FILTERS}


def localedirs(settings: Mapping[str, Any]) -> tuple[str, ...]:
    """Where the theme's catalogues are: the site's ``THEME``, then the bundled."""
    dirs = [Path(settings.get("THEME") or theme_path()), Path(theme_path())]
    return tuple(dict.fromkeys(str(d / "translations") for d in dirs))


def translations(
    settings: Mapping[str, Any], lang: str | None = None
) -> gettext.NullTranslations:
    """The theme's catalogue for ``lang`` (``DEFAULT_LANG``); English (null) when
    missing."""
    return translations_for(
        localedirs(settings), str(lang or settings.get("DEFAULT_LANG") or "en")
    )


def page_gettext(settings: Mapping[str, Any]) -> tuple[Any, Any]:
    """``gettext`` and ``ngettext`` in the language of the page being rendered
    (``languages.page_language``): an article in Arabic on an English site has
    its page's strings in Arabic."""
    dirs = localedirs(settings)

    @pass_context
    def gettext_(context: Context, message: str) -> str:
        return translations_for(dirs, page_language(context)).gettext(message)

    @pass_context
    def ngettext_(context: Context, singular: str, plural: str, n: int) -> str:
        catalogue = translations_for(dirs, page_language(context))
        return catalogue.ngettext(singular, plural, n)

    return gettext_, ngettext_


def is_bundled_theme(settings: Mapping[str, Any]) -> bool:
    """Whether ``THEME`` is this package's theme, or a copy of it."""
    return is_reflections_theme(settings.get("THEME"))


def escapes(name: str | None) -> bool:
    """Autoescape rule for the bundled theme: every template but Pelican's simple."""
    return not (name or "").startswith("!simple/")


def configure(env: Environment, settings: Mapping[str, Any]) -> None:
    """Give ``env`` gettext (unless already installed) and the theme's filters.

    For the bundled theme, autoescape is turned on (Pelican's is off), so the
    theme and a site's overrides of it escape text without asking.
    """
    if is_bundled_theme(settings):
        env.autoescape = escapes
    if not any(
        isinstance(e, InternationalizationExtension) for e in env.extensions.values()
    ):
        env.add_extension(InternationalizationExtension)
    if "gettext" not in env.globals:  # i18n_subsites or a user may have installed one
        # added to the environment by the i18n extension
        gettext_, ngettext_ = page_gettext(settings)
        env.install_gettext_callables(  # type: ignore[attr-defined]
            gettext_, ngettext_, newstyle=True
        )
    env.filters.update(all_filters())
    for name, value in GLOBALS.items():
        env.globals.setdefault(name, value)
    # Each build (autoreload included) makes new environments, so templates cannot
    # change under one: skip the stat Jinja makes on every include and import.
    env.auto_reload = False


def on_initialized(pelican: Any) -> None:
    """Pelican ``initialized``: compile the theme's catalogues a source checkout,
    an editable install or a site's copy of the theme has only as ``.po``."""
    for localedir in localedirs(pelican.settings):
        compile_catalogues(localedir)
    clear_cache()


def on_generator_init(generator: Any) -> None:
    """Pelican ``generator_init``: set up this generator's Jinja environment."""
    configure(generator.env, generator.settings)
    if is_bundled_theme(generator.settings):
        english_without_catalogue(generator.settings)
        # The run's context was copied from the settings before this: alike in
        # every run of one process (``--autoreload``), the first one included.
        generator.context["I18N_TEMPLATES_LANG"] = generator.settings[
            "I18N_TEMPLATES_LANG"
        ]


def english_without_catalogue(settings: dict[str, Any]) -> None:
    """A language with no catalogue shows the theme in English, quietly.

    pelican-i18n-subsites installs each (sub)site's catalogue itself once every
    site is built, and logs an error with a traceback for a language with none;
    for the language its templates are written in (``I18N_TEMPLATES_LANG``, by
    default the main site's language) it installs none. The theme's templates are
    in English, so that language is English; and this site's language too, when
    the catalogue i18n_subsites would look for is missing.
    """
    lang = str(settings.get("DEFAULT_LANG") or "en")
    localedir = settings.get("I18N_GETTEXT_LOCALEDIR") or str(
        Path(settings["THEME"]) / "translations"
    )
    domain = settings.get("I18N_GETTEXT_DOMAIN", DOMAIN)
    missing = gettext.find(domain, localedir, gettext_languages(lang)) is None
    settings["I18N_TEMPLATES_LANG"] = lang if missing else TEMPLATES_LANG


def standalone_settings(lang: str = "en") -> dict[str, Any]:
    """Pelican settings that let the theme render without the plugin (PLUGINS=[])."""
    from pelican.settings import DEFAULT_CONFIG

    catalogue = translations({"DEFAULT_LANG": lang})
    environment = dict(DEFAULT_CONFIG["JINJA_ENVIRONMENT"])
    environment["extensions"] = [*environment.get("extensions", []), I18N_EXTENSION]
    environment["autoescape"] = True
    return {
        **theme_defaults(),
        "JINJA_ENVIRONMENT": environment,
        "JINJA_FILTERS": all_filters(),
        "JINJA_GLOBALS": {
            "gettext": catalogue.gettext,
            "ngettext": catalogue.ngettext,
            **GLOBALS,
        },
    }
