"""Article pages rendered in forked processes (``rendering``): the files are a
serial build's, other plugins see every page from the build's own process, and a
child that dies costs a warning, never a page.

Each build runs in a process of its own (spawned, as a user runs ``pelican``):
pages are never shared out from a process with other threads (but rich's live
display), and the test process has some (a browser of the browser tests, for
one)."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import re
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import run_pelican
from helpers import post, write_files
from pelican.plugins.reflections import theme_path

pytestmark = [
    pytest.mark.skipif(
        not sys.platform.startswith("linux"), reason="pages are shared out by fork"
    ),
    pytest.mark.filterwarnings("ignore:.locale.getdefaultlocale.:DeprecationWarning"),
]

POSTS = {
    f"post-{n:02}.md": post(
        f"Post {n}",
        f"2024-{1 + n % 12:02}-{1 + n % 27:02}",
        "Work" if n % 3 else "Rest",
        tags=f"[t{n % 5}]",
        summary=f"What post {n} is about.",
    )
    for n in range(60)  # above parallel.MIN_FILES
}
MAIN = os.getpid()  # in the process that builds: the test module is imported there
PIDS_DIR = "REFLECTIONS_TEST_PIDS"  # where note_pid leaves one file per process


def note_pid(value: Any) -> str:
    """A filter: note which process rendered the page; shows nothing."""
    if os.environ.get(PIDS_DIR):
        (Path(os.environ[PIDS_DIR]) / str(os.getpid())).touch()
    return ""


def die_in_a_child(value: Any) -> str:
    """A filter that kills any process but the one that builds."""
    if os.getpid() != MAIN:
        os._exit(3)
    return ""


def overrides(root: Path, filter_name: str) -> Path:
    return write_files(
        root / "overrides",
        {
            "article.html": '{% extends "!theme/article.html" %}'
            f"{{% block title %}}{{{{ article.title|{filter_name} }}}}"
            "{{ super() }}{% endblock %}"
        },
    )


@dataclass
class Built:
    """What one build in a process of its own gave back."""

    files: dict[str, bytes]
    warnings: list[str]
    pid: int  # the building process
    left: list[str]  # its children after the build (none, not even a zombie)
    announced: set[int]  # the processes content_written reached (with a receiver)


def _build_here(
    root: Path,
    workers: int,
    settings: dict[str, Any],
    receiver: bool,
    thread: bool,
    status: bool,
) -> Built:
    """One build in this (spawned) process; with ``status``, under rich's live
    "Generating..." display, as the ``pelican`` command builds (its refresh is a
    thread of its own)."""
    from pelican import signals
    from pelican.log import console

    seen: set[int] = set()

    def note(path: str, context: Any) -> None:
        seen.add(os.getpid())

    output = root / f"output-{workers}"
    output.mkdir(parents=True, exist_ok=True)  # pelican-seo writes robots.txt first
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    if receiver:
        signals.content_written.connect(note)
    if thread:
        other.start()
    try:
        with console.status("Generating...") if status else contextlib.nullcontext():
            records = run_pelican(
                root / "content",
                output,
                THEME=theme_path(),
                SITEURL="https://example.org",
                AUTHOR="A. Writer",
                REFLECTIONS_WORKERS=workers,
                **settings,
            )
    finally:
        stop.set()
        if thread:
            other.join()
        if receiver:
            signals.content_written.disconnect(note)
    return Built(
        files={
            str(path.relative_to(output)): path.read_bytes()
            for path in sorted(output.rglob("*"))
            if path.is_file()
        },
        warnings=[r.getMessage() for r in records if r.levelno == logging.WARNING],
        pid=os.getpid(),
        left=children_of_this_process(),
        announced=seen,
    )


def build(
    root: Path,
    workers: int,
    receiver: bool = False,
    thread: bool = False,
    status: bool = False,
    **settings: Any,
) -> Built:
    """Build ``POSTS`` with the bundled theme in a new process."""
    content = root / "content"
    if not content.exists():
        write_files(content, POSTS)
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn) as one:
        return one.submit(
            _build_here, root, workers, settings, receiver, thread, status
        ).result()


def children_of_this_process() -> list[str]:
    found = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    return found.read_text().split() if found.exists() else []


@pytest.fixture
def pids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    found = tmp_path / "pids"
    found.mkdir()
    monkeypatch.setenv(PIDS_DIR, str(found))
    return found


def with_filter(root: Path, name: str) -> dict[str, Any]:
    return {
        "THEME_TEMPLATES_OVERRIDES": [str(overrides(root, name))],
        "JINJA_FILTERS": {name: globals()[name]},
        # The test's filters note a process or kill one: nothing a page shows.
        "REFLECTIONS_SAFE_CODE": [__name__],
    }


def test_two_processes_render_the_pages_a_serial_build_writes(
    tmp_path: Path, pids: Path
) -> None:
    serial = build(tmp_path, 1, **with_filter(tmp_path, "note_pid"))
    assert [p.name for p in pids.iterdir()] == [str(serial.pid)]
    for found in pids.iterdir():
        found.unlink()
    shared = build(tmp_path, 2, **with_filter(tmp_path, "note_pid"))
    assert len(list(pids.iterdir())) == 2  # the building process and one child
    assert shared.files == serial.files
    assert shared.left == []  # no child left, not even a zombie


def test_with_sitemap_and_seo_every_page_is_seen_once(tmp_path: Path) -> None:
    plugins = {
        "PLUGINS": ["reflections", "sitemap", "seo"],
        "SITEMAP": {"format": "xml"},
        "SEO_ENHANCER": True,
        "SEO_ENHANCER_OPEN_GRAPH": True,
        "SEO_REPORT": False,
    }
    serial = build(tmp_path, 1, **plugins)
    shared = build(tmp_path, 2, **plugins)
    assert shared.files["sitemap.xml"].count(b"<url>") > len(POSTS)
    # pelican-sitemap dates the index pages with the time it was imported, in
    # each process: that moment aside, the files are the same.
    for built in (serial, shared):
        built.files["sitemap.xml"] = re.sub(
            rb"<lastmod>[^<]*-00:00</lastmod>", b"", built.files["sitemap.xml"]
        )
    assert shared.files == serial.files
    page = shared.files["post-7.html"].decode()
    assert page.count('property="og:title"') == 1  # changed once, by the build


def test_a_child_that_dies_costs_a_warning_not_a_page(tmp_path: Path) -> None:
    serial = build(tmp_path, 1, **with_filter(tmp_path, "die_in_a_child"))
    shared = build(tmp_path, 2, **with_filter(tmp_path, "die_in_a_child"))
    assert shared.files == serial.files
    assert any("page-rendering process stopped" in m for m in shared.warnings)
    assert shared.left == []


def test_an_unknown_content_written_receiver_keeps_one_process(
    tmp_path: Path, pids: Path
) -> None:
    built = build(tmp_path, 2, receiver=True, **with_filter(tmp_path, "note_pid"))
    assert [p.name for p in pids.iterdir()] == [str(built.pid)]
    assert built.announced == {built.pid}


def test_a_process_with_another_thread_renders_alone(
    tmp_path: Path, pids: Path
) -> None:
    built = build(tmp_path, 2, thread=True, **with_filter(tmp_path, "note_pid"))
    assert [p.name for p in pids.iterdir()] == [str(built.pid)]


def test_under_pelicans_generating_status_pages_are_still_shared_out(
    tmp_path: Path, pids: Path
) -> None:
    # The ``pelican`` command builds inside rich's live status, whose refresh is a
    # thread: refusing to fork beside it meant pages were never shared out.
    serial = build(tmp_path, 1, **with_filter(tmp_path, "note_pid"))
    for found in pids.iterdir():
        found.unlink()
    shared = build(tmp_path, 2, status=True, **with_filter(tmp_path, "note_pid"))
    assert len(list(pids.iterdir())) == 2  # the building process and one child
    assert shared.files == serial.files
    assert shared.left == []


def test_a_cold_build_shared_out_keeps_a_full_record(
    tmp_path: Path, pids: Path
) -> None:
    cached = {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(tmp_path / "cache"),
        **with_filter(tmp_path, "note_pid"),
    }
    first = build(tmp_path, 2, **cached)
    assert len(list(pids.iterdir())) == 2  # shared out
    output = tmp_path / "output-2"
    before = {p: p.stat().st_mtime_ns for p in output.rglob("*.html")}
    again = build(tmp_path, 2, **cached)
    assert again.files == first.files
    assert {p: p.stat().st_mtime_ns for p in output.rglob("*.html")} == before
