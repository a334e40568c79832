"""Issue 27, items 2 and 3: short menus, and every list reachable from every page.

Each test reads a site the real ``pelican`` command built, in a process of its own:
400 short posts over five years, in 27 categories with 165 tags.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import write_files
from pelican.plugins.reflections import theme_path
from test_existing_sites import BASE, Build, pelican

YEARS = (2020, 2021, 2022, 2023, 2024)
# Ten posts in each of the 27 categories, then 130 more in five of them, so the
# five largest are clear: Topic 03 (50), 07 (40), 11 (35), 19 (30), 23 (25).
EXTRA = [3] * 40 + [7] * 30 + [11] * 25 + [19] * 20 + [23] * 15
TOP_FIVE = ["Topic 03", "Topic 07", "Topic 11", "Topic 19", "Topic 23"]


def tag_name(n: int) -> str:
    """165 tags, some lower-case, some capitalised: ``apple 007``, ``Berry 012``."""
    word = ["apple", "Berry", "cherry", "Damson", "elder"][n % 5]
    return f"{word} {n:03}"


def category_of(i: int) -> int:
    return i % 27 if i < 270 else EXTRA[i - 270]


def articles(n: int = 400) -> dict[str, str]:
    """``n`` posts in Pelican's own header format, 80 a year over five years."""
    return {
        f"content/post-{i:03}.md": f"""
            Title: Post {i}
            Date: {YEARS[i % len(YEARS)]}-{1 + i % 12:02}-{1 + i % 27:02} 10:00
            Category: Topic {category_of(i):02}
            Tags: {tag_name(i % 165)}, {tag_name((i * 7 + 3) % 165)}

            Post {i}.
            """
        for i in range(n)
    }


SETTINGS = (
    BASE
    + f"""
PLUGINS = ["reflections"]
THEME = {theme_path()!r}
DISPLAY_CATEGORIES_ON_MENU = True
YEAR_ARCHIVE_SAVE_AS = "{{date:%Y}}/index.html"
YEAR_ARCHIVE_URL = "{{date:%Y}}/"
TAG_FEED_RSS = "feeds/tag-{{slug}}.rss.xml"
DEFAULT_PAGINATION = 10
"""
)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = tmp_path_factory.mktemp("reach")
    write_files(root, articles())
    build = pelican(root, SETTINGS)
    assert build.returncode == 0, build.log
    return build


def every_page(build: Build) -> list[str]:
    return [
        str(path.relative_to(build.output))
        for path in sorted(build.output.rglob("*.html"))
    ]


def menu(build: Build, page: str) -> list[str]:
    return [a.get_text() for a in build.html(page).select(".site-nav a")]


def test_the_menu_shows_the_five_largest_categories_then_all_categories(
    big: Build,
) -> None:
    for page in ["index.html", "post-0.html", "archives.html", "tags.html"]:
        assert menu(big, page) == [*TOP_FIVE, "All categories", "Archives", "Feed"]
    soup = big.html("category/topic-05.html")
    link = soup.find("a", string="All categories")
    assert link["href"] == "/categories.html"
    here = big.html("categories.html").find("a", string="All categories")
    assert here["aria-current"] == "page"


def test_menu_categories_is_a_setting_and_0_shows_every_category(
    tmp_path: Path,
) -> None:
    write_files(tmp_path, articles(60))
    two = pelican(tmp_path, SETTINGS + "REFLECTIONS_MENU_CATEGORIES = 2\n", "two")
    assert two.returncode == 0, two.log
    assert menu(two, "index.html")[2] == "All categories"
    every = pelican(tmp_path, SETTINGS + "REFLECTIONS_MENU_CATEGORIES = 0\n", "all")
    assert every.returncode == 0, every.log
    names = menu(every, "index.html")
    assert len(names) == 27 + 2 and "All categories" not in names
    bad = pelican(tmp_path, SETTINGS + "REFLECTIONS_MENU_CATEGORIES = -1\n", "bad")
    assert "REFLECTIONS_MENU_CATEGORIES must be 0 or more" in " ".join(bad.log.split())
    assert len(menu(bad, "index.html")) == 5 + 3


def test_categories_and_tags_pages_are_linked_from_every_page(big: Build) -> None:
    pages = every_page(big)
    assert len(pages) > 400
    for page in pages:
        footer = big.html(page).select_one("nav.footer-nav")
        assert footer is not None, page
        hrefs = [a["href"] for a in footer.find_all("a")]
        assert hrefs == ["/categories.html", "/tags.html"], page


def test_the_links_follow_what_pelican_writes(tmp_path: Path) -> None:
    write_files(tmp_path, articles(30))
    build = pelican(tmp_path, SETTINGS + 'TAGS_SAVE_AS = ""\n')
    assert build.returncode == 0, build.log
    assert not (build.output / "tags.html").exists()
    for page in ["index.html", "post-1.html", "categories.html"]:
        footer = build.html(page).select_one("nav.footer-nav")
        assert [a.get_text() for a in footer.find_all("a")] == ["Categories"]
    assert build.html("categories.html").select_one(
        "nav.footer-nav a[aria-current=page]"
    )


