"""One test per private Pelican name the plugin reaches (all in ``pelican_api``).

A Pelican release that renames or changes one of them fails the test named after
it, not a build somewhere else.
"""

from __future__ import annotations

import copy
import os
from typing import Any

import pytest
from markdown import Markdown
from pelican.contents import Article
from pelican.plugins.reflections import pelican_api
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import SafeDatetime
from pelican.writers import Writer


def article(
    settings: dict[str, Any],
    slug: str,
    body: str = "Body",
    context: dict[str, Any] | None = None,
    day: int = 2,
) -> Article:
    """A post as Pelican's reader makes it: ``<slug>.md`` in ``settings["PATH"]``,
    titled after its slug."""
    return Article(
        body,
        {"title": slug.title(), "slug": slug, "date": SafeDatetime(2024, 1, day)},
        settings=settings,
        source_path=os.path.join(settings["PATH"], f"{slug}.md"),
        context={} if context is None else context,
    )


def test_content_update_content_resolves_intra_site_links(tmp_path):
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings["SITEURL"] = "https://example.org"
    settings["PATH"] = str(tmp_path)
    target = article(settings, "target", day=1)
    context = {
        "generated_content": {"target.md": target},
        "static_content": {},
        "localsiteurl": "https://example.org",
    }
    post = article(settings, "post", context=context)
    html = '<a href="{filename}target.md">see</a>'
    resolved = pelican_api.resolve_links(post, html)
    assert resolved == '<a href="https://example.org/target.html">see</a>'


def test_markdown_reader_md_is_where_pelican_keeps_its_markdown(tmp_path):
    source = tmp_path / "stock.md"
    source.write_text("Title: Stock\n\nText\n", encoding="utf-8")
    reader = MarkdownReader(copy.deepcopy(DEFAULT_CONFIG))
    reader.read(str(source))
    assert isinstance(reader._md, Markdown)  # Pelican's own reader sets it there
    mine = Markdown()
    pelican_api.share_markdown(reader, mine)
    assert reader._md is mine


def test_a_claimed_output_counts_as_written_for_pelicans_overwrite_check(tmp_path):
    writer = Writer(str(tmp_path), settings=copy.deepcopy(DEFAULT_CONFIG))
    path = str(tmp_path / "kept.html")
    pelican_api.claim_output(writer, path, override=False)
    assert not (tmp_path / "kept.html").exists()  # nothing was written
    with pytest.raises(RuntimeError, match="overwrit"):
        writer._open_w(path, "utf-8")  # a second output for one file is caught
    overridden = str(tmp_path / "index.html")
    pelican_api.claim_output(writer, overridden, override=True)
    with writer._open_w(overridden, "utf-8") as handle:  # later writes: skipped
        assert handle.name == os.devnull


def test_a_forgotten_file_is_read_again_from_pelicans_content_cache(tmp_path):
    """``FileDataCacher._cache``: the dict a content cache keeps its readings in."""
    from pelican.readers import Readers

    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings.update(CACHE_PATH=str(tmp_path), CACHE_CONTENT=True)
    settings["CONTENT_CACHING_LAYER"] = "reader"
    readers = Readers(settings, cache_name="test-cache")
    path = tmp_path / "post.md"
    path.write_text("Title: Post\n\nBody.\n", encoding="utf-8")
    readers.cache_data(str(path), ("<p>Body.</p>", {"title": "Post"}))
    assert readers.get_cached_data(str(path)) is not None
    pelican_api.forget_cached(readers, str(path))
    assert readers.get_cached_data(str(path)) is None


def test_an_opening_writer_is_asked_before_pelican_opens_a_page(tmp_path):
    """``Writer._open_w``: the one place Pelican's writer opens a page's file."""
    from jinja2 import Template

    class Asked(pelican_api.OpeningWriter):
        asked: list[str] = []  # noqa: RUF012

        def open_instead(self, filename, override):
            self.asked.append(filename)
            return None

    settings = copy.deepcopy(DEFAULT_CONFIG)
    writer = Asked(str(tmp_path), settings=settings)
    writer.write_file("page.html", Template("made"), {})
    assert Asked.asked == [os.path.join(str(tmp_path), "page.html")]
    assert (tmp_path / "page.html").read_text() == "made"


def test_the_live_display_lock_is_where_rich_keeps_it():
    """rich's ``Live._lock``: held while its refresh thread writes."""
    from rich.live import Live

    live = Live(auto_refresh=True)
    live.start()
    try:
        refresh = live._refresh_thread
        lock = pelican_api.live_display_lock(refresh)
        assert lock is live._lock
        assert hasattr(lock, "acquire") and hasattr(lock, "release")
    finally:
        live.stop()


def test_a_posts_build_context_is_where_pelican_keeps_it(tmp_path):
    """``Content._context``: the context of the build that made the post."""
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings["PATH"] = str(tmp_path)
    context = {"localsiteurl": "https://example.org"}
    post = article(settings, "post", context=context)
    assert pelican_api.context_of(post) is context


def test_content_content_is_the_body_before_links_are_resolved(tmp_path):
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings["PATH"] = str(tmp_path)
    body = '<img src="{static}/images/a.jpg" alt="">'
    post = article(
        settings, "post", body=body, context={"static_content": {}, "localsiteurl": ""}
    )
    assert pelican_api.unrendered_body(post) == body


