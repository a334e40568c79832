"""The bundled theme, read from real builds as a reader (and a screen reader) would."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import EXAMPLE_SITE
from pelican.plugins.reflections import theme_path
from pelican.plugins.reflections.theming.templating import standalone_settings

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$")
COVER_JPEG = (EXAMPLE_SITE / "content" / "images" / "evening-hills.jpg").read_bytes()
# Elements that must never be drawn empty (an image or svg inside counts as content).
NEVER_EMPTY = ["p", "ul", "ol", "li", "span", "a", "time", "figure", "figcaption",
               "section", "nav", "footer", "header", "div", "h1", "h2"]  # fmt: skip

COVER_POST = """\
    ---
    title: Evening Walks
    date: 2024-04-20 18:30:00+10:00
    categories:
      - Reflection
    tags:
      - Habits
    location: Daylesford, Victoria
    coverImage:
      src: images/evening-hills.jpg
      alt: Layered blue hills under a pale evening sky.
      caption: The last half hour of light.
    updates:
      - date: 2024-06-01
        description: Added what changed after the first month of **no-work weekends**.
      - date: 2024-09-14
        description: Six months on, the weekends have held.
    summary: A short walk after dinner has become the most useful half hour of my day.
    ---
    It started as a way to get out of the house after a day of screens.
"""

STOCK_POST = """\
    Title: Plain Pelican
    Date: 2024-02-01 09:00
    Modified: 2024-02-03 10:00
    Category: Notes
    Tags: one, two
    Summary: A post in Pelican's own metadata format.

    Body text of a plain post.
