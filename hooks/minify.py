"""MkDocs hook: every page's HTML minified with minify-html (pinned in requirements/runtime.txt).

Whitespace between elements, comments and optional quotes go; what a browser shows does not
change. The theme's indentation is a fifth of a paper page, on tens of thousands of pages (the
Performance page gives the figures). Settings are conservative: closing tags, the ``<html>``,
``<head>`` and ``<body>`` elements and attribute quotes are kept, inline CSS and JavaScript are
left as written (the theme's are minified already), so the pages stay valid HTML that any parser,
the tests' included, reads as before.
"""

from __future__ import annotations

import minify_html


def minified(page_html: str) -> str:
    return minify_html.minify(
        page_html,
        keep_closing_tags=True,
        keep_html_and_head_opening_tags=True,
        keep_comments=False,
        minify_css=False,
        minify_js=False,
    )


def on_post_page(output: str, **_) -> str:
    return minified(output)


# It keeps nothing between pages, so `generator site` may run it in a worker process for some pages
# (generator/site_workers.py).
on_post_page.worker_safe = True
