"""Data-package export: papers -> the files of a Frictionless data package, as bytes.

Pure functions from ``Paper`` values to file contents: ``papers.csv`` (one row per paper with
both scores and the nine results), ``assessments.csv.gz`` (one row per paper and variable),
``records/<venue>-<year>.json.gz`` (the full records of each venue-year, ``EditionRecords``),
``schema.json`` and ``datapackage.json`` (a Table Schema per CSV resource, with primary and
foreign keys; one JSON resource per edition's records). Output is deterministic: rows sorted by
id, fixed column order, ``\\n`` line endings, JSON with sorted keys and a trailing newline.

The records of an edition are published once: the package's file is also the one a paper's page
and its edition's page link, and what programs read (the JSON API). One file per edition keeps
the file count at one per venue-year; a rebuild rewrites only the files of editions whose
records changed.

The evidence is published once in the data too: in the records, not in ``assessments.csv.gz``,
which holds each result and who reviewed it (a second copy of the evidence, compressed, was 0.77 kB
a paper, 44 MB of a site that must fit 500 MB at the Index's 57,000 papers).

Compression: the long table (about 0.46 kB a paper, 26 MB at 57,000 papers) is a gzip file made
of several gzip members (RFC 1952: members joined are one file, which Python's gzip, pandas,
Frictionless and ``gunzip`` read as one stream): about 41 bytes a paper. Each group of papers
(``paper_groups``, about ``PAPERS_PER_GROUP``) is one member, so a rebuild copies the members of
unchanged groups byte for byte and makes only a changed paper's group again; one member for all
would be 13% smaller, a member per paper 4.5 times bigger (gzip's window then holds one paper's
rows only). An edition's records are one gzip member (about 0.86 kB a paper). ``papers.csv``
stays plain: about 0.2 kB a paper, the table readers open in a spreadsheet, and its rows share
little text.

Spreadsheet safety: a CSV cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return would be run as a formula by Excel, LibreOffice or Google Sheets. Such cells are
written with a leading apostrophe (the OWASP recommendation); the records' JSON keeps the exact text.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import os
import re
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import orjson

from generator import model, paths, statistics
from generator.model import Paper

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PACKAGE_NAME = "reproducibility-reports"
PAPERS_CSV = "papers.csv"
ASSESSMENTS_CSV = "assessments.csv.gz"
GZIP_LEVEL = 6  # zlib's default: level 9 makes these files 1.5% smaller in twice the time
# Deflate, no flags (so no file name), modification time 0, no extra flags, "unknown" OS: zlib's
# own gzip header names the OS it runs on, which would make the bytes differ between platforms.
_GZIP_HEADER = bytes([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255])


def json_bytes(value) -> bytes:
    """Sorted keys, two-space indent, UTF-8, trailing newline: byte for byte what
    ``json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)`` writes, ~30x faster
    (the standard library falls back to pure Python whenever it indents)."""
    return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def compact_json_bytes(value) -> bytes:
    """JSON without indentation, for files the browser downloads."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS) + b"\n"


def gzip_member(data: bytes) -> bytes:
    """``data`` as one gzip member at ``GZIP_LEVEL``: the same data give the same bytes everywhere
    (one zlib version), and members joined are one gzip file."""
    trailer = struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)
    return _GZIP_HEADER + zlib.compress(data, GZIP_LEVEL, wbits=-15) + trailer


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_cell(value) -> str:
    """One CSV field exactly as ``csv.writer`` (QUOTE_MINIMAL, ``"`` doubled) writes it in a row of
    several fields; written by hand because it is ~3x faster on the tables' 100,000s of cells."""
    text = value if isinstance(value, str) else str(value)
    if '"' in text or "," in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_lines(rows: Iterable[list], text_columns: tuple[int, ...]) -> str:
    """CSV lines of ``rows``; cells of ``text_columns`` are made spreadsheet-safe (the others are codes)."""
    lines = []
    for row in rows:
        for column in text_columns:
            row[column] = spreadsheet_safe(row[column])
        lines.append(",".join([csv_cell(cell) for cell in row]) + "\n")
    return "".join(lines)


def paper_columns() -> list[str]:
    return [
        "id",
        "title",
        "authors",
        "venue",
        "year",
        "documentation_score",
        "reproducibility_score",
        *(variable.key for variable in model.variables()),
    ]


