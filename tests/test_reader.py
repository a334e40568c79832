"""Full Pelican builds through the reader: the contract, Markdown, covers, caches."""

from __future__ import annotations

import copy
import datetime
import logging
from pathlib import Path

import feedparser
import pytest
from conftest import connected_only_during_build, run_pelican
from helpers import gif, write_files
from pelican import Pelican, readers
from pelican.plugins.reflections import theme_path
from pelican.plugins.reflections.reading import reader
from pelican.settings import DEFAULT_CONFIG, read_settings

# One "key=value" line per contract item ("-" when absent); Pelican's Jinja trims
# the newline after a block tag, so every line ends with an expression.
PROBE = "\n".join(
    f"{key}={expression}{{{{ '' }}}}"
    for key, expression in (
        ("title", "{{ c.title }}"),
        ("date", "{{ c.date.isoformat() if c.date is defined else '-' }}"),
        ("modified", "{{ c.modified.isoformat() if c.modified is defined else '-' }}"),
        ("category", "{{ c.category.name if c.category is defined else '-' }}"),
        (
            "categories",
            "{% if c.categories is defined %}{% for x in c.categories %}"
            "{{ x.name }};{% endfor %}{% else %}-{% endif %}",
        ),
        (
            "tags",
            "{% if c.tags is defined %}{% for x in c.tags %}{{ x.name }};{% endfor %}"
            "{% else %}-{% endif %}",
        ),
        (
            "updates",
            "{% if c.updates is defined %}{% for u in c.updates %}"
            "{{ u.date.isoformat() }}>{{ u.note }};{% endfor %}{% else %}-{% endif %}",
        ),
        ("location", "{{ c.location if c.location is defined else '-' }}"),
        (
            "cover",
            "{% if c.cover is defined %}{{ c.cover.url }}|{{ c.cover.alt }}|"
            "{{ c.cover.width }}x{{ c.cover.height }}{% else %}-{% endif %}",
        ),
        ("status", "{{ c.status }}"),
        ("metadata", "{{ c.metadata|list|sort|join(',') }}"),
        ("summary", "{{ c.summary }}"),
        ("content", "{{ c.content }}"),
    )
)

REFERENCE_HEADER_WORDS = ("updatedDate", "updateDescription", "coverImage", "location:")


@pytest.fixture
def probe_theme(tmp_path: Path) -> str:
    """A theme whose article and page templates print the metadata contract."""
    theme = tmp_path / "probe-theme"
    (theme / "templates").mkdir(parents=True)
    (theme / "static").mkdir()
    for name, var in (("article", "article"), ("page", "page")):
        (theme / "templates" / f"{name}.html").write_text(
            "{% set c = " + var + " %}" + PROBE, encoding="utf-8"
        )
    return str(theme)


def build_warnings(records: list[logging.LogRecord]) -> list[str]:
    """Warnings and errors, without the settings notes every test site gets."""
    return [
        r.getMessage()
        for r in records
        if r.levelno >= logging.WARNING and r.name != "pelican.settings"
    ]


def probe(site, relative: str) -> dict[str, str]:
    text = site.text(relative)
    head, content = text.split("\ncontent=", 1)
    head, summary = head.split("\nsummary=", 1)
    values = dict(line.split("=", 1) for line in head.splitlines())
    values["summary"] = summary
    values["content"] = content
    return values


def test_reference_post_builds_to_the_metadata_contract(
    build_site, reference_post, probe_theme
):
    site = build_site({"job-vs-career.md": reference_post}, THEME=probe_theme)
    assert build_warnings(site.records) == []
    post = probe(site, "job-vs-career.html")
    assert post["title"] == "Job vs Career"
    assert post["date"] == "2024-03-11T00:00:00+00:00"
    assert post["category"] == "Reflection"
    assert post["categories"] == "Reflection;Work;"
    assert post["tags"] == "Jobs;"
    assert post["summary"] == (
        "<p>I came to the realisation fairly late in life that your job is not your "
        "career. One can help support the other, but they are never one and the "
        "same.</p>"
    )
    assert "summary" in post["metadata"].split(",")
    for absent in ("updates", "location", "cover", "modified"):
        assert post[absent] == "-"
        assert absent not in post["metadata"].split(",")
    assert post["status"] == "published"
    assert post["content"].startswith("<p>I started 2024 with a bit of time off")
    assert "<hr" not in post["content"]
    assert "<em>focus</em>" in post["content"]


