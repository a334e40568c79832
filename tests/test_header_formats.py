"""Hugo's TOML and JSON front matter, and keys given twice (#25, items 2 and 4).

Each test builds its own small site with the real ``pelican`` command, in a
process of its own, then runs ``pelican-reflections check`` on the same files:
both must say the same one line per problem.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import write_files
from pelican.plugins.reflections.problems import Refused
from pelican.plugins.reflections.reading import frontmatter

SETTINGS = """
PLUGINS = ["reflections"]
THEME = "simple"
THEME_TEMPLATES_OVERRIDES = [{templates!r}]
TIMEZONE = "UTC"
SITEURL = "https://example.org"
"""
# The simple theme's article page, plus the cover and the update history.
ARTICLE = """
{% extends "!simple/article.html" %}
{% block content %}{{ super() }}
{% if article.cover is defined %}
<p id="cover">{{ article.cover }}|{{ article.cover.alt }}</p>
{% endif %}
<ol id="updates">{% for update in article.updates|default([]) -%}
<li>{{ update.date.date().isoformat() }} {{ update.note }}</li>
{%- endfor %}</ol>
{% endblock %}
"""


@dataclass
class Run:
    """A finished command: exit code, its output in one line, the output folder."""

    returncode: int
    log: str
    output: Path

    def html(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup((self.output / relative).read_text(), "html.parser")

    def published(self) -> str:
        """Every HTML page written, as one text."""
        return "".join(p.read_text() for p in sorted(self.output.rglob("*.html")))


def _run(site: Path, *args: str) -> Run:
    done = subprocess.run(
        [sys.executable, *args],
        cwd=site,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        timeout=120,
        check=False,
    )
    log = " ".join((done.stdout + done.stderr).split())
    return Run(done.returncode, log, site / "out")


def pelican(site: Path, files: dict[str, str]) -> Run:
    """Write ``files`` and run ``pelican content -s conf.py -o out`` in ``site``."""
    templates = site / "templates"
    write_files(site, {**files, "templates/article.html": ARTICLE})
    (site / "conf.py").write_text(SETTINGS.format(templates=str(templates)))
    return _run(site, "-m", "pelican", "content", "-s", "conf.py", "-o", "out")


def check(site: Path) -> tuple[int, list[str]]:
    """``pelican-reflections check content``: exit code and its output lines."""
    done = subprocess.run(
        [sys.executable, "-m", "pelican.plugins.reflections", "check", "content"],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout.splitlines()


TOML_POST = """
+++
title = "A TOML Morning"
date = 2024-05-05T08:30:00
categories = ["Reflection", "Health"]
tags = ["Rest", "Habits"]
lastmod = 2024-09-14
updateNote = "Added a note on **holidays**."
summary = "Rest is a *skill*."

[coverImage]
src = "https://images.example.org/hills.jpg"
alt = "Green hills"
+++
The body of the TOML post.
"""
JSON_POST = """
{
  "title": "A JSON Evening",
  "pubDate": "2024-06-01 19:00",
  "tags": ["Walks"],
  "heroImage": "https://images.example.org/path.jpg",
  "heroImageAlt": "A path at dusk",
  "draft": false
}