def paper_row(paper: Paper) -> list:
    return [
        paper.id,
        paper.title,
        "; ".join(paper.authors),
        paper.venue,
        paper.year,
        paper.documentation_score,
        f"{paper.reproducibility_score:.2f}",
        *(paper.result(variable.key) for variable in model.variables()),
    ]


def assessment_rows(paper: Paper) -> list[list]:
    """paper_id, variable, published result, classifier's result, reviewer. No evidence: it is
    published once in the data, in the records of the paper's edition (and on the paper's page)."""
    rows = []
    assessments = paper.record["variables"]  # unpacked once: each unpacking inflates the whole record
    for variable in model.variables():
        assessment = assessments[variable.key]
        reviewer = assessment["reviewed"]["by"] if "reviewed" in assessment else ""
        rows.append(
            [
                paper.id,
                variable.key,
                model.published_result(assessment),
                assessment["result"],
                reviewer,
            ]
        )
    return rows


ASSESSMENT_COLUMNS = ["paper_id", "variable", "result", "classifier_result", "reviewed_by"]
PAPERS_PER_GROUP = 64  # on average; see paper_groups
CHUNK_GROUPS = 8  # groups per chunk of a streamed file


def paper_groups(papers: list[Paper]) -> list[list[Paper]]:
    """``papers`` in order, cut before each paper whose id's hash is a multiple of
    ``PAPERS_PER_GROUP``: where a group ends depends on the ids alone, so a paper added or removed
    changes its own group (or splits or joins two), never the groups after it."""
    groups: list[list[Paper]] = []
    for paper in papers:
        digest = hashlib.sha256(paper.id.encode("utf-8")).digest()
        if not groups or int.from_bytes(digest[:4]) % PAPERS_PER_GROUP == 0:
            groups.append([])
        groups[-1].append(paper)
    return groups


@dataclass(frozen=True)
class PaperParts:
    """A table that is ``head``, then one part (its rows) per paper. The parts are made in groups
    of papers (``paper_groups``); a part depends on its paper alone, so a rebuild can keep the
    groups of unchanged papers (``pieces``). With ``compressed``, the head and each group are each
    one gzip member. Iterating gives the file's bytes in chunks of at most ``CHUNK_GROUPS`` groups:
    big files are never whole in memory."""

    papers: list[Paper]
    part: Callable[[Paper], bytes]
    head: bytes
    rows_per_paper: int
    compressed: bool = False

    def _framed(self, data: bytes) -> bytes:
        return gzip_member(data) if self.compressed else data

    def group_bytes(self, group: list[Paper]) -> bytes:
        """The group's parts, one gzip member when ``compressed``."""
        return self._framed(b"".join([self.part(paper) for paper in group]))

    def group_key(self, group: list[Paper], paper_keys: dict[str, str]) -> str:
        """A key of what the group's bytes depend on: its papers' keys (each a hash of everything
        its paper's part depends on) and the zlib that compresses it."""
        framing = f"gzip level {GZIP_LEVEL}, zlib {zlib.ZLIB_RUNTIME_VERSION}" if self.compressed else "plain"
        source = "\0".join([framing, *(paper_keys[paper.id] for paper in group)])
        return hashlib.sha256(source.encode("utf-8")).hexdigest()

    def pieces(self, group_of: Callable[[list[Paper]], object]) -> Iterator:
        """The file in order: ``head``, then each group's ``group_of(group)``; given
        ``self.group_bytes``, its bytes."""
        yield self._framed(self.head)
        for group in paper_groups(self.papers):
            yield group_of(group)

    def __iter__(self) -> Iterator[bytes]:
        pieces = self.pieces(self.group_bytes)
        while chunk := list(itertools.islice(pieces, CHUNK_GROUPS)):
            yield b"".join(chunk)


def _paper_line(paper: Paper) -> bytes:
    return csv_lines([paper_row(paper)], (1, 2, 3)).encode("utf-8")


def papers_csv(papers: list[Paper]) -> PaperParts:
    return PaperParts(papers, _paper_line, head=csv_lines([paper_columns()], ()).encode("utf-8"), rows_per_paper=1)


