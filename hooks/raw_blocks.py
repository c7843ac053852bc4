"""MkDocs hook: the big raw HTML blocks of a page go around the Markdown pass, as they are.

The generator writes the long lists of its overview pages (an edition's table of papers, a page of
the papers index) as raw HTML blocks. Markdown leaves raw HTML as it is, but parses it first, tag
by tag (md_in_html's HTML parser): at 57,000 papers that was 15 s of a site build, on one core.
Before the conversion, each block that is a ``<div>`` element alone between blank lines (its
``<div>`` tags balanced, at least ``MINIMUM`` characters, and not even the word ``markdown`` in it,
which as md_in_html's attribute asks for Markdown inside) is replaced by a short placeholder
element, and after it the placeholder by the block: the same HTML as converting the whole page
gives (tests compare the two).
"""

from __future__ import annotations

import re
import secrets

MINIMUM = 1000  # characters: a smaller block costs Markdown next to nothing
_NONCE = secrets.token_hex(8)  # placeholders no page can hold already
_PLACEHOLDER = re.compile(rf'<div data-raw-block-{_NONCE}="([0-9]+)"></div>')
_OPENING = re.compile(r"<div[\s>]")


def _raw_block(block: str) -> bool:
    return (
        len(block) >= MINIMUM
        and block.startswith("<div")
        and block.endswith("</div>")
        and "markdown" not in block.lower()  # md_in_html's attribute, in any form (or just the word: kept)
        and len(_OPENING.findall(block)) == block.count("</div>")
    )


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """``markdown`` with its big raw ``<div>`` blocks replaced by placeholders, and the blocks."""
    blocks = markdown.split("\n\n")
    aside = []
    for number, block in enumerate(blocks):
        element = block.rstrip("\n")  # the page's last block ends with its line break
        if _raw_block(element):
            blocks[number] = f'<div data-raw-block-{_NONCE}="{len(aside)}"></div>' + block[len(element) :]
            aside.append(element)
    return "\n\n".join(blocks), aside


def put_back(html: str, aside: list[str]) -> str:
    return _PLACEHOLDER.sub(lambda match: aside[int(match.group(1))], html) if aside else html


_aside: dict[str, list[str]] = {}  # page source path -> its blocks set aside, until its HTML is made


def on_page_markdown(markdown: str, page, **_) -> str:
    markdown, aside = set_aside(markdown)
    if aside:
        _aside[page.file.src_uri] = aside
    return markdown


def on_page_content(html: str, page, **_) -> str:
    return put_back(html, _aside.pop(page.file.src_uri, []))
