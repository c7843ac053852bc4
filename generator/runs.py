"""Runs: ``runs/<id>.yaml`` files -> the facts many records share, stored once.

A run is one pass of a classifier over many papers: its model, settings, prompt and questions,
date, source and notice. A record names its run in ``provenance.run`` instead of copying them.
``check_runs(folder)`` loads and validates every run file (against ``$defs/run`` of schema.json,
with the same loader, locations and messages as records) and returns ``(runs by id, problems)``.
Writes nothing (``model.effective_provenance`` merges a record's provenance over its run's facts).
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import jsonschema

from generator import model
from generator.loading import LoadError, load_record
from generator.problems import Problem
from generator.validation import (
    capped,
    problem_from_load_error,
    reference_validator_for,
    schema_problems,
    text_problems,
)


@functools.cache
def run_validator() -> jsonschema.Draft202012Validator:
    return reference_validator_for({"$ref": "#/$defs/run", "$defs": model.load_schema()["$defs"]})


def default_folder(record_paths: list[Path]) -> Path:
    """``runs/`` beside the records folder (or beside the folder of the first record file)."""
    first = record_paths[0] if record_paths else Path("records")
    return (first if first.is_dir() else first.parent).parent / "runs"


def check_runs(folder: Path) -> tuple[dict[str, dict], list[Problem]]:
    runs: dict[str, dict] = {}
    problems: list[Problem] = []
    if not folder.is_dir():
        return runs, problems
    for path in sorted(folder.glob("*.yaml")):
        try:
            loaded = load_record(path)
        except LoadError as error:
            problems.append(problem_from_load_error(error))
            continue
        errors, uncounted = schema_problems(loaded, run_validator())
        errors += text_problems(loaded)
        if not errors and loaded.data["id"] != path.stem:
            location = loaded.locate(("id",))
            errors.append(
                Problem(
                    str(path),
                    location.line,
                    location.column,
                    "id-mismatch",
                    "id",
                    f"id: {loaded.data['id']!r} does not match the file name; set id: {path.stem}",
                )
            )
        problems.extend(capped(errors, uncounted))
        if not errors:
            runs[path.stem] = loaded.data
    return runs, problems


def runs_digest(runs: dict[str, dict]) -> str:
    """A hash of every run's facts, for the keys of the pages that show them."""
    text = json.dumps(runs, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
