"""Website: MkDocs run on the generated source, in full or only for what changed.

``build_website(config_file, state_file, full=False)`` runs MkDocs' own build in this process,
strict as ``mkdocs.yml`` says. MkDocs has no incremental build, and its "dirty" build is meant
for previews: it renders only pages whose Markdown is newer than their HTML, so the search
index, the Tags page and the removal of pages that are gone come out wrong. A plugin added for
the run makes the dirty build give exactly the files of a full build:

- pages outside the navigation (papers, papers index, venue pages: tens of thousands) are
  rendered only when their Markdown changed; the generator keeps an unchanged page's file, and
  so its modification time, so only the pages of changed records count as changed;
- pages in the navigation (a dozen) are always rendered: they may show data from every page
  (the Tags page lists every tagged page);
- when Material's tags plugin is on, it is given every page's tags, read from the front matter of
  the pages not rendered, in the order of a full build (without it, nothing is read from the pages
  not rendered: at 57,000 papers, reading them all was a third of the build);
- the search index keeps the previous entries of the pages not rendered, in the order of a full
  build, and drops those of pages that are gone;
- the output files of pages and files that are gone are removed.

An incremental build runs only after a complete build whose *site fingerprint* (mkdocs.yml, its
hooks, the theme's custom_dir, the versions of MkDocs, Material, Jinja and the Markdown packages)
is the current one, recorded with the list of output files and the sha256 of the search index in
``state_file``; otherwise the build is full, and ``WebsiteResult.full_because`` says why. Any
previous state that cannot be read or does not hold together (a state file that is not one, a
search index that is missing, truncated, edited or of the wrong shape) makes the build full by
itself, never a failure. The state is removed when a build starts and written when it ends, so
after a failed or interrupted build the next one is full. Tests compare incremental builds with
full ones byte for byte.

MkDocs' own warnings (what makes a strict build abort) are gathered from its loggers: a failed
build raises ``SiteBuildFailed`` holding them, and a successful one returns them.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin, event_priority

from generator.output import exclusive, unfinished_update, write_file
from generator.site_workers import PagesInWorkers, cores

SITE_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pygments", "jinja2")
STATE_FORMAT = 2
_DIRTY_WARNING = "A 'dirty' build is being performed"


@dataclass
class WebsiteResult:
    incremental: bool
    pages: int  # Markdown pages of the site
    rendered: int  # pages rendered in this build
    removed: int  # output files of pages and files that are gone
    full_because: str | None = None  # why a build was full
    warnings: list[str] = field(default_factory=list)  # what MkDocs warned about


class SourceNotReady(Exception):
    """The MkDocs source folder is partly updated by a build that stopped; nothing was built."""


class SiteBuildFailed(Exception):
    """MkDocs stopped (``error``, e.g. "Aborted with 1 warnings in strict mode!"); ``warnings``
    holds every warning and error it logged, in order."""

    def __init__(self, error: Exception, warnings: list[str]):
        super().__init__(str(error))
        self.warnings = warnings


def site_fingerprint(config_file: Path, hook_files: list[Path], custom_dir: Path | None = None) -> str:
    """A hash of what shapes every page besides its own Markdown: mkdocs.yml, its hooks, the theme's
    custom_dir (template overrides), and the versions of the packages that render pages."""
    digest = hashlib.sha256(f"state {STATE_FORMAT}\0".encode())
    digest.update(config_file.read_bytes())
    for hook in sorted(hook_files):
        digest.update(hook.name.encode() + b"\0" + hook.read_bytes())
    if custom_dir is not None and custom_dir.is_dir():
        for path in sorted(custom_dir.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(custom_dir).as_posix().encode() + b"\0" + path.read_bytes())
    for package in SITE_PACKAGES:
        try:
            version = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"\0{package} {version}".encode())
    return digest.hexdigest()


def _read_json(path: Path):
    return json.loads(path.read_bytes().decode("utf-8"))


def _previous_build(state_file: Path, fingerprint: str, index_path: Path) -> tuple[dict, str | None]:
    """(the previous build's state and search index, or why the next build must be full)."""
    if not state_file.is_file():
        return {}, "no complete earlier site build is recorded"
    try:
        state = _read_json(state_file)
    except (OSError, ValueError) as error:
        return {}, f"the record of the last site build ({state_file}) cannot be read ({error})"
    if not isinstance(state, dict) or state.get("format") != STATE_FORMAT:
        return {}, f"the record of the last site build ({state_file}) is of another version"
    outputs = state.get("outputs")
    if not isinstance(outputs, list) or not all(isinstance(output, str) for output in outputs):
        return {}, f"the record of the last site build ({state_file}) is damaged"
    if state.get("fingerprint") != fingerprint:
        return {}, "mkdocs.yml, its hooks, the theme overrides or the MkDocs packages changed"
    try:
        index_bytes = index_path.read_bytes()
        index = json.loads(index_bytes.decode("utf-8"))
    except (OSError, ValueError) as error:
        return {}, f"the search index of the last site build ({index_path}) cannot be read ({error})"
    if hashlib.sha256(index_bytes).hexdigest() != state.get("index_sha256"):
        return {}, f"the search index ({index_path}) changed since the last site build"
    if not _well_formed_index(index):
        return {}, f"the search index of the last site build ({index_path}) is damaged"
    return {"outputs": set(outputs), "index": index}, None


def _well_formed_index(index) -> bool:
    if not isinstance(index, dict) or not isinstance(index.get("docs"), list):
        return False
    return all(
        isinstance(entry, dict) and isinstance(entry.get("location"), str) and isinstance(entry.get("text", ""), str)
        for entry in index["docs"]
    )


def build_website(config_file: Path, state_file: Path, full: bool = False) -> WebsiteResult:
    """Build the site of ``config_file``; incrementally unless ``full`` or no usable state.
    Raises ``SiteBuildFailed`` (with MkDocs' warnings) when MkDocs stops, e.g. on a warning in
    strict mode, ``mkdocs.exceptions.ConfigurationError`` for a configuration it refuses,
    ``SourceNotReady`` while the source folder is partly updated by a build that stopped, and
    ``OutputBusy`` while another site build runs (it holds ``STATE.lock``)."""
    config = load_config(str(config_file))
    site_dir = Path(config.site_dir)
    journal = unfinished_update(Path(config.docs_dir))
    if journal is not None:
        raise SourceNotReady(
            f"{config.docs_dir} is partly updated by a build that stopped ({journal} holds what is left); "
            "run `python -m generator build` to finish it first"
        )
    with exclusive(site_dir, state_file.with_name(state_file.name + ".lock")):
        return _build_website(config, config_file, state_file, full, site_dir)


def _build_website(config, config_file: Path, state_file: Path, full: bool, site_dir: Path) -> WebsiteResult:
    hooks = [Path(path) for path in config.get("hooks") or []]
    custom_dir = config.theme.custom_dir
    fingerprint = site_fingerprint(config_file, hooks, Path(custom_dir) if custom_dir else None)
    index_path = site_dir / "search" / "search_index.json"
    previous, full_because = (
        ({}, "a full build was asked for") if full else _previous_build(state_file, fingerprint, index_path)
    )
    incremental = full_because is None
    state_file.unlink(missing_ok=True)  # written again only when this build succeeds
    plugin = _IncrementalPlugin(previous.get("index"), previous.get("outputs", set()))
    config.plugins["generator/incremental"] = plugin
    config.plugins["generator/workers"] = PagesInWorkers(cores(), plugin.rendered, own=(plugin,))
    build_logger = logging.getLogger("mkdocs.commands.build")
    quiet = _DropDirtyWarning()
    build_logger.addFilter(quiet)
    warnings = _Warnings()
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(warnings)
    clearing = None if incremental else _clear_in_background(site_dir)
    try:
        config.plugins.on_startup(command="build", dirty=incremental)
        try:
            build(config, dirty=incremental)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as error:
        raise SiteBuildFailed(error, warnings.messages) from error
    finally:
        build_logger.removeFilter(quiet)
        mkdocs_logger.removeHandler(warnings)
        if clearing is not None:
            clearing.wait()
    index_sha256 = hashlib.sha256(index_path.read_bytes()).hexdigest() if index_path.is_file() else None
    state = {
        "format": STATE_FORMAT,
        "fingerprint": fingerprint,
        "index_sha256": index_sha256,
        "outputs": sorted(plugin.outputs),
    }
    write_file(state_file, (json.dumps(state, indent=1) + "\n").encode("utf-8"))
    return WebsiteResult(
        incremental, plugin.pages, len(plugin.rendered), plugin.removed, full_because, warnings.messages
    )


_REMOVE = "import shutil, sys\nfor path in sys.argv[1:]:\n    shutil.rmtree(path, ignore_errors=True)\n"


def _clear_in_background(site_dir: Path) -> subprocess.Popen | None:
    """A full build starts by emptying the site folder, which MkDocs does file by file before it
    builds anything (15 s for 57,000 pages here). Instead, what it would remove (all but the dot
    files at the top, which it keeps) is moved at once into a folder beside it, which another
    process removes while the site is built, with any such folder a killed build left; the build
    waits for it before it ends. What cannot be moved (another file system) MkDocs removes itself."""
    prefix = f".{site_dir.name}.old-"
    leftovers = [str(path) for path in site_dir.parent.glob(prefix + "*") if path.is_dir() and not path.is_symlink()]
    moved = None
    try:
        if site_dir.is_dir() and not site_dir.is_symlink():
            entries = [entry for entry in os.scandir(site_dir) if not entry.name.startswith(".")]
            if entries:
                moved = tempfile.mkdtemp(dir=site_dir.parent, prefix=prefix)
                for entry in entries:
                    os.rename(entry.path, os.path.join(moved, entry.name))
    except OSError:
        pass  # MkDocs removes what is left
    folders = leftovers + ([moved] if moved else [])
    return subprocess.Popen([sys.executable, "-c", _REMOVE, *folders], preexec_fn=_lowest_priority) if folders else None


def _lowest_priority() -> None:
    os.nice(19)  # the build comes first


class _Warnings(logging.Handler):
    """Every warning and error MkDocs (and its plugins and hooks) logs during the build: run in
    this process, MkDocs has no console handler of its own, so without this they are lost."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


class _DropDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build may be inaccurate; this one is made exact, and in strict mode
    the warning would abort it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_WARNING)


class _IncrementalPlugin(BasePlugin):
    """Added to MkDocs' plugins for one build (see the module docstring); in a full build it only
    records the outputs. It relies on Material's tags plugin keeping its pages' tags in
    ``mappings.data`` (Material 9.x, pinned in requirements/); the tests that compare incremental
    and full builds byte for byte fail if an upgrade changes that."""

    def __init__(self, previous_index: dict | None, previous_outputs: set[str]):
        super().__init__()
        self.dirty = previous_index is not None
        self.previous_index = previous_index
        self.previous_outputs = previous_outputs
        self.outputs: set[str] = set()
        self.page_urls: list[str] = []
        self.rendered: set[str] = set()
        self.pages = 0
        self.removed = 0
        self._files = None

    def on_nav(self, nav, *, config, files):
        if self.dirty:
            for page in nav.pages:  # always rendered: they may gather data from every page
                Path(page.file.abs_dest_path).unlink(missing_ok=True)
            # MkDocs asks each file two or three times (reading, building, sharing out) whether it
            # changed, two stats each (350,000 at 57,000 pages): the answer, once, from now on
            for file in files:
                file.is_modified = _YES if file.is_modified() else _NO
        return nav

    @event_priority(150)  # before the tags plugin makes its listings (priority 100)
    def on_env(self, env, *, config, files):
        documentation = files.documentation_pages()
        self.page_urls = [file.page.url if file.page is not None else file.url for file in documentation]
        self.pages = len(documentation)
        tags = config.plugins.get("material/tags")
        if not self.dirty or tags is None or not tags.config.enabled:
            return env  # without the tags plugin, no page shows what another page's front matter says
        for file in documentation:
            if file.page is not None and file.page.markdown is None:
                file.page.read_source(config)  # its front matter: title and tags
        tags.mappings.data.clear()  # again in the order of a full build, with every page
        for file in documentation:
            if file.page is not None and tags.filter(file):
                tags.mappings.add(file.page, file.page.markdown)
        return env

    def on_page_context(self, context, *, page, config, nav):
        self.rendered.add(page.url)
        return context

    @event_priority(-100)  # after the search plugin and the hooks wrote the index
    def on_post_build(self, *, config):
        site_dir = Path(config.site_dir)
        if self.dirty:
            self._merge_search_index(site_dir / "search" / "search_index.json")
        files = self._files or []
        self.outputs = {file.dest_uri for file in files if file.inclusion.is_included()}
        for stale in sorted(self.previous_outputs - self.outputs):
            path = site_dir / stale
            if path.is_file() and path.resolve().is_relative_to(site_dir.resolve()):
                path.unlink()
                self.removed += 1
                _remove_empty_parents(path.parent, site_dir)

    def on_files(self, files, *, config):
        self._files = files
        return files

    def _merge_search_index(self, index_path: Path) -> None:
        """Fresh entries for the pages rendered, the previous ones for the others, in the order of
        the pages; written as hooks/search_index.py writes the index (compact, UTF-8)."""
        if not index_path.is_file() or self.previous_index is None:
            return
        index = json.loads(index_path.read_text(encoding="utf-8"))
        fresh = _entries_by_page(index["docs"])
        kept = _entries_by_page(self.previous_index.get("docs", []))
        documents = []
        for url in self.page_urls:
            documents.extend(fresh.get(url, []) if url in self.rendered else kept.get(url, []))
        index["docs"] = documents
        index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


_YES, _NO = True.__bool__, False.__bool__  # a file's answer to is_modified(), shared


def _entries_by_page(entries: list[dict]) -> dict[str, list[dict]]:
    pages: dict[str, list[dict]] = {}
    for entry in entries:
        pages.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
    return pages


def _remove_empty_parents(folder: Path, site_dir: Path) -> None:
    while folder != site_dir and site_dir in folder.parents:
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = folder.parent
