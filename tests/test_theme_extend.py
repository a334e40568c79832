"""Extension points: one dropped-in file reaches every page; blocks reach sub-pages."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from test_theme import COVER_POST, STOCK_POST

PAGE = """\
    ---
    title: About
    summary: Who writes here.
    ---
    About text.
"""


def _overrides(tmp_path: Path, files: dict[str, str]) -> str:
    root = tmp_path / "overrides"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return str(root)


def test_extend_head_and_footer_reach_every_page(build_site, tmp_path):
    overrides = _overrides(
        tmp_path,
        {
            "partials/extend_head.html": '<meta name="x-extend" content="head">',
            "partials/extend_footer.html": '<p id="x-extend-footer">widget</p>',
        },
    )
    site = build_site(
        {"a.md": COVER_POST, "b.md": STOCK_POST, "pages/about.md": PAGE},
        THEME_TEMPLATES_OVERRIDES=[overrides],
        DIRECT_TEMPLATES=["index", "tags", "categories", "authors", "archives", "404"],
    )
    pages = sorted(site.output.rglob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert len(soup.head.find_all("meta", attrs={"name": "x-extend"})) == 1, page
        footer = soup.body.find_all(id="x-extend-footer")
        assert len(footer) == 1 and footer[0].parent is soup.body, page


def test_the_empty_hooks_write_nothing(build_site):
    site = build_site({"b.md": STOCK_POST})
    text = site.text("plain-pelican.html")
    assert "extend" not in text
    assert text.rstrip().endswith("</footer>\n</body>\n</html>")


def test_a_head_block_added_in_base_reaches_article_pages(build_site, tmp_path):
    overrides = _overrides(
        tmp_path,
        {
            "base.html": '{% extends "!theme/base.html" %}'
            '{% block head %}<link rel="me" href="https://me.example/">{% endblock %}'
        },
    )
    site = build_site(
        {"b.md": STOCK_POST, "pages/about.md": PAGE},
        THEME_TEMPLATES_OVERRIDES=[overrides],
        SITEURL="https://blog.example",
    )
    for name in ("plain-pelican.html", "index.html", "pages/about.html"):
        soup = site.html(name)
        assert soup.head.find("link", rel="me") is not None, name
    article = site.html("plain-pelican.html")
    assert article.head.find("script", type="application/ld+json") is not None


def test_a_page_has_the_articles_blocks(build_site, tmp_path):
    overrides = _overrides(
        tmp_path,
        {
            "page.html": '{% extends "!theme/page.html" %}'
            '{% block post_header %}{{ super() }}<p class="x-h">h</p>{% endblock %}'
            '{% block cover %}<p class="x-c">c</p>{% endblock %}'
            '{% block post_body %}<p class="x-b">b</p>{% endblock %}'
            '{% block post_footer %}<p class="x-f">f</p>{% endblock %}'
        },
    )
    site = build_site({"pages/about.md": PAGE}, THEME_TEMPLATES_OVERRIDES=[overrides])
    soup = site.html("pages/about.html")
    header = soup.find("header", class_="post-header")
    assert header.find("h1").get_text() == "About" and header.find(class_="x-h")
    assert soup.find(class_="post-body").find(class_="x-b")
    assert "About text." not in soup.get_text()
    assert soup.find(class_="x-c") and soup.find(class_="x-f")


def test_one_list_and_one_terms_template_serve_every_list_page(build_site, tmp_path):
    overrides = _overrides(
        tmp_path,
        {
            "list.html": '{% extends "!theme/list.html" %}'
            '{% block content %}<p class="x-list">{{ list_class }}</p>'
            "{{ super() }}{% endblock %}",
            "terms.html": '{% extends "!theme/terms.html" %}'
            '{% block content %}<p class="x-terms">{{ terms_class }}</p>'
            "{{ super() }}{% endblock %}",
        },
    )
    site = build_site(
        {"b.md": STOCK_POST},
        THEME_TEMPLATES_OVERRIDES=[overrides],
        DIRECT_TEMPLATES=["index", "tags", "categories", "authors"],
        AUTHOR="Ann",
    )
    lists = {
        "index.html": "index",
        "category/notes.html": "category",
        "tag/one.html": "tag",
        "author/ann.html": "author",
    }
    for name, kind in lists.items():
        soup = site.html(name)
        assert soup.find(class_="x-list").get_text() == kind, name
        assert soup.select(".post-list .card-title a")[0].get_text() == "Plain Pelican"
    for name in ("categories", "tags", "authors"):
        soup = site.html(f"{name}.html")
        assert soup.find(class_="x-terms").get_text() == name
        assert soup.find("h1").get_text() == name.capitalize()
        assert soup.select(".term-list a")
    assert site.html("category/notes.html").find("h1").get_text(" ", strip=True) == (
        "Category Notes"
    )
