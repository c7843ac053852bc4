"""The CLI the way a contributor and a maintainer use it: real files, real processes, exit codes."""

import json
import shutil

import pytest

from generator import reports, validation
from generator.loading import load_record
from helpers import FIXTURES, ROOT, run_generator, shared_data_or_skip

CASES = ROOT / "tests" / "cases" / "invalid"


def test_help_documents_commands_and_exit_codes():
    result = run_generator("--help")
    assert result.returncode == 0
    for word in ("validate", "build", "import", "export", "exit codes", "2  usage error"):
        assert word in result.stdout
    for command in ("validate", "build", "import", "export"):
        assert run_generator(command, "--help").returncode == 0


def test_usage_errors_exit_2():
    assert run_generator().returncode == 2
    assert run_generator("frobnicate").returncode == 2
    result = run_generator("validate", "--format", "xml")
    assert result.returncode == 2 and "invalid choice" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_valid_records_exit_0(records_dir):
    result = run_generator("validate", str(records_dir))
    assert result.returncode == 0
    assert result.stdout == "6 record files checked: all valid\n"


def test_validate_text_format_exact_line(tmp_path):
    shutil.copy(CASES / "schema-enum" / "test-2022-case.yaml", tmp_path)
    result = run_generator("validate", "test-2022-case.yaml", "--format", "text", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "test-2022-case.yaml:13:13: schema-enum variables.researcher_affiliation.result: 'Acadmia' is not allowed; "
        "expected one of Academia, Industry, Collaboration, N/A (did you mean 'Academia'?)",
        "1 record file checked: 1 problem in 1 file",
    ]
    assert result.stderr == ""


def test_validate_github_format_and_auto(tmp_path):
    shutil.copy(CASES / "schema-type" / "test-2022-case.yaml", tmp_path)
    expected = (
        "::error file=test-2022-case.yaml,line=7,col=7,title=schema-type::year: expected a whole number, found '2022'"
    )
    explicit = run_generator("validate", "test-2022-case.yaml", "--format", "github", cwd=tmp_path)
    assert explicit.stdout.splitlines()[0] == expected
    auto = run_generator("validate", "test-2022-case.yaml", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert auto.stdout.splitlines()[0] == expected and auto.returncode == 1


def test_validate_json_format(tmp_path):
    shutil.copy(CASES / "duplicate-key" / "test-2022-case.yaml", tmp_path)
    result = run_generator("validate", ".", "--format", "json", cwd=tmp_path)
    payload = json.loads(result.stdout)
    assert payload["files_checked"] == 1 and payload["problem_count"] == 1
    assert payload["warning_count"] == 0 and payload["warnings"] == []
    assert payload["problems"][0] == {
        "severity": "error",
        "code": "duplicate-key",
        "column": 1,
        "field": "",
        "file": "test-2022-case.yaml",
        "line": 7,
        "message": "key 'venue' appears twice in this mapping (first at line 6); "
        "YAML would silently keep only the last",
    }


def test_validate_every_case_folder_exits_1_without_traceback():
    """A case of an error exits 1; a case of a warning (duplicate-paper) exits 0 and prints it."""
    for case in sorted(CASES.iterdir()):
        result = run_generator("validate", str(case))
        warning = json.loads((case / "expected.json").read_text()).get("severity") == "warning"
        assert result.returncode == (0 if warning else 1), case.name
        assert not warning or "(warning)" in result.stdout
        assert "Traceback" not in result.stdout + result.stderr


def test_validate_missing_path(tmp_path):
    result = run_generator("validate", "nope.yaml", cwd=tmp_path)
    assert result.returncode == 1 and "no-such-file" in result.stdout


def test_build_writes_package_pages_and_api(project):
    result = run_generator("build", cwd=project)
    assert result.returncode == 0, result.stderr
    out = project / "build" / "docs"
    for name in (
        "index.md",
        "papers/index.md",
        "schema.md",
        "contributing.md",
        "data/datapackage.json",
        "data/papers.csv",
        "data/assessments.csv.gz",
        "data/records/icml-2023.json.gz",
        "api/browse/index.json",
        "papers/zhou-2023-three-regime.md",
    ):
        assert (out / name).is_file(), name


def test_build_with_invalid_record_leaves_output_untouched(project):
    assert run_generator("build", cwd=project).returncode == 0
    out = project / "build" / "docs"
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    shutil.copy(CASES / "schema-enum" / "test-2022-case.yaml", project / "records")
    result = run_generator("build", cwd=project)
    assert result.returncode == 1
    assert "schema-enum" in result.stdout
    assert "nothing written" in result.stderr
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before


def test_import_seeds_gives_the_shipped_records(tmp_path):
    result = run_generator("import", str(FIXTURES / "seeds"), "--out", str(tmp_path / "records"))
    assert result.returncode == 0, result.stdout + result.stderr
    written = sorted(path.name for path in (tmp_path / "records").iterdir())
    assert written == sorted(path.name for path in (ROOT / "records").glob("*.yaml"))
    for name in written:
        assert (tmp_path / "records" / name).read_text() == (ROOT / "records" / name).read_text(), name


def test_import_never_overwrites_without_force(tmp_path):
    out = tmp_path / "records"
    seed = FIXTURES / "seeds" / "001_7e2d87eb35dc482b.txt"
    assert run_generator("import", str(seed), "--out", str(out)).returncode == 0
    target = out / "zhou-2023-three-regime.yaml"
    target.write_text(target.read_text().replace("result: Academia", "result: Industry"))
    edited = target.read_text()
    again = run_generator("import", str(seed), "--out", str(out))
    assert again.returncode == 1 and "--force" in again.stdout
    assert target.read_text() == edited
    forced = run_generator("import", str(seed), "--out", str(out), "--force")
    assert forced.returncode == 0 and "Academia" in target.read_text()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "line 1: the page is empty"),
        ("Title\nWriters: A\n", "line 2: expected a line starting with 'Authors:'"),
    ],
)
def test_import_malformed_page_writes_nothing(tmp_path, content, message):
    page = tmp_path / "page.txt"
    page.write_text(content)
    result = run_generator("import", str(page), "--out", str(tmp_path / "records"))
    assert result.returncode == 1
    assert f"page.txt:{message.split()[1].rstrip(':')}:1: import-source {message}" in result.stdout
    assert "nothing of it written" in result.stdout
    assert list((tmp_path / "records").iterdir()) == []


