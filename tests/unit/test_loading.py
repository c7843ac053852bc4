"""The loader: YAML 1.2 scalars, locations, and the refusals that keep hostile files out."""

from pathlib import Path

import pytest

from generator.loading import LoadError, load_text, plain_scalar_value, read_record_bytes

PATH = Path("records/x.yaml")


@pytest.mark.parametrize("text", ["Yes", "No", "yes", "no", "on", "off", "On", "Off", "y", "n", "N/A"])
def test_yaml11_booleans_stay_strings(text):
    assert load_text(PATH, f"value: {text}\n").data == {"value": text}


@pytest.mark.parametrize("text", ["2023-01-01", "2023-01-01T10:00:00Z", "12:30:00"])
def test_dates_and_sexagesimals_stay_strings(text):
    assert load_text(PATH, f"value: {text}\n").data == {"value": text}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2023", 2023),
        ("-1", -1),
        ("0.5", 0.5),
        ("1e3", 1000.0),
        ("null", None),
        ("~", None),
        ("", None),
        ("true", True),
        ("false", False),
        ("'2023'", "2023"),
        ('"No"', "No"),
        ("0x1F", "0x1F"),
        ("0o17", "0o17"),
    ],
)
def test_core_schema_scalars(text, value):
    assert load_text(PATH, f"value: {text}\n").data == {"value": value}


def test_plain_scalar_value_is_the_loaders_rule():
    assert plain_scalar_value("No") == "No"
    assert plain_scalar_value("12") == 12


def test_locations_point_at_values_and_keys():
    loaded = load_text(PATH, "id: a\nvariables:\n  pseudocode:\n    result: Maybe\nauthors:\n  - A\n  - B\n")
    location = loaded.locate(("variables", "pseudocode", "result"))
    assert (location.line, location.column) == (4, 13)
    location = loaded.locate(("authors", 1))
    assert (location.line, location.column) == (7, 5)
    key = loaded.locate_key(("variables", "pseudocode"))
    assert (key.line, key.column) == (3, 3)
    # a path that does not exist falls back to its nearest existing parent
    parent = loaded.locate(("variables", "pseudocode", "evidence"))
    assert (parent.line, parent.column) == (4, 5)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a: 1\na: 2\n", "duplicate-key"),
        ("a: &x 1\nb: *x\n", "yaml-alias"),
        ("a: !!python/object/apply:os.system [ls]\n", "yaml-tag"),
        ("a: !custom 1\n", "yaml-tag"),
        ("a: 1\n---\nb: 2\n", "multiple-documents"),
        ("- 1\n", "not-a-mapping"),
        ("just text\n", "not-a-mapping"),
        ("a: [1\n", "yaml-syntax"),
        ("a:\n\t- 1\n", "tab-indent"),
        ("a: " + "[" * 30 + "]" * 30 + "\n", "too-deep"),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", "yaml-syntax"),  # libyaml's own depth limit
    ],
)
def test_refusals_have_codes(text, code):
    with pytest.raises(LoadError) as raised:
        load_text(PATH, text)
    assert raised.value.code == code
    assert raised.value.line >= 1 and raised.value.column >= 1


def test_billion_laughs_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    with pytest.raises(LoadError) as raised:
        load_text(PATH, bomb)
    assert raised.value.code == "yaml-alias"


def test_an_unreadable_file_is_a_problem():
    """A file that stats as a regular file but fails when read (here the kernel's I/O error on
    reading address 0 of this process's memory) is reported as ``unreadable``, not a crash."""
    memory = Path("/proc/self/mem")
    if not memory.exists():
        pytest.skip("needs Linux's /proc/self/mem, a file whose read fails")
    with pytest.raises(LoadError) as refused:
        read_record_bytes(memory)
    assert refused.value.code == "unreadable" and "cannot read file" in refused.value.message


def test_suspect_text_is_what_the_pattern_finds_ascii_or_not():
    """loading.suspect takes a shorter way for ASCII text; it must find what the pattern finds."""
    from generator.loading import SUSPECT_CHARACTERS, suspect

    samples = [chr(code) for code in range(128)] + ["\x85", "\u2028", "\u202e", "\ufeff", "é", "\U0001fffe", "ok"]
    for character in samples:
        for text in (character, f"plain {character} text", f"é {character}"):
            assert suspect(text) is (SUSPECT_CHARACTERS.search(text) is not None), repr(text)
