"""Adding a Yes/No variable to schema.json (and to the records) needs no code change.

A copy of the project gets a tenth variable in its schema and in every record; the copied,
unchanged generator then validates, builds, and MkDocs builds the site, which shows the variable
everywhere the others are: paper pages, the data package, the browse data and the scores.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import ROOT, make_project, mkdocs_build

NEW_KEY, NEW_LABEL = "license_stated", "License Stated"


def _add_variable_to_schema(schema_path: Path) -> None:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    variables = schema["properties"]["variables"]
    variables["properties"][NEW_KEY] = {
        "title": NEW_LABEL,
        "description": "Does the paper state the licence of its code or data?",
        "$ref": "#/$defs/yes_no_na",
    }
    variables["required"].append(NEW_KEY)
    schema_path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _add_variable_to_records(records: Path) -> None:
    for path in sorted(records.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        marker = "\nprovenance:"
        assert marker in text, path
        addition = f"  {NEW_KEY}:\n    result: 'Yes'\n    evidence: The code is released under the MIT licence.\n"
        path.write_text(text.replace(marker, "\n" + addition.rstrip("\n") + marker, 1), encoding="utf-8")


def _run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project)},
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.e2e
@pytest.mark.slow
def test_a_new_yes_no_variable_needs_no_code_change(tmp_path):
    project = make_project(tmp_path / "project")
    shutil.copytree(ROOT / "generator", project / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "generator" / "schema.json").unlink()  # the package's link points at the project's schema
    (project / "generator" / "schema.json").symlink_to("../schema.json")
    _add_variable_to_schema(project / "schema.json")
    _add_variable_to_records(project / "records")

    validated = _run(project, "validate")
    assert validated.returncode == 0, validated.stdout + validated.stderr
    built = _run(project, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    site = mkdocs_build(project)
    assert site.returncode == 0 and "WARNING" not in site.stderr, site.stderr

    docs = project / "build" / "docs"
    page = (docs / "papers" / "jin-2022-pruning.md").read_text(encoding="utf-8")
    assert NEW_LABEL in page and "The code is released under the MIT licence." in page
    browse = json.loads((docs / "api" / "browse" / "index.json").read_text(encoding="utf-8"))
    assert NEW_KEY in browse["yes_no"] and browse["max_score"] == 8
    papers_csv = list(csv.DictReader(io.StringIO((docs / "data" / "papers.csv").read_text(encoding="utf-8"))))
    assert all(row[NEW_KEY] == "Yes" for row in papers_csv)
    descriptor = json.loads((docs / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["description"].startswith("Ten reproducibility variables")
    record = yaml.safe_load((project / "records" / "jin-2022-pruning.yaml").read_text(encoding="utf-8"))
    rows = json.loads((docs / "api" / "browse" / "neurips-2022.json").read_text(encoding="utf-8"))
    jin = dict(zip(browse["columns"], next(row for row in rows if row[0] == "jin-2022-pruning"), strict=True))
    yes_count = sum(
        1
        for key, item in record["variables"].items()
        if item["result"] == "Yes" and key not in ("research_type", "researcher_affiliation")
    )
    assert jin["documentation_score"] == yes_count  # the new variable counts toward the score
    html = (project / "site" / "papers" / "jin-2022-pruning" / "index.html").read_text(encoding="utf-8")
    assert NEW_LABEL in html and f"/{8}" in html
