"""One typed, frozen settings object, read and validated once at ``initialized``.

Every ``REFLECTIONS_*`` setting (the plugin's and the theme's) is declared here,
once, with its type and default. At ``initialized`` the user's values are checked,
problems are logged naming the setting, and the defaults are written back into
Pelican's settings so templates can read ``REFLECTIONS_*`` names directly.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .reading import fields
from .theming.colors import is_css_color

logger = logging.getLogger(__name__)

PREFIX = "REFLECTIONS_"

_OUTPUT_FILE = "a file path inside the output folder (no '..', no leading '/')"
_SITE_PATH = "a URL path inside the site (no '..', no leading '/')"


def is_site_path(text: str) -> bool:
    """Whether ``text`` is a relative URL path that stays inside the site."""
    parts = text.replace("\\", "/").split("/")
    return not (
        text.startswith(("/", "\\"))
        or ".." in parts
        or ":" in parts[0]
        or any(mark in text for mark in "\"'<>?#")
        or text != text.strip()
    )


def is_output_file(text: str) -> bool:
    """Whether ``text`` is a file path that stays inside the output folder."""
    return is_site_path(text) and not text.endswith(("/", "\\"))


def _widths_ok(widths: tuple[int, ...]) -> bool:
    return all(16 <= width <= 8192 for width in widths)


_FORMATS_EXPECTED = '"webp" and/or "avif" (AVIF only where Pillow writes it)'


def _formats_ok(formats: tuple[str, ...]) -> bool:
    from .build.responsive import avif_available  # Pillow, only when the setting is set

    names = {name.lower() for name in formats}
    return names <= {"webp", "avif"} and ("avif" not in names or avif_available())


@dataclass(frozen=True)
class ReflectionsSettings:
    """The plugin's and theme's settings; field ``x`` is Pelican's ``REFLECTIONS_X``."""

    # Extra front-matter key aliases, e.g. {"pubDate": "date"}.
    aliases: Mapping[str, str] = field(default_factory=dict)
    # Several categories per article (rebuilds Pelican's category pages).
    multiple_categories: bool = True
    # Tags and categories written as words ("tags: a b c") are several, as in
    # Jekyll; off, they are one ("tags: Personal Growth"), as in Pelican.
    jekyll_tags: bool = False
    # Worker processes that render Markdown ahead of Pelican: 0 is every usable
    # core, 1 reads in the build's own process.
    workers: int = field(
        default=0, metadata={"check": lambda n: n >= 0, "expects": "0 or more"}
    )
    # Modules (dotted names) whose Jinja filters, tests, globals and Markdown
    # extensions make nothing but their return value: the workers may run them in
    # other processes (code not known so keeps the build in one process).
    safe_code: tuple[str, ...] = ()
    # With Pelican's content cache on, a rebuild renders only the pages and feeds
    # whose inputs changed, and leaves the other files alone.
    incremental: bool = True
    # In ``pelican --autoreload``, a post whose edit changed only its text gets its
    # page (then the lists and feeds that show it) written before the build runs.
    edits_first: bool = True
    # `pelican --listen` (make serve): a page reloads itself when its file or a
    # stylesheet changes (added by the server only, never written to the output).
    live_reload: bool = True
    # Theme: show "N min read" in the byline.
    show_reading_time: bool = True
    # Theme: words per minute for the reading time.
    words_per_minute: int = 220
    # Theme: show the article's location in the byline.
    show_location: bool = True
    # Theme: a post with at least this many h2/h3 headings gets a table of
    # contents (0: never).
    toc_min_headings: int = field(
        default=4, metadata={"check": lambda n: n >= 0, "expects": "0 or more"}
    )
    # Theme: show cover images on index, category, tag and author lists.
    index_covers: bool = False
    # Local covers and body images resized with Pillow into IMAGE_WIDTHS and
    # IMAGE_FORMATS, kept in the cache folder; off, covers are used as they are.
    responsive_images: bool = True
    # The widths (px) of the resized copies; never wider than the image.
    image_widths: tuple[int, ...] = field(
        default=(480, 800, 1300),
        metadata={"check": _widths_ok, "expects": "widths from 16 to 8192 px"},
    )
    # The formats of the copies besides the image's own: "webp", "avif" (only
    # where Pillow writes AVIF).
    image_formats: tuple[str, ...] = field(
        default=("webp",),
        metadata={"check": _formats_ok, "expects": _FORMATS_EXPECTED},
    )
    # Theme: the accent colour, any CSS colour ("" keeps the theme's).
    accent_color: str = field(
        default="", metadata={"check": is_css_color, "expects": "a CSS colour"}
    )
    # Theme: footer text (licence, colophon), plain text.
    footer_text: str = ""
    # Theme: with DISPLAY_CATEGORIES_ON_MENU, the menu shows this many categories
    # (those with the most posts) and then "All categories" (0: every category).
    menu_categories: int = field(
        default=5, metadata={"check": lambda n: n >= 0, "expects": "0 or more"}
    )
    # The Updates page (every update across the site, newest first) is written to
    # UPDATES_SAVE_AS and linked as UPDATES_URL ("": the same); its Atom feed, one
    # entry per update, to UPDATES_FEED_ATOM (linked as its _URL). "" or None
    # turns either off. UPDATES_LIMIT: the most updates listed (0: all).
    updates_save_as: str = field(
        default="updates.html",
        metadata={"check": is_output_file, "expects": _OUTPUT_FILE, "off": True},
    )
    updates_url: str = field(
        default="", metadata={"check": is_site_path, "expects": _SITE_PATH}
    )
    updates_feed_atom: str = field(
        default="feeds/updates.atom.xml",
        metadata={"check": is_output_file, "expects": _OUTPUT_FILE, "off": True},
    )
    updates_feed_atom_url: str = field(
        default="", metadata={"check": is_site_path, "expects": _SITE_PATH}
    )
    updates_limit: int = field(
        default=50, metadata={"check": lambda n: n >= 0, "expects": "0 or more"}
    )
    # Not a setting: the REFLECTIONS_* names the site's settings gave (the others
    # are defaults); another theme gets the updates feed only when it is asked for.
    given: frozenset[str] = field(default=frozenset(), metadata={"internal": True})

    @property
    def keys(self) -> Mapping[str, str | None]:
        """Normalised front-matter key -> field name (None: plain metadata)."""
        table, _ = fields.alias_table(self.aliases)
        return table

    @classmethod
    def setting_names(cls) -> dict[str, dataclasses.Field[Any]]:
        """Map each Pelican setting name to its dataclass field."""
        return {
            PREFIX + f.name.upper(): f
            for f in dataclasses.fields(cls)
            if not f.metadata.get("internal")
        }


