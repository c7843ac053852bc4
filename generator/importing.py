"""Importing: report pages and pipeline JSON files -> record files in ``records/``.

``import_sources(sources, out_dir, force)`` reads each input file (a directory is read file by
file), detects its kind (pipeline JSON or a report page of either shape), gives every new paper
an id by the naming scheme, validates the exact YAML it is about to write with the same loader
and validator as ``validate``, and writes valid records atomically. It returns one
``SourceReport`` per input file: the papers it wrote, left unchanged, refused or skipped, and
every reason as a ``Problem`` (file, line, column, code from ``problems``) at the place in the
input that caused it, which the CLI prints through the same reporters as ``validate``.

Re-importing is idempotent: a paper already in ``out_dir`` keeps its id, an identical record is
left alone, and a different one is overwritten only with ``force`` (also when a labels table adds
reviews: rewriting a record drops its YAML comments). A paper is the same paper again when its
edition (venue and year) and its pipeline key match, or, for a report page (no key), its edition
and title: two venues of one year may hold papers of the same title, and the same paper may come
again in a later year (the Index lists both; ``validate`` warns, see ``duplicate-paper``).
Pipeline JSON is read by ``parse_pipeline_json``: NaN, Infinity, numbers that overflow and nesting
too deep for the parser are refused with a line and column, never raised.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator import pipeline, reports, runs
from generator.loading import LoadError, load_record, load_text
from generator.output import write_file
from generator.problems import Problem
from generator.serialise import make_id, record_to_yaml
from generator.validation import (
    normalised_title,
    problem_from_load_error,
    schema_problems,
    text_problems,
    validate_record,
)

_PIPELINE_NAME = re.compile(r"^(?P<venue>[A-Za-z][A-Za-z0-9]*)_(?P<year>[0-9]{4})$")
_YEAR = re.compile(r"[0-9]{4}\Z")
MAX_JSON_NUMBER_DIGITS = 100


class JsonRefused(ValueError):
    """Pipeline JSON that parses but holds what a record must not (the token, for its location)."""

    def __init__(self, token: str, message: str):
        super().__init__(message)
        self.token = token


def _finite_float(token: str) -> float:
    value = float(token)
    if not math.isfinite(value):
        raise JsonRefused(token, f"the number {token[:40]!r} is too large to be finite")
    return value


def _bounded_int(token: str) -> int:
    if len(token) > MAX_JSON_NUMBER_DIGITS:
        raise JsonRefused(token, f"a number of {len(token):,} digits (at most {MAX_JSON_NUMBER_DIGITS})")
    return int(token)


def _no_constant(token: str):
    raise JsonRefused(token, f"{token} is not a number JSON allows; write a finite number or null")


def _line_column(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def parse_pipeline_json(text: str):
    """The parsed JSON, or ``ValueError`` whose message starts with 'line L, column C: '."""
    try:
        return json.loads(text, parse_int=_bounded_int, parse_float=_finite_float, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise ValueError(f"line {error.lineno}, column {error.colno}: not valid JSON: {error.msg}") from None
    except JsonRefused as error:
        line, column = _line_column(text, max(text.find(error.token), 0))
        raise ValueError(f"line {line}, column {column}: {error}") from None
    except RecursionError:
        line, column = _line_column(text, _too_deep_offset(text))
        raise ValueError(f"line {line}, column {column}: JSON nested too deeply to read") from None


def _too_deep_offset(text: str, limit: int = 500) -> int:
    """Where the brackets (outside strings) first nest deeper than ``limit``."""
    depth = 0
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]', text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return match.start()
        elif token in "]}":
            depth -= 1
    return 0


@dataclass
class SourceReport:
    source: Path
    written: list[str] = field(default_factory=list)  # record ids
    unchanged: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # papers (key or id) not written: invalid, or would overwrite
    skipped: list[str] = field(default_factory=list)  # pipeline entries or labels rows that make no record
    runs_written: list[str] = field(default_factory=list)  # ids of runs/<id>.yaml files written
    problems: list[Problem] = field(default_factory=list)  # every reason, where it is
    failed: bool = False  # the whole file could not be read: nothing of it was written

    @property
    def ok(self) -> bool:
        return not self.problems

    def fail(self, code: str, message: str) -> None:
        """The whole file is refused; a message starting 'line L, column C: ' gives the place."""
        match = _PLACE.match(message)
        line, column = (int(match["line"]), int(match["column"] or 1)) if match else (1, 1)
        self.problems.append(Problem(str(self.source), line, column, code, "", message))
        self.failed = True

    def counts(self) -> dict:
        return {
            "source": str(self.source),
            "written": len(self.written),
            "unchanged": len(self.unchanged),
            "refused": len(set(self.refused)),
            "skipped": len(set(self.skipped)),
            "runs_written": list(self.runs_written),
            "failed": self.failed,
        }


_PLACE = re.compile(r"^line (?P<line>[0-9]+)(?:, column (?P<column>[0-9]+))?: ")


def _key_place(text: str, key: str) -> tuple[int, int]:
    """Line and column of a paper's key in its pipeline file (1, 1 if it is written escaped)."""
    offset = text.find(json.dumps(key))
    return _line_column(text, offset) if offset >= 0 else (1, 1)