def _assessment_lines(papers: list[Paper]) -> str:
    """CSV lines of the papers' assessments. Only the reviewer can need quoting: ids, variable keys
    and results are slugs and fixed words (what ``csv_lines`` would write, in about half the time)."""
    lines = []
    for paper in papers:
        for paper_id, key, result, classifier_result, reviewer in assessment_rows(paper):
            reviewer_cell = csv_cell(spreadsheet_safe(reviewer)) if reviewer else ""
            lines.append(f"{paper_id},{key},{result},{classifier_result},{reviewer_cell}\n")
    return "".join(lines)


def _assessment_part(paper: Paper) -> bytes:
    return _assessment_lines([paper]).encode("utf-8")


def assessments_csv(papers: list[Paper]) -> PaperParts:
    header = csv_lines([list(ASSESSMENT_COLUMNS)], ()).encode("utf-8")
    rows = len(model.variables())
    return PaperParts(papers, _assessment_part, head=header, rows_per_paper=rows, compressed=True)


@dataclass(frozen=True)
class EditionRecords:
    """The full records of one venue-year's papers, in id order: the package's file ``name``
    (``records/<venue>-<year>.json.gz``), its resource ``resource`` (``records-<venue>-<year>``)."""

    venue: str
    year: int
    papers: list[Paper]

    @property
    def name(self) -> str:
        return paths.edition_records_name(self.venue, self.year)

    @property
    def resource(self) -> str:
        return f"records-{paths.edition_name(self.venue, self.year)}"

    def file_bytes(self) -> bytes:
        """The records as one compact JSON array in one gzip member: the same bytes for the same
        records. Made whole: a rebuild makes it again only when one of its papers changed."""
        return gzip_member(compact_json_bytes([paper.record for paper in self.papers]))


def editions(papers: list[Paper]) -> list[EditionRecords]:
    """The records of each venue-year, in the order of their file names."""
    by_edition: dict[tuple[str, int], list[Paper]] = {}
    for paper in papers:
        by_edition.setdefault((paper.venue, paper.year), []).append(paper)
    found = [EditionRecords(venue, year, members) for (venue, year), members in by_edition.items()]
    return sorted(found, key=lambda edition: edition.name)


def _records_resource(edition: EditionRecords) -> dict:
    return {
        "name": edition.resource,
        "path": edition.name,
        "format": "json",
        "compression": "gz",
        "mediatype": "application/json",
        "encoding": "utf-8",
        "description": f"The full records of the papers of {edition.venue} {edition.year}, as validated against "
        "schema.json, as one JSON array; gzip-compressed.",
    }


def _papers_table_schema() -> dict:
    fields = [
        {
            "name": "id",
            "type": "string",
            "description": "Record id (file name in records/).",
            "constraints": {"required": True, "unique": True, "pattern": model.id_pattern()},
        },
        {"name": "title", "type": "string", "description": "Title of the paper.", "constraints": {"required": True}},
        {
            "name": "authors",
            "type": "string",
            "description": "Authors, separated by '; '.",
            "constraints": {"required": True},
        },
        {"name": "venue", "type": "string", "description": "Short venue name.", "constraints": {"required": True}},
        {"name": "year", "type": "integer", "description": "Year of publication.", "constraints": {"required": True}},
        {
            "name": "documentation_score",
            "type": "integer",
            "description": f"Number of Yes among the {model.max_documentation_score()} Yes/No/N/A variables.",
            "constraints": {"required": True, "minimum": 0, "maximum": model.max_documentation_score()},
        },
        {
            "name": "reproducibility_score",
            "type": "number",
            "description": "Gundersen et al. (AAAI 2025): 0.86 code and data open, 0.33 only data open, 0 otherwise.",
            "constraints": {"required": True, "minimum": 0, "maximum": 1},
        },
    ]
    for variable in model.variables():
        fields.append(
            {
                "name": variable.key,
                "type": "string",
                "title": variable.label,
                "description": variable.description,
                "constraints": {"required": True, "enum": list(variable.results)},
            }
        )
    return {"fields": fields, "primaryKey": ["id"]}


