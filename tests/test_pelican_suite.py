"""Pelican's own test suite passes with this plugin auto-discovered, as without it.

The suite comes from Pelican's source release for the installed version. It runs
twice in one clean virtual environment (the installed Pelican version, the test
tools Pelican's suite uses, and this package's runtime dependencies): once
without this package and once with ``pelican_plugin/`` on the path, which is how
an (editable) install makes ``pelican.plugins.reflections`` discoverable. Each
test's outcome must be the same in both runs.

The environment is cached in ``build/pelican-suite-<version>/`` (first run: about
a minute of downloads; then each suite run takes seconds).
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
PELICAN_VERSION = importlib.metadata.version("pelican")
PYTHON_VERSION = "{}.{}".format(*sys.version_info[:2])
WORK = REPO_ROOT / "build" / f"pelican-suite-{PELICAN_VERSION}-py{PYTHON_VERSION}"
# What Pelican's suite imports (its "dev" extra, without docs and lint tools) and
# this package's runtime dependencies, so both runs differ only by this package.
SUITE_TOOLS = [
    f"pelican=={PELICAN_VERSION}",
    "lxml",
    "typogrify",
    "pygments<2.20",
    "psutil",
    "pytest",
]
# This package's runtime dependencies, as pyproject.toml declares them (read there,
# so a new one is never missing from the suite's environment).
RUNTIME = [
    requirement
    for requirement in importlib.metadata.requires("pelican-reflections") or []
    if "extra ==" not in requirement
]
SUITE_REQUIREMENTS = [*SUITE_TOOLS, *RUNTIME]

pytestmark = pytest.mark.slow


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


def prepare() -> tuple[Path, Path]:
    """Return (suite Python, source release dir), creating them once."""
    python = WORK / "venv" / "bin" / "python"
    source = WORK / f"pelican-{PELICAN_VERSION}"
    if python.exists() and (source / "pelican" / "tests").is_dir():
        # A dependency added since the environment was made: installed now.
        run([str(python), "-m", "pip", "install", "-q", *SUITE_REQUIREMENTS])
        return python, source
    staging = WORK.with_name(WORK.name + f".tmp{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-binary",
                ":all:",
                "--no-deps",
                f"pelican=={PELICAN_VERSION}",
                "-d",
                str(staging),
            ]
        )
        [archive] = staging.glob("pelican-*.tar.gz")
        with tarfile.open(archive) as tar:
            tar.extractall(staging, filter="data")
        run([sys.executable, "-m", "venv", str(staging / "venv")])
        run(
            [
                str(staging / "venv" / "bin" / "python"),
                *("-m", "pip", "install", "-q"),
                *SUITE_REQUIREMENTS,
            ]
        )
    except subprocess.CalledProcessError as error:
        shutil.rmtree(staging, ignore_errors=True)
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(
            "could not download Pelican's source release or its test tools from "
            f"PyPI (network needed once):\n{error.stderr[-2000:]}"
        )
    shutil.rmtree(WORK, ignore_errors=True)
    staging.rename(WORK)
    # the venv's scripts hold absolute paths; the interpreter itself does not
    return python, source


def outcomes(python: Path, source: Path, report: Path, extra_path: str) -> dict:
    """Run Pelican's suite; return {test id: outcome}."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CI")}
    if extra_path:
        env["PYTHONPATH"] = extra_path
    subprocess.run(
        [
            str(python),
            "-m",
            "pytest",
            "pelican/tests",
            "-q",
            "-p",
            "no:cacheprovider",
            # Pelican's release has no pytest config; keep ours out of its run
            "-c",
            os.devnull,
            f"--rootdir={source}",
            f"--junitxml={report}",
        ],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    results = {}
    for case in ET.parse(report).iter("testcase"):
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome = child.tag
        results[f"{case.get('classname')}::{case.get('name')}"] = outcome
    return results


def test_pelican_suite_outcomes_do_not_change_with_this_plugin(tmp_path):
    python, source = prepare()
    without = outcomes(python, source, tmp_path / "without.xml", "")
    with_plugin = outcomes(
        python, source, tmp_path / "with.xml", str(REPO_ROOT / "pelican_plugin")
    )
    check = run(
        [
            str(python),
            "-c",
            "import pelican.plugins.reflections as r; print(r.__file__)",
        ],
        env={"PYTHONPATH": str(REPO_ROOT / "pelican_plugin")},
    )
    assert str(REPO_ROOT) in check.stdout  # the second run did see this package
    assert len(without) > 200
    assert sum(o == "passed" for o in without.values()) > 200
    changed = {
        test: (before, with_plugin.get(test))
        for test, before in without.items()
        if with_plugin.get(test) != before
    }
    assert changed == {}
    assert with_plugin.keys() == without.keys()
