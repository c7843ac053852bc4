"""An installed package works outside a clone: the wheel carries schema.json and the console script."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from helpers import ROOT


@pytest.mark.slow
def test_installed_console_script_validates_outside_the_checkout(tmp_path: Path):
    source = tmp_path / "source"  # a copy, so that building leaves no files in the checkout
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".nox", "build", "site", "tests", ".*cache*"))
    wheels = tmp_path / "wheels"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(source)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    [wheel] = wheels.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        packaged = archive.read("generator/schema.json")
    assert packaged == (ROOT / "schema.json").read_bytes()  # a copy of the one schema, not a link

    target = tmp_path / "installed"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "records", elsewhere / "records")
    environment = {**os.environ, "PYTHONPATH": str(target)}

    def validate_elsewhere() -> subprocess.CompletedProcess:
        script = target / "bin" / "reproducibility-reports"
        return subprocess.run([str(script), "validate"], cwd=elsewhere, env=environment, capture_output=True, text=True)

    result = validate_elsewhere()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all valid" in result.stdout
    broken = elsewhere / "records" / "jin-2022-pruning.yaml"
    broken.write_text(broken.read_text().replace("year: 2022", "year: twenty"))
    result = validate_elsewhere()
    assert result.returncode == 1 and "schema-type" in result.stdout, result.stdout
