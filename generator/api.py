"""The static JSON API: papers -> ``api/papers.json`` (a summary per paper) and ``api/browse.json``.

Pure functions from ``Paper`` values to JSON-ready values; the build writes them (each paper's
full record, ``api/papers/<id>.json``, is written beside its page). ``browse.json`` carries its own
column layout (which columns are Yes/No variables, their results, the score's maximum), so that
``docs/assets/browse.js`` knows nothing the schema could change.
"""

from __future__ import annotations

from generator import model, paths


def api_summary(paper: model.Paper) -> dict:
    return {
        "id": paper.id,
        "title": paper.title,
        "authors": list(paper.authors),
        "venue": paper.venue,
        "year": paper.year,
        "documentation_score": paper.documentation_score,
        "reproducibility_score": paper.reproducibility_score,
        "results": paper.results,
        "page": paths.paper_url(paper.id),
        "record": paths.paper_json_path(paper.id),
    }


BROWSE_COLUMNS = (
    "id",
    "title",
    "authors",
    "venue",
    "year",
    "research_type",
    "researcher_affiliation",
    "documentation_score",
    "reproducibility_score",
)


def browse_table(papers: list[model.Paper]) -> dict:
    """The browse page's data: one compact row per paper (column names once, not per row)."""
    yes_no_keys = [variable.key for variable in model.yes_no_variables()]
    rows = []
    for paper in papers:
        rows.append(
            [
                paper.id,
                paper.title,
                paper.authors[0] + (" et al." if len(paper.authors) > 1 else ""),
                paper.venue,
                paper.year,
                paper.result("research_type"),
                paper.result("researcher_affiliation"),
                paper.documentation_score,
                paper.reproducibility_score,
                *(paper.result(key) for key in yes_no_keys),
            ]
        )
    labels = {variable.key: variable.label for variable in model.variables()}
    return {
        "columns": [*BROWSE_COLUMNS, *yes_no_keys],
        "labels": labels,
        # the layout browse.js reads instead of knowing it: which columns are Yes/No variables (one
        # filter each, with these results) and the documentation score's maximum
        "yes_no": yes_no_keys,
        "results": {variable.key: list(variable.results) for variable in model.yes_no_variables()},
        "max_score": model.max_documentation_score(),
        "rows": rows,
    }
