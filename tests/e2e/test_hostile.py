"""Hostile records (tests/cases/hostile/<case>/): each is refused with its code, or built and shown inert.

Every "inert" case goes through validate, the generator build and the real `mkdocs build --strict`,
then the built HTML is parsed: the payload must appear as literal text, and no element, attribute or
link it carries may exist in the page. The browser test loads the pages and checks no script ran.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from e2e.browser import browser_or_skip, console_errors, make_driver, serve
from helpers import ROOT, build_site, make_project, run_generator

HOSTILE = ROOT / "tests" / "cases" / "hostile"
CASES = {case.name: json.loads((case / "expected.json").read_text()) for case in sorted(HOSTILE.iterdir())}
INERT = sorted(name for name, expected in CASES.items() if expected["outcome"] == "inert")


def record_id(case: str) -> str:
    return next((HOSTILE / case).glob("*.yaml")).stem


@pytest.mark.parametrize("case", sorted(CASES))
def test_validate_outcome(case):
    result = run_generator("validate", str(HOSTILE / case), "--format", "json")
    report = json.loads(result.stdout)
    if CASES[case]["outcome"] == "rejected":
        assert result.returncode == 1
        assert CASES[case]["code"] in {problem["code"] for problem in report["problems"]}
    else:
        assert result.returncode == 0, report


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    extra = tmp_path_factory.mktemp("hostile-records")
    for case in INERT:
        source = next((HOSTILE / case).glob("*.yaml"))
        shutil.copy(source, extra / source.name)
    return build_site(make_project(tmp_path_factory.mktemp("hostile") / "project", extra_records=extra))


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.text_parts: list[str] = []
        self.script_texts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False if tag == "script" else self._in_script

    def handle_data(self, data):
        (self.script_texts if self._in_script else self.text_parts).append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def assert_nothing_injected(page: _Page, where: str) -> None:
    for tag, attributes in page.elements:
        assert tag not in ("iframe", "object", "embed"), where
        if tag == "img":
            assert attributes.get("src") != "x", where
        if tag == "svg":
            assert "onload" not in attributes, where
        for name, value in attributes.items():
            assert not name.startswith("on"), (where, tag, name)
            if name in ("href", "src", "action") and value:
                assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (where, value)
    for script in page.script_texts:
        assert "alert(" not in script, where


@pytest.mark.parametrize("case", INERT)
def test_paper_page_shows_payload_literally(hostile_site, case):
    page = parse(hostile_site / "papers" / record_id(case) / "index.html")
    assert_nothing_injected(page, case)
    for text in CASES[case]["texts"]:
        assert " ".join(text.split()) in page.text, (case, text)


def test_papers_index_and_home_nothing_injected(hostile_site):
    for path in ("index.html", "papers/index.html"):
        assert_nothing_injected(parse(hostile_site / path), path)
    index_text = parse(hostile_site / "papers" / "index.html").text
    assert " ".join(CASES["xss-title"]["texts"][0].split()) in index_text


def test_search_index_holds_text_not_markup(hostile_site):
    index = json.loads((hostile_site / "search" / "search_index.json").read_text())
    for document in index["docs"]:
        for field in ("title", "text"):
            assert "<script" not in document[field].lower(), document["location"]
            assert "<img" not in document[field].lower() and "<iframe" not in document[field].lower()


def test_csv_cells_cannot_become_formulas(hostile_site):
    for name in ("papers.csv", "assessments.csv"):
        rows = list(csv.reader(io.StringIO((hostile_site / "data" / name).read_text(encoding="utf-8"))))
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)
    records = json.loads((hostile_site / "data" / "records.json").read_text())
    formula = next(record for record in records if record["id"] == record_id("formula-injection"))
    assert formula["title"] == CASES["formula-injection"]["texts"][0]  # the JSON keeps the exact text


def test_browser_runs_no_injected_script(hostile_site):
    browser_or_skip()
    from selenium.common.exceptions import NoAlertPresentException

    with serve(hostile_site) as url:
        driver = make_driver()
        try:
            for case in INERT:
                driver.get(f"{url}papers/{record_id(case)}/")
                with pytest.raises(NoAlertPresentException):
                    driver.switch_to.alert.text  # noqa: B018 - raises when no dialog is open
                assert console_errors(driver) == [], case
                assert driver.execute_script("return document.querySelectorAll('iframe, img[src=x]').length") == 0
        finally:
            driver.quit()
