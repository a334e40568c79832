"""Incremental rebuilds (``REFLECTIONS_INCREMENTAL``): what is kept, what is
rendered again, and that a rebuild is always a cold build's output.

Each test builds a small real site twice or more into one output and cache folder
with Pelican's content cache on, and compares with a cold build of the same
content. ``tests/test_incremental_property.py`` does the same with random edits.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import run_pelican
from helpers import post, write_files
from jinja2 import pass_context
from pelican import signals
from pelican.plugins.reflections.speed import digests, store
from pelican.writers import Writer

pytestmark = pytest.mark.filterwarnings(
    "ignore:.locale.getdefaultlocale.:DeprecationWarning"
)

POSTS = {
    f"post-{n}.md": post(
        f"Post {n}",
        f"2024-0{n}-01",
        "Work" if n % 2 else "Rest",
        tags="[focus, craft]",
        summary=f"What post {n} is about.",
    )
    for n in range(1, 8)
}
PAGES = {"pages/about.md": "---\ntitle: About\n---\nAbout this site.\n"}
CACHED: dict[str, Any] = {
    "CACHE_CONTENT": True,
    "LOAD_CONTENT_CACHE": True,
    "DEFAULT_PAGINATION": 3,
    "FEED_ALL_ATOM": "feeds/all.atom.xml",
    "CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml",
    "SITEURL": "https://example.org",
}


class Site:
    """A content folder built again and again into one output and cache folder."""

    def __init__(self, root: Path, files: dict[str, str], **settings: Any) -> None:
        self.root = root
        self.content = write_files(root / "content", files)
        self.output = root / "output"
        self.settings = {**CACHED, **settings}
        self.records: list[logging.LogRecord] = []

    def build(self, **settings: Any) -> dict[str, int]:
        """Build; return each output file's mtime (ns) after the build."""
        self.records = run_pelican(
            self.content, self.output, **{**self.settings, **settings}
        )
        return self.mtimes()

    def mtimes(self) -> dict[str, int]:
        return {
            str(path.relative_to(self.output)): path.stat().st_mtime_ns
            for path in self.output.rglob("*")
            if path.is_file()
        }

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.content / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
        bump(path)

    def assert_as_cold(self, tmp_path: Path, **settings: Any) -> None:
        """The output is exactly a cold build's of the same content."""
        cold = tmp_path / "cold" / "output"
        cold.mkdir(parents=True)  # pelican-seo writes robots.txt before Pelican does
        run_pelican(
            self.content, cold, **{**self.settings, **settings, "CACHE_CONTENT": False}
        )
        assert tree(self.output) == tree(cold)


def messages(site: Site) -> list[str]:
    return [record.getMessage() for record in site.records]


