"""Page rendering: papers -> Markdown strings for MkDocs (paper pages, papers index, schema page).

Pure functions from ``Paper`` values (and ``schema.json``) to Markdown text; no file I/O.

Every text that comes from a record goes through ``inert()``: ASCII punctuation that could start
Markdown, HTML, or a pymdownx/mkdocs-material construct is written as a numeric character
reference, so that ``<script>``, ``[x](javascript:...)``, ``**bold**``, ``!!! note`` or ``|`` in a
title or an evidence text is shown as the literal characters, never interpreted. Addresses go
into ``href`` attributes through ``html.escape`` after the schema has restricted them to http(s).
"""

from __future__ import annotations

import html
import json
import re

from generator import model
from generator.model import Paper, effective_provenance
from generator.serialise import slug

_SPECIAL = re.compile(r"[\\`*_{}\[\]()<>#+\-!|~^=:&$@\"'%]")
_AS_REFERENCE = {character: f"&#{ord(character)};" for character in "\\`*_{}[]()<>#+-!|~^=:&$@\"'%"}
_TEX_SPECIAL = re.compile(r"[\\{}%&$#_^~]")
# A symbol beside each Yes/No/N/A, coloured by CSS; plain characters, not inline SVG icons, which
# would add ~3 KB to each of tens of thousands of pages.
_RESULT_ICONS = {
    "Yes": '<span class="result-yes" aria-hidden="true">✔</span>',
    "No": '<span class="result-no" aria-hidden="true">✘</span>',
    "N/A": '<span class="result-na" aria-hidden="true">–</span>',
}
# Everything but the title, the authors and the venue is left out of the browser's search index,
# which must stay small at tens of thousands of papers (Material skips elements with this attribute).
SEARCH_EXCLUDED_START = '<div markdown="1" data-search-exclude="true">'
SEARCH_EXCLUDED_END = "</div>"


def inert(text: str) -> str:
    """Text that Markdown, HTML and the site's extensions show literally, on one line."""
    escaped = _SPECIAL.sub(lambda match: _AS_REFERENCE[match.group()], text)
    return (
        " ".join(line.strip() for line in escaped.splitlines() if line.strip())
        if "\n" in escaped or "\r" in escaped
        else escaped
    )


def inert_multiline(text: str) -> str:
    """Like ``inert`` but keeps line breaks as ``<br>``, for table cells."""
    return "<br>".join(inert(line) for line in text.splitlines())


def link_attribute(url: str) -> str:
    return html.escape(url, quote=True)


def paper_path(paper_id: str) -> str:
    return f"papers/{paper_id}.md"


def venue_path(venue: str) -> str:
    return f"venues/{slug(venue) or 'venue'}.md"


def edition_path(venue: str, year: int) -> str:
    return f"venues/{slug(venue) or 'venue'}-{year}.md"


def score_text(paper: Paper) -> str:
    return f"{paper.documentation_score}/{model.max_documentation_score()}"


def reproducibility_text(score: float) -> str:
    return f"{score:.2f}"


def front_matter_title(title: str) -> str:
    """A ``title:`` front-matter line. Material for MkDocs prints ``page.meta.title`` into ``<title>``
    and the header without escaping it, so the title is HTML-escaped here, then quoted as a
    JSON string (which YAML reads as a double-quoted scalar)."""
    return f"title: {json.dumps(html.escape(' '.join(title.split())), ensure_ascii=False)}"


