"""Releases: snapshots, their files, differences, per-paper history and Changes pages, from two
releases of fixture records (tests/fixtures/releases/README.md says what changes between them)."""

from __future__ import annotations

import copy
import dataclasses
import itertools
import json
import os
import re
from collections import Counter

import pytest
from release_fixtures import HOSTILE, RELEASE_FIXTURES, ManyPapers, fixture_records, many_papers, papers_of, state

from generator import model, releases
from generator.cache import _BuiltinsOnly
from generator.loading import load_record
from generator.releases import PaperState, PersonResult, ReleaseError, Request, Snapshot
from helpers import ROOT

EXPECTED = RELEASE_FIXTURES / "expected"


@pytest.fixture(scope="module")
def first() -> Snapshot:
    return releases.make_snapshot(papers_of(fixture_records("first")), "2026.10.0", "2026-10-15")


@pytest.fixture(scope="module")
def second() -> Snapshot:
    return releases.make_snapshot(papers_of(fixture_records("second")), "2026.11.0", "2026-11-30")


def check_golden(name: str, text: str) -> None:
    path = EXPECTED / name
    if os.environ.get("UPDATE_GOLDENS"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs; refresh with UPDATE_GOLDENS=1 and review"


# --- versions and dates -----------------------------------------------------------------------


@pytest.mark.parametrize("version", ["2026.11.0", "2026.1.0", "2026.12.9999", "1999.9.12"])
def test_versions_of_the_scheme_are_accepted(version):
    assert releases.parse_version(version)[0] == int(version.split(".")[0])


@pytest.mark.parametrize(
    "version",
    ["2026.011.0", "2026.13.0", "2026.0.0", "2026.11", "v2026.11.0", "2026.11.00", "2026.11.0\n", "../2026.11.0",
     "2026.11.0/x", "0999.1.0", "2026.11.10000", "", "２０２６.11.0", 2026],
)  # fmt: skip
def test_versions_outside_the_scheme_are_refused(version):
    with pytest.raises(ReleaseError, match=re.escape("YEAR.MONTH.SERIAL")):
        releases.parse_version(version)


def test_versions_order_by_number_not_by_text():
    versions = ["2026.10.0", "2026.9.0", "2026.10.1", "2025.12.3"]
    assert sorted(versions, key=releases.parse_version) == ["2025.12.3", "2026.9.0", "2026.10.0", "2026.10.1"]


@pytest.mark.parametrize(
    ("version", "date", "message"),
    [
        ("2026.10.0", "2026-10-20", "exists already"),
        ("2026.9.3", "2026-09-30", "not newer than the last release, 2026.10.0"),
        ("2026.11.0", "2026-12-01", "must be in 2026-11"),
        ("2026.10.1", "2026-10-14", "before the last release"),
        ("2026.11.0", "2026-11-31", "not a calendar date"),
        ("2026.11.0", "30/11/2026", "not YYYY-MM-DD"),
    ],
)
def test_a_release_that_is_not_new_is_refused(first, version, date, message):
    with pytest.raises(ReleaseError, match=re.escape(message)):
        releases.check_new_release([first], version, date)


def test_a_new_release_is_accepted(first):
    releases.check_new_release([first], "2026.10.1", "2026-10-15")
    releases.check_new_release([], "2026.11.0", "2026-11-30")


# --- snapshots and their files ----------------------------------------------------------------


def test_a_snapshot_records_published_results_and_who_gave_them(second):
    jin = second.papers["jin-2022-pruning"]
    assert jin.results["open_source_code"] == "Yes"  # the person's, over the classifier's No
    assert jin.by_people == {"open_source_code": PersonResult("reviewed", "Ana Lee", "2026-11-02", "No")}
    zhuang = second.papers["zhuang-2020-neuron-level"]
    assert zhuang.results["dataset_splits"] == "Yes"  # the accepted correction
    assert zhuang.by_people["dataset_splits"] == PersonResult("corrected", "Tao Zhuang", "2026-11-10", "No")
    assert zhuang.results["pseudocode"] == "Yes"  # an open correction changes nothing
    assert "pseudocode" not in zhuang.by_people
    assert list(second.papers) == sorted(second.papers)
    assert all(len(state.results) == len(model.variables()) for state in second.papers.values())


def test_a_snapshot_records_each_variables_correction_requests(first, second):
    (opened,) = first.papers["zhou-2023-three-regime"].requests["hardware_specification"]
    (declined,) = second.papers["zhou-2023-three-regime"].requests["hardware_specification"]
    assert opened.id == declined.id  # the same request, known again by who asked what, when
    assert (opened.status, opened.reason, opened.decided) == ("open", None, None)
    assert declined == dataclasses.replace(
        opened,
        status="declined",
        reason="Naming GPUs without their model or number is not a hardware specification.",
        decided="2026-11-20",
    )
    assert (declined.by, declined.role, declined.date, declined.result) == ("A reader", "reader", "2026-10-02", "Yes")
    zhuang = second.papers["zhuang-2020-neuron-level"].requests
    assert [(key, [r.status for r in asked]) for key, asked in zhuang.items()] == [
        ("pseudocode", ["open"]),
        ("dataset_splits", ["accepted"]),
    ]
    assert second.papers["jin-2022-pruning"].requests == {}


def test_a_request_is_known_by_who_asked_what_and_when():
    asked = {"by": "A reader", "role": "reader", "date": "2026-10-02", "claim": "It has code.", "result": "Yes"}
    decided = {**asked, "status": "accepted", "reason": "It has.", "decided": "2026-11-01", "evidence": "other"}
    assert releases.request_id({**asked, "status": "open"}) == releases.request_id(decided)
    assert re.fullmatch(r"[0-9a-f]{16}", releases.request_id(decided))
    for name in ("by", "role", "date", "claim"):
        assert releases.request_id({**asked, name: "2026-10-03"}) != releases.request_id(asked), name
    twice = releases.correction_requests({"corrections": [{**asked, "status": "open"}] * 3})
    assert [request.id for request in twice] == [twice[0].id, twice[0].id + "-2", twice[0].id + "-3"]


def test_the_release_facts_are_built_in_values_that_give_the_same_state():
    """The build cache keeps them, and its unpickler refuses any class."""
    import io
    import pickle

    for paper in papers_of(fixture_records("second")):
        facts = releases.release_facts(paper)
        assert _BuiltinsOnly(io.BytesIO(pickle.dumps(facts))).load() == facts
        assert releases.paper_state(paper, facts) == releases.paper_state(paper)


def test_snapshot_bytes_are_deterministic_and_read_back(second):
    content = releases.snapshot_to_bytes(second)
    shuffled = releases.make_snapshot(reversed(papers_of(fixture_records("second"))), "2026.11.0", "2026-11-30")
    assert releases.snapshot_to_bytes(shuffled) == content
    assert content.endswith(b"}\n") and b"\r" not in content
    assert (
        content.decode("utf-8") == json.dumps(json.loads(content), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    )
    assert releases.snapshot_from_bytes(content) == second


def test_the_hash_is_of_the_content_not_of_the_yaml_layout(tmp_path):
    original = RELEASE_FIXTURES / "first" / "records" / "jin-2022-pruning.yaml"
    text = original.read_text(encoding="utf-8")
    relaid = tmp_path / "jin-2022-pruning.yaml"
    # a comment, and the top-level keys in another order: the same record
    head, _, rest = text.partition("variables:\n")
    variables_block, _, provenance = rest.partition("provenance:\n")
    relaid.write_text(
        "# edited by hand\n" + head + "provenance:\n" + provenance + "variables:\n" + variables_block, encoding="utf-8"
    )
    same = load_record(relaid).data
    assert list(same) != list(load_record(original).data)
    assert releases.record_sha256(same) == releases.record_sha256(load_record(original).data)
    changed = copy.deepcopy(same)
    changed["variables"]["pseudocode"]["evidence"] += " "
    assert releases.record_sha256(changed) != releases.record_sha256(same)


def edited(content: bytes, edit) -> bytes:
    document = json.loads(content)
    edit(document)
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        (lambda d: d.update(format=3), "format"),
        (lambda d: d.update(format=1), "papers.zhou-2023-three-regime.requests: format 1 records no requests"),
        (
            lambda d: d["papers"]["zhou-2023-three-regime"]["requests"]["hardware_specification"][0].update(id="x"),
            "papers.zhou-2023-three-regime.requests.hardware_specification[0]: expected an id",
        ),
        (
            lambda d: d["papers"]["zhou-2023-three-regime"]["requests"]["hardware_specification"][0].update(
                status="maybe"
            ),
            "papers.zhou-2023-three-regime.requests.hardware_specification[0]: expected a role",
        ),
        (
            lambda d: d["papers"]["zhou-2023-three-regime"]["requests"]["hardware_specification"][0].update(
                result="Maybe"
            ),
            "papers.zhou-2023-three-regime.requests.hardware_specification[0]: expected a result",
        ),
        (
            lambda d: d["papers"]["zhou-2023-three-regime"]["requests"]["hardware_specification"][0].update(claim="x"),
            "papers.zhou-2023-three-regime.requests.hardware_specification[0]: expected an object",
        ),
        (
            lambda d: d["papers"]["zhou-2023-three-regime"]["requests"]["hardware_specification"][0].update(
                decided="soon"
            ),
            "papers.zhou-2023-three-regime.requests.hardware_specification[0]: expected an optional reason",
        ),
        (
            lambda d: d["papers"]["zhou-2023-three-regime"]["requests"].update(pseudocode=[]),
            "papers.zhou-2023-three-regime.requests.pseudocode: expected a variable",
        ),
        (lambda d: d.update(version="2026.11"), "version/date"),
        (lambda d: d.update(date="2026-11-31"), "version/date"),
        (
            lambda d: d["papers"]["jin-2022-pruning"]["results"].update(pseudocode="Maybe"),
            "papers.jin-2022-pruning.results.pseudocode",
        ),
        (
            lambda d: d["papers"]["jin-2022-pruning"]["results"].pop("pseudocode"),
            "papers.jin-2022-pruning.results: expected the nine",
        ),
        (lambda d: d["papers"].update({"../x": d["papers"]["jin-2022-pruning"]}), "papers.../x"),
        (lambda d: d["papers"]["jin-2022-pruning"].update(sha256="abc"), "papers.jin-2022-pruning"),
        (lambda d: d["papers"]["jin-2022-pruning"].update(run="<b>"), "papers.jin-2022-pruning"),
        (
            lambda d: d["papers"]["jin-2022-pruning"]["by_people"]["open_source_code"].update(kind="x"),
            "papers.jin-2022-pruning.by_people.open_source_code",
        ),
        (lambda d: d.update(papers=[]), "papers"),
    ],
)
def test_a_snapshot_file_that_is_not_what_the_generator_writes_is_refused(second, edit, where):
    with pytest.raises(ReleaseError, match=re.escape(f"2026.11.0.json: {where}")):
        releases.snapshot_from_bytes(edited(releases.snapshot_to_bytes(second), edit), "2026.11.0.json")


