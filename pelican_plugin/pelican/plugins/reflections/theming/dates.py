"""Dates in a page's language, from Babel's locale data (no system locale needed).

``local_date(dt, lang, DATE_FORMATS, DEFAULT_DATE_FORMAT)`` (a filter; the
theme's ``time`` macro calls it) writes a date for a page in ``lang``:

0. a post's own ``date_format`` (front matter), for its dates wherever shown;
1. ``DATE_FORMATS[lang]`` when set: its strftime pattern (a ``(locale, pattern)``
   pair names the locale whose words it uses);
2. else ``DEFAULT_DATE_FORMAT`` when it is not Pelican's own default;
3. else Babel's long date for the language (``4 mars 2021``, ``2021年3月4日``),
   except in English, which keeps Pelican's default pattern (``Thu 04 March 2021``),
   so an English site reads as before.

A strftime pattern takes its month and day names (``%a %A %b %B %p``) and ``%c``
``%x`` ``%X`` from Babel in the language, the numbers from Python; ``%-d``
(no padding), ``%_d`` (space) and ``%^B`` (upper case) work on every system. ``%B``
and ``%b`` are the month as it stands in a date when the pattern has a day (Polish
``4 marca``), and its stand-alone name otherwise (``marzec``).
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Mapping
from typing import Any, Literal

from .languages import babel_locale

__all__ = ["PELICAN_DEFAULT_FORMAT", "local_date", "month_year", "strftime_in"]

# pelican.settings.DEFAULT_CONFIG["DEFAULT_DATE_FORMAT"]
PELICAN_DEFAULT_FORMAT = "%a %d %B %Y"

_DIRECTIVE = re.compile(r"%([-_0^#]?)([a-zA-Z%])")
_DAY_DIRECTIVES = frozenset("dejxcDF")


def _pattern(
    lang: str, formats: Mapping[str, Any] | None, default_format: str | None
) -> tuple[str | None, str]:
    """The strftime pattern for ``lang`` (None: Babel's long date) and the
    language whose words it uses."""
    chosen = (formats or {}).get(lang)
    if chosen:
        if isinstance(chosen, (tuple, list)):
            names = str(chosen[0]).split(".")[0] if len(chosen) > 1 else lang
            if babel_locale(names) is None:  # a Windows locale name such as "usa"
                names = lang
            return str(chosen[-1]), names
        return str(chosen), lang
    pattern = default_format or PELICAN_DEFAULT_FORMAT
    if pattern != PELICAN_DEFAULT_FORMAT or _english(lang):
        return pattern, lang
    return None, lang


def _english(lang: str) -> bool:
    return str(lang or "en").lower().replace("_", "-").split("-")[0] == "en"


def _word(
    dt: datetime.date,
    code: str,
    locale: Any,
    context: Literal["format", "stand-alone"],
) -> str:
    from babel import dates

    if code in "aA":
        day: Literal["abbreviated", "wide"] = "abbreviated" if code == "a" else "wide"
        return str(dates.get_day_names(day, "format", locale)[dt.weekday()])
    if code in "bBh":
        month: Literal["abbreviated", "wide"] = "wide" if code == "B" else "abbreviated"
        return str(dates.get_month_names(month, context, locale)[dt.month])
    if code == "p":
        hour = dt.hour if isinstance(dt, datetime.datetime) else 0
        return str(dates.get_period_names(locale=locale)["am" if hour < 12 else "pm"])
    if code == "x":
        return str(dates.format_date(dt, "medium", locale=locale))
    if code == "X":
        moment = dt if isinstance(dt, datetime.datetime) else datetime.time()
        return str(dates.format_time(moment, "medium", locale=locale))
    return str(dates.format_datetime(dt, "medium", locale=locale))  # "c"


@functools.lru_cache(maxsize=4096)
def strftime_in(dt: datetime.date, pattern: str, lang: str) -> str:
    """``dt`` written with the strftime ``pattern``, words in ``lang``."""
    locale = babel_locale(lang) or babel_locale("en")
    has_day = any(m.group(2) in _DAY_DIRECTIVES for m in _DIRECTIVE.finditer(pattern))
    context: Literal["format", "stand-alone"] = "format" if has_day else "stand-alone"

    def replace(match: re.Match[str]) -> str:
        flag, code = match.groups()
        if code == "%":
            return "%"
        if code in "aAbBhpcxX":
            text = _word(dt, code, locale, context)
        else:
            text = dt.strftime("%" + code)
            if flag == "-":
                text = text.lstrip("0") or "0"
            elif flag == "_":
                stripped = text.lstrip("0") or "0"
                text = " " * (len(text) - len(stripped)) + stripped
        return text.upper() if flag == "^" else text

    return _DIRECTIVE.sub(replace, pattern)


@functools.lru_cache(maxsize=4096)
def _long(dt: datetime.date, lang: str) -> str:
    from babel import dates

    return str(dates.format_date(dt, "long", locale=babel_locale(lang)))


def local_date(
    dt: datetime.date,
    lang: str | None = None,
    formats: Mapping[str, Any] | None = None,
    default_format: str | None = None,
    own_format: str | None = None,
) -> str:
    """Filter: ``dt`` as the page in ``lang`` writes a date (module docstring);
    ``own_format``, a post's own ``date_format``, comes before the settings."""
    code = str(lang or "en")
    pattern: str | None = str(own_format) if own_format else None
    names = code
    if pattern is None:
        pattern, names = _pattern(code, formats, default_format)
    if babel_locale(names) is None:
        names = "en"
    if pattern is None:
        return _long(dt, names)
    return strftime_in(dt, pattern, names)


@functools.lru_cache(maxsize=1024)
def month_year(dt: datetime.date, lang: str | None = None) -> str:
    """Filter: the month and year of ``dt`` as ``lang`` names a month on its own
    (``March 2021``, ``marzec 2021``, ``2021年3月``)."""
    from babel import dates

    locale = babel_locale(str(lang or "en")) or babel_locale("en")
    return str(dates.format_skeleton("yMMMM", dt, locale=locale))
