"""Several categories per post: category pages, the categories index and feeds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import feedparser
import pytest
from conftest import (
    REFERENCE_POST,
    BuiltSite,
    connected_only_during_build,
    reset_pelican_log_dedup,
)
from helpers import post
from pelican import Pelican
from pelican.plugins.reflections import theme_path
from pelican.settings import read_settings

SITEURL = "https://reflections.example"
FEEDS = {
    "CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml",
    "CATEGORY_FEED_RSS": "feeds/{slug}.rss.xml",
    "FEED_ALL_ATOM": "feeds/all.atom.xml",
    "FEED_ALL_RSS": "feeds/all.rss.xml",
}
# Templates that print what Pelican hands them, one line per item, so tests can
# read the exact lists (order, pagination, counts) whatever the theme looks like.
PROBE_TEMPLATES = {
    "category.html": (
        "{% for a in articles_page.object_list %}article {{ a.slug }}\n{% endfor %}"
        "{% for a in dates %}date {{ a.slug }}\n{% endfor %}"
    ),
    "categories.html": (
        "{% for category, articles in categories %}"
        "{{ category.slug }} {{ category }} {{ articles|count }}\n{% endfor %}"
    ),
}


def site_files(**posts: str) -> dict[str, str]:
    """The reference post plus the given posts, keyed by file name."""
    files = {"job-vs-career.md": REFERENCE_POST.read_text(encoding="utf-8")}
    files.update({f"{name}.md": text for name, text in posts.items()})
    return files


def probe_templates(tmp_path: Path) -> str:
    """A THEME_TEMPLATES_OVERRIDES directory holding the probe templates."""
    folder = tmp_path / "probe_templates"
    folder.mkdir(exist_ok=True)
    for name, text in PROBE_TEMPLATES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return str(folder)


def probe_lines(site: BuiltSite, relative: str, kind: str) -> list[str]:
    """The values a probe template printed on lines starting with ``kind``."""
    return [
        line.split(" ", 1)[1]
        for line in site.text(relative).splitlines()
        if line.startswith(kind + " ")
    ]


def categories_index(site: BuiltSite) -> dict[str, tuple[str, int]]:
    """The probed categories index: slug -> (name, count), each slug once."""
    index: dict[str, tuple[str, int]] = {}
    for line in site.text("categories.html").splitlines():
        slug, rest = line.split(" ", 1)
        name, count = rest.rsplit(" ", 1)
        assert slug not in index, f"category {slug} listed twice"
        index[slug] = (name, int(count))
    return index


def links(site: BuiltSite, relative: str) -> set[str]:
    """Every href on a written page."""
    return {a["href"] for a in site.html(relative).find_all("a", href=True)}


def feed_entries(site: BuiltSite, relative: str) -> dict[str, list[str]]:
    """A feed's entries: title -> the terms of its categories, in order."""
    parsed = feedparser.parse(site.text(relative))
    assert not parsed.bozo, parsed.bozo_exception
    return {e.title: [t.term for t in e.get("tags", [])] for e in parsed.entries}


@pytest.mark.parametrize("theme", [theme_path(), "simple"], ids=["bundled", "simple"])
def test_article_is_listed_on_the_page_of_each_of_its_categories(build_site, theme):
    site = build_site(
        site_files(other=post("Other", "2024-04-01", "Work", "Life")),
        THEME=theme,
        SITEURL=SITEURL,
    )
    article = f"{SITEURL}/job-vs-career.html"
    other = f"{SITEURL}/other.html"
    assert article in links(site, "category/reflection.html")
    assert other not in links(site, "category/reflection.html")
    assert {article, other} <= links(site, "category/work.html")
    assert other in links(site, "category/life.html")
    assert article not in links(site, "category/life.html")
    index = links(site, "categories.html")
    for slug in ("reflection", "work", "life"):
        assert f"{SITEURL}/category/{slug}.html" in index


def test_simple_theme_index_counts_each_category_once(build_site):
    site = build_site(
        site_files(other=post("Other", "2024-04-01", "Work", "Life")),
        THEME="simple",
    )
    items = [li.get_text(" ", strip=True) for li in site.html("categories.html")("li")]
    counted = [text for text in items if text.endswith(")")]
    assert counted == ["Life (1)", "Reflection (1)", "Work (2)"]


def test_article_category_stays_the_first_category(build_site):
    site = build_site(
        site_files(other=post("Other", "2024-04-01", "Work", "Life")),
        THEME="simple",
        SITEURL=SITEURL,
    )
    line = next(
        p
        for p in site.html("other.html")("p")
        if p.get_text().strip().startswith("Category:")
    )
    assert [a["href"] for a in line("a")] == [f"{SITEURL}/category/work.html"]
    assert line.a.get_text(strip=True) == "Work"


