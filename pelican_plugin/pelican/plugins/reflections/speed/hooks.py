"""The hooks on a Jinja environment that tell a ``Recorder`` what a page reads.

Installed once per build on each generator's environment: its context class
reports each name a template takes from the page's context and the Python code it
calls; ``getattr`` / ``getitem`` report each attribute read from a post;
``get_template`` each template and partial loaded (or looked for and missing);
filters and tests written in Python report the posts they are given.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from jinja2 import Environment
from jinja2.runtime import Context, Macro
from pelican.contents import Content

from .recording import Recorder

__all__ = ["RecordingContext", "watch"]

# Jinja's own filters and tests, and the builtins among them (``length`` is
# ``len``): they read posts through the environment, or not at all.
_JINJA_OWN = frozenset(
    {"jinja2.filters", "jinja2.tests", "builtins", "_operator", "markupsafe"}
)


class RecordingContext(Context):
    """A Jinja context that tells the environment's recorder the names it resolves
    and the Python code it calls."""

    def resolve_or_missing(self, key: str) -> Any:
        value = super().resolve_or_missing(key)
        recorder: Recorder | None = getattr(
            self.environment, "reflections_recorder", None
        )
        if recorder is not None and key not in self.vars:
            recorder.name_read(key, value, self.environment)
        return value

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        recorder: Recorder | None = getattr(
            __self.environment, "reflections_recorder", None
        )
        if recorder is None or isinstance(__obj, Macro):
            return super().call(__obj, *args, **kwargs)
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, Content):
            recorder.whole_read(owner)
        recorder.code_called(args, kwargs)
        recorder.in_code += 1
        try:
            return super().call(__obj, *args, **kwargs)
        finally:
            recorder.in_code -= 1


def watch(env: Environment, recorder: Recorder) -> None:
    """Install the hooks on ``env`` for this build (again if the recorder is new)."""
    if getattr(env, "reflections_recorder", None) is recorder:
        for table in (env.filters, env.tests):  # a plugin may add one late
            if recorder.wrapped_sizes.get(id(table)) != len(table):
                _wrap_code(table, recorder)
        return
    env.reflections_recorder = recorder  # type: ignore[attr-defined]
    env.context_class = RecordingContext
    plain = Environment.getattr.__get__(env)
    plain_item = Environment.getitem.__get__(env)
    plain_get = Environment.get_template.__get__(env)
    plain_select = Environment.select_template.__get__(env)

    def getattr_(obj: Any, attribute: str) -> Any:
        value = plain(obj, attribute)
        if isinstance(obj, Content):
            recorder.attribute_read(obj, "a", attribute, value)
        return value

    def getitem(obj: Any, argument: Any) -> Any:
        value = plain_item(obj, argument)
        if isinstance(obj, Content):
            recorder.attribute_read(obj, "i", argument, value)
        return value

    def get_template(name: Any, parent: str | None = None, globals: Any = None) -> Any:
        if isinstance(name, str):
            recorder.template_loaded(env, name)
        return plain_get(name, parent, globals)

    def select_template(
        names: Any, parent: str | None = None, globals: Any = None
    ) -> Any:
        for name in names:
            if isinstance(name, str):
                recorder.template_loaded(env, name)
                if recorder.template_digest(env, name) is not None:
                    break
        return plain_select(names, parent, globals)

    env.getattr = getattr_  # type: ignore[method-assign]
    env.getitem = getitem  # type: ignore[method-assign]
    env.get_template = get_template  # type: ignore[method-assign]
    env.select_template = select_template  # type: ignore[method-assign]
    for table in (env.filters, env.tests):
        _wrap_code(table, recorder)


def _wrap_code(table: dict[str, Any], recorder: Recorder) -> None:
    """Filters and tests written in Python (Jinja's own read through the
    environment, so they are left alone) report the posts they are given."""
    for name, function in list(table.items()):
        if getattr(function, "__module__", None) in _JINJA_OWN:
            continue
        if getattr(function, "reflections_reads_recorded", False):
            continue
        if getattr(function, "reflections_recorder", None) is recorder:
            continue
        if hasattr(function, "reflections_recorder"):  # a wrapper of an earlier build
            function = function.__wrapped__
        table[name] = _reporting(function, recorder)
    recorder.wrapped_sizes[id(table)] = len(table)


def _reporting(function: Callable[..., Any], recorder: Recorder) -> Callable[..., Any]:
    @functools.wraps(function)
    def reporting(*args: Any, **kwargs: Any) -> Any:
        recorder.code_called(args, kwargs)
        recorder.in_code += 1
        try:
            return function(*args, **kwargs)
        finally:
            recorder.in_code -= 1

    reporting.reflections_recorder = recorder  # type: ignore[attr-defined]
    return reporting
