"""The package's seams (#30): no import cycle; reading and the theme's code import
nothing of the speed machinery (workers, caches, incremental rebuilds), so turning
a speed feature off or deleting it touches no reading or theme module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from pelican.plugins import reflections

PACKAGE = Path(reflections.__file__).parent
# The sub-packages by concern (#30 item 1); the modules at the top are shared.
LAYERS = ("reading", "build", "theming", "speed", "command")
TOP = {"__init__", "__main__", "locations", "models", "pelican_api", "problems"}
TOP |= {"settings"}
MAX_LINES = 300


def module_name(path: Path) -> str:
    """``reading.reader`` for reading/reader.py, ``settings`` for settings.py."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)


def imports() -> dict[str, set[str]]:
    """Each module's imports of the package's modules, at the top or inside
    functions (``from . import x`` counts as module ``x`` when it is one)."""
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or node.level == 0:
                continue
            base = package.split(".") if package else []
            base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
            prefix = ".".join([*base, node.module] if node.module else base)
            targets = [f"{prefix}.{a.name}".lstrip(".") for a in node.names]
            found |= {t for t in targets if t in paths} or {prefix}
        graph[name] = {t for t in found if t in paths and t != name}
    return graph


def layer(module: str) -> str:
    first = module.split(".")[0]
    return first if first in LAYERS else "top"


def reached(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for module in graph.get(todo.pop(), set()) - seen:
            seen.add(module)
            todo.append(module)
    return seen


def test_every_module_is_in_a_layer_and_under_300_lines():
    modules = imports()
    assert {layer(m) for m in modules} == {"top", *LAYERS}
    assert {m for m in modules if layer(m) == "top"} <= TOP
    long = {
        m: n
        for m in modules
        if (n := len(_path(m).read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
    for name in LAYERS:  # each sub-package says what it is for
        assert ast.get_docstring(ast.parse(_path(name).read_text(encoding="utf-8")))


def _path(module: str) -> Path:
    folder = PACKAGE.joinpath(*module.split("."))
    return folder / "__init__.py" if folder.is_dir() else folder.with_suffix(".py")


def test_no_module_imports_itself_through_others():
    graph = imports()
    cycles = sorted(name for name in graph if name in reached(graph, name))
    assert cycles == []


@pytest.mark.parametrize(
    "module",
    sorted(m for m in imports() if layer(m) in ("reading", "theming")),
)
def test_reading_and_theme_code_import_none_of_the_speed_machinery(module):
    assert {m for m in reached(imports(), module) if layer(m) == "speed"} == set()


def test_the_architecture_document_shows_the_tree():
    text = (PACKAGE.parents[3] / "docs" / "architecture.md").read_text()
    for module in imports():
        if module not in ("__init__", "__main__", *LAYERS):
            assert f"`{module.replace('.', '/')}.py`" in text or (
                layer(module) == "top" and f"{module}.py" in text
            ), module


def test_a_cycle_or_a_speed_import_would_be_seen():
    graph = {"a": {"b"}, "b": {"a"}, "reading.x": {"c"}, "c": {"speed.parallel"}}
    assert "a" in reached(graph, "a")
    assert {m for m in reached(graph, "reading.x") if layer(m) == "speed"} == {
        "speed.parallel"
    }


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
