"""Page rendering: record text reaches the HTML only as text; pages carry what the reader needs.

The Markdown here is converted with the extensions and settings of the site's own mkdocs.yml, so a
construct any of them would interpret (attr_list, md_in_html, superfences, admonition ...) counts.
"""

import html
import string
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from generator import model, pages
from generator.checking import check, papers_from
from helpers import ROOT

FIXTURES = Path(__file__).parent.parent / "fixtures"
PAPERS = papers_from(check([FIXTURES / "records"]).loaded)
HOSTILE_TEXTS = [
    "<script>alert(1)</script> **bold** [x](javascript:alert(1)) ![i](x.png) `code` | a ~~b~~ :smile:",
    '[x](https://example.org/){: onmouseover=alert(1) style="position:fixed"} <b onclick=alert(1)>b</b>',
    "Eve<img/src/onerror=alert(1)>",
    'line one\n\n```js\nalert(1)\n```\n\n!!! danger\n    boom\n\n<div markdown="1">*x*</div>\n# h\n- l',
    "{{ config }} {% include 'x' %} &lt;b&gt; &#60;i&#62; &amp; <!-- c --> ]]> <![CDATA[x]]>",
    "---\nfoo: bar\n---",
    "    indented code\r\nCRLF\rCR",
]


def site_markdown() -> markdown.Markdown:
    """Python-Markdown as mkdocs.yml configures it (MkDocs adds its own tree processors only)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    names, settings_by_name = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        settings_by_name[name] = options or {}
    return markdown.Markdown(extensions=names, extension_configs=settings_by_name)


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text, of an HTML fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


def converted(markdown_text: str) -> Elements:
    parser = Elements()
    parser.feed(site_markdown().convert(markdown_text))
    return parser


def folded(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("hostile", HOSTILE_TEXTS)
def test_text_in_a_raw_block_passes_markdown_untouched(hostile):
    block = pages.search_excluded(
        pages.element("p", hostile),
        pages.html_table(["Header"], [[hostile], [pages.link(hostile, "https://example.org/a")]]),
    )
    page = converted(f"# Page\n\n{block}\n\nAfter.\n")
    tags = [tag for tag, _ in page.tags if tag != "br"]  # line breaks of the text
    assert tags == ["h1", "a", "div", "p", "table", "thead", "tr", "th", "tbody", "tr", "td", "tr", "td", "a", "p"]
    assert page.text.count(folded(hostile)) == 3, page.text
    assert all(not name.startswith("on") for _, attributes in page.tags for name in attributes)


def test_no_record_text_starts_a_line():
    assert "\n" not in pages.html_text("a\nb\r\nc\rd") and "\r" not in pages.html_text("a\nb\r\nc\rd")
    assert pages.html_text("a\nb") == "a<br>b"
    assert pages.html_text("<&>\x02") == "&lt;&amp;&gt;&#2;"


def test_markdown_placeholders_in_text_stay_text():
    hostile = "\x02wzxhzdk:0\x03 \x02wzxhzdk:1\x03"
    rendered = site_markdown().convert(f"# a\n\n{pages.element('p', hostile)}\n\n*b*\n")
    assert pages.element("p", hostile) in rendered and "&#2;wzxhzdk:0&#3;" in rendered


def test_attributes_are_escaped_and_never_event_handlers():
    assert pages.element("a", "x", href='https://e.org/"><script>') == (
        '<a href="https://e.org/&quot;&gt;&lt;script&gt;">x</a>'
    )
    with pytest.raises(ValueError):
        pages.element("a", "x", onclick="alert(1)")
    with pytest.raises(ValueError):
        pages.element("img src=x", "x")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,x",
        "//evil.example/",
        "vbscript:x",
        " javascript:alert(1)",
        "\tjavascript:alert(1)",
        "java\nscript:alert(1)",
        "https://e.org/\x01",
        "/\\evil.example",
    ],
)
def test_links_to_other_schemes_are_text(url):
    assert pages.link("label", url) in ("label", html.escape(url))


@pytest.mark.parametrize(
    "title",
    [
        "\x7f DEL",
        "\x85 NEL \x80 \x9f C1",
        "\ufffe \uffff \U0010ffff noncharacters",
        "\u202e bidi \u2066 isolate",
        "\x00 \x02 \x1b C0 \t tab",
        "\u2028 LS \u2029 PS \ufeff BOM",
        "emoji 😀 astral 𝒳",
        '[x](https://e.org/){: onmouseover=alert(1) style="position:fixed"} <b>b</b> "quoted" \\ back',
        "---\nfoo: bar\n...\n---",
        "# comment: colon, &anchor *alias !tag %directive @at `tick` | pipe > fold",
        "yes",
        "null",
    ],
)
def test_front_matter_reads_back_exactly_in_mkdocs(title):
    paper = PAPERS[0]
    record = {**paper.record, "title": title, "venue": "R&D Conf"}
    page = pages.render_paper_page(paper, record=record)
    body, meta = get_data(page)
    assert meta == {
        "title": html.escape(folded(title), quote=True),
        "template": "paper.html",
        "search": {"exclude": True},
    }
    assert body.startswith("<h1>")
    assert all(character in string.printable for character in page.split("\n---\n", 1)[0])


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_yaml_string_reads_back_exactly(value):
    assert yaml.safe_load(f"key: {pages.yaml_string(value)}") == {"key": value}


def test_paper_page_has_every_evidence_text_and_scores():
    for paper in PAPERS:
        text = pages.render_paper_page(paper)
        assert text.startswith("---\ntitle: ")
        page = converted(get_data(text)[0])
        assert (
            folded(paper.record["title"]) in page.text and f"Documentation {paper.documentation_score}/7" in page.text
        )
        for variable in model.variables():
            evidence = paper.record["variables"][variable.key].get("evidence")
            if evidence:
                assert folded(evidence) in page.text


def test_papers_index_links_every_paper():
    [(path, index)] = pages.render_papers_index_pages(PAPERS)
    assert path == "papers/index.md"
    for paper in PAPERS:
        assert f'<a href="../papers/{paper.id}/">' in index


def test_papers_index_is_paginated(monkeypatch):
    monkeypatch.setattr(pages, "PAPERS_PER_INDEX_PAGE", 4)
    rendered = dict(pages.render_papers_index_pages(PAPERS))
    assert sorted(rendered) == ["papers-index/2.md", "papers/index.md"]
    assert "Pages: **1** [2](../papers-index/2.md)" in rendered["papers/index.md"]
    assert "# Papers, page 2" in rendered["papers-index/2.md"]
    assert sum(text.count("<tr><td><a ") for text in rendered.values()) == len(PAPERS)


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("papers/x.md", "venues/a-2020.md", "../../venues/a-2020/"),
        ("papers/index.md", "papers/x.md", "../papers/x/"),
        ("index.md", "browse.md", "browse/"),
        ("downloads.md", "data/papers.csv", "../data/papers.csv"),
        ("papers-index/2.md", "papers/index.md", "../../papers/"),
    ],
)
def test_href_is_the_built_address(source, target, expected):
    assert pages.href(source, target) == expected


def test_contributing_page_lists_every_problem_code_from_the_registry():
    from generator.problems import CODES

    page = pages.fill_generated_sections((ROOT / "docs" / "contributing.md").read_text(encoding="utf-8"))
    assert "<!-- generated:" not in page
    for code in CODES.values():
        assert f"| `{code.name}` | " in page and f"{code.meaning} |" in page, code.name
