"""In ``pelican --autoreload``, a body edit's build takes the posts from memory (#31
item 2): one Pelican object runs every build, as autoreload does; after each
build the output equals a cold build's, and the posts Pelican made are counted."""

from __future__ import annotations

import datetime
import logging
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import connected_only_during_build, reset_pelican_log_dedup, run_pelican
from helpers import png, write_files
from pelican import Pelican, signals
from pelican.contents import Article
from pelican.plugins.reflections import theme_path
from pelican.settings import read_settings

POSTS = {
    "content/images/hill.png": png(40, 30),
    "content/walk.md": (
        "---\ntitle: A Walk\ndate: 2024-01-02\ncategories: [Life, Walking]\n"
        "tags: [hills]\ncoverImage: images/hill.png\nlocation: Leeds\n"
        "summary: Up the hill.\nupdatedDate: 2024-02-01\n"
        "updateDescription: Added the view.\n---\nThe body of the walk.\n"
    ),
    "content/walk-fr.md": (
        "---\ntitle: Une promenade\ndate: 2024-01-02\nslug: a-walk\nlang: fr\n"
        "categories: [Life]\n---\nLe texte.\n"
    ),
    "content/rest.md": (
        "---\ntitle: Rest\ndate: 2024-01-05\ncategories: [Life]\ntags: [hills, sleep]\n"
        "---\nRest, and [the walk]({filename}walk.md).\n"
    ),
    "content/draft.md": (
        "---\ntitle: Later\ndate: 2024-01-06\nstatus: draft\n---\nSoon.\n"
    ),
    "content/pages/about.md": "---\ntitle: About\n---\nAbout this site.\n",
    "content/same-a.md": "---\ntitle: Same\ndate: 2024-01-07\n---\nOne.\n",
    "content/same-b.md": "---\ntitle: Same\ndate: 2024-01-08\n---\nTwo.\n",
}
ARTICLES = {"walk.md", "walk-fr.md", "rest.md", "draft.md", "same-a.md", "same-b.md"}
made: list[str] = []  # the articles Pelican made in the build under way


def count_made(content: Any) -> None:
    """``content_object_init``: note each article Pelican makes."""
    if isinstance(content, Article):
        made.append(content.relative_source_path)


class Odd:
    """A value the kept posts cannot copy."""


def give_odd_value(content: Any) -> None:
    """``content_object_init``: a site's own code puts an object on each post."""
    content.odd = Odd()


class Loop:
    """One Pelican object that builds ``root/content`` again and again."""

    def __init__(self, root: Path, **settings: Any) -> None:
        self.root = root
        self.settings = {
            "PATH": str(root / "content"),
            "OUTPUT_PATH": str(root / "output"),
            "CACHE_PATH": str(root / "cache"),
            "PLUGINS": ["reflections"],
            "THEME": theme_path(),
            "SITEURL": "",
            "TIMEZONE": "UTC",
            "DEFAULT_LANG": "en",
            "CACHE_CONTENT": True,
            "LOAD_CONTENT_CACHE": True,
            "STATIC_PATHS": ["images"],
            "REFLECTIONS_SAFE_CODE": [__name__],
            **settings,
        }
        self.pelican = Pelican(read_settings(path=None, override=self.settings))
        self.said: list[str] = []

    def build(self) -> None:
        """Build once; keep what the plugin's loop said, and the posts made."""
        made.clear()
        self.said = []
        reset_pelican_log_dedup()

        class Note(logging.Handler):
            def emit(inner, record: logging.LogRecord) -> None:
                if record.name.startswith("pelican.plugins.reflections.speed"):
                    self.said.append(record.getMessage())

        note = Note(logging.INFO)
        logger = logging.getLogger("pelican.plugins.reflections.speed")
        level = logger.level
        logger.setLevel(logging.INFO)
        logger.addHandler(note)
        try:
            self.pelican.run()
        finally:
            logger.removeHandler(note)
            logger.setLevel(level)

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.root / "content" / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), "utf-8")

    def same_as_cold(self, name: str) -> None:
        """Every file of the output as a cold build, with no cache, writes it."""
        cold = self.root / f"cold-{name}"
        overrides = {**self.settings, "CACHE_CONTENT": False}
        overrides.update(LOAD_CONTENT_CACHE=False, CACHE_PATH=str(cold / "cache"))
        del overrides["PATH"], overrides["OUTPUT_PATH"]
        run_pelican(self.root / "content", cold / "output", **overrides)
        mine = files(Path(self.settings["OUTPUT_PATH"]))
        theirs = files(cold / "output")
        assert mine.keys() == theirs.keys(), name
        different = [k for k in mine if mine[k] != theirs[k]]
        assert not different, f"{name}: {different}"


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def loop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Loop]:
    """``pelican --autoreload``'s Pelican object over ``POSTS``."""
    monkeypatch.setattr(sys, "argv", ["pelican", str(tmp_path), "--autoreload"])
    write_files(tmp_path, POSTS)
    with connected_only_during_build():
        signals.content_object_init.connect(count_made)
        yield Loop(tmp_path)