def bump(path: Path) -> None:
    """A new mtime, as an editor's save gives (Pelican's cache compares mtimes)."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    """Pages and feeds written again (theme files Pelican copies each build aside)."""
    return {
        name
        for name, mtime in after.items()
        if before.get(name) != mtime and not name.startswith("theme/")
    }


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path / "site", {**POSTS, **PAGES})


def test_a_rebuild_with_nothing_changed_writes_nothing(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="pelican.plugins.reflections")
    first = site.build()
    again = site.build()
    assert rewritten(first, again) == set()
    [summary] = [m for m in messages(site) if m.startswith("Incremental rebuild")]
    kept, total = re.findall(r"(\d+) of (\d+) files kept", summary)[0]
    assert kept == total != "0"


def test_a_body_edit_renders_the_post_and_its_feeds_only(
    site: Site, tmp_path: Path
) -> None:
    first = site.build()
    site.edit("post-3.md", "The body of Post 3.", "A new body for Post 3.")
    again = site.build()
    changed = rewritten(first, again)
    assert "post-3.html" in changed
    assert {"feeds/all.atom.xml", "feeds/work.atom.xml"} <= changed
    assert "post-2.html" not in changed and "index.html" not in changed
    site.assert_as_cold(tmp_path)


def test_a_title_change_renames_the_page_and_removes_the_old_one(
    site: Site, tmp_path: Path
) -> None:
    site.build()
    site.edit("post-3.md", "title: Post 3", "title: A Better Title")
    after = site.build()
    assert "a-better-title.html" in after
    assert "post-3.html" not in after
    # Its neighbours link to it by its new URL.
    assert "a-better-title.html" in (site.output / "post-2.html").read_text()
    site.assert_as_cold(tmp_path)


@pytest.mark.parametrize(
    "change",
    [
        ("post-5.md", "date: 2024-05-01", "date: 2023-01-01"),
        ("post-5.md", "  - Work", "  - Rest"),
        ("post-5.md", "tags: [focus, craft]", "tags: [focus]"),
        ("post-5.md", "summary: What post 5 is about.", "summary: Something else."),
        ("pages/about.md", "title: About", "title: About me"),
    ],
    ids=["date", "category", "tags", "summary", "page title"],
)
def test_any_edit_gives_a_cold_builds_output(
    site: Site, tmp_path: Path, change: tuple[str, str, str]
) -> None:
    site.build()
    site.edit(*change)
    site.build()
    site.assert_as_cold(tmp_path)


def test_a_new_post_and_a_deleted_one(site: Site, tmp_path: Path) -> None:
    site.build()
    write_files(site.content, {"post-9.md": post("Post 9", "2024-09-01", "Work")})
    (site.content / "post-2.md").unlink()
    after = site.build()
    assert "post-9.html" in after and "post-2.html" not in after
    site.assert_as_cold(tmp_path)


def test_a_template_override_renders_the_pages_that_use_it(
    site: Site, tmp_path: Path
) -> None:
    overrides = site.root / "overrides"
    first = site.build(THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    write_files(
        overrides,
        {
            "article.html": '{% extends "!theme/article.html" %}'
            "{% block title %}Overridden{% endblock %}"
        },
    )
    again = site.build(THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    changed = rewritten(first, again)
    assert {f"post-{n}.html" for n in range(1, 8)} <= changed
    assert "index.html" not in changed
    assert "<title>Overridden</title>" in (site.output / "post-1.html").read_text()
    site.assert_as_cold(tmp_path, THEME_TEMPLATES_OVERRIDES=[str(overrides)])


def test_a_setting_change_renders_everything(site: Site, tmp_path: Path) -> None:
    first = site.build()
    again = site.build(SITENAME="Another name")
    assert rewritten(first, again) == {n for n in first if not n.startswith("theme/")}
    site.assert_as_cold(tmp_path, SITENAME="Another name")


def test_a_file_changed_or_removed_in_the_output_is_written_again(site: Site) -> None:
    site.build()
    page = site.output / "post-4.html"
    original = page.read_bytes()
    page.write_text("edited by hand", encoding="utf-8")
    (site.output / "post-5.html").unlink()
    site.build()
    assert page.read_bytes() == original
    assert (site.output / "post-5.html").is_file()


@pytest.mark.parametrize(
    "settings",
    [
        {"REFLECTIONS_INCREMENTAL": False},
        {"LOAD_CONTENT_CACHE": False},  # pelican --ignore-cache
    ],
    ids=["off", "ignore-cache"],
)
def test_off_or_ignore_cache_renders_everything(
    site: Site, settings: dict[str, Any]
) -> None:
    first = site.build()
    again = site.build(**settings)
    assert rewritten(first, again) == {n for n in first if not n.startswith("theme/")}


def test_after_ignore_cache_the_next_rebuild_writes_nothing(site: Site) -> None:
    # The feeds' record held LOAD_CONTENT_CACHE with the other settings: a build
    # after ``--ignore-cache`` wrote every feed again (CI, seed 217286).
    site.build()
    ignored = site.build(LOAD_CONTENT_CACHE=False)
    again = site.build()
    assert rewritten(ignored, again) == set()


def test_after_a_build_with_it_off_pages_written_alike_are_still_its_own(
    site: Site, tmp_path: Path
) -> None:
    # A build with REFLECTIONS_INCREMENTAL off writes every file again (new mtimes,
    # the same text): the next build keeps them all, and removes the page of a post
    # renamed since (before, it kept the old page, as changed by someone else).
    first = site.build()
    off = site.build(REFLECTIONS_INCREMENTAL=False)
    assert rewritten(first, off) == {n for n in first if not n.startswith("theme/")}
    again = site.build()
    assert rewritten(off, again) == set()
    site.edit("post-3.md", "title: Post 3", "title: A Better Title")
    after = site.build()
    assert "post-3.html" not in after
    assert "post-6.html" not in rewritten(again, after)  # not a neighbour of post 3
    site.assert_as_cold(tmp_path)


def test_after_a_build_with_it_off_a_deleted_posts_feeds_go_too(
    site: Site, tmp_path: Path
) -> None:
    solo = site.content / "solo.md"
    solo.write_text(post("Solo", "2024-09-01", "Solo"), encoding="utf-8")
    site.build()
    site.build(REFLECTIONS_INCREMENTAL=False)
    solo.unlink()
    after = site.build()
    assert "feeds/solo.atom.xml" not in after
    assert "category/solo.html" not in after
    site.assert_as_cold(tmp_path)


def test_a_page_changed_by_hand_is_not_removed(site: Site) -> None:
    site.build()
    page = site.output / "post-3.html"
    page.write_text(page.read_text() + "<!-- mine -->", encoding="utf-8")
    site.edit("post-3.md", "title: Post 3", "title: A Better Title")
    site.build()
    assert page.read_text().endswith("<!-- mine -->")


def test_relative_urls_and_pagination(tmp_path: Path) -> None:
    site = Site(tmp_path / "site", {**POSTS, **PAGES}, RELATIVE_URLS=True)
    site.build()
    site.edit("post-6.md", "title: Post 6", "title: Post Six")
    site.build()
    site.assert_as_cold(tmp_path)


def test_pelican_sitemap_still_lists_every_page(site: Site, tmp_path: Path) -> None:
    plugins = {"PLUGINS": ["reflections", "sitemap"], "SITEMAP": {"format": "xml"}}
    first = site.build(**plugins)
    sitemap = (site.output / "sitemap.xml").read_text()
    again = site.build(**plugins)
    assert rewritten(first, again) <= {"sitemap.xml"}
    assert (site.output / "sitemap.xml").read_text() == sitemap
    assert "post-3.html" in sitemap
    site.assert_as_cold(tmp_path, **plugins)


SEO = {
    "PLUGINS": ["reflections", "seo"],
    "SEO_ENHANCER": True,
    "SEO_ENHANCER_OPEN_GRAPH": True,
    "SEO_REPORT": False,
    "AUTHOR": "A. Writer",
}


def test_pages_pelican_seo_changed_are_kept_and_not_changed_twice(
    site: Site, tmp_path: Path
) -> None:
    first = site.build(**SEO)
    again = site.build(**SEO)
    assert rewritten(first, again) <= {"robots.txt"}  # pelican-seo writes it itself
    page = (site.output / "post-3.html").read_text()
    assert page.count('property="og:title"') == 1
    site.edit("post-3.md", "The body of Post 3.", "A new body for Post 3.")
    third = site.build(**SEO)
    assert "post-3.html" in rewritten(again, third)
    assert "post-2.html" not in rewritten(again, third)
    site.assert_as_cold(tmp_path, **SEO)


def test_with_an_unknown_receiver_pages_a_plugin_changed_are_rendered(
    site: Site,
) -> None:
    def note(path: str, context: Any) -> None:
        pass

    first = site.build(**SEO)
    signals.content_written.connect(note)
    try:
        again = site.build(**SEO)
    finally:
        signals.content_written.disconnect(note)
    assert "post-3.html" in rewritten(first, again)


def with_filter(
    site: Site, template: str, expression: str, function: Callable[..., Any]
) -> dict[str, Any]:
    """Settings for an override of ``template`` whose title is ``expression``, with
    ``function`` as the filter it names."""
    overrides = site.root / "overrides"
    write_files(
        overrides,
        {
            template: f'{{% extends "!theme/{template}" %}}'
            f"{{% block title %}}{{{{ {expression} }}}}{{% endblock %}}"
        },
    )
    name = expression.rsplit("|", 1)[1]
    return {
        "THEME_TEMPLATES_OVERRIDES": [str(overrides)],
        "JINJA_FILTERS": {name: function},
    }


def where(article: Any) -> str:
    """A site's filter: reads the post in Python, not through the template."""
    return getattr(article, "location", "nowhere")