def test_a_format_1_file_is_read_with_its_requests_not_recorded():
    """releases/2026.11.0.json was written before requests were recorded, and stays as it is."""
    shipped = ROOT / "releases" / "2026.11.0.json"
    assert json.loads(shipped.read_bytes())["format"] == 1
    snapshot = releases.read_snapshot(shipped)
    assert snapshot.papers and all(state.requests is None for state in snapshot.papers.values())
    with pytest.raises(ReleaseError, match="not recorded"):
        releases.snapshot_to_bytes(snapshot)


def test_non_json_bytes_are_refused():
    with pytest.raises(ReleaseError, match=re.escape("x.json: file: not UTF-8 JSON")):
        releases.snapshot_from_bytes(b"\xff\xfe", "x.json")


def test_release_files_are_written_once_and_read_in_version_order(tmp_path, first, second):
    folder = tmp_path / "releases"
    assert releases.read_releases(folder) == []
    later = dataclasses.replace(second, version="2026.11.10")
    for snapshot in (later, first, second):
        releases.write_snapshot(folder, snapshot)
    assert sorted(path.name for path in folder.iterdir()) == ["2026.10.0.json", "2026.11.0.json", "2026.11.10.json"]
    assert [snapshot.version for snapshot in releases.read_releases(folder)] == ["2026.10.0", "2026.11.0", "2026.11.10"]
    with pytest.raises(ReleaseError, match="never rewritten"):
        releases.write_snapshot(folder, first)
    (folder / "2026.12.0.json").write_bytes(releases.snapshot_to_bytes(first))
    with pytest.raises(ReleaseError, match=re.escape("must be named 2026.10.0.json")):
        releases.read_releases(folder)


