"""Meta-tests on the repository: workflows keep least privilege, hooks and docs match the CLI."""

import re
import subprocess
import sys
from pathlib import Path

import yaml

from generator import cli

ROOT = Path(__file__).resolve().parent.parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def load_workflow(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text())
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def test_workflows_never_run_untrusted_code_with_write_access():
    assert WORKFLOWS
    for path in WORKFLOWS:
        text = "\n".join(line for line in path.read_text().splitlines() if not line.lstrip().startswith("#"))
        workflow = load_workflow(path)
        assert "pull_request_target" not in text and "pull_request_target" not in workflow["on"], path.name
        assert "secrets." not in text, path.name
        assert workflow["permissions"] == {"contents": "read"}, path.name
        if "pull_request" in workflow["on"]:
            for job in workflow["jobs"].values():
                assert "permissions" not in job, f"{path.name}: a pull-request job must not widen permissions"


def test_pull_request_workflow_runs_the_validator_with_github_format():
    workflow = load_workflow(ROOT / ".github" / "workflows" / "validate.yml")
    assert set(workflow["on"]) == {"pull_request"}
    paths = workflow["on"]["pull_request"]["paths"]
    for watched in ("records/**", "runs/**", "schema.json", "generator/**"):
        assert watched in paths, watched
    commands = " ".join(step.get("run", "") for step in workflow["jobs"]["validate"]["steps"])
    assert "python -m generator validate --format github" in commands


def test_every_action_is_pinned_by_full_commit_sha_with_its_tag_in_a_comment():
    """A tag can be moved to other code; a commit cannot."""
    for path in WORKFLOWS:
        uses = [line.strip() for line in path.read_text().splitlines() if re.match(r"\s*(- )?uses:", line)]
        assert uses, path.name
        for line in uses:
            assert re.fullmatch(r"(- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+(\.\d+)*", line), (path.name, line)


def test_pre_commit_hook_entry_runs_the_validator():
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    local = config["repos"][0]["hooks"][0]
    assert local["id"] == hook["id"] and local["entry"] == hook["entry"]
    assert re.search(hook["files"], "records/jin-2022-pruning.yaml")
    record = ROOT / "records" / "jin-2022-pruning.yaml"
    entry = hook["entry"].split()
    assert entry[:3] == ["python", "-m", "generator"]
    result = subprocess.run([sys.executable, *entry[1:], str(record)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_command_and_option_is_documented():
    documented = (ROOT / "docs" / "cli.md").read_text()
    parser = cli._parser()
    commands = next(action for action in parser._actions if action.dest == "command")
    for name, subparser in commands.choices.items():
        assert f"python -m generator {name}" in documented, name
        for action in subparser._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert option in documented, f"{name} {option}"


def test_readme_has_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert ci in readme
    assert "python -m nox -s build" in readme


def test_shipped_records_start_with_the_schema_comment():
    for path in sorted((ROOT / "records").glob("*.yaml")):
        assert path.read_text().startswith("# yaml-language-server: $schema=../schema.json\n"), path.name


def test_every_module_has_its_job_on_the_architecture_page():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`(\w+)`", page.split("## The modules", 1)[1].split("## ", 1)[0]))
    modules = {path.stem for path in (ROOT / "generator").glob("*.py") if not path.stem.startswith("__")}
    assert modules <= listed, sorted(modules - listed)
    for named in re.findall(r"`(tests/[\w/.-]+\.py)`", page):
        assert (ROOT / named).is_file(), named


def test_every_test_the_security_page_names_exists():
    page = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    sources = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "tests").rglob("*.py"))
    names = set(re.findall(r"(?:::|`)(test_\w+)`", page))
    assert len(names) > 10
    for name in names:
        assert f"def {name}(" in sources, name
    for path in re.findall(r"`(tests/[\w/.-]+)`", page):
        assert (ROOT / path.split("::")[0]).exists(), path


def test_the_feed_links_in_every_page_head_name_the_feeds_the_build_writes():
    from generator import feeds

    template = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    for path in (feeds.RELEASES_FEED_PATH, feeds.PAPERS_FEED_PATH):
        assert "href=\"{{ '" + path + "' | url }}\"" in template, path
