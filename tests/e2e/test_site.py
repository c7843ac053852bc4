"""Real builds: the site has every evidence text; the data package passes Frictionless; output is stable."""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from generator import model
from generator.checking import check
from generator.serialise import slug
from helpers import FIXTURES, build_site, edition_records, make_project

RECORDS = {loaded.data["id"]: loaded.data for loaded in check([FIXTURES / "records"]).loaded}


class _Text(HTMLParser):
    """The visible text of a page (scripts and styles left out), whitespace folded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "svg"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())


def test_every_paper_page_shows_every_evidence_text(built_site):
    for record_id, record in RECORDS.items():
        page = built_site / "papers" / record_id / "index.html"
        text = page_text(page)
        assert " ".join(record["title"].split()) in text
        for variable in model.variables():
            assessment = record["variables"][variable.key]
            assert assessment["result"] in text
            if "evidence" in assessment:
                evidence = " ".join(assessment["evidence"].split())
                assert evidence in text, (record_id, variable.key)


def test_papers_index_and_schema_pages_built(built_site):
    index = page_text(built_site / "papers" / "index.html")
    for record in RECORDS.values():
        assert " ".join(record["title"].split()) in index
    schema = page_text(built_site / "schema" / "index.html")
    assert "0.86" in schema and "Documentation score" in schema


def test_data_package_passes_the_frictionless_validator(built_site):
    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", str(built_site / "data" / "datapackage.json")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    assert report["valid"] is True, json.dumps(report, indent=1)[:3000]
    assert result.returncode == 0
    editions = {f"records-{slug(record['venue'])}-{record['year']}" for record in RECORDS.values()}
    assert {task["name"] for task in report["tasks"]} >= {"papers", "assessments", *editions}
    descriptor = json.loads((built_site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    assert "records" not in resources  # one copy of the records: no file of them all, no api/editions/
    assert not (built_site / "data" / "records.json.gz").exists() and not (built_site / "api" / "editions").exists()
    assert resources["records-icml-2023"]["path"] == "records/icml-2023.json.gz"
    assert resources["records-icml-2023"]["compression"] == "gz"
    assert "ICML 2023" in resources["records-icml-2023"]["description"]


def test_data_package_rows_match_records(built_site):
    from frictionless import Package

    package = Package(str(built_site / "data" / "datapackage.json"))
    papers = package.get_resource("papers").read_rows()
    assert sorted(row["id"] for row in papers) == sorted(RECORDS)
    assessments = package.get_resource("assessments").read_rows()
    assert len(assessments) == 9 * len(RECORDS)
    # the compressed files as a reader without Frictionless reads them
    with gzip.open(built_site / "data" / "assessments.csv.gz", "rt", encoding="utf-8", newline="") as file:
        assert [row["paper_id"] for row in csv.DictReader(file)][::9] == sorted(RECORDS)
    # every record in exactly one file, its venue-year's, exactly as validated
    published = edition_records(built_site / "data")
    ids = [record["id"] for records in published.values() for record in records]
    assert sorted(ids) == sorted(RECORDS) and len(ids) == len(set(ids))
    for name, records in published.items():
        assert [record["id"] for record in records] == sorted(record["id"] for record in records)
        for record in records:
            assert name == f"records/{slug(record['venue'])}-{record['year']}.json.gz"
            assert record == RECORDS[record["id"]]


def test_the_downloads_page_code_finds_every_evidence_in_the_records_files(built_site, monkeypatch):
    """The evidence is in the records files only (not in assessments.csv.gz): the Downloads page's
    Python, run as a reader runs it in the data folder, finds every paper's evidence there."""
    page = (built_site.parent / "build" / "docs" / "downloads.md").read_text(encoding="utf-8")
    blocks = [block.split("\n```", 1)[0] for block in page.split("```python\n")[1:]]
    reading = next(block for block in blocks if block.startswith("import gzip"))
    pairing = next(block for block in blocks if block.startswith("evidence = {"))
    monkeypatch.chdir(built_site / "data")
    namespace: dict = {}
    exec(reading + "\n" + pairing, namespace)  # the page's own example, as a reader runs it
    expected = {
        (record_id, variable.key): record["variables"][variable.key].get("evidence", "")
        for record_id, record in RECORDS.items()
        for variable in model.variables()
    }
    assert namespace["evidence"] == expected
    assert sum(1 for text in expected.values() if text) > 9 * len(RECORDS) // 2
    with gzip.open(built_site / "data" / "assessments.csv.gz", "rt", encoding="utf-8", newline="") as file:
        assert next(csv.reader(file)) == ["paper_id", "variable", "result", "classifier_result", "reviewed_by"]


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_two_builds_are_byte_identical(built_site, tmp_path):
    again = build_site(make_project(tmp_path / "again"))
    first_docs = tree_digest(built_site.parent / "build" / "docs")
    second_docs = tree_digest(again.parent / "build" / "docs")
    assert first_docs == second_docs
    assert tree_digest(built_site) == tree_digest(again)


def test_theme_search_index_holds_no_papers_and_the_papers_index_finds_each(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    locations = [doc["location"] for doc in index["docs"]]
    assert not [location for location in locations if location.startswith(("papers/", "papers-index/"))]
    # nor the edition pages, which list papers (the search plugin is told to skip them: parsing a
    # 1,000-paper edition's table took it 11 s); a venue's own page stays
    assert not [location for location in locations if re.match(r"venues/[^/]+-[0-9]{4}/", location)]
    assert "venues/icml/" in locations
    assert "contributing/" in locations and "schema/" in locations  # hand-written pages stay searchable
    # a release's Changes page lists papers, found by the papers' search; the Releases page stays
    changes = [location for location in locations if location.startswith("changes/")]
    assert changes and all(location.startswith("changes/#") or location == "changes/" for location in changes)
    search = built_site / "api" / "search"
    manifest = json.loads((search / "index.json").read_text())
    jin = "papers/jin-2022-pruning/"
    for query in ("Dziugaite", "carbin", "frankle 2022", "pruning neurips", "Generaliz lens", "NeurIPS 2022 Roy"):
        assert jin in search_pages(search, manifest, query), query
    assert search_pages(search, manifest, "pruning 2014") == []
    for record in RECORDS.values():  # no evidence text in the search files
        for assessment in record["variables"].values():
            if "evidence" in assessment and len(assessment["evidence"]) > 40:
                for path in search.iterdir():
                    assert assessment["evidence"][:40] not in path.read_text(encoding="utf-8")


def search_pages(folder, manifest: dict, query: str) -> list[str]:
    """The pages the papers' search lists for ``query``, as docs/assets/browse.js finds them."""
    from generator.api import search_lookup

    def read(name: str):
        return json.loads((folder / name).read_text(encoding="utf-8"))

    numbers, _ = search_lookup(read, query, shown=len(RECORDS))
    return [read(f"papers-{number // manifest['chunk']}.json")[number % manifest["chunk"]][0] for number in numbers]
