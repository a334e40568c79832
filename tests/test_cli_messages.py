"""`pelican-reflections` says what it does not read and never ends in a traceback.

Issue 26 items 2 and 3, run as a user's shell runs them: the installed console
script in a subprocess. ``check`` names the files a build leaves out (a ``.mdx``,
a FIFO) and the date and cover keys of other generators with the
``REFLECTIONS_ALIASES`` line that maps them; the build names those files too.
Bad input to ``check`` or ``new`` is a finding or a one-line usage error (exit 2).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import write_files

SCRIPT_DIR = Path(sys.executable).parent
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
LINE = re.compile(r"^[^:]+:\d+: (error|warning|note): .+$")
USAGE = re.compile(r"^pelican-reflections new: error: [^\n]+\n$")
TIMEOUT = 60


def script() -> str:
    found = shutil.which("pelican-reflections", path=str(SCRIPT_DIR))
    if found is None:
        pytest.skip("no pelican-reflections script: run pip install -e '.[test]'")
    return found


def cli(
    *args: str | bytes, cwd: Path, **options: object
) -> subprocess.CompletedProcess[str]:
    """Run the installed command; text is UTF-8, other bytes surrogate-escaped."""
    return subprocess.run(
        [script(), *args],
        cwd=cwd,
        capture_output=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=TIMEOUT,
        check=False,
        env=ENV,
        **options,
    )


def post(title: str, *lines: str) -> str:
    return "\n".join(["---", f"title: {title}", *lines, "---", "Body.", ""])


def assert_findings_only(stdout: str) -> list[str]:
    """Every line but the count is ``path:line: level: message``."""
    *found, _count = stdout.splitlines()
    assert all(LINE.match(line) for line in found), stdout
    return found


# --- item 2: what check does not read -------------------------------------------


def test_check_names_the_files_no_reader_reads_as_notes(tmp_path):
    write_files(
        tmp_path,
        {
            "content/good.md": post("Good", "date: 2024-03-11"),
            "content/widget.mdx": post("MDX", "date: 2024-03-11"),
            "content/SHOUT.MD": post("Upper case", "date: 2024-03-11"),
            "content/notes/todo.txt": "Plain text.\n",
            "content/images/pic.png": b"\x89PNG\r\n\x1a\n",  # static: copied
            "content/style.css": "p {}\n",  # an asset a post may link
            "content/.hidden": "x\n",
        },
    )

    result = cli("check", "content", cwd=tmp_path)

    assert (result.returncode, result.stderr) == (0, "")
    found = assert_findings_only(result.stdout)
    assert [line.split(": ", 2)[:2] for line in found] == [
        ["content/SHOUT.MD:1", "note"],
        ["content/notes/todo.txt:1", "note"],
        ["content/widget.mdx:1", "note"],
    ]
    assert "no reader for .MD files (extensions are case-sensitive" in found[0]
    assert "no reader for .mdx files; rename it .md" in found[2]
    assert result.stdout.endswith("1 file checked: 0 errors, 0 warnings, 3 notes\n")


def test_check_skips_a_fifo_with_a_note_instead_of_waiting(tmp_path):
    write_files(tmp_path, {"content/good.md": post("Good", "date: 2024-03-11")})
    try:
        os.mkfifo(tmp_path / "content" / "x.md")
    except (AttributeError, OSError):
        pytest.skip("no FIFOs here")

    result = cli("check", "content", cwd=tmp_path)  # the timeout fails a hang

    assert (result.returncode, result.stderr) == (0, "")
    found = assert_findings_only(result.stdout)
    assert len(found) == 1
    assert found[0].startswith("content/x.md:1: note: not read: a FIFO")
    assert result.stdout.endswith("1 file checked: 0 errors, 0 warnings, 1 note\n")


def test_the_build_names_each_unread_file_once_as_info(tmp_path):
    write_files(
        tmp_path,
        {
            "content/good.md": post("Good", "date: 2024-03-11"),
            "content/widget.mdx": post("MDX", "date: 2024-03-11"),
            "content/pages/about.md": post("About"),
            # until register() connects it: connecting twice is connecting once
            "unread_on.py": "from pelican.plugins.reflections import unread\n\n"
            "def register():\n    unread.connect()\n",
            "pelicanconf.py": 'PATH = "content"\nTIMEZONE = "UTC"\n'
            'PLUGIN_PATHS = ["."]\n'
            'PLUGINS = ["pelican.plugins.reflections", "unread_on"]\n',
        },
    )
    pelican = shutil.which("pelican", path=str(SCRIPT_DIR))
    if pelican is None:
        pytest.skip("no pelican command")

    result = subprocess.run(
        [pelican, "-v", "-s", "pelicanconf.py", "-o", "output"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**ENV, "COLUMNS": "400"},
    )

    assert result.returncode == 0, result.stdout + result.stderr
    log = result.stdout + result.stderr
    said = re.findall(r"INFO .*widget\.mdx: not read: .*", log)
    assert len(said) == 1, log
    assert "no reader for .mdx files" in said[0]
    assert "good.md: not read" not in log


SITE = 'PATH = "content"\nTIMEZONE = "UTC"\nSITEURL = "https://example.org"\n'


def test_check_gives_the_alias_line_for_other_generators_keys(tmp_path):
    write_files(
        tmp_path,
        {
            "content/hugo.md": post("Hugo", "postedOn: 2024-03-11", "banner: b.jpg"),
            "content/ghost.md": post(
                "Ghost", "date: 2024-03-11", "feature_image: c.jpg", "featured: true"
            ),
            "content/both.md": post("Both", "date: 2024-03-11", "created: 2024-01-01"),
            "pelicanconf.py": SITE + 'REFLECTIONS_ALIASES = {"headline": "title"}\n',
        },
    )

    result = cli("check", cwd=tmp_path)

    found = assert_findings_only(result.stdout)
    notes = [line for line in found if ": note: " in line]
    assert notes == [
        "content/ghost.md:4: note: feature_image: kept as plain metadata, not read "
        "as its cover image; to read it so, set REFLECTIONS_ALIASES = "
        '{"headline": "title", "feature_image": "coverImage"}',
        "content/hugo.md:3: note: postedOn: kept as plain metadata, not read as the "
        "post's date; to read it so, set REFLECTIONS_ALIASES = "
        '{"headline": "title", "postedOn": "date"}',
        "content/hugo.md:4: note: banner: kept as plain metadata, not read as its "
        "cover image; to read it so, set REFLECTIONS_ALIASES = "
        '{"headline": "title", "banner": "coverImage"}',
    ]
    assert "content/hugo.md:1: error: date: missing" in result.stdout

    # The line given, as given, does what it says: the date is read, no note.
    settings = tmp_path / "pelicanconf.py"
    settings.write_text(SITE + notes[1].split("set ", 1)[1] + "\n")
    again = cli("check", cwd=tmp_path)
    assert again.returncode == 0, again.stdout
    assert "hugo.md:3: note: postedOn" not in again.stdout
    assert '{"headline": "title", "postedOn": "date", "banner": ' in again.stdout


# --- item 3: no traceback -------------------------------------------------------


def test_check_reports_an_offset_beyond_a_day_and_checks_every_other_file(tmp_path):
    write_files(
        tmp_path,
        {
            "content/stock.md": "Title: Stock\nDate: 2024-01-01T00:00:00+25:00\n\nx\n",
            "content/bad.md": post("Bad", "date: 2024-02-30"),
            "content/good.md": post("Good", "date: 2024-03-11"),
        },
    )

    result = cli("check", "content", cwd=tmp_path)

    assert (result.returncode, result.stderr) == (1, "")
    found = assert_findings_only(result.stdout)
    assert found[0].startswith("content/bad.md:3: error: date: '2024-02-30' is not")
    assert found[1:] == [
        "content/stock.md:2: error: date: '2024-01-01T00:00:00+25:00' has a UTC "
        "offset of 24 hours or more; offsets run from -23:59 to +23:59 (Pelican's "
        "build stops on it)",
    ]
    assert result.stdout.endswith("3 files checked: 2 errors, 0 warnings\n")


def test_check_into_a_closed_pipe_ends_quietly(tmp_path):
    write_files(tmp_path, {"content/bad.md": post("Bad", "date: 2024-02-30")})
    read_end, write_end = os.pipe()
    os.close(read_end)  # as `pelican-reflections check | head -c0` leaves it
    try:
        result = subprocess.run(
            [script(), "check", "content"],
            cwd=tmp_path,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=TIMEOUT,
            check=False,
            env=ENV,
        )
    finally:
        os.close(write_end)

    assert (result.returncode, result.stderr) == (141, "")


def test_check_prints_a_file_name_that_is_not_utf8_as_its_bytes(tmp_path):
    (tmp_path / "content").mkdir()
    try:
        (tmp_path / "content" / os.fsdecode(b"caf\xe9.txt")).write_text("x\n")
    except (OSError, UnicodeError):
        pytest.skip("this file system takes UTF-8 names only")

    result = cli("check", "content", cwd=tmp_path)

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("content/caf\udce9.txt:1: note: not read")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["a" * 300], "the title makes a file name a"),
        ([" ".join(["word"] * 60)], "of 304 bytes, longer than the 255"),
        (["Caf\udcff"], "the title is not UTF-8 text (byte 0xff)"),
        (["Bell\x07"], "the title holds U+0007, which a post cannot hold"),
        (["Fine", "--tag", "t\udcfe"], "a --tag is not UTF-8 text (byte 0xfe)"),
    ],
    ids=["300-characters", "60-words", "not-utf8", "control", "tag-not-utf8"],
)
def test_new_refuses_what_it_cannot_write_in_one_line(tmp_path, args, says):
    (tmp_path / "content").mkdir()

    result = cli("new", *args, cwd=tmp_path)

    assert result.returncode == 2
    assert USAGE.match(result.stderr), result.stderr
    assert says in result.stderr
    assert list((tmp_path / "content").iterdir()) == []


def refuses_files(folder: Path) -> bool:
    try:
        (folder / "probe").touch(exist_ok=False)
    except OSError:
        return True
    (folder / "probe").unlink()
    return False


def test_new_in_a_folder_it_cannot_write_to_is_a_usage_error(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    if not refuses_files(folder):  # root writes anywhere: /sys refuses root too
        folder = Path("/sys")
        if not folder.is_dir() or not refuses_files(folder):
            pytest.skip("no folder here refuses a new file")
    try:
        result = cli("new", "Hello", "--dir", str(folder), cwd=tmp_path)
    finally:
        (tmp_path / "locked").chmod(0o700)

    assert (result.returncode, result.stdout) == (2, "")
    assert USAGE.match(result.stderr), result.stderr
    assert f"cannot write {folder}/hello.md: " in result.stderr
    assert not (folder / "hello.md").exists()


def test_the_build_skips_a_fifo_with_a_warning_instead_of_waiting(tmp_path):
    """#26 item 8: a FIFO named like a post never hangs the build."""
    from test_existing_sites import BASE, pelican

    write_files(
        tmp_path,
        {"content/a.md": "---\ntitle: A\ndate: 2024-01-02\n---\nBody.\n"},
    )
    os.mkfifo(tmp_path / "content" / "x.md")
    built = pelican(tmp_path, BASE + 'PLUGINS = ["reflections"]\n')
    assert built.returncode == 0, built.log
    assert "x.md: is not a regular file" in " ".join(built.log.split())
    assert (built.output / "a.html").is_file()
