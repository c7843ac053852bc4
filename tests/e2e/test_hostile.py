"""Hostile records (tests/cases/hostile/<case>/): each is refused with its code, or built and shown inert.

Every "inert" case goes through validate, the generator build and the real `mkdocs build --strict`;
then every built page and the search index are parsed: no event-handler attribute, no link to a
scheme other than http(s) that the theme does not write itself, no element or attribute that a page
of a site built from ordinary records lacks, and each payload shown as literal text. The browser
test loads every page in headless Chromium, hovers and focuses every element, searches for the
payloads, and fails on any dialog or console error.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from e2e.browser import browser_or_skip, console_errors, make_driver, serve
from helpers import ROOT, build_site, edition_records, make_project, run_generator

HOSTILE = ROOT / "tests" / "cases" / "hostile"
CASES = {case.name: json.loads((case / "expected.json").read_text()) for case in sorted(HOSTILE.iterdir())}
INERT = sorted(name for name, expected in CASES.items() if expected["outcome"] == "inert")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "data", "background")
# The tags Material keeps in a search entry's text (hooks/search_index.py), without attributes.
INDEX_TAGS = {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}


def record_path(case: str) -> Path:
    return next((HOSTILE / case).glob("*.yaml"))


def record_id(case: str) -> str:
    return record_path(case).stem


def folded(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("case", sorted(CASES))
def test_validate_outcome(case):
    result = run_generator("validate", str(HOSTILE / case), "--format", "json")
    report = json.loads(result.stdout)
    if CASES[case]["outcome"] == "rejected":
        assert result.returncode == 1
        assert CASES[case]["code"] in {problem["code"] for problem in report["problems"]}
    else:
        assert result.returncode == 0, report


REJECTED = sorted(name for name, expected in CASES.items() if expected["outcome"] == "rejected")


@pytest.mark.parametrize("case", REJECTED)
def test_build_refuses_a_rejected_case_and_writes_nothing(tmp_path, case):
    """What validate refuses, build refuses too, naming the same code, before anything is written."""
    project = make_project(tmp_path / "project")
    for source in (HOSTILE / case).iterdir():
        if source.name != "expected.json":
            shutil.copy(source, project / "records" / source.name)
    result = run_generator("build", cwd=project)
    assert result.returncode == 1, result.stdout
    assert CASES[case]["code"] in result.stdout
    assert not (project / "build" / "docs").exists()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    extra = tmp_path_factory.mktemp("hostile-records")
    for case in INERT:
        shutil.copy(record_path(case), extra / record_path(case).name)
    return build_site(make_project(tmp_path_factory.mktemp("hostile") / "project", extra_records=extra))


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    import yaml

    return {record_id(case): yaml.safe_load(record_path(case).read_text(encoding="utf-8")) for case in INERT}


class _Page(HTMLParser):
    """A page as a browser parses it, as far as these tests need: ``<title>`` and ``<textarea>``
    hold text only (RCDATA: a ``<`` in them starts no element, character references are decoded),
    which the minifier relies on when it writes ``<`` there as a plain character."""

    RCDATA = ("title", "textarea")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.text_parts: list[str] = []
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag not in ("br", "img", "input", "meta", "link", "hr", "source", "wbr", "path", "rect", "line"):
            self._open.append(tag)
        if tag in self.RCDATA and "svg" not in self._open:
            self.set_cdata_mode(tag)

    def handle_endtag(self, tag):
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag) :]

    def handle_data(self, data):
        if "script" in self._open or "style" in self._open:
            return
        if self.cdata_elem in self.RCDATA:  # raw text in this mode: decode it as a browser does
            data = html.unescape(data)
        self.text_parts.append(data)
        if "title" in self._open and "svg" not in self._open:
            self.title_parts.append(data)
        if "h1" in self._open:
            self.h1_parts.append(data)

    @property
    def text(self) -> str:
        return folded(" ".join(self.text_parts))


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def _scheme(value: str) -> str:
    return urlsplit("".join(value.split()).lower()).scheme  # as browsers read it, whitespace removed


def _shape(site: Path) -> tuple[set[tuple[str, str]], set[str]]:
    """Every (element, attribute) pair and every non-http(s) URL value of a site's pages."""
    pairs, urls = set(), set()
    for path in site.rglob("*.html"):
        for tag, attributes in parse(path).elements:
            pairs.add((tag, ""))
            for name, value in attributes.items():
                pairs.add((tag, name))
                if name in URL_ATTRIBUTES and value and _scheme(value) not in ("", "http", "https"):
                    urls.add(value)
    return pairs, urls


