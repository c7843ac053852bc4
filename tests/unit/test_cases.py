"""Table-driven validation cases: one folder per case in tests/cases/invalid/.

Each folder holds the bad record file(s) and expected.json with the code, file, line and column
(and field) of the problem the validator must report, and ``"severity": "warning"`` for a warning
(reported apart from the errors: validate passes). Adding a case means adding a folder.
"""

import json
from pathlib import Path

import pytest

from generator.checking import check
from generator.problems import CODES, Problem
from helpers import ROOT

CASES = sorted((Path(__file__).parent.parent / "cases" / "invalid").iterdir())


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_invalid_case_reports_expected_problem(case: Path):
    expected = json.loads((case / "expected.json").read_text())
    checked = check([case])
    problems = checked.warnings if expected.get("severity") == "warning" else checked.problems
    matching = [problem for problem in problems if problem.code == expected["code"]]
    assert matching, f"expected {expected['code']}, got {[problem.code for problem in problems]}"
    problem = matching[0]
    assert Path(problem.file).name == expected["file"]
    assert (problem.line, problem.column) == (expected["line"], expected["column"])
    if "field" in expected:
        assert problem.field == expected["field"]
    assert problem.message and "Traceback" not in problem.message


@pytest.mark.parametrize("code", sorted(CODES.values(), key=lambda code: code.name), ids=lambda code: code.name)
def test_every_code_has_a_case(code):
    """Made from the registry: a case folder reporting the code, or the named test that makes the case."""
    if "::" in code.case:
        test_file, test_name = code.case.split("::")
        source = (ROOT / test_file).read_text(encoding="utf-8")
        assert f"def {test_name}(" in source and f"{code.name}" in source, code.case
        return
    folder = Path(__file__).parent.parent / "cases" / "invalid" / code.case
    assert json.loads((folder / "expected.json").read_text())["code"] == code.name


def test_every_case_folder_reports_a_registered_code():
    for case in CASES:
        assert json.loads((case / "expected.json").read_text())["code"] in CODES, case.name


def test_a_problem_with_an_unregistered_code_is_a_bug():
    with pytest.raises(ValueError, match=r"not in generator\.problems\.CODES"):
        Problem("x.yaml", 1, 1, "no-such-code", "", "message")
