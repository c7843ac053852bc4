"""A build that fails part-way leaves the previous output exactly as it was, and says so."""

from __future__ import annotations

import pytest

from generator import cli, pages


def snapshot(folder):
    return {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize(
    ("failure", "exit_code", "message"),
    [
        (
            OSError(28, "No space left on device"),
            1,
            "build failed: [Errno 28] No space left on device; nothing in build/docs was changed",
        ),
        (KeyboardInterrupt(), 130, "interrupted; nothing in build/docs was changed"),
    ],
)
def test_failure_mid_build_keeps_previous_output(project, monkeypatch, capsys, failure, exit_code, message):
    monkeypatch.chdir(project)
    assert cli.main(["build"]) == 0
    before = snapshot(project / "build")
    real_render = pages.render_paper_page
    calls = []

    def render_then_fail(paper, *arguments):
        calls.append(paper.id)
        if len(calls) == 3:
            raise failure
        return real_render(paper, *arguments)

    monkeypatch.setattr(pages, "render_paper_page", render_then_fail)
    capsys.readouterr()
    assert cli.main(["build", "--no-cache"]) == exit_code  # with the cache, unchanged pages are not rendered
    assert message in capsys.readouterr().err
    assert snapshot(project / "build") == before
    assert sorted(path.name for path in project.iterdir() if path.name.startswith(".")) == []
