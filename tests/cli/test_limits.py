"""Resource limits: huge files, huge strings, many files and random YAML never hang or crash the validator."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.checking import check
from generator.loading import LoadError, load_text
from generator.validation import validate_record
from helpers import ROOT, run_generator

VALID = (ROOT / "records" / "zhou-2023-three-regime.yaml").read_text()


def test_100_mb_file_is_refused_without_reading_it_whole(tmp_path):
    huge = tmp_path / "huge-2022-file.yaml"
    with huge.open("wb") as file:
        file.truncate(100 * 1024 * 1024)
    result = run_generator("validate", str(huge))
    assert result.returncode == 1
    assert "file-too-large file is 104,857,600 bytes; a record may be at most 1,048,576 bytes" in result.stdout


def test_10_mb_string_is_refused(tmp_path):
    path = tmp_path / "zhou-2023-three-regime.yaml"
    path.write_text(VALID.replace("evidence: Algorithm 1", "evidence: " + "A" * 10_000_000 + " Algorithm 1"))
    [problem] = check([path]).problems
    assert problem.code == "file-too-large"


def test_long_string_under_the_file_limit_is_a_schema_error(tmp_path):
    path = tmp_path / "zhou-2023-three-regime.yaml"
    path.write_text(VALID.replace("evidence: Algorithm 1", "evidence: " + "A" * 130_000 + " Algorithm 1"))
    [problem] = check([path]).problems
    assert problem.code == "schema-length" and "at most 120,000 characters" in problem.message


def test_the_longest_evidence_of_the_index_is_allowed(tmp_path):
    """The Index's longest evidence is 104,987 characters (NeurIPS 2023); the limit is 120,000."""
    path = tmp_path / "zhou-2023-three-regime.yaml"
    path.write_text(VALID.replace("evidence: Algorithm 1", "evidence: " + "A" * 104_987))
    assert check([path]).problems == []


