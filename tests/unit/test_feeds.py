"""Atom feeds of two fixture releases, read back by feedparser and checked element by element
against RFC 4287's required elements with xml.etree: with a site address (absolute links, tag URI
entry ids) and without one (relative links, urn:uuid ids)."""

from __future__ import annotations

import dataclasses
import re
import uuid
import xml.etree.ElementTree as ET

import feedparser
import pytest
from release_fixtures import HOSTILE, fixture_records, many_papers, papers_of, state

from generator import feeds, releases
from generator.releases import Snapshot

SITE = "https://example.org/reports/"
WITH_ADDRESS = feeds.FeedSite("Reproducibility reports", SITE)
WITHOUT_ADDRESS = feeds.FeedSite("Reproducibility reports")
SERVED_AT = "http://127.0.0.1:8000/some/path/"  # where a site without site_url happens to be served
ATOM = "{http://www.w3.org/2005/Atom}"
TAG_ID = r"tag:example\.org,\d{4}-\d\d-\d\d:[a-z0-9./-]+"
UUID_ID = r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"


@pytest.fixture(scope="module")
def diffs() -> list[releases.ReleaseDiff]:
    first = releases.make_snapshot(papers_of(fixture_records("first")), "2026.10.0", "2026-10-15")
    second = releases.make_snapshot(papers_of(fixture_records("second")), "2026.11.0", "2026-11-30")
    return releases.release_diffs([first, second])


def both(diffs, site: feeds.FeedSite = WITH_ADDRESS, current=None) -> dict[str, bytes]:
    return {
        "releases": feeds.releases_feed(diffs, site, "The maintainers"),
        "papers": feeds.papers_feed(diffs, site, "The maintainers", current),
    }


def parse(content: bytes, site: feeds.FeedSite):
    """As a feed reader reads it: fetched from the site's root, where the feeds are."""
    address = (site.site_url or SERVED_AT) + "feed.xml"
    headers = {"content-location": address, "content-type": "application/atom+xml"}
    return feedparser.parse(content, response_headers=headers)


def check_atom(content: bytes, entry_id: str = TAG_ID) -> ET.Element:
    """RFC 4287: a feed has one id, title, updated and an author (here, at feed level); each entry
    one id, title, updated and an alternate link (it has no content); ids are unique."""
    root = ET.fromstring(content)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    assert root.find(f"{ATOM}author/{ATOM}name").text
    assert re.fullmatch(UUID_ID, root.findtext(f"{ATOM}id"))
    ids = [root.findtext(f"{ATOM}id")]
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", entry.findtext(f"{ATOM}updated"))
        assert [link.get("rel") for link in entry.findall(f"{ATOM}link")] == ["alternate"]
        assert re.fullmatch(entry_id, entry.findtext(f"{ATOM}id"))
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids))
    return root


@pytest.mark.parametrize(("site", "entry_id"), [(WITH_ADDRESS, TAG_ID), (WITHOUT_ADDRESS, UUID_ID)])
def test_both_feeds_are_valid_atom(diffs, site, entry_id):
    for name, content in both(diffs, site).items():
        parsed = parse(content, site)
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        assert parsed.feed.updated == "2026-11-30T00:00:00Z"
        path = {"releases": feeds.RELEASES_FEED_PATH, "papers": feeds.PAPERS_FEED_PATH}[name]
        assert parsed.feed.links[0].href == (site.site_url or SERVED_AT) + path
        check_atom(content, entry_id)


