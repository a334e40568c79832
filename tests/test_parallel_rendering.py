"""Article pages rendered in forked processes (``rendering``): the files are a
serial build's, other plugins see every page from the build's own process, and a
child that dies costs a warning, never a page."""

from __future__ import annotations

import logging
import os
import sys
import threading
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
MAIN = os.getpid()
PIDS: Path | None = None  # where note_pid leaves one file per process


def note_pid(value: Any) -> str:
    """A filter: note which process rendered the page; shows nothing."""
    if PIDS is not None:
        (PIDS / str(os.getpid())).touch()
    return ""


def die_in_a_child(value: Any) -> str:
    """A filter that kills any process but the test's own."""
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


def build(root: Path, workers: int, **settings: Any) -> tuple[dict[str, bytes], list]:
    content = root / "content"
    if not content.exists():
        write_files(content, POSTS)
    output = root / f"output-{workers}"
    records = run_pelican(
        content,
        output,
        THEME=theme_path(),
        SITEURL="https://example.org",
        AUTHOR="A. Writer",
        REFLECTIONS_WORKERS=workers,
        **settings,
    )
    files = {
        str(path.relative_to(output)): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }
    return files, records


def children_of_this_process() -> list[str]:
    found = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    return found.read_text().split() if found.exists() else []


@pytest.fixture
def pids(tmp_path: Path) -> Path:
    global PIDS
    PIDS = tmp_path / "pids"
    PIDS.mkdir()
    yield PIDS
    PIDS = None


def test_two_processes_render_the_pages_a_serial_build_writes(
    tmp_path: Path, pids: Path
) -> None:
    settings = {
        "THEME_TEMPLATES_OVERRIDES": [str(overrides(tmp_path, "note_pid"))],
        "JINJA_FILTERS": {"note_pid": note_pid},
    }
    serial, _ = build(tmp_path, 1, **settings)
    assert [p.name for p in pids.iterdir()] == [str(MAIN)]
    for found in pids.iterdir():
        found.unlink()
    others = set(children_of_this_process())  # earlier tests' (a browser)
    shared, _ = build(tmp_path, 2, **settings)
    assert len(list(pids.iterdir())) == 2  # this process and one child
    assert shared == serial
    assert set(children_of_this_process()) <= others  # none left, none a zombie


def test_with_sitemap_and_seo_every_page_is_seen_once(tmp_path: Path) -> None:
    plugins = {
        "PLUGINS": ["reflections", "sitemap", "seo"],
        "SITEMAP": {"format": "xml"},
        "SEO_ENHANCER": True,
        "SEO_ENHANCER_OPEN_GRAPH": True,
        "SEO_REPORT": False,
    }
    (tmp_path / "output-1").mkdir()  # pelican-seo writes robots.txt first
    (tmp_path / "output-2").mkdir()
    serial, _ = build(tmp_path, 1, **plugins)
    shared, _ = build(tmp_path, 2, **plugins)
    assert shared["sitemap.xml"].count(b"<url>") > len(POSTS)
    assert shared == serial
    page = shared["post-7.html"].decode()
    assert page.count('property="og:title"') == 1  # changed once, by the build


def test_a_child_that_dies_costs_a_warning_not_a_page(tmp_path: Path) -> None:
    settings = {
        "THEME_TEMPLATES_OVERRIDES": [str(overrides(tmp_path, "die_in_a_child"))],
        "JINJA_FILTERS": {"die_in_a_child": die_in_a_child},
    }
    serial, _ = build(tmp_path, 1, **settings)
    others = set(children_of_this_process())
    shared, records = build(tmp_path, 2, **settings)
    assert shared == serial
    warnings = [r.getMessage() for r in records if r.levelno == logging.WARNING]
    assert any("page-rendering process stopped" in m for m in warnings)
    assert set(children_of_this_process()) <= others


def test_an_unknown_content_written_receiver_keeps_one_process(
    tmp_path: Path, pids: Path
) -> None:
    from pelican import signals

    seen: list[int] = []

    def note(path: str, context: Any) -> None:
        seen.append(os.getpid())

    settings = {
        "THEME_TEMPLATES_OVERRIDES": [str(overrides(tmp_path, "note_pid"))],
        "JINJA_FILTERS": {"note_pid": note_pid},
    }
    signals.content_written.connect(note)
    try:
        build(tmp_path, 2, **settings)
    finally:
        signals.content_written.disconnect(note)
    assert [p.name for p in pids.iterdir()] == [str(MAIN)]
    assert set(seen) == {MAIN}


def test_a_cold_build_shared_out_keeps_a_full_record(tmp_path: Path) -> None:
    cached = {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(tmp_path / "cache"),
    }
    first, _ = build(tmp_path, 2, **cached)
    output = tmp_path / "output-2"
    before = {p: p.stat().st_mtime_ns for p in output.rglob("*.html")}
    again, _ = build(tmp_path, 2, **cached)
    assert again == first
    assert {p: p.stat().st_mtime_ns for p in output.rglob("*.html")} == before


def test_a_process_with_another_thread_renders_alone(
    tmp_path: Path, pids: Path
) -> None:
    settings = {
        "THEME_TEMPLATES_OVERRIDES": [str(overrides(tmp_path, "note_pid"))],
        "JINJA_FILTERS": {"note_pid": note_pid},
    }
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        build(tmp_path, 2, **settings)
    finally:
        stop.set()
        other.join()
    assert [p.name for p in pids.iterdir()] == [str(MAIN)]
