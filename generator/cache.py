"""The build cache: records already parsed and validated, keyed by their bytes.

``fingerprint()`` hashes everything that decides what a record means and how it is rendered: the
schema and the generator's own source files. ``load(path, fingerprint)`` returns a ``Loaded``:
the cached ``{file path: entry}``, when it was saved, and, if the cache could not be used, a
warning saying why; ``save`` writes it atomically. An entry (``entry_of``) is a plain tuple:
(sha256 of the file's bytes, ``stat_key``, and the checked record's fields), so that pickling it
runs no Python code per record (10,000 records: ~0.1 s instead of ~0.5 s for dataclass objects);
``record_of`` makes the ``CheckedRecord`` again. Its last field holds what a release records of
the record beyond the ``Paper`` (``releases.release_facts``: the sha256 of its canonical JSON,
its provenance, who gave which result, its correction requests) once a build after a release has
made it, else None; like the rest, it holds for the file's bytes the entry is keyed by, so a
build where no record changed hashes none.

Only valid records are cached, so a record with problems is read and reported every time.
Nothing stale is served: an entry is used only for a file whose bytes hash to the same digest
under the same fingerprint (a file whose modification time and size are unchanged and older than
the cache is taken as unchanged without being read, as git does).

The cache cannot change what is published. The file is a header (``MAGIC``, format, fingerprint,
when it was saved), a pickle, and a trailer holding the sha256 of all that; before anything is
unpickled the digest is checked, and the pickle may hold only built-in values (no class is ever
looked up, so no code runs). A cache that is not a regular file (a folder, FIFO, socket, device
or symbolic link: never opened in a way that blocks), empty, truncated, damaged in any byte,
written by another version, or a pickle of something else is ignored with a warning, and every
record is read again from its file. It lives in the build folder (``build/.cache/``).
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import pickle
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator import model
from generator.output import atomic_file
from generator.validation import CheckedRecord

# entries: file path -> (sha256, (mtime_ns, size, ctime_ns), packed, claims, run, Paper fields or None,
# release facts or None)
FORMAT = 9
RELEASE_FACTS = 6  # an entry's field of release facts
MAGIC = b"generator build cache\n"
TRAILER = len(b"\nsha256 ") + 64 + 1
_HEADER_LIMIT = 4096
_BLOCK = 1 << 20


@functools.cache
def fingerprint() -> str:
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    digest.update(model.SCHEMA_PATH.read_bytes())
    for source in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def stat_key(stat: os.stat_result) -> tuple[int, int, int]:
    """(mtime, size, ctime): the inode change time moves with a chmod too, so a record made
    unreadable since the last build is read again (and reported, as validate does), not served
    from the cache."""
    return (stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns)


STAT_KEY_SIZE = 3


def entry_of(
    record: CheckedRecord,
    digest: str | None,
    stat_key: tuple[int, int, int] | None,
    release_facts: tuple | None = None,
) -> tuple:
    paper = record.paper
    paper_fields = None if paper is None else tuple(getattr(paper, name) for name in model.Paper.__slots__)
    return (digest, stat_key, record.packed, record.claims, record.run, paper_fields, release_facts)


def record_of(path: Path, entry: tuple) -> CheckedRecord:
    _digest, _stat_key, packed, claims, run, paper_fields, _release_facts = entry
    paper = None if paper_fields is None else model.Paper(*paper_fields)
    return CheckedRecord(path, packed, claims, paper, run)


@dataclass
class Loaded:
    entries: dict[str, tuple] = field(default_factory=dict)
    saved_at_ns: int = 0  # when the cache was saved; 0 for no usable cache
    warning: str | None = None  # why a cache that is there was not used


class Unusable(Exception):
    """Why the cache file cannot be used, in words."""


def load(path: Path, expected_fingerprint: str) -> Loaded:
    """The cache's entries, or none and a warning; no cache file at all is not worth a warning."""
    try:
        saved_at_ns, entries = _read(Path(path), expected_fingerprint)
    except FileNotFoundError:
        return Loaded()
    except Unusable as reason:
        return Loaded(warning=f"cache {path} ignored: {reason}; every record is read again and the cache rewritten")
    return Loaded(entries, saved_at_ns)


def _read(path: Path, expected_fingerprint: str) -> tuple[int, dict[str, tuple]]:
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)  # non-blocking: a FIFO or device does not hang the build
    except FileNotFoundError:
        raise
    except OSError as error:
        if path.is_symlink():
            raise Unusable("it is a symbolic link, not a regular file") from None
        raise Unusable(f"it cannot be opened ({error.strerror or error})") from None
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        raise Unusable("it is not a regular file (a folder, FIFO, socket or device)")
    with os.fdopen(descriptor, "rb") as file:
        try:
            return _verified_entries(file, status.st_size, expected_fingerprint)
        except OSError as error:
            raise Unusable(f"it cannot be read ({error.strerror or error})") from None


