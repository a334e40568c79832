"""Bad input: one log line naming file, field and line; the rest of the site builds;
no traceback; ``--fatal warnings`` fails the build."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pelican.log
import pytest
from helpers import counted_calls
from pelican.log import FatalLogger, LimitFilter
from pelican.plugins.reflections.reading.frontmatter import MAX_VALUES

GOOD = b"---\ntitle: Good post\ndate: 2024-01-01\ntags: [Fine]\n---\nAll well.\n"
SITE = {"SITEURL": "https://example.org"}  # no settings warning under --fatal


@dataclass(frozen=True)
class Case:
    """A bad file and the one log line it must produce."""

    name: str
    data: bytes
    level: int
    field: str | None
    line: int | None
    says: str
    # False: Pelican's own message ("Skipping <absolute path>: ... 'title'").
    ours: bool = True


def bomb() -> bytes:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return ("---\ntitle: BADPOST\n" + "\n".join(rows) + "\n---\nBody\n").encode()


CASES = [
    Case(
        "malformed-yaml",
        # A YAML header (a list): not one Pelican's own reader reads whole.
        b"---\ntitle: BADPOST\ntags:\n  - a\nsummary: one: two\n---\nBody\n",
        logging.ERROR,
        "summary",
        5,
        "invalid YAML",
    ),
    Case(
        "tab-indentation",
        b"---\ntitle: BADPOST\ncategories:\n\t- Work\n---\nBody\n",
        logging.ERROR,
        "categories",
        4,
        "tab",
    ),
    Case(
        "no-closing-fence",
        b"---\ntitle: BADPOST\ntags:\n  - a\n\nBody text.\n",
        logging.ERROR,
        None,
        1,
        "no closing",
    ),
    Case(
        "not-a-mapping",
        b"---\n- BADPOST\n- 2024-01-02\n---\nBody\n",
        logging.ERROR,
        None,
        2,
        "key: value",
    ),
    Case(
        "unsafe-tag",
        b"---\ntitle: BADPOST\nrun: !!python/object/apply:os.system ['touch RAN']\n"
        b"---\nBody\n",
        logging.ERROR,
        "run",
        3,
        "!!python/object/apply:os.system",
    ),
    Case("alias-bomb", bomb(), logging.ERROR, None, None, "more than"),
    Case(
        "impossible-date",
        b"---\ntitle: BADPOST\ndate: 2024-02-30\n---\nBody\n",
        logging.ERROR,
        "date",
        3,
        "day is out of range",
    ),
    Case(
        "update-before-date",
        b"---\ntitle: Early\ndate: 2024-03-11\nupdatedDate: 2024-03-01\n---\nBody\n",
        logging.WARNING,
        "updatedDate",
        4,
        "earlier",
    ),
    Case(
        "note-without-date",
        b"---\ntitle: Noted\ndate: 2024-03-11\nupdateDescription: Fixed\n---\nBody\n",
        logging.WARNING,
        "updateDescription",
        4,
        "no updatedDate",
    ),
    Case(
        "updates-item-without-date",
        b"---\ntitle: Noted\ndate: 2024-03-11\nupdates:\n  - date:\n"
        b"    description: Fixed\n---\nBody\n",
        logging.WARNING,
        "updates",
        4,
        "no date",
    ),
    Case(
        "missing-cover",
        b"---\ntitle: Covered\ndate: 2024-03-11\ncoverImage: img/gone.jpg\n---\nBody\n",
        logging.WARNING,
        "coverImage",
        4,
        "img/gone.jpg",
    ),
    Case(
        "javascript-cover",
        b"---\ntitle: Scripted\ndate: 2024-03-11\ncover: javascript:alert(1)\n---\nB\n",
        logging.WARNING,
        "cover",
        4,
        "javascript:",
    ),
    Case(
        "not-utf8",
        "---\ntitle: BADPOST caf\u00e9\n---\nBody\n".encode("latin-1"),
        logging.ERROR,
        None,
        2,
        "UTF-8",
    ),
    # An empty file reads as Pelican reads it (Pelican's own suite relies on
    # that); Pelican then skips it for lacking a title, naming the file.
    Case("empty-file", b"", logging.ERROR, "title", None, "could not find", False),
]


def problem_records(records: list[logging.LogRecord]) -> list[logging.LogRecord]:
    return [r for r in records if r.levelno >= logging.WARNING]


@contextmanager
def pelican_fatal(fatal: str) -> Iterator[None]:
    """Logging set up as ``pelican --fatal <fatal> --log-handler plain`` sets it up.

    This is the call Pelican's ``main()`` makes (4.10 to 4.12), so the test holds
    whatever a release names its switches (4.12: ``FatalLogger.fatal_lvl``; 4.10
    and 4.11: ``warnings_fatal`` and ``errors_fatal``). Those switches, and the
    dedup level ``init`` sets, are put back afterwards.
    """
    saved: dict[str, Any] = {
        name: value
        for name, value in vars(FatalLogger).items()
        if not name.startswith("_") and not callable(value)
    }
    dedup_level = LimitFilter.LOGS_DEDUP_MIN_LEVEL
    pelican.log.init(
        level=None,
        fatal=fatal,
        name="pelican",
        handler=None,
        logs_dedup_min_level=logging.WARNING,
    )
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(FatalLogger, name, value)
        LimitFilter.LOGS_DEDUP_MIN_LEVEL = dedup_level


@pytest.fixture
def fatal_warnings() -> Iterator[None]:
    """What ``pelican --fatal warnings`` sets up."""
    with pelican_fatal("warnings"):
        yield


@pytest.fixture
def fatal_errors() -> Iterator[None]:
    """What ``pelican --fatal errors`` sets up."""
    with pelican_fatal("errors"):
        yield


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_bad_input_gives_one_log_line_and_the_site_still_builds(
    build_site, case, monkeypatch, tmp_path
):
    monkeypatch.chdir(tmp_path)  # where an executed 'touch RAN' would land
    filename = f"{case.name}.md"
    # Work, not time (a time limit flakes on a busy machine): the alias bomb, the
    # case that could run away, builds within a bound on calls (about 600,000
    # today); expanded, it fails at the bound instead of hanging the test.
    bounded = nullcontext() if case.name != "alias-bomb" else counted_calls(10**7)
    with bounded:
        site = build_site({"good.md": GOOD, filename: case.data}, **SITE)

    records = problem_records(site.records)
    assert len(records) == 1, [r.getMessage() for r in records]
    record = records[0]
    message = record.getMessage()
    assert record.levelno == case.level
    assert record.exc_info is None
    assert "Traceback" not in message
    assert "\n" not in message
    assert case.says in message
    if case.name == "alias-bomb":
        assert f"more than {MAX_VALUES} values" in message
    if case.ours:
        where = f"{filename}:{case.line}:" if case.line else f"{filename}:"
        assert message.startswith(where), message
        if case.field:
            assert f": {case.field}: " in message
    else:
        assert f"{filename}:" in message
        assert f"'{case.field}'" in message

    assert site.exists("good-post.html")
    assert not (tmp_path / "RAN").exists()
    if case.level >= logging.ERROR:
        for path in site.output.rglob("*"):
            if path.is_file() and path.suffix in (".html", ".xml"):
                assert "BADPOST" not in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_fatal_warnings_fail_the_build_on_bad_input(build_site, case, fatal_warnings):
    with pytest.raises(RuntimeError):
        build_site({"good.md": GOOD, f"{case.name}.md": case.data}, **SITE)


def test_fatal_warnings_pass_a_site_without_bad_input(build_site, fatal_warnings):
    site = build_site({"good.md": GOOD}, **SITE)
    assert site.exists("good-post.html")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_fatal_errors_fail_the_build_on_errors_only(build_site, case, fatal_errors):
    files = {"good.md": GOOD, f"{case.name}.md": case.data}
    if case.level >= logging.ERROR:
        with pytest.raises(RuntimeError):
            build_site(files, **SITE)
    else:
        site = build_site(files, **SITE)
        assert site.exists("good-post.html")
        [record] = problem_records(site.records)
        assert record.levelno == logging.WARNING


def test_the_fatal_setup_is_put_back_after_the_test(build_site):
    bad = {"bad.md": next(c for c in CASES if c.name == "malformed-yaml").data}
    before = dict(vars(FatalLogger))
    with pelican_fatal("warnings"), pytest.raises(RuntimeError):
        build_site(bad, **SITE)
    assert dict(vars(FatalLogger)) == before
    site = build_site(bad, **SITE)
    assert len(problem_records(site.records)) == 1


def test_a_page_with_bad_input_is_skipped_too(build_site):
    site = build_site(
        {"good.md": GOOD, "pages/about.md": b"---\ntitle: BADPOST\ntags:\n  - a\n"},
        **SITE,
    )
    [record] = problem_records(site.records)
    assert record.getMessage().startswith("pages/about.md:1:")
    assert not any(Path(site.output, "pages").glob("*.html"))
