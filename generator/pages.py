"""Page rendering: papers -> Markdown strings for MkDocs (paper pages, papers index, schema page).

Pure functions from ``Paper`` values (and ``schema.json``) to Markdown text; no file I/O.

Record text never reaches Markdown as Markdown. Every part of a page that shows record text is a
raw HTML block the generator writes itself (a block-level element at the start of a line, with no
``markdown`` attribute), which Python-Markdown and its extensions pass through untouched; inside
it, text goes through ``html_text`` (escaped, line breaks as ``<br>``, so that no record text ever
starts a line, where a fence or a block could begin) and attributes through ``element``, which
escapes every value and accepts only http(s) addresses from records in ``href``. Links inside
those blocks are written as the site's final addresses (``href``), since MkDocs rewrites ``.md``
links only in Markdown. Front matter is written by ``front_matter`` as YAML double-quoted
scalars in printable ASCII, which every YAML parser reads back exactly.
"""

from __future__ import annotations

import functools
import html
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from generator import model, problems
from generator.model import Paper, effective_provenance
from generator.paths import (
    ACCURACY,
    CONTRIBUTING,
    SCHEMA,
    edition_path,
    edition_records_path,
    href,
    paper_path,
    papers_index_path,
    relative,
    run_path,
)


class Html(str):
    """Markup the generator wrote itself. Any other ``str`` is text, escaped where it meets HTML."""

    __slots__ = ()