The body of the JSON post.
"""
BROKEN_TOML = """
+++
title = "Broken TOML"
date = 2024-01-02
tags = [rest]
+++
The broken TOML body.
"""
BROKEN_JSON = """
{
  "title": "Broken JSON",
  "date": "2024-01-02"
  "tags": ["x"]
}
The broken JSON body.
"""


def test_toml_and_json_headers_are_read_like_yaml_ones(tmp_path: Path):
    files = {
        "content/toml-post.md": TOML_POST,
        "content/json-post.md": JSON_POST,
        "content/broken-toml.md": BROKEN_TOML,
        "content/broken-json.md": BROKEN_JSON,
    }
    build = pelican(tmp_path, files)
    assert build.returncode == 0, build.log
    errors = [
        "broken-toml.md:4: tags: invalid TOML: Invalid value",
        "broken-json.md:4: tags: invalid JSON: Expecting ',' delimiter",
    ]
    for error in errors:
        assert build.log.count(error) == 1, build.log

    toml = build.html("a-toml-morning.html")
    times = [time["datetime"] for time in toml.select("footer time")]
    assert times == ["2024-05-05T08:30:00+00:00", "2024-09-14T00:00:00+00:00"]
    assert toml.select_one("footer a[href$='category/reflection.html']")
    assert [a.get_text() for a in toml.select("footer a[href*='/tag/']")] == [
        "Rest",
        "Habits",
    ]
    cover = "https://images.example.org/hills.jpg|Green hills"
    assert toml.select_one("#cover").get_text() == cover
    assert str(toml.select_one("#updates li")) == (
        "<li>2024-09-14 <p>Added a note on <strong>holidays</strong>.</p></li>"
    )
    assert "<em>skill</em>" in (build.output / "index.html").read_text()

    json = build.html("a-json-evening.html")
    assert json.select_one("footer time")["datetime"] == "2024-06-01T19:00:00+00:00"
    assert [a.get_text() for a in json.select("footer a[href*='/tag/']")] == ["Walks"]
    cover = "https://images.example.org/path.jpg|A path at dusk"
    assert json.select_one("#cover").get_text() == cover

    published = build.published()
    for header_text in ('"title"', "+++", 'title = "', "broken"):
        assert header_text not in published
    assert "Broken" not in published

    code, lines = check(tmp_path)
    assert code == 1
    assert sorted(lines[:-1]) == sorted(
        f"content/{e.replace(': ', ': error: ', 1)}" for e in errors
    )
    assert lines[-1] == "4 files checked: 2 errors, 0 warnings"


TWICE = """
---
title: Twice Told
date: 2024-03-01
last_modified_at: 2024-04-01
coverImage:
  src: https://images.example.org/desk.jpg
  alt: The first alt
  alt: The second alt
last_modified_at: 2024-06-01
---
The body of a post with a date given twice.
"""
UPDATES_TWICE = """
---
title: Updated Twice
date: 2024-03-02
updates:
  - date: 2024-05-01
    description: The first note
    description: The second note
