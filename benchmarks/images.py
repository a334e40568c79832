"""What resized covers cost (#28): the first encoding of a camera-sized cover on
one core, a build with the image cache warm against the same build without
resizing, and the edit-one-post rebuild (content cache on) with resizing on
against off.

    python benchmarks/images.py                       # 200 posts, 20 covers
    python benchmarks/images.py --posts 100 --covers 10 --repeats 2
    python benchmarks/images.py --only rebuild --posts 100 --covers 20
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from helpers import photo  # noqa: E402
from pelican.plugins.reflections.build import responsive  # noqa: E402
from pelican.plugins.reflections.settings import ReflectionsSettings  # noqa: E402
from PIL import Image  # noqa: E402

TARGET_MS, TARGET_RATIO = 150.0, 1.05
SETTINGS = """
from pelican.plugins import reflections
THEME = reflections.theme_path()
PLUGINS = ["reflections"]
TIMEZONE = "UTC"
SITEURL = "https://example.org"
STATIC_PATHS = ["images"]
CACHE_PATH = {cache!r}
REFLECTIONS_RESPONSIVE_IMAGES = {resize}
REFLECTIONS_WORKERS = 1
"""


def first_encoding(folder: Path, count: int) -> list[float]:
    """CPU ms to make every copy of ``count`` 3000x2000 JPEGs, one at a time."""
    defaults = ReflectionsSettings()
    times = []
    for n in range(count):
        source = folder / f"camera-{n}.jpg"
        source.write_bytes(photo(3000, 2000, seed=n))
        with Image.open(source) as image:
            plan = responsive.plan_for(
                image.size,
                image.format or "",
                defaults.image_widths,
                tuple(f.upper() for f in defaults.image_formats),
            )
        assert plan is not None
        start = time.process_time()
        responsive.encode(str(source), plan, str(folder / f"out-{n}"))
        times.append((time.process_time() - start) * 1000)
    return times


def write_site(root: Path, posts: int, covers: int) -> None:
    """``posts`` posts, the first ``covers`` with a 3000x2000 cover of their own."""
    content = root / "content"
    (content / "images").mkdir(parents=True)
    for n in range(posts):
        cover = ""
        if n < covers:
            (content / "images" / f"c{n}.jpg").write_bytes(photo(3000, 2000, seed=n))
            cover = f"coverImage: images/c{n}.jpg\n"
        paragraphs = "\n\n".join(
            f"Paragraph {p} of post {n}, about work, rest and attention." * 6
            for p in range(8)
        )
        (content / f"post-{n}.md").write_text(
            f"---\ntitle: Post {n}\ndate: 2024-01-{1 + n % 28:02d}\n{cover}---\n"
            f"{paragraphs}\n",
            encoding="utf-8",
        )


def build(root: Path, resize: bool) -> tuple[float, float]:
    """Wall and CPU seconds of a full build (content cache ignored, one process)
    into a new output folder."""
    conf = root / f"conf-{resize}.py"
    conf.write_text(SETTINGS.format(cache=str(root / "cache"), resize=resize))
    output = tempfile.mkdtemp(dir=root)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    command = [sys.executable, "-m", "pelican", "content", "-s", conf.name]
    subprocess.run(
        [*command, "-o", output, "--ignore-cache", "-q"],
        cwd=root,
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu


def rebuilder(root: Path, resize: bool) -> Any:
    """A ``pelican`` rebuild with Pelican's content cache on, into the output of a
    first build (made now, not timed), as ``pelican`` rebuilds a site; calling it
    times one rebuild (wall and CPU seconds)."""
    mode = "on" if resize else "off"
    conf = root / f"conf-rebuild-{mode}.py"
    conf.write_text(
        SETTINGS.format(cache=str(root / f"cache-rebuild-{mode}"), resize=resize)
        + "CACHE_CONTENT = True\nLOAD_CONTENT_CACHE = True\n"
    )
    command = [sys.executable, "-m", "pelican", "content", "-s", conf.name]
    command += ["-o", str(root / f"output-rebuild-{mode}"), "-q"]

    def run() -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, cwd=root, check=True, capture_output=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime

    run()
    return run


def rebuild_ratio(site: Path, posts: int, covers: int, repeats: int) -> None:
    """The edit-one-post rebuild with resizing on against off: each round appends
    a paragraph to the middle post's body, then rebuilds both ways (interleaved)."""
    builds = {resize: rebuilder(site, resize) for resize in (True, False)}
    target = sorted((site / "content").glob("*.md"))[posts // 2]
    took: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
    for round_ in range(repeats):
        with target.open("a", encoding="utf-8") as handle:
            handle.write(f"\nEdit {round_ + 1}, made after the first build.\n")
        for resize in (True, False) if round_ % 2 == 0 else (False, True):
            took[resize].append(builds[resize]())
        (won, con), (woff, coff) = took[True][-1], took[False][-1]
        print(
            f"  edit {round_ + 1}: resizing on {won:.2f} s ({con:.2f} s CPU), "
            f"off {woff:.2f} s ({coff:.2f} s CPU)"
        )

    def median(resize: bool, index: int) -> float:
        return statistics.median(run[index] for run in took[resize])

    wall, cpu = median(True, 0) / median(False, 0), median(True, 1) / median(False, 1)
    verdict = "ok" if cpu <= TARGET_RATIO else "MISSED"
    print(
        f"edit-one-post rebuild (content cache on), resizing on vs off, {posts} "
        f"posts, {covers} covers: {wall:.3f}x wall, {cpu:.3f}x CPU; "
        f"target <= {TARGET_RATIO}x (CPU): {verdict}"
    )


def encoding(root: Path) -> None:
    """Print the first encoding of a camera-sized cover on one core."""
    times = first_encoding(root, 5)
    median = statistics.median(times)
    verdict = "ok" if median <= TARGET_MS else "MISSED"
    print(
        f"first encoding of a 3000x2000 JPEG cover, one core: {median:.0f} ms "
        f"(median of {len(times)}: {', '.join(f'{t:.0f}' for t in times)}); "
        f"target <= {TARGET_MS:.0f} ms: {verdict}"
    )


def warm_ratio(site: Path, args: argparse.Namespace) -> None:
    """Print a build with the image cache warm against one without resizing."""
    build(site, True)  # the image cache, warm from here on
    walls, cpus = [], []
    for round_ in range(args.repeats):
        order = (True, False) if round_ % 2 == 0 else (False, True)
        took = {resize: build(site, resize) for resize in order}
        walls.append(took[True][0] / took[False][0])
        cpus.append(took[True][1] / took[False][1])
        print(
            f"  round {round_ + 1}: warm {took[True][0]:.2f} s "
            f"({took[True][1]:.2f} s CPU), no resizing {took[False][0]:.2f} s "
            f"({took[False][1]:.2f} s CPU)"
        )
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    verdict = "ok" if cpu <= TARGET_RATIO else "MISSED"
    print(
        f"build with the image cache warm vs without resizing, {args.posts} "
        f"posts, {args.covers} covers: {wall:.3f}x wall, {cpu:.3f}x CPU; "
        f"target <= {TARGET_RATIO}x (CPU): {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--covers", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", choices=("encode", "build", "rebuild"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        site = root / "site"
        write_site(site, args.posts, args.covers)
        if args.only in (None, "encode"):
            encoding(root)
        if args.only in (None, "build"):
            warm_ratio(site, args)
        if args.only in (None, "rebuild"):
            rebuild_ratio(site, args.posts, args.covers, args.repeats)


if __name__ == "__main__":
    main()
