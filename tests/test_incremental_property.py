"""Incremental rebuilds (#20) as a property: any edit, then a rebuild, is a cold build.

A generated site (10-15 posts in the reference post's YAML style, two pages, three
small PNG covers, pagination of 3, every kind of feed) is built once with Pelican's
content cache. Then a seeded random sequence of edits follows: a body, a title, a
date, categories, tags, a summary, an update note, a cover, an image file, a draft,
a post added, deleted or renamed, a page, a template override, a setting, or none
(a plain rebuild, one with ``--ignore-cache``, or one with
``REFLECTIONS_INCREMENTAL = False``). After each edit the site is
rebuilt into the same output and cache folders (the incremental build) and
compared with a cold build of the same content into a fresh output folder with a
fresh cache: the same set of files, every one byte for byte. Besides, a rebuild
after no edit must leave every page and feed it renders untouched (same mtime),
and a body edit of one post may rewrite only a few of them.

Each configuration (absolute or relative URLs, a translation, pelican-sitemap and
pelican-seo, dated URLs, DELETE_OUTPUT_DIRECTORY with OUTPUT_RETENTION, Pelican's
``simple`` theme) gets its own sequence. A failure prints the seed and the edits.

    REFLECTIONS_PROPERTY_SEED=N       replay seed N (default: a new seed each run;
                                      under CI=true a fixed one; pytest's header
                                      prints the seed)
    REFLECTIONS_PROPERTY_STEPS=N      random edits per configuration (default 10,
                                      about a minute in all on 2 cores; 100 for a
                                      long run)
    REFLECTIONS_PROPERTY_PROCESSES=1  every build a ``python -m pelican`` of its
                                      own with its own hash seed, as a user runs
                                      them (slower; by default the builds run in
                                      this process, as ``pelican --autoreload``)
"""

from __future__ import annotations

import difflib
import logging
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import connected_only_during_build, reset_pelican_log_dedup, run_pelican
from helpers import png
from pelican import Pelican
from pelican.plugins.reflections import theme_path
from pelican.settings import read_settings

# Under CI=true a fixed seed (printed in pytest's header), so CI is repeatable.
CI_SEED = 20261204
SEED = int(
    os.environ.get("REFLECTIONS_PROPERTY_SEED")
    or (CI_SEED if os.environ.get("CI") == "true" else random.randrange(10**6))
)
STEPS = int(os.environ.get("REFLECTIONS_PROPERTY_STEPS") or 10)
PROCESSES = os.environ.get("REFLECTIONS_PROPERTY_PROCESSES", "") not in ("", "0")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:'locale.getdefaultlocale':DeprecationWarning"),
]

_WORD_TEXT = """
time work focus career job plan year change habit craft attention practice
writing reading learning morning evening week season quiet slow steady small simple
clear honest patient careful early late long short calm busy rested open thought idea
question answer reason choice value purpose direction distance edge balance weight
garden kitchen walk river road city coast hill window light shadow rain wind winter
summer coffee letter book page draft story list goal friend mentor routine rest
"""
WORDS = _WORD_TEXT.split()
FRENCH = ["temps", "travail", "matin", "soir", "lettre", "jardin", "pluie", "calme"]
CATEGORIES = ["Reflection", "Work", "Life", "Writing", "Habits"]
TAGS = ["Jobs", "Focus", "Career", "Planning", "Books", "Walking", "Coffee"]
IMAGES = {
    "images/desk.png": (6, 4),
    "images/hills.png": (8, 5),
    "images/river.png": (5, 5),
}
LATER = "images/later.png"  # named as a cover before the file exists
FOREIGN = "CNAME"  # a file of the site's own in the output: no build may remove it
# Written on every build by another plugin, whatever changed (not the plugin's to keep).
WRITTEN_BY_OTHERS = {"sitemap.xml", "robots.txt"}
# Copied by Pelican on every build (theme static files; STATIC_PATHS).
COPIED = ("theme/", "images/")


@dataclass(frozen=True)
class Config:
    """One kind of site: theme, URLs and the other plugins."""

    name: str
    theme: str = "bundled"  # or "simple"
    relative_urls: bool = False
    translation: bool = False
    plugins: tuple[str, ...] = ()
    dated_urls: bool = False
    delete_output: bool = False
    # One Pelican object runs every rebuild, as ``pelican --autoreload`` does (a
    # new one when a setting changed, as it makes when pelicanconf.py changed).
    loop: bool = False


