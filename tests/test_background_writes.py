"""Caches written in threads (``speed/background.py``) behave as written in line.

A build run with the ``pelican`` command or from Python leaves Pelican's content
cache and the incremental record on disk when it returns; a cache that cannot be
written is the warning it was (one line, and ``--fatal warnings`` fails), and the
site is still built.
"""

from __future__ import annotations

from pathlib import Path

from conftest import run_pelican
from helpers import pelican, post, write_files
from pelican.plugins.reflections.speed import store

SETTINGS = """
PLUGINS = ["reflections"]
TIMEZONE = "UTC"
SITEURL = ""
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = {cache!r}
"""


def site(root: Path) -> Path:
    return write_files(
        root,
        {
            f"content/post-{n}.md": post(f"Post {n}", f"2024-05-0{n + 1}")
            for n in range(3)
        },
    )


def test_a_build_from_python_leaves_its_caches_on_disk(tmp_path: Path) -> None:
    root = site(tmp_path)
    output = tmp_path / "output"
    run_pelican(root / "content", output, CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)
    cache = tmp_path / "cache"
    settings = {"OUTPUT_PATH": str(output), "CACHE_PATH": str(cache)}
    assert store.record_path(settings).stat().st_size > 0
    assert (cache / "ArticlesGenerator-Readers").stat().st_size > 0


def test_a_cache_that_cannot_be_written_is_a_warning_and_fatal_fails(
    tmp_path: Path,
) -> None:
    root = site(tmp_path)
    blocked = root / "not-a-folder"
    blocked.write_text("a file where the cache folder would be\n", encoding="utf-8")
    settings = SETTINGS.format(cache=str(blocked / "cache"))
    built = pelican(root, settings)
    assert built.returncode == 0, built.log
    assert (built.output / "post-0.html").is_file()
    assert "Traceback" not in built.log, built.log
    assert "incremental record cannot be kept" in built.log, built.log
    fatal = pelican(root, settings, "fatal", "--fatal", "warnings")
    assert fatal.returncode != 0, fatal.log
