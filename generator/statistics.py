"""Statistics: papers -> the aggregates the site shows (editions, venues, variables, distributions).

Pure functions from ``Paper`` values to numbers and plain frozen dataclasses; no file I/O, no
clock, no global state: the same papers give the same numbers, intervals included. Edition
measures follow the AI Reproducibility Index: aggregates over empirical (Experimental) papers only,
except the paper count and the share of empirical papers. The formulas are written out on the
Methods page (docs/methods.md); each function below says which one it computes.

Intervals (95%):
- a mean (documentation score, its subgroups, a share) has a percentile-bootstrap interval over
  papers (2,000 resamples, fixed seed);
- the reproducibility estimate has an interval that carries the Wilson score intervals of its two
  base rates (6 of 7 and 5 of 15 reproductions, Gundersen et al. 2025) through the weighted sum,
  widened by the bootstrap over papers of the two shares it weights (``reproducibility_estimate``);
- below ``MIN_PAPERS_FOR_INTERVAL`` papers no interval is given (``None``), so pages can say why
  instead of printing a ``[2.00, 2.00]`` that looks like certainty.

All the quantities averaged here take few distinct values (a documentation score 0..7, a Yes/No
share, a sharing class), so a bootstrap resample is drawn as a multinomial over the observed
values' counts: the same distribution as resampling the papers, at a cost independent of the
number of papers.

Series over years leave out the years without papers and group the rest into runs of consecutive
years (``YearSeries.runs``), so a chart never draws a line across a year with no papers.
"""

from __future__ import annotations

import math
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
# Two-sided 95% normal quantile, 1.959963984540054 (the Wilson interval's z).
Z_95 = statistics.NormalDist().inv_cdf(1 - (1 - CONFIDENCE) / 2)
# Below this many papers a group's mean is shown without an interval. A bootstrap over fewer
# papers resamples the same handful of values: with one paper it gives [x, x], with two or three a
# range set by which papers happen to be there; both look more certain than they are. Ten is a
# common rule of thumb for a percentile bootstrap of a mean to start covering near its nominal
# level; one threshold serves every interval on the site (docs/methods.md says so to readers).
MIN_PAPERS_FOR_INTERVAL = 10


@dataclass(frozen=True)
class Estimate:
    """A mean with its 95% interval over ``n`` papers.

    Every field but ``n`` is ``None`` when there is no paper; ``low`` and ``high`` alone are
    ``None`` when the interval is withheld (fewer than ``MIN_PAPERS_FOR_INTERVAL`` papers).
    """

    mean: float | None
    low: float | None
    high: float | None
    n: int

    @property
    def interval_withheld(self) -> bool:
        """True when there is a mean but too few papers for an interval (say so on the page)."""
        return self.mean is not None and self.low is None


def bootstrap_mean(values: Iterable[float], seed: int = BOOTSTRAP_SEED) -> Estimate:
    """The mean and its 95% percentile-bootstrap interval, whatever the number of values."""
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


def group_by(papers: list[Paper], key: Callable[[Paper], object]) -> dict:
    groups: dict = {}
    for paper in papers:
        groups.setdefault(key(paper), []).append(paper)
    return dict(sorted(groups.items()))


def venue_of(paper: Paper) -> str:
    return paper.venue


def year_of(paper: Paper) -> int:
    return paper.year


def mean_with_interval(values: Iterable[float], min_papers: int = MIN_PAPERS_FOR_INTERVAL) -> Estimate:
    """The mean and its 95% bootstrap interval; the interval withheld below ``min_papers`` values."""
    values = list(values)
    if len(values) < min_papers:
        return Estimate(sum(values) / len(values) if values else None, None, None, len(values))
    return bootstrap_mean(values)


def empirical(papers: Iterable[Paper]) -> list[Paper]:
    """The papers the Index's measures are computed over (research type Experimental)."""
    return [paper for paper in papers if is_empirical(paper)]


# --- The reproducibility estimate and its base rates ------------------------------------------


@dataclass(frozen=True)
class BaseRate:
    """A reproduction rate the estimate weights by: ``reproduced`` of ``attempted`` papers.

    ``rate`` is the published value each paper scores (``model.reproducibility_score``), the
    rounded ``reproduced / attempted``; ``interval`` is that fraction's 95% Wilson interval.
    """

    label: str
    rate: float
    reproduced: int
    attempted: int

    @property
    def interval(self) -> tuple[float, float]:
        return wilson_interval(self.reproduced, self.attempted)


