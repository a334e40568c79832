"""The benchmark corpus is reproducible and its two metadata styles mean the same."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

CORPUS_PY = Path(__file__).resolve().parents[1] / "benchmarks" / "corpus.py"
POSTS = 12


@pytest.fixture(scope="module")
def corpus():
    """benchmarks/corpus.py, imported from its path (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_corpus", CORPUS_PY)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def read_tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*.md")}


def test_same_seed_writes_byte_identical_corpora(corpus, tmp_path):
    corpus.write_corpus(tmp_path / "one", POSTS)
    corpus.write_corpus(tmp_path / "two", POSTS)
    corpus.write_corpus(tmp_path / "other", POSTS, seed=9)

    one = read_tree(tmp_path / "one")
    assert len(one) == 2 * POSTS
    assert one == read_tree(tmp_path / "two")
    assert one != read_tree(tmp_path / "other")


def test_corpus_posts_have_the_reference_shape(corpus):
    posts = corpus.make_posts(200)

    words = [len(post.body.split()) for post in posts]
    assert 550 <= sum(words) / len(words) <= 700
    assert all(1 <= len(post.categories) <= 3 for post in posts)
    assert all(0 <= len(post.tags) <= 4 for post in posts)
    for attr, share in (("updated", 0.3), ("cover", 0.3), ("location", 0.4)):
        found = sum(bool(getattr(post, attr)) for post in posts) / len(posts)
        assert abs(found - share) < 0.1, attr
    bodies = "".join(post.body for post in posts)
    for markdown in ("\n## ", "\n- ", "\n> ", "\n```", "**", "](https://"):
        assert markdown in bodies


def build(content: Path, output: Path, plugins: list[str]) -> Path:
    """A real ``pelican`` run in its own process, so no plugin stays connected."""
    conf = output.parent / f"{output.name}.py"
    conf.write_text(
        f"PLUGINS = {plugins!r}\nTHEME = 'simple'\nTIMEZONE = 'UTC'\n"
        "SITEURL = 'https://bench.example'\n",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(conf)]
    done = subprocess.run(
        [*command, "-o", str(output)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stdout + done.stderr
    return output


def articles_in(output: Path, posts) -> dict[str, tuple]:
    """Title, dates, category and tags of each post's page in the simple theme."""
    found = {}
    for post in posts:
        html = (output / f"{post.slug}.html").read_text(encoding="utf-8")
        page = BeautifulSoup(html, "html.parser")
        times = [t["datetime"] for t in page.select("footer time")]
        links = [a.get_text() for a in page.select("footer a")]
        found[post.slug] = (page.select_one("h2 a").get_text(), times, links)
    return found


def test_yaml_and_native_copies_build_to_the_same_articles(corpus, tmp_path):
    yaml_dir, native_dir = corpus.write_corpus(tmp_path / "corpus", POSTS)
    posts = corpus.make_posts(POSTS)

    with_plugin = build(yaml_dir, tmp_path / "plugin", ["reflections"])
    stock = build(native_dir, tmp_path / "stock", [])

    assert articles_in(with_plugin, posts) == articles_in(stock, posts)
    assert sorted(p.name for p in with_plugin.glob("*.html")) == sorted(
        p.name for p in stock.glob("*.html")
    )
    title, times, links = articles_in(stock, posts)[posts[0].slug]
    assert title == posts[0].title
    assert times[0].startswith(posts[0].date.isoformat())
    assert links[0] == posts[0].categories[0]
