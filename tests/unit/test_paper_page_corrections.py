"""The paper page's corrections, agreement notes, links row, record link, notice reference and BibTeX
(issues #16 and #15), on the fixture release records: zhuang-2020-neuron-level carries an accepted
correction (Dataset Splits) and an open one (Pseudocode)."""

from __future__ import annotations

import copy
import html
from urllib.parse import parse_qs, urlsplit

import pytest
from release_fixtures import HOSTILE, RELEASE_FIXTURES, fixture_records

from generator import model, pages, paths, statistics
from generator.checking import check, papers_from
from generator.pages import PaperSite
from helpers import FIXTURES

SECOND = {record["id"]: record for record in fixture_records("second")}
FORM = "https://github.com/example/reproducibility-reports/issues/new"


def page_of(record: dict, site: PaperSite | None = None, history: str | None = None) -> str:
    return pages.render_paper_page(model.paper_from_record(record), record=record, site=site, history=history)


def row_of(page: str, label: str) -> str:
    start = page.index(f"<tr><td>{label}")
    return page[start : page.index("</tr>", start)]


def test_an_open_request_is_shown_beside_the_result_it_disputes():
    row = row_of(page_of(SECOND["zhuang-2020-neuron-level"]), "Pseudocode")
    assert '<td class="result-yes">Yes<' in row  # the published result is still the classifier's
    assert '<span class="correction correction-open">a reader disputes this result (asks for No)</span>' in row
    assert "1 correction request" in row and "Algorithm 1 searches hyper-parameters" in row


def test_an_author_s_open_request_says_an_author_disputes_it():
    record = copy.deepcopy(SECOND["zhuang-2020-neuron-level"])
    record["variables"]["pseudocode"]["corrections"][0]["role"] = "author"
    assert "an author disputes this result" in row_of(page_of(record), "Pseudocode")


def test_an_accepted_request_is_the_published_result_and_the_history_stays():
    record = SECOND["zhuang-2020-neuron-level"]
    row = row_of(page_of(record), "Dataset Splits")
    assert '<td class="result-yes">Yes<' in row  # the correction's result, not the classifier's No
    assert "corrected at the request of an author (Tao Zhuang); the language model said No" in row
    assert "does not explicitly provide the" in row  # the classifier's evidence is kept
    assert "The standard splits are named in Section 4.1." in row  # and the maintainers' reason
    paper = model.paper_from_record(record)
    assert paper.results["dataset_splits"] == "Yes"  # what aggregates count
    uncorrected = copy.deepcopy(record)
    del uncorrected["variables"]["dataset_splits"]["corrections"]
    assert paper.documentation_score == model.paper_from_record(uncorrected).documentation_score + 1 == 5


def test_a_declined_request_stays_with_its_reason():
    record = copy.deepcopy(SECOND["zhuang-2020-neuron-level"])
    correction = record["variables"]["pseudocode"]["corrections"][0]
    correction |= {"status": "declined", "reason": "Algorithm 1 is the method's own search."}
    row = row_of(page_of(record), "Pseudocode")
    assert '<td class="result-yes">Yes<' in row
    assert '<span class="correction correction-declined">a reader asked for No; declined: Algorithm 1 is the' in row


def test_the_correction_links_carry_the_paper_id_and_the_variable():
    page = page_of(SECOND["zhuang-2020-neuron-level"], PaperSite(correction_form=FORM))
    row = row_of(page, "Dataset Splits")
    address = html.unescape(row.split('class="correction-link"')[0].rsplit('href="', 1)[1].split('"')[0])
    query = parse_qs(urlsplit(address).query)
    assert address.startswith(FORM + "?")
    assert query["paper"] == ["zhuang-2020-neuron-level"] and query["variable"] == ["dataset_splits"]
    assert query["template"] == ["correction.yml"]
    assert ">Report a correction</a>" in page


def test_without_a_repository_the_page_says_how_to_send_one():
    page = page_of(SECOND["zhuang-2020-neuron-level"])
    assert '<a href="../../contributing/#corrections">Report a correction (how)</a>' in page
    assert "correction-link" not in page


def test_the_issue_form_comes_from_a_github_repo_url_only():
    assert pages.repository_issue_form("https://github.com/example/reports/") == FORM.replace(
        "reproducibility-reports", "reports"
    )
    assert pages.repository_issue_form("https://gitlab.com/example/reports") is None
    assert pages.repository_issue_form(None) is None