def test_after_a_body_edit_the_build_takes_every_post_from_memory(loop: Loop) -> None:
    loop.build()
    assert sorted(made) == sorted(ARTICLES)  # the first build makes them all
    loop.edit("walk.md", "The body of the walk.", "The body of the walk, longer.")
    loop.build()
    # Only the loop read the edited post (for its early page); Pelican made none.
    assert made == ["walk.md"], loop.said
    assert "The build took 6 of 6 articles from the last run, as read" in loop.said
    assert "longer" in (loop.root / "output/a-walk.html").read_text("utf-8")
    loop.same_as_cold("body")
    # Again, from the posts the last build took; then a build with no edit.
    loop.edit("rest.md", "Rest, and", "Rest well, and")
    loop.build()
    assert made == ["rest.md"], loop.said
    loop.same_as_cold("second body")
    loop.build()
    loop.same_as_cold("no edit")


def test_a_header_edit_or_a_new_post_makes_posts_again(loop: Loop) -> None:
    loop.build()
    loop.edit("rest.md", "title: Rest", "title: Rest More")
    loop.build()
    assert made, loop.said
    assert not any(m.startswith("The build took") for m in loop.said)
    loop.same_as_cold("header")
    write_files(
        loop.root, {"content/new.md": "---\ntitle: New\ndate: 2024-03-01\n---\nNew.\n"}
    )
    loop.build()
    assert "new.md" in made
    loop.same_as_cold("new post")
    # A body edit after those is taken from memory again.
    loop.edit("new.md", "New.", "Newer.")
    loop.build()
    assert made == ["new.md"], loop.said
    loop.same_as_cold("body after")


def test_a_value_it_cannot_copy_has_the_next_build_read_every_post(
    loop: Loop,
) -> None:
    signals.content_object_init.connect(give_odd_value)
    loop.build()
    odd = f"odd holds a {__name__}.Odd"
    assert f"The next build reads every post again: {odd}" in loop.said
    loop.edit("walk.md", "The body of the walk.", "The body, edited.")
    loop.build()
    assert set(made) == ARTICLES, loop.said
    loop.same_as_cold("odd value")


def test_a_single_build_keeps_nothing_a_second_run_keeps_for_the_third(
    tmp_path: Path,
) -> None:
    """Outside ``pelican --autoreload`` a Pelican object's first build copies no
    post (a single ``pelican`` pays nothing); a second run keeps for the next."""
    write_files(tmp_path, POSTS)
    with connected_only_during_build():
        signals.content_object_init.connect(count_made)
        loop = Loop(tmp_path)
        loop.build()
        loop.edit("walk.md", "The body of the walk.", "The body, once.")
        loop.build()
        assert set(made) == ARTICLES, loop.said
        loop.edit("walk.md", "The body, once.", "The body, twice.")
        loop.build()
        assert made == ["walk.md"], loop.said
        loop.same_as_cold("third")


def test_a_receiver_it_does_not_know_while_reading_has_the_build_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["pelican", str(tmp_path), "--autoreload"])
    write_files(tmp_path, POSTS)
    with connected_only_during_build():
        signals.content_object_init.connect(count_made)
        signals.article_generator_context.connect(note_context)
        loop = Loop(tmp_path, REFLECTIONS_SAFE_CODE=["test_kept_posts.count_made"])
        loop.build()
        loop.edit("walk.md", "The body of the walk.", "The body, edited.")
        loop.build()
        assert set(made) == ARTICLES, loop.said
        assert any(
            m.startswith("The build reads every post again: ")
            and "note_context listens to article_generator_context" in m
            for m in loop.said
        ), loop.said
        loop.same_as_cold("unknown receiver")


def note_context(generator: Any, metadata: Any = None) -> None:
    """``article_generator_context``: a plugin's receiver the loop does not know."""


