"""Validation: loaded records -> ``Problem`` list (schema, file names, duplicates, privacy).

Takes ``LoadedRecord`` values for one record's own checks and ``CheckedRecord`` values (a record
packed small, with what it claims to be unique) for the checks across records; returns every
problem found, each a frozen ``Problem`` with file, line, column, field path, a
stable kebab-case code and a plain-words message. Writes nothing; the CLI's reporter renders
the problems as text, JSON or GitHub annotations.

Two validators, one answer: the compiled ``jsonschema_rs`` (when installed) only decides whether a
record is valid, which is the common case and ~100x faster; every record it rejects goes through
the reference ``jsonschema`` implementation, which produces the messages and paths. The reference
one reads ``pattern`` as ECMA-262 does (the JSON Schema rule, and what jsonschema-rs does): ``$``
matches only at the very end, so ``"x\\n"`` never passes ``^[a-z]+$``, and ``\\s`` is ECMA's
whitespace set, not Python's.

What a text may hold (``text_problems``), one rule for every string and key of a record or run:
no control character (C0, DEL, C1), line or paragraph separator, bidi embedding, override or
isolate, BOM, interlinear annotation, noncharacter or surrogate; a line break (and a tab) only in
the multi-line fields ``MULTILINE_FIELDS``. Each is reported at the character's own line and column.

Every generated page a value names (``generated_paths``: a paper's page, its venue's page and its
edition's page) is claimed across records: two different values that land on the same page
(``NeurIPS`` and ``neurips``, or venue ``A 2020`` and the 2020 edition of venue ``A``) are
reported with both files and lines, so that ``build`` never meets a collision.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jsonschema

from generator import model, paths
from generator.loading import (
    SUSPECT_CHARACTERS,
    FieldPath,
    LoadedRecord,
    LoadError,
    character_name,
    load_record,
)
from generator.problems import Problem

try:
    import jsonschema_rs
except ImportError:  # pragma: no cover - the fast path is optional
    jsonschema_rs = None

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
EMAIL_PLACEHOLDER = "EMAIL"


def field_name(path: Iterable) -> str:
    """('variables', 'pseudocode', 'result') -> 'variables.pseudocode.result'; ('authors', 2) -> 'authors[2]'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def problem_from_load_error(error: LoadError) -> Problem:
    return Problem(str(error.path), error.line, error.column, error.code, "", error.message)


# ECMA-262's \\s (WhiteSpace and LineTerminator): Python's also holds U+001C-U+001F and U+0085, not U+FEFF.
_ECMA_SPACE = "\\t\\n\\x0b\\x0c\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"


@functools.cache
def ecma_pattern(pattern: str) -> re.Pattern:
    """A JSON Schema ``pattern`` (ECMA-262) as a Python regex that matches the same strings: ``$``
    becomes ``\\Z`` (Python's ``$`` also matches before a final newline) and ``\\s``/``\\S`` become
    ECMA's whitespace set. Raises ``ValueError`` for a construct it does not translate."""
    translated = []
    in_class = False
    index = 0
    while index < len(pattern):
        character = pattern[index]
        if character == "\\":
            escape = pattern[index : index + 2]
            if escape == "\\s":
                translated.append(_ECMA_SPACE if in_class else f"[{_ECMA_SPACE}]")
            elif escape == "\\S" and not in_class:
                translated.append(f"[^{_ECMA_SPACE}]")
            elif escape in ("\\S", "\\w", "\\W", "\\d", "\\D", "\\b", "\\B"):
                raise ValueError(f"pattern {pattern!r}: write {escape} as an explicit class")
            else:
                translated.append(escape)
            index += 2
            continue
        if character == "[" and not in_class:
            in_class = True
        elif character == "]" and in_class:
            in_class = False
        elif character == "$" and not in_class:
            character = "\\Z"
        elif character == "." and not in_class:
            raise ValueError(f"pattern {pattern!r}: write . as an explicit class")
        translated.append(character)
        index += 1
    return re.compile("".join(translated))