CONFIGS = [
    Config("absolute-urls", translation=True),
    Config("relative-sitemap-seo", relative_urls=True, plugins=("sitemap", "seo")),
    Config(
        "dated-urls-sitemap", dated_urls=True, translation=True, plugins=("sitemap",)
    ),
    Config("delete-output", relative_urls=True, translation=True, delete_output=True),
    Config("simple-theme", theme="simple", translation=True, plugins=("sitemap",)),
    Config("autoreload-loop", translation=True, loop=True),
    Config("autoreload-loop-seo", relative_urls=True, plugins=("seo",), loop=True),
]


@dataclass
class Doc:
    """One post or page: its front matter and body, written as ``text()``."""

    path: str  # relative to the content folder
    title: str
    body: list[str]
    date: str | None = None  # None: a page
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    summary: str | None = None
    updated: str | None = None
    update_note: str | None = None
    cover: str | None = None
    cover_alt: str | None = None
    location: str | None = None
    location_key: str = "location"  # "place": a location only with the alias
    slug: str | None = None
    lang: str | None = None
    status: str | None = None

    def text(self) -> str:
        """The file, in the style of example_site/content/job-vs-career.md."""
        lines = ["---", f"title: {self.title}"]
        for key in ("date", "slug", "lang", "status"):
            if value := getattr(self, key):
                lines.append(f"{key}: {value}")
        if self.date:
            lines.append("categories:")
            lines.extend(f"  - {name}" for name in self.categories)
            lines.append(f"updatedDate: {self.updated or ''}".rstrip())
            lines.append(f"updateDescription: {self.update_note or ''}".rstrip())
            lines.append("tags:")
            lines.extend(f"  - {name}" for name in self.tags)
            lines.append(f"{self.location_key}: {self.location or ''}".rstrip())
            lines.append(f"coverImage: {self.cover or ''}".rstrip())
            if self.cover_alt:
                lines.append(f"coverImageAlt: {self.cover_alt}")
        lines.append(f"summary: {self.summary or ''}".rstrip())
        return "\n".join([*lines, "---", "\n\n".join(self.body), ""])


def words(
    rng: random.Random, low: int, high: int, vocabulary: list[str] = WORDS
) -> str:
    """Some words."""
    return " ".join(rng.choices(vocabulary, k=rng.randint(low, high)))


def slugify(title: str) -> str:
    """A file name for a title (Pelican makes the slug; this only names files)."""
    return "-".join(title.lower().split())


def a_date(rng: random.Random) -> str:
    """A date in 2022-2024, sometimes with a time."""
    day = f"{rng.randint(2022, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return (
        day
        if rng.random() < 0.5
        else f"{day} {rng.randint(0, 23):02d}:{rng.choice(('00', '30'))}"
    )


