"""Command line: ``python -m generator {validate,build,release,site,import,export,bench}``.

A thin shell: ``main(argv) -> int`` parses arguments, calls the library, and turns its results and
known exceptions into messages and exit codes. Nothing else in the package prints or exits.

Exit codes: 0 success (all records valid), 1 invalid input (records, pages or files), 2 usage
error (unknown option, missing argument), 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator import __version__, reporting
from generator.output import write_file
from generator.reports import SHAPES

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

EPILOG = """exit codes:
  0  success: every record is valid (and the output was written)
  1  invalid input: a record, page or file has problems (each is printed)
  2  usage error: unknown command or option, or a missing argument
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own exit code is 2 as well; keep its message short
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _add_command(commands, name: str, summary: str, description: str) -> argparse.ArgumentParser:
    return commands.add_parser(
        name,
        help=summary,
        description=description,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m generator",
        description="Validate reproducibility records, publish them as a Frictionless data package "
        "and write the Markdown pages of the MkDocs site.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    validate = _add_command(
        commands,
        "validate",
        "check record files against schema.json and each other",
        "Check record files against schema.json and each other; print every problem as FILE:LINE:COL: CODE message.",
    )
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        default=[Path("records")],
        metavar="PATH",
        help="record files or folders (default: records/)",
    )
    validate.add_argument(
        "--format",
        choices=reporting.FORMATS,
        default="auto",
        help="text, json, or github annotations; auto picks github when GITHUB_ACTIONS is set (default: auto)",
    )

    build_parser = _add_command(
        commands,
        "build",
        "validate, then write the data package and the site's Markdown",
        "Validate every record, then write the MkDocs source folder: the pages, the "
        "Frictionless data package (data/) and the JSON API (api/). Writes nothing unless every record "
        "is valid; the previous output stays as it was on any failure.",
    )
    build_parser.add_argument(
        "--records", type=Path, default=Path("records"), help="records folder (default: records/)"
    )
    build_parser.add_argument(
        "--docs", type=Path, default=Path("docs"), help="hand-written pages copied into the site (default: docs/)"
    )
    build_parser.add_argument(
        "--out",
        type=Path,
        default=Path("build/docs"),
        help="output folder, the docs_dir of mkdocs.yml (default: build/docs/)",
    )
    build_parser.add_argument(
        "--format", choices=reporting.FORMATS, default="auto", help="how problems are printed (default: auto)"
    )
    build_parser.add_argument(
        "--cache",
        type=Path,
        default=Path("build/.cache/records.pickle"),
        help="cache of parsed records, so that a rebuild re-reads only changed files "
        "(default: build/.cache/records.pickle)",
    )
    build_parser.add_argument("--no-cache", action="store_true", help="parse every record and render every page")
    build_parser.add_argument(
        "--edit-url",
        metavar="URL",
        help="where a record can be edited: URL + '<id>.yaml' (default: extra.record_edit_url in mkdocs.yml, if set)",
    )

    build_parser.add_argument(
        "--releases", type=Path, default=Path("releases"), help="release files (default: releases/)"
    )
    build_parser.add_argument(
        "--config",
        type=Path,
        default=Path("mkdocs.yml"),
        help="site configuration: site_url, repo_url, edit_uri, extra.citation (default: mkdocs.yml)",
    )

    release = _add_command(
        commands,
        "release",
        "make a release: record every paper's state in releases/VERSION.json, regenerate CITATION.cff",
        "Validate every record, say what release VERSION changes since the last one (papers added, removed "
        "and changed, results changed per variable), write releases/VERSION.json, and regenerate "
        "CITATION.cff and .zenodo.json (beside releases/) from mkdocs.yml's extra.citation. A release file is "
        "never rewritten. With --citation and no VERSION, only the citation files are regenerated, for the "
        "last release.",
    )
    release.add_argument("version", nargs="?", metavar="VERSION", help="YEAR.MONTH.SERIAL, e.g. 2026.11.0")
    release.add_argument("--date", help="the release's date, YYYY-MM-DD (default: today)")
    release.add_argument("--records", type=Path, default=Path("records"), help="records folder (default: records/)")
    release.add_argument("--releases", type=Path, default=Path("releases"), help="release files (default: releases/)")
    release.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="where extra.citation is (default: mkdocs.yml)"
    )
    release.add_argument("--dry-run", action="store_true", help="say what the release would change; write nothing")
    release.add_argument(
        "--citation", action="store_true", help="without VERSION: regenerate the citation files for the last release"
    )

    import_parser = _add_command(
        commands,
        "import",
        "make records from report pages or the LLM pipeline's JSON files",
        "Make one record per paper from report pages (Markdown table or plain text, "
        "detected) or the LLM pipeline's JSON files (VENUE_YEAR.json, or NAME.json with NAME.csv beside it "
        "giving conference, year and filename), and attach a labels table (any other CSV: filename plus one "
        "column per variable, codes as in the pipeline) as people's reviews. Never overwrites a record that "
        "differs unless --force.",
    )
    import_parser.add_argument(
        "sources",
        nargs="+",
        type=Path,
        metavar="FILE_OR_DIR",
        help="pages, pipeline JSON files, labels tables (CSV), or folders of them",
    )
    import_parser.add_argument("--out", type=Path, default=Path("records"), help="records folder (default: records/)")
    import_parser.add_argument("--force", action="store_true", help="overwrite records (and reviews) that differ")
    import_parser.add_argument(
        "--format", choices=reporting.FORMATS, default="auto", help="how problems are printed (default: auto)"
    )
    import_parser.add_argument(
        "--reviewer",
        default="validation set",
        help="who made the results of a labels table, recorded as each review's 'by' (default: validation set)",
    )

    export = _add_command(
        commands,
        "export",
        "render records back as report pages",
        "Render records as report pages, to standard output or one file per record.",
    )
    export.add_argument("ids", nargs="+", metavar="ID", help="record ids (file names in records/ without .yaml)")
    export.add_argument("--format", choices=SHAPES, default="report-md", help="page shape (default: report-md)")
    export.add_argument("--records", type=Path, default=Path("records"), help="records folder (default: records/)")
    export.add_argument("--out", type=Path, help="write ID.md / ID.txt into this folder instead of standard output")
    site = _add_command(
        commands,
        "site",
        "build the website from the generated source with MkDocs, only what changed if it can",
        "Run MkDocs (strict, as mkdocs.yml says) on the source that `build` wrote. After a complete site "
        "build with the same mkdocs.yml, hooks and MkDocs/Material versions, only the pages whose Markdown "
        "changed are rendered again (plus the pages of the navigation), and the search index, Tags page and "
        "removed pages come out as a full build would make them; otherwise, or with --full, everything is built.",
    )
    site.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs configuration (default: mkdocs.yml)"
    )
    site.add_argument(
        "--state",
        type=Path,
        default=Path("build/.cache/site.json"),
        help="what the last complete site build made (default: build/.cache/site.json)",
    )
    site.add_argument("--full", action="store_true", help="build every page, like `mkdocs build --strict`")

    check_site = _add_command(
        commands,
        "check-site",
        "check that a built site fits the hosts' limits (1 GB, 100 MB per file, 200,000 files)",
        "Measure the site folder and fail (exit 1) with a message per limit it exceeds: total size over "
        "1 GB (GitHub Pages, GitLab Pages), a file over 100 MB (GitHub), more than 200,000 files (GitLab Pages). "
        "The deploy workflow runs it before uploading the site.",
    )
    check_site.add_argument("folder", type=Path, nargs="?", default=Path("site"), help="site folder (default: site/)")

    bench = _add_command(
        commands,
        "bench",
        "measure the generator and the site builders on synthetic records",
        "Write N synthetic records per size, then time the floor (libyaml parse + one file per "
        "record), validate, cold build, rebuilds, and the site builders, each in its own process with its "
        "peak memory, and print a table.",
    )
    bench.add_argument("--sizes", default="1000,10000", help="record counts for the generator (default: 1000,10000)")
    bench.add_argument(
        "--site-sizes", default="1000", help="record counts for the site builds, 0 for none (default: 1000)"
    )
    bench.add_argument(
        "--zensical-sizes",
        default="1000",
        help="of the site sizes, those Zensical builds too (default: 1000; Zensical 0.0.73 needed over 17 GB "
        "at 10,000 pages here)",
    )
    bench.add_argument(
        "--builders",
        default="mkdocs,zensical",
        help="site builders to time, of mkdocs and zensical (default: both; zensical only if installed)",
    )
    bench.add_argument("--work", type=Path, default=Path("build/bench"), help="scratch folder (default: build/bench)")
    bench.add_argument(
        "--write", type=Path, metavar="FILE", help="also write the results as a Markdown page, e.g. docs/performance.md"
    )
    return parser


