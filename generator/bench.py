"""Benchmark: how the generator and the site builders scale, measured on this machine.

``run_benchmark(plan, report)`` writes N synthetic records per size (``synthetic``), then times
each step in a fresh process (so each has its own peak memory) and returns rows of
``Measurement``; ``render_table`` prints them with each time as a ratio to the floor: a plain loop
that parses every YAML file with libyaml and writes one file per record, the least any generator
must do. Writes only under ``work``, and ``docs/performance.md`` when asked to by the CLI.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.model import PROJECT_ROOT
from generator.synthetic import synthetic_records

# Runs a command, then prints its wall time, the peak memory of its process tree and, when the
# command's last line of output is JSON, that object, as one JSON line.
_MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
completed = subprocess.run(sys.argv[1:], capture_output=True, text=True)
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
lines = completed.stdout.strip().splitlines()
try:
    details = json.loads(lines[-1]) if lines else {}
except ValueError:
    details = {}
print(json.dumps({"seconds": elapsed, "peak_kb": peak, "code": completed.returncode,
                  "stderr": completed.stderr[-2000:], "details": details}))
"""

# The floor: parse every record with libyaml and write one file per record, nothing else.
_FLOOR = """
import gc, json, sys, yaml
from pathlib import Path
gc.disable()
records, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
for path in sorted(records.glob("*.yaml")):
    data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    (out / (path.stem + ".json")).write_text(json.dumps(data, default=str))
"""

# One generator build in-process, reporting its stage timings.
_BUILD = """
import json, sys, time
from pathlib import Path
from generator.build import build
records, out, docs, cache = sys.argv[1:5]
started = time.perf_counter()
result = build(Path(records), Path(out), Path(docs), None, Path(cache) if cache != "-" else None)
print(json.dumps({"seconds": time.perf_counter() - started, "timings": result.timings,
                  "written": result.written.written, "unchanged": result.written.unchanged}))
"""


class StepFailed(RuntimeError):
    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


@dataclass
class Measurement:
    step: str
    size: int
    seconds: float | None
    peak_mb: float | None = None
    note: str = ""
    search_index_bytes: int | None = None  # of a site build: the theme's one-file index
    site: SiteShape | None = None  # of a full site build


@dataclass(frozen=True)
class SiteShape:
    """What a built site weighs, against the hosts' limits and a reader's downloads."""

    total_bytes: int
    files: int
    largest_file: tuple[str, int]
    largest_page: tuple[str, int]  # the largest HTML file
    paper_page_bytes: float  # average paper page
    first_search_bytes: int  # the largest download of a first query (see search_download)
    browse_first_view_bytes: int  # the Browse page's data for its first view
    search_index_part: int  # of first_search_bytes, the part that grows with the papers (shards)


# Queries a reader types first: a surname, title words, a venue, a year, and combinations.
FIRST_QUERIES = ("Dziugaite", "Carbin", "learning", "neural networks", "NeurIPS", "2020", "Bengio 2019", "graph ICML")


def search_download(search: Path, query: str) -> tuple[int, int]:
    """(bytes a first ``query`` downloads from the papers' search index ``search``, of which the
    word shards), as docs/assets/browse.js fetches them: the manifest, one shard per word, the chunks
    of the first 20 papers found."""
    from generator.api import search_lookup

    _, files = search_lookup(lambda name: json.loads((search / name).read_bytes()), query)
    sizes = {name: (search / name).stat().st_size for name in files}
    return sum(sizes.values()), sum(size for name, size in sizes.items() if name.startswith("words-"))


def site_shape(site: Path) -> SiteShape:
    files = [path for path in site.rglob("*") if path.is_file()]
    sizes = {path.relative_to(site).as_posix(): path.stat().st_size for path in files}
    pages = {name: size for name, size in sizes.items() if name.endswith(".html")}
    paper_pages = [size for name, size in pages.items() if name.startswith("papers/") and name.count("/") == 2]
    downloads = [search_download(site / "api" / "search", query) for query in FIRST_QUERIES]
    heaviest = max(downloads)
    return SiteShape(
        total_bytes=sum(sizes.values()),
        files=len(files),
        largest_file=max(sizes.items(), key=lambda item: item[1]),
        largest_page=max(pages.items(), key=lambda item: item[1]),
        paper_page_bytes=sum(paper_pages) / max(1, len(paper_pages)),
        first_search_bytes=heaviest[0],
        browse_first_view_bytes=sizes.get("api/browse/index.json", 0) + sizes.get("assets/browse.js", 0),
        search_index_part=heaviest[1],
    )


