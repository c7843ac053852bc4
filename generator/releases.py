"""Releases: papers -> a dated, named snapshot of the dataset; two snapshots -> what changed.

A release is a version of the dataset that people can cite. Its facts are committed, one file per
release, ``releases/<version>.json``, so that the next release (and every build) can say exactly
what changed without network or git history.

Version scheme (calendar versioning): ``YEAR.MONTH.SERIAL``, e.g. ``2026.11.0``, the first release
of November 2026; ``2026.11.1`` the next that month. No leading zeros, month 1-12, serial 0-9999.
The release's date must fall in the version's year and month, and each release must be newer than
the last in both version and date. ``parse_version`` checks a version; ``check_new_release``
refuses one that exists or is not newer.

A snapshot file holds, per paper (keyed and sorted by id): its title, the sha256 of its canonical
JSON (see ``record_sha256``), the nine published results, how the classifier's results were made
(``method`` and ``run``), for each variable whose published result is a person's, who gave it
(``by_people``: reviewed or corrected, by whom, when, and what the classifier had said) and, from
format 2 on, each variable's correction requests (``requests``: see ``Request``). Format 1 files
(written before requests were recorded) are read as they are, their requests "not recorded".
Bytes are deterministic: sorted keys, two-space indent, UTF-8, trailing newline.

Pure functions: ``make_snapshot``, ``snapshot_to_bytes`` / ``snapshot_from_bytes``,
``diff_snapshots`` (``ReleaseDiff``: added, removed, changed papers, result changes with the
reason, counts per variable, correction requests opened and decided), ``paper_histories`` (added
in, last changed in, unreleased changes), ``plan_release``, ``changes_listing`` (which papers a
Changes page lists one by one, up to the ``LISTED_*`` limits, and which it only counts, so that
its size does not grow with the papers), and the Markdown renderers ``render_changes_page``,
``render_releases_index`` and ``render_paper_history``. File I/O only in
``read_snapshot``, ``write_snapshot`` and ``read_releases``.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import itertools
import json
import re
from collections import Counter
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator import model, pages, paths
from generator.model import Paper

FORMAT = 2  # the format written; a reader takes this one and 1 (the same, without requests)
READABLE_FORMATS = (1, 2)
RELEASES_FOLDER = "releases"
CHANGES_FOLDER = "changes"  # site pages: changes/index.md, changes/<version>.md

_VERSION = re.compile(r"(?P<year>[1-9][0-9]{3})\.(?P<month>[1-9]|1[0-2])\.(?P<serial>0|[1-9][0-9]{0,3})\Z")
_DATE = re.compile(r"(?P<year>[0-9]{4})-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12][0-9]|3[01])\Z")
_PAPER_ID = re.compile(model.id_pattern() + r"\Z")
_SHA256 = re.compile(r"[0-9a-f]{64}\Z")
_RECORD_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")  # as the schema writes a record's dates
_REQUEST_ID = re.compile(r"[0-9a-f]{16}(?:-[1-9][0-9]*)?\Z")

REVIEWED, CORRECTED = "reviewed", "corrected"
OPEN, ACCEPTED, DECLINED = "open", "accepted", "declined"
ROLES = ("author", "reader")


class ReleaseError(ValueError):
    """A version, date or snapshot file that cannot be used; the message says what and why."""


# --- versions ---------------------------------------------------------------------------------


def parse_version(version: str) -> tuple[int, int, int]:
    """``(year, month, serial)`` of a version such as ``2026.11.0``; ``ReleaseError`` otherwise."""
    match = _VERSION.match(version) if isinstance(version, str) else None
    if not match:
        raise ReleaseError(
            f"version {version!r} is not YEAR.MONTH.SERIAL (for example 2026.11.0: no leading zeros, month 1-12)"
        )
    return int(match["year"]), int(match["month"]), int(match["serial"])


def check_date(date: str) -> str:
    """``date`` if it is a real calendar date written YYYY-MM-DD; ``ReleaseError`` otherwise."""
    if not isinstance(date, str) or not _DATE.match(date):
        raise ReleaseError(f"date {date!r} is not YYYY-MM-DD")
    try:
        datetime.date.fromisoformat(date)
    except ValueError as error:
        raise ReleaseError(f"date {date!r} is not a calendar date ({error})") from None
    return date


def check_new_release(existing: Sequence[Snapshot], version: str, date: str) -> None:
    """Refuse a new release that exists already, is not newer than the last one (in version and
    in date), or whose date is not in the version's year and month."""
    year, month, _ = parse_version(version)
    check_date(date)
    if (int(date[:4]), int(date[5:7])) != (year, month):
        raise ReleaseError(f"release {version} is dated {date}: the date must be in {year}-{month:02d}")
    if any(snapshot.version == version for snapshot in existing):
        raise ReleaseError(f"release {version} exists already")
    if existing:
        last = max(existing, key=lambda snapshot: parse_version(snapshot.version))
        if parse_version(version) <= parse_version(last.version):
            raise ReleaseError(f"release {version} is not newer than the last release, {last.version}")
        if date < last.date:
            raise ReleaseError(
                f"release {version} is dated {date}, before the last release ({last.version}, {last.date})"
            )


# --- snapshots --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonResult:
    """A published result that a person gave: a review, or an accepted correction."""

    kind: str  # REVIEWED or CORRECTED
    by: str
    date: str | None
    classifier_result: str  # what the classifier had said


@dataclass(frozen=True)
class Request:
    """A correction request on a variable, as a release records it: enough to know it again in
    the next release (``id``) and to say on a Changes page who asked for what and what became of
    it. The claim and evidence stay in the record (and on the paper page), not in the release."""

    id: str  # request_id: 16 hex digits of the sha256 of by, role, date and claim
    by: str
    role: str  # author or reader
    date: str  # of the request
    result: str  # the result asked for
    status: str  # OPEN, ACCEPTED or DECLINED
    reason: str | None = None  # the maintainer's, once decided
    decided: str | None = None  # date of the decision, when the record gives it


@dataclass(frozen=True)
class PaperState:
    """One paper as a release records it."""

    id: str
    title: str
    sha256: str
    results: dict[str, str]  # variable key -> published result, all nine
    method: str  # provenance.method: llm or manual
    run: str | None  # provenance.run, the classifier run's id, when the record names one
    by_people: dict[str, PersonResult] = field(default_factory=dict)  # only variables a person gave
    # variable key -> its correction requests in the record's order, only variables that have
    # some; None: not recorded (a release file of format 1)
    requests: dict[str, tuple[Request, ...]] | None = field(default_factory=dict)


