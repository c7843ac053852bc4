"""Statistics: papers -> the aggregates the site shows (editions, venues, variables, distributions).

Pure functions from ``Paper`` values to numbers; no file I/O, no clock. Edition metrics follow the
AI Reproducibility Index: aggregates over empirical (Experimental) papers only, except the paper
count and the share of empirical papers. Each mean comes with a 95% percentile-bootstrap interval
(2,000 resamples) so that a small edition is not over-read. The resampling uses a fixed seed, so
the same records give the same intervals.

All the quantities averaged here take few distinct values (a documentation score 0..7, a Yes/No
share, a reproducibility score of 0, 0.33 or 0.86), so a bootstrap resample is drawn as a
multinomial over the observed values' counts: the same distribution as resampling the papers,
at a cost independent of the number of papers.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy

from generator import model
from generator.model import YES, Paper

BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20250101
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Estimate:
    """A mean with its 95% bootstrap interval; ``None`` fields when there is no paper."""

    mean: float | None
    low: float | None
    high: float | None
    n: int


def bootstrap_mean(values: Iterable[float], seed: int = BOOTSTRAP_SEED) -> Estimate:
    values = list(values)
    if not values:
        return Estimate(None, None, None, 0)
    counts = Counter(values)
    distinct = numpy.array(sorted(counts), dtype=float)
    probabilities = numpy.array([counts[value] for value in sorted(counts)], dtype=float) / len(values)
    generator = numpy.random.default_rng(seed)
    resampled_counts = generator.multinomial(len(values), probabilities, size=BOOTSTRAP_RESAMPLES)
    means = resampled_counts @ distinct / len(values)
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = numpy.percentile(means, [tail, 100 - tail])
    return Estimate(sum(values) / len(values), float(low), float(high), len(values))


def is_empirical(paper: Paper) -> bool:
    return paper.results["research_type"] == "Experimental"


def has_industry_author(paper: Paper) -> bool:
    return paper.results["researcher_affiliation"] in ("Industry", "Collaboration")


def yes(paper: Paper, key: str) -> float:
    return 1.0 if paper.results[key] == YES else 0.0


@dataclass(frozen=True)
class GroupMetrics:
    """The Index's metrics for a group of papers (an edition, a venue, or all)."""

    papers: int
    empirical: int
    share_empirical: float | None
    share_industry: float | None  # of empirical papers with an industry or collaboration author
    documentation: Estimate  # mean documentation score (k of 7), empirical papers
    median_documentation: float | None
    datasets: Estimate  # share of empirical papers with open datasets
    code: Estimate  # share of empirical papers with open source code
    reproducibility: Estimate  # mean reproducibility score, empirical papers


def group_metrics(papers: list[Paper]) -> GroupMetrics:
    empirical = [paper for paper in papers if is_empirical(paper)]
    documentation_scores = [paper.documentation_score for paper in empirical]
    return GroupMetrics(
        papers=len(papers),
        empirical=len(empirical),
        share_empirical=len(empirical) / len(papers) if papers else None,
        share_industry=sum(map(has_industry_author, empirical)) / len(empirical) if empirical else None,
        documentation=bootstrap_mean(documentation_scores),
        median_documentation=statistics.median(documentation_scores) if documentation_scores else None,
        datasets=bootstrap_mean(yes(paper, "open_datasets") for paper in empirical),
        code=bootstrap_mean(yes(paper, "open_source_code") for paper in empirical),
        reproducibility=bootstrap_mean(paper.reproducibility_score for paper in empirical),
    )


def group_by(papers: list[Paper], key: Callable[[Paper], object]) -> dict:
    groups: dict = {}
    for paper in papers:
        groups.setdefault(key(paper), []).append(paper)
    return dict(sorted(groups.items()))


def venue_of(paper: Paper) -> str:
    return paper.venue


def year_of(paper: Paper) -> int:
    return paper.year


def editions(papers: list[Paper]) -> dict[tuple[str, int], list[Paper]]:
    return group_by(papers, lambda paper: (venue_of(paper), year_of(paper)))


def yes_share(papers: list[Paper], key: str) -> float | None:
    """Share of Yes among the papers for which the question applies (N/A left out)."""
    counts = Counter(paper.results[key] for paper in papers)
    applicable = len(papers) - counts[model.NOT_APPLICABLE]
    return counts[YES] / applicable if applicable else None


def yes_shares(papers: list[Paper]) -> dict[str, float | None]:
    return {variable.key: yes_share(papers, variable.key) for variable in model.yes_no_variables()}


def score_distribution(papers: list[Paper]) -> dict[int, int]:
    counts = Counter(paper.documentation_score for paper in papers)
    return {score: counts.get(score, 0) for score in range(model.max_documentation_score() + 1)}


