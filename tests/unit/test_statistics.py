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

from generator import model, statistics
from generator.checking import check, papers_from

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


def test_measures_of_the_shipped_records_by_hand():
    measures = statistics.edition_measures(PAPERS)
    assert (measures.papers, measures.empirical, measures.share_empirical) == (5, 5, 1.0)
    assert measures.share_industry == pytest.approx(2 / 5)  # jin and zhuang are collaborations
    assert measures.documentation.mean == pytest.approx((3 + 5 + 4 + 2 + 4) / 5)  # 3.6
    assert measures.median_documentation == 4
    code = next(subgroup for subgroup in measures.subgroups if subgroup.label == "Code documentation")
    assert code.mean.mean == pytest.approx(2 / 5)
    assert measures.reproducibility.estimate == pytest.approx((0.33 + 0.86 + 0.33 + 0.33 + 0.86) / 5)  # 0.542
    assert sorted(editions(PAPERS)) == [
        ("ICLR", 2021),
        ("ICML", 2023),
        ("JMLR", 2023),
        ("NeurIPS", 2020),
        ("NeurIPS", 2022),
    ]


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


# --- The Index's measures on the statistics fixtures (tests/fixtures/stats/), by hand ----------
#
# id            venue    year type          affiliation    Pc Co Da Sp Hw Sw Ex  score  sharing      R
# alpha-2020    NeurIPS  2020 Experimental  Academia       Y  Y  Y  Y  N  N  Y   5/7    code+data    0.86
# bravo-2020    NeurIPS  2020 Experimental  Industry       N  N  Y  N  Y  N  Y   3/7    data only    0.33
# charlie-2020  NeurIPS  2020 Theoretical   Academia       Y  -  -  -  -  -  -   (not empirical)
# delta-2022    NeurIPS  2022 Experimental  Collaboration  N  Y  N  N  N  Y  Y   3/7    neither      0
# echo-2022     NeurIPS  2022 Experimental  Academia       N  N  N  N  N  N  Y   1/7    neither      0
# foxtrot-2022  NeurIPS  2022 Experimental  Academia       Y  Y  Y  Y  Y  Y  Y   7/7    code+data    0.86
# golf-2022     NeurIPS  2022 Experimental  Academia       Y  Y  -  -  Y  N  Y   4/7    neither      0
# hotel-2021    ICML     2021 Experimental  Industry       N  Y  Y  N  Y  Y  N   4/7    code+data    0.86
# india-2023    NeurIPS  2023 Theoretical   Academia       -  -  -  -  -  -  -   (not empirical)
# (- is N/A; Pc pseudocode, Co code, Da datasets, Sp splits, Hw hardware, Sw software, Ex setup)
#
# Per empirical paper, the subgroups' Yes counts (datasets of 2, code of 1, other of 4):
# alpha 2,1,2  bravo 1,0,2  delta 0,1,2  echo 0,0,1  foxtrot 2,1,4  golf 0,1,3  hotel 1,1,2

STATS = papers_from(check([ROOT / "tests" / "fixtures" / "stats"]).loaded)


def editions(papers):
    return statistics.group_by(papers, lambda paper: (paper.venue, paper.year))


BY_ID = {paper.id: paper for paper in STATS}
Z = 1.959964
# Wilson bounds by hand, (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), z² = 3.841459:
# 6/7:  1 + 3.841459/7 = 1.548780; centre (0.857143 + 0.274390)/1.548780 = 0.730598;
#       half 1.959964/1.548780 × sqrt(0.017493 + 0.019599) = 1.265489 × 0.192593 = 0.243726
WILSON_6_OF_7 = (0.730598 - 0.243726, 0.730598 + 0.243726)  # (0.486872, 0.974324)
# 5/15: 1 + 3.841459/15 = 1.256097; centre (0.333333 + 0.128049)/1.256097 = 0.367314;
#       half 1.959964/1.256097 × sqrt(0.014815 + 0.004268) = 1.560360 × 0.138142 = 0.215551
WILSON_5_OF_15 = (0.367314 - 0.215551, 0.367314 + 0.215551)  # (0.151763, 0.582865)


