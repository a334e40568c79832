"""The theme's strings go through gettext: the catalogue template, and a catalogue used.

Regenerate the template after changing a string: ``make translations``
(``theme/translations/update.py``, which writes it with Babel).
"""

from __future__ import annotations

import shutil
import struct
from collections.abc import Iterator
from pathlib import Path

from babel.messages.pofile import read_po
from jinja2.ext import babel_extract
from pelican.plugins.reflections import theme_path

TEMPLATES = Path(theme_path()) / "templates"
POT = Path(theme_path()) / "translations" / "messages.pot"
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true"}

Message = str | tuple[str, str]


def extract() -> dict[Message, list[str]]:
    """Every gettext message in the templates, with the files that use it."""
    found: dict[Message, list[str]] = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        with path.open("rb") as handle:
            for _line, _func, message, _ in babel_extract(
                handle, ["_", "gettext", "ngettext"], [], JINJA_OPTIONS
            ):
                key = message if isinstance(message, str) else tuple(message[:2])
                where = path.relative_to(TEMPLATES).as_posix()
                places = found.setdefault(key, [])
                if where not in places:
                    places.append(where)
    return found


def write_mo(path: Path, catalogue: dict[str, str]) -> None:
    """Compile ``catalogue`` (msgid -> msgstr, "" for the header) into a .mo file."""
    keys = sorted(catalogue)
    ids = b"".join(k.encode() + b"\0" for k in keys)
    strs = b"".join(catalogue[k].encode() + b"\0" for k in keys)
    start = 7 * 4 + 16 * len(keys)
    offsets: list[int] = []
    cursor = 0
    for k in keys:
        offsets += [len(k.encode()), start + cursor]
        cursor += len(k.encode()) + 1
    cursor = 0
    for k in keys:
        offsets += [len(catalogue[k].encode()), start + len(ids) + cursor]
        cursor += len(catalogue[k].encode()) + 1
    header = struct.pack(
        "<7I", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + struct.pack(f"<{len(offsets)}I", *offsets) + ids + strs)


def _walk_messages() -> Iterator[str]:
    for message in extract():
        yield message if isinstance(message, str) else message[0]


def test_catalogue_template_lists_every_template_string():
    with POT.open("rb") as handle:
        listed = [
            m.id if isinstance(m.id, str) else tuple(m.id[:2])
            for m in read_po(handle)
            if m.id
        ]
    assert sorted(map(repr, listed)) == sorted(map(repr, extract())), (
        "theme/translations/messages.pot is stale: run make translations"
    )


def test_strings_name_their_placeholders():
    for message in _walk_messages():
        assert "%s" not in message and "%d" not in message, message


def test_a_catalogue_in_the_theme_translates_the_pages(build_site, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(theme_path(), theme)
    write_mo(
        theme / "translations" / "fr" / "LC_MESSAGES" / "messages.mo",
        {
            "": "Content-Type: text/plain; charset=UTF-8\n",
            "Skip to content": "Aller au contenu",
            "Archives": "Archives du site",
            "Updated %(date)s": "Mis à jour le %(date)s",
        },
    )
    post = (
        "---\ntitle: Un\ndate: 2024-01-01\nupdatedDate: 2024-02-01\n"
        "updateDescription: Une note.\ncategories:\n  - Travail\n---\nCorps.\n"
    )
    site = build_site({"un.md": post}, THEME=str(theme), DEFAULT_LANG="fr")
    soup = site.html("un.html")
    assert soup.find(class_="skip-link").get_text() == "Aller au contenu"
    assert "Archives du site" in [a.get_text() for a in soup.select(".site-nav a")]
    title = soup.find(id="updates-title")
    assert title.get_text().startswith("Mis à jour le ")
    assert title.find("time")["datetime"].startswith("2024-02-01T")
    # Not in the site's .mo: the bundled French catalogue behind it has it.
    assert soup.find(class_="reading-time").get_text() == "1 min de lecture"