def test_after_a_cover_is_replaced_a_body_edit_is_still_written_first(
    loop: Loop,
) -> None:
    """The content cache reads a post again when its cover file is replaced (its
    size is read with it): the reading the loop compares an edit with is never
    stale, so the edit is not mistaken for a header change."""
    loop.build()
    write_files(loop.root, {"content/images/hill.png": png(80, 20)})
    loop.build()
    loop.same_as_cold("cover replaced")
    loop.edit("walk.md", "The body of the walk.", "The body, after the cover.")
    loop.build()
    assert any(m.startswith("Wrote a-walk.html first") for m in loop.said), loop.said
    assert made == ["walk.md"], loop.said
    loop.same_as_cold("body after the cover")


def test_with_future_dates_off_a_post_whose_time_came_is_read_again(
    loop: Loop,
) -> None:
    """``WITH_FUTURE_DATES = False`` makes a post dated later a draft until its
    time comes: with such a post the loop steps aside, and the build reads it
    again (published) once its time has come."""
    soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=3)
    write_files(
        loop.root,
        {
            "content/soon.md": (
                f"---\ntitle: Soon\ndate: {soon:%Y-%m-%d %H:%M:%S}\n---\nComing.\n"
            )
        },
    )
    loop.settings["WITH_FUTURE_DATES"] = False
    loop.pelican = Pelican(read_settings(path=None, override=loop.settings))
    loop.build()
    assert (loop.root / "output/drafts/soon.html").is_file()
    time.sleep(
        max(0.0, (soon - datetime.datetime.now(datetime.timezone.utc)).total_seconds())
        + 1
    )
    loop.edit("rest.md", "Rest, and", "Rest well, and")
    loop.build()
    assert "soon.md" in made, loop.said
    assert any("WITH_FUTURE_DATES is False and soon.md" in m for m in loop.said)
    assert (loop.root / "output/soon.html").is_file()
    loop.same_as_cold("its time came")


def fail_once(generator: Any, **_: Any) -> None:
    """``article_writer_finalized``: a plugin or template error in one run."""
    if failing:
        failing.clear()
        raise RuntimeError("an error in the middle of a build")


failing: list[bool] = []


def test_a_build_that_failed_leaves_nothing_for_a_later_build(loop: Loop) -> None:
    """``--autoreload`` goes on after a build fails; a new Pelican object (the
    settings file changed) never takes the failed build's posts."""
    signals.article_writer_finalized.connect(fail_once)
    loop.build()
    loop.edit("walk.md", "The body of the walk.", "The body, edited once.")
    failing.append(True)
    with pytest.raises(RuntimeError):
        loop.build()
    loop.edit("walk.md", "The body, edited once.", "The body, edited twice.")
    changed = Loop(  # into a new folder: Pelican leaves the old pages in the old
        loop.root,
        OUTPUT_PATH=str(loop.root / "output-changed"),
        REFLECTIONS_EDITS_FIRST=False,
        ARTICLE_SAVE_AS="posts/{slug}.html",
        ARTICLE_URL="posts/{slug}.html",
    )
    changed.build()
    assert set(made) == ARTICLES, changed.said
    page = (loop.root / "output-changed/posts/a-walk.html").read_text("utf-8")
    assert "edited twice" in page
    changed.same_as_cold("after a failed build")


@pytest.mark.parametrize(
    ("argv", "autoreload"),
    [
        (["/usr/bin/pelican", "content", "--autoreload", "--listen"], True),
        (["/usr/bin/pelican", "-lr"], True),
        (["C:/Scripts/pelican.exe", "-r"], True),
        (["/lib/python3/site-packages/pelican/__main__.py", "-r"], True),
        (["/usr/bin/pelican", "content"], False),
        (["/usr/bin/pytest", "-r", "a"], False),
        (["/usr/bin/pelican", "--no-such-option"], False),
    ],
)
def test_the_first_build_keeps_posts_only_in_pelican_autoreload(
    argv: list[str], autoreload: bool, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    from pelican.plugins.reflections.speed import kept

    monkeypatch.setattr(sys, "argv", argv)
    kept.begin(first=True, keeping=True)
    assert (kept._run is not None) is autoreload
    kept.begin(first=False, keeping=False)  # what a run that keeps nothing leaves
    assert kept._run is None
    assert capsys.readouterr().err == ""  # a stranger's arguments print no usage


def test_after_a_page_edit_the_build_takes_every_article_from_memory(
    loop: Loop,
) -> None:
    """Pelican reads its pages as always; an edit of a page's text leaves the
    articles as the last run read them."""
    loop.build()
    loop.edit("pages/about.md", "About this site.", "About this site, longer.")
    loop.build()
    assert made == [], loop.said
    assert "The build took 6 of 6 articles from the last run, as read" in loop.said
    assert "longer" in (loop.root / "output/pages/about.html").read_text("utf-8")
    loop.same_as_cold("page edit")
