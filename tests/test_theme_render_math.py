"""pelican-render-math: MathJax's script never reaches a description."""

from __future__ import annotations

import json

from pelican.plugins.reflections.theming.plaintext import plain_text

POST = """\
    ---
    title: Squares
    date: 2024-01-01
    summary: 'The area grows as $x^2$ when the side grows as $x$.'
    ---
    The area grows as $x^2$.
"""


def test_plain_text_drops_script_and_style_contents():
    html = (
        "<p>A &amp; B<style>p{color:red}</style></p>"
        "<script>MathJax.Hub.Config({})</script>\n<p>C</p>"
    )
    assert plain_text(html) == "A & B C"


def test_math_in_a_summary_leaves_only_text_in_descriptions(build_site):
    site = build_site(
        {"a.md": POST},
        PLUGINS=["reflections", "render_math"],
        SITEURL="https://blog.example",
    )
    soup = site.html("squares.html")
    lede = soup.find(class_="lede")
    assert lede is not None and "x^2" in lede.get_text()
    described = {
        "description": soup.find("meta", attrs={"name": "description"})["content"],
        "og:description": soup.find("meta", property="og:description")["content"],
        "json-ld": json.loads(soup.find("script", type="application/ld+json").string)[
            "description"
        ],
    }
    for where, text in described.items():
        assert "MathJax" not in text and "function" not in text, (where, text)
        assert text.startswith("The area grows as"), (where, text)


def test_the_summary_really_carries_mathjax_script(build_site):
    # Guard: the descriptions above are clean because scripts are dropped, not
    # because render_math put none in the summary.
    site = build_site(
        {"a.md": POST},
        PLUGINS=["reflections", "render_math"],
        SITEURL="https://blog.example",
    )
    card = site.html("index.html").find(class_="card-summary")
    assert card.find("script") is not None
