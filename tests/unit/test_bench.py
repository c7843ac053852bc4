"""The benchmark's verdicts: each target is judged from the measurements, never written by hand."""

from generator.bench import CHANGED, COLD, Measurement, render_targets


def verdicts(rows: list[Measurement]) -> dict[str, str]:
    table = render_targets(rows)
    return {line.split(" | ")[0][2:]: line.split(" | ")[-1][:-2] for line in table.splitlines()[2:]}


def test_targets_are_judged_from_the_measurements():
    rows = [
        Measurement("floor: libyaml parse + one file per record", 10_000, 2.0),
        Measurement(COLD, 10_000, 4.2),
        Measurement(CHANGED, 10_000, 1.5),
        Measurement(COLD, 100_000, 90.0, 1100.0),
        Measurement("validate, all records", 10_000, 1.5),
        Measurement("validate, one changed file (a pull request)", 10_000, 0.2),
        Measurement("site: mkdocs build", 57_000, 360.0, 2300.0, "", 10_000_001),
        Measurement("site: mkdocs rebuild, one record changed", 57_000, 40.0),
        Measurement("site: zensical build", 1000, 11.0, 1600.0),
        Measurement("site: zensical build", 10_000, None, None, "failed: exit code -9 (killed: out of memory?)"),
    ]
    assert verdicts(rows) == {
        "validate 10,000 records < 5 s": "yes",
        "validate the files of a pull request < 1 s": "yes",
        "cold build at 10,000 within 2x the floor": "no",  # 2.1x
        "cold build at 100,000 < 2 min and < 1 GB": "no",  # 1,100 MB
        "rebuild after one change at 10,000 < 2 s": "yes",
        "57,000-paper site with `--strict` < 10 min": "yes",
        "its search index < 10 MB": "no",
        "the search index at 100,000 papers < 10 MB": "no",
        "the same `mkdocs.yml` builds with Zensical": "no",
        "a site rebuild after one change costs less than a full build": "yes",
    }


def test_zensical_holds_when_every_size_built():
    rows = [Measurement("site: zensical build", 1000, 11.0, 1600.0)]
    assert verdicts(rows) == {"the same `mkdocs.yml` builds with Zensical": "yes"}
    assert "1,000 pages in 11 s" in render_targets(rows)


def test_nothing_measured_no_verdicts():
    assert render_targets([Measurement("floor: libyaml parse + one file per record", 1000, 0.2)]) == ""
