"""Pelican's content cache never serves a post a cold build would read differently
(#26 item 5): a cover file that comes or goes, and a change of the settings that
say how keys are read, with the real ``pelican`` and incremental rebuilds."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import png, write_files
from test_existing_sites import BASE, pelican

CACHED = BASE.replace("LOAD_CONTENT_CACHE = False", "") + (
    'PLUGINS = ["reflections"]\n'
    "from pelican.plugins.reflections import theme_path\nTHEME = theme_path()\n"
    "CACHE_CONTENT = True\nLOAD_CONTENT_CACHE = True\n"
)


def same_as_cold(site: Path, settings: str, name: str) -> None:
    """Build ``site`` again into its cached output, and cold into a new folder with
    no cache: every file alike."""
    warm = pelican(site, settings, "output")
    assert warm.returncode == 0, warm.log
    cold_settings = (
        settings.replace("LOAD_CONTENT_CACHE = True", "LOAD_CONTENT_CACHE = False")
        + f'CACHE_PATH = "cold-cache-{name}"\n'
    )
    cold = pelican(site, cold_settings, f"cold-{name}")
    assert cold.returncode == 0, cold.log

    # Pages and feeds (a static file the last build copied stays, as with Pelican).
    def pages(files: dict[str, bytes]) -> dict[str, bytes]:
        return {k: v for k, v in files.items() if k.endswith((".html", ".xml"))}

    assert pages(warm.files()) == pages(cold.files()), name


def test_a_cover_file_that_comes_or_goes_is_read_again(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "content/walk.md": (
                "---\ntitle: Walk\ndate: 2024-01-02\ncoverImage: covers/hill.png\n"
                "---\nThe body of walk.\n"
            ),
            "content/other.md": "---\ntitle: Other\ndate: 2024-01-03\n---\nOther.\n",
        },
    )
    first = pelican(tmp_path, CACHED, "output")
    assert first.returncode == 0 and "covers/hill.png" in first.log
    assert not first.html("walk.html").select("img")
    write_files(tmp_path, {"content/covers/hill.png": png(40, 30)})
    same_as_cold(tmp_path, CACHED, "added")
    assert (tmp_path / "output/covers/hill.png").is_file()
    assert pelican(tmp_path, CACHED, "output").html("walk.html").select("img")
    (tmp_path / "content/covers/hill.png").unlink()
    same_as_cold(tmp_path, CACHED, "deleted")
    assert not pelican(tmp_path, CACHED, "output").html("walk.html").select("img")


def test_a_change_of_aliases_reads_every_post_again(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "content/posted.md": (
                "---\ntitle: Posted\ndate: 2020-01-01\n"
                "lede: A lede of its own.\n---\nB.\n"
            ),
        },
    )
    first = pelican(tmp_path, CACHED, "output")
    assert first.returncode == 0, first.log
    assert "A lede of its own." not in first.text("posted.html")
    aliased = CACHED + 'REFLECTIONS_ALIASES = {"lede": "summary"}\n'
    same_as_cold(tmp_path, aliased, "aliased")
    shutil.rmtree(tmp_path / "cold-aliased")
    assert "A lede of its own." in pelican(tmp_path, aliased, "output").text(
        "posted.html"
    )
    same_as_cold(tmp_path, CACHED, "unaliased")
