"""``pelican --fatal`` fails a build on the plugin's problems, on every Pelican.

The real ``pelican`` command in a subprocess, as CI runs it: nothing here depends on
how a Pelican release implements ``--fatal`` (4.12 checks every record's level;
4.10 and 4.11 only ``logger.warning()`` and ``logger.error()`` calls).
tests/test_bad_input.py checks every bad-input case the same way in-process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

GOOD = "---\ntitle: Good post\ndate: 2024-01-01\n---\nAll well.\n"
# A warning (the post is published without its cover) and an error (held back).
MISSING_COVER = "---\ntitle: Covered\ndate: 2024-03-11\ncoverImage: gone.jpg\n---\nB\n"
IMPOSSIBLE_DATE = "---\ntitle: BADPOST\ndate: 2024-02-30\n---\nBody\n"
SETTINGS = """\
from pelican.plugins.reflections import theme_path

PLUGINS = ["reflections"]
THEME = theme_path()
SITEURL = "https://example.org"
TIMEZONE = "UTC"
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
"""


def pelican(tmp_path: Path, bad: str, fatal: str) -> subprocess.CompletedProcess:
    """Build a good post and ``bad.md`` with ``pelican --fatal <fatal>``."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "good.md").write_text(GOOD, encoding="utf-8")
    (content / "bad.md").write_text(bad, encoding="utf-8")
    (tmp_path / "pelicanconf.py").write_text(SETTINGS, encoding="utf-8")
    command = [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py"]
    return subprocess.run(
        [*command, "-o", "output", "--fatal", fatal],
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": "300"},  # rich wraps log lines at the width
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("bad", "fatal", "says"),
    [
        (MISSING_COVER, "warnings", "bad.md:4: coverImage:"),
        (IMPOSSIBLE_DATE, "warnings", "bad.md:3: date:"),
        (IMPOSSIBLE_DATE, "errors", "bad.md:3: date:"),
    ],
    ids=["warning-under-fatal-warnings", "error-under-fatal-warnings", "error"],
)
def test_pelican_fatal_fails_the_build_on_the_plugins_problems(
    tmp_path: Path, bad: str, fatal: str, says: str
) -> None:
    result = pelican(tmp_path, bad, fatal)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert says in output


def test_pelican_fatal_errors_publishes_a_post_with_a_warning(tmp_path: Path) -> None:
    result = pelican(tmp_path, MISSING_COVER, "errors")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "bad.md:4: coverImage:" in output
    assert (tmp_path / "output" / "covered.html").is_file()
    assert (tmp_path / "output" / "good-post.html").is_file()