def test_import_pipeline_fixture_reports_skipped_entry(tmp_path):
    out = tmp_path / "records"
    result = run_generator("import", str(FIXTURES / "pipeline"), "--out", str(out))
    assert result.returncode == 1
    assert "3 papers written, 0 unchanged, 1 skipped" in result.stdout
    assert (
        "ICLR_2099.json:125:2: pipeline-entry broken_entry__cafebabe: not imported: researcher_affiliation: "
        "result code 7 is not one of 0, 1, 2, -1; correct the entry in the pipeline's output"
    ) in result.stdout
    assert run_generator("validate", str(out)).returncode == 0
    again = run_generator("import", str(FIXTURES / "pipeline"), "--out", str(out))
    assert "0 papers written, 3 unchanged" in again.stdout


def test_export_then_import_round_trip(tmp_path, records_dir):
    for shape in reports.SHAPES:
        pages = tmp_path / shape
        result = run_generator(
            "export",
            *sorted(p.stem for p in records_dir.glob("*.yaml")),
            "--format",
            shape,
            "--records",
            str(records_dir),
            "--out",
            str(pages),
        )
        assert result.returncode == 0, result.stderr
        imported = tmp_path / f"imported-{shape}"
        assert run_generator("import", str(pages), "--out", str(imported)).returncode == 0
        for record in records_dir.glob("*.yaml"):
            assert load_record(imported / record.name).data == load_record(record).data, (shape, record.name)


def test_export_unknown_id(records_dir):
    result = run_generator("export", "no-such-id", "--records", str(records_dir))
    assert result.returncode == 1 and "no record" in result.stderr


@pytest.mark.slow
def test_import_real_pipeline_output(tmp_path):
    data = shared_data_or_skip()
    out = tmp_path / "records"
    result = run_generator("import", str(data / "results"), "--out", str(out))
    assert result.returncode == 0, result.stdout
    assert len(list(out.glob("*.yaml"))) == 459
    assert run_generator("validate", str(out)).stdout.startswith("459 record files checked: all valid")
    again = run_generator("import", str(data / "results"), "--out", str(out))
    assert again.stdout.count(" 0 papers written") == 4
    by_key = {}
    for path in out.glob("*.yaml"):
        record = load_record(path).data
        by_key[record["provenance"]["pipeline_key"]] = record
    # Hand-picked from the files: ICLR_2016 "censoring..." codes 0,0,1,0,1,1,0,0,1 and "multiscale..."
    # 0,1,0,1,1,1,0,0,1; ICML_2014 "pacinspired..." 0,1,1,0,1,0,0,0,1 (keys in the variables' order).
    expected = {
        "censoring_representations_with_an_adversary__84a19edd": (
            ["Experimental", "Academia", "Yes", "No", "Yes", "Yes", "No", "No", "Yes"],
            ["Harrison Edwards", "Amos Storkey"],
            "ICLR",
            2016,
        ),
        "multiscale_context_aggregation_by_dilated_convolutions__d7d135b7": (
            ["Experimental", "Collaboration", "No", "Yes", "Yes", "Yes", "No", "No", "Yes"],
            ["Fisher Yu", "Vladlen Koltun"],
            "ICLR",
            2016,
        ),
        "pacinspired_option_discovery_in_lifelong_reinforcement_learning__664b8b83": (
            ["Experimental", "Collaboration", "Yes", "No", "Yes", "No", "No", "No", "Yes"],
            ["Emma Brunskill", "Lihong Li"],
            "ICML",
            2014,
        ),
    }
    for key, (results, authors, venue, year) in expected.items():
        record = by_key[key]
        assert [assessment["result"] for assessment in record["variables"].values()] == results, key
        assert (record["authors"], record["venue"], record["year"]) == (authors, venue, year)
        assert record["provenance"]["run"].startswith("gemini-2-5-flash-")
    evidence_texts = [a.get("evidence", "") for record in by_key.values() for a in record["variables"].values()]
    assert not any(validation.EMAIL.search(text) for text in evidence_texts)  # 342 addresses in the source


