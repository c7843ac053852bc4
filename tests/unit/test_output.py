"""Atomic output: a failure part-way leaves the previous output exactly as it was."""

import os
import subprocess

import pytest

from generator import output
from generator.output import Deferred, Spliced, UnsafePathError, write_tree


def beside(folder):
    """What is in ``folder`` but the record of the files written (``.out.files.json``)."""
    return sorted(name for name in os.listdir(folder) if name != ".out.files.json")


def snapshot(folder):
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_write_then_rewrite_keeps_unchanged_files(tmp_path):
    out = tmp_path / "out"
    summary = write_tree(out, [("a.md", b"A"), ("sub/b.md", b"B")])
    assert (summary.written, summary.unchanged) == (2, 0)
    before = snapshot(out)
    summary = write_tree(out, [("a.md", b"A2"), ("sub/b.md", b"B")])
    assert (summary.written, summary.unchanged) == (1, 1)
    after = snapshot(out)
    assert after["sub/b.md"] == before["sub/b.md"]  # same bytes and modification time
    assert after["a.md"][0] == b"A2"


def test_removed_files_disappear(tmp_path):
    out = tmp_path / "out"
    write_tree(out, [("a.md", b"A"), ("b.md", b"B")])
    summary = write_tree(out, [("a.md", b"A")])
    assert summary.removed == 1 and not (out / "b.md").exists()


@pytest.mark.parametrize("error", [RuntimeError("disk on fire"), KeyboardInterrupt()])
def test_failure_mid_build_leaves_previous_output(tmp_path, error):
    out = tmp_path / "out"
    write_tree(out, [("a.md", b"A"), ("b.md", b"B")])
    before = snapshot(out)

    def failing():
        yield "a.md", b"changed"
        raise error

    with pytest.raises(type(error)):
        write_tree(out, failing())
    assert snapshot(out) == before
    assert beside(tmp_path) == ["out"]  # no staging folder left behind


@pytest.mark.parametrize("path", ["../escape.md", "/etc/passwd", "a/../../b", "", ".", "a\x00b", "a\\b", "a//b"])
def test_paths_cannot_escape(tmp_path, path):
    with pytest.raises(UnsafePathError):
        write_tree(tmp_path / "out", [(path, b"x")])
    assert not (tmp_path / "out").exists()


def test_duplicate_paths_refused(tmp_path):
    with pytest.raises(UnsafePathError):
        write_tree(tmp_path / "out", [("a.md", b"1"), ("a.md", b"2")])


def test_streamed_file_with_a_stale_manifest_is_written_not_lost(tmp_path):
    out = tmp_path / "out"
    write_tree(out, [("big.csv", iter([b"a,", b"b\n"]))])
    before = (out / "big.csv").stat().st_mtime_ns
    summary = write_tree(out, [("big.csv", iter([b"a,", b"b\n"]))])
    assert summary.unchanged == 1 and (out / "big.csv").stat().st_mtime_ns == before
    (out / "big.csv").unlink()  # the manifest still names it
    summary = write_tree(out, [("big.csv", iter([b"a,", b"b\n"]))])
    assert summary.written == 1 and (out / "big.csv").read_bytes() == b"a,b\n"


def test_missing_and_stray_files_are_mended(tmp_path):
    out = tmp_path / "out"
    write_tree(out, [("a.md", b"A"), ("sub/b.md", Deferred("key-b", lambda: b"B"))])
    (out / "a.md").unlink()
    (out / "sub" / "b.md").unlink()
    (out / "stray.md").write_bytes(b"not generated")
    (out / "strays").mkdir()
    (out / "strays" / "c.md").write_bytes(b"nor this")
    summary = write_tree(out, [("a.md", b"A"), ("sub/b.md", Deferred("key-b", lambda: b"B"))])
    assert (summary.written, summary.unchanged, summary.removed) == (2, 0, 2)
    assert {path: content for path, (content, _) in snapshot(out).items() if path != ".manifest.json"} == {
        "a.md": b"A",
        "sub/b.md": b"B",
    }
    assert not (out / "strays").exists()