"""


def post(title: str, date: str, *categories: str) -> str:
    """A minimal YAML front-matter post."""
    cats = "".join(f"\n  - {c}" for c in categories) or " "
    return (
        f"---\ntitle: {title}\ndate: {date}\ncategories:{cats}\n---\nBody of {title}.\n"
    )


def assert_nothing_empty(soup: BeautifulSoup) -> None:
    """No listed element is drawn without text or an image in it."""
    for tag in soup.body.find_all(NEVER_EMPTY):
        if tag.get("aria-hidden") == "true":
            continue
        assert tag.get_text(strip=True) or tag.find(["img", "svg"]), str(tag)[:200]


def assert_dates_are_iso(soup: BeautifulSoup) -> None:
    """Every <time> carries a full ISO 8601 datetime with an offset."""
    times = soup.find_all("time")
    assert times
    for time in times:
        assert ISO_WITH_OFFSET.match(time["datetime"]), time


def test_reference_post_article_structure(build_site, reference_post):
    site = build_site({"job-vs-career.md": reference_post})
    soup = site.html("job-vs-career.html")

    assert soup.html["lang"] == "en"
    assert len(soup.find_all("main")) == 1
    assert [h.get_text(strip=True) for h in soup.find_all("h1")] == ["Job vs Career"]
    skip = soup.find("a", class_="skip-link")
    assert skip["href"] == "#content" and soup.find("main")["id"] == "content"
    header = soup.find("article").find("header")
    categories = header.find("ul", class_="post-categories").find_all("a")
    assert [a.get_text() for a in categories] == ["Reflection", "Work"]
    assert [a["href"] for a in categories] == [
        "/category/reflection.html",
        "/category/work.html",
    ]
    lede = header.find(class_="lede")
    assert lede.get_text(strip=True).startswith("I came to the realisation fairly late")
    byline = header.find(class_="byline")
    assert byline.find("time")["datetime"] == "2024-03-11T00:00:00+00:00"
    assert re.fullmatch(r"\d+ min read", byline.find(class_="reading-time").get_text())
    assert "Updated" not in soup.get_text()
    assert soup.find(id="updates") is None
    assert soup.find(class_="location") is None
    assert soup.find("figure") is None and soup.find("img") is None
    tags = soup.find(class_="post-tags").find_all("a", rel="tag")
    assert [t.get_text() for t in tags] == ["Jobs"]
    body = soup.find(class_="post-body").get_text()
    assert "updatedDate" not in body and "summary:" not in body
    assert_nothing_empty(soup)
    assert_dates_are_iso(soup)


def test_cover_location_updates_article_structure(build_site):
    site = build_site(
        {"walks.md": COVER_POST, "images/evening-hills.jpg": COVER_JPEG},
        TIMEZONE="Australia/Melbourne",
    )
    soup = site.html("evening-walks.html")
    article = soup.find("article")

    byline = article.find(class_="byline")
    published = byline.find(class_="published").find("time")
    assert published["datetime"] == "2024-04-20T18:30:00+10:00"
    # The note below is headed "Updated <date>": the byline does not say it again
    # (issue 27 item 4; tests/test_theme_faults.py).
    assert byline.find(class_="updated") is None
    assert byline.find(class_="location").get_text() == "Daylesford, Victoria"

    note = article.find("section", id="updates")
    assert note["aria-labelledby"] == "updates-title"
    assert note.find(id="updates-title").get_text(" ", strip=True).startswith("Updated")
    assert note.find("h2").find("time")["datetime"].startswith("2024-09-14T")
    assert "weekends have held" in note.find(class_="update-body").get_text()
    earlier = note.find("details")
    assert earlier.find("summary").get_text() == "Earlier updates"
    assert earlier.find("time")["datetime"].startswith("2024-06-01T")
    assert earlier.find("strong").get_text() == "no-work weekends"

    figure = article.find("figure", class_="cover")
    img = figure.find("img")
    assert img["src"] == "/images/evening-hills.jpg"
    assert img["alt"] == "Layered blue hills under a pale evening sky."
    assert (img.get("width"), img.get("height")) == ("1200", "675")
    assert img.get("loading") != "lazy"
    assert figure.find("figcaption").get_text() == "The last half hour of light."
    assert site.exists("images/evening-hills.jpg")
    assert_nothing_empty(soup)
    assert_dates_are_iso(soup)


HOSTILE = "<x-evil onclick=alert(1)>&amp;</x-evil><script>alert(1)</script>"


def test_hostile_metadata_is_rendered_inert_on_every_page(build_site):
    hostile_post = f"""\
        ---
        title: '{HOSTILE}'
        author: '{HOSTILE.replace("alert", "author")}'
        date: 2024-01-01
        categories:
          - '{HOSTILE}'
          - Safe
        tags:
          - '{HOSTILE}'
        location: '<img src=x onerror=alert(1)>{HOSTILE}'
        coverImage:
          src: 'javascript:alert(1)'
          alt: '" onerror="alert(1)'
        summary: Fine.
        ---
        Body.
    """
    site = build_site({"hostile.md": hostile_post}, SLUGIFY_SOURCE="basename")
    pages = sorted(site.output.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.find("x-evil") is None, page
        for script in soup.find_all("script"):
            assert script.get("type") == "application/ld+json", page
        for tag in soup.find_all(True):
            assert not any(a.startswith("on") for a in tag.attrs), (page, tag)
            for attr in ("href", "src"):
                value = tag.get(attr, "")
                assert not value.strip().lower().startswith("javascript:"), (page, tag)
    article = site.html("hostile.html")
    assert article.find("h1").get_text() == HOSTILE
    assert HOSTILE in article.find(class_="location").get_text()
    assert article.find("img") is None


def test_stock_metadata_degrades_gracefully(build_site):
    site = build_site({"plain.md": STOCK_POST})
    soup = site.html("plain-pelican.html")
    header = soup.find("article").find("header")
    assert [a.get_text() for a in header.select(".post-categories a")] == ["Notes"]
    assert header.find(class_="lede").get_text(strip=True).startswith("A post in")
    updated = header.find(class_="updated")
    assert updated.name == "span" and updated.find("time")["datetime"] == (
        "2024-02-03T10:00:00+00:00"
    )
    assert soup.find(id="updates") is None
    assert [a.get_text() for a in soup.select(".post-tags a")] == ["one", "two"]
    assert_nothing_empty(soup)


def test_theme_renders_without_the_plugin_given_standalone_settings(build_site):
    site = build_site({"plain.md": STOCK_POST}, PLUGINS=[], **standalone_settings())
    soup = site.html("plain-pelican.html")
    assert soup.find("h1").get_text() == "Plain Pelican"
    assert soup.find(class_="skip-link").get_text() == "Skip to content"
    assert soup.select_one(".post-categories a").get_text() == "Notes"
    # The theme's REFLECTIONS_* defaults come with standalone_settings().
    assert soup.find(class_="reading-time").get_text().strip() == "1 min read"
    assert_nothing_empty(soup)


def test_every_template_pelican_may_ask_for_is_in_the_theme():
    import pelican

    simple = Path(pelican.__file__).parent / "themes" / "simple" / "templates"
    ours = Path(theme_path()) / "templates"
    missing = [p.name for p in simple.glob("*.html") if not (ours / p.name).is_file()]
    assert missing == []
    assert (ours / "404.html").is_file()


def test_index_paginates_with_cards_and_aria_current(build_site):
    files = {f"p{i}.md": post(f"Post {i}", f"2024-0{i}-01", "Work") for i in (1, 2, 3)}
    site = build_site(files, DEFAULT_PAGINATION=2)
    first, second = site.html("index.html"), site.html("index2.html")

    assert len(first.find_all("h1")) == 1
    titles = [h.get_text(strip=True) for h in first.select(".card h2")]
    assert titles == ["Post 3", "Post 2"]
    nav = first.find("nav", class_="pagination")
    assert nav.find(attrs={"aria-current": "page"}).get_text() == "Page 1 of 2"
    assert nav.find("a", rel="next")["href"] == "/index2.html"
    assert nav.find("a", rel="prev") is None
    assert second.find("nav", class_="pagination").find("a", rel="prev")["href"] == (
        "/index.html"
    )
    assert [h.get_text(strip=True) for h in second.select(".card h2")] == ["Post 1"]
    assert_nothing_empty(first)


def test_single_page_list_has_no_pagination(build_site):
    site = build_site({"a.md": post("Only", "2024-01-01", "Work")})
    assert site.html("index.html").find("nav", class_="pagination") is None


def test_archives_group_posts_by_year_with_counts(build_site):
    files = {
        "a.md": post("Old", "2023-05-01", "Work"),
        "b.md": post("New", "2024-02-01", "Work"),
        "c.md": post("Newer", "2024-06-01", "Work"),
    }
    site = build_site(
        files,
        YEAR_ARCHIVE_SAVE_AS="{date:%Y}/index.html",
        MONTH_ARCHIVE_SAVE_AS="{date:%Y}/{date:%m}/index.html",
    )
    soup = site.html("archives.html")
    years = soup.select(".archive-year h2")
    assert [h.contents[0].get_text() for h in years] == ["2024", "2023"]
    assert [h.find(class_="count").get_text() for h in years] == ["2 posts", "1 post"]
    assert years[0].find("a")["href"] == "/2024/index.html"
    rows = soup.select(".archive-year")[0].select("li a")
    assert [a.get_text() for a in rows] == ["Newer", "New"]
    period = site.html("2024/index.html")
    assert period.find("h1").get_text() == "Archives for 2024"
    assert [a.get_text() for a in period.select(".archive-list a")] == ["Newer", "New"]
    month = site.html("2024/06/index.html")
    assert month.find("h1").get_text() == "Archives for June 2024"
    assert month.find(class_="count").get_text() == "1 post"


def test_category_tag_author_pages_and_lists(build_site):
    site = build_site({"a.md": post("One", "2024-01-01", "Reflection", "Work")})
    category = site.html("category/work.html")
    assert category.find("h1").get_text(" ", strip=True) == "Category Work"
    assert category.select_one(".card h2").get_text(strip=True) == "One"
    categories = site.html("categories.html")
    assert [a.get_text() for a in categories.select(".term-list a")] == [
        "Reflection",
        "Work",
    ]
    assert categories.select_one(".term-list .count").get_text() == "1 post"
    assert site.html("authors.html").find("h1").get_text() == "Authors"
    assert site.html("tags.html").find("p", class_="empty") is not None


def test_nav_marks_the_current_page_only(build_site):
    about = "---\ntitle: About\n---\nAbout me.\n"
    site = build_site(
        {"pages/about.md": about, "a.md": post("One", "2024-01-01", "Work")},
        DISPLAY_CATEGORIES_ON_MENU=False,
    )
    page = site.html("pages/about.html")
    current = page.select('.site-nav [aria-current="page"]')
    assert [a.get_text() for a in current] == ["About"]
    assert (
        site.html("archives.html")
        .select_one('.site-nav [aria-current="page"]')
        .get_text()
        == "Archives"
    )
    assert site.html("one.html").select('.site-nav [aria-current="page"]') == []
    assert page.find("h1").get_text() == "About"


def test_nav_marks_a_category_on_its_first_page_only(build_site):
    posts = {f"p{i}.md": post(f"Post {i}", f"2024-01-0{i}", "Work") for i in (1, 2)}
    site = build_site(
        {**posts, "x.md": post("Other", "2024-01-05", "Life")},
        DISPLAY_CATEGORIES_ON_MENU=True,
        DEFAULT_PAGINATION=1,
    )

    def current(path: str) -> list[str]:
        return [
            a.get_text()
            for a in site.html(path).select('.site-nav [aria-current="page"]')
        ]

    assert current("category/work.html") == ["Work"]
    assert current("category/work2.html") == []
    assert current("category/life.html") == ["Life"]
    assert current("post-1.html") == current("index.html") == []


def test_a_site_overrides_one_block_in_a_few_lines(build_site, tmp_path):
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "article.html").write_text(
        '{% extends "!theme/article.html" %}\n'
        "{% block post_footer %}{{ super() }}<p class=signature>A.</p>{% endblock %}\n"
    )
    (overrides / "partials").mkdir()
    (overrides / "partials" / "footer.html").write_text("<p>My own footer</p>\n")
    site = build_site(
        {"a.md": post("One", "2024-01-01", "Work")},
        THEME_TEMPLATES_OVERRIDES=[str(overrides)],
    )
    soup = site.html("one.html")
    assert soup.find("p", class_="signature").get_text() == "A."
    assert soup.find("h1").get_text() == "One"
    assert soup.find("footer", class_="site-footer").get_text(strip=True) == (
        "My own footer"
    )


def test_overrides_written_for_0_1_that_include_the_card_partials_still_work(
    build_site, tmp_path
):
    """0.1 included post_card, categories and cover; they are macros now."""
    overrides = tmp_path / "overrides" / "partials"
    overrides.mkdir(parents=True)
    (overrides / "post_list.html").write_text(
        "{% for article in articles %}"
        '{% with lazy=True %}{% include "partials/post_card.html" %}'
        '{% include "partials/cover.html" %}{% endwith %}'
        '{% include "partials/categories.html" %}'
        "{% endfor %}\n"
    )
    cover = "---\ntitle: One\ndate: 2024-01-01\ncategories: [Work, Life]\n"
    cover += "coverImage: https://images.example/one.jpg\n---\nBody.\n"
    site = build_site(
        {"a.md": cover}, THEME_TEMPLATES_OVERRIDES=[str(tmp_path / "overrides")]
    )
    soup = site.html("index.html")
    [card] = soup.find_all("article", class_="card")
    assert card.find("h2").get_text(strip=True) == "One"
    [figure] = soup.find_all("figure", class_="cover")
    assert figure.img["loading"] == "lazy"
    links = soup.select("main ul.post-categories a")
    assert [a.get_text() for a in links] == ["Work", "Life"] * 2  # card + include


def test_previous_and_next_links_follow_date_order(build_site):
    files = {f"p{i}.md": post(f"Post {i}", f"2024-0{i}-01", "Work") for i in (1, 2, 3)}
    site = build_site(files)
    middle = site.html("post-2.html").find("nav", class_="prev-next")
    assert middle.find("a", rel="prev").get_text() == "Post 1"
    assert middle.find("a", rel="next").get_text() == "Post 3"
    newest = site.html("post-3.html").find("nav", class_="prev-next")
    assert newest.find("a", rel="next") is None


def test_theme_settings_toggle_what_is_drawn(build_site):
    site = build_site(
        {"walks.md": COVER_POST, "images/evening-hills.jpg": COVER_JPEG},
        REFLECTIONS_SHOW_READING_TIME=False,
        REFLECTIONS_SHOW_LOCATION=False,
        REFLECTIONS_INDEX_COVERS=True,
        REFLECTIONS_ACCENT_COLOR="#7a3e9d",
        REFLECTIONS_FOOTER_TEXT="Text <b>CC BY</b>",
        CUSTOM_CSS="static/custom.css",
    )
    article = site.html("evening-walks.html")
    assert article.find(class_="reading-time") is None
    assert article.find(class_="location") is None
    assert "--accent: #7a3e9d;" in article.find("style").get_text()
    assert article.find("link", href="/static/custom.css") is not None
    assert article.find(class_="footer-text").get_text() == "Text <b>CC BY</b>"
    card_img = site.html("index.html").select_one(".card img")
    assert card_img.get("loading") is None  # a list's first cover is eager (#28)


def test_a_bad_accent_colour_is_refused_and_named(build_site):
    site = build_site(
        {"a.md": post("One", "2024-01-01", "Work")},
        REFLECTIONS_ACCENT_COLOR="red}</style><x-evil>",
    )
    soup = site.html("one.html")
    assert soup.find("style") is None and soup.find("x-evil") is None
    named = [m for m in site.messages() if "REFLECTIONS_ACCENT_COLOR" in m]
    assert len(named) == 1, named  # checked once, at start-up


def test_every_string_goes_through_gettext(build_site):
    def mark(text: str) -> str:
        return f"[{text}]"

    def nmark(singular: str, plural: str, n: int) -> str:
        return f"[{singular if n == 1 else plural}]"

    site = build_site(
        {"walks.md": COVER_POST, "images/evening-hills.jpg": COVER_JPEG},
        JINJA_GLOBALS={"gettext": mark, "ngettext": nmark},
    )
    soup = site.html("evening-walks.html")
    assert soup.find(class_="skip-link").get_text() == "[Skip to content]"
    assert soup.find(class_="reading-time").get_text() == "[1 min read]"
    assert soup.find(class_="update-history").summary.get_text() == "[Earlier updates]"
    assert soup.find(id="updates-title").get_text().startswith("[Updated ")
    nav = [a.get_text() for a in soup.select(".site-nav a")]
    assert "[Archives]" in nav and "[Feed]" in nav
    assert soup.find(class_="post-tags").find(class_="label").get_text() == "[Tags]"


def test_unknown_language_falls_back_to_english(build_site):
    # Esperanto: no catalogue is shipped for it (French now is).
    site = build_site({"a.md": post("Un", "2024-01-01", "Laboro")}, DEFAULT_LANG="eo")
    soup = site.html("un.html")
    assert soup.html["lang"] == "eo"
    assert soup.find(class_="skip-link").get_text() == "Skip to content"


def test_404_page_when_asked_for(build_site):
    site = build_site(
        {"a.md": post("One", "2024-01-01", "Work")},
        DIRECT_TEMPLATES=["index", "archives", "404"],
    )
    soup = site.html("404.html")
    assert soup.find("h1").get_text() == "Page not found"
    assert soup.find("main").find("a", href="/")


def test_404_links_work_at_any_depth_under_relative_urls(build_site):
    site = build_site(
        {"a.md": post("One", "2024-01-01", "Work")},
        DIRECT_TEMPLATES=["index", "archives", "404"],
        SITEURL="https://example.org/blog",
        RELATIVE_URLS=True,
    )
    soup = site.html("404.html")
    assert soup.find("link", rel="stylesheet")["href"] == "/blog/theme/css/main.css"
    assert soup.find("main").find("a")["href"] == "/blog/"
    assert site.html("one.html").find("link", rel="stylesheet")["href"] == (
        "./theme/css/main.css"
    )


def test_stylesheet_stays_small():
    css = (Path(theme_path()) / "static" / "css" / "main.css").read_bytes()
    assert len(gzip.compress(css)) <= 15 * 1024


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("images/a.jpg", "/images/a.jpg"),
        ("/images/a.jpg", "/images/a.jpg"),
        ("https://example.org/a.jpg", "https://example.org/a.jpg"),
        ("javascript:alert(1)", ""),
        (" JavaScript:alert(1)", ""),
        ("java\tscript:alert(1)", ""),
        ("\x01javascript:alert(1)", ""),
        ("data:image/png;base64,AAAA", ""),
        ("//evil.example/a.jpg", ""),
        ("/\\evil.example/a.jpg", ""),
        ("http:/a.jpg", ""),
        ("", ""),
    ],
)
def test_safe_url_keeps_only_http_and_site_relative(value, expected):
    from pelican.plugins.reflections.theming.templating import safe_url

    assert safe_url(value, "") == expected


def test_reading_time_counts_words_not_markup():
    from pelican.plugins.reflections.theming.templating import reading_time

    assert reading_time("<p>" + "word " * 440 + "</p>", 220) == 2
    assert reading_time("<p>" + "word " * 441 + "</p>", 220) == 3
    assert reading_time("", 220) == 1
    assert reading_time('<img alt="many many words">', 1) == 1
    # Words are separated by whitespace: punctuation inside a word stays in it.
    assert reading_time("<p>don't stop—ever</p>", 2) == 1
    assert reading_time("<p>" + "a-b " * 3 + "</p>", 1) == 3
    # Japanese, Chinese and Korean text: every CJK character counts as a word.
    assert reading_time("<p>" + "吾輩は猫である。" * 125 + "</p>", 500) == 2
    assert reading_time("<p>猫 cat 고양이</p>", 1) == 5


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("#7a3e9d", True),
        ("rebeccapurple", True),
        ("rgb(10, 20, 30)", True),
        ("oklch(55% 0.12 250)", True),
        ("red;}</style><script>", False),
        ("url(https://evil.example/x)", False),
        ("url(x.png)", False),
        ("red; background: url(x)", False),
        ("", False),
    ],
)
def test_css_color_accepts_one_colour_only(value, kept):
    from pelican.plugins.reflections.theming.templating import css_color

    assert css_color(value) == (value if kept else "")


def test_an_empty_site_says_so_and_draws_nothing_empty(build_site):
    site = build_site({"pages/about.md": "---\ntitle: About\n---\nAbout me.\n"})
    index = site.html("index.html")
    assert index.find("p", class_="empty").get_text() == "Nothing published here yet."
    assert index.find("nav", class_="pagination") is None
    assert site.html("archives.html").find("p", class_="empty") is not None
    assert_nothing_empty(index)


def test_translations_are_linked_with_their_language(build_site):
    english = "---\ntitle: Hello\nslug: hello\nlang: en\ndate: 2024-01-01\n---\nHi.\n"
    french = (
        "---\ntitle: Bonjour\nslug: hello\nlang: fr\ndate: 2024-01-01\n---\nSalut.\n"
    )
    site = build_site({"hello.md": english, "bonjour.md": french})
    link = site.html("hello.html").find(class_="translations").find("a")
    assert (link.get_text(), link["hreflang"], link["lang"]) == ("Bonjour", "fr", "fr")
    assert link["href"] == "/hello-fr.html"
    assert site.html("hello-fr.html").html["lang"] == "fr"


def test_feed_links_stay_relative_under_relative_urls_without_a_siteurl(build_site):
    site = build_site(
        {"a.md": post("One", "2024-01-01", "Work")},
        SITEURL="",
        RELATIVE_URLS=True,
        FEED_ALL_ATOM="feeds/all.atom.xml",
        ARTICLE_URL="posts/{slug}/",
        ARTICLE_SAVE_AS="posts/{slug}/index.html",
    )
    soup = site.html("posts/one/index.html")
    feed_links = {a["href"] for a in soup.find_all("a") if a.get_text() == "Feed"}
    assert feed_links == {"../../feeds/all.atom.xml"}


def test_the_update_date_reads_as_the_posts_dates_do(build_site):
    text = (
        "---\ntitle: Dated\ndate: 2024-03-11\ndate_format: '%Y/%m/%d'\n"
        "updatedDate: 2024-05-02\nupdateDescription: Added a line.\n---\nBody.\n"
    )
    soup = build_site({"a.md": text}).html("dated.html")
    # Said once, in the note's heading (the byline leaves it to the note).
    assert soup.select_one(".byline .updated") is None
    assert soup.select_one(".update-title time").get_text() == "2024/05/02"
    assert soup.select_one(".byline .published time").get_text() == "2024/03/11"
