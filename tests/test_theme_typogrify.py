"""TYPOGRIFY = True: titles are HTML on the page and plain text in the head."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

NBSP = "\N{NO-BREAK SPACE}"
POST = """\
    ---
    title: Job vs Career
    date: 2024-03-11
    updatedDate: 2024-05-02
    updateDescription: Added a note -- on "focus".
    summary: Your job is not your career.
    ---
    Body.
"""


def head_titles(soup: BeautifulSoup) -> dict[str, str]:
    meta = {
        m.get("property") or m.get("name"): m["content"]
        for m in soup.find_all("meta", content=True)
    }
    data = json.loads(soup.find("script", type="application/ld+json").string)
    return {
        "title": soup.title.get_text(),
        "og:title": meta["og:title"],
        "headline": data["headline"],
    }


def test_a_typogrified_title_is_html_on_the_page_and_text_in_the_head(build_site):
    site = build_site({"a.md": POST}, TYPOGRIFY=True, SITEURL="https://blog.example")
    raw = site.text("job-vs-career.html")
    assert "&amp;nbsp;" not in raw and "&amp;#" not in raw
    soup = site.html("job-vs-career.html")
    assert soup.find("h1").get_text() == f"Job vs{NBSP}Career"
    assert head_titles(soup) == {
        "title": f"Job vs{NBSP}Career · A Pelican Blog",
        "og:title": f"Job vs{NBSP}Career",
        "headline": f"Job vs{NBSP}Career",
    }
    card = site.html("index.html").select_one(".card-title a")
    assert card.get_text() == f"Job vs{NBSP}Career"
    assert "&amp;nbsp;" not in site.text("index.html")
    assert "&amp;nbsp;" not in site.text("archives.html")
    # The update note is typogrified like the summary.
    note = soup.find(class_="update-body").get_text()
    assert "\N{EM DASH}" in note and "\N{LEFT DOUBLE QUOTATION MARK}" in note


def test_without_typogrify_titles_are_text_everywhere(build_site):
    site = build_site({"a.md": POST}, SITEURL="https://blog.example")
    soup = site.html("job-vs-career.html")
    assert soup.find("h1").get_text() == "Job vs Career"
    assert head_titles(soup)["headline"] == "Job vs Career"
    assert "--" in soup.find(class_="update-body").get_text()


HOSTILE = "<script>alert(1)</script> & <b>bold</b>"


def words(text: str) -> str:
    """``text`` with typogrify's no-break spaces as spaces, runs of them as one."""
    return " ".join(text.replace(NBSP, " ").split())


def build_hostile(build_site, typogrify: bool):
    post = f"---\ntitle: '{HOSTILE}'\ndate: 2024-01-01\n---\nBody.\n"
    return build_site(
        {"x.md": post},
        TYPOGRIFY=typogrify,
        SITEURL="https://blog.example",
        SLUGIFY_SOURCE="basename",
    )


@pytest.mark.parametrize("typogrify", [False, True])
def test_a_script_title_stays_inert_in_both_modes(build_site, typogrify):
    site = build_hostile(build_site, typogrify)
    for name in ("x.html", "index.html", "archives.html"):
        soup = site.html(name)
        for script in soup.find_all("script"):
            assert script.get("type") == "application/ld+json", name
        assert soup.find("b") is None, name
        assert soup.find("script", string="alert(1)") is None, name


@pytest.mark.parametrize("typogrify", [False, True])
def test_a_script_title_reads_as_typed_in_both_modes(build_site, typogrify):
    # The reader escapes a front-matter title before typogrify makes it HTML.
    soup = build_hostile(build_site, typogrify).html("x.html")
    assert words(soup.find("h1").get_text()) == HOSTILE
    assert words(head_titles(soup)["og:title"]) == HOSTILE
    assert words(head_titles(soup)["headline"]) == HOSTILE