# Gundersen et al. (AAAI 2025): of the papers whose reproduction was attempted, 6 of 7 with code
# and data shared were fully or partly reproduced, and 5 of 15 with data shared but not code.
CODE_AND_DATA = BaseRate("Code and data shared", 0.86, 6, 7)
DATA_ONLY = BaseRate("Data shared, code not", 0.33, 5, 15)
NEITHER_LABEL = "Data not shared"


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of ``successes / trials`` (Wilson 1927):

    (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), with p = successes / trials.
    """
    share = successes / trials
    denominator = 1 + z * z / trials
    centre = (share + z * z / (2 * trials)) / denominator
    half_width = z / denominator * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials))
    # at 0 or n successes one end is 0 or 1 in exact arithmetic; clamp away float residue
    return max(0.0, centre - half_width), min(1.0, centre + half_width)


def sharing_class(paper: Paper) -> str:
    """The paper's artifact sharing, as the reproducibility score reads it: the label of
    ``CODE_AND_DATA`` or ``DATA_ONLY``, or ``NEITHER_LABEL`` (data not shared, code or not)."""
    if paper.results["open_datasets"] != YES:
        return NEITHER_LABEL
    return CODE_AND_DATA.label if paper.results["open_source_code"] == YES else DATA_ONLY.label


SHARING_CLASSES = (CODE_AND_DATA.label, DATA_ONLY.label, NEITHER_LABEL)


@dataclass(frozen=True)
class ReproducibilityEstimate:
    """The share of a group's empirical papers expected to reproduce, with its 95% interval.

    ``estimate = code_and_data / n × 0.86 + data_only / n × 0.33`` (the mean of the papers'
    reproducibility scores). ``rates_low`` and ``rates_high`` carry the two base rates' Wilson
    bounds through that sum at the observed shares (the base rates' uncertainty alone); ``low`` and
    ``high`` also take in the papers' sampling uncertainty (see ``reproducibility_estimate``).
    Intervals are ``None`` below ``MIN_PAPERS_FOR_INTERVAL`` papers; everything but the counts
    is ``None`` when there is no empirical paper.
    """

    estimate: float | None
    low: float | None
    high: float | None
    rates_low: float | None
    rates_high: float | None
    n: int
    code_and_data: int
    data_only: int

    @property
    def interval_withheld(self) -> bool:
        return self.estimate is not None and self.low is None


def reproducibility_estimate(
    papers: Iterable[Paper], min_papers: int = MIN_PAPERS_FOR_INTERVAL, seed: int = BOOTSTRAP_SEED
) -> ReproducibilityEstimate:
    """The reproducibility estimate of the empirical papers among ``papers``.

    The interval: the estimate is a weighted sum s₁·r₁ + s₂·r₂ of the shares s of papers with code
    and data (s₁) and with data only (s₂), weighted by the two base rates r. It rises with every
    term, so its lowest value over the rates' Wilson intervals is s₁·L₁ + s₂·L₂ and its highest
    s₁·U₁ + s₂·U₂ (``rates_low``, ``rates_high``). The shares are themselves a sample of papers:
    ``low`` is the 2.5th percentile of s₁*·L₁ + s₂*·L₂ and ``high`` the 97.5th percentile of
    s₁*·U₁ + s₂*·U₂ over 2,000 bootstrap resamples s* of the papers, and never narrower than
    the rates' interval alone. So the interval contains both the rates' interval at the observed
    shares and the bootstrap interval at the published rates.
    """
    group = empirical(papers)
    counts = Counter(sharing_class(paper) for paper in group)
    code_and_data, data_only, n = counts[CODE_AND_DATA.label], counts[DATA_ONLY.label], len(group)
    if not n:
        return ReproducibilityEstimate(None, None, None, None, None, 0, 0, 0)
    estimate = (code_and_data * CODE_AND_DATA.rate + data_only * DATA_ONLY.rate) / n
    if n < min_papers:
        return ReproducibilityEstimate(estimate, None, None, None, None, n, code_and_data, data_only)
    lows = numpy.array([CODE_AND_DATA.interval[0], DATA_ONLY.interval[0]])
    highs = numpy.array([CODE_AND_DATA.interval[1], DATA_ONLY.interval[1]])
    shares = numpy.array([code_and_data, data_only]) / n
    rates_low, rates_high = float(shares @ lows), float(shares @ highs)
    class_counts = numpy.array([code_and_data, data_only, n - code_and_data - data_only], dtype=float)
    resampled = numpy.random.default_rng(seed).multinomial(n, class_counts / n, size=BOOTSTRAP_RESAMPLES)
    resampled_shares = resampled[:, :2] / n
    tail = (1 - CONFIDENCE) / 2 * 100
    low = min(float(numpy.percentile(resampled_shares @ lows, tail)), rates_low)
    high = max(float(numpy.percentile(resampled_shares @ highs, 100 - tail)), rates_high)
    return ReproducibilityEstimate(estimate, low, high, rates_low, rates_high, n, code_and_data, data_only)


# --- Edition measures ----------------------------------------------------------------------------

# The Index's three documentation subgroups, by variable key. Together they hold each Yes/No
# variable once (a test checks it against schema.json), so the three means add up to the mean
# documentation score.
DOCUMENTATION_SUBGROUPS = (
    ("Dataset documentation", ("open_datasets", "dataset_splits")),
    ("Code documentation", ("open_source_code",)),
    ("Other documentation", ("pseudocode", "hardware_specification", "software_dependencies", "experiment_setup")),
)


@dataclass(frozen=True)
class SubgroupMean:
    """The mean number of Yes among a subgroup's variables, per empirical paper, out of ``maximum``
    (the number of variables): the documentation score k/7 restricted to those variables."""

    label: str
    variables: tuple[str, ...]
    maximum: int
    mean: Estimate


@dataclass(frozen=True)
class EditionMeasures:
    """The Index's measures of a group of papers (an edition, a venue, or all).

    ``papers`` counts every paper, ``empirical`` those with research type Experimental;
    ``share_empirical = empirical / papers``; every other measure is over empirical papers:
    ``share_industry`` the share with an Industry or Collaboration affiliation, ``documentation``
    the mean documentation score (k of 7) and ``median_documentation`` its median, ``subgroups``
    the three subgroup means, ``reproducibility`` the reproducibility estimate. Shares are
    ``None`` when their denominator is zero.
    """

    papers: int
    empirical: int
    share_empirical: float | None
    share_industry: float | None
    documentation: Estimate
    median_documentation: float | None
    subgroups: tuple[SubgroupMean, ...]
    reproducibility: ReproducibilityEstimate


def yes_count(paper: Paper, keys: Iterable[str]) -> int:
    """Number of Yes among ``keys`` (N/A and No count 0, as in the documentation score)."""
    return sum(paper.results[key] == YES for key in keys)


def edition_measures(papers: list[Paper], min_papers: int = MIN_PAPERS_FOR_INTERVAL) -> EditionMeasures:
    """The ``EditionMeasures`` of ``papers``; intervals withheld below ``min_papers`` empirical papers."""
    group = empirical(papers)
    scores = [paper.documentation_score for paper in group]
    return EditionMeasures(
        papers=len(papers),
        empirical=len(group),
        share_empirical=len(group) / len(papers) if papers else None,
        share_industry=sum(map(has_industry_author, group)) / len(group) if group else None,
        documentation=mean_with_interval(scores, min_papers),
        median_documentation=statistics.median(scores) if scores else None,
        subgroups=tuple(
            SubgroupMean(
                label, keys, len(keys), mean_with_interval((yes_count(paper, keys) for paper in group), min_papers)
            )
            for label, keys in DOCUMENTATION_SUBGROUPS
        ),
        reproducibility=reproducibility_estimate(group, min_papers),
    )


@dataclass(frozen=True)
class ScoreHistogram:
    """``counts[k]`` empirical papers have documentation score k, for k = 0..``maximum``."""

    counts: tuple[int, ...]
    n: int
    maximum: int


def score_histogram(papers: list[Paper]) -> ScoreHistogram:
    """The documentation scores of the empirical papers among ``papers`` (an edition's histogram)."""
    maximum = model.max_documentation_score()
    counts = Counter(paper.documentation_score for paper in empirical(papers))
    return ScoreHistogram(tuple(counts.get(score, 0) for score in range(maximum + 1)), sum(counts.values()), maximum)


def documented_shares(papers: list[Paper]) -> dict[str, float | None]:
    """Variable key -> share of the empirical papers answered Yes (N/A counts as not Yes, as in the
    documentation score, so a variable's share equals its part of the mean score); ``None``
    without empirical papers. Keys in the schema's order."""
    group = empirical(papers)
    return {
        variable.key: (sum(yes(paper, variable.key) for paper in group) / len(group) if group else None)
        for variable in model.yes_no_variables()
    }


@dataclass(frozen=True)
class VenueShares:
    """A venue's ``documented_shares`` over its ``empirical`` papers."""

    venue: str
    empirical: int
    shares: dict[str, float | None]


def documented_shares_by_venue(papers: list[Paper]) -> tuple[VenueShares, ...]:
    """``documented_shares`` per venue, venues in alphabetical order."""
    return tuple(
        VenueShares(venue, len(empirical(group)), documented_shares(group))
        for venue, group in group_by(papers, venue_of).items()
    )


@dataclass(frozen=True)
class AffiliationMeasures:
    """Empirical papers of one affiliation class: mean documentation score and share with code."""

    affiliation: str
    empirical: int
    documentation: Estimate
    code: Estimate


def by_affiliation(papers: list[Paper], min_papers: int = MIN_PAPERS_FOR_INTERVAL) -> tuple[AffiliationMeasures, ...]:
    """Academia vs industry: one entry per affiliation class in the schema's order (Academia,
    Industry, Collaboration), over the empirical papers; a class without papers has ``None`` means."""
    grouped = group_by(empirical(papers), lambda paper: paper.results["researcher_affiliation"])
    return tuple(
        AffiliationMeasures(
            affiliation,
            len(grouped.get(affiliation, [])),
            mean_with_interval((paper.documentation_score for paper in grouped.get(affiliation, [])), min_papers),
            mean_with_interval((yes(paper, "open_source_code") for paper in grouped.get(affiliation, [])), min_papers),
        )
        for affiliation in _affiliation_classes()
    )


def _affiliation_classes() -> tuple[str, ...]:
    """The schema's affiliations but N/A (no answer from the classifier: no class to compare)."""
    results = model.variables_by_key()["researcher_affiliation"].results
    return tuple(result for result in results if result != model.NOT_APPLICABLE)


# --- Series over years ---------------------------------------------------------------------------


def contiguous_runs(years: Iterable[int]) -> tuple[tuple[int, ...], ...]:
    """The distinct years in runs of consecutive years: 2020, 2022, 2023 -> ((2020,), (2022, 2023))."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return tuple(tuple(run) for run in runs)


@dataclass(frozen=True)
class YearPoint:
    """One year's value over ``n`` empirical papers; ``low``/``high`` ``None`` without interval."""

    year: int
    value: float
    low: float | None
    high: float | None
    n: int


@dataclass(frozen=True)
class YearSeries:
    """A line over years: ``points`` sorted by year, holding only years with empirical papers.

    Draw one line per entry of ``runs`` and never join two runs: the years between them
    (``missing_years``) have no papers.
    """

    label: str
    points: tuple[YearPoint, ...]

    @property
    def runs(self) -> tuple[tuple[YearPoint, ...], ...]:
        by_year = {point.year: point for point in self.points}
        return tuple(tuple(by_year[year] for year in run) for run in contiguous_runs(by_year))

    @property
    def missing_years(self) -> tuple[int, ...]:
        years = {point.year for point in self.points}
        return tuple(year for year in range(min(years), max(years) + 1) if year not in years) if years else ()


def _empirical_by_year(papers: list[Paper]) -> dict[int, list[Paper]]:
    return group_by(empirical(papers), year_of)


def sharing_class_shares_by_year(papers: list[Paper]) -> tuple[YearSeries, ...]:
    """The pipeline paper's headline figure: per year, the share of empirical papers with code and
    data shared, with data only, and with neither (the three add up to 1). One series per class,
    in ``SHARING_CLASSES`` order; years without empirical papers are left out."""
    by_year = _empirical_by_year(papers)
    counts_by_year = {year: Counter(map(sharing_class, group)) for year, group in by_year.items()}
    return tuple(
        YearSeries(
            label,
            tuple(
                YearPoint(year, counts_by_year[year][label] / len(group), None, None, len(group))
                for year, group in by_year.items()
            ),
        )
        for label in SHARING_CLASSES
    )


def reproducibility_by_venue_year(
    papers: list[Paper], min_papers: int = MIN_PAPERS_FOR_INTERVAL
) -> tuple[YearSeries, ...]:
    """The reproducibility estimate per venue per year, one series per venue (labelled with the
    venue, alphabetical), with the estimate's interval where the edition has enough papers."""
    series = []
    for venue, venue_papers in group_by(papers, venue_of).items():
        points = []
        for year, group in _empirical_by_year(venue_papers).items():
            estimate = reproducibility_estimate(group, min_papers)
            points.append(YearPoint(year, estimate.estimate, estimate.low, estimate.high, estimate.n))
        series.append(YearSeries(venue, tuple(points)))
    return tuple(series)


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