@dataclass
class Site:
    """The content folder, the overrides folder and the settings, kept in step."""

    root: Path
    config: Config
    rng: random.Random
    docs: dict[str, Doc] = field(default_factory=dict)
    templates: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    clock: int = field(default_factory=time.time_ns)
    made: int = 0
    once: dict[str, Any] = field(default_factory=dict)  # for the next build only
    added: str = ""  # the paragraph the last body edit appended
    # Static files deleted from the content: Pelican leaves their old copies in
    # the output (stock behaviour, in both builds' folder, not in a fresh one).
    gone: set[str] = field(default_factory=set)

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def overrides(self) -> Path:
        return self.root / "overrides"

    def touch(self, path: Path) -> None:
        """Give a written file an mtime later than any before (Pelican's cache
        compares mtimes, which a fast edit can leave unchanged)."""
        self.clock = max(self.clock + 1_000_000_000, time.time_ns())
        os.utime(path, ns=(self.clock, self.clock))

    def write(self, path: Path, data: str | bytes) -> None:
        """Write a file and move its mtime on."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        self.touch(path)

    def save(self, doc: Doc) -> None:
        """Write one post or page."""
        self.docs[doc.path] = doc
        self.write(self.content / doc.path, doc.text())

    def posts(self) -> list[Doc]:
        """The posts (not pages), in a stable order."""
        return [d for _, d in sorted(self.docs.items()) if d.date]

    def pages(self) -> list[Doc]:
        """The pages."""
        return [d for _, d in sorted(self.docs.items()) if not d.date]

    def new_post(self) -> Doc:
        """A random post, not yet saved."""
        rng = self.rng
        self.made += 1
        title = words(rng, 2, 4).title()
        body = [words(rng, 20, 60) + "." for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.3:
            body.insert(1, f"## {words(rng, 1, 3).title()}")
            body.append(f"- {words(rng, 2, 5)}\n- *{words(rng, 1, 3)}*")
        others = self.posts()
        if others and rng.random() < 0.3:
            target = rng.choice(others).path
            body.append(f"See [another note]({{filename}}/{target}).")
        if rng.random() < 0.15:
            body.append(f"![A picture]({{static}}/{rng.choice(sorted(IMAGES))})")
        return Doc(
            path=f"{slugify(title)}-{self.made}.md",
            title=title,
            body=body,
            date=a_date(rng),
            categories=rng.sample(CATEGORIES, rng.choice((0, 1, 1, 2))),
            tags=rng.sample(TAGS, rng.randint(0, 3)),
            summary=words(rng, 8, 20) + "." if rng.random() < 0.5 else None,
            cover=rng.choice(sorted(IMAGES)) if rng.random() < 0.3 else None,
            location=words(rng, 1, 2).title() if rng.random() < 0.3 else None,
            location_key=rng.choice(("location", "location", "place")),
        )

    def create(self) -> None:
        """Write the first version of the site."""
        rng = self.rng
        for _ in range(rng.randint(10, 15)):
            self.save(self.new_post())
        for name, title in (("about", "About"), ("colophon", "Colophon")):
            body = [words(rng, 15, 40) + "."]
            self.save(Doc(f"pages/{name}.md", title, body, summary="A page."))
        if self.config.translation:
            english = rng.choice(self.posts())
            english.slug = slugify(english.title)
            self.save(english)
            french = Doc(
                path=english.path.replace(".md", "-fr.md"),
                title=words(rng, 2, 3, FRENCH).capitalize(),
                body=[words(rng, 10, 30, FRENCH) + "."],
                date=english.date,
                categories=list(english.categories),
                slug=english.slug,
                lang="fr",
            )
            self.save(french)
        for name, (width, height) in IMAGES.items():
            self.write(self.content / name, png(width, height))
        self.overrides.mkdir(parents=True, exist_ok=True)
        self.settings = {
            "SITENAME": "Property site",
            "AUTHOR": "A. Writer",
            "DEFAULT_PAGINATION": 3,
            "TIMEZONE": "UTC",
        }

    def pelican_settings(self, output: Path, cache: Path) -> dict[str, Any]:
        """Every setting of a build into ``output`` with its cache in ``cache``."""
        config = self.config
        settings: dict[str, Any] = {
            "OUTPUT_PATH": str(output),
            "CACHE_PATH": str(cache),
            "CACHE_CONTENT": True,
            "LOAD_CONTENT_CACHE": True,
            "PLUGINS": ["reflections", *config.plugins],
            "THEME": theme_path() if config.theme == "bundled" else config.theme,
            "THEME_TEMPLATES_OVERRIDES": [str(self.overrides)],
            "SITEURL": "https://blog.example",
            "RELATIVE_URLS": config.relative_urls,
            "FEED_ALL_ATOM": "feeds/all.atom.xml",
            "FEED_ALL_RSS": "feeds/all.rss.xml",
            "CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml",
            "CATEGORY_FEED_RSS": "feeds/{slug}.rss.xml",
            "TAG_FEED_ATOM": "feeds/tag-{slug}.atom.xml",
            "AUTHOR_FEED_ATOM": "feeds/author-{slug}.atom.xml",
            "AUTHOR_FEED_RSS": None,
            "TRANSLATION_FEED_ATOM": "feeds/all-{lang}.atom.xml",
            "YEAR_ARCHIVE_SAVE_AS": "{date:%Y}/index.html",
            "DELETE_OUTPUT_DIRECTORY": config.delete_output,
            "OUTPUT_RETENTION": [FOREIGN],
            **self.settings,
            **self.once,
        }
        if config.dated_urls:
            settings["ARTICLE_URL"] = "{date:%Y}/{slug}/"
            settings["ARTICLE_SAVE_AS"] = "{date:%Y}/{slug}/index.html"
        if "sitemap" in config.plugins:
            settings["SITEMAP"] = {"format": "xml"}
        if "seo" in config.plugins:
            settings |= {
                "SEO_REPORT": False,
                "SEO_ENHANCER": True,
                "SEO_ENHANCER_OPEN_GRAPH": True,
                "SEO_ENHANCER_TWITTER_CARDS": True,
            }
        return settings


# --- the edits: each changes the site and says what it did (None: not possible) ---

Edit = Callable[[Site], "str | None"]


def edit_body(site: Site) -> str:
    """A paragraph appended to a post."""
    doc = site.rng.choice(site.posts())
    site.added = words(site.rng, 10, 30) + "."
    doc.body.append(site.added)
    site.save(doc)
    return f"body of {doc.path}"


def edit_title(site: Site) -> str:
    """A post's new title (its slug too, unless it has one)."""
    doc = site.rng.choice(site.posts())
    doc.title = words(site.rng, 2, 4).title()
    site.save(doc)
    return f"title of {doc.path}: {doc.title}"


