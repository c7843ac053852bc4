"""The pipeline's JSON -> records: codes, authors, provenance, redaction, malformed entries."""

import json
from pathlib import Path

import pytest

from generator import pipeline

FIXTURE = Path(__file__).parent.parent / "fixtures" / "pipeline" / "ICLR_2099.json"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Ada Alpha; Bob Beta; Cy Gamma", ["Ada Alpha", "Bob Beta", "Cy Gamma"]),
        ("Dee Delta, Eve Epsilon, and Fay Zeta", ["Dee Delta", "Eve Epsilon", "Fay Zeta"]),
        ("Ian Goodfellow and Oriol Vinyals", ["Ian Goodfellow", "Oriol Vinyals"]),
        ("[code] [data]\nGus Eta, Hal Theta", ["Gus Eta", "Hal Theta"]),
        ("Solo  Author", ["Solo Author"]),
    ],
)
def test_split_authors(text, names):
    assert pipeline.split_authors(text) == names


@pytest.mark.parametrize(
    ("variable", "code", "result"),
    [
        ("research_type", 0, "Experimental"),
        ("research_type", 1, "Theoretical"),
        ("researcher_affiliation", 0, "Academia"),
        ("researcher_affiliation", 1, "Collaboration"),
        ("researcher_affiliation", 2, "Industry"),
        ("pseudocode", 1, "Yes"),
        ("open_datasets", 0, "No"),
    ],
)
def test_codes(variable, code, result):
    assert pipeline.result_for_code(variable, code) == result


@pytest.mark.parametrize(("variable", "code"), [("pseudocode", 2), ("research_type", True), ("pseudocode", "1")])
def test_unknown_codes_are_errors(variable, code):
    with pytest.raises(ValueError):
        pipeline.result_for_code(variable, code)


def test_fixture_run():
    run = json.loads(FIXTURE.read_text())
    records, skipped = pipeline.records_from_pipeline(run, lambda key: ("ICLR", 2099))
    assert sorted(records) == [
        "alpha_networks_for_testing__0a1b2c3d",
        "gamma_rays_with_code__deadbeef",
        "on_the_theory_of_beta__11223344",
    ]
    assert skipped == [("broken_entry__cafebabe", "researcher_affiliation: result code 7 is not one of 0, 1, 2, -1")]
    alpha = records["alpha_networks_for_testing__0a1b2c3d"]
    assert alpha["links"] == {"archive_pdf": "https://arxiv.org/pdf/2099.00001.pdf"}
    assert alpha["variables"]["researcher_affiliation"]["evidence"] == (
        "Ada Alpha EMAIL University of Nowhere; Google Research"
    )
    assert alpha["variables"]["researcher_affiliation"]["result"] == "Collaboration"
    run_id = f"gemini-2-5-flash-{pipeline.questions_version(run).removeprefix('sha256:')}"
    assert alpha["provenance"] == {
        "method": "llm",
        "run": run_id,
        "pipeline_key": "alpha_networks_for_testing__0a1b2c3d",
    }
    assert pipeline.run_facts(run) == {
        "id": run_id,
        "method": "llm",
        "source": "https://reproducibilityindex.ai",
        "model": "gemini-2.5-flash",
        "temperature": None,
        "top_p": None,
        "questions_version": pipeline.questions_version(run),
        "prompt": run["prompt"],
        "questions": run["questions"],
    }
    gamma = records["gamma_rays_with_code__deadbeef"]
    assert gamma["variables"]["researcher_affiliation"]["result"] == "Industry"
    assert gamma["links"] == {"conference_pdf": "https://example.org/gamma.pdf"}


def test_questions_version_changes_with_questions():
    assert pipeline.questions_version({"questions": "a"}) != pipeline.questions_version({"questions": "b"})
