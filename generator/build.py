"""Build: records folder -> validated papers -> the MkDocs source tree with the data package inside.

``check(paths)`` loads and validates record files (and the runs in ``runs/``) and returns a
``CheckResult``: the records, packed, and every problem. ``build(records_dir, out_dir, docs_dir)``
validates every record and, only if all are valid, writes through ``output.write_tree``
(atomically) the tree that ``mkdocs.yml`` points at:

- the hand-written pages of ``docs/``, with their ``<!-- generated:NAME -->`` sections filled;
- home, browse, statistics, accuracy, downloads, venue and edition pages, the paginated papers
  index, the schema page, and one page per paper;
- ``data/``: the Frictionless data package (``datapackage.json``, CSVs, JSON, schema, runs);
- ``api/papers.json``, ``api/browse.json`` and ``api/papers/<id>.json`` (one full record).

With a cache file, unchanged records are neither parsed nor rendered again. An invalid record
raises ``BuildFailed`` with every problem, and nothing is written.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import gc
import hashlib
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator import __version__, cache, model, overview, package, pages, runs, statistics
from generator.loading import LoadError, load_bytes, read_record_bytes
from generator.output import Deferred, Progress, Spliced, WriteSummary, write_tree
from generator.validation import (
    CheckedRecord,
    Problem,
    cross_record_problems,
    problem_from_load_error,
    record_paths,
    run_reference_problems,
    validate_record,
)


class BuildFailed(Exception):
    def __init__(self, problems: list[Problem], warnings: list[str] | None = None):
        super().__init__(f"{len(problems)} problem(s) in the records")
        self.problems = problems
        self.warnings = warnings or []


@dataclass
class BuildResult:
    papers: int
    written: WriteSummary = field(default_factory=WriteSummary)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    cache_hits: int = 0  # records not parsed again
    warnings: list[str] = field(default_factory=list)  # e.g. a cache that could not be used


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
    loaded: list[CheckedRecord]  # every file that could be read, valid or not
    problems: list[Problem]
    digests: dict[str, tuple[str, tuple[int, int]]] = field(default_factory=dict)  # path -> (sha256, (mtime, size))
    cache_hits: int = 0
    runs: dict[str, dict] = field(default_factory=dict)  # run id -> facts, from runs/

    def cache_entries(self) -> dict[str, tuple]:
        """What the build cache keeps of valid records: file path -> ``cache.entry_of`` the record."""
        invalid = {problem.file for problem in self.problems}
        entries = {}
        for record in self.loaded:
            path = str(record.path)
            if path not in invalid and path in self.digests and record.paper is not None:
                digest, stat_key = self.digests[path]
                entries[path] = cache.entry_of(record, digest, stat_key)
        return entries


PARALLEL_MINIMUM = 2000  # fewer files than this are checked in-process: starting workers costs more
CHUNK_SIZE = 500


FileCheck = tuple[tuple | None, list[Problem]]


def _check_files(paths: list[Path]) -> list[FileCheck]:
    """Load and validate each file on its own: for each path, in order, (``cache.entry_of`` its
    checked record, or None if it could not be read; its problems). The entry holds the sha256 of
    the bytes read and the (mtime, size) taken before reading, or None for both if the file
    vanished meanwhile. Runs in worker processes too: plain tuples travel back without running
    Python code per record."""
    results = []
    with _collector_paused():
        for path in paths:
            try:
                stat = path.stat()  # before reading: a change made meanwhile is seen next time
            except OSError:
                stat = None  # gone since it was listed: reading it reports that
            try:
                raw = read_record_bytes(path)
                record = load_bytes(path, raw)
            except LoadError as error:
                results.append((None, [problem_from_load_error(error)]))
                continue
            record_problems = validate_record(record)
            checked = CheckedRecord.of(path, record.data, valid=not record_problems)
            digest = None if stat is None else hashlib.sha256(raw).hexdigest()
            stat_key = None if stat is None else (stat.st_mtime_ns, stat.st_size)
            results.append((cache.entry_of(checked, digest, stat_key), record_problems))
    return results


def _check_in_parallel(paths: list[Path], workers: int) -> Iterator[FileCheck]:
    """The results of ``_check_files`` in order, each chunk's as soon as it is done (the caller
    takes them in while the workers go on, and never holds them all)."""
    chunks = [paths[start : start + CHUNK_SIZE] for start in range(0, len(paths), CHUNK_SIZE)]
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
        for chunk_results in pool.map(_check_files, chunks):
            yield from chunk_results


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(read_record_bytes(path)).hexdigest()
    except LoadError:
        return None  # reported when the file is loaded


RACY_NANOSECONDS = 2_000_000_000  # a file changed this close to the last cache save is hashed again


def _file_state(path: Path, entry: tuple, trusted_before_ns: int) -> tuple[str, tuple[int, int]] | None:
    """(sha256, (mtime, size)) of a file. As git does, a file whose modification time and size are
    those the cache saw, and older than the cache itself, is taken as unchanged without being read."""
    try:
        stat = path.stat()
    except OSError:
        return None
    stat_key = (stat.st_mtime_ns, stat.st_size)
    if entry[1] == stat_key and stat.st_mtime_ns < trusted_before_ns:
        return entry[0], stat_key
    digest = _digest(path)
    return None if digest is None else (digest, stat_key)


def check(
    paths: Iterable[Path],
    cached: dict | None = None,
    workers: int | None = None,
    cached_at_ns: int = 0,
    runs_dir: Path | None = None,
) -> CheckResult:
    """Load and validate the record files under ``paths``; every problem, sorted.

    ``cached`` maps a file path to the ``cache.entry_of`` (sha256 of its bytes, (mtime, size),
    the checked record) of a record validated before under the same fingerprint, in a cache saved
    at ``cached_at_ns``: such a file is not parsed again. Files left to parse are split among
    ``workers`` processes (default: one per core) when there are many. Records are kept packed,
    never as one big tree of dicts.
    """
    paths = list(paths)
    files, problems = record_paths(paths)
    runs_by_id, run_problems = runs.check_runs(runs_dir or runs.default_folder(paths))
    problems.extend(run_problems)
    loaded: list[CheckedRecord] = []
    digests: dict[str, tuple[str, tuple[int, int]]] = {}
    to_parse: list[Path] = []
    trusted_before_ns = cached_at_ns - RACY_NANOSECONDS
    for path in files:
        entry = cached.get(str(path)) if cached else None
        state = _file_state(path, entry, trusted_before_ns) if entry is not None else None
        if state is not None and state[0] == entry[0]:
            digests[str(path)] = state
            loaded.append(cache.record_of(path, entry))
        else:
            to_parse.append(path)  # hashed from the bytes it is parsed from
    hits = len(loaded)
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(to_parse) >= PARALLEL_MINIMUM:
        results = _check_in_parallel(to_parse, workers)
    else:
        results = _check_files(to_parse)
    for path, (entry, record_problems) in zip(to_parse, results, strict=True):
        problems.extend(record_problems)
        if entry is not None:
            loaded.append(cache.record_of(path, entry))
            if entry[0] is not None:
                digests[str(path)] = (entry[0], entry[1])
    problems.extend(cross_record_problems(loaded))
    problems.extend(run_reference_problems(loaded, set(runs_by_id)))
    return CheckResult(files, loaded, sorted(problems), digests, hits, runs_by_id)


def papers_from(loaded: list[CheckedRecord]) -> list[model.Paper]:
    """The papers of valid records, sorted by id."""
    return sorted((item.paper for item in loaded if item.paper is not None), key=lambda paper: paper.id)


def _hand_written_pages(docs_dir: Path) -> Iterator[tuple[str, bytes]]:
    if not docs_dir.is_dir():
        return
    for path in sorted(docs_dir.rglob("*")):
        if path.is_file() and not path.is_symlink():
            content = path.read_bytes()
            if path.suffix == ".md":
                content = pages.fill_generated_sections(content.decode("utf-8")).encode("utf-8")
            yield path.relative_to(docs_dir).as_posix(), content


def site_setting(mkdocs_yml: Path, name: str) -> str | None:
    """``extra.NAME`` of mkdocs.yml, read without running its ``!!python/name`` tags."""

    class _Tolerant(yaml.SafeLoader):
        pass

    _Tolerant.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    try:
        config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_Tolerant)
    except (OSError, yaml.YAMLError):
        return None
    value = (config or {}).get("extra", {}).get(name) if isinstance(config, dict) else None
    return value if isinstance(value, str) else None


def api_summary(paper: model.Paper) -> dict:
    return {
        "id": paper.id,
        "title": paper.title,
        "authors": list(paper.authors),
        "venue": paper.venue,
        "year": paper.year,
        "documentation_score": paper.documentation_score,
        "reproducibility_score": paper.reproducibility_score,
        "results": paper.results,
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
        rows.append(
            [
                paper.id,
                paper.title,
                paper.authors[0] + (" et al." if len(paper.authors) > 1 else ""),
                paper.venue,
                paper.year,
                paper.result("research_type"),
                paper.result("researcher_affiliation"),
                paper.documentation_score,
                paper.reproducibility_score,
                *(paper.result(key) for key in yes_no_keys),
            ]
        )
    labels = {variable.key: variable.label for variable in model.variables()}
    return {"columns": [*BROWSE_COLUMNS, *yes_no_keys], "labels": labels, "rows": rows}


def _data_stage(
    papers: list[model.Paper], state: dict, runs_by_id: dict[str, dict], keys: dict[str, str]
) -> Iterator[tuple[str, bytes | Spliced | Iterator[bytes]]]:
    """The data package's files; ``state["data_files"]`` gets each one's (name, bytes, rows) once
    written (rows of a CSV table, else None). With ``keys``, the big files are spliced: the parts
    of papers whose key is unchanged are copied from the previous output."""
    sizes = state.setdefault("data_files", [])
    for name, content in package.package_files(papers, model.SCHEMA_PATH.read_bytes(), __version__, runs_by_id):
        if isinstance(content, bytes):
            rows = content.count(b"\n") - 1 if name.endswith(".csv") else None
            sizes.append((name, len(content), rows))
            yield f"data/{name}", content
            continue
        rows = len(content.papers) * content.rows_per_paper if content.rows_per_paper else None
        if keys:
            on_size = functools.partial(_record_size, sizes, name, rows)
            yield f"data/{name}", Spliced(content.pieces(functools.partial(_keyed_part, content, keys)), on_size)
        else:
            yield f"data/{name}", _counted(name, rows, content, sizes)


def _keyed_part(parts: package.PaperParts, keys: dict[str, str], paper: model.Paper) -> Deferred:
    """The paper's part, made only if the previous file has no part under the paper's key."""
    return Deferred(keys[paper.id], functools.partial(parts.part, paper))


def _record_size(sizes: list, name: str, rows: int | None, size: int) -> None:
    sizes.append((name, size, rows))


def _counted(name: str, rows: int | None, chunks: Iterable[bytes], sizes: list) -> Iterator[bytes]:
    size = 0
    for chunk in chunks:
        size += len(chunk)
        yield chunk
    sizes.append((name, size, rows))


def _overview_stage(papers: list[model.Paper], state: dict) -> Iterator[tuple[str, bytes]]:
    yield "index.md", overview.render_home_page(papers).encode("utf-8")
    yield "browse.md", overview.render_browse_page().encode("utf-8")
    yield "statistics.md", overview.render_statistics_page(papers).encode("utf-8")
    yield "accuracy.md", overview.render_accuracy_page(papers).encode("utf-8")
    yield "downloads.md", overview.render_downloads_page(state["data_files"]).encode("utf-8")
    yield "venues/index.md", overview.render_venues_index(papers).encode("utf-8")
    for venue, venue_papers in statistics.group_by(papers, statistics.venue_of).items():
        editions = statistics.group_by(venue_papers, statistics.year_of)
        edition_metrics = {year: statistics.group_metrics(group) for year, group in editions.items()}
        yield pages.venue_path(venue), overview.render_venue_page(venue, venue_papers, edition_metrics).encode("utf-8")
        for year, edition_papers in editions.items():
            page = overview.render_edition_page(venue, year, edition_papers, edition_metrics[year])
            yield pages.edition_path(venue, year), page.encode("utf-8")
    for path, page in pages.render_papers_index_pages(papers):
        yield path, page.encode("utf-8")
    yield "schema.md", pages.render_schema_page(model.load_schema()).encode("utf-8")


class _Unpacked:
    """A paper's record, unpacked at most once for its page and its JSON (each made, if at all,
    when the writer asks for it): unpacking is a third of the cost of a paper's two files."""

    def __init__(self, paper: model.Paper):
        self.paper = paper
        self._record: dict | None = None

    def record(self) -> dict:
        if self._record is None:
            self._record = self.paper.record
        return self._record


