"""Table-driven validation cases: one folder per case in tests/cases/invalid/.

Each folder holds the bad record file(s) and expected.json with the code, file, line and column
(and field) of the problem the validator must report. Adding a case means adding a folder.
"""

import json
from pathlib import Path

import pytest

from generator.build import check

CASES = sorted((Path(__file__).parent.parent / "cases" / "invalid").iterdir())


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_invalid_case_reports_expected_problem(case: Path):
    expected = json.loads((case / "expected.json").read_text())
    problems = check([case]).problems
    matching = [problem for problem in problems if problem.code == expected["code"]]
    assert matching, f"expected {expected['code']}, got {[problem.code for problem in problems]}"
    problem = matching[0]
    assert Path(problem.file).name == expected["file"]
    assert (problem.line, problem.column) == (expected["line"], expected["column"])
    if "field" in expected:
        assert problem.field == expected["field"]
    assert problem.message and "Traceback" not in problem.message


def test_every_documented_code_has_a_case():
    documented = {
        "schema-enum",
        "missing-field",
        "unknown-field",
        "schema-type",
        "schema-pattern",
        "schema-length",
        "schema-range",
        "duplicate-key",
        "yaml-syntax",
        "id-mismatch",
        "duplicate-id",
        "duplicate-paper",
        "yaml-alias",
        "yaml-tag",
        "tab-indent",
        "bom",
        "crlf",
        "encoding",
        "empty-file",
        "multiple-documents",
        "file-too-large",
        "not-a-mapping",
        "too-deep",
        "email-address",
        "file-name",
        "forbidden-character",
        "number-too-large",
        "non-finite-number",
        "too-many-values",
        "key-too-long",
        "more-problems",
        "page-collision",
        "not-a-file",
    }
    covered = {json.loads((case / "expected.json").read_text())["code"] for case in CASES}
    assert documented <= covered, documented - covered