@dataclass(frozen=True)
class Snapshot:
    """The dataset at a release (``version`` and ``date`` set) or now (both None: unreleased)."""

    version: str | None
    date: str | None
    papers: dict[str, PaperState]  # by id, sorted


def record_sha256(record: dict) -> str:
    """sha256 of the record's canonical JSON (sorted keys, no spaces, UTF-8).

    The content, not the file's bytes: a comment, a re-wrapped line or reordered keys in the YAML
    change nothing a reader sees, so they must not make a paper "changed"; and the build holds the
    parsed record (``Paper.record``), not the file's bytes, so no file is read again."""
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def person_result(assessment: dict, published: str) -> PersonResult | None:
    """Who gave a variable's published result, when a person did: an accepted correction whose
    result is the published one, else a review whose result is. None when it is the classifier's.
    (Judged by the published result, so this agrees with ``model.published_result`` whichever of
    the two it lets win.)"""
    correction = model.accepted_correction(assessment)
    if correction is not None and correction["result"] == published:
        return PersonResult(CORRECTED, str(correction.get("by", "")), correction.get("date"), assessment["result"])
    reviewed = assessment.get("reviewed")
    if reviewed and reviewed.get("result") == published:
        return PersonResult(REVIEWED, reviewed["by"], reviewed.get("date"), assessment["result"])
    return None


