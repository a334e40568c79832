"""`pelican-reflections check|new`, run as a user runs them, in this process.

Each test calls ``cli.main(argv)`` in its own folder with what a fresh process
would have (no log handlers, Pelican's log dedup empty, free to write bytecode)
and puts back what ``main`` changes; two smoke tests run the installed console
script and ``python -m`` in a subprocess and get the same output.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import connected_only_during_build, reset_pelican_log_dedup
from helpers import write_files
from pelican import signals
from pelican.plugins.reflections.command import cli
from pelican.plugins.reflections.reading import frontmatter

FINDING = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+): (?P<level>error|warning|note): (?P<msg>.+)$"
)
SCRIPT_DIR = Path(sys.executable).parent
# As a user's shell runs it: free to write bytecode, so writing none is tested.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

GOOD = {
    "content/good.md": """\
        ---
        title: Good post
        date: 2024-03-11
        categories:
          - Work
        tags:
          - Jobs
        location:
        summary: Fine.
        ---
        Body.
        """,
    "content/good-fr.md": """\
        ---
        title: Good post
        lang: fr
        date: 2024-03-11
        ---
        Même slug, autre langue : une traduction, pas un doublon.
        """,
    "content/native.md": """\
        Title: Native metadata
        Date: 2024-01-01

        A post without YAML front matter.
        """,
    "content/pages/about.md": """\
        ---
        title: Good post
        ---
        A page may share an article's title and slug.
        """,
    "content/drafts/draft.md": """\
        ---
        title: Good post
        date: 2024-03-11
        status: draft
        ---
        A draft of a rewrite.
        """,
}

BAD = {
    "content/bad-date.md": """\
        ---
        title: Bad date
        date: 2024-02-30
        ---
        x
        """,
    "content/bad-yaml.md": """\
        ---
        title: Bad: colon
        date: 2024-03-11
        ---
        x
        """,
    "content/no-title.md": """\
        ---
        title:
        date: 2024-03-11
        ---
        x
        """,
    "content/native-status.md": """\
        Title: Native status
        Date: 2024-01-01
        Status: bogus

        x
        """,
    "content/note-only.md": """\
        ---
        title: Note without date
        date: 2024-03-11
        updateDescription: Fixed a typo.
        ---
        x
        """,
    "content/second.md": """\
        ---
        title: Good Post
        date: 2024-04-01
        ---
        Same title, so the same slug as good.md.
        """,
    "content/retitled.md": """\
        ---
        title: Good   post
        slug: good-post-again
        date: 2024-05-01
        ---
        Same title, own slug.
        """,
}

EXPECTED_BAD = {
    ("content/bad-date.md", 3, "error", "date: '2024-02-30' is not a date"),
    ("content/bad-yaml.md", 2, "warning", "title: invalid YAML"),
    ("content/no-title.md", 2, "error", "title: missing"),
    ("content/native-status.md", 3, "error", "status: 'bogus' is not one of"),
    ("content/note-only.md", 4, "warning", "updateDescription: has no updatedDate"),
    ("content/second.md", 2, "warning", "slug: 'good-post' is also the slug of "),
    ("content/retitled.md", 2, "warning", "title: 'Good   post' is also the title of "),
}


def console_script() -> list[str]:
    found = shutil.which("pelican-reflections", path=str(SCRIPT_DIR))
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("the pelican-reflections console script is not installed")
        pytest.skip("no pelican-reflections script: run pip install -e '.[test]'")
    return [found]


INVOCATIONS = {
    "module": lambda: [sys.executable, "-m", "pelican.plugins.reflections"],
    "script": console_script,
}


@dataclass(frozen=True)
class Ran:
    """What a run of the command line left: like ``subprocess.CompletedProcess``."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(monkeypatch, capsys):
    """Run ``pelican-reflections ARGS`` in a folder, in this process."""

    def run(*args: str, cwd: Path) -> Ran:
        monkeypatch.chdir(cwd)
        # main() must turn bytecode off itself: start from a fresh process's value.
        monkeypatch.setattr(sys, "dont_write_bytecode", False)
        root = logging.getLogger()
        handlers, level = root.handlers[:], root.level
        root.handlers, root.level = [], logging.WARNING  # a fresh process's
        modules = dict(sys.modules)
        reset_pelican_log_dedup()
        capsys.readouterr()
        try:
            with connected_only_during_build():
                code = cli.main(list(args))
        except SystemExit as exit_:  # argparse's usage errors
            code = exit_.code if isinstance(exit_.code, int) else 1
        finally:
            out, err = capsys.readouterr()
            root.handlers, root.level = handlers, level
            reset_pelican_log_dedup()
            _forget_settings_modules(modules, cwd)
        return Ran(code, out, err)

    return run


