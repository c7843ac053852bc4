"""Overview pages: papers -> Markdown for home, browse, venues, editions, statistics, runs and downloads.

Pure functions from ``Paper`` values (and the measures of ``statistics``) to Markdown strings.
Every measure is the Index's (``statistics.edition_measures``), defined on the Methods page
(``paths.METHODS``); an interval is shown only from ``statistics.MIN_PAPERS_FOR_INTERVAL``
empirical papers, and the page says so where it is withheld. Charts come from ``charts`` as
inline SVG, with their numbers one click away in a ``<details>`` block. Data pages (venues,
editions, statistics, downloads, runs) hide the table of contents so tables get the page's width;
wide tables scroll inside a ``.scroll-x`` box, which shows a scroll cue.

Record text (venues, titles, authors, runs' prompts) appears only inside raw HTML blocks built
with the helpers of ``pages`` (``element``, ``link``, ``html_table``), never as Markdown.
"""

from __future__ import annotations

from generator import charts, model, package, paths, statistics
from generator.model import Paper
from generator.pages import (
    INDEX_NOTICE,
    Html,
    element,
    front_matter,
    html_table,
    html_text,
    link,
    one_line,
    preformatted_text,
    search_excluded,
)
from generator.paths import edition_path, edition_records_path, href, paper_path, venue_path
from generator.serialise import slug
from generator.statistics import EditionMeasures, Estimate, ReproducibilityEstimate

