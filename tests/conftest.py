"""Fixtures shared by all tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import FIXTURES, make_project


@pytest.fixture
def records_dir(tmp_path: Path) -> Path:
    """A copy of the fixture records (the five seeds plus a theoretical N/A record)."""
    target = tmp_path / "records"
    shutil.copytree(FIXTURES / "records", target)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder laid out like a clone, with the fixture records added to the shipped ones."""
    return make_project(tmp_path / "project")
