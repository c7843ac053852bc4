"""Reporting: problems -> text for a terminal, JSON, or GitHub Actions annotations.

Pure functions from a list of ``Problem`` to one string. ``text``: ``FILE:LINE:COL: CODE message``;
``json``: one object with the problems and counts; ``github``: ``::error file=...,line=...,col=...,
title=CODE::message`` lines, which GitHub shows on the pull request's diff. A character that is not
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


def render_problems(problems: list[Problem], files_checked: int, output_format: str) -> str:
    problems = [_printable(problem) for problem in problems]
    if output_format == "json":
        payload = {
            "files_checked": files_checked,
            "problem_count": len(problems),
            "problems": [problem.as_dict() for problem in problems],
        }
        return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    lines = []
    for problem in problems:
        if output_format == "github":
            lines.append(
                f"::error file={_github_escape(problem.file, property_value=True)},line={problem.line},"
                f"col={problem.column},title={_github_escape(problem.code, property_value=True)}"
                f"::{_github_escape(problem.message)}"
            )
        else:
            lines.append(f"{problem.file}:{problem.line}:{problem.column}: {problem.code} {problem.message}")
    lines.append(summary_line(problems, files_checked))
    return "\n".join(lines) + "\n"


def summary_line(problems: list[Problem], files_checked: int) -> str:
    files = f"{files_checked} record file{'s' if files_checked != 1 else ''}"
    if not problems:
        return f"{files} checked: all valid"
    invalid = len({problem.file for problem in problems})
    return f"{files} checked: {_count(len(problems), 'problem')} in {_count(invalid, 'file')}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
