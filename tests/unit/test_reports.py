"""Report pages: both shapes parse; export then import gives the record back."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import model, reports
from generator.checking import check

FIXTURES = Path(__file__).parent.parent / "fixtures"
RECORDS = {loaded.data["id"]: loaded.data for loaded in check([FIXTURES / "records"]).loaded}


def without_id(record):
    return {key: value for key, value in record.items() if key != "id"}


@pytest.mark.parametrize("record_id", sorted(RECORDS))
@pytest.mark.parametrize("shape", reports.SHAPES)
def test_round_trip_every_fixture_record(record_id, shape):
    record = RECORDS[record_id]
    assert reports.parse_report(reports.render_report(record, shape)) == without_id(record)


def test_both_seed_shapes_detected():
    texts = {path.name: path.read_text() for path in sorted((FIXTURES / "seeds").iterdir())}
    markdown_shape = reports.parse_report(texts["001_7e2d87eb35dc482b.txt"])
    plain_shape = reports.parse_report(texts["000_943196cc26063243.txt"])
    assert markdown_shape["variables"]["pseudocode"]["result"] == "Yes"
    assert plain_shape["variables"]["researcher_affiliation"]["result"] == "Collaboration"
    assert plain_shape["authors"][-1] == "Gintare Karolina Dziugaite"
    noticed = reports.parse_report(texts["002_359ec55df4f93e94.txt"])
    assert noticed["provenance"]["notice"].startswith("The reproducibility variables underlying")
    assert (noticed["venue"], noticed["year"]) == ("JMLR", 2023)


GOOD = (FIXTURES / "seeds" / "001_7e2d87eb35dc482b.txt").read_text()


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("", 1, "empty"),
        (GOOD.replace("Authors: ", "Writers: "), 2, "Authors:"),
        (GOOD.replace("| Pseudocode |", "| Pseudo code |"), 8, "unknown variable 'Pseudo code'"),
        (GOOD.replace("| Pseudocode | Yes |", "| Pseudocode | Maybe |"), 8, "'Maybe' is not allowed"),
        ("\n".join(GOOD.splitlines()[:8]), 8, "ends without Open Source Code, Open Datasets"),
        (GOOD.replace("ICML 2023", "ICML"), 3, "VENUE YEAR"),
        (GOOD.replace("| Archive PDF", "| Archive Link"), 3, "unknown link 'Archive Link'"),
        (
            GOOD.replace(
                "| Hardware Specification | No | The paper does", "| Hardware Specification | No | The paper does"
            ).replace(" used for running the experiments. |", " used for running"),
            12,
            "malformed",
        ),
    ],
)
def test_malformed_pages_name_the_line(text, line, fragment):
    with pytest.raises(reports.ReportError) as raised:
        reports.parse_report(text)
    assert raised.value.line == line
    assert fragment in raised.value.message


def test_text_shape_refuses_multiline_evidence():
    record = dict(RECORDS["jin-2022-pruning"])
    record["variables"] = {**record["variables"], "pseudocode": {"result": "No", "evidence": "a\nb"}}
    with pytest.raises(reports.ExportError):
        reports.render_report(record, "report-text")
    assert reports.parse_report(reports.render_report(record, "report-md")) == without_id(record)


_pieces = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85") | st.just("\n"),
    max_size=20,
) | st.sampled_from(
    ["|", "\\", "Yes ", "No ", "N/A ", "**", "<br>", "[x](y)", "\\n", "| Pseudocode | Yes |", "Notice: "]
)
evidence_text = (
    st.lists(_pieces, min_size=1, max_size=6)
    .map("".join)
    .map(lambda text: "\n".join(line.strip() for line in text.strip().split("\n") if line.strip()))
    .filter(bool)
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(evidence=st.lists(evidence_text, min_size=9, max_size=9), shape=st.sampled_from(reports.SHAPES))
def test_export_then_import_gives_record_back_or_clear_error(evidence, shape):
    record = without_id(RECORDS["zhou-2023-three-regime"])
    record["variables"] = {
        variable.key: {"result": record["variables"][variable.key]["result"], "evidence": text}
        for variable, text in zip(model.variables(), evidence, strict=True)
    }
    try:
        page = reports.render_report(record, shape)
    except reports.ExportError as error:
        assert "line break" in str(error)
        return
    assert reports.parse_report(page) == record
