"""Reading: a Markdown file's front matter becomes Pelican metadata.

``frontmatter`` finds the header (YAML, TOML, JSON or Pelican's own ``key:
value`` lines) and ``nodes``/``tomljson``/``json_lines`` turn it into values with
their lines; ``fields`` is the table of keys, ``values``/``datetimes``/``paths``
the kinds of value, ``plain`` the keys that are no field, and ``combine`` what
several fields give together. ``parsing.parse`` is the one reading path, used by
the build's ``reader`` and by ``check``. Nothing here imports the speed
machinery: the reader takes HTML rendered ahead as an optional lookup, and notes
the files it looked for in ``reading_notes``.
"""
