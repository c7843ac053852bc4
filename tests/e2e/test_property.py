"""Property: any record that `validate` accepts builds (generator build and the real
`mkdocs build --strict`) and shows its text verbatim on its page.

Hypothesis draws text from the whole Unicode range mixed with Markdown, HTML, YAML and Jinja syntax
for every free-text field; the records that validate refuses are dropped (they are validation's
concern), and all the others of one draw are built as one site, to keep the run near a minute.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from e2e.test_hostile import folded, parse
from generator import model
from generator.build import check
from generator.serialise import record_to_yaml, slug
from helpers import ROOT, build_site, edition_records

SYNTAX = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "![i](x)",
    "{: onclick=alert(1) }",
    "**b**",
    "_i_",
    "`c`",
    "```",
    "\n```js\n",
    "\n    code",
    "\n# h",
    "\n- l",
    "\n1. n",
    "\n---\n",
    "\nfoo: bar\n",
    "!!! note",
    "???+ x",
    '=== "t"',
    "| a |",
    "{{ config }}",
    "{% raw %}",
    "{#",
    "&lt;",
    "&amp;",
    "&#60;",
    "<!--",
    "-->",
    "]]>",
    '<div markdown="1">',
    "</div>",
    "\\",
    '"',
    "'",
    ":",
    "\n\n",
    "\r\n",
    "\t",
]
TEXT = st.lists(
    st.one_of(st.sampled_from(SYNTAX), st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12)),
    min_size=1,
    max_size=6,
).map("".join)
C0_REFERENCED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
VENUE = st.from_regex(r"[A-Za-z][A-Za-z0-9&. -]{0,15}", fullmatch=True)


@st.composite
def records(draw, count: int = 12) -> list[dict]:
    made = []
    for number in range(count):
        variables = {}
        for variable in model.variables():
            variables[variable.key] = {"result": draw(st.sampled_from(variable.results)), "evidence": draw(TEXT)}
        made.append(
            {
                "id": f"prop-{2000 + number}-case",
                "title": draw(TEXT),
                "authors": draw(st.lists(TEXT, min_size=1, max_size=3)),
                "venue": draw(VENUE),
                "year": 2000 + number,
                "variables": variables,
                "provenance": {"method": "llm", "model": draw(TEXT), "notice": draw(TEXT)},
            }
        )
    return made


def visible(text: str, *, one_line: bool) -> str:
    """``text`` as Python's parser reads it from the page, whitespace-folded. A page writes C0
    controls as character references (browsers show them; validation refuses them), which the
    parser reads as html.unescape does; a one-line field (title, names, venue, model) is folded first."""
    shown = folded(text) if one_line else text
    return folded(C0_REFERENCED.sub(lambda match: html.unescape(f"&#{ord(match.group())};"), shown))


def accepted(folder: Path) -> None:
    """Remove every record file validate refuses, until the rest is valid together."""
    while problems := check([folder]).problems:
        for path in {Path(problem.file) for problem in problems}:
            path.unlink(missing_ok=True)


def project_of(folder: Path, drawn: list[dict]) -> Path:
    for name in ("docs", "hooks", "overrides"):
        shutil.copytree(ROOT / name, folder / name)
    for name in ("schema.json", "mkdocs.yml"):
        shutil.copy(ROOT / name, folder / name)
    (folder / "records").mkdir()
    slugs: dict[str, str] = {}
    for record in drawn:
        if slugs.setdefault(slug(record["venue"]) or "venue", record["venue"]) != record["venue"]:
            continue  # two venues on one page path: validation's concern (issue #12, item 4)
        (folder / "records" / f"{record['id']}.yaml").write_text(record_to_yaml(record), encoding="utf-8")
    accepted(folder / "records")
    return folder


@settings(max_examples=8, deadline=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
@given(drawn=records())
def test_accepted_records_build_and_show_their_text_verbatim(tmp_path_factory, drawn):
    project = project_of(tmp_path_factory.mktemp("property"), drawn)
    kept = sorted(path.stem for path in (project / "records").glob("*.yaml"))
    site = build_site(project)
    editions = edition_records(site / "data")
    published = {record["id"]: record for records in editions.values() for record in records}
    assert sorted(published) == kept
    for paper_id, record in published.items():
        text = parse(site / "papers" / paper_id / "index.html").text
        one_line = [record["title"], ", ".join(folded(name) for name in record["authors"]), record["venue"]]
        one_line.append(record["provenance"]["model"])
        shown = [visible(value, one_line=True) for value in one_line]
        paragraphs = [assessment["evidence"] for assessment in record["variables"].values()]
        shown += [visible(value, one_line=False) for value in [*paragraphs, record["provenance"]["notice"]]]
        for value in shown:
            assert value in text, (paper_id, value)