def test_releases_that_go_back_in_time_are_refused(tmp_path, first, second):
    folder = tmp_path / "releases"
    releases.write_snapshot(folder, first)
    releases.write_snapshot(folder, dataclasses.replace(second, version="2026.11.0", date="2026-10-01"))
    with pytest.raises(ReleaseError, match=re.escape("dated before 2026.10.0")):
        releases.read_releases(folder)


# --- differences ------------------------------------------------------------------------------


def test_two_releases_give_the_expected_difference(first, second):
    diff = releases.diff_snapshots(first, second)
    assert (diff.old_version, diff.new_version, diff.new_date) == ("2026.10.0", "2026.11.0", "2026-11-30")
    assert [state.id for state in diff.added] == ["euler-2024-bounds", "vysogorets-2023-connectivity"]
    assert [state.id for state in diff.removed] == ["lubana-2021-gradient"]
    changes = {change.id: change.results for change in diff.changed}
    assert changes == {
        "jin-2022-pruning": (
            releases.ResultChange("open_source_code", "No", "Yes", "reviewed", "Ana Lee, 2026-11-02"),
        ),
        "zhou-2023-three-regime": (),
        "zhuang-2020-neuron-level": (
            releases.ResultChange("dataset_splits", "No", "Yes", "corrected", "Tao Zhuang, 2026-11-10"),
        ),
    }
    assert changes["jin-2022-pruning"][0].reason == "reviewed by a person (Ana Lee, 2026-11-02)"
    assert [count.text for count in diff.counts] == [
        "Open Source Code: 1 result changed, 1 No to Yes",
        "Dataset Splits: 1 result changed, 1 No to Yes",
    ]
    assert [(c.id, c.variable, c.request.by, c.was, c.now, c.text) for c in diff.requests] == [
        ("zhou-2023-three-regime", "hardware_specification", "A reader", "open", "declined", "declined on 2026-11-20"),
        ("zhuang-2020-neuron-level", "pseudocode", "A reader", None, "open", "opened"),
        ("zhuang-2020-neuron-level", "dataset_splits", "Tao Zhuang", None, "accepted", "opened and accepted"),
    ]
    assert releases.request_counts_text(diff.requests) == "2 opened, 1 accepted, 1 declined"


