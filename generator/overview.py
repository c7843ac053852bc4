"""Overview pages: papers -> Markdown for home, browse, venues, editions, statistics and downloads.

Pure functions from ``Paper`` values (and the aggregates of ``statistics``) to Markdown strings;
charts come from ``charts`` as inline SVG, each followed by the same numbers as a table for
screen readers and for copying. Record text (venues, titles, authors) appears only inside raw
HTML blocks built with the helpers of ``pages`` (``element``, ``html_table``), never as Markdown.
"""

from __future__ import annotations

from generator import charts, model, paths, statistics
from generator.model import Paper
from generator.pages import (
    INDEX_NOTICE,
    Html,
    element,
    front_matter,
    html_table,
    link,
    one_line,
    search_excluded,
)
from generator.paths import edition_path, href, paper_path, venue_path
from generator.serialise import slug
from generator.statistics import Estimate, GroupMetrics

EDITION_COLUMNS = (
    "Papers",
    "Empirical",
    "Industry author",
    "Documentation score (mean)",
    "Median",
    "Open datasets",
    "Open code",
    "Reproducibility score",
)


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def number(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def estimate_text(estimate: Estimate, *, as_percent: bool = False, digits: int = 2) -> str:
    """``3.60 [2.80, 4.40]``: the mean and its 95% bootstrap interval."""
    if estimate.mean is None:
        return "–"
    show = percent if as_percent else lambda value: number(value, digits)
    return f"{show(estimate.mean)} [{show(estimate.low)}, {show(estimate.high)}]"


def metrics_cells(metrics: GroupMetrics) -> list[str]:
    return [
        str(metrics.papers),
        percent(metrics.share_empirical),
        percent(metrics.share_industry),
        estimate_text(metrics.documentation),
        number(metrics.median_documentation, 1),
        estimate_text(metrics.datasets, as_percent=True),
        estimate_text(metrics.code, as_percent=True),
        estimate_text(metrics.reproducibility),
    ]


def _table(header: list[str], rows: list[list[str | Html]]) -> list[str]:
    return [html_table(header, rows), ""]


def _chart(svg: str) -> list[str]:
    return [f'<div class="chart-box" data-search-exclude="true">{svg}</div>', ""]


METRICS_NOTE = (
    "Aggregates over empirical papers only, as the AI Reproducibility Index computes them; the "
    "paper count and the share of empirical papers are over all papers. Brackets give the 95% "
    "bootstrap interval of each mean: a wide interval means too few papers to read much into it."
)


def score_distribution_chart(papers: list[Paper], chart_id: str) -> list[str]:
    distribution = statistics.score_distribution(papers)
    maximum = max(distribution.values(), default=0) or 1
    items = [(f"{score}/{model.max_documentation_score()}", float(count)) for score, count in distribution.items()]
    svg = charts.horizontal_bars(
        "Number of papers by documentation score",
        items,
        chart_id=chart_id,
        maximum=maximum,
        axis_label="papers",
        value_text=lambda value: f"{value:.0f}",
    )
    rows = [[f"{score}/{model.max_documentation_score()}", str(count)] for score, count in distribution.items()]
    return _chart(svg) + _table(["Documentation score", "Papers"], rows)


def yes_share_chart(papers: list[Paper], chart_id: str) -> list[str]:
    shares = statistics.yes_shares(papers)
    labels = model.variables_by_key()
    items = [(labels[key].label, share) for key, share in shares.items()]
    svg = charts.horizontal_bars(
        "Share of papers answered Yes, per variable",
        items,
        chart_id=chart_id,
        maximum=1.0,
        axis_label="share of papers with Yes (N/A left out)",
        value_text=percent,
    )
    rows = [[labels[key].label, percent(share)] for key, share in shares.items()]
    return _chart(svg) + _table(["Variable", "Share Yes"], rows)


def render_home_page(papers: list[Paper]) -> str:
    venues = sorted({statistics.venue_of(paper) for paper in papers})
    years = sorted({statistics.year_of(paper) for paper in papers})
    span = f"{years[0]}–{years[-1]}" if years else "no years yet"
    overall = statistics.group_metrics(papers)
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
            "each assessed on nine reproducibility variables, with the evidence for every result.",
        ),
        "",
        '!!! warning "Results are estimates"',
        "",
        f"    {INDEX_NOTICE}",
        "",
        f"Mean documentation score of empirical papers: **{estimate_text(overall.documentation)}** of "
        f"{model.max_documentation_score()}; mean reproducibility score: "
        f"**{estimate_text(overall.reproducibility)}** (95% intervals in brackets).",
        "",
        f"[Browse and filter the papers]({paths.BROWSE}){{ .md-button .md-button--primary }} "
        f"[Venues and editions]({paths.VENUES_INDEX}){{ .md-button }} [Statistics]({paths.STATISTICS}){{ .md-button }} "
        f"[Download the data]({paths.DOWNLOADS}){{ .md-button }}",
        "",
        "## Documentation scores",
        "",
        *score_distribution_chart(papers, "home-scores"),
        "## Yes per variable",
        "",
        *yes_share_chart(papers, "home-yes"),
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
    by_venue = statistics.group_by(papers, statistics.venue_of)
    rows = []
    for venue, venue_papers in by_venue.items():
        years = sorted({statistics.year_of(paper) for paper in venue_papers})
        metrics = statistics.group_metrics(venue_papers)
        name = link(one_line(venue), href(paths.VENUES_INDEX, venue_path(venue)))
        rows.append([name, f"{years[0]}–{years[-1]}", *metrics_cells(metrics)])
    lines = ["# Venues", "", METRICS_NOTE, "", *_table(["Venue", "Years", *EDITION_COLUMNS], rows)]
    return "\n".join(lines)


