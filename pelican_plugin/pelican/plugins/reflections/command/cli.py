"""``pelican-reflections check|new``: check a site's front matter, start a new post.

``check`` prints every problem as ``path:line: error|warning: message`` (the form
editors and CI read) and a count; it exits 0 when clean, 1 on errors (and on
warnings with ``--strict``), 2 on bad usage. ``new`` writes a post with the
reference post's front-matter keys and prints its path.

Settings come from ``-s FILE``, else from ``pelicanconf.py`` in the current folder
when there is one (as ``pelican`` does), else from Pelican's defaults.

No traceback reaches the user: bad input is a usage error (one line on stderr,
exit 2) or a finding; a closed pipe ends the run quietly (exit 141, as a shell
reports SIGPIPE) and Ctrl-C with exit 130. Text that the terminal's encoding
cannot show is escaped, and file names that are not UTF-8 keep their bytes.
"""

from __future__ import annotations

import argparse
import codecs
import datetime
import errno
import logging
import os
import sys
import warnings
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pelican.settings import DEFAULT_CONFIG, read_settings

from ..reading.bundles import slug_of
from ..reading.frontmatter import NOT_XML
from .check import captured_logs, check_site

__all__ = ["main"]

DEFAULT_SETTINGS_FILE = "pelicanconf.py"
DEFAULT_CONTENT = "content"
# The reference post's keys, in its order (example_site/content/job-vs-career.md).
NEW_POST_KEYS = (
    "title",
    "date",
    "categories",
    "updatedDate",
    "updateDescription",
    "tags",
    "location",
    "coverImage",
    "summary",
)
# The build writes a post as ``{slug}.html``: its name must fit the file system.
OUTPUT_SUFFIX = ".html"
# The longest file name most file systems take, when the folder's is not known.
NAME_MAX = 255
# Exit statuses of a run cut short, as a shell reports them.
EXIT_PIPE, EXIT_INTERRUPTED = 141, 130
_ESCAPES = "pelican-reflections-escape"


class UsageError(Exception):
    """Bad usage: a missing folder or settings file (exit status 2)."""


def _shown(path: str) -> str:
    """A path as the user can open it: relative to here unless it lies above."""
    relative = os.path.relpath(path)
    return path if relative.startswith(os.pardir) else relative


def _settings_file(given: str | None) -> str | None:
    if given is None:
        return DEFAULT_SETTINGS_FILE if os.path.isfile(DEFAULT_SETTINGS_FILE) else None
    if not os.path.isfile(given):
        raise UsageError(f"no settings file {given}")
    return given


def _load_settings(
    settings_file: str | None, content_dir: str | None
) -> tuple[dict[str, Any], list[logging.LogRecord]]:
    """Pelican's settings the way ``pelican`` reads them, and what it logged."""
    override: dict[str, Any] = {}
    if content_dir or not settings_file:
        content = content_dir or DEFAULT_CONTENT
        if not os.path.isdir(content):
            raise UsageError(f"no content folder {content}")
        override["PATH"] = os.path.abspath(content)
    sys.dont_write_bytecode = True  # reading pelicanconf.py must not write a .pyc
    with captured_logs() as records:
        try:
            settings = read_settings(settings_file, override=override)
        except Exception as error:
            message = f"cannot read the settings in {settings_file}: {error}"
            raise UsageError(message) from None
    return settings, records


