"""Two releases made with `python -m generator release` from the fixture records (added, removed,
reviewed and corrected papers, correction requests opened, accepted and declined;
tests/fixtures/releases/README.md), each followed by a build: the Changes pages, feeds, "added /
last changed" lines, citation files and data package of each, and the Frictionless validator's
verdict on each package; and the build cache's release facts."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import feedparser
import pytest
import yaml
from release_fixtures import RELEASE_FIXTURES

from generator import cache, feeds, releases
from generator.bench import write_records
from generator.checking import check
from helpers import run_generator, run_generator_process

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "unit"))
from test_citation import cff_errors  # the CFF 1.2.0 schema check, one copy

FIRST, SECOND = ("2026.10.0", "2026-10-15"), ("2026.11.0", "2026-11-30")
SITE = "https://example.org/reports/"  # site_url in tests/fixtures/releases/mkdocs.yml


def use_records(project: Path, name: str) -> None:
    shutil.rmtree(project / "records", ignore_errors=True)
    shutil.copytree(RELEASE_FIXTURES / name / "records", project / "records")


def release(project: Path, version: str, date: str, *extra: str) -> subprocess.CompletedProcess:
    return run_generator_process("release", version, "--date", date, *extra, cwd=project)


def build(project: Path) -> Path:
    result = run_generator("build", "--no-cache", "--docs", "no-docs", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "build" / "docs"


def frictionless_report(package: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", str(package)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("project")
    shutil.copy(RELEASE_FIXTURES / "mkdocs.yml", project / "mkdocs.yml")
    return project


@pytest.fixture(scope="module")
def first(project) -> dict:
    use_records(project, "first")
    made = release(project, *FIRST)
    assert made.returncode == 0, made.stdout + made.stderr
    out = build(project)
    return {
        "release": made,
        "changes": (out / "changes" / "2026.10.0.md").read_text(),
        "package": json.loads((out / "data" / "datapackage.json").read_text()),
        "frictionless": frictionless_report(out / "data" / "datapackage.json"),
        "cff": (project / "CITATION.cff").read_bytes(),
    }


@pytest.fixture(scope="module")
def second(project, first) -> dict:
    use_records(project, "second")
    made = release(project, *SECOND)
    assert made.returncode == 0, made.stdout + made.stderr
    out = build(project)
    return {"release": made, "out": out, "frictionless": frictionless_report(out / "data" / "datapackage.json")}


def test_the_first_release(project, first):
    assert "release 2026.10.0 of 2026-10-15 (the first release): 4 papers added" in first["release"].stdout
    assert (project / "releases" / "2026.10.0.json").is_file()
    assert first["package"]["version"] == "2026.10.0" and first["package"]["released"] == "2026-10-15"
    assert first["frictionless"]["valid"] is True, json.dumps(first["frictionless"])[:2000]
    assert first["changes"] == (RELEASE_FIXTURES / "expected" / "changes-2026.10.0.md").read_text()
    assert "Correction requests in the first release: 1 opened." in first["changes"]
    written = json.loads((project / "releases" / "2026.10.0.json").read_text())
    assert written["format"] == 2
    (request,) = written["papers"]["zhou-2023-three-regime"]["requests"]["hardware_specification"]
    assert (request["by"], request["status"], request["result"]) == ("A reader", "open", "Yes")
    assert yaml.safe_load(first["cff"])["version"] == "2026.10.0" and cff_errors(first["cff"]) == []


def test_the_second_release_says_what_changed(second):
    printed = second["release"].stdout
    assert "since 2026.10.0: 2 papers added, 1 removed, 3 changed" in printed
    assert "Open Source Code: 1 result changed, 1 No to Yes" in printed
    assert "dataset_splits No -> Yes (correction accepted (Tao Zhuang, 2026-11-10))" in printed
    assert "correction requests: 2 opened, 1 accepted, 1 declined" in printed


def test_the_changes_pages_are_the_expected_ones(second):
    out = second["out"]
    expected = (RELEASE_FIXTURES / "expected" / "changes-2026.11.0.md").read_text()
    assert (out / "changes" / "2026.11.0.md").read_text() == expected
    # an open request, one opened and accepted, one open before and declined, with the reason
    assert "<p>Correction requests since 2026.10.0: 2 opened, 1 accepted, 1 declined.</p>" in expected
    assert "<td>opened</td>" in expected and "<td>opened and accepted</td>" in expected
    assert "<td>declined on 2026-11-20</td><td>Naming GPUs without their model" in expected
    old = (out / "changes" / "2026.10.0.md").read_text()
    assert "lubana-2021-gradient, removed since" in old  # no link to a page that is gone
    assert 'href="../../papers/lubana-2021-gradient/"' not in old
    index = (out / "changes" / "index.md").read_text()
    assert index.index("2026.11.0") < index.index("2026.10.0")
    assert 'href="../releases.xml"' in index and 'href="../cite/"' in index
    unreleased = (out / "changes" / "unreleased.md").read_text()
    assert "No paper was added, removed or changed." in unreleased


def test_paper_pages_say_when_each_paper_was_added_and_last_changed(second):
    papers = second["out"] / "papers"
    zhuang = (papers / "zhuang-2020-neuron-level.md").read_text()
    assert 'Added in release <a href="../../changes/2026.10.0/#paper-zhuang-2020-neuron-level">2026.10.0</a>' in zhuang
    assert 'last changed in <a href="../../changes/2026.11.0/#paper-zhuang-2020-neuron-level">2026.11.0</a>' in zhuang
    euler = (papers / "euler-2024-bounds.md").read_text()
    assert "Added in release" in euler and "2026.11.0" in euler and "last changed" not in euler
    jin = (papers / "jin-2022-pruning.md").read_text()
    assert "last changed in" in jin and "changed since the last release" not in jin


def test_the_feeds_parse_and_keep_their_ids(second):
    releases_feed = feedparser.parse((second["out"] / feeds.RELEASES_FEED_PATH).read_bytes())
    assert not releases_feed.bozo
    assert [entry.id for entry in releases_feed.entries] == [
        "tag:example.org,2026-11-30:changes/2026.11.0",
        "tag:example.org,2026-10-15:changes/2026.10.0",
    ]
    papers_feed = feedparser.parse((second["out"] / feeds.PAPERS_FEED_PATH).read_bytes())
    assert not papers_feed.bozo
    ids = [entry.id for entry in papers_feed.entries]
    assert "tag:example.org,2026-11-30:papers/zhuang-2020-neuron-level/2026.11.0" in ids
    assert "tag:example.org,2026-11-30:papers/lubana-2021-gradient/2026.11.0" in ids
    assert len(ids) == len(set(ids)) == 4 + 2 + 1 + 3


def test_the_second_package_and_citation_files(project, second):
    package = json.loads((second["out"] / "data" / "datapackage.json").read_text())
    assert (package["version"], package["released"]) == SECOND
    assert second["frictionless"]["valid"] is True, json.dumps(second["frictionless"])[:2000]
    cff = (project / "CITATION.cff").read_bytes()
    assert cff_errors(cff) == [] and yaml.safe_load(cff)["date-released"] == "2026-11-30"
    zenodo = json.loads((project / ".zenodo.json").read_text())
    assert (zenodo["version"], zenodo["publication_date"]) == SECOND
    cite = (second["out"] / "cite.md").read_text()
    assert "Version 2026.11.0, released 2026-11-30." in cite


def test_unreleased_changes_show_and_a_release_is_never_made_twice(project, second, tmp_path):
    edited = project / "records" / "jin-2022-pruning.yaml"
    original = edited.read_text()
    try:
        edited.write_text(original.replace("title: ", "title: Revisited ", 1))
        out = build(project)
        assert "jin-2022-pruning" in (out / "changes" / "unreleased.md").read_text()
        page = (out / "papers" / "jin-2022-pruning.md").read_text()
        assert 'href="../../changes/unreleased/">changed since the last release</a>' in page
        assert json.loads((out / "data" / "datapackage.json").read_text())["version"] == "2026.11.0+unreleased"
    finally:
        edited.write_text(original)
    again = release(project, *SECOND)
    assert again.returncode == 1 and "exists already" in again.stderr
    older = release(project, "2026.9.0", "2026-09-30")
    assert older.returncode == 1 and "not newer" in older.stderr
    assert sorted(path.name for path in (project / "releases").iterdir()) == ["2026.10.0.json", "2026.11.0.json"]


def test_the_build_cache_keeps_each_records_release_facts(project, second):
    """After a release, a cached build hashes each record once: its release facts are kept in the
    cache entry of the file's bytes, so the next build with no record changed makes none and
    leaves the cache as it was; a changed record's are made again."""
    cache_file = project / "build" / ".cache" / "records.pickle"
    cache_file.unlink(missing_ok=True)
    assert run_generator("build", "--docs", "no-docs", cwd=project).returncode == 0
    entries = cache.load(cache_file, cache.fingerprint()).entries
    papers = {record.paper.id: record.paper for record in check([project / "records"]).loaded}
    assert len(entries) == len(papers) == 5
    for path, entry in entries.items():
        assert entry[cache.RELEASE_FACTS] == releases.release_facts(papers[Path(path).stem])
    saved = cache_file.read_bytes()
    assert run_generator("build", "--docs", "no-docs", cwd=project).returncode == 0
    assert cache_file.read_bytes() == saved  # nothing made, so nothing to save
    edited = project / "records" / "zhou-2023-three-regime.yaml"
    original = edited.read_text()
    try:
        edited.write_text(original.replace("status: declined", "status: accepted"))
        out = project / "build" / "docs"
        assert run_generator("build", "--docs", "no-docs", cwd=project).returncode == 0
        unreleased = (out / "changes" / "unreleased.md").read_text()
        assert "<td>accepted on 2026-11-20 (was declined)</td>" in unreleased
        entry = cache.load(cache_file, cache.fingerprint()).entries[str(Path("records") / edited.name)]
        assert entry[cache.RELEASE_FACTS][4]["hardware_specification"][0][5] == "accepted"
    finally:
        edited.write_text(original)