def edit_date(site: Site) -> str:
    """A post's new date (order, neighbours, archives)."""
    doc = site.rng.choice(site.posts())
    doc.date = a_date(site.rng)
    site.save(doc)
    return f"date of {doc.path}: {doc.date}"


def edit_categories(site: Site) -> str:
    """A post's new categories, none to three, sometimes a new one."""
    rng = site.rng
    doc = rng.choice(site.posts())
    pool = [*CATEGORIES, words(rng, 1, 1).title()]
    doc.categories = rng.sample(pool, rng.choice((0, 1, 1, 2, 3)))
    site.save(doc)
    return f"categories of {doc.path}: {doc.categories}"


def edit_tags(site: Site) -> str:
    """A post's new tags, sometimes a new one."""
    rng = site.rng
    doc = rng.choice(site.posts())
    doc.tags = rng.sample([*TAGS, words(rng, 1, 1).title()], rng.randint(0, 3))
    site.save(doc)
    return f"tags of {doc.path}: {doc.tags}"


def edit_summary(site: Site) -> str:
    """A post's summary given or taken away (lists show it)."""
    doc = site.rng.choice(site.posts())
    doc.summary = None if doc.summary else words(site.rng, 5, 15) + "."
    site.save(doc)
    return f"summary of {doc.path}: {doc.summary}"


def edit_update(site: Site) -> str:
    """A post's update note (updatedDate, updateDescription) set or dropped."""
    rng = site.rng
    doc = rng.choice(site.posts())
    if doc.updated and rng.random() < 0.5:
        doc.updated = doc.update_note = None
    else:
        doc.updated = f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        doc.update_note = words(rng, 4, 10).capitalize() + "."
    site.save(doc)
    return f"update of {doc.path}: {doc.updated} {doc.update_note}"


def edit_cover(site: Site) -> str:
    """A post's cover changed, added or dropped."""
    rng = site.rng
    doc = rng.choice(site.posts())
    doc.cover = rng.choice([None, *sorted(IMAGES), LATER])
    doc.cover_alt = (
        words(rng, 2, 5).capitalize() if doc.cover and rng.random() < 0.5 else None
    )
    site.save(doc)
    return f"cover of {doc.path}: {doc.cover} ({doc.cover_alt})"


def edit_image(site: Site) -> str:
    """Replace an image file by one of another size (covers show their size)."""
    name = site.rng.choice(sorted(IMAGES))
    width, height = site.rng.randint(2, 12), site.rng.randint(2, 12)
    site.write(site.content / name, png(width, height))
    return f"image {name} replaced: {width}x{height}"


def toggle_later_image(site: Site) -> str:
    """The image a post may name before it exists (``LATER``) is added, or deleted
    again: the posts naming it gain or lose their cover, though their files did not
    change (#26)."""
    path = site.content / LATER
    if path.exists():
        path.unlink()
        site.gone.add(LATER)
        return f"image {LATER} deleted"
    site.write(path, png(site.rng.randint(2, 12), site.rng.randint(2, 12)))
    site.gone.discard(LATER)
    return f"image {LATER} added"


def edit_status(site: Site) -> str:
    """A post made a draft, or published again."""
    doc = site.rng.choice(site.posts())
    doc.status = None if doc.status else "draft"
    site.save(doc)
    return f"status of {doc.path}: {doc.status or 'published'}"


def add_post(site: Site) -> str:
    """A new post."""
    doc = site.new_post()
    site.save(doc)
    return f"added {doc.path}: {doc.title}, {doc.date}, {doc.categories}"


def delete_post(site: Site) -> str | None:
    """A post's file deleted (four are always kept)."""
    posts = site.posts()
    if len(posts) <= 4:
        return None
    doc = site.rng.choice(posts)
    del site.docs[doc.path]
    (site.content / doc.path).unlink()
    return f"deleted {doc.path}"


def rename_post(site: Site) -> str:
    """Rename a file, its text unchanged (links to it break, in both builds)."""
    doc = site.rng.choice(site.posts())
    site.made += 1
    old, doc.path = doc.path, f"renamed-{site.made}-{doc.path}"
    del site.docs[old]
    (site.content / old).rename(site.content / doc.path)
    site.docs[doc.path] = doc
    site.touch(site.content / doc.path)
    return f"renamed {old} to {doc.path}"


