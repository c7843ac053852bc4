"""The benchmark's synthetic records: deterministic, and their evidence compresses like the real one."""

from __future__ import annotations

import gzip
import json

import yaml

from generator import synthetic
from helpers import shared_data_or_skip

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