@dataclass(frozen=True)
class _Origin:
    """Where a record comes from: the input file, the paper's key (pipeline) and its place there."""

    source: Path
    paper: str  # the pipeline key, or the page's title
    line: int = 1
    column: int = 1

    def problem(self, code: str, message: str, field_path: str = "") -> Problem:
        return Problem(str(self.source), self.line, self.column, code, field_path, message)


class _ExistingRecords:
    """Ids already in the output folder, by edition and pipeline key, and by edition and title."""

    def __init__(self, out_dir: Path):
        self.taken: set[str] = set()
        self.by_pipeline_key: dict[str, str] = {}  # the first record of a key, for labels without an edition
        self.by_edition_key: dict[tuple[str, str, int], str] = {}
        self.by_edition_title: dict[tuple[str, str, int], str] = {}
        self.written_now: set[str] = set()  # written by this import: a labels table may add reviews
        if out_dir.is_dir():
            for path in sorted(out_dir.glob("*.yaml")):
                try:
                    self.remember(load_record(path).data)
                except LoadError:
                    self.taken.add(path.stem)

    @staticmethod
    def _edition(record: dict) -> tuple[str, int] | None:
        venue, year = record.get("venue"), record.get("year")
        if isinstance(venue, str) and isinstance(year, int) and not isinstance(year, bool):
            return venue.casefold(), year
        return None

    def remember(self, record: dict) -> None:
        record_id = record.get("id")
        if not isinstance(record_id, str):
            return
        self.taken.add(record_id)
        key = (record.get("provenance") or {}).get("pipeline_key")
        edition = self._edition(record)
        if isinstance(key, str):
            self.by_pipeline_key.setdefault(key, record_id)
            if edition:
                self.by_edition_key.setdefault((key, *edition), record_id)
        elif isinstance(record.get("title"), str) and edition:
            self.by_edition_title.setdefault((normalised_title(record["title"]), *edition), record_id)

    def id_for(self, record: dict) -> str:
        key = record.get("provenance", {}).get("pipeline_key")
        edition = self._edition(record)
        if key is not None:
            found = self.by_edition_key.get((key, *edition))
        else:
            found = self.by_edition_title.get((normalised_title(record["title"]), *edition))
        return found or make_id(record, self.taken)


def _keep_reviews(record: dict, target: Path) -> dict:
    """A re-imported record keeps the reviews people added to the existing file (imports carry none)."""
    try:
        current = load_record(target).data
    except LoadError:
        return record
    variables = record.get("variables", {})
    for key, assessment in (current.get("variables") or {}).items():
        if isinstance(assessment, dict) and "reviewed" in assessment and key in variables:
            variables[key].setdefault("reviewed", assessment["reviewed"])
    return record