def edit_page(site: Site) -> str:
    """A page's body or title."""
    rng = site.rng
    doc = rng.choice(site.pages())
    if rng.random() < 0.5:
        doc.body.append(words(rng, 5, 20) + ".")
        what = "body"
    else:
        doc.title = words(rng, 1, 3).title()
        what = f"title: {doc.title}"
    site.save(doc)
    return f"page {doc.path}, {what}"


def override_templates(config: Config, mark: str) -> dict[str, str]:
    """Overrides a site might add, each showing ``mark``."""
    if config.theme == "simple":
        return {
            "article.html": '{% extends "!simple/article.html" %}{% block content %}'
            f'{{{{ super() }}}}<p class="signature">{mark}</p>{{% endblock %}}',
            "base.html": '{% extends "!simple/base.html" %}{% block footer %}'
            f"<footer>{mark} {{{{ SITENAME }}}}</footer>{{% endblock %}}",
            "index.html": '{% extends "!simple/index.html" %}{% block content %}'
            f"<p>{mark}</p>{{{{ super() }}}}{{% endblock %}}",
        }
    return {
        "article.html": '{% extends "!theme/article.html" %}{% block post_footer %}'
        f'{{{{ super() }}}}<p class="signature">{mark}</p>{{% endblock %}}',
        "partials/extend_head.html": f'<meta name="x-verify" content="{mark}">',
        "partials/extend_footer.html": f'<p class="x">{mark} {{{{ SITENAME }}}}</p>',
        "partials/categories.html": "{% macro category_links(article) -%}"
        f'<p class="kicker">{mark} {{{{ article.category }}}}</p>{{%- endmacro %}}',
    }


def edit_override(site: Site) -> str:
    """Add, change or remove a template in THEME_TEMPLATES_OVERRIDES."""
    rng = site.rng
    mark = words(rng, 1, 2)
    name, text = rng.choice(sorted(override_templates(site.config, mark).items()))
    path = site.overrides / name
    if name in site.templates and rng.random() < 0.4:
        del site.templates[name]
        path.unlink()
        return f"override {name} removed"
    verb = "changed" if name in site.templates else "added"
    site.templates[name] = text
    site.write(path, text)
    return f"override {name} {verb}: {mark}"


def edit_setting(site: Site) -> str:
    """One setting changed (it may be the value it had)."""
    rng = site.rng
    choices: dict[str, list[Any]] = {
        "SITENAME": [words(rng, 1, 3).title()],
        "AUTHOR": ["A. Writer", "B. Reader"],
        "DEFAULT_PAGINATION": [2, 3, 4, 5],
        "TIMEZONE": ["UTC", "Australia/Melbourne", "America/New_York"],
        "SUMMARY_MAX_LENGTH": [10, 50],
        "MENUITEMS": [[("Archives", "/archives.html")], []],
        "REFLECTIONS_SHOW_READING_TIME": [True, False],
        "REFLECTIONS_FOOTER_TEXT": ["", words(rng, 2, 5)],
        # How keys are read: every post is read again (#26).
        "REFLECTIONS_ALIASES": [{}, {"place": "location"}],
    }
    name = rng.choice(sorted(choices))
    site.settings[name] = rng.choice(choices[name])
    return f"setting {name} = {site.settings[name]!r}"


def ignore_cache(site: Site) -> str:
    """No edit; the next rebuild is ``pelican --ignore-cache``."""
    site.once["LOAD_CONTENT_CACHE"] = False
    return "nothing, rebuilt with --ignore-cache"


def incremental_off(site: Site) -> str:
    """No edit; the next rebuild has ``REFLECTIONS_INCREMENTAL = False``. Only for
    one build: switched off, the plugin leaves the output as stock Pelican does (the
    page of a post deleted then stays, unlike in a cold build)."""
    site.once["REFLECTIONS_INCREMENTAL"] = False
    return "nothing, rebuilt with REFLECTIONS_INCREMENTAL = False"


# Weights: how often each edit is drawn.
EDITS: dict[str, tuple[int, Edit]] = {
    "nothing": (1, lambda site: "nothing"),
    "ignore-cache": (1, ignore_cache),
    "incremental-off": (1, incremental_off),
    "body": (3, edit_body),
    "title": (2, edit_title),
    "date": (2, edit_date),
    "categories": (2, edit_categories),
    "tags": (2, edit_tags),
    "summary": (1, edit_summary),
    "update": (1, edit_update),
    "cover": (2, edit_cover),
    "image": (1, edit_image),
    "later-image": (2, toggle_later_image),
    "status": (1, edit_status),
    "add": (2, add_post),
    "delete": (1, delete_post),
    "rename": (1, rename_post),
    "page": (1, edit_page),
    "override": (2, edit_override),
    "setting": (2, edit_setting),
}


