"""Live reload for the preview server (``pelican --listen``, ``make serve``).

With ``REFLECTIONS_LIVE_RELOAD`` on, Pelican serves with ``PreviewHandler``, its own
handler plus two things: each HTML page it sends gets a ``<script src>`` tag before
``</body>`` (the tag carries the digest of the file as sent), and it answers
``/__reflections__/reload.js`` and ``/__reflections__/stamp``, which gives the
digest of each file asked for. The script asks every 300 ms (one short request: the
server is single-threaded) and reloads the page when the page's file or one of its
stylesheets now holds other bytes; with no server it backs off, then stops. Nothing
is written to the output folder: a build never contains the script. The handler
goes in through ``pelican_api.serve_previews_with``, with ``listen``, which installs
it again in a process started afresh (``--autoreload`` where multiprocessing spawns).
"""

from __future__ import annotations

import hashlib
import html
import io
import os
from typing import Any, BinaryIO, ClassVar
from urllib.parse import parse_qs, urlsplit

from pelican import signals
from pelican.server import ComplexHTTPRequestHandler

from .. import pelican_api
from ..settings import current

__all__ = ["PreviewHandler", "connect", "listen", "with_script"]

PREFIX = "/__reflections__/"
SCRIPT_URL = PREFIX + "reload.js"
STAMP_URL = PREFIX + "stamp"
MISSING = "missing"
# The most files one stamp request asks about (the page and its stylesheets).
MOST_FILES = 64

# The script (it names STAMP_URL and MISSING as they are).
RELOAD_JS = """\
(() => {
  "use strict";
  const tag = document.currentScript;
  const files = [tag.dataset.file];
  const known = [tag.dataset.stamp];
  for (const link of document.querySelectorAll('link[rel~="stylesheet"][href]')) {
    const sheet = new URL(link.href, location.href);
    if (sheet.origin === location.origin) {
      files.push(sheet.pathname);
      known.push(null);
    }
  }
  const asked = files.map((file) => "file=" + encodeURIComponent(file)).join("&");
  const stampUrl = "/__reflections__/stamp?" + asked;
  let failures = 0;
  async function poll() {
    try {
      const answer = await fetch(stampUrl, { cache: "no-store" });
      if (!answer.ok) throw new Error(answer.statusText);
      const stamps = (await answer.text()).split("\\n");
      failures = 0;
      for (let i = 0; i < files.length; i++) {
        if (known[i] === null) known[i] = stamps[i];
        else if (stamps[i] !== known[i] && stamps[i] !== "missing") {
          location.reload();
          return;
        }
      }
    } catch {
      failures += 1;
      if (failures > 12) return; // the server is gone (about 90 s): stop asking
    }
    // Each failure is a line in the console: 1 s, 2 s, 4 s … 10 s apart.
    setTimeout(poll, failures ? Math.min(500 * 2 ** failures, 10000) : 300);
  }
  setTimeout(poll, 300);
})();
"""


def digest(data: bytes) -> str:
    """A short digest of a file's bytes: the same bytes, the same stamp."""
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def with_script(page: bytes, url_path: str, stamp: str) -> bytes:
    """``page`` with the reload script's tag before its last ``</body>`` (at the
    end without one), naming the file it was served from and its stamp."""
    tag = (
        f'<script src="{SCRIPT_URL}" data-file="{html.escape(url_path)}" '
        f'data-stamp="{stamp}" async></script>'
    ).encode()
    end = page.lower().rfind(b"</body")
    return page + tag if end < 0 else page[:end] + tag + page[end:]


class PreviewHandler(ComplexHTTPRequestHandler):
    """Pelican's preview handler, with the reload script in every HTML page."""

    # File path -> (mtime_ns, size, digest): a file is read again only once changed.
    stamps: ClassVar[dict[str, tuple[int, int, str]]] = {}

    def do_GET(self) -> None:
        """Answer the script and stamp requests; Pelican's handler the others."""
        route = urlsplit(self.path).path
        if route == SCRIPT_URL:
            self._answer(RELOAD_JS.encode(), "text/javascript; charset=utf-8")
        elif route == STAMP_URL:
            asked = parse_qs(urlsplit(self.path).query).get("file", [])[:MOST_FILES]
            answer = "\n".join(self.stamp(self.translate_path(f)) for f in asked)
            self._answer(answer.encode(), "text/plain; charset=utf-8")
        else:
            super().do_GET()

    def send_head(self) -> BinaryIO | None:
        """An HTML file's headers, its body kept for ``do_GET`` with the script
        added; other files (and directories) as Pelican sends them."""
        path = self.translate_path(self.path)
        route = urlsplit(self.path).path
        if (
            route.endswith("/")
            or self.guess_type(path) != "text/html"
            or not os.path.isfile(path)
        ):
            return super().send_head()
        try:
            with open(path, "rb") as file:
                page = file.read()
        except OSError:
            return super().send_head()  # its error answer
        body = with_script(page, route, digest(page))
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(len(body)))
        # Always the file as it is now: Last-Modified counts whole seconds.
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return io.BytesIO(body)

    def stamp(self, path: str) -> str:
        """The digest of the file at ``path``; ``MISSING`` when there is none."""
        try:
            status = os.stat(path)
            known = self.stamps.get(path)
            if known and known[:2] == (status.st_mtime_ns, status.st_size):
                return known[2]
            with open(path, "rb") as file:
                found = digest(file.read())
        except OSError:
            return MISSING
        self.stamps[path] = (status.st_mtime_ns, status.st_size, found)
        return found

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Pelican's request log, without the script's own requests."""
        if not self.path.startswith(PREFIX):
            super().log_request(code, size)

    def _answer(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def listen(host: str, port: int, output: str, excqueue: Any = None) -> None:
    """Pelican's ``listen`` with ``PreviewHandler``, installed again here for a
    process that imported Pelican afresh (spawn, forkserver)."""
    pelican_api.serve_previews_with(PreviewHandler, listen)
    pelican_api.pelican_listen(host, port, output, excqueue)


def on_initialized(pelican: Any) -> None:
    """Pelican ``initialized``: the preview server reloads pages, or is Pelican's."""
    if current(pelican.settings).live_reload:
        pelican_api.serve_previews_with(PreviewHandler, listen)
    else:
        pelican_api.serve_previews_with(None)


def connect() -> None:
    """Connect live reload to Pelican's signals."""
    signals.initialized.connect(on_initialized)