def test_interrupted_commit_is_finished_at_once(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_tree(out, [("a.md", b"A"), ("b.md", b"B"), ("old.md", b"O")])
    real_replace = os.replace
    calls = []

    def interrupted_once(source, target):  # Ctrl-C on the first file moved into place
        if str(target).startswith(str(out)):
            calls.append(target)
            if len(calls) == 1:
                raise KeyboardInterrupt
        real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", interrupted_once)
    with pytest.raises(KeyboardInterrupt):
        write_tree(out, [("a.md", b"A2"), ("b.md", b"B2")])
    monkeypatch.setattr(output.os, "replace", real_replace)
    contents = {path: content for path, (content, _) in snapshot(out).items()}
    assert contents.pop(".manifest.json")
    assert contents == {"a.md": b"A2", "b.md": b"B2"}
    assert beside(tmp_path) == ["out"]  # no journal, no staging folder


def test_unreadable_journal_makes_the_next_build_write_everything(tmp_path):
    out = tmp_path / "out"
    write_tree(out, [("a.md", b"A")])
    (tmp_path / ".out.commit.json").write_text('{"staging": "../../etc", "write": [], "remove": []}')
    summary = write_tree(out, [("a.md", b"A")])
    assert summary.written == 1 and (out / "a.md").read_bytes() == b"A"
    assert beside(tmp_path) == ["out"]


def test_spliced_file_copies_the_parts_whose_keys_it_had(tmp_path):
    out = tmp_path / "out"
    made = []

    def part(key: str, text: bytes) -> Deferred:
        return Deferred(key, lambda: made.append(key) or text)

    write_tree(out, [("big.json", Spliced([b"[", part("a1", b"A"), b",", part("b1", b"B"), b"]"]))])
    assert (out / "big.json").read_bytes() == b"[A,B]" and made == ["a1", "b1"]
    made.clear()
    parts = [b"[", part("b1", b"never made"), b",", part("c1", b"C"), b",", part("a2", b"A2"), b"]"]
    summary = write_tree(out, [("big.json", Spliced(parts))])
    assert (out / "big.json").read_bytes() == b"[B,C,A2]"  # b1 copied from the old file, in its new place
    assert made == ["c1", "a2"] and summary.written == 1
    made.clear()
    sizes = []
    parts = [b"[", part("b1", b"x"), b",", part("c1", b"x"), b",", part("a2", b"x"), b"]"]
    summary = write_tree(out, [("big.json", Spliced(parts, sizes.append))])
    assert made == [] and summary.unchanged == 1 and sizes == [len(b"[B,C,A2]")]


def test_a_deferred_file_tells_its_size_whether_made_or_kept(tmp_path):
    """The Downloads page shows the size of files a rebuild keeps without making them again."""
    out = tmp_path / "out"
    sizes, made = [], []

    def records(text: bytes, key: str = "k1") -> Deferred:
        return Deferred(key, lambda: made.append(text) or text, sizes.append)

    write_tree(out, [("data/e.json.gz", records(b"12345"))])
    summary = write_tree(out, [("data/e.json.gz", records(b"never made"))])
    assert summary.unchanged == 1 and made == [b"12345"] and sizes == [5, 5]
    write_tree(out, [("data/e.json.gz", records(b"123", "k2"))])
    assert sizes == [5, 5, 3] and (out / "data" / "e.json.gz").read_bytes() == b"123"


def test_spliced_file_makes_parts_again_when_the_old_file_is_not_what_its_index_says(tmp_path):
    out = tmp_path / "out"
    write_tree(out, [("big.txt", Spliced([Deferred("a", lambda: b"AAAA"), Deferred("b", lambda: b"BBBB")]))])
    (out / "big.txt").write_bytes(b"AA")  # shorter than the manifest's index says
    write_tree(out, [("big.txt", Spliced([Deferred("a", lambda: b"AAAA"), Deferred("b", lambda: b"BBBB")]))])
    assert (out / "big.txt").read_bytes() == b"AAAABBBB"


def test_spliced_file_edited_by_hand_is_not_spliced_from(tmp_path):
    out = tmp_path / "out"
    write_tree(out, [("big.txt", Spliced([Deferred("a", lambda: b"AAAA"), Deferred("b", lambda: b"BBBB")]))])
    (out / "big.txt").write_bytes(b"AAAAXXXX")  # same size, other bytes: a spreadsheet's save
    write_tree(out, [("big.txt", Spliced([Deferred("a", lambda: b"AAAA"), Deferred("b", lambda: b"BBBB")]))])
    assert (out / "big.txt").read_bytes() == b"AAAABBBB"


def test_spliced_file_of_no_parts_is_kept_when_unchanged(tmp_path):
    out = tmp_path / "out"
    write_tree(out, [("empty.json", Spliced([b"[]\n"]))])
    before = (out / "empty.json").stat().st_mtime_ns
    summary = write_tree(out, [("empty.json", Spliced([b"[]\n"]))])
    assert summary.unchanged == 1 and (out / "empty.json").stat().st_mtime_ns == before


@pytest.mark.parametrize("kind", ["bytes", "deferred", "spliced", "chunks"])
@pytest.mark.parametrize("change", ["same size", "other size", "a symbolic link"])
def test_a_generated_file_changed_by_hand_is_made_again_not_kept(tmp_path, kind, change):
    """The previous output is a cache too: a file is kept only while its size and modification
    time are those it was written with, so an edit of build/docs is never published on."""

    def files():
        content = {
            "bytes": b"generated text",
            "deferred": Deferred("key", lambda: b"generated text"),
            "spliced": Spliced([b"generated ", Deferred("part", lambda: b"text")]),
            "chunks": iter([b"generated ", b"text"]),
        }[kind]
        return [("page.md", content)]

    out = tmp_path / "out"
    write_tree(out, files())
    page = out / "page.md"
    if change == "same size":
        page.write_bytes(b"generated TEXT")
    elif change == "other size":
        page.write_bytes(b"<script>alert(1)</script>")
    else:
        (tmp_path / "elsewhere.md").write_bytes(b"generated text")
        page.unlink()
        page.symlink_to(tmp_path / "elsewhere.md")
    summary = write_tree(out, files())
    assert summary.written == 1
    assert not page.is_symlink() and page.read_bytes() == b"generated text"
    before = page.stat().st_mtime_ns
    assert write_tree(out, files()).unchanged == 1 and page.stat().st_mtime_ns == before


def test_an_output_folder_that_cannot_be_moved_aside_is_left_as_it_was(tmp_path):
    """The first build's swap renames the old folder aside; if that is refused (here the immutable
    flag, or for a user without root a read-only parent), nothing changed and the failure says so."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "hand-made.txt").write_text("kept", encoding="utf-8")
    if os.geteuid() != 0:
        pytest.skip("needs the immutable flag (root) to refuse the rename alone")
    if subprocess.run(["chattr", "+i", str(out)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        with pytest.raises(PermissionError) as failure:
            write_tree(out, [("a.md", b"A")])
    finally:
        subprocess.run(["chattr", "-i", str(out)], check=True)
    assert output.output_state(failure.value, out) == f"nothing in {out} was changed"
    assert beside(tmp_path) == ["out"] and os.listdir(out) == ["hand-made.txt"]
    write_tree(out, [("a.md", b"A")])
    assert sorted(os.listdir(out)) == [".manifest.json", "a.md"]