def _write_record(
    record: dict, out_dir: Path, existing: _ExistingRecords, force: bool, report: SourceReport, origin: _Origin
) -> None:
    record_id = existing.id_for(record)
    record = {"id": record_id, **record}
    target = out_dir / f"{record_id}.yaml"
    if target.exists():
        record = _keep_reviews(record, target)
    text = record_to_yaml(record)
    try:
        problems = validate_record(load_text(target, text))
    except LoadError as error:  # e.g. a text over the size limit
        problems = [problem_from_load_error(error)]
    if problems:
        report.refused.append(origin.paper)
        report.problems += [
            origin.problem(
                problem.code,
                f"{origin.paper}: not imported: its record {target.name} would be invalid: {problem.message}",
                problem.field,
            )
            for problem in problems
        ]
        return
    if target.exists():
        if target.read_text(encoding="utf-8") == text:
            report.unchanged.append(record_id)
            existing.remember(record)
            return
        if not force and record_id not in existing.written_now:
            report.refused.append(origin.paper)
            report.problems.append(
                Problem(
                    str(target),
                    1,
                    1,
                    "record-exists",
                    "",
                    f"{target} exists and differs from {origin.paper} in {origin.source.name}; not overwritten "
                    "(use --force to replace it; the rewritten file loses its YAML comments)",
                )
            )
            return
    write_file(target, text.encode("utf-8"))
    existing.remember(record)
    existing.written_now.add(record_id)
    report.written.append(record_id)


def _companion_editions(source: Path) -> dict[str, tuple[str, int]] | None:
    """Venue and year by paper key from ``<stem>.csv`` beside a pipeline file (conference, year, filename)."""
    companion = source.with_suffix(".csv")
    if not companion.is_file():
        return None
    with companion.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    if not rows or not {"conference", "year", "filename"} <= set(rows[0]):
        return None
    return {
        row["filename"]: (row["conference"], int(row["year"]))
        for row in rows
        if row["filename"] and row["conference"] and _YEAR.match(row["year"])
    }


def _write_run(facts: dict, runs_dir: Path, force: bool, report: SourceReport) -> bool:
    """Write runs/<id>.yaml for a pipeline file's run, unless the same file is there already."""
    target = runs_dir / f"{facts['id']}.yaml"
    text = record_to_yaml(
        facts, schema_comment="# A classifier run: the facts its records refer to by provenance.run\n"
    )
    try:  # the text about to be written, checked as validate will check it
        loaded = load_text(target, text)
        errors, _uncounted = schema_problems(loaded, runs.run_validator())
        errors += text_problems(loaded)
    except LoadError as error:
        errors = [problem_from_load_error(error)]
    if errors:
        report.fail("import-source", f"the run's facts are not valid: {errors[0].code} {errors[0].message}")
        return False
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return True
    if target.exists() and not force:
        report.fail("import-source", f"{target} exists and differs; not overwritten (use --force to replace it)")
        return False
    write_file(target, text.encode("utf-8"))
    report.runs_written.append(facts["id"])
    return True


def _import_pipeline_file(source: Path, text: str, out_dir, existing, force, report, progress, runs_dir) -> None:
    match = _PIPELINE_NAME.match(source.stem)
    editions = None if match else _companion_editions(source)
    if not match and editions is None:
        report.fail(
            "import-source",
            "a pipeline file must be named VENUE_YEAR.json (e.g. ICLR_2015.json), or have beside it a "
            f"{source.stem}.csv with conference, year and filename columns, to give each paper's venue and year",
        )
        return
    try:
        run = parse_pipeline_json(text)
    except ValueError as error:
        report.fail("import-source", str(error))
        return
    if not isinstance(run, dict):
        report.fail("import-source", "line 1: expected a JSON object of papers keyed by pipeline key")
        return
    if not _write_run(pipeline.run_facts(run), runs_dir, force, report):
        return
    if match:
        edition = (match["venue"], int(match["year"]))
        records_by_key, skipped = pipeline.records_from_pipeline(run, lambda key: edition)
    else:
        records_by_key, skipped = pipeline.records_from_pipeline(run, editions.get, bibliography_from_key=True)
    for key, reason in skipped:
        report.skipped.append(key)
        report.problems.append(
            _Origin(source, key, *_key_place(text, key)).problem(
                "pipeline-entry", f"{key}: not imported: {reason}; correct the entry in the pipeline's output"
            )
        )
    for key in progress(sorted(records_by_key), source.name):
        origin = _Origin(source, key, *_key_place(text, key))
        _write_record(records_by_key[key], out_dir, existing, force, report, origin)


