"""Theme glue: the Jinja environment of the bundled theme and the Python its
templates call.

``templating`` sets up escaping, gettext (``catalogues``) and the filters and
globals: titles as HTML or text, plain text for meta tags, the table of contents,
scrolling tables, JSON-LD, safe URLs, CSS colours (``colors``, which the settings
check too), ``srcset`` markup, dates in the page's language (``dates``), which way
a language is written (``languages``) and what the ``<head>`` says (``head``).
Filters that read posts do so through ``reads``, a seam that imports nothing of
the speed machinery.
"""
