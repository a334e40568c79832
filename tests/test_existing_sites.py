"""Adding the plugin to a site that builds never breaks it (#24).

Each test builds a small site shaped like a real one with the real ``pelican``
command, in a process of its own, as a user runs it: stock Pelican first where the
promise is "as stock Pelican does", then with ``"reflections"`` added to
``PLUGINS`` and nothing else changed.
"""

from __future__ import annotations

import pickle
import textwrap
from pathlib import Path

from helpers import Build, pelican, write_files

__all__ = ["BASE", "Build", "pelican", "stock_articles"]


def stock_articles(n: int) -> dict[str, str]:
    """``n`` posts with stock Pelican headers, as most existing sites have."""
    return {
        f"content/post-{i:03}.md": f"""
            Title: Post {i}
            Date: 2024-{1 + i % 12:02}-{1 + i % 27:02} 10:00
            Category: {"Notes" if i % 2 else "Essays"}
            Tags: t{i % 4}

            The body of post {i}, with [a link](https://example.org/{i}).
            """
        for i in range(n)
    }


ABOUT = {
    "content/pages/about.md": """
        Title: About

        Who writes here.
        """,
    # Pages are shared out in cycles of eleven: one of these is a child's slot,
    # whatever the number of article pages before them.
    **{
        f"content/pages/page-{n}.md": f"Title: Page {n}\n\nPage {n}.\n"
        for n in range(10)
    },
}

BASE = textwrap.dedent("""
    import datetime
    from decimal import Decimal
    from pathlib import Path
    THEME = "simple"
    TIMEZONE = "UTC"
    SITEURL = ""
    FEED_DOMAIN = "https://example.org"
    LOAD_CONTENT_CACHE = False
""")


def test_45_articles_and_an_about_page_build_with_forked_rendering(
    tmp_path: Path,
) -> None:
    """Item 1: the pages after the articles are the build's own once the children
    are done (it waited on a finished child: ``KeyError: 1``)."""
    write_files(tmp_path, {**stock_articles(45), **ABOUT})
    ours = BASE + 'PLUGINS = ["reflections"]\n'
    shared = pelican(tmp_path, ours + "REFLECTIONS_WORKERS = 2\n", "shared")
    assert shared.returncode == 0, shared.log
    assert "Processed 45 articles" in shared.log and "11 pages" in shared.log
    serial = pelican(tmp_path, ours + "REFLECTIONS_WORKERS = 1\n", "one")
    assert serial.returncode == 0, serial.log
    assert shared.files() == serial.files()
    assert "Who writes here." in shared.text("pages/about.html")


def test_dates_and_other_values_in_settings_and_context_never_crash(
    tmp_path: Path,
) -> None:
    """Item 2: every value the digests meet is digested or makes the plugin render
    again: dates in ``pelicanconf.py``, values a plugin puts in the context."""
    write_files(
        tmp_path,
        {
            **stock_articles(45),
            **ABOUT,
            "plugins/data_dates.py": """
                import dataclasses, datetime, enum
                from decimal import Decimal
                from pathlib import PurePosixPath
                from pelican import signals

                class Colour(enum.Enum):
                    RED = 1

                @dataclasses.dataclass
                class Event:
                    name: str
                    on: datetime.date

                class Slotted:
                    __slots__ = ("when",)
                    def __init__(self):
                        self.when = datetime.time(9, 30)

                class Fussy:
                    @property
                    def __dict__(self):
                        raise RuntimeError("not for you")

                def add(generator):
                    generator.context["EVENTS"] = [
                        Event("launch", datetime.date(2024, 5, 1)),
                        {"at": datetime.time(8), "price": Decimal("1.50")},
                    ]
                    generator.context["data_values"] = (
                        {1, 2}, frozenset({"a"}), b"raw", PurePosixPath("a/b"),
                        Colour.RED, Slotted(), Fussy(),
                    )

                def register():
                    signals.generator_init.connect(add)
                """,
            "templates/index.html": """
                {% extends "!simple/index.html" %}
                {% block content %}{{ LAUNCHED }} {{ EVENTS[0].on }}
                {{ data_values|length }}{{ super() }}{% endblock %}
                """,
        },
    )
    settings = BASE + textwrap.dedent(
        """
        LAUNCHED = datetime.date(2024, 5, 1)
        OPENS = datetime.time(9, 0)
        PRICE = Decimal("2.50")
        KINDS = {"essay", "note"}
        HOME = Path("/srv/site")
        PLUGIN_PATHS = ["plugins"]
        THEME_TEMPLATES_OVERRIDES = ["templates"]
        CACHE_CONTENT = True
        CACHE_PATH = "cache-%s"
        """
    )
    builds = {}
    ours = "PLUGINS = ['data_dates', 'reflections']\n"
    for name, extra in (
        ("plain", "PLUGINS = ['data_dates']\n"),
        ("shared", ours + "REFLECTIONS_WORKERS = 2\n"),
        ("one", ours + "REFLECTIONS_WORKERS = 1\n"),
    ):
        for round_ in ("cold", "again"):
            build = pelican(tmp_path, settings % name + extra, name)
            assert build.returncode == 0, f"{name} {round_}:\n{build.log}"
            assert "Traceback" not in build.log and "ERROR" not in build.log
            builds[name] = build
    assert "2024-05-01 2024-05-01" in builds["shared"].text("index.html")
    assert builds["shared"].files() == builds["one"].files()


