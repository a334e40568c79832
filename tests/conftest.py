"""Shared fixtures: build real Pelican sites into temporary directories."""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from blinker import Signal
from bs4 import BeautifulSoup
from helpers import write_files
from pelican import Pelican
from pelican.log import LimitFilter
from pelican.plugins import signals as pelican_signals
from pelican.plugins.reflections import theme_path
from pelican.settings import read_settings

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_SITE = REPO_ROOT / "example_site"
REFERENCE_POST = EXAMPLE_SITE / "content" / "job-vs-career.md"


@dataclass
class BuiltSite:
    """The output of one real Pelican build, read like a reader would."""

    output: Path
    content: Path
    records: list[logging.LogRecord] = field(default_factory=list)

    def text(self, relative: str) -> str:
        """Return a written file as text."""
        return (self.output / relative).read_text(encoding="utf-8")

    def html(self, relative: str) -> BeautifulSoup:
        """Return a written HTML file parsed with BeautifulSoup."""
        return BeautifulSoup(self.text(relative), "html.parser")

    def exists(self, relative: str) -> bool:
        """Whether Pelican wrote this file."""
        return (self.output / relative).is_file()

    def messages(self, level: int = logging.WARNING) -> list[str]:
        """Formatted log messages at or above ``level``."""
        return [r.getMessage() for r in self.records if r.levelno >= level]


def reset_pelican_log_dedup() -> None:
    """Pelican drops repeated warnings process-wide; each test build starts fresh."""
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    LimitFilter._ignore.clear()


class _Collect(logging.Handler):
    def __init__(self, sink: list[logging.LogRecord]) -> None:
        super().__init__(logging.DEBUG)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record)


def _named_signals() -> list[Signal]:
    return [s for s in vars(pelican_signals).values() if isinstance(s, Signal)]


def _disconnect_all_but(before: dict[Signal, set[Any]]) -> list[str]:
    """Disconnect every receiver not in ``before``; return their names."""
    taken = []
    for found, kept in before.items():
        for receiver_id in set(found.receivers) - kept:
            ref = found.receivers.get(receiver_id)
            receiver = ref() if isinstance(ref, weakref.ref) else ref
            if receiver is not None:
                found.disconnect(receiver)
                module = getattr(receiver, "__module__", "?")
                name = getattr(receiver, "__qualname__", repr(receiver))
                taken.append(f"{found.name}: {module}.{name}")
    return taken


@contextmanager
def connected_only_during_build() -> Iterator[None]:
    """Disconnect, after the block, every signal receiver connected inside it.

    Pelican never disconnects a plugin: without this, a plugin one build loaded
    (this one, pelican-seo, pelican-sitemap) would run in every later build of the
    test session, and a ``PLUGINS=[]`` build would not be stock Pelican. Every
    test that makes a ``Pelican`` object or connects a receiver of its own does it
    inside this block (``run_pelican`` and ``build_site`` do).
    """
    before = {s: set(s.receivers) for s in _named_signals()}
    try:
        yield
    finally:
        _disconnect_all_but(before)


@pytest.fixture(autouse=True)
def no_receiver_outlives_its_test() -> Iterator[None]:
    """Fail a test that leaves a receiver on Pelican's signals (and take it off).

    The leak would otherwise show up later, in whichever test runs next.
    """
    before = {s: set(s.receivers) for s in _named_signals()}
    yield
    left = _disconnect_all_but(before)
    if left:
        pytest.fail(
            "left connected after the test (connect inside "
            f"conftest.connected_only_during_build): {left}",
            pytrace=False,
        )


def run_pelican(
    content: Path, output: Path, **overrides: Any
) -> list[logging.LogRecord]:
    """Run one in-process Pelican build and return the log records it emitted."""
    settings_override: dict[str, Any] = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(output.parent / "cache"),
        "PLUGINS": ["reflections"],
        "THEME": theme_path(),
        "SITEURL": "",
        "TIMEZONE": "UTC",
        "DEFAULT_LANG": "en",
        "LOAD_CONTENT_CACHE": False,
        "CACHE_CONTENT": False,
    }
    settings_override.update(overrides)
    reset_pelican_log_dedup()
    records: list[logging.LogRecord] = []
    handler = _Collect(records)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        with connected_only_during_build():
            settings = read_settings(path=None, override=settings_override)
            Pelican(settings).run()
    finally:
        root.removeHandler(handler)
    return records


def check_settings(content: Path, output: Path, **overrides: Any) -> dict[str, Any]:
    """Pelican settings for ``check_site`` on ``content``, as a build has them
    (Pelican's repeated-message filter reset: the build just logged the same)."""
    reset_pelican_log_dedup()
    settings_override: dict[str, Any] = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "PLUGINS": ["reflections"],
        "THEME": theme_path(),
        "SITEURL": "https://example.org",
        "TIMEZONE": "UTC",
        **overrides,
    }
    return read_settings(None, override=settings_override)


@pytest.fixture
def build_site(tmp_path: Path) -> Callable[..., BuiltSite]:
    """Write ``{relative path: text}`` into a content dir and build it with Pelican.

    Text is dedented, so tests can write posts inline. Keyword arguments
    override Pelican settings (``PLUGINS``, ``THEME`` and so on).
    """
    counter = 0

    def build(
        files: dict[str, str | bytes] | None = None, **overrides: Any
    ) -> BuiltSite:
        nonlocal counter
        counter += 1
        root = tmp_path / f"site{counter}"
        content = root / "content"
        content.mkdir(parents=True)
        write_files(content, files or {})
        output = root / "output"
        records = run_pelican(content, output, **overrides)
        return BuiltSite(output=output, content=content, records=records)

    return build


@pytest.fixture
def reference_post() -> str:
    """The reference post, exactly as the user wrote it."""
    return REFERENCE_POST.read_text(encoding="utf-8")


def pytest_report_header(config: pytest.Config) -> str:
    """The incremental property test's seed, so any run can be replayed."""
    from test_incremental_property import SEED

    return f"property test seed: REFLECTIONS_PROPERTY_SEED={SEED}"