def _assessments_table_schema() -> dict:
    all_results = sorted({result for variable in model.variables() for result in variable.results})
    return {
        "fields": [
            {
                "name": "paper_id",
                "type": "string",
                "description": "Id of the paper (papers.id).",
                "constraints": {"required": True},
            },
            {
                "name": "variable",
                "type": "string",
                "description": "Key of the reproducibility variable.",
                "constraints": {"required": True, "enum": [variable.key for variable in model.variables()]},
            },
            {
                "name": "result",
                "type": "string",
                "description": "The published result: a reviewer's where there is one, else the classifier's.",
                "constraints": {"required": True, "enum": all_results},
            },
            {
                "name": "classifier_result",
                "type": "string",
                "description": "The language model's result.",
                "constraints": {"required": True, "enum": all_results},
            },
            {
                "name": "reviewed_by",
                "type": "string",
                "description": "Who reviewed the result; empty if no person did.",
            },
        ],
        "primaryKey": ["paper_id", "variable"],
        "foreignKeys": [{"fields": ["paper_id"], "reference": {"resource": "papers", "fields": ["id"]}}],
    }


def created_timestamp(environ=os.environ) -> str | None:
    """ISO 8601 time from SOURCE_DATE_EPOCH (reproducible builds), or None: never the clock."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "")
    if not epoch.isdigit():
        return None
    return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def datapackage_descriptor(
    version: str,
    created: str | None = None,
    dataset_version: str | None = None,
    released: str | None = None,
    edition_records: Iterable[EditionRecords] = (),
) -> dict:
    """The package's descriptor. ``version`` is the generator's; ``dataset_version`` the dataset's
    (the last release's, ``+unreleased`` when the records differ from it), which the package's
    ``version`` holds when given, with the release's date as ``released``; a resource for each of
    ``edition_records``."""
    csv_dialect = {"delimiter": ",", "quoteChar": '"', "header": True}
    schema = model.load_schema()
    descriptor = {
        "name": PACKAGE_NAME,
        "title": "Reproducibility reports of ML papers",
        "description": f"{model.number_word(len(model.variables())).capitalize()} reproducibility variables per "
        "paper, each a result and its evidence, with the documentation and reproducibility scores. The tables hold "
        "the results; the evidence is in each venue-year's full records (records/<venue>-<year>.json.gz, "
        "variables.<variable>.evidence). Results come from the AI Reproducibility Index (reproducibilityindex.ai), "
        "classified by a language model: treat them as estimates; where a person reviewed a result, the person's is "
        "published and accuracy.csv compares the two.",
        "version": version,
        "homepage": "https://reproducibilityindex.ai",
        "sources": [
            {
                "title": "AI Reproducibility Index",
                "path": "https://reproducibilityindex.ai",
                "description": "Results classified by an LLM pipeline (gemini-2.5-flash) from the papers' text.",
            },
            {
                "title": "The Shift Toward Open and Reproducible AI Research (Coakley, Snelleman, Hoos, Gundersen)",
                "description": "Methodology of the Index and its 160-paper validation set.",
            },
        ],
        "licenses": [
            {
                "name": "other-at",
                "title": "Terms of the AI Reproducibility Index (no licence is stated by the source)",
                "path": "https://reproducibilityindex.ai",
            }
        ],
        "recordSchema": {"path": "schema.json", "id": schema["$id"], "version": schema_version(schema)},
        "generator": {"name": "reproducibility-reports", "version": version},
        "resources": [
            {
                "name": "papers",
                "path": PAPERS_CSV,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": csv_dialect,
                "description": "One row per paper.",
                "schema": _papers_table_schema(),
            },
            {
                "name": "assessments",
                "path": ASSESSMENTS_CSV,
                "profile": "tabular-data-resource",
                "format": "csv",
                "compression": "gz",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": csv_dialect,
                "description": "One row per paper and variable: the results and who reviewed them; the evidence "
                "is in the records (records/<venue>-<year>.json.gz, variables.<variable>.evidence). Gzip-compressed.",
                "schema": _assessments_table_schema(),
            },
            *(_records_resource(edition) for edition in edition_records),
            {
                "name": "record-schema",
                "type": "file",
                "path": "schema.json",
                "format": "json",
                "mediatype": "application/schema+json",
                "encoding": "utf-8",
                "description": "JSON Schema (draft 2020-12) of one record.",
            },
            {
                "name": "runs",
                "path": "runs.json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "description": "The classifier runs records refer to (provenance.run): model, settings, prompt, "
                "questions, date, source; stored once for all their papers.",
            },
            {
                "name": "accuracy",
                "path": "accuracy.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": csv_dialect,
                "description": "Agreement of the language model with people, per variable, over reviewed papers.",
                "schema": _accuracy_table_schema(),
            },
        ],
    }
    if dataset_version:
        descriptor["version"] = dataset_version
    if released:
        descriptor["released"] = released
    if created:
        descriptor["created"] = created
    return descriptor


def schema_version(schema: dict) -> str:
    """'1.1' from an ``$id`` ending in 'record-1.1.json'."""
    match = re.search(r"record-([0-9.]+)\.json$", schema.get("$id", ""))
    return match.group(1) if match else "unknown"


ACCURACY_COLUMNS = [
    "variable",
    "papers",
    "accuracy",
    "accuracy_low",
    "accuracy_high",
    "precision_yes",
    "recall_yes",
    "f1",
    "f1_low",
    "f1_high",
    "f1_kind",
    "kappa",
    "kappa_low",
    "kappa_high",
]


def accuracy_csv(papers: list[Paper]) -> bytes:
    """The Accuracy page's table: one row per variable, over papers with a person's review."""

    def number(value):
        return "" if value is None else f"{value:.4f}"

    rows = []
    for item in statistics.agreements(papers):
        rows.append(
            [
                item.variable,
                item.n,
                number(item.accuracy.mean),
                number(item.accuracy.low),
                number(item.accuracy.high),
                number(item.precision),
                number(item.recall),
                number(item.f1.mean),
                number(item.f1.low),
                number(item.f1.high),
                item.f1_kind,
                number(item.kappa.mean),
                number(item.kappa.low),
                number(item.kappa.high),
            ]
        )
    return csv_lines([list(ACCURACY_COLUMNS), *rows], ()).encode("utf-8")


def _accuracy_table_schema() -> dict:
    def number(name: str, description: str) -> dict:
        return {"name": name, "type": "number", "description": description}

    return {
        "fields": [
            {
                "name": "variable",
                "type": "string",
                "description": "Key of the reproducibility variable.",
                "constraints": {"required": True, "enum": [variable.key for variable in model.variables()]},
            },
            {"name": "papers", "type": "integer", "description": "Papers with both the model's and a person's result."},
            number("accuracy", "Share of papers where the model gave the person's result."),
            number("accuracy_low", "Lower end of the 95% bootstrap interval of accuracy."),
            number("accuracy_high", "Upper end of the 95% bootstrap interval of accuracy."),
            number("precision_yes", "Of the papers the model answered Yes, the share a person also answered Yes."),
            number("recall_yes", "Of the papers a person answered Yes, the share the model also answered Yes."),
            number("f1", "F1 for Yes, or macro-F1 for the multi-class variables (see f1_kind)."),
            number("f1_low", "Lower end of the 95% bootstrap interval of f1."),
            number("f1_high", "Upper end of the 95% bootstrap interval of f1."),
            {"name": "f1_kind", "type": "string", "description": "'F1 for Yes' or 'macro-F1'."},
            number("kappa", "Cohen's kappa between the model and people."),
            number("kappa_low", "Lower end of the 95% bootstrap interval of kappa."),
            number("kappa_high", "Upper end of the 95% bootstrap interval of kappa."),
        ],
        "primaryKey": ["variable"],
    }


def package_files(
    papers: list[Paper],
    schema_text: bytes,
    version: str,
    runs: dict[str, dict] | None = None,
    dataset_version: str | None = None,
    released: str | None = None,
) -> list[tuple[str, bytes | PaperParts | EditionRecords]]:
    """(file name, bytes, the papers' parts of a big table or an edition's records) of every file
    of the data package; ``dataset_version`` and ``released`` as ``datapackage_descriptor`` takes them."""
    edition_records = editions(papers)
    descriptor = datapackage_descriptor(version, created_timestamp(), dataset_version, released, edition_records)
    return [
        (PAPERS_CSV, papers_csv(papers)),
        (ASSESSMENTS_CSV, assessments_csv(papers)),
        *((edition.name, edition) for edition in edition_records),
        ("accuracy.csv", accuracy_csv(papers)),
        ("runs.json", json_bytes([runs[run_id] for run_id in sorted(runs or {})])),
        ("schema.json", schema_text),
        ("datapackage.json", json_bytes(descriptor)),
    ]
