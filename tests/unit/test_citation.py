"""Citation files from one source (a site's mkdocs.yml and the last release): CITATION.cff checked
against the Citation File Format 1.2.0 schema, .zenodo.json, and the "How to cite" text."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import re

import jsonschema
import pytest
import yaml
from release_fixtures import RELEASE_FIXTURES

from generator import citation, releases
from generator.citation import CitationError
from generator.settings import read_site_config
from helpers import ROOT

CFF_SCHEMA_PATH = RELEASE_FIXTURES / "cff-1.2.0.schema.json"
CFF_SCHEMA_SHA256 = "0b8d22140da702d766df318dcff3a91af2f39521298dcf36d76315fd99cc169b"  # cffconvert 2.0.0's copy


@pytest.fixture(scope="module")
def config() -> dict:
    return read_site_config(RELEASE_FIXTURES / "mkdocs.yml")


@pytest.fixture(scope="module")
def facts(config) -> citation.CitationFacts:
    return citation.citation_facts(config, "2026.11.0", "2026-11-30")


def cff_errors(content: bytes) -> list[str]:
    """What the Citation File Format 1.2.0 schema finds wrong (cffconvert's check of 1.2.0 files:
    the schema as draft 7, with format checks)."""
    schema_bytes = CFF_SCHEMA_PATH.read_bytes()
    assert hashlib.sha256(schema_bytes).hexdigest() == CFF_SCHEMA_SHA256
    validator = jsonschema.Draft7Validator(json.loads(schema_bytes), format_checker=jsonschema.FormatChecker())
    return [error.message for error in validator.iter_errors(yaml.safe_load(content))]


def test_citation_cff_is_valid_per_the_cff_schema(facts):
    content = citation.render_citation_cff(facts)
    assert cff_errors(content) == []
    document = yaml.safe_load(content)
    assert document["type"] == "dataset" and document["cff-version"] == "1.2.0"
    assert (document["version"], document["date-released"]) == ("2026.11.0", "2026-11-30")
    assert document["authors"][0] == {
        "family-names": "Lee",
        "given-names": "Ana",
        "affiliation": "Example University",
        "orcid": "https://orcid.org/0000-0002-1825-0097",
    }
    assert document["authors"][2] == {"name": "The Reproducibility Reports maintainers"}
    assert document["repository-code"] == "https://github.com/example/reproducibility-reports"
    assert document["license"] == "CC-BY-4.0"


def test_citation_cff_before_the_first_release_is_valid_too(config):
    content = citation.render_citation_cff(citation.citation_facts(config, None, None))
    assert cff_errors(content) == []
    assert "version" not in yaml.safe_load(content)


def test_the_schema_check_can_fail(facts):
    """The validator is real: a licence that SPDX does not list and a bad date are found."""
    wrong = dataclasses.replace(facts, license="Not-A-Licence", date="30/11/2026")
    errors = cff_errors(citation.render_citation_cff(wrong))
    assert any("Not-A-Licence" in error for error in errors)
    assert any("30/11/2026" in error for error in errors)


def test_zenodo_json(facts):
    document = json.loads(citation.render_zenodo_json(facts))
    assert document == {
        "access_right": "open",
        "creators": [
            {"name": "Lee, Ana", "affiliation": "Example University", "orcid": "0000-0002-1825-0097"},
            {"name": "Ó Briain, Jean-Luc"},
            {"name": "The Reproducibility Reports maintainers"},
        ],
        "description": "<p>Reproducibility reports of machine-learning papers, with the evidence for every result.</p>",
        "keywords": ["reproducibility", "machine learning"],
        "license": "cc-by-4.0",
        "publication_date": "2026-11-30",
        "related_identifiers": [
            {
                "identifier": "https://github.com/example/reproducibility-reports",
                "relation": "isSupplementTo",
                "scheme": "url",
            }
        ],
        "title": "Reproducibility reports of machine-learning papers",
        "upload_type": "dataset",
        "version": "2026.11.0",
    }
    assert citation.render_zenodo_json(facts).endswith(b"}\n")


def test_how_to_cite(facts):
    text = citation.render_how_to_cite(facts)
    assert text.startswith("## How to cite this dataset\n\n<p>Version 2026.11.0, released 2026-11-30.</p>")
    assert (
        "Lee, A., Ó Briain, J. L., &amp; The Reproducibility Reports maintainers (2026). "
        "Reproducibility reports of machine-learning papers (Version 2026.11.0) [Data set]. "
        "https://example.org/reports/"
    ) in text
    bibtex = citation.bibtex(facts)
    assert bibtex.splitlines() == [
        "@misc{reproducibility-reports-2026.11.0,",
        "  author = {Lee, Ana and Ó Briain, Jean-Luc and {The Reproducibility Reports maintainers}},",
        "  title = {{Reproducibility reports of machine-learning papers}},",
        "  version = {2026.11.0},",
        "  year = {2026},",
        "  month = {11},",
        "  howpublished = {Data set},",
        "  url = {https://example.org/reports/}",
        "}",
    ]


def test_facts_are_escaped_in_the_snippet_and_the_bibtex(config):
    hostile = copy.deepcopy(config)
    hostile["extra"]["citation"]["title"] = "<script>x</script> 100% {A} & B_c \\ ^~ **b**"
    facts = citation.citation_facts(hostile, "2026.11.0", "2026-11-30")
    text = citation.render_how_to_cite(facts)
    assert "<script>" not in text and "&lt;script&gt;" in text
    for line in text.splitlines():  # the config's text never starts a line: BibTeX lines start with a field name
        assert not line or line.startswith(("<", "#", "}</code>")) or re.match(r"  [a-z]+ = \{", line), line
    assert r"100\% \{A\} \& B\_c \textbackslash{} \^{}\~{} **b**" in citation.bibtex(facts)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda c: c["extra"].pop("citation"), "extra.citation: expected"),
        (lambda c: c["extra"]["citation"].update(authors=[]), "extra.citation.authors: expected a list"),
        (lambda c: c["extra"]["citation"]["authors"][0].update(orcid="0000-0002-1825-0097"), "authors[0].orcid"),
        (lambda c: c["extra"]["citation"]["authors"][1].update(name="X"), "authors[1]: a name, or"),
        (lambda c: c["extra"]["citation"]["authors"][1].update(email="x@y"), "authors[1]: unknown fields"),
        (lambda c: c["extra"]["citation"]["authors"][1].pop("family-names"), "authors[1].family-names"),
        (lambda c: c["extra"]["citation"].update(license="CC BY 4.0"), "extra.citation.license"),
        (lambda c: c["extra"]["citation"].update(title="  "), "extra.citation.title"),
        (lambda c: c.update(site_url="javascript:alert(1)"), "site_url"),
        (lambda c: c["extra"]["citation"].update(keywords="a, b"), "keywords"),
    ],
)
def test_missing_or_malformed_facts_name_their_field(config, edit, message):
    broken = copy.deepcopy(config)
    edit(broken)
    with pytest.raises(CitationError, match=re.escape(message)):
        citation.citation_facts(broken, None, None)


def test_citation_files_are_written_and_checked_for_drift(tmp_path, facts):
    assert citation.stale_citation_files(tmp_path, facts) == ["CITATION.cff", ".zenodo.json"]
    citation.write_citation_files(tmp_path, facts)
    assert citation.stale_citation_files(tmp_path, facts) == []
    (tmp_path / "CITATION.cff").write_bytes(b"cff-version: 1.2.0\n")
    assert citation.stale_citation_files(tmp_path, facts) == ["CITATION.cff"]


def test_the_shipped_citation_files_are_valid_and_match_their_source():
    """CITATION.cff and .zenodo.json at the top of the repository come from mkdocs.yml and the last
    release file; a stale or invalid one fails here before GitHub or Zenodo shows it."""
    snapshots = releases.read_releases(ROOT / "releases")
    assert snapshots, "the repository ships at least one release"
    last = snapshots[-1]
    shipped = citation.citation_facts(read_site_config(ROOT / "mkdocs.yml"), last.version, last.date)
    assert citation.stale_citation_files(ROOT, shipped) == []
    assert cff_errors((ROOT / "CITATION.cff").read_bytes()) == []
    assert yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))["version"] == last.version


def test_no_licence_stated_means_none_is_claimed(config):
    unlicensed = copy.deepcopy(config)
    unlicensed["extra"]["citation"].pop("license")
    facts = citation.citation_facts(unlicensed, "2026.11.0", "2026-11-30")
    cff = citation.render_citation_cff(facts)
    assert cff_errors(cff) == [] and "license" not in yaml.safe_load(cff)
    assert "license" not in json.loads(citation.render_zenodo_json(facts))