def test_every_page_has_only_the_shape_of_an_ordinary_site(hostile_site, built_site):
    ordinary_pairs, theme_urls = _shape(built_site)
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        where = str(path.relative_to(hostile_site))
        for tag, attributes in parse(path).elements:
            assert (tag, "") in ordinary_pairs, (where, tag)
            for name, value in attributes.items():
                assert not name.startswith("on"), (where, tag, name)
                assert (tag, name) in ordinary_pairs, (where, tag, name, value)
                if name in URL_ATTRIBUTES and value and _scheme(value) not in ("", "http", "https"):
                    assert value in theme_urls, (where, tag, name, value)


class _IndexField(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text += data


def index_field(value: str) -> _IndexField:
    field = _IndexField()
    field.feed(value)
    field.close()
    return field


def test_search_index_holds_only_escaped_text(hostile_site, records):
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for document in index["docs"]:
        for value in (document["title"], document["text"], *document.get("tags", [])):
            for tag, attributes in index_field(value).tags:
                assert tag in INDEX_TAGS and attributes == [], (document["location"], tag, attributes)
    assert not [document for document in index["docs"] if document["location"].startswith("papers/")]
    # papers are found through api/search/, whose rows browse.js shows with textContent: exact text
    search = hostile_site / "api" / "search"
    rows = {
        row[0]: row
        for path in sorted(search.glob("papers-*.json"))
        for row in json.loads(path.read_text(encoding="utf-8"))
    }
    for paper_id, record in records.items():
        row = rows[f"papers/{paper_id}/"]
        assert row[1:] == [record["title"], ", ".join(record["authors"]), record["venue"], record["year"]]


@pytest.mark.parametrize("case", INERT)
def test_paper_page_shows_payload_literally(hostile_site, records, case):
    record = records[record_id(case)]
    page = parse(hostile_site / "papers" / record_id(case) / "index.html")
    for text in CASES[case]["texts"]:
        assert folded(text) in page.text, (case, text)
    hrefs = {attributes.get("href") for tag, attributes in page.elements if tag == "a"}
    for url in CASES[case].get("hrefs", []):
        assert url in hrefs, (case, url)
    # Material prints the front-matter title into <title> and the header: as text, exactly
    assert folded(" ".join(page.title_parts)).startswith(folded(record["title"])), page.title_parts
    assert folded(" ".join(page.h1_parts)) == folded(record["title"])


def test_listings_show_record_text_literally(hostile_site, records):
    index_text = parse(hostile_site / "papers" / "index.html").text
    home_text = parse(hostile_site / "index.html").text
    statistics_text = parse(hostile_site / "statistics" / "index.html").text
    venues_text = parse(hostile_site / "venues" / "index.html").text
    from generator.paths import edition_path, venue_path

    for record in records.values():
        title, venue = folded(record["title"]), folded(record["venue"])
        assert title in index_text
        for text in (home_text, statistics_text, venues_text):
            assert venue in text
        edition = hostile_site / edition_path(record["venue"], record["year"]).removesuffix(".md") / "index.html"
        assert title in parse(edition).text and f"{venue} {record['year']}" in parse(edition).text
        venue_page = hostile_site / venue_path(record["venue"]).removesuffix(".md") / "index.html"
        assert venue in parse(venue_page).text


def test_csv_cells_cannot_become_formulas(hostile_site):
    data = hostile_site / "data"
    tables = {
        "papers.csv": (data / "papers.csv").read_text(encoding="utf-8"),
        "assessments.csv.gz": gzip.decompress((data / "assessments.csv.gz").read_bytes()).decode("utf-8"),
    }
    for name, text in tables.items():
        rows = list(csv.reader(io.StringIO(text)))
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)
    records = [record for edition in edition_records(data).values() for record in edition]
    formula = next(record for record in records if record["id"] == record_id("formula-injection"))
    assert formula["title"] == CASES["formula-injection"]["texts"][0]  # the JSON keeps the exact text


