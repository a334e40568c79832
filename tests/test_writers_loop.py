"""The writer's loop (#31): ``pelican --autoreload``, as a writer runs it.

One real ``pelican --autoreload --listen`` process per test, over a site of 45
posts (so the first build shares its pages out to forked processes), edited the
way a writer edits: a body, a header with a YAML error and its fix, two saves in
a row while a build runs; then Ctrl-C. The plugin's edits-first path, the
property that every run of the loop writes a cold build's files, is in
``tests/test_incremental_property.py`` (the ``autoreload-loop`` configurations).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import post, write_files
from pelican.plugins.reflections import theme_path

pytestmark = pytest.mark.slow
POSTS = 45


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> float:
    """Poll ``condition`` until it holds; the seconds it took."""
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > seconds:
            raise AssertionError(f"not within {seconds} s: {what}")
        time.sleep(0.01)
    return time.perf_counter() - start


def session_processes(session: int) -> list[str]:
    """The processes (pid and command) still in a session."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[3]) == session:  # after state, ppid, pgrp: the session id
            found.append(f"{entry.name}: {stat[: stat.rindex(')') + 1]}")
    return found


class Loop:
    """A running ``pelican --autoreload --listen`` and its log."""

    def __init__(self, site: Path, settings: str) -> None:
        self.site = site
        (site / "pelicanconf.py").write_text(settings, encoding="utf-8")
        self.log_path = site / "autoreload.log"
        with self.log_path.open("wb") as sink:
            self.process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "pelican", "content"),
                    *("-s", "pelicanconf.py", "-o", "output"),
                    *("--autoreload", "--listen", "--verbose"),
                    *("--port", str(free_port())),
                ],
                cwd=site,
                stdout=sink,
                stderr=subprocess.STDOUT,
                env={**os.environ, "COLUMNS": "400", "NO_COLOR": "1"},
                start_new_session=True,
            )
        self.wait_for_builds(1)
        time.sleep(1.0)  # Pelican watches once the first build is done

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def builds(self) -> int:
        return self.log.count("Done: Processed")

    def wait_for_builds(self, count: int) -> None:
        wait_for(lambda: self.builds() >= count, 120, f"build {count}\n{self.log}")

    def page(self, slug: str) -> str:
        path = self.site / "output" / f"{slug}.html"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def stop(self) -> None:
        """Ctrl-C, as a terminal sends it: to the whole process group."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            raise


def site_of(root: Path) -> Path:
    files: dict[str, str | bytes] = {
        f"content/post-{n:02d}.md": post(
            f"Post {n:02d}", f"2024-01-{1 + n % 28:02d} {n % 24:02d}:00", "Work"
        )
        + f"\nParagraph of post {n:02d}.\n"
        for n in range(POSTS)
    }
    files["content/pages/about.md"] = "Title: About\n\nAbout this site.\n"
    return write_files(root, files)


SETTINGS = f"""
PLUGINS = ["reflections"]
THEME = {theme_path()!r}
SITEURL = ""
TIMEZONE = "UTC"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
FEED_ALL_ATOM = "feeds/all.atom.xml"
"""


@pytest.fixture
def loop(tmp_path: Path) -> Iterator[Loop]:
    running = Loop(site_of(tmp_path), SETTINGS)
    try:
        yield running
    finally:
        running.stop()


def edit(site: Path, n: int, text: str) -> None:
    path = site / "content" / f"post-{n:02d}.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def test_an_edited_post_is_written_before_the_build(loop: Loop) -> None:
    before = loop.builds()
    edit(loop.site, 7, "A paragraph added in the loop.")
    seconds = wait_for(
        lambda: "A paragraph added in the loop." in loop.page("post-07"), 30, "page"
    )
    loop.wait_for_builds(before + 1)
    log = loop.log
    first = log.index("Wrote post-07.html first")
    assert first < log.rindex("Done: Processed"), log[-3000:]
    assert seconds < 5, seconds
    # The feed that shows the post's text was written first too.
    assert re.search(r"Wrote post-07.html first \(\d+ ms\), then [1-9]", log), log
    # The build took every post from memory, from the first edit on: the first
    # build of ``pelican --autoreload`` kept them.
    assert f"The build took {POSTS} of {POSTS} articles from the last run" in log, log


def test_a_yaml_error_is_said_and_the_rest_keeps_updating(loop: Loop) -> None:
    broken = loop.site / "content" / "post-03.md"
    good = broken.read_text(encoding="utf-8")
    before = loop.builds()
    broken.write_text(good.replace("title: Post 03", "title: [Post 03"), "utf-8")
    loop.wait_for_builds(before + 1)
    errors = [line for line in loop.log.splitlines() if "post-03.md" in line]
    assert any("ERROR" in line and "title" in line for line in errors), errors
    assert "[Post 03" not in loop.page("post-03"), "published with its header"
    edit(loop.site, 9, "Written while another post is broken.")
    wait_for(lambda: "another post is broken" in loop.page("post-09"), 30, "post 9")
    loop.wait_for_builds(before + 2)
    # No pause: a save between a build's end and the watcher's start is seen.
    broken.write_text(good + "\nFixed again.\n", encoding="utf-8")
    wait_for(
        lambda: "Fixed again." in loop.page("post-03"), 30, f"back\n{loop.log[-4000:]}"
    )


def test_a_save_while_a_build_runs_is_built(loop: Loop) -> None:
    """Pelican watches only between builds: the plugin sees a post saved while
    one ran, and the loop builds it without another save."""
    before = loop.builds()
    edit(loop.site, 11, "First of two saves.")
    wait_for(lambda: "First of two saves." in loop.page("post-11"), 30, "first")
    edit(loop.site, 12, "Second save, while the build runs.")
    wait_for(
        lambda: "Second save, while the build runs." in loop.page("post-12"),
        30,
        f"the second save reached its page\n{loop.log[-3000:]}",
    )
    loop.wait_for_builds(before + 2)


def test_ctrl_c_leaves_no_process_behind(tmp_path: Path) -> None:
    running = Loop(site_of(tmp_path), SETTINGS)
    session = running.process.pid
    edit(running.site, 5, "One edit before stopping.")
    wait_for(lambda: "One edit before" in running.page("post-05"), 30, "edit")
    running.stop()
    wait_for(lambda: not session_processes(session), 10, "every process gone")
    assert running.process.returncode is not None
