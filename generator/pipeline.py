"""The LLM pipeline's output: one venue-year JSON object -> records (without ids) and skip notes.

``records_from_pipeline(run, venue, year)`` takes the parsed JSON of a ``VENUE_YEAR.json`` file;
returns ``(records_by_key, skipped)``: a record per paper entry, keyed by the pipeline's paper
key, and ``(key, reason)`` for each entry that is malformed. Keys whose value is not an object
(``model``, ``prompt``, ``questions``, ``temperature``, ``top_p``) are the run's metadata and go
into every record's provenance. Pure: no file I/O.

Codes: research_type 0 Experimental, 1 Theoretical; affiliation 0 Academia, 1 Collaboration,
2 Industry; the other seven 1 Yes, 0 No; -1 for any variable: the model gave no answer (the Index
shows N/A), imported as ``N/A``. E-mail addresses in evidence become ``EMAIL``.

What the pipeline leaves out is imported and said, never skipped: each record's
``provenance.notice`` names what was missing. An empty author string gives the author
``Unknown`` (as for the validation set); an empty ``paper_text`` for a Yes/No or a research
type or affiliation result gives the evidence ``NO_EVIDENCE`` (an N/A result goes without); a
character no record text may hold (a control character the PDF extraction left, such as U+0008)
becomes U+FFFD, the replacement character.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from generator import model
from generator.loading import SUSPECT_CHARACTERS
from generator.reports import INDEX_SOURCE
from generator.serialise import slug
from generator.validation import EMAIL, EMAIL_PLACEHOLDER

PIPELINE_KEYS = {"researcher_affiliation": "affiliation"}  # record key -> pipeline key, where they differ
# The validation set uses Gundersen & Kjensmo's 2018 names for two variables.
LEGACY_KEYS = {"open_datasets": "train", "dataset_splits": "validation"}
UNKNOWN_AUTHORS = "Unknown"
BIBLIOGRAPHY_NOTICE = (
    "The title was rebuilt from the pipeline's paper key and the authors are unknown: the pipeline's "
    "validation data holds no bibliographic fields."
)
CODES = {
    "research_type": {0: "Experimental", 1: "Theoretical"},
    "researcher_affiliation": {0: "Academia", 1: "Collaboration", 2: "Industry"},
}
YES_NO_CODES = {1: "Yes", 0: "No"}
NO_ANSWER = -1  # any variable: the model gave no answer; the Index shows N/A
NO_EVIDENCE = "No evidence: the classifier gave an empty answer text for this result."
REPLACEMENT_CHARACTER = "\ufffd"
_AUTHOR_SEPARATORS = re.compile(r"\s*;\s*|\s*,\s*and\s+|\s+and\s+|\s*,\s*")
_BRACKET_LINE = re.compile(r"^(\[[^\]]*\]\s*)+$")  # "[code] [data]" glued before the names


def result_for_code(variable_key: str, code) -> str:
    """The schema's result for a pipeline code; ``ValueError`` for a code the schema has no result for."""
    codes = {**CODES.get(variable_key, YES_NO_CODES), NO_ANSWER: model.NOT_APPLICABLE}
    if isinstance(code, bool) or code not in codes:
        raise ValueError(f"{variable_key}: result code {code!r} is not one of {', '.join(map(str, codes))}")
    return codes[code]


def pipeline_key_for(variable_key: str) -> str:
    return PIPELINE_KEYS.get(variable_key, variable_key)


def pipeline_value(row: dict, variable_key: str):
    """A variable's entry in a pipeline paper or labels row, under its current or its 2018 name."""
    key = pipeline_key_for(variable_key)
    if key in row:
        return row[key]
    return row.get(LEGACY_KEYS.get(variable_key, key))


def title_from_key(key: str) -> str:
    """'how_connectivity_structure_shapes__d53ee62d' -> 'How connectivity structure shapes'."""
    words = key.rsplit("__", 1)[0].replace("_", " ").split()
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def split_authors(text: str) -> list[str]:
    """Author names from the pipeline's one string ("; " or ", " or " and " between names)."""
    lines = [line for line in text.splitlines() if line.strip() and not _BRACKET_LINE.match(line.strip())]
    names = _AUTHOR_SEPARATORS.split(" ".join(lines))
    return [" ".join(name.split()) for name in names if name.strip()]


def redact_emails(text: str) -> str:
    return EMAIL.sub(EMAIL_PLACEHOLDER, text)


def printable(text: str, multiline: bool) -> tuple[str, int]:
    """``text`` with each character no record text may hold replaced by U+FFFD (line breaks and tabs
    kept where ``multiline``), and how many were replaced."""
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        if multiline and match.group() in "\n\t":
            return match.group()
        count += 1
        return REPLACEMENT_CHARACTER

    return SUSPECT_CHARACTERS.sub(replace, text), count


def _labels(keys: list[str]) -> str:
    labels = [model.variables_by_key()[key].label for key in keys]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def questions_version(run: dict) -> str:
    digest = hashlib.sha256()
    for part in ("prompt", "questions"):
        digest.update(str(run.get(part, "")).encode("utf-8") + b"\0")
    return f"sha256:{digest.hexdigest()[:16]}"


