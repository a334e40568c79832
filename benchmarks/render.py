"""Time only the writing phase (templates, feeds, files) of a benchmark site.

In one process the corpus is read once per round from Pelican's content cache,
then every page is rendered and written into a directory in memory (``/dev/shm``
when there is one), so disk I/O and reading stay out of the figure. Use it to
compare themes, or two versions of one template, to a few hundredths of a second;
``run.py`` measures whole builds.

    python benchmarks/render.py --theme theme --theme simple --posts 2000
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from corpus import write_corpus
from pelican import Pelican, signals
from pelican.settings import read_settings
from site_settings import settings_text


def render_seconds(pelican: Pelican) -> float:
    """CPU seconds of the writing phase of one ``Pelican.run()``.

    ``run()`` asks for its writer (the ``get_writer`` signal) after reading every
    file and refreshing links, just before the generators write; what follows is
    writing, the ``finalized`` receivers and the one "Done" line (kept out of the
    output here).
    """
    started: list[float] = []

    def writing_starts(sender: Pelican, **_: Any) -> None:
        started.append(time.process_time())

    shutil.rmtree(pelican.output_path, ignore_errors=True)
    signals.get_writer.connect(writing_starts, sender=pelican)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            pelican.run()
    finally:
        signals.get_writer.disconnect(writing_starts, sender=pelican)
    [start] = started
    return time.process_time() - start


def main(argv: list[str] | None = None) -> None:
    """Print the median render time of each ``--theme``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--theme", action="append", required=True)
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=8)  # as run.py
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args(argv)
    logging.disable(logging.INFO)
    memory = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    with (
        tempfile.TemporaryDirectory(prefix="reflections-render-") as temp,
        tempfile.TemporaryDirectory(prefix="reflections-out-", dir=memory) as out,
    ):
        work = args.workdir or Path(temp)
        yaml_dir, _ = write_corpus(work / "corpus", args.posts, args.seed)
        conf = work / "render-pelicanconf.py"
        for theme in args.theme:
            if Path(theme).is_dir():  # else a theme name, like "simple"
                theme = str(Path(theme).resolve())
            text = settings_text(["reflections"], theme, True, work / "render-cache")
            conf.write_text(text, encoding="utf-8")
            settings = read_settings(
                str(conf), override={"PATH": str(yaml_dir), "OUTPUT_PATH": out}
            )
            pelican = Pelican(settings)
            render_seconds(pelican)  # warm-up; fills the content cache
            times = [render_seconds(pelican) for _ in range(args.rounds)]
            print(
                f"{theme}: {statistics.median(times):.3f} s CPU to render and write "
                f"{args.posts} posts (median of {args.rounds}, min {min(times):.3f})"
            )
            sys.stdout.flush()


if __name__ == "__main__":
    main()
