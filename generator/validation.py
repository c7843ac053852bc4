"""Validation: loaded records -> ``Problem`` list (schema, file names, duplicates, privacy).

Takes ``LoadedRecord`` values for one record's own checks and ``CheckedRecord`` values (a record
packed small, with what it claims to be unique) for the checks across records; returns every
problem found, each a frozen ``Problem`` with file, line, column, field path, a
stable kebab-case code and a plain-words message. Writes nothing; the CLI's reporter renders
the problems as text, JSON or GitHub annotations.

Two validators, one answer: the compiled ``jsonschema_rs`` (when installed) only decides whether a
record is valid, which is the common case and ~100x faster; every record it rejects goes through
the reference ``jsonschema`` implementation, which produces the messages and paths.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jsonschema

from generator import model
from generator.loading import FieldPath, LoadedRecord, LoadError, load_record

try:
    import jsonschema_rs
except ImportError:  # pragma: no cover - the fast path is optional
    jsonschema_rs = None

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
EMAIL_PLACEHOLDER = "EMAIL"
ID_PATTERN = re.compile(model.load_schema()["properties"]["id"]["pattern"])


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    code: str
    field: str  # dotted field path, "" for the file as a whole
    message: str

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "field": self.field,
            "message": self.message,
        }


def field_name(path: Iterable) -> str:
    """('variables', 'pseudocode', 'result') -> 'variables.pseudocode.result'; ('authors', 2) -> 'authors[2]'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def problem_from_load_error(error: LoadError) -> Problem:
    return Problem(str(error.path), error.line, error.column, error.code, "", error.message)


@functools.cache
def _reference_validator() -> jsonschema.Draft202012Validator:
    schema = model.load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@functools.cache
def _fast_validator():
    if jsonschema_rs is None:
        return None
    return jsonschema_rs.validator_for(model.load_schema())


def _show(value) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping",
    "null": "null",
    "boolean": "true or false",
}


