"""Issue 27 item 4 (the small faults) and issue 29 item 1 (logical properties), laid
out by Chromium.

The site is tests/test_theme_faults.py's, built once by the real ``pelican``: a long
post with twelve long tags, two authors, a location, three updates, a nested table
of contents with ¶ links and a place in a series; thirty posts with long titles.
axe-core runs with WCAG 2.2's ``target-size`` rule switched on, at 390 and 1280 px,
in both schemes; the Nu checker reads every page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from test_theme_faults import LONG_POST, SERIES, build

from .serve import serving
from .support import SCHEMES, nu_errors
from .test_pages import describe_violations

pytestmark = pytest.mark.browser

ARTICLE = f"{LONG_POST}.html"
WIDTHS = [390, 1280]
# axe's default rules (WCAG 2.x A/AA, best practices) and WCAG 2.2's target-size;
# `checked` says target-size found targets to judge, so the gate cannot pass empty.
AXE_WITH_TARGET_SIZE = """async () => {
  const result = await axe.run(document, {
    rules: {"target-size": {enabled: true}},
  });
  const judged = [...result.passes, ...result.violations]
    .filter(r => r.id === "target-size")
    .reduce((n, r) => n + r.nodes.length, 0);
  return {
    checked: judged,
    violations: result.violations.map(v => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => ({
        target: n.target.join(" "),
        html: n.html,
        summary: n.failureSummary,
      })),
    })),
  };
}"""


@dataclass(frozen=True)
class Served:
    """The built site and where it is served."""

    output: Path
    base_url: str

    def url(self, relative: str) -> str:
        return f"{self.base_url}/{relative}"


@pytest.fixture(scope="module")
def faults_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    done = build(tmp_path_factory.mktemp("faults_browser"))
    with serving(done.output) as base_url:
        yield Served(done.output, base_url)


def open_page(new_page: Any, site: Served, relative: str, **options: Any) -> Any:
    page = new_page(**options)
    response = page.goto(site.url(relative), wait_until="load")
    assert response is not None and response.ok, relative
    return page


def tag_page(site: Served) -> str:
    """The page of the longest of the twelve tags."""
    hits = sorted(site.output.glob("tag/letters-to-a-younger-colleague*.html"))
    assert hits, sorted(p.name for p in (site.output / "tag").iterdir())
    return hits[0].relative_to(site.output).as_posix()


# --- the gates: axe (with target-size) and the Nu checker ---------------------


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "relative", [ARTICLE, "archives.html", "2023/index.html", "index.html", "tag"]
)
def test_pages_pass_axe_with_wcag22_target_size(
    relative: str,
    width: int,
    scheme: str,
    faults_site: Served,
    new_page: Any,
    axe_source: str,
) -> None:
    """b (and every layout item): twelve wrapped tags, no axe violation at all."""
    if relative == "tag":
        relative = tag_page(faults_site)
    page = open_page(new_page, faults_site, relative, width=width, scheme=scheme)
    page.add_script_tag(content=axe_source)
    result = page.evaluate(AXE_WITH_TARGET_SIZE)
    where = f"{relative} at {width}px, {scheme}"
    assert result["violations"] == [], describe_violations(result["violations"], where)
    assert result["checked"] > 0, f"target-size judged no target on {where}"
    if relative == ARTICLE:
        rows = page.evaluate(
            """() => new Set([...document.querySelectorAll('.post-tags li')]
                 .map(li => Math.round(li.getBoundingClientRect().top))).size"""
        )
        assert rows >= 3, f"the twelve tags wrap on {rows} line(s) only at {width}px"


def test_every_page_is_valid_html(faults_site: Served, vnu_command: list[str]) -> None:
    pages = sorted(map(str, faults_site.output.rglob("*.html")))
    errors = nu_errors(vnu_command, pages, faults_site.output)
    assert not errors, errors
    assert len(pages) > 30


# --- a. archive rows ----------------------------------------------------------


@pytest.mark.parametrize("relative", ["archives.html", "2023/index.html"])
@pytest.mark.parametrize("width", WIDTHS)
def test_archive_titles_share_one_column(
    relative: str, width: int, faults_site: Served, new_page: Any
) -> None:
    page = open_page(new_page, faults_site, relative, width=width)
    lists = page.evaluate(
        """() => [...document.querySelectorAll('.archive-list')].map(list =>
             [...list.children].map(li => {
               const date = li.querySelector('time').getBoundingClientRect();
               const link = li.querySelector('a').getBoundingClientRect();
               const range = document.createRange();
               range.selectNodeContents(li.querySelector('a'));
               const rects = [...range.getClientRects()];
               return {dateLeft: date.left, dateRight: date.right, left: link.left,
                       right: link.right, top: link.top, dateTop: date.top,
                       lines: new Set(rects.map(r => Math.round(r.top))).size,
                       rowRight: li.getBoundingClientRect().right};
             }))"""
    )
    assert lists and all(lists)
    wrapped = 0
    for rows in lists:
        starts = {round(row["left"], 1) for row in rows}
        assert len(starts) == 1, f"titles start at {sorted(starts)} at {width}px"
        for row in rows:
            assert row["left"] > row["dateRight"], row  # beside the date, not under
            assert abs(row["top"] - row["dateTop"]) < 12, row  # on the date's line
            assert row["right"] <= row["rowRight"] + 0.5, row  # wraps in its column
            wrapped += row["lines"] > 1
    assert wrapped, f"no long title wrapped at {width}px: the test saw no long title"


# --- c. the byline ------------------------------------------------------------


@pytest.mark.parametrize("width", [320, 390])
def test_no_byline_line_starts_with_a_separator(
    width: int, faults_site: Served, new_page: Any
) -> None:
    page = open_page(new_page, faults_site, ARTICLE, width=width)
    items = page.evaluate(
        """() => [...document.querySelectorAll('.post-header .byline > *')].map(e => ({
             text: e.textContent.trim(),
             top: Math.round(e.getBoundingClientRect().top),
             before: getComputedStyle(e, '::before').content,
             after: getComputedStyle(e, '::after').content,
           }))"""
    )
    assert len(items) >= 4, items
    lines = len({item["top"] for item in items})
    assert lines >= 2, f"the byline did not wrap at {width}px: {items}"
    for item in items:
        assert "·" not in item["text"] and item["before"] == "none", item
    for item in items[:-1]:
        assert "·" in item["after"], item  # it ends the item before the break
    assert items[-1]["after"] == "none"


# --- d. "Updated <date>" once on the first screen -----------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_updated_is_said_once_on_the_first_screen(
    width: int, faults_site: Served, new_page: Any
) -> None:
    page = open_page(new_page, faults_site, ARTICLE, width=width, height=900)
    shown = page.evaluate(
        """() => {
          const seen = [];
          const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            if (!n.textContent.includes('Updated')) continue;
            const r = n.parentElement.getBoundingClientRect();
            if (r.top < innerHeight && r.height > 0) seen.push(n.textContent.trim());
          }
          return seen;
        }"""
    )
    assert shown == ["Updated"], shown  # the note's heading, once
    note = page.locator("#updates-title")
    assert note.is_visible() and "20 June 2024" in note.inner_text()


# --- e. nested ToC numbers ----------------------------------------------------


def _numbered_entries(page: Any) -> list[tuple[str, str]]:
    """(number, link text) of each ToC entry as Chromium's accessibility tree has
    them: the numbers CSS counters drew, resolved by the browser."""
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")
    nodes = {node["nodeId"]: node for node in tree["nodes"]}

    def role(node: dict[str, Any]) -> str:
        return str(node.get("role", {}).get("value", ""))

    def name(node: dict[str, Any]) -> str:
        return str(node.get("name", {}).get("value", ""))

    def _kids(node: dict[str, Any]) -> list[dict[str, Any]]:
        return [nodes[c] for c in node.get("childIds", []) if c in nodes]

    found: list[tuple[str, str]] = []

    def walk(node: dict[str, Any], in_toc: bool) -> None:
        in_toc = in_toc or (
            role(node) == "navigation" and name(node).lower() == "contents"
        )
        children = _kids(node)
        if in_toc and role(node) == "listitem":
            # The number is the text of the box ::before makes, before the link.
            boxes = [c for c in children if role(c) == "generic"]
            texts = [
                name(t) for b in boxes for t in _kids(b) if role(t) == "StaticText"
            ]
            links = [name(c) for c in children if role(c) == "link"]
            found.append((texts[0] if texts else "", links[0] if links else ""))
        for child in children:
            walk(child, in_toc)

    walk(tree["nodes"][0], False)
    return found


def test_nested_contents_number_one_point_one(
    faults_site: Served, new_page: Any
) -> None:
    page = open_page(new_page, faults_site, ARTICLE)
    expected = []
    for n, section in enumerate(["Before", "The hour", "What held", "Slips", "Now"], 1):
        expected += [(f"{n}", section), (f"{n}.1", f"{section}, in detail")]
    assert _numbered_entries(page) == expected
    styles = page.evaluate(
        "[...document.querySelectorAll('.toc li')].map(li =>"
        " getComputedStyle(li).listStyleType)"
    )
    assert set(styles) == {"none"}  # no marker restarting at 1 beside the number


# --- f. the measure -----------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_a_line_of_text_holds_at_most_75_characters(
    width: int, faults_site: Served, new_page: Any
) -> None:
    page = open_page(new_page, faults_site, ARTICLE, width=width)
    counts = page.evaluate(
        """() => {
          const counts = [];
          for (const p of document.querySelectorAll('.post-body > p')) {
            const text = p.firstChild, range = document.createRange();
            const lines = new Map();
            for (let i = 0; i < text.length; i++) {
              range.setStart(text, i); range.setEnd(text, i + 1);
              const top = Math.round(range.getBoundingClientRect().top);
              lines.set(top, (lines.get(top) || 0) + 1);
            }
            counts.push(...[...lines.values()].slice(0, -1));  // not a last line
          }
          return counts;
        }"""
    )
    font = page.evaluate(
        "getComputedStyle(document.querySelector('.post-body p')).fontFamily"
    )
    assert counts and max(counts) <= 75, f"{max(counts)} characters a line ({font})"
    if width == 1280:
        average = sum(counts) / len(counts)
        assert 60 <= average <= 75, f"{average:.0f} characters a line"
        widths = page.evaluate(
            "[...document.querySelectorAll('.wrap')]"
            ".map(w => Math.round(w.getBoundingClientRect().width))"
        )
        assert len(set(widths)) == 1, f"header, text, footer columns differ: {widths}"


# --- g. print -----------------------------------------------------------------


def test_print_hides_marks_and_contents_and_sets_page_margins(
    faults_site: Served, new_page: Any
) -> None:
    page = open_page(new_page, faults_site, ARTICLE)
    shown = "(s) => [...document.querySelectorAll(s)].map(e => e.checkVisibility())"
    assert all(page.evaluate(shown, ".toc")), "the screen shows the contents"
    page.emulate_media(media="print")
    assert page.evaluate("matchMedia('print').matches")
    assert not any(page.evaluate(shown, ".headerlink, .toc"))
    assert page.locator(".update-note").is_visible()  # kept on paper
    margins = page.evaluate(
        """() => [...document.styleSheets].flatMap(s => [...s.cssRules])
             .filter(r => r instanceof CSSPageRule).map(r => r.style.margin)"""
    )
    assert margins and all(margins), margins
    assert all(not m.startswith("0") for m in margins), margins


# --- h. ¶ links on hover and focus --------------------------------------------


def test_heading_links_show_on_hover_and_keyboard_focus(
    faults_site: Served, new_page: Any
) -> None:
    page = open_page(new_page, faults_site, ARTICLE)
    opacity = "getComputedStyle(document.querySelector('#slips .headerlink')).opacity"

    def settles_at(value: str) -> None:
        """Hover state follows the pointer a frame later: wait up to a second."""
        page.wait_for_function(f"{opacity} === {value!r}", timeout=1000)

    assert page.evaluate(opacity) == "0"
    page.hover("#slips")
    settles_at("1")
    page.mouse.move(0, 0)
    settles_at("0")
    for _ in range(80):  # the keyboard reaches it, and then it shows
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('#slips .headerlink')"):
            break
    focused = "document.activeElement.matches('#slips .headerlink:focus-visible')"
    assert page.evaluate(focused), "Tab never reached the heading's ¶ link"
    settles_at("1")


def test_heading_links_stay_visible_on_a_touch_screen(
    faults_site: Served, browser: Any
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 800}, has_touch=True, is_mobile=True
    )
    try:
        page = context.new_page()
        page.goto(faults_site.url(ARTICLE), wait_until="load")
        assert not page.evaluate("matchMedia('(hover: hover)').matches")
        opacity = page.eval_on_selector(
            "#slips .headerlink", "e => getComputedStyle(e).opacity"
        )
        assert opacity == "1"
    finally:
        context.close()


# --- i. the series near the title ---------------------------------------------


def test_series_position_is_on_the_first_screen(
    faults_site: Served, new_page: Any
) -> None:
    page = open_page(new_page, faults_site, ARTICLE, width=390, height=800)
    line = page.locator(".series-line a")
    assert line.inner_text() == f"Part 3 of 3 · {SERIES}"
    box = line.bounding_box()
    title = page.locator("h1").bounding_box()
    assert box is not None and title is not None
    assert title["y"] < box["y"] < 800
    line.click()
    assert page.evaluate("location.hash") == "#series-title"
    assert page.locator("#series-title").is_visible()


# --- j. previous / next -------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
def test_previous_and_next_titles_are_no_heavier_than_the_text(
    scheme: str, faults_site: Served, new_page: Any
) -> None:
    page = open_page(new_page, faults_site, ARTICLE, scheme=scheme)
    style = """(s) => { const c = getComputedStyle(document.querySelector(s));
                       return [Number(c.fontWeight), c.fontFamily]; }"""
    body_weight, body_font = page.evaluate(style, ".post-body p")
    links = page.locator(".prev-next a")
    assert links.count() >= 1
    for i in range(links.count()):
        weight, font = links.nth(i).evaluate(
            "e => [Number(getComputedStyle(e).fontWeight),"
            " getComputedStyle(e).fontFamily]"
        )
        assert weight <= body_weight <= 400 and font == body_font


# --- #29 item 1: the stylesheet mirrors under dir="rtl" ----------------------


@pytest.mark.parametrize("scheme", SCHEMES)
def test_rules_and_indents_mirror_right_to_left(
    scheme: str, faults_site: Served, new_page: Any
) -> None:
    page = open_page(new_page, faults_site, ARTICLE, scheme=scheme)
    sides = """(s) => { const c = getComputedStyle(document.querySelector(s));
      return {left: c.borderLeftWidth, right: c.borderRightWidth,
              padLeft: c.paddingLeft, padRight: c.paddingRight}; }"""
    before = {s: page.evaluate(sides, s) for s in (".update-note", "blockquote")}
    assert before[".update-note"]["left"] == "3px", before
    assert before["blockquote"]["left"] == "3px", before
    # As the page is drawn: a read straight after the change can be a frame stale.
    page.evaluate(
        """() => new Promise(done => {
             document.documentElement.dir = 'rtl';
             requestAnimationFrame(() => requestAnimationFrame(done));
           })"""
    )
    note = page.evaluate(sides, ".update-note")
    quote = page.evaluate(sides, "blockquote")
    assert (note["right"], note["left"]) == ("3px", "1px"), note
    assert (quote["right"], quote["left"]) == ("3px", "0px"), quote
    assert quote["padRight"] == before["blockquote"]["padLeft"] != "0px"
    toc = page.evaluate(sides, ".toc details")
    assert (toc["right"], toc["left"]) == ("1px", "0px"), toc
    # The byline and the tags run from the right: the first item is rightmost.
    order = page.evaluate(
        """() => [...document.querySelectorAll('.byline > *')]
             .map(e => e.getBoundingClientRect().right)"""
    )
    assert order[0] == max(order), order
    numbers = page.evaluate(
        """() => { const li = document.querySelector('.toc li');
                   return [li.querySelector('a').getBoundingClientRect().right,
                           li.getBoundingClientRect().right]; }"""
    )
    assert numbers[0] < numbers[1] - 10, numbers  # the number column is on the right
