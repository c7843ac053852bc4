"""Feeds: release differences -> two Atom feeds (RFC 4287), of releases and of changed papers.

Takes the ``ReleaseDiff`` of each release (``releases.release_diffs``) and the site's address;
returns each feed's bytes. Pure: no file I/O, no clock. Every date is a release's date (midnight
UTC), so two builds of the same releases give the same bytes.

Entry ids are tag URIs (RFC 4151) made of the site's host name, the release's date and a path:
``tag:example.org,2026-11-30:changes/2026.11.0`` for a release,
``tag:example.org,2026-11-30:papers/jin-2022-pruning/2026.11.0`` for a paper changed in it. They
stay the same when the site moves from http to https or to another path on the same host, which
a plain address would not, and no two entries share one. The XML is built with
``xml.etree.ElementTree`` (which escapes text and attributes); characters XML 1.0 cannot hold at
all (most C0 controls, lone surrogates) become U+FFFD, since a feed with one is not XML.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from urllib.parse import urlsplit

from generator import model
from generator.releases import CHANGES_FOLDER, ReleaseDiff

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
RELEASES_FEED_PATH = "feeds/releases.xml"
PAPERS_FEED_PATH = "feeds/papers.xml"
PAPER_ENTRIES_LIMIT = 500  # newest changed-paper entries kept: a feed reader wants news, not history
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class FeedError(ValueError):
    pass


def _site(site_url: str) -> tuple[str, str]:
    """``(site address ending in /, host name)``; ``FeedError`` for anything but http(s) with a host."""
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.hostname or re.search(r"[\s<>\"'`\\]", site_url):
        raise FeedError(
            f"site_url {site_url!r} is not an http(s) address with a host name (set site_url in mkdocs.yml)"
        )
    return (site_url if site_url.endswith("/") else site_url + "/"), parts.hostname


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", " ".join(str(text).split()))


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    child = ET.SubElement(parent, tag, {name: _clean(value) for name, value in attributes.items()})
    if text is not None:
        child.text = _clean(text)
    return child


def _feed(
    site_url: str, title: str, author: str, path: str, first_date: str, updated: str, entries: list[dict]
) -> bytes:
    base, host = _site(site_url)
    root = ET.Element("feed", {"xmlns": ATOM_NAMESPACE})
    _add(root, "id", f"tag:{host},{first_date}:{path}")
    _add(root, "title", title)
    _add(root, "updated", _timestamp(updated))
    _add(_add(root, "author"), "name", author)
    _add(root, "link", rel="self", type="application/atom+xml", href=base + path)
    _add(root, "link", rel="alternate", type="text/html", href=base + f"{CHANGES_FOLDER}/")
    for entry in entries:
        element = _add(root, "entry")
        _add(element, "id", f"tag:{host},{entry['date']}:{entry['path']}")
        _add(element, "title", entry["title"])
        _add(element, "updated", _timestamp(entry["date"]))
        _add(element, "link", rel="alternate", type="text/html", href=base + entry["link"])
        _add(element, "summary", entry["summary"], type="text")
    ET.indent(root, space="  ")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n").encode("utf-8")


def _released(diffs: Sequence[ReleaseDiff]) -> list[ReleaseDiff]:
    released = [diff for diff in diffs if diff.new_version is not None]
    if not released:
        raise FeedError("no release yet: a feed needs at least one (make one with `python -m generator release`)")
    return released


def _release_summary(diff: ReleaseDiff) -> str:
    counts = f"{len(diff.added)} papers added, {len(diff.removed)} removed, {len(diff.changed)} changed."
    return " ".join([counts, *(count.text + "." for count in diff.counts)])


def releases_feed(diffs: Sequence[ReleaseDiff], site_url: str, site_title: str, author: str) -> bytes:
    """The Atom feed of releases (``RELEASES_FEED_PATH``), newest first: one entry per release,
    its counts in the summary, linked to its Changes page. ``diffs`` oldest first, at least one."""
    released = _released(diffs)
    entries = [
        {
            "date": diff.new_date,
            "path": f"{CHANGES_FOLDER}/{diff.new_version}",
            "title": f"Release {diff.new_version}",
            "link": f"{CHANGES_FOLDER}/{diff.new_version}/",
            "summary": _release_summary(diff),
        }
        for diff in reversed(released)
    ]
    return _feed(
        site_url,
        f"{site_title}: releases",
        author,
        RELEASES_FEED_PATH,
        released[0].new_date,
        released[-1].new_date,
        entries,
    )


def papers_feed(
    diffs: Sequence[ReleaseDiff], site_url: str, site_title: str, author: str, limit: int = PAPER_ENTRIES_LIMIT
) -> bytes:
    """The Atom feed of papers added, changed or removed (``PAPERS_FEED_PATH``): one entry per
    paper per release, newest release first, by id within a release, at most ``limit`` entries.
    A changed paper's summary lists its changed results and why."""
    released = _released(diffs)
    entries: list[dict] = []
    labels = {variable.key: variable.label for variable in model.variables()}
    for diff in reversed(released):
        version = diff.new_version
        events = [(state.id, state.title, "added", "Added to the dataset.") for state in diff.added]
        events += [
            (
                change.id,
                change.title,
                "changed",
                " ".join(
                    f"{labels[result.variable]}: {result.old} to {result.new}, {result.reason}."
                    for result in change.results
                )
                or "Record text edited; results unchanged.",
            )
            for change in diff.changed
        ]
        events += [(state.id, state.title, "removed", "Removed from the dataset.") for state in diff.removed]
        for paper_id, title, kind, summary in sorted(events):
            link = f"{CHANGES_FOLDER}/{version}/" if kind == "removed" else f"papers/{paper_id}/"
            entries.append(
                {
                    "date": diff.new_date,
                    "path": f"papers/{paper_id}/{version}",
                    "title": f"{title} ({kind} in {version})",
                    "link": link,
                    "summary": summary,
                }
            )
    return _feed(
        site_url,
        f"{site_title}: changed papers",
        author,
        PAPERS_FEED_PATH,
        released[0].new_date,
        released[-1].new_date,
        entries[:limit],
    )


def feed_links(site_url: str) -> str:
    """The ``<link rel="alternate">`` tags a page's head carries for both feeds (for a theme
    override's ``extrahead`` block), as absolute addresses under ``site_url``."""
    base = _site(site_url)[0]
    return "\n".join(
        f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{base}{path}">'
        for title, path in (("Releases", RELEASES_FEED_PATH), ("Changed papers", PAPERS_FEED_PATH))
    )
