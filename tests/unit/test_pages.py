"""Markdown rendering: record text is inert; pages carry what the reader needs."""

import html
from pathlib import Path

import markdown

from generator import model, pages
from generator.checking import check, papers_from

FIXTURES = Path(__file__).parent.parent / "fixtures"


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "attr_list", "admonition"])


def test_inert_text_renders_literally():
    hostile = "<script>alert(1)</script> **bold** [x](javascript:alert(1)) ![i](x.png) `code` | a ~~b~~ :smile:"
    rendered = render(f"| a |\n|---|\n| {pages.inert(hostile)} |")
    assert "<script>" not in rendered and "<strong>" not in rendered and "<a " not in rendered
    assert "<img" not in rendered and "<code>" not in rendered
    cell = rendered.split("<td>")[1].split("</td>")[0]
    assert html.unescape(cell) == hostile


def test_inert_keeps_one_line():
    assert "\n" not in pages.inert("a\nb\r\nc")


def test_paper_page_has_every_evidence_text_and_scores():
    papers = papers_from(check([FIXTURES / "records"]).loaded)
    for paper in papers:
        text = pages.render_paper_page(paper)
        assert text.startswith("---\ntitle: ") and f"\n# {pages.inert(paper.record['title'])}\n" in text
        assert f"{paper.documentation_score}/7" in text
        for variable in model.variables():
            evidence = paper.record["variables"][variable.key].get("evidence")
            if evidence:
                assert pages.inert_multiline(evidence) in text


def test_papers_index_links_every_paper():
    papers = papers_from(check([FIXTURES / "records"]).loaded)
    [(path, index)] = pages.render_papers_index_pages(papers)
    assert path == "papers/index.md"
    for paper in papers:
        assert f"](../papers/{paper.id}.md)" in index


def test_papers_index_is_paginated(monkeypatch):
    papers = papers_from(check([FIXTURES / "records"]).loaded)
    monkeypatch.setattr(pages, "PAPERS_PER_INDEX_PAGE", 4)
    rendered = dict(pages.render_papers_index_pages(papers))
    assert sorted(rendered) == ["papers-index/2.md", "papers/index.md"]
    assert "Pages: **1** [2](../papers-index/2.md)" in rendered["papers/index.md"]
    assert "# Papers, page 2" in rendered["papers-index/2.md"]
    assert sum(text.count("\n| [") for text in rendered.values()) == len(papers)
