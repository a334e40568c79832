"""pelican-series and pelican-related-posts, installed, give a quiet box each."""

from __future__ import annotations

from test_theme import assert_nothing_empty


def part(title: str, day: int, series: str = "Rest", tags: str = "Habits") -> str:
    return (
        f"---\ntitle: {title}\ndate: 2024-01-0{day}\nseries: {series}\n"
        f"tags: [{tags}]\n---\nBody of {title}.\n"
    )


PLUGINS = ["reflections", "series", "related_posts"]


def test_a_series_box_names_the_series_the_part_and_links_the_others(build_site):
    site = build_site(
        {
            "a.md": part("One", 1),
            "b.md": part("Two", 2),
            "c.md": part("Three", 3),
        },
        PLUGINS=PLUGINS,
    )
    soup = site.html("two.html")
    box = soup.find("nav", class_="series")
    assert box["aria-labelledby"] == "series-title"
    assert box.find("h2").get_text() == "Series: Rest"
    assert box.find(class_="series-position").get_text() == "Part 2 of 3"
    items = box.find("ol").find_all("li")
    assert [li.get_text(strip=True) for li in items] == ["One", "Two", "Three"]
    assert items[1].find("a") is None
    assert items[1].find("span")["aria-current"] == "page"
    assert [a["href"] for a in box.find_all("a")] == ["/one.html", "/three.html"]
    assert_nothing_empty(soup)


def test_related_posts_are_listed_after_the_post(build_site):
    site = build_site(
        {
            "a.md": part("One", 1, series="A"),
            "b.md": part("Two", 2, series="B"),
            "c.md": part("Other", 3, series="C", tags="Elsewhere"),
        },
        PLUGINS=PLUGINS,
    )
    soup = site.html("one.html")
    related = soup.find("nav", class_="related")
    assert related.find("h2").get_text() == "Related"
    assert [a.get_text() for a in related.find_all("a")] == ["Two"]
    assert related.find_previous("article") is not None  # after the post
    # A series of one draws no box.
    assert soup.find(class_="series") is None
    assert site.html("other.html").find(class_="related") is None
    assert_nothing_empty(soup)


def test_without_those_plugins_nothing_is_drawn(build_site):
    site = build_site({"a.md": part("One", 1), "b.md": part("Two", 2)})
    soup = site.html("two.html")
    assert soup.find(class_="series") is None and soup.find(class_="related") is None
