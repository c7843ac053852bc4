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
    return paper.result("research_type") == "Experimental"


def has_industry_author(paper: Paper) -> bool:
    return paper.result("researcher_affiliation") in ("Industry", "Collaboration")


def yes(paper: Paper, key: str) -> float:
    return 1.0 if paper.result(key) == YES else 0.0


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
    applicable = [paper for paper in papers if paper.result(key) != model.NOT_APPLICABLE]
    return sum(yes(paper, key) for paper in applicable) / len(applicable) if applicable else None


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
