"""MkDocs hook: a search index that is small and holds only escaped text.

Material for MkDocs indexes the visible text of every page and inserts the title, the text and the
tags of each result into the page as HTML. This hook rewrites the index after the build so that
every one of those fields, of every entry, is escaped text:

- papers are not in it: their pages are excluded in their front matter, and the pages that list
  papers (the papers index, edition pages) are excluded here, before the search plugin reads them.
  One file the browser downloads whole grows with every paper (9.8 MB at the Index's 56,800);
  papers are found through their own sharded index, ``api/search/`` (generator/api.py,
  docs/assets/browse.js), of which a query downloads a few shards. (Material's page parser also
  keeps every element whose end tag HTML lets a page leave out, such as the cells of an edition's
  table, and scans them all again at each tag: a 1,000-paper edition page took it 11 s);
- every entry (hand-written and overview pages, and a paper's if one ever arrives) is parsed as
  HTML and written again with its text escaped and only the bare tags Material itself keeps
  (``<p>``, ``<code>``, lists ...), without attributes. For what Material wrote, that is the
  same text; whatever else reached it (a front-matter title, a tag) cannot become an element.

The index is written without indentation.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

# Pages that list papers (their URLs), found by the papers' own search instead: the papers index and editions.
_PAPER_LISTS = re.compile(r"^(?:papers/(?:#.*)?$|papers-index/|venues/[^/]+-[0-9]{4}/)")
# The tags Material's search plugin keeps in an entry's text (material/plugins/search/plugin.py).
KEPT_TAGS = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})


def escaped(text: str) -> str:
    return html.escape(text, quote=False)


class _Fragment(HTMLParser):
    """An index field rebuilt: text escaped, kept tags bare, every other tag and comment dropped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in KEPT_TAGS:
            self.parts.append(f"<{tag}>")

    def handle_endtag(self, tag):
        if tag in KEPT_TAGS:
            self.parts.append(f"</{tag}>")

    def handle_data(self, data):
        self.parts.append(escaped(data))


def safe_fragment(fragment: str) -> str:
    """``fragment`` (HTML) with only escaped text and bare kept tags."""
    parser = _Fragment()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)


def safe_entry(entry: dict) -> dict:
    """An entry of Material's index with its title, text and tags made safe."""
    safe = {
        **entry,
        "title": safe_fragment(str(entry.get("title", ""))),
        "text": safe_fragment(str(entry.get("text", ""))),
    }
    if isinstance(entry.get("tags"), list):
        safe["tags"] = [safe_fragment(str(tag)) for tag in entry["tags"]]
    return safe


def on_page_markdown(markdown: str, page, **_) -> str:
    """A page that lists papers is excluded from the theme's search index, as a paper's page is by
    its front matter (before the search plugin reads the page: it then never parses it)."""
    if _PAPER_LISTS.match(page.url):
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return markdown


def on_post_build(config, **_):
    index_path = Path(config["site_dir"]) / "search" / "search_index.json"
    if not index_path.is_file():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    index["docs"] = [safe_entry(entry) for entry in index["docs"]]
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
