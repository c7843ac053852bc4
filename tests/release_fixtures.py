"""Shared by the release, feed and citation tests: the two fixture releases' records, a paper
state to vary, and hostile text (tests/fixtures/releases/README.md says what the releases hold)."""

from __future__ import annotations

import dataclasses
import hashlib
import random
from dataclasses import dataclass

from generator import model
from generator.loading import load_record
from generator.releases import PaperState, PersonResult, Request, Snapshot
from generator.synthetic import VENUES
from helpers import FIXTURES

RELEASE_FIXTURES = FIXTURES / "releases"
HOSTILE = "<script>alert(1)</script> **bold** [x](javascript:alert(1))\n\n    ```\n# heading &amp; \x01"


def fixture_records(name: str) -> list[dict]:
    """The records of fixture release ``name`` (first or second), by file name."""
    return [load_record(path).data for path in sorted((RELEASE_FIXTURES / name / "records").glob("*.yaml"))]


def papers_of(records: list[dict]) -> list[model.Paper]:
    return [model.paper_from_record(record) for record in records]


def state(results: dict[str, str], run: str | None = None, by_people=None, sha256="0" * 64) -> PaperState:
    """Paper ``p``: Experimental, Academia, No elsewhere, with ``results`` over that."""
    full = {variable.key: "No" for variable in model.variables() if variable.is_yes_no}
    full |= {"research_type": "Experimental", "researcher_affiliation": "Academia", **results}
    return PaperState("p", "A paper", sha256, full, "llm", run, by_people or {})


@dataclass(frozen=True)
class ManyPapers:
    """Two releases of many papers, beyond every limit of a Changes page (``many_papers``)."""

    first: Snapshot
    second: Snapshot
    current: dict[str, tuple[str, int]]  # the second release's papers: id -> venue and year
    removed: tuple[str, ...]
    added: tuple[str, ...]
    by_people: tuple[str, ...]  # results changed by a person's review
    by_run: tuple[str, ...]  # results changed by a new classifier run
    edited: tuple[str, ...]  # text edited, results unchanged
    requested: tuple[str, ...]  # a correction request opened


def many_papers(count: int, seed: int = 1) -> ManyPapers:
    """``count`` papers released, then a second release that removes a tenth of them, adds a
    third as many, changes the results of a fifth (a person reviewed one in 20 of those, a new
    classifier run changed the others: one to nine results each), edits the text of a sixth
    and opens a correction request on 400. Titles of 30 to 192 characters (the Index's longest),
    five venues over twelve years."""
    generator = random.Random(seed)
    yes_no = [variable.key for variable in model.variables() if variable.is_yes_no]

    def paper(number: int) -> PaperState:
        title = " ".join(generator.choice(("Sparse", "Networks", "Learning", "of", "Pruning")) for _ in range(40))
        results = {key: generator.choice(("Yes", "No")) for key in yes_no}
        results |= {"research_type": "Experimental", "researcher_affiliation": "Academia"}
        sha256 = hashlib.sha256(str(number).encode()).hexdigest()
        return PaperState(f"paper-{number:06d}", title[: generator.randint(30, 192)], sha256, results, "llm", "run-1")

    papers = [paper(number) for number in range(count)]
    editions = {state.id: (generator.choice(VENUES), generator.randrange(2014, 2026)) for state in papers}
    ids = [state.id for state in papers]
    removed = tuple(ids[: count // 10])
    changed = ids[count // 10 : count // 10 + count // 5]
    by_people = tuple(changed[::20])
    by_run = tuple(paper_id for paper_id in changed if paper_id not in set(by_people))
    edited = tuple(ids[len(removed) + len(changed) :][: count // 6])
    requested = tuple(edited[:400])
    second = {state.id: state for state in papers if state.id not in set(removed)}
    for paper_id in changed:
        before = second[paper_id]
        flipped = generator.sample(yes_no, generator.randint(1, len(yes_no)))
        results = {key: ({"Yes": "No", "No": "Yes"}[result] if key in flipped else result)
                   for key, result in before.results.items()}  # fmt: skip
        person = {flipped[0]: PersonResult("reviewed", "Ana Lee", "2026-11-02", before.results[flipped[0]])}
        by_person = paper_id in by_people
        second[paper_id] = dataclasses.replace(
            before, sha256="1" * 64, results=results, run="run-1" if by_person else "run-2",
            by_people=person if by_person else {},
        )  # fmt: skip
    for paper_id in edited:
        asked = Request(f"{int(paper_id[6:]):016x}", "A reader", "reader", "2026-11-03", "Yes", "open")
        requests = {"pseudocode": (asked,)} if paper_id in requested else {}
        second[paper_id] = dataclasses.replace(second[paper_id], sha256="2" * 64, requests=requests)
    added = [paper(number) for number in range(count, count + count // 3)]
    editions |= {state.id: (generator.choice(VENUES), generator.randrange(2014, 2026)) for state in added}
    second |= {state.id: state for state in added}
    return ManyPapers(
        Snapshot("2026.10.0", "2026-10-15", {state.id: state for state in papers}),
        Snapshot("2026.11.0", "2026-11-30", dict(sorted(second.items()))),
        {paper_id: editions[paper_id] for paper_id in sorted(second)},
        removed,
        tuple(state.id for state in added),
        by_people,
        by_run,
        edited,
        requested,
    )
