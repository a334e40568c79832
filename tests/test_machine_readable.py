"""Feeds, social cards and structured data, read the way machines read them."""

from __future__ import annotations

import json
import re
from typing import Any
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import REFERENCE_POST, BuiltSite, run_pelican
from helpers import gif, write_files

SITEURL = "https://reflections.example"
JSON_LD_SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")
# A 1x1 GIF: the cover must exist in the content tree.
GIF = gif()

UPDATED_POST = """\
    ---
    title: Starting Again
    date: 2024-03-11
    categories:
      - Reflection
      - Work
    updatedDate: 2024-05-02
    updateDescription: Added a note on the *Focus Course*.
    tags:
      - Jobs
      - Careers
    location: Melbourne, Australia
    coverImage: images/desk.gif
    coverImageAlt: A desk by a window at dawn
    summary: Why I *stopped* confusing the two & what changed.
    ---
    The body of the post.
    """

HOSTILE_TITLE = 'She said "no" </script><script>alert(1)</script> & left'
HOSTILE_POST = """\
    ---
    title: 'She said "no" </script><script>alert(1)</script> & left'
    slug: hostile
    date: 2024-06-01
    categories: [Reflection]
    summary: A title that tries to close the script element.
    ---
    Body.
    """

ABOUT_PAGE = """\
    ---
    title: About
    summary: Who writes here, and why.
    ---
    A page, not a post.
    """

SETTINGS: dict[str, Any] = {
    "SITEURL": SITEURL,
    "SITENAME": "Reflections",
    "SITESUBTITLE": "Notes on work and life",
    "AUTHOR": "A. Writer",
    "TIMEZONE": "Australia/Melbourne",
    "FEED_ALL_ATOM": "feeds/all.atom.xml",
    "FEED_ALL_RSS": "feeds/all.rss.xml",
    "CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml",
    "CATEGORY_FEED_RSS": "feeds/{slug}.rss.xml",
    "TAG_FEED_ATOM": "feeds/tag-{slug}.atom.xml",
    "AUTHOR_FEED_ATOM": None,
    "AUTHOR_FEED_RSS": None,
}


