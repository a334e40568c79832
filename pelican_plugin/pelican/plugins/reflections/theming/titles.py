"""Titles as HTML or as text, whether or not ``TYPOGRIFY`` made them HTML; notes
typogrified like summaries.

With ``TYPOGRIFY = True`` Pelican turns a title into HTML (``Job vs&nbsp;Career``)
and the plugin's reader escapes front-matter text first, so the title is safe
HTML: the page prints it as HTML, and ``<title>``, meta tags and JSON-LD get its
text. Without it a title is text, escaped where it is printed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup, escape

from .plaintext import plain_text

_TAG = re.compile(r"<[^>]*>")
# The only markup typogrify adds to a title: spans with a class of words.
_TYPOGRIFY_TAG = re.compile(r'</span>|<span class="[a-z -]+">')


def title_html(title: Any, typogrify: bool) -> Markup:
    """``title`` ready for HTML: as it is after typogrify, escaped otherwise.

    Defence in depth: a typogrified title holding any tag typogrify does not
    write (a front-matter ``<script>`` a reader left unescaped) is escaped whole.
    """
    text = str(title or "")
    if typogrify and all(_TYPOGRIFY_TAG.fullmatch(t) for t in _TAG.findall(text)):
        return Markup(text)
    return escape(text)


def title_text(title: Any, typogrify: bool) -> str:
    """``title`` as plain text: tags and entities gone after typogrify."""
    text = str(title or "")
    return plain_text(text) if typogrify else text


def _typogrify(context: Mapping[str, Any]) -> bool:
    return bool(context.get("TYPOGRIFY"))


@pass_context
def as_html(context: Mapping[str, Any], title: Any) -> Markup:
    """Jinja filter ``title_html``: the title for an ``<h1>`` or a link."""
    return title_html(title, _typogrify(context))


@pass_context
def as_text(context: Mapping[str, Any], title: Any) -> str:
    """Jinja filter ``title_text``: the title for ``<title>`` and meta tags."""
    return title_text(title, _typogrify(context))


@pass_context
def typogrified(context: Mapping[str, Any], html: Any) -> Markup:
    """Jinja filter ``typogrify_note``: trusted HTML (an update note) through
    typogrify when ``TYPOGRIFY`` is on, as Pelican does to summaries."""
    text = str(html or "")
    if not _typogrify(context) or not text:
        return Markup(text)
    from typogrify.filters import typogrify  # optional, as in Pelican

    omit = dict.fromkeys(context.get("TYPOGRIFY_OMIT_FILTERS") or [], False)
    ignore = context.get("TYPOGRIFY_IGNORE_TAGS") or []
    return Markup(typogrify(text, ignore, **omit))