_TEX_SPECIAL = re.compile(r"[\\{}%&$#_^~]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# C0 controls (Markdown's stash placeholders are STX ... ETX) are written as character references,
# which browsers show as the same characters and no Markdown stage looks into.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")
_WEB_ADDRESS = re.compile(r"https?://[^\s\x00-\x1f\x7f-\x9f<>\"'`\\]+\Z")
_SITE_PATH = re.compile(r"(?!/)[A-Za-z0-9._~/#-]+\Z")  # no scheme, not protocol-relative
_VOID = frozenset({"br"})
# The class of a Yes/No/N/A result's cell, whose symbol (✔ ✘ –) assets/extra.css draws before the
# word: a class on the cell, not a symbol in the HTML of each of tens of thousands of pages.
_RESULT_CLASSES = {"Yes": "result-yes", "No": "result-no", "N/A": "result-na"}


def html_text(text: str | Html) -> Html:
    """``text`` as HTML text: escaped, each line break a ``<br>``, control characters as references.
    ``Html`` is returned as it is."""
    if isinstance(text, Html):
        return text
    return Html("<br>".join(_LINE_BREAK.split(preformatted_text(text))))


def preformatted_text(text: str) -> Html:
    """``text`` as the content of a ``<pre>``: escaped, control characters as references."""
    return Html(_CONTROL.sub(lambda match: f"&#{ord(match.group())};", html.escape(text, quote=False)))


def one_line(text: str) -> str:
    """``text`` with every run of whitespace, line breaks included, folded to one space."""
    return " ".join(text.split())


def web_address(url: str) -> str | None:
    """``url`` if it is an absolute http(s) address with no space, control character, quote or
    angle bracket (what the schema allows a record's link), else None."""
    return url if _WEB_ADDRESS.match(url) else None


def element(tag: str, *content: str | Html, **attributes: str | None) -> Html:
    """``<tag attributes>content</tag>``; text content is escaped, every attribute value is escaped,
    attributes whose value is None are left out. Names are the generator's (``class_`` -> ``class``,
    ``data_x`` -> ``data-x``), never event handlers."""
    written = []
    for key, value in attributes.items():
        name = key.rstrip("_").replace("_", "-")
        if not _NAME.match(name) or name.startswith("on"):
            raise ValueError(f"not an attribute the generator writes: {name!r}")
        if value is not None:
            written.append(f' {name}="{html.escape(value, quote=True)}"')
    if not _NAME.match(tag):
        raise ValueError(f"not an element the generator writes: {tag!r}")
    opening = f"<{tag}{''.join(written)}>"
    if tag in _VOID:
        return Html(opening)
    return Html(f"{opening}{''.join(html_text(part) for part in content)}</{tag}>")


def link(text: str | Html, url: str, **attributes: str | None) -> Html:
    """A link to a page or file of the site (a path as ``href`` gives it) or to an http(s) address;
    any other address gives the text without a link."""
    if not (_SITE_PATH.match(url) or web_address(url)):
        return html_text(text)
    return element("a", text, href=url, **attributes)


def joined(separator: str | Html, parts: Iterable[str | Html]) -> Html:
    return Html(html_text(separator).join(html_text(part) for part in parts))


def html_table(header: Sequence[str | Html], rows: Iterable[Sequence[str | Html]]) -> Html:
    """A table as Markdown's ``tables`` extension writes it, one row a line (so Material styles it
    the same), every row starting with a tag."""
    lines = ["<table>", "<thead>", "<tr>" + "".join(element("th", cell) for cell in header) + "</tr>", "</thead>"]
    lines += ["<tbody>", *("<tr>" + "".join(element("td", cell) for cell in row) + "</tr>" for row in rows)]
    lines += ["</tbody>", "</table>"]
    return Html("\n".join(lines))


def search_excluded(*blocks: Html) -> Html:
    """Blocks left out of the browser's search index, which must stay small at tens of thousands
    of papers (Material skips elements with ``data-search-exclude``)."""
    return Html("\n".join(['<div data-search-exclude="true">', *blocks, "</div>"]))


def yaml_string(value: str) -> str:
    r"""``value`` as a YAML double-quoted scalar in printable ASCII: every other character as an
    escape (``\xXX``, ``\uXXXX``, ``\UXXXXXXXX``) that YAML 1.1 and 1.2 parsers read back exactly.
    (JSON's ``\u`` surrogate pairs are not: PyYAML reads them as two lone surrogates.)"""
    written = []
    for character in value:
        code = ord(character)
        if character in '"\\':
            written.append("\\" + character)
        elif 0x20 <= code < 0x7F:
            written.append(character)
        elif code <= 0xFF:
            written.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            written.append(f"\\u{code:04x}")
        else:
            written.append(f"\\U{code:08x}")
    return '"' + "".join(written) + '"'


def front_matter(
    title: str, tags: Sequence[str] = (), template: str | None = None, search_excluded: bool = False
) -> list[str]:
    """The ``---`` block of a page. Material prints ``page.meta.title`` and tag names into the HTML
    without escaping them, so they are HTML-escaped here; the title is folded to one line.
    ``template``: the theme template the page is rendered with (e.g. ``paper.html`` of overrides/);
    ``search_excluded``: left out of the theme's search index (papers are found by api/search/)."""
    lines = ["---", f"title: {yaml_string(html.escape(one_line(title), quote=True))}"]
    if template:
        lines.append(f"template: {yaml_string(template)}")
    if search_excluded:
        lines += ["search:", "  exclude: true"]
    if tags:
        lines += ["tags:", *(f"  - {yaml_string(html.escape(tag, quote=True))}" for tag in tags)]
    return [*lines, "---"]


def score_text(paper: Paper) -> str:
    return f"{paper.documentation_score}/{model.max_documentation_score()}"


def reproducibility_text(score: float) -> str:
    return f"{score:.2f}"


# Venues that are journals (BibTeX @article with journal=); every other venue is a conference or
# workshop (@inproceedings with booktitle=). Keyed by the venue as records write it, case-folded.
JOURNAL_VENUES = frozenset(
    {"jmlr", "tmlr", "jair", "tpami", "tacl", "mlj", "machine learning", "aij", "artificial intelligence", "dmlr"}
)


def is_journal(venue: str) -> bool:
    return one_line(venue).casefold() in JOURNAL_VENUES


def bibtex(paper_id: str, record: dict) -> str:
    """A BibTeX entry for the paper: ``@article`` with ``journal`` for a journal (``JOURNAL_VENUES``),
    else ``@inproceedings`` with ``booktitle``; ``url`` when a link is known. Braces and TeX
    specials in fields are escaped."""

    def field(text: str) -> str:
        return _TEX_SPECIAL.sub(lambda match: "\\" + match.group(), one_line(text))

    links = record.get("links", {})
    url = next(
        (links[kind] for kind in ("conference_pdf", "venue_pdf", "archive_pdf", "plain_text") if kind in links), None
    )
    journal = is_journal(record["venue"])
    entries = [
        ("title", "{" + field(record["title"]) + "}"),
        ("author", " and ".join(field(name) for name in record["authors"])),
        ("journal" if journal else "booktitle", field(record["venue"])),
        ("year", str(record["year"])),
    ]
    if url:
        entries.append(("url", field(url)))
    body = ",\n".join(f"{name} = {{{value}}}" for name, value in entries)  # unindented: bytes on every page
    return f"@{'article' if journal else 'inproceedings'}{{{paper_id},\n{body}\n}}"


@dataclass(frozen=True)
class AgreementNote:
    """How far people agreed with the classifier on one variable: the share of the ``papers`` they
    labelled on which their result was the classifier's, and Cohen's kappa."""

    share: float
    kappa: float
    papers: int

    @property
    def short(self) -> str:
        """What each classifier result of the variable carries: 'agreed 80%, κ 0.52'."""
        return f"agreed {self.share:.0%}, κ {self.kappa:.2f}"

    def legend(self, label: str) -> str:
        """What ``short`` means, said once on a page, with this variable's figures as the example."""
        noun = "paper" if self.papers == 1 else "papers"
        return (
            f"“{self.short}” beside {label}: people gave the language model's result on {self.share:.0%} of "
            f"the {self.papers} {noun} they labelled; κ, Cohen's kappa, is that agreement beyond chance (0 none, "
            "1 full). Every variable: "
        )


@dataclass(frozen=True)
class PaperSite:
    """What every paper page shows beyond its own record: where its record file is, where a
    correction is reported, and how far people agreed with the classifier on each variable."""

    record_url_base: str | None = None  # + "<id>.yaml": the record file's address (edit or view)
    correction_form: str | None = None  # the issue form's address; None: the page says how to send one
    agreement: Mapping[str, AgreementNote] = field(default_factory=dict)  # by variable key, those people labelled

    def correction_url(self, paper_id: str, variable: str | None = None) -> str | None:
        """The issue form, prefilled with the paper id (and the variable) as query parameters."""
        if not self.correction_form:
            return None
        query = {"template": "correction.yml", "title": f"Correction: {paper_id}", "paper": paper_id}
        if variable:
            query |= {"title": f"Correction: {paper_id}, {variable}", "variable": variable}
        return self.correction_form + "?" + urlencode(query)


def agreement_notes(papers: Iterable[Paper]) -> dict[str, AgreementNote]:
    """Variable key -> its ``AgreementNote``, for each variable people labelled (``Paper.reviews``).
    The point estimates of the Accuracy page (``statistics.agreements``), without its bootstrap
    intervals, which a note beside a result does not show and which would cost the build a second
    bootstrap."""
    pairs_by_variable: dict[str, list[tuple[str, str]]] = {variable.key: [] for variable in model.variables()}
    for paper in papers:
        for key, pair in paper.reviews.items():
            pairs_by_variable[key].append(pair)
    notes = {}
    for key, pairs in pairs_by_variable.items():
        if not pairs:
            continue
        count = len(pairs)
        observed = sum(said == person for said, person in pairs) / count
        said_counts, person_counts = Counter(said for said, _ in pairs), Counter(person for _, person in pairs)
        expected = sum(said_counts[result] * person_counts[result] for result in said_counts) / count**2
        kappa = 1.0 if expected == 1.0 else (observed - expected) / (1 - expected)
        notes[key] = AgreementNote(observed, kappa, count)
    return notes


def repository_issue_form(repo_url: str | None) -> str | None:
    """The new-issue address of a GitHub repository (``repo_url`` of mkdocs.yml), or None."""
    url = web_address(repo_url.rstrip("/")) if isinstance(repo_url, str) else None
    return f"{url}/issues/new" if url and url.startswith("https://github.com/") else None


PAPER_TEMPLATE = "paper.html"  # overrides/paper.html: a lean page of its own, not the theme's


def render_paper_page(
    paper: Paper,
    edit_url_base: str | None = None,
    runs: dict[str, dict] | None = None,
    record: dict | None = None,
    site: PaperSite | None = None,
    history: str | None = None,
) -> str:
    """The paper's page. ``edit_url_base`` + ``<id>.yaml`` is where its record can be edited
    (else ``site.record_url_base``); ``runs`` holds the runs of runs/, whose facts the provenance
    block shows; ``record`` is the paper's record if the caller has unpacked it already; ``site``
    what the page shows beyond the record; ``history`` the generator's own line of when the paper
    was added and last changed (``releases.render_paper_history``)."""
    record = paper.record if record is None else record
    site = site or PaperSite()
    edit_url_base = edit_url_base or site.record_url_base
    here = paper_path(paper.id)
    venue, year = one_line(record["venue"]), record["year"]
    byline = Html(
        element("strong", "Authors:")
        + " "
        + html_text(", ".join(one_line(name) for name in record["authors"]))
        + element("br")
        + element("strong", "Venue:")
        + html_text(f" {venue} {year}")
    )
    paper_links = _paper_links(record, here)
    record_file = f"records/{paper.id}.yaml"
    actions = [link(f"Records of {venue} {year} (JSON, gzip)", href(here, edition_records_path(record["venue"], year)))]
    if edit_url_base:
        actions.append(Html("Record: " + link(element("code", record_file), edit_url_base + paper.id + ".yaml")))
    else:
        actions.append(Html("Record: " + element("code", record_file)))
    actions.append(link(f"{venue} {year}", href(here, edition_path(record["venue"], year))))
    report_url = site.correction_url(paper.id)
    actions.append(
        link("Report a correction", report_url, rel="nofollow")
        if report_url
        else link("Report a correction (how)", href(here, CONTRIBUTING) + "#corrections")
    )
    # Each score links to what it means (the Schema and scores page), said once there rather than
    # in a tooltip on every page.
    scores_url = href(here, SCHEMA) + "#scores"
    badges = Html(
        link(f"Documentation {score_text(paper)}", scores_url, class_="score-badge")
        + " "
        + link(f"Reproducibility {reproducibility_text(paper.reproducibility_score)}", scores_url, class_="score-badge")
    )
    rows = []
    explained = None  # (label, note) of the least agreement beside a result: the legend's example
    for variable in model.variables():
        assessment = record["variables"][variable.key]
        evidence = html_text(assessment.get("evidence", "")) or Html("&mdash;")
        note = assessment.get("reviewed", {}).get("note")
        if note:
            evidence = Html(evidence + element("br") + element("em", "Reviewer's note:") + " " + html_text(note))
        if assessment.get("corrections"):
            evidence = Html(evidence + _corrections_details(assessment["corrections"]))
        result = model.published_result(assessment)
        trust = _trust_text(assessment, site.agreement.get(variable.key), here)
        if trust and (explained is None or site.agreement[variable.key].share < explained[1].share):
            explained = variable.label, site.agreement[variable.key]
        # the agreement last: a block of its own (assets/extra.css); a <br> after it would add an empty line
        result_cell = Html(html_text(result) + _review_text(assessment) + _corrections_text(assessment) + trust)
        variable_url = site.correction_url(paper.id, variable.key)
        label = variable.label
        if variable_url:
            label = Html(
                html_text(label)
                + element("br")
                + link("report a correction", variable_url, class_="correction-link", rel="nofollow")
            )
        rows.append((label, (result_cell, _RESULT_CLASSES.get(result)), evidence))
    excluded = [paper_links] if paper_links else []
    excluded += [element("p", badges), element("p", joined(" · ", actions))]
    if history:
        excluded.append(Html(history))
    excluded.append(_results_table(rows))
    if explained:
        label, note = explained
        excluded.append(
            element("p", Html(html_text(note.legend(label)) + link("Accuracy", href(here, ACCURACY))), class_="trust")
        )
    lines = [
        # no tags: a Tags page listing every paper three times is 29 MB at the Index's size, and the
        # venue and edition pages list the same papers; the lean template (overrides/paper.html); not
        # in the theme's one-file search index, which would grow with every paper: papers are found
        # by their own sharded index (api/search/, generator/api.py)
        *front_matter(record["title"], template=PAPER_TEMPLATE, search_excluded=True),
        "",
        element("h1", one_line(record["title"])),
        "",
        element("p", byline),
        "",
        search_excluded(*excluded),
        "",
        *_provenance_block(effective_provenance(record["provenance"], runs or {}), here, _run_linked(record)),
        '<details class="quote" data-search-exclude="true">',
        "<summary>Cite this paper (BibTeX)</summary>"
        + element("pre", element("code", preformatted_text(bibtex(paper.id, record)))),
        "</details>",
        "",
    ]
    return "\n".join(lines)


def _results_table(rows: Iterable[tuple[str | Html, tuple[Html, str | None], Html]]) -> Html:
    """The paper's results as ``html_table`` writes a table: variable, result (a cell with the
    result's class, if any) and evidence."""
    lines = ["<table>", "<thead>", "<tr><th>Variable</th><th>Result</th><th>Evidence</th></tr>", "</thead>", "<tbody>"]
    for label, (result, result_class), evidence in rows:
        cells = element("td", label) + element("td", result, class_=result_class) + element("td", evidence)
        lines.append(f"<tr>{cells}</tr>")
    return Html("\n".join([*lines, "</tbody>", "</table>"]))


def _run_linked(record: dict) -> bool:
    """Whether the links row links the page of the record's run (its LLM Run Details)."""
    return "llm_run" not in record.get("links", {}) and "run" in record.get("provenance", {})


def _paper_links(record: dict, here: str) -> Html | None:
    """'Conference PDF | Archive PDF | Plain Text | LLM Run Details' (those known, in that order):
    LLM Run Details is the record's ``llm_run`` link, else the page of its run. Addresses from the
    record are ``nofollow``; none opens a new window, so none needs ``noopener``."""
    links = dict(record.get("links", {}))
    if _run_linked(record):
        links["llm_run"] = href(here, run_path(record["provenance"]["run"]))
    shown = [
        link(label, links[kind], rel="nofollow" if web_address(links[kind]) else None)
        for kind, label in model.link_labels().items()
        if kind in links
    ]
    return element("p", joined(" | ", shown), class_="paper-links") if shown else None


def _trust_text(assessment: dict, agreement: AgreementNote | None, here: str) -> Html:
    """How far to trust a classifier's result: the variable's agreement with people in its short
    form (the legend under the table says it in words), linked to the Accuracy page; on a line of
    its own by the style sheet, not a ``<br>``. Nothing for a person's result (the review or
    correction line says so)."""
    if agreement is None or "reviewed" in assessment or model.accepted_correction(assessment) is not None:
        return Html("")
    # no class: 57,000 pages times nine notes; the stylesheet finds them as a result cell's link to Accuracy
    return Html(" " + link(agreement.short, href(here, ACCURACY)))


_ROLE = {"author": "an author", "reader": "a reader"}


def _corrections_text(assessment: dict) -> Html:
    """One short line per correction request, beside the result: open ones dispute it, the
    accepted one is the published result (the classifier's stays in the evidence), declined ones
    stay with the reason."""
    accepted = model.accepted_correction(assessment)
    parts = []
    for correction in assessment.get("corrections", ()):
        who = _ROLE.get(correction["role"], "someone")
        status = correction["status"]
        if status == "open":
            text = f"{who} disputes this result (asks for {correction['result']})"
        elif correction is accepted:
            by, said = one_line(correction["by"]), assessment["result"]
            text = f"corrected at the request of {who} ({by}); the language model said {said}"
        elif status == "accepted":
            text = f"an earlier correction to {correction['result']} was superseded"
        else:
            text = f"{who} asked for {correction['result']}; declined: {one_line(correction.get('reason', ''))}"
        parts.append(element("br") + element("span", text, class_=f"correction correction-{status}"))
    return Html("".join(parts))


def _corrections_details(corrections: list[dict]) -> Html:
    """Every request in full (who, when, claim, evidence, status, reason), folded."""
    items = []
    for correction in corrections:
        facts = [
            f"{one_line(correction['by'])} ({correction['role']}), {correction['date']}, "
            f"{correction['status']}: asks for {correction['result']}.",
            Html(element("em", "Claim:") + " " + html_text(correction["claim"])),
            Html(element("em", "Evidence:") + " " + html_text(correction["evidence"])),
        ]
        if correction.get("reason"):
            facts.append(Html(element("em", "Maintainers' reason:") + " " + html_text(correction["reason"])))
        items.append(element("li", joined(element("br"), facts)))
    noun = "request" if len(corrections) == 1 else "requests"
    summary = element("summary", f"{len(corrections)} correction {noun}")
    return Html(f'<details class="corrections">{summary}<ul>{"".join(items)}</ul></details>')


def _review_text(assessment: dict) -> Html:
    """What a person's review says of the classifier's result, for the result cell."""
    reviewed = assessment.get("reviewed")
    if not reviewed:
        return Html("")
    by = one_line(reviewed["by"])
    if reviewed["result"] == assessment["result"]:
        return Html(element("br") + element("span", f"checked by a person ({by})", class_="review review-agreed"))
    said = f"corrected by a person ({by}); the language model said {assessment['result']}"
    return Html(element("br") + element("span", said, class_="review review-corrected"))


def _provenance_block(provenance: dict, here: str, run_linked: bool = False) -> list[str]:
    """Who classified the results, with what and when. ``run_linked``: the links row above links
    the run's page already (LLM Run Details), so the run is not named again here."""
    facts: list[str | Html] = []
    if provenance["method"] == "llm":
        facts.append(
            "Results classified by a language model"
            + (f" ({one_line(provenance['model'])})" if "model" in provenance else "")
            + "."
        )
    else:
        facts.append("Results classified by a person.")
    if "run" in provenance and not run_linked:
        facts.append(
            Html(
                html_text("Run: ")
                + link(provenance["run"], href(here, run_path(provenance["run"])))
                + html_text(" (its model, settings, prompt and questions).")
            )
        )
    for key, label in (("questions_version", "Questions version"), ("run_date", "Run date")):
        if key in provenance:
            facts.append(f"{label}: {provenance[key]}.")
    if "source" in provenance:
        facts.append(Html("Source: " + link(provenance["source"], provenance["source"]) + "."))
    block = [
        '<div class="admonition info" data-search-exclude="true">',
        element("p", "Provenance", class_="admonition-title"),
        element("p", joined(" ", facts)),
    ]
    if "notice" in provenance:
        block += _notice(provenance["notice"], here)
    return [*block, "</div>", ""]


# The Index's notice ends "... described in [1]."; [1] is the Index's methodology paper.
NOTICE_REFERENCE = (
    "The Shift Toward Open and Reproducible AI Research (Coakley, Snelleman, Hoos, Gundersen): the AI "
    "Reproducibility Index's methods and its 160-paper validation set."
)


def _notice(notice: str, here: str) -> list[Html]:
    """The run's notice; its "[1]" resolved: a reference line below it, and this site's own
    measure of the same thing (the Accuracy page)."""
    paragraphs = [element("p", notice)]
    if "[1]" in notice:
        reference = Html(
            html_text(f"[1] {NOTICE_REFERENCE} This site's measured agreement with people: ")
            + link("Accuracy", href(here, ACCURACY))
            + "."
        )
        paragraphs.append(element("p", reference, class_="notice-reference"))
    return paragraphs


PAPERS_PER_INDEX_PAGE = 1000


def render_papers_index_pages(papers: list[Paper]) -> list[tuple[str, str]]:
    """The list of all papers, 1,000 to a page: ``papers/index.md``, then ``papers-index/2.md`` ..."""
    return [(path, render()) for path, _shown, render in papers_index_pages(papers)]


def papers_index_pages(papers: list[Paper]) -> list[tuple[str, list[Paper], Callable[[], str]]]:
    """Each page of the list of all papers, not yet rendered: (its path, the papers it shows, a
    function that renders it). A page shows its own papers, the number of papers and of pages, and
    nothing else (so a rebuild can keep the pages whose papers did not change)."""
    page_count = max(1, -(-len(papers) // PAPERS_PER_INDEX_PAGE))
    return [
        (
            papers_index_path(page),
            papers[(page - 1) * PAPERS_PER_INDEX_PAGE : page * PAPERS_PER_INDEX_PAGE],
            functools.partial(_papers_index_page, papers, page, page_count),
        )
        for page in range(1, page_count + 1)
    ]


def _papers_index_page(papers: list[Paper], page: int, page_count: int) -> str:
    here = papers_index_path(page)
    shown = papers[(page - 1) * PAPERS_PER_INDEX_PAGE : page * PAPERS_PER_INDEX_PAGE]
    first = (page - 1) * PAPERS_PER_INDEX_PAGE + 1
    lines = [
        "# Papers" if page == 1 else f"# Papers, page {page}",
        "",
        f"{len(papers)} papers, sorted by id; papers {first}–{first + len(shown) - 1} here. Documentation "
        f"score: Yes answers out of {model.max_documentation_score()}; reproducibility score: see "
        f"[the schema]({relative(here, 'schema.md')}#scores). To filter and sort, "
        f"[browse]({relative(here, 'browse.md')}).",
        "",
    ]
    if page_count > 1:
        links = [
            f"[{number}]({relative(here, papers_index_path(number))})" if number != page else f"**{number}**"
            for number in range(1, page_count + 1)
        ]
        lines += ["Pages: " + " ".join(links), ""]
    rows = [
        [
            link(one_line(paper.title), href(here, paper_path(paper.id))),
            one_line(paper.authors[0]) + (" et al." if len(paper.authors) > 1 else ""),
            one_line(paper.venue),
            str(paper.year),
            score_text(paper),
            reproducibility_text(paper.reproducibility_score),
        ]
        for paper in shown
    ]
    header = ["Paper", "Authors", "Venue", "Year", "Documentation", "Reproducibility"]
    lines += [search_excluded(html_table(header, rows)), ""]
    return "\n".join(lines)


def render_schema_page(schema: dict) -> str:
    lines = [
        "# Schema and scores",
        "",
        element("p", schema["description"]),
        "",
        "The machine-readable schema is [schema.json](data/schema.json) (JSON Schema draft 2020-12).",
        "",
        "## Scores",
        "",
        f"**Documentation score** (`k/{model.max_documentation_score()}`): the number of variables answered "
        f"Yes among the {model.number_word(model.max_documentation_score())} Yes/No/N/A variables "
        f"({', '.join(variable.label for variable in model.yes_no_variables())}). This is the documentation "
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
    return html_table(["Field", "Type", "Required", "Description"], _field_rows(schema, schema, "")) + "\n"


def render_variable_reference() -> str:
    """What each variable asks and which results it allows."""
    rows = [
        [
            element("code", variable.key),
            variable.label,
            joined(", ", (element("code", result) for result in variable.results)),
            variable.description,
        ]
        for variable in model.variables()
    ]
    return html_table(["Key", "Variable", "Results", "Question"], rows) + "\n"


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
    "<!-- generated:problem-codes -->": problems.render_code_table,
}


def fill_generated_sections(page: str) -> str:
    """Replace each ``<!-- generated:NAME -->`` line of a hand-written page with its generated Markdown."""
    for marker, render in GENERATED_SECTIONS.items():
        if marker in page:
            page = page.replace(marker, render().rstrip("\n"))
    return page


def _field_rows(schema: dict, node: dict, prefix: str) -> list[list[str | Html]]:
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
            kind = Html("one of " + joined(", ", (element("code", str(value)) for value in resolved["enum"])))
        description = resolved.get("description", "")
        rows.append([element("code", field), kind, "yes" if name in required else "no", description])
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
