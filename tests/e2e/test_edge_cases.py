"""The Index's edge cases, end to end: import into a fresh project, validate, build, build the site.

Every paper of the Index's edge cases (optional data: the 41 papers a whole-Index import
once lost) must be published, with no hand edit; likely duplicates are warnings, never refusals. The
same runs on the hand-made fixtures of tests/fixtures/pipeline-edge/, so a clone without that data
still tests every rule.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.loading import load_record
from helpers import FIXTURES, build_site, make_project, run_generator, shared_data_or_skip


def _pipeline_keys(folder: Path) -> set[tuple[str, str]]:
    """(file stem, paper key) of every paper in the pipeline files of ``folder``."""
    keys = set()
    for source in sorted(folder.glob("*.json")):
        run = json.loads(source.read_text(encoding="utf-8"))
        keys |= {(source.stem, key) for key, value in run.items() if isinstance(value, dict)}
    return keys


def _import_validate_build_publish(folder: Path, project: Path) -> None:
    imported = run_generator("import", str(folder), "--out", str(project / "records"))
    assert imported.returncode == 0, imported.stdout
    validated = run_generator("validate", cwd=project)
    assert validated.returncode == 0, validated.stdout
    site = build_site(project)  # python -m generator build, then the real mkdocs build --strict
    published = set()
    for path in (project / "records").glob("*.yaml"):
        record = load_record(path).data
        key = record.get("provenance", {}).get("pipeline_key")
        if key is not None:
            assert (site / "papers" / record["id"] / "index.html").is_file(), record["id"]
            published.add((f"{record['venue']}_{record['year']}", key))
    assert published == _pipeline_keys(folder)  # every paper published: none refused, none overwritten


def test_every_edge_case_fixture_is_published(tmp_path):
    _import_validate_build_publish(FIXTURES / "pipeline-edge", make_project(tmp_path / "project"))


@pytest.mark.slow
def test_every_paper_of_the_index_edge_cases_is_published(tmp_path):
    edge_cases = shared_data_or_skip() / "edge-cases"
    _import_validate_build_publish(edge_cases, make_project(tmp_path / "project"))
