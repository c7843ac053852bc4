"""hooks/raw_blocks.py: the big raw HTML blocks of a page skip the Markdown pass, and the site is
byte for byte the site built without the hook."""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
from pathlib import Path

from generator.bench import write_records
from helpers import ROOT, make_project, mkdocs_build, run_generator

spec = importlib.util.spec_from_file_location("raw_blocks_hook", ROOT / "hooks" / "raw_blocks.py")
raw_blocks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(raw_blocks)

BIG = "<div>\n" + "<p>row</p>\n" * 200 + "</div>"


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_only_whole_big_div_blocks_are_set_aside_and_put_back_as_they_were():
    kept = [
        "# Title",
        BIG.replace("<div>", "<div markdown>", 1),  # asks for Markdown inside
        "    " + BIG,  # indented: a code block
        BIG[:-6],  # not closed in the block
        "<div>\n<div>\n" + "<p>row</p>\n" * 200 + "</div>",  # unbalanced
        "<table>" + "<tr><td>x</td></tr>" * 100 + "</table>",  # not a div
        "<div>short</div>",
    ]
    markdown = "\n\n".join([*kept[:3], BIG, *kept[3:], BIG + "\n"])
    replaced, aside = raw_blocks.set_aside(markdown)
    assert aside == [BIG, BIG]
    for block in kept:
        assert block in replaced
    assert replaced.endswith("></div>\n")
    assert raw_blocks.put_back(replaced, aside) == markdown


def test_the_site_is_the_site_built_without_the_hook(tmp_path):
    project = make_project(tmp_path / "with")
    shutil.rmtree(project / "records")
    write_records(project / "records", 300)  # editions and an index page of hundreds of rows
    generated = run_generator("build", cwd=project)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    without = Path(shutil.copytree(project, tmp_path / "without", symlinks=True))
    config = without / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - hooks/raw_blocks.py\n" in text
    config.write_text(text.replace("  - hooks/raw_blocks.py\n", ""), encoding="utf-8")
    for folder in (project, without):
        built = mkdocs_build(folder)
        assert built.returncode == 0, built.stderr
    _, aside = raw_blocks.set_aside((project / "build" / "docs" / "papers" / "index.md").read_text(encoding="utf-8"))
    assert aside  # the hook had something to do
    assert tree_digest(project / "site") == tree_digest(without / "site")
