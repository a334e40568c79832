"""The code the speed features can vouch for, and the first they cannot.

Forked rendering runs templates in child processes and parallel reading renders
Markdown in workers: code with an effect beyond the page or text it makes (a
filter that collects posts for a later step, a Markdown extension that counts
documents) would have that effect in another process, and the build would differ
from a plain one. So each feature runs only when every Python callable it would
run comes from a package known to make nothing but its return value; otherwise it
steps aside for the build, naming the first it does not know. A site vouches for
its own modules with ``REFLECTIONS_SAFE_CODE``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pelican import signals

from . import receivers

__all__ = [
    "unknown_markdown_extension",
    "unknown_receiver",
    "unknown_template_code",
]

# Modules whose template callables only return a value: Jinja's own, Python's,
# Pelican's core, pelican-jinja-filters and this plugin.
_TEMPLATE_CODE = (
    "jinja2",
    "markupsafe",
    "builtins",
    "_operator",
    "operator",
    "functools",
    "gettext",
    "babel",
    "datetime",
    "pelican.plugins.reflections",
    "pelican.plugins.jinja_filters",
)
# Pelican's core is known; other plugins under pelican.plugins are not.
_PELICAN_CORE = "pelican"
_OTHER_PLUGINS = "pelican.plugins"
# Python-Markdown's own extensions, PyMdown's and pelican-render-math's: each
# document is rendered from its text alone (Markdown.reset() between documents).
_MARKDOWN_EXTENSIONS = (
    "markdown.extensions",
    "pymdownx",
    "pelican.plugins.render_math",
)
# Python-Markdown's short names ("extra", "toc") are its own extensions.
_SHORT_NAMES = frozenset(
    {
        "abbr",
        "admonition",
        "attr_list",
        "codehilite",
        "def_list",
        "extra",
        "fenced_code",
        "footnotes",
        "legacy_attrs",
        "legacy_em",
        "md_in_html",
        "meta",
        "nl2br",
        "sane_lists",
        "smarty",
        "tables",
        "toc",
        "wikilinks",
    }
)


def _within(module: str, packages: Iterable[str]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def _module_of(value: Any) -> str:
    """The module a callable (function, method, class or instance) comes from."""
    function = getattr(value, "__func__", value)
    wrapped = getattr(function, "__wrapped__", None)
    if wrapped is not None:  # the recorder's wrapper of a filter
        function = wrapped
    module = getattr(function, "__module__", None)
    if not isinstance(module, str):
        module = type(function).__module__
    return module


def _known_template_code(module: str, vouched: tuple[str, ...]) -> bool:
    if _within(module, _TEMPLATE_CODE) or _within(module, vouched):
        return True
    return _within(module, (_PELICAN_CORE,)) and not _within(module, (_OTHER_PLUGINS,))


def unknown_template_code(env: Any, vouched: tuple[str, ...] = ()) -> str | None:
    """The first filter, test or global of a Jinja environment whose code is not
    known to make only its return value (None: all are known); ``vouched``: the
    site's own modules known so."""
    tables = (("filter", env.filters), ("test", env.tests), ("global", env.globals))
    for kind, table in tables:
        for name, value in table.items():
            if not callable(value):
                continue
            module = _module_of(value)
            if not _known_template_code(module, vouched):
                return f"the {kind} '{name}' ({module})"
    return None


def unknown_markdown_extension(
    markdown: Mapping[str, Any], vouched: tuple[str, ...] = ()
) -> str | None:
    """The first Markdown extension of a ``MARKDOWN`` setting that is not one known
    to render each document from its text alone (None: all are known)."""
    known = (*_MARKDOWN_EXTENSIONS, *vouched)
    extensions = list(markdown.get("extensions") or ())
    extensions += list(markdown.get("extension_configs") or ())
    for extension in extensions:
        if isinstance(extension, str):
            name = extension.split(":")[0]
            if name in _SHORT_NAMES or _within(name, known):
                continue
            return f"the Markdown extension {extension}"
        module = type(extension).__module__
        if not _within(module, known):
            return f"the Markdown extension {module}.{type(extension).__qualname__}"
    return None


# Signals whose receivers see a post after it is read: code there may change it
# in ways this module would not repeat. Known: this plugin's, Pelican's own and
# plugins that only link posts by their order or collect URLs.
_AFTER_READING = (
    "content_object_init",
    "article_generator_pretaxonomy",
    "article_generator_finalized",
    "page_generator_finalized",
    "static_generator_finalized",
    "all_generators_finalized",
    "article_generator_write_article",
    "page_generator_write_page",
)
_KNOWN = ("pelican.plugins.reflections", "pelican.plugins.neighbors")


# Signals sent as Pelican reads an article: a post taken from the last run
# (``kept``) is not read, and code there would not run for it.
WHILE_READING = ("article_generator_preread", "article_generator_context")


def unknown_receiver(
    vouched: Iterable[str], names: Iterable[str] = _AFTER_READING
) -> str | None:
    """The first receiver of a signal after reading (or of ``names``) that this
    module does not know (``module.function (signal)``), or None."""
    known = (*_KNOWN, *vouched)
    for name in names:
        for receiver in receivers.receivers(getattr(signals, name)):
            where = receivers.name_of(receiver)
            ours = any(where == k or where.startswith(k + ".") for k in known)
            core = where.startswith("pelican.") and not where.startswith(
                "pelican.plugins."
            )
            if not (ours or core):
                return f"{where} listens to {name}"
    return None