def test_the_first_release_adds_every_paper(first):
    diff = releases.release_diffs([first])[0]
    assert diff.old_version is None and not diff.removed and not diff.changed and not diff.counts
    assert [state.id for state in diff.added] == sorted(first.papers)
    assert [(change.id, change.text) for change in diff.requests] == [("zhou-2023-three-regime", "opened")]


def asking(status: str, by: str = "A reader", **decision) -> Request:
    return Request(releases.request_id({"by": by}), by, "reader", "2026-01-05", "Yes", status, **decision)


@pytest.mark.parametrize(
    ("before", "after", "said", "events"),
    [
        (None, (asking("open"),), ["opened"], ["opened"]),
        ((asking("open"),), (asking("declined", reason="No."),), ["declined"], ["declined"]),
        ((asking("open"),), (asking("accepted", reason="Yes."),), ["accepted"], ["accepted"]),
        ((asking("declined", reason="No."),), (asking("open"),), ["reopened (was declined)"], ["reopened"]),
        ((asking("accepted"),), (asking("declined"),), ["declined (was accepted)"], ["declined"]),
        ((asking("open"),), (), ["withdrawn (was open)"], ["withdrawn"]),
        ((asking("open"),), (asking("open"), asking("open", by="Ana")), ["opened"], ["opened"]),
        ((asking("open"),), (asking("open"),), [], []),
    ],
)
def test_what_became_of_each_request(before, after, said, events):
    old = state({}, sha256="0" * 64)
    old = dataclasses.replace(old, requests={"pseudocode": before} if before else {})
    new = dataclasses.replace(state({}, sha256="1" * 64), requests={"pseudocode": after} if after else {})
    diff = releases.diff_snapshots(snapshot("2026.1.0", "2026-01-01", old), snapshot("2026.2.0", "2026-02-01", new))
    assert [change.text for change in diff.requests] == said
    assert [event for change in diff.requests for event in change.events] == events


def test_requests_against_a_release_that_recorded_none():
    """A format 1 release recorded no requests: those of a paper changed since are 'first
    recorded'; a paper whose content is the same has the same requests, so none is listed."""
    requests = {"pseudocode": (asking("declined", reason="No."),)}
    old = Snapshot("2026.1.0", "2026-01-01", {})
    new = Snapshot("2026.2.0", "2026-02-01", {})
    for paper_id, sha256 in (("changed", "1" * 64), ("same", "0" * 64)):
        old.papers[paper_id] = dataclasses.replace(state({}), id=paper_id, requests=None)
        new.papers[paper_id] = dataclasses.replace(state({}, sha256=sha256), id=paper_id, requests=requests)
    diff = releases.diff_snapshots(old, new)
    assert [(change.id, change.events) for change in diff.requests] == [("changed", ("first recorded",))]
    assert diff.requests[0].text == "declined (first recorded: the previous release recorded no requests)"
    assert "1 first recorded" in releases.render_changes_page(diff)


def snapshot(version: str, date: str, paper: PaperState) -> Snapshot:
    return Snapshot(version, date, {paper.id: paper})


