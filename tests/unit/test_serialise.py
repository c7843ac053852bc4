"""Record YAML and ids: what is written reads back the same, by our loader and by plain PyYAML."""

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.loading import load_text
from generator.serialise import make_id, record_to_yaml


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_string_reads_back_as_the_same_string(text):
    written = record_to_yaml({"title": text})
    assert load_text(Path("x.yaml"), written).data == {"title": text}
    assert yaml.safe_load(written) == {"title": text}


@pytest.mark.parametrize("text", ["Yes", "No", "on", "1e5", "2023", "null", "2023-01-01", "0x10", ".inf", "true"])
def test_ambiguous_strings_are_quoted(text):
    assert load_text(Path("x.yaml"), record_to_yaml({"value": text})).data == {"value": text}


def test_schema_comment_first():
    assert record_to_yaml({"id": "a"}).startswith("# yaml-language-server: $schema=../schema.json\n")


@pytest.mark.parametrize(
    ("authors", "title", "year", "expected"),
    [
        (["Tian Jin"], "Pruning’s Effect on Generalization", 2022, "jin-2022-pruning"),
        (["Yefan Zhou"], "A Three-regime Model of Network Pruning", 2023, "zhou-2023-three-regime"),
        (["Émilie du Châtelet"], "On the Theory", 2024, "chatelet-2024-theory"),
        (["李 雷"], "The Network", 2020, "anonymous-2020-network"),
    ],
)
def test_id_scheme(authors, title, year, expected):
    assert make_id({"authors": authors, "title": title, "year": year}, set()) == expected


def test_ids_made_unique():
    record = {"authors": ["Tian Jin"], "title": "Pruning Effect", "year": 2022}
    assert make_id(record, {"jin-2022-pruning"}) == "jin-2022-pruning-effect"
    assert make_id(record, {"jin-2022-pruning", "jin-2022-pruning-effect"}) == "jin-2022-pruning-2"