def _run(command: list[str], cwd: Path, env: dict | None = None) -> dict:
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    completed = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command], cwd=cwd, env=environment, capture_output=True, text=True
    )
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    if result["code"] != 0:
        reason = f"exit code {result['code']}" + (" (killed: out of memory?)" if result["code"] == -9 else "")
        raise StepFailed(f"{' '.join(command)} failed with {reason}: {result['stderr'].strip()}", reason)
    return result


def _python(*arguments: str) -> list[str]:
    return [sys.executable, *arguments]


def write_records(folder: Path, count: int, seed: int = 1) -> None:
    """``count`` synthetic records in ``folder``, unless it already holds exactly that set."""
    marker = folder / ".synthetic"
    if marker.exists() and marker.read_text() == f"{count} {seed}\n":
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for record_id, text in synthetic_records(count, seed):
        (folder / f"{record_id}.yaml").write_text(text, encoding="utf-8")
    marker.write_text(f"{count} {seed}\n")
    os.sync()  # the disk's write-back of the new files is not charged to the first step measured


def _change_one_record(records: Path) -> Path:
    """Turn one result of the middle record (from there on, the first with a Yes or No Experiment
    Setup) to the other answer: a change its page, its edition and the aggregates all show. A
    comment alone (what this did when the middle record's answer was N/A) changes no output."""
    paths = sorted(records.glob("*.yaml"))
    marker = "  experiment_setup:\n    result: "
    for path in paths[len(paths) // 2 :] + paths[: len(paths) // 2]:
        text = path.read_text(encoding="utf-8")
        for old, new in (('"Yes"', '"No"'), ('"No"', '"Yes"')):
            if marker + old in text:
                path.write_text(text.replace(marker + old, marker + new), encoding="utf-8")
                return path
    raise ValueError(f"no record in {records} has a Yes or No Experiment Setup to change")


def scratch(base: Path, name: str) -> Path:
    """A new folder for one step's output. Earlier outputs are removed only when the benchmark
    ends (``remove_scratch``): on this machine's disk, writing 20,000 files right after deleting as
    many took 8 s instead of 0.8 s, which is the disk's cleanup, not the step being measured."""
    return base / "scratch" / f"{name}-{time.time_ns()}"


def remove_scratch(work: Path) -> None:
    for folder in sorted(work.glob("*/scratch")):
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class Plan:
    """What one benchmark run measures: record counts for the generator steps, for the site builds,
    which of those Zensical builds too, the builders, and the scratch folder."""

    sizes: tuple[int, ...]
    site_sizes: tuple[int, ...]
    zensical_sizes: frozenset[int]
    builders: tuple[str, ...]
    work: Path


def run_benchmark(plan: Plan, report: Callable[[str], None]) -> list[Measurement]:
    """Every measurement of ``plan``, in order; the scratch outputs are removed when it ends, the
    records written for each size are kept for the next run. Raises ``StepFailed``."""
    rows = []
    try:
        for size in plan.sizes:
            rows += measure_generator(size, plan.work, report)
        for size in plan.site_sizes:
            builders = [name for name in plan.builders if name != "zensical" or size in plan.zensical_sizes]
            rows += measure_site(size, plan.work, builders, report)
    finally:
        remove_scratch(plan.work)
    return rows


def _folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def measure_generator(size: int, work: Path, report: Callable[[str], None]) -> list[Measurement]:
    base = work / str(size)
    records = base / "records"
    report(f"{size}: writing synthetic records")
    write_records(records, size)
    rows: list[Measurement] = []

    def add(step: str, result: dict, note: str = "") -> dict:
        rows.append(Measurement(step, size, result["seconds"], result.get("peak_kb", 0) / 1024, note))
        report(f"{size}: {step}: {result['seconds']:.2f} s")
        return result

    add(
        "floor: libyaml parse + one file per record",
        _run(_python("-c", _FLOOR, str(records), str(scratch(base, "floor"))), base),
    )
    add("validate, all records", _run(_python("-m", "generator", "validate", str(records)), base))
    one = sorted(records.glob("*.yaml"))[0]
    add("validate, one changed file (a pull request)", _run(_python("-m", "generator", "validate", str(one)), base))
    build_folder = scratch(base, "build")
    out, cache_file = build_folder / "docs", build_folder / ".cache" / "records.pickle"
    docs = PROJECT_ROOT / "docs"
    build = [*_python("-c", _BUILD), str(records), str(out), str(docs)]
    cold = _run([*build, str(cache_file)], base)
    details = _build_details(cold)
    add("build, cold (validate + package + pages + API)", cold, details["note"])
    for stage, seconds in details["timings"].items():
        rows.append(Measurement(f"    stage: {stage}", size, seconds))
    add("build, nothing changed", _run([*build, str(cache_file)], base))
    _change_one_record(records)
    changed = _run([*build, str(cache_file)], base)
    add("build, one record changed", changed, _build_details(changed)["note"])
    return rows


def _build_details(measured: dict) -> dict:
    """Stage timings and files written, from the build runner's own report."""
    details = measured.get("details") or {}
    note = f"{details.get('written', 0):,} files written, {details.get('unchanged', 0):,} kept"
    return {"timings": details.get("timings", {}), "note": note}


def measure_site(size: int, work: Path, builders: list[str], report: Callable[[str], None]) -> list[Measurement]:
    base = work / str(size)
    records = base / "records"
    write_records(records, size)
    rows = []
    for builder in builders:
        project = scratch(base, f"site-{builder}")
        project.mkdir(parents=True)
        shutil.copy(PROJECT_ROOT / "mkdocs.yml", project / "mkdocs.yml")
        shutil.copytree(PROJECT_ROOT / "hooks", project / "hooks")
        shutil.copytree(PROJECT_ROOT / "overrides", project / "overrides")
        generate = [
            *_python("-m", "generator", "build", "--records", str(records), "--docs", str(PROJECT_ROOT / "docs"))
        ]
        _run(generate, project)
        site = project / "site"
        # MkDocs is run by `generator site --full`: the same strict build as `mkdocs build --strict`,
        # which also records what it made, so that the rebuild below can render only what changed.
        command = (
            [*_python("-m", "generator", "site", "--full")]
            if builder == "mkdocs"
            else [str(Path(sys.executable).parent / "zensical"), "build", "--clean"]
        )
        try:
            result = _run(command, project)
        except StepFailed as failure:  # recorded in the table, not the end of the benchmark
            rows.append(Measurement(f"site: {builder} build", size, None, None, f"failed: {failure.reason}"))
            report(f"{size}: {builder}: failed: {failure.reason}")
            continue
        index = site / "search" / "search_index.json" if builder == "mkdocs" else site / "search.json"
        shape = site_shape(site) if builder == "mkdocs" else None
        note = f"site {_folder_bytes(site) / 1e6:.0f} MB, theme search index {index.stat().st_size / 1e6:.2f} MB"
        if shape:
            note += (
                f", {shape.files:,} files, paper page {shape.paper_page_bytes / 1e3:.1f} kB, largest page "
                f"{shape.largest_page[0]} {shape.largest_page[1] / 1e3:.0f} kB, largest file {shape.largest_file[0]} "
                f"{shape.largest_file[1] / 1e6:.1f} MB, first search ≤ {shape.first_search_bytes / 1e3:.0f} kB, "
                f"Browse first view {shape.browse_first_view_bytes / 1e3:.0f} kB"
            )
        peak = result["peak_kb"] / 1024
        step = f"site: {builder} build"
        rows.append(Measurement(step, size, result["seconds"], peak, note, index.stat().st_size, shape))
        report(f"{size}: {builder}: {result['seconds']:.1f} s, {note}")
        _change_one_record(records)
        regenerated = _run(generate, project)  # with its cache (build/.cache/), as a maintainer runs it
        rows.append(Measurement("site: generator build, one record changed", size, regenerated["seconds"]))
        # Zensical reuses its cache without --clean; `generator site` renders only what changed
        rebuilt = _run(command[:-1], project)
        step = f"site: {builder} rebuild, one record changed"
        rows.append(Measurement(step, size, rebuilt["seconds"], rebuilt["peak_kb"] / 1024))
        report(
            f"{size}: {builder} rebuild: {rebuilt['seconds']:.1f} s (generator build {regenerated['seconds']:.1f} s)"
        )
    return rows


def render_table(rows: list[Measurement]) -> str:
    sizes = sorted({row.size for row in rows})
    floors = {row.size: row.seconds for row in rows if row.step.startswith("floor")}
    steps = list(dict.fromkeys(row.step for row in rows))
    by_key = {(row.step, row.size): row for row in rows}
    header = ["step", *(f"{size:,} records" for size in sizes)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for step in steps:
        cells = [step.replace("    ", "&nbsp;&nbsp;")]
        for size in sizes:
            row = by_key.get((step, size))
            if row is None or row.seconds is None:
                cells.append(row.note if row else "")
                continue
            text = f"{row.seconds:.2f} s"
            if floors.get(size) and not step.startswith(("floor", "site")):
                text += f" ({row.seconds / floors[size]:.1f}x floor)"
            if row.peak_mb:
                text += f", {row.peak_mb:.0f} MB peak"
            if row.note:
                text += f"; {row.note}"
            cells.append(text)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


COLD, CHANGED = "build, cold (validate + package + pages + API)", "build, one record changed"


def render_targets(rows: list[Measurement]) -> str:
    """The issue's targets, each with what this run measured and whether it holds (only those measured)."""
    by_key = {(row.step, row.size): row for row in rows if row.seconds is not None}
    lines = ["| target | measured | holds? |", "|---|---|---|"]

    def add(target: str, measured: str, holds: bool) -> None:
        lines.append(f"| {target} | {measured} | {'yes' if holds else 'no'} |")

    if validate := by_key.get(("validate, all records", 10_000)):
        add("validate 10,000 records < 5 s", f"{validate.seconds:.2f} s", validate.seconds < 5)
    one_file = [row for (step, _), row in sorted(by_key.items()) if step.startswith("validate, one changed")]
    if one_file:
        slowest = max(one_file, key=lambda row: row.seconds)
        add("validate the files of a pull request < 1 s", f"{slowest.seconds:.2f} s (one file)", slowest.seconds < 1)
    floor, cold = by_key.get(("floor: libyaml parse + one file per record", 10_000)), by_key.get((COLD, 10_000))
    if floor and cold:
        ratio = cold.seconds / floor.seconds
        add(
            "cold build at 10,000 within 2x the floor",
            f"{cold.seconds:.2f} s = {ratio:.2f}x {floor.seconds:.2f} s",
            ratio <= 2,
        )
    if big := by_key.get((COLD, 100_000)):
        measured = f"{big.seconds:.0f} s, {big.peak_mb:.0f} MB peak"
        add("cold build at 100,000 < 2 min and < 1 GB", measured, big.seconds < 120 and big.peak_mb < 1024)
    if changed := by_key.get((CHANGED, 10_000)):
        add("rebuild after one change at 10,000 < 2 s", f"{changed.seconds:.2f} s", changed.seconds < 2)
    for size in (57_000, 100_000):
        if (site := by_key.get(("site: mkdocs build", size))) and site.site:
            rows_of_site(site, add)
    if (site := by_key.get(("site: mkdocs build", 57_000))) and site.site:
        shape = site.site  # what grows with the papers, scaled from 57,000 to 100,000 papers
        if ("site: mkdocs build", 100_000) not in by_key:
            estimate = shape.total_bytes / 57_000 * 100_000
            measured = f"about {estimate / 1e6:,.0f} MB (57,000 papers' bytes per paper, times 100,000)"
            add("100,000 papers: the site < 1 GB", measured, estimate < 1e9)
            search = shape.first_search_bytes + shape.search_index_part * (100_000 / 57_000 - 1)
            measured = f"about {search / 1e3:,.0f} kB (the word shards scaled from 57,000 papers)"
            add("100,000 papers: a first search downloads ≤ 1 MB", measured, search <= 1e6)
        minutes = site.seconds / 60
        add("57,000 papers: MkDocs builds the site in ≤ 5 min", f"{minutes:.1f} min", site.seconds <= 300)
        if cold := by_key.get((COLD, 57_000)):
            whole = cold.seconds + site.seconds
            measured = f"{whole / 60:.1f} min ({cold.seconds:.0f} s cold build + {site.seconds:.0f} s site)"
            add("57,000 papers: records to site (cold build + site) in ≤ 5 min", measured, whole <= 300)
        add("57,000 papers: its peak memory < 4 GB", f"{site.peak_mb:,.0f} MB", site.peak_mb < 4096)
        generated = by_key.get(("site: generator build, one record changed", 57_000))
        rebuilt = by_key.get(("site: mkdocs rebuild, one record changed", 57_000))
        if generated and rebuilt:
            seconds = generated.seconds + rebuilt.seconds
            measured = f"{seconds:.1f} s ({generated.seconds:.1f} s build + {rebuilt.seconds:.1f} s site)"
            add("57,000 papers: one changed record to the updated site ≤ 15 s", measured, seconds <= 15)
        measured = f"{shape.browse_first_view_bytes / 1e3:,.0f} kB"
        add(
            "57,000 papers: the Browse page's first view downloads ≤ 1 MB",
            measured,
            shape.browse_first_view_bytes <= 1e6,
        )
    zensical = sorted((row for row in rows if row.step == "site: zensical build"), key=lambda row: row.size)
    if zensical:
        built = [row for row in zensical if row.seconds is not None]
        failed = [row for row in zensical if row.seconds is None]
        measured = ", ".join(f"{row.size:,} pages in {row.seconds:.0f} s" for row in built) or "none"
        measured += "".join(f"; {row.size:,} pages: {row.note}" for row in failed)
        add("the same `mkdocs.yml` builds with Zensical", measured, bool(built) and not failed)
    site_sizes = sorted(size for step, size in by_key if step == "site: mkdocs rebuild, one record changed")
    if site_sizes and (full := by_key.get(("site: mkdocs build", site_sizes[-1]))):
        rebuild = by_key[("site: mkdocs rebuild, one record changed", site_sizes[-1])]
        measured = f"{rebuild.seconds:.0f} s instead of {full.seconds:.0f} s at {site_sizes[-1]:,} papers"
        add("a site rebuild after one change costs less than a full build", measured, rebuild.seconds < full.seconds)
    return "\n".join(lines) + "\n" if len(lines) > 2 else ""


def rows_of_site(site: Measurement, add: Callable[[str, str, bool], None]) -> None:
    """The hosts' limits and the issue's size targets, for one measured site build."""
    shape, size = site.site, site.size
    budget = {57_000: 500e6, 100_000: 1e9}[size]
    add(
        f"{size:,} papers: the site ≤ {budget / 1e6:,.0f} MB",
        f"{shape.total_bytes / 1e6:,.0f} MB",
        shape.total_bytes <= budget,
    )
    measured = f"{shape.files:,} files ({shape.files / size:.2f} a paper)"
    add(f"{size:,} papers: ≤ 2 files a paper plus 2,000", measured, shape.files <= 2 * size + 2_000)
    name, largest = shape.largest_file
    add(f"{size:,} papers: no file over 100 MB", f"{name}: {largest / 1e6:.1f} MB", largest <= 100e6)
    name, largest = shape.largest_page
    add(f"{size:,} papers: no HTML page over 1 MB", f"{name}: {largest / 1e3:,.0f} kB", largest <= 1e6)
    measured = f"{shape.first_search_bytes / 1e3:,.0f} kB (the heaviest of {len(FIRST_QUERIES)} first queries)"
    add(f"{size:,} papers: a first search downloads ≤ 1 MB", measured, shape.first_search_bytes <= 1e6)


def machine_description(work: Path | None = None) -> str:
    where = f", files on {filesystem_of(work)}" if work is not None else ""
    return (
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.machine()}"
        f"{where}, measured {time.strftime('%Y-%m-%d')}"
    )


def filesystem_of(path: Path) -> str:
    """'tmpfs (/dev/shm)' or 'ext4 (/)': the file system the benchmark writes to, from /proc/mounts."""
    try:
        mounts = [line.split()[1:3] for line in Path("/proc/mounts").read_text().splitlines()]
    except OSError:
        return "an unknown file system"
    resolved = str(path.resolve())
    matching = [
        (point, kind) for point, kind in mounts if resolved == point or resolved.startswith(point.rstrip("/") + "/")
    ]
    point, kind = max(matching, key=lambda mount: len(mount[0]), default=("?", "an unknown file system"))
    return f"{kind} ({point})"


HAND_WRITTEN = "<!-- hand-written: kept when the benchmark writes this page again -->"


def render_page(
    table: str, targets: str = "", work: Path | None = None, command: str = "python -m nox -s bench", kept: str = ""
) -> str:
    """The Performance page of the site: the table, how to read it, the command that made it, and
    ``kept``: the hand-written part of the previous page (after ``HAND_WRITTEN``), if any."""
    return "\n".join(
        [
            "# Performance",
            "",
            f"Measured with `python -m nox -s bench` on {machine_description(work)}. Every figure is one run of a",
            "fresh process on synthetic records with the shape of the real Index (`generator/synthetic.py`):",
            "about 2.1 kB of evidence a paper (99th percentile 3.9 kB, one paper in 5,000 with one evidence as",
            "long as the schema allows), 4 authors (99th percentile 9, rarely up to 69), titles of about 67",
            "characters (at most 192), the Index's venues, years and result frequencies, and a person's",
            "review of every result on about 160 papers in 57,000 (agreeing as in the Index's validation set,",
            "so every page shows the agreement notes the real site will). Peak memory is the process's maximum",
            "resident size.",
            "",
            "The **floor** is the least any generator must do: parse every YAML file with libyaml and write one",
            "file per record. Each generator step is also given as a multiple of it.",
            "",
            table,
            "How to read it:",
            "",
            "- Where the files go matters: on this machine's disk (ext4 mounted with `discard`), creating",
            "  10,000 small files took from under 1 s to 4 s (mostly kernel time) depending on how much had",
            "  been deleted in the minutes before, which would swamp the software being measured. The run",
            "  above wrote to the file system named at the top (`--work`); the floor and every step wrote to",
            "  the same one.",
            "- *build, cold*: no cache; every record parsed and validated (on both cores from 2,000 files on),",
            "  every page and file written. *nothing changed* and *one record changed*: with the content-hash",
            "  cache in `build/.cache/`, only changed files are parsed, and only the changed paper's page and JSON",
            "  plus the aggregates (data package, overview pages) are made again; every other file keeps its",
            "  bytes and modification time.",
            "- The data package's tables (`assessments.csv.gz`, `papers.csv`) are spliced on a rebuild: the",
            "  parts of unchanged groups of papers (a gzip member each in the compressed one) are copied from",
            "  the previous file; only the changed paper's group is made again. Of the records, one file per",
            "  venue-year (`data/records/`), only the changed paper's edition is written again.",
            "- *site: mkdocs build*: `python -m generator site --full`, MkDocs' own strict build of the whole",
            "  site (what `mkdocs build --strict` does). *site: mkdocs rebuild, one record changed*:",
            "  `python -m generator site` after `generator build`, which renders only the changed paper's",
            "  pages and the navigation's dozen pages and keeps the search index and Tags page exact (MkDocs",
            "  itself has no incremental build). Zensical: `zensical build --clean`, then its own cached",
            "  rebuild. *site: generator build, one record changed*: the `generator build` before that",
            "  rebuild; the two together are the time from a changed record to the updated site.",
            "- The site's figures (after the time of *site: mkdocs build*): its bytes and files, the average",
            "  paper page, the largest HTML page and file, the heaviest first search (manifest, word shards",
            "  and result chunks of the papers' search index that one of several first queries downloads, as",
            "  `docs/assets/browse.js` fetches them) and what the Browse page's first view downloads (its",
            "  manifest and script).",
            "",
            *(["## What holds", "", targets] if targets else []),
            f"This page was made by `{command}`. `python -m nox -s bench` alone measures 1,000 and",
            "10,000 records and a 1,000-paper site.",
            "",
            *([HAND_WRITTEN, "", kept.strip("\n"), ""] if kept.strip() else []),
        ]
    )


def hand_written_part(page: str) -> str:
    """What follows ``HAND_WRITTEN`` in a Performance page, or ''."""
    return page.partition(HAND_WRITTEN)[2]
