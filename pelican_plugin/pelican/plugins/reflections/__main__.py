"""``python -m pelican.plugins.reflections``: the ``pelican-reflections`` command."""

from .cli import main

raise SystemExit(main())