def test_wilson_intervals_of_the_base_rates_by_hand():
    assert abs(statistics.Z_95 - Z) < 1e-6
    assert statistics.wilson_interval(6, 7) == pytest.approx(WILSON_6_OF_7, abs=1e-5)
    assert statistics.wilson_interval(5, 15) == pytest.approx(WILSON_5_OF_15, abs=1e-5)
    assert statistics.CODE_AND_DATA.interval == pytest.approx(WILSON_6_OF_7, abs=1e-5)
    assert statistics.DATA_ONLY.interval == pytest.approx(WILSON_5_OF_15, abs=1e-5)
    # 0 of 10: centre = (0 + 0.192073)/1.384146 = 0.138767 = half, so the interval starts at 0
    assert statistics.wilson_interval(0, 10) == pytest.approx((0.0, 2 * 0.138767), abs=1e-5)


def test_base_rates_are_the_per_paper_scores():
    assert (round(6 / 7, 2), round(5 / 15, 2)) == (statistics.CODE_AND_DATA.rate, statistics.DATA_ONLY.rate)
    rate_of = {
        statistics.CODE_AND_DATA.label: 0.86,
        statistics.DATA_ONLY.label: 0.33,
        statistics.NEITHER_LABEL: 0.0,
    }
    for paper in STATS + PAPERS:
        assert paper.reproducibility_score == rate_of[statistics.sharing_class(paper)], paper.id
    assert [
        statistics.sharing_class(BY_ID[key]) for key in ("alpha-2020", "bravo-2020", "delta-2022", "golf-2022")
    ] == [
        statistics.CODE_AND_DATA.label,
        statistics.DATA_ONLY.label,
        statistics.NEITHER_LABEL,  # code without data
        statistics.NEITHER_LABEL,  # datasets N/A is not Yes
    ]


def test_edition_measures_by_hand():
    measures = statistics.edition_measures(STATS)
    assert (measures.papers, measures.empirical) == (9, 7)
    assert measures.share_empirical == pytest.approx(7 / 9)
    assert measures.share_industry == pytest.approx(3 / 7)  # bravo, hotel (Industry), delta (Collaboration)
    assert measures.documentation.mean == pytest.approx((5 + 3 + 3 + 1 + 7 + 4 + 4) / 7)  # 27/7 = 3.857
    assert measures.median_documentation == 4  # 1 3 3 [4] 4 5 7
    subgroups = {subgroup.label: subgroup for subgroup in measures.subgroups}
    assert [(label, subgroups[label].maximum) for label in subgroups] == [
        ("Dataset documentation", 2),
        ("Code documentation", 1),
        ("Other documentation", 4),
    ]
    assert subgroups["Dataset documentation"].mean.mean == pytest.approx((2 + 1 + 0 + 0 + 2 + 0 + 1) / 7)  # 6/7
    assert subgroups["Code documentation"].mean.mean == pytest.approx((1 + 0 + 1 + 0 + 1 + 1 + 1) / 7)  # 5/7
    assert subgroups["Other documentation"].mean.mean == pytest.approx((2 + 2 + 2 + 1 + 4 + 3 + 2) / 7)  # 16/7
    # 3 of 7 with code and data (alpha, foxtrot, hotel), 1 with data only (bravo)
    reproducibility = measures.reproducibility
    assert (reproducibility.n, reproducibility.code_and_data, reproducibility.data_only) == (7, 3, 1)
    assert reproducibility.estimate == pytest.approx((3 * 0.86 + 1 * 0.33) / 7)  # 0.4157
    # Seven empirical papers: below MIN_PAPERS_FOR_INTERVAL, so no interval anywhere
    assert statistics.MIN_PAPERS_FOR_INTERVAL == 10
    assert measures.documentation.interval_withheld and reproducibility.interval_withheld
    assert (reproducibility.low, reproducibility.high, reproducibility.rates_low, reproducibility.rates_high) == (
        None,
        None,
        None,
        None,
    )
    assert all(subgroup.mean.interval_withheld for subgroup in measures.subgroups)