def test_counts_say_each_transition_most_frequent_first():
    old = Snapshot("2026.1.0", "2026-01-01", {})
    new = Snapshot("2026.2.0", "2026-02-01", {})
    for index, (before, after) in enumerate([("No", "Yes")] * 9 + [("Yes", "No")] * 2 + [("No", "N/A")]):
        paper_id = f"p{index:02d}"
        old.papers[paper_id] = dataclasses.replace(state({"open_source_code": before}), id=paper_id)
        new.papers[paper_id] = dataclasses.replace(state({"open_source_code": after}, sha256="1" * 64), id=paper_id)
    (count,) = releases.diff_snapshots(old, new).counts
    assert count.text == "Open Source Code: 12 results changed, 9 No to Yes, 2 Yes to No, 1 No to N/A"


@pytest.mark.parametrize(
    ("before", "after", "cause", "detail"),
    [
        (state({}, run="run-a"), state({"pseudocode": "Yes"}, run="run-b", sha256="1" * 64), "new-run", "run-b"),
        (state({}, run="run-a"), state({"pseudocode": "Yes"}, run="run-a", sha256="1" * 64), "edited", ""),
        (
            state({"pseudocode": "Yes"}, by_people={"pseudocode": PersonResult("reviewed", "Ana", None, "No")}),
            state({}, sha256="1" * 64),
            "review-removed",
            "",
        ),
        (
            state({}),
            state({"pseudocode": "Yes"}, by_people={"pseudocode": PersonResult("corrected", "An author", None, "No")}),
            "corrected",
            "An author",
        ),
    ],
)
def test_why_a_result_changed(before, after, cause, detail):
    diff = releases.diff_snapshots(
        snapshot("2026.1.0", "2026-01-01", before), snapshot("2026.2.0", "2026-02-01", after)
    )
    (change,) = diff.changed[0].results
    assert (change.variable, change.cause, change.detail) == ("pseudocode", cause, detail)


def test_plan_release_checks_the_version_and_says_what_it_would_change(first):
    diff = releases.plan_release([first], papers_of(fixture_records("second")), "2026.11.0", "2026-11-30")
    assert len(diff.added) == 2 and len(diff.removed) == 1 and len(diff.changed) == 3
    with pytest.raises(ReleaseError, match="not newer"):
        releases.plan_release([first], [], "2026.9.0", "2026-09-01")


# --- per paper --------------------------------------------------------------------------------


def test_each_paper_knows_the_release_that_added_it_and_last_changed_it(first, second):
    histories = releases.paper_histories([second, first])  # any order: sorted by version
    assert {paper_id: (h.added_in, h.last_changed_in, h.changed_in) for paper_id, h in histories.items()} == {
        "euler-2024-bounds": ("2026.11.0", "2026.11.0", ("2026.11.0",)),
        "jin-2022-pruning": ("2026.10.0", "2026.11.0", ("2026.10.0", "2026.11.0")),
        "lubana-2021-gradient": ("2026.10.0", "2026.10.0", ("2026.10.0",)),
        "vysogorets-2023-connectivity": ("2026.11.0", "2026.11.0", ("2026.11.0",)),
        "zhou-2023-three-regime": ("2026.10.0", "2026.11.0", ("2026.10.0", "2026.11.0")),
        "zhuang-2020-neuron-level": ("2026.10.0", "2026.11.0", ("2026.10.0", "2026.11.0")),
    }
    assert not any(history.unreleased for history in histories.values())


def test_unreleased_changes_show_as_such(first, second):
    records = fixture_records("second")
    records[0]["variables"]["pseudocode"]["evidence"] = "Edited after the release."  # euler
    lubana = next(r for r in fixture_records("first") if r["id"] == "lubana-2021-gradient")  # removed, back again
    current = releases.make_snapshot(papers_of([*records, lubana]))
    histories = releases.paper_histories([first, second], current)
    assert set(histories) == set(current.papers)
    assert histories["euler-2024-bounds"].unreleased and histories["euler-2024-bounds"].added_in == "2026.11.0"
    assert not histories["jin-2022-pruning"].unreleased
    assert histories["lubana-2021-gradient"] == releases.PaperHistory("lubana-2021-gradient", None, None, (), True)
    unreleased = releases.diff_snapshots(second, current)
    assert unreleased.new_version is None
    assert [s.id for s in unreleased.added] == ["lubana-2021-gradient"]
    assert [c.id for c in unreleased.changed] == ["euler-2024-bounds"]


def test_before_any_release_every_paper_is_unreleased():
    current = releases.make_snapshot(papers_of(fixture_records("first")))
    assert all(h.unreleased and h.added_in is None for h in releases.paper_histories([], current).values())


# --- pages ------------------------------------------------------------------------------------


