"""Synthetic records for the benchmark: N realistic, valid, varied records from a seed.

``synthetic_records(count, seed)`` yields ``(id, yaml text)`` pairs. Pure and deterministic: the
same count and seed give the same records. Everything varies: title length and words, the
number of authors and their names, venue and year (AAAI, ICLR, ICML, IJCAI, NeurIPS, 2014-2025),
results with the rough frequencies of the real index, theoretical papers with N/A answers,
evidence and links for most papers.

The sizes follow the Index's pipeline output (its per venue-year JSON files
and the figures for all 56,800 papers): evidence of about 240 characters per variable
(median 188, 99th percentile about 1,000), so about 2.1 kB per paper (99th percentile 3.9 kB),
with a rare paper (one in 5,000) whose one evidence is 30,000-105,000 characters, as long as the
schema allows; 4 authors on average (99th percentile 9), one paper in 10,000 with 20-69;
titles of about 67 characters, at most 192.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator

from generator import model
from generator.serialise import SCHEMA_COMMENT, make_id

VENUES = ("AAAI", "ICLR", "ICML", "IJCAI", "NeurIPS")
YEARS = range(2014, 2026)
FIRST_NAMES = (
    "Ada Alan Grace Yann Yoshua Geoffrey Fei-Fei Andrew Daphne Michael Jürgen Demis Ilya Oriol Kaiming "
    "Ross Jian Xiaoou Mei Sanjeev Percy Chelsea Sergey Pieter Emma Zoubin Bernhard Max Tamara Kate Rich "
    "Anima Joëlle Doina Shakir Nando Raia Timnit Margaret Hanna Cynthia Moritz Ludwig Ruslan Quoc Samy "
    "Ian Diederik Durk Tim Lihong"
).split()
SURNAMES = (
    "Lovelace Turing Hopper LeCun Bengio Hinton Li Ng Koller Jordan Schmidhuber Hassabis Sutskever "
    "Vinyals He Girshick Sun Tang Chen Arora Liang Finn Levine Abbeel Brunskill Ghahramani Schölkopf "
    "Welling Broderick Saenko Sutton Anandkumar Pineau Precup Mohamed Freitas Hadsell Gebru Mitchell "
    "Wallach Dwork Hardt Schmidt Salakhutdinov Le Bengio Goodfellow Kingma Salimans Dziugaite Frankle "
    "Carbin Zhou Yang Mahoney Kempe"
).split()
TITLE_WORDS = (
    "learning deep neural networks pruning sparse robust efficient scalable graph attention transformers "
    "reinforcement policy gradient bayesian inference variational generative adversarial diffusion models "
    "representation contrastive self-supervised federated optimization convergence stochastic bounds "
    "kernel causal fairness privacy language vision multimodal benchmark datasets calibration uncertainty "
    "meta continual transfer few-shot embeddings retrieval planning exploration theory analysis "
    "generalization"
).split()
EVIDENCE_SENTENCES = (
    "We evaluate on CIFAR-10, CIFAR-100 and ImageNet using the standard splits.",
    "Our code is available at https://github.com/example/project.",
    "The paper does not provide specific hardware details such as GPU models.",
    "Experiments were run on 8 NVIDIA V100 GPUs with 32 GB of memory.",
    "We use PyTorch 1.13 and CUDA 11.6; other dependencies are listed in the appendix.",
    "Hyperparameters: learning rate 0.1, batch size 128, 200 epochs, weight decay 5e-4.",
    "Algorithm 1 summarises the procedure in pseudocode.",
    "The paper mentions a validation set but does not specify how it was split.",
    "Department of Computer Science, University of Somewhere; Example Research Lab.",
    "We prove the bound in Theorem 2 and give no experiments.",
    "Table 3 lists the settings for each dataset, including the number of training iterations.",
    "The authors state that code will be released upon publication, but no link is given.",
)
PROBABILITY_YES = {
    "pseudocode": 0.45,
    "open_source_code": 0.35,
    "open_datasets": 0.8,
    "dataset_splits": 0.45,
    "hardware_specification": 0.35,
    "software_dependencies": 0.15,
    "experiment_setup": 0.85,
}


def evidence_limit() -> int:
    """The longest evidence the schema accepts."""
    return model.load_schema()["$defs"]["evidence"]["maxLength"]


def _evidence(generator: random.Random, length: int | None = None) -> str:
    if length is None:  # median 188 characters, mean ~240, 99th percentile ~1,000: the real index's
        length = min(int(generator.lognormvariate(5.24, 0.70)), 2400)
    sentences, written = [], 0
    while written < length:
        sentence = generator.choice(EVIDENCE_SENTENCES)
        sentences.append(sentence)
        written += len(sentence) + 1
    return " ".join(sentences)[: max(length, 1)].strip() or "Evidence."


def _author_count(generator: random.Random) -> int:
    if generator.random() < 1 / 10_000:  # the rare consortium paper (the real maximum is 69)
        return generator.randint(20, 69)
    # 1 + Poisson(3): mean 4, 99th percentile 9, as the real index
    count, threshold, product = 0, 2.718281828459045**-3, generator.random()
    while product > threshold:
        count += 1
        product *= generator.random()
    return 1 + count


def _record(generator: random.Random, number: int, long_evidence: int) -> dict:
    theoretical = generator.random() < 0.06
    authors = [f"{generator.choice(FIRST_NAMES)} {generator.choice(SURNAMES)}" for _ in range(_author_count(generator))]
    # ~67 characters on average as real titles (words of ~8.7 characters), at most 192
    words = [generator.choice(TITLE_WORDS) for _ in range(generator.randint(3, 10))]
    suffix = f" {number}"
    title = (" ".join(words).capitalize()[: 192 - len(suffix)]).rstrip() + suffix
    huge = generator.random() < 1 / 5_000  # one evidence of 30,000-105,000 characters
    huge_key = generator.choice([variable.key for variable in model.yes_no_variables()]) if huge else None
    variables = {
        "research_type": {"result": "Theoretical" if theoretical else "Experimental", "evidence": _evidence(generator)},
        "researcher_affiliation": {
            "result": generator.choices(("Academia", "Collaboration", "Industry"), (0.65, 0.27, 0.08))[0],
            "evidence": _evidence(generator),
        },
    }
    for variable in model.yes_no_variables():
        if theoretical and variable.key not in ("pseudocode", "open_source_code") and generator.random() < 0.7:
            variables[variable.key] = {"result": "N/A"}
            continue
        result = "Yes" if generator.random() < PROBABILITY_YES.get(variable.key, 0.5) else "No"
        length = min(generator.randint(30_000, 105_000), long_evidence) if variable.key == huge_key else None
        variables[variable.key] = {"result": result, "evidence": _evidence(generator, length)}
    record = {
        "title": title,
        "authors": authors,
        "venue": generator.choice(VENUES),
        "year": generator.choice(YEARS),
    }
    if generator.random() < 0.8:
        record["links"] = {"archive_pdf": f"https://arxiv.org/pdf/{generator.randint(1400, 2512)}.{number:05d}"}
    record["variables"] = variables
    record["provenance"] = {
        "method": "llm",
        "model": "gemini-2.5-flash",
        "questions_version": "sha256:0123456789abcdef",
    }
    return record


def _yaml(value, indent: str = "") -> list[str]:
    """Block YAML with every string as a JSON string (a valid YAML double-quoted scalar):
    ~50x faster than PyYAML's emitter, which matters when writing 100,000 records."""
    lines = []
    for key, item in value.items():
        if isinstance(item, dict):
            lines.append(f"{indent}{key}:")
            lines += _yaml(item, indent + "  ")
        elif isinstance(item, list):
            lines.append(f"{indent}{key}:")
            lines += [f"{indent}  - {json.dumps(element, ensure_ascii=False)}" for element in item]
        else:
            lines.append(f"{indent}{key}: {json.dumps(item, ensure_ascii=False)}")
    return lines


def synthetic_records(count: int, seed: int = 1) -> Iterator[tuple[str, str]]:
    generator = random.Random(seed)
    taken: set[str] = set()
    long_evidence = evidence_limit()
    for number in range(count):
        record = _record(generator, number, long_evidence)
        record_id = make_id(record, taken)
        taken.add(record_id)
        yield record_id, SCHEMA_COMMENT + "\n".join(_yaml({"id": record_id, **record})) + "\n"
