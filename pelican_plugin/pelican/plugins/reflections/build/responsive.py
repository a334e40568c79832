"""Resized copies of an image, made with Pillow once and kept in the cache folder.

``Plan`` says what one image needs: the widths (never wider than the image) in
the modern formats (WebP; AVIF if asked and Pillow has it), and one copy 1200 px
wide in the image's own family (JPEG, or PNG) for old browsers and social
previews. ``ImageCache`` finds a plan's files under
``CACHE_PATH/reflections-images/<key>/``, where the key is the digest of the
image's bytes and of the plan, or makes them (``encode``): so a clean output
folder, or a new clone with the cache, reuses them, and a changed image or
setting makes new ones. The digest of a file is remembered by its size and mtime
(``sources.json``) so a warm build reads no image through.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import shutil
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from PIL import Image, ImageOps, features

__all__ = ["ImageCache", "Plan", "avif_available", "plan_for"]

logger = logging.getLogger(__name__)

VERSION = "1"  # bump when the encoding changes: every key changes with it
FOLDER = "reflections-images"
SOCIAL_WIDTH = 1200
# Pillow's format name -> (file extension, MIME type, save options).
_FORMATS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "WEBP": ("webp", "image/webp", {"quality": 76, "method": 0}),
    "AVIF": ("avif", "image/avif", {"quality": 60, "speed": 10}),
    "JPEG": ("jpg", "image/jpeg", {"quality": 80}),
    "PNG": ("png", "image/png", {"compress_level": 6}),
}
# The formats re-encoded; others (GIF: animation, SVG: vector, AVIF, TIFF …) are
# used as they are.
RESIZED = frozenset({"JPEG", "PNG", "WEBP"})
_TURNED = frozenset({5, 6, 7, 8})  # EXIF orientations that swap width and height


def avif_available() -> bool:
    """Whether this Pillow writes AVIF."""
    return bool(features.check("avif"))


class Plan(NamedTuple):
    """The copies one image needs: ``(width, format)`` pairs in the modern
    formats, widest first; the one copy in JPEG or PNG, 1200 px wide, for old
    browsers and social previews (None: the original is narrow enough); whether
    the original is itself a candidate (a WebP at a width no copy exceeds)."""

    copies: tuple[tuple[int, str], ...]
    fallback: tuple[int, str] | None
    original: bool

    def token(self) -> bytes:
        """What the plan adds to the cache key."""
        used = {f for _, f in (*self.copies, *filter(None, [self.fallback]))}
        options = sorted((f, sorted(_FORMATS[f][2].items())) for f in used)
        return repr((VERSION, self, options)).encode()


def plan_for(
    size: tuple[int, int], kind: str, widths: tuple[int, ...], formats: tuple[str, ...]
) -> Plan | None:
    """The plan for an image of ``size`` and Pillow format ``kind`` (None: used as
    it is): ``formats`` at the widths narrower than the image, and at its own
    width when no listed width is wider."""
    if kind not in RESIZED:
        return None
    width = size[0]
    chosen = sorted({w for w in widths if w < width}, reverse=True)
    if widths and width <= max(widths):
        chosen.insert(0, width)
    copies = tuple((w, f) for w in chosen for f in formats if (w, f) != (width, kind))
    fallback = (SOCIAL_WIDTH, "PNG" if kind == "PNG" else "JPEG")
    return Plan(
        copies,
        fallback if width > SOCIAL_WIDTH else None,
        width in chosen and kind in formats,
    )


def extension(kind: str) -> str:
    """The file extension of a Pillow format."""
    return _FORMATS[kind][0]


def mime(kind: str) -> str:
    """The MIME type of a Pillow format."""
    return _FORMATS[kind][1]


def mime_of_file(name: str) -> str:
    """The MIME type of a copy, by its file name."""
    ending = name.rsplit(".", 1)[-1]
    return next(m for e, m, _ in _FORMATS.values() if e == ending)


def name_of(width: int, kind: str) -> str:
    """A copy's file name in its cache folder."""
    return f"{width}.{extension(kind)}"