def test_another_plugins_writer_turns_it_off(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    class OtherWriter(Writer):
        pass

    def provide(_: Any) -> type[Writer]:
        return OtherWriter

    signals.get_writer.connect(provide)
    caplog.set_level(logging.INFO)
    try:
        site.build()
    finally:
        signals.get_writer.disconnect(provide)
    # It steps aside, at INFO: a site's build with --fatal warnings still passes.
    assert any(
        "provide provides Pelican's writer" in r.getMessage()
        and r.levelno == logging.INFO
        for r in caplog.records
    )


def test_an_unknown_feed_receiver_means_feeds_are_rendered(site: Site) -> None:
    seen: list[str] = []

    def count(context: Any, feed: Any) -> None:
        seen.append(feed.feed["title"])

    first = site.build()
    signals.feed_generated.connect(count)
    try:
        again = site.build()
    finally:
        signals.feed_generated.disconnect(count)
    assert seen  # it saw every feed, so they were made again
    assert "feeds/all.atom.xml" in rewritten(first, again)


def test_the_record_lives_in_the_cache_folder(site: Site) -> None:
    site.build()
    settings = {"OUTPUT_PATH": str(site.output), "CACHE_PATH": str(site.root / "cache")}
    assert store.record_path(settings).is_file()
    assert store.record_path(settings).parent == site.root / "cache"


# Digests: what the record compares.

DIGEST_SCRIPT = """
import datetime, functools
from pelican.plugins.reflections.speed.digests import Digester
d = Digester({})
values = ["text", 3, 1.5, None, [1, "a"], {"k": (1, 2)}, {3, 1, 2},
          datetime.datetime(2024, 5, 2, 10, 0), functools.partial(int, base=2),
          len, lambda x: [y for y in x]]
print([d.of(v).hex() for v in values])
"""


def test_digests_are_the_same_in_another_process() -> None:
    def run(seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        return subprocess.run(
            [sys.executable, "-c", DIGEST_SCRIPT],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stdout

    assert run("1") == run("2")


def test_a_value_without_a_stable_form_matches_nothing() -> None:
    digester = digests.Digester({})
    thing = object()
    assert digester.of(thing) != digester.of(thing)


def test_function_digests_follow_the_code() -> None:
    digester = digests.Digester({})

    def one(x: int) -> int:
        return x + 1

    def two(x: int) -> int:
        return x + 2

    one_again: Callable[[int], int] = one
    assert digester.of(one) == digester.of(one_again)
    two.__qualname__ = one.__qualname__
    assert digester.of(one) != digester.of(two)


@pass_context
def first_location(context: Any, _value: Any) -> str:
    """A site's ``pass_context`` filter: finds the posts in the context itself."""
    return str(getattr(context["articles"][-1], "location", "nowhere"))


@pytest.mark.parametrize(
    ("template", "expression", "function", "page"),
    [
        ("article.html", "article|where", where, "post-1.html"),
        ("index.html", "None|first_location", first_location, "index.html"),
    ],
    ids=["given a post", "looking posts up in the context"],
)
def test_python_code_that_reads_a_post_depends_on_all_of_it(
    site: Site, template: str, expression: str, function: Any, page: str
) -> None:
    """A site's own filter reads ``location`` in Python, of the post it is given
    or of one it finds in the context: no template reads it, so only recording
    the whole post catches the edit."""
    extra = with_filter(site, template, expression, function)
    site.build(**extra)
    site.edit(
        "post-1.md", "summary: What post 1", "location: Lisbon\nsummary: What post 1"
    )
    site.build(**extra)
    assert "<title>Lisbon</title>" in (site.output / page).read_text()