def bibtex(paper_id: str, record: dict) -> str:
    """A BibTeX entry for the paper; braces and TeX specials in fields are escaped."""

    def field(text: str) -> str:
        return _TEX_SPECIAL.sub(lambda match: "\\" + match.group(), " ".join(text.split()))

    links = record.get("links", {})
    url = next((links[kind] for kind in ("conference_pdf", "venue_pdf", "archive_pdf") if kind in links), None)
    entries = [
        ("title", "{" + field(record["title"]) + "}"),
        ("author", " and ".join(field(name) for name in record["authors"])),
        ("booktitle", field(record["venue"])),
        ("year", str(record["year"])),
    ]
    if url:
        entries.append(("url", field(url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in entries)
    return f"@inproceedings{{{paper_id},\n{body}\n}}"


def _tags(record: dict) -> list[str]:
    return [
        "tags:",
        f"  - {json.dumps(record['venue'])}",
        f'  - "{record["year"]}"',
        f"  - {json.dumps(record['variables']['researcher_affiliation']['result'])}",
    ]


def render_paper_page(
    paper: Paper, edit_url_base: str | None = None, runs: dict[str, dict] | None = None, record: dict | None = None
) -> str:
    """The paper's page. ``edit_url_base`` + ``<id>.yaml`` is where its record can be edited;
    ``runs`` holds the runs of runs/, whose facts the provenance block shows; ``record`` is the
    paper's record if the caller has unpacked it already."""
    record = paper.record if record is None else record
    lines = ["---", front_matter_title(record["title"]), *_tags(record), "---", "", f"# {inert(record['title'])}", ""]
    lines.append(f"**Authors:** {inert(', '.join(record['authors']))}  ")
    lines.append(f"**Venue:** {inert(record['venue'])} {record['year']}")
    lines += ["", SEARCH_EXCLUDED_START, ""]
    links = record.get("links", {})
    if links:
        buttons = [
            f'<a class="md-button" href="{link_attribute(links[kind])}" rel="nofollow noopener">'
            f"{html.escape(label)}</a>"
            for kind, label in model.link_labels().items()
            if kind in links
        ]
        lines += [" ".join(buttons), ""]
    actions = [f"[This paper's data (JSON)](../api/papers/{paper.id}.json)"]
    if edit_url_base:
        actions.append(f'<a href="{link_attribute(edit_url_base + paper.id + ".yaml")}">Edit this record</a>')
    else:
        actions.append(f"Record: `records/{paper.id}.yaml`")
    actions.append(f"[{inert(record['venue'])} {record['year']}](../{edition_path(record['venue'], record['year'])})")
    lines += [
        f'<span class="score-badge score-{paper.documentation_score}" title="Documentation score: '
        f'{paper.documentation_score} of {model.max_documentation_score()} variables answered Yes">'
        f"Documentation {score_text(paper)}</span> "
        f'<span class="score-badge" title="Reproducibility score (Gundersen et al., AAAI 2025)">'
        f"Reproducibility {reproducibility_text(paper.reproducibility_score)}</span>",
        "",
        " · ".join(actions),
        "",
        "| Variable | Result | Evidence |",
        "|---|---|---|",
    ]
    for variable in model.variables():
        assessment = record["variables"][variable.key]
        evidence = inert_multiline(assessment.get("evidence", "")) or "&mdash;"
        result = model.published_result(assessment)
        icon = _RESULT_ICONS.get(result)
        cell = f"{f'{icon} ' if icon else ''}{result}{_review_text(assessment)}"
        if assessment.get("reviewed", {}).get("note"):
            evidence += f"<br>*Reviewer's note:* {inert(assessment['reviewed']['note'])}"
        lines.append(f"| {variable.label} | {cell} | {evidence} |")
    lines += ["", SEARCH_EXCLUDED_END, ""]
    lines += _provenance_block(effective_provenance(record["provenance"], runs or {}))
    lines += [
        '<details class="quote" data-search-exclude="true">',
        "<summary>Cite this paper (BibTeX)</summary>",
        f"<pre><code>{html.escape(bibtex(paper.id, record))}</code></pre>",
        "</details>",
        "",
    ]
    return "\n".join(lines)


def _review_text(assessment: dict) -> str:
    """What a person's review says of the classifier's result, for the result cell."""
    reviewed = assessment.get("reviewed")
    if not reviewed:
        return ""
    by = inert(reviewed["by"])
    if reviewed["result"] == assessment["result"]:
        return f'<br><span class="review review-agreed">checked by a person ({by})</span>'
    return (
        f'<br><span class="review review-corrected">corrected by a person ({by}); '
        f"the language model said {assessment['result']}</span>"
    )


def _provenance_block(provenance: dict) -> list[str]:
    facts = []
    if provenance["method"] == "llm":
        facts.append(
            "Results classified by a language model"
            + (f" ({inert(provenance['model'])})" if "model" in provenance else "")
            + "."
        )
    else:
        facts.append("Results classified by a person.")
    if "run" in provenance:
        facts.append(
            f"Run: {inert(provenance['run'])} (its model, prompt and questions: "
            f'<a href="../../data/runs.json">runs.json</a>).'
        )
    for key, label in (("questions_version", "Questions version"), ("run_date", "Run date")):
        if key in provenance:
            facts.append(f"{label}: {inert(provenance[key])}.")
    if "source" in provenance:
        facts.append(
            f'Source: <a href="{link_attribute(provenance["source"])}">{html.escape(provenance["source"])}</a>.'
        )
    block = [
        '<div class="admonition info" data-search-exclude="true">',
        '<p class="admonition-title">Provenance</p>',
        f"<p>{' '.join(facts)}</p>",
    ]
    if "notice" in provenance:
        block.append(f"<p>{inert(provenance['notice'])}</p>")
    return [*block, "</div>", ""]


PAPERS_PER_INDEX_PAGE = 1000


def papers_index_path(page: int) -> str:
    return "papers/index.md" if page == 1 else f"papers-index/{page}.md"


def render_papers_index_pages(papers: list[Paper]) -> list[tuple[str, str]]:
    """The list of all papers, 1,000 to a page: ``papers/index.md``, then ``papers-index/2.md`` ..."""
    page_count = max(1, -(-len(papers) // PAPERS_PER_INDEX_PAGE))
    return [
        (papers_index_path(page), _papers_index_page(papers, page, page_count)) for page in range(1, page_count + 1)
    ]


def _relative(from_path: str, to_path: str) -> str:
    depth = from_path.count("/")
    return "../" * depth + to_path


def _papers_index_page(papers: list[Paper], page: int, page_count: int) -> str:
    here = papers_index_path(page)
    shown = papers[(page - 1) * PAPERS_PER_INDEX_PAGE : page * PAPERS_PER_INDEX_PAGE]
    first = (page - 1) * PAPERS_PER_INDEX_PAGE + 1
    lines = [
        "# Papers" if page == 1 else f"# Papers, page {page}",
        "",
        f"{len(papers)} papers, sorted by id; papers {first}–{first + len(shown) - 1} here. Documentation "
        f"score: Yes answers out of {model.max_documentation_score()}; reproducibility score: see "
        f"[the schema]({_relative(here, 'schema.md')}#scores). To filter and sort, "
        f"[browse]({_relative(here, 'browse.md')}).",
        "",
    ]
    if page_count > 1:
        links = [
            f"[{number}]({_relative(here, papers_index_path(number))})" if number != page else f"**{number}**"
            for number in range(1, page_count + 1)
        ]
        lines += ["Pages: " + " ".join(links), ""]
    lines += [
        SEARCH_EXCLUDED_START,
        "",
        "| Paper | Authors | Venue | Year | Documentation | Reproducibility |",
        "|---|---|---|---|---|---|",
    ]
    for paper in shown:
        shown_authors = paper.authors[0] + (" et al." if len(paper.authors) > 1 else "")
        lines.append(
            f"| [{inert(paper.title)}]({_relative(here, paper_path(paper.id))}) | {inert(shown_authors)} "
            f"| {inert(paper.venue)} | {paper.year} | {score_text(paper)} "
            f"| {reproducibility_text(paper.reproducibility_score)} |"
        )
    lines += ["", SEARCH_EXCLUDED_END, ""]
    return "\n".join(lines)


def render_schema_page(schema: dict) -> str:
    lines = [
        "# Schema and scores",
        "",
        inert(schema["description"]),
        "",
        "The machine-readable schema is [schema.json](data/schema.json) (JSON Schema draft 2020-12).",
        "",
        "## Scores",
        "",
        f"**Documentation score** (`k/{model.max_documentation_score()}`): the number of variables answered "
        "Yes among the seven Yes/No/N/A variables (Pseudocode, Open Source Code, Open Datasets, Dataset "
        "Splits, Hardware Specification, Software Dependencies, Experiment Setup). This is the documentation "
        "score of the AI Reproducibility Index (reproducibilityindex.ai).",
        "",
        "**Reproducibility score** (Gundersen et al., AAAI 2025, as used by the AI Reproducibility Index): "
        "how likely a paper is to be reproducible given what its authors share: "
        "**0.86** when both code and data are open, **0.33** when data is open but code is not, and **0** "
        "when data is not open.",
        "",
        "## Variables",
        "",
        render_variable_reference(),
        "## Fields",
        "",
        render_field_reference(schema),
    ]
    return "\n".join(lines)


def render_field_reference(schema: dict) -> str:
    """Every field of a record as a table, from ``schema.json``."""
    lines = ["| Field | Type | Required | Description |", "|---|---|---|---|"]
    lines += _field_rows(schema, schema, "")
    return "\n".join(lines) + "\n"


def render_variable_reference() -> str:
    """What each variable asks and which results it allows."""
    lines = ["| Key | Variable | Results | Question |", "|---|---|---|---|"]
    for variable in model.variables():
        results = ", ".join(f"`{result}`" for result in variable.results)
        lines.append(f"| `{variable.key}` | {variable.label} | {results} | {inert(variable.description)} |")
    return "\n".join(lines) + "\n"


def render_record_template() -> str:
    """A record to copy and fill in, as a fenced YAML block."""
    lines = [
        "```yaml",
        "# yaml-language-server: $schema=../schema.json",
        "id: surname-2024-firstword  # must equal the file name: records/surname-2024-firstword.yaml",
        "title: The Paper's Full Title",
        "authors:",
        "  - First Author",
        "  - Second Author",
        "venue: NeurIPS",
        "year: 2024",
        "links:  # optional; only addresses you know",
        "  archive_pdf: https://arxiv.org/pdf/2401.00001",
        "variables:",
    ]
    for variable in model.variables():
        lines += [f"  {variable.key}:", f"    result: {variable.results[0]}  # {' / '.join(variable.results)}"]
        lines.append("    evidence: The sentence from the paper that justifies the result.")
    lines += ["provenance:", "  method: manual  # or llm, with model, temperature, top_p, questions_version", "```"]
    return "\n".join(lines) + "\n"


GENERATED_SECTIONS = {
    "<!-- generated:record-template -->": render_record_template,
    "<!-- generated:variable-reference -->": render_variable_reference,
    "<!-- generated:field-reference -->": lambda: render_field_reference(model.load_schema()),
}


def fill_generated_sections(page: str) -> str:
    """Replace each ``<!-- generated:NAME -->`` line of a hand-written page with its generated Markdown."""
    for marker, render in GENERATED_SECTIONS.items():
        if marker in page:
            page = page.replace(marker, render().rstrip("\n"))
    return page


def _field_rows(schema: dict, node: dict, prefix: str) -> list[str]:
    rows = []
    required = set(node.get("required", []))
    for name, child in node.get("properties", {}).items():
        if prefix.startswith("variables.") and name == "result":
            continue
        resolved = model.resolve_ref(schema, child)
        field = f"{prefix}{name}"
        kind = resolved.get("type", "")
        kind = " or ".join(kind) if isinstance(kind, list) else kind
        if "enum" in resolved:
            kind = "one of " + ", ".join(f"`{value}`" for value in resolved["enum"])
        description = resolved.get("description", "")
        rows.append(f"| `{field}` | {kind} | {'yes' if name in required else 'no'} | {inert(description)} |")
        if field == "variables":
            first_key = model.variables()[0].key
            sample = model.resolve_ref(schema, resolved["properties"][first_key])
            rows += _field_rows(schema, sample, "variables.<variable>.")
        elif "properties" in resolved and resolved.get("type") == "object":
            rows += _field_rows(schema, resolved, f"{field}.")
    return rows


INDEX_NOTICE = (
    "The results are classified by a language model from the papers' text, as in the AI Reproducibility "
    "Index (reproducibilityindex.ai). LLM-based classification introduces uncertainty and potential bias: "
    "read every result as an estimate, and check the evidence quoted beside it."
)
