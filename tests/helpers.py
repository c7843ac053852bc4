"""Helpers shared by the tests: fixture paths, the CLI in a real process, a real site build."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
SHARED_DATA = SHARED / "data" / "ai-reproducibility-index"


IN_PROCESS_COMMANDS = {"validate", "build", "import", "export"}  # `site` and `bench` run MkDocs, processes


def run_generator(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """``python -m generator ARGS`` from ``cwd``: ``cli.main`` called in this process, with its own
    working folder, environment and captured output (a process costs ~0.5 s and adds nothing here);
    commands that run MkDocs or time processes start a real process."""
    if not args or args[0] not in IN_PROCESS_COMMANDS:
        return run_generator_process(*args, cwd=cwd, env=env)
    from generator import cli

    stdout, stderr = io.StringIO(), io.StringIO()
    saved_environment = dict(os.environ)
    os.environ.pop("GITHUB_ACTIONS", None)
    os.environ.update(env or {})
    try:
        with contextlib.chdir(cwd), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = cli.main(list(args))
    finally:
        os.environ.clear()
        os.environ.update(saved_environment)
    return subprocess.CompletedProcess(["generator", *args], code, stdout.getvalue(), stderr.getvalue())


def run_generator_process(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """``python -m generator ARGS`` in a real process, from ``cwd``."""
    environment = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
    environment.update({"PYTHONPATH": str(ROOT), **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def shared_data_or_skip() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"optional data absent: the AI Reproducibility Index's pipeline output (expected at {SHARED_DATA})")
    return SHARED_DATA


def mkdocs_build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"},
    )


def make_project(target: Path, extra_records: Path | None = None) -> Path:
    """A folder laid out like a clone: records/ (shipped + fixtures), docs/, schema.json, mkdocs.yml."""
    for name in ("records", "docs", "hooks", "overrides"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copytree(FIXTURES / "records", target / "records", dirs_exist_ok=True)
    if extra_records is not None:
        shutil.copytree(extra_records, target / "records", dirs_exist_ok=True)
    for name in ("schema.json", "mkdocs.yml"):
        shutil.copy(ROOT / name, target / name)
    return target


def edition_records(data_dir: Path) -> dict[str, list[dict]]:
    """The data package's records as a reader without Frictionless finds them: each venue-year's
    file (``records/<venue>-<year>.json.gz``, relative to ``data_dir``) and the records it holds."""
    return {
        path.relative_to(data_dir).as_posix(): json.loads(gzip.decompress(path.read_bytes()))
        for path in sorted((data_dir / "records").glob("*.json.gz"))
    }


def build_site(project: Path) -> Path:
    """`python -m generator build` then the real `mkdocs build --strict`; fails on any warning."""
    generated = run_generator("build", cwd=project)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    site = mkdocs_build(project)
    assert site.returncode == 0, site.stderr
    assert "WARNING" not in site.stderr, site.stderr
    return project / "site"
