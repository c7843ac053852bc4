"""`validate` is the check a pull request runs on every push: it must not load the renderers."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import ROOT

RENDERING = (
    "generator.build",
    "generator.pages",
    "generator.overview",
    "generator.package",
    "generator.charts",
    "generator.statistics",
    "generator.website",
    "numpy",
    "mkdocs",
    "markdown",
    "frictionless",
    "jinja2",
)

_PROGRAM = """
import json, sys
from generator import cli
code = cli.main(["validate", sys.argv[1]])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def test_validate_imports_nothing_that_renders():
    completed = subprocess.run(
        [sys.executable, "-c", _PROGRAM, str(ROOT / "records")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT)},
    )
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    assert report["code"] == 0, completed.stdout + completed.stderr
    loaded = [name for name in report["modules"] if name.split(".")[0] in {m.split(".")[0] for m in RENDERING}]
    assert not [name for name in loaded if any(name == m or name.startswith(m + ".") for m in RENDERING)], loaded
