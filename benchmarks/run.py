"""Time whole ``pelican`` builds of the benchmark corpus and print one table.

Every build is a separate ``python -m pelican`` process. Builds that are compared
run interleaved, round by round (the order rotates each round), so noise from
other work on the machine lands on both sides; a ratio is the median of the
per-round ratios. Peak memory is the child's ``ru_maxrss`` from ``os.wait4``.

    python benchmarks/run.py                      # the full run (~15 minutes)
    python benchmarks/run.py --posts 200 --large 0 --repeats 2   # a quick look
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import os
import platform
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path

from corpus import write_corpus
from site_settings import settings_text

SECTIONS = ("compare", "parallel", "cache", "incremental", "scale")
CONFIGS = ("stock", "plugin-simple", "yaml-metadata", "plugin-theme")
# The targets: each comparison's wall (and CPU) ratio must be at most this.
TARGETS: dict[str, float] = {
    # plugin + simple (YAML) vs stock + simple (native metadata)
    "plugin-vs-stock": 1.05,
    # plugin + simple vs pelican-yaml-metadata + simple, both reading YAML
    "plugin-vs-yaml-metadata": 0.95,
    # plugin + bundled theme vs stock + simple
    "theme-vs-stock": 1.25,
    # rebuild from the content cache after editing one post vs a cold build
    "cache-rebuild": 0.35,
    # incremental rebuild (REFLECTIONS_INCREMENTAL) after editing one post's body,
    # and after changing one post's title (so its slug), vs a cold build
    "incremental-body": 0.15,
    "incremental-title": 0.30,
    # large corpus vs small, per unit of linear growth: 10% over linear at any
    # pair of sizes (5.5x for 5x the posts)
    "scale-per-linear": 1.1,
    # peak memory, plugin + bundled theme vs stock + simple, large corpus
    "peak-memory": 1.2,
    # parallel reading (every usable core): plugin + simple vs stock + simple
    "parallel-vs-stock": 0.70,
    # parallel reading: plugin + bundled theme vs stock + simple
    "parallel-theme-vs-stock": 0.85,
    # REFLECTIONS_WORKERS = 1 vs the serial plugin of --baseline REV
    "one-worker-vs-serial": 1.02,
}


@dataclass(frozen=True)
class Config:
    """One way to build a site: which plugins, which theme, which content copy."""

    name: str
    content: Path
    plugins: tuple[str, ...]
    theme: str
    cache: bool = False
    workers: int | None = None  # REFLECTIONS_WORKERS (None: not set)
    pythonpath: str = ""  # another copy of the plugin, imported first


@dataclass
class Run:
    """The measurements of one build."""

    wall: float
    cpu: float
    peak_mb: float
    articles: int
    warnings: list[str] = field(default_factory=list)


@dataclass
class Row:
    """One line of the result table."""

    what: str
    base: str
    candidate: str
    ratio: float
    cpu_ratio: float | None
    limit: float | None  # None: a reference, for the ratio only
    note: str = ""
    failed: bool = False

    @property
    def target(self) -> str:
        """The limit as the table shows it."""
        return "-" if self.limit is None else f"<= {self.limit:.2f}x"

    @property
    def verdict(self) -> str:
        """Whether the wall (and CPU) ratio meets the target, and nothing failed."""
        if self.failed:
            return "MISSED"
        if self.limit is None:
            return "reference"
        wall = "ok" if self.ratio <= self.limit else "MISSED"
        if self.cpu_ratio is None:
            return wall
        cpu = "ok" if self.cpu_ratio <= self.limit else "MISSED"
        return f"wall {wall}, CPU {cpu}"


def reflections_theme() -> str:
    """Path of the bundled theme, from the installed plugin."""
    from pelican.plugins.reflections import theme_path

    return theme_path()


def snapshot(revision: str, target: Path, activate: bool = True) -> str:
    """Export the plugin and theme at a git revision; children import it first
    (with ``activate``; else give ``target / "pelican_plugin"`` to a Config).

    Others may be editing the working tree while the benchmark runs: a snapshot
    of a commit keeps every build of one run on the same code.
    """
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    root = Path(__file__).resolve().parents[1]
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", revision, "pelican_plugin", "theme"],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    if activate:
        os.environ["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(target / "pelican_plugin"), os.environ.get("PYTHONPATH")])
        )
    commit = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--short", revision],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return commit


class Bench:
    """Runs builds in a work directory and keeps their measurements."""

    def __init__(self, work: Path, theme: str, verbose: bool = True) -> None:
        self.work = work
        self.theme = theme
        self.verbose = verbose

    def paths(self, config: Config) -> tuple[Path, Path, Path]:
        """Settings file, output and cache directories of a configuration."""
        base = self.work / "sites" / config.name
        return base / "pelicanconf.py", base / "output", base / "cache"

    def build(
        self, config: Config, profile: Path | None = None, keep_output: bool = False
    ) -> Run:
        """One timed ``pelican`` build into an empty output directory (with
        ``keep_output``, into the output of the last build, as a rebuild does)."""
        conf, output, cache = self.paths(config)
        conf.parent.mkdir(parents=True, exist_ok=True)
        settings = settings_text(config.plugins, config.theme, config.cache, cache)
        if config.workers is not None:
            settings += f"REFLECTIONS_WORKERS = {config.workers}\n"
        conf.write_text(settings, encoding="utf-8")
        # Outside the timing: on ext4, overwriting files that were already
        # written back costs ~3 ms each (auto_da_alloc flushes on close). A kept
        # output pays it for each file rewritten: a rebuild's real cost.
        if not keep_output:
            shutil.rmtree(output, ignore_errors=True)
        log = conf.parent / "build.log"
        profiler = ["-m", "cProfile", "-o", str(profile)] if profile else []
        command = [
            sys.executable,
            *profiler,
            "-m",
            "pelican",
            str(config.content),
            "-s",
            str(conf),
            "-o",
            str(output),
        ]
        env = {**os.environ, "COLUMNS": "500", "NO_COLOR": "1", "TERM": "dumb"}
        if config.pythonpath:
            env["PYTHONPATH"] = os.pathsep.join(
                filter(None, [config.pythonpath, env.get("PYTHONPATH")])
            )
        # Cache bytecode as a user's Python does (the warm-up round writes it).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        with log.open("w", encoding="utf-8") as sink:
            start = time.perf_counter()
            child = subprocess.Popen(command, stdout=sink, stderr=sink, env=env)
            _, status, usage = os.wait4(child.pid, 0)
            wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        text = log.read_text(encoding="utf-8", errors="replace")
        if child.returncode != 0:
            raise SystemExit(f"{config.name}: pelican failed\n{text[-3000:]}")
        found = re.search(r"Processed (\d+) articles?", text)
        warnings = [
            line.strip()
            for line in text.splitlines()
            if re.search(r"\b(WARNING|ERROR|CRITICAL)\b", line)
        ]
        run = Run(
            wall=wall,
            cpu=usage.ru_utime + usage.ru_stime,
            peak_mb=usage.ru_maxrss / 1024,
            articles=int(found.group(1)) if found else 0,
            warnings=warnings,
        )
        if self.verbose:
            print(
                f"  {config.name:<22} {run.wall:7.2f} s wall {run.cpu:7.2f} s cpu "
                f"{run.peak_mb:6.0f} MB {run.articles} articles",
                file=sys.stderr,
                flush=True,
            )
        return run

    def interleaved(
        self, configs: list[Config], repeats: int, warmup: int
    ) -> dict[str, list[Run]]:
        """Build each config ``repeats`` times in rotating rounds, after warm-ups."""
        for _ in range(warmup):
            for config in configs:
                self.build(config)
        runs: dict[str, list[Run]] = {config.name: [] for config in configs}
        for round_ in range(repeats):
            shift = round_ % len(configs)
            for config in configs[shift:] + configs[:shift]:
                runs[config.name].append(self.build(config))
        return runs


def median_wall(runs: list[Run]) -> float:
    """Median wall time of a series."""
    return statistics.median(run.wall for run in runs)


def paired(base: list[Run], candidate: list[Run], attr: str = "wall") -> float:
    """Median over rounds of candidate/base for one measurement."""
    return statistics.median(
        getattr(c, attr) / getattr(b, attr)
        for b, c in zip(base, candidate, strict=True)
    )


def seconds(runs: list[Run]) -> str:
    """Median wall time as text."""
    return f"{median_wall(runs):.2f} s"


def check_counts(runs: dict[str, list[Run]], expected: dict[str, int]) -> list[str]:
    """Notes for configurations that did not build every post as an article."""
    notes = []
    for name, series in runs.items():
        got = {run.articles for run in series}
        if got != {expected[name]}:
            notes.append(f"{name}: built {sorted(got)} articles of {expected[name]}")
    return notes


def compare_rows(
    bench: Bench, configs: dict[str, Config], posts: int, args: argparse.Namespace
) -> tuple[list[Row], dict[str, list[Run]]]:
    """Plugin vs stock vs pelican-yaml-metadata vs the bundled theme, interleaved."""
    order = ["stock", "plugin-simple", "yaml-metadata", "plugin-theme"]
    runs = bench.interleaved([configs[n] for n in order], args.repeats, args.warmup)
    stock, simple = runs["stock"], runs["plugin-simple"]
    yamlmd, themed = runs["yaml-metadata"], runs["plugin-theme"]
    rows = [
        Row(
            f"plugin + simple (YAML) vs stock + simple (native), {posts} posts",
            seconds(stock),
            seconds(simple),
            paired(stock, simple),
            paired(stock, simple, "cpu"),
            TARGETS["plugin-vs-stock"],
        ),
        Row(
            f"plugin + simple vs pelican-yaml-metadata + simple (YAML), {posts} posts",
            seconds(yamlmd),
            seconds(simple),
            paired(yamlmd, simple),
            paired(yamlmd, simple, "cpu"),
            TARGETS["plugin-vs-yaml-metadata"],
        ),
        Row(
            f"plugin + bundled theme vs stock + simple, {posts} posts",
            seconds(stock),
            seconds(themed),
            paired(stock, themed),
            paired(stock, themed, "cpu"),
            TARGETS["theme-vs-stock"],
        ),
    ]
    return rows, runs


def parallel_rows(
    bench: Bench, configs: dict[str, Config], posts: int, args: argparse.Namespace
) -> tuple[list[Row], dict[str, list[Run]], list[str]]:
    """Parallel reading: 1 and all workers vs stock, and 1 worker vs the serial
    plugin of ``--baseline``; then a projection for 8 cores (Amdahl's law from
    the serial fraction measured here), labelled as one."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 0
    cores = cores or os.cpu_count() or 1
    simple, theme = configs["plugin-simple"], configs["plugin-theme"]
    order = [
        configs["stock"],
        replace(simple, name="plugin-simple-1-worker", workers=1),
        replace(simple, name=f"plugin-simple-{cores}-workers", workers=0),
        replace(theme, name=f"plugin-theme-{cores}-workers", workers=0),
    ]
    if args.baseline:
        path = bench.work / "baseline"
        commit = snapshot(args.baseline, path, activate=False)
        order.append(
            replace(
                simple,
                name=f"plugin-simple-serial-{commit}",
                pythonpath=str(path / "pelican_plugin"),
            )
        )
    runs = bench.interleaved(order, args.repeats, args.warmup)
    stock = runs["stock"]
    one, many = runs["plugin-simple-1-worker"], runs[f"plugin-simple-{cores}-workers"]
    themed = runs[f"plugin-theme-{cores}-workers"]
    rows = [
        Row(
            f"plugin + simple, {cores} workers, vs stock + simple, {posts} posts",
            seconds(stock),
            seconds(many),
            paired(stock, many),
            None,
            TARGETS["parallel-vs-stock"],
        ),
        Row(
            f"plugin + theme, {cores} workers, vs stock + simple, {posts} posts",
            seconds(stock),
            seconds(themed),
            paired(stock, themed),
            None,
            TARGETS["parallel-theme-vs-stock"],
        ),
    ]
    if args.baseline:
        serial = runs[order[-1].name]
        rows.append(
            Row(
                f"plugin + simple, REFLECTIONS_WORKERS = 1, vs the serial plugin "
                f"({order[-1].name.rsplit('-', 1)[-1]}), {posts} posts",
                seconds(serial),
                seconds(one),
                paired(serial, one),
                paired(serial, one, "cpu"),
                TARGETS["one-worker-vs-serial"],
            )
        )
    notes = []
    t1, tn = median_wall(one), median_wall(many)
    if cores > 1 and tn < t1:
        serial_part = (cores * tn / t1 - 1) / (cores - 1)
        t8 = t1 * (serial_part + (1 - serial_part) / 8)
        notes.append(
            f"workers: 1 = {t1:.2f} s, {cores} = {tn:.2f} s; serial fraction "
            f"{serial_part:.2f} (Amdahl, from these two); PROJECTION for 8 cores: "
            f"{t8:.2f} s = {t8 / median_wall(stock):.2f}x stock + simple"
        )
    return rows, runs, notes