def _paper_files_stage(
    papers: list[model.Paper], edit_url_base: str | None, keys: dict[str, str], runs_by_id: dict[str, dict]
) -> Iterator[tuple[str, bytes | Deferred]]:
    """Each paper's page and JSON (``api/papers/<id>.json``), then the lists of all papers."""
    for paper in papers:
        unpacked = _Unpacked(paper)
        page = functools.partial(_paper_page_bytes, unpacked, edit_url_base, runs_by_id)
        record_json = functools.partial(_record_json, unpacked)
        key = keys.get(paper.id)
        yield pages.paper_path(paper.id), Deferred(key, page) if key else page()
        yield f"api/papers/{paper.id}.json", Deferred(key, record_json) if key else record_json()
    yield "api/papers.json", package.json_bytes([api_summary(paper) for paper in papers])
    yield "api/browse.json", package.compact_json_bytes(browse_table(papers))


def _paper_page_bytes(unpacked: _Unpacked, edit_url_base: str | None, runs_by_id: dict[str, dict]) -> bytes:
    return pages.render_paper_page(unpacked.paper, edit_url_base, runs_by_id, unpacked.record()).encode("utf-8")


def _record_json(unpacked: _Unpacked) -> bytes:
    return package.json_bytes(unpacked.record())


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
        path, content = item
        if isinstance(content, Deferred):  # made, if at all, when the writer asks: time it then
            content = _timed_deferred(content, stage, timings)
        elif isinstance(content, Spliced):
            content = Spliced(_timed_parts(content.parts, stage, timings), content.on_size)
        elif not isinstance(content, bytes):  # streamed: made chunk by chunk while being written
            content = _timed_chunks(content, stage, timings)
        yield path, content