def _verified_entries(file: io.BufferedReader, size: int, expected_fingerprint: str) -> tuple[int, dict]:
    head = file.read(min(size, _HEADER_LIMIT))
    if not head.startswith(MAGIC):
        raise Unusable("it is empty" if size == 0 else "it is not a build cache of this generator")
    lines = head[len(MAGIC) :].split(b"\n", 3)
    if len(lines) < 4 or not lines[0].startswith(b"format ") or not lines[1].startswith(b"fingerprint "):
        raise Unusable("its header is truncated or damaged")
    if lines[0] != f"format {FORMAT}".encode() or lines[1] != f"fingerprint {expected_fingerprint}".encode():
        raise Unusable("it was written by another version of the generator or schema")
    try:
        saved_at_ns = int(lines[2].removeprefix(b"saved "))
    except ValueError:
        raise Unusable("its header is damaged") from None
    header_size = len(MAGIC) + sum(len(line) + 1 for line in lines[:3])
    body_size = size - TRAILER
    if body_size < header_size:
        raise Unusable("it is truncated")
    digest = hashlib.sha256()
    file.seek(0)
    left = body_size
    while left:
        block = file.read(min(_BLOCK, left))
        if not block:
            raise Unusable("it is truncated")
        digest.update(block)
        left -= len(block)
    if file.read() != b"\nsha256 " + digest.hexdigest().encode() + b"\n":
        raise Unusable("it is damaged: its checksum does not match its content")
    file.seek(header_size)
    try:
        entries = _BuiltinsOnly(file).load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, MemoryError, RecursionError):
        raise Unusable("its content is not a cache's") from None
    if not _well_formed(entries):
        raise Unusable("its content is not a cache's")
    return saved_at_ns, entries


class _BuiltinsOnly(pickle.Unpickler):
    """An entry holds only built-in values (str, bytes, int, float, tuple, list, dict, None): any
    class or function the pickle names is refused, so loading never runs code."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"the cache names {module}.{name}, which it never holds")


def _well_formed(entries) -> bool:
    if not isinstance(entries, dict):
        return False
    paper_size = len(model.Paper.__slots__)
    for path, entry in entries.items():
        if not (isinstance(path, str) and isinstance(entry, tuple) and len(entry) == 7):
            return False
        digest, stat_key, _packed, _claims, _run, paper_fields, release_facts = entry
        if not (isinstance(digest, str) and len(digest) == 64):
            return False
        if not (
            isinstance(stat_key, tuple)
            and len(stat_key) == STAT_KEY_SIZE
            and all(type(part) is int for part in stat_key)
        ):
            return False
        if not (paper_fields is None or (isinstance(paper_fields, tuple) and len(paper_fields) == paper_size)):
            return False
        if not (release_facts is None or (isinstance(release_facts, tuple) and len(release_facts) == 5)):
            return False
    return True


class _Hashing:
    """A file that hashes what is written through it."""

    def __init__(self, file):
        self.file = file
        self.digest = hashlib.sha256()

    def write(self, data) -> int:
        self.digest.update(data)
        return self.file.write(data)


def worth_saving(records: int, hits: int, cached: int) -> bool:
    """Whether to write the cache again after a build that checked ``records`` valid records, of
    which ``hits`` came from a cache of ``cached`` entries. Writing it is a pickle of every record
    (100 MB and ~1 s at 57,000); a record missing from it is read again next time (~1 ms). So it
    is written when there is none, or when more than one record in 1,000 was read again (changed or
    new) or is gone since (with fewer than 1,000 records, after any change)."""
    return cached == 0 or max(records - hits, cached - hits) > records // 1000


def save(path: Path, current_fingerprint: str, entries: dict[str, tuple]) -> None:
    """Write the cache atomically; ``OSError`` if ``path`` is there and not a regular file (a
    folder, FIFO, device or link given as ``--cache`` is never replaced)."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        pass
    else:
        if not stat.S_ISREG(status.st_mode):
            raise FileExistsError(f"{path} is not a regular file, so it is not replaced")
    header = MAGIC + f"format {FORMAT}\nfingerprint {current_fingerprint}\nsaved {time.time_ns()}\n".encode()
    with atomic_file(path) as file:  # streamed: the pickle of 100,000 records is ~200 MB
        hashing = _Hashing(file)
        hashing.write(header)
        pickle.dump(entries, hashing, protocol=pickle.HIGHEST_PROTOCOL)
        file.write(b"\nsha256 " + hashing.digest.hexdigest().encode() + b"\n")
