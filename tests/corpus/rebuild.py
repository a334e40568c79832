"""Build a corpus site's whole original repository with and without the plugin.

    python tests/corpus/rebuild.py SITE [--mirror GIT_DIR] [--keep DIR]
    python tests/corpus/rebuild.py --all

Clones the repository at the commit in MANIFEST (or reads a local git directory
given with --mirror), builds it with the real `pelican` command as it is and with
"reflections" appended to PLUGINS, and prints the comparison: the HTML files only
one build wrote, and the pages whose visible text differs. Sites whose plugins or
themes are not installed fail as they would for anyone: the output says why.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from test_corpus import STOCK, WITH_PLUGIN, html_files, processed, visible_text

# site: (repository URL, commit, settings file, content folder)
MANIFEST = {
    "pythonclub": (
        "https://github.com/pythonclub/pythonclub.github.io",
        "30250e3411ccfe37da143a9971db737dc6f4d3aa",
        "pelicanconf.py",
        "content",
    ),
    "kevin-deldycke": (
        "https://github.com/kdeldycke/kevin-deldycke-blog",
        "2d001846fc7978a5c62e41cadc7da97b0d8bade9",
        "pelicanconf.py",
        "content",
    ),
    "this-week-in-rust": (
        "https://github.com/rust-lang/this-week-in-rust",
        "d592478f2b2fe16fd2767ff2fdd692cf858f9059",
        "pelicanconf.py",
        "content",
    ),
    "paco-wtf": (
        "https://github.com/pacorain/paco.wtf",
        "aaed35524e992c20aaccbc9cca813de36e3b9256",
        "pelicanconf.py",
        "content",
    ),
    "dustinfarris": (
        "https://github.com/dustinfarris/dustinfarris",
        "dfc1d06c31df7bfbf2a71d1ea07ae453514f09c3",
        "pelicanconf.py",
        "content",
    ),
    "science-en-blog": (
        "https://github.com/Aluriak/science-en-blog-poc",
        "3f4998ddd570224df5ce0321269cafd77f0df15c",
        "pelicanconf.py",
        "content",
    ),
    "superxh-i18n": (
        "https://github.com/superxh/superxh.github.io",
        "63d4b5ff8574bac4675e68e30c87729d43a3685d",
        "pelicanconf.py",
        "content",
    ),
    "thewagner": (
        "https://github.com/wagdav/thewagner.net",
        "140207e6a7f1055eaffc60449ad7cecef64e757f",
        "pelicanconf.py",
        "content",
    ),
    "openwisp": (
        "https://github.com/openwisp/OpenWISP-Website",
        "f3ab8ceeee9b7d3e924a39d8a22df286e8e55ab1",
        "pelicanconf.py",
        "content",
    ),
    "fullstackpython": (
        "https://github.com/mattmakai/fullstackpython.com",
        "daa9782d1a42b282a5c4489ecdb3aad19bb9aaa8",
        "settings.py",
        "content",
    ),
    "tmy-se": (
        "https://github.com/ivh/tmy.se",
        "2f8cc6b2a0fe5f779753620b5123e0e1237932be",
        "pelicanconf.py",
        "content",
    ),
}


def checkout(site: str, work: Path, mirror: str | None) -> Path:
    url, commit, _, _ = MANIFEST[site]
    tree = work / "site"
    if mirror:
        tree.mkdir()
        found = subprocess.run(
            ["git", f"--git-dir={mirror}", "cat-file", "-e", f"{commit}^{{commit}}"],
            capture_output=True,
        )
        if found.returncode:
            print(f"   {commit[:8]} is not in {mirror}: building its HEAD")
            commit = "HEAD"
        archive = subprocess.run(
            ["git", f"--git-dir={mirror}", "archive", commit],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    else:
        subprocess.run(["git", "clone", "--quiet", url, str(tree)], check=True)
        subprocess.run(
            ["git", "-C", str(tree), "checkout", "--quiet", commit], check=True
        )
        subprocess.run(
            ["git", "-C", str(tree), "submodule", "update", "--init", "--quiet"],
            check=False,
        )
    return tree


def build(tree: Path, settings: str, content: str, output: Path) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "pelican", content, "-s", settings, "-o", str(output)],
        cwd=tree,
        capture_output=True,
        text=True,
    )
    return done.returncode, done.stdout + done.stderr


def compare(site: str, mirror: str | None, keep: str | None) -> bool:
    _, _, settings, content = MANIFEST[site]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(keep) / site if keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        tree = checkout(site, work, mirror)
        plugged_settings = "reflectionsconf.py"
        (tree / plugged_settings).write_text(
            WITH_PLUGIN.replace('"pelicanconf.py"', repr(settings)), encoding="utf-8"
        )
        stock_settings = "stockconf.py"
        (tree / stock_settings).write_text(
            STOCK.replace('"pelicanconf.py"', repr(settings)), encoding="utf-8"
        )
        rc_stock, log_stock = build(tree, stock_settings, content, work / "stock")
        rc_plug, log_plug = build(tree, plugged_settings, content, work / "reflections")
        print(f"== {site}: stock exit {rc_stock}, with reflections exit {rc_plug}")
        print(f"   stock:       {processed(log_stock) or log_stock[-800:]}")
        print(f"   reflections: {processed(log_plug) or log_plug[-800:]}")
        if rc_stock or rc_plug:
            return False
        stock = html_files(work / "stock")
        plugged = html_files(work / "reflections")
        for name in sorted(stock - plugged):
            print(f"   only stock: {name}")
        for name in sorted(plugged - stock):
            print(f"   only with reflections: {name}")
        differ = [
            name
            for name in sorted(stock & plugged)
            if visible_text(work / "stock" / name)
            != visible_text(work / "reflections" / name)
        ]
        for name in differ:
            print(f"   text differs: {name}")
        print(f"   {len(stock & plugged)} pages compared, {len(differ)} differ")
        return (
            stock == plugged
            and not differ
            and processed(log_stock) == processed(log_plug)
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", choices=sorted(MANIFEST))
    parser.add_argument("--all", action="store_true", help="every site in MANIFEST")
    parser.add_argument("--mirror", help="a local git directory of the repository")
    parser.add_argument("--keep", help="build under this folder and keep it")
    args = parser.parse_args()
    if not args.all and not args.site:
        parser.error("name a site or give --all")
    sites = sorted(MANIFEST) if args.all else [args.site]
    results = [compare(site, args.mirror, args.keep) for site in sites]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
