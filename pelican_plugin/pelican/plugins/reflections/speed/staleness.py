"""Whether a page is unchanged: what it read last time, read again now.

A page's record (``outputs.Output``) lists what its templates read; this
module reads each again in this build and compares digests, cheapest first: the
templates, the names from the context (those every page shares digested once,
while they are the same objects), the posts read whole, then the attributes read
of each post (memoised per post and list of reads: a post is read alike in every
list it is on). The file on disk is checked before (``Tracker.as_on_disk``).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from jinja2.runtime import missing
from pelican.contents import Content

from .digests import content_key
from .recording import Recorder, local_site_url

if TYPE_CHECKING:
    from .outputs import Output

__all__ = ["Staleness", "combined"]

logger = logging.getLogger(__name__)


def combined(digests: Iterable[bytes]) -> bytes:
    """One digest of several, in order."""
    return hashlib.blake2b(b"".join(digests), digest_size=16).digest()


class Staleness:
    """One build's comparisons of pages' records with what they read now."""

    def __init__(self, recorder: Recorder, changers_known: bool) -> None:
        self.recorder = recorder
        self.digester = recorder.digester
        # Whether every plugin that changes written pages is one kept pages allow.
        self.changers_known = changers_known
        self._index: dict[str, Content] | None = None
        self._reads_seen: dict[tuple[int, int, Any], tuple[Any, Any, bytes]] = {}
        self._names_seen: dict[tuple[Any, int], tuple[tuple[Any, ...], bytes]] = {}

    def what_changed(
        self, old: Output, env: Any, inputs: dict[str, Any], path: str
    ) -> str:
        """The first input of the page that is different now ("" if none); its
        file on disk is the one recorded (``Tracker.as_on_disk``)."""
        if old.modified and not self.changers_known:
            return "the file, after writing (by a plugin not known to keep),"
        recorder = self.recorder
        for name, digest in old.templates:
            if recorder.template_digest(env, name) != digest:
                return f"template {name}"
        if self._names_digest(old.shared_names, env, inputs) != old.shared_digest:
            return "a setting or list it reads"
        if self._names_digest(old.names, env, inputs) != old.names_digest:
            return "a name it reads (" + ", ".join(old.names[:5]) + " …)"
        index = self._posts(inputs)
        for key, digest in old.wholes:
            content = index.get(key)
            if content is None or recorder.whole_digest(content) != digest:
                return f"{key} (whole)"
        digests = []
        for key, reads in old.reads:
            content = index.get(key)
            if content is None:
                return f"{key} (gone)"
            try:
                digests.append(self._reads_digest(env, content, reads))
            except Exception:
                return f"what it reads of {key}"
        if combined(digests) != old.reads_digest:
            keys = [key for key, _ in old.reads]
            return (
                "what it reads of "
                + ", ".join(keys[:3])
                + (" …" if len(keys) > 3 else "")
            )
        return ""

    def _names_digest(
        self, names: tuple[str, ...], env: Any, inputs: dict[str, Any]
    ) -> bytes:
        """The digest of these names' values on this page; pages whose values are
        the very objects of the page before (the build's settings and lists) reuse
        its digest."""
        values = tuple(
            inputs[name] if name in inputs else env.globals.get(name, missing)
            for name in names
        )
        key = (names, id(env))
        found = self._names_seen.get(key)
        if found is None or any(
            a is not b for a, b in zip(found[0], values, strict=True)
        ):
            digest = combined(self.recorder.value_digest(v) for v in values)
            found = self._names_seen[key] = (values, digest)
        return found[1]

    def _reads_digest(
        self, env: Any, content: Content, reads: tuple[tuple[str, Any], ...]
    ) -> bytes:
        """The digest of these reads of one post now; memoised, as many pages read
        the same things of a post (its entry in each list it is on)."""
        site = local_site_url(content)
        key = (id(content), id(reads), site)
        found = self._reads_seen.get(key)
        if found is None:
            now = self.recorder.read_digest_now
            digest = combined(
                [now(env, content, kind, name, site) for kind, name in reads]
            )
            found = self._reads_seen[key] = (content, reads, digest)
        return found[2]

    def _posts(self, context: Mapping[str, Any]) -> dict[str, Content]:
        """Every post, page and static file of the build by key (made once)."""
        if self._index is None:
            self._index = {}
            for content in _contents(context):
                key = content_key(content)
                if key is not None:
                    self._index.setdefault(key, content)
        return self._index

    # After the build.


def _contents(context: Mapping[str, Any]) -> Iterator[Content]:
    for name in ("generated_content", "static_content"):
        table = context.get(name)
        if isinstance(table, Mapping):
            yield from (c for c in table.values() if isinstance(c, Content))
    for name in ("articles", "drafts", "pages", "hidden_pages", "draft_pages"):
        for content in context.get(name) or ():
            if isinstance(content, Content):
                yield content
                yield from getattr(content, "translations", ())
