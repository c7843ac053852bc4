"""Import: every paper of the pipeline's edge cases arrives, or is reported as a ``Problem``.

The fixtures in tests/fixtures/pipeline-edge/ are hand-made in the shape of the Index's failures
(its edge-cases folder, optional data): a result code -1, an empty author string, the
longest evidence and empty evidence, a control character in evidence, one title in two venues of a
year, the same paper a year later, and titles that differ only in "++".
"""

from __future__ import annotations

import json
import shutil

from generator import pipeline
from generator.loading import load_record
from helpers import FIXTURES, run_generator

EDGE = FIXTURES / "pipeline-edge"


def _records_by_key(out):
    return {load_record(path).data["provenance"]["pipeline_key"]: load_record(path).data for path in out.glob("*.yaml")}


def test_every_edge_case_paper_arrives_and_validates(tmp_path):
    out = tmp_path / "records"
    result = run_generator("import", str(EDGE), "--out", str(out))
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1] == "9 papers checked: all valid"
    records = _records_by_key(out)
    assert len(records) == 9
    no_answer = records["deep_widget_representations__0e1f2a3b"]
    assert no_answer["variables"]["researcher_affiliation"]["result"] == "N/A"
    assert "no answer for Researcher Affiliation" in no_answer["provenance"]["notice"]
    no_authors = records["only_widgets_are_left__1a2b3c4d"]
    assert no_authors["authors"] == [pipeline.UNKNOWN_AUTHORS]
    assert "authors are unknown" in no_authors["provenance"]["notice"]
    evidence = no_authors["variables"]["research_type"]["evidence"]
    assert "\b" not in evidence and "bound\ufffd and" in evidence
    assert "became U+FFFD" in no_authors["provenance"]["notice"]
    long_and_empty = records["selfsupervised_widgets_with_symmetries__2b3c4d5e"]
    assert len(long_and_empty["variables"]["research_type"]["evidence"]) == 104_987
    for key in ("pseudocode", "hardware_specification"):  # "" and "   " in the pipeline
        assert long_and_empty["variables"][key]["evidence"] == pipeline.NO_EVIDENCE
    assert "no evidence for Pseudocode and Hardware Specification" in long_and_empty["provenance"]["notice"]
    # One title in two venues of 2017, the same paper in 2015 and 2016, "Widgets" and "Widgets++": all in.
    editions = sorted((record["venue"], record["year"]) for record in records.values())
    assert ("ICLR", 2017) in editions and ("ICML", 2017) in editions and ("IJCAI", 2016) in editions
    validated = run_generator("validate", str(out))
    assert validated.returncode == 0, validated.stdout
    assert validated.stdout.splitlines()[-1] == "9 record files checked: all valid, 2 warnings"
    assert validated.stdout.count("duplicate-paper (warning)") == 2 and "hyperbolic" not in validated.stdout
    again = run_generator("import", str(EDGE), "--out", str(out))
    assert again.returncode == 0 and again.stdout.count(" 0 papers written, 1 unchanged") == 9


def test_same_as_silences_the_duplicate_warning_and_must_name_a_record(tmp_path):
    out = tmp_path / "records"
    run_generator("import", str(EDGE / "ICML_2015.json"), str(EDGE / "IJCAI_2016.json"), "--out", str(out))
    later = out / "eta-2016-nearly-linear.yaml"
    text = later.read_text()
    warned = run_generator("validate", str(out), "--format", "json")
    payload = json.loads(warned.stdout)
    assert warned.returncode == 0 and payload["problem_count"] == 0 and payload["warning_count"] == 1
    assert (
        payload["warnings"][0]["severity"] == "warning"
        and "same_as: eta-2015-nearly-linear" in (payload["warnings"][0]["message"])
    )
    github = run_generator("validate", str(out), "--format", "github")
    assert github.stdout.startswith("::warning file=") and github.returncode == 0
    later.write_text(text + "same_as: eta-2015-nearly-linear\n")
    stated = run_generator("validate", str(out))
    assert stated.returncode == 0 and stated.stdout == "2 record files checked: all valid\n"
    later.write_text(text + "same_as: eta-2014-nearly-linear\n")
    wrong = run_generator("validate", str(out))
    assert wrong.returncode == 1 and "unknown-same-as same_as: 'eta-2014-nearly-linear' is no record" in wrong.stdout


