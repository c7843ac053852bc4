"""`python -m generator site` renders only what changed, and gives the files a full build gives.

Each step changes the records of one project, runs `generator build` then `generator site`
(incremental), and compares the site byte for byte with the stock `mkdocs build --strict` of a
fresh copy of the same records.
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
from pathlib import Path

import pytest

from generator.output import exclusive
from helpers import make_project, mkdocs_build, run_generator

SITE_ENV = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def generate(project: Path) -> None:
    result = run_generator("build", cwd=project, env=SITE_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def site(project: Path, *options: str) -> str:
    result = run_generator("site", *options, cwd=project, env=SITE_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return result.stdout


def full_build_of(project: Path, scratch: Path) -> dict[str, str]:
    """The stock MkDocs build of the same records and pages, in a fresh copy of the project."""
    shutil.rmtree(scratch, ignore_errors=True)
    fresh = make_project(scratch)
    shutil.rmtree(fresh / "records")
    shutil.copytree(project / "records", fresh / "records")
    generate(fresh)
    built = mkdocs_build(fresh)
    assert built.returncode == 0, built.stderr
    return tree_digest(fresh / "site")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "project")
    generate(project)
    assert "site built in full" in site(project)
    return project


def test_site_rebuild_renders_only_changed_pages_and_equals_a_full_build(project, tmp_path):
    records = project / "records"
    unchanged_page = project / "site" / "papers" / "jin-2022-pruning" / "index.html"
    before = unchanged_page.stat().st_mtime_ns
    # a changed title (search index), affiliation (tags) and result (aggregates)
    edit(records / "zhou-2023-three-regime.yaml", "A Three-regime Model", "A Four-regime Model")
    edit(records / "zhou-2023-three-regime.yaml", "result: Academia", "result: Collaboration")
    generate(project)
    report = site(project)
    assert "site built only what changed" in report
    rendered, total = (int(word.replace(",", "")) for word in report.split(":")[1].split()[:3:2])
    assert rendered < total
    assert unchanged_page.stat().st_mtime_ns == before  # not rendered again
    assert tree_digest(project / "site") == full_build_of(project, tmp_path / "full")
    searched = "".join(path.read_text(encoding="utf-8") for path in (project / "site" / "api" / "search").iterdir())
    assert "A Four-regime Model" in searched and "A Three-regime Model" not in searched


def test_site_rebuild_after_records_added_and_removed_equals_a_full_build(project, tmp_path):
    records = project / "records"
    added = (records / "lubana-2021-gradient.yaml").read_text(encoding="utf-8")
    added = added.replace("id: lubana-2021-gradient", "id: lubana-2021-flow").replace(
        "title: A Gradient Flow Framework", "title: Another Gradient Flow Framework"
    )
    (records / "lubana-2021-flow.yaml").write_text(added, encoding="utf-8")
    (records / "jin-2022-pruning.yaml").unlink()
    generate(project)
    report = site(project)
    assert "site built only what changed" in report
    assert not (project / "site" / "papers" / "jin-2022-pruning").exists()
    for edition in (project / "site" / "api" / "editions").glob("*.json.gz"):
        assert b"jin-2022-pruning" not in gzip.decompress(edition.read_bytes())
    assert (project / "site" / "papers" / "lubana-2021-flow" / "index.html").is_file()
    assert tree_digest(project / "site") == full_build_of(project, tmp_path / "full")


def test_changed_configuration_or_a_failed_build_makes_the_next_site_build_full(project):
    mkdocs_yml = project / "mkdocs.yml"
    edit(mkdocs_yml, "site_name: Reproducibility reports", "site_name: Reproducibility reports (staging)")
    assert "site built in full" in site(project)
    assert "site built only what changed" in site(project)
    broken = project / "docs" / "broken.md"
    broken.write_text("# Broken\n\n[a dead link](nowhere.md)\n", encoding="utf-8")
    generate(project)
    failed = run_generator("site", cwd=project, env=SITE_ENV)
    assert failed.returncode == 1 and "site build failed: Aborted with 1 warnings" in failed.stderr
    warning = next(line for line in failed.stderr.splitlines() if line.startswith("  WARNING: "))
    assert "broken.md" in warning and "nowhere.md" in warning  # the warning itself, not only its count
    assert "MkDocs' warnings are above" in failed.stderr and "python -m generator build" in failed.stderr
    broken.unlink()
    generate(project)
    assert "site built in full" in site(project)
    assert "site built in full" in site(project, "--full")


def test_bench_times_the_site_build_and_the_rebuild_of_one_change(tmp_path):
    result = run_generator(
        "bench", "--sizes", "", "--site-sizes", "30", "--builders", "mkdocs", "--work", str(tmp_path), env=SITE_ENV
    )
    assert result.returncode == 0, result.stderr
    assert "| site: mkdocs build |" in result.stdout and "search index" in result.stdout
    assert "| site: mkdocs rebuild, one record changed |" in result.stdout


def test_site_before_build_says_what_to_run(tmp_path):
    project = make_project(tmp_path / "project")  # nothing generated yet
    result = run_generator("site", cwd=project, env=SITE_ENV)
    assert result.returncode == 1
    assert "docs_dir" in result.stderr and "python -m generator build" in result.stderr
    assert not (project / "build" / ".cache" / "site.json").exists()


def test_a_changed_template_override_makes_the_next_site_build_full(project):
    overrides = project / "overrides"  # mkdocs.yml's custom_dir; the fixture built the site in full
    (overrides / "main.html").write_text('{% extends "base.html" %}\n{% block footer %}{% endblock %}\n')
    assert "site built in full" in site(project)  # every page's template changed
    assert "site built only what changed" in site(project)


def damage_search_index(project: Path, how: str) -> None:
    index = project / "site" / "search" / "search_index.json"
    content = index.read_bytes()
    if how == "truncated":
        index.write_bytes(content[: len(content) // 2])
    elif how == "empty":
        index.write_bytes(b"")
    elif how == "missing":
        index.unlink()
    elif how == "not UTF-8":
        index.write_bytes(content[:10] + b"\xff\xfe" + content[10:])
    elif how == "of another shape":
        index.write_text('{"docs": {"location": 1}}', encoding="utf-8")
    elif how == "with entries of another shape":
        index.write_text('{"config": {}, "docs": [{"location": 7, "title": "x", "text": "y"}]}', encoding="utf-8")
    elif how == "edited":  # well formed, but not what the last build wrote: its entries would be kept
        index.write_bytes(content.replace(b'"title":"', b'"title":"Edited ', 1))
    else:
        raise AssertionError(how)


def damage_state(project: Path, how: str) -> None:
    state = project / "build" / ".cache" / "site.json"
    if how == "truncated":
        state.write_bytes(state.read_bytes()[:20])
    elif how == "a list":
        state.write_text("[]", encoding="utf-8")
    elif how == "outputs of another shape":
        state.write_text(state.read_text(encoding="utf-8").replace('"outputs": [', '"outputs": [7, ', 1))
    elif how == "a folder":
        state.unlink()
        state.mkdir()
    else:
        raise AssertionError(how)


def test_an_unusable_previous_site_state_makes_the_next_site_build_full_by_itself(project, tmp_path):
    """A search index or state file that is truncated, missing, damaged or edited never fails the
    next `generator site` (before, a truncated index made every run fail until --full): it builds
    in full, says why, and gives what a full build gives."""
    expected = full_build_of(project, tmp_path / "full")
    damages = [("search index", how, damage_search_index) for how in SEARCH_INDEX_DAMAGES]
    damages += [("state file", how, damage_state) for how in STATE_DAMAGES]
    for what, how, damage in damages:
        assert "site built only what changed" in site(project)
        damage(project, how)
        report = site(project)
        assert "site built in full (" in report, f"{what} {how}: {report}"
        assert tree_digest(project / "site") == expected, f"{what} {how}"
        state = project / "build" / ".cache" / "site.json"
        if state.is_dir():
            state.rmdir()


SEARCH_INDEX_DAMAGES = [
    "truncated",
    "empty",
    "missing",
    "not UTF-8",
    "of another shape",
    "with entries of another shape",
    "edited",
]
STATE_DAMAGES = ["truncated", "a list", "outputs of another shape"]


def test_site_refuses_a_source_folder_left_partly_updated_and_a_second_site_build_at_once(project):
    journal = project / "build" / ".docs.commit.json"
    journal.write_text('{"staging": ".docs.staging-gone", "write": [], "remove": []}', encoding="utf-8")
    refused = run_generator("site", cwd=project, env=SITE_ENV)
    assert refused.returncode == 1, refused.stderr
    assert "build/docs is partly updated by a build that stopped" in refused.stderr
    assert "run `python -m generator build` to finish it first; nothing was built" in refused.stderr
    generate(project)  # finishes (here: drops) the unfinished update
    assert not journal.exists()
    with exclusive(project / "site", project / "build" / ".cache" / "site.json.lock"):
        busy = run_generator("site", cwd=project, env=SITE_ENV)
    assert busy.returncode == 1 and "another build is writing " in busy.stderr, busy.stderr
    assert "(it holds build/.cache/site.json.lock)" in busy.stderr and "nothing was built" in busy.stderr
    assert "site built only what changed" in site(project)


def test_a_full_build_empties_the_site_folder_but_its_dot_files_and_leaves_nothing_beside(project):
    """What MkDocs removes before a full build is moved aside and removed by another process; the
    folder a killed build left beside the site is removed too."""
    folder = project / "site"
    (folder / ".nojekyll").write_text("kept, as MkDocs keeps it\n")
    (folder / "stray" / "page.html").parent.mkdir()
    (folder / "stray" / "page.html").write_text("not made by this build\n")
    (project / ".site.old-killed" / "papers").mkdir(parents=True)
    (project / ".site.old-killed" / "papers" / "index.html").write_text("left by a killed build\n")
    assert "site built in full" in site(project, "--full")
    assert (folder / ".nojekyll").read_text() == "kept, as MkDocs keeps it\n"
    assert not (folder / "stray").exists() and (folder / "index.html").is_file()
    assert not list(project.glob(".site.old-*"))
