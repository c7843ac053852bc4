"""Loading: YAML record files -> ``LoadedRecord`` (data plus the node tree that locates each value).

Takes a path; returns the record's data as plain Python values together with a map from each
field path to its line and column in the file, or raises ``LoadError`` naming the file, line and
column of the first thing that cannot be read. Writes nothing.

The text is parsed once by libyaml (through PyYAML's C parser when present) into a node tree;
the data is then built from that tree by ``_construct`` with the YAML 1.2 core schema, so that
``result: No``, ``on``, ``off`` and ``2023-01-01`` stay strings (YAML 1.1 would turn them into
booleans and dates). Everything a contributor's file could use against the build is refused
here: duplicate keys, anchors and aliases (the "billion laughs" bomb), explicit tags (arbitrary
object construction), several documents, tabs in indentation, a BOM, non-UTF-8 bytes, files over
``MAX_FILE_BYTES``, nesting deeper than ``MAX_DEPTH``, more than ``MAX_NODES`` values (counted
before the tree is built, so a 1 MiB list of half a million items costs milliseconds), keys over
``MAX_KEY_CHARACTERS``, numbers that are not finite (``.nan``, ``.inf``, ``1e999``) or have more than
``MAX_NUMBER_DIGITS`` digits, and paths that are not regular files (a folder or FIFO named
``x.yaml`` is reported, and opening never blocks).

Strings that hold a character outside the plain printable set (a line break, a tab, a control
character, ...) are noted in ``LoadedRecord.suspect_strings`` as they are built; validation judges
them (``validation.text_problems``) with the file's text at hand to point at the character itself.
"""

from __future__ import annotations

import math
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

_KIND_TAGS = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


class _TagsLeftAlone:
    """Tags are judged by ``_Builder`` from style and text: resolving every scalar through PyYAML's
    YAML 1.1 resolver would cost a Python call per value, only to be thrown away."""

    def resolve(self, kind, value, implicit):
        return _KIND_TAGS[kind]

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


if yaml.__with_libyaml__:  # libyaml parses ~6x faster; both give the same nodes and marks

    class _Loader(_TagsLeftAlone, yaml.cyaml.CParser):
        pass

else:  # pragma: no cover - PyYAML built without libyaml

    class _Loader(_TagsLeftAlone, yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer):
        def __init__(self, stream):
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)


MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 16
MAX_NODES = 5_000  # a real record has a few hundred values (500 authors at most)
MAX_KEY_CHARACTERS = 100
MAX_NUMBER_DIGITS = 100  # far beyond any year or setting; keeps int() away from its 4,300-digit limit
NODE_COUNT_FROM_CHARACTERS = 64 * 1024  # a smaller text composes fast; the builder counts its nodes

# Any character that is not plain printable text: C0 controls (line break and tab included), DEL,
# C1 controls, line and paragraph separators, bidi embeddings, overrides and isolates, the BOM,
# interlinear annotations, noncharacters and surrogates. A string holding one is looked at again
# by validation, which decides by field what is allowed (a line break in evidence is).
_NOT_PRINTABLE = (
    r"\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\ufdd0-\ufdef\ud800-\udfff"
    + "".join(rf"\U{plane:04x}fffe\U{plane:04x}ffff" for plane in range(17))
)
SUSPECT_CHARACTERS = re.compile(rf"[\x00-\x1f{_NOT_PRINTABLE}]")


def suspect(text: str) -> bool:
    """Whether ``text`` holds one of ``SUSPECT_CHARACTERS``. In plain ASCII (most text) those are
    exactly the characters ``str.isprintable`` refuses, found in a tenth of the regular
    expression's time (a fifth of checking a record went to it)."""
    return not text.isprintable() if text.isascii() else SUSPECT_CHARACTERS.search(text) is not None


# YAML 1.2 core schema for plain (unquoted) scalars. Anything else is a string.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}

# Tags that the core schema resolves to. Construction ignores them (it reads style and text), so
# only other tags, e.g. ``!!python/object`` or a local ``!tag``, are refused.
_CORE_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}

FieldPath = tuple  # of str (mapping keys) and int (sequence indexes)
# An anchor or alias token: '&' or '*' right after a space, line start, '[', '{', ',' or '-'.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,-])[&*][^\s,\[\]{}]")


