"""The package installs like users install it, and a site outside the repo builds."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import REFERENCE_POST, REPO_ROOT
from test_readme import snippets

SITE_SETTINGS = """\
from pelican.plugins.reflections import theme_path

SITENAME = "Outside"
PATH = "content"
TIMEZONE = "UTC"
PLUGINS = ["reflections"]
THEME = theme_path()
"""


def _run(cmd: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {
        k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}
    }
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, (
        f"{' '.join(map(str, cmd))} exited {result.returncode}\n"
        f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result


def _outside_site(root: Path) -> Path:
    site = root / "outside-site"
    (site / "content").mkdir(parents=True)
    (site / "pelicanconf.py").write_text(SITE_SETTINGS, encoding="utf-8")
    shutil.copy(REFERENCE_POST, site / "content" / REFERENCE_POST.name)
    return site


def _build_outside_site(venv: Path, root: Path) -> Path:
    site = _outside_site(root)
    _run(
        [
            str(venv / "bin" / "pelican"),
            "content",
            "-s",
            "pelicanconf.py",
            "-o",
            "output",
        ],
        cwd=site,
    )
    article = site / "output" / "job-vs-career.html"
    assert article.is_file(), sorted(p.name for p in (site / "output").iterdir())
    return article


def _theme_dir(venv: Path) -> Path:
    code = "from pelican.plugins.reflections import theme_path; print(theme_path())"
    return Path(_run([str(venv / "bin" / "python"), "-c", code]).stdout.strip())


def _source_copy(tmp_path: Path) -> Path:
    """The repository as a fresh clone would have it: tracked and new files only."""
    listed = _run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=REPO_ROOT
    ).stdout.split()
    copy = tmp_path / "checkout"
    for relative in listed:
        source = REPO_ROOT / relative
        if source.is_file():
            target = copy / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return copy


@pytest.mark.slow  # builds a wheel and a virtual environment
def test_sdist_and_wheel_pass_twine_and_the_wheel_builds_a_site_outside(
    tmp_path: Path,
) -> None:
    source = _source_copy(tmp_path)
    dist = tmp_path / "dist"
    # sdist first, then the wheel built from it: both must carry the theme.
    _run([sys.executable, "-m", "build", "--outdir", str(dist), str(source)])
    wheel = next(dist.glob("pelican_reflections-*.whl"))
    sdist = next(dist.glob("pelican_reflections-*.tar.gz"))
    _run([sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)])
    # Installed as README says (from a clone), into a new environment: pip builds
    # the same wheel from the folder.
    venv = tmp_path / "wheel-venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    [install] = [s for s in snippets() if s.kind == "install"]
    [command] = [line.split("#")[0].split() for line in install.body.splitlines()]
    assert command[:2] == ["pip", "install"], command
    (tmp_path / "pelican-reflections").symlink_to(source)
    _run([str(venv / "bin" / "pip"), "install", "--quiet", *command[2:]], cwd=tmp_path)
    installed = _run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import importlib.metadata as m, yaml; "
            "from pelican.plugins import reflections as r; "
            "print(m.version('pelican-reflections'), r.__version__)",
        ]
    ).stdout.split()
    assert installed[0] == installed[1] and wheel.name.startswith(
        f"pelican_reflections-{installed[0]}-"
    )

    theme = _theme_dir(venv)
    assert "site-packages" in theme.parts
    assert (theme / "templates" / "article.html").is_file()

    article = _build_outside_site(venv, tmp_path)
    assert "Job vs Career" in article.read_text(encoding="utf-8")


@pytest.mark.slow  # a clean checkout's make example, then an editable install
def test_make_example_from_a_clean_checkout_then_editable_install_builds_outside(
    tmp_path: Path,
) -> None:
    if shutil.which("make") is None:
        pytest.skip("GNU make is not installed (apt-get install make)")
    checkout = _source_copy(tmp_path)
    result = _run(["make", "example", f"PYTHON={sys.executable}"], cwd=checkout)
    index = checkout / "example_site" / "output" / "index.html"
    assert index.is_file()
    assert str(index) in result.stdout

    venv = checkout / ".venv"
    theme = _theme_dir(venv)
    assert theme == checkout / "theme"
    _build_outside_site(venv, tmp_path)


# The SHA-256 of the user's reference post (shared/seed/job-vs-career.md) as
# given: the example site's copy must stay byte for byte that post, on every
# machine (users and CI have no shared/ folder to compare with).
REFERENCE_SHA256 = "0a8a061f2dc9ba24e59ff24bc40463548092483aed46a666be298fe7ef524b4d"


def test_example_site_first_post_is_the_reference_post_verbatim() -> None:
    assert hashlib.sha256(REFERENCE_POST.read_bytes()).hexdigest() == REFERENCE_SHA256
    shared = REPO_ROOT.parent / "shared" / "seed" / "job-vs-career.md"
    if shared.is_file():  # beside the checkout where the post was given
        assert REFERENCE_POST.read_bytes() == shared.read_bytes()


def test_reference_post_is_untouched_header_then_body() -> None:
    text = REFERENCE_POST.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Job vs Career\n")
    assert textwrap.dedent(text).count("\n---\n") == 1