def site_files(reference_post: str) -> dict[str, str | bytes]:
    """The reference post (never updated), an updated post, a hostile title."""
    return {
        "job-vs-career.md": reference_post,
        "starting-again.md": UPDATED_POST,
        "hostile.md": HOSTILE_POST,
        "images/desk.gif": GIF,
        "pages/about.md": ABOUT_PAGE,
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """One build of the three posts, shared by the tests that only read it."""
    root = tmp_path_factory.mktemp("machine")
    content = root / "content"
    write_files(content, site_files(REFERENCE_POST.read_text(encoding="utf-8")))
    output = root / "output"
    records = run_pelican(content, output, **SETTINGS)
    return BuiltSite(output=output, content=content, records=records)


def entry(feed: Any, title: str) -> Any:
    """The feed entry with this title."""
    found = [e for e in feed.entries if e.title == title]
    assert len(found) == 1, [e.title for e in feed.entries]
    return found[0]


def head_meta(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(property or name, content) of every <meta> with one, in document order."""
    return [
        (m.get("property") or m.get("name"), m.get("content"))
        for m in soup.find_all("meta")
        if m.get("property") or m.get("name")
    ]


def meta_values(soup: BeautifulSoup, key: str) -> list[str]:
    """The contents of every <meta> whose property or name is ``key``."""
    return [content for name, content in head_meta(soup) if name == key]


def raw_script(soup: BeautifulSoup) -> Any:
    """The one JSON-LD <script> element."""
    [script] = soup.find_all("script", type="application/ld+json")
    return script


def json_ld(soup: BeautifulSoup) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, parsed."""
    return [
        json.loads(s.string)
        for s in soup.find_all("script", type="application/ld+json")
    ]


# --- feeds -------------------------------------------------------------------


def test_atom_entry_dates_are_published_and_updated_with_offsets(site):
    feed = feedparser.parse(site.text("feeds/all.atom.xml"))
    assert not feed.bozo, feed.bozo_exception
    updated = entry(feed, "Starting Again")
    assert updated.published == "2024-03-11T00:00:00+11:00"
    assert updated.updated == "2024-05-02T00:00:00+10:00"
    never = entry(feed, "Job vs Career")
    assert never.published == never.updated == "2024-03-11T00:00:00+11:00"


def test_rss_item_has_pubdate_and_the_update_date(site):
    feed = feedparser.parse(site.text("feeds/all.rss.xml"))
    assert not feed.bozo, feed.bozo_exception
    updated = entry(feed, "Starting Again")
    assert updated.published == "Mon, 11 Mar 2024 00:00:00 +1100"
    assert updated.updated == "2024-05-02T00:00:00+10:00"
    assert "updated" not in entry(feed, "Job vs Career")


@pytest.mark.parametrize("path", ["feeds/all.atom.xml", "feeds/all.rss.xml"])
def test_feed_entries_carry_every_category_then_the_tags(site, path):
    feed = feedparser.parse(site.text(path))
    terms = [t.term for t in entry(feed, "Starting Again").tags]
    assert terms == ["Reflection", "Work", "Jobs", "Careers"]
    terms = [t.term for t in entry(feed, "Job vs Career").tags]
    assert terms == ["Reflection", "Work", "Jobs"]


def test_atom_summary_is_the_front_matter_summary_rendered(site):
    feed = feedparser.parse(site.text("feeds/all.atom.xml"))
    summary = entry(feed, "Starting Again").summary
    assert (
        summary == "<p>Why I <em>stopped</em> confusing the two &amp; what changed.</p>"
    )
    summary = entry(feed, "Job vs Career").summary
    assert summary.startswith("<p>I came to the realisation fairly late in life")


def test_update_note_heads_the_entry_in_atom_content_and_rss_description(site):
    atom = entry(feedparser.parse(site.text("feeds/all.atom.xml")), "Starting Again")
    rss = entry(feedparser.parse(site.text("feeds/all.rss.xml")), "Starting Again")
    for body in (atom.content[0].value, rss.description):
        note = BeautifulSoup(body, "html.parser").find()
        assert note.name == "div"
        assert "update-note" in note["class"]
        assert note.time["datetime"] == "2024-05-02T00:00:00+10:00"
        assert note.get_text(" ", strip=True).startswith("Updated")
        assert "2024" in note.time.get_text()
        assert note.find("em").get_text() == "Focus Course"
    # The entry still carries the post after the note.
    assert "The body of the post." in atom.content[0].value


def test_never_updated_entry_has_no_update_note(site):
    for path in ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/work.atom.xml"):
        never = entry(feedparser.parse(site.text(path)), "Job vs Career")
        body = never.content[0].value if "content" in never else never.description
        assert "update-note" not in body and "Updated" not in body, path


def test_update_note_survives_feed_append_ref_and_full_rss_content(build_site):
    site = build_site(
        {"a.md": UPDATED_POST, "images/desk.gif": GIF},
        SITEURL=SITEURL,
        FEED_ALL_RSS="feeds/all.rss.xml",
        FEED_APPEND_REF=True,
        RSS_FEED_SUMMARY_ONLY=False,
    )
    item = entry(feedparser.parse(site.text("feeds/all.rss.xml")), "Starting Again")
    assert item.link.endswith("?ref=feed")
    assert item.description.startswith('<div class="update-note">')
    assert "The body of the post." in item.description


def test_a_second_build_in_one_process_forgets_the_first_builds_notes(build_site):
    build_site({"a.md": UPDATED_POST, "images/desk.gif": GIF}, SITEURL=SITEURL)
    never = UPDATED_POST.replace("updatedDate: 2024-05-02", "updatedDate:")
    site = build_site({"a.md": never, "images/desk.gif": GIF}, SITEURL=SITEURL)
    item = entry(feedparser.parse(site.text("feeds/all.atom.xml")), "Starting Again")
    assert "update-note" not in item.content[0].value
    assert item.updated == item.published


def test_category_feeds_hold_the_post_in_each_category_with_the_note(site):
    for slug in ("reflection", "work"):
        feed = feedparser.parse(site.text(f"feeds/{slug}.atom.xml"))
        updated = entry(feed, "Starting Again")
        assert updated.updated == "2024-05-02T00:00:00+10:00"
        assert "update-note" in updated.content[0].value


# --- JSON-LD -----------------------------------------------------------------


def test_json_ld_blog_posting_has_every_field(site):
    [data] = json_ld(site.html("starting-again.html"))
    url = f"{SITEURL}/starting-again.html"
    assert data == {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": "Starting Again",
        "description": "Why I stopped confusing the two & what changed.",
        "datePublished": "2024-03-11T00:00:00+11:00",
        "dateModified": "2024-05-02T00:00:00+10:00",
        "image": {
            "@type": "ImageObject",
            "url": f"{SITEURL}/images/desk.gif",
            "width": 1,
            "height": 1,
        },
        "author": [
            {
                "@type": "Person",
                "name": "A. Writer",
                "url": f"{SITEURL}/author/a-writer.html",
            }
        ],
        "publisher": {
            "@type": "Organization",
            "name": "Reflections",
            "url": f"{SITEURL}/",
        },
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "articleSection": ["Reflection", "Work"],
        "keywords": ["Jobs", "Careers"],
        "inLanguage": "en",
        "locationCreated": {"@type": "Place", "name": "Melbourne, Australia"},
    }


def test_json_ld_of_a_never_updated_post_falls_back_to_published(site):
    [data] = json_ld(site.html("job-vs-career.html"))
    assert data["dateModified"] == data["datePublished"] == "2024-03-11T00:00:00+11:00"
    assert data["articleSection"] == ["Reflection", "Work"]
    assert data["keywords"] == ["Jobs"]
    assert "image" not in data
    assert "locationCreated" not in data
    assert data["description"].startswith("I came to the realisation fairly late")


def test_title_with_quotes_and_script_end_tag_stays_valid_json_and_inert(site):
    html = site.text("hostile.html")
    soup = BeautifulSoup(html, "html.parser")
    [data] = json_ld(soup)
    assert data["headline"] == HOSTILE_TITLE
    # Nothing inside the JSON-LD can end the element or open a comment.
    raw = JSON_LD_SCRIPT.search(html)[1]
    assert "<" not in raw and ">" not in raw
    assert json.loads(raw)["headline"] == HOSTILE_TITLE
    # No script element came out of the title, anywhere on the page.
    scripts = soup.find_all("script")
    assert [s for s in scripts if "alert" in (s.string or "")] == [raw_script(soup)]


def test_json_ld_is_only_on_article_pages(site):
    for path in ("index.html", "category/work.html", "tag/jobs.html", "archives.html"):
        assert json_ld(site.html(path)) == [], path


# --- <head> ------------------------------------------------------------------


def test_open_graph_of_an_updated_article(site):
    soup = site.html("starting-again.html")
    one = {key: meta_values(soup, key) for key, _ in head_meta(soup)}
    assert one["og:type"] == ["article"]
    assert one["og:title"] == ["Starting Again"]
    assert one["og:url"] == [f"{SITEURL}/starting-again.html"]
    assert one["og:site_name"] == ["Reflections"]
    assert one["og:description"] == ["Why I stopped confusing the two & what changed."]
    assert one["description"] == one["og:description"]
    assert one["og:image"] == [f"{SITEURL}/images/desk.gif"]
    assert one["og:image:alt"] == ["A desk by a window at dawn"]
    assert one["og:image:width"] == one["og:image:height"] == ["1"]
    assert one["article:published_time"] == ["2024-03-11T00:00:00+11:00"]
    assert one["article:modified_time"] == ["2024-05-02T00:00:00+10:00"]
    assert one["article:section"] == ["Reflection", "Work"]
    assert one["article:tag"] == ["Jobs", "Careers"]
    assert one["twitter:card"] == ["summary_large_image"]
    assert one["twitter:image:alt"] == ["A desk by a window at dawn"]
    assert (
        soup.find("link", rel="canonical")["href"] == f"{SITEURL}/starting-again.html"
    )


def test_never_updated_article_has_no_modified_time_and_a_summary_card(site):
    soup = site.html("job-vs-career.html")
    assert meta_values(soup, "article:modified_time") == []
    assert meta_values(soup, "article:published_time") == ["2024-03-11T00:00:00+11:00"]
    assert meta_values(soup, "og:image") == []
    assert meta_values(soup, "twitter:card") == ["summary"]
    [description] = meta_values(soup, "description")
    assert description.startswith("I came to the realisation fairly late in life")
    assert "<" not in description


def test_external_cover_is_the_og_image_as_given(build_site):
    post = UPDATED_POST.replace(
        "coverImage: images/desk.gif",
        "coverImage: https://images.example/desk.jpg?w=1200",
    )
    site = build_site({"a.md": post}, SITEURL=SITEURL)
    soup = site.html("starting-again.html")
    assert meta_values(soup, "og:image") == ["https://images.example/desk.jpg?w=1200"]
    assert meta_values(soup, "twitter:card") == ["summary_large_image"]
    [data] = json_ld(soup)
    assert data["image"] == {
        "@type": "ImageObject",
        "url": "https://images.example/desk.jpg?w=1200",
    }


def test_every_page_has_non_empty_meta_absolute_urls_and_iso_dates(site):
    pages = sorted(p.relative_to(site.output) for p in site.output.rglob("*.html"))
    assert len(pages) >= 8
    for path in pages:
        soup = site.html(str(path))
        tags = head_meta(soup)
        assert tags, path
        for key, content in tags:
            assert content and content.strip(), (path, key)
            if key in ("og:url", "og:image"):
                assert content.startswith(SITEURL + "/"), (path, key, content)
            if key.startswith("article:") and key.endswith("_time"):
                assert ISO_WITH_OFFSET.match(content), (path, key, content)
        [canonical] = soup.find_all("link", rel="canonical")
        assert canonical["href"].startswith(SITEURL + "/"), path
        assert meta_values(soup, "og:url") == [canonical["href"]], path
        for key in {k for k, _ in tags}:
            if not key.startswith(("article:section", "article:tag")):
                assert len(meta_values(soup, key)) == 1, (path, key)


def test_pages_and_lists_are_websites_with_their_own_canonical(site):
    expected = {
        "index.html": f"{SITEURL}/",
        "category/work.html": f"{SITEURL}/category/work.html",
        "tag/jobs.html": f"{SITEURL}/tag/jobs.html",
        "archives.html": f"{SITEURL}/archives.html",
    }
    for path, url in expected.items():
        soup = site.html(path)
        assert soup.find("link", rel="canonical")["href"] == url
        assert meta_values(soup, "og:type") == ["website"]
        assert meta_values(soup, "article:published_time") == []
    about = site.html("pages/about.html")
    assert about.find("link", rel="canonical")["href"] == f"{SITEURL}/pages/about.html"
    assert meta_values(about, "og:type") == ["website"]
    assert meta_values(about, "og:title") == ["About"]
    assert meta_values(about, "description") == ["Who writes here, and why."]
    assert json_ld(about) == []
    assert meta_values(site.html("index.html"), "description") == [
        "Notes on work and life"
    ]


def feed_links(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(type, href) of every feed autodiscovery link."""
    return [
        (link["type"], link["href"])
        for link in soup.find_all("link", rel="alternate")
        if link.get("type", "").endswith("+xml")
    ]


def test_not_found_page_has_no_canonical_or_og_url(build_site, reference_post):
    site = build_site(
        {"a.md": reference_post},
        SITEURL=SITEURL,
        DIRECT_TEMPLATES=["index", "404"],
    )
    soup = site.html("404.html")
    assert soup.find("link", rel="canonical") is None
    assert meta_values(soup, "og:url") == []
    assert meta_values(soup, "og:type") == ["website"]


def test_feed_autodiscovery_for_the_site_and_each_category_and_tag_page(site):
    site_feeds = [
        ("application/atom+xml", f"{SITEURL}/feeds/all.atom.xml"),
        ("application/rss+xml", f"{SITEURL}/feeds/all.rss.xml"),
    ]
    assert feed_links(site.html("index.html")) == site_feeds
    assert feed_links(site.html("starting-again.html")) == site_feeds
    assert feed_links(site.html("category/work.html")) == [
        *site_feeds,
        ("application/atom+xml", f"{SITEURL}/feeds/work.atom.xml"),
        ("application/rss+xml", f"{SITEURL}/feeds/work.rss.xml"),
    ]
    assert feed_links(site.html("tag/jobs.html")) == [
        *site_feeds,
        ("application/atom+xml", f"{SITEURL}/feeds/tag-jobs.atom.xml"),
    ]
    for _, href in feed_links(site.html("category/work.html")):
        assert site.exists(href.removeprefix(SITEURL + "/")), href
    for link in site.html("tag/jobs.html").find_all("link", rel="alternate"):
        assert link["title"].strip(), link


def test_feed_links_follow_the_feed_settings(build_site, reference_post):
    site = build_site(
        {"a.md": reference_post},
        SITEURL=SITEURL,
        FEED_ALL_ATOM=None,
        FEED_ALL_RSS=None,
        CATEGORY_FEED_ATOM=None,
        FEED_RSS="rss.xml",
        FEED_DOMAIN="https://feeds.example",
    )
    assert feed_links(site.html("index.html")) == [
        ("application/rss+xml", "https://feeds.example/rss.xml")
    ]
    assert feed_links(site.html("category/work.html")) == [
        ("application/rss+xml", "https://feeds.example/rss.xml")
    ]


def test_relative_urls_keep_machine_urls_absolute(build_site):
    site = build_site(
        {"a.md": UPDATED_POST, "images/desk.gif": GIF},
        SITEURL=SITEURL,
        RELATIVE_URLS=True,
    )
    soup = site.html("starting-again.html")
    assert (
        soup.find("link", rel="canonical")["href"] == f"{SITEURL}/starting-again.html"
    )
    assert meta_values(soup, "og:image") == [f"{SITEURL}/images/desk.gif"]
    [data] = json_ld(soup)
    assert data["mainEntityOfPage"]["@id"] == f"{SITEURL}/starting-again.html"


def test_without_an_absolute_siteurl_url_tags_are_left_out_not_empty(build_site):
    site = build_site({"a.md": UPDATED_POST, "images/desk.gif": GIF}, SITEURL="")
    soup = site.html("starting-again.html")
    assert soup.find("link", rel="canonical") is None
    assert meta_values(soup, "og:url") == meta_values(soup, "og:image") == []
    assert all(content for _, content in head_meta(soup))
    [data] = json_ld(soup)
    assert "url" not in data and "mainEntityOfPage" not in data and "image" not in data
    assert data["dateModified"] == "2024-05-02T00:00:00+00:00"


# --- other plugins -------------------------------------------------------------


def test_sitemap_lastmod_follows_the_updated_date(build_site, reference_post):
    site = build_site(
        {
            "job-vs-career.md": reference_post,
            "starting-again.md": UPDATED_POST,
            "images/desk.gif": GIF,
        },
        PLUGINS=["reflections", "sitemap"],
        SITEMAP={"format": "xml"},
        SITEURL=SITEURL,
        TIMEZONE="Australia/Melbourne",
    )
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = ElementTree.fromstring(site.text("sitemap.xml")).findall("s:url", ns)
    lastmod = {
        u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
        for u in urls
    }
    assert lastmod[f"{SITEURL}/starting-again.html"] == "2024-05-02T00:00:00+10:00"
    assert lastmod[f"{SITEURL}/job-vs-career.html"] == "2024-03-11T00:00:00+11:00"


@pytest.mark.filterwarnings("ignore:'locale.getdefaultlocale':DeprecationWarning")
def test_with_pelican_seo_enhancer_no_head_tag_is_written_twice(
    build_site, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # pelican-seo writes seo_report.html to the cwd
    pytest.importorskip(
        "pelican.plugins.seo",
        reason="install pelican-seo (the test extra) for this test",
    )
    site = build_site(
        {"a.md": UPDATED_POST, "images/desk.gif": GIF},
        PLUGINS=["reflections", "seo"],
        SITEURL=SITEURL,
        AUTHOR="A. Writer",
        SEO_REPORT=False,
        SEO_ENHANCER=True,
        SEO_ENHANCER_OPEN_GRAPH=True,
        SEO_ENHANCER_TWITTER_CARDS=True,
    )
    soup = site.html("starting-again.html")
    assert len(soup.find_all("link", rel="canonical")) == 1
    keys = [key for key, _ in head_meta(soup)]
    for key in set(keys):
        if key not in ("article:section", "article:tag"):
            assert keys.count(key) == 1, key
    assert [d["@type"] for d in json_ld(soup)].count("BlogPosting") == 0
    # What pelican-seo does not write is still there.
    assert meta_values(soup, "article:modified_time") == ["2024-05-02T00:00:00+00:00"]
    assert meta_values(soup, "article:section") == ["Reflection", "Work"]
    # Pages pelican-seo leaves alone keep the theme's tags.
    index = site.html("index.html")
    assert len(index.find_all("link", rel="canonical")) == 1
    assert meta_values(index, "og:type") == ["website"]


def test_a_cover_given_as_a_mapping_by_another_reader_is_used_everywhere():
    """pelican-yaml-metadata and others give ``cover: {url: ..., width: ...}``."""
    import copy
    import datetime

    from pelican.contents import Article
    from pelican.plugins.reflections.theming.jsonld import blog_posting
    from pelican.plugins.reflections.theming.urls import cover_url
    from pelican.settings import DEFAULT_CONFIG

    settings = copy.deepcopy(DEFAULT_CONFIG)
    cover = {"url": "images/desk.jpg", "width": 1200, "height": 630, "alt": "A desk"}
    article = Article(
        "<p>Body</p>",
        metadata={
            "title": "Mapped",
            "date": datetime.datetime(2024, 3, 11, tzinfo=datetime.timezone.utc),
            "cover": cover,
        },
        settings=settings,
    )
    assert cover_url(article.cover, SITEURL) == f"{SITEURL}/images/desk.jpg"
    assert cover_url("https://images.example/a.jpg", SITEURL) == (
        "https://images.example/a.jpg"
    )
    assert cover_url({"url": "javascript:alert(1)"}, SITEURL) == ""
    assert cover_url({"src": "images/desk.jpg"}, SITEURL) == ""
    data = blog_posting(article, SITEURL, "Reflections", "author/{slug}.html")
    assert data["image"] == {
        "@type": "ImageObject",
        "url": f"{SITEURL}/images/desk.jpg",
        "width": 1200,
        "height": 630,
    }
