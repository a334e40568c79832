"""A post using everything Python-Markdown writes, and the settings that make it."""

from __future__ import annotations

from pathlib import Path

EXAMPLE_IMAGES = Path(__file__).resolve().parents[2] / "example_site/content/images"
IMAGE = (EXAMPLE_IMAGES / "evening-hills.jpg").read_bytes()

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight", "linenums": True},
        "markdown.extensions.extra": {},
        "markdown.extensions.admonition": {},
        "markdown.extensions.toc": {"permalink": True},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}

WIDE_ROW = " | ".join(f"column number {n}" for n in range(1, 13))

POST = f"""\
---
title: Everything Markdown writes
date: 2024-05-01
categories: [Notes]
tags: [Markdown]
series: Showcase
summary: A post with footnotes, admonitions, tables and more.
---
A paragraph with a footnote.[^one] And a second one.[^two]

## A table wider than a phone

| {WIDE_ROW} |
|{"---|" * 12}
| {WIDE_ROW} |

## Notes and warnings

!!! note
    A calm note with a [link](https://example.org/).

!!! warning "Careful"
    Something to watch.

!!! danger
    Something worse.

!!! tip
    A useful habit.

## Definitions

Job
:   What you are paid for this year.

Career
:   What you are building over twenty.

## Code with line numbers

    :::python
    def walk(minutes: int) -> str:
        # A comment long enough to need more room than a phone has to show it whole.
        return "home after " + str(minutes) + " minutes"

## Images and figures

![Hills at dusk, inline.](images/hills.jpg)

<figure markdown="1">
  <img src="images/hills.jpg" alt="Hills at dusk, in a figure."
       width="1200" height="675">
  <figcaption>A figure in the body, with a caption.</figcaption>
</figure>

## More, behind a disclosure

<details>
<summary>What changed</summary>
<p>The weekends held.</p>
</details>

[^one]: The first footnote.
[^two]: The second, with a [link](https://example.org/).
"""

SECOND = """\
---
title: The second part
date: 2024-05-02
tags: [Markdown]
series: Showcase
---
Part two of the series, related by its tag.
"""

FILES: dict[str, str | bytes] = {
    "showcase.md": POST,
    "second.md": SECOND,
    "images/hills.jpg": IMAGE,
}
# pelican-series and pelican-related-posts (the test extra) draw their boxes.
PLUGINS = ["reflections", "series", "related_posts"]
SLUG = "everything-markdown-writes.html"
