"""Every local link and asset of the built site resolves to a file of the site."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.targets.append(value)


def resolve(site: Path, page: Path, target: str) -> Path | None:
    """The file a local link points at, or None for links to other hosts and in-page anchors."""
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or target.startswith(("#", "mailto:")):
        return None
    page_url = "/" + page.relative_to(site).as_posix()
    path = unquote(urlparse(urljoin(page_url, target)).path)
    resolved = site / path.lstrip("/")
    return resolved / "index.html" if path.endswith("/") else resolved


def test_every_local_link_resolves(built_site):
    broken = []
    for page in sorted(built_site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for target in parser.targets:
            resolved = resolve(built_site, page, target)
            if resolved is not None and not resolved.exists():
                broken.append(f"{page.relative_to(built_site)} -> {target}")
    assert broken == []


def test_external_links_are_only_the_papers_and_the_index(built_site):
    hosts = set()
    for page in sorted(built_site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        hosts |= {urlparse(target).netloc for target in parser.targets if urlparse(target).netloc}
    allowed = {
        "reproducibilityindex.ai",
        "arxiv.org",
        "example.org",
        "datapackage.org",
        "www.mkdocs.org",
        "squidfunk.github.io",
        "pre-commit.com",
        "framework.frictionlessdata.io",
    }
    assert hosts <= allowed, hosts - allowed
