"""Golden files: generated Markdown, CSV and datapackage.json compared byte for byte (a gzip-compressed
file as what it decompresses to, an edition's records, one line of compact JSON, indented for a
reviewer; their compressed bytes are checked in test_package).

The goldens in tests/golden/ are the output for the fixture records. A change to the output fails
here until someone looks at the diff and refreshes them on purpose: ``python -m nox -s update_goldens``
(which sets UPDATE_GOLDENS=1).
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from generator import package, pages
from generator.checking import check, papers_from
from helpers import FIXTURES

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
PAPERS = papers_from(check([FIXTURES / "records"]).loaded)


def _content(content) -> bytes:
    return content if isinstance(content, bytes) else b"".join(content)


def generated() -> dict[str, bytes]:
    files = {}
    for name, content in package.package_files(PAPERS, b"{}\n", "0.0.0"):
        if isinstance(content, package.EditionRecords):
            records = json.loads(gzip.decompress(content.file_bytes()))
            files[f"data/{name.removesuffix('.gz')}"] = package.json_bytes(records)
        elif name.endswith(".gz"):  # compared as a reader decompresses it: text a reviewer can read
            files[f"data/{name.removesuffix('.gz')}"] = gzip.decompress(_content(content))
        else:
            files[f"data/{name}"] = _content(content)
    files.pop("data/schema.json")
    by_id = {paper.id: paper for paper in PAPERS}
    for paper_id in ("zhou-2023-three-regime", "euler-2024-bounds"):
        files[f"papers/{paper_id}.md"] = pages.render_paper_page(by_id[paper_id]).encode("utf-8")
    files["papers/index.md"] = pages.render_papers_index_pages(PAPERS)[0][1].encode("utf-8")
    return files


@pytest.mark.parametrize("name", sorted(generated()))
def test_output_matches_golden(name):
    content = generated()[name]
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDENS") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(content)
    assert golden.is_file(), f"no golden file {golden}; run: python -m nox -s update_goldens"
    assert content == golden.read_bytes(), f"{name} differs from its golden file; review, then update_goldens"
