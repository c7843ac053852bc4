"""Paths: where every generated file goes in the MkDocs source folder, and the links between them.

One place for the layout of ``build/docs/``: the renderers, the build, validation (which checks
that no two records claim one page) and the site's hooks all ask here, so moving a page means
changing one line. Paths are POSIX and relative to the source folder; a page at ``papers/x.md``
is served at ``papers/x/`` (MkDocs' directory URLs), which ``relative`` accounts for. Pure.
"""

from __future__ import annotations

from generator.serialise import slug

HOME = "index.md"
BROWSE = "browse.md"
STATISTICS = "statistics.md"
ACCURACY = "accuracy.md"
DOWNLOADS = "downloads.md"
SCHEMA = "schema.md"
CONTRIBUTING = "contributing.md"  # hand-written, from docs/
CITE = "cite.md"  # "How to cite this dataset"
CHANGES_INDEX = "changes/index.md"  # every release (releases.changes_path gives each release's page)
METHODS = "methods.md"  # hand-written (docs/methods.md): the measures' definitions
RUNS_INDEX = "runs/index.md"
MATRIX_SCRIPT = "assets/matrix.js"  # hand-written (docs/assets/): the edition matrix's sort and filter
VENUES_INDEX = "venues/index.md"
DATA_DIR = "data"  # the Frictionless data package
API_BROWSE = "api/browse/index.json"  # the Browse page's manifest and first page of rows


def _venue_name(venue: str) -> str:
    """A venue as a file name: its slug (``venue`` for one with no letter or digit)."""
    return slug(venue) or "venue"


def edition_name(venue: str, year: int) -> str:
    """One venue-year as a file name: its page, its Browse rows and its records (file and data
    package resource) share it, so that the collisions validation checks for its page are those
    of the others."""
    return f"{_venue_name(venue)}-{year}"


def browse_edition_path(venue: str, year: int) -> str:
    """The Browse page's rows of one venue-year, loaded when a reader filters, sorts or searches."""
    return f"api/browse/{edition_name(venue, year)}.json"


SEARCH_DIR = "api/search"  # the papers' search index: a manifest, word shards and paper chunks
SEARCH_MANIFEST = f"{SEARCH_DIR}/index.json"


def search_shard_path(prefix: str) -> str:
    """The shard of the words that begin with ``prefix`` (two characters), named by its UTF-8 in hex."""
    return f"{SEARCH_DIR}/words-{prefix.encode('utf-8').hex()}.json"


def search_chunk_path(number: int) -> str:
    return f"{SEARCH_DIR}/papers-{number}.json"


def paper_path(paper_id: str) -> str:
    return f"papers/{paper_id}.md"


def paper_url(paper_id: str) -> str:
    """The paper page's address relative to the site's root (what the search index holds)."""
    return page_url(paper_path(paper_id))


def data_path(name: str) -> str:
    return f"{DATA_DIR}/{name}"


EDITION_RECORDS_DIR = "records"  # in the data package


def edition_records_name(venue: str, year: int) -> str:
    """The full records of one venue-year, as gzip-compressed JSON, in the data package (relative to
    its ``datapackage.json``). One file per edition is both the package's records and what a paper's
    or an edition's page links: one copy of the records (one file per paper would be 57,000 files
    and 190 MB at the Index's size, against 54 files and about 50 MB)."""
    return f"{EDITION_RECORDS_DIR}/{edition_name(venue, year)}.json.gz"


def edition_records_path(venue: str, year: int) -> str:
    return data_path(edition_records_name(venue, year))


def venue_path(venue: str) -> str:
    return f"venues/{_venue_name(venue)}.md"


def edition_path(venue: str, year: int) -> str:
    return f"venues/{edition_name(venue, year)}.md"


def run_path(run_id: str) -> str:
    """The page of the classifier run ``runs/<run_id>.yaml``."""
    return f"runs/{run_id}.md"


def papers_index_path(page: int) -> str:
    return "papers/index.md" if page == 1 else f"papers-index/{page}.md"


# Pages the generator writes whatever the records hold: no record's id or venue may claim them.
RESERVED_PAGES = (papers_index_path(1), VENUES_INDEX)


def relative(from_path: str, to_path: str) -> str:
    """A link from the page at ``from_path`` to the file at ``to_path``, both relative to the source
    folder, as MkDocs resolves links in Markdown (from the Markdown file's own folder)."""
    depth = from_path.count("/")
    return "../" * depth + to_path


def page_url(path: str) -> str:
    """The address MkDocs gives a source file (``use_directory_urls``): ``papers/x.md`` ->
    ``papers/x/``, ``index.md`` -> ``""``; other files keep their path."""
    if not path.endswith(".md"):
        return path
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def href(from_page: str, to_path: str) -> str:
    """A relative link from the page of source file ``from_page`` to ``to_path`` (a source file)."""
    return "../" * page_url(from_page).count("/") + page_url(to_path) or "./"


def repository_records_url(repo_url: str | None, edit_uri: str | None = None) -> str | None:
    """Where the records folder is in the repository, from mkdocs.yml's ``repo_url`` and
    ``edit_uri`` (``edit/main/docs/`` -> ``<repo>/edit/main/records/``; without it,
    ``<repo>/blob/HEAD/records/``, the default branch); None without an http(s) ``repo_url``."""
    if not isinstance(repo_url, str) or not repo_url.startswith(("https://", "http://")):
        return None
    parts = [part for part in (edit_uri or "").split("/") if part and part not in (".", "..")]
    branch = "/".join(parts[:2]) if len(parts) >= 2 and parts[0] in ("edit", "blob") else "blob/HEAD"
    return f"{repo_url.rstrip('/')}/{branch}/records/"
