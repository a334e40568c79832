"""A build's local images in the sizes readers need (REFLECTIONS_RESPONSIVE_IMAGES).

Once the static files are known (``static_generator_finalized``), every local
cover and every ``{static}``/``{attach}`` image in a post's body (and a
site-relative one that is a static file) gets its ``ImageSet``: the original's
size and its resized copies, from the cache folder or made now (``responsive``;
on several cores in threads, as Pillow lets go of the interpreter while it
decodes, resizes and encodes), then copied into the output folder as
``images/<name>-<width>.<key>.<ext>``. A cover's set is ``cover.images``; the
body's are ``body_images`` (site-relative URL -> set), read by the theme's
``responsive_body`` filter. Remote images are used as they are; SVG, GIF and
other formats get their size only; an image Pillow cannot read gives one warning
naming the post and the field, and the original is used.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import unquote, urlsplit

from pelican import signals
from pelican.contents import Content
from pelican.generators import Generator
from pelican.utils import path_to_url
from PIL import Image

from ..reading import images
from .. import pelican_api
from . import responsive
from ..reading.covers import inside
from ..models import Derivative, ImageSet
from ..speed.parallel import usable_cores
from .copies import Copies
from .responsive import ImageCache, Plan
from ..settings import current
from ..theming.templating import is_bundled_theme

__all__ = ["OUTPUT_FOLDER", "connect", "make_images"]

logger = logging.getLogger(__name__)

OUTPUT_FOLDER = "images"
_IMG_SRC = re.compile(
    r"""<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE
)
_LINK = re.compile(r"^[{|](static|attach)[|}](.*)$")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")


class _Source:
    """One local image of the build and who uses it."""

    def __init__(self, path: str, relative: str) -> None:
        self.path = path
        self.relative = relative
        self.users: list[tuple[str, str]] = []  # (post, field)
        self.kind = ""
        self.size: tuple[int, int] | None = None
        self.plan: Plan | None = None
        self.key = ""
        self.made: dict[str, tuple[int, int]] | None = None
        self.error = ""


def make_images(generator: Generator) -> None:
    """``static_generator_finalized``: give covers and body images their sets."""
    settings = generator.settings
    options = current(settings)
    content_root = os.path.abspath(settings.get("PATH", ""))
    static = generator.context.get("static_content", {})
    sources: dict[str, _Source] = {}
    wanted: list[tuple[Content, str | None, _Source]] = []  # (post, body URL, image)
    for content in _posts(generator.context):
        post = content.get_relative_source_path()
        for relative, body_url in _local_images(content, static):
            full = os.path.join(content_root, relative)
            if not os.path.isfile(full) or not inside(full, content_root):
                continue
            source = sources.setdefault(full, _Source(full, relative))
            source.users.append((post, "body" if body_url else "coverImage"))
            wanted.append((content, body_url, source))
    cache_path = settings.get("CACHE_PATH") or "cache"
    copies = Copies(os.path.join(cache_path, responsive.FOLDER), settings["OUTPUT_PATH"])
    if not wanted:
        copies.finish()  # the copies an earlier build made go
        return
    cache = ImageCache.open(cache_path)
    # Another theme shows no copies (it reads ``cover.images`` if it wants them):
    # its output stays Pelican's unless the site asks for them by name.
    resize = options.responsive_images and (
        is_bundled_theme(settings) or "REFLECTIONS_RESPONSIVE_IMAGES" in options.given
    )
    formats = tuple(f.upper() for f in options.image_formats)
    to_make = [
        s
        for s in sources.values()
        if _prepare(s, cache, options.image_widths, formats, resize)
    ]
    # Two files with the same bytes share a key: encode it once.
    by_key = {source.key: source for source in to_make}
    _encode_all(list(by_key.values()), cache)
    for source in to_make:
        source.made, source.error = by_key[source.key].made, by_key[source.key].error
    sets = {path: _image_set(s, cache, copies) for path, s in sources.items()}
    copies.finish()
    cache.save()
    for content, body_url, source in wanted:
        found = sets[source.path]
        if found is None:
            continue
        if body_url is None:
            content.cover = content.metadata["cover"] = content.cover._replace(
                images=found
            )
        else:
            body = getattr(content, "body_images", None) or {}
            body[body_url] = found
            content.body_images = body


def _posts(context: dict[str, Any]) -> Iterator[Content]:
    seen: set[int] = set()
    for content in context.get("generated_content", {}).values():
        if isinstance(content, Content) and id(content) not in seen:
            seen.add(id(content))
            yield content


