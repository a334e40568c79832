"""Dates in the page's language from Babel, with no system locale for it: byline,
update notes, archives, the Updates page and feeds; DATE_FORMATS kept."""

from __future__ import annotations

import datetime
import locale

import feedparser
import pytest
from helpers import post
from pelican.plugins.reflections.theming.dates import (
    local_date,
    month_year,
    strftime_in,
)

YEAR = "\u202f\u0433."  # Russian: a narrow no-break space and "g." (year)
SITE = {
    "SITEURL": "https://example.org",
    "FEED_ALL_ATOM": "feeds/all.atom.xml",
    "MONTH_ARCHIVE_SAVE_AS": "{date:%Y}/{date:%m}/index.html",
}
POSTS = {
    "one.md": post(
        "One",
        "2024-03-11",
        "Work",
        slug="one",
        updatedDate="2024-05-02",
        updateDescription="A note.",
    ),
    "two.md": post("Two", "2024-01-05", "Work", slug="two"),
}


def _installed(name: str) -> bool:
    try:
        locale.setlocale(locale.LC_TIME, name)
    except locale.Error:
        return False
    finally:
        locale.setlocale(locale.LC_TIME, "C")
    return True


def _dates(site, relative: str, selector: str) -> list[str]:
    return [t.get_text() for t in site.html(relative).select(selector)]


@pytest.mark.parametrize(
    ("lang", "published", "updated", "month", "note"),
    [
        ("fr", "11 mars 2024", "2 mai 2024", "mars 2024", "Mis à jour le 2 mai 2024"),
        ("ja", "2024年3月11日", "2024年5月2日", "2024年3月", "2024年5月2日に更新"),
        (
            "ru",
            "11 марта 2024" + YEAR,
            "2 мая 2024" + YEAR,
            "март 2024" + YEAR,
            None,
        ),
        ("ar", "11 مارس 2024", "2 مايو 2024", "مارس 2024", None),
    ],
)
def test_dates_follow_the_sites_language_without_its_locale(
    build_site, lang, published, updated, month, note
):
    site = build_site(POSTS, DEFAULT_LANG=lang, **SITE)
    assert site.messages() == [], site.messages()
    page = site.html("one.html")
    assert page.select_one(".byline .published time").get_text() == published
    title = page.find(id="updates-title")
    assert title.find("time").get_text() == updated
    assert title.find("time")["datetime"].startswith("2024-05-02T")
    if note:
        assert title.get_text() == note
    assert _dates(site, "archives.html", ".archive-date")[0] == published
    assert site.html("index.html").select_one(".card .published").get_text() == (
        published
    )
    heading = site.html("2024/03/index.html").find("h1").get_text()
    assert month in heading
    assert site.html("updates.html").select_one(".update-date time").text == updated
    feed = feedparser.parse(site.text("feeds/all.atom.xml"))
    entry = next(e for e in feed.entries if e.title == "One")
    assert updated in entry.content[0].value
    # The updates feed says the date as the Updates page does.
    changes = feedparser.parse(site.text("feeds/updates.atom.xml"))
    assert [e.title for e in changes.entries] == [f"One · {title.get_text()}"]


def test_no_locale_is_installed_for_those_languages():
    # What the test above proves depends on it: the dates came from Babel.
    assert not any(_installed(n) for n in ("fr_FR.UTF-8", "ja_JP.UTF-8", "ru_RU.UTF-8"))


def test_english_keeps_pelicans_default_pattern(build_site):
    site = build_site(POSTS, **SITE)
    assert site.html("one.html").select_one(".byline .published").get_text() == (
        "Mon 11 March 2024"
    )


def test_default_date_format_is_kept_with_the_languages_words(build_site):
    site = build_site(POSTS, DEFAULT_LANG="de", DEFAULT_DATE_FORMAT="%-d %B %Y", **SITE)
    page = site.html("one.html")
    assert page.select_one(".byline .published").get_text() == "11 März 2024"
    assert page.find(id="updates-title").get_text() == "Aktualisiert am 2 Mai 2024"


def test_date_formats_per_language_are_kept(build_site):
    site = build_site(
        {
            **POSTS,
            "uno.md": post("Uno", "2024-03-12", "Trabajo", slug="uno", lang="es"),
        },
        DATE_FORMATS={
            "en": "%Y-%m-%d",
            # A (locale, pattern) pair would need es_ES installed: Pelican sets it.
            "es": "%A %-d de %B de %Y",
        },
        **SITE,
    )
    assert site.html("one.html").select_one(".byline .published").get_text() == (
        "2024-03-11"
    )
    # The Spanish post's page is in Spanish: its pattern, Spanish words.
    spanish = site.html("uno-es.html")
    assert spanish.select_one(".byline .published").get_text() == (
        "martes 12 de marzo de 2024"
    )
    # On an English list the date is the list's (English) one.
    cards = site.html("index.html").select(".card")
    assert cards[0].select_one(".published").get_text() == "2024-03-12"


def test_strftime_patterns_with_babel_words():
    day = datetime.date(2021, 3, 4)
    assert strftime_in(day, "%-d %B %Y", "pl") == "4 marca 2021"
    assert strftime_in(day, "%B %Y", "pl") == "marzec 2021"  # stand-alone
    assert strftime_in(day, "%a %d %b %Y", "de") == "Do. 04 März 2021"
    assert strftime_in(day, "%^B|%_d|%-m|%%|%j", "en") == "MARCH| 4|3|%|063"
    assert local_date(day, "ko") == "2021년 3월 4일"
    assert local_date(day, "pt-BR") == "4 de março de 2021"
    assert local_date(day, "xx-unknown") == "March 4, 2021"
    assert month_year(day, "ru") == "март 2021" + YEAR


def test_a_posts_own_date_format_is_kept_with_the_pages_words(build_site):
    dated = post("Un", "2024-03-11", "Travail", slug="un", date_format="'%A %-d %B'")
    site = build_site({"un.md": dated}, DEFAULT_LANG="fr", **SITE)
    assert site.html("un.html").select_one(".byline .published").get_text() == (
        "lundi 11 mars"
    )
    assert _dates(site, "archives.html", ".archive-date") == ["lundi 11 mars"]
