"""Report pages: page text <-> record dict, in both shapes the Index publishes.

``parse_report(text)`` takes a report page, either a Markdown table
(``| Reproducibility Variable | Result | LLM Response |``) or plain text with no delimiter
(``Research Type Experimental We empirically ...``); the shape is detected, not flagged. It
returns a record without an id, or raises ``ReportError`` with the line of the first thing it
could not parse and what it expected. ``render_report(record, shape)`` writes a page back, such
that parsing it gives the same record. Pure functions (no file I/O) but ``record_file``, which finds the
record file an export names and refuses an id that could name a file elsewhere.

Page layout: an optional ``Notice: ...`` paragraph, the title line, ``Authors: a, b``, and
``VENUE YEAR | link | link``, where a link is a bare label (address unknown: dropped, so that no
page shows a dead link) or ``[Label](url)``. Provenance other than the Index's default is kept in
an optional line ``Provenance: {json}``, and people's reviews of results in an optional
``Reviews: {json}`` line, so that a round trip loses nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from generator import model

INDEX_SOURCE = "https://reproducibilityindex.ai"
DEFAULT_PROVENANCE = {"method": "llm", "source": INDEX_SOURCE}
SHAPES = ("report-md", "report-text")

_MD_HEADER = re.compile(r"^\|\s*Reproducibility Variable\s*\|\s*Result\s*\|\s*LLM Response\s*\|$")
_MD_RULE = re.compile(r"^\|(\s*:?-{3,}:?\s*\|){3}$")
_TEXT_HEADER = "Reproducibility Variable Result LLM Response"
_VENUE_LINE = re.compile(r"^(?P<venue>\S.*?) (?P<year>[0-9]{4})$")
_LINK = re.compile(r"^\[(?P<label>[^\]]+)\]\((?P<url>[^\s]+)\)$")


class ReportError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass
class _Lines:
    """The page's lines with 1-based numbers, skipping blank lines."""

    lines: list[str]
    index: int = 0

    def next(self, expected: str) -> tuple[int, str]:
        while self.index < len(self.lines) and not self.lines[self.index].strip():
            self.index += 1
        if self.index >= len(self.lines):
            raise ReportError(len(self.lines) or 1, f"the page ends early; expected {expected}")
        self.index += 1
        return self.index, self.lines[self.index - 1].strip()

    def peek(self) -> str | None:
        for line in self.lines[self.index :]:
            if line.strip():
                return line.strip()
        return None


def _split_md_row(row: str) -> list[str]:
    """Cells of ``| a | b \\| c |``: pipes escaped with a backslash belong to the cell."""
    cells, current, escaped = [], [], False
    for character in row.strip()[1:]:
        if escaped:
            current.append({"n": "\n"}.get(character, character))
            escaped = False
        elif character == "\\":
            escaped = True
        elif character == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(character)
    if escaped or "".join(current).strip():
        return []  # not closed by a pipe: truncated row
    return cells


def _escape_md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\n")


def _label_lookup() -> dict[str, model.Variable]:
    return {variable.label: variable for variable in model.variables()}


def _parse_text_row(number: int, line: str) -> tuple[model.Variable, str, str]:
    for label, variable in sorted(_label_lookup().items(), key=lambda item: -len(item[0])):
        if line == label or line.startswith(label + " "):
            rest = line[len(label) :].strip()
            for result in variable.results:
                if rest == result or rest.startswith(result + " "):
                    return variable, result, rest[len(result) :].strip()
            raise ReportError(
                number,
                f"{label}: result {rest.split(' ')[0]!r} is not allowed; expected one of {', '.join(variable.results)}",
            )
    labels = ", ".join(variable.label for variable in model.variables())
    raise ReportError(number, f"unknown variable in {line[:40]!r}; expected a line starting with one of {labels}")


def _parse_md_row(number: int, line: str) -> tuple[model.Variable, str, str]:
    cells = _split_md_row(line) if line.startswith("|") else []
    if len(cells) != 3:
        raise ReportError(number, "malformed table row; expected '| Variable | Result | Evidence |'")
    label, result, evidence = cells
    variable = _label_lookup().get(label)
    if variable is None:
        labels = ", ".join(_label_lookup())
        raise ReportError(number, f"unknown variable {label!r}; expected one of {labels}")
    if result not in variable.results:
        raise ReportError(
            number, f"{label}: result {result!r} is not allowed; expected one of {', '.join(variable.results)}"
        )
    return variable, result, evidence


def _parse_links(number: int, cells: list[str]) -> dict[str, str]:
    kinds_by_label = {label: kind for kind, label in model.link_labels().items()}
    links = {}
    for cell in cells:
        match = _LINK.match(cell)
        label = match.group("label") if match else cell
        if label not in kinds_by_label:
            raise ReportError(number, f"unknown link {label!r}; expected one of {', '.join(kinds_by_label)}")
        if match:
            links[kinds_by_label[label]] = match.group("url")
    return links


