"""Agreement between the language model and people: metrics by hand, reviews in the model."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from generator import model, overview, package, statistics
from generator.checking import check, papers_from
from helpers import FIXTURES, run_generator, shared_data_or_skip


def test_agreement_by_hand():
    # (model, person): YY, NY, NN, YN, YY -> accuracy 3/5; of 3 model Yes 2 right (precision 2/3);
    # of 3 person Yes 2 found (recall 2/3); F1 2/3; kappa: p_o 0.6, p_e 0.6*0.6 + 0.4*0.4 = 0.52 -> 1/6.
    variable = model.variables_by_key()["pseudocode"]
    result = statistics.agreement(
        variable, [("Yes", "Yes"), ("No", "Yes"), ("No", "No"), ("Yes", "No"), ("Yes", "Yes")]
    )
    assert result.n == 5
    assert result.accuracy.mean == pytest.approx(0.6)
    assert result.precision == pytest.approx(2 / 3) and result.recall == pytest.approx(2 / 3)
    assert result.f1.mean == pytest.approx(2 / 3) and result.f1_kind == "F1 for Yes"
    assert result.kappa.mean == pytest.approx((0.6 - 0.52) / 0.48)
    assert result.confusion["Yes"] == {"Yes": 2, "No": 1, "N/A": 0}
    assert result.accuracy.low <= 0.6 <= result.accuracy.high


def test_macro_f1_by_hand():
    # Academia: F1 1; Industry (model said it once, never a person): 0; Collaboration: 2*1/(1+2) = 2/3.
    variable = model.variables_by_key()["researcher_affiliation"]
    pairs = [("Academia", "Academia"), ("Industry", "Collaboration"), ("Collaboration", "Collaboration")]
    result = statistics.agreement(variable, pairs)
    assert result.f1.mean == pytest.approx((1 + 0 + 2 / 3) / 3) and result.f1_kind == "macro-F1"
    assert result.precision is None


def test_reviewed_result_is_published_and_unreviewed_records_are_unchanged():
    papers = {paper.id: paper for paper in papers_from(check([FIXTURES / "records"]).loaded)}
    euler = papers["euler-2024-bounds"]
    assert euler.reviews == {"open_source_code": ("No", "Yes")}
    assert euler.result("open_source_code") == "Yes"
    assert euler.documentation_score == 2  # pseudocode and the reviewed open code
    assert all(not paper.reviews for paper_id, paper in papers.items() if paper_id != "euler-2024-bounds")
    assert papers["zhou-2023-three-regime"].documentation_score == 5


def test_accuracy_page_and_csv_from_fixture_review():
    papers = papers_from(check([FIXTURES / "records"]).loaded)
    page = overview.render_accuracy_page(papers)
    assert "over the **1 papers** with reviews" in page
    rows = list(csv.DictReader(package.accuracy_csv(papers).decode().splitlines()))
    code = next(row for row in rows if row["variable"] == "open_source_code")
    assert (code["papers"], code["accuracy"]) == ("1", "0.0000")
    assert next(row for row in rows if row["variable"] == "pseudocode")["papers"] == "0"


def test_created_comes_from_source_date_epoch_only():
    assert package.created_timestamp({"SOURCE_DATE_EPOCH": "1767225600"}) == "2026-01-01T00:00:00Z"
    assert package.created_timestamp({}) is None
    descriptor = package.datapackage_descriptor("1.0", "2026-01-01T00:00:00Z")
    assert descriptor["created"] == "2026-01-01T00:00:00Z"
    assert descriptor["recordSchema"]["version"] == "1.1"
    assert descriptor["licenses"] and descriptor["sources"]
    assert "created" not in package.datapackage_descriptor("1.0")


LABEL_COLUMNS = {"pseudocode": "pseudocode", "open_datasets": "train"}


def hand_computed(llm_csv: Path, manual_csv: Path, column: str) -> dict[str, float]:
    """Accuracy, precision, recall, F1 (Yes = 1) and kappa straight from the two CSV files."""
    llm = {row["filename"]: row[column] for row in csv.DictReader(llm_csv.open())}
    person = {row["filename"]: row[column] for row in csv.DictReader(manual_csv.open())}
    pairs = [(int(llm[key]), int(person[key])) for key in person if person[key] != "" and llm.get(key, "") != ""]
    n = len(pairs)
    both_yes = sum(1 for said, truth in pairs if said == 1 and truth == 1)
    said_yes = sum(1 for said, _ in pairs if said == 1)
    truly_yes = sum(1 for _, truth in pairs if truth == 1)
    agreed = sum(1 for said, truth in pairs if said == truth)
    chance = (said_yes / n) * (truly_yes / n) + (1 - said_yes / n) * (1 - truly_yes / n)
    return {
        "papers": n,
        "accuracy": agreed / n,
        "precision": both_yes / said_yes,
        "recall": both_yes / truly_yes,
        "f1": 2 * both_yes / (said_yes + truly_yes),
        "kappa": (agreed / n - chance) / (1 - chance),
    }


@pytest.mark.slow
def test_real_validation_set_figures_match_a_hand_computation(tmp_path):
    data = shared_data_or_skip() / "evaluation"
    out = tmp_path / "records"
    result = run_generator("import", str(data), "--out", str(out))
    assert result.returncode == 0, result.stdout
    assert "llm_eval.json: 160 papers written" in result.stdout
    assert "manual_eval.csv: 160 papers written" in result.stdout
    papers = papers_from(check([out]).loaded)
    assert len(papers) == 160 and all(len(paper.reviews) == 9 for paper in papers)
    agreements = {item.variable: item for item in statistics.agreements(papers)}
    for variable, column in LABEL_COLUMNS.items():
        expected = hand_computed(data / "llm_eval.csv", data / "manual_eval.csv", column)
        item = agreements[variable]
        assert item.n == expected["papers"]
        assert item.accuracy.mean == pytest.approx(expected["accuracy"])
        assert item.precision == pytest.approx(expected["precision"])
        assert item.recall == pytest.approx(expected["recall"])
        assert item.f1.mean == pytest.approx(expected["f1"])
        assert item.kappa.mean == pytest.approx(expected["kappa"])
    page = overview.render_accuracy_page(papers)
    assert "over the **160 papers** with reviews" in page
    pseudocode = hand_computed(data / "llm_eval.csv", data / "manual_eval.csv", "pseudocode")
    assert f"<tr><td>Pseudocode</td><td>160</td><td>{pseudocode['accuracy'] * 100:.0f}% [" in page