FENCED = {
    # Python-Markdown's meta syntax, which Pelican reads: '---' fences around
    # 'key: value' lines that YAML cannot read (a second colon).
    "content/raspando.md": """
        ---
        title: Raspando a Web com Python: Introdução
        date: 2024-01-02 10:00
        category: Python
        tags: web, scraping
        ---
        O corpo do **post**.
        """,
    # No closing fence: the header ends at the first blank line, as for Pelican.
    "content/unclosed.md": """
        ---
        Title: Notes: a beginning
        Date: 2024-01-03

        The body of the notes.
        """,
    # A YAML header ended by '...', YAML's end-of-document line.
    "content/dotted.md": """
        ---
        title: Dotted
        date: 2024-01-04
        categories:
          - Essays
          - Notes
        ...
        The body of dotted.
        """,
}


def test_fenced_pelican_headers_yaml_cannot_read_are_published_as_pelican_does(
    tmp_path: Path,
) -> None:
    """Item 3: a ``---`` header of Pelican ``key: value`` lines that YAML cannot
    read is published as stock Pelican publishes it, with one warning naming file,
    line and field; ``--fatal warnings`` still fails the build."""
    write_files(tmp_path, FENCED)
    stock = pelican(tmp_path, BASE + "PLUGINS = []\n", "stock")
    ours = pelican(tmp_path, BASE + 'PLUGINS = ["reflections"]\n', "ours")
    assert stock.returncode == 0 and ours.returncode == 0, ours.log
    articles = {"raspando-a-web-com-python-introducao.html", "notes-a-beginning.html"}
    for name in articles:  # the menu has the YAML post's categories too
        assert ours.text(name, "article") == stock.text(name, "article") != ""
    assert ours.exists_all([*articles, "dotted.html", "category/python.html"])
    assert "raspando.md:2: title: invalid YAML" in ours.log
    assert "unclosed.md:1: the front matter has no closing" in ours.log
    assert ours.log.count("read as a Pelican header") == 2
    # The '...' header is YAML: read whole, its list of categories included.
    dotted = ours.text("dotted.html")
    assert "The body of dotted." in dotted and "categories" not in dotted
    assert ours.exists_all(["category/essays.html", "category/notes.html"])
    fatal = pelican(
        tmp_path, BASE + 'PLUGINS = ["reflections"]\n', "fatal", "--fatal", "warnings"
    )
    assert fatal.returncode != 0


def test_a_header_that_is_yaml_and_broken_is_still_held_back(tmp_path: Path) -> None:
    """Item 3's bound: a header with YAML's own structure (a list) that YAML cannot
    read is not Pelican's either: held back with an error, never half-published."""
    write_files(
        tmp_path,
        {
            "content/broken.md": """
                ---
                title: Broken
                tags:
                  - a
                summary: one: two
                ---
                Body.
                """,
            **stock_articles(1),
        },
    )
    ours = pelican(tmp_path, BASE + 'PLUGINS = ["reflections"]\n', "ours")
    assert ours.returncode == 0
    assert "broken.md:5: summary: invalid YAML" in ours.log and "ERROR" in ours.log
    assert not ours.exists_all(["broken.html"])


def test_default_date_fs_shows_no_update_the_author_did_not_write(
    tmp_path: Path,
) -> None:
    """Item 4: with ``DEFAULT_DATE = "fs"`` Pelican sets ``modified`` to each
    file's mtime; the theme says "Updated" only where the author wrote an update."""
    write_files(
        tmp_path,
        {
            "content/dated.md": "Title: Dated\nDate: 2020-01-02\n\nOld words.\n",
            "content/undated.md": "Title: Undated\n\nNo date at all.\n",
            "content/stock-modified.md": (
                "Title: Revised\nDate: 2020-01-02\nModified: 2021-03-04\n\nBody.\n"
            ),
            "content/yaml-update.md": (
                "---\ntitle: Noted\ndate: 2020-01-02\nupdatedDate: 2022-05-06\n"
                "updateDescription: A note.\n---\nBody.\n"
            ),
        },
    )
    settings = (
        BASE
        + 'PLUGINS = ["reflections"]\nDEFAULT_DATE = "fs"\n'
        + "from pelican.plugins.reflections import theme_path\nTHEME = theme_path()\n"
    )
    built = pelican(tmp_path, settings)
    assert built.returncode == 0, built.log
    for name in ("dated.html", "undated.html"):
        byline = built.text(name, ".byline")
        assert byline and "Updated" not in byline, byline
        assert "article:modified_time" not in built.html(name).decode()
        assert '"dateModified"' in built.html(name).decode()  # the published date
    assert "Updated Thu 04 March 2021" in built.text("revised.html", ".byline")
    assert "2022" in built.text("noted.html", ".update-note .update-title")
    # On the home page too: the two posts with an update, and only those.
    assert built.text("index.html", "main").count("Updated") == 2