def test_neurips_2022_edition_by_hand():
    edition = editions(STATS)[("NeurIPS", 2022)]
    measures = statistics.edition_measures(edition)
    assert (measures.papers, measures.empirical, measures.share_empirical) == (4, 4, 1.0)
    assert measures.share_industry == pytest.approx(1 / 4)  # delta (Collaboration)
    assert measures.documentation.mean == pytest.approx((3 + 1 + 7 + 4) / 4)  # 3.75
    assert measures.median_documentation == pytest.approx((3 + 4) / 2)  # 1 [3 4] 7
    assert [subgroup.mean.mean for subgroup in measures.subgroups] == pytest.approx(
        [(0 + 0 + 2 + 0) / 4, (1 + 0 + 1 + 1) / 4, (2 + 1 + 4 + 3) / 4]
    )
    assert measures.reproducibility.estimate == pytest.approx(0.86 / 4)  # only foxtrot shares data
    theoretical_only = statistics.edition_measures(editions(STATS)[("NeurIPS", 2023)])
    assert (theoretical_only.papers, theoretical_only.empirical, theoretical_only.share_empirical) == (1, 0, 0.0)
    assert theoretical_only.share_industry is None and theoretical_only.median_documentation is None
    assert theoretical_only.documentation == statistics.Estimate(None, None, None, 0)
    assert theoretical_only.reproducibility == statistics.ReproducibilityEstimate(None, None, None, None, None, 0, 0, 0)


def test_subgroups_hold_each_yes_no_variable_once_and_add_up_to_the_score():
    keys = [key for _, group in statistics.DOCUMENTATION_SUBGROUPS for key in group]
    assert sorted(keys) == sorted(variable.key for variable in model.yes_no_variables())
    assert len(keys) == len(set(keys))
    for group in (STATS, PAPERS, editions(STATS)[("NeurIPS", 2020)]):
        measures = statistics.edition_measures(group)
        assert sum(subgroup.mean.mean for subgroup in measures.subgroups) == pytest.approx(measures.documentation.mean)


def test_interval_appears_from_the_minimum_number_of_papers():
    nine, ten = [4.0] * 4 + [3.0] * 5, [4.0] * 5 + [3.0] * 5
    assert statistics.mean_with_interval(nine) == statistics.Estimate(pytest.approx(3 + 4 / 9), None, None, 9)
    assert statistics.mean_with_interval(nine).interval_withheld
    interval = statistics.mean_with_interval(ten)
    assert interval == statistics.bootstrap_mean(ten) and not interval.interval_withheld
    assert interval.low < 3.5 < interval.high
    assert statistics.mean_with_interval([]) == statistics.Estimate(None, None, None, 0)
    assert not statistics.mean_with_interval([]).interval_withheld
    alpha = BY_ID["alpha-2020"]  # code and data shared
    assert statistics.reproducibility_estimate([alpha] * 9).interval_withheld
    assert not statistics.reproducibility_estimate([alpha] * 10).interval_withheld


def test_reproducibility_interval_of_one_sharing_class_is_the_wilson_interval():
    # Ten papers that all share code and data: every bootstrap resample has share 1, so the only
    # uncertainty left is the base rate's: the interval is exactly Wilson's for 6 of 7.
    estimate = statistics.reproducibility_estimate([BY_ID["alpha-2020"]] * 10)
    assert estimate.estimate == pytest.approx(0.86)
    assert (estimate.low, estimate.high) == pytest.approx(WILSON_6_OF_7, abs=1e-5)
    assert (estimate.rates_low, estimate.rates_high) == pytest.approx(WILSON_6_OF_7, abs=1e-5)
    data_only = statistics.reproducibility_estimate([BY_ID["bravo-2020"]] * 12)
    assert data_only.estimate == pytest.approx(0.33)
    assert (data_only.low, data_only.high) == pytest.approx(WILSON_5_OF_15, abs=1e-5)
    # A group with no data shared scores 0 for sure: [0, 0] is then the honest interval
    neither = statistics.reproducibility_estimate([BY_ID["echo-2022"]] * 10)
    assert (neither.estimate, neither.low, neither.high) == (0.0, 0.0, 0.0)


