"""Data package contents: columns, rows, spreadsheet safety, determinism."""

import csv
import io
import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from generator import package
from generator.checking import check, papers_from

FIXTURES = Path(__file__).parent.parent / "fixtures"


def fixture_papers():
    return papers_from(check([FIXTURES / "records"]).loaded)


def test_papers_csv_one_row_per_paper_with_scores():
    rows = list(csv.DictReader(io.StringIO(b"".join(package.papers_csv(fixture_papers())).decode())))
    assert [row["id"] for row in rows] == sorted(row["id"] for row in rows)
    zhou = next(row for row in rows if row["id"] == "zhou-2023-three-regime")
    assert zhou["documentation_score"] == "5" and zhou["reproducibility_score"] == "0.86"
    assert zhou["authors"] == "Yefan Zhou; Yaoqing Yang; Arin Chang; Michael W. Mahoney"


def test_assessments_csv_nine_rows_per_paper():
    papers = fixture_papers()
    rows = list(csv.DictReader(io.StringIO(b"".join(package.assessments_csv(papers)).decode())))
    assert len(rows) == 9 * len(papers)
    assert {row["variable"] for row in rows} == {key for key in papers[0].record["variables"]}


def test_formula_cells_are_neutralised_but_json_keeps_text():
    assert package.spreadsheet_safe('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    for trigger in "=+-@\t\r":
        assert package.spreadsheet_safe(trigger + "x").startswith("'")
    assert package.spreadsheet_safe("Plain text") == "Plain text"
    assert package.spreadsheet_safe(2023) == 2023


def test_csv_uses_lf_and_is_deterministic():
    papers = fixture_papers()

    def materialised(files):
        return {name: content if isinstance(content, bytes) else b"".join(content) for name, content in files}

    first = materialised(package.package_files(papers, b"{}", "1"))
    second = materialised(package.package_files(list(papers), b"{}", "1"))
    assert first == second
    assert b"\r\n" not in first["papers.csv"]
    assert first["records.json"] == package.json_bytes([paper.record for paper in papers])


def test_descriptor_keys():
    descriptor = json.loads(package.json_bytes(package.datapackage_descriptor("1.0")))
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    assert resources["papers"]["schema"]["primaryKey"] == ["id"]
    assert resources["assessments"]["schema"]["foreignKeys"][0]["reference"] == {"resource": "papers", "fields": ["id"]}


cell_text = st.text(alphabet=st.characters(blacklist_characters="\r"), max_size=12)


@given(st.lists(st.lists(cell_text | st.integers(), min_size=2, max_size=5), max_size=5))
def test_csv_cells_match_the_csv_module(rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    assert "".join(",".join(package.csv_cell(cell) for cell in row) + "\n" for row in rows) == buffer.getvalue()


def test_carriage_return_is_quoted():
    """Python's csv module leaves a lone CR unquoted with a LF line terminator; readers then split the row."""
    assert package.csv_cell("a\rb") == '"a\rb"'
    assert list(csv.reader(io.StringIO("x," + package.csv_cell("a\rb") + "\n"))) == [["x", "a\rb"]]


def test_streamed_files_are_the_same_in_chunks(monkeypatch):
    papers = fixture_papers()
    whole = {name: b"".join(content) for name, content in package.package_files(papers, b"{}", "1")[:3]}
    monkeypatch.setattr(package, "CHUNK_PAPERS", 2)
    chunked = package.package_files(papers, b"{}", "1")[:3]
    assert all(len(list(content)) > 2 for _, content in package.package_files(papers, b"{}", "1")[:3])
    assert {name: b"".join(content) for name, content in chunked} == whole
    assert whole["records.json"] == package.json_bytes([paper.record for paper in papers])


def test_assessment_lines_are_what_the_general_csv_writer_writes():
    papers = fixture_papers()
    rows = [row for paper in papers for row in package.assessment_rows(paper)]
    assert package._assessment_lines(papers) == package.csv_lines(rows, (4, 5))
