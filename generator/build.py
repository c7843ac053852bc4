"""Build: records folder -> validated papers -> the MkDocs source tree with the data package inside.

``check(paths)`` loads and validates record files and returns ``(loaded records, problems)``.
``build(records_dir, out_dir, docs_dir)`` validates every record and, only if all are valid,
writes through ``output.write_tree`` (atomically) the tree that ``mkdocs.yml`` points at:

- the hand-written pages of ``docs/``, copied as they are;
- ``index.md``, ``papers/index.md``, ``papers/<id>.md``, ``schema.md``;
- ``data/``: the Frictionless data package (``datapackage.json``, CSVs, JSON, schema);
- ``api/papers.json`` (summary of every paper) and ``api/papers/<id>.json`` (one full record).

An invalid record raises ``BuildFailed`` with every problem, and nothing is written.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__, model, overview, package, pages, statistics
from generator.loading import LoadedRecord, LoadError, load_record
from generator.output import WriteSummary, write_tree
from generator.validation import (
    Problem,
    cross_record_problems,
    problem_from_load_error,
    record_paths,
    validate_record,
)


class BuildFailed(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the records")
        self.problems = problems


@dataclass
class BuildResult:
    papers: int
    written: WriteSummary = field(default_factory=WriteSummary)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage


@contextlib.contextmanager
def _collector_paused():
    """Loading makes millions of small acyclic objects; the cyclic garbage collector would rescan
    the growing heap again and again (10x the parse time at 10,000 records) and free nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class CheckResult:
    files: list[Path]
    loaded: list[LoadedRecord]  # every file that could be read, valid or not
    problems: list[Problem]


def check(paths: Iterable[Path]) -> CheckResult:
    """Load and validate the record files under ``paths``; every problem, sorted.

    Each record is validated as soon as it is loaded, and a valid record's node tree is dropped
    at once, so memory holds the data but not the YAML nodes of every file.
    """
    files, problems = record_paths(paths)
    loaded: list[LoadedRecord] = []
    with _collector_paused():
        for path in files:
            try:
                record = load_record(path)
            except LoadError as error:
                problems.append(problem_from_load_error(error))
                continue
            record_problems = validate_record(record)
            if not record_problems:
                record.release_nodes()  # a duplicate found later re-reads the file to locate it
            problems.extend(record_problems)
            loaded.append(record)
    problems.extend(cross_record_problems(loaded))
    return CheckResult(files, loaded, sorted(problems))


def papers_from(loaded: list[LoadedRecord]) -> list[model.Paper]:
    return sorted((model.paper_from_record(item.data) for item in loaded), key=lambda paper: paper.id)


def _hand_written_pages(docs_dir: Path) -> Iterator[tuple[str, bytes]]:
    if not docs_dir.is_dir():
        return
    for path in sorted(docs_dir.rglob("*")):
        if path.is_file() and not path.is_symlink():
            content = path.read_bytes()
            if path.suffix == ".md":
                content = pages.fill_generated_sections(content.decode("utf-8")).encode("utf-8")
            yield path.relative_to(docs_dir).as_posix(), content


def api_summary(paper: model.Paper) -> dict:
    record = paper.record
    return {
        "id": paper.id,
        "title": record["title"],
        "authors": record["authors"],
        "venue": record["venue"],
        "year": record["year"],
        "documentation_score": paper.documentation_score,
        "reproducibility_score": paper.reproducibility_score,
        "results": {key: value["result"] for key, value in record["variables"].items()},
        "page": f"papers/{paper.id}/",
        "record": f"api/papers/{paper.id}.json",
    }


BROWSE_COLUMNS = (
    "id",
    "title",
    "authors",
    "venue",
    "year",
    "research_type",
    "researcher_affiliation",
    "documentation_score",
    "reproducibility_score",
)


def browse_table(papers: list[model.Paper]) -> dict:
    """The browse page's data: one compact row per paper (column names once, not per row)."""
    yes_no_keys = [variable.key for variable in model.yes_no_variables()]
    rows = []
    for paper in papers:
        record = paper.record
        authors = record["authors"]
        rows.append(
            [
                paper.id,
                record["title"],
                authors[0] + (" et al." if len(authors) > 1 else ""),
                record["venue"],
                record["year"],
                paper.result("research_type"),
                paper.result("researcher_affiliation"),
                paper.documentation_score,
                paper.reproducibility_score,
                *(paper.result(key) for key in yes_no_keys),
            ]
        )
    labels = {variable.key: variable.label for variable in model.variables()}
    return {"columns": [*BROWSE_COLUMNS, *yes_no_keys], "labels": labels, "rows": rows}


