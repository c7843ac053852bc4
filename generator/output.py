"""Output: the only place that writes generated files.

``write_tree(out_dir, files)`` takes an iterable of ``(relative path, bytes)`` (or, for a big file,
an iterable of byte chunks, written as they come) and makes ``out_dir`` hold exactly those files.
Nothing is lost: new and changed files are first written into a staging folder beside
``out_dir``; a failure while they are made (an exception, Ctrl-C, a full disk) removes the
staging folder and leaves the previous output exactly as it was.

- First build (no ``.manifest.json`` in ``out_dir``): the staging folder holds every file and
  replaces ``out_dir`` by renaming.
- Later builds: ``.manifest.json`` holds each file's hash, so an unchanged file is known without
  reading it and is simply left where it is (same bytes, same modification time). Once every file
  is made, a journal naming the staged files and the files to remove is written beside ``out_dir``
  (the commit point); then the staged files are renamed into place, files no longer generated
  (and any stray file) are removed, the new manifest goes in last, and the journal is deleted. An
  interruption after the commit point is finished at once, or by the next ``write_tree`` if the
  process died: ``out_dir`` is never left half old and half new. This costs a rename per changed
  file instead of a hard link per file (a rebuild after one change at 10,000 records).

A file may also be given as ``Deferred(key, produce)``: if the previous output has that path
made under the same ``key`` (a hash of everything its bytes depend on), it is kept without
calling ``produce``; otherwise ``produce()`` makes its bytes. This is what makes a rebuild after
one changed record cost little more than the aggregates.

A big file may be given as ``Spliced(parts)``: its ``Deferred`` parts whose keys the previous
version had are copied from it (the data package's files after one record changed).

``write_file(path, bytes)`` writes one file atomically (temporary file + rename).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

MANIFEST = ".manifest.json"


class UnsafePathError(ValueError):
    pass


def safe_relative_path(relative: str) -> str:
    """The path itself, if it cannot leave the output folder; else ``UnsafePathError``."""
    if (
        not relative
        or relative.startswith("/")
        or "\\" in relative
        or "\x00" in relative
        or any(part in ("", ".", "..") for part in relative.split("/"))
    ):
        raise UnsafePathError(f"refusing to write outside the output folder: {relative!r}")
    return relative


def write_file(path: Path, content: bytes) -> None:
    with atomic_file(path) as file:
        file.write(content)


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A file to write ``path`` through: a temporary file beside it, renamed over it at the end
    (for content written as it is made, e.g. a pickle of 100,000 records, never whole in memory)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as file:
            yield file
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Deferred:
    key: str
    produce: Callable[[], bytes]


@dataclass(frozen=True)
class Spliced:
    """A big file made of ``parts`` in order: bytes, and ``Deferred`` parts. A deferred part whose
    key the previous version of the file also had is copied from that file without calling its
    ``produce`` (the manifest keeps where each part lies), so a file of 10,000 records' parts
    costs, after one record changed, one part made and a copy of the rest."""

    parts: Iterable[bytes | Deferred]
    on_size: Callable[[int], None] | None = None  # told the file's size once it is written


@dataclass
class WriteSummary:
    written: int = 0  # new or changed files
    unchanged: int = 0  # left as they were in the previous output
    removed: int = 0  # in the previous output, not in this one


def _read_manifest(out_dir: Path) -> dict[str, list[str]]:
    """path -> [sha256 of the bytes, key of a deferred file or ""]."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict):
        return {}
    return {path: entry for path, entry in manifest.items() if isinstance(entry, list) and len(entry) in (2, 3)}