def parse_report(text: str) -> dict:
    """A record (without ``id``) from a report page of either shape."""
    lines = _Lines(text.replace("\r\n", "\n").split("\n"))
    if lines.peek() is None:
        raise ReportError(1, "the page is empty; expected a title line")
    notice = None
    number, line = lines.next("a title line")
    if line.startswith("Notice:"):
        notice = line.removeprefix("Notice:").strip()
        number, line = lines.next("a title line")
    title = line
    number, line = lines.next("an 'Authors: ...' line")
    if not line.startswith("Authors:"):
        raise ReportError(number, f"expected a line starting with 'Authors:', found {line[:40]!r}")
    authors = [name.strip() for name in line.removeprefix("Authors:").split(",") if name.strip()]
    if not authors:
        raise ReportError(number, "the 'Authors:' line names nobody")
    number, line = lines.next("a 'VENUE YEAR | links' line")
    venue_cell, *link_cells = [cell.strip() for cell in line.split(" | ")]
    venue_match = _VENUE_LINE.match(venue_cell)
    if not venue_match:
        raise ReportError(
            number, f"expected 'VENUE YEAR | links', e.g. 'NeurIPS 2022 | Conference PDF', found {line[:40]!r}"
        )
    links = _parse_links(number, link_cells)
    number, line = lines.next("the table header 'Reproducibility Variable Result LLM Response'")
    if _MD_HEADER.match(line):
        number, line = lines.next("the table's rule line '|---|---|---|'")
        if not _MD_RULE.match(line):
            raise ReportError(number, "expected the table's rule line '|---|---|---|'")
        parse_row = _parse_md_row
    elif line == _TEXT_HEADER:
        parse_row = _parse_text_row
    else:
        raise ReportError(number, f"expected the table header '{_TEXT_HEADER}' (plain or as a Markdown table)")
    variables: dict[str, dict] = {}
    provenance = dict(DEFAULT_PROVENANCE)
    reviews: dict = {}
    while lines.peek() is not None:
        number, line = lines.next("a variable")
        if line.startswith("Provenance: "):
            provenance = _parse_json_line(number, line, "Provenance")
            continue
        if line.startswith("Reviews: "):
            reviews = _parse_json_line(number, line, "Reviews")
            continue
        variable, result, evidence = parse_row(number, line)
        if variable.key in variables:
            raise ReportError(number, f"{variable.label} appears twice")
        variables[variable.key] = {"result": result, "evidence": evidence} if evidence else {"result": result}
    missing = [variable.label for variable in model.variables() if variable.key not in variables]
    if missing:
        raise ReportError(
            number,
            f"the table ends without {', '.join(missing)}; a report has all "
            f"{model.number_word(len(model.variables()))} variables",
        )
    for key, review in reviews.items():
        if key not in variables:
            raise ReportError(number, f"the Reviews line names an unknown variable {key!r}")
        variables[key]["reviewed"] = review
    if notice is not None:
        provenance["notice"] = notice
    record = {"title": title, "authors": authors, "venue": venue_match["venue"], "year": int(venue_match["year"])}
    if links:
        record["links"] = {kind: links[kind] for kind in model.link_labels() if kind in links}
    record["variables"] = {variable.key: variables[variable.key] for variable in model.variables()}
    record["provenance"] = provenance
    return record


def _parse_json_line(number: int, line: str, name: str) -> dict:
    try:
        value = json.loads(line.removeprefix(f"{name}: "))
    except json.JSONDecodeError as error:
        raise ReportError(number, f"the {name} line is not valid JSON: {error.msg}") from None
    except (ValueError, RecursionError):  # a number over the int-string limit, or nesting too deep
        raise ReportError(number, f"the {name} line holds a number too large or nesting too deep") from None
    if not isinstance(value, dict):
        raise ReportError(number, f"the {name} line must hold a JSON object")
    return value


class ExportError(ValueError):
    pass


def _check_line(field: str, text: str) -> None:
    if "\n" in text or "\r" in text:
        raise ExportError(f"{field} has a line break, which a report page cannot hold")


def record_file(records_dir: Path, record_id: str) -> Path:
    """The record file of ``record_id`` in ``records_dir``; ``ExportError`` if the id could name a
    file elsewhere (a path separator, a leading dot) or no such record exists."""
    path = records_dir / f"{record_id}.yaml"
    if "/" in record_id or "\\" in record_id or record_id.startswith(".") or not path.is_file():
        raise ExportError(f"no record {path}")
    return path


def render_report(record: dict, shape: str) -> str:
    """The report page of ``record`` in ``shape`` ('report-md' or 'report-text')."""
    if shape not in SHAPES:
        raise ExportError(f"unknown shape {shape!r}; expected one of {', '.join(SHAPES)}")
    provenance = dict(record.get("provenance", {}))
    notice = provenance.pop("notice", None)
    _check_line("title", record["title"])
    for name in record["authors"]:
        _check_line("an author's name", name)
        if "," in name:
            raise ExportError(f"author name {name!r} has a comma, which the 'Authors:' line uses as separator")
    lines = []
    if notice is not None:
        _check_line("provenance.notice", notice)
        lines += [f"Notice: {notice}", ""]
    link_cells = [f"[{model.link_labels()[kind]}]({url})" for kind, url in record.get("links", {}).items()]
    lines += [
        record["title"],
        "",
        f"Authors: {', '.join(record['authors'])}",
        "",
        " | ".join([f"{record['venue']} {record['year']}", *link_cells]),
        "",
    ]
    if shape == "report-md":
        lines += ["| Reproducibility Variable | Result | LLM Response |", "|---|---|---|"]
    else:
        lines.append(_TEXT_HEADER)
    for variable in model.variables():
        assessment = record["variables"][variable.key]
        evidence = assessment.get("evidence", "")
        if shape == "report-md":
            lines.append(f"| {variable.label} | {assessment['result']} | {_escape_md_cell(evidence)} |")
        else:
            _check_line(f"variables.{variable.key}.evidence (in the plain-text shape; use report-md)", evidence)
            lines.append(" ".join(part for part in (variable.label, assessment["result"], evidence) if part))
    if provenance != DEFAULT_PROVENANCE:
        lines.append(f"Provenance: {json.dumps(provenance, ensure_ascii=False, sort_keys=True)}")
    reviews = {key: value["reviewed"] for key, value in record["variables"].items() if "reviewed" in value}
    if reviews:
        lines.append(f"Reviews: {json.dumps(reviews, ensure_ascii=False, sort_keys=True)}")
    return "\n".join(lines) + "\n"
