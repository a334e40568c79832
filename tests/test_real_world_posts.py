"""Posts written for Hugo, Jekyll, Astro and Next.js build right by default:
shared titles, page bundles, other generators' keys, Jekyll's word lists."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import feedparser
import pytest
from conftest import check_settings, run_pelican
from helpers import png
from pelican.plugins.reflections.command.check import check_site


def post(title: str, date: str, *extra: str, body: str = "Body text.") -> str:
    lines = [f"title: {title}", f"date: {date}", *extra]
    return "---\n" + "\n".join(lines) + f"\n---\n{body}\n"


def checked(site) -> list:
    settings = check_settings(site.content, site.output.parent / "check-output")
    problems, _ = check_site(settings)
    return problems


def slug_warnings(site) -> list[str]:
    return [m for m in site.messages() if "is also the slug of" in m]


# --- two posts, one title -----------------------------------------------------


def test_two_posts_with_one_title_both_build_and_the_later_takes_its_file_name(
    build_site,
):
    site = build_site(
        {
            "first-try.md": post("Same title", "2024-01-01", body="The first."),
            "second-try.md": post("Same title", "2024-02-01", body="The second."),
        }
    )
    assert "The first." in site.text("same-title.html")
    assert "The second." in site.text("second-try.html")
    assert slug_warnings(site) == [
        "second-try.md: slug: 'same-title' is also the slug of first-try.md, an "
        "earlier post; this one takes 'second-try' from its file name"
    ]
    article = site.html("same-title.html")
    assert not article.select(".translations, [hreflang]"), "not translations"
    found = [p for p in checked(site) if p.field == "slug"]
    assert len(found) == 1 and found[0].path.endswith("second-try.md")
    assert "first-try.md, an earlier post" in found[0].message
    assert found[0].message.endswith("takes 'second-try' from its file name")
    assert found[0].level_name == "warning"


def test_the_earlier_post_keeps_the_slug_whatever_the_file_order(build_site):
    site = build_site(
        {
            "a.md": post("Same", "2024-05-01", body="Newer."),
            "b.md": post("Same", "2023-05-01", body="Older."),
            "c.md": post("Same", "2024-06-01", body="Newest."),
        }
    )
    assert "Older." in site.text("same.html")
    assert "Newer." in site.text("a.html")
    assert "Newest." in site.text("c.html")
    assert len(slug_warnings(site)) == 2


def test_a_renamed_bundle_takes_its_folder_name(build_site):
    site = build_site(
        {
            "notes.md": post("Notes", "2024-01-01"),
            "trip/index.md": post(
                "Notes from a trip", "2024-03-01", "slug: notes", body="From the trip."
            ),
        }
    )
    assert "From the trip." in site.text("trip.html")
    assert slug_warnings(site)[0].endswith("takes 'trip' from its folder's name")


def test_shared_slugs_settle_the_same_way_with_the_content_cache(build_site, tmp_path):
    files = {
        "one.md": post("Twice", "2024-01-01", body="One."),
        "two.md": post("Twice", "2024-02-01", body="Two."),
    }
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    site = build_site(files, CACHE_PATH=str(tmp_path / "cache"), **cache)
    first = {p.name: p.read_bytes() for p in site.output.glob("*.html")}
    records = run_pelican(
        site.content, site.output, CACHE_PATH=str(tmp_path / "cache"), **cache
    )
    again = {p.name: p.read_bytes() for p in site.output.glob("*.html")}
    assert again == first
    assert "Two." in site.text("two.html")
    assert not [r for r in records if r.levelno >= logging.ERROR]


# --- page bundles ---------------------------------------------------------------


def test_a_bundle_is_named_and_filed_by_its_folder(build_site):
    site = build_site(
        {
            "posts/digitizing-1/index.md": post(
                "Digitizing the archive", "2024-01-01", "coverImage: scan.png"
            ),
            "posts/digitizing-1/scan.png": png(),
            "2019-03-19/index.md": "---\ntitle: A dated folder\n---\nBody.\n",
            "pages/index.md": "---\ntitle: Home\n---\nWelcome.\n",
            "pages/about.md": "---\ntitle: About\n---\nMe.\n",
        }
    )
    page = site.html("digitizing-1.html")
    assert page.find("h1").get_text(strip=True) == "Digitizing the archive"
    assert page.select_one("figure img")["src"].endswith("scan.png")
    assert site.exists("category/posts.html")
    assert not site.exists("category/digitizing-1.html")
    assert not site.exists("category/2019-03-19.html")
    dated = site.html("2019-03-19.html")
    assert dated.find("time")["datetime"].startswith("2019-03-19")
    assert site.exists("category/misc.html")  # the top-level bundle's default
    assert site.exists("pages/home.html")  # pages/index.md among pages: no bundle
    menu = site.html("index.html").select("nav a")
    assert len(menu) < 10


# --- other generators' keys -------------------------------------------------------


@pytest.mark.parametrize("key", ["pubDate", "publishDate", "pubDatetime"])
def test_other_generators_publication_dates_are_the_date(build_site, key):
    text = f"---\ntitle: Dated\n{key}: 2023-07-04T09:30:00+02:00\n---\nBody.\n"
    site = build_site({"dated.md": text}, SITEURL="https://example.org")
    stamp = site.html("dated.html").find("time")["datetime"]
    assert stamp == "2023-07-04T09:30:00+02:00"
    assert not site.messages()


def test_mod_datetime_is_the_update(build_site):
    text = post("Changed", "2023-07-04", "modDatetime: 2023-08-01T10:00:00Z")
    site = build_site({"changed.md": text}, SITEURL="https://example.org")
    feed = feedparser.parse(site.text("feeds/all.atom.xml"))
    assert feed.entries[0].updated.startswith("2023-08-01")


@pytest.mark.parametrize(
    "cover",
    [
        "featuredImage: hills.png",
        "featured_image: hills.png",
        "hero_image: hills.png",
        "images:\n  - hills.png\n  - other.png",
    ],
)
def test_other_generators_cover_keys_are_the_cover(build_site, cover):
    site = build_site(
        {"walk.md": post("Walk", "2024-01-01", cover), "hills.png": png(8, 6)}
    )
    image = site.html("walk.html").select_one("figure img")
    assert image["src"].endswith("hills.png")
    assert (image["width"], image["height"]) == ("8", "6")


def test_an_author_mapping_gives_its_name(build_site):
    text = post(
        "Starter",
        "2024-01-01",
        "author:\n  name: Tim Neutkens\n  picture: /assets/blog/authors/tim.jpeg",
    )
    site = build_site({"starter.md": text})
    assert site.exists("author/tim-neutkens.html")
    assert "Tim Neutkens" in site.text("starter.html")


def test_jekyll_published_false_is_a_draft_never_published(build_site):
    site = build_site(
        {
            "secret.md": post("Secret plans", "2024-01-01", "published: false"),
            "open.md": post("Open", "2024-01-02", "published: true"),
        }
    )
    assert site.exists("open.html")
    assert not site.exists("secret-plans.html")
    assert site.exists("drafts/secret-plans.html")
    assert "Secret plans" not in site.text("index.html")
    assert "Secret plans" not in site.text("feeds/all.atom.xml")


# --- Jekyll's word lists ----------------------------------------------------------


def test_words_stay_one_tag_by_default_and_check_says_how_to_split(build_site):
    text = post("Run", "2019-03-19", "tags: billings fitness health")
    site = build_site({"_posts/2019-03-19-run.md": text})
    tags = [a.get_text(strip=True) for a in site.html("run.html").select("a[rel=tag]")]
    assert tags == ["billings fitness health"]
    notes = [p for p in checked(site) if p.level_name == "note"]
    assert len(notes) == 1 and "REFLECTIONS_JEKYLL_TAGS = True" in notes[0].message
    assert (notes[0].field, notes[0].line) == ("tags", 4)


def test_jekyll_tags_setting_splits_words_into_tags(build_site):
    text = post(
        "Run", "2019-03-19", "tags: billings fitness health", "categories: life work"
    )
    site = build_site({"_posts/2019-03-19-run.md": text}, REFLECTIONS_JEKYLL_TAGS=True)
    page = site.html("run.html")
    tags = [a.get_text(strip=True) for a in page.select("a[rel=tag]")]
    assert tags == ["billings", "fitness", "health"]
    assert site.exists("category/life.html") and site.exists("category/work.html")


def test_multi_word_tags_outside_jekyll_stay_whole_without_a_note(build_site):
    site = build_site(
        {"growth.md": post("Growth", "2024-01-01", "tags: Personal Growth")}
    )
    tags = [
        a.get_text(strip=True) for a in site.html("growth.html").select("a[rel=tag]")
    ]
    assert tags == ["Personal Growth"]
    assert not [p for p in checked(site) if p.level_name == "note"]


def test_the_example_sites_reference_post_is_unchanged_by_all_this(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(Path(__file__).parents[1] / "example_site" / "content", content)
    records = run_pelican(content, tmp_path / "output", SITEURL="https://example.org")
    assert not [r for r in records if r.levelno >= logging.WARNING]