def _data_stage(papers: list[model.Paper], state: dict) -> Iterator[tuple[str, bytes]]:
    data_files = package.package_files(papers, model.SCHEMA_PATH.read_bytes(), __version__)
    state["data_files"] = data_files
    for name, content in data_files:
        yield f"data/{name}", content


def _overview_stage(papers: list[model.Paper], state: dict) -> Iterator[tuple[str, bytes]]:
    yield "index.md", overview.render_home_page(papers).encode("utf-8")
    yield "browse.md", overview.render_browse_page().encode("utf-8")
    yield "statistics.md", overview.render_statistics_page(papers).encode("utf-8")
    yield "downloads.md", overview.render_downloads_page(state["data_files"]).encode("utf-8")
    yield "venues/index.md", overview.render_venues_index(papers).encode("utf-8")
    for venue, venue_papers in statistics.group_by(papers, statistics.venue_of).items():
        yield pages.venue_path(venue), overview.render_venue_page(venue, venue_papers).encode("utf-8")
        for year, edition_papers in statistics.group_by(venue_papers, statistics.year_of).items():
            page = overview.render_edition_page(venue, year, edition_papers)
            yield pages.edition_path(venue, year), page.encode("utf-8")
    for path, page in pages.render_papers_index_pages(papers):
        yield path, page.encode("utf-8")
    yield "schema.md", pages.render_schema_page(model.load_schema()).encode("utf-8")


def _paper_pages_stage(papers: list[model.Paper], edit_url_base: str | None) -> Iterator[tuple[str, bytes]]:
    for paper in papers:
        yield pages.paper_path(paper.id), pages.render_paper_page(paper, edit_url_base).encode("utf-8")


def _api_stage(papers: list[model.Paper]) -> Iterator[tuple[str, bytes]]:
    for paper in papers:
        yield f"api/papers/{paper.id}.json", package.json_bytes(paper.record)
    yield "api/papers.json", package.json_bytes([api_summary(paper) for paper in papers])
    yield "api/browse.json", package.compact_json_bytes(browse_table(papers))


def _timed(stage: str, files: Iterator[tuple[str, bytes]], timings: dict[str, float]) -> Iterator[tuple[str, bytes]]:
    """The stage's files, adding the time spent making them (not writing them) to ``timings``."""
    timings.setdefault(stage, 0.0)
    while True:
        started = time.perf_counter()
        try:
            item = next(files)
        except StopIteration:
            timings[stage] += time.perf_counter() - started
            return
        timings[stage] += time.perf_counter() - started
        yield item


def site_files(
    papers: list[model.Paper], docs_dir: Path, edit_url_base: str | None = None, timings: dict | None = None
) -> Iterator[tuple[str, bytes]]:
    """Every generated file as (path relative to the MkDocs source folder, bytes), stage by stage."""
    timings = {} if timings is None else timings
    state: dict = {}
    yield from _timed("docs", _hand_written_pages(docs_dir), timings)
    yield from _timed("package", _data_stage(papers, state), timings)
    yield from _timed("overview pages", _overview_stage(papers, state), timings)
    yield from _timed("paper pages", _paper_pages_stage(papers, edit_url_base), timings)
    yield from _timed("api", _api_stage(papers), timings)


def build(records_dir: Path, out_dir: Path, docs_dir: Path, edit_url_base: str | None = None) -> BuildResult:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    checked = check([records_dir])
    timings["load and validate"] = time.perf_counter() - started
    if checked.problems:
        raise BuildFailed(checked.problems)
    papers = papers_from(checked.loaded)
    started = time.perf_counter()
    summary = write_tree(out_dir, site_files(papers, docs_dir, edit_url_base, timings))
    made = sum(value for key, value in timings.items() if key != "load and validate")
    timings["write"] = time.perf_counter() - started - made
    return BuildResult(len(papers), summary, timings)
