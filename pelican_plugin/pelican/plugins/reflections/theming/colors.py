"""Whether a setting's text is one CSS colour (``REFLECTIONS_ACCENT_COLOR``).

Checked when the settings are read (``settings``) and again where the theme
prints the colour into its ``<style>`` (``templating``'s ``css_color`` filter).
"""

from __future__ import annotations

from typing import Any

import tinycss2
import tinycss2.color4

__all__ = ["is_css_color"]

# Colour functions tinycss2 does not resolve but a browser does: a custom property,
# a mix, a scheme pair (their arguments are checked token by token).
_COLOR_FUNCTIONS = frozenset({"var", "color-mix", "light-dark"})
# What may stand in those arguments: no blocks, no strings, no URLs.
_ARGUMENT_TOKENS = frozenset(
    {"whitespace", "ident", "hash", "number", "percentage", "dimension", "literal"}
)


def is_css_color(text: str) -> bool:
    """Whether ``text`` is one CSS colour, by tinycss2's CSS Color 4 parser: a
    name, #hex, rgb()/hsl()/oklch() and friends; or ``var(--x)``, ``color-mix()``,
    ``light-dark()`` made of colours, names and numbers."""
    if any(character in text for character in "<>{};\\"):
        return False  # never more than one value in the theme's <style>
    tokens = [
        token
        for token in tinycss2.parse_component_value_list(text)
        if token.type not in ("whitespace", "comment")
    ]
    return len(tokens) == 1 and _is_color_token(tokens[0])


def _is_color_token(token: Any) -> bool:
    if tinycss2.color4.parse_color(token) is not None:
        return True
    if token.type != "function" or token.lower_name not in _COLOR_FUNCTIONS:
        return False
    arguments = [t for t in token.arguments if t.type != "whitespace"]
    if token.lower_name == "var":
        first = arguments[0] if arguments else None
        if first is None or first.type != "ident" or not first.value.startswith("--"):
            return False
    return all(
        t.type in _ARGUMENT_TOKENS or (t.type == "function" and _is_color_token(t))
        for t in arguments
    )