def _labels_row_problem(report: SourceReport, line_number: int, message: str) -> None:
    report.skipped.append(f"line {line_number}")
    report.problems.append(Problem(str(report.source), line_number, 1, "labels-row", "", message))


def _import_labels(source: Path, out_dir: Path, existing, force: bool, reviewer: str, report: SourceReport) -> None:
    """Attach a labels table's results (CSV: filename + one column per variable) as reviews."""
    with source.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        if not reader.fieldnames or "filename" not in reader.fieldnames:
            report.fail(
                "import-source", "line 1: a labels table needs a 'filename' column with each paper's pipeline key"
            )
            return
        rows = list(reader)
    for line_number, row in enumerate(rows, start=2):
        key = row["filename"]
        record_id = None
        if row.get("conference") and _YEAR.match(row.get("year") or ""):
            record_id = existing.by_edition_key.get((key, row["conference"].casefold(), int(row["year"])))
        record_id = record_id or existing.by_pipeline_key.get(key)
        if record_id is None:
            _labels_row_problem(report, line_number, f"no record has pipeline key {key!r}; import its paper first")
            continue
        reviews, problems = pipeline.reviews_from_labels(row, reviewer)
        for problem in problems:
            _labels_row_problem(report, line_number, problem)
        if not reviews:
            continue
        origin = _Origin(source, key, line_number, 1)
        try:
            record = load_record(out_dir / f"{record_id}.yaml").data
        except LoadError as error:
            report.refused.append(key)
            report.problems.append(origin.problem(error.code, f"{record_id}: cannot attach reviews: {error.message}"))
            continue
        for variable_key, review in reviews.items():
            current = record["variables"][variable_key].get("reviewed")
            if current is not None and current != review and not force:
                report.refused.append(key)
                report.problems.append(
                    origin.problem(
                        "record-exists",
                        f"{record_id}: {variable_key} already has another review; not replaced (use --force)",
                    )
                )
                continue
            record["variables"][variable_key]["reviewed"] = review
        record = {name: value for name, value in record.items() if name != "id"}
        _write_record(record, out_dir, existing, force, report, origin)


def _import_order(path: Path) -> tuple[int, str]:
    """Papers first (pages and pipeline files), labels tables last: reviews attach to papers."""
    return (1 if path.suffix.lower() == ".csv" else 0, str(path))


def import_sources(
    sources: list[Path],
    out_dir: Path,
    force: bool = False,
    progress: Callable = lambda items, label: items,
    reviewer: str = "validation set",
    runs_dir: Path | None = None,
) -> list[SourceReport]:
    """Import every file under ``sources`` into ``out_dir``; runs go to ``runs_dir`` (default:
    ``runs/`` beside ``out_dir``)."""
    runs_dir = runs_dir or out_dir.parent / "runs"
    out_dir.mkdir(parents=True, exist_ok=True)
    existing = _ExistingRecords(out_dir)
    files = []
    for source in sources:
        files += sorted(path for path in source.rglob("*") if path.is_file()) if source.is_dir() else [source]
    pipeline_stems = {path.with_suffix("") for path in files if path.suffix.lower() == ".json"}
    # A CSV beside a pipeline file of the same name gives its venues and years; it is not a labels table.
    files = sorted(
        (path for path in files if not (path.suffix.lower() == ".csv" and path.with_suffix("") in pipeline_stems)),
        key=_import_order,
    )
    reports_by_file = []
    for source in files:
        if source.suffix.lower() == ".csv":
            report = SourceReport(source)
            reports_by_file.append(report)
            try:
                _import_labels(source, out_dir, existing, force, reviewer, report)
            except (OSError, UnicodeDecodeError, csv.Error) as error:
                report.fail("import-source", f"cannot read: {error}")
            continue
        report = SourceReport(source)
        reports_by_file.append(report)
        try:
            text = source.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            report.fail("import-source", f"cannot read: {error}")
            continue
        if source.suffix.lower() == ".json":
            _import_pipeline_file(source, text, out_dir, existing, force, report, progress, runs_dir)
            continue
        try:
            record = reports.parse_report(text)
        except reports.ReportError as error:
            report.fail("import-source", str(error))
            continue
        _write_record(record, out_dir, existing, force, report, _Origin(source, record["title"]))
    return reports_by_file
