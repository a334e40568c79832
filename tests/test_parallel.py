"""Reading in worker processes: the output and the log are a serial build's,
under every start method, and a failing worker costs a warning, not a post."""

from __future__ import annotations

import logging
import multiprocessing
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import REPO_ROOT, run_pelican
from pelican.plugins.reflections import theme_path
from pelican.plugins.reflections.speed import parallel

POSTS = 60  # above parallel.MIN_FILES, so workers start


def write_corpus(content: Path) -> None:
    content.mkdir(parents=True)
    for number in range(POSTS):
        extra = ""
        if number % 5 == 0:
            extra = "updatedDate: 2024-06-01\nupdateDescription: Added *more*.\n"
        if number % 7 == 0:
            extra += 'title_note: "a\\bb"\n'  # a character feeds cannot hold
        (content / f"post-{number:03}.md").write_text(
            f"---\ntitle: Post {number}\ndate: 2024-01-{1 + number % 28:02}\n"
            f"categories: [Work, Life]\ntags: [t{number % 4}]\n"
            f"summary: The *lede* of post {number}.\n{extra}---\n"
            f"# Heading\n\nSome **body** text[^1] for post {number}.\n\n"
            "[^1]: A footnote.\n",
            encoding="utf-8",
        )
    (content / "stock.md").write_text(
        "Title: Stock\nDate: 2024-02-02\n\nStock *body*.\n", encoding="utf-8"
    )
    (content / "broken.md").write_text(
        "---\ntitle: Broken\ndate: 2024-13-01\n---\nBody\n", encoding="utf-8"
    )


def files(output: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(output)): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def problems(records) -> list[str]:
    return sorted(r.getMessage() for r in records if r.levelno >= logging.WARNING)


def build(content: Path, output: Path, **settings) -> list:
    return run_pelican(
        content,
        output,
        THEME=theme_path(),
        SITEURL="https://example.org",
        MARKDOWN={"extensions": ["markdown.extensions.footnotes"]},
        **settings,
    )


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    root = tmp_path_factory.mktemp("serial")
    write_corpus(root / "content")
    records = build(root / "content", root / "output", REFLECTIONS_WORKERS=1)
    return root / "content", files(root / "output"), problems(records)


def test_workers_write_the_serial_builds_files_and_log_its_problems(serial, tmp_path):
    content, expected, logged = serial
    records = build(content, tmp_path / "output", REFLECTIONS_WORKERS=2)
    assert files(tmp_path / "output") == expected
    assert problems(records) == logged
    assert any("broken.md:3: date" in line for line in logged)
    assert len([line for line in logged if "broken.md" in line]) == 1


def test_one_worker_starts_no_process(serial, tmp_path, monkeypatch):
    content, expected, _ = serial
    started = []
    monkeypatch.setattr(parallel.Pool, "__init__", lambda *a: started.append(a))
    build(content, tmp_path / "output", REFLECTIONS_WORKERS=1)
    assert started == []
    assert files(tmp_path / "output") == expected


def test_a_small_site_stays_serial(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(parallel.Pool, "__init__", lambda *a: started.append(a))
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text("---\ntitle: A\ndate: 2024-01-01\n---\nBody\n")
    build(content, tmp_path / "output", REFLECTIONS_WORKERS=2)
    assert started == []


def test_a_worker_that_dies_costs_a_warning_and_the_file_is_read_here(
    serial, tmp_path, monkeypatch
):
    content, expected, logged = serial
    monkeypatch.setattr(parallel, "render_file", _die_in_worker)
    records = build(content, tmp_path / "output", REFLECTIONS_WORKERS=2)
    assert files(tmp_path / "output") == expected
    messages = [r.getMessage() for r in records]
    warnings = [m for m in messages if "read in the main process" in m]
    # The files with the workers when they died are named; the ones not handed
    # out yet are read in the main process, with "the workers stopped" when the
    # break is seen before the main process, helping, has read them all itself.
    assert any("a worker could not" in w for w in warnings), "a lost file is named"
    assert set(problems(records)) - set(warnings) == set(logged)
    assert not [m for m in messages if "Could not process" in m]


def _die_in_worker(source_path: str):
    import os

    os._exit(3)  # what a crash in a Markdown extension looks like


def test_the_cache_holds_what_workers_need_not_read(serial, tmp_path, monkeypatch):
    content, expected, _ = serial
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    cache_path = str(tmp_path / "cache")
    build(content, tmp_path / "first", CACHE_PATH=cache_path, **cache)
    submitted: list[str] = []
    real_submit = parallel.Pool.submit
    monkeypatch.setattr(
        parallel.Pool,
        "submit",
        lambda self, paths: (submitted.extend(paths), real_submit(self, paths)),
    )
    build(content, tmp_path / "second", CACHE_PATH=cache_path, **cache)
    assert submitted == []
    assert files(tmp_path / "second") == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "method",
    [
        m
        for m in ("spawn", "forkserver")
        if m in multiprocessing.get_all_start_methods()
    ],
)
def test_spawn_and_forkserver_write_the_serial_builds_files(serial, tmp_path, method):
    content, expected, logged = serial
    script = textwrap.dedent(
        f"""
        import multiprocessing, sys
        sys.path.insert(0, {str(REPO_ROOT / "tests")!r})
        multiprocessing.set_start_method({method!r}, force=True)
        from test_parallel import build, problems
        from pathlib import Path
        records = build(Path({str(content)!r}), Path({str(tmp_path / "out")!r}),
                        REFLECTIONS_WORKERS=2)
        print("\\n".join(problems(records)))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert files(tmp_path / "out") == expected
    assert [line for line in done.stdout.splitlines() if line.strip()][
        -len(logged) :
    ] == logged


def test_markdown_extensions_other_plugins_add_reach_the_workers(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    for number in range(parallel.MIN_FILES + 8):  # all with math, enough for workers
        (content / f"math-{number:02}.md").write_text(
            f"---\ntitle: Math {number}\ndate: 2024-03-03\nsummary: Where $x^2$ "
            "grows.\n---\nInline $a+b$ and a block:\n\n$$\\sum_i x_i$$\n",
            encoding="utf-8",
        )
    plugins = {"PLUGINS": ["reflections", "render_math"]}
    build(content, tmp_path / "serial", REFLECTIONS_WORKERS=1, **plugins)
    parallel_log = logging.getLogger(parallel.__name__)
    parallel_log.setLevel(logging.DEBUG)
    try:
        records = build(content, tmp_path / "workers", REFLECTIONS_WORKERS=2, **plugins)
    finally:
        parallel_log.setLevel(logging.NOTSET)
    messages = [r.getMessage() for r in records]
    # The workers did not step aside, and rendered posts with math themselves.
    assert not [m for m in messages if "reading in one process" in m], messages
    assert [m for m in messages if m.endswith(": rendered by a worker process")]
    serial_files = files(tmp_path / "serial")
    for number in range(parallel.MIN_FILES + 8):
        page = serial_files[f"math-{number}.html"].decode()
        # render_math's extension ran: TeX marked up for MathJax, not left as text.
        assert 'class="math"' in page and "$a+b$" not in page
    assert files(tmp_path / "workers") == serial_files
