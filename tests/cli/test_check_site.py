"""`python -m generator check-site`: the deploy workflow's check that a site fits the hosts' limits."""

from __future__ import annotations

import os

from generator.hosting import HostLimits, SiteFigures, over_limits, site_figures
from helpers import ROOT, run_generator


def test_a_site_within_the_limits_passes(tmp_path):
    (tmp_path / "index.html").write_bytes(b"x" * 1000)
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "a.html").write_bytes(b"y" * 10)
    result = run_generator("check-site", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert ": 0.0 MB in 2 files, largest index.html (0.0 MB): within the hosts' limits" in result.stdout


def test_a_file_over_100_mb_fails_with_its_name(tmp_path):
    big = tmp_path / "data" / "assessments.csv"
    big.parent.mkdir()
    with big.open("wb") as handle:  # sparse: 100 MB and one byte without writing them
        handle.truncate(100_000_001)
    result = run_generator("check-site", str(tmp_path))
    assert result.returncode == 1
    assert "data/assessments.csv is 100.0 MB, over the limit of 100.0 MB for one file" in result.stderr
    assert "too large to publish" in result.stderr


def test_no_site_folder_is_a_usage_error(tmp_path):
    result = run_generator("check-site", str(tmp_path / "absent"))
    assert result.returncode == 2 and "generator site" in result.stderr


def test_each_limit_is_named():
    figures = SiteFigures(1_000_000_001, 200_001, (("a.json", 60_000_000),))
    problems = over_limits(figures)
    assert len(problems) == 2
    assert problems[0].startswith("the site is 1,000.0 MB, over the hosts' limit of 1,000.0 MB; largest files: a.json")
    assert problems[1] == "the site has 200,001 files, over the limit of 200,000"
    assert over_limits(SiteFigures(10, 1, (("a", 10),)), HostLimits(total_bytes=9)) != []
    assert over_limits(SiteFigures(10, 1, (("a", 10),))) == []


def test_symbolic_links_are_not_counted(tmp_path):
    (tmp_path / "a").write_bytes(b"12345")
    os.symlink(tmp_path / "a", tmp_path / "b")
    assert site_figures(tmp_path) == SiteFigures(5, 1, (("a", 5),))


def test_the_deploy_workflow_checks_before_uploading():
    workflow = (ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8")
    assert workflow.index("python -m generator check-site site") < workflow.index("upload-pages-artifact")
