"""The data model: what a record means, read from ``schema.json``, and the two scores.

Takes validated record dicts; returns ``Paper`` values with their scores. Pure: no file I/O but
reading ``schema.json`` once, which is where the list of variables, their labels and their allowed
results live (so they are written down in exactly one place).

Scores (documented on the schema page):
- documentation score: the number of ``Yes`` among the seven Yes/No/N/A variables, shown ``k/7``;
- reproducibility score (Gundersen et al., AAAI 2025): 0.86 when both code and data are open,
  0.33 when data is open but code is not, 0 when data is not open.
"""

from __future__ import annotations

import functools
import json
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import orjson

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The package's schema.json is the project's top-level schema.json (a symbolic link in a clone, a
# copy in an installed wheel), so a clone and an install find it the same way.
SCHEMA_PATH = Path(__file__).resolve().parent / "schema.json"

YES, NO, NOT_APPLICABLE = "Yes", "No", "N/A"
LINK_LABELS_ORDER = ("conference_pdf", "archive_pdf", "venue_pdf", "plain_text", "code", "llm_run")


@dataclass(frozen=True)
class Variable:
    key: str  # snake_case key in records, e.g. "open_source_code"
    label: str  # as the Index prints it, e.g. "Open Source Code"
    description: str
    results: tuple[str, ...]  # allowed results, in the schema's order

    @property
    def is_yes_no(self) -> bool:
        return YES in self.results


@functools.cache
def load_schema(path: Path = SCHEMA_PATH) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def resolve_ref(schema: dict, node: dict) -> dict:
    """A property schema with the ``$defs`` entry it references merged in, properties included,
    so that a variable's own ``result`` enum and its ``reviewed`` entry's sit on one tree."""
    reference = node.get("$ref", "")
    base = resolve_ref(schema, schema["$defs"][reference.removeprefix("#/$defs/")]) if reference else {}
    return _merge(base, {key: value for key, value in node.items() if key != "$ref"}, schema)


def _merge(base: dict, extra: dict, schema: dict) -> dict:
    merged = {**base, **{key: value for key, value in extra.items() if key != "properties"}}
    properties = dict(base.get("properties", {}))
    for name, child in extra.get("properties", {}).items():
        properties[name] = _merge(resolve_ref(schema, properties.get(name, {})), resolve_ref(schema, child), schema)
    if properties:
        merged["properties"] = properties
    return merged


@functools.cache
def variables() -> tuple[Variable, ...]:
    """The nine variables in the schema's order."""
    schema = load_schema()
    variables_schema = schema["properties"]["variables"]
    found = []
    for key in variables_schema["required"]:
        node = resolve_ref(schema, variables_schema["properties"][key])
        result_schema = resolve_ref(schema, node["properties"]["result"])
        found.append(Variable(key, node["title"], node["description"], tuple(result_schema["enum"])))
    return tuple(found)


@functools.cache
def variables_by_key() -> dict[str, Variable]:
    return {variable.key: variable for variable in variables()}


@functools.cache
def yes_no_variables() -> tuple[Variable, ...]:
    return tuple(variable for variable in variables() if variable.is_yes_no)


@functools.cache
def link_labels() -> dict[str, str]:
    """Link kind -> label, e.g. conference_pdf -> Conference PDF, in display order."""
    properties = load_schema()["properties"]["links"]["properties"]
    return {kind: properties[kind]["title"] for kind in LINK_LABELS_ORDER}


def accepted_correction(assessment: dict) -> dict | None:
    """The latest correction request on a variable that the maintainers accepted (an entry of the
    assessment's ``corrections`` with ``status: accepted`` and a ``result``), or None."""
    accepted = [
        correction
        for correction in assessment.get("corrections", ())
        if correction.get("status") == "accepted" and "result" in correction
    ]
    return sorted(accepted, key=lambda correction: str(correction.get("date", "")))[-1] if accepted else None


def published_result(assessment: dict) -> str:
    """An accepted correction's result when there is one, else a person's reviewed result, else
    the classifier's."""
    correction = accepted_correction(assessment)
    if correction is not None:
        return correction["result"]
    reviewed = assessment.get("reviewed")
    return reviewed["result"] if reviewed else assessment["result"]


def documentation_score(record: dict) -> int:
    """Number of Yes among the seven Yes/No/N/A variables (published results)."""
    return sum(published_result(record["variables"][variable.key]) == YES for variable in yes_no_variables())


def reproducibility_score(record: dict) -> float:
    """Gundersen et al. (AAAI 2025): 0.86 code and data open, 0.33 only data open, else 0."""
    results = record["variables"]
    data_open = published_result(results["open_datasets"]) == YES
    code_open = published_result(results["open_source_code"]) == YES
    if data_open and code_open:
        return 0.86
    if data_open:
        return 0.33
    return 0.0


def pack(record: dict) -> bytes:
    """A record as compressed JSON: about a sixth of the memory of the dict, so 100,000 records fit."""
    return zlib.compress(orjson.dumps(record), 1)


def unpack(packed: bytes) -> dict:
    return orjson.loads(zlib.decompress(packed))


@dataclass(frozen=True, slots=True)
class Paper:
    """A validated record: the fields that lists and aggregates use, and the whole record packed.

    ``record`` unpacks the full record (evidence included) each time it is asked for: the pages
    and files of one paper ask once, and nothing holds every paper's evidence at the same time.
    """

    id: str
    title: str
    authors: tuple[str, ...]
    venue: str
    year: int
    results: dict[str, str]  # variable key -> published result (a person's, where reviewed)
    reviews: dict[str, tuple[str, str]]  # reviewed variable key -> (classifier's result, person's result)
    documentation_score: int
    reproducibility_score: float
    packed: bytes

    def result(self, key: str) -> str:
        return self.results[key]

    @property
    def record(self) -> dict:
        return unpack(self.packed)


def paper_from_record(record: dict, packed: bytes | None = None) -> Paper:
    """The paper of a valid record. Variable keys, results and the venue are shared strings (the
    schema's keys, interned words): 100,000 papers hold about 100 MB less, in memory and in the
    build cache, than with a copy of each per paper."""
    assessments = record["variables"]
    results = {variable.key: sys.intern(published_result(assessments[variable.key])) for variable in variables()}
    reviews = {
        variable.key: (assessments[variable.key]["result"], assessments[variable.key]["reviewed"]["result"])
        for variable in variables()
        if "reviewed" in assessments[variable.key]
    }
    return Paper(
        record["id"],
        record["title"],
        tuple(record["authors"]),
        sys.intern(record["venue"]),
        record["year"],
        results,
        reviews,
        documentation_score(record),
        reproducibility_score(record),
        packed if packed is not None else pack(record),
    )


_NUMBER_WORDS = "no one two three four five six seven eight nine ten eleven twelve".split()


def number_word(count: int) -> str:
    """'nine' for 9, as prose says a small count; digits past twelve."""
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else str(count)


def id_pattern() -> str:
    """The schema's pattern for a record id, without its anchors (``^...$``): a full match."""
    return load_schema()["properties"]["id"]["pattern"].removeprefix("^").removesuffix("$")


def max_documentation_score() -> int:
    return len(yes_no_variables())


# A run's facts that a paper page shows beside the record's own provenance (runs/<id>.yaml): the
# model, where the results come from and the run's notice. Its questions version, date and settings
# are on the run's page, which every paper page of the run links (LLM Run Details).
SHOWN_RUN_FACTS = ("model", "source", "notice")


def effective_provenance(provenance: dict, runs: dict[str, dict]) -> dict:
    """The record's provenance over its run's facts (the record's own fields win)."""
    run = runs.get(provenance.get("run", ""), {})
    facts = {key: run[key] for key in SHOWN_RUN_FACTS if key in run}
    return {**facts, **provenance}
