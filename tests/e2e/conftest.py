"""A real site build shared by the end-to-end tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import build_site, make_project


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped and fixture records built into a site, once per test session."""
    return build_site(make_project(tmp_path_factory.mktemp("built") / "project"))