LEGEND = (
    '<p class="trust">“agreed 80%, κ 0.52” beside Open Source Code: people gave the language model\'s result on '
    "80% of the 160 papers they labelled; κ, Cohen's kappa, is that agreement beyond chance (0 none, 1 full). "
    'Every variable: <a href="../../accuracy/">Accuracy</a></p>'
)


def test_classifier_results_carry_the_variable_s_agreement_and_people_s_results_say_so():
    papers = papers_from(check([RELEASE_FIXTURES / "second" / "records"]).loaded)
    notes = pages.agreement_notes(papers)
    assert set(notes) == {"open_source_code"}  # the only variable people labelled here
    assert (notes["open_source_code"].short, notes["open_source_code"].papers) == ("agreed 0%, κ 0.00", 2)
    site = PaperSite(agreement={"open_source_code": pages.AgreementNote(0.8, 0.52, 160)})
    page = page_of(SECOND["zhou-2023-three-regime"], site)
    note = '<a href="../../accuracy/">agreed 80%, κ 0.52</a>'
    assert f'<td class="result-yes">Yes {note}</td>' in row_of(page, "Open Source Code")
    assert page.count(LEGEND) == 1  # said once, under the table
    assert page.index("</table>") < page.index(LEGEND)
    reviewed = page_of(SECOND["jin-2022-pruning"], site)
    assert "corrected by a person" in row_of(reviewed, "Open Source Code")
    assert '<a href="../../accuracy/">agreed' not in row_of(reviewed, "Open Source Code")  # no note there
    assert 'class="trust"' not in reviewed  # nor a legend, with no note to explain


def test_every_classifier_result_carries_its_variable_s_agreement():
    """Every result but a person's: the accepted correction (Dataset Splits) says so instead; the
    open request (Pseudocode) disputes the classifier's result, which keeps its note. The legend
    takes the least agreement beside a result as its example."""
    notes = {variable.key: pages.AgreementNote(0.9, 0.8, 160) for variable in model.variables()}
    notes["dataset_splits"] = pages.AgreementNote(0.5, 0.1, 160)  # a person's result on this page
    notes["experiment_setup"] = pages.AgreementNote(0.8, 0.52, 158)
    page = page_of(SECOND["zhuang-2020-neuron-level"], PaperSite(agreement=notes))
    for variable in model.variables():
        row = row_of(page, variable.label)
        carried = f'<a href="../../accuracy/">{notes[variable.key].short}</a></td>' in row
        assert carried == (variable.key != "dataset_splits"), variable.key
    assert "corrected at the request of an author" in row_of(page, "Dataset Splits")
    assert "“agreed 80%, κ 0.52” beside Experiment Setup:" in page and "of the 158 papers they labelled" in page


def test_agreement_notes_give_the_accuracy_page_s_point_estimates():
    records = [copy.deepcopy(record) for record in check([FIXTURES / "records"]).loaded]
    for index, loaded in enumerate(records):  # people's results that agree, or not, in varied ways
        for position, variable in enumerate(model.variables()[: 2 + index]):
            assessment = loaded.data["variables"][variable.key]
            choices = variable.results
            person = assessment["result"] if (index + position) % 3 else choices[(index + position) % len(choices)]
            assessment["reviewed"] = {"result": person, "by": "validation set"}
    papers = [model.paper_from_record(loaded.data) for loaded in records]
    notes = pages.agreement_notes(papers)
    measured = [agreement for agreement in statistics.agreements(papers) if agreement.n]
    assert measured and set(notes) == {agreement.variable for agreement in measured}
    for agreement in measured:
        note = notes[agreement.variable]
        assert note.papers == agreement.n
        assert note.short == f"agreed {agreement.accuracy.mean:.0%}, κ {agreement.kappa.mean:.2f}"


