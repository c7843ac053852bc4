"""Every figure the site shows, checked against hand computations on the five shipped records.

The shipped records (records/), by hand:
- jin-2022-pruning (NeurIPS 2022, Collaboration): Yes for datasets, hardware, setup: 3/7, data
  open and code not: 0.33
- zhou-2023-three-regime (ICML 2023, Academia): pseudocode, code, datasets, splits, setup: 5/7, 0.86
- vysogorets-2023-connectivity (JMLR 2023, Academia): pseudocode, datasets, hardware, setup: 4/7, 0.33
- lubana-2021-gradient (ICLR 2021, Academia): datasets, setup: 2/7, 0.33
- zhuang-2020-neuron-level (NeurIPS 2020, Collaboration): pseudocode, code, datasets, setup: 4/7, 0.86
All five are Experimental.
"""

from pathlib import Path

import pytest

from generator import overview, statistics
from generator.build import check, papers_from

ROOT = Path(__file__).resolve().parent.parent.parent
PAPERS = papers_from(check([ROOT / "records"]).loaded)


def test_scores_by_hand():
    scores = {paper.id: (paper.documentation_score, paper.reproducibility_score) for paper in PAPERS}
    assert scores == {
        "jin-2022-pruning": (3, 0.33),
        "zhou-2023-three-regime": (5, 0.86),
        "vysogorets-2023-connectivity": (4, 0.33),
        "lubana-2021-gradient": (2, 0.33),
        "zhuang-2020-neuron-level": (4, 0.86),
    }


def test_overall_metrics_by_hand():
    metrics = statistics.group_metrics(PAPERS)
    assert (metrics.papers, metrics.empirical, metrics.share_empirical) == (5, 5, 1.0)
    assert metrics.share_industry == pytest.approx(2 / 5)  # jin and zhuang are collaborations
    assert metrics.documentation.mean == pytest.approx((3 + 5 + 4 + 2 + 4) / 5)  # 3.6
    assert metrics.median_documentation == 4
    assert metrics.code.mean == pytest.approx(2 / 5)
    assert metrics.datasets.mean == pytest.approx(1.0)
    assert metrics.reproducibility.mean == pytest.approx((0.33 + 0.86 + 0.33 + 0.33 + 0.86) / 5)  # 0.542


def test_yes_shares_and_distribution_by_hand():
    assert statistics.yes_shares(PAPERS) == pytest.approx(
        {
            "pseudocode": 3 / 5,
            "open_source_code": 2 / 5,
            "open_datasets": 1.0,
            "dataset_splits": 1 / 5,
            "hardware_specification": 2 / 5,
            "software_dependencies": 0.0,
            "experiment_setup": 1.0,
        }
    )
    assert statistics.score_distribution(PAPERS) == {0: 0, 1: 0, 2: 1, 3: 1, 4: 2, 5: 1, 6: 0, 7: 0}
    assert statistics.code_by_affiliation(PAPERS) == {
        "Academia": (3, pytest.approx(1 / 3)),
        "Industry": (0, None),
        "Collaboration": (2, pytest.approx(1 / 2)),
    }


def test_neurips_editions_by_hand():
    editions = statistics.editions(PAPERS)
    assert sorted(editions) == [("ICLR", 2021), ("ICML", 2023), ("JMLR", 2023), ("NeurIPS", 2020), ("NeurIPS", 2022)]
    neurips = statistics.group_metrics([paper for paper in PAPERS if paper.record["venue"] == "NeurIPS"])
    assert neurips.documentation.mean == pytest.approx(3.5)
    assert neurips.median_documentation == pytest.approx(3.5)
    assert neurips.code.mean == pytest.approx(0.5)
    assert neurips.reproducibility.mean == pytest.approx((0.33 + 0.86) / 2)
    assert neurips.share_industry == 1.0


def test_bootstrap_interval_is_repeatable_and_sensible():
    values = [3, 5, 4, 2, 4]
    first, second = statistics.bootstrap_mean(values), statistics.bootstrap_mean(values)
    assert first == second
    assert first.low <= first.mean <= first.high
    assert 2 <= first.low < 3.6 < first.high <= 5
    constant = statistics.bootstrap_mean([4, 4, 4])
    assert (constant.low, constant.mean, constant.high) == (4, 4, 4)
    assert statistics.bootstrap_mean([]) == statistics.Estimate(None, None, None, 0)
    wide = statistics.bootstrap_mean([0, 7])
    narrow = statistics.bootstrap_mean([0, 7] * 500)
    assert (narrow.high - narrow.low) < (wide.high - wide.low) / 10


def test_pages_print_the_hand_computed_figures():
    home = overview.render_home_page(PAPERS)
    assert "<strong>5 papers</strong>" in home and "4 venues" in home
    assert "<td>2/7</td><td>1</td>" in home and "<td>4/7</td><td>2</td>" in home and "<td>6/7</td><td>0</td>" in home
    assert "<td>Open Source Code</td><td>40%</td>" in home and "<td>Software Dependencies</td><td>0%</td>" in home
    assert "**3.60 [" in home and "**0.54 [" in home
    stats = overview.render_statistics_page(PAPERS)
    assert (
        "<td>Academia</td><td>3</td><td>33%</td>" in stats and "<td>Collaboration</td><td>2</td><td>50%</td>" in stats
    )
    assert (
        "<td>NeurIPS</td><td>2</td><td>50%</td><td>50%</td><td>100%</td><td>0%</td><td>50%</td><td>0%</td><td>100%</td>"
        in stats
    )
    assert (
        "<td>2023</td><td>2</td><td>100%</td><td>50%</td><td>100%</td><td>50%</td><td>50%</td><td>0%</td><td>100%</td>"
        in stats
    )
    neurips_papers = [paper for paper in PAPERS if paper.record["venue"] == "NeurIPS"]
    editions = statistics.group_by(neurips_papers, statistics.year_of)
    metrics = {year: statistics.group_metrics(group) for year, group in editions.items()}
    venue = overview.render_venue_page("NeurIPS", neurips_papers, metrics)
    assert (
        '<td><a href="../../venues/neurips-2020/">2020</a></td><td>1</td><td>100%</td><td>100%</td>'
        "<td>4.00 [4.00, 4.00]</td><td>4.0</td>" in venue
    )
    assert (
        '<td><a href="../../venues/neurips-2022/">2022</a></td><td>1</td><td>100%</td><td>100%</td>'
        "<td>3.00 [3.00, 3.00]</td><td>3.0</td>" in venue
    )


def test_downloads_page_counts_rows_and_bytes():
    files = [("papers.csv", 7, 2), ("records.json", 3, None)]
    page = overview.render_downloads_page(files)
    assert '<td><a href="../data/papers.csv">papers.csv</a></td>' in page and "<td>7 bytes</td><td>2</td>" in page
    assert "<td>3 bytes</td><td>–</td>" in page