@pytest.mark.slow
def test_100000_files_are_all_reported(tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    for number in range(100_000):
        (folder / f"empty-{number:06d}.yaml").write_bytes(b"")
    result = run_generator("validate", str(folder))
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == "100,000 record files checked: 100,000 problems in 100,000 files"


yaml_fragments = st.sampled_from(
    [
        "\n",
        ": ",
        "- ",
        "  ",
        "&a ",
        "*a",
        "!!python/object ",
        "<<: ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "'",
        '"',
        "#",
        "---",
        "...",
        "|",
        ">",
        "?",
        "%YAML 1.1",
        "\t",
        "\ufeff",
        "\x85",
        "\\",
        "@",
        "`",
        "Yes",
        "No",
        "~",
        "0x1",
        "1e9",
    ]
)


@settings(max_examples=300, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(yaml_fragments | st.text(max_size=8), max_size=40).map("".join))
def test_random_yaml_is_accepted_or_reported(text):
    try:
        loaded = load_text(Path("fuzz.yaml"), text)
    except LoadError as error:
        assert error.code and error.line >= 1 and error.column >= 1
        return
    for problem in validate_record(loaded):
        assert problem.code and problem.line >= 1


@settings(max_examples=300, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_records_are_accepted_or_reported(data):
    characters = list(VALID)
    for _ in range(data.draw(st.integers(1, 5))):
        position = data.draw(st.integers(0, len(characters) - 1))
        action = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        piece = data.draw(yaml_fragments | st.characters())
        if action == "delete":
            del characters[position]
        elif action == "insert":
            characters.insert(position, piece)
        else:
            characters[position] = piece
    text = "".join(characters)
    started = time.perf_counter()
    try:
        loaded = load_text(Path("zhou-2023-three-regime.yaml"), text)
        problems = validate_record(loaded)
        assert all(problem.line >= 1 for problem in problems)
    except LoadError as error:
        assert error.code
    assert time.perf_counter() - started < 1.0


def test_symlink_out_of_records_is_refused(tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text(VALID)
    records = tmp_path / "records"
    records.mkdir()
    (records / "zhou-2023-three-regime.yaml").symlink_to(outside)
    result = run_generator("validate", str(records))
    assert result.returncode == 1
    assert "symlink-outside symbolic link to a file outside the records folder" in result.stdout


# --- Issue #12: every parse failure is a problem with a location; floods are bounded -----------

RECORD_ID = "zhou-2023-three-regime"


def _variant(tmp_path: Path, folder: str, old: str, new: str) -> Path:
    path = tmp_path / folder / f"{RECORD_ID}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    assert old in VALID
    path.write_text(VALID.replace(old, new, 1))
    return path


def test_github_format_annotates_every_bad_file_with_no_internal_error(tmp_path):
    huge_year = _variant(tmp_path, "a", "year: 2023", "year: " + "9" * 4301)
    infinite = _variant(tmp_path, "b", "year: 2023", "year: 1e999")
    result = run_generator("validate", str(huge_year), str(infinite), "--format", "github")
    assert result.returncode == 1 and "internal error" not in result.stderr
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 2, result.stdout
    assert f"file={huge_year}".replace(":", "%3A").replace(",", "%2C") in annotations[0]
    assert "title=number-too-large" in annotations[0] and "line=" in annotations[0]
    assert "title=non-finite-number" in annotations[1]


@pytest.mark.parametrize(
    ("shape", "make_body"),
    [
        ("long flow list", lambda size: "authors: [" + ",".join(["1"] * (size // 2)) + "]\n"),
        ("long block list", lambda size: "authors:\n" + "- 1\n" * (size // 4)),
        ("many keys", lambda size: "".join(f"k{number}: 1\n" for number in range(size // 12))),
        ("long string", lambda size: "title: " + "a" * size + "\n"),
        ("nesting", lambda size: "x: " + "[" * 15 + "1," * (size // 2) + "1" + "]" * 15 + "\n"),
        ("bad items under the value cap", lambda size: "authors: [" + ",".join(["1"] * 4_900) + "]\n"),
        ("control characters", lambda size: "authors: [" + ",".join(['"\\x7f"'] * 4_900) + "]\n"),
    ],
)
def test_a_1_mib_file_of_any_shape_is_judged_fast_with_bounded_output(tmp_path, shape, make_body):
    head = f"id: {RECORD_ID}\n"
    body = make_body(1024 * 1024 - 200)
    (tmp_path / f"{RECORD_ID}.yaml").write_text(head + body[: 1024 * 1024 - len(head) - 1].rstrip(",") + "\n")
    started = time.perf_counter()
    result = run_generator("validate", str(tmp_path))
    elapsed = time.perf_counter() - started
    assert result.returncode == 1 and "internal error" not in result.stderr
    assert len(result.stdout) < 10_000, (shape, len(result.stdout))
    assert elapsed < 5, (shape, elapsed)  # ~1 s here; the bound leaves room for a loaded machine


def test_problems_per_file_are_capped_with_a_count_of_the_rest(tmp_path):
    path = _variant(tmp_path, "r", "authors:\n", "authors: [" + ", ".join(["1"] * 600) + "]\nx_authors:\n")
    problems = check([path]).problems
    assert len(problems) == 21
    assert problems[-1].code == "more-problems"
    assert "... and 582 more problems in this file" in problems[-1].message


def test_a_fifo_named_like_a_record_is_reported_and_never_waited_on(tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    os.mkfifo(folder / "pipe-2023-x.yaml")
    (folder / "dir-2023-x.yaml").mkdir()
    result = run_generator("validate", str(folder), str(folder / "dir-2023-x.yaml"))  # a hang fails by timeout
    assert result.returncode == 1
    assert "pipe-2023-x.yaml:1:1: not-a-file pipe-2023-x.yaml is a FIFO (named pipe)" in result.stdout
    assert "dir-2023-x.yaml:1:1: not-a-file dir-2023-x.yaml is a folder" in result.stdout
    assert "0 record files checked: 2 problems in 2 files" in result.stdout


def test_a_record_whose_mode_changed_is_read_again_not_served_from_the_cache(tmp_path):
    from generator import checking

    folder = tmp_path / "records"
    folder.mkdir()
    record = folder / f"{RECORD_ID}.yaml"
    record.write_text(VALID)
    first = check([folder])
    entries = first.cache_entries()
    later = time.time_ns() + 10 * checking.RACY_NANOSECONDS  # as if the cache were saved long after
    assert check([folder], cached=entries, cached_at_ns=later).cache_hits == 1
    record.chmod(0o000)  # changes st_ctime only: mtime and size stay
    try:
        again = check([folder], cached=entries, cached_at_ns=later)
        if os.geteuid() == 0:  # root reads it anyway: it must have been read again, not trusted
            assert entries[str(record)][1] != again.digests[str(record)][1], "trusted from the cache unread"
        else:  # unreadable: reported as validate reports it
            assert [problem.code for problem in again.problems] == ["unreadable"]
    finally:
        record.chmod(0o644)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "line 1, column 506: JSON nested too deeply to read"),
        ('{"temperature": NaN}', "line 1, column 17: NaN is not a number JSON allows"),
        ('{"temperature": 1e999}', "line 1, column 17: the number '1e999' is too large to be finite"),
        ('{"temperature": ' + "9" * 5000 + "}", "line 1, column 17: a number of 5,000 digits"),
    ],
)
def test_hostile_pipeline_json_is_refused_with_a_location(tmp_path, content, message):
    source = tmp_path / "ICLR_2020.json"
    source.write_text(content)
    result = run_generator("import", str(source), "--out", str(tmp_path / "records"))
    assert result.returncode == 1 and "internal error" not in result.stderr
    assert message in result.stdout
