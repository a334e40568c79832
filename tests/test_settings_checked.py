"""Settings checked by a CSS parser (#26 item 7), with the real ``pelican``."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import write_files
from test_existing_sites import BASE, pelican, stock_articles

THEMED = BASE + (
    'PLUGINS = ["reflections"]\n'
    "from pelican.plugins.reflections import theme_path\nTHEME = theme_path()\n"
)


@pytest.mark.parametrize(
    ("colour", "accepted"),
    [
        ("banana", False),
        ("red}</style><x-evil>", False),
        ("url(https://example.org/x)", False),
        ("var(x)", False),
        ("#7a3e9d", True),
        ("oklch(70% 0.1 200)", True),
        ("var(--brand)", True),
        ("color-mix(in srgb, teal 60%, white)", True),
    ],
)
def test_the_accent_colour_is_a_css_colour_or_refused_by_name(
    tmp_path: Path, colour: str, accepted: bool
) -> None:
    write_files(tmp_path, stock_articles(1))
    built = pelican(tmp_path, THEMED + f"REFLECTIONS_ACCENT_COLOR = {colour!r}\n")
    assert built.returncode == 0, built.log
    page = built.html("index.html").decode()
    log = " ".join(built.log.split())
    if accepted:
        assert f"--accent: {colour};" in page
        assert "REFLECTIONS_ACCENT_COLOR" not in log
    else:
        assert "--accent:" not in page and "x-evil" not in page
        assert "Setting REFLECTIONS_ACCENT_COLOR must be a CSS colour" in log


def test_feed_titles_are_the_titles_the_page_shows(tmp_path: Path) -> None:
    """#26 item 6: a title with markup-like text reads the same in Atom and RSS
    as on its page (Pelican's feed writer strips tags and entities)."""
    import feedparser

    title = "Why I use <details> & &amp;"
    write_files(
        tmp_path,
        {
            "content/details.md": (
                f"---\ntitle: '{title}'\ndate: 2024-03-01\nslug: details\n---\nBody.\n"
            ),
        },
    )
    settings = THEMED + 'FEED_ALL_RSS = "feeds/all.rss.xml"\n'
    built = pelican(tmp_path, settings)
    assert built.returncode == 0, built.log
    shown = built.html("details.html").select_one("h1").get_text()
    assert shown == title
    for feed in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        parsed = feedparser.parse((built.output / feed).read_bytes())
        assert [entry.title for entry in parsed.entries] == [title], feed


def test_a_copy_of_the_theme_keeps_escaping_on(tmp_path: Path) -> None:
    """#30 item 4: a site that copies the bundled theme to customise it
    (``THEME = "mytheme"``) still has every front-matter text escaped."""
    import shutil

    from pelican.plugins.reflections import theme_path

    shutil.copytree(theme_path(), tmp_path / "mytheme")
    write_files(
        tmp_path,
        {
            "content/evil.md": (
                "---\ntitle: '<script>alert(1)</script> Evil'\ndate: 2024-03-01\n"
                "location: <b>Bold</b>\n---\nBody.\n"
            ),
        },
    )
    settings = BASE + 'PLUGINS = ["reflections"]\nTHEME = "mytheme"\n'
    built = pelican(tmp_path, settings)
    assert built.returncode == 0, built.log
    [name] = [p.name for p in built.output.glob("*evil*.html")]
    page = built.html(name)
    assert not page.select("script:not([type])") and not page.select("b")
    assert "<script>alert(1)</script> Evil" in page.select_one("h1").get_text()
