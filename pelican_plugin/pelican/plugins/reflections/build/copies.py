"""The image copies a build puts in the output folder, and the removal of those
an earlier build put there and this one no longer makes.

A cold build into an empty folder writes only the copies its posts use; a build
into the folder of an earlier one (``--autoreload``, incremental rebuilds) must
leave the same files. Each build lists what it put there in the cache folder
(one list per output folder); the next build removes the files on that list it
did not put there again. Nothing else in the output folder is touched.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil

__all__ = ["Copies"]

logger = logging.getLogger(__name__)


class Copies:
    """One build's copies in one output folder."""

    def __init__(self, cache_folder: str, output_path: str) -> None:
        self.output = os.path.abspath(output_path)
        digest = hashlib.blake2b(self.output.encode(), digest_size=8).hexdigest()
        self.listing = os.path.join(cache_folder, f"written-{digest}.json")
        self.written: set[str] = set()  # relative to the output folder, "/"-joined

    def put(self, cached: str, relative: str) -> None:
        """Copy ``cached`` to ``relative`` in the output folder, unless the same
        file is there (the name holds a digest of the content)."""
        target = os.path.join(self.output, *relative.split("/"))
        self.written.add(relative)
        try:
            if os.path.getsize(target) == os.path.getsize(cached):
                return
        except OSError:
            pass
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(cached, target)

    def finish(self) -> None:
        """Remove what the last build put here and this one did not; list this
        build's copies for the next."""
        for relative in sorted(self._listed() - self.written):
            target = os.path.join(self.output, *relative.split("/"))
            if os.path.dirname(os.path.abspath(target)).startswith(self.output):
                try:
                    os.remove(target)
                except FileNotFoundError:
                    pass
                except OSError as error:
                    logger.warning("Could not remove %s (%s)", target, error)
        if not self.written and not os.path.exists(self.listing):
            return
        try:
            os.makedirs(os.path.dirname(self.listing), exist_ok=True)
            with open(self.listing, "w", encoding="utf-8") as handle:
                json.dump(sorted(self.written), handle)
        except OSError as error:
            logger.warning("Could not keep %s (%s)", self.listing, error)

    def _listed(self) -> set[str]:
        try:
            with open(self.listing, encoding="utf-8") as handle:
                listed = json.load(handle)
        except (OSError, ValueError):
            return set()
        if not isinstance(listed, list):
            return set()
        return {str(item) for item in listed if ".." not in str(item).split("/")}
