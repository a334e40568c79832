"""Keep the theme's catalogues in step with its templates (``make translations``).

    python theme/translations/update.py             # extract, update, compile, check
    python theme/translations/update.py --init eo   # start a catalogue for Esperanto

Extracts every string of ``templates/`` with Babel's Jinja extractor into
``messages.pot``, merges it into each ``<lang>/LC_MESSAGES/messages.po`` (a new
string arrives untranslated, a string gone from the templates is dropped), compiles
each ``.po`` to ``.mo`` and lists what is left to translate (exit status 1 then).
Needs Babel (a dependency of pelican-reflections). Works on a copy of the theme too:
it reads the templates beside this folder.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE.parent / "templates"
POT = HERE / "messages.pot"
METHOD_MAP = [("**.html", "jinja2.ext:babel_extract")]
OPTIONS = {"**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true"}}
_DATES = (b'"POT-Creation-Date:', b'"PO-Revision-Date:')
BUGS = "https://github.com/pelican-reflections/pelican-reflections/issues"
HEADER = """\
# Strings of the pelican-reflections theme. English is the source language.
# After changing a template: python theme/translations/update.py
# A new language: python theme/translations/update.py --init LANG"""


def extract(templates: Path = TEMPLATES) -> Catalog:
    """Every gettext string of the templates (plurals as (singular, plural))."""
    catalog = Catalog(
        project="pelican-reflections",
        header_comment=HEADER,
        msgid_bugs_address=BUGS,
        copyright_holder="pelican-reflections contributors",
        fuzzy=False,
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        str(templates), METHOD_MAP, OPTIONS, strip_comment_tags=True
    ):
        catalog.add(
            message,
            None,
            [(filename, lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def _render(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=88, include_lineno=False, ignore_obsolete=True)
    return out.getvalue()


def _write(path: Path, catalog: Catalog) -> bool:
    """Write ``catalog`` unless only its dates changed; whether it was written."""
    text = _render(catalog)

    def body(data: bytes) -> list[bytes]:
        return [line for line in data.splitlines() if not line.startswith(_DATES)]

    if path.exists() and body(path.read_bytes()) == body(text):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text)
    return True


def languages() -> list[Path]:
    """The ``.po`` files, one per language."""
    return sorted(HERE.glob("*/LC_MESSAGES/messages.po"))


def read(po: Path) -> Catalog:
    with po.open("rb") as handle:
        return read_po(handle, locale=po.parent.parent.name)


def update(template: Catalog, po: Path) -> Catalog:
    """Merge the template into one language's catalogue and compile it."""
    catalog = read(po)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()
    if _write(po, catalog):
        print(f"updated {po.relative_to(HERE)}")
    with po.with_suffix(".mo").open("wb") as mo:
        write_mo(mo, catalog, use_fuzzy=False)
    return catalog


def missing(catalog: Catalog) -> list[str]:
    """The strings of ``catalog`` not (fully) translated, fuzzy or failing Babel's
    checks (placeholders as in the English)."""
    found = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        strings = (
            message.string if isinstance(message.string, tuple) else (message.string,)
        )
        if message.fuzzy or not all(strings):
            found.append(key)
        elif isinstance(message.id, tuple) and len(strings) != catalog.num_plurals:
            found.append(f"{key} ({catalog.num_plurals} plural forms)")
        elif list(message.check(catalog)):
            found.append(f"{key} (placeholders)")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--init", metavar="LANG", help="start a catalogue for LANG")
    args = parser.parse_args(argv)
    template = extract()
    if _write(POT, template):
        print(f"updated {POT.relative_to(HERE)}")
    if args.init:
        po = HERE / args.init / "LC_MESSAGES" / "messages.po"
        if po.exists():
            parser.error(f"{po} exists")
        new = Catalog(
            locale=args.init,
            project="pelican-reflections",
            header_comment=HEADER,
            msgid_bugs_address=BUGS,
            fuzzy=False,
        )
        _write(po, new)
    status = 0
    for po in languages():
        left = missing(update(template, po))
        if left:
            status = 1
            print(f"{po.parent.parent.name}: {len(left)} to translate: {left}")
    return status


if __name__ == "__main__":
    sys.exit(main())
