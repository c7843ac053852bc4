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

Evidence compresses as the real evidence does, so that the sizes of compressed files measured on
synthetic records hold for real ones: gzip shrinks the real evidence of 459 papers 3.2 to 1 as one
text and 2.0 to 1 paper by paper. A text is often one of the sentences the classifier repeats
(``STOCK_SENTENCES``), then sentences of words drawn with Zipf-like frequencies from a built-in
vocabulary (``COMMON_WORDS``, then made-up words standing for names and terms), with numbers.

A person's review, as `generator import` attaches it from a labels table (``reviewed``: result,
``by``), on about 160 papers in 57,000 (one in ``REVIEW_EVERY``, and the first ``REVIEWED_FIRST``,
so that a small set has a few), like the Index's 160-paper validation set: per variable the person
agrees with the classifier as often as in that set (``AGREEMENT``). Reviews draw from a random
source of their own, so the records' other fields are the same with or without them.
"""

from __future__ import annotations

import functools
import itertools
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
# Sentences the classifier repeats from paper to paper: an evidence text often opens with one.
STOCK_SENTENCES = (
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
    "The paper does not provide any concrete access to source code for the methodology described, such as a "
    "repository link or an explicit statement of release.",
    "The paper does not provide specific software dependencies with version numbers needed to replicate the "
    "experiments.",
    "No structured pseudocode or algorithm blocks were found in the paper.",
    "The paper is theoretical and does not describe experiments that would need this information.",
    "The paper does not provide specific dataset split information such as percentages, sample counts or a "
    "citation to predefined splits.",
)
STOCK_SHARE = 0.6  # of evidence texts that open with a stock sentence
# The commonest words of the real evidence's kind, most frequent first; made-up words follow them.
COMMON_WORDS = """
the of and for a we to paper in not does or with on is provide experiments algorithm used training specific
but set as data dataset any our that code it validation from are using university by mentions each test details
models this software datasets learning source all use numbers an model was hardware gpu cpu were at memory
available about number methodology which specify link images described its computer results explicit these
dependencies other size section department pseudocode science running splits describes two algorithms such
performance split parameters network statement be no method state sets information blocks repository over image
rate sample implementation parameter methods train experimental samples trained one their show publicly like
theoretical open access layer cross random both structured contain include concrete version versions library
libraries python pytorch tensorflow theano torch cuda nvidia tesla titan seconds hours epochs batch weight decay
momentum optimizer adam stochastic gradient descent loss function accuracy error baseline baselines benchmark
benchmarks evaluation evaluate evaluated report reported table figure appendix supplementary material detail
exact explicitly provided proposed approach framework architecture convolutional recurrent neural networks deep
layers hidden units dimension dimensional vector matrix features feature classification regression task tasks
domain labels labeled unlabeled supervised unsupervised reinforcement policy reward agent environment games
graph nodes edges kernel linear nonlinear bound bounds theorem lemma proof convex optimization convergence
analysis problem problems solution solutions inference bayesian posterior prior distribution distributions
sampling variational generative adversarial language text words sentence translation speech vision object
detection segmentation mnist cifar imagenet svhn corpus standard common following different several multiple
first second third three four five per into than also can has have been only while where when how then however
therefore thus further more most less between within without under across after before during institute
technology laboratory research google microsoft facebook deepmind inc email com edu usa china uk canada germany
france
""".split()
VOCABULARY_SIZE = 12_000  # real evidence: 11,313 different words in 160,000 (459 papers)
ZIPF_EXPONENT = 1.4  # word of rank r drawn with weight 1 / (r + 2) ** 1.4
NUMBERS = ("1", "2", "3", "5", "10", "50", "64", "100", "128", "256", "1000", "2015", "0.1", "0.9", "0.001")
_ONSETS = "b c d f g h j k l m n p r s t v w z br ch cl cr dr fl gr kr pl pr sh sk sl sp st str th tr".split()
_VOWELS = "a e i o u a e i o ia io ea ou ai".split()
_CODAS = ("", "", "", "n", "r", "s", "l", "t", "m", "nd", "nt", "ng", "rs", "st", "x", "ck")
PROBABILITY_YES = {
    "pseudocode": 0.45,
    "open_source_code": 0.35,
    "open_datasets": 0.8,
    "dataset_splits": 0.45,
    "hardware_specification": 0.35,
    "software_dependencies": 0.15,
    "experiment_setup": 0.85,
}

# A person's review on one paper in REVIEW_EVERY (the Index: 160 of 56,800) and on the first few.
REVIEW_EVERY = 356
REVIEWED_FIRST = 3
REVIEWER = "validation set"  # `generator import`'s default reviewer of a labels table
# How often the person agreed with the classifier in the Index's validation set (160 papers, its
# llm_eval.csv against manual_eval.csv); Experiment Setup is the least certain, as there.
AGREEMENT = {
    "research_type": 1.0,
    "researcher_affiliation": 0.956,
    "pseudocode": 0.944,
    "open_source_code": 0.931,
    "open_datasets": 0.944,
    "dataset_splits": 0.875,
    "hardware_specification": 0.975,
    "software_dependencies": 0.963,
    "experiment_setup": 0.8,
}


def evidence_limit() -> int:
    """The longest evidence the schema accepts."""
    return model.load_schema()["$defs"]["evidence"]["maxLength"]


@functools.cache
def _vocabulary() -> tuple[list[str], list[float]]:
    """The words evidence is made of and their cumulative Zipf weights: ``COMMON_WORDS``, then
    made-up words of one to four syllables (the names, terms and symbols of real evidence), always
    the same ones."""
    generator = random.Random(0)
    words = list(dict.fromkeys(COMMON_WORDS))
    seen = set(words)
    while len(words) < VOCABULARY_SIZE:
        syllables = generator.choice((1, 2, 2, 3, 3, 4))
        word = "".join(
            generator.choice(_ONSETS) + generator.choice(_VOWELS) + generator.choice(_CODAS) for _ in range(syllables)
        )
        if word not in seen:
            seen.add(word)
            words.append(word)
    weights = itertools.accumulate(1 / (rank + 2) ** ZIPF_EXPONENT for rank in range(len(words)))
    return words, list(weights)


def _sentence(generator: random.Random) -> str:
    """6 to 28 words, some of them numbers, capitalised or in capitals, some followed by a comma."""
    words, weights = _vocabulary()
    tokens = []
    for word in generator.choices(words, cum_weights=weights, k=generator.randint(6, 28)):
        draw = generator.random()
        if draw < 0.035:
            word = generator.choice(NUMBERS)
        elif draw < 0.07:
            word = str(generator.randint(0, 5000))
        elif draw < 0.12:
            word = word.capitalize()
        elif draw < 0.14:
            word = word.upper()
        tokens.append(word + "," if generator.random() < 0.06 else word)
    text = " ".join(tokens).rstrip(",")
    return text[0].upper() + text[1:] + "."


def _evidence(generator: random.Random, length: int | None = None) -> str:
    """Evidence text that gzip compresses as much as the real evidence (see ``COMMON_WORDS``): a
    stock sentence in ``STOCK_SHARE`` of the texts, then sentences of Zipf-drawn words."""
    if length is None:  # median 188 characters, mean ~240, 99th percentile ~1,000: the real index's
        length = min(int(generator.lognormvariate(5.24, 0.70)), 2400)
    sentences, written = [], 0
    if generator.random() < STOCK_SHARE:
        sentences.append(generator.choice(STOCK_SENTENCES))
        written += len(sentences[0]) + 1
    while written < length:
        sentence = _sentence(generator)
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


def is_reviewed(number: int, review_every: int = REVIEW_EVERY) -> bool:
    """Whether the ``number``-th synthetic paper carries a person's reviews (none when
    ``review_every`` is 0)."""
    return review_every > 0 and (number < REVIEWED_FIRST or number % review_every == 0)


def _add_reviews(record: dict, generator: random.Random) -> None:
    """A person's result on every variable, the classifier's in ``AGREEMENT`` of the papers, else
    another allowed result (No for a classifier's N/A)."""
    for variable in model.variables():
        assessment = record["variables"][variable.key]
        said = assessment["result"]
        if generator.random() < AGREEMENT[variable.key]:
            result = said
        elif said == "N/A":
            result = "No"
        else:
            result = generator.choice([other for other in variable.results if other not in (said, "N/A")])
        assessment["reviewed"] = {"result": result, "by": REVIEWER}


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


def synthetic_records(count: int, seed: int = 1, review_every: int = REVIEW_EVERY) -> Iterator[tuple[str, str]]:
    """``count`` records; a person reviewed one paper in ``review_every`` and the first few (none
    when it is 0)."""
    generator = random.Random(seed)
    taken: set[str] = set()
    long_evidence = evidence_limit()
    for number in range(count):
        record = _record(generator, number, long_evidence)
        if is_reviewed(number, review_every):
            _add_reviews(record, random.Random(f"reviews {seed} {number}"))
        record_id = make_id(record, taken)
        taken.add(record_id)
        yield record_id, SCHEMA_COMMENT + "\n".join(_yaml({"id": record_id, **record})) + "\n"
