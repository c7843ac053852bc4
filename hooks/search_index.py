"""MkDocs hook: a search index small enough for tens of thousands of papers.

Material for MkDocs indexes the visible text of every page. For a paper page the generator
already keeps the evidence out (``data-search-exclude``); this hook then rewrites each paper's
entry to the fields a reader searches by, title, authors' surnames, venue and year, and writes
the index without indentation. At the Index's 57,000 papers that keeps the file under 10 MB
(see the Performance page); the full names and the evidence stay on the pages and in the data.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

_PAPER_LOCATION = re.compile(r"^papers/([a-z0-9]+(?:-[a-z0-9]+)*)/$")


def compact_entry(entry: dict, paper: dict) -> dict:
    surnames = " ".join(name.split()[-1] for name in paper["authors"] if name.split())
    return {
        "location": entry["location"],
        "title": entry["title"],
        "text": f"{surnames} {paper['venue']} {paper['year']}",
    }


def on_post_build(config, **_):
    index_path = Path(config["site_dir"]) / "search" / "search_index.json"
    papers_path = Path(config["docs_dir"]) / "api" / "papers.json"
    if not index_path.is_file() or not papers_path.is_file():
        return
    papers = {paper["id"]: paper for paper in json.loads(papers_path.read_text(encoding="utf-8"))}
    index = json.loads(index_path.read_text(encoding="utf-8"))
    documents = []
    for entry in index["docs"]:
        match = _PAPER_LOCATION.match(entry["location"])
        documents.append(compact_entry(entry, papers[match[1]]) if match and match[1] in papers else entry)
    index["docs"] = documents
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
