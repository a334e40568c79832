"""Leftovers from earlier work on existing sites (#24, item 7).

Each test builds a small site with the real ``pelican`` command in a process of its
own, as a user runs it: pelican-jinja2content in either order in ``PLUGINS``, the
bundled theme without the plugin, and pelican-i18n-subsites with the bundled theme.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from helpers import pelican, write_files

BASE = """\
from pelican.plugins.reflections import theme_path
TIMEZONE = "UTC"
SITEURL = ""
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
LOAD_CONTENT_CACHE = False
"""

JINJA_POST = """
    ---
    title: A Jinja post
    date: 2024-01-01
    categories:
      - Alpha
      - Beta
    ---
    The answer is {{ 6 * 7 }}.
    """

BAD_DATE = "---\ntitle: Bad\ndate: 2024-02-30\n---\nLater {{ 1 + 1 }}.\n"


@pytest.mark.parametrize(
    "plugins",
    [["reflections", "jinja2content"], ["jinja2content", "reflections"]],
    ids=["reflections-first", "jinja2content-first"],
)
def test_jinja2content_and_yaml_front_matter_both_work_in_either_order(
    tmp_path: Path, plugins: list[str]
) -> None:
    """jinja2content's Jinja pass and this plugin's YAML header reading compose:
    neither switches the other off, whichever comes first in ``PLUGINS``."""
    write_files(tmp_path, {"content/post.md": JINJA_POST, "content/bad.md": BAD_DATE})
    build = pelican(tmp_path, BASE + f'THEME = "simple"\nPLUGINS = {plugins!r}\n')
    assert build.returncode == 0, build.log
    categories = sorted(p.name for p in (build.output / "category").iterdir())
    assert categories == ["alpha.html", "beta.html"], build.log
    page = (build.output / "a-jinja-post.html").read_text(encoding="utf-8")
    assert "The answer is 42." in page and "{{" not in page
    # Problems name the file Pelican read, not jinja2content's temporary copy.
    assert "bad.md:3: date:" in build.log, build.log
    assert not (build.output / "bad.html").exists()


def test_bundled_theme_without_the_plugin_stops_with_one_line(tmp_path: Path) -> None:
    """``THEME = theme_path()`` with PLUGINS lacking "reflections": one log line
    naming the fix and a non-zero exit, not a Jinja traceback."""
    write_files(tmp_path, {"content/post.md": JINJA_POST})
    settings = BASE + 'THEME = theme_path()\nPLUGINS = ["sitemap"]\n'
    build = pelican(tmp_path, settings + 'SITEURL = "https://example.org"\n')
    assert build.returncode != 0
    lines = build.log.strip().splitlines()
    assert len(lines) == 1, build.log
    assert 'add "reflections" to PLUGINS' in lines[0]
    assert "Traceback" not in build.log


def _stylesheets(output: Path) -> dict[str, list[str]]:
    """Every HTML page (relative path) and its stylesheet links."""
    return {
        str(page.relative_to(output)): [
            str(link.get("href"))
            for link in BeautifulSoup(page.read_text(), "html.parser").select(
                'link[rel="stylesheet"]'
            )
        ]
        for page in sorted(output.rglob("*.html"))
    }


def _resolves(output: Path, page: str, href: str) -> bool:
    """Whether ``href``, as a browser resolves it from ``page``, is a file."""
    path = urlsplit(href).path
    if not path.startswith("/"):
        path = posixpath.join("/", posixpath.dirname(page), path)
    return (output / posixpath.normpath(path).lstrip("/")).is_file()


def test_i18n_subsites_link_the_stylesheet_and_fall_back_to_english(
    tmp_path: Path,
) -> None:
    """Subsites of pelican-i18n-subsites link the theme's stylesheet, and a
    language with no catalogue in the theme shows it in English without an error."""
    post = (
        "---\ntitle: {title}\ndate: 2024-01-0{day}\nlang: {lang}\nslug: {slug}\n---\n"
        "Body.\n"
    )
    write_files(
        tmp_path,
        {
            "content/hello.md": post.format(title="Hello", day=1, lang="en", slug="hi"),
            "content/hola.md": post.format(title="Hola", day=1, lang="es", slug="hi"),
            "content/xx.md": post.format(title="Xx", day=1, lang="xx", slug="hi"),
            "content/solo.md": post.format(title="Solo", day=2, lang="es", slug="s"),
            "content/pages/about.md": "---\ntitle: Sobre\nlang: es\n---\nSobre.\n",
        },
    )
    settings = BASE + (
        "THEME = theme_path()\n"
        'PLUGINS = ["reflections", "i18n_subsites"]\n'
        'DEFAULT_LANG = "en"\n'
        # As i18n_subsites' documentation asks, for the theme's translations.
        'JINJA_ENVIRONMENT = {"extensions": ["jinja2.ext.i18n"]}\n'
        'I18N_SUBSITES = {"es": {"SITENAME": "Sitio"}, "xx": {"SITENAME": "Xx"}}\n'
    )
    build = pelican(tmp_path, settings)
    assert build.returncode == 0, build.log
    assert "ERROR" not in build.log and "Traceback" not in build.log, build.log
    pages = _stylesheets(build.output)
    assert {"es/index.html", "es/pages/sobre.html", "xx/index.html"} <= set(pages)
    unresolved = {
        page: hrefs
        for page, hrefs in pages.items()
        if not hrefs or not all(_resolves(build.output, page, h) for h in hrefs)
    }
    assert not unresolved, unresolved
    assert "Skip to content" in (build.output / "xx/index.html").read_text()
