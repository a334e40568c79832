"""Hatch build hook: the wheel carries the theme's catalogues compiled (``.mo``).

The ``.po`` files are the source (``theme/translations/update.py``); each is
compiled here, with the plugin's own ``catalogues.compile_catalogues``, into the
wheel beside its ``.po``. ``.mo`` files left in the checkout are not shipped.
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

THEME_IN_WHEEL = "pelican/plugins/reflections/theme"
CATALOGUES = "pelican_plugin/pelican/plugins/reflections/theming/catalogues.py"


class CompiledCatalogues(BuildHookInterface):  # type: ignore[misc]
    """Compile ``theme/translations/*/LC_MESSAGES/messages.po`` into the wheel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Compile the catalogues into a temporary folder and include them."""
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install compiles them at first use
        root = Path(self.root)
        spec = importlib.util.spec_from_file_location("catalogues", root / CATALOGUES)
        assert spec is not None and spec.loader is not None
        catalogues = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(catalogues)
        self.work = Path(tempfile.mkdtemp(prefix="reflections-mo-"))
        shutil.copytree(
            root / "theme" / "translations",
            self.work,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns("*.mo", "*.py", "*.pot"),
        )
        for mo in catalogues.compile_catalogues(self.work):
            where = mo.relative_to(self.work).as_posix()
            build_data["force_include"][str(mo)] = (
                f"{THEME_IN_WHEEL}/translations/{where}"
            )

    def finalize(
        self, version: str, build_data: dict[str, Any], artifact_path: str
    ) -> None:
        """Remove the temporary folder."""
        work = getattr(self, "work", None)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
