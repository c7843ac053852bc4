"""Reporting: problems -> text for a terminal, JSON, or GitHub Actions annotations.

Pure functions from lists of ``Problem`` (errors and warnings) to one string. ``text``:
``FILE:LINE:COL: CODE message`` (``CODE (warning) message`` for a warning); ``json``: one object
with the problems, the warnings and counts; ``github``: ``::error file=...,line=...,col=...,
title=CODE::message`` lines (``::warning`` for a warning), which GitHub shows on the pull
request's diff. ``validate``, ``build`` and ``import`` all print through here. A character that is not
plain printable text (a control character or a bidi override quoted from a record, or in a file's
name) is written as a ``\\uXXXX`` escape in every format, so that no problem can rewrite the terminal
or the annotation it is shown in.
"""

from __future__ import annotations

import dataclasses
import json
import os

from generator.loading import SUSPECT_CHARACTERS
from generator.problems import Problem

FORMATS = ("auto", "text", "json", "github")


def resolve_format(name: str, environ=os.environ) -> str:
    if name == "auto":
        return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"
    return name


def _github_escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _escaped(text: str) -> str:
    return SUSPECT_CHARACTERS.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _printable(problem: Problem) -> Problem:
    return dataclasses.replace(
        problem, file=_escaped(problem.file), field=_escaped(problem.field), message=_escaped(problem.message)
    )


def render_problems(
    problems: list[Problem],
    checked: int,
    output_format: str,
    warnings: list[Problem] = (),
    checked_noun: str = "record file",
    sources: list[dict] | None = None,
) -> str:
    """Errors and warnings in one format; the last line (or the JSON's counts) says how many
    ``checked_noun`` were checked. ``sources``: import's summary of each input file, for JSON."""
    problems = [_printable(problem) for problem in problems]
    warnings = [_printable(problem) for problem in warnings]
    if output_format == "json":
        payload = {
            "checked": checked,
            "checked_what": f"{checked_noun}s",
            "problem_count": len(problems),
            "problems": [problem.as_dict() for problem in problems],
            "warning_count": len(warnings),
            "warnings": [problem.as_dict() for problem in warnings],
        }
        if checked_noun == "record file":
            payload["files_checked"] = checked
        if sources is not None:
            payload["sources"] = sources
        return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    lines = [_line(problem, output_format) for problem in sorted([*problems, *warnings])]
    lines.append(summary_line(problems, checked, warnings, checked_noun))
    return "\n".join(lines) + "\n"


def _line(problem: Problem, output_format: str) -> str:
    if output_format == "github":
        return (
            f"::{problem.severity} file={_github_escape(problem.file, property_value=True)},line={problem.line},"
            f"col={problem.column},title={_github_escape(problem.code, property_value=True)}"
            f"::{_github_escape(problem.message)}"
        )
    severity = " (warning)" if problem.severity == "warning" else ""
    return f"{problem.file}:{problem.line}:{problem.column}: {problem.code}{severity} {problem.message}"


def summary_line(
    problems: list[Problem], checked: int, warnings: list[Problem] = (), checked_noun: str = "record file"
) -> str:
    counted = f"{_count(checked, checked_noun)} checked"
    noted = f", {_count(len(warnings), 'warning')}" if warnings else ""
    if not problems:
        return f"{counted}: all valid{noted}"
    invalid = len({problem.file for problem in problems})
    return f"{counted}: {_count(len(problems), 'problem')} in {_count(invalid, 'file')}{noted}"


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
