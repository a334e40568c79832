"""The shipped catalogues: every template string translated in every language, with
each language's plural forms, and picked by DEFAULT_LANG and by i18n-subsites.

After changing a template: ``make translations`` (theme/translations/update.py).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from helpers import pelican, post, write_files
from jinja2.ext import babel_extract
from pelican.plugins.reflections import theme_path

THEME = Path(theme_path())
TEMPLATES = THEME / "templates"
TRANSLATIONS = THEME / "translations"
REQUIRED = {"de", "fr", "es", "it", "pt", "nl", "pl", "ru", "ja", "zh", "ar"}
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true"}

Key = str | tuple[str, str]
# Pelican warns about feeds without a site URL: give one, so any warning is ours.
SITE = {"SITEURL": "https://example.org"}


def template_strings() -> dict[Key, str]:
    """Every gettext string of the templates (plurals as a pair), with a file."""
    found: dict[Key, str] = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        with path.open("rb") as handle:
            for _line, _func, message, _ in babel_extract(
                handle, ["_", "gettext", "ngettext"], [], JINJA_OPTIONS
            ):
                key = message if isinstance(message, str) else tuple(message[:2])
                found.setdefault(key, path.relative_to(TEMPLATES).as_posix())
    return found


def catalogues() -> dict[str, Catalog]:
    found = {}
    for po in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        lang = po.parent.parent.name
        with po.open("rb") as handle:
            found[lang] = read_po(handle, locale=lang)
    return found


def _key(message_id: str | tuple[str, ...]) -> Key:
    return message_id if isinstance(message_id, str) else tuple(message_id[:2])


def test_at_least_twelve_languages_are_shipped():
    langs = set(catalogues())
    assert langs >= REQUIRED, REQUIRED - langs
    assert len(langs) >= 12, sorted(langs)


@pytest.mark.parametrize("lang", sorted(catalogues()))
def test_every_template_string_is_translated(lang):
    catalog = catalogues()[lang]
    strings = template_strings()
    problems = []
    for key, where in strings.items():
        message = catalog.get(key if isinstance(key, str) else key[0])
        if message is None or _key(message.id) != key:
            problems.append(f"missing ({where}): {key!r}")
            continue
        texts = (
            message.string if isinstance(message.string, tuple) else (message.string,)
        )
        if message.fuzzy:
            problems.append(f"fuzzy: {key!r}")
        if not all(text.strip() for text in texts):
            problems.append(f"empty: {key!r}")
        if isinstance(key, tuple) and len(texts) != catalog.num_plurals:
            problems.append(f"{len(texts)} plural forms, not {catalog.num_plurals}")
        problems += [f"{key!r}: {error}" for error in message.check(catalog)]
    stale = [m.id for m in catalog if m.id and _key(m.id) not in strings]
    problems += [f"stale (in no template): {key!r}" for key in stale]
    assert not problems, f"{lang}: run make translations, then translate\n" + "\n".join(
        problems
    )


def test_each_catalogue_declares_its_languages_plural_forms():
    for lang, catalog in catalogues().items():
        expected = Catalog(locale=lang)
        assert catalog.num_plurals == expected.num_plurals, lang
        assert catalog.plural_expr == expected.plural_expr, lang


def _long_post(title: str, date: str, words: int) -> str:
    return post(title, date, "Work").replace(
        f"The body of {title}.", " ".join(["word"] * words)
    )


def test_russian_site_is_in_russian_with_its_three_plural_forms(build_site):
    site = build_site(
        {
            "one.md": _long_post("One", "2024-01-01", 100),
            "two.md": _long_post("Two", "2024-01-02", 400),
            "five.md": _long_post("Five", "2024-01-03", 1000),
        },
        DEFAULT_LANG="ru",
        **SITE,
    )
    assert site.messages() == [], site.messages()
    times = {
        slug: site.html(f"{slug}.html").find(class_="reading-time").get_text()
        for slug in ("one", "two", "five")
    }
    assert times == {
        "one": "1 минута чтения",
        "two": "2 минуты чтения",
        "five": "5 минут чтения",
    }
    page = site.html("one.html")
    assert page.find(class_="skip-link").get_text() == "Перейти к содержимому"
    assert page.find("html")["lang"] == "ru"
    archives = site.html("archives.html")
    assert archives.find("h1").get_text() == "Архив"
    assert archives.find(class_="count").get_text() == "3 записи"


def test_polish_and_arabic_counts_use_their_plural_forms(build_site):
    posts = {f"p{i}.md": post(f"P{i}", f"2024-01-{i:02d}", "Work") for i in (1, 2)}
    polish = build_site(posts, DEFAULT_LANG="pl")
    assert polish.html("archives.html").find(class_="count").get_text() == "2 wpisy"
    arabic = build_site(posts, DEFAULT_LANG="ar")
    assert arabic.html("archives.html").find(class_="count").get_text() == "تدوينتان"


def test_a_language_without_a_catalogue_is_english_and_quiet(build_site):
    site = build_site(
        {"one.md": post("One", "2024-01-01", "Work")}, DEFAULT_LANG="eo", **SITE
    )
    assert site.messages() == []
    page = site.html("one.html")
    assert page.find(class_="skip-link").get_text() == "Skip to content"
    assert page.find(class_="reading-time").get_text() == "1 min read"


def test_a_copy_of_the_theme_compiles_its_catalogues_at_first_use(build_site, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(THEME, theme, ignore=shutil.ignore_patterns("*.mo"))
    assert not list(theme.rglob("*.mo"))
    site = build_site(
        {"one.md": post("One", "2024-01-01", "Work")}, THEME=str(theme), **SITE
    )
    assert site.messages() == []
    assert len(list(theme.rglob("*.mo"))) == len(catalogues())
    de = build_site(
        {"one.md": post("Eins", "2024-01-01", "Arbeit")},
        THEME=str(theme),
        DEFAULT_LANG="de",
    )
    assert de.html("eins.html").find(class_="skip-link").get_text() == (
        "Zum Inhalt springen"
    )


SUBSITES = """
from pelican.plugins.reflections import theme_path
PLUGINS = ["reflections", "i18n_subsites"]
THEME = theme_path()
SITENAME = "Site"
TIMEZONE = "UTC"
DEFAULT_LANG = "{main}"
JINJA_ENVIRONMENT = {{"extensions": ["jinja2.ext.i18n"]}}
I18N_SUBSITES = {{{subsites}}}
"""


def _subsite_posts(site: Path) -> None:
    write_files(
        site / "content",
        {
            "en.md": post("One", "2024-01-01", "Work", slug="one", lang="en"),
            "es.md": post("Uno", "2024-01-01", "Trabajo", slug="one", lang="es"),
            "ja.md": post("一つ", "2024-01-01", "仕事", slug="one", lang="ja"),
        },
    )


def _skip_link(built, relative: str) -> str:
    return built.html(relative).find(class_="skip-link").get_text()


def test_i18n_subsites_get_their_catalogues_without_an_error(tmp_path):
    _subsite_posts(tmp_path)
    built = pelican(
        tmp_path,
        SUBSITES.format(main="en", subsites='"es": {}, "ja": {}'),
    )
    assert built.returncode == 0, built.log
    assert "ERROR" not in built.log and "Traceback" not in built.log, built.log
    assert _skip_link(built, "one.html") == "Skip to content"
    assert _skip_link(built, "es/one.html") == "Saltar al contenido"
    assert _skip_link(built, "ja/one.html") == "本文へスキップ"
    assert built.text("es/one.html", ".reading-time") == "1 min de lectura"
    assert built.text("ja/one.html", ".reading-time") == "1分で読めます"


def test_i18n_subsites_main_site_in_another_language_keeps_english_subsite(tmp_path):
    # i18n-subsites takes the templates to be in the main site's language unless
    # told (I18N_TEMPLATES_LANG): this theme's are English.
    _subsite_posts(tmp_path)
    built = pelican(tmp_path, SUBSITES.format(main="es", subsites='"en": {}, "ja": {}'))
    assert built.returncode == 0, built.log
    assert "ERROR" not in built.log, built.log
    assert _skip_link(built, "one.html") == "Saltar al contenido"
    assert _skip_link(built, "en/one.html") == "Skip to content"


@pytest.mark.slow  # builds a wheel (about 30 s)
def test_the_wheel_carries_every_catalogue_compiled(tmp_path):
    source = tmp_path / "source"
    root = THEME.parent
    shutil.copytree(
        root,
        source,
        ignore=shutil.ignore_patterns(
            ".venv*", "node_modules", "output", "build", "dist", "*.mo", ".git"
        ),
    )
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path), "."],
        cwd=source,
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    prefix = "pelican/plugins/reflections/theme/translations/"
    for lang in catalogues():
        assert f"{prefix}{lang}/LC_MESSAGES/messages.mo" in names, lang
        assert f"{prefix}{lang}/LC_MESSAGES/messages.po" in names, lang