def _default(spec: dataclasses.Field[Any]) -> Any:
    if spec.default_factory is not dataclasses.MISSING:
        return spec.default_factory()
    return spec.default


def _type_ok(value: Any, default: Any) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(default, tuple):
        kind = type(default[0]) if default else str
        return isinstance(value, (list, tuple)) and all(
            isinstance(item, kind) and not isinstance(item, bool) for item in value
        )
    if isinstance(default, Mapping):
        return isinstance(value, Mapping) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        )
    return isinstance(value, type(default))


def load_settings(pelican_settings: Mapping[str, Any]) -> ReflectionsSettings:
    """Validate ``REFLECTIONS_*`` values; log problems by name, use defaults."""
    known = ReflectionsSettings.setting_names()
    for name in sorted(pelican_settings):
        if name.startswith(PREFIX) and name not in known:
            logger.error(
                "Unknown setting %s (pelican-reflections knows: %s)",
                name,
                ", ".join(sorted(known)),
            )
    values: dict[str, Any] = {}
    for name, spec in known.items():
        default = _default(spec)
        if name not in pelican_settings:
            continue
        value = pelican_settings[name]
        if value is None and spec.metadata.get("off"):
            values[spec.name] = ""  # Pelican's way to turn an output off
            continue
        if not _type_ok(value, default):
            logger.error(
                "Setting %s must be %s, got %r; using the default %r",
                name,
                type(default).__name__,
                value,
                default,
            )
            continue
        check = spec.metadata.get("check")
        if value and check and not check(value):
            logger.error(
                "Setting %s must be %s, got %r; using the default %r",
                name,
                spec.metadata["expects"],
                value,
                default,
            )
            continue
        values[spec.name] = tuple(value) if isinstance(default, tuple) else value
    if "aliases" in values:
        values["aliases"] = _working_aliases(values["aliases"])
    earlier = pelican_settings.get("REFLECTIONS")  # a copy's (i18n_subsites)
    values["given"] = (
        earlier.given
        if isinstance(earlier, ReflectionsSettings)
        else frozenset(name for name in known if name in pelican_settings)
    )
    return ReflectionsSettings(**values)


def _working_aliases(aliases: Mapping[str, str]) -> dict[str, str]:
    """The aliases whose target is a field; one error logged for each other one."""
    _, errors = fields.alias_table(aliases)
    for error in errors:
        logger.error("%s", error)
    return {
        alias: target
        for alias, target in aliases.items()
        if not fields.alias_table({alias: target})[1]
    }


def on_initialized(pelican: Any) -> None:
    """Pelican ``initialized``: validate once, publish defaults to templates."""
    reflections = load_settings(pelican.settings)
    pelican.settings["REFLECTIONS"] = reflections
    for name, spec in ReflectionsSettings.setting_names().items():
        pelican.settings[name] = getattr(reflections, spec.name)


def theme_defaults() -> dict[str, Any]:
    """Every ``REFLECTIONS_*`` setting at its default (the theme without the plugin)."""
    return {
        name: _default(spec)
        for name, spec in ReflectionsSettings.setting_names().items()
    }


def current(pelican_settings: Mapping[str, Any]) -> ReflectionsSettings:
    """The validated object for this build (validated now if not yet)."""
    found = pelican_settings.get("REFLECTIONS")
    if isinstance(found, ReflectionsSettings):
        return found
    return load_settings(pelican_settings)