def _sizes(text: str) -> list[int]:
    sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    if any(size < 0 for size in sizes):
        raise ValueError("sizes must be positive")
    return [size for size in sizes if size > 0]


def _bench(arguments) -> int:
    from generator import bench

    try:
        sizes, site_sizes = _sizes(arguments.sizes), _sizes(arguments.site_sizes)
        zensical_sizes = frozenset(_sizes(arguments.zensical_sizes))
    except ValueError as error:
        print(f"bench: the size options take comma-separated whole numbers ({error})", file=sys.stderr)
        return EXIT_USAGE
    builders = [name.strip() for name in arguments.builders.split(",") if name.strip()]
    if "zensical" in builders and not (Path(sys.executable).parent / "zensical").exists():
        print("bench: zensical is not installed here; timing mkdocs only (nox -s bench installs both)", file=sys.stderr)
        builders.remove("zensical")
    work = arguments.work.resolve()  # the steps run in folders of their own
    plan = bench.Plan(tuple(sizes), tuple(site_sizes), zensical_sizes, tuple(builders), work)
    try:
        rows = bench.run_benchmark(plan, lambda message: print(message, file=sys.stderr, flush=True))
    except bench.StepFailed as failure:
        print(f"bench: {failure}", file=sys.stderr)
        return EXIT_INVALID
    table, targets = bench.render_table(rows), bench.render_targets(rows)
    print(f"Measured on {bench.machine_description(work)}\n")
    print(table)
    if targets:
        print(targets)
    if arguments.write:
        kept = bench.hand_written_part(arguments.write.read_text(encoding="utf-8")) if arguments.write.is_file() else ""
        command = (
            f"python -m nox -s bench -- --sizes {arguments.sizes} --site-sizes {arguments.site_sizes} "
            f"--zensical-sizes {arguments.zensical_sizes} --builders {arguments.builders} --work {arguments.work}"
        )
        write_file(arguments.write, bench.render_page(table, targets, work, command, kept).encode("utf-8"))
        print(f"written to {arguments.write}")
    return EXIT_OK