def _ecma_pattern_keyword(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not ecma_pattern(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


ReferenceValidator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _ecma_pattern_keyword})


def reference_validator_for(schema: dict) -> jsonschema.Draft202012Validator:
    """The reference validator for ``schema``, with ECMA-262 ``pattern`` semantics."""
    jsonschema.Draft202012Validator.check_schema(schema)
    return ReferenceValidator(schema)


@functools.cache
def _reference_validator() -> jsonschema.Draft202012Validator:
    return reference_validator_for(model.load_schema())


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
        code, message = "schema-rule", f"{prefix}{error.message} (schema keyword '{kind}')"
    return Problem(str(loaded.path), location.line, location.column, code, name, message)


MAX_PROBLEMS_PER_FILE = 20


def schema_problems(loaded: LoadedRecord, validator: jsonschema.Draft202012Validator) -> tuple[list[Problem], int]:
    """The first ``MAX_PROBLEMS_PER_FILE`` + 1 schema problems, and how many more there are
    (counted, not described: a list of half a million wrong items costs no messages)."""
    errors = validator.iter_errors(loaded.data)
    problems = [
        problem_from_schema_error(loaded, error) for error in itertools.islice(errors, MAX_PROBLEMS_PER_FILE + 1)
    ]
    return problems, sum(1 for _ in errors)


def _schema_problems(loaded: LoadedRecord) -> tuple[list[Problem], int]:
    fast = _fast_validator()
    if fast is not None and fast.is_valid(loaded.data):
        return [], 0
    return schema_problems(loaded, _reference_validator())


def capped(problems: list[Problem], uncounted: int = 0) -> list[Problem]:
    """One file's problems, sorted, at most ``MAX_PROBLEMS_PER_FILE`` of them and then one that
    says how many more there are (placed where the first one left out is)."""
    problems = sorted(problems)
    hidden = len(problems) - MAX_PROBLEMS_PER_FILE + uncounted
    if hidden <= 0:
        return problems
    shown = problems[:MAX_PROBLEMS_PER_FILE]
    at = problems[MAX_PROBLEMS_PER_FILE] if len(problems) > MAX_PROBLEMS_PER_FILE else shown[-1]
    more = Problem(
        at.file,
        at.line,
        at.column,
        "more-problems",
        "",
        f"... and {hidden:,} more problem{'s' if hidden != 1 else ''} in this file (only the first "
        f"{MAX_PROBLEMS_PER_FILE} are shown); fix these and validate again",
    )
    return [*shown, more]


# Fields whose text may run over several lines (the last key of the field's path).
MULTILINE_FIELDS = frozenset({"evidence", "note", "notice", "prompt", "questions", "claim", "reason"})
_LINE_BREAK_AND_TAB = frozenset("\n\t")


def _character_location(loaded: LoadedRecord, node, position: int, character: str) -> tuple[int, int]:
    """Line and column of ``character`` as written in the node's source text (the node's own
    start if the file writes it as an escape, or it is a line break, which YAML folds)."""
    start, end = node.start_mark.index, node.end_mark.index
    if character != "\n" and loaded.text:
        offset = loaded.text.find(character, start, end)
        if offset >= 0:
            line_start = loaded.text.rfind("\n", 0, offset) + 1
            return loaded.text.count("\n", 0, offset) + 1, offset - line_start + 1
    return node.start_mark.line + 1, node.start_mark.column + 1


