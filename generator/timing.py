"""Timing: how long each build stage spends making its files, not writing them.

``timed(stage, files, timings)`` passes a stage's ``(path, content)`` items through and adds the
time spent producing each to ``timings[stage]``, also for content made later (a ``Deferred`` made
when the writer asks, a streamed or spliced file made chunk by chunk while it is written). The
benchmark and ``build``'s result report these figures.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterable, Iterator

from generator.output import Deferred, Spliced


def timed(stage: str, files: Iterator[tuple[str, bytes]], timings: dict[str, float]) -> Iterator[tuple[str, bytes]]:
    """The stage's files, adding the time spent making them (not writing them) to ``timings``."""
    timings.setdefault(stage, 0.0)
    while True:
        started = time.perf_counter()
        try:
            item = next(files)
        except StopIteration as finished:
            timings[stage] += time.perf_counter() - started
            return finished.value  # what the stage returns once its files are taken
        timings[stage] += time.perf_counter() - started
        path, content = item
        if isinstance(content, Deferred):  # made, if at all, when the writer asks: time it then
            content = _timed_deferred(content, stage, timings)
        elif isinstance(content, Spliced):
            content = Spliced(_timed_parts(content.parts, stage, timings), content.on_size)
        elif not isinstance(content, bytes):  # streamed: made chunk by chunk while being written
            content = _timed_chunks(content, stage, timings)
        yield path, content


def _timed_chunks(chunks: Iterator[bytes], stage: str, timings: dict[str, float]) -> Iterator[bytes]:
    while True:
        started = time.perf_counter()
        chunk = next(chunks, None)
        timings[stage] += time.perf_counter() - started
        if chunk is None:
            return
        yield chunk


def _timed_deferred(deferred: Deferred, stage: str, timings: dict[str, float]) -> Deferred:
    return Deferred(deferred.key, functools.partial(_timed_call, deferred.produce, stage, timings), deferred.on_size)


def _timed_parts(parts: Iterable, stage: str, timings: dict[str, float]) -> Iterator:
    for part in _timed_chunks(iter(parts), stage, timings):
        yield _timed_deferred(part, stage, timings) if isinstance(part, Deferred) else part


def _timed_call(produce, stage: str, timings: dict[str, float]) -> bytes:
    started = time.perf_counter()
    try:
        return produce()
    finally:
        timings[stage] += time.perf_counter() - started
