"""Covers stay inside the content folder (#26 item 4), with the real ``pelican``."""

from __future__ import annotations

import os
from pathlib import Path

from helpers import png, write_files
from test_existing_sites import BASE, pelican

SITE = BASE + 'PLUGINS = ["reflections"]\n'


def cover_post(name: str, src: str) -> str:
    return (
        f"---\ntitle: {name}\ndate: 2024-01-02\ncoverImage: {src}\n---\n"
        f"The body of {name}.\n"
    )


def test_a_cover_linking_outside_the_content_folder_is_refused_and_not_copied(
    tmp_path: Path,
) -> None:
    secrets = write_files(tmp_path / "private", {"secrets.txt": "API_KEY=hunter2\n"})
    photo = write_files(tmp_path / "elsewhere", {"photo.png": png(40, 30)})
    write_files(
        tmp_path,
        {
            "content/leak.md": cover_post("Leak", "covers/key.png"),
            "content/photo.md": cover_post("Photo", "covers/photo.png"),
            "content/fine.md": cover_post("Fine", "covers/real.png"),
            "content/covers/real.png": png(40, 30),
        },
    )
    os.symlink(secrets / "secrets.txt", tmp_path / "content/covers/key.png")
    os.symlink(photo / "photo.png", tmp_path / "content/covers/photo.png")
    built = pelican(tmp_path, SITE)
    assert built.returncode == 0, built.log
    log = " ".join(built.log.split())
    for name in ("leak.md:4: coverImage:", "photo.md:4: coverImage:"):
        assert f"ERROR {name}" in log or f"{name} the cover file" in log, log
    assert log.count("is a link to a file outside the content folder") == 2
    for path in built.output.rglob("*"):
        if path.is_file():
            assert b"hunter2" not in path.read_bytes(), path
    assert not list(built.output.rglob("key.png"))
    assert not list(built.output.rglob("photo.png"))
    assert (built.output / "covers/real.png").is_file()
    fatal = pelican(tmp_path, SITE, "fatal", "--fatal", "errors")
    assert fatal.returncode != 0


def test_a_cover_that_is_not_an_image_or_claims_an_impossible_size(
    tmp_path: Path,
) -> None:
    huge = bytearray(png(4, 3))
    huge[16:24] = (2**32 - 1).to_bytes(4, "big") * 2  # IHDR width and height
    write_files(
        tmp_path,
        {
            "content/text.md": cover_post("Text", "covers/notes.jpg"),
            "content/huge.md": cover_post("Huge", "covers/huge.png"),
            "content/covers/notes.jpg": "not a picture at all\n",
            "content/covers/huge.png": bytes(huge),
        },
    )
    from pelican.plugins.reflections import theme_path

    settings = SITE + f"THEME = {theme_path()!r}\n"
    built = pelican(tmp_path, settings)
    assert built.returncode == 0, built.log
    log = " ".join(built.log.split())
    assert "text.md:4: coverImage: the cover file 'covers/notes.jpg' is not an" in log
    assert "WARNING" in log
    assert built.html("text.html").select("img") == []
    [cover] = built.html("huge.html").select("img")
    assert not cover.get("width") and not cover.get("height")
    assert str(2**32 - 1) not in built.html("huge.html").decode()
