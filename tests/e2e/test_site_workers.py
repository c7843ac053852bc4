"""`generator site` shares the paper pages with a worker process (generator/site_workers.py): the
files are those of the stock `mkdocs build --strict`, and what happens in a worker (a warning, a
failure) reaches the build as if it had happened in the main process."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from generator import site_workers
from generator.bench import write_records
from helpers import make_project, mkdocs_build, run_generator

SITE_ENV = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}

PAPERS = site_workers.PARALLEL_MINIMUM + 100  # enough paper pages to be shared

# A hook that tells, for each page, whether a process other than the one that loaded it built it.
WORKER_HOOK = """
import logging, os

MAIN = os.getpid()
log = logging.getLogger("mkdocs.hooks.worker_probe")


def on_post_page(output, page, **_):
    if os.getpid() != MAIN and page.url.startswith("papers/"):
        {action}
    return output
"""


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A project of synthetic papers whose site source is built (not its site)."""
    project = make_project(tmp_path_factory.mktemp("workers") / "project")
    shutil.rmtree(project / "records")
    write_records(project / "records", PAPERS)
    result = run_generator("build", cwd=project, env=SITE_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def copy_with_hook(generated: Path, target: Path, action: str | None, worker_safe: bool = True) -> Path:
    project = Path(shutil.copytree(generated, target, symlinks=True))
    if action is not None:
        source = WORKER_HOOK.format(action=action)
        if worker_safe:
            source += "\non_post_page.worker_safe = True\n"
        (project / "hooks" / "worker_probe.py").write_text(source, encoding="utf-8")
        config = project / "mkdocs.yml"
        config.write_text(
            config.read_text(encoding="utf-8").replace("hooks:\n", "hooks:\n  - hooks/worker_probe.py\n", 1),
            encoding="utf-8",
        )
    return project


def test_shared_pages_give_the_files_of_the_stock_build(generated, tmp_path):
    project = copy_with_hook(generated, tmp_path / "shared", None)
    result = run_generator("site", "--full", cwd=project, env=SITE_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    stock = copy_with_hook(generated, tmp_path / "stock", None)
    built = mkdocs_build(stock)
    assert built.returncode == 0, built.stderr
    assert tree_digest(project / "site") == tree_digest(stock / "site")


def test_a_warning_logged_in_a_worker_fails_the_strict_build(generated, tmp_path):
    project = copy_with_hook(generated, tmp_path / "warns", 'log.warning("built in a worker: %s", page.url)')
    result = run_generator("site", "--full", cwd=project, env=SITE_ENV)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "WARNING: built in a worker: papers/" in result.stderr
    assert "Aborted with" in result.stderr


def test_a_page_that_fails_in_a_worker_fails_the_build(generated, tmp_path):
    project = copy_with_hook(generated, tmp_path / "fails", 'raise ValueError("no page today")')
    result = run_generator("site", "--full", cwd=project, env=SITE_ENV)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "no page today" in result.stderr
    assert "a worker building pages failed" in result.stderr


def test_a_handler_not_known_to_keep_no_state_keeps_every_page_in_the_main_process(generated, tmp_path):
    action = 'log.warning("built in a worker: %s", page.url)'
    project = copy_with_hook(generated, tmp_path / "unknown", action, worker_safe=False)
    result = run_generator("site", "--full", cwd=project, env=SITE_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "built in a worker" not in result.stderr