def test_forked_rendering_steps_aside_with_one_info_line_naming_why(
    tmp_path: Path,
) -> None:
    """Item 5: a plugin the forked rendering cannot prove safe (it listens to
    ``content_written``) keeps the pages in one process, said once at INFO."""
    write_files(
        tmp_path,
        {
            **stock_articles(45),
            **ABOUT,
            "plugins/counter.py": """
                from pelican import signals

                def count(path, context):
                    pass

                def register():
                    signals.content_written.connect(count)
                """,
        },
    )
    settings = (
        BASE
        + 'PLUGIN_PATHS = ["plugins"]\nPLUGINS = ["counter", "reflections"]\n'
        + 'SITEURL = "https://example.org"\n'  # Pelican 4.10 warns without one
    )
    built = pelican(tmp_path, settings, "output", "--verbose", "--fatal", "warnings")
    assert built.returncode == 0, built.log
    reason = "pages rendered in one process: counter.count listens to content_written"
    assert built.log.count(reason) == 1, built.log
    assert "11 pages" in built.log


def test_a_broken_incremental_record_costs_a_warning_never_a_page(
    tmp_path: Path,
) -> None:
    """Item 5: a failure inside a speed feature renders that page as a plain build
    does, with a warning; the output is the plain build's."""
    write_files(tmp_path, {**stock_articles(6), **ABOUT})
    cached = BASE + 'PLUGINS = ["reflections"]\nCACHE_CONTENT = True\n'
    cached += "LOAD_CONTENT_CACHE = True\n"
    first = pelican(tmp_path, cached, "output")
    assert first.returncode == 0, first.log
    [record] = (tmp_path / "cache").glob("reflections-incremental-*.pickle")
    version, fingerprint, outputs = pickle.loads(record.read_bytes())
    broken = {path: output._replace(templates=7) for path, output in outputs.items()}
    record.write_bytes(pickle.dumps((version, fingerprint, broken)))
    again = pelican(tmp_path, cached, "output")
    assert again.returncode == 0, again.log
    assert "the speed machinery failed on it (TypeError" in again.log
    plain = pelican(tmp_path, BASE + 'PLUGINS = ["reflections"]\n', "plain")
    assert again.files() == plain.files()


COUNTING = {
    # Code with an effect beyond its return value: a count kept across pages.
    "counting.py": """
        import itertools

        from markdown.extensions import Extension
        from markdown.postprocessors import Postprocessor

        PAGES = itertools.count(1)
        DOCUMENTS = itertools.count(1)

        def numbered(value):
            return f"{value} (page {next(PAGES)})"

        class _Number(Postprocessor):
            def run(self, text):
                return text + f"<p>document {next(DOCUMENTS)}</p>"

        class CountingExtension(Extension):
            def extendMarkdown(self, md):
                md.postprocessors.register(_Number(md), "counting", 0)
        """,
    "templates/article.html": """
        {% extends "!simple/article.html" %}
        {% block title %}{{ article.title|numbered }}{% endblock %}
        """,
}


def yaml_articles(n: int) -> dict[str, str]:
    """``n`` posts with YAML headers: the files parallel reading takes."""
    return {
        f"content/yaml-{i:03}.md": (
            f"---\ntitle: Yaml {i}\ndate: 2024-02-{1 + i % 27:02} 10:00\n"
            f"categories: [Notes]\n---\nThe body of yaml {i}.\n"
        )
        for i in range(n)
    }


def test_code_the_speed_features_cannot_vouch_for_keeps_one_process(
    tmp_path: Path,
) -> None:
    """Item 5: a site's own filter and Markdown extension that count what they
    see would count differently in other processes: forked rendering and parallel
    reading step aside, each with one INFO line naming it, and the output is the
    one-process build's."""
    write_files(tmp_path, {**yaml_articles(45), **ABOUT, **COUNTING})
    settings = textwrap.dedent(
        """
        import sys
        sys.path.insert(0, ".")
        from counting import CountingExtension, numbered
        from pelican.settings import DEFAULT_CONFIG
        JINJA_FILTERS = {"numbered": numbered}
        THEME_TEMPLATES_OVERRIDES = ["templates"]
        MARKDOWN = {**DEFAULT_CONFIG["MARKDOWN"], "extensions": [CountingExtension()]}
        PLUGINS = ["reflections"]
        """
    )
    # Pelican reads files in an order that follows the hash seed: the same for both.
    seed = {"PYTHONHASHSEED": "0"}
    several = pelican(
        tmp_path, BASE + settings + "REFLECTIONS_WORKERS = 2\n", "two", "-v", **seed
    )
    assert several.returncode == 0, several.log
    log = " ".join(several.log.split())
    assert log.count("pages rendered in one process: the filter 'numbered'") == 1
    assert log.count("reading in one process: the Markdown extension counting") == 1
    one = pelican(
        tmp_path, BASE + settings + "REFLECTIONS_WORKERS = 1\n", "one", **seed
    )
    assert several.files() == one.files()