def text_problems(loaded: LoadedRecord) -> list[Problem]:
    """Characters no text of a record or run may hold, and line breaks or tabs in a single-line field."""
    problems = []
    for path, is_key in loaded.suspect_strings:
        if is_key:
            text, node = path[-1], loaded.key_nodes[path[:-1]][path[-1]]
            multiline = False
        else:
            text, node = _value_at(loaded.data, path), loaded.nodes[path]
            name = next((part for part in reversed(path) if isinstance(part, str)), "")
            multiline = name in MULTILINE_FIELDS
        for match in SUSPECT_CHARACTERS.finditer(text):
            character = match.group()
            if multiline and character in _LINE_BREAK_AND_TAB:
                continue
            line, column = _character_location(loaded, node, match.start(), character)
            where = f"the key {_show(text)}" if is_key else field_name(path)
            if character in _LINE_BREAK_AND_TAB:
                allowed = "is a single line: a line break or a tab is allowed only in " + ", ".join(
                    sorted(MULTILINE_FIELDS)
                )
                message = f"{where}: {character_name(character)} at character {match.start() + 1}; this field {allowed}"
            else:
                message = (
                    f"{where}: {character_name(character)} at character {match.start() + 1} is not allowed; "
                    "text holds printable characters only (no control characters, bidi overrides, line "
                    "separators or noncharacters); remove it"
                )
            field = field_name(path[:-1] if is_key else path)  # a key's field is the mapping that holds it
            problems.append(Problem(str(loaded.path), line, column, "forbidden-character", field, message))
            break  # one problem per string: the first character that is not allowed
    return problems


def _value_at(data, path: FieldPath):
    for part in path:
        data = data[part]
    return data


def _iter_texts(record: dict) -> Iterator[tuple[FieldPath, str]]:
    variables = record.get("variables")
    if isinstance(variables, dict):
        for key, assessment in variables.items():
            if isinstance(assessment, dict) and isinstance(assessment.get("evidence"), str):
                yield ("variables", key, "evidence"), assessment["evidence"]
            corrections = assessment.get("corrections") if isinstance(assessment, dict) else None
            for index, correction in enumerate(corrections if isinstance(corrections, list) else ()):
                for name in ("claim", "evidence"):
                    if isinstance(correction, dict) and isinstance(correction.get(name), str):
                        yield ("variables", key, "corrections", index, name), correction[name]


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
    id_pattern = ecma_pattern(model.load_schema()["properties"]["id"]["pattern"])
    if not isinstance(record_id, str) or record_id == expected or not id_pattern.search(record_id):
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


def _correction_problems(loaded: LoadedRecord) -> list[Problem]:
    """Correction requests the schema cannot judge: one that asks for the result it disputes
    (the published result before it: the review's, or an earlier accepted request's), and
    requests out of date order (they are kept oldest first, and the latest accepted one wins)."""
    problems = []
    variables = loaded.data.get("variables")
    for key, assessment in (variables or {}).items() if isinstance(variables, dict) else ():
        corrections = assessment.get("corrections") if isinstance(assessment, dict) else None
        if not isinstance(corrections, list) or "result" not in assessment:
            continue
        previous_date = ""
        for index, correction in enumerate(corrections):
            if not isinstance(correction, dict):
                continue
            path = ("variables", key, "corrections", index)
            disputed = model.published_result({**assessment, "corrections": corrections[:index]})
            if correction.get("result") == disputed:
                where = loaded.locate((*path, "result"))
                problems.append(
                    Problem(
                        str(loaded.path),
                        where.line,
                        where.column,
                        "correction-same-result",
                        field_name((*path, "result")),
                        f"{field_name((*path, 'result'))}: the request asks for {disputed!r}, which is already "
                        "the result it disputes; set the result the request asks for",
                    )
                )
            date = correction.get("date")
            if isinstance(date, str) and date < previous_date:
                where = loaded.locate((*path, "date"))
                problems.append(
                    Problem(
                        str(loaded.path),
                        where.line,
                        where.column,
                        "correction-order",
                        field_name((*path, "date")),
                        f"{field_name((*path, 'date'))}: {date} is before the request above it "
                        f"({previous_date}); keep correction requests oldest first",
                    )
                )
            previous_date = max(previous_date, date) if isinstance(date, str) else previous_date
    return problems


