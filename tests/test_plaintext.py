"""Plain text from HTML: words inside inline markup stay whole, blocks part."""

from __future__ import annotations

import pytest
from pelican.plugins.reflections.theming.plaintext import plain_text


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ('Job vs <span class="amp">&amp;</span>&nbsp;more', "Job vs &\xa0more"),
        ("a <em>wo</em>rd", "a word"),
        ("<p>One.</p><p>Two.</p>", "One. Two."),
        ("line<br>break", "line break"),
        ("<p>x</p><script>var a = '<b>';</script><style>p{}</style>y", "x y"),
        ("Fish &amp; chips", "Fish & chips"),
    ],
)
def test_plain_text_keeps_words_and_drops_code(html, text):
    assert plain_text(html) == text