def _timed_chunks(chunks: Iterator[bytes], stage: str, timings: dict[str, float]) -> Iterator[bytes]:
    while True:
        started = time.perf_counter()
        chunk = next(chunks, None)
        timings[stage] += time.perf_counter() - started
        if chunk is None:
            return
        yield chunk


def _timed_deferred(deferred: Deferred, stage: str, timings: dict[str, float]) -> Deferred:
    return Deferred(deferred.key, functools.partial(_timed_call, deferred.produce, stage, timings))


def _timed_parts(parts: Iterable, stage: str, timings: dict[str, float]) -> Iterator:
    for part in _timed_chunks(iter(parts), stage, timings):
        yield _timed_deferred(part, stage, timings) if isinstance(part, Deferred) else part


def _timed_call(produce, stage: str, timings: dict[str, float]) -> bytes:
    started = time.perf_counter()
    try:
        return produce()
    finally:
        timings[stage] += time.perf_counter() - started


def site_files(
    papers: list[model.Paper],
    docs_dir: Path,
    edit_url_base: str | None = None,
    timings: dict | None = None,
    paper_keys: dict[str, str] | None = None,
    runs_by_id: dict[str, dict] | None = None,
) -> Iterator[tuple[str, bytes | Deferred]]:
    """Every generated file as (path relative to the MkDocs source folder, bytes), stage by stage.

    ``paper_keys`` maps a paper id to a hash of everything its own page and JSON depend on (its
    record's bytes, the generator's fingerprint, the edit link, the runs): those files are then
    deferred, and reused from the previous output when their key has not changed. ``runs_by_id``
    holds the runs of runs/, whose facts paper pages show and the data package publishes.
    """
    timings = {} if timings is None else timings
    paper_keys = paper_keys or {}
    runs_by_id = runs_by_id or {}
    state: dict = {}
    yield from _timed("docs", _hand_written_pages(docs_dir), timings)
    yield from _timed("package", _data_stage(papers, state, runs_by_id, paper_keys), timings)
    yield from _timed("overview pages", _overview_stage(papers, state), timings)
    paper_files = _paper_files_stage(papers, edit_url_base, paper_keys, runs_by_id)
    yield from _timed("paper pages and JSON", paper_files, timings)


