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
from generator.serialise import slug

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


def test_the_evidence_is_published_once_in_the_records_not_in_the_tables():
    """Each result's evidence is in its edition's records, exactly; no table repeats it."""
    papers = fixture_papers()
    files = materialised(package.package_files(papers, b"{}", "1"))
    header = gzip.decompress(files["assessments.csv.gz"]).decode().splitlines()[0]
    columns = ["paper_id", "variable", "result", "classifier_result", "reviewed_by"]
    assert header.split(",") == package.ASSESSMENT_COLUMNS == columns
    descriptor = json.loads(files["datapackage.json"])
    for resource in descriptor["resources"]:
        assert "evidence" not in [field["name"] for field in resource.get("schema", {}).get("fields", [])]
    records = [
        record
        for name, content in files.items()
        if name.startswith("records/")
        for record in json.loads(gzip.decompress(content))
    ]
    evidence = {
        (record["id"], variable): assessment.get("evidence", "")
        for record in records
        for variable, assessment in record["variables"].items()
    }
    expected = {}
    for path in sorted((FIXTURES / "records").glob("*.yaml")):  # the records as written, read apart
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        for variable, assessment in record["variables"].items():
            expected[record["id"], variable] = assessment.get("evidence", "")
    assert evidence == expected and len(evidence) == 9 * len(papers)
    assert "" in evidence.values()  # an N/A without evidence stays without
    tables = gzip.decompress(files["assessments.csv.gz"]).decode() + files["papers.csv"].decode()
    assert not [text for text in evidence.values() if len(text) > 30 and text[:30] in tables]


def test_formula_cells_are_neutralised_but_json_keeps_text():
    assert package.spreadsheet_safe('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    for trigger in "=+-@\t\r":
        assert package.spreadsheet_safe(trigger + "x").startswith("'")
    assert package.spreadsheet_safe("Plain text") == "Plain text"
    assert package.spreadsheet_safe(2023) == 2023


def test_csv_uses_lf_and_is_deterministic():
    papers = fixture_papers()

    first = materialised(package.package_files(papers, b"{}", "1"))
    second = materialised(package.package_files(list(papers), b"{}", "1"))
    assert first == second
    assert b"\r\n" not in first["papers.csv"] and b"\r\n" not in gzip.decompress(first["assessments.csv.gz"])


def materialised(files) -> dict[str, bytes]:
    def content_bytes(content) -> bytes:
        if isinstance(content, bytes):
            return content
        return content.file_bytes() if isinstance(content, package.EditionRecords) else b"".join(content)

    return {name: content_bytes(content) for name, content in files}


def test_each_edition_has_one_file_of_its_records_and_one_resource():
    """The records are published once: a file per venue-year, each paper in exactly one, and the
    descriptor names each file as a resource of its own."""
    papers = fixture_papers()
    files = materialised(package.package_files(papers, b"{}", "1"))
    editions = {
        name: json.loads(gzip.decompress(content)) for name, content in files.items() if name.startswith("records/")
    }
    assert "records.json.gz" not in files
    assert sorted(editions) == sorted({f"records/{slug(paper.venue)}-{paper.year}.json.gz" for paper in papers})
    published = [record for records in editions.values() for record in records]
    assert sorted(record["id"] for record in published) == [paper.id for paper in papers]  # each once
    for name, records in editions.items():
        assert all(name == f"records/{slug(record['venue'])}-{record['year']}.json.gz" for record in records)
    assert published == [paper.record for edition in package.editions(papers) for paper in edition.papers]
    zhou = next(edition for edition in package.editions(papers) if edition.venue == "ICML" and edition.year == 2023)
    content = files["records/icml-2023.json.gz"]
    assert gzip_members(content) == [package.compact_json_bytes([paper.record for paper in zhou.papers])]
    assert content == zhou.file_bytes()  # the same bytes for the same records
    descriptor = json.loads(files["datapackage.json"])
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    assert resources["records-icml-2023"] == {
        "name": "records-icml-2023",
        "path": "records/icml-2023.json.gz",
        "format": "json",
        "compression": "gz",
        "mediatype": "application/json",
        "encoding": "utf-8",
        "description": "The full records of the papers of ICML 2023, as validated against schema.json, "
        "as one JSON array; gzip-compressed.",
    }
    assert sorted(name for name in resources if name.startswith("records-")) == sorted(
        "records-" + name.removeprefix("records/").removesuffix(".json.gz") for name in editions
    )


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
    whole = {name: b"".join(content) for name, content in package.package_files(papers, b"{}", "1")[:2]}
    monkeypatch.setattr(package, "CHUNK_GROUPS", 2)
    chunked = package.package_files(papers, b"{}", "1")[:2]
    assert all(len(list(content)) > 2 for _, content in package.package_files(papers, b"{}", "1")[:2])
    assert {name: b"".join(content) for name, content in chunked} == whole
    assert sorted(whole) == ["assessments.csv.gz", "papers.csv"]


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
    assessments = b"".join(package.assessments_csv(papers))
    members = gzip_members(assessments)
    assert members[0] == b"paper_id,variable,result,classifier_result,reviewed_by\n"
    assert len(members) == len(groups) + 1
    for group, member in zip(groups, members[1:], strict=True):
        assert member == package._assessment_lines(group).encode("utf-8")
    with gzip.open(io.BytesIO(assessments), "rt", encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [row["paper_id"] for row in rows[::9]] == [paper.id for paper in papers]
    assert gzip_members(b"".join(package.assessments_csv([]))) == members[:1]  # the header alone


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
    assert package._assessment_lines(papers) == package.csv_lines(rows, (4,))
