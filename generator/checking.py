"""Checking: record files and folders -> every record, packed, and every problem.

``check(paths)`` finds the record files under ``paths`` (a folder or FIFO named ``x.yaml`` is a
problem, not skipped), loads and validates each one (``loading``, ``validation``), checks the
records against each other and the runs in ``runs/`` against the records, and returns a
``CheckResult`` (errors in ``problems``, warnings such as a likely duplicate paper apart). With a
build cache (``cache``), a file whose bytes are unchanged is not parsed
again; with many files to parse, the work is split among one process per core. Reads files,
writes nothing. ``validate`` needs only this module: nothing here renders.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import gc
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator import cache, model, runs
from generator.loading import LoadError, load_bytes, not_a_file, read_record_bytes
from generator.problems import Problem
from generator.validation import (
    CheckedRecord,
    cross_record_problems,
    problem_from_load_error,
    run_reference_problems,
    validate_record,
)


@contextlib.contextmanager
def collector_paused():
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
    digests: dict[str, tuple[str, tuple[int, int, int]]] = field(default_factory=dict)  # path -> (sha256, stat key)
    cache_hits: int = 0
    runs: dict[str, dict] = field(default_factory=dict)  # run id -> facts, from runs/
    warnings: list[Problem] = field(default_factory=list)  # reported, but the records are valid
    # path -> what a release records of the record (releases.release_facts), where the cache held
    # it; the build adds those it makes, and the cache keeps them with the record
    release_facts: dict[str, tuple] = field(default_factory=dict)

    def cache_entries(self) -> dict[str, tuple]:
        """What the build cache keeps of valid records: file path -> ``cache.entry_of`` the record."""
        invalid = {problem.file for problem in self.problems}
        entries = {}
        for record in self.loaded:
            path = str(record.path)
            if path not in invalid and path in self.digests and record.paper is not None:
                digest, stat_key = self.digests[path]
                entries[path] = cache.entry_of(record, digest, stat_key, self.release_facts.get(path))
        return entries


PARALLEL_MINIMUM = 2000  # fewer files than this are checked in-process: starting workers costs more
CHUNK_SIZE = 500


FileCheck = tuple[tuple | None, list[Problem]]


def _check_files(paths: list[Path]) -> list[FileCheck]:
    """Load and validate each file on its own: for each path, in order, (``cache.entry_of`` its
    checked record, or None if it could not be read; its problems). The entry holds the sha256 of
    the bytes read and the ``stat_key`` taken before reading, or None for both if the file
    vanished meanwhile. Runs in worker processes too: plain tuples travel back without running
    Python code per record."""
    results = []
    with collector_paused():
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
            stat_key = None if stat is None else cache.stat_key(stat)
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


def _file_state(path: Path, entry: tuple, trusted_before_ns: int) -> tuple[str, tuple[int, int, int]] | None:
    """(sha256, stat key) of a file. As git does, a file whose modification time, size and change
    time are those the cache saw, and older than the cache itself, is taken as unchanged unread."""
    try:
        stat = path.stat()
    except OSError:
        return None
    stat_key = cache.stat_key(stat)
    if entry[1] == stat_key and max(stat.st_mtime_ns, stat.st_ctime_ns) < trusted_before_ns:
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

    ``cached`` maps a file path to the ``cache.entry_of`` (sha256 of its bytes, its stat key,
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
    digests: dict[str, tuple[str, tuple[int, int, int]]] = {}
    to_parse: list[Path] = []
    release_facts: dict[str, tuple] = {}
    trusted_before_ns = cached_at_ns - RACY_NANOSECONDS
    for path in files:
        entry = cached.get(str(path)) if cached else None
        state = _file_state(path, entry, trusted_before_ns) if entry is not None else None
        if state is not None and state[0] == entry[0]:
            digests[str(path)] = state
            loaded.append(cache.record_of(path, entry))
            if entry[cache.RELEASE_FACTS] is not None:
                release_facts[str(path)] = entry[cache.RELEASE_FACTS]
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
    warnings = sorted(problem for problem in problems if problem.severity == "warning")
    errors = sorted(problem for problem in problems if problem.severity != "warning")
    return CheckResult(files, loaded, errors, digests, hits, runs_by_id, warnings, release_facts)


def papers_from(loaded: list[CheckedRecord]) -> list[model.Paper]:
    """The papers of valid records, sorted by id."""
    return sorted((item.paper for item in loaded if item.paper is not None), key=lambda paper: paper.id)


def _not_a_file(path: Path, mode: int) -> Problem:
    return problem_from_load_error(not_a_file(path, mode))


def record_paths(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders to their ``*.yaml`` files; report paths that are not record files (a folder
    or a FIFO named ``x.yaml`` is reported, not skipped)."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            mode = path.stat().st_mode
        except OSError:
            problems.append(Problem(str(path), 1, 1, "no-such-file", "", "no such file or folder"))
            continue
        if stat.S_ISDIR(mode) and not path.name.endswith((".yaml", ".yml")):
            found.extend(_records_in_folder(path, problems))
        elif stat.S_ISREG(mode):
            found.append(path)
        else:
            problems.append(_not_a_file(path, mode))
    return sorted(set(found), key=str), sorted(set(problems))


def _records_in_folder(folder: Path, problems: list[Problem]) -> list[Path]:
    found = []
    root = folder.resolve()
    with os.scandir(folder) as entries:  # file types come with the listing: no stat per file
        for entry in sorted(entries, key=lambda entry: entry.name):
            name = entry.name
            if name.startswith(".") or not name.endswith((".yaml", ".yml")):
                continue
            path = folder / name
            if name.endswith(".yml"):
                problems.append(Problem(str(path), 1, 1, "file-name", "", "record files end in .yaml, not .yml"))
                continue
            if entry.is_symlink() and not path.resolve().is_relative_to(root):
                problems.append(
                    Problem(
                        str(path), 1, 1, "symlink-outside", "", "symbolic link to a file outside the records folder"
                    )
                )
                continue
            if entry.is_file():
                found.append(path)
                continue
            try:
                problems.append(_not_a_file(path, entry.stat().st_mode))
            except OSError:  # a dangling symbolic link
                problems.append(Problem(str(path), 1, 1, "no-such-file", "", "symbolic link to nothing"))
    return found
