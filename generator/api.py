"""The static JSON API: papers -> the Browse page's data (``browse_files``: a manifest and one file
of rows per venue-year, which is also the API's summary of every paper) and the papers' search
index (``search_files``).

Pure functions from ``Paper`` values to JSON-ready values; the build writes them (the full records
of each venue-year, ``data/records/<venue>-<year>.json.gz``, are the data package's: ``package``).
``browse.json`` carries its own column layout (which columns are Yes/No variables, their results,
the score's maximum), so that
``docs/assets/browse.js`` knows nothing the schema could change.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

from generator import model, paths

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


BROWSE_FIRST_ROWS = 100  # the rows of the first view, in the manifest: one page of the table


def browse_row(paper: model.Paper, yes_no_keys: list[str]) -> list:
    return [
        paper.id,
        paper.title,
        ", ".join(paper.authors),  # every author: the filter finds a paper by any of them
        paper.venue,
        paper.year,
        paper.result("research_type"),
        paper.result("researcher_affiliation"),
        paper.documentation_score,
        paper.reproducibility_score,
        *(paper.result(key) for key in yes_no_keys),
    ]


def browse_files(papers: list[model.Paper]) -> Iterator[tuple[str, dict | list]]:
    """The Browse page's data: a manifest (``paths.API_BROWSE``) with the column layout, every
    edition's file and paper count, the options of each filter and the first ``BROWSE_FIRST_ROWS``
    rows (the first view needs nothing else), then the rows of each edition
    (``paths.browse_edition_path``), one compact row per paper, column names once. The layout tells
    browse.js which columns are Yes/No variables (one filter each, with these results) and the
    documentation score's maximum, so that it knows nothing the schema could change."""
    yes_no_keys = [variable.key for variable in model.yes_no_variables()]
    editions: dict[tuple[str, int], list[model.Paper]] = {}
    for paper in papers:
        editions.setdefault((paper.venue, paper.year), []).append(paper)
    labels = {variable.key: variable.label for variable in model.variables()}
    options = {
        key: sorted({paper.result(key) for paper in papers}) for key in ("research_type", "researcher_affiliation")
    }
    yield (
        paths.API_BROWSE,
        {
            "columns": [*BROWSE_COLUMNS, *yes_no_keys],
            "labels": labels,
            "yes_no": yes_no_keys,
            "results": {variable.key: list(variable.results) for variable in model.yes_no_variables()},
            "options": options,
            "max_score": model.max_documentation_score(),
            "total": len(papers),
            "editions": [
                [venue, year, len(members), paths.browse_edition_path(venue, year).removeprefix("api/browse/")]
                for (venue, year), members in sorted(editions.items())
            ],
            "first": [browse_row(paper, yes_no_keys) for paper in papers[:BROWSE_FIRST_ROWS]],
        },
    )
    for (venue, year), members in sorted(editions.items()):
        yield paths.browse_edition_path(venue, year), [browse_row(paper, yes_no_keys) for paper in members]


# The papers' search index, read by docs/assets/browse.js (paperSearch): a reader's query downloads
# the manifest, one shard per word typed and the chunk of each paper shown, never the whole index.
SEARCH_PREFIX = 2  # a word's shard: its first two characters
SEARCH_CHUNK = 100  # papers per chunk of titles: 20 results fetch at most 20 chunks of ~18 kB
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Lower-case words of ``text`` without accents, as browse.js splits a query: NFKD, combining
    marks dropped, runs of letters and digits."""
    if not text.isascii():  # ASCII has no accents to drop: most titles and names, at a tenth of the time
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(character for character in decomposed if not unicodedata.combining(character))
    return _WORD.findall(text.lower())


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


def search_lookup(read: Callable[[str], object], query: str, shown: int = 20) -> tuple[list[int], list[str]]:
    """What docs/assets/browse.js does for ``query``: (the numbers of the papers found, in order;
    the files of the search index it reads, by name within ``api/search/``, in order). ``read``
    gives a file's JSON by that name. Every word of two characters or more must begin one of a
    paper's words; the chunks read are those of the first ``shown`` papers."""
    manifest = read("index.json")
    files, found = ["index.json"], None
    for word in [word for word in words(query) if len(word) >= SEARCH_PREFIX]:
        prefix, numbers = word[: manifest["prefix"]], set()
        if prefix in manifest["shards"]:
            name = paths.search_shard_path(prefix).removeprefix(paths.SEARCH_DIR + "/")
            files.append(name)
            for key, postings in read(name).items():
                if key.startswith(word):
                    number = 0
                    for gap in postings.split(","):
                        number += int(gap, 36)
                        numbers.add(number)
        found = numbers if found is None else found & numbers
    ordered = sorted(found or ())
    chunks = dict.fromkeys(number // manifest["chunk"] for number in ordered[:shown])
    files += [paths.search_chunk_path(chunk).removeprefix(paths.SEARCH_DIR + "/") for chunk in chunks]
    return ordered, files
