"""Issue 27, item 1: the Updates page and its Atom feed.

Every test builds a real site with the real ``pelican`` command (``helpers.pelican``)
and reads what it wrote: the page lists each update newest first with its post,
date and note; the feed has one valid Atom entry per update; settings rename or
turn either off; another theme still gets the feed; rebuilds with the content
cache, and builds in one or two processes, give a cold build's output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from helpers import Build, pelican, write_files
from pelican.plugins.reflections import theme_path
from test_theme_i18n import write_mo

ATOM = "{http://www.w3.org/2005/Atom}"
SETTINGS = f"""
PLUGINS = ["reflections"]
THEME = {theme_path()!r}
SITENAME = "Notebook"
SITEURL = "https://example.org"
AUTHOR = "A. Writer"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"
LOAD_CONTENT_CACHE = False
FEED_ALL_ATOM = "feeds/all.atom.xml"
"""

POSTS = {
    # Two noted updates and a date-only one, in the "updates:" list.
    "content/rest.md": """
        ---
        title: Learning to <Rest> & recover
        date: 2024-01-10
        updates:
          - date: 2024-06-01
            description: Added what changed after **a month**.
          - date: 2024-04-02
          - date: 2024-03-01
            description: Fixed a date.
        ---
        Body of rest.
        """,
    # updatedDate + updateDescription.
    "content/work.md": """
        ---
        title: Job vs Career
        date: 2024-02-01
        updatedDate: 2024-05-05
        updateDescription: A paragraph on mentors.
        ---
        Body of work.
        """,
    "content/plain.md": """
        ---
        title: Never changed
        date: 2024-03-03
        ---
        Body.
        """,
    # Drafts and hidden posts never appear, updated or not.
    "content/draft.md": """
        ---
        title: Secret draft
        date: 2024-01-01
        status: draft
        updatedDate: 2024-07-01
        updateDescription: Draft note.
        ---
        Body.
        """,
    "content/hidden.md": """
        ---
        title: Hidden one
        date: 2024-01-01
        status: hidden
        updatedDate: 2024-07-02
        updateDescription: Hidden note.
        ---
        Body.
        """,
}


def build(tmp_path: Path, extra: str = "", name: str = "output", *args: str) -> Build:
    if not (tmp_path / "content").exists():
        write_files(tmp_path, POSTS)
    done = pelican(tmp_path, SETTINGS + extra, name, *args)
    assert done.returncode == 0, done.log
    return done


def feed_of(done: Build, relative: str = "feeds/updates.atom.xml") -> ET.Element:
    return ET.fromstring((done.output / relative).read_bytes())


def rows(done: Build, relative: str = "updates.html") -> list[tuple[str, str, str]]:
    """(post title, update datetime, note text) of each row of the page."""
    soup = done.html(relative)
    found = []
    for item in soup.select("main ol.updates-list > li"):
        note = item.select_one(".update-body")
        found.append(
            (
                item.find("h2").get_text(" ", strip=True),
                item.find("time")["datetime"],
                note.get_text(" ", strip=True) if note else "",
            )
        )
    return found


def test_the_page_lists_each_update_newest_first_with_post_date_and_note(
    tmp_path: Path,
) -> None:
    done = build(tmp_path)
    assert rows(done) == [
        ("Learning to <Rest> & recover", "2024-06-01T00:00:00+00:00",
         "Added what changed after a month ."),
        ("Job vs Career", "2024-05-05T00:00:00+00:00", "A paragraph on mentors."),
        ("Learning to <Rest> & recover", "2024-04-02T00:00:00+00:00", ""),
        ("Learning to <Rest> & recover", "2024-03-01T00:00:00+00:00", "Fixed a date."),
    ]  # fmt: skip
    page = (done.output / "updates.html").read_text(encoding="utf-8")
    assert "Learning to &lt;Rest&gt; &amp; recover" in page  # escaped, not markup
    assert "<strong>a month</strong>" in page  # the note is the post's HTML
    assert "Secret draft" not in page and "Hidden one" not in page
    assert "Never changed" not in page
    soup = done.html("updates.html")
    links = [a["href"] for a in soup.select("main ol.updates-list h2 a")]
    assert links == [
        "https://example.org/learning-to-recover.html#updates",
        "https://example.org/job-vs-career.html#updates",
        "https://example.org/learning-to-recover.html#updates",
        "https://example.org/learning-to-recover.html#updates",
    ]
    for href in {link.split("#")[0] for link in links}:  # the anchor is there
        target = done.html(href.removeprefix("https://example.org/"))
        assert target.find(id="updates") is not None
    assert soup.title.get_text() == "Updates · Notebook"
    assert soup.find("h1").get_text() == "Updates"
    # Announced in <head> and linked in the page.
    feed_url = "https://example.org/feeds/updates.atom.xml"
    head = soup.head.find_all("link", rel="alternate", href=feed_url)
    assert len(head) == 1 and head[0]["type"] == "application/atom+xml"
    assert soup.select_one(f'main a[href="{feed_url}"]') is not None
    # Linked from the footer of every page, marked current on the page itself.
    for relative in ["index.html", "job-vs-career.html", "archives.html"]:
        nav = done.html(relative).select_one("footer nav.footer-nav")
        assert nav.find("a", string="Updates")["href"] == (
            "https://example.org/updates.html"
        )
    current = soup.select_one("footer nav.footer-nav a[aria-current=page]")
    assert current.get_text() == "Updates"
    # The other pages announce only the site's feeds, not this one.
    assert feed_url not in (done.output / "index.html").read_text(encoding="utf-8")


def test_the_feed_is_valid_atom_with_one_entry_per_update(tmp_path: Path) -> None:
    done = build(tmp_path, 'FEED_DOMAIN = "https://feeds.example.net"\n')
    feed = feed_of(done)
    assert (
        feed.tag == f"{ATOM}feed"
        and feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    )
    # RFC 4287 4.1.1: one id, title, updated; an author (here for every entry).
    for child in ("id", "title", "updated", "author"):
        assert len(feed.findall(f"{ATOM}{child}")) == 1, child
    assert feed.findtext(f"{ATOM}title") == "Notebook - Updates"
    self_link = feed.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == "https://feeds.example.net/feeds/updates.atom.xml"
    assert feed.findtext(f"{ATOM}id") == self_link
    assert feed.findtext(f"{ATOM}updated") == "2024-06-01T00:00:00+00:00"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 4
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == 4 and all(i.startswith("tag:") for i in ids)
    assert ids[0] == (
        "tag:feeds.example.net,2024-01-10:/learning-to-recover.html"
        "#update-2024-06-01T00:00:00+00:00"
    )
    for entry in entries:  # RFC 4287 4.1.2
        for child in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{child}")) == 1, child
        link = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert link.startswith("https://example.org/")  # SITEURL, as Pelican does
        content = entry.find(f"{ATOM}content")
        assert content.get("type") == "html" and content.text
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert titles == [
        "Learning to <Rest> & recover · Updated 2024-06-01",
        "Job vs Career · Updated 2024-05-05",
        "Learning to <Rest> & recover · Updated 2024-04-02",
        "Learning to <Rest> & recover · Updated 2024-03-01",
    ]
    updated = [entry.findtext(f"{ATOM}updated") for entry in entries]
    assert updated == sorted(updated, reverse=True)
    contents = [entry.findtext(f"{ATOM}content") for entry in entries]
    assert contents[0] == "<p>Added what changed after <strong>a month</strong>.</p>"
    assert contents[2] == "<p>Updated 2024-04-02</p>"  # a date-only update
    assert "Draft note" not in str(contents) and "Hidden note" not in str(contents)
    # The page links the feed where FEED_DOMAIN puts it.
    assert done.html("updates.html").select_one(f'main a[href="{self_link}"]')


def test_an_edit_to_a_note_changes_the_feed_and_an_unchanged_build_writes_nothing(
    tmp_path: Path,
) -> None:
    first = build(tmp_path)
    feed = first.output / "feeds/updates.atom.xml"
    stamp = feed.stat().st_mtime_ns
    again = build(tmp_path)
    assert feed.stat().st_mtime_ns == stamp  # written only when its text changed
    assert 'Writing "' + str(feed) not in again.log
    rest = tmp_path / "content" / "rest.md"
    rest.write_text(rest.read_text().replace("Fixed a date.", "Fixed two dates."))
    build(tmp_path)
    assert "Fixed two dates." in feed.read_text(encoding="utf-8")


def test_settings_rename_limit_and_turn_off_the_page_and_feed(tmp_path: Path) -> None:
    renamed = build(
        tmp_path,
        'REFLECTIONS_UPDATES_SAVE_AS = "changes/index.html"\n'
        'REFLECTIONS_UPDATES_URL = "changes/"\n'
        'REFLECTIONS_UPDATES_FEED_ATOM = "feeds/changes.xml"\n'
        "REFLECTIONS_UPDATES_LIMIT = 2\n",
        "renamed",
    )
    assert not (renamed.output / "updates.html").exists()
    assert [title for title, _, _ in rows(renamed, "changes/index.html")] == [
        "Learning to <Rest> & recover",
        "Job vs Career",
    ]
    assert len(feed_of(renamed, "feeds/changes.xml").findall(f"{ATOM}entry")) == 2
    nav = renamed.html("index.html").select_one("footer nav.footer-nav")
    assert nav.find("a", string="Updates")["href"] == "https://example.org/changes/"
    page = renamed.html("changes/index.html")
    assert page.head.find("link", href="https://example.org/feeds/changes.xml")

    no_page = build(tmp_path, "REFLECTIONS_UPDATES_SAVE_AS = None\n", "no-page")
    assert not (no_page.output / "updates.html").exists()
    assert len(feed_of(no_page).findall(f"{ATOM}entry")) == 4
    nav = no_page.html("index.html").select_one("footer nav.footer-nav")
    assert nav.find("a", string="Updates") is None

    no_feed = build(tmp_path, 'REFLECTIONS_UPDATES_FEED_ATOM = ""\n', "no-feed")
    assert not (no_feed.output / "feeds/updates.atom.xml").exists()
    page = no_feed.html("updates.html")
    assert page.find("a", href=lambda h: h and "updates.atom" in h) is None
    assert (
        page.head.find(
            "link", type="application/atom+xml", title=lambda t: t and "Updates" in t
        )
        is None
    )
    assert len(rows(no_feed)) == 4


def test_a_bad_setting_is_one_error_naming_it_and_the_default_is_used(
    tmp_path: Path,
) -> None:
    done = build(
        tmp_path,
        'REFLECTIONS_UPDATES_SAVE_AS = "../outside.html"\n'
        "REFLECTIONS_UPDATES_LIMIT = -1\n",
    )
    errors = [line for line in done.log.splitlines() if "ERROR" in line]
    assert len([e for e in errors if "REFLECTIONS_UPDATES_SAVE_AS" in e]) == 1
    assert len([e for e in errors if "REFLECTIONS_UPDATES_LIMIT" in e]) == 1
    assert not (tmp_path / "outside.html").exists()
    assert len(rows(done)) == 4  # the defaults
    fatal = pelican(
        tmp_path,
        SETTINGS + "REFLECTIONS_UPDATES_FEED_ATOM = 3\n",
        "fatal",
        "--fatal",
        "errors",
    )
    assert fatal.returncode != 0
    assert "REFLECTIONS_UPDATES_FEED_ATOM must be str" in fatal.log


def test_a_site_without_updates_gets_no_page_feed_or_link(tmp_path: Path) -> None:
    write_files(tmp_path, {"content/plain.md": POSTS["content/plain.md"]})
    done = build(tmp_path)
    assert not (done.output / "updates.html").exists()
    assert not (done.output / "feeds/updates.atom.xml").exists()
    nav = done.html("index.html").select_one("footer nav.footer-nav")
    assert nav.find("a", string="Updates") is None


def test_another_theme_gets_no_page_and_the_feed_only_when_asked(
    tmp_path: Path,
) -> None:
    """With a theme that has no ``updates.html`` the output is stock Pelican's
    (one INFO line says why), unless the feed's setting is given."""
    done = build(tmp_path, 'THEME = "simple"\n', "output", "--verbose")
    assert not (done.output / "updates.html").exists()
    assert not (done.output / "feeds/updates.atom.xml").exists()
    lines = [line for line in done.log.splitlines() if "No Updates page" in line]
    assert len(lines) == 1 and "INFO" in lines[0], done.log
    assert "REFLECTIONS_UPDATES_FEED_ATOM" in lines[0]
    asked = build(
        tmp_path,
        'THEME = "simple"\nREFLECTIONS_UPDATES_FEED_ATOM = "feeds/updates.atom.xml"\n',
        "asked",
    )
    assert not (asked.output / "updates.html").exists()
    assert len(feed_of(asked).findall(f"{ATOM}entry")) == 4
    # Not the bundled theme: no anchor to its update note in the links.
    link = feed_of(asked).find(f"{ATOM}entry/{ATOM}link").get("href")
    assert link == "https://example.org/learning-to-recover.html"
    assert "Updates" not in asked.text("index.html", "footer")


