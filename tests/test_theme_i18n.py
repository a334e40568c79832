"""The theme's strings go through gettext: the catalogue template, and a catalogue used.

Regenerate the template after changing a string: ``python tests/test_theme_i18n.py``.
"""

from __future__ import annotations

import shutil
import struct
from collections.abc import Iterator
from pathlib import Path

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


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_pot(messages: dict[Message, list[str]]) -> str:
    """The messages as a gettext catalogue template (.pot)."""
    lines = [
        "# Strings of the pelican-reflections theme. English is the source language.",
        "# Copy to <lang>/LC_MESSAGES/messages.po, translate, compile to messages.mo.",
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        "",
    ]
    for message, places in messages.items():
        lines.append("#: " + " ".join(places))
        if "%(" in (message if isinstance(message, str) else message[0]):
            lines.append("#, python-format")
        if isinstance(message, str):
            lines += [f"msgid {_quote(message)}", 'msgstr ""', ""]
        else:
            lines += [
                f"msgid {_quote(message[0])}",
                f"msgid_plural {_quote(message[1])}",
                'msgstr[0] ""',
                'msgstr[1] ""',
                "",
            ]
    return "\n".join(lines)


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
    assert POT.read_text(encoding="utf-8") == render_pot(extract()), (
        "theme/translations/messages.pot is stale: run python tests/test_theme_i18n.py"
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
    assert soup.find(class_="reading-time").get_text() == "1 min read"  # not in .mo


if __name__ == "__main__":
    POT.parent.mkdir(parents=True, exist_ok=True)
    POT.write_text(render_pot(extract()), encoding="utf-8")
    print(f"wrote {POT}")
