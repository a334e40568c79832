"""Test data and small tools shared by the test modules (``from helpers import``).

Posts, content trees, image bytes, the YAML alias bomb, and a work counter that
stands in for timing assertions (a count of calls cannot flake on a busy machine).
"""

from __future__ import annotations

import io
import itertools
import os
import random
import struct
import subprocess
import sys
import textwrap
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup


def post(title: str, date: str, *categories: str, **fields: str) -> str:
    """A YAML front-matter post like the reference post."""
    lines = ["---", f"title: {title}", f"date: {date}"]
    if categories:
        lines.append("categories:")
        lines.extend(f"  - {name}" for name in categories)
    lines.extend(f"{key}: {value}" for key, value in fields.items())
    lines += ["---", f"The body of {title}.", ""]
    return "\n".join(lines)


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``{relative path: text or bytes}`` under ``root``; return ``root``.

    Text is dedented and its leading newlines dropped, so tests can write files
    inline in triple quotes; bytes are written as they are.
    """
    for relative, body in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            target.write_bytes(body)
        else:
            target.write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return root


def png(width: int = 4, height: int = 3) -> bytes:
    """A complete black PNG of that size (IHDR, IDAT, IEND, with their CRCs)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\0" + b"\0" * 3 * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def gif(width: int = 1, height: int = 1) -> bytes:
    """A GIF89a whose headers say ``width`` x ``height``.

    ``gif()`` is a complete 1x1 white-and-black image any decoder opens; at other
    sizes the one pixel of data is short of the size, which is all a reader of the
    header (cover sizes) needs.
    """
    screen = struct.pack("<HHBBB", width, height, 0x80, 0, 0)
    palette = b"\x00\x00\x00\xff\xff\xff"
    control = b"\x21\xf9\x04\x01\x00\x00\x00\x00"
    image = b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0)
    return b"GIF89a" + screen + palette + control + image + b"\x02\x02\x44\x01\x00;"


def alias_bomb(levels: int = 9) -> str:
    """YAML mapping lines whose aliases expand to 9**levels values (billion laughs)."""
    names = "abcdefghijklmnopqrstuvwxyz"[:levels]
    rows = [f"{names[0]}: &{names[0]} [" + ",".join(['"lol"'] * 9) + "]"]
    for previous, name in itertools.pairwise(names):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(rows)


class TooMuchWork(BaseException):
    """Raised inside code that made more calls than it was allowed.

    A BaseException, so no ``except Exception`` in the code under test hides it.
    """


@contextmanager
def counted_calls(limit: int) -> Iterator[list[int]]:
    """Count the Python and C function calls made inside the block.

    Yields a one-item list holding the count so far; raises TooMuchWork as soon as
    it passes ``limit``, so runaway work fails the test instead of hanging it.
    """
    count = [0]

    def profile(frame, event, arg):
        if event in ("call", "c_call"):
            count[0] += 1
            if count[0] > limit:
                sys.setprofile(None)
                raise TooMuchWork(f"more than {limit} calls")

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        yield count
    finally:
        sys.setprofile(previous)


# --- the real ``pelican`` command -------------------------------------------

PELICAN = [sys.executable, "-m", "pelican"]


@dataclass
class Build:
    """A finished ``pelican`` run: its exit code, its log and the files it wrote."""

    returncode: int
    log: str
    output: Path

    def files(self) -> dict[str, bytes]:
        return {
            str(path.relative_to(self.output)): path.read_bytes()
            for path in sorted(self.output.rglob("*"))
            if path.is_file()
        }

    def html(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup((self.output / relative).read_text(), "html.parser")

    def exists_all(self, relatives: list[str]) -> bool:
        return all((self.output / relative).is_file() for relative in relatives)

    def lines(self, name: str) -> list[str]:
        """The log lines about the file ``name``."""
        return [line for line in self.log.splitlines() if name in line]

    def text(self, relative: str, selector: str = "html") -> str:
        found = self.html(relative).select_one(selector)
        return " ".join(found.get_text(" ").split()) if found else ""


def pelican(
    site: Path, settings: str, output: str = "output", *args: str, **env: str
) -> Build:
    """Run ``pelican content -s <settings> -o <output>`` in ``site``."""
    conf = site / f"conf-{output}.py"
    conf.write_text(settings, encoding="utf-8")
    done = subprocess.run(
        [*PELICAN, "content", "-s", conf.name, "-o", output, *args],
        cwd=site,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200", **env},
        timeout=300,
        check=False,
    )
    return Build(done.returncode, done.stdout + done.stderr, site / output)


def photo(width: int, height: int, kind: str = "JPEG", seed: int = 1) -> bytes:
    """A photo-like image made with Pillow (soft shapes, finer detail and grain,
    which compress like a camera's picture, not a flat colour), in ``kind``."""
    from PIL import Image  # only the image tests need Pillow loaded

    noise = random.Random(seed)
    layers = []
    for coarse in (40, 6):
        bands = []
        for _ in range(3):
            small = Image.effect_noise((width // coarse, height // coarse), 60)
            bands.append(small.resize((width, height), Image.Resampling.BICUBIC))
        layers.append(Image.merge("RGB", bands))
    grain = Image.effect_noise((width, height), 12 + noise.random()).convert("RGB")
    image = Image.blend(Image.blend(layers[0], layers[1], 0.35), grain, 0.12)
    if kind == "PNG":
        image = image.convert("RGBA")
    data = io.BytesIO()
    image.save(data, kind, **({"quality": 88} if kind == "JPEG" else {}))
    return data.getvalue()