def edit_post(content: Path) -> Path:
    """Append a paragraph to the middle post; return its path."""
    posts = sorted(content.glob("*.md"))
    target = posts[len(posts) // 2]
    with target.open("a", encoding="utf-8") as handle:
        handle.write("\nAn edit made after the first build, to test the cache.\n")
    return target


def same_tree(left: Path, right: Path) -> list[str]:
    """Relative paths that differ between two output trees (missing counts)."""
    differ: list[str] = []
    names = {p.relative_to(left) for p in left.rglob("*") if p.is_file()}
    names |= {p.relative_to(right) for p in right.rglob("*") if p.is_file()}
    for name in sorted(names):
        a, b = left / name, right / name
        if not (a.is_file() and b.is_file() and filecmp.cmp(a, b, shallow=False)):
            differ.append(str(name))
    return differ


def cold_start(bench: Bench, config: Config, source: Path) -> Run:
    """A fresh copy of ``source``, an empty cache and output: a cold build."""
    shutil.rmtree(config.content, ignore_errors=True)
    shutil.copytree(source, config.content)
    shutil.rmtree(bench.paths(config)[2], ignore_errors=True)
    return bench.build(config)


def cache_round(bench: Bench, config: Config, source: Path) -> tuple[Run, Run]:
    """A cold build with an empty cache, then one post edited and a rebuild."""
    cold = cold_start(bench, config, source)
    edit_post(config.content)
    return cold, bench.build(config)


def cache_rows(
    bench: Bench, yaml_dir: Path, native_dir: Path, posts: int, args: argparse.Namespace
) -> tuple[list[Row], dict[str, list[Run]]]:
    """Cold build vs a rebuild from Pelican's content cache after editing one post.

    Stock Pelican + ``simple`` on the native copy, and the plugin + ``simple``, go
    through the same steps in the same rounds, for the ratio Pelican's cache gives
    without the bundled theme (and without the plugin).
    """
    content = bench.work / "cache-content"
    cached = Config("cached", content, ("reflections",), bench.theme, True)
    fresh = Config("uncached", content, ("reflections",), bench.theme)
    stock = Config("stock-cached", bench.work / "cache-native", (), "simple", True)
    simple = Config(
        "plugin-simple-cached",
        bench.work / "cache-simple",
        ("reflections",),
        "simple",
        True,
    )
    rounds: dict[str, tuple[list[Run], list[Run]]] = {
        config.name: ([], []) for config in (cached, stock, simple)
    }
    sources = {cached.name: yaml_dir, stock.name: native_dir, simple.name: yaml_dir}
    for _ in range(args.cache_repeats):
        for config in (cached, stock, simple):
            first, again = cache_round(bench, config, sources[config.name])
            rounds[config.name][0].append(first)
            rounds[config.name][1].append(again)
    cold, warm = rounds[cached.name]
    stock_cold, stock_warm = rounds[stock.name]
    simple_cold, simple_warm = rounds[simple.name]
    bench.build(fresh)
    differ = same_tree(bench.paths(cached)[1], bench.paths(fresh)[1])
    note = (
        "output same as a cold build"
        if not differ
        else (f"OUTPUT DIFFERS in {len(differ)} files, e.g. {', '.join(differ[:3])}")
    )
    row = Row(
        f"rebuild with content cache after editing one post vs cold, {posts} posts",
        seconds(cold),
        seconds(warm),
        paired(cold, warm),
        paired(cold, warm, "cpu"),
        TARGETS["cache-rebuild"],
        f"{note}; stock + simple: {paired(stock_cold, stock_warm):.2f}x, "
        f"plugin + simple: {paired(simple_cold, simple_warm):.2f}x",
        failed=bool(differ),
    )
    runs = {
        "cached-cold": cold,
        "cached-rebuild": warm,
        "stock-cached-cold": stock_cold,
        "stock-cached-rebuild": stock_warm,
        "plugin-simple-cached-cold": simple_cold,
        "plugin-simple-cached-rebuild": simple_warm,
    }
    return [row], runs


def retitle_post(content: Path) -> Path:
    """Change the title (so the slug) of the post a third of the way in."""
    posts = sorted(content.glob("*.md"))
    target = posts[len(posts) // 3]
    text = target.read_text(encoding="utf-8")
    title = re.compile(r"^(title|Title): (.*)$", re.MULTILINE)
    target.write_text(title.sub(r"\1: \2 Revisited", text, count=1), encoding="utf-8")
    return target


def cold_differs(bench: Bench, config: Config) -> list[str]:
    """Files in which the output of ``config``'s last build differs from a cold
    build of the same content (empty output, empty cache)."""
    fresh = replace(config, name=f"{config.name}-cold-check")
    shutil.rmtree(bench.paths(fresh)[2], ignore_errors=True)
    bench.build(fresh)
    return same_tree(bench.paths(config)[1], bench.paths(fresh)[1])


def incremental_round(
    bench: Bench, config: Config, source: Path, title: bool, check: bool
) -> tuple[list[Run], list[str]]:
    """A cold build with an empty cache; one post's body edited and a rebuild into
    that output; with ``title``, one post's title changed and another rebuild.
    Returns the builds in that order and, with ``check``, the files in which a
    rebuild's output differs from a cold build of the same content."""
    runs, differ = [cold_start(bench, config, source)], []
    edits = [edit_post, retitle_post] if title else [edit_post]
    for edit in edits:
        edit(config.content)
        runs.append(bench.build(config, keep_output=True))
        if check:
            differ += [
                f"{edit.__name__}: {name}" for name in cold_differs(bench, config)
            ]
    return runs, differ


def incremental_rows(
    bench: Bench, yaml_dir: Path, native_dir: Path, posts: int, args: argparse.Namespace
) -> tuple[list[Row], dict[str, list[Run]]]:
    """Incremental rebuilds vs a cold build, plugin + bundled theme with the content
    cache: one post's body edited, then one post's title changed, each rebuilt into
    the existing output.

    The issue's figures are measured on their own, with REFLECTIONS_WORKERS = 1
    (reading in one process, as before parallel reading); the same rebuilds with
    every core reading (the default) are "together" rows. Reference in the same
    interleaved rounds: stock + simple with the content cache after the same body
    edit. Each configuration's rebuilds are compared with a cold build once, in
    the first round.
    """
    serial = Config(
        "incremental-1-worker",
        bench.work / "incremental-serial",
        ("reflections",),
        bench.theme,
        True,
        workers=1,
    )
    together = replace(
        serial,
        name="incremental-every-core",
        content=bench.work / "incremental-content",
        workers=None,
    )
    stock = Config(
        "stock-incremental",
        bench.work / "incremental-native",
        (),
        "simple",
        True,
    )
    order = [
        (serial, yaml_dir, True),
        (together, yaml_dir, True),
        (stock, native_dir, False),
    ]
    series: dict[str, list[list[Run]]] = {c.name: [] for c, _, _ in order}
    differ: dict[str, list[str]] = {}
    for round_ in range(args.cache_repeats):
        shift = round_ % len(order)
        for config, source, title in order[shift:] + order[:shift]:
            check = round_ == 0 and config is not stock
            runs, found = incremental_round(bench, config, source, title, check)
            series[config.name].append(runs)
            if check:
                differ[config.name] = found

    def column(name: str, index: int) -> list[Run]:
        return [runs[index] for runs in series[name]]

    def checked(name: str) -> str:
        found = differ[name]
        if not found:
            return "output same as a cold build"
        return f"OUTPUT DIFFERS in {len(found)} files, e.g. {', '.join(found[:3])}"

    what = f"plugin + bundled theme, content cache, {posts} posts"
    rows = []
    for config, label in (
        (serial, "REFLECTIONS_WORKERS = 1"),
        (together, "together with parallel reading (every core)"),
    ):
        cold, body, title = (column(config.name, i) for i in range(3))
        for edit, runs, target in (
            ("editing one post's body", body, "incremental-body"),
            ("changing one post's title", title, "incremental-title"),
        ):
            rows.append(
                Row(
                    f"incremental rebuild after {edit} vs cold, {label}, {what}",
                    seconds(cold),
                    seconds(runs),
                    paired(cold, runs),
                    paired(cold, runs, "cpu"),
                    TARGETS[target],
                    checked(config.name),
                    failed=bool(differ[config.name]),
                )
            )
    stock_cold, stock_body = column(stock.name, 0), column(stock.name, 1)
    rows.append(
        Row(
            f"stock + simple, content cache: rebuild after the same body edit vs "
            f"cold, {posts} posts",
            seconds(stock_cold),
            seconds(stock_body),
            paired(stock_cold, stock_body),
            paired(stock_cold, stock_body, "cpu"),
            None,
        )
    )
    runs = {
        f"{name}-{step}": column(name, index)
        for name, steps in (
            (serial.name, ("cold", "body", "title")),
            (together.name, ("cold", "body", "title")),
            (stock.name, ("cold", "body")),
        )
        for index, step in enumerate(steps)
    }
    return rows, runs


def scale_rows(
    bench: Bench,
    configs: dict[str, Config],
    posts: int,
    args: argparse.Namespace,
) -> tuple[list[Row], dict[str, list[Run]], int]:
    """The large corpus against the small one, and peak memory against stock."""
    large = args.large
    yaml_dir, native_dir = write_corpus(bench.work / "large", large, args.seed)
    theme = bench.theme
    big_theme = Config("plugin-theme-large", yaml_dir, ("reflections",), theme)
    big_stock = Config("stock-large", native_dir, (), "simple")
    order = [big_theme, big_stock, configs["plugin-theme"], configs["stock"]]
    runs = bench.interleaved(order, args.large_repeats, 0)
    themed, stock, small, small_stock = (runs[c.name] for c in order)
    peak_theme = statistics.median(r.peak_mb for r in themed)
    peak_stock = statistics.median(r.peak_mb for r in stock)
    limit = TARGETS["scale-per-linear"] * large / posts
    rows = [
        Row(
            f"{large} vs {posts} posts, plugin + bundled theme",
            seconds(small),
            seconds(themed),
            paired(small, themed),
            paired(small, themed, "cpu"),
            limit,
            f"stock: {paired(small_stock, stock):.2f}x",
        ),
        Row(
            f"peak memory, plugin + bundled theme vs stock + simple, {large} posts",
            f"{peak_stock:.0f} MB",
            f"{peak_theme:.0f} MB",
            peak_theme / peak_stock,
            None,
            TARGETS["peak-memory"],
            # A child's peak counts its pre-exec copy of this process: keep it small.
            f"this runner: {own_peak_mb():.0f} MB",
        ),
    ]
    return rows, runs, large


def own_peak_mb() -> float:
    """Peak resident memory of this runner process."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> list[str]:
    """Lines describing the machine and the software versions."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for dist in ("pelican", "pelican-reflections", "pelican-yaml-metadata", "markdown"):
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist} not installed")
    return [
        f"Date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"Machine: {os.cpu_count()} cores (nproc), {cpu}, "
        f"load average {os.getloadavg()[0]:.1f} at start",
        f"Python {platform.python_version()}; " + ", ".join(versions),
    ]


def table(rows: list[Row]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| comparison | baseline | candidate | ratio (wall) | ratio (CPU) | target | |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        cpu = f"{row.cpu_ratio:.2f}x" if row.cpu_ratio is not None else "-"
        verdict = row.verdict + (f" ({row.note})" if row.note else "")
        lines.append(
            f"| {row.what} | {row.base} | {row.candidate} | {row.ratio:.2f}x | "
            f"{cpu} | {row.target} | {verdict} |"
        )
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options; the defaults are the full run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000, help="corpus size")
    parser.add_argument(
        "--large", type=int, default=10000, help="large corpus size (0: skip)"
    )
    parser.add_argument("--repeats", type=int, default=4, help="timed rounds")
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first")
    parser.add_argument("--cache-repeats", type=int, default=3)
    parser.add_argument("--large-repeats", type=int, default=2)
    parser.add_argument(
        "--only", choices=SECTIONS, action="append", help="run only these sections"
    )
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--snapshot",
        metavar="REV",
        help="build with the plugin and theme of this git revision (e.g. HEAD)",
    )
    parser.add_argument(
        "--baseline",
        metavar="REV",
        help="parallel section: also time the serial plugin of this git revision",
    )
    parser.add_argument(
        "--profile",
        choices=CONFIGS,
        help="instead of timing: one build of this config under cProfile, top calls",
    )
    parser.add_argument(
        "--workdir", type=Path, help="keep corpora and sites here (default: a temp dir)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Generate the corpus, run the sections, print the table."""
    args = parse_args(argv)
    sections = args.only or list(SECTIONS)
    if args.large <= 0 and "scale" in sections:
        sections.remove("scale")
    header = machine()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="reflections-bench-") as temp:
        work = args.workdir or Path(temp)
        if args.snapshot:
            commit = snapshot(args.snapshot, work / "snapshot")
            theme = str(work / "snapshot" / "theme")
            header.append(f"Plugin and theme: git {args.snapshot} = {commit}")
        else:
            theme = reflections_theme()
            header.append("Plugin and theme: the working tree")
        bench = Bench(work, theme)
        yaml_dir, native_dir = write_corpus(work / "corpus", args.posts, args.seed)
        configs = {
            c.name: c
            for c in (
                Config("stock", native_dir, (), "simple"),
                Config("plugin-simple", yaml_dir, ("reflections",), "simple"),
                Config("yaml-metadata", yaml_dir, ("yaml_metadata",), "simple"),
                Config("plugin-theme", yaml_dir, ("reflections",), theme),
            )
        }
        if args.profile:
            print_profile(bench, configs[args.profile])
            return
        rows: list[Row] = []
        notes: list[str] = []
        if "compare" in sections:
            print("compare:", file=sys.stderr)
            found, runs = compare_rows(bench, configs, args.posts, args)
            rows += found
            notes += check_counts(runs, dict.fromkeys(runs, args.posts))
            notes += warnings_of(runs)
        if "parallel" in sections:
            print("parallel:", file=sys.stderr)
            found, runs, more = parallel_rows(bench, configs, args.posts, args)
            rows += found
            notes += more + check_counts(runs, dict.fromkeys(runs, args.posts))
            notes += warnings_of(runs)
        if "cache" in sections:
            print("cache:", file=sys.stderr)
            found, runs = cache_rows(bench, yaml_dir, native_dir, args.posts, args)
            rows += found
            notes += check_counts(runs, dict.fromkeys(runs, args.posts))
            notes += warnings_of(runs)
        if "incremental" in sections:
            print("incremental:", file=sys.stderr)
            found, runs = incremental_rows(
                bench, yaml_dir, native_dir, args.posts, args
            )
            rows += found
            notes += check_counts(runs, dict.fromkeys(runs, args.posts))
            notes += warnings_of(runs)
        if "scale" in sections:
            print("scale:", file=sys.stderr)
            found, runs, large = scale_rows(bench, configs, args.posts, args)
            rows += found
            sizes = dict.fromkeys(runs, large) | {
                "plugin-theme": args.posts,
                "stock": args.posts,
            }
            notes += check_counts(runs, sizes)
            notes += warnings_of(runs)
    minutes = (time.monotonic() - started) / 60
    print("\n".join(header))
    print(
        f"Rounds: {args.repeats} timed after {args.warmup} warm-up "
        f"({args.cache_repeats} cache and incremental, {args.large_repeats} large); "
        f"ratios are medians of per-round ratios from this one run; "
        f"took {minutes:.1f} min\n"
    )
    print(table(rows))
    for note in dict.fromkeys(notes):
        print(f"\nNOTE: {note}")