def test_reference_post_with_the_bundled_theme_leaks_no_header(
    build_site, reference_post
):
    site = build_site({"job-vs-career.md": reference_post}, SITEURL="https://e.org")
    written = [
        p
        for p in site.output.rglob("*")
        if p.suffix in (".html", ".xml") and p.is_file()
    ]
    assert written
    for path in written:
        text = path.read_text(encoding="utf-8")
        for word in REFERENCE_HEADER_WORDS:
            assert word not in text, f"{word} leaked into {path}"
    page = site.html("job-vs-career.html")
    assert page.find("h1").get_text(strip=True) == "Job vs Career"
    body = page.find(class_="post-body")
    assert not body.find("hr")
    assert "Reflection" not in body.get_text()
    feed = feedparser.parse(site.text("feeds/all.atom.xml"))
    entry = feed.entries[0]
    assert entry.title == "Job vs Career"
    assert entry.published_parsed[:3] == (2024, 3, 11)
    assert "your job is not your career" in entry.summary


def test_feeds_carry_the_newest_update_as_updated(build_site):
    site = build_site(
        {
            "a.md": """\
            ---
            title: Updated post
            date: 2024-03-11
            updatedDate: 2024-04-02 08:30
            updateDescription: Added a *paragraph*.
            ---
            Text.
            """
        }
    )
    entry = feedparser.parse(site.text("feeds/all.atom.xml")).entries[0]
    assert entry.published_parsed[:3] == (2024, 3, 11)
    assert entry.updated_parsed[:5] == (2024, 4, 2, 8, 30)


def test_updates_and_location_reach_templates(build_site, probe_theme):
    site = build_site(
        {
            "a.md": """\
            ---
            title: T
            date: 2024-03-11
            location: Lisbon, Portugal
            updatedDate: 2024-04-02
            updateDescription: Added a *paragraph*.
            updates:
              - date: 2024-03-20
                description: Fixed a link.
            ---
            Text.
            """
        },
        THEME=probe_theme,
    )
    post = probe(site, "t.html")
    assert post["location"] == "Lisbon, Portugal"
    assert post["updates"] == (
        "2024-04-02T00:00:00+00:00><p>Added a <em>paragraph</em>.</p>;"
        "2024-03-20T00:00:00+00:00><p>Fixed a link.</p>;"
    )
    assert post["modified"] == "2024-04-02T00:00:00+00:00"


STOCK_POST = """\
Title: Stock post
Date: 2023-05-06 10:20
Tags: alpha, beta
Category: Notes
Summary: A *stock* summary.
Custom: kept

# Heading

Some `code` and a list:

- one
- two

Then:

    :::python
    print("hi")
"""


def test_files_without_a_header_read_exactly_like_pelicans_reader(tmp_path):
    write_files(tmp_path, {"stock.md": STOCK_POST})
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings["PATH"] = str(tmp_path)
    path = str(tmp_path / "stock.md")
    ours = reader.MarkdownReader(copy.deepcopy(settings)).read(path)
    stock = readers.MarkdownReader(copy.deepcopy(settings)).read(path)
    assert ours[0] == stock[0]
    assert ours[1].keys() == stock[1].keys()
    for key, value in stock[1].items():
        assert repr(ours[1][key]) == repr(value), key


def test_files_without_a_header_build_the_same_html_as_without_the_plugin(
    build_site, probe_theme
):
    files = {"stock.md": STOCK_POST}
    ours = probe(build_site(files, THEME=probe_theme), "stock-post.html")
    stock = probe(build_site(files, THEME=probe_theme, PLUGINS=[]), "stock-post.html")
    for key in ("title", "date", "tags", "category", "summary", "content"):
        assert ours[key] == stock[key], key
    assert 'class="highlight"' in ours["content"]


def test_markdown_settings_links_toc_and_codehilite_apply(build_site, probe_theme):
    markdown = copy.deepcopy(DEFAULT_CONFIG["MARKDOWN"])
    markdown["extension_configs"]["markdown.extensions.toc"] = {"permalink": True}
    site = build_site(
        {
            "posts/a.md": """\
            ---
            title: Links
            date: 2024-01-01
            summary: See [the other]({filename}b.md).
            ---
            [TOC]

            ## First part

            ![A pebble]({static}img/pebble.png) and [B]({filename}b.md).

                :::python
                print("hi")
            """,
            "posts/b.md": """\
            ---
            title: Other
            date: 2024-01-02
            ---
            Other.
            """,
            "posts/img/pebble.png": "not really a png",
        },
        THEME=probe_theme,
        MARKDOWN=markdown,
    )
    post = probe(site, "links.html")
    assert 'class="toc"' in post["content"]
    assert 'id="first-part"' in post["content"]
    assert 'href="/other.html"' in post["content"]
    assert 'src="/posts/img/pebble.png"' in post["content"]
    assert 'class="highlight"' in post["content"]
    assert 'href="/other.html"' in post["summary"]
    assert site.exists("posts/img/pebble.png")