def _forget_settings_modules(before: dict[str, object], folder: Path) -> None:
    """Undo Pelican's ``sys.modules[name] = settings file`` ("site" for site.py)."""
    for name, module in list(sys.modules.items()):
        if before.get(name) is module:
            continue
        source = getattr(module, "__file__", None)
        if source and Path(source).resolve().is_relative_to(folder.resolve()):
            if name in before:
                sys.modules[name] = before[name]
            else:
                del sys.modules[name]


def findings(stdout: str) -> tuple[list[tuple[str, int, str, str]], str]:
    """The problem lines as tuples, and the count line after them."""
    *lines, count = stdout.splitlines()
    parsed = []
    for line in lines:
        match = FINDING.match(line)
        assert match, f"not path:line: level: message: {line!r}"
        parsed.append((match["path"], int(match["line"]), match["level"], match["msg"]))
    return parsed, count


def snapshot(root: Path) -> dict[str, tuple[int, str]]:
    return {
        str(path.relative_to(root)): (
            path.stat().st_mtime_ns,
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "",
        )
        for path in sorted(root.rglob("*"))
    }


# --- check --------------------------------------------------------------------


def test_check_passes_a_clean_site_and_counts_its_files(run, tmp_path, reference_post):
    write_files(tmp_path, GOOD)
    (tmp_path / "content" / "job-vs-career.md").write_text(reference_post, "utf-8")

    result = run("check", "content", cwd=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "6 files checked: no problems\n"
    assert result.stderr == ""


def test_check_reports_each_problem_once_on_its_file_and_line(run, tmp_path):
    write_files(tmp_path, {**GOOD, **BAD})

    result = run("check", "content", cwd=tmp_path)

    assert result.returncode == 1
    found, count = findings(result.stdout)
    assert {(path, line, level) for path, line, level, _ in found} == {
        (path, line, level) for path, line, level, _ in EXPECTED_BAD
    }
    assert len(found) == len(EXPECTED_BAD)
    for path, line, level, start in EXPECTED_BAD:
        assert any(
            f[:3] == (path, line, level) and f[3].startswith(start) for f in found
        ), (path, start, found)
    assert count == "12 files checked: 3 errors, 4 warnings"


def test_check_names_the_first_post_of_a_duplicate(run, tmp_path):
    write_files(tmp_path, {**GOOD, **BAD})

    found, _ = findings(run("check", "content", cwd=tmp_path).stdout)

    messages = {path: message for path, _, _, message in found}
    assert messages["content/second.md"].endswith(
        "also the slug of content/good.md, an earlier post; this one takes 'second' "
        "from its file name"
    )
    assert messages["content/retitled.md"].endswith("title of content/good.md:2")


def test_check_warns_but_passes_when_shared_slugs_are_saved_apart(run, tmp_path):
    post = """\
        ---
        title: {title}
        date: {date}
        slug: notes
        ---
        Body.
        """
    write_files(
        tmp_path,
        {
            "content/a.md": post.format(title="Notes 2023", date="2023-01-01"),
            "content/b.md": post.format(title="Notes 2024", date="2024-01-01"),
            "pelicanconf.py": 'ARTICLE_SAVE_AS = "{date:%Y}/{slug}/index.html"\n'
            'ARTICLE_URL = "{date:%Y}/{slug}/"\nSITEURL = "https://x.example"\n'
            'TIMEZONE = "UTC"\n',
        },
    )

    result = run("check", "content", "-s", "pelicanconf.py", cwd=tmp_path)

    assert result.returncode == 0, result.stdout
    found, _ = findings(result.stdout)
    assert [(p, level, m) for p, _, level, m in found] == [
        (
            "content/b.md",
            "warning",
            "slug: 'notes' is also the slug of content/a.md:4 (saved apart, but "
            "Pelican lists them as translations of each other)",
        )
    ]


def test_check_fails_on_warnings_only_when_strict(run, tmp_path):
    write_files(tmp_path, {**GOOD, "content/note-only.md": BAD["content/note-only.md"]})

    relaxed = run("check", "content", cwd=tmp_path)
    strict = run("check", "content", "--strict", cwd=tmp_path)

    assert relaxed.returncode == 0
    assert strict.returncode == 1
    assert relaxed.stdout == strict.stdout
    assert relaxed.stdout.endswith("6 files checked: 0 errors, 1 warning\n")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["check", "missing"], "no content folder missing"),
        (["check", "-s", "missing.py"], "no settings file missing.py"),
        (["check", "--fast"], "unrecognized arguments: --fast"),
        (["lint"], "invalid choice: 'lint'"),
        ([], "the following arguments are required"),
        (["new"], "the following arguments are required: TITLE"),
    ],
)
def test_bad_usage_exits_2_with_a_message(run, tmp_path, args, says):
    result = run(*args, cwd=tmp_path)

    assert result.returncode == 2
    assert says in result.stderr
    assert result.stdout == ""


