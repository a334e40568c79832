"""Page bundles: ``<folder>/index.md`` is one post, named and filed by its folder.

Hugo, Astro and Gatsby keep a post and its images in a folder whose ``index.md``
is the post. Pelican would read the file as a post named "index" and, with
``USE_FOLDER_AS_CATEGORY``, file it under a category named after its own
folder. Here the folder stands for the file: the slug comes from the folder's
name when the front matter gives none, and the file-name and folder metadata
(``FILENAME_METADATA``, ``PATH_METADATA``, the folder as category) are those of
``<folder>.md``.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Mapping
from typing import Any

from pelican.readers import parse_path_metadata
from pelican.urlwrappers import Category
from pelican.utils import slugify

__all__ = ["BUNDLE_FILE", "bundle_metadata", "is_bundle", "own_name"]

BUNDLE_FILE = "index"


def is_bundle(relative_path: str, content_path: str = "") -> bool:
    """Whether ``relative_path`` (content-relative) is ``<folder>/index.<ext>``
    and the only post in its folder (a ``pages/index.md`` among other pages is
    not a bundle). ``content_path`` is the content folder, to look."""
    folder, name = posixpath.split(relative_path.replace(os.sep, "/"))
    stem, extension = posixpath.splitext(name)
    if not folder or stem != BUNDLE_FILE:
        return False
    try:
        siblings = os.listdir(os.path.join(content_path, folder))
    except OSError:
        return True
    return not any(
        other != name and other.endswith(extension) and not other.startswith(".")
        for other in siblings
    )


def own_name(relative_path: str, content_path: str = "") -> str:
    """The name a file gives its post: its folder's for a bundle, else its own."""
    path = relative_path.replace(os.sep, "/")
    if is_bundle(path, content_path):
        return posixpath.basename(posixpath.dirname(path))
    return posixpath.splitext(posixpath.basename(path))[0]


def slug_of(name: str, settings: Mapping[str, Any]) -> str:
    """``name`` slugified as Pelican slugifies titles."""
    return slugify(
        name,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def bundle_metadata(
    relative_path: str,
    settings: Mapping[str, Any],
    process: Callable[[str, str], Any],
) -> dict[str, Any]:
    """Metadata a bundle gets from its folder (front matter still wins).

    ``relative_path`` is the content-relative ``<folder>/index.md``.
    """
    folder = posixpath.dirname(relative_path.replace(os.sep, "/"))
    as_file = folder + posixpath.splitext(relative_path)[1]
    found = parse_path_metadata(source_path=as_file, settings=settings, process=process)
    found.setdefault("slug", slug_of(posixpath.basename(folder), settings))
    if (
        settings.get("USE_FOLDER_AS_CATEGORY")
        and settings.get("CATEGORY_SAVE_AS")
        and "category" not in found
    ):
        # A bundle at the top of the content folder: no folder above it to name
        # its category, so it gets the site's default one, like a file there.
        found["category"] = Category(settings["DEFAULT_CATEGORY"], settings)
    return found
