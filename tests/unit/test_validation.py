"""Validator behaviour beyond single cases: messages, both validator paths, all problems at once."""

import shutil
from pathlib import Path

import pytest

from generator import validation
from generator.checking import check
from generator.loading import LoadError, load_record, load_text

FIXTURES = Path(__file__).parent.parent / "fixtures"
CASES = Path(__file__).parent.parent / "cases" / "invalid"
ALL_CASES = sorted([*CASES.iterdir(), *(CASES.parent / "hostile").iterdir()])


def test_fixture_records_are_valid():
    result = check([FIXTURES / "records"])
    assert result.problems == []
    assert len(result.files) == 6


def test_did_you_mean_and_allowed_values_in_message():
    [problem] = check([CASES / "schema-enum"]).problems
    assert problem.message == (
        "variables.researcher_affiliation.result: 'Acadmia' is not allowed; expected one of Academia, "
        "Industry, Collaboration, N/A (did you mean 'Academia'?)"
    )


def test_one_broken_file_never_hides_the_others(tmp_path):
    for name in ("schema-enum", "yaml-syntax", "bom"):
        source = next(path for path in (CASES / name).iterdir() if path.suffix == ".yaml")
        shutil.copy(source, tmp_path / source.name.replace("test-2022-case", f"test-2022-{name}"))
    codes = sorted(problem.code for problem in check([tmp_path]).problems)
    assert {"schema-enum", "yaml-syntax", "bom"} <= set(codes)


@pytest.mark.skipif(validation.jsonschema_rs is None, reason="jsonschema-rs not installed")
@pytest.mark.parametrize("case", ALL_CASES, ids=lambda case: f"{case.parent.name}/{case.name}")
def test_fast_and_reference_validators_agree(case):
    """The compiled validator only decides validity; it must decide it as jsonschema does, on every
    case folder (invalid and hostile), trailing newlines included."""
    compared = 0
    for path in sorted(case.glob("*.yaml")):
        try:
            loaded = load_record(path)
        except LoadError:  # files the loader refuses never reach a validator
            continue
        fast = validation._fast_validator().is_valid(loaded.data)
        reference = validation._reference_validator().is_valid(loaded.data)
        assert fast == reference, path
        compared += 1
    if case.name.startswith("trailing-newline"):
        assert compared, "the trailing-newline cases must reach both validators"


# Strings on which Python's and ECMA-262's regular expressions part ways: a final newline before
# `$`, Python-only whitespace (U+001C-U+001F, U+0085) and ECMA-only whitespace (U+FEFF).
TRICKY = [
    "a",
    "a\n",
    "a\n\n",
    "\na",
    "a b",
    "",
    " ",
    "2025-06-30",
    "2025-06-30\n",
    "https://x.org/a",
    "https://x.org/a\n",
]
TRICKY += [
    f"x{chr(code)}y" for code in [*range(0x20), 0x7F, 0x85, 0xA0, 0x1680, 0x2028, 0x202F, 0x3000, 0xFEFF, 0x200B]
]
TRICKY += [chr(code) for code in [0x1C, 0x85, 0xFEFF, 0xA0]]


def _schema_patterns(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern":
                yield value
            else:
                yield from _schema_patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _schema_patterns(value)


@pytest.mark.skipif(validation.jsonschema_rs is None, reason="jsonschema-rs not installed")
@pytest.mark.parametrize("pattern", sorted(set(_schema_patterns(validation.model.load_schema()))))
def test_every_schema_pattern_means_the_same_to_both_validators(pattern):
    fast = validation.jsonschema_rs.validator_for({"type": "string", "pattern": pattern})
    reference = validation.reference_validator_for({"type": "string", "pattern": pattern})
    for text in TRICKY:
        assert fast.is_valid(text) == reference.is_valid(text), (pattern, text)


def test_dollar_means_the_very_end():
    assert validation.ecma_pattern("^[a-z]+$").search("abc")
    assert not validation.ecma_pattern("^[a-z]+$").search("abc\n")
    assert validation.ecma_pattern(r"[^\s/]").search("\x1c")  # not whitespace in ECMA-262
    with pytest.raises(ValueError):
        validation.ecma_pattern(r"^\w+$")  # a class whose meaning differs: written out instead


def test_reference_path_gives_same_problems_without_fast_validator(monkeypatch):
    with_fast = check([CASES / "schema-type"]).problems
    monkeypatch.setattr(validation, "_fast_validator", lambda: None)
    without_fast = check([CASES / "schema-type"]).problems
    assert with_fast == without_fast and with_fast


def test_schema_passes_its_metaschema_and_documents_every_property():
    import jsonschema

    schema = validation.model.load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)

    def walk(node, path):
        for name, child in node.get("properties", {}).items():
            resolved = validation.model.resolve_ref(schema, child)
            assert resolved.get("description"), f"{path}{name} has no description"
            walk(resolved, f"{path}{name}.")

    walk(schema, "")
    for name, definition in schema["$defs"].items():
        assert definition.get("description"), name


def test_email_check_names_the_field():
    loaded = load_text(Path("x.yaml"), "variables:\n  pseudocode:\n    evidence: mail me at a.b@c.org\n")
    [problem] = validation._privacy_problems(loaded)
    assert problem.code == "email-address"
    assert problem.field == "variables.pseudocode.evidence"
    assert (problem.line, problem.column) == (3, 15)


def test_a_schema_rule_without_its_own_message_gets_schema_rule():
    """A keyword the messages do not know yet (here uniqueItems) still gives a registered code,
    its location and the validator's own words."""
    loaded = load_text(Path("x.yaml"), "authors:\n  - A\n  - A\n")
    validator = validation.reference_validator_for({"properties": {"authors": {"uniqueItems": True}}})
    [error] = validator.iter_errors(loaded.data)
    problem = validation.problem_from_schema_error(loaded, error)
    assert (problem.code, problem.field, problem.line) == ("schema-rule", "authors", 2)
    assert "uniqueItems" in problem.message


def test_titles_that_differ_in_a_symbol_are_different_titles():
    """Case, accents, spacing and punctuation do not make another title; "++", "#" or "=" do."""
    title = validation.normalised_title
    assert title("Hyperbolic Neural Networks++") != title("Hyperbolic Neural Networks")
    assert title("C# for Learners") != title("C for Learners")
    assert title("A test paper on pruning!") == title("A Test  Paper on Pruning")
    assert title("Multi-Task Learning: Études") == title("Multi Task Learning Etudes")