def build(
    records_dir: Path,
    out_dir: Path,
    docs_dir: Path,
    edit_url_base: str | None = None,
    cache_path: Path | None = None,
) -> BuildResult:
    """Validate every record, then write the site source into ``out_dir`` atomically.

    With ``cache_path``, records whose bytes are unchanged since the last build are not parsed
    again, and their pages and JSON are reused from the previous output.
    """
    timings: dict[str, float] = {}
    started = time.perf_counter()
    current_fingerprint = cache.fingerprint()
    loaded = cache.load(cache_path, current_fingerprint) if cache_path else cache.Loaded()
    warnings = [loaded.warning] if loaded.warning else []
    checked = check([records_dir], cached=loaded.entries, cached_at_ns=loaded.saved_at_ns)
    runs_key = runs.runs_digest(checked.runs)
    timings["load and validate"] = time.perf_counter() - started
    if checked.problems:
        raise BuildFailed(checked.problems, warnings)
    papers = papers_from(checked.loaded)
    paper_keys = {}
    if cache_path:
        if checked.cache_hits != len(checked.loaded) or len(loaded.entries) != len(checked.loaded):
            try:
                cache.save(cache_path, current_fingerprint, checked.cache_entries())
            except OSError as error:  # the build goes on without one; the next reads every record
                warnings.append(f"cache {cache_path} not saved: {error}")
        for record in checked.loaded:  # valid here, so each id is its file's name
            paper_id, digest = record.path.stem, checked.digests[str(record.path)][0]
            key_source = f"{current_fingerprint}\0{edit_url_base or ''}\0{runs_key}\0{paper_id}\0{digest}"
            paper_keys[paper_id] = hashlib.sha256(key_source.encode("utf-8")).hexdigest()
    started = time.perf_counter()
    progress = Progress(out_dir)  # what a failure from here on says the output folder holds
    try:
        with _collector_paused():  # rendering makes no reference cycles either: refcounting frees it all
            files = site_files(papers, docs_dir, edit_url_base, timings, paper_keys, checked.runs)
            summary = write_tree(out_dir, files, progress)
        made = sum(value for key, value in timings.items() if key != "load and validate")
        timings["write"] = time.perf_counter() - started - made
        return BuildResult(len(papers), summary, timings, checked.cache_hits, warnings)
    except BaseException as error:
        progress.tag(error)
        raise