def _did_you_mean(found, allowed: Iterable[str]) -> str:
    if not isinstance(found, str):
        return ""
    allowed = [str(option) for option in allowed]
    lowered = {option.lower(): option for option in allowed}
    if found.lower() in lowered:
        return f" (did you mean '{lowered[found.lower()]}'?)"
    close = difflib.get_close_matches(found, allowed, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


_PATTERN_HINTS = {
    "id": "a lower-case slug of letters, digits and single hyphens, e.g. 'jin-2022-pruning'",
    "venue": "a short venue name of letters, digits, spaces and . & -, e.g. 'NeurIPS'",
    "url": "an absolute http:// or https:// address with no spaces or quotes",
    "run_date": "a date written YYYY-MM-DD",
    "questions_version": "a version or hash of letters, digits and . _ : -",
    "pipeline_key": "the pipeline's key: slug_of_title__ and 8 hex digits",
}


def _pattern_hint(error: jsonschema.ValidationError, path: FieldPath) -> str:
    if "$defs/url" in "/".join(map(str, error.schema_path)) or error.schema.get("title") == "URL":
        return _PATTERN_HINTS["url"]
    name = next((part for part in reversed(path) if isinstance(part, str)), "")
    if name in _PATTERN_HINTS:
        return _PATTERN_HINTS[name]
    if error.validator_value == "\\S":
        return "text that is not blank"
    return f"text matching {error.validator_value}"


def problem_from_schema_error(loaded: LoadedRecord, error: jsonschema.ValidationError) -> Problem:
    path = tuple(error.absolute_path)
    name = field_name(path)
    prefix = f"{name}: " if name else ""
    instance = error.instance
    kind = error.validator
    location = loaded.locate(path)
    if kind == "required":
        missing = re.search(r"'([^']+)' is a required property", error.message)
        missing_key = missing.group(1) if missing else str(error.validator_value)
        full = field_name((*path, missing_key))
        code, message = "missing-field", f"{full}: required field is missing; add '{missing_key}:'"
        if path and path[0] == "variables" and missing_key == "evidence":
            message += " with the text that justifies the result (only N/A may go without)"
    elif kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extras = sorted(set(instance) - set(allowed))
        extra = extras[0] if extras else "?"
        location = loaded.locate_key((*path, extra))
        code = "unknown-field"
        message = (
            f"{field_name((*path, extra))}: unknown field{_did_you_mean(extra, allowed)}; "
            f"allowed here: {', '.join(allowed)}"
        )
    elif kind == "enum":
        options = error.validator_value
        code = "schema-enum"
        message = (
            f"{prefix}{_show(instance)} is not allowed; expected one of "
            f"{', '.join(map(str, options))}{_did_you_mean(instance, options)}"
        )
        if isinstance(instance, bool):
            message += "; write the word in quotes"
    elif kind == "type":
        expected = error.validator_value
        expected = [expected] if isinstance(expected, str) else expected
        words = " or ".join(_TYPE_WORDS.get(item, item) for item in expected)
        code, message = "schema-type", f"{prefix}expected {words}, found {_show(instance)}"
    elif kind == "pattern":
        code = "schema-pattern"
        message = f"{prefix}{_show(instance)} is not valid; expected {_pattern_hint(error, path)}"
    elif kind in ("minLength", "maxLength", "minItems", "maxItems"):
        code = "schema-length"
        limit = error.validator_value
        unit = "characters" if kind.endswith("Length") else "items"
        size = len(instance) if hasattr(instance, "__len__") else "?"
        bound = "at least" if kind.startswith("min") else "at most"
        found = "is empty" if size == 0 else f"has {size:,} {unit}"
        message = f"{prefix}{found}; expected {bound} {limit:,} {unit}"
    elif kind in ("minimum", "maximum"):
        code = "schema-range"
        bound = "at least" if kind == "minimum" else "at most"
        message = f"{prefix}{_show(instance)} is out of range; expected {bound} {error.validator_value}"
    else:
        code, message = f"schema-{re.sub(r'(?<!^)(?=[A-Z])', '-', kind).lower()}", f"{prefix}{error.message}"
    return Problem(str(loaded.path), location.line, location.column, code, name, message)


def _schema_problems(loaded: LoadedRecord) -> list[Problem]:
    fast = _fast_validator()
    if fast is not None and fast.is_valid(loaded.data):
        return []
    errors = _reference_validator().iter_errors(loaded.data)
    return [problem_from_schema_error(loaded, error) for error in errors]


def _iter_texts(record: dict) -> Iterator[tuple[FieldPath, str]]:
    variables = record.get("variables")
    if isinstance(variables, dict):
        for key, assessment in variables.items():
            if isinstance(assessment, dict) and isinstance(assessment.get("evidence"), str):
                yield ("variables", key, "evidence"), assessment["evidence"]


def _privacy_problems(loaded: LoadedRecord) -> list[Problem]:
    problems = []
    for path, text in _iter_texts(loaded.data):
        if "@" in text and EMAIL.search(text):
            location = loaded.locate(path)
            problems.append(
                Problem(
                    str(loaded.path),
                    location.line,
                    location.column,
                    "email-address",
                    field_name(path),
                    f"{field_name(path)}: contains an e-mail address; replace it with '{EMAIL_PLACEHOLDER}' "
                    "so that no address is published (the import command does this for you)",
                )
            )
    return problems


def _file_name_problems(loaded: LoadedRecord) -> list[Problem]:
    record_id = loaded.data.get("id")
    expected = loaded.path.name.removesuffix(".yaml")
    if not isinstance(record_id, str) or record_id == expected or not ID_PATTERN.match(record_id):
        return []  # a malformed id is reported by the schema; renaming the file to it would not help
    location = loaded.locate(("id",))
    return [
        Problem(
            str(loaded.path),
            location.line,
            location.column,
            "id-mismatch",
            "id",
            f"id: {record_id!r} does not match the file name; rename the file to '{record_id}.yaml' "
            f"or set id: {expected}",
        )
    ]


def validate_record(loaded: LoadedRecord) -> list[Problem]:
    """Every problem of one record on its own (not those across records)."""
    return _schema_problems(loaded) + _file_name_problems(loaded) + _privacy_problems(loaded)


def normalised_title(title: str) -> str:
    folded = unicodedata.normalize("NFKD", title).casefold()
    return " ".join(re.findall(r"[^\W_]+", folded))


Claim = tuple  # (kind: "id" | "title" | "link", normalised value, field path)


def record_claims(data: dict) -> tuple[Claim, ...]:
    """What must be unique across records: the id (case-insensitively), the title, each link."""
    claims = []
    if isinstance(data.get("id"), str):
        claims.append(("id", data["id"].casefold(), ("id",)))
    if isinstance(data.get("title"), str) and normalised_title(data["title"]):
        claims.append(("title", normalised_title(data["title"]), ("title",)))
    links = data.get("links") if isinstance(data.get("links"), dict) else {}
    for kind, url in sorted(links.items()):
        if isinstance(url, str) and kind != "llm_run":
            claims.append(("link", url.rstrip("/"), ("links", kind)))
    return tuple(claims)


@dataclass(frozen=True, slots=True)
class CheckedRecord:
    """A record file that could be read: its data packed small, what it claims to be unique, and,
    when it is valid, its ``Paper`` (which the build cache keeps, so a rebuild unpacks nothing)."""

    path: Path
    packed: bytes
    claims: tuple[Claim, ...]
    paper: model.Paper | None = None
    run: str | None = None  # provenance.run, checked against runs/

    @property
    def data(self) -> dict:
        return model.unpack(self.packed)

    @classmethod
    def of(cls, path: Path, data: dict, valid: bool) -> CheckedRecord:
        """The checked form of a loaded record; a ``Paper`` only for a valid one."""
        packed = model.pack(data)
        provenance = data.get("provenance")
        run = provenance.get("run") if isinstance(provenance, dict) else None
        paper = model.paper_from_record(data, packed) if valid else None
        return cls(path, packed, record_claims(data), paper, run if isinstance(run, str) else None)


def _locate(path: Path, field_path: FieldPath) -> tuple[int, int]:
    """Line and column of a field, read again from the file (only for the rare cross-record problem)."""
    try:
        location = load_record(path).locate(field_path)
    except LoadError:
        return 1, 1
    return location.line, location.column


def cross_record_problems(records: list[CheckedRecord]) -> list[Problem]:
    """Duplicate ids (also case-insensitively), and the same paper twice (by title or by a link)."""
    problems = []
    first_seen: dict[tuple[str, str], CheckedRecord] = {}
    for record in sorted(records, key=lambda item: str(item.path)):
        for claim_kind, claim_value, path in record.claims:
            earlier = first_seen.setdefault((claim_kind, claim_value), record)
            if earlier is record:
                continue
            line, column = _locate(record.path, path)
            if claim_kind == "id":
                code = "duplicate-id"
                message = f"id: {record.data['id']!r} is already used by {earlier.path}; ids must be unique"
            else:
                code = "duplicate-paper"
                what = "the same title" if claim_kind == "title" else f"the same {field_name(path)}"
                message = f"{field_name(path)}: {earlier.path} has {what}; is this paper in the dataset twice?"
            problems.append(Problem(str(record.path), line, column, code, field_name(path), message))
    return problems


def run_reference_problems(records: list[CheckedRecord], known_runs: set[str]) -> list[Problem]:
    """A record whose ``provenance.run`` names no file in runs/."""
    problems = []
    for record in records:
        if record.run is not None and record.run not in known_runs:
            line, column = _locate(record.path, ("provenance", "run"))
            known = ", ".join(sorted(known_runs)) or "none"
            problems.append(
                Problem(
                    str(record.path),
                    line,
                    column,
                    "unknown-run",
                    "provenance.run",
                    f"provenance.run: no run {record.run!r} in runs/ (known runs: {known}); "
                    f"add runs/{record.run}.yaml or fix the id",
                )
            )
    return problems


def record_paths(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders to their ``*.yaml`` files; report paths that are not record files."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found.extend(_records_in_folder(path, problems))
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Problem(str(path), 1, 1, "no-such-file", "", "no such file or folder"))
    return sorted(set(found), key=str), problems


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
    return found
