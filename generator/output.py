"""Output: the only place that writes generated files.

``write_tree(out_dir, files)`` takes an iterable of ``(relative path, bytes)`` (or, for a big file,
an iterable of byte chunks, written as they come) and makes
``out_dir`` hold exactly those files, atomically: everything is written into a staging folder
beside ``out_dir``, which replaces ``out_dir`` only when the iterable has been exhausted without
error. A failure part-way (an exception, Ctrl-C, a full disk) removes the staging folder and
leaves the previous output exactly as it was. A file whose bytes did not change is hard-linked
from the previous output, so it keeps its modification time; ``.manifest.json`` in ``out_dir``
holds each file's hash, so nothing old has to be read to know that.

A file may also be given as ``Deferred(key, produce)``: if the previous output has that path
made under the same ``key`` (a hash of everything its bytes depend on), it is reused without
calling ``produce``; otherwise ``produce()`` makes its bytes. This is what makes a rebuild after
one changed record cost little more than the aggregates.

``write_file(path, bytes)`` writes one file atomically (temporary file + rename).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

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
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Deferred:
    key: str
    produce: Callable[[], bytes]


@dataclass
class WriteSummary:
    written: int = 0  # new or changed files
    unchanged: int = 0  # hard-linked from the previous output
    removed: int = 0  # in the previous output, not in this one


def _read_manifest(out_dir: Path) -> dict[str, list[str]]:
    """path -> [sha256 of the bytes, key of a deferred file or ""]."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict):
        return {}
    return {path: entry for path, entry in manifest.items() if isinstance(entry, list) and len(entry) == 2}


def write_tree(out_dir: Path, files: Iterable[tuple[str, bytes | Deferred | Iterable[bytes]]]) -> WriteSummary:
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    previous = _read_manifest(out_dir) if out_dir.is_dir() else {}
    staging = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}.staging-"))
    summary = WriteSummary()
    manifest: dict[str, list[str]] = {}
    made_dirs: set[str] = set()
    try:
        for relative, content in files:
            safe_relative_path(relative)
            if relative in manifest:
                raise UnsafePathError(f"two generated files share the path {relative!r}")
            folder = relative.rpartition("/")[0]
            if folder not in made_dirs:
                os.makedirs(os.path.join(staging, folder), exist_ok=True)
                made_dirs.add(folder)
            target = os.path.join(staging, relative)
            previous_file = os.path.join(out_dir, relative)
            old_digest, old_key = previous.get(relative, ("", ""))
            key = ""
            if isinstance(content, Deferred):
                key = content.key
                if old_key == key and _reuse(previous_file, target):
                    manifest[relative] = [old_digest, key]
                    summary.unchanged += 1
                    continue
                content = content.produce()
            if isinstance(content, (bytes, bytearray)):
                digest = hashlib.sha256(content).hexdigest()
                if old_digest == digest and _reuse(previous_file, target):
                    manifest[relative] = [digest, key]
                    summary.unchanged += 1
                    continue
                with open(target, "wb") as file:
                    file.write(content)
            else:  # an iterable of chunks: written as it comes, hashed on the way
                digest = _write_chunks(target, content)
                if old_digest == digest and _reuse_over(previous_file, target):
                    manifest[relative] = [digest, key]
                    summary.unchanged += 1
                    continue
            manifest[relative] = [digest, key]
            summary.written += 1
        summary.removed = len(set(previous) - set(manifest))
        manifest_text = json.dumps(manifest, sort_keys=True, separators=(",", ":")) + "\n"
        (staging / MANIFEST).write_text(manifest_text, encoding="utf-8")
        _swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return summary


def _write_chunks(target: str, chunks: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    with open(target, "wb") as file:
        for chunk in chunks:
            digest.update(chunk)
            file.write(chunk)
    return digest.hexdigest()


def _reuse_over(previous_file: str, target: str) -> bool:
    """Put the previous output's file in place of the one just written (same bytes: keep its
    modification time); if it cannot be linked, the new file stays."""
    linked = target + ".previous"
    if not _reuse(previous_file, linked):
        return False
    os.replace(linked, target)
    return True


def _reuse(previous_file: str, target: str) -> bool:
    """Hard-link the previous output's file (same bytes, same modification time)."""
    try:
        os.link(previous_file, target)
    except OSError:
        return False  # gone, or on another file system: make it anew
    return True


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
