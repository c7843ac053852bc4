"""The built site in a real headless Chromium: pages load cleanly, search works, nothing leaves the host."""

from __future__ import annotations

import pytest

from e2e.browser import browser_or_skip, console_errors, make_driver, requested_hosts, screenshot, serve

PAGES = {
    "home": "",
    "papers-index": "papers/",
    "paper": "papers/zhou-2023-three-regime/",
    "schema": "schema/",
    "contributing": "contributing/",
}


@pytest.fixture(scope="module")
def site_url(built_site):
    browser_or_skip()
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def driver(site_url):
    driver = make_driver()
    yield driver
    driver.quit()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_loads_without_console_errors_or_foreign_requests(driver, site_url, name):
    driver.get_log("browser"), driver.get_log("performance")  # drop what earlier pages logged
    driver.get(site_url + PAGES[name])
    assert driver.title, name
    assert console_errors(driver) == []
    assert requested_hosts(driver) <= {"127.0.0.1"}
    screenshot(driver, f"desktop-{name}")


def test_search_finds_paper_by_author(driver, site_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as conditions
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(site_url)
    search = WebDriverWait(driver, 10).until(
        conditions.element_to_be_clickable((By.CSS_SELECTOR, "input.md-search__input"))
    )
    search.click()
    search.send_keys("Dziugaite")
    results = WebDriverWait(driver, 20).until(
        conditions.presence_of_element_located((By.CSS_SELECTOR, ".md-search-result__item"))
    )
    assert results is not None
    texts = " ".join(item.text for item in driver.find_elements(By.CSS_SELECTOR, ".md-search-result__item"))
    assert "Pruning" in texts