def test_the_links_row_and_the_run_s_details():
    record = copy.deepcopy(SECOND["zhou-2023-three-regime"])
    record["links"] = {
        "plain_text": "https://example.org/p.txt",
        "archive_pdf": "https://arxiv.org/pdf/1",
        "conference_pdf": "https://proceedings.example.org/1.pdf",
    }
    record["provenance"]["run"] = "gemini-run-1"
    page = page_of(record)
    row = page[page.index('<p class="paper-links">') :].split("</p>")[0]
    labels = [part.split(">")[-1] for part in row.split("</a>")[:-1]]
    assert labels == ["Conference PDF", "Archive PDF", "Plain Text", "LLM Run Details"]
    assert row.count(" | ") == 3
    assert 'href="../../runs/gemini-run-1/"' in row
    assert row.count('rel="nofollow"') == 3 and "noopener" not in row  # the record's addresses, not the site's
    assert page.count("gemini-run-1") == 1  # linked once, not named again under Provenance

    record["links"]["llm_run"] = "https://example.org/run/1"  # the record's own: the run page is linked below
    page = page_of(record)
    assert 'href="https://example.org/run/1"' in page and page.count('href="../../runs/gemini-run-1/"') == 1
    provenance = page[page.index("Provenance") :]
    assert '<a href="../../runs/gemini-run-1/">gemini-run-1</a>' in provenance


def test_the_record_file_is_linked_from_the_repository():
    base = paths.repository_records_url("https://github.com/example/reports", "edit/main/docs/")
    assert base == "https://github.com/example/reports/edit/main/records/"
    assert paths.repository_records_url("https://github.com/example/reports/") == (
        "https://github.com/example/reports/blob/HEAD/records/"
    )
    assert paths.repository_records_url(None) is None
    page = page_of(SECOND["jin-2022-pruning"], PaperSite(record_url_base=base))
    assert f'<a href="{base}jin-2022-pruning.yaml"><code>records/jin-2022-pruning.yaml</code></a>' in page
    # without a repository, the file's place in the dataset
    assert " · Record: <code>records/jin-2022-pruning.yaml</code> · " in page_of(SECOND["jin-2022-pruning"])


def test_the_provenance_leaves_the_run_s_details_to_the_run_s_page():
    record = copy.deepcopy(SECOND["zhou-2023-three-regime"])
    record["provenance"] = {"method": "llm", "run": "gemini-run-1"}
    run = {
        "id": "gemini-run-1",
        "method": "llm",
        "model": "gemini-2.5-flash",
        "questions_version": "sha256:abc",
        "run_date": "2025-06-01",
        "source": "https://reproducibilityindex.ai",
        "notice": "Results may contain errors.",
    }
    paper = model.paper_from_record(record)
    page = pages.render_paper_page(paper, runs={"gemini-run-1": run}, record=record)
    provenance = page[page.index("Provenance") : page.index("</div>", page.index("Provenance"))]
    assert "language model (gemini-2.5-flash)" in provenance and "Results may contain errors." in provenance
    assert '<a href="https://reproducibilityindex.ai">' in provenance  # where the results come from
    assert "sha256:abc" not in page and "2025-06-01" not in page  # on the run's page, linked above
    assert 'href="../../runs/gemini-run-1/">LLM Run Details</a>' in page
    record["provenance"]["questions_version"] = "sha256:own"  # the record's own facts are its page's
    page = pages.render_paper_page(model.paper_from_record(record), runs={"gemini-run-1": run}, record=record)
    assert "Questions version: sha256:own." in page


def test_the_notice_reference_is_resolved():
    record = copy.deepcopy(SECOND["zhou-2023-three-regime"])
    record["provenance"]["notice"] = "Full accuracy metrics and methodology are described in [1]."
    page = page_of(record)
    assert "[1] The Shift Toward Open and Reproducible AI Research" in page
    assert '<a href="../../accuracy/">Accuracy</a>' in page


@pytest.mark.parametrize(
    ("venue", "entry", "field"), [("JMLR", "@article", "journal"), ("NeurIPS", "@inproceedings", "booktitle")]
)
def test_bibtex_entry_type_by_venue_kind(venue, entry, field):
    record = {**SECOND["jin-2022-pruning"], "venue": venue, "links": {"archive_pdf": "https://arxiv.org/pdf/2"}}
    text = pages.bibtex("jin-2022-pruning", record)
    assert text.startswith(entry + "{jin-2022-pruning,")
    assert f"\n{field} = {{{venue}}}," in text and "\nurl = {https://arxiv.org/pdf/2}\n}" in text


def test_correction_text_is_escaped():
    record = copy.deepcopy(SECOND["zhuang-2020-neuron-level"])
    correction = record["variables"]["pseudocode"]["corrections"][0]
    correction |= {"by": HOSTILE.split("\n")[0], "claim": HOSTILE, "evidence": HOSTILE}
    page = page_of(record)
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_the_history_line_is_shown():
    line = '<p class="paper-history">Added in release x.</p>'
    assert line in page_of(SECOND["jin-2022-pruning"], history=line)
