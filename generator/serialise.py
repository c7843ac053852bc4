"""Serialising: record dict -> the YAML text of a record file, and the record's id.

Pure functions. The YAML is written so that the project's own loader (YAML 1.2 core schema) and
any YAML 1.1 reader (plain PyYAML) read back exactly the same strings: any string that either
would take for a number, boolean, null or date is quoted.
"""

from __future__ import annotations

import re
import unicodedata

import yaml

from generator.loading import plain_scalar_value

SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema.json\n"
FIELD_ORDER = ("id", "title", "authors", "venue", "year", "links", "variables", "provenance")
TITLE_STOPWORDS = frozenset(
    {
        *("a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "via", "from", "by", "at"),
        *("is", "are", "towards", "toward", "do", "does", "can", "how", "what", "why", "when", "which"),
        *("beyond", "into", "through", "using"),
    }
)


def _plain_is_string(value: str) -> bool:
    return isinstance(plain_scalar_value(value), str)


class _RecordDumper(yaml.SafeDumper):
    pass


_NEEDS_ESCAPES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _represent_str(dumper: yaml.SafeDumper, value: str):
    if _NEEDS_ESCAPES.search(value):  # NEL, LS, PS and control characters: PyYAML folds them otherwise
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    style = None if _plain_is_string(value) else "'"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_RecordDumper.add_representer(str, _represent_str)


def ordered(record: dict) -> dict:
    """The record's top-level fields in the documented order (unknown ones last, sorted)."""
    known = {key: record[key] for key in FIELD_ORDER if key in record}
    return known | {key: record[key] for key in sorted(record) if key not in known}


def record_to_yaml(record: dict, schema_comment: str = SCHEMA_COMMENT) -> str:
    body = yaml.dump(
        ordered(record),
        Dumper=_RecordDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return schema_comment + body


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text))


def id_candidates(record: dict) -> list[str]:
    """Ids by the naming scheme, shortest first: surname-year-word, then with more title words."""
    first_author = record["authors"][0] if record.get("authors") else "anonymous"
    surname = slug(first_author.split()[-1] if first_author.split() else first_author) or "anonymous"
    title = re.sub(r"['’]s\b", "", record.get("title", ""))  # possessive: "Pruning's" -> "pruning"
    words = [slug(word) for word in title.split()]
    words = [word for word in words if word]
    significant = [word for word in words if word not in TITLE_STOPWORDS] or words or ["paper"]
    base = f"{surname}-{record['year']}"
    return [f"{base}-{'-'.join(significant[: count + 1])}"[:80].strip("-") for count in range(min(3, len(significant)))]


def make_id(record: dict, taken: set[str]) -> str:
    """The first free id by the naming scheme; a number is appended if all are taken."""
    candidates = id_candidates(record)
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    number = 2
    while f"{candidates[0]}-{number}" in taken:
        number += 1
    return f"{candidates[0]}-{number}"