# Records every dialog a page opens (alert, confirm, prompt, print), before any script of the page runs.
_DIALOG_TRAP = """
window.__dialogs = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__dialogs.push(name + ": " + args.join(" ")); };
}
"""
_HOVER_AND_FOCUS = """
const dialogs = [];
for (const element of document.querySelectorAll("*")) {
  for (const type of ["mouseover", "mouseenter", "mousemove", "pointerover", "pointerenter", "mousedown", "mouseup"]) {
    element.dispatchEvent(new MouseEvent(type, {bubbles: true}));
  }
  if (typeof element.focus === "function") { element.focus(); }
}
return document.querySelectorAll("*").length;
"""


# Record text is shown only in the page's content and header: the real pointer visits the centre of
# every element there (one visit per 40-pixel cell, and every element is under one of them);
# the theme's own chrome is covered by the dispatched events of _HOVER_AND_FOCUS.
_CENTRES_IN_VIEW = """
const centres = new Map();
for (const element of document.querySelectorAll(".md-content *, .md-header *")) {
  const box = element.getBoundingClientRect();
  const x = Math.floor(box.left + box.width / 2), y = Math.floor(box.top + box.height / 2);
  if (box.width > 0 && box.height > 0 && x >= 0 && y >= 0 && x < innerWidth && y < innerHeight) {
    centres.set(Math.floor(x / 40) + "," + Math.floor(y / 40), [x, y]);
  }
}
return [...centres.values()];
"""


def _move_the_mouse_over_every_visible_element(driver, screens: int = 1) -> None:
    """Real pointer moves (one chain per screen) to the centre of every element in view, for the first
    ``screens`` screens (the title, authors, links and results of a paper page are on the first; each
    chain costs about a second in ChromeDriver, so every element of every page gets the dispatched
    events of _HOVER_AND_FOCUS instead, and the real pointer the top of every page)."""
    from selenium.webdriver.common.actions.action_builder import ActionBuilder

    height = driver.execute_script("return document.documentElement.scrollHeight")
    view = driver.execute_script("return innerHeight")
    for top in range(0, min(height, view * screens), view):
        driver.execute_script("window.scrollTo(0, arguments[0])", top)
        actions = ActionBuilder(driver, duration=0)
        for x, y in driver.execute_script(_CENTRES_IN_VIEW):
            actions.pointer_action.move_to_location(x, y)
        actions.perform()


def _dialogs(driver) -> list[str]:
    return driver.execute_script("return window.__dialogs || []")


def test_browser_runs_no_injected_script(hostile_site):
    browser_or_skip()
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as conditions
    from selenium.webdriver.support.ui import WebDriverWait

    pages = sorted(path.relative_to(hostile_site).parent.as_posix() for path in hostile_site.rglob("index.html"))
    with serve(hostile_site) as url:
        driver = make_driver()
        try:
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _DIALOG_TRAP})
            for page in pages:
                driver.get_log("browser")
                driver.get(url + ("" if page == "." else page + "/"))
                assert driver.execute_script(_HOVER_AND_FOCUS) > 0
                _move_the_mouse_over_every_visible_element(driver)
                with pytest.raises(NoAlertPresentException):
                    driver.switch_to.alert.text  # noqa: B018 - raises when no dialog is open
                assert _dialogs(driver) == [], page
                assert console_errors(driver) == [], page
            queries = [CASES[case]["search"] for case in INERT if "search" in CASES[case]]
            queries += [folded(CASES[case]["texts"][0])[:40] for case in INERT]
            for query in queries:
                driver.get(url)
                search = WebDriverWait(driver, 20).until(
                    conditions.element_to_be_clickable((By.CSS_SELECTOR, "input.md-search__input"))
                )
                search.click()
                search.send_keys(query)
                WebDriverWait(driver, 20).until(
                    lambda current: current.find_elements(By.CSS_SELECTOR, ".md-search-result__meta")
                )
                driver.execute_script(_HOVER_AND_FOCUS)
                assert _dialogs(driver) == [], query
                assert console_errors(driver) == [], query
                assert driver.execute_script("return document.querySelectorAll('.md-search-result img').length") == 0
            found = driver.find_elements(By.CSS_SELECTOR, ".md-search-result__item")
            assert found, "the last query found nothing: the search results were not exercised"
        finally:
            driver.quit()


def test_hostile_titles_are_escaped_once_in_front_matter(hostile_site, records):
    from mkdocs.utils.meta import get_data

    for paper_id, record in records.items():
        source = (hostile_site.parent / "build" / "docs" / "papers" / f"{paper_id}.md").read_text(encoding="utf-8")
        assert get_data(source)[1]["title"] == html.escape(folded(record["title"]), quote=True)
