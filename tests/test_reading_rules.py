"""Every key read the way its author meant (#25 items 1, 3, 5, 6).

Each post is built by the real ``pelican`` command in a process of its own: one
site with the bundled theme, one with Pelican's ``simple`` theme, a probe template
and pelican-related-posts, for what templates and other plugins are given.
"""

from __future__ import annotations

import copy
import datetime
import logging
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import Build, write_files
from helpers import pelican as run_pelican_command
from pelican.plugins.reflections.reading import fields
from pelican.plugins.reflections.reading.frontmatter import split
from pelican.plugins.reflections.reading.values import Reading
from pelican.plugins.reflections.settings import load_settings
from pelican.settings import DEFAULT_CONFIG


def pelican(site: Path, settings: str) -> Build:
    """Run ``pelican content -s conf-out.py -o out`` in ``site``."""
    return run_pelican_command(site, settings, "out")


SETTINGS = """
from pelican.plugins.reflections import theme_path
PLUGINS = ["reflections"]
THEME = theme_path()
SITENAME = "Rules"
TIMEZONE = "UTC"
RELATIVE_URLS = True
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
"""

POSTS = {
    # Item 1: singular keys given a list, plural keys given one value.
    "singular-lists.md": """
        ---
        title: Singular Lists
        date: 2024-03-01
        category:
          - Reflection
          - Health
        tag: [Rest, Habits]
        author:
          - name: Ann Lee
            link: https://ann.example.org
          - name: Bo Chen
            link: https://bo.example.org
        ---
        Body.
        """,
    "plural-one.md": """
        ---
        title: Plural One
        date: 2024-03-02
        categories: Walking
        authors:
          name: Cy Park
          link: https://cy.example.org
        ---
        Body.
        """,
    # Item 5: the documented key wins wherever it stands.
    "order.md": """
        ---
        title: Order Free
        description: The description, for search engines.
        summary: The summary, for the index.
        pubDate: 2023-01-01
        date: 2024-02-02 09:15
        ---
        Body.
        """,
    # Item 6: update history is never lost.
    "same-date.md": """
        ---
        title: Same Date
        date: 2024-04-02
        updates:
          - date: 2024-06-01
            description: Fixed the first thing.
          - date: 2024-06-01
            description: Fixed the second thing.
        ---
        Body.
        """,
    "own-day.md": """
        ---
        title: Own Day
        date: 2024-05-05 08:30
        updatedDate: 2024-05-05
        updateDescription: Corrected a name the same afternoon.
        ---
        Body.
        """,
}


def built(tmp_path: Path, *posts: str) -> Build:
    """A site of the bundled theme holding ``posts`` (names in ``POSTS``), built."""
    root = write_files(tmp_path, {f"content/{post}": POSTS[post] for post in posts})
    build = pelican(root, SETTINGS)
    assert build.returncode == 0, build.log
    return build


def names(soup: BeautifulSoup, selector: str) -> list[str]:
    return [" ".join(found.get_text().split()) for found in soup.select(selector)]


def test_singular_keys_take_lists_and_plural_keys_one_value(tmp_path: Path):
    site = built(tmp_path, "singular-lists.md", "plural-one.md")
    assert site.lines("singular-lists.md") == []
    assert site.lines("plural-one.md") == []
    for page in ("category/reflection.html", "category/health.html"):
        assert "Singular Lists" in site.html(page).get_text(), page
    for page in ("tag/rest.html", "tag/habits.html"):
        assert "Singular Lists" in site.html(page).get_text(), page
    for page in ("author/ann-lee.html", "author/bo-chen.html"):
        assert "Singular Lists" in site.html(page).get_text(), page
    assert "Plural One" in site.html("category/walking.html").get_text()
    assert "Plural One" in site.html("author/cy-park.html").get_text()


def test_the_documented_key_wins_over_an_alias_before_it(tmp_path: Path):
    site = built(tmp_path, "order.md")
    assert not [line for line in site.lines("order.md") if "WARNING" in line]
    page = site.html("order-free.html")
    published = page.select_one(".byline .published time")
    assert published["datetime"].startswith("2024-02-02T09:15")
    meta = page.select_one('meta[name="description"]')
    assert meta["content"] == "The summary, for the index."


def test_two_updates_on_one_date_keep_both_notes(tmp_path: Path):
    site = built(tmp_path, "same-date.md")
    assert site.lines("same-date.md") == []
    note = site.html("same-date.html").select_one("#updates").get_text()
    assert "Fixed the first thing." in note
    assert "Fixed the second thing." in note


