"""The static JSON API: papers -> ``api/papers.json`` (a summary per paper), ``api/browse.json``
and the papers' search index (``search_files``).

Pure functions from ``Paper`` values to JSON-ready values; the build writes them (each paper's
full record, ``api/papers/<id>.json``, is written beside its page). ``browse.json`` carries its own
column layout (which columns are Yes/No variables, their results, the score's maximum), so that
``docs/assets/browse.js`` knows nothing the schema could change.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

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


# The papers' search index, read by docs/assets/browse.js (paperSearch): a reader's query downloads
# the manifest, one shard per word typed and the chunk of each paper shown, never the whole index.
SEARCH_PREFIX = 2  # a word's shard: its first two characters
SEARCH_CHUNK = 100  # papers per chunk of titles: 20 results fetch at most 20 chunks of ~18 kB
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Lower-case words of ``text`` without accents, as browse.js splits a query: NFKD, combining
    marks dropped, runs of letters and digits."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(character for character in decomposed if not unicodedata.combining(character))
    return _WORD.findall(plain.lower())


def searchable_words(paper: model.Paper) -> set[str]:
    """What finds a paper: every word of its title, each author's names, its venue and year
    (words of one character are left out: they would match everything)."""
    text = " ".join([paper.title, *paper.authors, paper.venue, str(paper.year)])
    return {word for word in words(text) if len(word) >= SEARCH_PREFIX}


def _postings(numbers: list[int]) -> str:
    """Ascending paper numbers as base-36 gaps joined by commas: a word in every paper costs two
    bytes a paper."""
    gaps, previous = [], 0
    for number in numbers:
        gaps.append(_base36(number - previous))
        previous = number
    return ",".join(gaps)


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, remainder = divmod(number, 36)
        text = digits[remainder] + text
        if not number:
            return text


def search_files(papers: list[model.Paper]) -> Iterator[tuple[str, dict]]:
    """The search index's files as (path, JSON value): per shard ``{word: postings}`` (see
    ``_postings``), per chunk the rows ``[page, title, authors, venue, year]`` of ``SEARCH_CHUNK``
    papers in order, and the manifest (paper count, chunk size, shards that exist)."""
    by_word: dict[str, list[int]] = {}
    for number, paper in enumerate(papers):
        for word in searchable_words(paper):
            by_word.setdefault(word, []).append(number)
    shards: dict[str, dict[str, str]] = {}
    for word in sorted(by_word):
        shards.setdefault(word[:SEARCH_PREFIX], {})[word] = _postings(by_word[word])
    yield (
        paths.SEARCH_MANIFEST,
        {"papers": len(papers), "chunk": SEARCH_CHUNK, "prefix": SEARCH_PREFIX, "shards": sorted(shards)},
    )
    for prefix, shard in shards.items():
        yield paths.search_shard_path(prefix), shard
    for start in range(0, len(papers), SEARCH_CHUNK):
        rows = [
            [paths.paper_url(paper.id), paper.title, ", ".join(paper.authors), paper.venue, paper.year]
            for paper in papers[start : start + SEARCH_CHUNK]
        ]
        yield paths.search_chunk_path(start // SEARCH_CHUNK), rows
