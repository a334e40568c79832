"""The writer's loop: time from saving a post to its page holding the edit.

Two ``pelican --autoreload`` processes run side by side over the same posts:
stock Pelican with ``simple`` (Pelican's own metadata) and Pelican with this
plugin and the bundled theme (YAML front matter), both with the content cache
on. Round by round (the order rotates), one post of each gets the same new
paragraph; the time is from the file's write to the moment the post's page in
the output folder holds the paragraph, and to the end of that rebuild ("Done"
in the log). One process waits while the other works, so neither slows the
other. The ratio is the median of the per-round ratios.

    python benchmarks/loop.py                 # 2,000 posts, 6 edits
    python benchmarks/loop.py --posts 200 --edits 3
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from corpus import write_corpus
from site_settings import settings_text

TARGET = 0.12  # plugin's edit-to-page time over stock's (#31)
TIMEOUT = 120.0


def reflections_theme() -> str:
    from pelican.plugins.reflections import theme_path

    return theme_path()


@dataclass
class Loop:
    """One ``pelican --autoreload`` process and the posts it is edited through."""

    name: str
    content: Path
    base: Path
    plugins: list[str]
    theme: str
    process: subprocess.Popen[bytes] | None = None
    to_page: list[float] = field(default_factory=list)
    to_done: list[float] = field(default_factory=list)

    @property
    def log(self) -> Path:
        return self.base / "autoreload.log"

    @property
    def output(self) -> Path:
        return self.base / "output"

    def start(self) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        conf = self.base / "pelicanconf.py"
        conf.write_text(
            settings_text(self.plugins, self.theme, True, self.base / "cache"),
            encoding="utf-8",
        )
        env = {**os.environ, "COLUMNS": "500", "NO_COLOR": "1", "TERM": "dumb"}
        command = [sys.executable, "-m", "pelican", str(self.content), "-s"]
        command += [str(conf), "-o", str(self.output), "--autoreload"]
        with self.log.open("wb") as sink:
            self.process = subprocess.Popen(
                command,
                stdout=sink,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        self.wait_for_builds(1)
        time.sleep(1.5)  # Pelican starts watching once the first build is done

    def builds(self) -> int:
        return self.log.read_text(errors="replace").count("Done: Processed")

    def wait_for_builds(self, count: int) -> float:
        start = time.perf_counter()
        while self.builds() < count:
            if self.process is not None and self.process.poll() is not None:
                raise SystemExit(f"{self.name}: pelican stopped\n{self.tail()}")
            if time.perf_counter() - start > TIMEOUT:
                raise SystemExit(f"{self.name}: no build in {TIMEOUT} s\n{self.tail()}")
            time.sleep(0.005)
        return time.perf_counter()

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def page_of(self, source: Path) -> Path:
        """The post's page: ``<slug>.html``, the slug being the file name's."""
        page = self.output / f"{source.stem.split('-', 1)[1]}.html"
        if not page.exists():
            raise SystemExit(f"{self.name}: no page {page} for {source.name}")
        return page

    def edit(self, source: Path, round_: int) -> None:
        """Add a paragraph to ``source``; time until its page and the build have it."""
        page = self.page_of(source)
        builds = self.builds()
        marker = f"Edited in round {round_} at {time.time_ns()}."
        text = source.read_text(encoding="utf-8")
        with source.open("w", encoding="utf-8") as handle:
            handle.write(f"{text.rstrip()}\n\n{marker}\n")
        saved = time.perf_counter()
        while marker not in page.read_text(encoding="utf-8", errors="replace"):
            if time.perf_counter() - saved > TIMEOUT:
                raise SystemExit(f"{self.name}: the edit never reached {page}")
            time.sleep(0.002)
        self.to_page.append(time.perf_counter() - saved)
        self.to_done.append(self.wait_for_builds(builds + 1) - saved)
        time.sleep(1.0)  # the watcher starts again after each build

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=6)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="reflections-loop-"))
    yaml_dir, native_dir = write_corpus(work / "corpus", args.posts)
    loops = [
        Loop("stock + simple", native_dir, work / "stock", [], "simple"),
        Loop(
            "plugin + theme",
            yaml_dir,
            work / "plugin",
            ["reflections"],
            reflections_theme(),
        ),
    ]
    names = sorted(p.name for p in yaml_dir.glob("*.md"))
    try:
        for loop in loops:
            loop.start()
        for round_ in range(args.edits):
            name = names[(round_ * 7919 + len(names) // 3) % len(names)]
            order = loops if round_ % 2 == 0 else loops[::-1]
            for loop in order:
                loop.edit(loop.content / name, round_)
    finally:
        for loop in loops:
            loop.stop()
    stock, plugin = loops
    ratios = [p / s for p, s in zip(plugin.to_page, stock.to_page, strict=True)]
    ratio = statistics.median(ratios)
    print(f"\nThe writer's loop: {args.posts} posts, {args.edits} edits (--autoreload)")
    print(f"{'':18} {'edit to page':>14} {'edit to Done':>14}")
    for loop in loops:
        page = statistics.median(loop.to_page)
        done = statistics.median(loop.to_done)
        print(f"{loop.name:18} {page * 1000:11.0f} ms {done * 1000:11.0f} ms")
    verdict = "ok" if ratio <= TARGET else "OVER TARGET"
    print(f"edit to page, plugin / stock: {ratio:.3f} (target <= {TARGET}) {verdict}")


if __name__ == "__main__":
    main()
