"""A build that fails part-way leaves the previous output exactly as it was, and says so."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import cli, pages
from generator.output import MANIFEST
from helpers import ROOT


def snapshot(folder):
    return {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize(
    ("failure", "exit_code", "message"),
    [
        (
            OSError(28, "No space left on device"),
            1,
            "build failed: [Errno 28] No space left on device; nothing in build/docs was changed",
        ),
        (KeyboardInterrupt(), 130, "interrupted; nothing in build/docs was changed"),
    ],
)
def test_failure_mid_build_keeps_previous_output(project, monkeypatch, capsys, failure, exit_code, message):
    monkeypatch.chdir(project)
    assert cli.main(["build"]) == 0
    before = snapshot(project / "build")
    real_render = pages.render_paper_page
    calls = []

    def render_then_fail(paper, *arguments, **keywords):
        calls.append(paper.id)
        if len(calls) == 3:
            raise failure
        return real_render(paper, *arguments, **keywords)

    monkeypatch.setattr(pages, "render_paper_page", render_then_fail)
    capsys.readouterr()
    assert cli.main(["build", "--no-cache"]) == exit_code  # with the cache, unchanged pages are not rendered
    assert message in capsys.readouterr().err
    assert snapshot(project / "build") == before
    assert sorted(path.name for path in project.iterdir() if path.name.startswith(".")) == []


@contextlib.contextmanager
def read_only(folder: Path):
    """``folder`` made unwritable for this process: for root, which ignores permissions, with the
    immutable flag (ext4 and the like; the test is skipped where there is none)."""
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
            pytest.skip("root ignores permissions, and chattr +i is not available here")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(mode)


def changed_records(project: Path) -> None:
    """A change that rewrites data files and paper pages, and removes a paper's files."""
    path = project / "records" / "zhou-2023-three-regime.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("result: 'No'", "result: 'Yes'", 1), encoding="utf-8")
    (project / "records" / "jin-2022-pruning.yaml").unlink()


def cold_build(project: Path) -> dict[str, bytes]:
    cold = project / "cold"
    assert cli.main(["build", "--no-cache", "--out", str(cold)]) == 0
    return {
        path.relative_to(cold): path.read_bytes()
        for path in cold.rglob("*")
        if path.is_file() and path.name != MANIFEST
    }


def built(project: Path) -> dict[str, bytes]:
    out = project / "build" / "docs"
    return {
        path.relative_to(out): path.read_bytes() for path in out.rglob("*") if path.is_file() and path.name != MANIFEST
    }


@pytest.mark.parametrize("folder", ["data", "papers", "data/records", "."])
def test_an_unwritable_output_folder_fails_the_build_before_anything_changes(project, monkeypatch, capsys, folder):
    monkeypatch.chdir(project)
    assert cli.main(["build"]) == 0
    before = snapshot(project / "build" / "docs")
    changed_records(project)
    capsys.readouterr()
    with read_only(project / "build" / "docs" / folder):
        assert cli.main(["build"]) == 1
        assert snapshot(project / "build" / "docs") == before  # the cache may change: it is not output
    error = capsys.readouterr().err
    assert "build failed: cannot write into " in error and "nothing in build/docs was changed" in error
    assert cli.main(["build"]) == 0
    assert built(project) == cold_build(project)
    assert sorted(path.name for path in (project / "build").iterdir()) == [".cache", ".docs.files.json", "docs"]


def run_build_with_fault(project: Path, step: int, fault: str, events: list[str]) -> dict:
    completed = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tests" / "fault_driver.py"),
            json.dumps(
                {"root": str(ROOT), "step": step, "fault": fault, "call": "cli", "argv": ["build"], "events": events}
            ),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=project,
    )
    assert completed.stdout, completed.stderr
    report = json.loads(completed.stdout.splitlines()[-1])
    assert completed.returncode == (-9 if "killed_at" in report else 0), completed.stderr
    return report


def start_from(project: Path, before: str, records: Path) -> None:
    """The output before the faulty build, and the records it builds."""
    shutil.rmtree(project / "build", ignore_errors=True)
    shutil.rmtree(project / "records")
    shutil.copytree(records, project / "records")
    out = project / "build" / "docs"
    if before == "an earlier build":
        assert cli.main(["build"]) == 0
        changed_records(project)
    else:
        out.mkdir(parents=True)
        (out / "notes.txt").write_text("made by hand", encoding="utf-8")


@pytest.mark.parametrize("fault", ["kill", "PermissionError", "KeyboardInterrupt"])
@pytest.mark.parametrize("before", ["a folder made by hand", "an earlier build"])
def test_a_build_stopped_at_a_rename_or_removal_says_what_it_left_and_the_next_mends_it(
    project, monkeypatch, tmp_path, fault, before
):
    """The real CLI, stopped at steps that move or remove a file or folder (the swap of a first
    build, the commit of a later one: the first three, the middle and the last three); then a
    plain build. Every step of ``write_tree`` itself is tried in test_crash_recovery.py."""
    monkeypatch.chdir(project)
    records = tmp_path / "records-before"
    shutil.copytree(project / "records", records)
    start_from(project, before, records)
    expected = cold_build(project)
    events = ["os.rename", "os.remove", "os.rmdir"]
    steps = run_build_with_fault(project, 10**6, fault, events)["steps"]
    count = len(steps)
    assert count > 2, steps
    for step in sorted({1, 2, 3, count // 2, count - 2, count - 1, count}):
        start_from(project, before, records)
        previous = snapshot(project / "build" / "docs")
        report = run_build_with_fault(project, step, fault, events)
        where = f"{fault} at {report.get('killed_at') or report['event']}"
        message = report.get("stderr", "")
        if fault == "kill":
            pass
        elif report["exit"] == 0:
            assert built(project) == expected, where
        elif "nothing in build/docs was changed" in message:
            assert snapshot(project / "build" / "docs") == previous, f"{where}: {message}"
        elif "holds the complete new output" in message:
            assert built(project) == expected, f"{where}: {message}"
        else:
            assert "is partly updated" in message and "the next build finishes it" in message, f"{where}: {message}"
        assert cli.main(["build"]) == 0, where
        assert built(project) == expected, where
        assert sorted(path.name for path in (project / "build").iterdir()) == [".cache", ".docs.files.json", "docs"], (
            where
        )