def _local_images(
    content: Content, static: dict[str, Any]
) -> Iterator[tuple[str, str | None]]:
    """(content-relative path, None) for the cover, (path, site-relative URL) for
    each local image in the body."""
    source = getattr(getattr(content, "cover", None), "source", "")
    if source:
        yield source, None
    body = pelican_api.unrendered_body(content)
    if "<img" not in body and "<IMG" not in body:
        return
    for match in _IMG_SRC.finditer(body):
        src = match.group(1) if match.group(1) is not None else match.group(2)
        found = _static_file(content, src, static)
        if found is not None:
            yield found


def _static_file(
    content: Content, src: str, static: dict[str, Any]
) -> tuple[str, str] | None:
    """The static file an image's ``src`` names, and its URL on the site."""
    link = _LINK.match(src)
    path = urlsplit(link.group(2) if link else src).path
    if not link and not path.startswith("/"):
        return None  # a relative or remote URL: not ours to resolve
    for candidate in (path, unquote(path)):
        if candidate.startswith("/"):
            relative = candidate[1:]
        else:
            joined = os.path.join(content.relative_dir, candidate)
            relative = content.get_relative_source_path(joined)
        found = static.get(relative)
        if found is None:
            continue
        if link is None and unquote(found.url) != unquote(candidate[1:]):
            return None
        url = found.url
        if link is not None and link.group(1) == "attach":
            url = _attached_url(content, found)
        return relative, unquote(url)
    return None


def _attached_url(content: Content, static: Any) -> str:
    """The URL ``{attach}`` gives a static file (as Pelican's ``attach_to`` does)."""
    tail = os.path.relpath(static.source_path, os.path.dirname(content.source_path))
    if tail.startswith(os.pardir + os.sep):
        tail = os.path.basename(tail)
    return path_to_url(os.path.join(os.path.dirname(content.save_as), tail))


def _prepare(
    source: _Source,
    cache: ImageCache,
    widths: tuple[int, ...],
    formats: tuple[str, ...],
    resize: bool,
) -> bool:
    """Read the image's header and plan; whether its copies must be made now."""
    source.size = images.dimensions(source.path)
    if not resize or source.size is None or source.path.lower().endswith(".svg"):
        return False
    try:
        with Image.open(source.path) as opened:
            source.kind = opened.format or ""
    except Exception as error:  # whatever Pillow raises on a file it cannot read
        source.error = f"{type(error).__name__}: {error}"
        return False
    source.plan = responsive.plan_for(source.size, source.kind, widths, formats)
    if source.plan is None or (not source.plan.copies and not source.plan.fallback):
        source.plan = None
        return False
    source.key = cache.key(source.path, source.plan)
    source.made = cache.sizes(source.key)
    return source.made is None


def _encode_all(sources: list[_Source], cache: ImageCache) -> None:
    """Make the copies not in the cache: in threads when there are several cores."""

    def make(source: _Source) -> None:
        assert source.plan is not None
        try:
            source.made = cache.make(source.path, source.plan, source.key)
        except Exception as error:  # a broken or truncated image: use the original
            source.error = f"{type(error).__name__}: {error}"

    workers = min(len(sources), usable_cores())
    if workers <= 1:
        for source in sources:
            make(source)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(make, sources))


def _image_set(
    source: _Source, cache: ImageCache, written: Copies
) -> ImageSet | None:
    """The set of one image, its copies put in the output folder."""
    for post, field in dict.fromkeys(source.users) if source.error else ():
        logger.warning(
            "%s: %s: the image '%s' cannot be resized (%s); the original is used",
            post,
            field,
            source.relative,
            source.error,
        )
    if source.size is None:
        return None
    width, height = source.size
    plan = source.plan
    if plan is None or source.made is None:
        return ImageSet(width, height)
    stem = _UNSAFE_NAME.sub("-", os.path.splitext(os.path.basename(source.relative))[0])
    stem = stem.strip("-")[:60] or "image"
    copies: dict[str, Derivative] = {}
    for name, (w, h) in source.made.items():
        file_name = f"{stem}-{w}.{source.key}.{name.rsplit('.', 1)[1]}"
        written.put(
            os.path.join(cache.folder(source.key), name), f"{OUTPUT_FOLDER}/{file_name}"
        )
        copies[name] = Derivative(
            f"{OUTPUT_FOLDER}/{file_name}", w, h, responsive.mime_of_file(name)
        )
    listed = [copies[responsive.name_of(w, f)] for w, f in plan.copies]
    if plan.original:
        listed.append(Derivative("", width, height, responsive.mime(source.kind)))
    fallback = copies[responsive.name_of(*plan.fallback)] if plan.fallback else None
    return ImageSet(width, height, tuple(sorted(listed, key=_narrow_first)), fallback)


def _narrow_first(copy: Derivative) -> tuple[int, str]:
    return copy.width, copy.mime


def connect() -> None:
    """Connect this module's receiver to Pelican's signals."""
    signals.static_generator_finalized.connect(make_images)
