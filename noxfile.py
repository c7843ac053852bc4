"""Sessions a person and CI run alike. `python -m nox -l` lists them.

Every session installs its pinned dependencies from requirements/*.txt into its own virtualenv.
"""

import os

import nox

nox.options.sessions = ["lint", "tests"]
nox.options.reuse_existing_virtualenvs = True

QUIET_MKDOCS = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite: unit, CLI, real builds (mkdocs, frictionless) and the browser."""
    session.install("-r", "requirements/test.txt")
    session.run("pytest", *session.posargs, env=QUIET_MKDOCS)


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff."""
    session.install("-r", "requirements/lint.txt")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def build(session: nox.Session) -> None:
    """Build the dataset and the whole site from records/ into site/."""
    session.install("-r", "requirements/runtime.txt")
    session.run("python", "-m", "generator", "build", *session.posargs)
    session.run("python", "-m", "generator", "site", env=QUIET_MKDOCS)  # only what changed, after a first build
    # Opened as a file, the site's links land on folder listings and Browse and search cannot load.
    session.log(
        f"site built in {os.path.abspath('site')}; view it with `nox -s serve` (rebuilds as you edit) "
        "or `python -m http.server -d site` and open http://localhost:8000/"
    )


@nox.session
def serve(session: nox.Session) -> None:
    """Build the dataset, then serve the site at http://127.0.0.1:8000; editing a record updates it."""
    session.install("-r", "requirements/runtime.txt")
    session.run("python", "-m", "generator", "build")
    # hooks/rebuild.py watches records/ and runs/ and reruns `generator build` before each rebuild
    session.run("mkdocs", "serve", "--strict", *session.posargs, env=QUIET_MKDOCS)


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Measure the generator and both site builders (pass sizes after --, e.g. -- --sizes 100000)."""
    session.install("-r", "requirements/runtime.txt", "-r", "requirements/zensical.txt")
    session.run("python", "-m", "generator", "bench", *session.posargs, env=QUIET_MKDOCS)


@nox.session(default=False)
def update_goldens(session: nox.Session) -> None:
    """Rewrite the golden files in tests/golden/ from the current generator (review the diff!)."""
    session.install("-r", "requirements/test.txt")
    session.run("pytest", "tests/unit/test_goldens.py", env={"UPDATE_GOLDENS": "1"})