def validate_record(loaded: LoadedRecord) -> list[Problem]:
    """The problems of one record on its own (not those across records), capped."""
    schema, uncounted = _schema_problems(loaded)
    problems = text_problems(loaded) + schema + _file_name_problems(loaded) + _privacy_problems(loaded)
    if not schema:  # the rules below read a record of the schema's shape
        problems += _correction_problems(loaded)
    return capped(problems, uncounted)


def normalised_title(title: str) -> str:
    """The title as compared for duplicates: case, accents, spacing and punctuation (``-:,.!?``) do
    not count; words, numbers and symbols do ("Networks++" differs from "Networks", "C#" from "C")."""
    decomposed = unicodedata.normalize("NFKD", title).casefold()
    folded = "".join(character for character in decomposed if unicodedata.category(character) != "Mn")  # accents
    tokens = re.findall(r"[^\W_]+|[^\w\s]", folded)
    return " ".join(token for token in tokens if token[0].isalnum() or _is_meaningful_symbol(token))


def _is_meaningful_symbol(character: str) -> bool:
    # Unicode symbols (Sm, Sc, So: + = < > ~ $ and the like) and '#': they change what a title names.
    return unicodedata.category(character) in ("Sm", "Sc", "So") or character == "#"


# (kind, value, field path, owner): two records with the same kind and value clash, unless both
# have an owner and it is the same (many records share a venue's page: they write the same venue).
Claim = tuple


# Pages the generator writes whatever the records say (build's overview stage).
def generated_paths(data: dict) -> Iterator[tuple[str, FieldPath, tuple]]:
    """(page path, field it comes from, what the page stands for) for each page a record's values
    name: its paper page, its venue's page, its edition's page. The paths come from ``paths``, as
    the renderers' do, so that what is checked here is exactly what the build writes."""
    record_id, venue, year = data.get("id"), data.get("venue"), data.get("year")
    if isinstance(record_id, str):
        yield paths.paper_path(record_id), ("id",), ("paper", record_id)
    if isinstance(venue, str):
        yield paths.venue_path(venue), ("venue",), ("venue", venue)
        if isinstance(year, int) and not isinstance(year, bool):
            yield paths.edition_path(venue, year), ("venue",), ("edition", venue, year)


def record_claims(data: dict) -> tuple[Claim, ...]:
    """What must be unique across records: the id (case-insensitively), the title, each link, and
    each generated page (shared only by records that mean the same venue or edition)."""
    claims = []
    if isinstance(data.get("id"), str):
        claims.append(("id", data["id"].casefold(), ("id",), None))
    if isinstance(data.get("title"), str) and normalised_title(data["title"]):
        claims.append(("title", normalised_title(data["title"]), ("title",), None))
    if isinstance(data.get("same_as"), str):  # not a claim of uniqueness: the paper it repeats
        claims.append(("same-as", data["same_as"], ("same_as",), None))
    links = data.get("links") if isinstance(data.get("links"), dict) else {}
    for kind, url in sorted(links.items()):
        if isinstance(url, str) and kind != "llm_run":
            claims.append(("link", url.rstrip("/"), ("links", kind), None))
    for page, field_path, owner in generated_paths(data):
        claims.append(("page", page.casefold(), field_path, owner))
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


def _describe(owner: tuple) -> str:
    kind, *values = owner
    if kind == "paper":
        return f"the paper page of id {values[0]!r}"
    if kind == "venue":
        return f"the page of venue {values[0]!r}"
    if kind == "edition":
        return f"the page of venue {values[0]!r}, {values[1]}"
    return "a page the generator writes itself"


def _page_problem(record: CheckedRecord, field_path: FieldPath, owner: tuple, earlier, page: str) -> Problem:
    line, column = _locate(record.path, field_path)
    ours = _describe(owner)
    if earlier is None:
        where = f"{ours} would be written to {page}, a page the generator writes itself"
        fix = "choose another value"
    else:
        earlier_record, earlier_path, earlier_owner = earlier
        earlier_line, earlier_column = _locate(earlier_record.path, earlier_path)
        where = (
            f"{ours} would be written to {page}, where {earlier_record.path}:{earlier_line}:{earlier_column} "
            f"puts {_describe(earlier_owner)}"
        )
        fix = (
            f"write the venue exactly as {earlier_record.path} does ({earlier_owner[1]!r}) if it is the same one"
            if owner[0] == earlier_owner[0] == "venue" or owner[0] == earlier_owner[0] == "edition"
            else "choose values whose pages differ"
        )
    message = f"{field_name(field_path)}: {where}; two pages cannot share a file ({fix})"
    return Problem(str(record.path), line, column, "page-collision", field_name(field_path), message)


