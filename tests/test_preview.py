"""Issue 31, item 3: the preview server (``pelican --listen``) reloads pages.

A real ``pelican --listen`` (and ``--autoreload --listen``, under each of
multiprocessing's start methods) serves a site built by the real Pelican: HTML
pages get the reload script's tag and nothing else changes, every other file is
sent byte for byte, the stamp of a page changes when its bytes do, and
``REFLECTIONS_LIVE_RELOAD = False`` gives Pelican's own server. The output folder
never holds the script.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import PELICAN, Build, pelican, write_files
from pelican.plugins.reflections import theme_path
from pelican.plugins.reflections.command.preview import MISSING, with_script

SETTINGS = f"""
PLUGINS = ["reflections"]
THEME = {theme_path()!r}
SITENAME = "Preview"
SITEURL = ""
AUTHOR = "A. Writer"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
STATIC_PATHS = ["extra"]
FEED_ALL_ATOM = "feeds/all.atom.xml"
"""
POST = """
    ---
    title: Rest
    date: 2024-03-01
    ---
    The first words of the post.
    """
FILES = {
    "content/rest.md": POST,
    "content/extra/data.json": '{"a": [1, 2, 3]}\n',
    "content/extra/note.css": "body { color: black; }\n",
}
TAG = re.compile(rb'<script src="/__reflections__/reload\.js" [^>]*></script>')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str) -> tuple[bytes, dict[str, str]]:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.read(), dict(answer.headers.items())


@contextmanager
def preview_server(
    site: Path, settings: str, *options: str, python: list[str] = PELICAN
) -> Iterator[str]:
    """``pelican content --listen <options>`` in ``site`` on a free port, until
    ``/`` answers; yields the base URL. The process group is killed afterwards."""
    (site / "conf-serve.py").write_text(settings, encoding="utf-8")
    port = free_port()
    command = [*python, "content", "-s", "conf-serve.py", "-o", "output"]
    command += ["--listen", "--bind", "127.0.0.1", "--port", str(port), *options]
    log = site / "serve.log"
    with log.open("w") as sink:
        server = subprocess.Popen(
            command, cwd=site, stdout=sink, stderr=subprocess.STDOUT,
            start_new_session=True, env={**os.environ, "COLUMNS": "200"},
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(base + "/")
                break
            except (OSError, http.client.HTTPException):
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def stamp(base: str, *files: str) -> list[str]:
    query = urllib.parse.urlencode([("file", file) for file in files])
    body, headers = get(f"{base}/__reflections__/stamp?{query}")
    assert headers["Cache-Control"] == "no-store"
    return body.decode().split("\n")


def wait_for(condition, seconds: float = 30.0) -> float:
    """Seconds until ``condition()`` holds (fails after ``seconds``)."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < seconds, "not within the time allowed"
        time.sleep(0.05)
    return time.monotonic() - start


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    site = write_files(tmp_path_factory.mktemp("preview"), FILES)
    done = pelican(site, SETTINGS)
    assert done.returncode == 0, done.log
    (done.output / "bare.html").write_bytes(b"<p>No body here</p>")
    return done


def test_the_tag_goes_before_the_last_body_end_or_at_the_end():
    tag = b'<script src="/__reflections__/reload.js" data-file="/a%20b.html"'
    page = b"<html><BODY>x</body><!-- </body> --></BODY></html>"
    done = with_script(page, "/a%20b.html", "s1")
    assert done.startswith(page[:-14] + tag)
    assert done.endswith(b' data-stamp="s1" async></script></BODY></html>')
    assert with_script(b"<p>x</p>", '/"x".html', "s").startswith(b"<p>x</p><script")
    assert b'data-file="/&quot;x&quot;.html"' in with_script(b"", '/"x".html', "s")