def request_id(correction: dict) -> str:
    """A correction request's identity: 16 hex digits of the sha256 of the canonical JSON of its
    ``by``, ``role``, ``date`` and ``claim``, the fields that say who asked what and when. Its
    status, reason, decision date, requested result and evidence may change (that is what a
    release records of it); an edited claim makes another request."""
    identity = [correction.get(name) for name in ("by", "role", "date", "claim")]
    canonical = json.dumps(identity, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def correction_requests(assessment: dict) -> tuple[Request, ...]:
    """The variable's correction requests in the record's order; two with the same identity
    (the same person, date and claim twice) are told apart by ``-2``, ``-3``... in that order."""
    requests = []
    seen: Counter = Counter()
    for correction in assessment.get("corrections", ()):
        identity = request_id(correction)
        seen[identity] += 1
        requests.append(
            Request(
                identity if seen[identity] == 1 else f"{identity}-{seen[identity]}",
                str(correction["by"]),
                str(correction["role"]),
                str(correction["date"]),
                str(correction["result"]),
                str(correction["status"]),
                correction.get("reason"),
                correction.get("decided"),
            )
        )
    return tuple(requests)


ReleaseFacts = tuple  # (sha256, method, run, by_people, requests) of built-in values: ``release_facts``


def release_facts(paper: Paper) -> ReleaseFacts:
    """What a release records of a paper beyond the fields ``Paper`` holds, as built-in values
    only: the build cache keeps them beside the record they come from (``cache.entry_of``), so a
    build after a release neither unpacks nor hashes a record that has not changed. They are a
    function of the record's content and this module, as is everything the cache keeps."""
    record = paper.record
    provenance = record.get("provenance", {})
    by_people, requests = {}, {}
    for variable in model.variables():
        assessment = record["variables"][variable.key]
        given = person_result(assessment, paper.results[variable.key])
        if given is not None:
            by_people[variable.key] = dataclasses.astuple(given)
        asked = correction_requests(assessment)
        if asked:
            requests[variable.key] = tuple(dataclasses.astuple(request) for request in asked)
    return (record_sha256(record), provenance.get("method", ""), provenance.get("run"), by_people, requests)


def paper_state(paper: Paper, facts: ReleaseFacts | None = None) -> PaperState:
    """What a release records of one paper; ``facts``, when given, are its ``release_facts``."""
    sha256, method, run, by_people, requests = facts if facts is not None else release_facts(paper)
    return PaperState(
        paper.id,
        paper.title,
        sha256,
        dict(paper.results),  # the nine, in the schema's order (model.paper_from_record)
        method,
        run,
        {key: PersonResult(*given) for key, given in by_people.items()},
        {key: tuple(Request(*request) for request in asked) for key, asked in requests.items()},
    )


def make_snapshot(
    papers: Iterable[Paper],
    version: str | None = None,
    date: str | None = None,
    facts: Mapping[str, ReleaseFacts] | None = None,
) -> Snapshot:
    """The snapshot of ``papers`` as release ``version`` of ``date``; both None for the current,
    unreleased state (what ``diff_snapshots`` compares the last release with). ``facts`` maps a
    paper id to its ``release_facts`` when they are known already (the build cache's)."""
    if version is not None:
        parse_version(version)
        check_date(date)
    facts = facts or {}
    states = sorted((paper_state(paper, facts.get(paper.id)) for paper in papers), key=lambda state: state.id)
    return Snapshot(version, date, {state.id: state for state in states})


def snapshot_to_bytes(snapshot: Snapshot) -> bytes:
    """The snapshot file's bytes: sorted keys, two-space indent, UTF-8, trailing newline."""
    if snapshot.version is None:
        raise ReleaseError("an unreleased snapshot has no file")
    papers = {}
    for state in snapshot.papers.values():
        if state.requests is None:
            raise ReleaseError(f"{state.id}: its correction requests are not recorded, so it cannot be written")
        written = {
            "title": state.title,
            "sha256": state.sha256,
            "results": state.results,
            "method": state.method,
            "by_people": {
                key: {
                    "kind": given.kind,
                    "by": given.by,
                    "classifier_result": given.classifier_result,
                    **({"date": given.date} if given.date else {}),
                }
                for key, given in state.by_people.items()
            },
        }
        if state.run:
            written["run"] = state.run
        if state.requests:  # only papers with requests, so that the file grows with them alone
            written["requests"] = {
                key: [_request_to_json(request) for request in asked] for key, asked in state.requests.items()
            }
        papers[state.id] = written
    document = {"format": FORMAT, "version": snapshot.version, "date": snapshot.date, "papers": papers}
    return (json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _request_to_json(request: Request) -> dict:
    written = dataclasses.asdict(request)
    return {name: value for name, value in written.items() if value is not None}


def snapshot_from_bytes(content: bytes, name: str = "snapshot") -> Snapshot:
    """A snapshot read back from its file's bytes; ``ReleaseError`` naming ``name`` and the field
    for anything that is not what ``snapshot_to_bytes`` writes (the files are committed, and a
    hand edit must not reach the pages unchecked)."""

    def fail(where: str, message: str) -> ReleaseError:
        return ReleaseError(f"{name}: {where}: {message}")

    try:
        document = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise fail("file", f"not UTF-8 JSON ({error})") from None
    if not isinstance(document, dict) or document.get("format") not in READABLE_FORMATS:
        raise fail("format", f"expected format {' or '.join(map(str, READABLE_FORMATS))}")
    recorded = document["format"] >= 2  # format 1 recorded no correction requests
    try:
        parse_version(document.get("version"))
        check_date(document.get("date"))
    except ReleaseError as error:
        raise fail("version/date", str(error)) from None
    allowed = {variable.key: set(variable.results) for variable in model.variables()}
    papers = document.get("papers")
    if not isinstance(papers, dict):
        raise fail("papers", "expected an object of papers by id")
    states = {}
    for paper_id in sorted(papers):
        entry = papers[paper_id]
        where = f"papers.{paper_id}"
        if not _PAPER_ID.match(paper_id) or not isinstance(entry, dict):
            raise fail(where, "expected a lower-case slug id and an object")
        title, sha, results = entry.get("title"), entry.get("sha256"), entry.get("results")
        if not isinstance(title, str) or not isinstance(sha, str) or not _SHA256.match(sha):
            raise fail(where, "expected a title and a sha256 of 64 hex digits")
        if not isinstance(results, dict) or set(results) != set(allowed):
            raise fail(f"{where}.results", f"expected the nine variables {sorted(allowed)}")
        for key, result in results.items():
            if result not in allowed[key]:
                raise fail(f"{where}.results.{key}", f"{result!r} is not one of {sorted(allowed[key])}")
        by_people = {}
        for key, given in (entry.get("by_people") or {}).items():
            if key not in allowed or not isinstance(given, dict) or given.get("kind") not in (REVIEWED, CORRECTED):
                raise fail(f"{where}.by_people.{key}", "expected a variable with kind reviewed or corrected")
            if not isinstance(given.get("by"), str) or given.get("classifier_result") not in allowed[key]:
                raise fail(f"{where}.by_people.{key}", "expected by and the classifier's result")
            by_people[key] = PersonResult(given["kind"], given["by"], given.get("date"), given["classifier_result"])
        method, run = entry.get("method", ""), entry.get("run")
        if not isinstance(method, str) or not (run is None or (isinstance(run, str) and _PAPER_ID.match(run))):
            raise fail(where, "expected method and an optional run id")
        if not recorded and "requests" in entry:
            raise fail(f"{where}.requests", "format 1 records no requests")
        requests = _requests_from_json(entry.get("requests", {}), allowed, f"{name}: {where}.requests")
        states[paper_id] = PaperState(
            paper_id, title, sha, dict(results), method, run, by_people, requests if recorded else None
        )
    return Snapshot(document["version"], document["date"], states)


def _requests_from_json(written, allowed: dict[str, set], at: str) -> dict[str, tuple[Request, ...]]:
    """A paper's ``requests`` as ``snapshot_to_bytes`` writes them; ``ReleaseError`` naming ``at``
    (file and paper) and the request for anything else."""

    def fail(where: str, message: str) -> ReleaseError:
        return ReleaseError(f"{at}{where}: {message}")

    if not isinstance(written, dict):
        raise fail("", "expected an object of variables")
    requests = {}
    for key, asked in written.items():
        if key not in allowed or not isinstance(asked, list) or not asked:
            raise fail(f".{key}", "expected a variable and a list of its requests")
        read = []
        for index, request in enumerate(asked):
            where = f".{key}[{index}]"
            if not isinstance(request, dict) or set(request) - {field.name for field in dataclasses.fields(Request)}:
                raise fail(where, "expected an object of id, by, role, date, result, status, reason, decided")
            text = {name: request.get(name) for name in ("id", "by", "role", "date", "result", "status")}
            if not all(isinstance(value, str) for value in text.values()) or not _REQUEST_ID.match(text["id"]):
                raise fail(where, "expected an id of 16 hex digits, and by, role, date, result and status")
            if text["role"] not in ROLES or text["status"] not in (OPEN, ACCEPTED, DECLINED):
                raise fail(where, f"expected a role of {ROLES} and a status of open, accepted or declined")
            if text["result"] not in allowed[key] or not _RECORD_DATE.match(text["date"]):
                raise fail(where, f"expected a result of {sorted(allowed[key])} and a date YYYY-MM-DD")
            reason, decided = request.get("reason"), request.get("decided")
            if not (reason is None or isinstance(reason, str)) or not (
                decided is None or (isinstance(decided, str) and _RECORD_DATE.match(decided))
            ):
                raise fail(where, "expected an optional reason and an optional decision date YYYY-MM-DD")
            read.append(Request(**text, reason=reason, decided=decided))
        requests[key] = tuple(read)
    return requests


def snapshot_file_name(version: str) -> str:
    parse_version(version)
    return f"{version}.json"


def read_snapshot(path: Path) -> Snapshot:
    """One release file; its name must be ``<its version>.json``."""
    snapshot = snapshot_from_bytes(path.read_bytes(), str(path))
    if path.name != snapshot_file_name(snapshot.version):
        raise ReleaseError(f"{path}: holds release {snapshot.version}, so it must be named {snapshot.version}.json")
    return snapshot


def read_releases(folder: Path) -> list[Snapshot]:
    """Every release in ``folder`` (``releases/``), oldest first; none when the folder is absent.
    Refuses a folder whose releases go back in time."""
    if not folder.is_dir():
        return []
    snapshots = sorted(
        (read_snapshot(path) for path in folder.iterdir() if path.suffix == ".json"),
        key=lambda snapshot: parse_version(snapshot.version),
    )
    for earlier, later in itertools.pairwise(snapshots):
        if later.date < earlier.date:
            raise ReleaseError(f"{folder}: release {later.version} ({later.date}) is dated before {earlier.version}")
    return snapshots


def write_snapshot(folder: Path, snapshot: Snapshot) -> Path:
    """Write ``folder/<version>.json`` atomically; refuses to replace an existing release."""
    from generator.output import write_file

    path = folder / snapshot_file_name(snapshot.version)
    if path.exists():
        raise ReleaseError(f"{path} exists: a release is never rewritten")
    write_file(path, snapshot_to_bytes(snapshot))
    return path


# --- differences ------------------------------------------------------------------------------

# Why a result changed, as a stable code, with the words a page shows.
CAUSES = {
    "reviewed": "reviewed by a person",
    "corrected": "correction accepted",
    "review-removed": "a person's result withdrawn",
    "new-run": "new classifier run",
    "edited": "record edited",
}


@dataclass(frozen=True)
class ResultChange:
    variable: str  # key
    old: str
    new: str
    cause: str  # a key of CAUSES
    detail: str  # who or which run, when known; "" otherwise

    @property
    def reason(self) -> str:
        """The cause in words, e.g. 'reviewed by a person (Ana Lee, 2026-10-02)'."""
        return CAUSES[self.cause] + (f" ({self.detail})" if self.detail else "")


@dataclass(frozen=True)
class PaperChange:
    id: str
    title: str
    results: tuple[ResultChange, ...]  # in the schema's variable order; empty when only text changed


@dataclass(frozen=True)
class VariableCount:
    variable: str  # key
    changed: int
    transitions: tuple[tuple[str, str, int], ...]  # (old, new, count), most frequent first

    @property
    def text(self) -> str:
        """'Open Source Code: 12 results changed, 9 No to Yes, 3 Yes to No'."""
        label = model.variables_by_key()[self.variable].label
        noun = "result" if self.changed == 1 else "results"
        parts = [f"{label}: {self.changed:,} {noun} changed"]
        parts += [f"{count:,} {old} to {new}" for old, new, count in self.transitions]
        return ", ".join(parts)


NOT_RECORDED = "not recorded"  # a request's earlier status when that release (format 1) recorded none

# What became of correction requests since the previous release, in the order a page counts them.
REQUEST_EVENTS = ("opened", ACCEPTED, DECLINED, "reopened", "withdrawn", "first recorded")


@dataclass(frozen=True)
class RequestChange:
    """A correction request that is new, or whose status changed, since the previous release."""

    id: str  # the paper's
    title: str
    variable: str  # key
    request: Request  # as it is now; as it was, for one withdrawn
    was: str | None  # its status in the previous release; None: new; NOT_RECORDED: not known
    now: str | None  # its status now; None: withdrawn (no longer in the record)

    @property
    def events(self) -> tuple[str, ...]:
        """What it counts as, of ``REQUEST_EVENTS``: a request opened and decided since the
        previous release counts as opened and as accepted (or declined)."""
        if self.now is None:
            return ("withdrawn",)
        if self.was == NOT_RECORDED:
            return ("first recorded",)
        if self.was is None:
            return ("opened",) if self.now == OPEN else ("opened", self.now)
        return ("reopened",) if self.now == OPEN else (self.now,)

    @property
    def text(self) -> str:
        """Its status in words, with the decision's date when the record gives it: 'opened',
        'declined on 2026-11-20', 'opened and accepted', 'withdrawn (was open)'..."""
        if self.now is None:
            return f"withdrawn (was {self.was})"
        decided = self.request.decided if self.now in (ACCEPTED, DECLINED) else None
        now = f"{self.now} on {decided}" if decided else self.now
        if self.was == NOT_RECORDED:
            return f"{now} (first recorded: the previous release recorded no requests)"
        if self.was is None:
            return "opened" if self.now == OPEN else f"opened and {now}"
        if self.now == OPEN:
            return f"reopened (was {self.was})"
        return now if self.was == OPEN else f"{now} (was {self.was})"


def request_counts_text(changes: Iterable[RequestChange]) -> str:
    """'2 opened, 1 accepted, 1 declined': how many requests count as each event (none: '')."""
    counter = Counter(event for change in changes for event in change.events)
    return ", ".join(f"{counter[event]:,} {event}" for event in REQUEST_EVENTS if counter[event])


@dataclass(frozen=True)
class ReleaseDiff:
    """What ``new`` changed since ``old``: a release's changes, or the unreleased ones."""

    old_version: str | None  # None: the first release (everything is added)
    new_version: str | None  # None: the current records, not released yet
    new_date: str | None
    added: tuple[PaperState, ...]
    removed: tuple[PaperState, ...]
    changed: tuple[PaperChange, ...]
    counts: tuple[VariableCount, ...]  # variables with at least one changed result, schema order
    # by paper id, then variable (schema order), then as the record lists them; withdrawn last
    requests: tuple[RequestChange, ...] = ()

    @property
    def is_empty(self) -> bool:
        # A request changes only with its record, so a changed request is a changed paper too.
        return not (self.added or self.removed or self.changed)


def _cause(variable: str, old: PaperState, new: PaperState) -> tuple[str, str]:
    given = new.by_people.get(variable)
    if given is not None and given != old.by_people.get(variable):
        detail = ", ".join(part for part in (given.by, given.date) if part)
        return (REVIEWED if given.kind == REVIEWED else CORRECTED), detail
    if given is None and variable in old.by_people:
        return "review-removed", ""
    if new.run != old.run and given is None:
        return "new-run", new.run or ""
    return "edited", ""


def diff_snapshots(old: Snapshot | None, new: Snapshot) -> ReleaseDiff:
    """Papers added, removed and changed (content hash differs) from ``old`` to ``new``; for each
    changed paper the results that changed, from what to what and why; counts per variable
    (changed papers only: an added or removed paper's results are not "changes")."""
    old_papers = old.papers if old is not None else {}
    added = tuple(new.papers[paper_id] for paper_id in sorted(new.papers.keys() - old_papers.keys()))
    removed = tuple(old_papers[paper_id] for paper_id in sorted(old_papers.keys() - new.papers.keys()))
    changed = []
    transitions: dict[str, Counter] = {variable.key: Counter() for variable in model.variables()}
    for paper_id in sorted(new.papers.keys() & old_papers.keys()):
        before, after = old_papers[paper_id], new.papers[paper_id]
        if before.sha256 == after.sha256 and before.results == after.results:
            continue
        result_changes = []
        for variable in model.variables():
            old_result, new_result = before.results[variable.key], after.results[variable.key]
            if old_result != new_result:
                cause, detail = _cause(variable.key, before, after)
                result_changes.append(ResultChange(variable.key, old_result, new_result, cause, detail))
                transitions[variable.key][old_result, new_result] += 1
        changed.append(PaperChange(paper_id, after.title, tuple(result_changes)))
    counts = tuple(
        VariableCount(
            key,
            sum(counter.values()),
            tuple((old_result, new_result, count) for (old_result, new_result), count in _by_count(counter)),
        )
        for key, counter in transitions.items()
        if counter
    )
    request_changes = []
    for paper_id in sorted(new.papers.keys() - old_papers.keys() | {change.id for change in changed}):
        request_changes += _request_changes(old_papers.get(paper_id), new.papers[paper_id])
    return ReleaseDiff(
        old.version if old is not None else None,
        new.version,
        new.date,
        added,
        removed,
        tuple(changed),
        counts,
        tuple(request_changes),
    )


def _request_changes(old: PaperState | None, new: PaperState) -> list[RequestChange]:
    """The requests of a paper added or changed (one whose content is the same has the same
    requests) that are new or whose status changed; ``old`` None for a paper added."""
    new_requests = new.requests or {}
    old_requests = {} if old is None else old.requests
    if not new_requests and not old_requests:  # most papers: no request, before or now
        return []
    changes = []
    for variable in model.variables():
        before = {} if old_requests is None else {r.id: r for r in old_requests.get(variable.key, ())}
        now = new_requests.get(variable.key, ())
        for request in now:
            known = before.get(request.id)
            was = NOT_RECORDED if old_requests is None else known.status if known is not None else None
            if was != request.status:
                changes.append(RequestChange(new.id, new.title, variable.key, request, was, request.status))
        kept = {request.id for request in now}
        changes += [
            RequestChange(new.id, new.title, variable.key, request, request.status, None)
            for request in before.values()
            if request.id not in kept
        ]
    return changes


def _by_count(counter: Counter) -> list:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def release_diffs(snapshots: Sequence[Snapshot]) -> list[ReleaseDiff]:
    """Each release's changes against the one before it, oldest first (the first against nothing)."""
    return [
        diff_snapshots(snapshots[index - 1] if index else None, snapshot) for index, snapshot in enumerate(snapshots)
    ]


def plan_release(existing: Sequence[Snapshot], papers: Iterable[Paper], version: str, date: str) -> ReleaseDiff:
    """What release ``version`` of ``date`` would change, after checking that it may be made.
    (``make_snapshot`` with the same arguments gives the snapshot to write.)"""
    check_new_release(existing, version, date)
    last = max(existing, key=lambda snapshot: parse_version(snapshot.version)) if existing else None
    return diff_snapshots(last, make_snapshot(papers, version, date))


# --- what a Changes page lists ----------------------------------------------------------------

# A Changes page lists papers one by one up to these limits and counts the rest by edition, so
# that it stays small whatever the number of papers (a release of the whole Index adds 57,000);
# the feed of changed papers lists the same ones. docs/releases.md, "What changed", says why these.
LISTED_PAPERS = 200  # added, removed, or edited with no result changed: a group is listed whole up to this
LISTED_RESULT_CHANGES = 200  # papers whose results changed: up to this many listed, a person's changes first,
LISTED_RESULT_ROWS = 500  # and no more than fit in this many rows (one per result changed)
LISTED_REQUESTS = 200  # correction requests: rows of the table
LISTED_EDITIONS = 200  # rows of the table of papers by edition, the editions with the most papers
# The anchors of the paragraphs that say which papers a page does not list: a paper page's
# history links there for a release whose page does not list the paper.
ADDED_NOT_LISTED = "added-not-listed"
REMOVED_NOT_LISTED = "removed-not-listed"
CHANGED_NOT_LISTED = "changed-not-listed"
BY_EDITION = "by-edition"  # not "papers-by-edition": the id MkDocs gives the heading
PERSON_CAUSES = frozenset({"reviewed", "corrected", "review-removed"})


@dataclass(frozen=True)
class ChangesListing:
    """What a release's Changes page, and the feed of changed papers, list one by one (each group
    by id), and the ids of the papers they only count."""

    added: tuple[PaperState, ...]
    removed: tuple[PaperState, ...]
    changed: tuple[PaperChange, ...]  # results changed (up to the limit) and text edited (when few)
    requests: tuple[RequestChange, ...]
    added_counted: tuple[str, ...] = ()
    removed_counted: tuple[str, ...] = ()
    results_counted: tuple[str, ...] = ()  # papers whose results changed, beyond the limit
    edited_counted: tuple[str, ...] = ()  # papers edited with no result changed, when too many
    requests_counted: int = 0

    @property
    def changed_counted(self) -> int:
        return len(self.results_counted) + len(self.edited_counted)

    @property
    def counts_by_edition(self) -> bool:
        """Whether some papers are counted (by edition) instead of listed."""
        return bool(self.added_counted or self.results_counted or self.edited_counted)

    def not_listed_anchors(self) -> Iterator[tuple[str, str]]:
        """(paper id, the anchor of the paragraph that counts it) for every paper not listed."""
        for ids, anchor in (
            (self.added_counted, ADDED_NOT_LISTED),
            (self.removed_counted, REMOVED_NOT_LISTED),
            (self.results_counted, CHANGED_NOT_LISTED),
            (self.edited_counted, CHANGED_NOT_LISTED),
        ):
            for paper_id in ids:
                yield paper_id, anchor


def changes_listing(diff: ReleaseDiff) -> ChangesListing:
    """Which of ``diff``'s papers and requests are listed one by one (``LISTED_*``): papers added,
    removed, or edited with no result changed, each group whole or not at all; papers whose
    results changed up to the limits (papers, and rows: one per result changed), those a person
    changed (reviewed, corrected, withdrew) first, then by id; requests in order, up to the limit.
    Depends on ``diff`` alone, so a release's page and feed entries stay the same from one build
    to the next."""

    def whole(group: tuple) -> tuple[tuple, tuple[str, ...]]:
        return (group, ()) if len(group) <= LISTED_PAPERS else ((), tuple(item.id for item in group))

    added, added_counted = whole(diff.added)
    removed, removed_counted = whole(diff.removed)
    with_results = [change for change in diff.changed if change.results]
    edited, edited_counted = whole(tuple(change for change in diff.changed if not change.results))
    by_person_first = sorted(
        with_results, key=lambda change: (not any(r.cause in PERSON_CAUSES for r in change.results), change.id)
    )
    listed_results, rows = [], 0
    for change in by_person_first[:LISTED_RESULT_CHANGES]:
        rows += len(change.results)
        if rows > LISTED_RESULT_ROWS:
            break
        listed_results.append(change)
    results_counted = tuple(sorted(change.id for change in by_person_first[len(listed_results) :]))
    return ChangesListing(
        added,
        removed,
        tuple(sorted((*listed_results, *edited), key=lambda change: change.id)),
        diff.requests[:LISTED_REQUESTS],
        added_counted,
        removed_counted,
        results_counted,
        edited_counted,
        max(0, len(diff.requests) - LISTED_REQUESTS),
    )


# --- per paper --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaperHistory:
    id: str
    added_in: str | None  # the release that (last) added it; None if never released
    last_changed_in: str | None  # the last release in which its record changed (or it was added)
    changed_in: tuple[str, ...]  # every release that added or changed it, oldest first
    unreleased: bool  # the current record differs from the last release's (or is not in it)
    # release -> the anchor that counts the paper on its Changes page, for a page that does not
    # list it one by one (``changes_listing``); the others list it at ``paper-<id>``
    not_listed: Mapping[str, str] = field(default_factory=dict)


def paper_histories(snapshots: Sequence[Snapshot], current: Snapshot | None = None) -> dict[str, PaperHistory]:
    """For every paper of ``current`` (or of any release when ``current`` is None): the release
    that added it, the release in which it last changed, and whether it has unreleased changes.
    A paper removed and added again counts as added by the release that brought it back."""
    ordered = sorted(snapshots, key=lambda snapshot: parse_version(snapshot.version))
    added_in: dict[str, str] = {}
    changed_in: dict[str, list[str]] = {}
    previous: dict[str, PaperState] = {}
    for snapshot in ordered:
        for paper_id, state in snapshot.papers.items():
            before = previous.get(paper_id)
            if before is None:
                added_in[paper_id] = snapshot.version
                changed_in[paper_id] = [*changed_in.get(paper_id, ()), snapshot.version]
            elif before.sha256 != state.sha256 or before.results != state.results:
                changed_in[paper_id].append(snapshot.version)
        previous = snapshot.papers
    ids = current.papers.keys() if current is not None else changed_in.keys()
    histories = {}
    for paper_id in sorted(ids):
        released = previous.get(paper_id)
        unreleased = current is not None and (released is None or released.sha256 != current.papers[paper_id].sha256)
        # A paper missing from the last release but seen before was removed; its old dates no longer hold.
        history = tuple(changed_in.get(paper_id, ())) if released is not None or current is None else ()
        histories[paper_id] = PaperHistory(
            paper_id,
            added_in.get(paper_id) if history else None,
            history[-1] if history else None,
            history,
            unreleased,
        )
    return histories


@dataclass(frozen=True)
class ReleaseState:
    """Everything the build shows of the releases: each release's changes, the unreleased ones
    (None before the first release) and each current paper's history."""

    snapshots: tuple[Snapshot, ...]  # oldest first
    diffs: tuple[ReleaseDiff, ...]  # one per release, oldest first
    unreleased: ReleaseDiff | None
    histories: dict[str, PaperHistory]

    @property
    def last(self) -> Snapshot | None:
        return self.snapshots[-1] if self.snapshots else None

    @property
    def dataset_version(self) -> str:
        """The data package's version: the last release's, ``+unreleased`` when the records have
        changed since (``0.0.0+unreleased`` before the first release)."""
        if self.last is None:
            return "0.0.0+unreleased"
        return self.last.version + ("" if self.unreleased is None or self.unreleased.is_empty else "+unreleased")

    def history(self, paper_id: str) -> PaperHistory:
        return self.histories.get(paper_id) or PaperHistory(paper_id, None, None, (), True)


def release_state(
    snapshots: Sequence[Snapshot], papers: Iterable[Paper], facts: Mapping[str, ReleaseFacts] | None = None
) -> ReleaseState:
    """The releases (``read_releases``) against the current papers (``facts``: the
    ``release_facts`` known already, by paper id). Before the first release no snapshot of the
    current records is made (every paper is simply not released yet)."""
    ordered = tuple(sorted(snapshots, key=lambda snapshot: parse_version(snapshot.version)))
    if not ordered:
        return ReleaseState((), (), None, {})
    current = make_snapshot(papers, facts=facts)
    diffs = tuple(release_diffs(ordered))
    histories = paper_histories(ordered, current)
    not_listed: dict[str, dict[str, str]] = {}
    for diff in diffs:
        for paper_id, anchor in changes_listing(diff).not_listed_anchors():
            if paper_id in histories:
                not_listed.setdefault(paper_id, {})[diff.new_version] = anchor
    for paper_id, anchors in not_listed.items():
        histories[paper_id] = dataclasses.replace(histories[paper_id], not_listed=anchors)
    return ReleaseState(ordered, diffs, diff_snapshots(ordered[-1], current), histories)


# --- pages ------------------------------------------------------------------------------------


def _text(text: str) -> str:
    """Record text as HTML text on one line (``pages.html_text`` of the text folded)."""
    return pages.html_text(pages.one_line(str(text)))


def changes_path(version: str | None) -> str:
    """The source file of a release's Changes page (``changes/unreleased.md`` for None)."""
    return f"{CHANGES_FOLDER}/{version if version is not None else 'unreleased'}.md"


def _paper_link(paper_id: str, title: str, from_depth: int, current: Container[str] | None = None) -> str:
    """A link to the paper's page; its title alone when ``current`` (the ids with a page now)
    does not hold it: a paper added in an old release may have been removed since."""
    if current is not None and paper_id not in current:
        return f"{_text(title)} ({paper_id}, removed since)"
    return f'<a href="{"../" * from_depth}papers/{paper_id}/">{_text(title)}</a>'


def _list(items: Sequence[str], ids: Sequence[str] | None = None) -> list[str]:
    """A ``<ul>``; with ``ids``, each item carries the anchor ``paper-<id>`` a paper page links to."""
    anchors = [f' id="paper-{paper_id}"' for paper_id in ids] if ids is not None else [""] * len(items)
    return ["<ul>", *(f"<li{anchor}>{item}</li>" for anchor, item in zip(anchors, items, strict=True)), "</ul>", ""]


def render_changes_page(diff: ReleaseDiff, current: Mapping[str, tuple[str, int]] | None = None) -> str:
    """The Markdown of one release's Changes page (``changes_path(diff.new_version)``); with
    ``current``, the papers that have a page now (id -> venue and year), only those are linked,
    and papers counted instead of listed are counted by edition.

    Papers and requests are listed one by one as ``changes_listing`` says, the rest counted, so
    that the page stays small at any number of papers; every count on the page is complete. The
    page is left out of the theme's search index: its text is papers' titles and results, and
    papers are found by their own search (``api/search/``), not by a Changes page's row.

    Headings and counts are the generator's words; every title, name and result is escaped text
    inside raw HTML blocks (no ``markdown`` attribute), which Markdown leaves alone. Links are the
    site's final addresses (``use_directory_urls``): the page sits two levels deep."""
    released = diff.new_version is not None
    listing = changes_listing(diff)
    heading = f"Changes in {diff.new_version}" if released else "Unreleased changes"
    lines = [*pages.front_matter(heading, search_excluded=True), "", f"# {heading}", ""]
    since = f"since {diff.old_version}" if diff.old_version else "in the first release"
    when = f"Released {diff.new_date}. " if released else "Changes to the records since the last release. "
    summary = (
        f"{when}{len(diff.added):,} {_papers(len(diff.added))} added, {len(diff.removed):,} removed, "
        f"{len(diff.changed):,} changed {since}."
    )
    lines += [f"<p>{_text(summary)}</p>", ""]
    if listing.counts_by_edition or listing.removed_counted or listing.requests_counted:
        lines += [f"<p>{_where_every_paper_is(diff)}</p>", ""]
    if diff.counts:
        lines += ["## Results changed, by variable", "", *_list([_text(count.text) for count in diff.counts])]
    if diff.added:
        lines += ["## Papers added", ""]
        if listing.added_counted:
            lines += _not_listed(ADDED_NOT_LISTED, f"{len(diff.added):,} papers added")
        added = [_paper_link(state.id, state.title, 2, current) for state in listing.added]
        lines += _list(added, [state.id for state in listing.added]) if added else []
    if diff.removed:
        lines += ["## Papers removed", ""]
        if listing.removed_counted:
            where = "the records" if not released else f"releases/{diff.new_version}.json"
            lines += [
                f'<p id="{REMOVED_NOT_LISTED}">{len(diff.removed):,} papers removed: more than {LISTED_PAPERS}, so '
                f"they are not listed here. releases/{diff.old_version}.json lists them: its papers that are not in "
                f"{where}.</p>",
                "",
            ]
        removed = [f"{_text(state.title)} ({state.id})" for state in listing.removed]
        lines += _list(removed, [state.id for state in listing.removed]) if removed else []
    if diff.changed:
        lines += ["## Papers changed", ""]
        if listing.changed_counted:
            lines += _changed_not_listed(listing)
        if listing.changed:
            lines += _changed_table(listing.changed, current)
    if listing.counts_by_edition:
        lines += _by_edition_section(diff, current)
    if diff.requests:
        lines += _requests_section(diff, listing, since, current)
    if diff.is_empty:
        lines += ["<p>No paper was added, removed or changed.</p>", ""]
    return "\n".join(lines)


def _where_every_paper_is(diff: ReleaseDiff) -> str:
    """The sentence of a page that does not list everything: where every paper is."""
    downloads = f'<a href="{paths.href(changes_path(diff.new_version), paths.DOWNLOADS)}">Downloads</a>'
    if diff.new_version is None:
        return (
            f"This page lists up to {LISTED_PAPERS} papers of each kind and counts the others. Every paper is "
            f"in the records (records/ in the dataset’s repository) and in the data package ({downloads}); "
            f"releases/{diff.old_version}.json holds every paper of the last release."
        )
    compare = (
        f"; those added, removed or changed are the differences from releases/{diff.old_version}.json"
        if diff.old_version
        else ""
    )
    return (
        f"This page lists up to {LISTED_PAPERS} papers of each kind and counts the others. Every paper of "
        f"this release, with its nine results, is in releases/{diff.new_version}.json in the dataset’s "
        f"repository{compare}. The data package ({downloads}) holds every current record."
    )


def _not_listed(anchor: str, what: str) -> list[str]:
    return [
        f'<p id="{anchor}">{what}: more than {LISTED_PAPERS}, so they are counted by edition in '
        f'<a href="#{BY_EDITION}">Papers by edition</a> instead of listed here.</p>',
        "",
    ]


def _changed_not_listed(listing: ChangesListing) -> list[str]:
    parts = []
    if listing.results_counted:
        with_results = len(listing.results_counted) + sum(1 for change in listing.changed if change.results)
        parts.append(
            f"{len(listing.results_counted):,} of the {with_results:,} papers whose results changed "
            f"(this page lists up to {LISTED_RESULT_CHANGES} of them, in at most {LISTED_RESULT_ROWS} rows, those a "
            "person changed first)"
        )
    if listing.edited_counted:
        parts.append(
            f"the {len(listing.edited_counted):,} papers edited with no result changed (more than {LISTED_PAPERS})"
        )
    return [
        f'<p id="{CHANGED_NOT_LISTED}">Not listed here: {" and ".join(parts)}. <a href="#{BY_EDITION}">Papers '
        "by edition</a> counts them, and Results changed, by variable counts every result changed.</p>",
        "",
    ]


def _changed_table(changed: Sequence[PaperChange], current: Container[str] | None) -> list[str]:
    lines = ["<table>", "<thead>"]
    lines += ["<tr><th>Paper</th><th>Variable</th><th>Was</th><th>Now</th><th>Why</th></tr>", "</thead>", "<tbody>"]
    for change in changed:
        link = _paper_link(change.id, change.title, 2, current)
        if not change.results:
            row = f"<td>{link}</td><td>–</td><td>–</td><td>–</td><td>text edited, results unchanged</td>"
            lines.append(f'<tr id="paper-{change.id}">{row}</tr>')
        for index, result in enumerate(change.results):
            label = model.variables_by_key()[result.variable].label
            anchor = f' id="paper-{change.id}"' if index == 0 else ""
            cells = (link if index == 0 else "", label, result.old, result.new, result.reason)
            cells_html = "".join(f"<td>{cell if i == 0 else _text(cell)}</td>" for i, cell in enumerate(cells))
            lines.append(f"<tr{anchor}>{cells_html}</tr>")
    return [*lines, "</tbody>", "</table>", ""]


def _by_edition_section(diff: ReleaseDiff, current: Mapping[str, tuple[str, int]] | None) -> list[str]:
    """Papers added, with results changed and edited with no result changed, counted per
    edition (all of them, those listed too), each edition linked to its page; at most
    ``LISTED_EDITIONS`` rows, the editions with the most papers, then the rest in one sentence."""
    groups = {
        "Added": [state.id for state in diff.added],
        "Results changed": [change.id for change in diff.changed if change.results],
        "Edited, results unchanged": [change.id for change in diff.changed if not change.results],
    }
    groups = {name: ids for name, ids in groups.items() if ids}
    counts: dict[tuple[str, int] | None, Counter] = {}
    for name, ids in groups.items():
        for paper_id in ids:
            edition = current.get(paper_id) if current is not None else None
            counts.setdefault(edition, Counter())[name] += 1
    ranked = sorted(counts, key=lambda edition: (-counts[edition].total(), _edition_order(edition)))
    shown, hidden = ranked[:LISTED_EDITIONS], ranked[LISTED_EDITIONS:]
    rows = []
    for edition in sorted(shown, key=_edition_order):
        if edition is None:
            label = "Edition not known (the paper is not in the dataset now)"
        else:
            venue, year = edition
            edition_link = paths.href(changes_path(diff.new_version), paths.edition_path(venue, year))
            label = pages.link(f"{pages.one_line(venue)} {year}", edition_link)
        rows.append([label, *(f"{counts[edition][name]:,}" for name in groups)])
    lines = ["## Papers by edition", "", f'<p id="{BY_EDITION}">Every paper added or changed, by edition.</p>', ""]
    lines += [pages.html_table(["Edition", *groups], rows), ""]
    if hidden:
        papers = sum(counts[edition].total() for edition in hidden)
        lines += [f"<p>{len(hidden):,} more editions, with {papers:,} papers, are not in the table.</p>", ""]
    return lines


def _edition_order(edition: tuple[str, int] | None) -> tuple:
    return (1, "", 0) if edition is None else (0, edition[0].casefold(), edition[1])


def _requests_section(
    diff: ReleaseDiff, listing: ChangesListing, since: str, current: Container[str] | None
) -> list[str]:
    """Correction requests opened, decided, reopened or withdrawn: counts, counts per variable,
    and a row per request listed (who asked for which result, when; what became of it; the
    reason)."""
    labels = {variable.key: variable.label for variable in model.variables()}
    lines = ["## Correction requests", ""]
    lines += [f"<p>{_text(f'Correction requests {since}: {request_counts_text(diff.requests)}.')}</p>", ""]
    by_variable = {key: [change for change in diff.requests if change.variable == key] for key in labels}
    lines += _list(
        [_text(f"{labels[key]}: {request_counts_text(changes)}") for key, changes in by_variable.items() if changes]
    )
    lines += ["<table>", "<thead>"]
    lines += ["<tr><th>Paper</th><th>Variable</th><th>Request</th><th>Status</th><th>Maintainer’s reason</th></tr>"]
    lines += ["</thead>", "<tbody>"]
    previous = None
    for change in listing.requests:
        request = change.request
        asked = f"{request.by} ({request.role}), {request.date}: asks for {request.result}"
        reason = request.reason if change.now in (ACCEPTED, DECLINED) and request.reason else "–"
        paper = _paper_link(change.id, change.title, 2, current) if change.id != previous else ""
        cells = [_text(text) for text in (labels[change.variable], asked, change.text, reason)]
        lines.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in (paper, *cells)) + "</tr>")
        previous = change.id
    lines += ["</tbody>", "</table>", ""]
    if listing.requests_counted:
        lines += [
            f"<p>{listing.requests_counted:,} more correction requests are not listed here (this page lists "
            f"{LISTED_REQUESTS}); the counts above include them, and each paper’s page shows its requests.</p>",
            "",
        ]
    return lines