def test_the_changes_pages_of_two_releases(first, second):
    diffs = releases.release_diffs([first, second])
    check_golden("changes-2026.10.0.md", releases.render_changes_page(diffs[0]))
    check_golden("changes-2026.11.0.md", releases.render_changes_page(diffs[1]))
    check_golden("changes-index.md", releases.render_releases_index(diffs))
    assert releases.changes_path("2026.11.0") == "changes/2026.11.0.md"


def test_the_changes_page_says_every_change_and_why(first, second):
    page = releases.render_changes_page(releases.diff_snapshots(first, second))
    assert "2 papers added, 1 removed, 3 changed since 2026.10.0" in page
    assert "<li>Open Source Code: 1 result changed, 1 No to Yes</li>" in page
    assert "reviewed by a person (Ana Lee, 2026-11-02)" in page
    assert "correction accepted (Tao Zhuang, 2026-11-10)" in page
    assert "text edited, results unchanged" in page
    assert '<a href="../../papers/vysogorets-2023-connectivity/">' in page
    assert "<p>Correction requests since 2026.10.0: 2 opened, 1 accepted, 1 declined.</p>" in page
    assert "<li>Hardware Specification: 1 declined</li>" in page
    assert (
        "<td>Hardware Specification</td><td>A reader (reader), 2026-10-02: asks for Yes</td>"
        "<td>declined on 2026-11-20</td>"
        "<td>Naming GPUs without their model or number is not a hardware specification.</td>"
    ) in page
    assert "A Gradient Flow Framework For Analyzing Network Pruning (lubana-2021-gradient)" in page


def test_record_text_on_the_changes_page_is_escaped_text_on_one_line():
    hostile = dataclasses.replace(state({}), title=HOSTILE)
    reviewed = dataclasses.replace(
        state({"pseudocode": "Yes"}, by_people={"pseudocode": PersonResult("reviewed", HOSTILE, None, "No")}),
        title=HOSTILE,
        sha256="1" * 64,
    )
    diff = releases.diff_snapshots(
        Snapshot("2026.1.0", "2026-01-01", {"p": hostile, "q": dataclasses.replace(hostile, id="q")}),
        Snapshot("2026.2.0", "2026-02-01", {"p": reviewed, "r": dataclasses.replace(hostile, id="r")}),
    )
    page = releases.render_changes_page(diff)
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&amp;amp;" in page and "&#1;" in page and "\x01" not in page
    for line in page.splitlines():  # record text never starts a line, where Markdown would read it
        assert not line.startswith(("&lt;", "**", "#  ", "```", "    ")), line
        assert "markdown=" not in line
    assert page.count("&lt;script&gt;") == 4  # added, removed, changed title, reviewer


def test_request_text_on_the_changes_page_is_escaped_text_on_one_line():
    hostile = Request("0" * 16, HOSTILE, "author", "2026-01-05", "Yes", "declined", HOSTILE, "2026-01-06")
    old = dataclasses.replace(state({}), title=HOSTILE)
    new = dataclasses.replace(old, sha256="1" * 64, requests={"pseudocode": (hostile,)})
    page = releases.render_changes_page(
        releases.diff_snapshots(snapshot("2026.1.0", "2026-01-01", old), snapshot("2026.2.0", "2026-02-01", new))
    )
    assert "<script" not in page and page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 4  # 2 titles, by, reason
    assert "\x01" not in page and "&#1;" in page
    for line in page.splitlines():
        assert not line.startswith(("&lt;", "**", "#  ", "```", "    ")), line


def test_the_paper_history_line(first, second):
    histories = releases.paper_histories([first, second])
    line = releases.render_paper_history(histories["jin-2022-pruning"])
    assert line == (
        '<p class="paper-history">Added in release '
        '<a href="../../changes/2026.10.0/#paper-jin-2022-pruning">2026.10.0</a>; last changed in '
        '<a href="../../changes/2026.11.0/#paper-jin-2022-pruning">2026.11.0</a>; history: '
        '<a href="../../changes/2026.10.0/#paper-jin-2022-pruning">2026.10.0</a>, '
        '<a href="../../changes/2026.11.0/#paper-jin-2022-pruning">2026.11.0</a>.</p>'
    )
    unreleased = releases.PaperHistory("x", "2026.10.0", "2026.10.0", ("2026.10.0",), True)
    assert "changed since the last release" in releases.render_paper_history(unreleased)
    never = releases.PaperHistory("x", None, None, (), True)
    assert releases.render_paper_history(never) == '<p class="paper-history">Not in any release yet.</p>'