def test_without_a_site_address_links_are_relative_to_the_site_root():
    """The feeds sit at the site's root: every link resolves under wherever the site is served."""
    old = Snapshot("2026.1.0", "2026-01-01", {})
    new = Snapshot("2026.2.0", "2026-02-01", {"p": state({})})
    content = feeds.papers_feed(releases.release_diffs([old, new]), WITHOUT_ADDRESS, "M")
    root = ET.fromstring(content)
    assert "/" not in feeds.RELEASES_FEED_PATH + feeds.PAPERS_FEED_PATH
    assert [link.get("href") for link in root.iter(f"{ATOM}link")] == ["changed-papers.xml", "changes/", "papers/p/"]
    parsed = parse(content, WITHOUT_ADDRESS)
    assert parsed.entries[0].link == SERVED_AT + "papers/p/"
    with_address = ET.fromstring(both(releases.release_diffs([old, new]))["papers"])
    assert [link.get("href") for link in with_address.iter(f"{ATOM}link")][-1] == SITE + "papers/p/"


def test_the_releases_feed_has_one_entry_per_release_newest_first(diffs):
    parsed = parse(both(diffs)["releases"], WITH_ADDRESS)
    assert [entry.id for entry in parsed.entries] == [
        "tag:example.org,2026-11-30:changes/2026.11.0",
        "tag:example.org,2026-10-15:changes/2026.10.0",
    ]
    assert parsed.entries[0].link == SITE + "changes/2026.11.0/"
    assert parsed.entries[0].summary.startswith("2 papers added, 1 removed, 3 changed.")
    assert "Open Source Code: 1 result changed, 1 No to Yes." in parsed.entries[0].summary
    assert parsed.entries[0].summary.endswith("Correction requests: 2 opened, 1 accepted, 1 declined.")


def test_the_papers_feed_has_every_added_changed_and_removed_paper(diffs):
    parsed = parse(both(diffs)["papers"], WITH_ADDRESS)
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
    assert parsed.entries[4].summary == "Hardware Specification: correction request declined on 2026-11-20."
    assert parsed.entries[5].summary == (
        "Dataset Splits: No to Yes, correction accepted (Tao Zhuang, 2026-11-10). "
        "Pseudocode: correction request opened. Dataset Splits: correction request opened and accepted."
    )
    # a removed paper has no page: its entries link its line on the Changes page
    assert parsed.entries[2].link == SITE + "changes/2026.11.0/#paper-lubana-2021-gradient"
    older = [entry for entry in parsed.entries if entry.id.endswith("lubana-2021-gradient/2026.10.0")]
    assert [entry.link for entry in older] == [SITE + "papers/lubana-2021-gradient/"]  # unless told which have one
    current = {state.id for state in releases.make_snapshot(papers_of(fixture_records("second"))).papers.values()}
    gone = parse(both(diffs, current=current)["papers"], WITH_ADDRESS)
    assert [entry.link for entry in gone.entries if entry.id == older[0].id] == [
        SITE + "changes/2026.10.0/#paper-lubana-2021-gradient"
    ]
    limited = parse(feeds.papers_feed(diffs, WITH_ADDRESS, "M", limit=3), WITH_ADDRESS)
    assert [entry.id for entry in limited.entries] == [entry.id for entry in parsed.entries[:3]]


def test_feed_bytes_are_deterministic_and_ids_stable(diffs):
    assert both(diffs) == both(list(diffs))
    assert both(diffs, WITHOUT_ADDRESS) == both(list(diffs), WITHOUT_ADDRESS)
    ids = lambda content: [e.id for e in feedparser.parse(content).entries]  # noqa: E731
    moved = feeds.FeedSite("Reproducibility reports", "http://example.org:8080/elsewhere")
    assert ids(feeds.releases_feed(diffs, moved, "M")) == ids(both(diffs)["releases"])
    assert both(diffs)["releases"].startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns=')
    # without an address: uuid5 of the path in the dataset's namespace, the same wherever it is served
    namespace = uuid.uuid5(feeds.NAMESPACE, "Reproducibility reports")
    assert ids(both(diffs, WITHOUT_ADDRESS)["releases"]) == [
        f"urn:uuid:{uuid.uuid5(namespace, 'changes/2026.11.0')}",
        f"urn:uuid:{uuid.uuid5(namespace, 'changes/2026.10.0')}",
    ]
    other = feeds.FeedSite("Another dataset")
    assert not set(ids(both(diffs, other)["papers"])) & set(ids(both(diffs, WITHOUT_ADDRESS)["papers"]))
    feed_id = lambda content: feedparser.parse(content).feed.id  # noqa: E731
    assert feed_id(both(diffs)["releases"]) == feed_id(both(diffs, WITHOUT_ADDRESS)["releases"])