def render_venue_page(venue: str, venue_papers: list[Paper], edition_metrics: dict[int, GroupMetrics]) -> str:
    """The venue's page; ``edition_metrics`` holds ``statistics.group_metrics`` of each year's papers."""
    rows, points = [], []
    for year, metrics in sorted(edition_metrics.items()):
        rows.append([link(str(year), href(venue_path(venue), edition_path(venue, year))), *metrics_cells(metrics)])
        estimate = metrics.documentation
        if estimate.mean is not None:
            points.append((year, estimate.mean, estimate.low, estimate.high))
    svg = charts.line_with_band(
        f"{one_line(venue)}: mean documentation score of empirical papers by year, with 95% interval",
        points,
        chart_id=f"trend-{slug(venue)}",
        maximum=model.max_documentation_score(),
        x_label="year",
        y_label="documentation score",
    )
    lines = [
        *front_matter(venue),
        "",
        element("h1", one_line(venue)),
        "",
        f"{len(venue_papers)} papers in {len(edition_metrics)} editions.",
        "",
        search_excluded(element("p", METRICS_NOTE)),
        "",
        *_chart(svg),
        *_table(["Edition", *EDITION_COLUMNS], rows),
    ]
    return "\n".join(lines)


def render_edition_page(venue: str, year: int, edition_papers: list[Paper], metrics: GroupMetrics) -> str:
    here = edition_path(venue, year)
    metric_rows = [[name, value] for name, value in zip(EDITION_COLUMNS, metrics_cells(metrics), strict=True)]
    lines = [
        *front_matter(f"{venue} {year}"),
        "",
        element("h1", f"{one_line(venue)} {year}"),
        "",
        element("p", link(f"All {one_line(venue)} editions", href(here, venue_path(venue))), "."),
        "",
        # The note and the figures repeat on every edition page: left out of the search index, which
        # must stay small (the venue's name and year are in the title).
        search_excluded(element("p", METRICS_NOTE), html_table(["Metric", "Value"], metric_rows)),
        "",
        "## Papers",
        "",
    ]
    rows = [
        [
            link(one_line(paper.title), href(here, paper_path(paper.id))),
            paper.result("research_type"),
            f"{paper.documentation_score}/{model.max_documentation_score()}",
            f"{paper.reproducibility_score:.2f}",
        ]
        for paper in sorted(edition_papers, key=lambda paper: paper.id)
    ]
    lines += [search_excluded(html_table(["Paper", "Research type", "Documentation", "Reproducibility"], rows)), ""]
    return "\n".join(lines)