def test_import_a_venue_year_of_thousands_of_papers(tmp_path):
    """A pipeline file of 3,000 papers (made from the fixture's shape) imports in one go."""
    import json

    run = json.loads((FIXTURES / "pipeline" / "ICLR_2099.json").read_text())
    template = run["alpha_networks_for_testing__0a1b2c3d"]
    big = {key: value for key, value in run.items() if not isinstance(value, dict)}
    for number in range(3000):
        big[f"paper_number_{number}__{number:08x}"] = {**template, "title": f"Paper Number {number}"}
    source = tmp_path / "NeurIPS_2098.json"
    source.write_text(json.dumps(big))
    result = run_generator("import", str(source), "--out", str(tmp_path / "records"))
    assert result.returncode == 0, result.stdout[-2000:]
    assert "3,000 papers written" in result.stdout
    assert len(list((tmp_path / "records").glob("*.yaml"))) == 3000


def test_run_facts_are_stored_once_and_referenced(tmp_path):
    out = tmp_path / "records"
    run_generator("import", str(FIXTURES / "pipeline"), "--out", str(out))
    [run_file] = list((tmp_path / "runs").glob("*.yaml"))
    run_text = run_file.read_text()
    assert "gemini-2.5-flash" in run_text and "Return 0 or 1." in run_text
    for record in out.glob("*.yaml"):
        text = record.read_text()
        assert f"run: {run_file.stem}" in text
        assert "gemini-2.5-flash" not in text and "questions" not in text  # nothing of the run is copied
    assert run_generator("validate", str(out)).returncode == 0
    run_file.unlink()
    missing = run_generator("validate", str(out))
    assert missing.returncode == 1 and "unknown-run provenance.run: no run" in missing.stdout


def test_paper_page_shows_the_run_facts(tmp_path):
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    run_generator("import", str(FIXTURES / "pipeline"), "--out", str(project / "records"))
    assert run_generator("build", cwd=project).returncode == 0
    page = (project / "build" / "docs" / "papers" / "alpha-2099-alpha.md").read_text()
    assert "(gemini-2.5-flash)" in page and "../../runs/" in page  # the run's own page
    runs = (project / "build" / "docs" / "data" / "runs.json").read_text()
    assert '"model": "gemini-2.5-flash"' in runs


def test_bench_prints_a_table_relative_to_the_floor(tmp_path):
    from generator.bench import HAND_WRITTEN

    (tmp_path / "performance.md").write_text(f"# Old table\n\n{HAND_WRITTEN}\n\n## Notes\n\nKept.\n")
    result = run_generator(
        "bench",
        "--sizes",
        "40",
        "--site-sizes",
        "0",
        "--work",
        str(tmp_path / "bench"),
        "--write",
        str(tmp_path / "performance.md"),
    )
    assert result.returncode == 0, result.stderr
    assert "| floor: libyaml parse + one file per record |" in result.stdout
    assert "| build, one record changed |" in result.stdout and "x floor" in result.stdout
    # the changed paper's page, its edition's records and Browse rows, and the aggregates
    assert "13 files written" in result.stdout
    page = (tmp_path / "performance.md").read_text()
    assert page.startswith("# Performance") and "# Old table" not in page
    assert page.endswith(f"{HAND_WRITTEN}\n\n## Notes\n\nKept.\n")  # the hand-written part stays
    assert "made by `python -m nox -s bench -- --sizes 40 --site-sizes 0" in page
    assert (tmp_path / "bench" / "40" / "records").is_dir()  # kept for the next run
    assert not list((tmp_path / "bench").glob("*/scratch/*"))  # the steps' outputs are removed at the end


def test_bench_rejects_bad_sizes():
    result = run_generator("bench", "--sizes", "ten")
    assert result.returncode == 2 and "comma-separated whole numbers" in result.stderr


def test_a_labels_table_never_rewrites_an_existing_record_without_force(tmp_path):
    out = tmp_path / "records"
    run_generator("import", str(FIXTURES / "pipeline"), "--out", str(out))
    target = out / "alpha-2099-alpha.yaml"
    commented = "# a maintainer's comment\n" + target.read_text()
    target.write_text(commented)
    labels = tmp_path / "labels.csv"
    labels.write_text("filename,pseudocode\nalpha_networks_for_testing__0a1b2c3d,0\n")
    refused = run_generator("import", str(labels), "--out", str(out))
    assert refused.returncode == 1
    assert f"{target}:1:1: record-exists {target} exists and differs" in refused.stdout
    assert "not overwritten (use --force" in refused.stdout
    assert target.read_text() == commented
    forced = run_generator("import", str(labels), "--out", str(out), "--force")
    assert forced.returncode == 0, forced.stdout
    assert load_record(target).data["variables"]["pseudocode"]["reviewed"]["result"] == "No"