_C0_NAMES = (
    "NULL|START OF HEADING|START OF TEXT|END OF TEXT|END OF TRANSMISSION|ENQUIRY|ACKNOWLEDGE|ALERT|"
    "BACKSPACE|CHARACTER TABULATION|LINE FEED|LINE TABULATION|FORM FEED|CARRIAGE RETURN|SHIFT OUT|"
    "SHIFT IN|DATA LINK ESCAPE|DEVICE CONTROL ONE|DEVICE CONTROL TWO|DEVICE CONTROL THREE|"
    "DEVICE CONTROL FOUR|NEGATIVE ACKNOWLEDGE|SYNCHRONOUS IDLE|END OF TRANSMISSION BLOCK|CANCEL|"
    "END OF MEDIUM|SUBSTITUTE|ESCAPE|INFORMATION SEPARATOR FOUR|INFORMATION SEPARATOR THREE|"
    "INFORMATION SEPARATOR TWO|INFORMATION SEPARATOR ONE"
).split("|")


def character_name(character: str) -> str:
    """'U+007F DELETE', 'U+0085 NEXT LINE (a C1 control character)', 'U+FFFE (a noncharacter)'."""
    code = ord(character)
    if code < 0x20:
        name = f"{_C0_NAMES[code]} (a control character)"
    elif code == 0x7F:
        name = "DELETE (a control character)"
    elif 0x80 <= code <= 0x9F:
        name = ("NEXT LINE " if code == 0x85 else "") + "(a C1 control character)"
    elif 0xD800 <= code <= 0xDFFF:
        name = "(a lone surrogate, not a character)"
    elif 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        name = "(a noncharacter)"
    else:
        name = unicodedata.name(character, "")
    return f"U+{code:04X} {name}".rstrip()


# What a record file may not hold anywhere, even in a comment (libyaml refuses most of these
# without a location, and reads NEL, LS and PS as line breaks): tab and line feed are judged
# per field by validation, CR and NUL have codes of their own.
_FORBIDDEN_IN_FILE = re.compile(rf"[\x01-\x08\x0b\x0c\x0e-\x1f{_NOT_PRINTABLE}]")


@dataclass(frozen=True)
class Location:
    line: int  # 1-based
    column: int  # 1-based