def test_record_text_cannot_break_the_feed():
    hostile_title = HOSTILE + " ]]> \ud800 \x0b \ufffe"
    old = Snapshot("2026.1.0", "2026-01-01", {})
    new = Snapshot("2026.2.0", "2026-02-01", {"p": dataclasses.replace(state({}), title=hostile_title)})
    diffs = releases.release_diffs([old, new])
    content = feeds.papers_feed(diffs, feeds.FeedSite("Site <&> \x01", SITE), "A & B")
    parsed = feedparser.parse(content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    root = check_atom(content)
    title = root.find(f"{ATOM}entry/{ATOM}title").text
    assert title.startswith("<script>alert(1)</script> **bold**")  # text, escaped in the XML
    assert "\ud800" not in title and "\x0b" not in title and "\ufffe" not in title
    assert b"<script>" not in content


@pytest.mark.parametrize("site_url", ["", "ftp://example.org/", "javascript:alert(1)", "https:///x", 'https://a"b/'])
def test_a_site_address_must_be_a_web_address(site_url):
    with pytest.raises(feeds.FeedError, match="site_url"):
        feeds.FeedSite("R", site_url)


def test_before_the_first_release_the_feeds_are_empty_and_valid():
    for site, entry_id in ((WITH_ADDRESS, TAG_ID), (WITHOUT_ADDRESS, UUID_ID)):
        for content in both([], site).values():
            parsed = parse(content, site)
            assert not parsed.bozo and parsed.entries == []
            assert parsed.feed.updated == "1970-01-01T00:00:00Z"
            check_atom(content, entry_id)


def test_a_flood_of_papers_gives_one_entry_per_kind_and_release():
    """A release that adds 12,000 papers gives one entry for them; the next one an entry per paper
    its Changes page lists, and one per kind (added, changed, removed) for those it counts."""
    many = many_papers(12_000)
    diffs = releases.release_diffs([many.first, many.second])
    content = feeds.papers_feed(diffs, WITH_ADDRESS, "M", many.current)
    assert len(content) < 150_000, len(content)
    check_atom(content)
    parsed = parse(content, WITH_ADDRESS)
    first = [entry for entry in parsed.entries if entry.id.endswith("2026.10.0") or "2026.10.0/" in entry.id]
    assert [(entry.title, entry.link, entry.id) for entry in first] == [
        (
            "12,000 papers added in 2026.10.0, not listed one by one",
            SITE + "changes/2026.10.0/#added-not-listed",
            "tag:example.org,2026-10-15:changes/2026.10.0/added",
        )
    ]
    assert first[0].summary.startswith("Too many to list one by one: 12,000 papers added in release 2026.10.0.")
    second = parsed.entries[: len(parsed.entries) - 1]
    listing = releases.changes_listing(diffs[1])
    assert 4_000 < listing.changed_counted < 4_400  # the others are listed, an entry each
    assert [entry.title for entry in second[:3]] == [
        "4,000 papers added in 2026.11.0, not listed one by one",
        f"{listing.changed_counted:,} papers changed in 2026.11.0, not listed one by one",
        "1,200 papers removed in 2026.11.0, not listed one by one",
    ]
    assert second[2].link == SITE + "changes/2026.11.0/#removed-not-listed"
    assert [entry.link for entry in second[3:]] == [SITE + f"papers/{change.id}/" for change in listing.changed]
    assert all(entry.title.endswith("(changed in 2026.11.0)") for entry in second[3:])
