"""Problems: what is wrong with an input, as data, and the one registry of problem codes.

A ``Problem`` is a frozen value: file, line, column, a stable kebab-case code, the field path and a
message in plain words. A code is an error (the record cannot be published as it is: validate
exits 1 and build refuses) or a warning (worth a look, printed, but nothing is refused). Every
stage that judges input (loading, validation, runs, import) makes
them; ``reporting`` renders them. ``CODES`` lists every code once, with what it means and where a
test proves it is reported: a case folder in ``tests/cases/invalid/`` (the usual way: a record
file and ``expected.json``), or a named test where a folder cannot hold the case (an unreadable
file, a path that does not exist). The Contributing page's table of codes and the test that every
code has a case are both made from ``CODES``; a ``Problem`` with a code not listed here is a bug
and is refused when it is made.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    name: str
    meaning: str  # what is wrong, for the Contributing page's table
    case: str  # a folder of tests/cases/invalid/, or "tests/...py::test_name" for a case made by a test
    severity: str = "error"  # or "warning": reported, but validate passes and build runs


_CODES = (
    Code("yaml-syntax", "the file is not valid YAML", "yaml-syntax"),
    Code("duplicate-key", "a key appears twice in one mapping (YAML would silently keep the last)", "duplicate-key"),
    Code("yaml-alias", "anchors (`&a`), aliases (`*a`) and merge keys (`<<`) are not allowed", "yaml-alias"),
    Code("yaml-tag", "explicit tags such as `!!python/object` are not allowed", "yaml-tag"),
    Code("tab-indent", "a tab in indentation", "tab-indent"),
    Code("bom", "the file starts with a byte-order mark", "bom"),
    Code("crlf", "Windows line endings", "crlf"),
    Code("encoding", "bytes that are not UTF-8, or a NUL character", "encoding"),
    Code("empty-file", "the file holds no record", "empty-file"),
    Code("multiple-documents", "the file holds several YAML documents", "multiple-documents"),
    Code("not-a-mapping", "the file's record is not a mapping of fields", "not-a-mapping"),
    Code("file-too-large", "the file is over 1 MiB", "file-too-large"),
    Code("too-deep", "values nested deeper than 16 levels", "too-deep"),
    Code("too-many-values", "over 5,000 values (items and texts) in one file", "too-many-values"),
    Code("key-too-long", "a key of over 100 characters", "key-too-long"),
    Code("number-too-large", "a number of over 100 digits", "number-too-large"),
    Code("non-finite-number", "a number that is not finite (`.nan`, `.inf`, `1e999`)", "non-finite-number"),
    Code(
        "forbidden-character",
        "text holds a control character (C0, DEL, C1), a line or paragraph separator, a bidi embedding, "
        "override or isolate, a BOM, a noncharacter, or a line break or tab outside evidence, notes, notices, "
        "prompts and questions; reported at the character",
        "forbidden-character-del",
    ),
    Code("missing-field", "a required field is missing", "missing-field"),
    Code("unknown-field", "a field is not in the schema", "unknown-field"),
    Code("schema-enum", "a value is not one of those allowed", "schema-enum"),
    Code("schema-type", "a value is of the wrong type", "schema-type"),
    Code(
        "schema-pattern", "a value is not of the required form (matched against the whole value)", "schema-pattern-id"
    ),
    Code("schema-length", "a text or list is too short or too long", "schema-length"),
    Code("schema-range", "a number is out of range", "schema-range"),
    Code(
        "schema-rule",
        "a value breaks another rule of the schema; the message says which",
        "tests/unit/test_validation.py::test_a_schema_rule_without_its_own_message_gets_schema_rule",
    ),
    Code("id-mismatch", "the id differs from the file name", "id-mismatch"),
    Code("duplicate-id", "two records share an id", "duplicate-id"),
    Code(
        "duplicate-paper",
        "two records share a title or a link, which may be the same paper twice (the Index lists "
        "a paper again when a later venue presents it); if it is, add `same_as: <id of the other>` to the later "
        "record, which silences the warning",
        "duplicate-paper-title",
        "warning",
    ),
    Code(
        "unknown-same-as",
        "`same_as` names no record, or the record itself",
        "unknown-same-as",
    ),
    Code(
        "page-collision",
        "two different values would make the same generated page (`NeurIPS` and `neurips`, venue `A 2020` and "
        "the 2020 edition of `A`, id `index`); names both files and lines",
        "page-collision-venue-case",
    ),
    Code("email-address", "evidence contains an e-mail address; write `EMAIL`", "email-address"),
    Code("unknown-run", "`provenance.run` names a run with no file in `runs/`", "unknown-run"),
    Code(
        "correction-same-result",
        "a correction request asks for the result it disputes (the published result before it)",
        "correction-same-result",
    ),
    Code("correction-order", "correction requests of a variable are not oldest first", "correction-order"),
    Code("file-name", "a `.yml` file: record files end in `.yaml`", "yml-extension"),
    Code(
        "symlink-outside",
        "a symbolic link to a file outside the records folder",
        "tests/cli/test_limits.py::test_symlink_out_of_records_is_refused",
    ),
    Code(
        "no-such-file",
        "a path that does not exist, or a link to nothing",
        "tests/cli/test_cli.py::test_validate_missing_path",
    ),
    Code("not-a-file", "a folder, FIFO or other non-file named `x.yaml`", "not-a-file"),
    Code(
        "unreadable",
        "a file that cannot be read (permissions, or it vanished)",
        "tests/unit/test_loading.py::test_an_unreadable_file_is_a_problem",
    ),
    Code(
        "import-source",
        "import: an input file cannot be read as a whole (not JSON, not a report page, no venue and year, or a "
        "run file that differs); nothing of it is written",
        "tests/cli/test_import_problems.py::test_a_file_that_cannot_be_read_is_one_problem",
    ),
    Code(
        "pipeline-entry",
        "import: a paper of a pipeline file that cannot become a record (no title, no answer for a variable, "
        "a result code the pipeline does not define); reported at the paper's key",
        "tests/cli/test_import_problems.py::test_a_malformed_pipeline_entry_is_reported_at_its_key",
    ),
    Code(
        "record-exists",
        "import: the paper's record file exists and differs; not overwritten without `--force`",
        "tests/cli/test_import_problems.py::test_a_changed_record_is_not_overwritten_without_force",
    ),
    Code(
        "labels-row",
        "import: a labels-table row whose paper has no record, or whose code is not one of the pipeline's",
        "tests/cli/test_import_problems.py::test_a_labels_row_without_its_paper_is_reported",
    ),
    Code("more-problems", "after the first 20 problems of a file: how many more there are", "more-problems"),
)
CODES: dict[str, Code] = {code.name: code for code in _CODES}


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    code: str
    field: str  # dotted field path, "" for the file as a whole
    message: str

    def __post_init__(self):
        if self.code not in CODES:
            raise ValueError(f"problem code {self.code!r} is not in generator.problems.CODES")

    @property
    def severity(self) -> str:
        return CODES[self.code].severity

    def as_dict(self) -> dict:
        return {
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "field": self.field,
            "message": self.message,
        }


def render_code_table() -> str:
    """The Contributing page's table of problem codes, in the registry's order."""
    lines = ["| code | what is wrong |", "|---|---|"]
    lines += [
        f"| `{code.name}` | {'a **warning** (validate passes, build runs): ' if code.severity == 'warning' else ''}"
        f"{code.meaning} |"
        for code in _CODES
    ]
    return "\n".join(lines) + "\n"