def test_reproducibility_interval_carries_the_wilson_bounds_through_the_weighted_sum():
    doubled = STATS * 2  # 14 empirical papers: 6 with code and data, 2 with data only
    estimate = statistics.reproducibility_estimate(doubled)
    assert (estimate.n, estimate.code_and_data, estimate.data_only) == (14, 6, 2)
    assert estimate.estimate == pytest.approx((6 * 0.86 + 2 * 0.33) / 14)  # 0.4157
    # rates alone: 6/14 × 0.486872 + 2/14 × 0.151763 = 0.208659 + 0.021680 = 0.230340
    #              6/14 × 0.974324 + 2/14 × 0.582865 = 0.417567 + 0.083266 = 0.500833
    assert estimate.rates_low == pytest.approx(0.230340, abs=1e-5)
    assert estimate.rates_high == pytest.approx(0.500833, abs=1e-5)
    # the papers' sampling widens it: it holds the rates' interval and the bootstrap at 0.86/0.33
    papers_alone = statistics.bootstrap_mean(paper.reproducibility_score for paper in statistics.empirical(doubled))
    assert estimate.low <= estimate.rates_low < estimate.estimate < estimate.rates_high <= estimate.high
    assert estimate.low <= papers_alone.low and papers_alone.high <= estimate.high
    assert estimate.low < estimate.rates_low - 0.05 and estimate.high > estimate.rates_high + 0.05
    assert statistics.reproducibility_estimate(doubled) == estimate  # fixed seed: repeatable


def test_bootstrap_over_papers_alone_misses_most_of_the_uncertainty():
    # 700 empirical papers: the shares are known well, the base rates still are not.
    many = statistics.reproducibility_estimate(STATS * 100)
    papers_alone = statistics.bootstrap_mean(paper.reproducibility_score for paper in statistics.empirical(STATS * 100))
    rates_width = many.rates_high - many.rates_low  # (3/7 × 0.487452 + 1/7 × 0.431102) ≈ 0.2705
    assert rates_width == pytest.approx(3 / 7 * (0.974324 - 0.486872) + 1 / 7 * (0.582865 - 0.151763), abs=1e-5)
    assert papers_alone.high - papers_alone.low < rates_width / 3
    assert rates_width <= many.high - many.low < rates_width * 1.3


def test_score_histogram_of_empirical_papers_by_hand():
    histogram = statistics.score_histogram(STATS)
    # 1: echo; 3: bravo, delta; 4: golf, hotel; 5: alpha; 7: foxtrot (charlie, india theoretical)
    assert histogram == statistics.ScoreHistogram((0, 1, 0, 2, 2, 1, 0, 1), 7, 7)
    assert statistics.score_histogram([BY_ID["india-2023"]]) == statistics.ScoreHistogram((0,) * 8, 0, 7)


def test_documented_shares_by_venue_by_hand():
    icml, neurips = statistics.documented_shares_by_venue(STATS)
    assert (icml.venue, icml.empirical, neurips.venue, neurips.empirical) == ("ICML", 1, "NeurIPS", 6)
    assert icml.shares == {
        "pseudocode": 0.0,
        "open_source_code": 1.0,
        "open_datasets": 1.0,
        "dataset_splits": 0.0,
        "hardware_specification": 1.0,
        "software_dependencies": 1.0,
        "experiment_setup": 0.0,
    }
    # NeurIPS empirical: alpha, bravo, delta, echo, foxtrot, golf; golf's N/A datasets count as not Yes
    assert neurips.shares == pytest.approx(
        {
            "pseudocode": 3 / 6,  # alpha, foxtrot, golf
            "open_source_code": 4 / 6,  # alpha, delta, foxtrot, golf
            "open_datasets": 3 / 6,  # alpha, bravo, foxtrot
            "dataset_splits": 2 / 6,  # alpha, foxtrot
            "hardware_specification": 3 / 6,  # bravo, foxtrot, golf
            "software_dependencies": 2 / 6,  # delta, foxtrot
            "experiment_setup": 6 / 6,
        }
    )
    assert list(neurips.shares) == [variable.key for variable in model.yes_no_variables()]
    assert statistics.documented_shares([BY_ID["charlie-2020"]]) == dict.fromkeys(neurips.shares)


def test_academia_and_industry_by_hand():
    academia, industry, collaboration = statistics.by_affiliation(STATS)
    assert (academia.affiliation, academia.empirical) == ("Academia", 4)  # alpha, echo, foxtrot, golf
    assert academia.documentation.mean == pytest.approx((5 + 1 + 7 + 4) / 4)  # 4.25
    assert academia.code.mean == pytest.approx(3 / 4)  # echo has none
    assert (industry.affiliation, industry.empirical) == ("Industry", 2)  # bravo, hotel
    assert industry.documentation.mean == pytest.approx((3 + 4) / 2)
    assert industry.code.mean == pytest.approx(1 / 2)
    assert (collaboration.affiliation, collaboration.empirical) == ("Collaboration", 1)  # delta
    assert (collaboration.documentation.mean, collaboration.code.mean) == (3.0, 1.0)
    assert all(item.documentation.interval_withheld for item in (academia, industry, collaboration))
    nobody = statistics.by_affiliation([BY_ID["alpha-2020"]])[1]
    assert (nobody.empirical, nobody.documentation, nobody.code) == (
        0,
        statistics.Estimate(None, None, None, 0),
        statistics.Estimate(None, None, None, 0),
    )


