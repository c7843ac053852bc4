"""Output: the only place that writes generated files.

``write_tree(out_dir, files)`` takes an iterable of ``(relative path, bytes)`` (or, for a big file,
an iterable of byte chunks, written as they come) and makes ``out_dir`` hold exactly those files.
Nothing is lost: new and changed files are first written into a staging folder beside
``out_dir``; a failure while they are made (an exception, Ctrl-C, a full disk) removes the
staging folder and leaves the previous output exactly as it was.

Before anything in ``out_dir`` changes, every folder the update will touch is checked for
write permission (a read-only folder or file system fails the build with nothing changed). Then a
journal naming the work is written beside ``out_dir`` (the commit point), and the work is done:

- First build (no ``.manifest.json`` in ``out_dir``): the staging folder holds every file and
  replaces ``out_dir`` (the old one renamed aside as ``.NAME.old-*``, then removed).
- Later builds: ``.manifest.json`` holds each file's hash, so an unchanged file is known without
  reading it and is simply left where it is (same bytes, same modification time). The staged
  files are renamed into place, files no longer generated (and any stray file) are removed, and
  the new manifest goes in last. This costs a rename per changed file instead of a hard link per
  file (a rebuild after one change at 10,000 records). A file is taken as unchanged only while its
  size and modification time are those recorded when it was written (in ``.NAME.files.json``
  beside ``out_dir``, so that the output itself stays byte-identical between builds): a file
  edited by hand, or a link put in its place, is made again.

After the commit point the work is always finished, never undone: at once (a failing step gets a
second try), or by the next ``write_tree`` if the process died or the step keeps failing. Every
exception says in ``output_state`` what it left: nothing changed, the complete new output, or a
partial update that the next build finishes. ``write_tree`` holds ``.NAME.lock`` beside
``out_dir`` (a second build of the same folder is refused with ``OutputBusy``), and removes the
staging and retired folders a killed build left.

A file may also be given as ``Deferred(key, produce)``: if the previous output has that path
made under the same ``key`` (a hash of everything its bytes depend on), it is kept without
calling ``produce``; otherwise ``produce()`` makes its bytes (its ``on_size``, if any, is told
the file's size either way). This is what makes a rebuild after one changed record cost little
more than the aggregates.

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

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: builds are not locked
    fcntl = None

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
    on_size: Callable[[int], None] | None = None  # told the file's size, made or kept (not for a part)


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


def _read_manifest(out_dir: Path) -> tuple[dict[str, list], str]:
    """(path -> [sha256 of the bytes, key of a deferred file or "", and for a spliced file where
    its parts lie], the sha256 of the manifest file)."""
    try:
        manifest_bytes = (out_dir / MANIFEST).read_bytes()
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except (OSError, ValueError):
        return {}, ""
    if not isinstance(manifest, dict):
        return {}, ""
    entries = {path: entry for path, entry in manifest.items() if isinstance(entry, list) and len(entry) in (2, 3)}
    return entries, hashlib.sha256(manifest_bytes).hexdigest()


def _written_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.files.json"


def _read_written(out_dir: Path, manifest_digest: str) -> dict[str, list[int]]:
    """path -> [size, modification time in ns] of each file as the build that wrote the manifest
    left it, kept beside ``out_dir`` (times differ between two builds; the output must not). A
    record that belongs to another manifest vouches for nothing."""
    try:
        written = json.loads(_written_path(out_dir).read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(written, dict) or written.get("manifest") != manifest_digest or not manifest_digest:
        return {}
    files = written.get("files")
    return files if isinstance(files, dict) else {}


class OutputBusy(Exception):
    """Another process is writing the same output folder; nothing was changed."""


class OutputIncomplete(Exception):
    """The output folder was left partly updated (a failure after the commit point that a second
    try could not get past); the journal beside it holds what is left, and the next
    ``write_tree`` finishes it."""


def output_state(error: BaseException, out_dir: Path) -> str:
    """What a failed ``write_tree`` left in ``out_dir``, in words. Every exception raised after the
    folder was touched carries this in ``output_state``; any other left the folder as it was."""
    return getattr(error, "output_state", None) or f"nothing in {out_dir} was changed"


@dataclass
class Progress:
    """How far ``write_tree`` got, for the words ``output_state`` gives a failure. A caller that
    does more after ``write_tree`` passes its own, and tags what fails afterwards with ``tag``."""

    out_dir: Path
    finished_earlier: bool = False  # an earlier build's interrupted update was finished first
    committed: bool = False  # the journal is written: from here on the update is finished, never undone
    complete: bool = False  # the new output is in place

    def describe(self) -> str | None:
        out_dir, journal = self.out_dir, _journal_path(self.out_dir)
        if self.complete:
            return f"{out_dir} holds the complete new output (the failure came after it was in place)"
        if self.committed:
            return (
                f"{out_dir} is partly updated: the build stopped after its commit point; {journal} holds "
                "what is left, and the next build finishes it"
            )
        if self.finished_earlier:
            return f"{out_dir} holds the complete output of an earlier interrupted build, which this one finished"
        return None

    def tag(self, error: BaseException) -> None:
        """Give ``error`` the words for what the output folder holds, unless it has them."""
        state = self.describe()
        if state is not None and getattr(error, "output_state", None) is None:
            with contextlib.suppress(AttributeError):
                error.output_state = state


def write_tree(
    out_dir: Path,
    files: Iterable[tuple[str, bytes | Deferred | Spliced | Iterable[bytes]]],
    progress: Progress | None = None,
) -> WriteSummary:
    out_dir = Path(out_dir)
    progress = progress or Progress(out_dir)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        with exclusive(out_dir):
            progress.finished_earlier = finish_interrupted_commit(out_dir)
            _remove_leftovers(out_dir)
            return _write_tree(out_dir, files, progress)
    except BaseException as error:
        progress.tag(error)
        raise


def _write_tree(out_dir: Path, files, progress: Progress) -> WriteSummary:
    previous, manifest_digest = _read_manifest(out_dir) if out_dir.is_dir() and not out_dir.is_symlink() else ({}, "")
    present = _present_files(out_dir) if previous else {}
    written_before = _read_written(out_dir, manifest_digest) if previous else {}
    written_now: dict[str, list[int]] = {}
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
            old_entry = previous.get(relative)
            if old_entry is not None and (relative not in present or present[relative] != written_before.get(relative)):
                old_entry = None  # gone, or changed since it was written: made again
            manifest[relative], kept = _stage(relative, content, old_entry, out_dir, staging, made_dirs)
            if kept:
                summary.unchanged += 1
                written_now[relative] = present[relative]
            else:
                staged.append(relative)
                status = os.stat(staging / relative)  # a rename keeps it
                written_now[relative] = [status.st_size, status.st_mtime_ns]
            if isinstance(content, Deferred) and content.on_size is not None:
                content.on_size(written_now[relative][0])
        summary.written = len(staged)
        manifest_text = json.dumps(manifest, sort_keys=True, separators=(",", ":")) + "\n"
        (staging / MANIFEST).write_text(manifest_text, encoding="utf-8")
        removals = sorted(set(present) - set(manifest)) if previous else []
        _check_writable(out_dir, staged, removals, swap=not previous)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    summary.removed = len(removals)
    if previous:
        _commit(out_dir, staging, {"staging": staging.name, "write": staged, "remove": removals}, progress)
    elif out_dir.exists() or out_dir.is_symlink():
        retired = _unused_name(out_dir.parent, f".{out_dir.name}.old-")
        _commit(out_dir, staging, {"swap": staging.name, "retired": retired}, progress)
    else:
        try:
            os.rename(staging, out_dir)  # one atomic step: no journal needed
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        progress.complete = True
    written = {"manifest": hashlib.sha256(manifest_text.encode("utf-8")).hexdigest(), "files": written_now}
    with contextlib.suppress(OSError):  # without it the next build makes every file again: safe
        write_file(_written_path(out_dir), json.dumps(written, sort_keys=True, separators=(",", ":")).encode())
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


def _present_files(out_dir: Path) -> dict[str, list[int]]:
    """Every file (and symbolic link) in ``out_dir`` but the manifest, as relative paths, each
    with [size, modification time in ns] (of a link itself: a link is never a written file)."""
    present = {}
    folders = [(str(out_dir), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, prefix + entry.name + "/"))
                else:
                    status = entry.stat(follow_symlinks=False)
                    present[prefix + entry.name] = [status.st_size, status.st_mtime_ns]
    present.pop(MANIFEST, None)
    return present


def _unused_name(folder: Path, prefix: str) -> str:
    made = tempfile.mkdtemp(dir=folder, prefix=prefix)
    os.rmdir(made)
    return os.path.basename(made)


def _check_writable(out_dir: Path, staged: list[str], removals: list[str], swap: bool) -> None:
    """Before the commit point: every folder the commit will change must let this process add
    and remove entries (permissions, a read-only file system, the immutable flag), and no file
    to be replaced may be a folder; else ``PermissionError``/``IsADirectoryError`` with nothing
    changed. What no check can foresee (a disk failing mid-way) is left to the journal."""
    folders = {out_dir.parent} if swap else {out_dir}
    if not swap:
        for relative in removals:
            folders.add((out_dir / relative).parent)
        for relative in staged:
            target = out_dir / relative
            if target.is_dir() and not target.is_symlink() and not _all_removed(relative, removals):
                raise IsADirectoryError(f"cannot replace the folder {target} with a file; remove it by hand")
            folder = target.parent
            while not folder.is_dir() and folder != out_dir:  # made by the commit, or a removed file's place
                folder = folder.parent
            folders.add(folder)
    effective = os.access in os.supports_effective_ids
    for folder in sorted(folders):
        if not os.access(folder, os.W_OK | os.X_OK, effective_ids=effective):
            raise PermissionError(f"cannot write into {folder} (read-only, or no permission)")


def _all_removed(relative: str, removals: list[str]) -> bool:
    prefix = relative + "/"
    return any(path.startswith(prefix) for path in removals)


def _journal_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.commit.json"


def _commit(out_dir: Path, staging: Path, journal_entry: dict, progress: Progress) -> None:
    """Write the journal (the commit point), then apply it: move the staged files in and remove
    the others, or swap the staging folder in. Once the journal is written the update is always
    finished: at once (a failure or Ctrl-C while applying it gets a second try, and is raised
    after), or, if this process dies or the second try fails too, by the next build."""
    journal = _journal_path(out_dir)
    try:
        write_file(journal, json.dumps(journal_entry).encode("utf-8"))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    progress.committed = True
    try:
        _apply_journal(out_dir, journal_entry)
    except BaseException as error:
        if "swap" in journal_entry and _swap_not_begun(out_dir, staging, out_dir.parent / journal_entry["retired"]):
            journal.unlink(missing_ok=True)  # e.g. an immutable output folder: nothing changed, so undo
            shutil.rmtree(staging, ignore_errors=True)
            progress.committed = False
            raise
        try:
            _apply_journal(out_dir, journal_entry)
        except Exception as again:
            raise OutputIncomplete(f"{progress.describe()} once the cause is fixed ({again})") from again
        progress.complete = True
        journal.unlink(missing_ok=True)
        if not isinstance(error, Exception):
            raise  # Ctrl-C: the update is finished, the interruption still stops the program
        return  # a failure that the second try got past: the update is complete
    progress.complete = True
    journal.unlink(missing_ok=True)
    if "retired" in journal_entry:
        shutil.rmtree(out_dir.parent / journal_entry["retired"], ignore_errors=True)


def _apply_journal(out_dir: Path, entry: dict) -> None:
    staging = out_dir.parent / entry.get("staging", entry.get("swap"))
    if "swap" in entry:
        _finish_swap(out_dir, staging, out_dir.parent / entry["retired"])
    elif staging.is_dir():
        _apply(out_dir, staging, entry["write"], entry["remove"])


def _swap_not_begun(out_dir: Path, staging: Path, retired: Path) -> bool:
    return staging.is_dir() and os.path.lexists(out_dir) and not os.path.lexists(retired)


def _finish_swap(out_dir: Path, staging: Path, retired: Path) -> None:
    """Idempotent: the old output folder renamed aside, then the staging folder renamed in."""
    if not staging.is_dir():
        return  # swapped in already (or never made: the journal's write was all that happened)
    if os.path.lexists(out_dir):
        if os.path.lexists(retired):
            raise FileExistsError(f"both {out_dir} and {retired} exist; move one aside by hand")
        os.rename(out_dir, retired)
    os.rename(staging, out_dir)


def _apply(out_dir: Path, staging: Path, staged: list[str], removals: list[str]) -> None:
    """Idempotent, so that an interrupted commit can simply be run again."""
    emptied = set()
    for relative in removals:
        path = out_dir / relative
        if not path.is_symlink() and path.is_dir():
            continue  # a folder this commit made in its place on an earlier try
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


def finish_interrupted_commit(out_dir: Path) -> bool:
    """Complete an update that a killed or failed process left half done (its journal is still
    there): the staged files moved in, or the staging folder swapped in. A journal that cannot be
    read makes the next build write everything afresh. True if there was one to finish; if
    finishing fails, ``OutputIncomplete`` (the journal stays)."""
    out_dir = Path(out_dir)
    journal = _journal_path(out_dir)
    if not journal.exists():
        return False
    try:
        entry = _read_journal(journal)
    except (OSError, ValueError, KeyError, TypeError, UnsafePathError):
        (out_dir / MANIFEST).unlink(missing_ok=True)
    else:
        try:
            _apply_journal(out_dir, entry)
        except BaseException as error:
            state = (
                f"{out_dir} is partly updated by an earlier build that stopped after its commit point; "
                f"{journal} holds what is left, and the next build finishes it once the cause is fixed"
            )
            with contextlib.suppress(AttributeError):
                error.output_state = state
            if isinstance(error, Exception):
                incomplete = OutputIncomplete(f"{state} ({error})")
                incomplete.output_state = state
                raise incomplete from error
            raise
    journal.unlink(missing_ok=True)
    return True


def _read_journal(journal: Path) -> dict:
    entry = json.loads(journal.read_text(encoding="utf-8"))
    if "swap" in entry:
        names = [entry["swap"], entry["retired"]]
        entry = {"swap": entry["swap"], "retired": entry["retired"]}
    else:
        names = [entry["staging"]]
        entry = {"staging": entry["staging"], "write": list(entry["write"]), "remove": list(entry["remove"])}
        for relative in entry["write"] + entry["remove"]:
            _check_inside(relative)
    prefix = journal.name.removesuffix("commit.json")  # ".NAME.": the build's own folders
    for name in names:
        if not isinstance(name, str) or not name.startswith(prefix) or "/" in name or "\x00" in name:
            raise UnsafePathError(f"journal names a folder that is not one of the build's own: {name!r}")
    return entry


def _check_inside(relative: str) -> None:
    """A journal's path must stay inside the output folder (odd but harmless names are allowed:
    a stray file may have any name)."""
    if not isinstance(relative, str) or not relative or relative.startswith("/") or "\x00" in relative:
        raise UnsafePathError(f"journal names a path outside the output folder: {relative!r}")
    if any(part == ".." for part in relative.split("/")):
        raise UnsafePathError(f"journal names a path outside the output folder: {relative!r}")


def _remove_leftovers(out_dir: Path) -> None:
    """Staging and retired folders, and temporary files, that a killed build left beside
    ``out_dir``. Called with the lock held and no journal left: none of them is in use."""
    staging, retired = f".{out_dir.name}.staging-", f".{out_dir.name}.old-"
    temporary = f"..{out_dir.name}."  # atomic_file's, of the journal and of the record of files written
    for entry in os.scandir(out_dir.parent):
        if entry.name.startswith((staging, retired)) and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        elif entry.name.startswith(temporary) and entry.name.endswith(".tmp"):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def unfinished_update(out_dir: Path) -> Path | None:
    """The journal of an update of ``out_dir`` that a build left unfinished, if there is one."""
    journal = _journal_path(Path(out_dir))
    return journal if journal.exists() else None


@contextlib.contextmanager
def exclusive(out_dir: Path, path: Path | None = None) -> Iterator[None]:
    """Hold the lock file ``path`` (default ``.NAME.lock`` beside ``out_dir``) while writing
    ``out_dir``: a second build of the same folder is refused (``OutputBusy``) instead of mixing
    its files or removing the first one's staging folder. The lock is the kernel's (``flock``), so
    a killed build never leaves it held; the file is removed at the end, and a lock taken on a
    file that was removed meanwhile is retried."""
    if fcntl is None:  # pragma: no cover - not on POSIX: no lock
        yield
        return
    path = path or out_dir.parent / f".{out_dir.name}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    for _attempt in range(10):
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise OutputBusy(
                f"another build is writing {out_dir} (it holds {path}); wait for it to end and build again"
            ) from None
        try:
            current = os.stat(path, follow_symlinks=False)
        except FileNotFoundError:
            current = None
        held = os.fstat(descriptor)
        if current is not None and (current.st_dev, current.st_ino) == (held.st_dev, held.st_ino):
            break
        os.close(descriptor)  # the file was removed by the build that held it: take the new one
    else:  # pragma: no cover - ten builds ending exactly in between
        raise OutputBusy(f"could not lock {path}: other builds keep replacing it")
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(descriptor)


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