def encode(source: str, plan: Plan, folder: str) -> dict[str, tuple[int, int]]:
    """Write ``plan``'s copies of ``source`` into ``folder`` as ``<w>.<ext>``;
    their sizes by file name. Raises what Pillow raises on a broken image."""
    wanted = [*plan.copies, *([plan.fallback] if plan.fallback else [])]
    widest = max(w for w, _ in wanted)
    with Image.open(source) as opened:
        icc = opened.info.get("icc_profile")
        if opened.format == "JPEG":  # decode at 1/2, 1/4 … when wide enough
            turned = opened.getexif().get(0x0112) in _TURNED
            shown = opened.height if turned else opened.width
            scale = widest / shown
            opened.draft(
                "RGB",
                (math.ceil(opened.width * scale), math.ceil(opened.height * scale)),
            )
        image = ImageOps.exif_transpose(opened)
        has_alpha = image.has_transparency_data
        image = image.convert("RGBA" if has_alpha else "RGB")
    height_of = _heights(image.size)
    os.makedirs(folder, exist_ok=True)
    made: dict[str, tuple[int, int]] = {}
    current = image
    for width in sorted({w for w, _ in wanted}, reverse=True):
        size = (width, height_of(width))
        if current.size != size:
            # From the last (larger) copy: each step is cheaper than from the original.
            current = current.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
        for kind in dict.fromkeys(f for w, f in wanted if w == width):
            name = name_of(width, kind)
            options = dict(_FORMATS[kind][2])
            if icc and kind != "PNG":
                options["icc_profile"] = icc
            frame = current.convert("RGB") if kind == "JPEG" else current
            frame.save(os.path.join(folder, name), kind, **options)
            made[name] = size
    return made


def _heights(size: tuple[int, int]) -> Any:
    width, height = size

    def height_of(new_width: int) -> int:
        return max(1, round(height * new_width / width))

    return height_of


@dataclass
class ImageCache:
    """The cache folder's copies, for one build."""

    root: str
    _digests: dict[str, list[Any]] = field(default_factory=dict)
    _changed: bool = False

    @classmethod
    def open(cls, cache_path: str) -> ImageCache:
        """The cache under Pelican's ``CACHE_PATH``, with its remembered digests."""
        root = os.path.join(cache_path, FOLDER)
        cache = cls(root)
        try:
            with open(os.path.join(root, "sources.json"), encoding="utf-8") as handle:
                found = json.load(handle)
            if isinstance(found, dict):
                cache._digests = found
        except (OSError, ValueError):
            pass
        return cache

    def key(self, source: str, plan: Plan) -> str:
        """The digest of the image's bytes and the plan."""
        stat = os.stat(source)
        known = self._digests.get(source)
        if known and known[:2] == [stat.st_size, stat.st_mtime_ns]:
            digest = str(known[2])
        else:
            hasher = hashlib.blake2b(digest_size=16)
            with open(source, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    hasher.update(block)
            digest = hasher.hexdigest()
            self._digests[source] = [stat.st_size, stat.st_mtime_ns, digest]
            self._changed = True
        return hashlib.blake2b(
            digest.encode() + plan.token(), digest_size=10
        ).hexdigest()

    def folder(self, key: str) -> str:
        """Where the copies of ``key`` are kept."""
        return os.path.join(self.root, key)

    def sizes(self, key: str) -> dict[str, tuple[int, int]] | None:
        """The copies kept for ``key`` and their sizes (None: not made yet)."""
        try:
            with open(
                os.path.join(self.folder(key), "done.json"), encoding="utf-8"
            ) as f:
                return {name: (w, h) for name, (w, h) in json.load(f).items()}
        except (OSError, ValueError, TypeError):
            return None

    def make(self, source: str, plan: Plan, key: str) -> dict[str, tuple[int, int]]:
        """Encode ``source`` for ``key`` (into a fresh folder, then named, so a
        build stopped half-way leaves nothing that looks done)."""
        final = self.folder(key)
        working = f"{final}.{os.getpid()}.part"
        shutil.rmtree(working, ignore_errors=True)
        try:
            made = encode(source, plan, working)
            with open(os.path.join(working, "done.json"), "w", encoding="utf-8") as f:
                json.dump(made, f)
            shutil.rmtree(final, ignore_errors=True)
            os.replace(working, final)
        finally:
            shutil.rmtree(working, ignore_errors=True)
        logger.debug("Resized %s (%d copies)", source, len(made))
        return made

    def save(self) -> None:
        """Keep the remembered digests for the next build."""
        if not self._changed:
            return
        os.makedirs(self.root, exist_ok=True)
        path = os.path.join(self.root, "sources.json")
        with open(f"{path}.{os.getpid()}", "w", encoding="utf-8") as handle:
            json.dump(self._digests, handle)
        os.replace(f"{path}.{os.getpid()}", path)
        self._changed = False
