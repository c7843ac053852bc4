"""The lean paper page (overrides/paper.html, hooks/paper_pages.py, hooks/minify.py) still has what a
reader needs: title, authors, both scores, every result and evidence, links, BibTeX, the way back,
dark mode and search; and it is the same page the Markdown pass would have made."""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown

from e2e.test_site import RECORDS, page_text
from generator import model, pages
from hooks.minify import minified
from hooks.paper_pages import only_raw_html


def paper_html(built_site: Path, paper_id: str) -> str:
    return (built_site / "papers" / paper_id / "index.html").read_text(encoding="utf-8")


def test_lean_paper_page_has_everything_a_reader_needs(built_site):
    for paper_id, record in RECORDS.items():
        page = paper_html(built_site, paper_id)
        text = page_text(built_site / "papers" / paper_id / "index.html")
        assert " ".join(record["title"].split()) in text
        for name in record["authors"]:
            assert " ".join(name.split()) in text
        assert re.search(r"Documentation \d/\d", text) and re.search(r"Reproducibility \d\.\d\d", text)
        for variable in model.variables():
            assessment = record["variables"][variable.key]
            assert variable.label in text
            if "evidence" in assessment:
                assert " ".join(assessment["evidence"].split()) in text
        for url in record.get("links", {}).values():
            assert f'href="{html.escape(url)}"' in page or f"href={html.escape(url)}" in page
        entry_type = "@article{" if pages.is_journal(record["venue"]) else "@inproceedings{"
        assert "Cite this paper (BibTeX)" in text and entry_type + paper_id in text
        assert "class=paper-back" in page and "All papers" in text and "Browse" in text  # the way back
        assert "data-md-component=palette" in page  # dark mode
        assert "md-search__input" in page  # search
        assert "md-sidebar--primary" not in page and "md-footer" not in page  # what the lean page leaves out


def test_paper_pages_are_raw_html_so_the_markdown_pass_changes_nothing():
    from generator import pages
    from generator.checking import check, papers_from
    from helpers import FIXTURES

    config = ["admonition", "attr_list", "md_in_html", "tables", "pymdownx.details", "pymdownx.superfences"]
    for paper in papers_from(check([FIXTURES / "records"]).loaded):
        source = pages.render_paper_page(paper).split("\n---\n", 1)[1]
        assert only_raw_html(source)
        converted = markdown.Markdown(extensions=config).convert(source)
        assert minified(converted) == minified(source)


def test_a_markdown_paragraph_is_not_raw_html():
    assert only_raw_html("<h1>a</h1>\n\n<p>b</p>\n")
    assert not only_raw_html("<h1>a</h1>\n\nSome *Markdown* text\n")


def test_minified_pages_keep_their_text_and_preformatted_lines():
    page = '<html><head></head><body>\n  <p class="a">Hello   <b>world</b></p>\n<pre>  a\n  b</pre></body></html>'
    assert (
        minified(page) == "<html><head></head><body><p class=a>Hello <b>world</b></p><pre>  a\n  b</pre></body></html>"
    )