def _papers(count: int) -> str:
    return "paper" if count == 1 else "papers"


def render_releases_index(
    diffs: Sequence[ReleaseDiff], unreleased: ReleaseDiff | None = None, feed_paths: Sequence[str] = ()
) -> str:
    """The Markdown of ``changes/index.md``: every release, newest first, with its date and counts,
    linked to its Changes page; then the unreleased changes, when there are any; then links to
    the Atom feeds at ``feed_paths`` (site paths: releases, changed papers), when they exist."""
    lines = ["---", 'title: "Releases"', "---", "", "# Releases", ""]
    lines += ['<p>To cite a release, see <a href="../cite/">How to cite this dataset</a>.</p>', ""]
    if not diffs:
        lines += ["<p>No release has been made yet.</p>", ""]
    else:
        rows = []
        for diff in reversed(diffs):
            link = f'<a href="{diff.new_version}/">{diff.new_version}</a>'
            counts = f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed"
            rows.append(f"<tr><td>{link}</td><td>{_text(diff.new_date)}</td><td>{_text(counts)}</td></tr>")
        lines += ["<table>", "<thead>", "<tr><th>Release</th><th>Date</th><th>Papers</th></tr>", "</thead>"]
        lines += ["<tbody>", *rows, "</tbody>", "</table>", ""]
    if unreleased is not None and not unreleased.is_empty:
        counts = f"{len(unreleased.added)} added, {len(unreleased.removed)} removed, {len(unreleased.changed)} changed"
        lines += [f'<p>Not released yet: <a href="unreleased/">{_text(counts)}</a>.</p>', ""]
    if feed_paths:
        names = ("releases", "changed papers")
        feed_links = ", ".join(f'<a href="../{path}">{name}</a>' for name, path in zip(names, feed_paths, strict=True))
        lines += [f"<p>Follow the changes in a feed reader (Atom): {feed_links}.</p>", ""]
    return "\n".join(lines)


def render_paper_history(history: PaperHistory, from_depth: int = 2) -> str:
    """The raw HTML line a paper page shows: added in, last changed in (each linked to that
    release's Changes page) and unreleased changes. ``from_depth``: how many folders deep the
    paper page's address is (``papers/<id>/``: 2)."""
    up = "../" * from_depth

    def release_link(version: str) -> str:
        anchor = history.not_listed.get(version, f"paper-{history.id}")
        return f'<a href="{up}{CHANGES_FOLDER}/{version}/#{anchor}">{version}</a>'

    parts = []
    if history.added_in:
        parts.append(f"Added in release {release_link(history.added_in)}")
        if history.last_changed_in and history.last_changed_in != history.added_in:
            parts.append(f"last changed in {release_link(history.last_changed_in)}")
        if len(history.changed_in) > 1:
            parts.append("history: " + ", ".join(release_link(version) for version in history.changed_in))
    else:
        parts.append("Not in any release yet")
    if history.unreleased and history.added_in:
        parts.append(f'<a href="{up}{CHANGES_FOLDER}/unreleased/">changed since the last release</a>')
    return '<p class="paper-history">' + "; ".join(parts) + ".</p>"