def test_the_strings_are_translated_on_the_page_footer_and_feed(
    tmp_path: Path,
) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(theme_path(), theme)
    write_mo(
        theme / "translations" / "fr" / "LC_MESSAGES" / "messages.mo",
        {
            "": "Content-Type: text/plain; charset=UTF-8\n",
            "Updates": "Mises à jour",
            "Updated %(date)s": "Mis à jour le %(date)s",
            "Updates feed (Atom)": "Flux des mises à jour (Atom)",
        },
    )
    done = build(tmp_path, f'THEME = {str(theme)!r}\nDEFAULT_LANG = "fr"\n')
    page = done.html("updates.html")
    assert page.find("h1").get_text() == "Mises à jour"
    assert page.select_one(".update-date").get_text().startswith("Mis à jour le ")
    assert page.select_one("main a[type='application/atom+xml']").get_text() == (
        "Flux des mises à jour (Atom)"
    )
    nav = done.html("index.html").select_one("footer nav.footer-nav")
    assert nav.find("a", string="Mises à jour") is not None
    feed = feed_of(done)
    assert feed.findtext(f"{ATOM}title") == "Notebook - Mises à jour"
    title = feed.find(f"{ATOM}entry").findtext(f"{ATOM}title")
    assert title == "Learning to <Rest> & recover · Mis à jour le 2024-06-01"


