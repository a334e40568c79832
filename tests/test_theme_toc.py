"""A table of contents for long posts, from their headings, without JavaScript."""

from __future__ import annotations

import pytest
from browser.showcase import FILES, MARKDOWN, SLUG
from pelican.plugins.reflections.theming.toc import contents


def long_post(headings: int, extra: str = "", body_extra: str = "") -> str:
    sections = "".join(
        f"## Part {n}\n\nText {n}.\n\n### Detail {n}\n\nMore.\n\n"
        for n in range(1, headings + 1)
    )
    return f"---\ntitle: Long\ndate: 2024-01-01\n{extra}---\n{body_extra}{sections}"


def test_headings_get_ids_and_keep_theirs():
    found = contents(
        '<h2 id="kept">Kept <a class="headerlink" href="#kept">¶</a></h2>'
        "<h2>Tom &amp; Jerry</h2><h3>Tom &amp; Jerry</h3><h4>Not listed</h4>"
    )
    assert [(e.level, e.id, e.text) for e in found.entries] == [
        (2, "kept", "Kept"),
        (2, "tom-jerry", "Tom & Jerry"),
        (3, "tom-jerry-2", "Tom & Jerry"),
    ]
    assert '<h2 id="tom-jerry">' in found.html and '<h3 id="tom-jerry-2">' in found.html
    assert [(e.id, [c.id for c in kids]) for e, kids in found.tree()] == [
        ("kept", []),
        ("tom-jerry", ["tom-jerry-2"]),
    ]


def test_a_long_post_gets_contents_linking_to_its_headings(build_site):
    site = build_site({"long.md": long_post(2)})  # 2 h2 + 2 h3 = 4 headings
    soup = site.html("long.html")
    toc = soup.find("nav", class_="toc")
    assert toc["aria-labelledby"] == "toc-title"
    assert toc.find("details").has_attr("open")
    assert toc.find("summary").get_text() == "Contents"
    top = toc.find("ol").find_all("li", recursive=False)
    assert [li.a.get_text() for li in top] == ["Part 1", "Part 2"]
    assert [a.get_text() for a in top[0].find("ol").find_all("a")] == ["Detail 1"]
    # Every heading of the post, and only those, in the order they come.
    headings = soup.find(class_="post-body").find_all(["h2", "h3"])
    assert len(headings) == 4
    assert [a["href"] for a in toc.find_all("a")] == [f"#{h['id']}" for h in headings]
    assert [a.get_text() for a in toc.find_all("a")] == [
        h.get_text().rstrip("¶").strip() for h in headings
    ]
    # No script to open or follow it: the only scripts are JSON-LD data.
    assert {s.get("type") for s in soup.find_all("script")} <= {"application/ld+json"}


def test_a_short_post_has_none(build_site):
    site = build_site({"short.md": long_post(1)})  # 2 headings
    assert site.html("long.html").find(class_="toc") is None


@pytest.mark.parametrize("value", ["false", "no", "False"])
def test_a_post_turns_it_off_from_front_matter(build_site, value):
    site = build_site({"long.md": long_post(3, extra=f"showToc: {value}\n")})
    assert site.html("long.html").find(class_="toc") is None


def test_ids_from_markdowns_toc_extension_are_kept(build_site):
    site = build_site(FILES, MARKDOWN=MARKDOWN)
    soup = site.html(SLUG)
    links = [a["href"] for a in soup.select("nav.toc a")]
    assert links[:2] == ["#a-table-wider-than-a-phone", "#notes-and-warnings"]
    assert len(links) == 6
    assert len(soup.select("nav.toc")) == 1


def test_the_site_turns_it_off_or_asks_for_more_headings(build_site):
    off = build_site({"long.md": long_post(3)}, REFLECTIONS_TOC_MIN_HEADINGS=0)
    assert off.html("long.html").find(class_="toc") is None
    more = build_site({"long.md": long_post(2)}, REFLECTIONS_TOC_MIN_HEADINGS=5)
    assert more.html("long.html").find(class_="toc") is None
    fewer = build_site({"long.md": long_post(1)}, REFLECTIONS_TOC_MIN_HEADINGS=2)
    assert fewer.html("long.html").find(class_="toc") is not None


OTHER_TOC_PLUGIN = """\
from pelican import signals


def _made(content):
    if getattr(content, "content", None):
        content.toc = '<ul class="made-toc"><li><a href="#x">Made</a></li></ul>'


def register():
    signals.content_object_init.connect(_made)
"""


def test_a_list_another_plugin_made_is_shown_instead_of_a_second(build_site, tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "made_toc.py").write_text(OTHER_TOC_PLUGIN, encoding="utf-8")
    site = build_site(
        {"long.md": long_post(2)},
        PLUGINS=["reflections", "made_toc"],
        PLUGIN_PATHS=[str(plugins)],
    )
    toc = site.html("long.html").find("nav", class_="toc")
    assert toc.find("ul", class_="made-toc").get_text(strip=True) == "Made"
    assert toc.find("ol") is None