class LoadError(Exception):
    """A file that cannot be read as one YAML mapping. ``code`` is a stable kebab-case id."""

    def __init__(self, path: Path, code: str, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.path = path
        self.code = code
        self.message = message
        self.line = line
        self.column = column


@dataclass
class LoadedRecord:
    """A record file's data and where each of its values stands in the file."""

    path: Path
    data: dict
    # field path -> the YAML node of its value (locations are read from nodes only when asked)
    nodes: dict[FieldPath, yaml.Node] = field(repr=False)
    # field path of a mapping -> its keys' nodes, by key (to point at a key itself)
    key_nodes: dict[FieldPath, dict[str, yaml.Node]] = field(repr=False)
    text: str = field(default="", repr=False)  # the file's text, to point at a character in it
    # strings holding one of SUSPECT_CHARACTERS: (field path, True if the string is the key at its end)
    suspect_strings: list[tuple[FieldPath, bool]] = field(default_factory=list, repr=False)

    def locate(self, path: FieldPath) -> Location:
        """Where the value at ``path`` is, or the nearest enclosing value that exists."""
        path = tuple(path)
        while path not in self.nodes:
            path = path[:-1]
        return _location(self.nodes[path])

    def locate_key(self, path: FieldPath) -> Location:
        """Where the key that leads to ``path`` is written (falls back to the value)."""
        path = tuple(path)
        if path and path[:-1] in self.key_nodes:
            key_node = self.key_nodes[path[:-1]].get(path[-1])
            if key_node is not None:
                return _location(key_node)
        return self.locate(path)


def _location(node_or_mark) -> Location:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return Location(mark.line + 1, mark.column + 1)


def decode_text(path: Path, raw: bytes) -> str:
    """The file's text, or ``LoadError`` for what a record file must not be."""
    if len(raw) > MAX_FILE_BYTES:
        raise LoadError(
            path,
            "file-too-large",
            f"file is {len(raw):,} bytes; a record may be at most {MAX_FILE_BYTES:,} bytes",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raise LoadError(path, "bom", "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise LoadError(
            path,
            "encoding",
            f"byte 0x{raw[error.start]:02x} is not valid UTF-8; save the file as UTF-8",
            line,
            column,
        ) from None
    if "\r" in text:
        offset = text.index("\r")
        raise LoadError(
            path,
            "crlf",
            "file has Windows (CRLF) or old Mac (CR) line endings; save it with LF line endings",
            *_line_column(text, offset),
        )
    if "\x00" in text:
        offset = text.index("\x00")
        raise LoadError(path, "encoding", "file contains a NUL character", *_line_column(text, offset))
    forbidden = _FORBIDDEN_IN_FILE.search(text)
    if forbidden:
        raise LoadError(
            path,
            "forbidden-character",
            f"{character_name(forbidden.group())} is not allowed in a record file; text holds printable "
            "characters only (no control characters, bidi overrides, line separators or noncharacters)",
            *_line_column(text, forbidden.start()),
        )
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        raise LoadError(path, "empty-file", "file is empty; a record is a YAML mapping of fields")
    return text


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _check_tabs(path: Path, text: str) -> None:
    if "\t" not in text:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            raise LoadError(
                path,
                "tab-indent",
                "tab character in indentation; YAML indents with spaces only",
                number,
                line.index("\t") + 1,
            )


def _check_anchors(path: Path, text: str) -> None:
    """Refuse anchors (``&name``) and aliases (``*name``); run only when '&' or '*' occurs."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                kind = "alias" if isinstance(event, yaml.AliasEvent) else "anchor"
                location = _location(event.start_mark)
                raise LoadError(
                    path,
                    "yaml-alias",
                    f"YAML {kind} '{anchor}' is not allowed in records; write the value out in full",
                    location.line,
                    location.column,
                )
    except yaml.YAMLError:
        return  # the composer reports syntax errors with their location


def too_many_values(path: Path, node_or_event) -> LoadError:
    location = _location(node_or_event)
    return LoadError(
        path,
        "too-many-values",
        f"file holds more than {MAX_NODES:,} values (items and texts); a record has a few hundred",
        location.line,
        location.column,
    )


def _check_node_count(path: Path, text: str) -> None:
    """Refuse a text of more than ``MAX_NODES`` values before composing it: a tree of half a
    million nodes takes seconds and hundreds of MB to build, the events that count them do not."""
    count = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent, yaml.AliasEvent)):
                count += 1
                if count > MAX_NODES:
                    raise too_many_values(path, event)
    except yaml.YAMLError:
        return  # the composer reports syntax errors with their location


def parse_yaml(path: Path, text: str) -> yaml.Node:
    """Compose the text into one node tree, or raise ``LoadError``."""
    _check_tabs(path, text)
    if ("&" in text or "*" in text) and _MAYBE_ANCHOR.search(text):
        _check_anchors(path, text)
    if len(text) > NODE_COUNT_FROM_CHARACTERS:
        _check_node_count(path, text)
    try:
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or "invalid YAML"
        context = f" {error.context}" if error.context else ""
        location = _location(mark) if mark else Location(1, 1)
        raise LoadError(
            path, "yaml-syntax", f"YAML syntax error: {problem}{context}", location.line, location.column
        ) from None
    except yaml.YAMLError as error:
        raise LoadError(path, "yaml-syntax", f"YAML syntax error: {error}") from None
    except UnicodeEncodeError as error:  # a lone surrogate: never from a decoded file, but refuse it
        raise LoadError(path, "encoding", f"text cannot be encoded: {error.reason}") from None
    documents = [document for document in documents if document is not None]
    if not documents:
        raise LoadError(path, "empty-file", "file is empty; a record is a YAML mapping of fields")
    if len(documents) > 1:
        second = _location(documents[1])
        raise LoadError(
            path,
            "multiple-documents",
            "file holds several YAML documents ('---'); a record file holds exactly one",
            second.line,
            second.column,
        )
    return documents[0]


def plain_scalar_value(text: str):
    """The value of an unquoted scalar under the YAML 1.2 core schema."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        try:
            return int(text)
        except ValueError:  # over the interpreter's int-string limit: as large as a float gets
            return math.copysign(math.inf, -1 if text.startswith("-") else 1)
    if _FLOAT.match(text):
        return float(text)  # 1e999 is inf: the loader refuses it, a serialiser quotes it
    if text.lower() in _SPECIAL_FLOAT:
        return _SPECIAL_FLOAT[text.lower()]
    return text


class _Builder:
    """Builds plain data from a node tree and records each value's location."""

    def __init__(self, path: Path):
        self.path = path
        self.nodes: dict[FieldPath, yaml.Node] = {}
        self.key_nodes: dict[FieldPath, dict[str, yaml.Node]] = {}
        self.seen_nodes: set[int] = set()
        self.suspect_strings: list[tuple[FieldPath, bool]] = []

    def error(self, node, code: str, message: str) -> LoadError:
        location = _location(node)
        return LoadError(self.path, code, message, location.line, location.column)

    def build(self, node, path: FieldPath = (), depth: int = 0):
        if depth > MAX_DEPTH:
            raise self.error(node, "too-deep", f"values nested deeper than {MAX_DEPTH} levels")
        if id(node) in self.seen_nodes:  # a shared node is an alias; _check_anchors normally catches it
            raise self.error(node, "yaml-alias", "YAML aliases are not allowed in records")
        self.seen_nodes.add(id(node))
        self.nodes[path] = node
        if len(self.nodes) > MAX_NODES:
            raise too_many_values(self.path, node)
        if node.tag not in _CORE_TAGS:
            raise self.error(node, "yaml-tag", f"explicit YAML tag {node.tag!r} is not allowed in records")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index), depth + 1) for index, item in enumerate(node.value)]
        value = self._scalar(node)
        if isinstance(value, str):
            if suspect(value):
                self.suspect_strings.append((path, False))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            self._check_number(node, value)
        return value

    def _check_number(self, node, value: int | float) -> None:
        digits = sum(character.isdigit() for character in node.value)
        if digits > MAX_NUMBER_DIGITS:
            raise self.error(
                node,
                "number-too-large",
                f"a number of {digits:,} digits; numbers in records have at most {MAX_NUMBER_DIGITS} "
                "(write it in quotes if it is text)",
            )
        if isinstance(value, float) and not math.isfinite(value):
            raise self.error(
                node,
                "non-finite-number",
                f"{node.value!r} is not a finite number (infinity or not-a-number); write a finite number, "
                "or null where a setting has no value",
            )

    def _mapping(self, node, path: FieldPath, depth: int) -> dict:
        mapping: dict = {}
        keys: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.error(key_node, "yaml-syntax", "mapping keys must be plain text")
            if key_node.tag == "tag:yaml.org,2002:merge" or (key_node.value == "<<" and not key_node.style):
                raise self.error(key_node, "yaml-alias", "YAML merge keys ('<<') are not allowed in records")
            key = key_node.value
            if len(key) > MAX_KEY_CHARACTERS:
                raise self.error(
                    key_node,
                    "key-too-long",
                    f"a key of {len(key):,} characters; keys are field names of at most {MAX_KEY_CHARACTERS}",
                )
            if suspect(key):
                self.suspect_strings.append(((*path, key), True))
            if key in mapping:
                first = _location(keys[key])
                raise self.error(
                    key_node,
                    "duplicate-key",
                    f"key '{key}' appears twice in this mapping (first at line {first.line}); "
                    "YAML would silently keep only the last",
                )
            keys[key] = key_node
            mapping[key] = self.build(value_node, (*path, key), depth + 1)
        self.key_nodes[path] = keys
        return mapping

    @staticmethod
    def _scalar(node):
        if node.style:  # None (pure-Python parser) or "" (libyaml) for a plain scalar
            return node.value  # quoted or block scalar: always a string
        return plain_scalar_value(node.value)


