"""The build cache never serves stale output: after any change, an incremental build equals a cold one.

Each test builds with the cache, changes something, builds again with the cache, and compares the
result byte for byte with a cold build (no cache) of the same records into another folder.
"""

from __future__ import annotations

import os
import pickle
import shutil
import socket
from pathlib import Path

import pytest
import yaml

from generator import cache, checking, overview, package, pages, paths
from generator.bench import write_records
from generator.build import build
from helpers import run_generator

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
    assert "data/records/icml-2023.json.gz" in changed  # the changed paper's edition
    assert "papers/jin-2022-pruning.md" not in changed and "data/records/neurips-2022.json.gz" not in changed
    assert {"data/papers.csv", "data/assessments.csv.gz", "index.md"} <= changed
    assert_same_as_cold()


def test_one_changed_record_compresses_only_its_group_of_papers_and_its_edition_again(tmp_path, monkeypatch):
    """The data package's compressed table copies the gzip members of unchanged groups of papers;
    of the editions' records, only the changed paper's edition is made again."""
    records, out, cache_file = tmp_path / "records", tmp_path / "build" / "docs", tmp_path / "build" / "cache"
    write_records(records, 300)
    build(records, out, tmp_path / "docs", None, cache_file)
    path = sorted(records.glob("*.yaml"))[150]
    changed = path.read_text(encoding="utf-8").replace('evidence: "', 'evidence: "Changed. ', 1)
    path.write_text(changed, encoding="utf-8")
    made, editions_made = [], []
    assessment_part, file_bytes = package._assessment_part, package.EditionRecords.file_bytes
    monkeypatch.setattr(package, "_assessment_part", lambda paper: made.append(paper.id) or assessment_part(paper))
    monkeypatch.setattr(
        package.EditionRecords, "file_bytes", lambda edition: editions_made.append(edition.name) or file_bytes(edition)
    )
    build(records, out, tmp_path / "docs", None, cache_file)
    papers = checking.papers_from(checking.check([records]).loaded)
    groups = package.paper_groups(papers)
    assert len(groups) > 2
    assert made == [paper.id for paper in next(group for group in groups if path.stem in [paper.id for paper in group])]
    changed_paper = next(paper for paper in papers if paper.id == path.stem)
    assert len(package.editions(papers)) > 2
    assert editions_made == [paths.edition_records_name(changed_paper.venue, changed_paper.year)]
    build(records, tmp_path / "cold", tmp_path / "docs", None, None)
    assert tree(out) == tree(tmp_path / "cold")


def test_only_the_pages_of_a_changed_papers_venue_and_edition_are_made_again(incremental, monkeypatch):
    """Venue, edition and papers-index pages show their own papers only: a rebuild makes again
    only those of a changed paper, and none when nothing changed."""
    records, build_incrementally, assert_same_as_cold = incremental
    made = []
    venue_page, edition_page = overview.render_venue_page, overview.render_edition_page
    index_page = pages._papers_index_page

    def venue(name, *rest):
        made.append(("venue", name))
        return venue_page(name, *rest)

    def edition(name, year, *rest):
        made.append(("edition", name, year))
        return edition_page(name, year, *rest)

    def index(papers, page, *rest):
        made.append(("papers index", page))
        return index_page(papers, page, *rest)

    monkeypatch.setattr(overview, "render_venue_page", venue)
    monkeypatch.setattr(overview, "render_edition_page", edition)
    monkeypatch.setattr(pages, "_papers_index_page", index)
    build_incrementally()
    assert made == []
    path = records / "zhou-2023-three-regime.yaml"
    path.write_text(path.read_text().replace("result: 'No'", "result: 'Yes'", 1))
    build_incrementally()
    assert sorted(made) == [("edition", "ICML", 2023), ("papers index", 1), ("venue", "ICML")]
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
    assert "Ann Arbus" in (out / "papers" / "lubana-2021-gradient.md").read_text()
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


def cache_file_of(records: Path) -> Path:
    return records.parent / "build" / ".cache" / "records.pickle"


def cold_tree(records: Path, cli: bool = False) -> dict[str, bytes]:
    """What a build without cache makes of the records, made as the build tested was: through
    ``build()`` (no site settings), or with ``cli`` by `generator build --no-cache`, which reads the
    project's mkdocs.yml too."""
    cold = records.parent / ("cold-cli" if cli else "cold-reference") / "docs"
    if not cold.exists():
        if cli:
            made = run_generator("build", "--no-cache", "--out", str(cold), cwd=records.parent)
            assert made.returncode == 0, made.stderr
        else:
            build(records, cold, records.parent / "docs", None, None)
    return tree(cold)


def test_every_damaged_byte_of_the_cache_is_caught(incremental):
    """Header, pickle and trailer: a cache with any one byte changed is refused as a whole."""
    records, _, _ = incremental
    intact = cache_file_of(records).read_bytes()
    header_end = intact.index(b"\n", intact.index(b"saved ")) + 1
    positions = [*range(header_end), *range(header_end, len(intact) - cache.TRAILER, 89)]
    positions += range(len(intact) - cache.TRAILER, len(intact))
    damaged = records.parent / "damaged.pickle"
    accepted = []
    for position in positions:
        for flip in (0x01, 0x80):
            content = bytearray(intact)
            content[position] ^= flip
            damaged.write_bytes(content)
            loaded = cache.load(damaged, cache.fingerprint())
            if loaded.entries or not loaded.warning:
                accepted.append((position, flip))
    assert accepted == []
    assert cache.load(cache_file_of(records), cache.fingerprint()).entries  # the intact one is used