def test_html_pages_get_the_tag_and_every_other_file_its_own_bytes(built: Build):
    files = built.files()
    with preview_server(built.output.parent, SETTINGS) as base:
        for url, relative in [
            ("/", "index.html"),
            ("/rest.html", "rest.html"),
            ("/rest", "rest.html"),  # Pelican's .html fallback, as before
            ("/bare.html", "bare.html"),
        ]:
            body, headers = get(base + url)
            assert len(TAG.findall(body)) == 1, url
            assert TAG.sub(b"", body) == files[relative], url
            assert int(headers["Content-Length"]) == len(body)
            assert headers["Content-Type"] == "text/html"
            assert headers["Cache-Control"] == "no-store"
            if relative != "bare.html":
                assert body.index(TAG.search(body)[0]) < body.rindex(b"</body>")
            data_file = re.search(rb'data-file="([^"]*)"', body)[1].decode()
            data_stamp = re.search(rb'data-stamp="([^"]*)"', body)[1].decode()
            assert stamp(base, data_file) == [data_stamp], url
        for relative in [
            "extra/data.json",
            "extra/note.css",
            "feeds/all.atom.xml",
            *[name for name in files if name.startswith("theme/")],
        ]:
            body, _ = get(f"{base}/{relative}")
            assert body == files[relative], relative
        script, headers = get(base + "/__reflections__/reload.js")
        assert headers["Content-Type"].startswith("text/javascript")
        assert b"location.reload()" in script
    assert built.files() == files  # serving wrote nothing
    log = (built.output.parent / "serve.log").read_text()
    assert "GET /rest.html" in log and "__reflections__" not in log


def test_the_stamp_follows_the_bytes_of_the_file(built: Build):
    page = built.output / "rest.html"
    original = page.read_bytes()
    with preview_server(built.output.parent, SETTINGS) as base:
        first, css = stamp(base, "/rest.html", "/extra/note.css")
        assert MISSING not in (first, css) and first != css
        os.utime(page, ns=(time.time_ns(), time.time_ns() + 10**9))
        assert stamp(base, "/rest.html") == [first]  # touched: the same bytes
        page.write_bytes(original.replace(b"first words", b"other words"))
        changed = stamp(base, "/rest.html")[0]
        assert changed not in (first, MISSING)
        page.unlink()
        assert stamp(base, "/rest.html", "/nowhere.html") == [MISSING, MISSING]
        page.write_bytes(original)
        assert stamp(base, "/rest.html") == [first]
        # Never a file outside the output folder, however the path is written.
        outside = ["/../conf-serve.py", "/%2e%2e/conf-serve.py", "../content/rest.md"]
        assert stamp(base, *outside) == [MISSING] * 3


def test_live_reload_off_is_pelicans_own_server(built: Build):
    settings = SETTINGS + "REFLECTIONS_LIVE_RELOAD = False\n"
    with preview_server(built.output.parent, settings) as base:
        body, headers = get(base + "/rest.html")
        assert body == (built.output / "rest.html").read_bytes()
        assert "Cache-Control" not in headers
        with pytest.raises((urllib.error.URLError, http.client.HTTPException)):
            get(base + "/__reflections__/reload.js")


@pytest.mark.parametrize("start_method", ["fork", "spawn", "forkserver"])
def test_with_autoreload_an_edit_reaches_the_served_page(tmp_path, start_method):
    """``--autoreload --listen`` serves from a second process; each of
    multiprocessing's start methods gets the reloading server."""
    site = write_files(tmp_path, FILES)
    runner = (
        "import multiprocessing, sys; "
        f"multiprocessing.set_start_method({start_method!r}); "
        "from pelican import main; main(sys.argv[1:])"
    )
    python = [PELICAN[0], "-c", runner]
    with preview_server(site, SETTINGS, "--autoreload", python=python) as base:
        # Pelican's autoreload sees edits from the end of its first build on.
        wait_for(lambda: "Done: " in (site / "serve.log").read_text())
        time.sleep(0.5)
        body, _ = get(base + "/rest.html")
        assert TAG.search(body), body[-300:]
        before = re.search(rb'data-stamp="([^"]*)"', body)[1].decode()
        source = site / "content" / "rest.md"
        source.write_text(
            source.read_text().replace("first words", "edited words"), "utf-8"
        )
        took = wait_for(lambda: stamp(base, "/rest.html")[0] not in (before, MISSING))
        body, _ = get(base + "/rest.html")
        assert b"edited words" in body and TAG.search(body)
        print(f"{start_method}: an edit reached the stamp in {took:.2f} s")
    assert b"__reflections__" not in (site / "output" / "rest.html").read_bytes()


def test_a_build_never_holds_the_script(built: Build):
    assert built.files()
    for relative, data in built.files().items():
        assert b"__reflections__" not in data, relative
