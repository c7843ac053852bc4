"""The build cache: records already parsed and validated, keyed by their bytes.

``fingerprint()`` hashes everything that decides what a record means and how it is rendered: the
schema and the generator's own source files. ``load(path, fingerprint)`` returns the cached
``{file path: (sha256 of its bytes, CheckedRecord, (mtime, size))}`` and when it was saved, or
``({}, 0)`` when the cache is missing, unreadable or was written under another fingerprint;
``save`` writes it atomically. Only valid records are cached, so a record with problems is read
and reported every time. Nothing stale is served: an entry is used only for a file whose bytes
hash to the same digest under the same fingerprint (a file whose modification time and size are
unchanged and older than the cache is taken as unchanged without being read, as git does).

The cache lives in the build folder (``build/.cache/``) and is written and read only by this
program; it is a pickle, so never point ``--cache`` at a file from somewhere else.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import time
from pathlib import Path

from generator import model
from generator.output import write_file

FORMAT = 5  # entries: file path -> (sha256 of its bytes, validation.CheckedRecord, (mtime_ns, size))


@functools.cache
def fingerprint() -> str:
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    digest.update(model.SCHEMA_PATH.read_bytes())
    for source in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def load(path: Path, expected_fingerprint: str) -> tuple[dict[str, tuple], int]:
    """(entries, when the cache was saved in nanoseconds); ({}, 0) for no usable cache."""
    try:
        with path.open("rb") as file:
            stored_fingerprint, saved_at_ns, entries = pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return {}, 0
    if stored_fingerprint != expected_fingerprint or not isinstance(entries, dict):
        return {}, 0
    return entries, saved_at_ns


def save(path: Path, current_fingerprint: str, entries: dict[str, tuple]) -> None:
    payload = (current_fingerprint, time.time_ns(), entries)
    write_file(path, pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
