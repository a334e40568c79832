"""Hostile and odd files: one line naming file, line and field; the rest of the
site builds; feeds stay well-formed XML; nothing is written outside the output
folder; and ``check`` reports exactly what the build logs, for every case."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import check_settings
from pelican.plugins.reflections.check import check_site
from pelican.plugins.reflections.problems import RECORD_KEY

GOOD = "---\ntitle: Good post\ndate: 2024-01-01\ntags: [Fine]\n---\nAll well.\n"
DEEP = "[" * 700 + "]" * 700
DEEPER_THAN_ALLOWED = "[" * 60 + "]" * 60  # refused on every Python, not by its stack


@dataclass(frozen=True)
class Case:
    """A file, the problem it must give (level, field, line, words), and whether
    it is still published."""

    name: str
    text: str
    level: int
    field: str | None
    line: int
    says: str
    published: bool = False


CASES = [
    Case(
        "backspace-in-title",
        '---\ntitle: "Restoring C:\\backup"\ndate: 2024-01-02\n---\nBody\n',
        logging.WARNING,
        "title",
        2,
        "U+0008",
        published=True,
    ),
    *(
        Case(
            f"escape-{name}-in-summary",
            f'---\ntitle: T\ndate: 2024-01-02\nsummary: "a{escape}b"\n---\nBody\n',
            logging.WARNING,
            "summary",
            4,
            code,
            published=True,
        )
        for name, escape, code in [
            ("nul", "\\0", "U+0000"),
            ("esc", "\\e", "U+001B"),
            ("x01", "\\x01", "U+0001"),
            ("vt", "\\v", "U+000B"),
            ("ff", "\\f", "U+000C"),
            ("fffe", "\\uFFFE", "U+FFFE"),
            ("ffff", "\\uFFFF", "U+FFFF"),
        ]
    ),
    Case(
        "control-character-in-location",
        '---\ntitle: T\ndate: 2024-01-02\nlocation: "Lis\\x02bon"\n---\nBody\n',
        logging.WARNING,
        "location",
        4,
        "U+0002",
        published=True,
    ),
    Case(
        "control-character-in-body",
        "---\ntitle: T\ndate: 2024-01-02\n---\nfirst\nsec\x08ond\n",
        logging.WARNING,
        None,
        6,
        "U+0008",
        published=True,
    ),
    Case(
        "offset-of-25-hours",
        "---\ntitle: T\ndate: 2024-01-01T00:00:00+25:00\n---\nBody\n",
        logging.ERROR,
        "date",
        3,
        "24 hours",
    ),
    Case(
        "update-offset-of-25-hours",
        "---\ntitle: T\ndate: 2024-01-01\nupdatedDate: 2024-02-01T00:00:00+25:00\n"
        "---\nBody\n",
        logging.ERROR,
        "updatedDate",
        4,
        "24 hours",
    ),
    Case(
        "hour-overflowing-dateutil",
        '---\ntitle: T\ndate: "2024-01-01 99999999999999999999:00"\n---\nBody\n',
        logging.ERROR,
        "date",
        3,
        "is not a date",
    ),
    Case(
        "timezone-folder",
        "---\ntitle: T\ndate: 2024-01-02\ntimezone: Europe\n---\nBody\n",
        logging.ERROR,
        "timezone",
        4,
        "not a time zone",
    ),
    Case(
        "timezone-300-characters",
        f"---\ntitle: T\ndate: 2024-01-02\ntimezone: {'A' * 300}\n---\nBody\n",
        logging.ERROR,
        "timezone",
        4,
        "not a time zone",
    ),
    Case(
        "date-format-a-list",
        "---\ntitle: T\ndate: 2024-01-02\ndate_format: [5]\n---\nBody\n",
        logging.ERROR,
        "date_format",
        4,
        "must be text",
    ),
    Case(
        "nested-700-levels-in-an-unknown-key",
        f"---\ntitle: T\ndate: 2024-01-02\nextra: {DEEP}\n---\nBody\n",
        logging.ERROR,
        "extra",
        4,
        "nested too deeply",
    ),
    Case(
        "nested-60-levels",
        f"---\ntitle: T\ndate: 2024-01-02\nextra: {DEEPER_THAN_ALLOWED}\n---\nBody\n",
        logging.ERROR,
        "extra",
        4,
        "nested too deeply",
    ),
    Case(
        "nested-700-levels-in-tags",
        f"---\ntitle: T\ndate: 2024-01-02\ntags: {DEEP}\n---\nBody\n",
        logging.ERROR,
        "tags",
        4,
        "nested too deeply",
    ),
    Case(
        "a-list-of-100000-items",
        "---\ntitle: T\ndate: 2024-01-02\ntags: [" + ",".join(["a"] * 100_000) + "]\n"
        "---\nBody\n",
        logging.ERROR,
        "tags",
        4,
        "more than 10000 values; no post needs",
    ),
    Case(
        "slug-leaving-the-output-folder",
        "---\ntitle: T\ndate: 2024-01-02\nslug: ../output-evil/pwned\n---\nBody\n",
        logging.ERROR,
        "slug",
        4,
        "would leave the output folder",
    ),
    Case(
        "save-as-leaving-the-output-folder",
        "---\ntitle: T\ndate: 2024-01-02\nsave_as: ../../pwned.html\n---\nBody\n",
        logging.ERROR,
        "save_as",
        4,
        "would leave the output folder",
    ),
    Case(
        "absolute-save-as",
        "---\ntitle: T\ndate: 2024-01-02\nsave_as: /tmp/pwned.html\n---\nBody\n",
        logging.ERROR,
        "save_as",
        4,
        "would leave the output folder",
    ),
    Case(
        "url-leaving-the-site",
        "---\ntitle: T\ndate: 2024-01-02\nurl: ../elsewhere.html\n---\nBody\n",
        logging.ERROR,
        "url",
        4,
        "would leave the output folder",
    ),
    Case(
        "invalid-toml-header",
        '+++\ntitle = "T"\ndate = 2024-01-02\ntags = [a]\n+++\nBody\n',
        logging.ERROR,
        "tags",
        4,
        "invalid TOML",
    ),
    Case(
        "other-language-fence",
        '---json\n{"title": "T"}\n---\nBody\n',
        logging.ERROR,
        None,
        1,
        "'---json'",
    ),
    Case(
        "newline-inside-a-value",
        '---\ntitle: T\ndate: "2024-13-01\\nother.md:1: error: forged"\n---\nBody\n',
        logging.ERROR,
        "date",
        3,
        "is not a date",
    ),
]


def plugin_problems(records) -> set[tuple]:
    return {
        (p.level, p.field, p.line, p.message)
        for p in (getattr(r, RECORD_KEY, None) for r in records)
        if p is not None
    }


def assert_feeds_are_xml(output: Path) -> None:
    feeds = list(output.rglob("*.xml"))
    assert feeds
    for feed in feeds:
        ET.parse(feed)  # raises on malformed XML


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_a_hostile_file_gives_one_line_and_the_site_builds(build_site, case):
    site = build_site({"good.md": GOOD, f"{case.name}.md": case.text.encode()})
    ours = [r for r in site.records if getattr(r, RECORD_KEY, None)]
    assert len(ours) == 1, [r.getMessage() for r in ours]
    problem = getattr(ours[0], RECORD_KEY)
    assert (problem.level, problem.field, problem.line) == (
        case.level,
        case.field,
        case.line,
    )
    assert case.says in problem.message
    line = ours[0].getMessage()
    assert line.startswith(f"{case.name}.md:{case.line}: ")
    assert "\n" not in line and "\x08" not in line
    assert not site.messages(logging.ERROR) or case.level == logging.ERROR
    assert not [m for m in site.messages() if "Could not process" in m]
    assert site.exists("good-post.html")
    assert_feeds_are_xml(site.output)
    pages = {p.name for p in site.output.glob("*.html")} - {
        "good-post.html",
        "index.html",
        "archives.html",
        "authors.html",
        "categories.html",
        "tags.html",
    }
    assert bool(pages) == case.published, pages
    assert not list(site.output.parent.glob("output-evil")), "wrote outside output"
    assert not (site.output.parent / "pwned.html").exists()
    assert not Path("/tmp/pwned.html").exists()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_check_reports_what_the_build_logs(build_site, case):
    site = build_site({f"{case.name}.md": case.text.encode()})
    settings = check_settings(site.content, site.output.parent / "check-output")
    problems, files = check_site(settings)
    assert files == 1
    built = plugin_problems(site.records)
    checked = {(p.level, p.field, p.line, p.message) for p in problems}
    assert built <= checked, (built, checked)
    for found in problems:
        assert "\n" not in found.describe(with_level=True)


@pytest.mark.parametrize(
    "fence",
    [
        "---\r{}\r---\rBody text\r",
        "--- # front matter\n{}\n---\nBody text\n",
        "---yaml\n{}\n---\nBody text\n",
        "---YAML \n{}\n---\nBody text\n",
    ],
    ids=["cr-only", "comment", "yaml-word", "yaml-word-capitals"],
)
def test_unusual_opening_fences_are_read_as_headers(build_site, fence):
    header = "title: Fenced\ndate: 2024-01-02\nsummary: The lede\ntags: [a, b]"
    text = fence.format(header.replace("\n", "\r" if "\r" in fence else "\n"))
    site = build_site({"fenced.md": text.encode()})
    page = site.html("fenced.html")
    assert page.find("h1").get_text(strip=True) == "Fenced"
    body = page.find(class_="post-body") or page.find("article")
    assert "summary:" not in body.get_text()
    assert "date:" not in body.get_text()
    assert "Body text" in body.get_text()
    assert {a.get_text(strip=True) for a in page.select("a[rel=tag]")} >= {"a", "b"}


def test_a_file_the_build_cannot_read_is_named(build_site, tmp_path):
    dangling = tmp_path / "gone.md"
    dangling.symlink_to(tmp_path / "nowhere.md")
    site = build_site({"good.md": GOOD}, ARTICLE_PATHS=["", str(tmp_path)])
    assert site.exists("good-post.html")
    built = [m for m in site.messages(logging.ERROR) if "gone.md" in m]
    assert len(built) == 1 and "cannot be read" in built[0], built
    problems, _ = check_site(check_settings(tmp_path, tmp_path / "check-output"))
    errors = [p for p in problems if p.is_error]
    assert [(p.path.endswith("gone.md"), p.line) for p in errors] == [(True, 1)]
    assert "cannot be read: No such file or directory" in errors[0].message


@pytest.mark.parametrize(
    "header",
    ["Title: A\nTitle: B\n", "Title: A\x85B\n", "Title: A\u2028B\n"],
    ids=["two-title-lines", "next-line-character", "line-separator"],
)
def test_check_and_the_build_agree_on_odd_stock_headers(build_site, header):
    text = f"{header}Date: 2024-01-02\n\nBody\n"
    site = build_site({"stock.md": text})
    settings = check_settings(site.content, site.output.parent / "check-output")
    problems, files = check_site(settings)
    assert files == 1
    published = sorted(p.name for p in site.output.glob("*.html"))
    assert len(published) == 6, published  # the post and the five list pages
    assert not [p for p in problems if p.is_error], problems
    page = BeautifulSoup(
        next(site.output.glob("a*.html")).read_text(encoding="utf-8"), "html.parser"
    )
    assert page.find("h1")


def test_a_stock_header_slug_leaving_the_output_folder_is_refused(build_site):
    text = "Title: Evil\nDate: 2024-01-02\nSlug: ../output-evil/pwned\n\nBody\n"
    site = build_site({"good.md": GOOD, "stock.md": text})
    assert site.exists("good-post.html")
    assert not list(site.output.parent.glob("output-evil"))
    errors = site.messages(logging.ERROR)
    assert len(errors) == 1 and errors[0].startswith("stock.md:3: slug: "), errors


def test_a_stock_file_with_a_control_character_builds_with_a_warning(build_site):
    text = "Title: Back\x08space\nDate: 2024-01-02\n\nBo\x0bdy\n"
    site = build_site({"good.md": GOOD, "stock.md": text}, SITEURL="https://x.org")
    warnings = [m for m in site.messages() if m.startswith("stock.md")]
    assert warnings == [
        "stock.md:1: removed U+0008, U+000B from the text, which feeds cannot hold"
    ]
    assert site.html("backspace.html").find("h1").get_text(strip=True) == "Backspace"
    assert_feeds_are_xml(site.output)


def test_under_typogrify_a_title_is_escaped_before_it_becomes_html(build_site):
    text = '---\ntitle: "<script>alert(1)</script> & more"\ndate: 2024-01-02\n---\nB\n'
    site = build_site({"t.md": text}, TYPOGRIFY=True, SITEURL="https://x.org")
    page = next(p for p in site.output.glob("*.html") if "script" in p.name)
    html = page.read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert_feeds_are_xml(site.output)


def test_under_typogrify_the_feeds_update_note_is_typogrified(build_site):
    text = (
        "---\ntitle: T\ndate: 2024-01-02\nupdatedDate: 2024-02-01\n"
        'updateDescription: Fixed "quotes" -- and more...\n---\nBody\n'
    )
    site = build_site({"t.md": text}, TYPOGRIFY=True, SITEURL="https://x.org")
    feed = site.text("feeds/all.atom.xml")
    assert "8220;quotes" in feed, feed
    assert '"quotes"' not in feed
