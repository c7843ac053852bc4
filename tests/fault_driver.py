"""Run ``generator`` code in this process with a fault at the Nth step that changes the file
system: the process kills itself (SIGKILL, nothing after it runs) or the step raises. Used by
tests/cli/test_crash_recovery.py, which starts it as a real process and judges what it left.

A step is any audit event (PEP 578) that writes: opening a file for writing, making or removing
a folder, renaming, removing, taking a lock. The fault comes before the step happens.

    python tests/fault_driver.py SPEC_JSON

SPEC: {"root": worktree, "step": N, "fault": "kill" | "PermissionError" | "KeyboardInterrupt",
"call": "write_tree" | "cli", "out": folder, "files": {path: text}, "argv": [...], and optionally
"events": the only events counted as steps (e.g. ["os.rename", "os.remove"])}. Prints one
JSON line: {"finished": bool, "event": the step's event, "error": type name, "state": what
``output_state`` says, "stderr": ..., "exit": the CLI's exit code, "steps": every step seen}.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sys

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
WRITING_EVENTS = {"os.rename", "os.remove", "os.rmdir", "os.mkdir", "shutil.rmtree", "fcntl.flock", "os.truncate"}


def writes(event: str, arguments: tuple) -> bool:
    if event in WRITING_EVENTS:
        return True
    if event == "open" and len(arguments) >= 3:
        mode, flags = arguments[1], arguments[2]
        if isinstance(mode, str):
            return any(letter in mode for letter in "wax+")
        return isinstance(flags, int) and bool(flags & WRITE_FLAGS)
    return False


def main() -> None:
    spec = json.loads(sys.argv[1])
    sys.path.insert(0, spec["root"])
    from generator.output import output_state, write_tree

    seen = {"count": 0, "event": None, "armed": False, "steps": []}

    def hook(event: str, arguments: tuple) -> None:
        if not seen["armed"] or not writes(event, arguments):
            return
        if spec.get("events") and event not in spec["events"]:
            return
        seen["count"] += 1
        seen["steps"].append(f"{event} {arguments[:2]!r}")
        if seen["count"] != spec["step"]:
            return
        seen["armed"] = False
        seen["event"] = f"{event} {arguments[:2]!r}"
        if spec["fault"] == "kill":
            sys.__stdout__.write(json.dumps({"killed_at": seen["event"]}) + "\n")
            sys.__stdout__.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        elif spec["fault"] == "PermissionError":
            raise PermissionError(13, "injected fault")
        else:
            raise KeyboardInterrupt

    sys.addaudithook(hook)
    result = {"finished": True, "event": None, "error": None, "state": None, "stderr": "", "exit": None}
    seen["armed"] = True
    if spec["call"] == "write_tree":
        files = [(path, text.encode("utf-8")) for path, text in spec["files"].items()]
        try:
            write_tree(spec["out"], files)
        except BaseException as error:  # every failure is what is judged
            result.update(finished=False, error=type(error).__name__, state=output_state(error, spec["out"]))
    else:
        from generator import cli

        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
            result["exit"] = cli.main(spec["argv"])
        result["stderr"] = stderr.getvalue()
    seen["armed"] = False
    result["event"] = seen["event"]
    result["steps"] = seen["steps"]
    result["finished"] = result["finished"] and seen["event"] is None
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
