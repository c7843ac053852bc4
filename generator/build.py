"""Build: the records folder -> the MkDocs source tree with the data package inside. Lists the stages.

``build(records_dir, out_dir, docs_dir)`` checks every record (``checking``) and, only if all are
valid, runs the stages below in order and writes their files through ``output.write_tree``
(atomically): a failure leaves the previous output as it was. Each stage is a generator of
``(path, content)`` items, paths from ``paths``; a stage gets what it needs as arguments:

1. ``docs``: the hand-written pages of ``docs/``, ``<!-- generated:NAME -->`` sections filled;
2. ``package``: the Frictionless data package in ``data/`` (``package``), with the full records
   of each venue-year in ``data/records/<venue>-<year>.json.gz`` (gzip-compressed JSON, which
   paper and edition pages link); returns each file's size and rows, which the Downloads page shows;
3. ``overview pages``: home, browse, statistics, accuracy, downloads, venues and editions, the
   classifier runs, the paginated papers index, the schema page (``overview``, ``pages``);
4. ``releases``: a Changes page per release and one for the unreleased changes, the releases
   index, the two Atom feeds and "How to cite this dataset" (``releases``, ``feeds``,
   ``citation``; the release files are read before the stages);
5. ``paper pages and JSON``: one page per paper, then the Browse page's data ``api/browse/`` and
   the papers' search index ``api/search/`` (``pages``, ``api``).

With a cache file, unchanged records are neither parsed nor rendered again: a paper's page, its
edition's records and the data package's groups of rows are reused from the previous output when
the key of everything they depend on is unchanged.
An invalid record raises ``BuildFailed`` with every problem, and nothing is written.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator import (
    __version__,
    api,
    cache,
    citation,
    feeds,
    model,
    overview,
    package,
    pages,
    paths,
    releases,
    runs,
    statistics,
)
from generator.checking import CheckResult, check, collector_paused, papers_from
from generator.output import Deferred, Progress, Spliced, WriteSummary, write_tree
from generator.problems import Problem
from generator.timing import timed


class BuildFailed(Exception):
    def __init__(
        self,
        problems: list[Problem],
        warnings: list[str] | None = None,
        records_checked: int = 0,
        record_warnings: list[Problem] | None = None,
    ):
        super().__init__(f"{len(problems)} problem(s) in the records")
        self.problems = problems
        self.warnings = warnings or []
        self.records_checked = records_checked  # record files checked, as validate counts them
        self.record_warnings = record_warnings or []


@dataclass
class BuildResult:
    papers: int
    written: WriteSummary = field(default_factory=WriteSummary)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    cache_hits: int = 0  # records not parsed again
    warnings: list[str] = field(default_factory=list)  # e.g. a cache that could not be used
    record_warnings: list[Problem] = field(default_factory=list)  # e.g. a likely duplicate paper
    records_checked: int = 0


def _hand_written_pages(docs_dir: Path) -> Iterator[tuple[str, bytes]]:
    if not docs_dir.is_dir():
        return
    for path in sorted(docs_dir.rglob("*")):
        if path.is_file() and not path.is_symlink():
            content = path.read_bytes()
            if path.suffix == ".md":
                content = pages.fill_generated_sections(content.decode("utf-8")).encode("utf-8")
            yield path.relative_to(docs_dir).as_posix(), content


DataFiles = list[tuple[str, int, int | None]]  # each data file's (name, bytes, rows of a CSV table or None)


@dataclass(frozen=True)
class SiteFacts:
    """What the build takes from mkdocs.yml and the releases, and what paper pages show from them."""

    config: dict  # mkdocs.yml as ``settings.read_site_config`` reads it ({} without one)
    release_state: releases.ReleaseState
    paper_site: pages.PaperSite
    history_lines: dict[str, str]  # paper id -> its page's line of when it was added and last changed

    @property
    def site_url(self) -> str | None:
        url = self.config.get("site_url")
        return url if isinstance(url, str) else None


def site_facts(
    config: dict,
    snapshots: list,
    papers: list[model.Paper],
    edit_url_base: str | None,
    release_facts: dict[str, releases.ReleaseFacts] | None = None,
) -> SiteFacts:
    """The facts of mkdocs.yml's ``config`` and the releases' ``snapshots`` for ``papers``
    (``release_facts``: each paper's ``releases.release_facts`` by id, those known already)."""
    record_base = edit_url_base or paths.repository_records_url(config.get("repo_url"), config.get("edit_uri"))
    paper_site = pages.PaperSite(
        record_base,
        pages.repository_issue_form(config.get("repo_url")),
        pages.agreement_notes(papers),
    )
    state = releases.release_state(snapshots, papers, release_facts)
    # made once here: each paper's page and its cache key show it
    history_lines = {paper.id: releases.render_paper_history(state.history(paper.id), from_depth=2) for paper in papers}
    return SiteFacts(config, state, paper_site, history_lines)


def _data_stage(
    papers: list[model.Paper], runs_by_id: dict[str, dict], keys: dict[str, str], facts: SiteFacts
) -> Generator[tuple[str, bytes | Deferred | Spliced | Iterator[bytes]], None, DataFiles]:
    """The data package's files; returns each one's size and rows, known once the writer has
    taken them all (the Downloads page shows them). With ``keys``, the big tables are spliced (the
    parts of papers whose key is unchanged are copied from the previous output) and an edition's
    records are made again only when one of its papers changed (or one came or went)."""
    sizes: DataFiles = []
    state = facts.release_state
    released = state.last.date if state.last else None
    files = package.package_files(
        papers, model.SCHEMA_PATH.read_bytes(), __version__, runs_by_id, state.dataset_version, released
    )
    for name, content in files:
        if isinstance(content, bytes):
            rows = content.count(b"\n") - 1 if name.endswith(".csv") else None
            sizes.append((name, len(content), rows))
            yield paths.data_path(name), content
            continue
        if isinstance(content, package.EditionRecords):
            on_size = functools.partial(_record_size, sizes, name, None)
            if keys:
                member_keys = "\0".join(f"{paper.id}\0{keys[paper.id]}" for paper in content.papers)
                key = hashlib.sha256(member_keys.encode("utf-8")).hexdigest()
                yield paths.data_path(name), Deferred(key, content.file_bytes, on_size)
            else:
                records = content.file_bytes()
                on_size(len(records))
                yield paths.data_path(name), records
            continue
        rows = len(content.papers) * content.rows_per_paper
        if keys:
            on_size = functools.partial(_record_size, sizes, name, rows)
            groups = content.pieces(functools.partial(_keyed_group, content, keys))
            yield paths.data_path(name), Spliced(groups, on_size)
        else:
            yield paths.data_path(name), _counted(name, rows, content, sizes)
    return sizes


def _keyed_group(parts: package.PaperParts, keys: dict[str, str], group: list[model.Paper]) -> Deferred:
    """A group of papers' part, made only if the previous file has no part under the group's key."""
    return Deferred(parts.group_key(group, keys), functools.partial(parts.group_bytes, group))


def _record_size(sizes: list, name: str, rows: int | None, size: int) -> None:
    sizes.append((name, size, rows))


def _counted(name: str, rows: int | None, chunks: Iterable[bytes], sizes: list) -> Iterator[bytes]:
    size = 0
    for chunk in chunks:
        size += len(chunk)
        yield chunk
    sizes.append((name, size, rows))


def _keyed(
    keys: dict[str, str], what: str, members: list[model.Paper], produce: Callable[[], bytes]
) -> bytes | Deferred:
    """A file made from ``members`` alone (``what`` says which file it is, and anything else it
    shows): with the papers' ``keys``, deferred under a key of theirs, so a rebuild keeps it when
    none of its papers changed (and none came or went); without keys, made now."""
    if not keys:
        return produce()
    source = "\0".join([what, *(f"{paper.id}\0{keys[paper.id]}" for paper in members)])
    return Deferred(hashlib.sha256(source.encode("utf-8")).hexdigest(), produce)


def _encoded(render: Callable[..., str], *arguments) -> bytes:
    return render(*arguments).encode("utf-8")


def _overview_stage(
    papers: list[model.Paper], data_files: DataFiles, runs_by_id: dict[str, dict], keys: dict[str, str]
) -> Iterator[tuple[str, bytes | Deferred]]:
    """The overview pages. Those that show only some papers (a venue, an edition, a page of the
    papers index) are ``_keyed`` on them: after one record changed, only its own are made again."""
    reviewed = sum(1 for paper in papers if paper.reviews)
    descriptor = package.datapackage_descriptor(__version__)
    yield paths.HOME, overview.render_home_page(papers).encode("utf-8")
    yield paths.BROWSE, overview.render_browse_page().encode("utf-8")
    yield paths.STATISTICS, overview.render_statistics_page(papers).encode("utf-8")
    yield paths.ACCURACY, overview.render_accuracy_page(papers).encode("utf-8")
    downloads = overview.render_downloads_page(data_files, descriptor, reviewed, len(runs_by_id))
    yield paths.DOWNLOADS, downloads.encode("utf-8")
    yield paths.VENUES_INDEX, overview.render_venues_index(papers).encode("utf-8")
    measures: dict[tuple[str, int], statistics.EditionMeasures] = {}

    def measures_of(venue: str, year: int, edition_papers: list[model.Paper]) -> statistics.EditionMeasures:
        """Made once for a venue's page and the edition's page, and only if one is made."""
        if (venue, year) not in measures:
            measures[venue, year] = statistics.edition_measures(edition_papers)
        return measures[venue, year]

    for venue, venue_papers in statistics.group_by(papers, statistics.venue_of).items():
        editions = statistics.group_by(venue_papers, statistics.year_of)
        venue_page = functools.partial(_venue_page, venue, venue_papers, editions, measures_of)
        yield paths.venue_path(venue), _keyed(keys, f"venue {venue}", venue_papers, venue_page)
        for year, edition_papers in editions.items():
            edition_page = functools.partial(_edition_page, venue, year, edition_papers, measures_of)
            yield paths.edition_path(venue, year), _keyed(keys, f"edition {venue} {year}", edition_papers, edition_page)
    yield paths.RUNS_INDEX, overview.render_runs_index(runs_by_id).encode("utf-8")
    for run_id, run in sorted(runs_by_id.items()):
        yield paths.run_path(run_id), overview.render_run_page(run).encode("utf-8")
    for path, shown, render in pages.papers_index_pages(papers):
        what = f"papers index {path}, {len(papers)} papers"  # every page shows the count and links the others
        yield path, _keyed(keys, what, shown, functools.partial(_encoded, render))
    yield paths.SCHEMA, pages.render_schema_page(model.load_schema()).encode("utf-8")


def _venue_page(venue: str, venue_papers: list[model.Paper], editions: dict, measures_of: Callable) -> bytes:
    measures = {year: measures_of(venue, year, group) for year, group in editions.items()}
    return overview.render_venue_page(venue, venue_papers, measures).encode("utf-8")


def _edition_page(venue: str, year: int, edition_papers: list[model.Paper], measures_of: Callable) -> bytes:
    measures = measures_of(venue, year, edition_papers)
    return overview.render_edition_page(venue, year, edition_papers, measures).encode("utf-8")


def _releases_stage(papers: list[model.Paper], facts: SiteFacts, warnings: list[str]) -> Iterator[tuple[str, bytes]]:
    """Changes pages, the releases index, the feeds and the citation page; a problem with the
    citation facts or the committed citation files is a warning, not a failure."""
    state = facts.release_state
    current = {paper.id: (paper.venue, paper.year) for paper in papers}  # the papers with a page, by edition
    for diff in state.diffs:
        yield releases.changes_path(diff.new_version), releases.render_changes_page(diff, current).encode("utf-8")
    if state.unreleased is not None:
        yield releases.changes_path(None), releases.render_changes_page(state.unreleased, current).encode("utf-8")
    last = state.last
    try:
        cite = citation.citation_facts(facts.config, last.version if last else None, last.date if last else None)
        missing = ""
    except citation.CitationError as error:
        cite, missing = None, str(error)
    title = str(facts.config.get("site_name") or "Reproducibility reports")
    author = ", ".join(author.display for author in cite.authors) if cite else title
    try:
        feed_site = feeds.FeedSite(title, facts.site_url)
    except feeds.FeedError as error:  # the feeds link relatively, as without a site_url
        warnings.append(f"feeds: {error}; their links are relative")
        feed_site = feeds.FeedSite(title)
    yield feeds.RELEASES_FEED_PATH, feeds.releases_feed(state.diffs, feed_site, author)
    yield feeds.PAPERS_FEED_PATH, feeds.papers_feed(state.diffs, feed_site, author, current)
    feed_paths = (feeds.RELEASES_FEED_PATH, feeds.PAPERS_FEED_PATH)
    index = releases.render_releases_index(state.diffs, state.unreleased, feed_paths)
    yield paths.CHANGES_INDEX, index.encode("utf-8")
    yield paths.CITE, citation.render_cite_page(cite, missing).encode("utf-8")


def _stale_citation_warnings(facts: SiteFacts, releases_dir: Path | None) -> list[str]:
    """After a release, CITATION.cff and .zenodo.json beside releases/ must say what its facts say."""
    last = facts.release_state.last
    if last is None or releases_dir is None:
        return []
    try:
        cite = citation.citation_facts(facts.config, last.version, last.date)
    except citation.CitationError:
        return []  # the citation page says what is missing
    stale = citation.stale_citation_files(releases_dir.parent, cite)
    return (
        [
            f"{', '.join(stale)} differ from mkdocs.yml and release {last.version}: "
            "run `python -m generator release` again or regenerate them"
        ]
        if stale
        else []
    )


def _paper_files_stage(
    papers: list[model.Paper],
    edit_url_base: str | None,
    keys: dict[str, str],
    runs_by_id: dict[str, dict],
    facts: SiteFacts,
) -> Iterator[tuple[str, bytes | Deferred]]:
    """Each paper's page, then the lists of all papers."""
    for paper in papers:
        history = facts.history_lines[paper.id]
        page = functools.partial(_paper_page_bytes, paper, edit_url_base, runs_by_id, facts.paper_site, history)
        key = keys.get(paper.id)
        yield paths.paper_path(paper.id), Deferred(key, page) if key else page()
    for path, value in api.browse_files(papers):
        yield path, package.compact_json_bytes(value)
    for path, value in api.search_files(papers):
        yield path, package.compact_json_bytes(value)


def _paper_page_bytes(
    paper: model.Paper, edit_url_base: str | None, runs_by_id: dict[str, dict], site: pages.PaperSite, history: str
) -> bytes:
    return pages.render_paper_page(paper, edit_url_base, runs_by_id, site=site, history=history).encode("utf-8")


def site_files(
    papers: list[model.Paper],
    docs_dir: Path,
    edit_url_base: str | None = None,
    timings: dict | None = None,
    paper_keys: dict[str, str] | None = None,
    runs_by_id: dict[str, dict] | None = None,
    facts: SiteFacts | None = None,
    warnings: list[str] | None = None,
) -> Iterator[tuple[str, bytes | Deferred]]:
    """Every generated file as (path relative to the MkDocs source folder, bytes), stage by stage.

    ``paper_keys`` maps a paper id to a hash of everything its own page and JSON depend on (its
    record's bytes, the generator's fingerprint, the edit link, the runs): those files are then
    deferred, and reused from the previous output when their key has not changed. ``runs_by_id``
    holds the runs of runs/, whose facts paper pages show and the data package publishes;
    ``facts`` what mkdocs.yml and the releases say (``site_facts``); ``warnings`` gathers what a
    reader of the build's output should know.
    """
    timings = {} if timings is None else timings
    paper_keys = paper_keys or {}
    runs_by_id = runs_by_id or {}
    facts = facts or site_facts({}, [], papers, edit_url_base)
    warnings = [] if warnings is None else warnings
    yield from timed("docs", _hand_written_pages(docs_dir), timings)
    data_files = yield from timed("package", _data_stage(papers, runs_by_id, paper_keys, facts), timings)
    yield from timed("overview pages", _overview_stage(papers, data_files, runs_by_id, paper_keys), timings)
    yield from timed("releases", _releases_stage(papers, facts, warnings), timings)
    paper_files = _paper_files_stage(papers, edit_url_base, paper_keys, runs_by_id, facts)
    yield from timed("paper pages and JSON", paper_files, timings)


def _release_facts(checked: CheckResult, snapshots: list) -> tuple[dict[str, releases.ReleaseFacts], int]:
    """Each valid record's ``releases.release_facts`` by paper id, from the cache where it holds
    them, made (and kept in ``checked.release_facts`` for the cache) for the others; none before
    the first release, which needs none. Also how many were made."""
    if not snapshots:
        return {}, 0
    by_id, made = {}, 0
    for record in checked.loaded:
        if record.paper is None:
            continue
        path = str(record.path)
        if path not in checked.release_facts:
            checked.release_facts[path] = releases.release_facts(record.paper)
            made += 1
        by_id[record.paper.id] = checked.release_facts[path]
    return by_id, made


def build(
    records_dir: Path,
    out_dir: Path,
    docs_dir: Path,
    edit_url_base: str | None = None,
    cache_path: Path | None = None,
    releases_dir: Path | None = None,
    site_config: dict | None = None,
) -> BuildResult:
    """Validate every record, then write the site source into ``out_dir`` atomically.

    With ``cache_path``, records whose bytes are unchanged since the last build are not parsed
    again, and their pages and JSON are reused from the previous output. ``releases_dir`` holds
    the release files (``releases.read_releases``; a malformed one raises ``ReleaseError`` before
    anything is written), ``site_config`` mkdocs.yml as data (site_url, repo_url, citation facts).
    """
    # Loading, checking and rendering make millions of objects that live to the end, and no
    # reference cycles: the cyclic collector would scan the growing heap again and again (at
    # 57,000 records, half of a rebuild's time) and free nothing. Refcounting frees what goes.
    with collector_paused():
        return _build(records_dir, out_dir, docs_dir, edit_url_base, cache_path, releases_dir, site_config)


def _build(
    records_dir: Path,
    out_dir: Path,
    docs_dir: Path,
    edit_url_base: str | None,
    cache_path: Path | None,
    releases_dir: Path | None,
    site_config: dict | None,
) -> BuildResult:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    current_fingerprint = cache.fingerprint()
    loaded = cache.load(cache_path, current_fingerprint) if cache_path else cache.Loaded()
    warnings = [loaded.warning] if loaded.warning else []
    checked = check([records_dir], cached=loaded.entries, cached_at_ns=loaded.saved_at_ns)
    runs_key = runs.runs_digest(checked.runs)
    timings["load and validate"] = time.perf_counter() - started
    if checked.problems:
        raise BuildFailed(checked.problems, warnings, len(checked.files), checked.warnings)
    papers = papers_from(checked.loaded)
    snapshots = releases.read_releases(releases_dir) if releases_dir is not None else []
    release_facts, new_release_facts = _release_facts(checked, snapshots)
    facts = site_facts(site_config or {}, snapshots, papers, edit_url_base, release_facts)
    warnings += _stale_citation_warnings(facts, releases_dir)
    # What every paper page shows beyond its record: a change to it renders every page again.
    site_key = hashlib.sha256(repr(facts.paper_site).encode("utf-8")).hexdigest()
    paper_keys = {}
    if cache_path:
        # made release facts are saved on the same rule as read records: a few are cheap to make again
        if cache.worth_saving(len(checked.loaded), checked.cache_hits, len(loaded.entries)) or (
            new_release_facts > len(checked.loaded) // 1000
        ):
            try:
                cache.save(cache_path, current_fingerprint, checked.cache_entries())
            except OSError as error:  # the build goes on without one; the next reads every record
                warnings.append(f"cache {cache_path} not saved: {error}")
        for record in checked.loaded:  # valid here, so each id is its file's name
            paper_id, digest = record.path.stem, checked.digests[str(record.path)][0]
            history = facts.history_lines[paper_id]
            key_source = (
                f"{current_fingerprint}\0{edit_url_base or ''}\0{runs_key}\0{paper_id}\0{digest}\0{site_key}\0{history}"
            )
            paper_keys[paper_id] = hashlib.sha256(key_source.encode("utf-8")).hexdigest()
    started = time.perf_counter()
    progress = Progress(out_dir)  # what a failure from here on says the output folder holds
    try:
        files = site_files(papers, docs_dir, edit_url_base, timings, paper_keys, checked.runs, facts, warnings)
        summary = write_tree(out_dir, files, progress)
        made = sum(value for key, value in timings.items() if key != "load and validate")
        timings["write"] = time.perf_counter() - started - made
        return BuildResult(
            len(papers), summary, timings, checked.cache_hits, warnings, checked.warnings, len(checked.files)
        )
    except BaseException as error:
        progress.tag(error)
        raise