def test_a_cached_rebuild_after_editing_an_update_is_a_cold_build(
    tmp_path: Path,
) -> None:
    cached = (
        "CACHE_CONTENT = True\nLOAD_CONTENT_CACHE = True\n"
        f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n"
    )
    build(tmp_path, cached, "warm")
    page = tmp_path / "warm" / "updates.html"
    stamp = page.stat().st_mtime_ns
    kept = build(tmp_path, cached, "warm", "--verbose")
    assert "Incremental rebuild" in kept.log  # the cache and the record were used
    assert page.stat().st_mtime_ns == stamp  # nothing changed: the page was kept
    rest = tmp_path / "content" / "rest.md"
    text = rest.read_text(encoding="utf-8")
    rest.write_text(
        text.replace("Fixed a date.", "Fixed a date, and a name.").replace(
            "2024-04-02", "2024-04-12"
        ),
        encoding="utf-8",
    )
    stat = rest.stat()
    os.utime(rest, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    warm = build(tmp_path, cached, "warm")
    assert page.stat().st_mtime_ns != stamp
    cold = build(tmp_path, "", "cold")
    assert warm.files() == cold.files()
    assert ("Learning to <Rest> & recover", "2024-04-12T00:00:00+00:00", "") in rows(
        warm
    )
    assert "Fixed a date, and a name." in rows(warm)[3][2]
    # A new update on a post that had none: the page, its feed and every footer.
    plain = tmp_path / "content" / "plain.md"
    plain.write_text(
        plain.read_text(encoding="utf-8").replace(
            "date: 2024-03-03\n", "date: 2024-03-03\nupdatedDate: 2024-08-08\n"
        ),
        encoding="utf-8",
    )
    stat = plain.stat()
    os.utime(plain, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    warm = build(tmp_path, cached, "warm")
    cold = build(tmp_path, "", "cold2")
    assert warm.files() == cold.files()
    assert rows(warm)[0][:2] == ("Never changed", "2024-08-08T00:00:00+00:00")


def test_one_or_two_workers_write_the_same_files(tmp_path: Path) -> None:
    many = {
        f"content/post-{n:02}.md": f"""
            ---
            title: Post {n}
            date: 2023-01-{1 + n % 28:02}
            updatedDate: 2024-{1 + n % 12:02}-{1 + n % 27:02}
            updateDescription: Note {n}.
            ---
            Body {n}.
            """
        for n in range(45)
    }
    write_files(tmp_path, {**POSTS, **many})
    one = build(tmp_path, "REFLECTIONS_WORKERS = 1\n", "one")
    two = build(tmp_path, "REFLECTIONS_WORKERS = 2\n", "two")
    assert one.files() == two.files()
    assert len(rows(two)) == 49
    assert len(feed_of(two).findall(f"{ATOM}entry")) == 49


def test_the_example_site_builds_with_fatal_warnings(tmp_path: Path) -> None:
    """``make example``: the example site's Updates page, under --fatal warnings."""
    example = Path(__file__).resolve().parents[1] / "example_site"
    done = subprocess.run(
        [
            sys.executable, "-m", "pelican", str(example / "content"),
            "-s", str(example / "pelicanconf.py"), "-o", str(tmp_path / "output"),
            "--cache-path", str(tmp_path / "cache"), "--ignore-cache",
            "--fatal", "warnings",
        ],
        cwd=tmp_path, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    built = Build(0, done.stdout, tmp_path / "output")
    assert rows(built), "the example site has updates: its page lists them"
    assert feed_of(built).findall(f"{ATOM}entry")