def code_by_affiliation(papers: list[Paper]) -> dict[str, tuple[int, float | None]]:
    """Affiliation -> (papers, share with open source code)."""
    affiliations = model.variables_by_key()["researcher_affiliation"].results
    grouped = group_by(papers, lambda paper: paper.result("researcher_affiliation"))
    return {
        affiliation: (len(grouped.get(affiliation, [])), yes_share(grouped.get(affiliation, []), "open_source_code"))
        for affiliation in affiliations
    }


# --- Agreement between the classifier and people (the Accuracy page) ---------------------------


@dataclass(frozen=True)
class Agreement:
    """How far the language model agrees with people on one variable, over reviewed papers.

    ``f1`` is F1 for Yes on the Yes/No/N/A variables and macro-F1 (the mean of each class's F1)
    on the multi-class ones; precision and recall are for Yes (``None`` for multi-class).
    ``confusion[person's result][model's result]`` counts papers. Intervals: 95% percentile
    bootstrap over papers (2,000 resamples, fixed seed).
    """

    variable: str
    n: int
    accuracy: Estimate
    precision: float | None
    recall: float | None
    f1: Estimate
    f1_kind: str
    kappa: Estimate
    confusion: dict[str, dict[str, int]]


def _f1_yes(truth: numpy.ndarray, predicted: numpy.ndarray, yes: int) -> float:
    true_positive = numpy.sum((predicted == yes) & (truth == yes))
    predicted_yes, actual_yes = numpy.sum(predicted == yes), numpy.sum(truth == yes)
    return 0.0 if predicted_yes + actual_yes == 0 else float(2 * true_positive / (predicted_yes + actual_yes))


def _macro_f1(truth: numpy.ndarray, predicted: numpy.ndarray, classes: int) -> float:
    present = [label for label in range(classes) if numpy.any(truth == label) or numpy.any(predicted == label)]
    return float(numpy.mean([_f1_yes(truth, predicted, label) for label in present])) if present else 0.0


def _kappa(truth: numpy.ndarray, predicted: numpy.ndarray, classes: int) -> float:
    observed = float(numpy.mean(truth == predicted))
    expected = sum(
        float(numpy.mean(truth == label)) * float(numpy.mean(predicted == label)) for label in range(classes)
    )
    return 1.0 if expected == 1.0 else (observed - expected) / (1 - expected)


def _bootstrap(metric, truth: numpy.ndarray, predicted: numpy.ndarray, value: float) -> Estimate:
    generator = numpy.random.default_rng(BOOTSTRAP_SEED)
    samples = generator.integers(0, len(truth), size=(BOOTSTRAP_RESAMPLES, len(truth)))
    values = numpy.array([metric(truth[sample], predicted[sample]) for sample in samples])
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = numpy.percentile(values, [tail, 100 - tail])
    return Estimate(value, float(low), float(high), len(truth))


def agreement(variable: model.Variable, pairs: list[tuple[str, str]]) -> Agreement:
    """``pairs`` holds (model's result, person's result) for each reviewed paper."""
    classes = variable.results
    code = {result: index for index, result in enumerate(classes)}
    predicted = numpy.array([code[model_result] for model_result, _ in pairs], dtype=int)
    truth = numpy.array([code[person_result] for _, person_result in pairs], dtype=int)
    confusion = {person: {said: 0 for said in classes} for person in classes}
    for model_result, person_result in pairs:
        confusion[person_result][model_result] += 1
    if not pairs:
        empty = Estimate(None, None, None, 0)
        return Agreement(variable.key, 0, empty, None, None, empty, "", empty, confusion)
    yes = code.get(YES)
    if yes is not None:
        f1_kind = "F1 for Yes"

        def f1(t, p):
            return _f1_yes(t, p, yes)

        predicted_yes, actual_yes = numpy.sum(predicted == yes), numpy.sum(truth == yes)
        true_positive = numpy.sum((predicted == yes) & (truth == yes))
        precision = float(true_positive / predicted_yes) if predicted_yes else None
        recall = float(true_positive / actual_yes) if actual_yes else None
    else:
        f1_kind, precision, recall = "macro-F1", None, None

        def f1(t, p):
            return _macro_f1(t, p, len(classes))

    def accuracy(t, p):
        return float(numpy.mean(t == p))

    def kappa(t, p):
        return _kappa(t, p, len(classes))

    return Agreement(
        variable.key,
        len(pairs),
        _bootstrap(accuracy, truth, predicted, accuracy(truth, predicted)),
        precision,
        recall,
        _bootstrap(f1, truth, predicted, f1(truth, predicted)),
        f1_kind,
        _bootstrap(kappa, truth, predicted, kappa(truth, predicted)),
        confusion,
    )


def agreements(papers: list[Paper]) -> list[Agreement]:
    """One ``Agreement`` per variable, over every paper a person reviewed for it."""
    return [
        agreement(variable, [paper.reviews[variable.key] for paper in papers if variable.key in paper.reviews])
        for variable in model.variables()
    ]
