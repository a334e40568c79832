"""Issue 27 item 4 (the small faults) and issue 29 item 1 (logical properties).

Every test reads a site the real ``pelican`` command built, in a process of its own:
a long post with twelve long tags, two authors, a location, three updates, nested
headings with Markdown's ¶ links and a place in a series of three, beside thirty
posts with short and very long titles over two years. The browser tests
(tests/browser/test_theme_faults.py) lay the same site out in Chromium.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import tinycss2
from bs4 import Tag
from helpers import Build, pelican, write_files
from pelican.plugins.reflections import theme_path
from test_existing_sites import BASE

STYLESHEET = Path(theme_path()) / "static" / "css" / "main.css"

LONG_POST = "the-weekly-review-three-years-on"
TAGS = [
    "Weekly reviews and other rituals",
    "Paying attention on purpose",
    "Rest as a practice",
    "Working from a small country town",
    "Notebooks kept by hand",
    "Saying no without apology",
    "Long walks after dinner",
    "Calendars that tell the truth",
    "Reading slowly, again",
    "Habits that lasted a year",
    "Changing my mind in public",
    "Letters to a younger colleague",
]
SERIES = "Learning to rest"
LONG_TITLE = (
    "What three years of Sunday evening reviews taught me about the difference "
    "between being busy and being useful"
)
PARAGRAPH = (
    "I started the review as a way to stop carrying the week around in my head, and "
    "for the first months it was little more than a list of what was left undone. "
    "Slowly it became the one hour in the week when I asked whether the work in "
    "front of me was the work I meant to be doing, and whether I would choose it "
    "again if I had the choice to make over."
)


def _sections() -> str:
    """Five h2 sections with an h3 each (a nested table of contents)."""
    parts = []
    for n, name in enumerate(["Before", "The hour", "What held", "Slips", "Now"], 1):
        parts.append(
            f"## {name}\n\n{PARAGRAPH}\n\n### {name}, in detail\n\n{PARAGRAPH}\n\n"
        )
        if n == 2:
            parts.append(
                "> A review is not a verdict. It is a place to notice what the week "
                "was, without deciding yet what it meant.\n\n"
                "- Clear the inbox to zero.\n- Read last week's notes.\n\nThen:\n\n"
                "1. Look back.\n2. Look ahead.\n\n"
            )
    return "".join(parts)


def long_post() -> str:
    """Part 3 of 3 of a series, with every byline field and twelve long tags."""
    tags = "".join(f"\n  - {tag}" for tag in TAGS)
    return f"""---
title: The weekly review, three years on
slug: {LONG_POST}
date: 2024-03-11 09:00
authors:
  - A. Writer
  - B. Second-Writer
categories:
  - Reflection
  - Work
tags:{tags}
series: {SERIES}
location: Castlemaine, Central Victoria, Australia
summary: What an hour on Sunday evening did to the rest of the week.
updates:
  - date: 2024-04-02
    description: Added the section on slips.
  - date: 2024-06-20
    description: Six months later, the hour has held.
---
{PARAGRAPH}

{_sections()}"""


def series_part(n: int) -> str:
    return (
        f"---\ntitle: Rest, part {n}\ndate: 2024-0{n}-01 09:00\nseries: {SERIES}\n"
        f"categories: [Reflection]\nauthor: A. Writer\n---\n{PARAGRAPH}\n"
    )


def archive_post(i: int) -> str:
    """Thirty posts over 2022 and 2023; every third title is very long."""
    title = f"{LONG_TITLE} ({i})" if i % 3 == 0 else f"Short note {i}"
    month = 1 + i % 12
    return (
        f"---\ntitle: {title}\ndate: {2022 + i % 2}-{month:02}-{1 + i % 28:02} 08:00\n"
        f"categories: [Notes]\nauthor: A. Writer\n---\nBody {i}.\n"
    )


def files() -> dict[str, str]:
    """The content folder: the long post, its series and thirty archive posts."""
    found = {f"content/{LONG_POST}.md": long_post()}
    found.update({f"content/rest-{n}.md": series_part(n) for n in (1, 2)})
    found.update({f"content/note-{i:02}.md": archive_post(i) for i in range(30)})
    return found


SETTINGS = (
    BASE
    + f"""