def run_facts(run: dict) -> dict:
    """The run file (runs/<id>.yaml) for a pipeline file: what every paper of it shares, stored once.
    ``-1`` settings mean the provider's default (null)."""
    facts = {"method": "llm", "source": INDEX_SOURCE}
    if isinstance(run.get("model"), str):
        facts["model"] = run["model"]
    for setting in ("temperature", "top_p"):
        value = run.get(setting)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            facts[setting] = None if value == -1 else value
    if "prompt" in run or "questions" in run:
        facts["questions_version"] = questions_version(run)
    for text in ("prompt", "questions"):
        if isinstance(run.get(text), str):
            facts[text] = run[text]
    run_id = slug(f"{facts.get('model', 'llm')} {facts.get('questions_version', '').removeprefix('sha256:')}")
    return {"id": run_id, **facts}


def run_provenance(run: dict) -> dict:
    """A record's provenance for a paper of the run: the method and a reference to the run file."""
    return {"method": "llm", "run": run_facts(run)["id"]}


def link_kind(url: str) -> str:
    return "archive_pdf" if re.match(r"^https?://(www\.)?arxiv\.org/", url) else "conference_pdf"


def record_from_entry(
    key: str, entry: dict, venue: str, year: int, provenance: dict, bibliography_from_key: bool = False
) -> dict:
    """One paper entry -> record; ``ValueError`` says what is wrong with a malformed entry.

    ``bibliography_from_key``: for a file without titles and authors (the validation set), the
    title is rebuilt from the key, the authors are "Unknown", and the record's notice says so.
    What else the entry lacks (authors, answers, evidence) is said in the notice as well.
    """
    notices = [provenance["notice"]] if "notice" in provenance else []
    if bibliography_from_key and "title" not in entry and "authors" not in entry:
        entry = {**entry, "title": title_from_key(key), "authors": UNKNOWN_AUTHORS}
        notices.append(BIBLIOGRAPHY_NOTICE)
    title = entry.get("title")
    if not isinstance(title, str) or not printable(title, False)[0].strip():
        raise ValueError("no title")
    authors = entry.get("authors")
    if not isinstance(authors, str):
        raise ValueError("authors is not text")
    author_names = [printable(name, False)[0] for name in split_authors(authors)]
    if not author_names:
        author_names = [UNKNOWN_AUTHORS]
        notices.append("The authors are unknown: the pipeline's author list for this paper is empty.")
    variables, no_answer, no_evidence, replaced = {}, [], [], 0
    for variable in model.variables():
        answer = pipeline_value(entry, variable.key)
        if not isinstance(answer, dict) or "result" not in answer:
            raise ValueError(f"no answer for {pipeline_key_for(variable.key)}")
        evidence = answer.get("paper_text")
        if not isinstance(evidence, str):
            raise ValueError(f"{pipeline_key_for(variable.key)}: paper_text is not text")
        assessment = {"result": result_for_code(variable.key, answer["result"])}
        evidence, count = printable(redact_emails(evidence.strip()), True)
        replaced += count
        if answer["result"] == NO_ANSWER:
            no_answer.append(variable.key)
        if evidence.strip():
            assessment["evidence"] = evidence
        elif assessment["result"] != model.NOT_APPLICABLE or not variable.is_yes_no:
            assessment["evidence"] = NO_EVIDENCE  # the schema asks for evidence with every such result
            no_evidence.append(variable.key)
        variables[variable.key] = assessment
    if no_answer:
        notices.append(f"The classifier gave no answer for {_labels(no_answer)}: shown as N/A, as the Index does.")
    if no_evidence:
        notices.append(f"The classifier gave no evidence for {_labels(no_evidence)}.")
    if replaced:
        notices.append(
            f"{replaced} character{'s' if replaced != 1 else ''} of the evidence that cannot be shown (control "
            "characters left by the text extraction) became U+FFFD."
        )
    record = {
        "title": printable(" ".join(title.split()), False)[0],
        "authors": author_names,
        "venue": venue,
        "year": year,
    }
    url = entry.get("pdf_url")
    if isinstance(url, str) and re.match(r"^https?://\S+$", url):
        record["links"] = {link_kind(url): url}
    record["variables"] = variables
    record["provenance"] = {**provenance, "pipeline_key": key}
    if notices:
        record["provenance"]["notice"] = " ".join(notices)
    return record


def records_from_pipeline(
    run: dict, edition_of: Callable[[str], tuple[str, int] | None], bibliography_from_key: bool = False
) -> tuple[dict[str, dict], list[tuple[str, str]]]:
    """Records of a pipeline file; ``edition_of(key)`` gives a paper's (venue, year), or None."""
    provenance = run_provenance(run)
    records_by_key: dict[str, dict] = {}
    skipped: list[tuple[str, str]] = []
    for key in sorted(run):
        entry = run[key]
        if not isinstance(entry, dict):
            continue  # run metadata
        edition = edition_of(key)
        if edition is None:
            skipped.append((key, "no venue and year for this paper"))
            continue
        try:
            records_by_key[key] = record_from_entry(key, entry, *edition, provenance, bibliography_from_key)
        except ValueError as error:
            skipped.append((key, str(error)))
    return records_by_key, skipped


def reviews_from_labels(row: dict, reviewer: str) -> tuple[dict[str, dict], list[str]]:
    """A labels-table row (codes as in the pipeline) -> {variable key: review}, and problems."""
    reviews, problems = {}, []
    for variable in model.variables():
        code = pipeline_value(row, variable.key)
        if code is None or str(code).strip() == "":
            continue
        try:
            result = result_for_code(variable.key, int(str(code).strip()))
        except ValueError:
            problems.append(f"{pipeline_key_for(variable.key)}: code {code!r} is not one of the pipeline's codes")
            continue
        reviews[variable.key] = {"result": result, "by": reviewer}
    return reviews, problems