def write_tree(
    out_dir: Path, files: Iterable[tuple[str, bytes | Deferred | Spliced | Iterable[bytes]]]
) -> WriteSummary:
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    finish_interrupted_commit(out_dir)
    previous = _read_manifest(out_dir) if out_dir.is_dir() else {}
    present = _present_files(out_dir) if previous else set()
    staging = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}.staging-"))
    summary = WriteSummary()
    manifest: dict[str, list[str]] = {}
    staged: list[str] = []
    made_dirs: set[str] = set()
    try:
        for relative, content in files:
            safe_relative_path(relative)
            if relative in manifest:
                raise UnsafePathError(f"two generated files share the path {relative!r}")
            old_entry = previous.get(relative) if relative in present else None
            manifest[relative], kept = _stage(relative, content, old_entry, out_dir, staging, made_dirs)
            if kept:
                summary.unchanged += 1
            else:
                staged.append(relative)
        summary.written = len(staged)
        manifest_text = json.dumps(manifest, sort_keys=True, separators=(",", ":")) + "\n"
        (staging / MANIFEST).write_text(manifest_text, encoding="utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if not previous:
        try:
            _swap_in(staging, out_dir)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return summary
    removals = sorted(present - set(manifest))
    summary.removed = len(removals)
    _commit(out_dir, staging, staged, removals)
    return summary


def _stage(
    relative: str,
    content: bytes | Deferred | Spliced | Iterable[bytes],
    old_entry: list | None,
    out_dir: Path,
    staging: Path,
    made_dirs: set[str],
) -> tuple[list, bool]:
    """Make one file: (its manifest entry, whether the previous output's file stays as it is). A
    file that changes is written into ``staging``; ``old_entry`` is its manifest entry from the
    previous output, if that output still has the file."""
    old_digest, old_key, *old_extra = old_entry or ("", "")
    key = ""
    if isinstance(content, Deferred):
        key = content.key
        if key and old_key == key:
            return [old_digest, key], True
        content = content.produce()
    digest = hashlib.sha256(content).hexdigest() if isinstance(content, (bytes, bytearray)) else None
    if digest is not None and digest == old_digest:
        return [digest, key], True
    folder = relative.rpartition("/")[0]
    if folder not in made_dirs:
        os.makedirs(os.path.join(staging, folder), exist_ok=True)
        made_dirs.add(folder)
    target = os.path.join(staging, relative)
    if digest is not None:
        with open(target, "wb") as file:
            file.write(content)
        return [digest, key], False
    if isinstance(content, Spliced):  # and chunks: written as they come, hashed on the way
        old_file = os.path.join(out_dir, relative)
        entry, kept = _stage_spliced(target, content, old_file, old_digest, old_extra[:1], key)
    else:
        entry = [_write_chunks(target, content), key]
        kept = entry[0] == old_digest
    if kept:
        os.unlink(target)
    return entry, kept


def _present_files(out_dir: Path) -> set[str]:
    """Every file (and symbolic link) in ``out_dir`` but the manifest, as relative paths."""
    present = set()
    for folder, subfolders, names in os.walk(out_dir):
        relative_folder = os.path.relpath(folder, out_dir)
        prefix = "" if relative_folder == "." else relative_folder.replace(os.sep, "/") + "/"
        present.update(prefix + name for name in names)
        present.update(prefix + name for name in subfolders if os.path.islink(os.path.join(folder, name)))
    present.discard(MANIFEST)
    return present


def _journal_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.commit.json"


def _commit(out_dir: Path, staging: Path, staged: list[str], removals: list[str]) -> None:
    """Write the journal (the commit point), then move the staged files in and remove the others."""
    journal = _journal_path(out_dir)
    try:
        entry = {"staging": staging.name, "write": staged, "remove": removals}
        write_file(journal, json.dumps(entry).encode("utf-8"))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        _apply(out_dir, staging, staged, removals)
    except BaseException:
        _apply(out_dir, staging, staged, removals)  # finished even when interrupted (Ctrl-C); if
        journal.unlink(missing_ok=True)  # this fails too, the journal stays for the next build
        raise
    journal.unlink(missing_ok=True)


def _apply(out_dir: Path, staging: Path, staged: list[str], removals: list[str]) -> None:
    """Idempotent, so that an interrupted commit can simply be run again."""
    emptied = set()
    for relative in removals:
        path = out_dir / relative
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        emptied.update(path.parents)
    for folder in sorted(emptied, key=lambda path: len(path.parts), reverse=True):
        if folder != out_dir and out_dir in folder.parents:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if now empty
    for relative in staged:
        source = staging / relative
        if source.exists():
            target = out_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    if (staging / MANIFEST).exists():
        os.replace(staging / MANIFEST, out_dir / MANIFEST)
    shutil.rmtree(staging, ignore_errors=True)


def finish_interrupted_commit(out_dir: Path) -> None:
    """Complete a commit that a killed process left half done (its journal is still there). A
    journal that cannot be read makes the next build write everything afresh."""
    journal = _journal_path(Path(out_dir))
    if not journal.exists():
        return
    try:
        entry = json.loads(journal.read_text(encoding="utf-8"))
        staging = journal.parent / safe_relative_path(entry["staging"])
        staged, removals = list(entry["write"]), list(entry["remove"])
        for relative in staged + removals:
            _check_inside(relative)
    except (OSError, ValueError, KeyError, TypeError, UnsafePathError):
        (out_dir / MANIFEST).unlink(missing_ok=True)
    else:
        if staging.is_dir():
            _apply(out_dir, staging, staged, removals)
    journal.unlink(missing_ok=True)


def _check_inside(relative: str) -> None:
    """A journal's path must stay inside the output folder (odd but harmless names are allowed:
    a stray file may have any name)."""
    if not isinstance(relative, str) or not relative or relative.startswith("/") or "\x00" in relative:
        raise UnsafePathError(f"journal names a path outside the output folder: {relative!r}")
    if any(part == ".." for part in relative.split("/")):
        raise UnsafePathError(f"journal names a path outside the output folder: {relative!r}")


SPLICE_BUFFER = 1 << 20  # bytes gathered before one write


def _stage_spliced(
    target: str, spliced: Spliced, old_file: str, old_digest: str, old_extra: list, key: str
) -> tuple[list, bool]:
    """Write a spliced file into staging: (its manifest entry, whether the old file stays). The old
    file's parts are copied only if its bytes still hash to the manifest's digest (a data file
    opened and saved in a spreadsheet is not spliced from)."""
    where = _trusted_parts(old_file, old_digest, old_extra[0] if old_extra else None)
    digest, index = _write_spliced(target, spliced.parts, old_file, where or {})
    if spliced.on_size is not None:
        spliced.on_size(os.path.getsize(target))
    return [digest, key, index], where is not None and digest == old_digest


def _trusted_parts(old_file: str, old_digest: str, parts) -> dict[str, tuple[int, int]] | None:
    """key -> (offset, length) of the old file's parts; None if its bytes are not what was written."""
    if not old_digest or not isinstance(parts, dict):
        return None
    try:
        keys = parts["keys"].split("\n") if parts["keys"] else []
        offsets, lengths = parts["offsets"], parts["lengths"]
        if not len(keys) == len(offsets) == len(lengths):
            return None
        with open(old_file, "rb") as file:
            if hashlib.file_digest(file, "sha256").hexdigest() != old_digest:
                return None
        return {key: (int(offset), int(length)) for key, offset, length in zip(keys, offsets, lengths, strict=True)}
    except (OSError, TypeError, KeyError, AttributeError, ValueError):
        return None


def _write_spliced(
    target: str, parts: Iterable[bytes | Deferred], old_file: str, where: dict[str, tuple[int, int]]
) -> tuple[str, dict]:
    """Write the parts, copying those in ``where`` from ``old_file``; (sha256 of the file, where its
    deferred parts lie: {"keys": keys joined by newlines, "offsets": [...], "lengths": [...]}, a
    form that keeps 100,000 parts' index to a few MB in memory instead of 100,000 small lists)."""
    digest = hashlib.sha256()
    keys: list[str] = []
    offsets: list[int] = []
    lengths: list[int] = []
    offset = 0
    pending: list[bytes] = []
    pending_size = 0
    with contextlib.ExitStack() as stack:
        old = stack.enter_context(open(old_file, "rb")) if where and os.path.isfile(old_file) else None
        file = stack.enter_context(open(target, "wb"))
        for part in parts:
            if isinstance(part, Deferred):
                data = None
                if old is not None and part.key in where:
                    old_offset, length = where[part.key]
                    data = os.pread(old.fileno(), length, old_offset)
                    data = data if len(data) == length else None  # the old file is shorter than its index
                if data is None:
                    data = part.produce()
                if "\n" in part.key:
                    raise ValueError(f"a part's key may not hold a line break: {part.key!r}")
                keys.append(part.key)
                offsets.append(offset)
                lengths.append(len(data))
            else:
                data = part
            offset += len(data)
            pending.append(data)
            pending_size += len(data)
            if pending_size >= SPLICE_BUFFER:
                block = b"".join(pending)
                digest.update(block)
                file.write(block)
                pending, pending_size = [], 0
        block = b"".join(pending)
        digest.update(block)
        file.write(block)
    return digest.hexdigest(), {"keys": "\n".join(keys), "offsets": offsets, "lengths": lengths}


def _write_chunks(target: str, chunks: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    with open(target, "wb") as file:
        for chunk in chunks:
            digest.update(chunk)
            file.write(chunk)
    return digest.hexdigest()


def _swap_in(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    retired = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}.old-"))
    os.rmdir(retired)
    os.rename(out_dir, retired)
    try:
        os.rename(staging, out_dir)
    except BaseException:
        os.rename(retired, out_dir)
        raise
    shutil.rmtree(retired, ignore_errors=True)