def test_category_pages_paginate_with_every_article_once_and_dates_in_order(
    build_site, tmp_path
):
    posts = {
        f"p{i}": post(f"Post {i}", f"2024-01-{10 + i:02d}", "Life", "Work")
        for i in range(5)
    }
    site = build_site(
        site_files(**posts),
        DEFAULT_PAGINATION=2,
        THEME_TEMPLATES_OVERRIDES=[probe_templates(tmp_path)],
    )
    pages = ["category/work.html", "category/work2.html", "category/work3.html"]
    listed = [slug for page in pages for slug in probe_lines(site, page, "article")]
    # Newest first (ARTICLE_ORDER_BY default), the reference post (March) on top.
    assert listed == ["job-vs-career", *(f"post-{i}" for i in (4, 3, 2, 1, 0))]
    assert not site.exists("category/work4.html")
    dates = probe_lines(site, "category/life.html", "date")
    assert dates == [f"post-{i}" for i in (4, 3, 2, 1, 0)]  # NEWEST_FIRST_ARCHIVES
    assert categories_index(site) == {
        "life": ("Life", 5),
        "reflection": ("Reflection", 1),
        "work": ("Work", 6),
    }


@pytest.mark.parametrize(
    "urls",
    [
        {"SITEURL": SITEURL, "FEED_APPEND_REF": True},
        {"SITEURL": "", "RELATIVE_URLS": True},
    ],
    ids=["absolute-with-ref", "relative"],
)
def test_category_feeds_hold_each_article_with_all_its_categories(build_site, urls):
    site = build_site(
        site_files(
            other=post("Other", "2024-04-01", "Work", "Life", tags="[Jobs]"),
            accents=post(
                "Über Arbeit", "2024-04-02", "Work", "Life", slug="über-arbeit"
            ),
        ),
        **FEEDS,
        **urls,
    )
    everything = {
        "Job vs Career": ["Reflection", "Work", "Jobs"],
        "Other": ["Work", "Life", "Jobs"],
        "Über Arbeit": ["Work", "Life"],
    }
    for kind in ("atom", "rss"):
        assert feed_entries(site, f"feeds/all.{kind}.xml") == everything
        assert feed_entries(site, f"feeds/work.{kind}.xml") == everything
        assert set(feed_entries(site, f"feeds/reflection.{kind}.xml")) == {
            "Job vs Career"
        }
        assert set(feed_entries(site, f"feeds/life.{kind}.xml")) == {
            "Other",
            "Über Arbeit",
        }


def test_simple_theme_builds_category_pages_and_feeds(build_site):
    site = build_site(
        site_files(other=post("Other", "2024-04-01", "Work", "Life")),
        THEME="simple",
        **FEEDS,
    )
    assert set(feed_entries(site, "feeds/work.atom.xml")) == {"Job vs Career", "Other"}
    assert feed_entries(site, "feeds/reflection.rss.xml") == {
        "Job vs Career": ["Reflection", "Work", "Jobs"]
    }
    headings = site.html("category/work.html").find_all(["h1", "h2"])
    assert any("Work" in h.get_text() for h in headings)


def test_custom_category_url_and_save_as_are_used(build_site):
    site = build_site(
        site_files(),
        SITEURL=SITEURL,
        CATEGORY_URL="topics/{slug}/",
        CATEGORY_SAVE_AS="topics/{slug}/index.html",
        CATEGORY_FEED_ATOM="topics/{slug}/feed.xml",
    )
    for slug in ("reflection", "work"):
        assert site.exists(f"topics/{slug}/index.html")
        assert site.exists(f"topics/{slug}/feed.xml")
        assert f"{SITEURL}/topics/{slug}/" in links(site, "categories.html")
    assert not site.exists("category/work.html")


def test_posts_without_categories_use_default_category_and_folders(
    build_site, tmp_path
):
    files = site_files(
        plain=post("Plain", "2024-04-01"),
        **{
            "essays/folded": post("Folded", "2024-04-02"),
            "essays/explicit": post("Explicit", "2024-04-03", "Life", "Work"),
        },
    )
    site = build_site(
        files,
        DEFAULT_CATEGORY="Notes",
        USE_FOLDER_AS_CATEGORY=True,
        THEME_TEMPLATES_OVERRIDES=[probe_templates(tmp_path)],
    )
    assert categories_index(site) == {
        "essays": ("essays", 1),
        "life": ("Life", 1),
        "notes": ("Notes", 1),
        "reflection": ("Reflection", 1),
        "work": ("Work", 2),
    }
    assert probe_lines(site, "category/essays.html", "article") == ["folded"]
    assert probe_lines(site, "category/notes.html", "article") == ["plain"]


