"""The Atom feeds of a real site built as shipped: `mkdocs.yml` without `site_url`, the committed
release (format 1) and one more made with `python -m generator release`, then a paper of that
release removed. Both feeds are written and valid; served over HTTP and read by feedparser as a
feed reader reads them, every link resolves to a page of the built site (and the anchor it names
is on that page); every page's head links both feeds; the feeds' bytes are the same on a second
build."""

from __future__ import annotations

import re
import shutil
import urllib.request
import uuid
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin

import feedparser
import pytest

from e2e.browser import serve
from generator import feeds
from generator.settings import read_site_config
from helpers import ROOT, build_site, make_project, run_generator, run_generator_process

GONE = "euler-2024-bounds"  # added by the second release, removed since: its page is gone
PAGES = ("", "papers/jin-2022-pruning/", "changes/2026.12.0/", "venues/neurips/", "contributing/")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("feeds") / "project")
    assert "site_url" not in read_site_config(project / "mkdocs.yml")  # the shipped mkdocs.yml
    shutil.copytree(ROOT / "releases", project / "releases")
    made = run_generator_process("release", "2026.12.0", "--date", "2026-12-01", cwd=project)
    assert made.returncode == 0, made.stdout + made.stderr
    (project / "records" / f"{GONE}.yaml").unlink()
    return project


@pytest.fixture(scope="module")
def site_url(project):
    with serve(build_site(project)) as url:
        yield url


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200, url
        return response.read()


class _Heads(HTMLParser):
    """The feed links of a page's head, and every element id of the page."""

    def __init__(self):
        super().__init__()
        self.feeds: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "link" and attributes.get("rel") == "alternate" and attributes.get("type") == "application/atom+xml":
            self.feeds.append((attributes.get("title"), attributes.get("href")))


def parsed_page(url: str) -> _Heads:
    parser = _Heads()
    parser.feed(fetch(url).decode("utf-8"))
    return parser


def read_feed(site_url: str, path: str):
    parsed = feedparser.parse(site_url + path)
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    assert parsed.version == "atom10"
    return parsed


def test_both_feeds_are_written_and_valid_without_a_site_address(site_url):
    namespace = uuid.uuid5(feeds.NAMESPACE, "Reproducibility reports")
    releases_feed = read_feed(site_url, feeds.RELEASES_FEED_PATH)
    assert [entry.title for entry in releases_feed.entries] == ["Release 2026.12.0", "Release 2026.11.0"]
    assert [entry.id for entry in releases_feed.entries] == [
        f"urn:uuid:{uuid.uuid5(namespace, 'changes/2026.12.0')}",
        f"urn:uuid:{uuid.uuid5(namespace, 'changes/2026.11.0')}",
    ]
    assert releases_feed.feed.updated == "2026-12-01T00:00:00Z"
    papers_feed = read_feed(site_url, feeds.PAPERS_FEED_PATH)
    titles = [entry.title for entry in papers_feed.entries]
    assert any(title.endswith("(added in 2026.12.0)") for title in titles)
    assert sum(title.endswith("(added in 2026.11.0)") for title in titles) == 5  # the shipped five
    ids = [entry.id for entry in papers_feed.entries]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", entry_id) for entry_id in ids)


def test_every_feed_link_is_a_page_of_the_site(site_url):
    checked = 0
    for path in (feeds.RELEASES_FEED_PATH, feeds.PAPERS_FEED_PATH):
        parsed = read_feed(site_url, path)
        links = [link.href for link in parsed.feed.links]
        links += [link.href for entry in parsed.entries for link in entry.links]
        assert site_url + path in links  # the feed's own address, resolved against itself
        for link in links:
            assert link.startswith(site_url), link
            page, anchor = urldefrag(link)
            if page.endswith(".xml"):
                fetch(page)
            else:
                ids = parsed_page(page).ids
                assert not anchor or anchor in ids, link
            checked += 1
    assert checked > 10
    papers = read_feed(site_url, feeds.PAPERS_FEED_PATH)
    gone = [entry.link for entry in papers.entries if GONE in entry.link]
    assert gone == [site_url + f"changes/2026.12.0/#paper-{GONE}"]


def test_every_page_head_links_both_feeds(site_url):
    for page in PAGES:
        heads = parsed_page(site_url + page).feeds
        assert [(title, urljoin(site_url + page, href)) for title, href in heads] == [
            ("Releases", site_url + feeds.RELEASES_FEED_PATH),
            ("Changed papers", site_url + feeds.PAPERS_FEED_PATH),
        ], page
        assert all(not href.startswith(("http:", "https:", "/")) for _, href in heads)  # relative: no site_url
        for _, href in heads:  # Material fetches the sitemap.xml beside each rel="alternate" link
            fetch(urljoin(urljoin(site_url + page, href), "sitemap.xml"))


def test_the_feeds_are_the_same_bytes_on_a_second_build(project, site_url):
    out = project / "build" / "docs"
    first = {path: (out / path).read_bytes() for path in (feeds.RELEASES_FEED_PATH, feeds.PAPERS_FEED_PATH)}
    for path, content in first.items():
        assert fetch(site_url + path) == content  # MkDocs copies them as they are
    again = run_generator("build", "--no-cache", cwd=project)
    assert again.returncode == 0, again.stdout + again.stderr
    assert {path: (out / path).read_bytes() for path in first} == first