def test_a_release_without_citation_facts_writes_nothing(tmp_path):
    shutil.copytree(RELEASE_FIXTURES / "first" / "records", tmp_path / "records")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    result = release(tmp_path, *FIRST)
    assert result.returncode == 1 and "extra.citation" in result.stderr
    assert not (tmp_path / "releases").exists() and not (tmp_path / "CITATION.cff").exists()


def test_a_malformed_release_file_fails_the_build(tmp_path):
    shutil.copytree(RELEASE_FIXTURES / "first" / "records", tmp_path / "records")
    (tmp_path / "releases").mkdir()
    (tmp_path / "releases" / "2026.10.0.json").write_text('{"format": 1, "version": "2026.10.0"}')
    result = run_generator("build", "--no-cache", cwd=tmp_path)
    assert result.returncode == 1 and "2026.10.0.json" in result.stderr and "nothing in" in result.stderr
    assert releases.read_releases(tmp_path / "nothing") == []


def test_a_release_of_many_synthetic_papers(tmp_path):
    """A first release of 600 synthetic records, three times what a Changes page lists, then 300
    of them changed: the pages count the papers by edition instead of listing them, each paper
    page's history links the paragraph that counts it, and the feed has one entry for the 600."""
    shutil.copy(RELEASE_FIXTURES / "mkdocs.yml", tmp_path / "mkdocs.yml")
    write_records(tmp_path / "records", 600)
    made = release(tmp_path, *FIRST)
    assert made.returncode == 0, made.stdout + made.stderr
    out = build(tmp_path)
    page = (out / "changes" / "2026.10.0.md").read_text()
    assert len(page.encode()) < 20_000 and 'id="paper-' not in page
    assert '<p id="added-not-listed">600 papers added: more than 200' in page
    papers = [record.paper for record in check([tmp_path / "records"]).loaded]
    rows = re.findall(r'<tr><td><a href="../../venues/([a-z0-9-]+)/">([^<]+)</a></td><td>([0-9,]+)</td></tr>', page)
    assert {edition: int(count) for _, edition, count in rows} == Counter(f"{p.venue} {p.year}" for p in papers)
    assert all((out / "venues" / f"{name}.md").is_file() for name, _, _ in rows)
    for paper in papers[:3]:
        paper_page = (out / "papers" / f"{paper.id}.md").read_text()
        assert 'Added in release <a href="../../changes/2026.10.0/#added-not-listed">2026.10.0</a>' in paper_page
    feed = feedparser.parse((out / feeds.PAPERS_FEED_PATH).read_bytes())
    assert [(entry.title, entry.link) for entry in feed.entries] == [
        ("600 papers added in 2026.10.0, not listed one by one", SITE + "changes/2026.10.0/#added-not-listed")
    ]
    marker = '  experiment_setup:\n    result: "'
    flips = {marker + "Yes", marker + "No"}
    texts = {path: path.read_text() for path in sorted((tmp_path / "records").glob("*.yaml"))}
    # not a paper people reviewed: its published result is the person's, which the flip leaves as it is
    flippable = [path for path, text in texts.items() if "reviewed:" not in text and any(f in text for f in flips)]
    for path in flippable[:300]:
        yes = marker + "Yes" in texts[path]  # one result each: Experiment Setup, Yes to No or No to Yes
        path.write_text(texts[path].replace(marker + ("Yes" if yes else "No"), marker + ("No" if yes else "Yes")))
    unreleased = (build(tmp_path) / "changes" / "unreleased.md").read_text()
    assert "0 papers added, 0 removed, 300 changed since 2026.10.0." in unreleased
    assert "<li>Experiment Setup: 300 results changed, " in unreleased
    assert unreleased.count('<tr id="paper-') == releases.LISTED_RESULT_CHANGES
    assert "Not listed here: 100 of the 300 papers whose results changed" in unreleased
