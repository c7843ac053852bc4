"""The build cache never serves stale output: after any change, an incremental build equals a cold one.

Each test builds with the cache, changes something, builds again with the cache, and compares the
result byte for byte with a cold build (no cache) of the same records into another folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import cache, checking, pages
from generator.build import build

MANIFEST = ".manifest.json"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def mtimes(folder: Path) -> dict[str, int]:
    return {
        path.relative_to(folder).as_posix(): path.stat().st_mtime_ns
        for path in folder.rglob("*")
        if path.is_file() and path.name != MANIFEST
    }


@pytest.fixture
def incremental(project: Path):
    """(records folder, function building with the cache and returning the output folder, cold-build check)."""
    records, docs = project / "records", project / "docs"
    out, cache_file = project / "build" / "docs", project / "build" / ".cache" / "records.pickle"

    def build_incrementally() -> Path:
        build(records, out, docs, None, cache_file)
        return out

    def assert_same_as_cold() -> None:
        cold = project / "cold" / "docs"
        shutil.rmtree(cold.parent, ignore_errors=True)
        build(records, cold, docs, None, None)
        assert tree(out) == tree(cold)

    build_incrementally()
    return records, build_incrementally, assert_same_as_cold


def test_nothing_changed_rewrites_nothing(incremental):
    records, build_incrementally, assert_same_as_cold = incremental
    out = build_incrementally()
    before = mtimes(out)
    result = build(records, out, records.parent / "docs", None, out.parent / ".cache" / "records.pickle")
    assert result.written.written == 0 and result.cache_hits == len(list(records.glob("*.yaml")))
    assert mtimes(out) == before
    assert_same_as_cold()


def test_changed_record_rewrites_only_its_files_and_aggregates(incremental):
    records, build_incrementally, assert_same_as_cold = incremental
    out = build_incrementally()
    before = mtimes(out)
    path = records / "zhou-2023-three-regime.yaml"
    path.write_text(path.read_text().replace("result: 'No'", "result: 'Yes'", 1))
    build_incrementally()
    after = mtimes(out)
    changed = {name for name in after if after[name] != before.get(name)}
    assert "papers/zhou-2023-three-regime.md" in changed
    assert "api/papers/zhou-2023-three-regime.json" in changed
    assert "papers/jin-2022-pruning.md" not in changed and "api/papers/jin-2022-pruning.json" not in changed
    assert {"data/papers.csv", "data/assessments.csv", "index.md", "statistics.md"} <= changed
    assert_same_as_cold()


def test_added_deleted_and_renamed_records(incremental):
    records, build_incrementally, assert_same_as_cold = incremental
    source = records / "lubana-2021-gradient.yaml"
    added = (
        source.read_text()
        .replace("id: lubana-2021-gradient", "id: lubana-2021-flow")
        .replace("title: A Gradient Flow Framework", "title: Another Gradient Flow Framework")
    )
    (records / "lubana-2021-flow.yaml").write_text(added)
    build_incrementally()
    assert_same_as_cold()
    (records / "jin-2022-pruning.yaml").unlink()
    build_incrementally()
    assert_same_as_cold()
    renamed = (
        (records / "zhuang-2020-neuron-level.yaml")
        .read_text()
        .replace("id: zhuang-2020-neuron-level", "id: zhuang-2020-polarization")
    )
    (records / "zhuang-2020-neuron-level.yaml").unlink()
    (records / "zhuang-2020-polarization.yaml").write_text(renamed)
    out = build_incrementally()
    assert not (out / "papers" / "zhuang-2020-neuron-level.md").exists()
    assert_same_as_cold()


def test_new_generator_or_schema_fingerprint_rebuilds_everything(incremental, monkeypatch):
    records, _, assert_same_as_cold = incremental
    # A new generator version renders differently; its source files give it another fingerprint.
    monkeypatch.setattr(cache, "fingerprint", lambda: "another generator version or schema")
    monkeypatch.setattr(pages, "score_text", lambda paper: "a changed template")
    result = build(
        records,
        records.parent / "build" / "docs",
        records.parent / "docs",
        None,
        records.parent / "build" / ".cache" / "records.pickle",
    )
    assert result.cache_hits == 0
    assert_same_as_cold()


def test_fingerprint_covers_schema_and_sources():
    cache.fingerprint.cache_clear()
    first = cache.fingerprint()
    cache.fingerprint.cache_clear()
    assert cache.fingerprint() == first
    assert len(first) == 64


def test_corrupt_cache_is_ignored(incremental):
    records, build_incrementally, assert_same_as_cold = incremental
    cache_file = records.parent / "build" / ".cache" / "records.pickle"
    cache_file.write_bytes(b"not a pickle")
    build_incrementally()
    assert_same_as_cold()


def test_same_size_edit_right_after_a_build_is_seen(incremental):
    """A change that keeps the file's size, made within the cache's racy window, is still read."""
    records, build_incrementally, assert_same_as_cold = incremental
    path = records / "lubana-2021-gradient.yaml"
    text = path.read_text()
    edited = text.replace("Ann Arbor", "Ann Arbus")
    assert len(edited) == len(text) and edited != text
    path.write_text(edited)
    out = build_incrementally()
    assert "Ann Arbus" in (out / "api" / "papers" / "lubana-2021-gradient.json").read_text()
    assert_same_as_cold()


def test_checking_on_both_cores_gives_what_checking_in_process_gives(tmp_path, monkeypatch):
    records = tmp_path / "records"
    shutil.copytree(Path(__file__).resolve().parents[1] / "fixtures" / "records", records)
    (records / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    in_process = checking.check([records], workers=1)
    monkeypatch.setattr(checking, "PARALLEL_MINIMUM", 1)
    monkeypatch.setattr(checking, "CHUNK_SIZE", 2)  # several chunks, gathered in order
    parallel = checking.check([records], workers=2)
    assert parallel.problems == in_process.problems and parallel.problems
    assert parallel.digests == in_process.digests
    assert [(item.path, item.packed, item.paper) for item in parallel.loaded] == [
        (item.path, item.packed, item.paper) for item in in_process.loaded
    ]
