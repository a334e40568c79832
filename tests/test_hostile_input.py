"""Hostile and odd files: one line naming file, line and field; the rest of the
site builds; feeds stay well-formed XML; nothing is written outside the output
folder; and ``check`` reports exactly what the build logs, for every case."""

from __future__ import annotations

import copy
import datetime
import json
import logging
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import check_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as fuzzing
from hypothesis import strategies as st
from pelican.plugins.reflections.command.check import check_site
from pelican.plugins.reflections.problems import RECORD_KEY, Problem, Refused
from pelican.plugins.reflections.reading import fields, frontmatter, names
from pelican.plugins.reflections.reading.fields import FIELDS, PATH_FIELDS
from pelican.plugins.reflections.reading.values import Reading
from pelican.plugins.reflections.settings import load_settings
from pelican.settings import DEFAULT_CONFIG
from test_existing_sites import pelican

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
    # The one line is the build's only error (none at all for a warning).
    errors = site.messages(logging.ERROR)
    assert errors == ([line] if case.level == logging.ERROR else []), errors
    assert not [m for m in site.messages() if "Could not process" in m]
    assert site.exists("good-post.html")
    assert_feeds_are_xml(site.output)
    # Published: exactly one more article page, its header not in its body, and
    # one more entry in the feed; held back: none, anywhere.
    pages = {p.name for p in site.output.glob("*.html")} - {
        "good-post.html",
        "index.html",
        "archives.html",
        "authors.html",
        "categories.html",
        "tags.html",
    }
    assert len(pages) == (1 if case.published else 0), pages
    for name in pages:
        body = site.html(name).find(class_="post-body")
        text = body.get_text()
        assert "date:" not in text and "---" not in text, (name, text)
    feed = ET.parse(site.output / "feeds" / "all.atom.xml")
    entries = feed.getroot().findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == (2 if case.published else 1)
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


# Fuzzing (#26, item 8): generated headers never raise anything but ``Refused``
# (a problem for the file), and a handful of generated posts build.

_KEYS = [
    *(name for field in FIELDS for name in (field.name, *field.aliases)),
    "Title",
    "TAGS",
    "other",
    "_private",
    "metadata",
]
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.text(max_size=40),
    st.sampled_from(["!!!", "..", "../x", "/", "a/b", "word" * 75, "2024-13-45"]),
)
_INNER_KEYS = ["name", "src", "date", "description", "x"]
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(["name", "src", "date", "x"]), inner, max_size=3
        ),
    ),
    max_leaves=8,
)
_HEADERS = st.dictionaries(st.sampled_from(_KEYS), _VALUES, min_size=1, max_size=6)
_RAW = st.text(alphabet="ab: -[]{}'\"#&*!|>%@`\\\t\n", max_size=30)


def _plain(value: Any) -> Any:
    """A generated value as JSON holds it (dates as text)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, (datetime.date, float)):
        return str(value)
    return value


@st.composite
def _post(draw: st.DrawFn) -> str:
    """A post with a generated header: YAML, raw ``key: value`` lines or JSON."""
    header = draw(_HEADERS)
    form = draw(st.sampled_from(["yaml", "raw", "json"]))
    if form == "json":
        return json.dumps(_plain(header)) + "\n\nBody\n"
    if form == "raw":
        lines = [f"{key}: {draw(_RAW)}" for key in header]
        return "---\n" + "\n".join(lines) + "\n---\nBody\n"
    dumped = yaml.safe_dump(header, allow_unicode=True, default_flow_style=None)
    return f"---\n{dumped}---\nBody\n"


def _reading() -> Reading:
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings["PATH"] = "/site/content"
    return Reading(settings, load_settings(settings).keys, "/site/content/f.md")


_READING = _reading()


@given(_post())
@fuzzing(
    max_examples=400,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
def test_generated_headers_give_problems_never_exceptions(text):
    try:
        header = frontmatter.read(text)
    except Refused:
        return
    metadata, problems = fields.read_header(header.entries, _READING)
    assert all(isinstance(problem, Problem) for problem in problems)
    held_back = any(problem.is_error for problem in problems)
    for name in PATH_FIELDS:
        if name in metadata and not held_back:
            assert isinstance(metadata[name], str)
            fields.check_path(name, metadata[name])  # refused when it was read


@given(st.text(max_size=400))
@fuzzing(max_examples=200, deadline=None, derandomize=True)
def test_a_shortened_slug_fits_a_file_name_and_stays_apart(slug):
    found = names.short(slug)
    assert all(
        len(part.encode("utf-8", "surrogatepass")) <= 200 for part in found.split("/")
    )
    assert names.short(found) == found
    if found != slug:
        assert names.short(slug + "x") != found


@given(st.lists(_post(), min_size=6, max_size=6))
@fuzzing(
    max_examples=2,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
def test_generated_posts_build_with_the_pelican_command(posts):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "content").mkdir()
        (root / "content" / "good.md").write_text(GOOD, encoding="utf-8")
        for number, text in enumerate(posts):
            (root / "content" / f"gen-{number}.md").write_text(text, encoding="utf-8")
        settings_text = (
            'PATH = "content"\nPLUGINS = ["reflections"]\nTIMEZONE = "UTC"\n'
            'SITEURL = "https://example.org"\n'
        )
        done = pelican(root, settings_text)
        assert done.returncode == 0, done.log
        assert "Traceback" not in done.log, done.log
        assert (done.output / "good-post.html").is_file()