PLUGINS = ["reflections", "series"]
THEME = {theme_path()!r}
AUTHOR = "A. Writer"
DEFAULT_DATE_FORMAT = "%a %-d %B %Y"
YEAR_ARCHIVE_SAVE_AS = "{{date:%Y}}/index.html"
YEAR_ARCHIVE_URL = "{{date:%Y}}/"
MARKDOWN = {{
    "extension_configs": {{
        "markdown.extensions.extra": {{}},
        "markdown.extensions.toc": {{"permalink": True}},
    }},
    "output_format": "html5",
}}
"""
)


def build(root: Path) -> Build:
    """Write the site under ``root`` and build it with the real ``pelican``."""
    write_files(root, files())
    done = pelican(root, SETTINGS)
    assert done.returncode == 0, done.log
    return done


@cache
def _rules() -> list[tuple[str, str, dict[str, str]]]:
    """(at-rule prelude or "", selector, {property: value}) of every style rule."""
    found: list[tuple[str, str, dict[str, str]]] = []

    def walk(rules: list, where: str) -> None:
        for rule in rules:
            if rule.type == "qualified-rule":
                declarations = tinycss2.parse_blocks_contents(
                    rule.content, skip_comments=True, skip_whitespace=True
                )
                props = {
                    d.lower_name: tinycss2.serialize(d.value).strip()
                    for d in declarations
                    if d.type == "declaration"
                }
                found.append((where, tinycss2.serialize(rule.prelude).strip(), props))
            elif rule.type == "at-rule" and rule.content is not None:
                prelude = f"@{rule.lower_at_keyword} {tinycss2.serialize(rule.prelude)}"
                prelude = " ".join(prelude.split())
                inner = tinycss2.parse_blocks_contents(
                    rule.content, skip_comments=True, skip_whitespace=True
                )
                if any(item.type == "qualified-rule" for item in inner):
                    walk(inner, prelude.strip())
                else:
                    props = {
                        d.lower_name: tinycss2.serialize(d.value).strip()
                        for d in inner
                        if d.type == "declaration"
                    }
                    found.append((prelude.strip(), "", props))

    sheet = tinycss2.parse_stylesheet(
        STYLESHEET.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True
    )
    walk(sheet, "")
    return found


def css(selector: str, where: str = "") -> dict[str, str]:
    """The declarations of the rules whose selector list holds ``selector``."""
    merged: dict[str, str] = {}
    for context, selectors, props in _rules():
        if context == where and selector in [s.strip() for s in selectors.split(",")]:
            merged.update(props)
    return merged


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build(tmp_path_factory.mktemp("faults"))


def header_of(site: Build, relative: str) -> Tag:
    found = site.html(relative).find("article").find("header")
    assert isinstance(found, Tag)
    return found


# --- a. archive rows: a date column and a title column ------------------------


def test_archive_rows_are_a_date_then_a_title_in_a_grid(site: Build) -> None:
    for relative in ("archives.html", "2023/index.html"):
        rows = site.html(relative).select(".archive-list > li")
        assert len(rows) >= 15
        for row in rows:
            children = [c.name for c in row.children if isinstance(c, Tag)]
            assert children == ["time", "a"], row
    assert css(".archive-list")["display"] == "grid"
    row = css(".archive-list li")
    assert row["display"] == "grid" and row["grid-template-columns"] == "subgrid"
    assert "min-width" not in css(".archive-date")


# --- b. twelve tags ------------------------------------------------------------


def test_twelve_tags_are_all_linked_and_each_is_a_24px_target(site: Build) -> None:
    tags = header_of(site, f"{LONG_POST}.html").find_next(class_="post-tags")
    assert [a.get_text() for a in tags.find_all("a", rel="tag")] == TAGS
    target = css(".post-tags a")
    assert target["display"] == "inline-block" and target["padding-block"], target
    # 0.875rem text at line height 1.65, plus 0.2rem above and below: 29.5 px.
    assert css(".post-footer")["font-size"] == "var(--small)"


# --- c. the byline: no separator starts a line ---------------------------------


def test_the_byline_separators_end_items_instead_of_starting_them(
    site: Build,
) -> None:
    byline = header_of(site, f"{LONG_POST}.html").find(class_="byline")
    items = [c for c in byline.children if isinstance(c, Tag)]
    assert [i["class"][0] for i in items] == [
        "published",
        "authors",
        "location",
        "reading-time",
    ]
    assert "·" not in byline.get_text()  # drawn by CSS, after an item
    after = css(".byline > :not(:last-child)::after")
    assert after["content"].startswith('"·"')
    assert not [s for _, s, _ in _rules() if "byline" in s and "::before" in s]


# --- d. "Updated <date>" once on the first screen ------------------------------


def test_updated_and_its_date_are_said_once_above_the_text(site: Build) -> None:
    header = header_of(site, f"{LONG_POST}.html")
    assert header.get_text(" ").count("Updated") == 1
    assert header.find(class_="byline").find(class_="updated") is None
    title = header.find(id="updates-title")
    assert " ".join(title.get_text(" ").split()) == "Updated Thu 20 June 2024"
    assert header.get_text(" ").count("20 June 2024") == 1


def test_a_later_date_only_update_stays_in_the_byline(build_site) -> None:
    later = (
        "---\ntitle: Later\ndate: 2024-01-01\nupdates:\n  - date: 2024-05-01\n"
        "  - date: 2024-03-01\n    description: Added a paragraph.\n---\nBody.\n"
    )
    dated = "---\ntitle: Dated\ndate: 2024-01-01\nupdatedDate: 2024-02-02\n---\nB.\n"
    site = build_site({"later.md": later, "dated.md": dated})
    header = site.html("later.html").find("article").find("header")
    updated = header.find(class_="byline").find(class_="updated")
    assert updated.name == "a" and updated["href"] == "#updates"
    assert updated.time["datetime"].startswith("2024-05-01")
    assert header.find(id="updates-title").time["datetime"].startswith("2024-03-01")
    times = [t["datetime"][:10] for t in header.find_all("time")]
    assert times == ["2024-01-01", "2024-05-01", "2024-03-01"]  # each date once
    only = site.html("dated.html").find("article").find("header")
    assert only.find(class_="byline").find("span", class_="updated") is not None
    assert only.find(id="updates") is None


# --- e. nested contents numbered 1.1, 1.2 --------------------------------------


def test_nested_contents_are_numbered_by_counters_not_restarting_markers(
    site: Build,
) -> None:
    toc = site.html(f"{LONG_POST}.html").find("nav", class_="toc")
    top = toc.find("ol").find_all("li", recursive=False)
    assert len(top) == 5 and all(len(li.find("ol").find_all("li")) == 1 for li in top)
    assert css(".toc ol")["list-style"] == "none"
    assert css(".toc ol")["counter-reset"] == "toc"
    assert css(".toc ol > li")["counter-increment"] == "toc"
    assert css(".toc ol > li::before")["content"] == 'counters(toc, ".")'


# --- f. the measure --------------------------------------------------------------


def test_the_measure_is_set_in_ch() -> None:
    value = css(":root")["--measure"]
    match = re.fullmatch(r"(\d+)ch", value)
    assert match and 55 <= int(match.group(1)) <= 72, value
    assert css(".wrap")["width"] == "min(100% - 2.5rem, var(--column))"
    assert css("body")["--column"] == "var(--measure)"


# --- g. print --------------------------------------------------------------------


def test_print_hides_marks_and_contents_and_has_page_margins() -> None:
    pages = [props for where, _, props in _rules() if where.startswith("@page")]
    assert pages and all(p.get("margin") for p in pages), pages
    hidden = [
        s.strip()
        for where, selectors, props in _rules()
        if where == "@media print" and props.get("display") == "none"
        for s in selectors.split(",")
    ]
    assert ".headerlink" in hidden and ".toc" in hidden


# --- h. ¶ links on hover and focus -----------------------------------------------


def test_heading_marks_show_on_hover_and_focus_only_where_there_is_hover(
    site: Build,
) -> None:
    heading = site.html(f"{LONG_POST}.html").find(id="slips")
    assert heading.find("a", class_="headerlink")["href"] == "#slips"
    assert css(".headerlink", "@media (hover: hover)") == {"opacity": "0"}
    assert css(".headerlink:focus-visible", "@media (hover: hover)") == {"opacity": "1"}
    assert css(":hover > .headerlink", "@media (hover: hover)") == {"opacity": "1"}
    assert "opacity" not in css(".headerlink")


# --- i. the series near the title ------------------------------------------------


def test_the_part_of_the_series_is_said_under_the_title(site: Build) -> None:
    soup = site.html(f"{LONG_POST}.html")
    line = soup.find(class_="series-line")
    assert line.find_previous_sibling().name == "h1"
    assert line.find_next_sibling()["class"] == ["lede"]
    assert line.a.get_text() == f"Part 3 of 3 · {SERIES}"
    assert line.a["href"] == "#series-title"
    assert soup.find(id="series-title").find_parent("nav")["class"] == ["series"]
    first = site.html("rest-part-1.html").find(class_="series-line")
    assert first.get_text(strip=True) == f"Part 1 of 3 · {SERIES}"
    assert site.html("short-note-1.html").find(class_="series-line") is None


def test_the_series_line_goes_through_gettext(build_site) -> None:
    def mark(text: str) -> str:
        return f"[{text}]"

    parts = {
        f"{n}.md": f"---\ntitle: P{n}\ndate: 2024-01-0{n}\nseries: S\n---\nB.\n"
        for n in (1, 2)
    }
    site = build_site(
        parts,
        PLUGINS=["reflections", "series"],
        JINJA_GLOBALS={"gettext": mark, "ngettext": lambda s, p, n: mark(p)},
    )
    line = site.html("p2.html").find(class_="series-line")
    assert line.get_text(strip=True) == "[Part 2 of 2 · S]"


# --- j. previous and next --------------------------------------------------------


def test_previous_and_next_titles_are_in_the_texts_font_and_weight(
    site: Build,
) -> None:
    links = site.html(f"{LONG_POST}.html").select(".prev-next a")
    assert links and all(a.find(["strong", "b"]) is None for a in links)
    style = css(".prev-next a")
    assert style == {"font-family": "var(--font-body)", "font-weight": "400"}


# --- #29 item 1: logical properties ----------------------------------------------

PHYSICAL = re.compile(
    r"^(margin|padding|border|inset|scroll-margin|scroll-padding)-(left|right)"
    r"|^(left|right)$|^border-(top|bottom)-(left|right)-radius$"
)


def test_the_stylesheet_mirrors_by_using_logical_properties() -> None:
    physical = [
        (where, selector, name)
        for where, selector, props in _rules()
        for name in props
        if PHYSICAL.match(name)
    ]
    assert physical == []
    sided = [
        (selector, name, value)
        for _, selector, props in _rules()
        for name, value in props.items()
        if name in ("text-align", "float", "clear") and value in ("left", "right")
    ]
    assert sided == []
    assert css(".update-note")["border-inline-start"] == "3px solid var(--link)"
    assert css(".post-body blockquote")["border-inline-start"]
    assert css(".post-body .toc details")["border-inline-start"]
    # Code reads left to right even on a right-to-left page.
    assert css("pre")["direction"] == "ltr"