---
The body of a post with a note given twice.
"""
JSON_TWICE = """
{
  "title": "JSON Twice",
  "date": "2024-03-03",
  "tags": ["Old"],
  "tags": ["New"]
}
The body of a JSON post with its tags given twice.
"""
TOML_TWICE = """
+++
title = "TOML Twice"
date = 2024-03-04
title = "Again"
+++
The body of a TOML post with its title given twice.
"""


def test_a_key_given_twice_keeps_the_last_value_with_one_warning(tmp_path: Path):
    files = {
        "content/twice.md": TWICE,
        "content/updates-twice.md": UPDATES_TWICE,
        "content/json-twice.md": JSON_TWICE,
        "content/toml-twice.md": TOML_TWICE,
    }
    build = pelican(tmp_path, files)
    assert build.returncode == 0, build.log
    warnings = [
        "twice.md:8: coverImage: 'alt' is given twice (lines 7 and 8); "
        "the last value is used",
        "twice.md:9: last_modified_at: given twice (lines 4 and 9); "
        "the last value is used",
        "updates-twice.md:7: updates: 'description' is given twice (lines 6 and 7);"
        " the last value is used",
        "json-twice.md:5: tags: given twice (lines 4 and 5); the last value is used",
    ]
    error = (
        "toml-twice.md:4: title: invalid TOML: Cannot overwrite a value "
        "(a key given twice? TOML forbids that)"
    )
    for line in [*warnings, error]:
        assert build.log.count(line) == 1, build.log
    assert build.log.count("given twice") == 5, build.log

    twice = build.html("twice-told.html")
    times = [time["datetime"] for time in twice.select("footer time")]
    assert times == ["2024-03-01T00:00:00+00:00", "2024-06-01T00:00:00+00:00"]
    cover = "https://images.example.org/desk.jpg|The second alt"
    assert twice.select_one("#cover").get_text() == cover
    updated = build.html("updated-twice.html")
    assert str(updated.select_one("#updates li")) == (
        "<li>2024-05-01 <p>The second note</p></li>"
    )
    tags = build.html("json-twice.html").select("footer a[href*='/tag/']")
    assert [a.get_text() for a in tags] == ["New"]
    published = build.published()
    assert "TOML Twice" not in published and "Again" not in published

    code, lines = check(tmp_path)
    assert code == 1
    expected = [f"content/{w.replace(': ', ': warning: ', 1)}" for w in warnings]
    expected.append(f"content/{error.replace(': ', ': error: ', 1)}")
    assert sorted(lines[:-1]) == sorted(expected)
    assert lines[-1] == "4 files checked: 1 error, 4 warnings"


# --- the same entries, without a build -----------------------------------------


def test_toml_and_json_give_the_entries_yaml_gives():
    yaml = frontmatter.read(
        "---\ntitle: 2024\ndate: 2024-05-05\ndraft: false\ntags: [a, b]\n---\nB\n"
    )
    toml = frontmatter.read(
        '+++\ntitle = "2024"\ndate = 2024-05-05\ndraft = false\n'
        'tags = ["a", "b"]\n+++\nB\n'
    )
    json = frontmatter.read(
        '{"title": "2024", "date": "2024-05-05",\n "draft": false, "tags": ["a", "b"]}'
        "\nB\n"
    )
    for header in (toml, json):
        assert [e.text for e in header.entries.values()] == [
            e.text for e in yaml.entries.values()
        ]
        assert header.body == "B\n"
        assert header.entries["draft"].value is False
    assert [e.line for e in toml.entries.values()] == [2, 3, 4, 5]
    assert [e.line for e in json.entries.values()] == [1, 1, 2, 2]
    assert (toml.body_line, json.body_line) == (7, 3)
    assert toml.entries["date"].value == datetime.date(2024, 5, 5)


def test_toml_key_lines_follow_tables_arrays_and_multi_line_strings():
    header = frontmatter.read(
        "+++\r\n"
        'summary = """\r\ntitle = "not a key"\r\n"""\r\n'
        "tags = [\r\n  'a',\r\n]\r\n"
        'cover.src = "c.jpg"\r\n'
        "[[updates]]\r\ndate = 2024-06-01\r\n"
        "+++\r\nBody\r\n"
    )
    lines = {key: entry.line for key, entry in header.entries.items()}
    assert lines == {"summary": 2, "tags": 5, "cover": 8, "updates": 9}
    assert header.entries["updates"].text == [{"date": "2024-06-01"}]


def test_json_strings_lose_what_xml_cannot_hold_and_nesting_is_bounded():
    header = frontmatter.read('{"title": "C:\\backup"}\n')
    assert header.entries["title"].value == "C:ackup"
    assert header.entries["title"].removed == ("\x08",)
    deep = "[" * 60 + "]" * 60
    for text in (f'{{\n"t": "x",\n"deep": {deep}}}\n', f"+++\ndeep = {deep}\n+++\n"):
        with pytest.raises(Refused, match="nested too deeply") as caught:
            frontmatter.read(text)
        assert (caught.value.line, caught.value.field) == (
            3 if "{" in text else 2,
            "deep",
        )


def test_text_opening_with_a_brace_that_is_not_json_stays_stock_markdown():
    for text in ("{% include 'x.html' %}\n", "{{< figure >}}\n", "{: .lead }\nText\n"):
        assert not frontmatter.has_header(text)
    assert frontmatter.has_header('{\n  "title": "T"\n}\n')
    with pytest.raises(Refused, match="no closing '\\+\\+\\+'"):
        frontmatter.read('+++\ntitle = "T"\n')


def test_an_unclosed_bracket_or_quote_is_named_where_it_was_opened(tmp_path):
    """#26 item 1: PyYAML reports a bracket left open where it gave up (the next
    key's line); the message names the line and key where it was opened."""
    from test_existing_sites import BASE, pelican

    write_files(
        tmp_path,
        {
            "content/a.md": (
                "---\ntitle: A\ndate: 2024-01-02\ntags: [Rest, Habits\n"
                "location: Daylesford\n---\nBody.\n"
            ),
            "content/b.md": (
                "---\ntitle: B\ndate: 2024-01-02\ncategories:\n  - Work\n"
                'summary: "An open quote\nlocation: x\n---\nBody.\n'
            ),
        },
    )
    built = pelican(tmp_path, BASE + 'PLUGINS = ["reflections"]\n')
    log = " ".join(built.log.split())
    assert "a.md:4: tags: invalid YAML: the '[' opened here is never closed" in log
    assert "b.md:6: summary: invalid YAML: the quote opened here is never closed" in log
    assert not (built.output / "a.html").exists()