def _record_id(record: CheckedRecord) -> str | None:
    return next((value for kind, value, _path, _owner in record.claims if kind == "id"), None)


def _same_as(record: CheckedRecord) -> str | None:
    return next((value for kind, value, _path, _owner in record.claims if kind == "same-as"), None)


def _stated_same(record: CheckedRecord, other: CheckedRecord) -> bool:
    """One of the two records says (``same_as``) that it is the other paper again."""
    same, other_same = _same_as(record), _same_as(other)
    return (same is not None and same.casefold() == _record_id(other)) or (
        other_same is not None and other_same.casefold() == _record_id(record)
    )


def _same_as_problems(records: list[CheckedRecord]) -> list[Problem]:
    ids = {_record_id(record) for record in records}
    problems = []
    for record in records:
        same = _same_as(record)
        if same is None or (same.casefold() in ids and same.casefold() != _record_id(record)):
            continue
        line, column = _locate(record.path, ("same_as",))
        why = "the record itself" if same.casefold() == _record_id(record) else "no record"
        problems.append(
            Problem(
                str(record.path),
                line,
                column,
                "unknown-same-as",
                "same_as",
                f"same_as: {same!r} is {why}; write the id of the other record of the same paper, or remove same_as",
            )
        )
    return problems


def cross_record_problems(records: list[CheckedRecord]) -> list[Problem]:
    """Duplicate ids (also case-insensitively), the same paper twice (by title or by a link: a
    warning, silenced when one record says ``same_as`` the other), ``same_as`` naming no record, and
    two different values that would make the same generated page; each names both files."""
    problems = _same_as_problems(records)
    page_problem_fields: set[tuple[Path, FieldPath]] = set()  # one page collision per field is enough
    reserved = {("page", page): (None, (), ("generator",)) for page in paths.RESERVED_PAGES}
    first_seen: dict[tuple[str, str], tuple] = reserved
    for record in sorted(records, key=lambda item: str(item.path)):
        for claim_kind, claim_value, path, owner in record.claims:
            if claim_kind == "same-as":
                continue
            earlier = first_seen.setdefault((claim_kind, claim_value), (record, path, owner))
            earlier_record, _earlier_path, earlier_owner = earlier
            if earlier_record is record or (owner is not None and owner == earlier_owner):
                continue
            if claim_kind == "page" and owner[0] == earlier_owner[0] == "paper":
                continue  # the same id twice: reported as duplicate-id
            if claim_kind == "page":
                if (record.path, path) in page_problem_fields:
                    continue
                page_problem_fields.add((record.path, path))
                problems.append(
                    _page_problem(record, path, owner, None if earlier_record is None else earlier, claim_value)
                )
                continue
            line, column = _locate(record.path, path)
            if claim_kind == "id":
                code = "duplicate-id"
                message = f"id: {record.data['id']!r} is already used by {earlier_record.path}; ids must be unique"
            else:
                if _stated_same(record, earlier_record):
                    continue
                code = "duplicate-paper"
                what = "the same title" if claim_kind == "title" else f"the same {field_name(path)}"
                earlier_id = _record_id(earlier_record)
                message = (
                    f"{field_name(path)}: {earlier_record.path} has {what}; if this is the same paper again (the Index "
                    f"lists a paper again when a later venue presents it), add 'same_as: {earlier_id}' to silence "
                    "this warning; if it is a different paper, nothing is wrong; if it is a copy, remove one"
                )
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
