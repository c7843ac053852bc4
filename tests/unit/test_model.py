"""Variables come from schema.json; the two scores follow their definitions."""

import copy

import pytest

from generator import model

BASE = {"variables": {variable.key: {"result": variable.results[0], "evidence": "e"} for variable in model.variables()}}


def with_results(**results):
    record = copy.deepcopy(BASE)
    for key in model.yes_no_variables():
        record["variables"][key.key]["result"] = "No"
    for key, result in results.items():
        record["variables"][key]["result"] = result
    return record


def test_nine_variables_in_schema_order_with_labels():
    assert [variable.label for variable in model.variables()] == [
        "Research Type",
        "Researcher Affiliation",
        "Pseudocode",
        "Open Source Code",
        "Open Datasets",
        "Dataset Splits",
        "Hardware Specification",
        "Software Dependencies",
        "Experiment Setup",
    ]
    # N/A: the classifier gave no answer (pipeline code -1), as the Index shows it
    assert model.variables_by_key()["research_type"].results == ("Experimental", "Theoretical", "N/A")
    affiliations = ("Academia", "Industry", "Collaboration", "N/A")
    assert model.variables_by_key()["researcher_affiliation"].results == affiliations
    assert len(model.yes_no_variables()) == 7
    assert all(variable.results == ("Yes", "No", "N/A") for variable in model.yes_no_variables())


@pytest.mark.parametrize(
    ("results", "documentation", "reproducibility"),
    [
        ({}, 0, 0.0),
        ({"open_source_code": "Yes", "open_datasets": "Yes"}, 2, 0.86),
        ({"open_datasets": "Yes"}, 1, 0.33),
        ({"open_source_code": "Yes"}, 1, 0.0),
        ({"open_source_code": "Yes", "open_datasets": "N/A"}, 1, 0.0),
        ({key.key: "Yes" for key in model.yes_no_variables()}, 7, 0.86),
        ({"pseudocode": "N/A", "experiment_setup": "Yes"}, 1, 0.0),
    ],
)
def test_scores(results, documentation, reproducibility):
    record = with_results(**results)
    assert model.documentation_score(record) == documentation
    assert model.reproducibility_score(record) == reproducibility


def test_link_labels_match_the_report_pages():
    assert model.link_labels() == {
        "conference_pdf": "Conference PDF",
        "archive_pdf": "Archive PDF",
        "venue_pdf": "Venue PDF",
        "plain_text": "Plain Text",
        "code": "Code",
        "llm_run": "LLM Run Details",
    }
