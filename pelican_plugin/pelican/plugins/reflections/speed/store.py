"""The incremental rebuilds' record on disk: one file in the cache folder for each
output folder, thrown away whenever the build around the pages changed (a setting,
Pelican, this plugin, Python) or ``--ignore-cache`` is given."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pelican

from . import background
from .digests import Digester

__all__ = ["NOT_THE_SITE", "fingerprint", "load", "save"]

logger = logging.getLogger(__name__)
VERSION = 2  # 2: an output's raw digest is of the file as the build left it
# Settings that change how Pelican reads the cache, logs or reads files (in worker
# processes or not), never what a page is. REFLECTIONS is the REFLECTIONS_*
# settings again; a template reading a setting records it as a read of its own.
NOT_THE_SITE = frozenset(
    {"LOAD_CONTENT_CACHE", "REFLECTIONS", "DEBUG", "REFLECTIONS_WORKERS"}
)
_PACKAGE = Path(__file__).parent
# The record this process wrote last, per file: its stat (``_WRITING`` while a
# thread writes it), fingerprint and outputs.
_WRITING = (-1, -1)
_kept: dict[str, tuple[tuple[int, int] | None, dict[str, Any], dict[str, Any]]] = {}


def record_path(settings: Mapping[str, Any]) -> Path:
    """Where the record of this output folder is kept."""
    output = os.path.abspath(str(settings["OUTPUT_PATH"]))
    name = hashlib.blake2b(output.encode("utf-8", "surrogatepass"), digest_size=6)
    return (
        Path(str(settings["CACHE_PATH"]))
        / f"reflections-incremental-{name.hexdigest()}.pickle"
    )


def fingerprint(settings: Mapping[str, Any]) -> dict[str, bytes]:
    """Everything around the pages, one digest per setting and per program."""
    digester = Digester({})
    found = {
        name: digester.of(value)
        for name, value in settings.items()
        if name not in NOT_THE_SITE
    }
    code = sorted(
        (str(path.relative_to(_PACKAGE)), path.stat().st_size, path.stat().st_mtime_ns)
        for path in _PACKAGE.rglob("*.py")
    )
    found["(versions)"] = digester.of((VERSION, pelican.__version__, sys.version, code))
    return found


def load(
    settings: Mapping[str, Any], now: Mapping[str, bytes]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The last build's record of each output file: those that still hold (none
    after a change around the pages, or with ``--ignore-cache``), and all of them
    (what the last build wrote, for removing what this one no longer writes)."""
    path = record_path(settings)
    try:
        kept = _kept.get(str(path))
        # The record this process wrote, or is writing: from memory.
        if kept is not None and kept[0] in (_WRITING, _stat(path)):
            version, then, outputs = VERSION, dict(kept[1]), dict(kept[2])
        else:
            background.wait()
            with path.open("rb") as handle:
                version, then, outputs = pickle.load(handle)
    except FileNotFoundError:
        return {}, {}
    except Exception as error:  # a broken record is no record
        logger.debug("Incremental record %s unreadable (%s)", path, error)
        return {}, {}
    if version != VERSION or not isinstance(outputs, dict):
        return {}, {}
    if not settings.get("LOAD_CONTENT_CACHE"):
        return {}, outputs
    if then != now:
        changed = sorted(k for k in set(then) | set(now) if then.get(k) != now.get(k))
        logger.info(
            "Rendering every page: changed since the last build: %s",
            ", ".join(changed[:8]),
        )
        return {}, outputs
    return outputs, outputs


def save(
    settings: Mapping[str, Any], now: Mapping[str, bytes], outputs: Mapping[str, Any]
) -> None:
    """Keep the record for the next build (written whole, then moved in place, by
    a thread: the next build in this process takes it from memory)."""
    path = record_path(settings)
    record = (VERSION, dict(now), dict(outputs))
    _kept[str(path)] = (_WRITING, record[1], record[2])

    def write() -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name)
        except OSError as error:  # the next build renders every page
            _kept.pop(str(path), None)
            logger.warning("The incremental record cannot be kept: %s", error)
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(record, handle, pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            _kept.pop(str(path), None)
            os.unlink(temporary)
            raise
        _kept[str(path)] = (_stat(path), record[1], record[2])

    background.later(write, str(path))


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return (found.st_size, found.st_mtime_ns)
