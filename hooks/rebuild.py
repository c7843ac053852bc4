"""MkDocs hook: while ``mkdocs serve`` runs, editing a record rebuilds the page that shows it.

``mkdocs serve`` watches the generated source (``build/docs``), not the records it is made from.
This hook also watches ``records/`` and ``runs/`` and, before each build of the served site, runs
``python -m generator build`` (with its cache, so only what changed is read and written again);
MkDocs then serves the new pages. ``mkdocs build`` is left alone: there the generator has run
before, as ``nox -s build`` and the README say. A record with problems leaves the served site as it
was and logs the problems.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.rebuild")
WATCHED = ("records", "runs")
_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def _project(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_serve(server, config, builder):
    for name in WATCHED:
        folder = _project(config) / name
        if folder.is_dir():
            server.watch(str(folder))
    return server


def on_pre_build(config) -> None:
    if not _serving:
        return
    generated = subprocess.run(
        [sys.executable, "-m", "generator", "build"],
        cwd=_project(config),
        capture_output=True,
        text=True,
    )
    if generated.returncode:
        log.error(
            "python -m generator build failed; serving the previous pages:\n%s%s", generated.stdout, generated.stderr
        )
    else:
        log.info(generated.stdout.strip())
