"""The benchmark's synthetic records: deterministic, valid, their evidence compresses like the real
one, and a person reviewed about as many of them, with about as much agreement, as in the Index."""

from __future__ import annotations

import gzip
import json

import yaml

from generator import model, statistics, synthetic
from generator.bench import write_records
from helpers import run_generator, shared_data_or_skip

# gzip (level 6) of the real evidence of 459 papers (ICLR 2014-2016, ICML 2014): 3.17 to 1 as one
# text, 1.99 to 1 paper by paper; the synthetic evidence must stay within 15% of both.
REAL_WHOLE, REAL_PER_PAPER = 3.17, 1.99


def ratios(paper_texts: list[bytes]) -> tuple[float, float]:
    """(gzip ratio of all the papers' evidence as one text, the same summed over papers one by one)."""
    whole = b"\n".join(paper_texts)
    per_paper = sum(len(gzip.compress(text, 6, mtime=0)) for text in paper_texts)
    return len(whole) / len(gzip.compress(whole, 6, mtime=0)), sum(map(len, paper_texts)) / per_paper


def synthetic_evidence(count: int) -> list[bytes]:
    texts = []
    for _, text in synthetic.synthetic_records(count, 1):
        record = yaml.load(text, Loader=yaml.CSafeLoader)
        texts.append("\n".join(item.get("evidence", "") for item in record["variables"].values()).encode())
    return texts


def test_the_same_seed_gives_the_same_records_and_another_seed_others():
    first = list(synthetic.synthetic_records(50, 1))
    assert first == list(synthetic.synthetic_records(50, 1))
    assert first != list(synthetic.synthetic_records(50, 2))


def test_synthetic_evidence_compresses_like_the_real_evidence():
    whole, per_paper = ratios(synthetic_evidence(1000))
    assert abs(whole / REAL_WHOLE - 1) < 0.15, whole
    assert abs(per_paper / REAL_PER_PAPER - 1) < 0.15, per_paper


def test_synthetic_evidence_keeps_the_real_length():
    texts = synthetic_evidence(1000)
    assert 1_900 < sum(map(len, texts)) / len(texts) < 2_400  # the real: about 2.1 kB a paper


def test_the_real_ratios_are_the_ones_measured():
    """The figures above, measured again on the pipeline's own files when they are present."""
    results = shared_data_or_skip() / "results"
    texts = []
    for path in sorted(results.glob("*.json")):
        for value in json.loads(path.read_text(encoding="utf-8")).values():
            if isinstance(value, dict) and "title" in value:
                answers = [item["paper_text"] for item in value.values() if isinstance(item, dict)]
                texts.append("\n".join(answers).encode())
    whole, per_paper = ratios(texts)
    assert (round(whole, 2), round(per_paper, 2)) == (REAL_WHOLE, REAL_PER_PAPER)


def reviewed_papers(count: int, review_every: int = synthetic.REVIEW_EVERY) -> list[model.Paper]:
    texts = (text for _, text in synthetic.synthetic_records(count, 1, review_every))
    papers = (model.paper_from_record(yaml.load(text, Loader=yaml.CSafeLoader)) for text in texts)
    return [paper for paper in papers if paper.reviews]


def test_a_person_reviewed_about_160_papers_in_57000_and_a_few_in_a_small_set():
    assert 155 <= sum(synthetic.is_reviewed(number) for number in range(57_000)) <= 165
    assert len(reviewed_papers(10)) == 3
    reviewed = reviewed_papers(1000)
    assert len(reviewed) == 5  # the first three, and numbers 356 and 712
    # every variable, in the importer's form for a labels table
    assert all(len(paper.reviews) == len(model.variables()) for paper in reviewed)
    assert {
        assessment["reviewed"]["by"] for paper in reviewed for assessment in paper.record["variables"].values()
    } == {"validation set"}


def test_reviews_leave_the_rest_of_the_records_as_they_were():
    with_reviews = synthetic.synthetic_records(400, 1)
    without = synthetic.synthetic_records(400, 1, review_every=0)
    reviewed = 0
    for (record_id, text), (other_id, other_text) in zip(with_reviews, without, strict=True):
        assert record_id == other_id
        reviewed += "reviewed:" in text
        record, other = yaml.load(text, Loader=yaml.CSafeLoader), yaml.load(other_text, Loader=yaml.CSafeLoader)
        for assessment in record["variables"].values():
            assessment.pop("reviewed", None)
        assert record == other
    assert reviewed == 4  # numbers 0, 1, 2 and 356


def test_people_agree_with_the_classifier_as_in_the_validation_set():
    papers = reviewed_papers(2000, review_every=1)
    for item in statistics.agreements(papers):
        assert item.n == 2000
        assert abs(item.accuracy.mean - synthetic.AGREEMENT[item.variable]) < 0.025, item.variable
    setup = next(item for item in statistics.agreements(papers) if item.variable == "experiment_setup")
    assert 0.7 < setup.accuracy.mean < 0.9  # the least certain variable, as in the real set


def test_synthetic_records_with_reviews_are_valid(tmp_path):
    write_records(tmp_path / "records", 800)
    assert len([path for path in (tmp_path / "records").glob("*.yaml") if "reviewed:" in path.read_text()]) == 5
    result = run_generator("validate", str(tmp_path / "records"))
    assert result.returncode == 0, result.stdout + result.stderr
