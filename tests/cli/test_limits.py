"""Resource limits: huge files, huge strings, many files and random YAML never hang or crash the validator."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import check
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
    path.write_text(VALID.replace("evidence: Algorithm 1", "evidence: " + "A" * 30_000 + " Algorithm 1"))
    [problem] = check([path]).problems
    assert problem.code == "schema-length" and "at most 20,000 characters" in problem.message


@pytest.mark.slow
def test_100000_files_are_all_reported(tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    for number in range(100_000):
        (folder / f"empty-{number:06d}.yaml").write_bytes(b"")
    result = run_generator("validate", str(folder))
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == "100000 record files checked: 100000 problems in 100000 files"


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
