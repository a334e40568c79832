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

SETTINGS = """\
AUTHOR = "A. Writer"
SITENAME = "Reflections benchmark"
SITEURL = "https://bench.example"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 10
PLUGINS = ["reflections"]
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
"""


def render_seconds(pelican: Pelican) -> float:
    """CPU seconds of one ``generate_output`` pass over all generators."""
    settings = pelican.settings
    context: dict[str, Any] = settings.copy()
    context.update(
        generated_content={},
        static_links=set(),
        static_content={},
        localsiteurl=settings["SITEURL"],
    )
    generators = [
        cls(
            context=context,
            settings=settings,
            path=pelican.path,
            theme=pelican.theme,
            output_path=pelican.output_path,
        )
        for cls in pelican._get_generator_classes()
    ]
    for generator in generators:
        if hasattr(generator, "generate_context"):
            generator.generate_context()
    signals.all_generators_finalized.send(generators)
    for generator in generators:
        if hasattr(generator, "refresh_metadata_intersite_links"):
            generator.refresh_metadata_intersite_links()
    writer = pelican._get_writer()
    shutil.rmtree(pelican.output_path, ignore_errors=True)
    start = time.process_time()
    for generator in generators:
        if hasattr(generator, "generate_output"):
            generator.generate_output(writer)
    signals.finalized.send(pelican)
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
        conf.write_text(SETTINGS, encoding="utf-8")
        for theme in args.theme:
            if Path(theme).is_dir():  # else a theme name, like "simple"
                theme = str(Path(theme).resolve())
            settings = read_settings(
                str(conf),
                override={
                    "PATH": str(yaml_dir),
                    "OUTPUT_PATH": out,
                    "THEME": theme,
                    "CACHE_PATH": str(work / "render-cache"),
                },
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