def test_every_release_a_paper_history_links_to_has_its_anchor(first, second):
    diffs = releases.release_diffs([first, second])
    pages = {diff.new_version: releases.render_changes_page(diff) for diff in diffs}
    links = 0
    for history in releases.paper_histories([first, second]).values():
        for version in history.changed_in:
            assert f'id="paper-{history.id}"' in pages[version], (history.id, version)
            links += 1
    assert links == 9  # four papers in the first release; two added and three changed in the second


# --- many papers: what a Changes page lists, what it counts -----------------------------------

PAGE_BUDGET = 180_000  # bytes of Markdown: the built page adds the theme's shell (about 15 kB) to stay under 200 kB


@pytest.fixture(scope="module")
def many() -> ManyPapers:
    return many_papers(12_000)  # every group beyond its limit: 1,200 removed, 2,400 changed, 4,000 added...


def edition_table(page: str) -> dict[str, list[int]]:
    """The rows of the table of papers by edition: edition -> its counts."""
    section = page[page.index(f'<p id="{releases.BY_EDITION}">') :]
    rows = re.findall(r"<tr><td>(?:<a [^>]*>)?([^<]*)(?:</a>)?</td>((?:<td>[0-9,]+</td>)+)</tr>", section)
    return {
        edition: [int(n.replace(",", "")) for n in re.findall(r"<td>([0-9,]+)</td>", cells)] for edition, cells in rows
    }


def expected_by_edition(ids, current) -> Counter:
    return Counter(f"{current[paper_id][0]} {current[paper_id][1]}" for paper_id in ids)


def test_a_first_release_of_many_papers_counts_them_by_edition(many):
    diff = releases.release_diffs([many.first])[0]
    page = releases.render_changes_page(diff, many.current)  # the papers now: those of the second release
    assert len(page.encode()) < 20_000
    assert "12,000 papers added, 0 removed, 0 changed in the first release." in page
    now = expected_by_edition([paper_id for paper_id in many.first.papers if paper_id in many.current], many.current)
    gone = "Edition not known (the paper is not in the dataset now)"
    assert edition_table(page) == {**{edition: [n] for edition, n in sorted(now.items())}, gone: [1_200]}
    assert '<p id="added-not-listed">12,000 papers added: more than 200, so they are counted by edition' in page
    assert 'id="paper-' not in page and "papers/paper-" not in page
    assert "releases/2026.10.0.json in the dataset’s repository" in page


def test_a_changes_page_of_many_papers_stays_small_and_its_counts_are_right(many):
    diff = releases.diff_snapshots(many.first, many.second)
    page = releases.render_changes_page(diff, many.current)
    assert len(page.encode()) < PAGE_BUDGET, len(page.encode())
    assert "4,000 papers added, 1,200 removed, 4,400 changed since 2026.10.0." in page
    # added: counted by edition, every one; none listed
    assert '<p id="added-not-listed">4,000 papers added: more than 200' in page
    table = edition_table(page)
    added = expected_by_edition(many.added, many.current)
    with_results = expected_by_edition(many.by_people + many.by_run, many.current)
    edited = expected_by_edition(many.edited, many.current)
    assert table == {edition: [added[edition], with_results[edition], edited[edition]] for edition in table}
    assert set(table) == set(added) | set(with_results) | set(edited)
    assert [sum(column) for column in zip(*table.values(), strict=True)] == [4_000, 2_400, 2_000]
    assert '<a href="../../venues/neurips-2020/">NeurIPS 2020</a>' in page
    # removed: too many, counted, with where to find them
    assert (
        '<p id="removed-not-listed">1,200 papers removed: more than 200, so they are not listed here. '
        "releases/2026.10.0.json lists them: its papers that are not in releases/2026.11.0.json.</p>"
    ) in page
    assert not any(f'id="paper-{paper_id}"' in page for paper_id in many.removed + many.added + many.edited)
    # changed: the papers a person changed first, by id, as many as fit in the rows
    listed = re.findall(r'<tr id="paper-([a-z0-9-]+)">', page)
    rows = itertools.accumulate(
        len(diff_change.results) for diff_change in diff.changed if diff_change.id in many.by_people
    )
    fit = sum(1 for total in rows if total <= releases.LISTED_RESULT_ROWS)
    assert 50 < fit < len(many.by_people) and listed == list(many.by_people[:fit])
    table_rows = page[page.index("## Papers changed") : page.index("## Papers by edition")].count("<tr")
    assert table_rows - 1 <= releases.LISTED_RESULT_ROWS  # one row a result changed, below the heading row
    not_listed = 2_400 - len(listed)
    assert (
        f'<p id="changed-not-listed">Not listed here: {not_listed:,} of the 2,400 papers whose results changed '
        "(this page lists up to 200 of them, in at most 500 rows, those a person changed first) and the 2,000 "
        "papers edited with no result changed (more than 200)."
    ) in page
    # the counts per variable count every result, listed or not
    flipped = sum(
        many.first.papers[paper_id].results[key] != many.second.papers[paper_id].results[key]
        for paper_id in many.by_people + many.by_run
        for key in many.first.papers[paper_id].results
    )
    counted = re.findall(r"<li>[A-Za-z ]+: ([0-9,]+) results? changed", page)
    assert sum(int(count.replace(",", "")) for count in counted) == flipped
    # requests: 200 rows, the other 200 counted
    assert "<p>Correction requests since 2026.10.0: 400 opened.</p>" in page
    assert page.count("asks for Yes</td>") == releases.LISTED_REQUESTS
    assert "<p>200 more correction requests are not listed here (this page lists 200)" in page


