"""A function's stable form, for ``digests``: what it is, not where it is."""

from __future__ import annotations

import contextlib
import types
from typing import Any

__all__ = ["parts"]


def parts(function: Any) -> tuple[Any, bytes, bytes, tuple[Any, ...]]:
    """The object a method is bound to (None for a function), its name, its code
    (bytecode and constants, of nested lambdas and comprehensions too; empty for a
    builtin) and the values it was made with (defaults and closed-over values)."""
    owner = getattr(function, "__self__", None)
    if isinstance(owner, types.ModuleType):
        owner = None  # a builtin function of a module
    elif owner is not None:
        function = getattr(function, "__func__", function)
    module = str(getattr(function, "__module__", ""))
    name = b"f%s.%s:" % (module.encode(), str(function.__qualname__).encode())
    code = getattr(function, "__code__", None)
    if code is None:
        return owner, name, b"", ()
    cells = []
    for cell in function.__closure__ or ():
        with contextlib.suppress(ValueError):  # a cell not filled yet
            cells.append(cell.cell_contents)
    made_with = (function.__defaults__, function.__kwdefaults__, tuple(cells))
    return owner, name, b"".join(_code_parts(code)), made_with


def _code_parts(code: types.CodeType) -> list[bytes]:
    found = [code.co_code, repr(code.co_names).encode()]
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            found.extend(_code_parts(const))
        else:
            found.append(repr(const).encode("utf-8", "surrogatepass"))
    return found