def test_pelicans_listen_builds_its_server_with_the_handler_global():
    """``pelican.ComplexHTTPRequestHandler`` and ``pelican.listen``: the module
    globals ``listen`` builds its server with and ``main`` runs (``--listen``)."""
    import inspect

    import pelican
    from pelican import server

    own = pelican_api._PELICAN_LISTEN  # an in-process build may have replaced it
    assert (own.__module__, own.__name__) == ("pelican", "listen")
    assert "ComplexHTTPRequestHandler" in own.__code__.co_names
    assert "RootedHTTPServer" in own.__code__.co_names
    assert "listen" in pelican.main.__code__.co_names
    assert list(inspect.signature(own).parameters) == [
        "server",
        "port",
        "output",
        "excqueue",
    ]
    for name in ("translate_path", "get_path_that_exists", "send_head", "do_GET"):
        assert callable(getattr(server.ComplexHTTPRequestHandler, name)), name

    class Handler(server.ComplexHTTPRequestHandler):
        pass

    def listen(*args):
        pass

    try:
        pelican_api.serve_previews_with(Handler, listen)
        assert pelican.ComplexHTTPRequestHandler is Handler
        assert pelican.listen is listen
    finally:
        pelican_api.serve_previews_with(None)
    assert pelican.ComplexHTTPRequestHandler is server.ComplexHTTPRequestHandler
    assert pelican.listen is own


def test_autoreload_waits_through_the_globals_the_plugin_wraps(tmp_path):
    """``pelican.wait_for_changes`` (the global ``autoreload`` calls after each
    build) and ``pelican.utils.watchfiles.watch`` (what it waits with): with the
    wrap, a change made before the watcher starts is returned, and one made after
    it is returned by the watcher."""
    import threading
    import time

    import pelican
    import pelican.utils

    own = pelican_api._PELICAN_WAIT
    assert (own.__module__, own.__name__) == ("pelican.utils", "wait_for_changes")
    assert "wait_for_changes" in pelican.autoreload.__code__.co_names
    assert {"watchfiles", "watch"} <= set(own.__code__.co_names)
    content = tmp_path / "content"
    content.mkdir()
    settings = {"PATH": str(content), "THEME": "", "STATIC_PATHS": []}
    conf = tmp_path / "pelicanconf.py"
    conf.write_text("", encoding="utf-8")
    early = {(pelican.utils.watchfiles.Change.modified, "before.md")}
    try:
        pelican_api.wait_for_changes_with(lambda s: early if s is settings else set())
        assert pelican.wait_for_changes(str(conf), settings) == early
        pelican_api.wait_for_changes_with(lambda s: set())
        later = threading.Timer(0.5, (content / "after.md").write_text, ["x"])
        later.start()
        start = time.perf_counter()
        found = pelican.wait_for_changes(str(conf), settings)
        assert {path for _, path in found} == {str(content / "after.md")}
        assert time.perf_counter() - start < 5
    finally:
        pelican_api.wait_for_changes_with(None)
    assert pelican.wait_for_changes is own
    assert pelican.utils.watchfiles.watch.__module__ == "watchfiles.main"


def test_pelican_memoises_a_posts_html_where_forget_memoized_drops_it(tmp_path):
    """``Content.get_content``/``get_summary`` keep each post's HTML keyed by the
    post (``memoized.cache``): after ``forget_memoized`` a changed body shows."""
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings["PATH"] = str(tmp_path)
    post = article(
        settings,
        "post",
        body="<p>Before.</p>",
        context={"static_content": {}, "localsiteurl": ""},
    )
    assert "Before." in post.content and "Before." in post.summary
    post._content = "<p>After.</p>"
    assert "Before." in post.content  # memoised: Pelican's own behaviour
    pelican_api.forget_memoized([post])
    assert "After." in post.content and "After." in post.summary


def test_a_content_cache_is_saved_through_save_cache(tmp_path):
    """``FileDataCacher.save_cache`` (with ``_cache_data_policy`` and
    ``_cache_path``) is what a generator's readers call to write Pelican's
    content cache: ``defer_cache_save`` hands it to another caller."""
    from pelican.readers import Readers

    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings.update(PATH=str(tmp_path), CACHE_PATH=str(tmp_path / "cache"))
    settings.update(CACHE_CONTENT=True, LOAD_CONTENT_CACHE=False)
    readers = Readers(settings, "ArticlesGenerator-Readers")
    later: list[tuple[object, str]] = []
    pelican_api.defer_cache_save(readers, lambda job, name: later.append((job, name)))
    readers.save_cache()
    assert not (tmp_path / "cache" / "ArticlesGenerator-Readers").exists()
    [(job, name)] = later
    assert name.endswith("ArticlesGenerator-Readers")
    job()  # type: ignore[operator]
    assert (tmp_path / "cache" / "ArticlesGenerator-Readers").stat().st_size > 0


def test_a_post_made_again_from_its_attributes_reads_as_the_post(tmp_path):
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings["PATH"] = str(tmp_path)
    target = article(settings, "target", day=1)
    first_context = {"generated_content": {}, "static_content": {}}
    post = article(
        settings,
        "post",
        body='<a href="{filename}target.md">to</a>',
        context=first_context,
    )
    post.translations = [target]
    context = {
        "generated_content": {"target.md": target},
        "static_content": {},
        "localsiteurl": "",
    }
    again = pelican_api.made_again(Article, dict(vars(post)), context)
    assert type(again) is Article and again is not post
    assert pelican_api.context_of(again) is context  # Content._context
    assert again.translations == []  # as Content.__init__ leaves them
    assert (again.title, again.slug, again.url) == ("Post", "post", "post.html")
    assert again.content == '<a href="/target.html">to</a>'  # links in the new context
