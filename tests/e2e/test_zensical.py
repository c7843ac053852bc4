"""The same mkdocs.yml builds with Zensical (pinned in requirements/zensical.txt), the named
successor of Material for MkDocs, so that users can move when Material reaches its end of life."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT, make_project, run_generator

HOSTILE = ROOT / "tests" / "cases" / "hostile"


def zensical_or_skip() -> str:
    executable = Path(sys.executable).parent / "zensical"
    if not executable.exists():
        pytest.skip("zensical is not installed (requirements/zensical.txt; the nox tests session installs it)")
    return str(executable)


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    zensical = zensical_or_skip()
    extra = tmp_path_factory.mktemp("hostile-records")
    for case in ("xss-title", "xss-evidence", "xss-authors"):
        source = next((HOSTILE / case).glob("*.yaml"))
        shutil.copy(source, extra / source.name)
    project = make_project(tmp_path_factory.mktemp("zensical") / "project", extra_records=extra)
    assert run_generator("build", cwd=project).returncode == 0
    result = subprocess.run([zensical, "build", "--clean"], cwd=project, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_zensical_builds_every_page(zensical_site):
    for page in (
        "index.html",
        "browse/index.html",
        "papers/zhou-2023-three-regime/index.html",
        "venues/neurips/index.html",
        "statistics/index.html",
        "accuracy/index.html",
    ):
        assert (zensical_site / page).is_file(), page
    assert (zensical_site / "data" / "datapackage.json").is_file()


def test_zensical_pages_show_hostile_text_inert(zensical_site):
    page = (zensical_site / "papers" / "xss-2022-title" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "<img src=x onerror" not in page
    evidence = (zensical_site / "papers" / "xss-2022-evidence" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in evidence
