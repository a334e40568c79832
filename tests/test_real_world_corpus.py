"""Real posts from public blogs of other generators (tests/real_world_posts/, see
SOURCES.md there) build with the real ``pelican`` command, and each is published
the way its writer would expect from its front matter: its title, its date, its
category and tags when the header gives them, and drafts never published.

Every post is checked and every failure reported at once; the summary line
"N of M posts published right" is printed (visible with ``pytest -s``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup

CORPUS = Path(__file__).parent / "real_world_posts"


@dataclass(frozen=True)
class Expected:
    title: str
    date: str = ""  # YYYY-MM-DD, as the writer dated the post
    tags: tuple[str, ...] = ()  # in the header's order, when it gives tags
    category: str = ""  # the (first) category, when the header gives one
    draft: bool = False  # a draft is never published


E = Expected
# What "published right" means for each post, from its front matter alone (or,
# where the generator dates posts by it, the file or folder name).
EXPECTED: dict[str, Expected] = {
    # Hugo, TOML headers (+++)
    "hugo-toml/jessfraz-blog/battery-day.md": E("Battery Day", "2020-09-29"),
    "hugo-toml/jessfraz-blog/books.md": E("Books I Recommend", "2019-02-25"),
    "hugo-toml/jessfraz-blog/cgroups-all-the-way-down.md": E(
        "Cgroups all the way down", draft=True
    ),
    "hugo-toml/jessfraz-blog/docker-containers-on-the-desktop.md": E(
        "Docker Containers on the Desktop", "2015-02-21"
    ),
    "hugo-toml/jessfraz-blog/docker-run-all-the-things-with-userns.md": E(
        "Docker run all the things with user namespaces", draft=True
    ),
    "hugo-toml/hugoBasicExample/goisforlovers.md": E(
        "(Hu)go Template Primer",
        "2014-04-02",
        ("go", "golang", "templates", "themes", "development"),
        "Development",
    ),
    "hugo-toml/hugoBasicExample/hugoisforlovers.md": E(
        "Getting Started with Hugo",
        "2014-04-02",
        ("go", "golang", "hugo", "development"),
        "Development",
    ),
    # Hugo, JSON headers ({ ... })
    "hugo-json/j3ff.com/building-a-site-with-hugo.md": E(
        "Building a Site with Hugo", "2014-02-03", ("Blog", "Hugo")
    ),
    "hugo-json/j3ff.com/hello-world.md": E(
        "Hello World", "2014-02-01", ("Projects", "Blog")
    ),
    # Zola, TOML headers with [taxonomies]; dated by the bundle's folder name
    "zola/ongoing-struggle/2006-05-23-is-chinese-whispers-racist/index.md": E(
        "Is “Chinese whispers” racist?", "2006-05-23", ("migrated-from-wordpress",)
    ),
    "zola/ongoing-struggle/2021-07-24-keeping-firewall-logs-out-of-linuxs-kernel"
    "-log-with-ulogd2/index.md": E(
        "Keeping firewall logs out of Linux's kernel log with ulogd2",
        "2021-07-24",
        ("iptables", "linux", "migrated-from-wordpress"),
    ),
    "zola/ongoing-struggle/2024-05-06-link-shortener-part-2/index.md": E(
        "Link shortener, part 2",
        "2024-05-06",
        ("hacking", "linux", "rustlang", "migrated-from-wordpress"),
    ),
    "zola/ongoing-struggle/2025-09-14-database-backups-dump-files-and-restic"
    "/index.md": E(
        "Database backups, dump files and restic", "2025-09-14", ("backups", "restic")
    ),
    # Eleventy; dated by the file name
    "eleventy/mxb/bottle-slider-wiggle-effect/2017-03-08-index.md": E(
        "Bottle Slider Wiggle Effect", "2017-03-08", ("code", "design")
    ),
    "eleventy/mxb/buildless/2024-09-08-index.md": E(
        "Going Buildless", "2024-09-08", ("code",)
    ),
    "eleventy/mxb/color-theme-switcher/2020-04-30-index.md": E(
        "Color Theme Switcher", "2020-04-30", ("code", "design")
    ),
    "eleventy/mxb/eleventy-v3-update/2024-06-01-index.md": E(
        "Upgrading to Eleventy v3", "2024-06-01", ("code",)
    ),
    "eleventy/mxb/frontend-developer-interview-answers/2015-04-25-index.md": E(
        "Frontend Developer Interview Answers", "2015-04-25", ("code",)
    ),
    # Jekyll (_posts/YYYY-MM-DD-title)
    "jekyll/jekyll-docs/2013-05-06-jekyll-1-0-0-released.md": E(
        "Jekyll 1.0.0 Released", "2013-05-06", category="release"
    ),
    "jekyll/jekyll-docs/2015-11-17-jekyll-3-0-1-released.md": E(
        "Jekyll 3.0.1 Released", "2015-11-17", category="release"
    ),
    "jekyll/jekyll-docs/2018-05-18-jekyll-3-8-2-released.md": E(
        "Jekyll 3.8.2 Released", "2018-05-19", category="release"
    ),
    "jekyll/jekyll-docs/2020-08-05-jekyll-3-9-0-released.md": E(
        "Jekyll 3.9.0 Released", "2020-08-05", category="release"
    ),
    # Hexo (dated by the file name)
    "hexo/hexo-site/2014-06-14-hexo-2-7-released.md": E(
        "Hexo 2.7 Released", "2014-06-14"
    ),
    "hexo/hexo-site/2019-10-14-hexo-4-released.md": E(
        "Hexo 4.0.0 Released", "2019-10-14"
    ),
    "hexo/hexo-site/2024-04-17-hexo-7-2-0-released.md": E(
        "Hexo 7.2.0 Released", "2024-04-17"
    ),
    # Gatsby (gatsby-transformer-remark)
    "gatsby/gatsby-blog/2017-10-01-migrating-my-blog-from-hexo-to-gatsby/index.md": E(
        "Migrating My Blog From Hexo To Gatsby", "2017-10-01"
    ),
    "gatsby/gatsby-blog/2018-09-17-gatsby-v2.md": E(
        "Announcing Gatsby 2.0.0 🎉🎉🎉", "2018-09-17"
    ),
    # Docusaurus blog (dated by the file or folder name)
    "docusaurus/docusaurus-blog/2021-03-09-releasing-docusaurus-i18n.md": E(
        "Releasing Docusaurus i18n", "2021-03-09", ("release", "i18n")
    ),
    "docusaurus/docusaurus-blog/2022-01-24-docusaurus-2021-recap/index.md": E(
        "Docusaurus 2021 Recap", "2022-01-24", ("recap",)
    ),
    # Astro (AstroPaper)
    "astro/astro-paper/how-to-configure-astropaper-theme.md": E(
        "How to configure AstroPaper theme", "2022-09-23", ("configuration", "docs")
    ),
}

# A header line left in a published body: `title:`, `"title":`, `title =`.
LEAKED_HEADER = re.compile(r'^\s*"?title"?\s*(:|=)', re.IGNORECASE | re.MULTILINE)


@dataclass
class Page:
    path: str
    title: str
    date: str
    category: str
    tags: list[str]
    body: str


@dataclass
class Output:
    published: dict[str, list[Page]] = field(default_factory=dict)
    drafts: dict[str, list[Page]] = field(default_factory=dict)


def read_article(html: Path, output: Path) -> Page | None:
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    link = soup.select_one("article header h2 a[rel=bookmark]")
    relative = html.relative_to(output).as_posix()
    if link is None or link.get("href", "").lstrip("/") != relative:
        return None  # an index, category, tag or author page
    article = link.find_parent("article")
    stamp = article.select_one("footer time")
    category = ""
    tags: list[str] = []
    for line in article.select("footer p"):
        text = line.get_text(" ", strip=True)
        if text.startswith("Category:"):
            category = line.a.get_text(strip=True)
        elif text.startswith("Tags:"):
            tags = [a.get_text(strip=True) for a in line.select("a")]
    for part in article.select("header, footer"):
        part.extract()
    return Page(
        path=relative,
        title=link.get_text(strip=True),
        date=stamp["datetime"][:10] if stamp else "",
        category=category,
        tags=tags,
        body=article.get_text("\n"),
    )


def build(tmp_path: Path) -> tuple[subprocess.CompletedProcess, Output]:
    content = tmp_path / "content"
    shutil.copytree(CORPUS, content, ignore=shutil.ignore_patterns("SOURCES.md"))
    (tmp_path / "conf.py").write_text(
        'PLUGINS = ["reflections"]\nTHEME = "simple"\nTIMEZONE = "UTC"\n'
        'SITEURL = ""\nPATH = "content"\nSITENAME = "Corpus"\n'
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "conf.py", "-o", "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = tmp_path / "out"
    found = Output()
    for html in sorted(output.rglob("*.html")) if output.is_dir() else []:
        page = read_article(html, output)
        if page is not None:
            where = found.drafts if page.path.startswith("drafts/") else found.published
            where.setdefault(page.title, []).append(page)
    return run, found


def check(post: str, want: Expected, found: Output) -> list[str]:
    pages = found.published.get(want.title, [])
    if want.draft:
        if pages:
            return [f"a draft, but published as {pages[0].path}"]
        return []
    if not pages:
        near = [p.path for ps in found.published.values() for p in ps]
        near = [p for p in near if Path(post).parent.name in p or Path(post).stem in p]
        got = f"; got {near}" if near else ""
        return [f"not published with title {want.title!r}{got}"]
    page = pages[0]
    problems = []
    if len(pages) > 1:
        problems.append(f"published {len(pages)} times: {[p.path for p in pages]}")
    if want.date and page.date != want.date:
        problems.append(f"date: expected {want.date}, got {page.date or 'none'}")
    if want.tags and page.tags != list(want.tags):
        problems.append(f"tags: expected {list(want.tags)}, got {page.tags}")
    if want.category and page.category != want.category:
        problems.append(f"category: expected {want.category!r}, got {page.category!r}")
    return problems


def test_real_posts_from_other_generators_publish_right(tmp_path):
    posts = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.md"))
    posts.remove("SOURCES.md")
    assert sorted(EXPECTED) == posts, "every corpus post has one expectation"

    run, found = build(tmp_path)
    failures: dict[str, list[str]] = {}
    for post, want in EXPECTED.items():
        problems = check(post, want, found)
        if problems:
            failures[post] = problems

    leaked = [
        page.path
        for pages in [*found.published.values(), *found.drafts.values()]
        for page in pages
        if LEAKED_HEADER.search(page.body)
    ]
    right = len(EXPECTED) - len(failures)
    print(f"\n{right} of {len(EXPECTED)} posts published right")
    for post, problems in failures.items():
        print(f"  {post}: " + "; ".join(problems))
    if leaked:
        print(f"  front matter left in the body of: {leaked}")

    assert run.returncode == 0, run.stderr[-3000:] or run.stdout[-3000:]
    assert not leaked, f"front matter published in the body of {leaked}"
    assert not failures, "\n".join(
        f"{post}: " + "; ".join(problems) for post, problems in failures.items()
    )