@pytest.mark.parametrize("where", ["header", "payload", "trailer"])
def test_a_damaged_cache_publishes_what_a_build_without_cache_publishes(incremental, where):
    records, _, _ = incremental
    cache_file = cache_file_of(records)
    intact = cache_file.read_bytes()
    payload_start = intact.index(b"\n", intact.index(b"saved ")) + 1
    for record in records.glob("*.yaml"):  # a byte of record text in the pickle: the worst place
        title = yaml.safe_load(record.read_text(encoding="utf-8"))["title"].encode("utf-8")
        if title in intact[payload_start:]:
            break
    position = {
        "header": len(cache.MAGIC) + 8,
        "payload": intact.index(title, payload_start) + 2,
        "trailer": len(intact) - 5,
    }[where]
    content = bytearray(intact)
    content[position] ^= 0x20  # a letter's case: still valid text in the pickle
    cache_file.write_bytes(content)
    result = build(records, records.parent / "build" / "docs", records.parent / "docs", None, cache_file)
    assert result.cache_hits == 0 and "ignored" in result.warnings[0]
    assert tree(records.parent / "build" / "docs") == cold_tree(records)
    result = build(records, records.parent / "build" / "docs", records.parent / "docs", None, cache_file)
    assert result.cache_hits == len(list(records.glob("*.yaml"))) and result.warnings == []  # mended


def unusable_caches(records: Path, cache_file: Path) -> dict:
    """Ways the cache file can be other than this generator wrote it; each makes a cache file."""
    intact = cache_file.read_bytes()
    other_pickle = pickle.dumps(("fingerprint", 0, {"records/x.yaml": ("0" * 64, (0, 0), b"", (), None, None)}))
    runs_code = pickle.dumps(RunsCode())

    def write(content: bytes):
        return lambda: cache_file.write_bytes(content)

    def replace_with(make):
        def replace():
            cache_file.unlink()
            make(cache_file)

        return replace

    return {
        "empty": write(b""),
        "truncated in the header": write(intact[:30]),
        "truncated in the payload": write(intact[: len(intact) // 2]),
        "truncated in the trailer": write(intact[:-3]),
        "another format": write(intact.replace(f"format {cache.FORMAT}".encode(), b"format 6", 1)),
        "a pickle of something else": write(other_pickle),
        "a pickle that runs code": write(runs_code),
        "a folder": replace_with(lambda path: path.mkdir()),
        "a FIFO": replace_with(lambda path: os.mkfifo(path)),
        "a symbolic link": replace_with(lambda path: path.symlink_to(records / "jin-2022-pruning.yaml")),
        "a socket": replace_with(bind_socket),
    }


class RunsCode:
    def __reduce__(self):
        return (os.system, ("touch ran-code",))


def bind_socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays


@pytest.mark.parametrize(
    "kind",
    [
        "empty",
        "truncated in the header",
        "truncated in the payload",
        "truncated in the trailer",
        "another format",
        "a pickle of something else",
        "a pickle that runs code",
        "a folder",
        "a FIFO",
        "a symbolic link",
        "a socket",
    ],
)
def test_an_unusable_cache_is_ignored_with_a_warning_never_a_crash_or_a_hang(incremental, kind):
    records, _, _ = incremental
    project = records.parent
    cache_file = cache_file_of(records)
    unusable_caches(records, cache_file)[kind]()
    kind_before = os.lstat(cache_file).st_mode & 0o170000
    completed = run_generator("build", cwd=project)  # a FIFO opened blocking would hang (until its timeout)
    assert completed.returncode == 0, completed.stderr
    assert "warning: cache build/.cache/records.pickle ignored: " in completed.stderr, completed.stderr
    assert tree(project / "build" / "docs") == cold_tree(records, cli=True)
    assert not (project / "ran-code").exists()
    if kind_before != 0o100000:  # not a regular file: never replaced (think of --cache /dev/null)
        assert os.lstat(cache_file).st_mode & 0o170000 == kind_before
        assert "is not a regular file, so it is not replaced" in completed.stderr


def test_the_cache_is_written_again_only_when_more_than_one_record_in_1000_changed():
    assert cache.worth_saving(records=5, hits=4, cached=5)  # a small project: after any change
    assert not cache.worth_saving(records=5, hits=5, cached=5)
    assert cache.worth_saving(records=5, hits=0, cached=0)  # none yet
    assert not cache.worth_saving(records=57_000, hits=56_990, cached=57_000)  # 10 read again: ~10 ms
    assert not cache.worth_saving(records=57_000, hits=56_960, cached=57_000)  # 40 read again, 40 entries unused
    assert cache.worth_saving(records=57_000, hits=56_940, cached=57_000)  # 60
    assert cache.worth_saving(records=57_000, hits=57_000, cached=57_060)  # 60 gone


def test_a_cache_not_written_again_after_a_small_change_still_serves_only_what_is_current(tmp_path):
    from generator.bench import write_records

    records, out = tmp_path / "records", tmp_path / "build" / "docs"
    cache_file = tmp_path / "build" / ".cache" / "records.pickle"
    write_records(records, 1100)
    build(records, out, tmp_path / "docs", None, cache_file)
    saved = cache_file.stat().st_mtime_ns
    changed = sorted(records.glob("*.yaml"))[7]
    changed.write_text(changed.read_text().replace("title: ", "title: Changed ", 1))
    result = build(records, out, tmp_path / "docs", None, cache_file)
    assert cache_file.stat().st_mtime_ns == saved and result.cache_hits == 1099  # not written again
    again = build(records, out, tmp_path / "docs", None, cache_file)
    assert again.cache_hits == 1099 and again.written.written == 0  # the changed record is read again
    cold = tmp_path / "cold" / "docs"
    build(records, cold, tmp_path / "docs", None, None)
    assert tree(out) == tree(cold)
