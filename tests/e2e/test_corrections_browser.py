"""Corrections in a real headless Chromium (issue #16): a paper with an open correction request and
one with an accepted one, on a site whose mkdocs.yml names a GitHub repository. The open request
is shown beside the result it disputes, the accepted one is the published result with the
classifier's kept, and each variable's "report a correction" link opens the issue form with the
paper id and the variable as query parameters."""

from __future__ import annotations

import shutil
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from release_fixtures import RELEASE_FIXTURES

from e2e.browser import browser_or_skip, make_driver, screenshot, serve
from helpers import build_site, make_project

REPOSITORY = "https://github.com/example/reproducibility-reports"
OPEN_ONLY, ACCEPTED = "jin-2022-pruning", "zhuang-2020-neuron-level"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    browser_or_skip()
    project = make_project(tmp_path_factory.mktemp("corrections") / "project")
    # zhuang: an accepted correction (Dataset Splits) and an open one (Pseudocode).
    shutil.copy(RELEASE_FIXTURES / "second" / "records" / f"{ACCEPTED}.yaml", project / "records")
    # jin: an author's open request on Experiment Setup, and nothing else.
    jin = project / "records" / f"{OPEN_ONLY}.yaml"
    record = yaml.safe_load(jin.read_text())
    disputed = record["variables"]["experiment_setup"]
    disputed["corrections"] = [
        {
            "by": "Tian Jin",
            "role": "author",
            "date": "2026-11-20",
            "claim": "Appendix A lists every hyperparameter.",
            "evidence": "Table 3 (Appendix A) gives learning rates, batch sizes and schedules.",
            "result": "No" if disputed.get("reviewed", disputed)["result"] == "Yes" else "Yes",
            "status": "open",
        }
    ]
    jin.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True))
    with (project / "mkdocs.yml").open("a") as config:
        config.write(f"\nrepo_url: {REPOSITORY}\n")
    with serve(build_site(project)) as url:
        yield url


@pytest.fixture(scope="module")
def driver(site_url):
    driver = make_driver(1280, 900)
    yield driver
    driver.quit()


def row(driver, label: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.XPATH, f"//tr[td[1][starts-with(normalize-space(.), '{label}')]]")


def cells(table_row) -> list[str]:
    from selenium.webdriver.common.by import By

    return [cell.text for cell in table_row.find_elements(By.TAG_NAME, "td")]


def test_an_open_request_is_shown_beside_the_result_it_disputes(driver, site_url):
    driver.get(site_url + f"papers/{OPEN_ONLY}/")
    _, result, _ = cells(row(driver, "Experiment Setup"))
    assert "an author disputes this result" in result
    assert "disputes" not in cells(row(driver, "Pseudocode"))[1]
    screenshot(driver, "correction-open")


def test_an_accepted_request_is_the_published_result(driver, site_url):
    driver.get(site_url + f"papers/{ACCEPTED}/")
    _, result, evidence = cells(row(driver, "Dataset Splits"))
    assert result.splitlines()[0].endswith("Yes")
    assert "corrected at the request of an author (Tao Zhuang); the language model said No" in result
    assert "does not explicitly provide" in evidence  # the classifier's evidence stays
    assert "a reader disputes this result (asks for No)" in cells(row(driver, "Pseudocode"))[1]
    screenshot(driver, "correction-accepted")


def test_the_report_link_carries_the_paper_id_and_the_variable(driver, site_url):
    from selenium.webdriver.common.by import By

    driver.get(site_url + f"papers/{ACCEPTED}/")
    link = row(driver, "Dataset Splits").find_element(By.CSS_SELECTOR, "a.correction-link")
    address = link.get_attribute("href")
    query = parse_qs(urlsplit(address).query)
    assert address.startswith(REPOSITORY + "/issues/new?")
    assert query["paper"] == [ACCEPTED] and query["variable"] == ["dataset_splits"]
    assert query["template"] == ["correction.yml"]
