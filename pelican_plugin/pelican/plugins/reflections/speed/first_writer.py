"""The early pages of the writer's loop (``loop``): a post's page, then the lists
and feeds that show it, written again from the last run's own calls.

``FirstWriter`` is Pelican's writer writing only the files asked for: a call
that writes a paginated list or a feed is made whole, and the pages not asked
for are neither rendered nor written. The build's writer keeps each of its
calls as a ``write_again`` partial, by the files it wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pelican.contents import Article, Content
from pelican.utils import sanitised_join

from .. import pelican_api

__all__ = ["Discard", "FirstWriter", "first_writer", "write_again", "write_post"]


def write_again(
    method: str, args: tuple[Any, ...], kwargs: dict[str, Any], writer: Any
) -> Any:
    """One of a build's writes made again by ``writer`` (the build's writer keeps
    each as a partial of this)."""
    return getattr(writer, method)(*args, **kwargs)


def write_post(writer: Any, generator: Any, post: Content) -> None:
    """The post's page, written as its generator writes it."""
    kind = "article" if isinstance(post, Article) else "page"
    extra: dict[str, Any] = {kind: post}
    if kind == "article":
        extra.update(category=getattr(post, "category", None), blog=True)
    writer.write_file(
        post.save_as,
        generator.get_template(post.template),
        generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"],
        override_output=hasattr(post, "override_save_as"),
        url=post.url,
        **extra,
    )


class _Only:
    """A template that renders only the pages asked for."""

    def __init__(self, template: Any, writer: Any) -> None:
        self._template = template
        self._writer = writer

    def render(self, inputs: dict[str, Any]) -> str:
        path = sanitised_join(self._writer.output_path, inputs["output_file"])
        return self._template.render(inputs) if path in self._writer.targets else ""

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


class Discard:
    """The file a page not written is "written" to (a kept page, or one not
    asked for): nothing is; ``then`` is called once Pelican is done with it."""

    def __init__(self, then: Callable[[], None] | None = None) -> None:
        self._then = then  # called once Pelican has "written" it

    def write(self, text: str) -> int:
        return len(text)

    def __enter__(self) -> Discard:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._then is not None:
            self._then()


class FirstWriter(pelican_api.OpeningWriter):
    """Pelican's writer, writing only ``targets`` (paginated lists and feeds are
    called whole; their other pages are not rendered)."""

    targets: frozenset[str] = frozenset()

    def write_file(
        self, name: Any, template: Any, context: Any, *args: Any, **kwargs: Any
    ) -> Any:
        if template is not None:
            template = _Only(template, self)
        return super().write_file(name, template, context, *args, **kwargs)

    def open_instead(self, filename: str, override: bool) -> Any:
        return None if filename in self.targets else Discard()


def first_writer(generator: Any, targets: set[str]) -> FirstWriter:
    """A writer for ``generator``'s output folder writing only ``targets``."""
    writer = FirstWriter(generator.output_path, settings=generator.settings)
    writer.targets = frozenset(targets)
    return writer
