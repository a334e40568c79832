"""Plain text from HTML, for meta tags and JSON-LD: tags and scripts gone."""

from __future__ import annotations

import functools
import html
import re
from typing import Any

# Elements whose text is code or data, never prose (MathJax configuration,
# a widget's script, inline styles).
_NOT_TEXT = ["script", "style", "template", "noscript"]
_SPACE = re.compile(r"[ \t\n\r\f\v]+")  # not NBSP: typogrify puts it there
# Elements that end a run of words: text on either side is two words. Inline
# ones (``<em>wo</em>rd``, typogrify's ``<span class="amp">``) join.
_BLOCKS = [
    "p", "div", "br", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "figure", "figcaption", "table", "tr", "td", "th",
    "ul", "ol", "dl", "hr", "section", "aside",
]  # fmt: skip


def plain_text(value: Any) -> str:
    """``value`` (HTML) as one line of text: tags stripped, entities decoded,
    the contents of ``<script>`` and ``<style>`` dropped, whitespace collapsed."""
    return _plain_text(str(value or ""))


@functools.lru_cache(maxsize=4096)
def _plain_text(text: str) -> str:
    """``plain_text`` of a string (a post's summary is made text twice a page:
    for its meta description and its JSON-LD)."""
    if "<" not in text:
        return _SPACE.sub(" ", html.unescape(text)).strip()
    from bs4 import BeautifulSoup  # 60 ms to import: when first needed

    soup = BeautifulSoup(text, "html.parser")
    for element in soup.find_all(_NOT_TEXT):
        element.decompose()
    for element in soup.find_all(_BLOCKS):
        element.insert_after(" ")
    return _SPACE.sub(" ", soup.get_text()).strip()
