"""Atom feeds of two fixture releases, read back by feedparser and checked element by element
against RFC 4287's required elements with xml.etree."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from release_fixtures import HOSTILE, fixture_records, papers_of, state

from generator import feeds, releases
from generator.releases import Snapshot

SITE = "https://example.org/reports/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def diffs() -> list[releases.ReleaseDiff]:
    first = releases.make_snapshot(papers_of(fixture_records("first")), "2026.10.0", "2026-10-15")
    second = releases.make_snapshot(papers_of(fixture_records("second")), "2026.11.0", "2026-11-30")
    return releases.release_diffs([first, second])


def both(diffs) -> dict[str, bytes]:
    return {
        "releases": feeds.releases_feed(diffs, SITE, "Reproducibility reports", "The maintainers"),
        "papers": feeds.papers_feed(diffs, SITE, "Reproducibility reports", "The maintainers"),
    }


def check_atom(content: bytes) -> ET.Element:
    """RFC 4287: a feed has one id, title, updated and an author (here, at feed level); each entry
    one id, title, updated and an alternate link (it has no content); ids are unique."""
    root = ET.fromstring(content)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    assert root.find(f"{ATOM}author/{ATOM}name").text
    ids = [root.findtext(f"{ATOM}id")]
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", entry.findtext(f"{ATOM}updated"))
        assert [link.get("rel") for link in entry.findall(f"{ATOM}link")] == ["alternate"]
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"tag:example\.org,\d{4}-\d\d-\d\d:[a-z0-9./-]+", entry_id) for entry_id in ids)
    return root


def test_both_feeds_are_valid_atom(diffs):
    for name, content in both(diffs).items():
        parsed = feedparser.parse(content)
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        assert parsed.feed.updated == "2026-11-30T00:00:00Z"
        assert parsed.feed.links[0].href == SITE + f"feeds/{name}.xml"
        check_atom(content)


def test_the_releases_feed_has_one_entry_per_release_newest_first(diffs):
    parsed = feedparser.parse(both(diffs)["releases"])
    assert [entry.id for entry in parsed.entries] == [
        "tag:example.org,2026-11-30:changes/2026.11.0",
        "tag:example.org,2026-10-15:changes/2026.10.0",
    ]
    assert parsed.entries[0].link == SITE + "changes/2026.11.0/"
    assert parsed.entries[0].summary.startswith("2 papers added, 1 removed, 3 changed.")
    assert "Open Source Code: 1 result changed, 1 No to Yes." in parsed.entries[0].summary


def test_the_papers_feed_has_every_added_changed_and_removed_paper(diffs):
    parsed = feedparser.parse(both(diffs)["papers"])
    titles = [entry.title for entry in parsed.entries]
    assert len(titles) == 4 + 6
    assert titles[:6] == [
        "Bounds on the Sample Complexity of Sparse Networks: A Purely Theoretical Study (added in 2026.11.0)",
        "Pruning’s Effect on Generalization Through the Lens of Training and Regularization (changed in 2026.11.0)",
        "A Gradient Flow Framework For Analyzing Network Pruning (removed in 2026.11.0)",
        "Connectivity Matters: Neural Network Pruning Through the Lens of Effective Sparsity (added in 2026.11.0)",
        "A Three-regime Model of Network Pruning (changed in 2026.11.0)",
        "Neuron-level Structured Pruning using Polarization Regularizer (changed in 2026.11.0)",
    ]
    jin = parsed.entries[1]
    assert jin.id == "tag:example.org,2026-11-30:papers/jin-2022-pruning/2026.11.0"
    assert jin.link == SITE + "papers/jin-2022-pruning/"
    assert jin.summary == "Open Source Code: No to Yes, reviewed by a person (Ana Lee, 2026-11-02)."
    assert parsed.entries[2].link == SITE + "changes/2026.11.0/"  # a removed paper has no page
    limited = feedparser.parse(feeds.papers_feed(diffs, SITE, "R", "M", limit=3))
    assert [entry.id for entry in limited.entries] == [entry.id for entry in parsed.entries[:3]]


def test_feed_bytes_are_deterministic_and_entry_ids_stable(diffs):
    assert both(diffs) == both(list(diffs))
    moved = feeds.releases_feed(diffs, "http://example.org:8080/elsewhere", "Reproducibility reports", "M")
    ids = lambda content: [e.id for e in feedparser.parse(content).entries]  # noqa: E731
    assert ids(moved) == ids(both(diffs)["releases"])
    assert both(diffs)["releases"].startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns=')


def test_record_text_cannot_break_the_feed():
    hostile_title = HOSTILE + " ]]> \ud800 \x0b \ufffe"
    old = Snapshot("2026.1.0", "2026-01-01", {})
    new = Snapshot("2026.2.0", "2026-02-01", {"p": dataclasses.replace(state({}), title=hostile_title)})
    diffs = releases.release_diffs([old, new])
    content = feeds.papers_feed(diffs, SITE, "Site <&> \x01", "A & B")
    parsed = feedparser.parse(content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    root = check_atom(content)
    title = root.find(f"{ATOM}entry/{ATOM}title").text
    assert title.startswith("<script>alert(1)</script> **bold**")  # text, escaped in the XML
    assert "\ud800" not in title and "\x0b" not in title and "\ufffe" not in title
    assert b"<script>" not in content


@pytest.mark.parametrize(
    "site_url", [None, "", "ftp://example.org/", "javascript:alert(1)", "https:///x", 'https://a"b/']
)
def test_a_feed_needs_a_web_address(diffs, site_url):
    with pytest.raises(feeds.FeedError, match="site_url"):
        feeds.releases_feed(diffs, site_url, "R", "M")


def test_a_feed_needs_a_release():
    with pytest.raises(feeds.FeedError, match="no release yet"):
        feeds.papers_feed([], SITE, "R", "M")


def test_feed_links_for_the_head():
    links = feeds.feed_links(SITE)
    assert links.splitlines() == [
        f'<link rel="alternate" type="application/atom+xml" title="Releases" href="{SITE}feeds/releases.xml">',
        f'<link rel="alternate" type="application/atom+xml" title="Changed papers" href="{SITE}feeds/papers.xml">',
    ]
