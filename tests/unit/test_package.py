"""Data package contents: columns, rows, spreadsheet safety, compression, determinism."""

import csv
import gzip
import io
import json
import zlib
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator import model, package, synthetic
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
    text = gzip.decompress(b"".join(package.assessments_csv(papers))).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
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
    assert b"\r\n" not in first["papers.csv"] and b"\r\n" not in gzip.decompress(first["assessments.csv.gz"])
    assert gzip.decompress(first["records.json.gz"]) == package.json_bytes([paper.record for paper in papers])


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
    monkeypatch.setattr(package, "PAPERS_PER_GROUP", 1)  # a group per paper: several chunks
    whole = {name: b"".join(content) for name, content in package.package_files(papers, b"{}", "1")[:3]}
    monkeypatch.setattr(package, "CHUNK_GROUPS", 2)
    chunked = package.package_files(papers, b"{}", "1")[:3]
    assert all(len(list(content)) > 2 for _, content in package.package_files(papers, b"{}", "1")[:3])
    assert {name: b"".join(content) for name, content in chunked} == whole
    assert gzip.decompress(whole["records.json.gz"]) == package.json_bytes([paper.record for paper in papers])


def gzip_members(data: bytes) -> list[bytes]:
    """What each gzip member of ``data`` holds, member by member."""
    members = []
    while data:
        member = zlib.decompressobj(wbits=31)
        members.append(member.decompress(data))
        assert member.eof, "a member is cut short"
        data = member.unused_data
    return members


def test_each_group_of_papers_is_one_gzip_member_and_the_members_are_one_file(monkeypatch):
    papers = fixture_papers()
    monkeypatch.setattr(package, "PAPERS_PER_GROUP", 2)
    groups = package.paper_groups(papers)
    assert 1 < len(groups) < len(papers)  # these ids give groups of one and of several papers
    records = b"".join(package.records_json(papers))
    members = gzip_members(records)
    assert members[0] == b"[\n" and members[-1] == b"\n]\n" and len(members) == len(groups) + 2
    for number, (group, member) in enumerate(zip(groups, members[1:-1], strict=True)):
        items = b",\n".join(package._record_item(paper) for paper in group)
        assert member == (b"" if number == 0 else b",\n") + items
    assert json.loads(gzip.decompress(records)) == [paper.record for paper in papers]
    with gzip.open(io.BytesIO(b"".join(package.assessments_csv(papers))), "rt", encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [row["paper_id"] for row in rows[::9]] == [paper.id for paper in papers]
    assert json.loads(gzip.decompress(b"".join(package.records_json([])))) == []


def test_gzip_members_are_the_same_bytes_everywhere():
    """No file name, time 0, the fixed level and "unknown" OS in the header (zlib's own header
    would name the OS it runs on); the trailer is the CRC-32 and length of the data."""
    member = package.gzip_member(b"abc\n" * 100)
    assert member[:10] == bytes([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255])
    assert member[-8:] == zlib.crc32(b"abc\n" * 100).to_bytes(4, "little") + (400).to_bytes(4, "little")
    assert gzip.decompress(member) == b"abc\n" * 100
    assert member == package.gzip_member(b"abc\n" * 100)


def test_a_paper_added_or_removed_changes_the_groups_around_it_only():
    """Removal, checked here; an addition is the same change read backwards."""
    papers = [
        model.paper_from_record(yaml.load(text, Loader=yaml.CSafeLoader))
        for _, text in synthetic.synthetic_records(1000, 1)
    ]
    papers.sort(key=lambda paper: paper.id)
    ordered = [tuple(paper.id for paper in group) for group in package.paper_groups(papers)]
    assert 8 < len(ordered) < 30  # about one group in PAPERS_PER_GROUP (64) papers
    starts_a_group = sum(len(group) for group in ordered[:3])  # the first paper of the fourth group
    for removed in (0, 1, 500, starts_a_group, 999):
        number = next(index for index, group in enumerate(ordered) if papers[removed].id in group)
        after = {
            tuple(paper.id for paper in group)
            for group in package.paper_groups(papers[:removed] + papers[removed + 1 :])
        }
        # its group loses it; a group it began joins the group before
        changed = set(ordered) - after
        assert changed == ({ordered[number - 1], ordered[number]} if removed == starts_a_group else {ordered[number]})
        assert len(after - set(ordered)) == 1, removed


def test_assessment_lines_are_what_the_general_csv_writer_writes():
    papers = fixture_papers()
    rows = [row for paper in papers for row in package.assessment_rows(paper)]
    assert package._assessment_lines(papers) == package.csv_lines(rows, (4, 5))