def test_a_changes_page_stays_the_same_size_as_the_papers_grow():
    """Bounded: five times the papers, about the same page (only the counts' digits grow)."""
    sizes = []
    for count in (3_000, 15_000):
        many = many_papers(count)
        sizes.append(len(releases.render_changes_page(releases.diff_snapshots(many.first, many.second), many.current)))
    assert sizes[1] < sizes[0] * 1.2 and sizes[1] < PAGE_BUDGET, sizes


def test_a_small_group_is_listed_whole_and_a_large_one_not_at_all():
    old = Snapshot("2026.1.0", "2026-01-01", {})
    for count, listed in ((releases.LISTED_PAPERS, releases.LISTED_PAPERS), (releases.LISTED_PAPERS + 1, 0)):
        new = Snapshot(
            "2026.2.0",
            "2026-02-01",
            {f"p{n:04d}": dataclasses.replace(state({}), id=f"p{n:04d}") for n in range(count)},
        )
        listing = releases.changes_listing(releases.diff_snapshots(old, new))
        assert (len(listing.added), len(listing.added_counted)) == (listed, count - listed)


def test_the_table_of_editions_has_the_largest_editions_and_counts_the_rest():
    """At most LISTED_EDITIONS rows, those with the most papers, in venue and year order."""
    count = releases.LISTED_EDITIONS + 50
    papers = {f"p{n:04d}": dataclasses.replace(state({}), id=f"p{n:04d}") for n in range(count + 300)}
    current = {paper_id: (f"Venue {int(paper_id[1:]) % count:03d}", 2020) for paper_id in papers}
    page = releases.render_changes_page(
        releases.diff_snapshots(Snapshot("2026.1.0", "2026-01-01", {}), Snapshot("2026.2.0", "2026-02-01", papers)),
        current,
    )
    table = edition_table(page)
    assert len(table) == releases.LISTED_EDITIONS and list(table) == sorted(table)
    # venues 0-49 have three papers, the others two: the table has 0-199, not the last 50
    assert table == {f"Venue {n:03d} 2020": [3 if n < 50 else 2] for n in range(releases.LISTED_EDITIONS)}
    assert "<p>50 more editions, with 100 papers, are not in the table.</p>" in page


def test_a_venue_in_the_table_of_editions_is_escaped_text():
    papers = {f"p{n:04d}": dataclasses.replace(state({}), id=f"p{n:04d}") for n in range(releases.LISTED_PAPERS + 1)}
    page = releases.render_changes_page(
        releases.diff_snapshots(Snapshot("2026.1.0", "2026-01-01", {}), Snapshot("2026.2.0", "2026-02-01", papers)),
        dict.fromkeys(papers, (HOSTILE, 2020)),
    )
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "\x01" not in page
    assert '<a href="../../venues/script-alert-1-script-bold-x-javascript-alert-1-heading-amp-2020/">' in page


def test_a_paper_history_links_where_a_page_counts_it(many):
    """A paper that its release's page does not list: its history links the paragraph that counts it."""
    listing = releases.changes_listing(releases.diff_snapshots(many.first, many.second))
    anchors = dict(listing.not_listed_anchors())
    assert anchors[many.added[0]] == "added-not-listed" and anchors[many.edited[0]] == "changed-not-listed"
    assert anchors[many.removed[0]] == "removed-not-listed" and many.by_people[0] not in anchors
    history = releases.PaperHistory(
        many.added[0], "2026.11.0", "2026.11.0", ("2026.11.0",), False, {"2026.11.0": anchors[many.added[0]]}
    )
    assert '<a href="../../changes/2026.11.0/#added-not-listed">2026.11.0</a>' in releases.render_paper_history(history)
