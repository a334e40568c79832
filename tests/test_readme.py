"""Every configuration, post, template and CSS snippet in README.md works.

A snippet is tested when the line before its fence is a marker:

- ``<!-- test: settings ID -->``: Python settings; built alone with the reference post.
- ``<!-- test: post FILE [settings=ID] -->``: a post; built with those settings,
  it must publish with its title and without a warning.
- ``<!-- test: template ID PATH PAGE EXPECTED -->``: a template written at PATH
  (relative to the site), the example site built with the settings ID; PAGE must
  contain EXPECTED.
- ``<!-- test: css ID PATH -->``: a stylesheet written in the content folder at PATH
  and built with the settings ID; it must reach the output and be linked.
- ``<!-- test: install WORDS -->``: the install command; tests/test_packaging.py runs
  it in a new virtual environment, beside a copy of the repository.
"""

from __future__ import annotations

import logging
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLE_SITE, REFERENCE_POST, REPO_ROOT, run_pelican

README = REPO_ROOT / "README.md"
MARKER = re.compile(
    r"^<!-- test: (?P<kind>\w+) (?P<args>[^>]*?) -->\n"
    r"```(?P<lang>\w*)\n(?P<body>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)
SITEURL = "https://blog.example"


@dataclass(frozen=True)
class Snippet:
    """One marked code block of README."""

    kind: str
    args: tuple[str, ...]
    body: str
    line: int

    @property
    def id(self) -> str:
        return f"{self.kind}-{'-'.join(self.args)}-line{self.line}"


def snippets() -> list[Snippet]:
    text = README.read_text(encoding="utf-8")
    return [
        Snippet(
            m["kind"],
            tuple(m["args"].split()),
            m["body"],
            text.count("\n", 0, m.start()) + 1,
        )
        for m in MARKER.finditer(text)
    ]


def settings_snippets() -> dict[str, str]:
    return {s.args[0]: s.body for s in snippets() if s.kind == "settings"}


def _settings(snippet_id: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(
        compile(settings_snippets()[snippet_id], f"README:{snippet_id}", "exec"),
        namespace,
    )
    return {k: v for k, v in namespace.items() if k.isupper()}


def _site(tmp_path: Path) -> tuple[Path, Path]:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(REFERENCE_POST, content / REFERENCE_POST.name)
    return content, tmp_path / "output"


def _problems(records: list[logging.LogRecord]) -> list[str]:
    return [r.getMessage() for r in records if r.levelno >= logging.WARNING]


def _build(tmp_path: Path, content: Path, output: Path, settings: dict[str, Any]):
    overrides = dict(settings)
    if "THEME_TEMPLATES_OVERRIDES" in overrides:
        overrides["THEME_TEMPLATES_OVERRIDES"] = [
            str(tmp_path / p) for p in overrides["THEME_TEMPLATES_OVERRIDES"]
        ]
    overrides.setdefault("SITEURL", SITEURL)
    return run_pelican(content, output, **overrides)


def test_readme_has_marked_snippets_of_every_kind() -> None:
    kinds = {s.kind for s in snippets()}
    assert kinds == {"settings", "post", "template", "css", "install"}


@pytest.mark.parametrize(
    "snippet", [s for s in snippets() if s.kind == "settings"], ids=lambda s: s.id
)
def test_settings_snippet_builds_the_reference_post(snippet: Snippet, tmp_path: Path):
    content, output = _site(tmp_path)
    records = _build(tmp_path, content, output, _settings(snippet.args[0]))
    assert _problems(records) == []
    assert "Job vs Career" in (output / "job-vs-career.html").read_text("utf-8")


@pytest.mark.parametrize(
    "snippet", [s for s in snippets() if s.kind == "post"], ids=lambda s: s.id
)
def test_post_snippet_publishes_without_a_warning(snippet: Snippet, tmp_path: Path):
    filename, *options = snippet.args
    named = dict(option.split("=", 1) for option in options)
    settings = _settings(named.get("settings", "install"))
    content, output = _site(tmp_path)
    (content / filename).write_text(snippet.body, encoding="utf-8")
    records = _build(tmp_path, content, output, settings)
    assert _problems(records) == []
    header = yaml.safe_load(snippet.body.split("---\n")[1])
    published = {p.read_text("utf-8") for p in output.glob("*.html")}
    assert any(header["title"] in page and "<article" in page for page in published)
    assert not any("coverImage:" in page or "updates:" in page for page in published)


@pytest.mark.parametrize(
    "snippet", [s for s in snippets() if s.kind == "template"], ids=lambda s: s.id
)
def test_template_snippet_overrides_the_page(snippet: Snippet, tmp_path: Path):
    settings_id, path, page, expected = snippet.args
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE_SITE / "content", content)
    output = tmp_path / "output"
    target = tmp_path / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(snippet.body, encoding="utf-8")
    records = _build(tmp_path, content, output, _settings(settings_id))
    assert _problems(records) == []
    assert expected in (output / page).read_text("utf-8")


@pytest.mark.parametrize(
    "snippet", [s for s in snippets() if s.kind == "css"], ids=lambda s: s.id
)
def test_css_snippet_is_copied_and_linked(snippet: Snippet, tmp_path: Path):
    settings_id, path = snippet.args
    content, output = _site(tmp_path)
    (content / path).parent.mkdir(parents=True, exist_ok=True)
    (content / path).write_text(snippet.body, encoding="utf-8")
    records = _build(tmp_path, content, output, _settings(settings_id))
    assert _problems(records) == []
    assert (output / path).read_text("utf-8") == snippet.body
    assert f'href="{SITEURL}/{path}"' in (output / "job-vs-career.html").read_text(
        "utf-8"
    )