def _check(args: argparse.Namespace) -> int:
    settings_file = _settings_file(args.settings)
    settings, records = _load_settings(settings_file, args.content_dir)
    problems, files = check_site(settings, settings_file, records, _shown)
    for problem in problems:
        print(problem.describe(with_level=True))
    levels = [problem.level_name for problem in problems]
    errors, warnings, notes = (levels.count(n) for n in ("error", "warning", "note"))
    counts = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    if notes:
        counts += f", {_plural(notes, 'note')}"
    print(f"{_plural(files, 'file')} checked: {counts if problems else 'no problems'}")
    return 1 if errors or (args.strict and warnings) else 0


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class _Dumper(yaml.SafeDumper):
    """YAML in the reference post's style: empty values empty, lists indented."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """Indent list items under their key."""
        super().increase_indent(flow, False)


_Dumper.add_representer(
    type(None), lambda dumper, _: dumper.represent_scalar("tag:yaml.org,2002:null", "")
)


def front_matter(
    title: str,
    date: datetime.date,
    categories: Sequence[str] = (),
    tags: Sequence[str] = (),
    location: str = "",
) -> str:
    """The YAML header of a new post, every reference key present (empty if unused)."""
    values: dict[str, Any] = dict.fromkeys(NEW_POST_KEYS)
    values.update(
        title=title,
        date=date,
        categories=list(categories) or None,
        tags=list(tags) or None,
        location=location or None,
    )
    header = yaml.dump(
        values, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=2**16
    )
    return f"---\n{header}---\n"


def _today(settings: dict[str, Any]) -> datetime.date:
    try:
        return datetime.datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC")).date()
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        return datetime.date.today()  # no such zone: Pelican names the setting


def _as_text(what: str, value: str) -> str:
    """``value`` if a post can hold it; else a UsageError naming the character.

    An argument that is not UTF-8 arrives with its bytes as lone surrogates
    (U+DC80-U+DCFF); the reader refuses those and the controls XML cannot hold.
    """
    found = NOT_XML.search(value)
    if found is None:
        return value
    code = ord(found.group())
    if 0xDC80 <= code <= 0xDCFF:
        raise UsageError(
            f"{what} is not UTF-8 text (byte 0x{code - 0xDC00:02x}); write it in UTF-8"
        )
    raise UsageError(f"{what} holds U+{code:04X}, which a post cannot hold")


def _name_max(folder: str) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return NAME_MAX


def _write_new(path: str, text: str) -> bool:
    """Write a new file; False when it exists. Other failures are a UsageError."""
    try:
        handle = open(path, "x", encoding="utf-8")  # noqa: SIM115 (removed on error)
    except FileExistsError:
        return False
    except OSError as error:
        raise UsageError(f"cannot write {_shown(path)}: {_reason(error)}") from None
    try:
        with handle:
            handle.write(text)
    except OSError as error:
        os.remove(path)  # no half-written post
        raise UsageError(f"cannot write {_shown(path)}: {_reason(error)}") from None
    return True


def _reason(error: OSError) -> str:
    return error.strerror or errno.errorcode.get(error.errno or 0, str(error))


def _words(values: Sequence[str] | None) -> list[str]:
    return [" ".join(value.split()) for value in values or () if value.strip()]


def _new(args: argparse.Namespace) -> int:
    title = " ".join(_as_text("the title", args.title).split())
    if not title:
        raise UsageError("the title is empty")
    for option in ("category", "tag"):
        for value in getattr(args, option) or ():
            _as_text(f"a --{option}", value)
    _as_text("the location", args.location or "")
    settings_file = _settings_file(args.settings)
    if settings_file:
        settings, _ = _load_settings(settings_file, None)
    else:
        settings = DEFAULT_CONFIG
    folder = args.dir or (settings["PATH"] if settings_file else DEFAULT_CONTENT)
    if not os.path.isdir(folder):
        raise UsageError(f"no folder {folder}; create it or give --dir")
    slug = slug_of(title, settings)
    if not slug:
        raise UsageError(f"the title '{title}' gives no file name; use some letters")
    length, longest = len(os.fsencode(slug + OUTPUT_SUFFIX)), _name_max(folder)
    if length > longest:
        raise UsageError(
            f"the title makes a file name {slug[:20]}...{OUTPUT_SUFFIX} of {length} "
            f"bytes, longer than the {longest} a file name may have; shorten it"
        )
    text = front_matter(
        title,
        _today(settings),
        _words(args.category),
        _words(args.tag),
        " ".join((args.location or "").split()),
    )
    path = os.path.join(folder, f"{slug}.md")
    if not _write_new(path, text + "\n"):
        print(f"{_shown(path)} already exists; not overwriting it", file=sys.stderr)
        return 1
    print(_shown(path))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pelican-reflections",
        description="Check a Pelican site's YAML front matter; start a new post.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    settings_help = f"Pelican settings file (default: {DEFAULT_SETTINGS_FILE} if any)"
    folder_default = f"(default: the settings' PATH, else {DEFAULT_CONTENT})"

    check = commands.add_parser(
        "check",
        help="report every front-matter problem, one line each",
        description="Read every Markdown post as a build would; print each problem "
        "as path:line: error|warning: message, then a count. Exit 0 when clean, "
        "1 on errors, 2 on bad usage.",
    )
    check.add_argument(
        "content_dir",
        nargs="?",
        metavar="CONTENT_DIR",
        help=f"the content folder {folder_default}",
    )
    check.add_argument("-s", "--settings", metavar="FILE", help=settings_help)
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.set_defaults(run=_check)

    new = commands.add_parser(
        "new",
        help="write a new post and print its path",
        description="Write a post with the reference front-matter keys, today's date "
        "and a file name made from the title. Never overwrites a file.",
    )
    new.add_argument("title", metavar="TITLE")
    new.add_argument("--category", action="append", help="a category (repeatable)")
    new.add_argument("--tag", action="append", help="a tag (repeatable)")
    new.add_argument("--location", help="where it was written")
    new.add_argument(
        "--dir",
        help=f"the folder to write in {folder_default}",
    )
    new.add_argument("-s", "--settings", metavar="FILE", help=settings_help)
    new.set_defaults(run=_new)
    return parser


def _escape(error: UnicodeError) -> tuple[str | bytes, int]:
    """Encoding error handler: a file name's undecodable bytes as they were, any
    other character the stream cannot encode as a backslash escape."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    part = error.object[error.start : error.end]
    if all(0xDC80 <= ord(c) <= 0xDCFF for c in part):
        return bytes(ord(c) - 0xDC00 for c in part), error.end
    return codecs.backslashreplace_errors(error)


codecs.register_error(_ESCAPES, _escape)


def _never_fail_to_print() -> None:
    """Let stdout and stderr print any path or title (see ``_escape``)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=_ESCAPES)


def _quiet_pipe() -> int:
    """The reader of stdout is gone: say nothing more, and exit as on SIGPIPE."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's flush at exit fails silently
    except (OSError, ValueError, AttributeError):
        pass
    return EXIT_PIPE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    _never_fail_to_print()
    args = _parser().parse_args(argv)
    try:
        with warnings.catch_warnings():
            # unidecode warns on stderr about the bytes of a file name not UTF-8
            warnings.filterwarnings(
                "ignore", category=RuntimeWarning, module="unidecode"
            )
            code = args.run(args)
        sys.stdout.flush()
        return code
    except UsageError as error:
        print(f"pelican-reflections {args.command}: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return _quiet_pipe()
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
