"""Feeds: release differences -> two Atom feeds (RFC 4287), of releases and of changed papers.

Takes the ``ReleaseDiff`` of each release (``releases.release_diffs``), where the feeds are
(``FeedSite``: the site's address when ``mkdocs.yml`` gives one, and the dataset's name) and the
ids of the papers that have a page now; returns each feed's bytes. Pure: no file I/O, no clock.
Every date is a release's date (midnight UTC), so two builds of the same releases give the same
bytes. The build writes both feeds always, before the first release too (then without entries and
dated 1970-01-01, as a feed must carry a date), so that every page's head can link them.

Both feeds sit at the site's root: Material for MkDocs reads every ``<link rel="alternate">`` of a
page as another language of the site and fetches the ``sitemap.xml`` beside it, which exists only
there (in a folder, each page would log a failed request). Links: with ``site_url``, absolute
addresses under it. Without it, relative references (RFC 4287 section 2 allows them; a reader
resolves them against the feed's own address, the site's root), so the feeds work wherever the
site is served. A paper that has no page any more is linked to its line on the Changes page.

Ids (permanent, absolute, unique):

- entries, with ``site_url``: tag URIs (RFC 4151) of the site's host name, the release's date and
  a path: ``tag:example.org,2026-11-30:changes/2026.11.0`` for a release,
  ``tag:example.org,2026-11-30:papers/jin-2022-pruning/2026.11.0`` for a paper changed in it,
  ``...:changes/2026.11.0/added`` (``changed``, ``removed``) for the papers of that kind its
  Changes page counts but does not list. They stay the same when the site moves from http to
  https or to another path on the same host;
- entries, without ``site_url``: ``urn:uuid:`` UUIDs (RFC 9562, version 5) of the same path in the
  dataset's namespace, ``uuid5(uuid5(NAMESPACE, site_name), path)``: the same whatever the address
  the site is served from, as long as ``site_name`` stays;
- each feed: the ``urn:uuid:`` of its own path (``releases.xml``) in that namespace, with or
  without ``site_url``: a feed exists before any release, so its id can hold no release date.

The XML is built with ``xml.etree.ElementTree`` (which escapes text and attributes); characters
XML 1.0 cannot hold at all (most C0 controls, lone surrogates) become U+FFFD, since a feed with
one is not XML.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Container, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from generator import model
from generator.releases import (
    ADDED_NOT_LISTED,
    CHANGED_NOT_LISTED,
    CHANGES_FOLDER,
    REMOVED_NOT_LISTED,
    ChangesListing,
    ReleaseDiff,
    changes_listing,
    request_counts_text,
)

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
RELEASES_FEED_PATH = "releases.xml"  # at the site's root, as the module's docstring says why
PAPERS_FEED_PATH = "changed-papers.xml"
PAPER_ENTRIES_LIMIT = 500  # newest changed-paper entries kept: a feed reader wants news, not history
NO_RELEASE_DATE = "1970-01-01"  # a feed's updated date before the first release
# The namespace of every dataset's feed UUIDs (a fixed, random UUID; never change it).
NAMESPACE = uuid.UUID("6b0f3f0e-1d3c-4c52-9a57-5f0c2f3e8d41")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class FeedError(ValueError):
    pass


@dataclass(frozen=True)
class FeedSite:
    """Where the feeds point and how their ids are made: ``site_name`` names the dataset (the
    feeds' titles, the namespace of their UUIDs); ``site_url`` is the site's address, or None."""

    site_name: str
    site_url: str | None = None

    def __post_init__(self):
        if self.site_url is not None:
            parts = urlsplit(self.site_url)
            if parts.scheme not in ("http", "https") or not parts.hostname or re.search(r"[\s<>\"'`\\]", self.site_url):
                raise FeedError(
                    f"site_url {self.site_url!r} is not an http(s) address with a host name (in mkdocs.yml)"
                )

    @property
    def base(self) -> str:
        """What every link's site path is written after: the site's address, or nothing (the
        path is then relative to the feed, which sits at the site's root)."""
        if self.site_url is None:
            return ""
        return self.site_url if self.site_url.endswith("/") else self.site_url + "/"

    def uuid_id(self, path: str) -> str:
        namespace = uuid.uuid5(NAMESPACE, self.site_name)
        return f"urn:uuid:{uuid.uuid5(namespace, path)}"

    def entry_id(self, date: str, path: str) -> str:
        if self.site_url is None:
            return self.uuid_id(path)
        return f"tag:{urlsplit(self.site_url).hostname},{date}:{path}"


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", " ".join(str(text).split()))


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    child = ET.SubElement(parent, tag, {name: _clean(value) for name, value in attributes.items()})
    if text is not None:
        child.text = _clean(text)
    return child


def _feed(site: FeedSite, title: str, author: str, path: str, updated: str, entries: list[dict]) -> bytes:
    root = ET.Element("feed", {"xmlns": ATOM_NAMESPACE})
    _add(root, "id", site.uuid_id(path))
    _add(root, "title", title)
    _add(root, "updated", _timestamp(updated))
    _add(_add(root, "author"), "name", author)
    _add(root, "link", rel="self", type="application/atom+xml", href=site.base + path)
    _add(root, "link", rel="alternate", type="text/html", href=site.base + f"{CHANGES_FOLDER}/")
    for entry in entries:
        element = _add(root, "entry")
        _add(element, "id", site.entry_id(entry["date"], entry["path"]))
        _add(element, "title", entry["title"])
        _add(element, "updated", _timestamp(entry["date"]))
        _add(element, "link", rel="alternate", type="text/html", href=site.base + entry["link"])
        _add(element, "summary", entry["summary"], type="text")
    ET.indent(root, space="  ")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n").encode("utf-8")


def _released(diffs: Sequence[ReleaseDiff]) -> list[ReleaseDiff]:
    return [diff for diff in diffs if diff.new_version is not None]


def _updated(released: Sequence[ReleaseDiff]) -> str:
    return released[-1].new_date if released else NO_RELEASE_DATE


def _release_summary(diff: ReleaseDiff) -> str:
    counts = f"{len(diff.added)} papers added, {len(diff.removed)} removed, {len(diff.changed)} changed."
    requests = [f"Correction requests: {request_counts_text(diff.requests)}."] if diff.requests else []
    return " ".join([counts, *(count.text + "." for count in diff.counts), *requests])


def releases_feed(diffs: Sequence[ReleaseDiff], site: FeedSite, author: str) -> bytes:
    """The Atom feed of releases (``RELEASES_FEED_PATH``), newest first: one entry per release,
    its counts in the summary, linked to its Changes page. ``diffs`` oldest first."""
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
    return _feed(site, f"{site.site_name}: releases", author, RELEASES_FEED_PATH, _updated(released), entries)


def papers_feed(
    diffs: Sequence[ReleaseDiff],
    site: FeedSite,
    author: str,
    current: Container[str] | None = None,
    limit: int = PAPER_ENTRIES_LIMIT,
) -> bytes:
    """The Atom feed of papers added, changed or removed (``PAPERS_FEED_PATH``), newest release
    first, at most ``limit`` entries: one entry per paper that release's Changes page lists
    (``releases.changes_listing``), by id; for the papers it only counts, one entry per kind
    (added, changed, removed) before them, which says how many and links the page's paragraph
    about them. So a release that adds the whole Index gives one entry, not 57,000.

    A changed paper's summary lists its changed results and why, and its correction requests
    opened or decided. An entry links the paper's page, or, for a paper removed (or, with
    ``current``, the ids of the papers that have a page now, any paper without one), its line on
    that release's Changes page."""
    released = _released(diffs)
    entries: list[dict] = []
    for diff in reversed(released):
        listing = changes_listing(diff)
        entries += _counted_entries(diff, listing)
        entries += _paper_entries(diff, listing, current)
    return _feed(
        site, f"{site.site_name}: changed papers", author, PAPERS_FEED_PATH, _updated(released), entries[:limit]
    )


def _paper_entries(diff: ReleaseDiff, listing: ChangesListing, current: Container[str] | None) -> list[dict]:
    """An entry per paper the release's Changes page lists, by id."""
    version = diff.new_version
    labels = {variable.key: variable.label for variable in model.variables()}
    requests: dict[str, list[str]] = {}
    for change in diff.requests:
        requests.setdefault(change.id, []).append(f"{labels[change.variable]}: correction request {change.text}.")
    events = [
        (state.id, state.title, "added", " ".join(["Added to the dataset.", *requests.get(state.id, ())]))
        for state in listing.added
    ]
    events += [
        (
            change.id,
            change.title,
            "changed",
            " ".join(
                [
                    *(
                        f"{labels[result.variable]}: {result.old} to {result.new}, {result.reason}."
                        for result in change.results
                    ),
                    *requests.get(change.id, ()),
                ]
            )
            or "Record text edited; results unchanged.",
        )
        for change in listing.changed
    ]
    events += [(state.id, state.title, "removed", "Removed from the dataset.") for state in listing.removed]
    entries = []
    for paper_id, title, kind, summary in sorted(events):
        has_page = kind != "removed" and (current is None or paper_id in current)
        link = f"papers/{paper_id}/" if has_page else f"{CHANGES_FOLDER}/{version}/#paper-{paper_id}"
        entries.append(
            {
                "date": diff.new_date,
                "path": f"papers/{paper_id}/{version}",
                "title": f"{title} ({kind} in {version})",
                "link": link,
                "summary": summary,
            }
        )
    return entries


def _counted_entries(diff: ReleaseDiff, listing: ChangesListing) -> list[dict]:
    """One entry per kind of the papers the release's Changes page counts but does not list:
    added, changed (results changed beyond the limit, or edited with no result changed), removed."""
    version = diff.new_version
    page = f"{CHANGES_FOLDER}/{version}/"
    kinds = (
        ("added", len(listing.added_counted), ADDED_NOT_LISTED, "The Changes page counts them by edition."),
        (
            "changed",
            listing.changed_counted,
            CHANGED_NOT_LISTED,
            "The Changes page counts them by edition, and every result changed by variable.",
        ),
        ("removed", len(listing.removed_counted), REMOVED_NOT_LISTED, f"releases/{diff.old_version}.json lists them."),
    )
    return [
        {
            "date": diff.new_date,
            "path": f"{CHANGES_FOLDER}/{version}/{kind}",
            "title": f"{count:,} papers {kind} in {version}, not listed one by one",
            "link": f"{page}#{anchor}",
            "summary": f"Too many to list one by one: {count:,} papers {kind} in release {version}. {where}",
        }
        for kind, count, anchor, where in kinds
        if count
    ]