def print_profile(bench: Bench, config: Config) -> None:
    """Build once under cProfile; print the top functions by own and total time."""
    stats_path = bench.work / f"{config.name}.prof"
    run = bench.build(config, profile=stats_path)
    print(f"{config.name}: {run.wall:.2f} s under cProfile ({stats_path})")
    stats = pstats.Stats(str(stats_path))
    print("own time by package:")
    for package, own in own_time_by_package(stats):
        print(f"  {own:7.2f} s  {package}")
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)


def own_time_by_package(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Seconds spent inside each package's own code, largest first."""
    totals: dict[str, float] = {}
    for (filename, _, function), row in stats.stats.items():  # type: ignore[attr-defined]
        path = filename.replace("\\", "/")
        if "/reflections/" in path:
            package = "reflections (plugin)"
        elif "/templates/" in path and path.endswith(".html"):
            package = "templates: " + path.rsplit("/templates/", 1)[0][-40:]
        elif "site-packages/" in path:
            parts = path.split("site-packages/", 1)[1].split("/")
            package = "/".join(parts[:3] if parts[1:2] == ["plugins"] else parts[:1])
        elif filename == "~":
            package = "builtins: " + function.split(" of ")[0].strip("<>{}")[:40]
        else:
            package = "stdlib / other"
        totals[package] = totals.get(package, 0.0) + row[2]
    return sorted(totals.items(), key=lambda item: -item[1])[:20]


def warnings_of(runs: dict[str, list[Run]]) -> list[str]:
    """One note per configuration whose builds logged warnings or errors."""
    notes = []
    for name, series in runs.items():
        lines = [line for run in series for line in run.warnings]
        if lines:
            notes.append(f"{name}: {len(lines)} warning lines, first: {lines[0]}")
    return notes


if __name__ == "__main__":
    main()