def render_statistics_page(papers: list[Paper]) -> str:
    yes_no = model.yes_no_variables()
    lines = [
        "# Statistics",
        "",
        "Every figure is computed from the records at build time. Shares of Yes leave out papers for "
        "which a question does not apply (N/A).",
        "",
        "## Yes per variable",
        "",
        *yes_share_chart(papers, "stats-yes"),
        "### By venue",
        "",
    ]
    by_venue = statistics.group_by(papers, statistics.venue_of)
    header = ["Venue", "Papers", *(variable.label for variable in yes_no)]
    rows = [
        [one_line(venue), str(len(group)), *(percent(statistics.yes_share(group, variable.key)) for variable in yes_no)]
        for venue, group in by_venue.items()
    ]
    lines += _table(header, rows)
    lines += ["### By year", ""]
    by_year = statistics.group_by(papers, statistics.year_of)
    rows = [
        [str(year), str(len(group)), *(percent(statistics.yes_share(group, variable.key)) for variable in yes_no)]
        for year, group in by_year.items()
    ]
    lines += _table(["Year", *header[1:]], rows)
    lines += ["## Documentation scores", "", *score_distribution_chart(papers, "stats-scores")]
    code_by_affiliation = statistics.code_by_affiliation(papers)
    svg = charts.horizontal_bars(
        "Share of papers with open source code, by researcher affiliation",
        [(affiliation, share) for affiliation, (_, share) in code_by_affiliation.items()],
        chart_id="stats-affiliation",
        maximum=1.0,
        axis_label="share of papers with open source code",
        value_text=percent,
    )
    rows = [[affiliation, str(count), percent(share)] for affiliation, (count, share) in code_by_affiliation.items()]
    lines += ["## Affiliation and open code", "", *_chart(svg), *_table(["Affiliation", "Papers", "Open code"], rows)]
    return "\n".join(lines)


DOWNLOAD_DESCRIPTIONS = {
    "datapackage.json": "Frictionless data package descriptor: the files, their columns, types and keys",
    "papers.csv": "one row per paper: bibliographic fields, both scores and the nine results",
    "assessments.csv": "one row per paper and variable: result and evidence",
    "records.json": "the full records, exactly as validated",
    "schema.json": "JSON Schema (draft 2020-12) of one record",
}


def render_downloads_page(files: list[tuple[str, int, int]]) -> str:
    """The downloads page; ``files`` holds each data file's (name, size in bytes, rows of a table or None)."""
    rows = []
    for name, size, table_rows in files:
        row_count = "–" if table_rows is None else f"{table_rows:,}"
        data_file = link(name, href(paths.DOWNLOADS, paths.data_path(name)))
        rows.append([data_file, DOWNLOAD_DESCRIPTIONS.get(name, ""), f"{size:,} bytes", row_count])
    lines = [
        "# Downloads",
        "",
        "The dataset is a [Frictionless data package](https://datapackage.org): CSV tables described by "
        "`datapackage.json` (column types, primary and foreign keys), plus the full records as JSON. "
        f"A static JSON API has [all papers]({paths.API_PAPERS}) and the full records of each venue-year, "
        f"gzip-compressed, at `{paths.edition_json_path('<venue>', 0).replace('-0.', '-<year>.')}`.",
        "",
        *_table(["File", "What it holds", "Size", "Rows"], rows),
        "Rows are records of the CSV table (a row whose evidence has line breaks spans several lines).",
        "",
        '!!! note "Spreadsheet safety"',
        "",
        "    A CSV cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is written with "
        "a leading apostrophe (`'`), so that Excel, LibreOffice or Google Sheets show it as text instead of "
        "running it as a formula. The JSON files keep the exact text.",
        "",
        "## Load the data",
        "",
        "With pandas:",
        "",
        "```python",
        "import pandas as pd",
        "",
        'papers = pd.read_csv("papers.csv")',
        'assessments = pd.read_csv("assessments.csv", keep_default_na=False)',
        'print(papers.groupby("venue")["documentation_score"].mean())',
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
        "With DuckDB:",
        "",
        "```sql",
        "SELECT venue, year, avg(documentation_score) AS mean_score, count(*) AS papers",
        "FROM 'papers.csv' GROUP BY venue, year ORDER BY venue, year;",
        "```",
        "",
    ]
    return "\n".join(lines)


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
        return "\n".join([*lines, "No record has a person's review yet.", ""])
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
    lines += _chart(svg)
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
