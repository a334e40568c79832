"""The package's seams (#30): no import cycle; reading and the theme's code import
nothing of the speed machinery (workers, caches, incremental rebuilds), so turning
a speed feature off or deleting it touches no reading or theme module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from pelican.plugins import reflections

PACKAGE = Path(reflections.__file__).parent
# The speed machinery: forked rendering, parallel reading, incremental rebuilds
# and the content cache's notes.
SPEED = {
    "cached_reads",
    "digests",
    "hooks",
    "incremental",
    "outputs",
    "parallel",
    "receivers",
    "recording",
    "rendering",
    "staleness",
    "store",
    "workers",
    "writer",
}
# Where a file becomes metadata, and the Python the theme's templates call.
READING = {"reader", "parsing", "frontmatter", "fields", "values", "covers"}
THEME = {
    "templating",
    "toc",
    "jsonld",
    "tables",
    "titles",
    "plaintext",
    "urls",
    "head",
    "dates",
    "languages",
    "catalogues",
    "srcsets",
}


def imports() -> dict[str, set[str]]:
    """Each module's imports of its siblings, at the top or inside functions."""
    modules = {path.stem: path for path in PACKAGE.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    found.add(node.module.split(".")[0])
                else:
                    found.update(alias.name for alias in node.names)
        graph[name] = found & set(modules)
    return graph


def reached(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for module in graph.get(todo.pop(), set()) - seen:
            seen.add(module)
            todo.append(module)
    return seen


def test_the_layers_named_here_are_the_packages_modules():
    assert set(imports()) >= SPEED | READING | THEME


def test_no_module_imports_itself_through_others():
    graph = imports()
    cycles = sorted(name for name in graph if name in reached(graph, name))
    assert cycles == []


@pytest.mark.parametrize("module", sorted(READING | THEME))
def test_reading_and_theme_code_import_none_of_the_speed_machinery(module):
    assert reached(imports(), module) & SPEED == set()


def test_a_cycle_or_a_speed_import_would_be_seen():
    graph = {"a": {"b"}, "b": {"a"}, "reader": {"c"}, "c": {"parallel"}}
    assert "a" in reached(graph, "a")
    assert reached(graph, "reader") & SPEED == {"parallel"}


def test_the_head_partials_print_what_one_python_helper_worked_out():
    """#30 item 4: head_meta.html hands the page's own values to ``head.head_meta``
    and the head partials print its ``meta``; none of them works a value out."""
    partials = Path(reflections.theme_path()) / "templates" / "partials"
    head = (partials / "head_meta.html").read_text(encoding="utf-8")
    assert head.count("{% set") == 2  # what the page lists, and `meta`
    for name in ("opengraph.html", "twitter.html", "feed_links.html"):
        text = (partials / name).read_text(encoding="utf-8")
        assert "meta." in text
        for computed in ("site_url =", "canonical =", "image =", "description ="):
            assert computed not in text, (name, computed)