MIN_N = statistics.MIN_PAPERS_FOR_INTERVAL
MEASURE_COLUMNS = (
    "Papers",
    "Empirical",
    "Industry",
    "Documentation score (mean)",
    "Median",
    *(label for label, _ in statistics.DOCUMENTATION_SUBGROUPS),
    "Reproducibility estimate",
)
# The matrix's cells: a symbol per result, read aloud by its Unicode name ("check mark", "ballot
# x"); the table's caption says what each means. One character keeps a 5,000-paper edition's page
# under 1 MB.
MATRIX_SYMBOLS = {model.YES: "✓", "No": "✗", model.NOT_APPLICABLE: "–"}


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def number(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def estimate_text(estimate: Estimate, *, as_percent: bool = False, digits: int = 2) -> str:
    """``3.60 [2.80, 4.40]``: the mean and its 95% interval; the mean alone when the interval is
    withheld (too few papers: the page says why), ``–`` without papers."""
    if estimate.mean is None:
        return "–"
    show = percent if as_percent else lambda value: number(value, digits)
    if estimate.low is None or estimate.high is None:
        return show(estimate.mean)
    return f"{show(estimate.mean)} [{show(estimate.low)}, {show(estimate.high)}]"


def reproducibility_text(estimate: ReproducibilityEstimate) -> str:
    return estimate_text(Estimate(estimate.estimate, estimate.low, estimate.high, estimate.n))


def subgroup_text(subgroup: statistics.SubgroupMean) -> str:
    text = estimate_text(subgroup.mean)
    return text if text == "–" else f"{text} of {subgroup.maximum}"


def withheld_note(empirical: int) -> str:
    """Why a group's figures have no interval, or ``""`` when they have one (or no papers)."""
    if 0 < empirical < MIN_N:
        return (
            f"No interval: {empirical} empirical paper{'s' if empirical != 1 else ''}, fewer than {MIN_N}. "
            "A bootstrap over so few papers looks more certain than it is."
        )
    return ""


def measure_cells(measures: EditionMeasures) -> list[str]:
    """The cells of ``MEASURE_COLUMNS`` for one group."""
    return [
        str(measures.papers),
        percent(measures.share_empirical),
        percent(measures.share_industry),
        estimate_text(measures.documentation),
        number(measures.median_documentation, 1),
        *(subgroup_text(subgroup) for subgroup in measures.subgroups),
        reproducibility_text(measures.reproducibility),
    ]


def _front(title: str, *, wide: bool = False) -> list[str]:
    """The page's front matter; ``wide`` hides the table of contents so tables get its width."""
    lines = front_matter(title)
    return [*lines[:-1], "hide:", "  - toc", "---"] if wide else lines


def _scroll(block: Html) -> Html:
    """``block`` in a box that scrolls sideways when it is wider than the page (with a cue)."""
    return Html(f'<div class="scroll-x">\n{block}\n</div>')


def _table(header: list[str], rows: list[list[str | Html]]) -> list[str]:
    return [_scroll(html_table(header, rows)), ""]


def _chart(svg: str, summary: str, header: list[str], rows: list[list[str | Html]], note: str = "") -> list[str]:
    """A chart, a note under it (e.g. the years without papers) and its numbers in a closed
    ``<details>``, all left out of the search index."""
    details = Html(f"<details><summary>{html_text(summary)}</summary>\n{_scroll(html_table(header, rows))}\n</details>")
    blocks = [Html(f'<div class="chart-box scroll-x">{svg}</div>')]
    if note:
        blocks.append(element("p", note, class_="chart-note"))
    return [search_excluded(*blocks, details), ""]


def _methods_link(from_page: str, anchor: str = "") -> str:
    return href(from_page, paths.METHODS) + (f"#{anchor}" if anchor else "")


def measures_note(from_page: str) -> str:
    return (
        "The Index's measures, over empirical papers (research type Experimental) only; the paper count "
        "and the share of empirical papers are over all papers. "
        f"Brackets give 95% intervals, shown only from {MIN_N} empirical papers: below that a "
        f"bootstrap looks more certain than it is. Every measure is defined on the "
        f'<a href="{_methods_link(from_page)}">Methods</a> page.'
    )


def missing_years_note(series: tuple[statistics.YearSeries, ...]) -> str:
    """Names the years a line breaks at (no empirical papers), per series."""
    gaps = [
        f"{one_line(line.label)}: {', '.join(map(str, line.missing_years))}" for line in series if line.missing_years
    ]
    if not gaps:
        return ""
    return "No empirical papers (the line breaks there) in " + "; ".join(gaps) + "."


def score_histogram_chart(papers: list[Paper], chart_id: str) -> list[str]:
    histogram = statistics.score_histogram(papers)
    maximum = max(histogram.counts, default=0) or 1
    labels = [f"{score}/{histogram.maximum}" for score in range(histogram.maximum + 1)]
    svg = charts.horizontal_bars(
        f"Empirical papers by documentation score ({histogram.n} papers)",
        [(label, float(count)) for label, count in zip(labels, histogram.counts, strict=True)],
        chart_id=chart_id,
        maximum=maximum,
        axis_label="empirical papers",
        value_text=lambda value: f"{value:.0f}",
        ticks=(0, 1),  # counts: the ends only, no half paper
    )
    rows = [[label, str(count)] for label, count in zip(labels, histogram.counts, strict=True)]
    return _chart(svg, "The numbers", ["Documentation score", "Empirical papers"], rows)


def sharing_classes_chart(papers: list[Paper], chart_id: str) -> list[str]:
    """The pipeline paper's headline figure: per year, the shares of empirical papers sharing code
    and data, data only, and neither; a year without papers inside the range says so."""
    series = statistics.sharing_class_shares_by_year(papers)
    by_year = {point.year: [] for point in series[0].points} if series else {}
    for line in series:
        for point in line.points:
            by_year[point.year].append(point.value)
    counts = {point.year: point.n for point in series[0].points} if series else {}
    years = range(min(by_year), max(by_year) + 1) if by_year else range(0)
    labels = [label for label, _ in zip(statistics.SHARING_CLASSES, series, strict=True)]
    svg = charts.stacked_bars(
        "Share of empirical papers by what they share, per year",
        [(str(year), by_year.get(year)) for year in years],
        labels,
        chart_id=chart_id,
        axis_label="share of the year's empirical papers",
    )
    rows = [
        [str(year), str(counts[year]), *(percent(share) for share in by_year[year])]
        for year in years
        if year in by_year
    ]
    return _chart(svg, "The numbers", ["Year", "Empirical papers", *labels], rows)


def reproducibility_chart(papers: list[Paper], chart_id: str, title: str) -> list[str]:
    """The reproducibility estimate per venue over years, with its interval where there is one."""
    series = tuple(line for line in statistics.reproducibility_by_venue_year(papers) if line.points)
    svg = charts.year_lines(
        title,
        series,
        chart_id=chart_id,
        maximum=1.0,
        y_label="reproducibility estimate",
        value_text=lambda value: f"{value:.1f}",
    )
    rows = [
        [
            one_line(line.label),
            str(point.year),
            str(point.n),
            estimate_text(Estimate(point.value, point.low, point.high, point.n)),
        ]
        for line in series
        for point in line.points
    ]
    return _chart(
        svg, "The numbers", ["Venue", "Year", "Empirical papers", "Estimate"], rows, missing_years_note(series)
    )


def render_home_page(papers: list[Paper]) -> str:
    venues = sorted({statistics.venue_of(paper) for paper in papers})
    years = sorted({statistics.year_of(paper) for paper in papers})
    span = f"{years[0]}–{years[-1]}" if years else "no years yet"
    overall = statistics.edition_measures(papers)
    withheld = withheld_note(overall.empirical)
    lines = [
        "---",
        "title: Home",
        "---",
        "",
        "# Reproducibility reports",
        "",
        element(
            "p",
            "How reproducible are machine-learning papers? This dataset holds ",
            element("strong", f"{len(papers)} papers"),
            f" from {len(venues)} venues ({', '.join(one_line(venue) for venue in venues) or 'none yet'}; {span}), "
            f"each assessed on {model.number_word(len(model.variables()))} reproducibility variables, with the "
            "evidence for every result.",
        ),
        "",
        '!!! warning "Results are estimates"',
        "",
        f"    {INDEX_NOTICE}",
        "",
        f"Over the {overall.empirical} empirical papers: mean documentation score "
        f"**{estimate_text(overall.documentation)}** of {model.max_documentation_score()}; "
        f"reproducibility estimate **{reproducibility_text(overall.reproducibility)}** "
        f"({withheld or '95% intervals in brackets'}; see [Methods]({paths.METHODS})).",
        "",
        f"[Browse and filter the papers]({paths.BROWSE}){{ .md-button .md-button--primary }} "
        f"[Venues and editions]({paths.VENUES_INDEX}){{ .md-button }} [Statistics]({paths.STATISTICS}){{ .md-button }} "
        f"[Download the data]({paths.DOWNLOADS}){{ .md-button }}",
        "",
        "## What papers share",
        "",
        "Code and data shared, data only, or neither: what the reproducibility estimate weighs. More charts "
        f"are on the [Statistics]({paths.STATISTICS}) page.",
        "",
        *sharing_classes_chart(papers, "home-sharing"),
        "## Documentation scores",
        "",
        *score_histogram_chart(papers, "home-scores"),
    ]
    return "\n".join(lines)


def render_browse_page() -> str:
    return "\n".join(
        [
            "---",
            "title: Browse",
            "search:",
            "  exclude: true",
            "---",
            "",
            "# Browse the papers",
            "",
            "Filter by venue, year, research type, affiliation, score and each variable, or type words of a "
            "title or any author's name; click a column heading to sort. The filters are kept in the address, "
            "so a filtered view can be shared. The first view loads only its own rows; filtering loads the "
            "papers of the venue-years it needs. The table needs the site served over HTTP (`python -m nox -s "
            "serve`), not opened as a file.",
            "",
            f'<div id="browse" data-source="{href(paths.BROWSE, paths.API_BROWSE)}">'
            "<noscript>This table needs JavaScript; "
            f'the <a href="{href(paths.BROWSE, paths.papers_index_path(1))}">list of all papers</a> does not.'
            "</noscript></div>",
            "",
        ]
    )


def render_venues_index(papers: list[Paper]) -> str:
    here = paths.VENUES_INDEX
    rows = []
    for venue, venue_papers in statistics.group_by(papers, statistics.venue_of).items():
        years = sorted({statistics.year_of(paper) for paper in venue_papers})
        name = link(one_line(venue), href(here, venue_path(venue)))
        span = str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
        rows.append([name, span, *measure_cells(statistics.edition_measures(venue_papers))])
    lines = [
        *_front("Venues", wide=True),
        "",
        "# Venues",
        "",
        Html(element("p", Html(measures_note(here)))),
        "",
        *_table(["Venue", "Years", *MEASURE_COLUMNS], rows),
    ]
    return "\n".join(lines)


def render_venue_page(venue: str, venue_papers: list[Paper], edition_measures: dict[int, EditionMeasures]) -> str:
    """The venue's page; ``edition_measures`` holds ``statistics.edition_measures`` of each year's papers."""
    here = venue_path(venue)
    rows = [
        [link(str(year), href(here, edition_path(venue, year))), *measure_cells(measures)]
        for year, measures in sorted(edition_measures.items())
    ]
    lines = [
        *_front(venue, wide=True),
        "",
        element("h1", one_line(venue)),
        "",
        f"{len(venue_papers)} papers in {len(edition_measures)} editions.",
        "",
        search_excluded(element("p", Html(measures_note(here)))),
        "",
        *_table(["Edition", *MEASURE_COLUMNS], rows),
        "## Reproducibility estimate by year",
        "",
        *reproducibility_chart(
            venue_papers, f"trend-{slug(venue)}", f"{one_line(venue)}: reproducibility estimate by year"
        ),
    ]
    return "\n".join(lines)


def edition_matrix(here: str, edition_papers: list[Paper]) -> Html:
    """The edition's papers x the Yes/No variables, a symbol per result, with a Total column.

    Written small (end tags of cells left out, as HTML allows; a row's end tag is kept, without which
    the page's minifier loses the end tags after the table): a 5,000-paper edition's page stays
    under 1 MB. ``assets/matrix.js`` adds the sort buttons and the title filter; without
    it, the table reads the same, in the order of the papers' ids."""
    variables = model.yes_no_variables()
    header = "".join(f"<th>{html_text(variable.label)}" for variable in variables)
    rows = []
    for paper in sorted(edition_papers, key=lambda paper: paper.id):
        cells = "".join(f"<td>{MATRIX_SYMBOLS[paper.results[variable.key]]}" for variable in variables)
        title = link(one_line(paper.title), href(here, paper_path(paper.id)))
        rows.append(f"<tr><td>{title}{cells}<td>{paper.documentation_score}</tr>")
    legend = (
        "Each paper's result per variable; Total is its documentation score, the number of Yes. "
        "Select a column's heading to sort by it."
    )
    return Html(
        "\n".join(
            [
                element("p", legend),
                "",  # the table a block of its own, which hooks/raw_blocks.py passes around Markdown
                '<div class="scroll-x" data-search-exclude="true">',
                '<table class="edition-matrix">',
                "<caption>✓ Yes · ✗ No · – N/A (does not apply)</caption>",
                f"<thead><tr><th>Title{header}<th>Total</tr></thead>",
                "<tbody>",
                *rows,
                "</tbody>",
                "</table>",
                "</div>",
            ]
        )
    )


def render_edition_page(venue: str, year: int, edition_papers: list[Paper], measures: EditionMeasures) -> str:
    here = edition_path(venue, year)
    reproducibility = measures.reproducibility
    measure_rows = [
        ["Papers", str(measures.papers)],
        ["Empirical papers", f"{measures.empirical} ({percent(measures.share_empirical)})"],
        ["Empirical papers with an industry author", percent(measures.share_industry)],
        [f"Documentation score (mean, of {model.max_documentation_score()})", estimate_text(measures.documentation)],
        ["Documentation score (median)", number(measures.median_documentation, 1)],
        *([subgroup.label + " (mean)", subgroup_text(subgroup)] for subgroup in measures.subgroups),
        ["Reproducibility estimate", reproducibility_text(reproducibility)],
    ]
    note = withheld_note(measures.empirical)
    lines = [
        *_front(f"{venue} {year}", wide=True),
        "",
        element("h1", f"{one_line(venue)} {year}"),
        "",
        element(
            "p",
            link(f"All {one_line(venue)} editions", href(here, venue_path(venue))),
            " · ",
            link(f"Records of {one_line(venue)} {year} (JSON, gzip)", href(here, edition_records_path(venue, year))),
        ),
        "",
        # The note and the figures repeat on every edition page: left out of the search index, which
        # must stay small (the venue's name and year are in the title).
        search_excluded(
            element("p", Html(measures_note(here))),
            html_table(["Measure", "Value"], measure_rows),
            *([element("p", note, class_="withheld")] if note else []),
        ),
        "",
        "## Documentation scores",
        "",
        *score_histogram_chart(edition_papers, f"scores-{slug(venue)}-{year}"),
        "## Papers",
        "",
        edition_matrix(here, edition_papers),
        "",
        f'<script src="{href(here, paths.MATRIX_SCRIPT)}" defer></script>',
        "",
    ]
    return "\n".join(lines)


def yes_share_heat_table(papers: list[Paper]) -> Html:
    """Yes share per variable per venue, as a table whose cells are shaded by the share (a chart
    with its numbers in it, legible at any width)."""
    variables = model.yes_no_variables()
    header = "".join(f"<th>{html_text(variable.label)}" for variable in variables)
    rows = []
    for item in statistics.documented_shares_by_venue(papers):
        cells = "".join(
            f'<td style="--share: {share:.2f}">{percent(share)}</td>' if share is not None else "<td>–</td>"
            for share in (item.shares[variable.key] for variable in variables)
        )
        rows.append(f"<tr><th>{html_text(one_line(item.venue))}</th><td>{item.empirical}</td>{cells}</tr>")
    return Html(
        "\n".join(
            [
                '<div class="scroll-x">',
                '<table class="heat-table">',
                f"<thead><tr><th>Venue</th><th>Empirical papers</th>{header.replace('<th>', '<th>')}</tr></thead>",
                "<tbody>",
                *rows,
                "</tbody>",
                "</table>",
                "</div>",
            ]
        )
    )


def affiliation_chart(papers: list[Paper], chart_id: str) -> list[str]:
    measures = statistics.by_affiliation(papers)
    svg = charts.horizontal_bars(
        "Mean documentation score of empirical papers, by researcher affiliation",
        [(f"{item.affiliation} ({item.empirical})", item.documentation.mean) for item in measures],
        chart_id=chart_id,
        maximum=model.max_documentation_score(),
        axis_label="mean documentation score (empirical papers in brackets)",
        value_text=lambda value: f"{value:.1f}",
    )
    rows = [
        [
            item.affiliation,
            str(item.empirical),
            estimate_text(item.documentation),
            estimate_text(item.code, as_percent=True),
        ]
        for item in measures
    ]
    header = ["Affiliation", "Empirical papers", "Documentation score (mean)", "Share with open source code"]
    return _chart(svg, "The numbers", header, rows)


def render_statistics_page(papers: list[Paper]) -> str:
    here = paths.STATISTICS
    lines = [
        *_front("Statistics", wide=True),
        "",
        "# Statistics",
        "",
        element("p", Html(measures_note(here))),
        "",
        "## Reproducibility estimate by venue and year",
        "",
        *reproducibility_chart(papers, "stats-reproducibility", "Reproducibility estimate by venue and year"),
        "## What papers share, by year",
        "",
        *sharing_classes_chart(papers, "stats-sharing"),
        "## Academia and industry",
        "",
        "Industry counts papers whose authors all work in industry; Collaboration, papers with authors from both.",
        "",
        *affiliation_chart(papers, "stats-affiliation"),
        "## Yes per variable and venue",
        "",
        "The share of each venue's empirical papers answered Yes (N/A counts as not Yes, as in the "
        "documentation score); the darker the cell, the higher the share.",
        "",
        yes_share_heat_table(papers),
        "",
        "## Documentation scores",
        "",
        *score_histogram_chart(papers, "stats-scores"),
    ]
    return "\n".join(lines)


RUN_FIELDS = (
    ("method", "Method"),
    ("model", "Model"),
    ("temperature", "Temperature"),
    ("top_p", "Top p"),
    ("run_date", "Date"),
    ("questions_version", "Questions version"),
)


def _run_value(run: dict, key: str) -> str:
    if key not in run:
        return "not recorded"
    value = run[key]
    return "the provider's default" if value is None else str(value)


def render_run_page(run: dict) -> str:
    """One classifier run (``runs/<id>.yaml``): its settings, its prompt and every question."""
    here = paths.run_path(run["id"])
    rows = [[label, _run_value(run, key)] for key, label in RUN_FIELDS]
    if "source" in run:
        rows.append(["Source", link(run["source"], run["source"])])
    lines = [
        *_front(f"Run {run['id']}", wide=True),
        "",
        element("h1", f"Run {run['id']}"),
        "",
        element("p", link("All runs", href(here, paths.RUNS_INDEX)), "."),
        "",
        html_table(["Setting", "Value"], rows),
        "",
    ]
    if "notice" in run:
        lines += [element("p", element("strong", "Notice: "), run["notice"]), ""]
    for key, heading in (("prompt", "Prompt"), ("questions", "Questions")):
        lines += [f"## {heading}", ""]
        if run.get(key):
            lines += [search_excluded(element("pre", element("code", preformatted_text(run[key])))), ""]
        else:
            lines += [f"This run's record holds no {heading.lower()}.", ""]
    return "\n".join(lines)


def render_runs_index(runs_by_id: dict[str, dict]) -> str:
    here = paths.RUNS_INDEX
    rows = [
        [
            link(run_id, href(here, paths.run_path(run_id))),
            _run_value(run, "model"),
            _run_value(run, "run_date"),
        ]
        for run_id, run in sorted(runs_by_id.items())
    ]
    lines = [
        *_front("Classifier runs", wide=True),
        "",
        "# Classifier runs",
        "",
        "A run is one pass of a classifier over many papers: its model, settings, prompt and questions. "
        "Each paper's page names the run that classified it.",
        "",
    ]
    if not rows:
        lines += [
            "No run is recorded yet. Runs are the files `runs/<id>.yaml` beside `records/`; "
            "`python -m generator import` writes one for each pipeline output it imports.",
            "",
        ]
    else:
        lines += _table(["Run", "Model", "Date"], rows)
    return "\n".join(lines)


DOWNLOAD_DESCRIPTIONS = {
    "datapackage.json": "Frictionless data package descriptor: the files, their columns, types and keys",
    "papers.csv": "one row per paper: bibliographic fields, both scores and the "
    f"{model.number_word(len(model.variables()))} results",
    package.ASSESSMENTS_CSV: "one row per paper and variable: the published result, the classifier's and who "
    "reviewed it (gzip-compressed; the evidence is in the records)",
    "schema.json": "JSON Schema (draft 2020-12) of one record",
    "accuracy.csv": "agreement of the language model with people, per variable, over reviewed papers",
    "runs.json": "the classifier runs the records refer to: model, settings, prompt, questions",
}
# Files that hold nothing until something fills them: left out of the table while empty.
FILLED_BY = {
    "accuracy.csv": "a person's review of a result in a record (`reviewed:` under a variable)",
    "runs.json": "a run file `runs/<id>.yaml` (written by `python -m generator import`)",
}


def _is_empty(name: str, size: int, table_rows: int | None, papers_reviewed: int, runs: int) -> bool:
    return (name == "accuracy.csv" and not papers_reviewed) or (name == "runs.json" and not runs)


def _is_edition_records(name: str) -> bool:
    return name.startswith(paths.EDITION_RECORDS_DIR + "/")


def _per_edition(path: str) -> Html:
    """A venue-year's file, named as a pattern: ``venue-0`` (the venue ``venue``, year 0) shown as
    ``<venue>-<year>``."""
    return element("code", path.replace("venue-0", "<venue>-<year>"))


def _edition_records_row(sizes: list[int]) -> list:
    """The Downloads table's row of the editions' records: a file per venue-year, one row for all."""
    count = len(sizes)
    return [
        _per_edition(paths.edition_records_name("venue", 0)),
        f"the full records of one venue-year, exactly as validated, as one JSON array (gzip-compressed); "
        f"{count:,} {'file' if count == 1 else 'files'}, one per venue-year, each linked from its venue-year's "
        "page and its papers' pages",
        f"{sum(sizes):,} bytes{' in all' if count > 1 else ''}",
        "–",
    ]


def data_dictionary(descriptor: dict) -> list[str]:
    """Every column of every table of the data package, from its descriptor (one source)."""
    lines = []
    for resource in descriptor["resources"]:
        schema = resource.get("schema")
        if not schema:
            continue
        missing = schema.get("missingValues", [""])
        missing_text = ", ".join(f"`{value}`" if value else "an empty cell" for value in missing)
        rows = []
        for field in schema["fields"]:
            constraints = field.get("constraints", {})
            codes = ", ".join(constraints.get("enum", [])) or "–"
            description = field.get("description", "")
            if field.get("title"):
                description = f"{field['title']}: {description}"
            rows.append(
                [
                    element("code", field["name"]),
                    field["type"],
                    "yes" if constraints.get("required") else "no",
                    codes,
                    description,
                ]
            )
        lines += [
            element("h3", resource["path"], id=f"dictionary-{slug(resource['name'])}"),
            "",
            element("p", f"{resource.get('description', '')} A missing value is written as {missing_text}."),
            "",
            *_table(["Column", "Type", "Required", "Codes", "Meaning"], rows),
        ]
    return lines


def _table_variable(name: str) -> str:
    """The Python name the Downloads page's example gives a table: ``assessments`` for ``assessments.csv.gz``."""
    return slug(name.split(".")[0]).replace("-", "_")


def render_downloads_page(
    files: list[tuple[str, int, int | None]], descriptor: dict, papers_reviewed: int = 0, runs: int = 0
) -> str:
    """The downloads page; ``files`` holds each data file's (name, size in bytes, rows of a table or
    None), ``descriptor`` the package's ``datapackage.json`` (the data dictionary comes from it).
    ``accuracy.csv`` without reviewed papers and ``runs.json`` without runs are empty: they are
    left out of the table, and the page says what would fill them."""
    rows, empty = [], []
    records_sizes = [size for name, size, _ in files if _is_edition_records(name)]
    for name, size, table_rows in files:
        if _is_edition_records(name):
            if records_sizes:  # one row for all of them, where the first one is
                rows.append(_edition_records_row(records_sizes))
                records_sizes = []
            continue
        if _is_empty(name, size, table_rows, papers_reviewed, runs):
            empty.append(name)
            continue
        row_count = "–" if table_rows is None else f"{table_rows:,}"
        data_file = link(name, href(paths.DOWNLOADS, paths.data_path(name)))
        rows.append([data_file, DOWNLOAD_DESCRIPTIONS.get(name, ""), f"{size:,} bytes", row_count])
    csv_files = [name for name, _, _ in files if name.endswith((".csv", ".csv.gz")) and name not in empty]
    assessments = _table_variable(package.ASSESSMENTS_CSV)
    lines = [
        *_front("Downloads", wide=True),
        "",
        "# Downloads",
        "",
        "The dataset is a [Frictionless data package](https://datapackage.org): CSV tables described by "
        "`datapackage.json` (column types, primary and foreign keys), plus the full records as JSON, one "
        f"file per venue-year (`{paths.edition_records_name('venue', 0).replace('venue-0', '<venue>-<year>')}`, "
        "a resource of its own in `datapackage.json`), which are also the records of the "
        "[JSON API](#the-json-api) below: the records are published once. The evidence of each result is in "
        "the records (each variable's `evidence`) and on the paper's page, not in the tables. These files and "
        f"`{package.ASSESSMENTS_CSV}` are gzip-compressed: pandas, "
        "Frictionless, Python's `gzip` module and `gunzip` read them as they are "
        f"(`{package.ASSESSMENTS_CSV}` is a series of gzip members, one per group of papers, so that a "
        "rebuild rewrites few bytes; gzip readers see one stream).",
        "",
        *_table(["File", "What it holds", "Size", "Rows"], rows),
        "Rows are the rows of a CSV table, a line each.",
        "",
    ]
    for name in empty:
        lines += [f"`{name}` is in the package but empty: it fills in with {FILLED_BY[name]}.", ""]
    lines += [
        '!!! note "Spreadsheet safety"',
        "",
        "    A CSV cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is written with "
        "a leading apostrophe (`'`), so that Excel, LibreOffice or Google Sheets show it as text instead of "
        "running it as a formula. The JSON files keep the exact text.",
        "",
        "## Load the data",
        "",
        "With pandas. `N/A` is a result (the question does not apply), not a missing value, but pandas "
        "reads the text `N/A` as missing by default: `keep_default_na=False` keeps it, and "
        '`na_values=[""]` reads the empty cells, the only missing values, as missing.',
        "",
        "```python",
        "import pandas as pd",
        "",
        "def read(name):",
        '    return pd.read_csv(name, keep_default_na=False, na_values=[""])',
        "",
        *(f'{_table_variable(name)} = read("{name}")' for name in csv_files),
        'print(papers.groupby("venue")["documentation_score"].mean())',
        "```",
        "",
        "The full records of every venue-year, with Python alone:",
        "",
        "```python",
        "import gzip",
        "import json",
        "from pathlib import Path",
        "",
        "records = []",
        f'for path in sorted(Path("{paths.EDITION_RECORDS_DIR}").glob("*.json.gz")):',
        "    with gzip.open(path) as file:",
        "        records += json.load(file)",
        "```",
        "",
        "The evidence per paper and variable, from these records (a result of N/A may have none):",
        "",
        "```python",
        "evidence = {",
        '    (record["id"], variable): assessment.get("evidence", "")',
        "    for record in records",
        '    for variable, assessment in record["variables"].items()',
        "}",
        "```",
        "",
        f"Joined to the assessments read with pandas above (`{package.ASSESSMENTS_CSV}` holds the results, "
        "not the evidence):",
        "",
        "```python",
        f"{assessments} = {assessments}.assign(",
        f'    evidence=[evidence[key] for key in zip({assessments}["paper_id"], {assessments}["variable"])]',
        ")",
        "```",
        "",
        "With Frictionless (checks every value against the schema while reading):",
        "",
        "```python",
        "from frictionless import Package",
        "",
        'package = Package("datapackage.json")',
        'papers = package.get_resource("papers").read_rows()',
        "```",
        "",
        "With DuckDB (`nullstr` keeps `N/A` a result):",
        "",
        "```sql",
        "SELECT venue, year, avg(documentation_score) AS mean_score, count(*) AS papers",
        "FROM read_csv('papers.csv', nullstr = '') GROUP BY venue, year ORDER BY venue, year;",
        "```",
        "",
        *_api_lines(),
        "## Data dictionary",
        "",
        "Every column of every table, from `datapackage.json`. A result's codes are its allowed values; "
        "`N/A` is a code (the question does not apply to the paper), written as the text `N/A`.",
        "",
        *data_dictionary(descriptor),
    ]
    return "\n".join(lines)


def _api_lines() -> list[str]:
    """The static JSON API's files, as the Downloads page lists them. A venue-year's files are named
    by the venue's slug and the year (``neurips-2022``), as its page (``venues/neurips-2022/``)."""

    def code(text: str) -> str:
        return element("code", text)

    rows = [
        [
            link(paths.API_BROWSE, href(paths.DOWNLOADS, paths.API_BROWSE)),
            Html(
                f"the manifest: {code('columns')} (the names of a row's fields), {code('editions')} (each "
                "venue-year's venue, year, number of papers and file of rows), the filters' options and the first rows"
            ),
        ],
        [
            _per_edition(paths.browse_edition_path("venue", 0)),
            Html(
                f"one row per paper of the venue-year, its fields in the order of {code('columns')}: id, title, "
                "authors, venue, year, research type, researcher affiliation, both scores and the Yes/No results"
            ),
        ],
        [
            _per_edition(paths.edition_records_path("venue", 0)),
            "the full records of the venue-year as one JSON array, gzip-compressed: the data package's own "
            "file (above), which the venue-year's page and its papers' pages link",
        ],
        [code(paths.SEARCH_DIR + "/"), "the papers' search index: word shards and chunks of titles"],
    ]
    return [
        "## The JSON API",
        "",
        "Static JSON files that the Browse page and the papers' search read, and programs can read too; "
        f"a paper's page is `{paths.paper_url('<id>')}`.",
        "",
        *_table(["File", "What it holds"], rows),
    ]


def render_accuracy_page(papers: list[Paper]) -> str:
    """How far the language model agrees with people, from every record with both results."""
    agreements = statistics.agreements(papers)
    reviewed = sum(1 for paper in papers if paper.reviews)
    labels = model.variables_by_key()
    lines = [
        "# Accuracy",
        "",
        "How far can the language model's results be trusted? Wherever a person reviewed a variable of a "
        "paper, the record holds both results (the person's is the one published). This page compares "
        f"them over the **{reviewed} papers** with reviews. Brackets: 95% bootstrap interval over papers "
        "(2,000 resamples). F1 is for Yes on the Yes/No/N/A variables and macro-F1 (the mean of each class's "
        "F1) on Research Type and Researcher Affiliation; Cohen's kappa corrects agreement for chance.",
        "",
    ]
    if not reviewed:
        return "\n".join(
            [
                *lines,
                '!!! info "Nothing to compare yet"',
                "",
                "    No record has a person's review yet, so this page has no figures. It fills in when a record "
                "holds a person's result for a variable beside the model's: a `reviewed:` block (`result`, `by`, "
                "optionally `date` and `note`) under that variable in `records/<id>.yaml` "
                f"(see the [Schema and scores]({paths.SCHEMA}) page). `accuracy.csv` in the data package "
                "fills in with it.",
                "",
            ]
        )
    rows = [
        [
            labels[item.variable].label,
            str(item.n),
            estimate_text(item.accuracy, as_percent=True),
            percent(item.precision),
            percent(item.recall),
            f"{estimate_text(item.f1)} ({item.f1_kind})" if item.n else "–",
            estimate_text(item.kappa),
        ]
        for item in agreements
    ]
    svg = charts.horizontal_bars(
        "Agreement of the language model with people, per variable",
        [(labels[item.variable].label, item.accuracy.mean) for item in agreements],
        chart_id="accuracy",
        maximum=1.0,
        axis_label="share of reviewed papers where the model gave the person's result",
        value_text=percent,
    )
    lines += [search_excluded(Html(f'<div class="chart-box scroll-x">{svg}</div>')), ""]  # numbers in the table below
    lines += _table(["Variable", "Papers", "Accuracy", "Precision (Yes)", "Recall (Yes)", "F1", "Kappa"], rows)
    lines += ["## Confusion matrices", "", "Rows: the person's result; columns: the model's.", ""]
    for item in agreements:
        if not item.n:
            continue
        classes = list(item.confusion)
        lines += [f"### {labels[item.variable].label}", ""]
        matrix = [
            [element("strong", person), *(str(item.confusion[person][said]) for said in classes)] for person in classes
        ]
        lines += _table(["Person \\ model", *classes], matrix)
    lines += ["The same figures are in the data package as [accuracy.csv](data/accuracy.csv).", ""]
    return "\n".join(lines)