def construct(path: Path, root) -> LoadedRecord:
    """Plain data and locations from a composed node tree."""
    if not isinstance(root, yaml.MappingNode):
        location = _location(root)
        raise LoadError(
            path,
            "not-a-mapping",
            "a record must be a YAML mapping of fields (key: value), not a single value or a list",
            location.line,
            location.column,
        )
    builder = _Builder(path)
    data = builder.build(root)
    return LoadedRecord(path, data, builder.nodes, builder.key_nodes, suspect_strings=builder.suspect_strings)


def load_text(path: Path, text: str) -> LoadedRecord:
    loaded = construct(path, parse_yaml(path, text))
    loaded.text = text
    return loaded


def not_a_file(path: Path, mode: int) -> LoadError:
    kind = "a folder" if stat.S_ISDIR(mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "not a regular file"
    return LoadError(path, "not-a-file", f"{path.name} is {kind}; a record is a regular .yaml file")


def read_record_bytes(path: Path) -> bytes:
    """A record file's bytes, reading no more than ``MAX_FILE_BYTES`` + 1 of it. Opened without
    blocking and checked to be a regular file after opening: a FIFO or a folder that takes a
    record's name (even between listing and reading) is refused, never waited on."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise not_a_file(path, stat.S_IFDIR) from None
    except OSError as error:
        raise LoadError(path, "unreadable", f"cannot read file: {error.strerror}") from None
    try:
        with os.fdopen(descriptor, "rb") as file:
            mode = os.fstat(file.fileno()).st_mode
            if not stat.S_ISREG(mode):
                raise not_a_file(path, mode)
            raw = file.read(MAX_FILE_BYTES + 1)  # never read a huge file whole
            if len(raw) > MAX_FILE_BYTES:
                size = os.fstat(file.fileno()).st_size
                raise LoadError(
                    path,
                    "file-too-large",
                    f"file is {size:,} bytes; a record may be at most {MAX_FILE_BYTES:,} bytes",
                )
    except OSError as error:
        raise LoadError(path, "unreadable", f"cannot read file: {error.strerror}") from None
    return raw


def load_bytes(path: Path, raw: bytes) -> LoadedRecord:
    return load_text(path, decode_text(path, raw))


def load_record(path: Path) -> LoadedRecord:
    """Read and parse one record file. Raises ``LoadError``; never returns partial data."""
    return load_bytes(path, read_record_bytes(path))
