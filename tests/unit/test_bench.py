"""The benchmark's verdicts: each target is judged from the measurements, never written by hand."""

from generator.bench import CHANGED, COLD, Measurement, SiteShape, render_targets

SHAPE = SiteShape(
    total_bytes=480_000_000,
    files=116_000,
    largest_file=("data/assessments.csv", 101_000_000),
    largest_page=("venues/neurips-2024/index.html", 900_000),
    paper_page_bytes=7_000.0,
    first_search_bytes=800_000,
    browse_first_view_bytes=1_100_000,
    search_index_part=300_000,
)


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
        Measurement("site: mkdocs build", 57_000, 360.0, 2300.0, "", 10_000_001, SHAPE),
        Measurement("site: generator build, one record changed", 57_000, 6.0),
        Measurement("site: mkdocs rebuild, one record changed", 57_000, 8.5),
        Measurement("site: zensical build", 1000, 11.0, 1600.0),
        Measurement("site: zensical build", 10_000, None, None, "failed: exit code -9 (killed: out of memory?)"),
    ]
    assert verdicts(rows) == {
        "validate 10,000 records < 5 s": "yes",
        "validate the files of a pull request < 1 s": "yes",
        "cold build at 10,000 within 2x the floor": "no",  # 2.1x
        "cold build at 100,000 < 2 min and < 1 GB": "no",  # 1,100 MB
        "rebuild after one change at 10,000 < 2 s": "yes",
        "57,000 papers: the site ≤ 500 MB": "yes",
        "57,000 papers: ≤ 2 files a paper plus 2,000": "yes",  # 116,000 = 2 x 57,000 + 2,000
        "57,000 papers: no file over 100 MB": "no",
        "57,000 papers: no HTML page over 1 MB": "yes",
        "57,000 papers: a first search downloads ≤ 1 MB": "yes",
        "100,000 papers: the site < 1 GB": "yes",  # 842 MB
        "100,000 papers: a first search downloads ≤ 1 MB": "no",  # 800 kB + 300 kB x (100/57 - 1) = 1,026 kB
        "57,000 papers: MkDocs builds the site in ≤ 5 min": "no",
        "57,000 papers: its peak memory < 4 GB": "yes",
        "57,000 papers: one changed record to the updated site ≤ 15 s": "yes",  # 14.5 s
        "57,000 papers: the Browse page's first view downloads ≤ 1 MB": "no",
        "the same `mkdocs.yml` builds with Zensical": "no",
        "a site rebuild after one change costs less than a full build": "yes",
    }


def test_zensical_holds_when_every_size_built():
    rows = [Measurement("site: zensical build", 1000, 11.0, 1600.0)]
    assert verdicts(rows) == {"the same `mkdocs.yml` builds with Zensical": "yes"}
    assert "1,000 pages in 11 s" in render_targets(rows)


def test_nothing_measured_no_verdicts():
    assert render_targets([Measurement("floor: libyaml parse + one file per record", 1000, 0.2)]) == ""


def test_the_changed_record_changes_a_result_even_when_the_middle_one_has_no_yes_or_no(tmp_path):
    """The rebuild after one change must change output: a comment added to an N/A record (what the
    benchmark did at 57,000 papers) wrote no file and measured nothing."""
    from generator.bench import _change_one_record

    marker = "  experiment_setup:\n    result: "
    answers = {"a": '"Yes"', "b": '"N/A"', "c": '"N/A"', "d": '"No"'}
    for name, answer in answers.items():
        (tmp_path / f"{name}.yaml").write_text(f"id: {name}\nvariables:\n{marker}{answer}\n", encoding="utf-8")
    changed = _change_one_record(tmp_path)
    assert changed.name == "d.yaml"  # the middle one (c) and every one after it up to d
    assert (tmp_path / "d.yaml").read_text(encoding="utf-8").endswith(marker + '"Yes"\n')
    assert [
        (tmp_path / f"{name}.yaml").read_text(encoding="utf-8").endswith(answers[name] + "\n") for name in "abc"
    ] == [True] * 3
