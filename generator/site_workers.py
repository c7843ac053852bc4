"""Site workers: MkDocs' pages built by one process per core, the same files as one process builds.

MkDocs builds its pages one after another; at 57,000 papers that (the theme's templates, the
minifier, writing the file) is most of a full site build, on one core. ``PagesInWorkers``, a plugin
that ``website.build_website`` adds for one build, shares the work out. When MkDocs starts building
pages, the pages that nothing keeps anything of once they are built are split: worker processes,
forked then (so each has the configuration, navigation, pages and templates MkDocs made), build
theirs with MkDocs' own ``_build_page`` and the same arguments, while this process builds the rest
and skips theirs. Such a page (a paper's page) is:

- excluded from the theme's search index in its front matter (the search plugin then keeps
  nothing of it), and
- built with only event handlers known to keep no state between pages: Material's search
  plugin, the generator's own plugins, and hooks whose handler says so (``worker_safe = True``,
  e.g. hooks/minify.py). With any other plugin or hook on ``on_page_context`` or
  ``on_post_page``, every page is built here, as MkDocs does.

Each worker sends back what MkDocs logged in it (warnings and errors, logged again here, so strict
mode counts them as if they had happened here) and which pages it built; a worker that fails fails
the build, after every worker has ended. Pages are still built once each, by the same code, from
the same state, so the files are those of a build in one process (the tests compare them byte for
byte). Nothing is shared when fewer than ``PARALLEL_MINIMUM`` pages would be, or with one core.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import signal

import mkdocs.commands.build as mkdocs_build
from material.plugins.search.plugin import SearchPlugin
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

PARALLEL_MINIMUM = 500  # pages to share before forking a worker is worth it
_PAGE_EVENTS = ("page_context", "post_page")  # the events MkDocs runs while it builds a page


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


class PagesInWorkers(BasePlugin):
    """Added to MkDocs' plugins for one build (see the module docstring). ``own`` are the plugins
    of the generator whose page handlers keep what they must in ``rendered``: the URLs of the pages
    built in workers are added to it before any ``on_post_build`` handler runs."""

    def __init__(self, processes: int, rendered: set[str], own: tuple[BasePlugin, ...] = ()):
        super().__init__()
        self.processes = processes
        self.rendered = rendered
        self.own = own
        self.shared = 0  # pages built in workers
        self._workers: list[tuple[int, int]] = []  # (process id, read end of its pipe)
        self._elsewhere: set[str] = set()  # source paths of the pages the workers build
        self._original = None
        self._started = False

    def on_pre_build(self, *, config):
        if self.processes > 1 and fork_available() and self._handlers_keep_no_state(config):
            self._original = mkdocs_build._build_page
            mkdocs_build._build_page = self._build_page

    def _handlers_keep_no_state(self, config) -> bool:
        for event in _PAGE_EVENTS:
            for handler in config.plugins.events[event]:
                owner = getattr(handler, "__self__", None)
                if not (isinstance(owner, SearchPlugin) or owner in self.own or getattr(handler, "worker_safe", False)):
                    return False
        return True

    def _build_page(self, page, config, doc_files, nav, env, dirty=False, excluded=False):
        """MkDocs' ``_build_page``, which at its first call starts the workers."""
        if self._original is None:  # pragma: no cover - only while this plugin has it in place
            raise RuntimeError("site workers are not set up")
        if not self._started:
            self._started = True
            self._start(doc_files, (config, doc_files, nav, env, dirty))
        if page.file.src_uri in self._elsewhere:
            return None
        return self._original(page, config, doc_files, nav, env, dirty, excluded=excluded)

    def _start(self, doc_files, arguments: tuple) -> None:
        dirty = arguments[-1]
        pages = [
            file.page
            for file in doc_files
            if file.page is not None
            and not file.inclusion.is_excluded()
            and _search_excluded(file.page)
            and (not dirty or file.is_modified())
        ]
        if len(pages) < PARALLEL_MINIMUM:
            return
        shares = [pages[number :: self.processes] for number in range(self.processes)]
        gc.freeze()  # the collector in a worker then never touches (so copies) what was made before
        try:
            for share in shares[1:]:  # the first share stays here
                self._fork(share, arguments)
                self._elsewhere.update(page.file.src_uri for page in share)
                self.shared += len(share)
        finally:
            gc.unfreeze()

    def _fork(self, pages: list, arguments: tuple) -> None:
        read_end, write_end = os.pipe()
        process = os.fork()
        if process == 0:  # the worker: build, report, and end without running anything of this process's
            os.close(read_end)
            status = 1
            try:
                status = _work(self._original, pages, arguments, write_end)
            finally:
                os._exit(status)
        os.close(write_end)
        self._workers.append((process, read_end))

    @event_priority(200)  # first: the other handlers see the whole build
    def on_post_build(self, *, config):
        failures = self._gather()
        self._restore()
        if failures:
            raise PluginError("a worker building pages failed: " + "; ".join(failures))

    def on_build_error(self, *, error):
        self._stop()
        self._restore()

    def on_shutdown(self):
        self._stop()
        self._restore()

    def _gather(self) -> list[str]:
        """Wait for every worker: log what it logged, record the pages it built; its failures."""
        failures = []
        for process, read_end in self._workers:
            with os.fdopen(read_end, "rb") as pipe:
                data = pipe.read()
            _pid, status = os.waitpid(process, 0)
            try:
                report = pickle.loads(data)
            except (pickle.UnpicklingError, EOFError, ValueError):
                report = {"logged": [], "built": [], "error": f"it ended without a report (status {status})"}
            for name, level, message in report["logged"]:
                logging.getLogger(name).log(level, "%s", message)
            self.rendered.update(report["built"])
            if report["error"] is not None:
                failures.append(report["error"])
            elif status != 0:
                failures.append(f"it ended with status {status}")
        self._workers = []
        return failures

    def _stop(self) -> None:
        for process, read_end in self._workers:
            with contextlib.suppress(OSError):
                os.kill(process, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.close(read_end)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(process, 0)
        self._workers = []

    def _restore(self) -> None:
        if self._original is not None:
            mkdocs_build._build_page = self._original
            self._original = None


def fork_available() -> bool:
    return hasattr(os, "fork")


def _search_excluded(page) -> bool:
    search = page.meta.get("search")
    return isinstance(search, dict) and search.get("exclude") is True


class _Logged(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _work(build_page, pages: list, arguments: tuple, write_end: int) -> int:
    """In a worker: build ``pages`` as MkDocs would, then write the report into ``write_end``."""
    logged = _Logged()
    logging.getLogger("mkdocs").addHandler(logged)
    built, error = [], None
    try:
        for page in pages:
            build_page(page, *arguments, excluded=page.file.inclusion.is_excluded())
            built.append(page.url)
    except Exception as failure:  # MkDocs logged which page; the build fails in the main process
        error = f"{type(failure).__name__}: {failure}"
    report = pickle.dumps({"logged": logged.records, "built": built, "error": error})
    with os.fdopen(write_end, "wb") as pipe:
        pipe.write(report)
    return 0 if error is None else 1
