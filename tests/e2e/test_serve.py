"""`nox -s serve` as a person uses it: `mkdocs serve` on a built project, then a record edited;
the served page shows the new title without running `generator build` by hand (hooks/rebuild.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from helpers import ROOT, make_project, run_generator

PAPER = "zhou-2023-three-regime"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page_text(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for_text(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = page_text(url)
        if page is not None and text in page:
            return True
        time.sleep(0.5)
    return False


@pytest.fixture
def served_project(tmp_path):
    project = make_project(tmp_path / "project")
    generated = run_generator("build", cwd=project)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield project, f"http://127.0.0.1:{port}/", tmp_path / "serve.log"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_serve_shows_an_edited_record(served_project):
    project, url, log = served_project
    page_url = f"{url}papers/{PAPER}/"
    record = project / "records" / f"{PAPER}.yaml"
    text = record.read_text(encoding="utf-8")
    assert "Edited while served" not in text
    assert wait_for_text(page_url, "Three", 120), log.read_text()
    record.write_text(text.replace("\ntitle: ", "\ntitle: Edited while served ", 1), encoding="utf-8")
    assert "\ntitle: Edited while served" in record.read_text(encoding="utf-8")
    assert wait_for_text(page_url, "Edited while served", 120), log.read_text()