def test_body_lines_that_look_like_metadata_stay_in_the_body(build_site, probe_theme):
    site = build_site(
        {
            "a.md": """\
            ---
            title: T
            date: 2024-01-01
            ---
            Note: this line is text, not metadata.
            """
        },
        THEME=probe_theme,
    )
    post = probe(site, "t.html")
    assert "Note: this line is text" in post["content"]
    assert "note" not in post["metadata"].split(",")


@pytest.mark.parametrize("extension", ["md", "markdown", "mdown", "mkd"])
def test_every_markdown_extension_is_read(build_site, probe_theme, extension):
    site = build_site(
        {f"a.{extension}": "---\ntitle: Ext\ndate: 2024-01-01\ntags: [x]\n---\nBody\n"},
        THEME=probe_theme,
    )
    assert probe(site, "ext.html")["tags"] == "x;"


def test_pages_are_read_too(build_site, probe_theme):
    site = build_site(
        {"pages/about.md": "---\ntitle: About\nsummary: Who\n---\nMe.\n"},
        THEME=probe_theme,
    )
    page = probe(site, "pages/about.html")
    assert (page["title"], page["summary"]) == ("About", "<p>Who</p>")


def test_the_readers_setting_still_wins(build_site, reference_post):
    site = build_site({"job-vs-career.md": reference_post}, READERS={"md": None})
    assert not site.exists("job-vs-career.html")


def test_a_local_cover_is_copied_and_linked_like_static(build_site, probe_theme):
    site = build_site(
        {
            "posts/a.md": """\
            ---
            title: Cover
            date: 2024-01-01
            coverImage: cover.gif
            coverImageAlt: Grey
            ---
            Body.
            """,
            "posts/b.md": """\
            ---
            title: Root cover
            date: 2024-01-02
            cover: /images/shared.gif
            ---
            Body.
            """,
            "posts/cover.gif": gif(3, 2),
            "images/shared.gif": gif(3, 2),
        },
        THEME=probe_theme,
        STATIC_PATHS=["images"],
        STATIC_SAVE_AS="static/{path}",
        STATIC_URL="static/{path}",
    )
    assert build_warnings(site.records) == []
    assert probe(site, "cover.html")["cover"] == "static/posts/cover.gif|Grey|3x2"
    assert probe(site, "root-cover.html")["cover"] == "static/images/shared.gif||3x2"
    assert site.exists("static/posts/cover.gif")
    assert site.exists("static/images/shared.gif")


def test_a_local_cover_file_name_with_spaces_is_percent_encoded(build_site):
    site = build_site(
        {
            "a.md": "---\ntitle: Hill\ndate: 2024-01-01\n"
            "coverImage: /photos/my hill 1.gif\ncoverImageAlt: A hill\n---\nBody.\n",
            "photos/my hill 1.gif": gif(3, 2),
        },
        SITEURL="https://x.example",
    )
    assert build_warnings(site.records) == []
    assert site.exists("photos/my hill 1.gif")
    soup = site.html("hill.html")
    assert soup.select_one("figure img")["src"].endswith("/photos/my%20hill%201.gif")
    og = soup.find("meta", property="og:image")["content"]
    assert og == "https://x.example/photos/my%20hill%201.gif"


def snapshot(output: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(output)): p.read_bytes()
        for p in output.rglob("*")
        if p.is_file()
    }


@pytest.mark.parametrize("layer", ["reader", "generator"])
def test_a_build_from_the_content_cache_writes_the_same_output(
    tmp_path, reference_post, layer
):
    content = tmp_path / "content"
    write_files(
        content,
        {
            "job-vs-career.md": reference_post,
            "later.md": """\
            ---
            title: Later
            date: 2024-05-01
            updated: 2024-06-01
            updateDescription: More.
            cover: https://example.org/c.jpg
            location: Porto
            ---
            Body.
            """,
            "bad.md": "---\ntitle: Bad\ndate: 2024-02-30\n---\nBody\n",
            "early.md": "---\ntitle: E\ndate: 2024-03-02\nupdated: 2024-03-01\n---\n",
        },
    )
    cache = {
        "CACHE_PATH": str(tmp_path / "cache"),
        "CACHE_CONTENT": True,
        "CONTENT_CACHING_LAYER": layer,
    }
    first = run_pelican(content, tmp_path / "out1", LOAD_CONTENT_CACHE=False, **cache)
    second = run_pelican(content, tmp_path / "out2", LOAD_CONTENT_CACHE=True, **cache)
    assert any((tmp_path / "cache").iterdir())
    assert snapshot(tmp_path / "out1") == snapshot(tmp_path / "out2")
    # An error is logged on every build (errors are never cached); a warning only
    # when the file is read, so its absence shows the second build used the cache.
    error = "bad.md:3: date: '2024-02-30' is not a date (day is out of range for month)"
    warning = "early.md:4: updated: the update 2024-03-01 is earlier than the post's"
    assert [m for m in build_warnings(first) if "early.md" not in m] == [error]
    assert any(m.startswith(warning) for m in build_warnings(first))
    assert build_warnings(second) == [error]


