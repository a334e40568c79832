"""Languages for the theme: a page's language, and which way a language is written.

``page_lang()`` (a Jinja global) is the language of the page being rendered: an
article's or a page's own ``lang`` on its own page, ``DEFAULT_LANG`` everywhere
else. The theme's strings and dates follow it, and ``<html lang dir>`` says it.
``text_direction`` (a filter) is ``"rtl"`` for a language written right to left
(Arabic, Persian, Hebrew, Urdu …, from Babel's locale data) and ``"ltr"`` for the
rest, unknown codes included. ``lang_attrs`` (a filter) gives a post's title in a
list ``lang`` and ``dir`` when its language is not the page's.
"""

from __future__ import annotations

import functools
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

__all__ = [
    "babel_locale",
    "lang_attrs",
    "page_lang",
    "page_language",
    "same_language",
    "text_direction",
]

# Written right to left whatever Babel's version knows: languages, and the scripts
# a tag may name (``pa-Arab``, ``az-Arab``).
_RTL = frozenset(
    {"ar", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi"}
    | {"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"}
)


@functools.lru_cache(maxsize=256)
def babel_locale(lang: str) -> Any:
    """Babel's ``Locale`` for a language code (``pt-BR``, ``pt_BR``, ``zh-Hant``),
    or None when Babel does not know it."""
    from babel import Locale, UnknownLocaleError

    code = str(lang or "").strip().replace("-", "_")
    if not code:
        return None
    try:
        return Locale.parse(code)
    except (ValueError, TypeError, UnknownLocaleError):
        try:  # a region or script Babel lacks: the language alone
            return Locale.parse(code.split("_")[0])
        except (ValueError, TypeError, UnknownLocaleError):
            return None


@functools.lru_cache(maxsize=256)
def text_direction(lang: Any) -> str:
    """``"rtl"`` when ``lang`` is written right to left, else ``"ltr"``."""
    code = str(lang or "").strip().lower().replace("_", "-")
    if any(part in _RTL for part in code.split("-")):
        return "rtl"
    locale = babel_locale(code)
    if locale is not None and locale.character_order == "right-to-left":
        return "rtl"
    return "ltr"


def same_language(one: Any, other: Any) -> bool:
    """Whether two language codes name the same language (``pt_BR``, ``pt-br``)."""

    def norm(code: Any) -> str:
        return str(code or "").strip().lower().replace("_", "-")

    return norm(one) == norm(other)


def lang_attrs(lang: Any, page: Any) -> Markup:
    """Filter: `` lang="…" dir="…"`` for text in ``lang`` on a page in ``page``;
    nothing when they are the same language (or ``lang`` is empty)."""
    if not lang or same_language(lang, page):
        return Markup("")
    return Markup(' lang="%s" dir="%s"') % (str(lang), text_direction(lang))


def page_language(context: Context | dict[str, Any]) -> str:
    """The language of the page ``context`` renders (see the module's docstring)."""
    default = str(context.get("DEFAULT_LANG") or "en")
    output = context.get("output_file")
    for name in ("article", "page"):
        doc = context.get(name)
        lang = getattr(doc, "lang", None)
        if lang and output is not None and getattr(doc, "save_as", None) == output:
            return str(lang)
    return default


@pass_context
def page_lang(context: Context) -> str:
    """Jinja global ``page_lang()``: the language of the page being rendered."""
    return page_language(context)
