"""The theme's translations: ``.po`` catalogues compiled to ``.mo`` and loaded.

The theme ships ``translations/<lang>/LC_MESSAGES/messages.po``. A wheel carries
them compiled (``hatch_build.py``); a source checkout, an editable install or a
site's copy of the theme has them compiled here at first use, when a ``.mo`` is
missing or older than its ``.po``, so gettext, pelican-i18n-subsites and Pelican
all find them where they look. ``translations_for()`` gives one language's
catalogue, the site's own theme first and the bundled one behind it, English (no
translation) when neither has the language.
"""

from __future__ import annotations

import functools
import gettext
import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["DOMAIN", "compile_catalogues", "gettext_languages", "translations_for"]

logger = logging.getLogger(__name__)

DOMAIN = "messages"


def _stale(po: Path, mo: Path) -> bool:
    try:
        return mo.stat().st_mtime < po.stat().st_mtime
    except FileNotFoundError:
        return True


def _compile(po: Path, mo: Path) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalog = read_po(source, locale=po.parent.parent.name, domain=DOMAIN)
    handle, temporary = tempfile.mkstemp(dir=mo.parent, suffix=".mo~")
    try:
        with os.fdopen(handle, "wb") as target:
            write_mo(target, catalog, use_fuzzy=False)
        os.replace(temporary, mo)  # another process may be compiling it too
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def compile_catalogues(localedir: str | os.PathLike[str]) -> list[Path]:
    """Compile each ``<lang>/LC_MESSAGES/messages.po`` under ``localedir`` whose
    ``.mo`` is missing or older; the ``.mo`` files written.

    A folder that cannot be written (an installed wheel, which carries its own
    ``.mo`` files) is left as it is.
    """
    written = []
    for po in sorted(Path(localedir).glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = po.with_suffix(".mo")
        if not _stale(po, mo):
            continue
        try:
            _compile(po, mo)
        except OSError as error:
            logger.debug("reflections: cannot compile %s: %s", po, error)
            continue
        written.append(mo)
    return written


def gettext_languages(lang: str) -> list[str]:
    """The names gettext looks a catalogue up by for a language code: ``pt-BR``
    is ``pt_BR`` (and gettext then tries ``pt``)."""
    return [lang.replace("-", "_")] if lang else []


@functools.lru_cache(maxsize=256)
def _translations(
    localedirs: tuple[str, ...], lang: str
) -> gettext.NullTranslations | None:
    found: gettext.NullTranslations | None = None
    for localedir in reversed(localedirs):  # the bundled theme last: the fallback
        path = gettext.find(DOMAIN, localedir, gettext_languages(lang))
        if path is None:
            continue
        with open(path, "rb") as mo:  # not gettext.translation(): it caches by path
            catalogue = gettext.GNUTranslations(mo)
        if found is not None:
            catalogue.add_fallback(found)
        found = catalogue
    return found


def translations_for(
    localedirs: Iterable[str | os.PathLike[str]], lang: str
) -> gettext.NullTranslations:
    """``lang``'s catalogue from the first of ``localedirs`` that has it, each
    string missing there looked up in the next; English (null) when none has it."""
    dirs = tuple(dict.fromkeys(str(d) for d in localedirs))
    return _translations(dirs, lang) or gettext.NullTranslations()


def clear_cache() -> None:
    """Forget the catalogues loaded (a new build may have recompiled them)."""
    _translations.cache_clear()
