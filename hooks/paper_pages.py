"""MkDocs hook: paper pages go to the template as they are written, without the Markdown pass.

A paper page (front matter ``template: paper.html``, written by generator/pages.py) is raw HTML
blocks only: the generator escapes every record text into elements itself, and Markdown leaves raw
HTML blocks as they are. Converting them anyway was half of MkDocs' time per paper page (profile
of a 2,000-paper build, on the Performance page): a new Markdown instance, then md_in_html's HTML
parser over every element. For these pages the conversion's result is the source itself, so the
page's ``render`` is replaced by one that takes it as is (with no table of contents, anchors or
links for MkDocs to check, which raw HTML never gives it either). A page with anything but raw
HTML blocks (a paragraph of Markdown) is converted as usual.

The paper template (overrides/paper.html) is a whole document, not the theme's page: it gets the
theme's stylesheet links from ``theme_styles()``, which renders the ``styles`` block of the
theme's own base.html for the page, so the links are the theme's, hashed file names included.
"""

from __future__ import annotations

import types

import jinja2
import markupsafe
from mkdocs.structure.toc import get_toc

PAPER_TEMPLATE = "paper.html"


def only_raw_html(markdown: str) -> bool:
    """Whether every block (text between blank lines) of ``markdown`` starts with an HTML tag."""
    blocks = (block.lstrip() for block in markdown.split("\n\n"))
    return all(not block or block.startswith("<") for block in blocks)


def _render_as_is(page, config, files) -> None:
    page.content = page.markdown
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


def on_page_markdown(markdown: str, page, **_) -> str:
    if page.meta.get("template") == PAPER_TEMPLATE and only_raw_html(markdown):
        page.render = types.MethodType(_render_as_is, page)
    return markdown


@jinja2.pass_context
def theme_styles(context) -> markupsafe.Markup:
    """The theme's stylesheet links for the page being rendered (its base.html ``styles`` block)."""
    base = context.environment.get_template("base.html")
    return markupsafe.Markup("".join(base.blocks["styles"](base.new_context(context.get_all()))))


def on_env(env, **_):
    env.globals["theme_styles"] = theme_styles
    return env
