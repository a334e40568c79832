"""``pelican-reflections check|new``: check a site's front matter, start a new post.

``check`` prints every problem as ``path:line: error|warning: message`` (the form
editors and CI read) and a count; it exits 0 when clean, 1 on errors (and on
warnings with ``--strict``), 2 on bad usage. ``new`` (``new_post``) writes a post
with the reference post's front-matter keys and prints its path.

Settings come from ``-s FILE``, else from ``pelicanconf.py`` in the current folder
when there is one (as ``pelican`` does), else from Pelican's defaults (``usage``).

No traceback reaches the user: bad input is a usage error (one line on stderr,
exit 2) or a finding; a closed pipe ends the run quietly (exit 141, as a shell
reports SIGPIPE) and Ctrl-C with exit 130. Text that the terminal's encoding
cannot show is escaped, and file names that are not UTF-8 keep their bytes.
"""

from __future__ import annotations

import argparse
import codecs
import os
import sys
import warnings
from collections.abc import Sequence

from .check import check_site
from .new_post import front_matter as front_matter  # re-exported for callers
from .new_post import new_post
from .usage import (
    DEFAULT_CONTENT,
    DEFAULT_SETTINGS_FILE,
    UsageError,
    load_settings,
    settings_path,
    shown,
)

__all__ = ["main"]

# Exit statuses of a run cut short, as a shell reports them.
EXIT_PIPE, EXIT_INTERRUPTED = 141, 130
_ESCAPES = "pelican-reflections-escape"


def _check(args: argparse.Namespace) -> int:
    settings_file = settings_path(args.settings)
    settings, records = load_settings(settings_file, args.content_dir)
    problems, files = check_site(settings, settings_file, records, shown)
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
    new.set_defaults(run=new_post)
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
