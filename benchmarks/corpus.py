"""Deterministic benchmark corpus: N reflective posts, in two metadata styles.

Each post is written twice from the same data:

- ``yaml/``: YAML front matter in the style of ``example_site/content/job-vs-career.md``
  (every key present, unused ones left empty);
- ``native/``: Pelican's own ``Key: value`` Markdown metadata, read by stock Pelican.

The same ``seed`` and ``posts`` always give byte-identical files.

Usage: ``python benchmarks/corpus.py OUT_DIR --posts 2000 [--seed 8]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_WORD_TEXT = """
time work focus career job plan year change habit craft attention practice
writing reading learning sharing notes morning evening week season quiet slow
steady small simple clear honest patient careful deliberate early late long
short calm busy tired rested open closed thought idea question answer reason
choice value purpose meaning direction distance edge centre balance weight
space room desk garden kitchen walk river road city town coast hill window
light shadow rain wind winter summer spring autumn coffee tea letter book
page chapter draft story list plan goal project team friend mentor manager
client meeting email calendar routine ritual rest sleep energy effort progress
mistake lesson pattern signal noise boundary promise commitment priority
"""
WORDS = _WORD_TEXT.split()

CATEGORIES = [
    "Reflection",
    "Work",
    "Life",
    "Writing",
    "Habits",
    "Learning",
    "Travel",
    "Reading",
    "Tools",
    "Health",
    "Family",
    "Craft",
]

TAGS = [
    "Jobs",
    "Focus",
    "Career",
    "Planning",
    "Journaling",
    "Deep Work",
    "Books",
    "Walking",
    "Coffee",
    "Mornings",
    "Remote Work",
    "Burnout",
    "Goals",
    "Reviews",
    "Notes",
    "Systems",
    "Teams",
    "Leadership",
    "Mentoring",
    "Writing",
    "Python",
    "Pelican",
    "Markdown",
    "Photography",
    "Cycling",
    "Cooking",
    "Music",
    "Gardening",
    "Mindfulness",
    "Minimalism",
    "Weekly Review",
    "Side Projects",
    "Open Source",
    "Learning",
    "Parenting",
    "Rest",
    "Seasons",
    "Cities",
    "Trains",
    "Letters",
]

PLACES = [
    "Melbourne, Australia",
    "Hobart",
    "Lisbon, Portugal",
    "Kyoto",
    "Wellington, New Zealand",
    "Edinburgh",
    "Vancouver, Canada",
    "A small cabin by the lake",
    "Home office",
    "Berlin",
]

CODE_SNIPPETS = [
    (
        "python",
        [
            "def review(week):",
            '    """Sum up what mattered."""',
            "    done = [task for task in week if task.finished]",
            "    return len(done), week.notes",
        ],
    ),
    ("bash", ["mkdir -p notes/2024", "grep -ri focus notes/ | wc -l"]),
    (
        "yaml",
        ["habits:", "  - walk", "  - write", "  - read", "review: weekly"],
    ),
]

BODY_WORDS = 600
END_DATE = dt.date(2025, 12, 31)


@dataclass(frozen=True)
class Post:
    """One post's data, written out in both metadata styles."""

    slug: str
    title: str
    date: dt.date
    categories: list[str]
    tags: list[str]
    updated: dt.date | None
    update_note: str
    location: str
    cover: str
    summary: str
    body: str


def _sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _decorate(rng: random.Random, sentence: str) -> str:
    """Sprinkle inline Markdown (emphasis, strong, links, code) into a sentence."""
    words = sentence.split(" ")
    for _ in range(rng.randint(0, 3)):
        i = rng.randrange(1, len(words) - 1)
        word = words[i]
        kind = rng.randrange(6)
        if kind == 0:
            words[i] = f"*{word}*"
        elif kind == 1:
            words[i] = f"**{word}**"
        elif kind == 2:
            words[i] = f"***{word}***"
        elif kind == 3:
            words[i] = f"[{word}](https://example.org/{word}/{rng.randrange(1000)})"
        elif kind == 4:
            words[i] = f"`{word}`"
        else:
            words[i] = f"{word} — {rng.choice(WORDS)}\u2019s"  # dash, curly apostrophe
    return " ".join(words)


def _paragraph(rng: random.Random) -> str:
    return " ".join(_decorate(rng, _sentence(rng)) for _ in range(rng.randint(3, 6)))


