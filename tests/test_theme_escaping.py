"""Escaping on once: the plugin turns autoescape on for the bundled theme."""

from __future__ import annotations

from pathlib import Path

from pelican.plugins.reflections.theming.templating import standalone_settings
from test_theme import STOCK_POST

HOSTILE_POST = """\
    ---
    title: '<script>alert(1)</script>Tom & Jerry'
    date: 2024-01-01
    location: '<b>Here</b>'
    summary: A *real* summary.
    ---
    Body with <em>inline HTML</em>.
"""


def test_an_override_printing_front_matter_escapes_it_without_asking(
    build_site, tmp_path: Path
):
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "article.html").write_text(
        '{% extends "!theme/article.html" %}'
        "{% block post_footer %}"
        '<p class="mine">{{ article.title }} at {{ article.location }}</p>'
        "{% endblock %}",
        encoding="utf-8",
    )
    site = build_site(
        {"a.md": HOSTILE_POST},
        THEME_TEMPLATES_OVERRIDES=[str(overrides)],
        SLUGIFY_SOURCE="basename",
    )
    page = site.text("a.html")
    soup = site.html("a.html")
    mine = soup.find(class_="mine")
    assert mine.find(["script", "b"]) is None
    assert mine.get_text() == "<script>alert(1)</script>Tom & Jerry at <b>Here</b>"
    # Trusted HTML stays HTML.
    assert soup.select_one(".lede em").get_text() == "real"
    assert soup.select_one(".post-body em").get_text() == "inline HTML"
    assert "<script>alert" not in page


def test_another_theme_keeps_pelicans_own_escaping_rule(build_site):
    # Pelican's simple theme prints `content` without |safe: it must stay HTML.
    site = build_site({"a.md": HOSTILE_POST}, THEME="simple", SLUGIFY_SOURCE="basename")
    assert site.html("a.html").find("em", string="inline HTML") is not None


def test_standalone_settings_escape_too(build_site):
    hostile = STOCK_POST.replace("Plain Pelican", "<i>Plain</i> Pelican")
    site = build_site(
        {"plain.md": hostile},
        PLUGINS=[],
        SLUGIFY_SOURCE="basename",
        **standalone_settings(),
    )
    soup = site.html("plain.html")
    assert soup.find("h1").get_text() == "<i>Plain</i> Pelican"
    assert soup.find("i") is None
    assert soup.select_one(".post-body p").get_text() == "Body text of a plain post."