def test_rebuilding_in_one_process_like_autoreload_picks_up_edits(tmp_path):
    content = tmp_path / "content"
    post = "---\ntitle: {title}\ndate: 2024-01-01\ncategories: [A, B]\n---\nBody\n"
    write_files(content, {"a.md": post.format(title="First")})
    settings = read_settings(
        path=None,
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(tmp_path / "out"),
            "CACHE_PATH": str(tmp_path / "cache"),
            "PLUGINS": ["reflections"],
            "THEME": theme_path(),
            "TIMEZONE": "UTC",
            "SITEURL": "",
        },
    )
    with connected_only_during_build():  # Pelican(settings) connects the plugin
        pelican = Pelican(settings)
        pelican.run()
        assert "First" in (tmp_path / "out" / "first.html").read_text()
        (content / "a.md").write_text(post.format(title="Second"), encoding="utf-8")
        pelican.run()
    page = (tmp_path / "out" / "second.html").read_text()
    assert "Second" in page
    assert datetime.date(2024, 1, 1).isoformat() in page


def test_site_aliases_apply_and_a_bad_alias_is_reported_once(build_site, probe_theme):
    site = build_site(
        {"a.md": "---\ntitle: Astro\npubDate: 2024-02-03\nhero: x.png\n---\nBody\n"},
        THEME=probe_theme,
        REFLECTIONS_ALIASES={"pubDate": "date", "hero": "heroic"},
    )
    assert probe(site, "astro.html")["date"] == "2024-02-03T00:00:00+00:00"
    [message] = build_warnings(site.records)
    assert message.startswith("REFLECTIONS_ALIASES maps 'hero' to 'heroic'")


def test_links_in_update_notes_resolve_like_the_summary(build_site):
    site = build_site(
        {
            "a.md": """\
            ---
            title: First
            date: 2024-01-01
            updatedDate: 2024-02-01
            updateDescription: Followed up in [the second]({filename}b.md).
            ---
            Text.
            """,
            "b.md": """\
            ---
            title: Second
            date: 2024-01-02
            updates:
              - date: 2024-03-01
                description: Answers [the first]({filename}a.md).
            ---
            Text.
            """,
        },
        SITEURL="https://example.org",
    )
    first = site.html("first.html").select_one(".update-note a")
    second = site.html("second.html").select_one(".update-note a")
    assert first["href"] == "https://example.org/second.html"
    assert second["href"] == "https://example.org/first.html"
    assert "{filename}" not in site.text("feeds/all.atom.xml")


def test_a_stock_updates_line_is_left_as_pelican_reads_it(build_site):
    site = build_site(
        {"s.md": "Title: Stock\nDate: 2024-01-01\nUpdates: yesterday\n\nBody.\n"}
    )
    assert site.exists("stock.html")


@pytest.mark.parametrize("multiple", [True, False])
def test_a_stock_categories_text_line_builds_with_pelicans_one_category(
    build_site, multiple
):
    site = build_site(
        {
            "s.md": "Title: Stock\nDate: 2024-01-01\nCategory: Work\n"
            "Categories: A, B\n\nBody.\n"
        },
        REFLECTIONS_MULTIPLE_CATEGORIES=multiple,
    )
    links = site.html("stock.html").select(".post-categories a")
    assert [a.get_text() for a in links] == ["Work"]


def test_one_posts_markdown_state_never_reaches_the_next(build_site):
    first = """\
    ---
    title: First
    date: 2024-01-01
    summary: Uses [ref] too.
    ---
    See [ref] and a note.[^1]

    [ref]: https://first.example/
    [^1]: Only in the first post.
    """
    second = """\
    ---
    title: Second
    date: 2024-01-02
    ---
    Mentions [ref] without defining it.
    """
    site = build_site(
        {"a.md": first, "b.md": second},
        MARKDOWN={"extensions": ["markdown.extensions.footnotes"]},
    )
    one = site.text("first.html")
    two = site.text("second.html")
    assert 'href="https://first.example/"' in one
    assert "Only in the first post." in one
    assert "first.example" not in two and "Only in the first post." not in two
    assert "[ref]" in two
