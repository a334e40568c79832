"""``python -m pelican.plugins.reflections``: the ``pelican-reflections`` command."""

from .command.cli import main

raise SystemExit(main())
