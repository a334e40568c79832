"""A generated site at the scale readers meet: the browser gates' second site.

400 posts over six years (seeded, so every run writes the same files), 27
categories, 64 tags, several very long titles, one post with 12 tags, one with an
update history of four entries, a tenth of the posts in Pelican's own header
format, and two pages. ``write_big_site`` writes it; ``build_big_site`` builds it
with the real ``pelican`` command and the bundled theme (workers as they default)
and names the pages the gates look at.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

SEED = 27
POSTS = 400
YEARS = range(2019, 2025)
# The year whose archive page the gates open.
GATED_YEAR = 2023

CATEGORIES = [
    "Work",
    "Rest",
    "Reading",
    "Walking",
    "Cooking",
    "Gardening",
    "Tools",
    "Writing",
    "Teaching",
    "Family",
    "Health",
    "Money",
    "Travel",
    "Music",
    "Photography",
    "Software",
    "Open source",
    "Accessibility",
    "Design",
    "Cities",
    "Weather",
    "Sleep",
    "Letters",
    "Habits",
    "Friendship",
    "Attention",
    "Weekly review",
]
TAGS = [
    "notes",
    "lists",
    "mornings",
    "evenings",
    "weekends",
    "holidays",
    "books",
    "poetry",
    "essays",
    "bread",
    "soup",
    "tomatoes",
    "compost",
    "bicycles",
    "trains",
    "maps",
    "rain",
    "winter",
    "summer",
    "python",
    "shell",
    "git",
    "make",
    "static sites",
    "pelican",
    "markdown",
    "feeds",
    "email",
    "calendars",
    "budgets",
    "savings",
    "children",
    "parents",
    "meetings",
    "interviews",
    "mentoring",
    "burnout",
    "focus",
    "distraction",
    "phones",
    "screens",
    "paper",
    "fountain pens",
    "notebooks",
    "journaling",
    "gratitude",
    "running",
    "swimming",
    "stretching",
    "hills",
    "coast",
    "libraries",
    "museums",
    "film",
    "radio",
    "podcasts",
    "keyboard shortcuts",
    "continuous integration",
    "screen readers",
    "colour contrast",
    "typography",
    "long reads",
    "year in review",
    "first drafts",
]
# Several very long titles: long words, a long run without spaces, many words.
LONG_TITLES = [
    "What Twelve Years of Keeping a Paper Notebook Beside the Keyboard Taught Me "
    "About Attention, Memory and the Quiet Work Nobody Sees",
    "Internationalisation, Accessibility and Maintainability: Three Long Words "
    "for One Small Habit",
    "A Very Long Title About Rest That Keeps Going Because Sometimes a Title Has to "
    "Say Everything the Post Says Before the Post Says It",
    "Notes on the Donaudampfschifffahrtsgesellschaftskapitänsmütze and Other "
    "Compound Nouns I Learned on a Train",
    "Why I Stopped Reading the News Before Breakfast, Started Again, and Then "
    "Stopped for Good After a Winter in the Hills",
]
TWELVE_TAGS_POST = 333
UPDATED_POST = 290
TWELVE_TAGS_TITLE = "Everything I Tagged in One Busy Week"
TWELVE_TAGS = [
    "notes",
    "mornings",
    "books",
    "bicycles",
    "python",
    "static sites",
    "continuous integration",
    "screen readers",
    "colour contrast",
    "keyboard shortcuts",
    "fountain pens",
    "year in review",
]
UPDATED_TITLE = "How I Plan a Week Without Planning Every Hour"
UPDATES = [
    ("2023-06-03", "Added the **Sunday** checklist I now use."),
    ("2023-08-18", "Rewrote the part on meetings after a month of trying it."),
    ("2023-11-02", "A note on what happens when the plan meets a sick child."),
    ("2024-02-20", "One year on: what stayed, what went, and a link to the template."),
]

WORDS = [
    "quiet",
    "morning",
    "work",
    "rest",
    "walk",
    "read",
    "slow",
    "habit",
    "week",
    "plan",
    "garden",
    "letter",
    "train",
    "coast",
    "hill",
    "rain",
    "winter",
    "summer",
    "kitchen",
    "bread",
    "desk",
    "notebook",
    "paper",
    "pen",
    "list",
    "friend",
    "family",
    "evening",
    "weekend",
    "year",
    "month",
    "day",
    "hour",
    "coffee",
    "attention",
    "focus",
]


def _title(rng: random.Random, n: int) -> str:
    words = rng.sample(WORDS, rng.randint(2, 6))
    return f"{' '.join(words).capitalize()} ({n})"


def _body(rng: random.Random, n: int) -> str:
    paragraphs = [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 60))).capitalize()
        + "."
        for _ in range(rng.randint(2, 4))
    ]
    parts = [paragraphs[0], "## What changed", *paragraphs[1:]]
    if n % 5 == 0:
        parts.append("- One thing.\n- [Another](https://example.org/).\n- A third.")
    if n % 7 == 0:
        parts.append("```python\ndef week(days: int = 7) -> int:\n    return days\n```")
    return "\n\n".join(parts) + "\n"


@dataclass(frozen=True)
class Post:
    """One generated post: where it goes and what its header says."""

    n: int
    title: str
    day: date
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    updates: tuple[tuple[str, str], ...] = ()

    @property
    def path(self) -> str:
        return f"posts/{self.day.year}/post-{self.n:03}.md"

    @property
    def pelican_header(self) -> bool:
        """A tenth of the posts use Pelican's own header (one category)."""
        return self.n % 10 == 3 and not self.updates

    @property
    def slug(self) -> str:
        """Pelican's slug of the title, as the output file name (``{slug}.html``)."""
        subs = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
        return slugify(self.title, regex_subs=subs)

    def text(self, rng: random.Random) -> str:
        summary = (
            f"Post {self.n} of {POSTS}: {rng.choice(WORDS)} and {rng.choice(WORDS)}."
        )
        if self.pelican_header:
            return (
                f"Title: {self.title}\nDate: {self.day.isoformat()} 09:30\n"
                f"Category: {self.categories[0]}\nTags: {', '.join(self.tags)}\n"
                f"Summary: {summary}\n\n{_body(rng, self.n)}"
            )
        header = [f"title: {_quoted(self.title)}", f"date: {self.day.isoformat()}"]
        header += ["categories:", *(f"  - {c}" for c in self.categories)]
        header += ["tags:", *(f"  - {t}" for t in self.tags)]
        header.append(f"summary: {_quoted(summary)}")
        if self.updates:
            header.append("updates:")
            for when, note in self.updates:
                header += [f"  - date: {when}", f"    description: {_quoted(note)}"]
        return "---\n" + "\n".join(header) + "\n---\n" + _body(rng, self.n)

    def listed_in(self) -> list[str]:
        """The categories Pelican files the post under."""
        return list(self.categories[:1] if self.pelican_header else self.categories)


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def plan() -> list[Post]:
    """The 400 posts, the same on every call (seeded)."""
    rng = random.Random(SEED)
    first = date(YEARS[0], 1, 1)
    span = (date(YEARS[-1], 12, 31) - first).days
    planned = []
    for n in range(POSTS):
        day = first + timedelta(days=round(n * span / (POSTS - 1)))
        # Every category and tag used; a few of each used much more than others.
        categories = [CATEGORIES[n % len(CATEGORIES)]]
        if n % 4 == 0:
            categories.append(rng.choice(CATEGORIES[:5]))
        extra_tags = rng.sample(TAGS[:20], rng.randint(0, 3))
        tags = sorted({TAGS[n % len(TAGS)], *extra_tags})
        title = _title(rng, n)
        updates: tuple[tuple[str, str], ...] = ()
        if n % 70 == 11 and n // 70 < len(LONG_TITLES):
            title = LONG_TITLES[n // 70]
        if n == TWELVE_TAGS_POST:
            title, tags = TWELVE_TAGS_TITLE, TWELVE_TAGS
        if n == UPDATED_POST:
            title, updates = UPDATED_TITLE, tuple(UPDATES)
        planned.append(
            Post(
                n,
                title,
                day,
                tuple(dict.fromkeys(categories)),
                tuple(tags),
                updates,
            )
        )
    return planned


def posts() -> dict[str, str]:
    """``{path under content/: text}`` of every post."""
    rng = random.Random(SEED + 1)
    return {post.path: post.text(rng) for post in plan()}


PAGES = {
    "pages/about.md": """\
        ---
        title: About
        ---
        Who writes here, and why: a short page, as most About pages are.
        """,
    "pages/colophon.md": """\
        ---
        title: Colophon
        ---
        Built with Pelican and the reflections theme. No trackers.
        """,
}

SETTINGS = """\
from pelican.plugins.reflections import theme_path

AUTHOR = "A. Writer"
SITENAME = "Reflections at scale"
SITESUBTITLE = "Six years of notes, 400 of them"
SITEURL = "https://big.example"
PATH = "content"
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
PLUGINS = ["reflections"]
THEME = theme_path()
DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = True
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "404"]
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
TAG_FEED_ATOM = "feeds/tag-{slug}.atom.xml"
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = 10
RELATIVE_URLS = True
LOAD_CONTENT_CACHE = False
"""


def write_big_site(root: Path) -> Path:
    """Write the content folder and ``pelicanconf.py`` under ``root``."""
    for relative, text in {**posts(), **PAGES}.items():
        target = root / "content" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    (root / "pelicanconf.py").write_text(SETTINGS, encoding="utf-8")
    return root


def build_big_site(root: Path) -> subprocess.CompletedProcess[str]:
    """Build ``root`` into ``root/output`` with the real ``pelican`` command."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            "content",
            "-s",
            "pelicanconf.py",
            "-o",
            "output",
            "--log-handler",
            "plain",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def representative_pages() -> dict[str, str]:
    """The pages the gates look at, by name: output paths relative to the output.

    The tag and category pages are those of the largest tag and category, so they
    are paginated like a real site's.
    """
    planned = plan()
    tags = Counter(tag for post in planned for tag in post.tags)
    categories = Counter(c for post in planned for c in post.listed_in())
    by_title = {post.title: post.slug for post in planned}
    return {
        "index": "index.html",
        "index-page-2": "index2.html",
        "article-four-updates": f"{by_title[UPDATED_TITLE]}.html",
        "article-twelve-tags": f"{by_title[TWELVE_TAGS_TITLE]}.html",
        "article-long-title": f"{by_title[LONG_TITLES[3]]}.html",
        "archives": "archives.html",
        "year-archive": f"{GATED_YEAR}/index.html",
        "tags": "tags.html",
        "categories": "categories.html",
        "tag": f"tag/{_slug(tags.most_common(1)[0][0])}.html",
        "category": f"category/{_slug(categories.most_common(1)[0][0])}.html",
        "updates": "updates.html",
    }


def _slug(name: str) -> str:
    return slugify(name, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