def test_contiguous_runs():
    assert statistics.contiguous_runs([2023, 2020, 2022, 2022]) == ((2020,), (2022, 2023))
    assert statistics.contiguous_runs([2019, 2020, 2021]) == ((2019, 2020, 2021),)
    assert statistics.contiguous_runs([]) == ()


def test_sharing_class_shares_by_year_by_hand():
    both, data_only, neither = statistics.sharing_class_shares_by_year(STATS)
    assert (both.label, data_only.label, neither.label) == statistics.SHARING_CLASSES
    # 2020: alpha (both), bravo (data only); 2021: hotel (both); 2022: foxtrot (both), delta,
    # echo, golf (neither); 2023 has only a theoretical paper and is left out
    assert [(point.year, point.value, point.n) for point in both.points] == [
        (2020, 1 / 2, 2),
        (2021, 1.0, 1),
        (2022, 1 / 4, 4),
    ]
    assert [point.value for point in data_only.points] == [1 / 2, 0.0, 0.0]
    assert [point.value for point in neither.points] == [0.0, 0.0, 3 / 4]
    for year_points in zip(both.points, data_only.points, neither.points, strict=True):
        assert sum(point.value for point in year_points) == pytest.approx(1.0)
    assert [len(series.runs) for series in (both, data_only, neither)] == [1, 1, 1]
    assert both.missing_years == ()


def test_reproducibility_by_venue_year_leaves_out_years_without_papers():
    icml, neurips = statistics.reproducibility_by_venue_year(STATS)
    assert icml.label == "ICML" and [(point.year, point.value) for point in icml.points] == [(2021, 0.86)]
    assert neurips.label == "NeurIPS"
    assert [(point.year, point.n) for point in neurips.points] == [(2020, 2), (2022, 4)]  # 2023: theoretical only
    assert [point.value for point in neurips.points] == pytest.approx([(0.86 + 0.33) / 2, 0.86 / 4])
    assert all(point.low is None and point.high is None for point in neurips.points)  # under ten papers each
    # no line from 2020 to 2022: two runs, and 2021 named as the gap
    assert [[point.year for point in run] for run in neurips.runs] == [[2020], [2022]]
    assert neurips.missing_years == (2021,)
    # with ten papers or more the edition's point carries the estimate's interval
    (big,) = statistics.reproducibility_by_venue_year([BY_ID["alpha-2020"]] * 10)
    assert (big.points[0].low, big.points[0].high) == pytest.approx(WILSON_6_OF_7, abs=1e-5)


def test_methods_page_states_the_numbers_the_code_computes():
    methods = (ROOT / "docs" / "methods.md").read_text(encoding="utf-8")
    (low_both, high_both), (low_data, high_data) = statistics.CODE_AND_DATA.interval, statistics.DATA_ONLY.interval
    assert f"| 6 of 7 | 0.86 | {low_both:.3f} to {high_both:.3f} |" in methods
    assert f"| 5 of 15 | 0.33 | {low_data:.3f} to {high_data:.3f} |" in methods
    assert f"fewer than **{statistics.MIN_PAPERS_FOR_INTERVAL} empirical papers**" in methods
    assert f"z = {statistics.Z_95:.6f}" in methods
    # the worked example: 20 empirical papers, 8 with code and data, 4 with data only
    example = [BY_ID["alpha-2020"]] * 8 + [BY_ID["bravo-2020"]] * 4 + [BY_ID["echo-2022"]] * 8
    estimate = statistics.reproducibility_estimate(example)
    papers_alone = statistics.bootstrap_mean(paper.reproducibility_score for paper in example)
    assert f"= {estimate.rates_low:.3f} to" in methods and f"= {estimate.rates_high:.3f}." in methods
    assert f"gives\n{papers_alone.low:.2f} to {papers_alone.high:.2f}, about as wide" in methods
    assert f"The site shows {estimate.estimate:.2f} [{estimate.low:.2f}, {estimate.high:.2f}]." in methods
