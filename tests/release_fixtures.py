"""Shared by the release, feed and citation tests: the two fixture releases' records, a paper
state to vary, and hostile text (tests/fixtures/releases/README.md says what the releases hold)."""

from __future__ import annotations

from generator import model
from generator.loading import load_record
from generator.releases import PaperState
from helpers import FIXTURES

RELEASE_FIXTURES = FIXTURES / "releases"
HOSTILE = "<script>alert(1)</script> **bold** [x](javascript:alert(1))\n\n    ```\n# heading &amp; \x01"


def fixture_records(name: str) -> list[dict]:
    """The records of fixture release ``name`` (first or second), by file name."""
    return [load_record(path).data for path in sorted((RELEASE_FIXTURES / name / "records").glob("*.yaml"))]


def papers_of(records: list[dict]) -> list[model.Paper]:
    return [model.paper_from_record(record) for record in records]


def state(results: dict[str, str], run: str | None = None, by_people=None, sha256="0" * 64) -> PaperState:
    """Paper ``p``: Experimental, Academia, No elsewhere, with ``results`` over that."""
    full = {variable.key: "No" for variable in model.variables() if variable.is_yes_no}
    full |= {"research_type": "Experimental", "researcher_affiliation": "Academia", **results}
    return PaperState("p", "A paper", sha256, full, "llm", run, by_people or {})