def test_a_malformed_pipeline_entry_is_reported_at_its_key(tmp_path):
    source = tmp_path / "ICLR_2018.json"
    run = json.loads((EDGE / "ICLR_2018.json").read_text())
    run["deep_widget_representations__0e1f2a3b"]["affiliation"]["result"] = 7
    source.write_text(json.dumps(run, indent=1))
    result = run_generator("import", str(source), "--out", str(tmp_path / "records"), "--format", "json")
    payload = json.loads(result.stdout)
    assert result.returncode == 1 and payload["checked"] == 1 and payload["checked_what"] == "papers"
    [problem] = payload["problems"]
    assert (problem["code"], problem["line"], problem["column"]) == ("pipeline-entry", 2, 2)
    assert "result code 7 is not one of 0, 1, 2, -1" in problem["message"]
    assert payload["sources"][0]["skipped"] == 1 and payload["sources"][0]["written"] == 0


def test_refused_counts_papers_not_problems(tmp_path):
    """A paper whose record would break two rules is one paper refused, with two problems."""
    source = tmp_path / "ICLR_2018.json"
    run = json.loads((EDGE / "ICLR_2018.json").read_text())
    entry = run["deep_widget_representations__0e1f2a3b"]
    entry["pseudocode"]["paper_text"] = "A" * 120_001
    entry["open_datasets"]["paper_text"] = "B" * 120_001
    source.write_text(json.dumps(run, indent=1))
    result = run_generator("import", str(source), "--out", str(tmp_path / "records"))
    assert result.returncode == 1
    assert f"{source}: 0 papers written, 0 unchanged, 1 refused" in result.stdout
    assert result.stdout.count(f"{source}:2:2: schema-length deep_widget_representations__0e1f2a3b") == 2
    assert result.stdout.splitlines()[-1] == "1 paper checked: 2 problems in 1 file"


def test_a_changed_record_is_not_overwritten_without_force(tmp_path):
    out = tmp_path / "records"
    run_generator("import", str(EDGE / "ICLR_2021.json"), "--out", str(out))
    target = out / "lambda-2021-hyperbolic.yaml"
    target.write_text(target.read_text().replace("Mu Mu", "Mu Mu-Nu"))
    result = run_generator("import", str(EDGE / "ICLR_2021.json"), "--out", str(out), "--format", "github")
    assert result.returncode == 1
    assert f"::error file={target},line=1,col=1,title=record-exists::{target} exists and differs" in result.stdout
    assert "Mu Mu-Nu" in target.read_text()


def test_a_file_that_cannot_be_read_is_one_problem(tmp_path):
    source = tmp_path / "ICLR_2018.json"
    source.write_text('{\n "a": [1, 2,\n}\n')
    result = run_generator("import", str(source), "--out", str(tmp_path / "records"))
    assert result.returncode == 1
    assert f"{source}:3:1: import-source line 3, column 1: not valid JSON" in result.stdout
    assert f"{source}: not imported; nothing of it written" in result.stdout


def test_a_labels_row_without_its_paper_is_reported(tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text("filename,pseudocode\nno_such_paper__00000000,1\n")
    result = run_generator("import", str(labels), "--out", str(tmp_path / "records"))
    assert result.returncode == 1
    assert f"{labels}:2:1: labels-row no record has pipeline key 'no_such_paper__00000000'" in result.stdout


def test_a_failed_build_counts_the_records_checked_as_validate_does(tmp_path):
    records = tmp_path / "records"
    run_generator("import", str(EDGE), "--out", str(records))
    shutil.copy(records / "alpha-2018-deep.yaml", records / "copy-2018-deep.yaml")  # id differs from its name
    validated = run_generator("validate", str(records))
    out = tmp_path / "out"
    built = run_generator("build", "--records", str(records), "--out", str(out), "--no-cache", cwd=tmp_path)
    assert validated.returncode == built.returncode == 1
    assert validated.stdout.splitlines()[-1].startswith("10 record files checked: ")
    assert built.stdout.splitlines()[-1] == validated.stdout.splitlines()[-1]