def _block(rng: random.Random, index: int) -> str:
    """One Markdown block: paragraphs, with headings, lists, quotes and code between."""
    kind = index % 7
    if kind == 1:
        return f"## {_sentence(rng, 2, 5)[:-1]}"
    if kind == 3:
        marker = "-" if rng.random() < 0.6 else "1."
        items = [_decorate(rng, _sentence(rng, 4, 9)) for _ in range(rng.randint(3, 5))]
        return "\n".join(f"{marker} {item}" for item in items)
    if kind == 5:
        return "\n".join(f"> {_decorate(rng, _sentence(rng))}" for _ in range(2))
    if kind == 6 and rng.random() < 0.5:
        lang, lines = rng.choice(CODE_SNIPPETS)
        return "\n".join([f"```{lang}", *lines, "```"])
    if kind == 6:
        return f"### {_sentence(rng, 2, 4)[:-1]}"
    return _paragraph(rng)


def _body(rng: random.Random) -> str:
    blocks: list[str] = []
    words = 0
    while words < BODY_WORDS:
        block = _block(rng, len(blocks))
        blocks.append(block)
        words += len(block.split())
    return "\n\n".join(blocks) + "\n"


def _slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def iter_posts(posts: int, seed: int = 8) -> Iterator[Post]:
    """The corpus as data, one post at a time: one a day, ending on END_DATE."""
    rng = random.Random(seed)
    seen: set[str] = set()
    for index in range(posts):
        while True:
            title = " ".join(rng.choices(WORDS, k=rng.randint(2, 5))).title()
            slug = _slugify(title)
            if slug not in seen:
                seen.add(slug)
                break
        date = END_DATE - dt.timedelta(days=posts - 1 - index)
        updated = None
        update_note = ""
        if rng.random() < 0.3:
            updated = min(date + dt.timedelta(days=rng.randint(5, 400)), END_DATE)
            update_note = _decorate(rng, _sentence(rng, 6, 14))
        yield Post(
            slug=slug,
            title=title,
            date=date,
            categories=rng.sample(CATEGORIES, rng.randint(1, 3)),
            tags=rng.sample(TAGS, rng.randint(0, 4)),
            updated=updated,
            update_note=update_note,
            location=rng.choice(PLACES) if rng.random() < 0.4 else "",
            cover=(
                f"https://images.example.org/covers/{slug}.jpg"
                if rng.random() < 0.3
                else ""
            ),
            summary=" ".join(_sentence(rng) for _ in range(2)),
            body=_body(rng),
        )


def make_posts(posts: int, seed: int = 8) -> list[Post]:
    """The corpus as a list (for tests; the writer streams)."""
    return list(iter_posts(posts, seed))


def _yaml_list(values: list[str]) -> str:
    return "".join(f"\n  - {value}" for value in values)


def to_yaml(post: Post) -> str:
    """The post with YAML front matter, keys as in the reference post."""
    return (
        "---\n"
        f"title: {post.title}\n"
        f"date: {post.date.isoformat()}\n"
        f"categories:{_yaml_list(post.categories)}\n"
        f"updatedDate: {post.updated.isoformat() if post.updated else ''}\n"
        f"updateDescription: {post.update_note}\n"
        f"tags:{_yaml_list(post.tags)}\n"
        f"location: {post.location}\n"
        f"coverImage: {post.cover}\n"
        f"summary: {post.summary}\n"
        "---\n"
        f"{post.body}"
    )


def to_native(post: Post) -> str:
    """The post with Pelican's ``Key: value`` metadata (one category, as stock has)."""
    lines = [
        f"Title: {post.title}",
        f"Date: {post.date.isoformat()}",
        f"Category: {post.categories[0]}",
        f"Categories: {', '.join(post.categories)}",
    ]
    if post.tags:
        lines.append(f"Tags: {', '.join(post.tags)}")
    if post.updated:
        lines.append(f"Modified: {post.updated.isoformat()}")
        lines.append(f"Update_description: {post.update_note}")
    if post.location:
        lines.append(f"Location: {post.location}")
    if post.cover:
        lines.append(f"Cover: {post.cover}")
    lines.append(f"Summary: {post.summary}")
    return "\n".join(lines) + "\n\n" + post.body


def write_corpus(out: Path, posts: int, seed: int = 8) -> tuple[Path, Path]:
    """Write ``out/yaml`` and ``out/native`` (replacing them) and return both."""
    yaml_dir, native_dir = out / "yaml", out / "native"
    for directory in (yaml_dir, native_dir):
        if directory.exists():
            shutil.rmtree(directory)
        directory.mkdir(parents=True)
    for index, post in enumerate(iter_posts(posts, seed)):
        name = f"{index:05d}-{post.slug}.md"
        (yaml_dir / name).write_text(to_yaml(post), encoding="utf-8")
        (native_dir / name).write_text(to_native(post), encoding="utf-8")
    return yaml_dir, native_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="directory for yaml/ and native/")
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    yaml_dir, native_dir = write_corpus(args.out, args.posts, args.seed)
    print(f"{args.posts} posts in {yaml_dir} and {native_dir}")


if __name__ == "__main__":
    main()
