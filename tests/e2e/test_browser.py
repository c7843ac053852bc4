"""The built site in a real headless Chromium: every page type loads cleanly at desktop and phone
width, the browse filter narrows the table and round-trips through the URL, search finds a paper
by an author, dark mode works, and no page requests anything from another host.

Screenshots are kept in tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import pytest

from e2e.browser import browser_or_skip, console_errors, requested_hosts, screenshot, serve

PAGES = {
    "home": "",
    "browse": "browse/",
    "papers-index": "papers/",
    "paper": "papers/zhou-2023-three-regime/",
    "venues": "venues/",
    "venue": "venues/neurips/",
    "edition": "venues/neurips-2022/",
    "statistics": "statistics/",
    "downloads": "downloads/",
    "schema": "schema/",
    "contributing": "contributing/",
}


@pytest.fixture
def by():
    from selenium.webdriver.common.by import By

    return By


def wait_for(driver, condition, seconds=20):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds).until(condition)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_loads_without_console_errors_or_foreign_requests(driver, site_url, name):
    driver.get_log("browser"), driver.get_log("performance")  # drop what earlier pages logged
    driver.get(site_url + PAGES[name])
    assert driver.title, name
    assert console_errors(driver) == []
    assert requested_hosts(driver) <= {"127.0.0.1"}
    width = driver.execute_script("return document.documentElement.scrollWidth")
    viewport = driver.execute_script("return window.innerWidth")
    if name not in ("browse", "venues", "venue", "statistics", "edition"):  # wide tables scroll inside their box
        assert width <= viewport + 1, f"{name} scrolls sideways at {driver.width_name} width"
    screenshot(driver, f"{driver.width_name}-{name}")


def rows_shown(driver, by):
    return len(driver.find_elements(by.CSS_SELECTOR, "#browse tbody tr"))


def test_browse_filter_narrows_table_and_round_trips_the_url(driver, site_url, by):
    from selenium.webdriver.support.ui import Select

    driver.get(site_url + "browse/")
    wait_for(driver, lambda current: rows_shown(current, by) > 0)
    total = rows_shown(driver, by)
    open_filters(driver, by)
    Select(driver.find_element(by.CSS_SELECTOR, "select[data-filter=open_source_code]")).select_by_value("Yes")
    Select(driver.find_element(by.CSS_SELECTOR, "select[data-filter=venue]")).select_by_value("NeurIPS")
    wait_for(driver, lambda current: "venue=NeurIPS" in current.current_url)
    narrowed = rows_shown(driver, by)
    assert 0 < narrowed < total
    titles = [cell.text for cell in driver.find_elements(by.CSS_SELECTOR, "#browse tbody td:first-child")]
    assert titles == ["Neuron-level Structured Pruning using Polarization Regularizer"]
    shared_url = driver.current_url
    assert "open_source_code=Yes" in shared_url

    driver.get(site_url)  # leave, then open the shared address afresh
    driver.get(shared_url)
    wait_for(driver, lambda current: rows_shown(current, by) > 0)
    assert rows_shown(driver, by) == narrowed
    assert driver.find_element(by.CSS_SELECTOR, "details.browse-filters").get_attribute("open") is not None
    assert (
        Select(driver.find_element(by.CSS_SELECTOR, "select[data-filter=venue]")).first_selected_option.text
        == "NeurIPS"
    )
    screenshot(driver, f"{driver.width_name}-browse-filtered")


def open_filters(driver, by):
    filters = driver.find_element(by.CSS_SELECTOR, "details.browse-filters")
    if filters.get_attribute("open") is None:
        filters.find_element(by.TAG_NAME, "summary").click()


def test_browse_filters_fold_away_on_a_phone(driver, site_url, by):
    driver.get(site_url + "browse/")
    wait_for(driver, lambda current: rows_shown(current, by) > 0)
    folded = driver.find_element(by.CSS_SELECTOR, "details.browse-filters").get_attribute("open") is None
    assert folded == (driver.width_name == "phone")
    table_top = driver.execute_script("return document.querySelector('#browse table').getBoundingClientRect().top")
    assert table_top < driver.execute_script("return window.innerHeight")  # the table is on the first screen
    border = driver.execute_script(
        "return getComputedStyle(document.querySelector('#browse input[type=search]')).borderTopWidth"
    )
    assert border == "1px"  # the search box can be seen


def test_browse_finds_a_paper_by_any_author_and_resets_an_empty_result(driver, site_url, by):
    for author in ("Dziugaite", "carbin", "Frankle"):  # Jin is the first author
        driver.get(site_url + "browse/?text=" + author)
        wait_for(driver, lambda current: rows_shown(current, by) > 0)
        titles = [cell.text for cell in driver.find_elements(by.CSS_SELECTOR, "#browse tbody td:first-child")]
        assert any(title.startswith("Pruning") for title in titles), author
    driver.get(site_url + "browse/?text=no-such-paper-anywhere")
    reset = wait_for(driver, lambda current: current.find_element(by.CSS_SELECTOR, "button.browse-reset"))
    wait_for(driver, lambda current: reset.is_displayed())
    assert rows_shown(driver, by) == 0
    reset.click()
    wait_for(driver, lambda current: rows_shown(current, by) > 0)
    assert "text=" not in driver.current_url


def test_browse_opened_as_a_file_says_why_it_is_empty(driver, built_site, by):
    driver.get((built_site / "browse" / "index.html").as_uri())
    status = wait_for(driver, lambda current: current.find_element(by.CSS_SELECTOR, "#browse .browse-status"))
    assert "file://" in status.text and "nox -s serve" in status.text
    driver.get_log("browser")  # the theme's own search fails under file:// too: not the next test's errors


def test_browse_sort_by_score(driver, site_url, by):
    driver.get(site_url + "browse/?sort=-documentation_score")
    wait_for(driver, lambda current: rows_shown(current, by) > 0)
    scores = [
        int(cell.text.split("/")[0]) for cell in driver.find_elements(by.CSS_SELECTOR, "#browse tbody td:nth-child(5)")
    ]
    assert scores == sorted(scores, reverse=True) and len(scores) > 1
    driver.find_element(by.CSS_SELECTOR, "button[data-sort=documentation_score]").click()
    wait_for(driver, lambda current: "sort=documentation_score" in current.current_url)
    scores = [
        int(cell.text.split("/")[0]) for cell in driver.find_elements(by.CSS_SELECTOR, "#browse tbody td:nth-child(5)")
    ]
    assert scores == sorted(scores)


def test_search_finds_paper_by_author(driver, site_url, by):
    from selenium.webdriver.support import expected_conditions as conditions

    driver.get(site_url)
    if driver.width_name == "phone":
        driver.find_element(by.CSS_SELECTOR, "label.md-header__button[for=__search]").click()
    search = wait_for(driver, conditions.element_to_be_clickable((by.CSS_SELECTOR, "input.md-search__input")))
    search.click()
    search.send_keys("Carbin neurips")  # not the first author: any author's name finds the paper
    wait_for(driver, conditions.presence_of_element_located((by.CSS_SELECTOR, ".paper-search__list li")))
    texts = " ".join(item.text for item in driver.find_elements(by.CSS_SELECTOR, ".paper-search__list li"))
    assert "Pruning" in texts and "Dziugaite" in texts
    screenshot(driver, f"{driver.width_name}-search")
    search.clear()
    search.send_keys("contributing")  # the hand-written pages: the theme's own search
    wait_for(driver, conditions.presence_of_element_located((by.CSS_SELECTOR, ".md-search-result__item")))
    assert requested_hosts(driver) <= {"127.0.0.1", "localhost"}


def test_dark_mode_toggle(driver, site_url, by):
    # the theme's switch; the paper pages' own: tests/e2e/test_paper_page.py
    driver.get(site_url + "statistics/")
    scheme = driver.execute_script("return document.body.getAttribute('data-md-color-scheme')")
    toggle = driver.find_element(by.CSS_SELECTOR, "form[data-md-component=palette] label:not([hidden])")
    toggle.click()
    wait_for(
        driver,
        lambda current: current.execute_script("return document.body.getAttribute('data-md-color-scheme')") != scheme,
    )
    assert console_errors(driver) == []
    screenshot(driver, f"{driver.width_name}-statistics-dark")
    driver.find_element(by.CSS_SELECTOR, "form[data-md-component=palette] label:not([hidden])").click()


# --- The Index's views at 390 and 1280 px (issue #15), on a site with the statistics fixtures too ---

# Pages with tables or charts: the data pages and the hand-written ones with Markdown tables.
VIEW_PAGES = {
    **{name: PAGES[name] for name in ("home", "venues", "venue", "edition", "statistics", "downloads", "schema")},
    "methods": "methods/",
    "runs": "runs/",
}

# For every table wider than the article: the nearest ancestor that scrolls sideways, whether it
# does scroll, ends inside the window and draws a cue (a background gradient, the edge shadows).
TABLES_WITHOUT_CUE = """
const article = document.querySelector("article.md-content__inner");
const width = article.clientWidth;
const problems = [];
let wide = 0;
for (const table of article.querySelectorAll("table")) {
  if (table.closest("details:not([open])")) continue;
  if (table.scrollWidth <= width) continue;
  wide += 1;
  let box = table.parentElement;
  const scrolling = (element) => ["auto", "scroll"].includes(getComputedStyle(element).overflowX);
  while (box && box !== article && !scrolling(box)) box = box.parentElement;
  const style = box && box !== article ? getComputedStyle(box) : null;
  const scrolls = style && box.scrollWidth > box.clientWidth;
  const inside = style && box.getBoundingClientRect().right <= window.innerWidth + 1;
  const cue = style && style.backgroundImage.includes("gradient");
  if (!(scrolls && inside && cue)) problems.push(table.outerHTML.slice(0, 80));
}
return [wide, problems];
"""

# Rendered size of every chart text: its CSS font size times the SVG's scale on screen (the
# length of the transform's first column, so that rotated text counts too).
CHART_TEXT_SIZES = """
return Array.from(document.querySelectorAll("svg.chart text")).map((text) => {
  const matrix = text.getScreenCTM();
  return parseFloat(getComputedStyle(text).fontSize) * Math.hypot(matrix.a, matrix.b);
});
"""


@pytest.fixture(scope="module")
def views_url(tmp_path_factory):
    browser_or_skip()
    from helpers import FIXTURES, build_site, make_project

    project = make_project(tmp_path_factory.mktemp("views") / "project", extra_records=FIXTURES / "stats")
    with serve(build_site(project)) as url:
        yield url


@pytest.mark.parametrize("name", sorted(VIEW_PAGES))
def test_tables_scroll_with_a_cue_and_chart_text_is_legible(driver, views_url, name):
    driver.get(views_url + VIEW_PAGES[name])
    assert console_errors(driver) == []
    wide, problems = driver.execute_script(TABLES_WITHOUT_CUE)
    assert problems == []
    if driver.width_name == "phone" and name in ("venues", "venue", "edition", "statistics", "downloads"):
        assert wide, f"no wide table on {name} at 390 px: the check above checked nothing"
    sizes = driver.execute_script(CHART_TEXT_SIZES)
    if name in ("home", "venue", "edition", "statistics"):
        assert sizes, f"no chart on {name}"
    assert all(size >= 12 for size in sizes), (name, min(sizes))
    assert driver.execute_script("return document.documentElement.scrollWidth") <= driver.execute_script(
        "return window.innerWidth"
    ), f"{name} scrolls sideways as a whole"
    screenshot(driver, f"{driver.width_name}-views-{name}")


def test_data_pages_use_the_width_at_desktop(driver, views_url):
    if driver.width_name != "desktop":
        pytest.skip("the table of contents is hidden below 1220 px anyway")
    driver.get(views_url + "venues/")
    article = driver.execute_script("return document.querySelector('article.md-content__inner').clientWidth")
    assert article > 900  # with the right column (table of contents) it is about 720 px


def matrix_column(driver, by, column):
    return [
        row.find_elements(by.CSS_SELECTOR, "td")[column].text
        for row in driver.find_elements(by.CSS_SELECTOR, "table.edition-matrix tbody tr")
        if row.is_displayed()
    ]


def test_edition_matrix_sorts_by_every_column_and_filters_by_title(driver, views_url, by):
    driver.get(views_url + "venues/neurips-2022/")
    buttons = driver.find_elements(by.CSS_SELECTOR, "table.edition-matrix thead th button")
    assert (buttons[0].text, buttons[-1].text) == ("Title", "Total")
    assert len(buttons) == 9  # title, the seven Yes/No variables, total
    rank = {"✓": 2, "–": 1, "✗": 0}

    def key(column, text):
        return text.lower() if column == 0 else rank[text] if text in rank else int(text)

    for column, button in enumerate(buttons):
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()
        values = [key(column, text) for text in matrix_column(driver, by, column)]
        assert values == sorted(values, reverse=True), (button.text, values)
        assert button.find_element(by.XPATH, "..").get_attribute("aria-sort") == "descending"
        button.click()
        values = [key(column, text) for text in matrix_column(driver, by, column)]
        assert values == sorted(values), (button.text, values)
        assert len(values) == 5  # jin-2022 and the four NeurIPS 2022 statistics fixtures
    assert len(set(matrix_column(driver, by, 8))) > 1  # the totals differ: the sort was tested on real order
    search = driver.find_element(by.CSS_SELECTOR, ".matrix-filter input")
    search.send_keys("fixture fox")
    assert matrix_column(driver, by, 0) == ["Statistics fixture Foxtrot"]
    assert "1 of 5 papers" in driver.find_element(by.CSS_SELECTOR, ".matrix-count").text
    screenshot(driver, f"{driver.width_name}-edition-matrix")