def _validate(arguments) -> int:
    from generator.checking import check  # validate (the pull-request check) imports nothing that renders

    output_format = reporting.resolve_format(arguments.format)
    checked = check(arguments.paths)
    sys.stdout.write(reporting.render_problems(checked.problems, len(checked.files), output_format, checked.warnings))
    return EXIT_INVALID if checked.problems else EXIT_OK


def _build(arguments) -> int:
    from generator.build import BuildFailed, build
    from generator.output import OutputBusy, OutputIncomplete, UnsafePathError, output_state
    from generator.releases import ReleaseError
    from generator.settings import read_site_config, site_setting

    out = arguments.out
    try:
        config = read_site_config(arguments.config)
        edit_url = arguments.edit_url or site_setting(config, "record_edit_url")
        cache_path = None if arguments.no_cache else arguments.cache
        result = build(arguments.records, out, arguments.docs, edit_url, cache_path, arguments.releases, config)
    except ReleaseError as error:
        print(f"build failed: {error}; nothing in {out} was changed", file=sys.stderr)
        return EXIT_INVALID
    except BuildFailed as failure:
        _warn(failure.warnings)
        output_format = reporting.resolve_format(arguments.format)
        sys.stdout.write(
            reporting.render_problems(failure.problems, failure.records_checked, output_format, failure.record_warnings)
        )
        print(
            f"build failed: nothing written (the records have problems); nothing in {out} was changed", file=sys.stderr
        )
        return EXIT_INVALID
    except OutputIncomplete as error:  # says itself what is left and that the next build finishes it
        print(f"build failed: {error}", file=sys.stderr)
        return EXIT_INVALID
    except (OSError, UnsafePathError, OutputBusy) as error:
        print(f"build failed: {error}; {output_state(error, out)}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt as interruption:
        print(f"interrupted; {output_state(interruption, out)}", file=sys.stderr)
        return EXIT_INTERRUPTED
    _warn(result.warnings)
    if result.record_warnings:  # e.g. a likely duplicate paper: said, but the build went on
        output_format = reporting.resolve_format(arguments.format)
        sys.stderr.write(reporting.render_problems([], result.records_checked, output_format, result.record_warnings))
    written = result.written
    print(
        f"built {result.papers} papers into {out}: {written.written} files written, "
        f"{written.unchanged} unchanged, {written.removed} removed"
    )
    print(
        "view the site: nox -s serve (rebuilds as you edit), "
        "or: python -m generator site && python -m http.server -d site"
    )
    return EXIT_OK


def _release(arguments) -> int:
    import datetime

    from generator import citation, releases
    from generator.checking import check, papers_from
    from generator.settings import read_site_config

    if arguments.version is None and not arguments.citation:
        print("release: give VERSION (e.g. 2026.11.0), or --citation to regenerate the citation files", file=sys.stderr)
        return EXIT_USAGE
    try:
        existing = releases.read_releases(arguments.releases)
        config = read_site_config(arguments.config)
        root = arguments.releases.parent
        if arguments.version is None:  # --citation: the last release's files again
            last = existing[-1] if existing else None
            facts = citation.citation_facts(config, last.version if last else None, last.date if last else None)
            citation.write_citation_files(root, facts)
            which = f"release {last.version}" if last else "no release yet"
            print(f"wrote {citation.CITATION_FILE} and {citation.ZENODO_FILE} ({which})")
            return EXIT_OK
        date = arguments.date or datetime.date.today().isoformat()
        facts = citation.citation_facts(config, arguments.version, date)  # before writing anything
        checked = check([arguments.records])
        if checked.problems:
            sys.stdout.write(reporting.render_problems(checked.problems, len(checked.files), "text"))
            print("release refused: the records have problems; nothing written", file=sys.stderr)
            return EXIT_INVALID
        papers = papers_from(checked.loaded)
        diff = releases.plan_release(existing, papers, arguments.version, date)
        print(_release_summary(diff))
        if arguments.dry_run:
            print("dry run: nothing written")
            return EXIT_OK
        path = releases.write_snapshot(arguments.releases, releases.make_snapshot(papers, arguments.version, date))
        citation.write_citation_files(root, facts)
    except (releases.ReleaseError, citation.CitationError) as error:
        print(f"release refused: {error}; nothing written", file=sys.stderr)
        return EXIT_INVALID
    print(f"wrote {path}, {root / citation.CITATION_FILE} and {root / citation.ZENODO_FILE}")
    return EXIT_OK


def _release_summary(diff) -> str:
    since = f"since {diff.old_version}" if diff.old_version else "(the first release)"
    lines = [
        f"release {diff.new_version} of {diff.new_date} {since}: {len(diff.added)} papers added, "
        f"{len(diff.removed)} removed, {len(diff.changed)} changed"
    ]
    lines += [f"  {count.text}" for count in diff.counts]
    for change in diff.changed:
        lines.append(
            f"  {change.id}: "
            + (
                "; ".join(
                    f"{result.variable} {result.old} -> {result.new} ({result.reason})" for result in change.results
                )
                or "text edited, results unchanged"
            )
        )
    if diff.requests:
        from generator.releases import request_counts_text

        lines.append(f"  correction requests: {request_counts_text(diff.requests)}")
    return "\n".join(lines)


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def _progress(items, label):
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency; progress is a nicety
        return items
    return tqdm(items, desc=label, unit="paper", disable=None, leave=False, file=sys.stderr)


def _papers(count: int) -> str:
    return f"{count:,} paper{'' if count == 1 else 's'}"


def _import_summary(report) -> str:
    """One input file's outcome in papers (a refused paper may have several problems)."""
    counts = report.counts()
    if report.failed:
        return f"{report.source}: not imported; nothing of it written"
    parts = [f"{_papers(counts['written'])} written", f"{counts['unchanged']:,} unchanged"]
    if counts["refused"]:
        parts.append(f"{counts['refused']:,} refused")
    if counts["skipped"]:
        parts.append(f"{counts['skipped']:,} skipped")
    return f"{report.source}: " + ", ".join(parts)


def _import(arguments) -> int:
    from generator.importing import import_sources

    for source in arguments.sources:
        if not source.exists():
            print(f"{source}: no such file or folder", file=sys.stderr)
            return EXIT_USAGE
    output_format = reporting.resolve_format(arguments.format)
    source_reports = import_sources(
        arguments.sources, arguments.out, arguments.force, progress=_progress, reviewer=arguments.reviewer
    )
    problems = sorted(problem for report in source_reports for problem in report.problems)
    papers = sum(
        len(report.written) + len(report.unchanged) + len(set(report.refused)) + len(set(report.skipped))
        for report in source_reports
    )
    if output_format != "json":
        for report in source_reports:
            print(_import_summary(report))
            for run_id in report.runs_written:
                print(f"  run {run_id}: written to runs/{run_id}.yaml (model, settings, prompt and questions, once)")
    sources = [report.counts() for report in source_reports] if output_format == "json" else None
    sys.stdout.write(reporting.render_problems(problems, papers, output_format, checked_noun="paper", sources=sources))
    return EXIT_INVALID if problems else EXIT_OK


def _export(arguments) -> int:
    from generator.checking import check
    from generator.reports import ExportError, record_file, render_report

    status = EXIT_OK
    for record_id in arguments.ids:
        try:
            path = record_file(arguments.records, record_id)
        except ExportError as error:
            print(f"{record_id}: {error}", file=sys.stderr)
            status = EXIT_INVALID
            continue
        checked = check([path])
        if checked.problems:
            sys.stderr.write(reporting.render_problems(checked.problems, 1, "text"))
            status = EXIT_INVALID
            continue
        try:
            page = render_report(checked.loaded[0].data, arguments.format)
        except ExportError as error:
            print(f"{path}: cannot export: {error}", file=sys.stderr)
            status = EXIT_INVALID
            continue
        if arguments.out:
            suffix = ".md" if arguments.format == "report-md" else ".txt"
            write_file(arguments.out / f"{record_id}{suffix}", page.encode("utf-8"))
        else:
            sys.stdout.write(page)
    return status


def _site(arguments) -> int:
    from mkdocs.exceptions import MkDocsException

    from generator.output import OutputBusy
    from generator.website import SiteBuildFailed, SourceNotReady, build_website

    if not arguments.config.is_file():
        print(f"site: no {arguments.config}", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = build_website(arguments.config, arguments.state, full=arguments.full)
    except SiteBuildFailed as failure:
        for warning in failure.warnings:
            print(f"  {warning}", file=sys.stderr)
        told = "MkDocs' warnings are above" if failure.warnings else "MkDocs logged no warning"
        print(
            f"site build failed: {failure} ({told}). Fix each one: a page of docs/ (or mkdocs.yml) that it "
            "names, or the record that page comes from; then run `python -m generator build` and "
            "`python -m generator site` again (a full site build, since this one failed)",
            file=sys.stderr,
        )
        return EXIT_INVALID
    except (SourceNotReady, OutputBusy) as error:
        print(f"site build failed: {error}; nothing was built", file=sys.stderr)
        return EXIT_INVALID
    except MkDocsException as error:
        print(
            f"site build failed: {error} (MkDocs says why above; `python -m generator build` writes its "
            "source folder); the next site build will be a full one",
            file=sys.stderr,
        )
        return EXIT_INVALID
    for warning in result.warnings:
        print(f"  {warning}", file=sys.stderr)
    kind = "only what changed" if result.incremental else f"in full ({result.full_because})"
    print(
        f"site built {kind}: {result.rendered:,} of {result.pages:,} pages rendered, "
        f"{result.removed:,} files of removed pages or files deleted"
    )
    return EXIT_OK


def _check_site(arguments) -> int:
    from generator.hosting import megabytes, over_limits, site_figures

    if not arguments.folder.is_dir():
        print(f"check-site: no site folder {arguments.folder}; run `python -m generator site` first", file=sys.stderr)
        return EXIT_USAGE
    figures = site_figures(arguments.folder)
    problems = over_limits(figures)
    summary = f"{arguments.folder}: {megabytes(figures.total_bytes)} in {figures.files:,} files"
    if figures.largest:
        summary += f", largest {figures.largest[0][0]} ({megabytes(figures.largest[0][1])})"
    if problems:
        for problem in problems:
            print(f"check-site: {problem}", file=sys.stderr)
        print(f"{summary}: too large to publish on GitHub Pages or GitLab Pages", file=sys.stderr)
        return EXIT_INVALID
    print(f"{summary}: within the hosts' limits")
    return EXIT_OK


COMMANDS = {
    "validate": _validate,
    "build": _build,
    "release": _release,
    "site": _site,
    "import": _import,
    "export": _export,
    "bench": _bench,
    "check-site": _check_site,
}


def main(argv: list[str] | None = None) -> int:
    try:
        arguments = _parser().parse_args(argv)
    except SystemExit as exit_request:
        return int(exit_request.code or 0)
    try:
        return COMMANDS[arguments.command](arguments)
    except KeyboardInterrupt as interruption:  # after `build` printed, or in another command: no claim
        state = getattr(interruption, "output_state", None)
        print("interrupted" + (f"; {state}" if state else ""), file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # a bug: say so in one line, keep the traceback for those who ask
        if os.environ.get("GENERATOR_DEBUG"):
            raise
        print(
            f"internal error: {type(error).__name__}: {error}\n"
            "This is a bug in the generator; rerun with GENERATOR_DEBUG=1 for details and report it.",
            file=sys.stderr,
        )
        if getattr(error, "output_state", None):  # what a failed build left in its output folder
            print(error.output_state, file=sys.stderr)
        return EXIT_INVALID
