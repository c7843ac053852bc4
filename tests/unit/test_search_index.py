"""The papers' search index (generator/api.py search_files), read as docs/assets/browse.js reads it."""

from __future__ import annotations

import importlib.util
import json
import types

from generator import api, package
from generator.checking import check, papers_from
from helpers import FIXTURES, ROOT

PAPERS = papers_from(check([FIXTURES / "records"]).loaded)


def index_of(papers) -> dict[str, object]:
    """The index's files by name within api/search/, as the browser receives them."""
    return {
        path.removeprefix("api/search/"): json.loads(package.compact_json_bytes(value))
        for path, value in api.search_files(papers)
    }


def found(papers, query: str) -> list[str]:
    files = index_of(papers)
    numbers, _ = api.search_lookup(files.__getitem__, query, shown=len(papers))
    return [papers[number].id for number in numbers]


def test_a_paper_is_found_by_any_author_title_words_venue_and_year():
    jin = next(paper for paper in PAPERS if paper.id == "jin-2022-pruning")
    for name in jin.authors:
        assert jin.id in found(PAPERS, name.split()[-1].lower()), name
    assert jin.id in found(PAPERS, "PRUNING generaliz")  # words begin the paper's words, any case
    assert jin.id in found(PAPERS, f"{jin.venue} {jin.year}")
    assert jin.id not in found(PAPERS, f"pruning {jin.year + 1}")  # every word must match


def test_accents_and_case_do_not_matter():
    assert api.words("Dziugaitė SCHÖLKOPF naïve-Bayes") == ["dziugaite", "scholkopf", "naive", "bayes"]
    # plain ASCII takes a shorter way, to the same words
    assert api.words("Naive-Bayes, x_y (2024) ResNet50") == ["naive", "bayes", "x", "y", "2024", "resnet50"]
    assert api.words("Naive-Bayes é") == ["naive", "bayes", "e"]


def test_postings_are_base36_gaps_and_chunks_hold_the_rows_in_order():
    files = index_of(PAPERS)
    manifest = files["index.json"]
    assert manifest["papers"] == len(PAPERS) and manifest["chunk"] == api.SEARCH_CHUNK
    assert api._postings([0, 1, 37, 1333]) == "0,1,10,100"
    first = files["papers-0.json"]
    assert [row[0] for row in first] == [f"papers/{paper.id}/" for paper in PAPERS[: api.SEARCH_CHUNK]]


def test_a_query_reads_the_manifest_one_shard_a_word_and_the_chunks_shown():
    files = index_of(PAPERS)
    numbers, read = api.search_lookup(files.__getitem__, "pruning neurips", shown=1)
    assert numbers and read[0] == "index.json"
    assert read[1:3] == [f"words-{b'pr'.hex()}.json", f"words-{b'ne'.hex()}.json"]
    assert read[3:] == [f"papers-{numbers[0] // api.SEARCH_CHUNK}.json"]


def test_the_theme_search_skips_the_pages_that_list_papers():
    """hooks/search_index.py marks the papers index and edition pages excluded before Material's
    search plugin reads them (its parser took 11 s over one 1,000-paper edition's table)."""
    spec = importlib.util.spec_from_file_location("search_index_hook", ROOT / "hooks" / "search_index.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    for url, excluded in [
        ("papers/", True),
        ("papers-index/2/", True),
        ("venues/icml-2023/", True),
        ("venues/icml/", False),
        ("venues/", False),
        ("statistics/", False),
    ]:
        page = types.SimpleNamespace(url=url, meta={"title": "T"})
        assert hook.on_page_markdown("text", page=page) == "text"
        assert bool((page.meta.get("search") or {}).get("exclude")) is excluded, url
        assert page.meta["title"] == "T"