def test_a_date_only_update_on_the_posts_own_day_is_kept(tmp_path: Path):
    site = built(tmp_path, "own-day.md")
    assert site.lines("own-day.md") == []
    page = site.html("own-day.html")
    assert "Corrected a name the same afternoon." in page.select_one("#updates").text
    assert page.select_one(".update-title time")["datetime"].startswith("2024-05-05")


# Item 3, and item 5's losing alias: what templates and other plugins are given.
PROBE = """
{% extends "!simple/article.html" %}
{% block content %}{{ super() }}
<dl id="kept">
{%- for key in ["mood", "version", "edition", "pubdate", "description"] %}
<dt>{{ key }}</dt><dd class="{{ 'text' if article[key] is string else 'other' }}">
{{- article[key] }}</dd>
{%- endfor %}
</dl>
<ul id="related">{% for post in article.related_posts %}<li>{{ post.slug }}</li>
{%- endfor %}</ul>
{% endblock %}
"""

PROBED = {
    "content/typed.md": """
        ---
        title: Typed
        date: 2024-02-01
        mood: No
        version: 1.10
        edition: 01
        related_posts: [first, second]
        pubDate: 2023-01-01
        date_published: 2023-01-01
        description: Kept for templates.
        summary: The summary.
        ---
        Body.
        """,
    "content/first.md": "---\ntitle: First\ndate: 2024-01-01\n---\nOne.\n",
    "content/second.md": "---\ntitle: Second\ndate: 2024-01-02\n---\nTwo.\n",
    "templates/article.html": PROBE,
}


def test_other_keys_reach_templates_and_plugins_as_typed_text(tmp_path: Path):
    root = write_files(tmp_path, PROBED)
    build = pelican(
        root,
        'PLUGINS = ["reflections", "related_posts"]\nTHEME = "simple"\n'
        'TIMEZONE = "UTC"\nTHEME_TEMPLATES_OVERRIDES = ["templates"]\n'
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\n",
    )
    assert build.returncode == 0, build.log
    assert not [line for line in build.lines("typed.md") if "WARNING" in line]
    page = build.html("typed.html")
    kept = dict(zip(names(page, "#kept dt"), page.select("#kept dd"), strict=True))
    typed = {key: (dd.get_text(), dd["class"][0]) for key, dd in kept.items()}
    assert typed == {
        "mood": ("No", "text"),
        "version": ("1.10", "text"),
        "edition": ("01", "text"),
        "pubdate": ("2023-01-01", "text"),
        "description": ("Kept for templates.", "text"),
    }
    assert names(page, "#related li") == ["first", "second"]


# The same rules for every key, read without a build (fast).


def read(header: str) -> tuple[dict, list]:
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings["TIMEZONE"] = "UTC"
    entries, _, _ = split(f"---\n{header}---\n")
    reading = Reading(settings, load_settings(settings).keys, None, None)
    return fields.read_header(entries, reading)


@pytest.mark.parametrize(
    ("header", "key", "expected"),
    [
        ("tag: Rest, Habits\n", "tags", ["Rest, Habits"]),
        ("tag: [a]\ntags: b, a\n", "tags", ["a", "b"]),
        ("author: [{name: A}, B]\n", "authors", ["A", "B"]),
        ("categories: [{name: Work}]\n", "categories", ["Work"]),
    ],
)
def test_one_rule_for_every_list_key(header, key, expected):
    metadata, problems = read(header)
    assert problems == []
    assert [item.name for item in metadata[key]] == expected


@pytest.mark.parametrize(
    "header",
    ["excerpt: E\ndescription: D\n", "description: D\nexcerpt: E\n"],
)
def test_between_aliases_the_table_order_wins_in_any_order(header):
    metadata, _ = read(header)
    assert (metadata["summary"], metadata["excerpt"]) == ("D", "E")


def test_a_losing_alias_named_like_pelican_metadata_is_not_kept():
    metadata, problems = read("modified: 2024-02-01\nupdatedDate: 2024-03-01\n")
    assert metadata["modified"] == datetime.datetime(2024, 3, 1)
    assert [(p.field, p.level) for p in problems] == [("modified", logging.WARNING)]


def test_updates_of_one_date_keep_each_note_once():
    metadata, problems = read(
        "date: 2024-01-01\nupdatedDate: 2024-02-01\nupdateDescription: A\n"
        "updates:\n  - 2024-02-01\n  - {date: 2024-02-01, description: A}\n"
        "  - {date: 2024-02-01, description: B}\n"
    )
    assert problems == []
    assert [u.note for u in metadata["updates"]] == ["A", "B"]