def test_spellings_that_slugify_alike_are_one_category(build_site, tmp_path):
    site = build_site(
        site_files(
            lower=post("Lower", "2024-04-01", "work", "Open Source"),
            dashed=post("Dashed", "2024-04-02", "open-source", "WORK", "Work"),
        ),
        THEME_TEMPLATES_OVERRIDES=[probe_templates(tmp_path)],
    )
    index = categories_index(site)
    assert set(index) == {"open-source", "reflection", "work"}
    assert index["work"][1] == 3
    assert index["open-source"][1] == 2
    assert probe_lines(site, "category/work.html", "article") == [
        "dashed",
        "lower",
        "job-vs-career",
    ]


@pytest.mark.parametrize(
    ("reverse", "order"),
    [(False, ["life", "reflection", "work"]), (True, ["work", "reflection", "life"])],
)
def test_categories_index_is_sorted_by_slug_as_pelican_sorts_it(
    build_site, tmp_path, reverse, order
):
    site = build_site(
        site_files(other=post("Other", "2024-04-01", "Work", "Life")),
        REVERSE_CATEGORY_ORDER=reverse,
        THEME_TEMPLATES_OVERRIDES=[probe_templates(tmp_path)],
    )
    assert list(categories_index(site)) == order


def test_slug_settings_decide_what_is_one_category(build_site, tmp_path):
    site = build_site(
        site_files(lower=post("Lower", "2024-04-01", "work")),
        SLUGIFY_PRESERVE_CASE=True,
        THEME_TEMPLATES_OVERRIDES=[probe_templates(tmp_path)],
    )
    index = categories_index(site)
    assert index["Work"] == ("Work", 1)
    assert index["work"] == ("work", 1)


def test_drafts_and_hidden_articles_are_not_listed_or_counted(build_site, tmp_path):
    site = build_site(
        site_files(
            draft=post("Draft", "2024-04-01", "Work", "Secret", status="draft"),
            hidden=post("Hidden", "2024-04-02", "Work", "Unlisted", status="hidden"),
        ),
        THEME_TEMPLATES_OVERRIDES=[probe_templates(tmp_path)],
        **FEEDS,
    )
    assert categories_index(site) == {
        "reflection": ("Reflection", 1),
        "work": ("Work", 1),
    }
    assert probe_lines(site, "category/work.html", "article") == ["job-vs-career"]
    assert not site.exists("category/secret.html")
    assert not site.exists("category/unlisted.html")
    assert set(feed_entries(site, "feeds/work.atom.xml")) == {"Job vs Career"}


def test_one_category_per_article_when_the_setting_is_off(build_site, tmp_path):
    site = build_site(
        site_files(other=post("Other", "2024-04-01", "Life", "Work")),
        REFLECTIONS_MULTIPLE_CATEGORIES=False,
        THEME_TEMPLATES_OVERRIDES=[probe_templates(tmp_path)],
        **FEEDS,
    )
    assert categories_index(site) == {
        "life": ("Life", 1),
        "reflection": ("Reflection", 1),
    }
    assert not site.exists("category/work.html")
    assert not site.exists("feeds/work.atom.xml")
    assert feed_entries(site, "feeds/all.atom.xml") == {
        "Job vs Career": ["Reflection", "Jobs"],
        "Other": ["Life"],
    }
    assert "category/work.html" not in site.text("job-vs-career.html")


def test_rebuilding_in_one_process_does_not_accumulate(tmp_path):
    """Like ``pelican --autoreload``: one Pelican object, runs after each change."""
    content = tmp_path / "content"
    content.mkdir()
    for name, text in site_files(
        other=post("Other", "2024-04-01", "Work", "Life")
    ).items():
        (content / name).write_text(text, encoding="utf-8")
    output = tmp_path / "output"
    overrides: dict[str, Any] = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(tmp_path / "cache"),
        "PLUGINS": ["reflections"],
        "THEME": theme_path(),
        "THEME_TEMPLATES_OVERRIDES": [probe_templates(tmp_path)],
        "TIMEZONE": "UTC",
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        **FEEDS,
    }
    with connected_only_during_build():  # Pelican(...) connects the plugin
        pelican = Pelican(read_settings(path=None, override=overrides))
        site = BuiltSite(output=output, content=content)
        expected_index = {
            "life": ("Life", 1),
            "reflection": ("Reflection", 1),
            "work": ("Work", 2),
        }
        expected_feed = {
            "Job vs Career": ["Reflection", "Work", "Jobs"],
            "Other": ["Work", "Life"],
        }
        for _ in range(2):
            reset_pelican_log_dedup()
            pelican.run()
            assert categories_index(site) == expected_index
            assert feed_entries(site, "feeds/all.atom.xml") == expected_feed
            assert probe_lines(site, "category/work.html", "article") == [
                "other",
                "job-vs-career",
            ]

        (content / "other.md").unlink()
        reset_pelican_log_dedup()
        pelican.run()
        assert categories_index(site) == {
            "reflection": ("Reflection", 1),
            "work": ("Work", 1),
        }
        assert probe_lines(site, "category/work.html", "article") == ["job-vs-career"]