def test_check_writes_nothing(run, tmp_path):
    write_files(tmp_path, {**GOOD, **BAD})
    (tmp_path / "pelicanconf.py").write_text('PATH = "content"\nTIMEZONE = "UTC"\n')
    before = snapshot(tmp_path)

    result = run("check", "-s", "pelicanconf.py", cwd=tmp_path)

    assert result.returncode == 1
    assert snapshot(tmp_path) == before


SITE_SETTINGS = """\
PATH = "posts"
TIMEZONE = "UTC"
SITEURL = "https://example.org"
REFLECTIONS_ALIASES = {"posted": "date", "headline": "title"}
"""

ALIASED_POST = """\
    ---
    headline: Written with aliases
    posted: 2024-03-11
    ---
    x
    """


def test_check_reads_posts_with_the_site_settings_and_aliases(run, tmp_path):
    write_files(tmp_path, {"posts/aliased.md": ALIASED_POST})
    (tmp_path / "site.py").write_text(SITE_SETTINGS)

    with_settings = run("check", "-s", "site.py", cwd=tmp_path)
    without = run("check", "posts", cwd=tmp_path)

    assert with_settings.returncode == 0, with_settings.stdout
    assert with_settings.stdout == "1 file checked: no problems\n"
    assert without.returncode == 1
    found, _ = findings(without.stdout)
    assert [f[:3] for f in found] == [
        ("posts/aliased.md", 1, "error"),
        ("posts/aliased.md", 1, "error"),
        ("posts/aliased.md", 3, "note"),  # the alias that is missing
    ]
    assert sorted(f[3].split(":")[0] for f in found) == ["date", "posted", "title"]
    assert found[2][3].endswith('REFLECTIONS_ALIASES = {"posted": "date"}')


def test_check_uses_pelicanconf_in_the_folder_like_pelican(run, tmp_path):
    write_files(tmp_path, {"posts/aliased.md": ALIASED_POST})
    (tmp_path / "pelicanconf.py").write_text(SITE_SETTINGS)

    result = run("check", cwd=tmp_path)

    assert result.returncode == 0, result.stdout
    assert result.stdout == "1 file checked: no problems\n"


def test_check_reports_plugin_setting_problems_on_their_line(run, tmp_path):
    write_files(tmp_path, {"posts/aliased.md": ALIASED_POST})
    settings = SITE_SETTINGS + 'REFLECTIONS_ALIASES["byline"] = "nothing"\n'
    settings += "REFLECTIONS_SHOW_LOCATON = False\n"
    (tmp_path / "pelicanconf.py").write_text(settings)

    result = run("check", "-s", "pelicanconf.py", cwd=tmp_path)

    assert result.returncode == 1
    found, _ = findings(result.stdout)
    assert [(path, line, level) for path, line, level, _ in found] == [
        ("pelicanconf.py", 4, "error"),
        ("pelicanconf.py", 6, "error"),
    ]
    assert "'byline' to 'nothing', which is not a field" in found[0][3]
    assert "Unknown setting REFLECTIONS_SHOW_LOCATON" in found[1][3]


# --- the installed commands ---------------------------------------------------


