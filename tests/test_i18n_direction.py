"""Text direction and language where the text is: ``<html lang dir>`` for the page's
language, ``lang``/``dir`` on a post's title (and summary) in a list, a card, the
archives and prev/next when it is in another language, ``xml:lang`` in Atom."""

from __future__ import annotations

import feedparser
import pytest
from helpers import post
from pelican.plugins.reflections.theming.languages import lang_attrs, text_direction

SITE = {"SITEURL": "https://example.org", "FEED_ALL_ATOM": "feeds/all.atom.xml"}
ARABIC = post(
    "التأمل في العمل",
    "2024-03-11",
    "تأملات",
    slug="taamul",
    lang="ar",
    summary="أدركت متأخرًا أن وظيفتك ليست مسيرتك.",
)
ENGLISH = post("An English note", "2024-02-01", "Notes", slug="note", lang="en")


@pytest.mark.parametrize(
    "lang", ["ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "ckb", "dv", "ar-EG"]
)
def test_right_to_left_languages(lang):
    assert text_direction(lang) == "rtl"


@pytest.mark.parametrize(
    "lang", ["en", "ja", "zh-Hant", "de_DE", "tr", "ko", "", None, "zz", "x<y"]
)
def test_left_to_right_languages_and_unknown_codes(lang):
    assert text_direction(lang) == "ltr"


def test_scripts_named_in_a_tag():
    assert text_direction("pa-Arab") == "rtl"
    assert text_direction("az_arab") == "rtl"
    assert text_direction("ku-Latn") == "ltr"


def test_lang_attrs_only_for_another_language():
    assert lang_attrs("en-US", "en_us") == ""
    assert lang_attrs("", "en") == ""
    assert str(lang_attrs("ar", "en")) == ' lang="ar" dir="rtl"'
    assert str(lang_attrs('x"y', "en")) == ' lang="x&#34;y" dir="ltr"'


def _html(site, relative: str) -> tuple[str, str]:
    root = site.html(relative).find("html")
    return root["lang"], root["dir"]


def test_an_arabic_site_is_right_to_left_and_an_english_post_in_it_left_to_right(
    build_site,
):
    site = build_site({"ar.md": ARABIC, "en.md": ENGLISH}, DEFAULT_LANG="ar", **SITE)
    assert site.messages() == [], site.messages()
    for page in ("index.html", "archives.html", "categories.html", "taamul.html"):
        assert _html(site, page) == ("ar", "rtl"), page
    assert site.html("taamul.html").find(class_="skip-link").get_text() == (
        "انتقل إلى المحتوى"
    )
    # The English post's page is English, left to right, with English chrome.
    english = site.html("note-en.html")
    assert _html(site, "note-en.html") == ("en", "ltr")
    assert english.find(class_="skip-link").get_text() == "Skip to content"
    newer = english.select_one(".prev-next a[rel=next]")
    assert (newer["lang"], newer["dir"]) == ("ar", "rtl")
    # On the Arabic lists the English post's title and summary say so.
    cards = site.html("index.html").select(".card")
    titles = {c.select_one(".card-title").get_text(strip=True): c for c in cards}
    title = titles["An English note"].select_one(".card-title")
    assert (title["lang"], title["dir"]) == ("en", "ltr")
    assert "lang" not in titles["التأمل في العمل"].select_one(".card-title").attrs
    rows = site.html("archives.html").select(".archive-list a")
    assert [(a.get("lang"), a.get("dir")) for a in rows] == [
        (None, None),
        ("en", "ltr"),
    ]


def test_an_arabic_post_on_an_english_site(build_site):
    site = build_site({"ar.md": ARABIC, "en.md": ENGLISH}, **SITE)
    assert site.messages() == [], site.messages()
    page = site.html("taamul-ar.html")
    assert _html(site, "taamul-ar.html") == ("ar", "rtl")
    assert page.find(class_="skip-link").get_text() == "انتقل إلى المحتوى"
    assert _html(site, "index.html") == ("en", "ltr")
    card = next(
        c
        for c in site.html("index.html").select(".card")
        if "التأمل" in c.select_one(".card-title").get_text()
    )
    for part in (card.select_one(".card-title"), card.select_one(".card-summary")):
        assert (part["lang"], part["dir"]) == ("ar", "rtl")
    # The card's date and "Updated" are the English page's.
    assert card.select_one(".published").get_text() == "Mon 11 March 2024"
    row = site.html("archives.html").select_one(".archive-list a[lang]")
    assert (row["lang"], row["dir"], row.get_text()) == ("ar", "rtl", "التأمل في العمل")
    older = site.html("note.html").select_one(".prev-next a[rel=next]")
    assert (older["lang"], older["dir"]) == ("ar", "rtl")
    # Atom: the feed is English, the Arabic entry says it is Arabic.
    atom = site.text("feeds/all.atom.xml")
    assert '<feed xml:lang="en"' in atom
    assert '<entry xml:lang="ar">' in atom
    entries = {e.title: e for e in feedparser.parse(atom).entries}
    assert entries["التأمل في العمل"].title_detail.language == "ar"
    assert entries["An English note"].title_detail.language == "en"


def test_a_feed_with_no_other_language_is_as_pelican_writes_it(build_site):
    site = build_site({"en.md": ENGLISH}, **SITE)
    atom = site.text("feeds/all.atom.xml")
    assert "xml:lang" not in atom


def test_the_updates_page_and_feed_mark_a_post_in_another_language(build_site):
    updated = {"updatedDate": "2024-05-02", "updateDescription": "ملاحظة."}
    arabic = ARABIC.replace(
        "lang: ar",
        "lang: ar\n" + "\n".join(f"{key}: {value}" for key, value in updated.items()),
    )
    english = post(
        "An English note",
        "2024-02-01",
        "Notes",
        slug="note",
        lang="en",
        updatedDate="2024-04-01",
        updateDescription="A note.",
    )
    site = build_site({"ar.md": arabic, "en.md": english}, **SITE)
    assert site.messages() == [], site.messages()
    links = site.html("updates.html").select(".updates-post a")
    assert [(a.get("lang"), a.get("dir")) for a in links] == [
        ("ar", "rtl"),
        (None, None),
    ]
    atom = site.text("feeds/updates.atom.xml")
    assert '<feed xml:lang="en"' in atom
    entries = feedparser.parse(atom).entries
    assert [e.title_detail.language for e in entries] == ["ar", "en"]
    assert atom.count("<entry>") == 1  # the English entry is the feed's language