def draw(site: Site) -> tuple[str, str]:
    """One random edit applied: its kind and what it did."""
    names = sorted(EDITS)
    while True:
        kind = site.rng.choices(names, weights=[EDITS[n][0] for n in names])[0]
        done = EDITS[kind][1](site)
        if done is not None:
            return kind, done


# --- comparing two output folders ----------------------------------------------

# pelican-sitemap dates the index pages with the time its module was imported
# (a naive datetime, written with "-00:00"): the same in one process, not across two.
SITEMAP_BUILD_TIME = re.compile(rb"<lastmod>[^<]*-00:00</lastmod>")


def files(root: Path) -> dict[str, Path]:
    """Every file under ``root`` by its relative path."""
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


def read(path: Path, processes: bool) -> bytes:
    """A file's bytes; across processes, without the sitemap's build times."""
    data = path.read_bytes()
    if processes and path.name == "sitemap.xml":
        data = SITEMAP_BUILD_TIME.sub(b"<lastmod>(build time)</lastmod>", data)
    return data


def differences(
    live: Path,
    cold: Path,
    labels: tuple[str, str] = ("incremental", "cold"),
    processes: bool = False,
    shown: int = 3,
    gone: frozenset[str] = frozenset(),
) -> list[str]:
    """How the ``live`` output differs from the ``cold`` one (empty: identical),
    with a diff of the first ``shown`` files that differ; ``gone``: static files
    deleted from the content, whose old copies Pelican leaves in ``live``."""
    left, right = files(live), files(cold)
    found = []
    if extra := sorted(left.keys() - right.keys() - gone):
        found.append(f"only in the {labels[0]} output: {extra}")
    if missing := sorted(right.keys() - left.keys()):
        found.append(f"only in the {labels[1]} output: {missing}")
    differ = [
        name
        for name in sorted(left.keys() & right.keys())
        if read(left[name], processes) != read(right[name], processes)
    ]
    if differ:
        found.append(f"{len(differ)} files differ: {differ[:20]}")
    for name in differ[:shown]:
        a = read(left[name], processes).decode(errors="replace").splitlines()
        b = read(right[name], processes).decode(errors="replace").splitlines()
        names = (f"{labels[1]}/{name}", f"{labels[0]}/{name}")
        diff = difflib.unified_diff(b, a, *names, n=1, lineterm="")
        lines = [line[:200] for line in diff]
        found.append("\n".join(lines[:40] + (["..."] if len(lines) > 40 else [])))
    return found


def stamps(root: Path) -> dict[str, int]:
    """The mtime of every page and feed the build renders (not static copies,
    nor files other plugins rewrite on every build)."""
    return {
        name: path.stat().st_mtime_ns
        for name, path in files(root).items()
        if not name.startswith(COPIED) and name not in WRITTEN_BY_OTHERS | {FOREIGN}
    }


def unrelated(output: Path, rewritten: list[str], added: str) -> list[str]:
    """The rewritten HTML pages that neither show the paragraph a body edit added
    (the post's own page) nor link to a page that does (its lists): a body edit
    renders only those, and the feeds."""
    pages = [name for name in rewritten if name.endswith(".html")]
    texts = {name: (output / name).read_text(encoding="utf-8") for name in pages}
    own = [name for name, text in texts.items() if added and added in text]
    keys = {
        Path(n).parent.name if n.endswith("index.html") else Path(n).name for n in own
    }
    return [
        name
        for name, text in texts.items()
        if name not in own and not any(key in text for key in keys)
    ]


def touched(before: dict[str, int], after: dict[str, int]) -> list[str]:
    """Files rewritten between two stamps (new ones do not count)."""
    return sorted(n for n, t in after.items() if n in before and before[n] != t)


# --- the run -------------------------------------------------------------------


def build_in_process(site: Site, output: Path, cache: Path) -> None:
    """One Pelican build in this process (as ``pelican --autoreload`` runs them)."""
    run_pelican(site.content, output, **site.pelican_settings(output, cache))