@pytest.mark.parametrize("invocation", sorted(INVOCATIONS))
def test_the_installed_command_runs_check_as_main_does(run, tmp_path, invocation):
    """The console script and ``python -m`` in a fresh process, as a shell runs them."""
    write_files(tmp_path, {**GOOD, **BAD})
    (tmp_path / "pelicanconf.py").write_text(
        'PATH = "content"\nTIMEZONE = "UTC"\nSITEURL = "https://example.org"\n'
    )
    before = snapshot(tmp_path)

    result = subprocess.run(
        [*INVOCATIONS[invocation](), "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=ENV,
    )

    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    assert result.stdout.endswith("12 files checked: 3 errors, 4 warnings\n")
    assert snapshot(tmp_path) == before  # no .pyc of pelicanconf.py either
    in_process = run("check", cwd=tmp_path)
    assert (in_process.returncode, in_process.stdout, in_process.stderr) == (
        result.returncode,
        result.stdout,
        result.stderr,
    )


# --- new ----------------------------------------------------------------------


def header_of(path: Path) -> dict[str, frontmatter.Entry]:
    header, _, _ = frontmatter.split(path.read_text(encoding="utf-8"))
    return header


HOSTILE = 'He said: "#1 - it\'s [not] {a} list" & *more*'


def test_new_writes_the_reference_keys_and_prints_the_path(
    run, tmp_path, reference_post
):
    (tmp_path / "content").mkdir()
    reference_keys = list(frontmatter.split(reference_post)[0])

    result = run(
        "new",
        HOSTILE,
        "--category",
        "Work: paid",
        "--category",
        "Life",
        "--tag",
        "# hash",
        "--location",
        "Melbourne, Australia",
        cwd=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "content/he-said-1-its-not-a-list-more.md\n"
    written = tmp_path / result.stdout.strip()
    header = header_of(written)
    assert list(header) == reference_keys
    assert header["title"].value == HOSTILE
    assert header["date"].value == datetime.datetime.now(datetime.timezone.utc).date()
    assert header["categories"].value == ["Work: paid", "Life"]
    assert header["tags"].value == ["# hash"]
    assert header["location"].value == "Melbourne, Australia"
    assert all(header[key].value is None for key in ("updatedDate", "coverImage"))


def test_new_post_is_read_back_by_the_reader_in_a_build(run, tmp_path, build_site):
    (tmp_path / "content").mkdir()
    created = run(
        "new",
        HOSTILE,
        "--category",
        "Work",
        "--category",
        "Life",
        "--tag",
        "Jobs",
        "--tag",
        "Deep Work",
        "--location",
        "Hobart",
        cwd=tmp_path,
    )
    written = tmp_path / created.stdout.strip()
    articles = []

    def collect(generator):
        articles.extend(generator.articles)

    with connected_only_during_build():
        signals.article_generator_finalized.connect(collect)
        site = build_site(
            {written.name: written.read_text(encoding="utf-8")},
            SITEURL="https://example.org",
        )

    assert site.messages() == []
    [article] = articles
    assert article.title == HOSTILE
    assert [c.name for c in article.categories] == ["Work", "Life"]
    assert article.category.name == "Work"
    assert [t.name for t in article.tags] == ["Jobs", "Deep Work"]
    assert article.location == "Hobart"
    assert article.date.date() == datetime.datetime.now(datetime.timezone.utc).date()
    for absent in ("updates", "modified", "cover"):
        assert not hasattr(article, absent)
    assert run("check", "content", cwd=tmp_path).stdout == (
        "1 file checked: no problems\n"
    )


def test_new_refuses_to_overwrite_a_post(run, tmp_path):
    post = tmp_path / "content" / "job-vs-career.md"
    post.parent.mkdir()
    post.write_text("mine\n", encoding="utf-8")

    result = run("new", "Job vs Career", cwd=tmp_path)

    assert result.returncode == 1
    assert (
        "content/job-vs-career.md already exists; not overwriting it" in result.stderr
    )
    assert result.stdout == ""
    assert post.read_text(encoding="utf-8") == "mine\n"


def test_new_names_the_file_with_the_site_slug_settings(run, tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "drafts").mkdir()
    (tmp_path / "pelicanconf.py").write_text(
        SITE_SETTINGS + "SLUGIFY_PRESERVE_CASE = True\n"
    )

    in_path = run("new", "Job vs Career", "-s", "pelicanconf.py", cwd=tmp_path)
    in_dir = run("new", "Job vs Career", "--dir", "drafts", cwd=tmp_path)

    assert in_path.stdout == "posts/Job-vs-Career.md\n"
    assert in_dir.stdout == "drafts/Job-vs-Career.md\n"  # pelicanconf.py found here


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["new", "  "], "the title is empty"),
        (["new", "!!!"], "the title '!!!' gives no file name"),
        (["new", "Fine", "--dir", "nowhere"], "no folder nowhere"),
    ],
)
def test_new_refuses_bad_input_with_exit_2(run, tmp_path, args, says):
    (tmp_path / "content").mkdir()

    result = run(*args, cwd=tmp_path)

    assert result.returncode == 2
    assert says in result.stderr
    assert [p.name for p in tmp_path.rglob("*")] == ["content"]


@pytest.mark.parametrize(
    "title",
    [
        "yes",
        "null",
        "2024-03-11",
        "- leading dash",
        "# not a comment",
        "key: value",
        "'single' and \"double\"",
        "[a, b]",
        "{a: b}",
        "&anchor *alias !tag",
        "| literal",
        "> folded",
        "% directive",
        "@at `tick`",
        "Ünïcödé — “quotes”",
        "trailing colon:",
        "a" * 200,
    ],
)
def test_front_matter_keeps_any_title_as_written(title):
    text = cli.front_matter(title, datetime.date(2024, 3, 11), ["A: b"], ["#c"], "x: y")

    header, _, _ = frontmatter.split(text)
    assert header["title"].value == title
    assert header["date"].value == datetime.date(2024, 3, 11)
    assert header["categories"].value == ["A: b"]
    assert header["tags"].value == ["#c"]
    assert header["location"].value == "x: y"
    assert yaml.safe_load(text.split("---\n")[1])["title"] == title
