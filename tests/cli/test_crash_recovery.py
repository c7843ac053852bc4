"""After a crash or a failure at any step, the build says what it left, and the next one mends it.

``tests/fault_driver.py`` runs ``write_tree`` (or the whole CLI) in a real process and, at the Nth
step that writes to the disk, kills the process (SIGKILL) or makes the step raise (a permission
error, Ctrl-C). Every N is tried, until the run gets through. After each:

- a failure says what state the output is in (``output_state``), and that is what is on disk:
  "nothing changed" means every file with its bytes and modification time as before;
- the next build, of the same or of other files, gives exactly those files, with no staging,
  retired, journal or lock file left beside the output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.output import MANIFEST, finish_interrupted_commit, write_tree
from helpers import ROOT

OLD = {"a.md": "A", "b/c.md": "C", "gone.md": "G", "x": "a file that becomes a folder"}
NEW = {"a.md": "A2", "b/c.md": "C", "new/d.md": "D", "x/y.md": "Y"}
OTHER = {"a.md": "A3", "e.md": "E"}  # what the build after the crash writes, for some steps


def files_of(mapping: dict[str, str]) -> list[tuple[str, bytes]]:
    return [(path, text.encode("utf-8")) for path, text in mapping.items()]


def contents(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    if not folder.exists():
        return {}
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def prepare(scenario: str, folder: Path) -> Path:
    """The output folder before the faulty build: a previous build (update), a folder the
    generator did not make (swap: no manifest), or nothing (fresh)."""
    folder.mkdir()
    out = folder / "out"
    if scenario == "update":
        write_tree(out, files_of(OLD))
    elif scenario == "swap":
        out.mkdir()
        (out / "hand-made.txt").write_text("made by hand", encoding="utf-8")
    return out


def run_driver(spec: dict) -> dict:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "fault_driver.py"), json.dumps({"root": str(ROOT), **spec})],
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = completed.stdout.splitlines()
    assert lines, completed.stderr
    report = json.loads(lines[-1])
    if spec["fault"] == "kill":
        assert completed.returncode == (-9 if "killed_at" in report else 0), completed.stderr
    else:
        assert completed.returncode == 0, completed.stderr
    return report


def leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name not in ("out", ".out.files.json"))


@pytest.mark.parametrize("fault", ["kill", "PermissionError", "KeyboardInterrupt"])
@pytest.mark.parametrize("scenario", ["update", "swap", "fresh"])
def test_a_fault_at_any_step_is_told_truthfully_and_mended_by_the_next_build(tmp_path, scenario, fault):
    step = 0
    while True:
        step += 1
        folder = tmp_path / f"step-{step}"
        out = prepare(scenario, folder)
        before = snapshot(out)
        report = run_driver({"step": step, "fault": fault, "call": "write_tree", "out": str(out), "files": NEW})
        where = f"{fault} at step {step}: {report.get('killed_at') or report['event']}"
        if "killed_at" not in report and report["finished"]:
            assert contents(out) == NEW and leftovers(folder) == [], where
            break
        if fault != "kill" and report["error"] is None:  # a step whose failure is harmless (a leftover's removal)
            assert contents(out) == NEW, where
        elif fault != "kill":
            state = report["state"]
            if state.startswith("nothing in"):
                assert snapshot(out) == before, f"{where}: said {state!r}"
            elif "holds the complete new output" in state:
                assert contents(out) == NEW, f"{where}: said {state!r}"
            else:
                assert "is partly updated" in state and "the next build finishes it" in state, where
                assert (folder / ".out.commit.json").exists(), f"{where}: said {state!r}"
        if (folder / ".out.commit.json").exists():  # past the commit point: the journal finishes it
            finish_interrupted_commit(out)
            assert contents(out) == NEW, where
        target = OTHER if step % 2 else NEW
        write_tree(out, files_of(target))
        assert contents(out) == target, where
        assert leftovers(folder) == [], where
        assert step < 200, "the driver never got through"
    assert step > 5  # the faults reached the steps of the commit


def test_a_second_build_of_the_same_folder_is_refused_while_the_first_runs(tmp_path):
    out = tmp_path / "out"
    write_tree(out, files_of(OLD))
    before = snapshot(out)
    seen = []

    def files():
        yield "a.md", b"A2"
        seen.append(run_driver({"step": 10**6, "fault": "kill", "call": "write_tree", "out": str(out), "files": NEW}))
        yield "b.md", b"B2"

    write_tree(out, files())
    assert seen[0]["error"] == "OutputBusy" and seen[0]["state"] == f"nothing in {out} was changed"
    assert contents(out) == {"a.md": "A2", "b.md": "B2"} and before
    assert leftovers(tmp_path) == []