def build_in_a_process(site: Site, output: Path, cache: Path, hash_seed: str) -> None:
    """One ``python -m pelican`` run, with its own hash seed (as a user runs it)."""
    conf = output.parent / "pelicanconf.py"
    settings = site.pelican_settings(output, cache)
    conf.write_text(
        "".join(f"{k} = {v!r}\n" for k, v in settings.items()), encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-m", "pelican", str(site.content), "-s", str(conf)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": hash_seed},
        cwd=site.root,  # pelican-seo's report would go to the working directory
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@dataclass
class Run:
    """One configuration's sequence: the site, the builds, what happened so far."""

    site: Site
    steps: list[str] = field(default_factory=list)
    soft: list[str] = field(default_factory=list)  # mtime findings
    builds: int = 0
    loop: Any = None  # the autoreload loop's Pelican object (Config.loop)
    loop_settings: str = ""  # the settings it was made with
    records: list[logging.LogRecord] = field(default_factory=list)  # its last run's
    early: dict[str, str] = field(default_factory=dict)  # pages written first
    said: list[str] = field(default_factory=list)  # the loop's INFO lines so far
    fresh: bool = True  # the loop's object is new: no run before to go on from

    @property
    def live(self) -> Path:
        return self.site.root / "live" / "output"

    def build(self, output: Path, cache: Path) -> None:
        """One build, with the site's own file in the output."""
        self.builds += 1
        if not (output / FOREIGN).exists():
            output.mkdir(parents=True, exist_ok=True)
            (output / FOREIGN).write_text("blog.example\n", encoding="utf-8")
        if self.site.config.loop and output == self.live:
            self.loop_build(output, cache)
        elif PROCESSES:
            build_in_a_process(self.site, output, cache, str(self.builds))
        else:
            build_in_process(self.site, output, cache)

    def loop_build(self, output: Path, cache: Path) -> None:
        """One run of the loop's Pelican object, noting its log and the text of
        each page it wrote first, as it wrote it."""
        settings = {
            "PATH": str(self.site.content),
            "TIMEZONE": "UTC",
            "DEFAULT_LANG": "en",
            **self.site.pelican_settings(output, cache),
        }
        self.fresh = self.loop is None or repr(settings) != self.loop_settings
        if self.fresh:  # as autoreload makes one when pelicanconf.py changed
            self.loop = Pelican(read_settings(path=None, override=settings))
            self.loop_settings = repr(settings)
        self.records, self.early = [], {}
        run = self

        class Note(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                run.records.append(record)
                if record.msg.startswith("Wrote %s first"):
                    page = output / str(record.args[0])  # type: ignore[index]
                    run.early[str(record.args[0])] = page.read_text(encoding="utf-8")

        note = Note(logging.INFO)
        loggers = [
            logging.getLogger(f"pelican.plugins.reflections.speed.{name}")
            for name in ("loop", "kept")
        ]
        levels = [logger.level for logger in loggers]
        for logger in loggers:
            logger.addHandler(note)
            logger.setLevel(logging.INFO)
        reset_pelican_log_dedup()
        try:
            self.loop.run()
        finally:
            for logger, level in zip(loggers, levels, strict=True):
                logger.removeHandler(note)
                logger.setLevel(level)

    def cold(self) -> Path:
        """A cold build of the content as it is now, into fresh folders."""
        base = self.site.root / "cold"
        shutil.rmtree(base, ignore_errors=True)
        self.build(base / "output", base / "cache")
        return base / "output"

    def report(self, problem: str) -> str:
        """The failure message: the problem, the seed, the steps to replay."""
        steps = "\n".join(f"  {n}. {s}" for n, s in enumerate(self.steps))
        also = "".join(f"\nalso: {s}" for s in self.soft if s not in problem)
        name = self.site.config.name
        return (
            f"{problem}{also}\n\n{name}, seed {SEED}; to replay:\n"
            f"  REFLECTIONS_PROPERTY_SEED={SEED} REFLECTIONS_PROPERTY_STEPS={STEPS} "
            f"pytest tests/{Path(__file__).name} -k {name}\nedits:\n{steps}"
        )

    def step(self, kind: str, what: str, cold: Path | None) -> Path:
        """Rebuild incrementally after an edit; compare with ``cold`` (or a new cold
        build); check the mtimes; return the cold output."""
        self.steps.append(what)
        number = len(self.steps) - 1
        before = stamps(self.live) if self.live.exists() else {}
        try:
            self.build(self.live, self.live.parent / "cache")
            self.site.once.clear()
            after = stamps(self.live)
            cold = cold or self.cold()
        except Exception as error:
            raise AssertionError(self.report(f"step {number}: {error!r}")) from error
        found = differences(
            self.live, cold, processes=PROCESSES, gone=frozenset(self.site.gone)
        )
        assert not found, self.report(
            f"step {number} ({what}): the incremental build differs from a cold "
            "build of the same content:\n" + "\n".join(found)
        )
        if self.site.config.loop:
            self.check_early_pages(kind, what, number)
        if not self.site.config.delete_output:
            rewritten = touched(before, after)
            if kind == "nothing" and rewritten:
                self.soft.append(
                    f"step {number} (no edit): {len(rewritten)} of {len(after)} "
                    f"pages and feeds rewritten, e.g. {rewritten[:5]}"
                )
            strangers = (
                unrelated(self.live, rewritten, self.site.added)
                if kind == "body"
                else []
            )
            if strangers:
                self.soft.append(
                    f"step {number} ({what}): {len(strangers)} pages rewritten that "
                    f"neither are the post nor link to it, e.g. {strangers[:5]}"
                )
        return cold

    def check_early_pages(self, kind: str, what: str, number: int) -> None:
        """In the loop, a body edit's page is written first, with the text the
        build then writes (or one INFO line says why not); other edits' pages
        written first are overwritten by the build's wherever they differ."""
        said = [
            r.getMessage() for r in self.records if r.name.endswith((".loop", ".kept"))
        ]
        self.said += said
        if kind == "body" and number > 1 and not self.fresh:
            # Stepping aside for the site is said once in the process.
            said += [m for m in self.said if m.startswith("Edited posts are not")]
            assert self.early or any("not written first" in m for m in said), (
                self.report(f"step {number} ({what}): no page written first: {said}")
            )
            if self.site.config.plugins == ():
                assert self.early, self.report(
                    f"step {number} ({what}): not written first: {said}"
                )
                # ... and the build checked only what read the post, and took
                # every post as the last run read it.
                assert any(m.startswith("The build keeps") for m in said), said
                assert any(m.startswith("The build took") for m in said), said
        for name, text in self.early.items():
            final = (self.live / name).read_text(encoding="utf-8")
            assert kind != "body" or text == final, self.report(
                f"step {number} ({what}): {name} written first differs from the "
                "build's:\n" + "\n".join(differences_of_text(text, final))
            )


def differences_of_text(early: str, final: str) -> list[str]:
    """A short diff of a page written first against the build's."""
    diff = difflib.unified_diff(
        early.splitlines(), final.splitlines(), "first", "build", n=1, lineterm=""
    )
    return [line[:200] for line in diff][:30]


def run_sequence(config: Config, root: Path, steps: int) -> Run:
    """Build the site, then ``steps`` random edits each followed by a rebuild."""
    site = Site(root, config, random.Random(f"{SEED}:{config.name}"))
    site.create()
    run = Run(site)
    # The first build is cold too: any difference there is nondeterminism.
    cold = run.step("cold", "first build (cold against cold)", None)
    cold = run.step("nothing", "nothing", cold)
    run.step("body", edit_body(site), None)
    for _ in range(steps):
        kind, what = draw(site)
        # After no edit the last cold build is still the cold build.
        unchanged = kind in ("nothing", "ignore-cache", "incremental-off")
        cold = run.step(kind, what, cold if unchanged else None)
    return run


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: c.name)
def test_an_incremental_rebuild_is_a_cold_build(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if config.loop:  # the loop's object keeps the plugins connected between runs
        # As ``pelican --autoreload`` runs: its first build keeps its posts too.
        monkeypatch.setattr(sys, "argv", ["pelican", "--autoreload"])
        with connected_only_during_build():
            run = run_sequence(config, tmp_path, STEPS)
    else:
        run = run_sequence(config, tmp_path, STEPS)
    assert not run.soft, run.report("\n".join(run.soft))


def test_cold_builds_in_two_processes_are_identical(tmp_path: Path) -> None:
    """The property's premise across processes, each with its own hash seed: two
    cold ``pelican`` runs of one site write the same bytes."""
    config = Config("processes", translation=True, plugins=("seo", "sitemap"))
    site = Site(tmp_path, config, random.Random(f"{SEED}:processes"))
    site.create()
    outputs = []
    for hash_seed in ("1", "2"):
        base = tmp_path / f"build{hash_seed}"
        base.mkdir()
        build_in_a_process(site, base / "output", base / "cache", hash_seed)
        outputs.append(base / "output")
    found = differences(*outputs, labels=("first", "second"), processes=True)
    assert not found, f"seed {SEED}:\n" + "\n".join(found)