def test_the_tags_page_is_alphabetical_with_counts_in_a_compact_list(
    big: Build,
) -> None:
    soup = big.html("tags.html")
    items = soup.select("ul.term-list.term-cloud > li")
    assert len(items) == 165
    names = [li.a.get_text() for li in items]
    assert names == sorted(names, key=str.casefold)
    assert names[:3] == ["apple 000", "apple 005", "apple 010"]
    counts = [li.select_one(".visually-hidden").get_text() for li in items]
    assert all(re.fullmatch(r"\d+ posts?", c) for c in counts), counts
    total = sum(int(li.select_one("[aria-hidden=true]").get_text()) for li in items)
    assert total == sum(len({i % 165, (i * 7 + 3) % 165}) for i in range(400))


def test_archives_open_with_a_year_index(big: Build) -> None:
    soup = big.html("archives.html")
    index = soup.select_one("main nav.year-index")
    assert index is not None
    assert index.find_next("section")["class"] == ["archive-year"]  # before the list
    links = [(a.get_text(), a["href"]) for a in index.find_all("a")]
    assert links == [(str(y), f"/{y}/") for y in reversed(YEARS)]


def test_without_year_pages_the_index_links_the_headings(tmp_path: Path) -> None:
    write_files(tmp_path, articles(30))
    build = pelican(tmp_path, SETTINGS + 'YEAR_ARCHIVE_SAVE_AS = ""\n')
    assert build.returncode == 0, build.log
    soup = build.html("archives.html")
    hrefs = [a["href"] for a in soup.select("nav.year-index a")]
    assert hrefs == [f"#year-{y}" for y in reversed(YEARS)]
    assert all(soup.find(id=href[1:]) for href in hrefs)


def test_a_year_page_links_the_years_before_and_after(big: Build) -> None:
    def neighbours(year: int) -> dict[str, tuple[str, str]]:
        nav = big.html(f"{year}/index.html").select_one("nav.prev-next")
        return {a["rel"][0]: (a.get_text(), a["href"]) for a in nav.find_all("a")}

    assert neighbours(2020) == {"next": ("2021", "/2021/")}
    assert neighbours(2022) == {"prev": ("2021", "/2021/"), "next": ("2023", "/2023/")}
    assert neighbours(2024) == {"prev": ("2023", "/2023/")}


def test_term_pages_say_how_many_posts_and_link_their_feed(big: Build) -> None:
    category = big.html("category/topic-03.html").select_one("main .term-meta")
    assert category.select_one(".count").get_text() == "50 posts"
    atom = "https://example.org/feeds/topic-03.atom.xml"
    links = [(a.get_text(), a["href"], a["type"]) for a in category.find_all("a")]
    assert links == [("Atom feed", atom, "application/atom+xml")]
    assert (big.output / "feeds" / "topic-03.atom.xml").is_file()
    second = big.html("category/topic-032.html").select_one("main .term-meta .count")
    assert second.get_text() == "50 posts"  # the term's count, not the page's
    tag = big.html("tag/apple-000.html").select_one("main .term-meta")
    count = tag.select_one(".count").get_text()
    assert re.fullmatch(r"\d+ posts?", count)
    feed = tag.find("a")
    assert feed.get_text() == "RSS feed" and feed["type"] == "application/rss+xml"
    assert feed["href"] == "https://example.org/feeds/tag-apple-000.rss.xml"
    assert (big.output / "feeds" / "tag-apple-000.rss.xml").is_file()


def test_one_post_is_one_post(tmp_path: Path) -> None:
    write_files(tmp_path, articles(1))
    build = pelican(tmp_path, SETTINGS + "CATEGORY_FEED_ATOM = None\n")
    assert build.returncode == 0, build.log
    meta = build.html("category/topic-00.html").select_one("main .term-meta")
    assert meta.get_text(" ", strip=True) == "1 post"
    assert build.html("archives.html").select_one("nav.year-index") is None
    assert build.html("2020/index.html").select_one("nav.prev-next") is None


def test_an_empty_css_file_still_links_the_themes_stylesheet(tmp_path: Path) -> None:
    """Item 2: ``CSS_FILE = ""`` (Pelican empties it for some themes) keeps the
    theme's main.css linked, from every kind of page, to a file that exists."""
    write_files(tmp_path, articles(3))
    build = pelican(tmp_path, SETTINGS + 'CSS_FILE = ""\n')
    assert build.returncode == 0, build.log
    for page in ["index.html", "post-1.html", "archives.html", "tags.html"]:
        links = build.html(page).select('head link[rel="stylesheet"]')
        assert [a["href"] for a in links] == ["/theme/css/main.css"], page
    assert (build.output / "theme" / "css" / "main.css").stat().st_size > 1000


def test_without_categories_on_the_menu_it_has_no_all_categories(
    tmp_path: Path,
) -> None:
    """Item 2: DISPLAY_CATEGORIES_ON_MENU = False keeps categories off the menu,
    "All categories" too; the footer still links the categories page."""
    write_files(tmp_path, articles(30))
    build = pelican(tmp_path, SETTINGS + "DISPLAY_CATEGORIES_ON_MENU = False\n")
    assert build.returncode == 0, build.log
    for page in ["index.html", "post-1.html", "categories.html"]:
        assert menu(build, page) == ["Archives", "Feed"], page
        footer = build.html(page).select_one("nav.footer-nav")
        assert footer.find("a", string="Categories")["href"] == "/categories.html"
