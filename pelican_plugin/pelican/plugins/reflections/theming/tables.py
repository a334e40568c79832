"""Tables in a post's body, wrapped so that a wide one scrolls on a narrow screen."""

from __future__ import annotations

import itertools
import re
from typing import Any

from markupsafe import Markup, escape

_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)


def scroll_tables(html: Any, label: str = "Table") -> Markup:
    """``html`` with each ``<table>`` inside a focusable, labelled scroll region.

    The region takes keyboard focus (``tabindex="0"``) so a table wider than the
    screen can be scrolled without a mouse; it is named ``label`` and its number
    ("Table 2"), since each region of a page needs a name of its own.
    """
    text = str(html or "")
    if "<table" not in text and "<TABLE" not in text:
        return Markup(text)
    numbers = itertools.count(1)
    name = escape(label)

    def region(_: re.Match[str]) -> str:
        return (
            f'<div class="table-scroll" role="region" tabindex="0" '
            f'aria-label="{name} {next(numbers)}"><table'
        )

    text = _OPEN.sub(region, text)
    return Markup(_CLOSE.sub("</table></div>", text))
