"""What fuzzing found (#26, item 8): each case is a real ``pelican`` build and a
real ``pelican-reflections check``, in processes of their own.

A bad value is one line ``path:line: field: message``; the rest of the site
builds; no traceback; ``check`` names what the build logs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from test_existing_sites import Build, pelican

BASE = """\
PATH = "content"
PLUGINS = ["reflections"]
TIMEZONE = "UTC"
SITEURL = "https://example.org"
"""
GOOD = "---\ntitle: Good\ndate: 2024-01-01\n---\nAll well.\n"
LONG = "word" * 75  # 300 characters


def site(tmp_path: Path, posts: dict[str, str]) -> Path:
    """A site whose content folder holds ``good.md`` and ``posts``."""
    content = tmp_path / "content"
    content.mkdir(parents=True, exist_ok=True)
    for name, text in {"good.md": GOOD, **posts}.items():
        (content / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def build(root: Path, extra: str = "", *args: str) -> Build:
    done = pelican(root, BASE + extra, "output", *args)
    if "--fatal" not in args:  # Pelican stops a fatal build with a traceback
        assert "Traceback" not in done.log, done.log
    return done


def check(root: Path, extra: str = "") -> tuple[int, str]:
    """``pelican-reflections check`` on the site: (exit code, output)."""
    conf = root / "conf-check.py"
    conf.write_text(BASE + extra, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pelican.plugins.reflections", "check", "-s", conf.name],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        timeout=300,
        check=False,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done.returncode, done.stdout + done.stderr


def one_line(log: str, words: str) -> None:
    """``words`` are in the log once (rich wraps long lines: joined again)."""
    flat = " ".join(log.split())
    assert flat.count(words) == 1, log


# a. a path that is not text


@pytest.mark.parametrize("value", ["{a: 1}", "[{a: 1}]", "[a, {b: 2}]", "[a, b]"])
def test_a_path_that_is_not_text_is_one_line(tmp_path, value):
    root = site(
        tmp_path,
        {"odd.md": f"---\ntitle: Odd\ndate: 2024-01-02\npath: {value}\n---\nx\n"},
    )
    done = build(root)
    assert done.returncode == 0, done.log
    one_line(done.log, "odd.md:4: path: must be text")
    assert (done.output / "good.html").is_file()
    assert not (done.output / "odd.html").exists()
    code, out = check(root)
    assert code == 1 and "content/odd.md:4: error: path: must be text" in out, out


@pytest.mark.parametrize("value", ["5", "true", "2024-01-01"])
def test_a_path_written_as_a_scalar_or_list_is_read_as_text(tmp_path, value):
    root = site(
        tmp_path,
        {"odd.md": f"---\ntitle: Odd\ndate: 2024-01-02\npath: {value}\n---\nx\n"},
    )
    done = build(root)
    assert done.returncode == 0 and (done.output / "odd.html").is_file(), done.log
    assert check(root)[0] == 0


def test_a_path_that_is_not_text_fails_a_fatal_build(tmp_path):
    root = site(
        tmp_path, {"odd.md": "---\ntitle: Odd\ndate: 2024-01-02\npath: {a: 1}\n---\n"}
    )
    done = build(root, "", "--fatal", "warnings")
    assert done.returncode != 0


# b. names too long for a file name


def test_long_names_are_shortened_to_safe_file_names(tmp_path):
    post = f"""\
        ---
        title: T{LONG}
        date: 2024-01-02
        tags: [G{LONG}, H{LONG}]
        category: C{LONG}
        author: A{LONG}
        ---
        x
        """
    slugged = f"---\ntitle: S\nslug: s{LONG}\ndate: 2024-01-03\n---\nx\n"
    root = site(tmp_path, {"long.md": post, "slugged.md": slugged})
    done = build(root)
    assert done.returncode == 0, done.log
    names = [p.name for p in done.output.rglob("*")]
    assert max(len(n.encode()) for n in names) <= 255
    html = [n for n in names if n.startswith("t" + "word" * 10) and n.endswith(".html")]
    assert len(html) == 1 and len(html[0].encode()) <= 205, names
    tags = [n for n in os.listdir(done.output / "tag")]
    assert len(tags) == 2, tags  # two long tags with one start stay apart
    for field, line in [("title", 2), ("category", 5), ("author", 6)]:
        one_line(done.log, f"long.md:{line}: {field}:")
    assert " ".join(done.log.split()).count("long.md:4: tags: tag ") == 2
    one_line(done.log, "slugged.md:3: slug: the slug is 301 bytes")
    code, out = check(root)
    assert code == 0 and out.count("too long for a file name") == 6, out


@pytest.mark.parametrize(
    ("field", "says"),
    [("lang", "is not a language code"), ("save_as", "longer than a file name")],
)
def test_a_long_lang_or_save_as_is_refused(tmp_path, field, says):
    post = f"---\ntitle: L\ndate: 2024-01-02\n{field}: x{LONG}\n---\nx\n"
    root = site(tmp_path, {"long.md": post})
    done = build(root)
    assert done.returncode == 0 and (done.output / "good.html").is_file(), done.log
    one_line(done.log, f"long.md:4: {field}: ")
    assert says in " ".join(done.log.split())
    code, out = check(root)
    assert code == 1 and f"content/long.md:4: error: {field}: " in out, out


# c. a lang that leaves its folder


@pytest.mark.parametrize("lang", ["..", "../index", "/x", "a\\\\..\\\\b"])
def test_a_lang_that_is_a_path_is_refused(tmp_path, lang):
    yaml_post = f'---\ntitle: Esc\ndate: 2024-01-02\nlang: "{lang}"\n---\nx\n'
    stock = f"Title: Stock\nDate: 2024-01-02\nLang: {lang}\n\nx\n"
    root = site(tmp_path, {"esc.md": yaml_post, "stock.md": stock})
    done = build(root)
    assert done.returncode == 0, done.log
    one_line(done.log, "esc.md:4: lang: ")
    one_line(done.log, "stock.md:3: lang: ")
    index = (done.output / "index.html").read_text(encoding="utf-8")
    assert "Good" in index and "Esc" not in index
    assert not list(tmp_path.glob("*.html"))  # nothing beside the output folder
    code, out = check(root)
    assert code == 1 and out.count("lang: ") == 2, out


# d. names that slugify to nothing


def test_an_author_and_a_category_with_empty_slugs_get_their_own(tmp_path):
    post = '---\ntitle: "!!!"\nauthor: "!!!"\ncategory: "???"\ndate: 2024-01-02\n---\n'
    root = site(tmp_path, {"bangs.md": post + "x\n"})
    feeds = 'AUTHOR_FEED_ATOM = "feeds/{slug}.atom.xml"\n'
    done = build(root, feeds, "--fatal", "errors")
    assert done.returncode == 0, done.log
    atom = sorted(p.name for p in (done.output / "feeds").iterdir())
    assert ".atom.xml" not in atom, atom
    assert {"author-e84c538e.atom.xml", "category-a03b221c.atom.xml"} <= set(atom)
    assert (done.output / "bangs.html").is_file()
    for line, field in [(2, "title"), (3, "author"), (4, "category")]:
        one_line(done.log, f"bangs.md:{line}: {field}: ")
    assert "Unable to generate valid slug" not in done.log
    code, out = check(root, feeds)
    assert code == 0 and out.count("gives an empty slug") == 3, out


# e. what Pelican says while generating, and a Markdown extension that is missing


def test_check_names_a_translation_with_no_original(tmp_path):
    post = "---\ntitle: Alone\ndate: 2024-01-02\ntranslation: true\n---\nx\n"
    root = site(tmp_path, {"alone.md": post})
    assert "are translations" in build(root).log
    code, out = check(root)
    assert code == 0
    assert "content/alone.md:4: warning: translation: " in out, out


def test_check_names_a_markdown_extension_that_cannot_be_loaded(tmp_path):
    setting = 'MARKDOWN = {"extensions": ["not.a.module"]}\n'
    root = site(tmp_path, {})
    done = build(root, setting)
    assert "Processed 0 articles" in done.log
    code, out = check(root, setting)
    assert code == 1
    assert "conf-check.py:5: error: Setting MARKDOWN cannot be used: " in out, out
    assert "not.a.module" in out or "'not'" in out


# f. MARKDOWN = None


def test_markdown_none_is_one_line_and_the_site_builds(tmp_path):
    root = site(tmp_path, {"stock.md": "Title: Stock\nDate: 2024-01-02\n\nx\n"})
    done = build(root, "MARKDOWN = None\n")
    assert done.returncode == 0, done.log
    one_line(done.log, "Setting MARKDOWN must be a dict")
    assert (done.output / "good.html").is_file()
    assert (done.output / "stock.html").is_file()
    code, out = check(root, "MARKDOWN = None\n")
    assert code == 1 and "conf-check.py:5: error: Setting MARKDOWN must be" in out


# g. an unknown status in a stock header


def test_an_unknown_stock_status_is_in_the_plugins_form(tmp_path):
    stock = "Title: Stock\nDate: 2024-01-02\nStatus: bogus\n\nx\n"
    root = site(tmp_path, {"stock.md": stock})
    done = build(root)
    assert done.returncode == 0 and (done.output / "good.html").is_file()
    one_line(done.log, "stock.md:3: status: 'bogus' is not one of")
    assert "Unknown status" not in done.log
    assert build(root, "", "--fatal", "warnings").returncode != 0
    code, out = check(root)
    assert code == 1 and "content/stock.md:3: error: status: 'bogus'" in out, out
