"""A real site build shared by the end-to-end tests, and the browser that the browser tests open
it in."""

from __future__ import annotations

from pathlib import Path

import pytest

from e2e.browser import WIDTHS, browser_or_skip, make_driver, serve
from helpers import build_site, make_project


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped and fixture records built into a site, once per test session."""
    return build_site(make_project(tmp_path_factory.mktemp("built") / "project"))


@pytest.fixture(scope="module")
def site_url(built_site):
    """The built site served on localhost, for a module of browser tests."""
    browser_or_skip()
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module", params=sorted(WIDTHS))
def driver(request, site_url):
    """Headless Chromium at desktop and at phone width (``driver.width_name``)."""
    driver = make_driver(*WIDTHS[request.param])
    driver.width_name = request.param
    yield driver
    driver.quit()
