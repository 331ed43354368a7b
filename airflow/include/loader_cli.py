"""Runs ``gh-activity load`` / ``gh-activity check`` for one hour and turns their exit codes into readable errors.

The loader's contract: JSON lines on stdout (``load``: one per hour; ``check``: one per quality check); exit 0 ok,
1 error, 3 quality check failed, 4 no manifest. Loading an already-loaded hour with the same manifest is a no-op
(``"status":"skipped"``), so re-running a task never changes the warehouse.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
from dataclasses import dataclass

log = logging.getLogger(__name__)

EXIT_OK, EXIT_ERROR, EXIT_QUALITY, EXIT_NO_MANIFEST = 0, 1, 3, 4


class GhActivityCommandError(Exception):
    """A failed loader command; ``retryable`` says whether running it again could help."""

    def __init__(self, message: str, exit_code: int, retryable: bool):
        super().__init__(message)
        self.exit_code = exit_code
        self.retryable = retryable


COMMANDS = ("load", "check", "sweep")


def load_args(lake: str, warehouse: str, hour: str, copy_flags: list[str] | tuple = ()) -> list[str]:
    """The exact loader command line (after the launcher): ``load --lake L --warehouse W --hour H [COPY flags]``."""
    return ["load", "--lake", lake, "--warehouse", warehouse, "--hour", hour, *copy_flags]


def sweep_args(lake: str, warehouse: str, copy_flags: list[str] | tuple = ()) -> list[str]:
    """``load --pending``: every hour whose manifest (revision, files) is not what load_log holds, in hour order."""
    return ["load", "--lake", lake, "--warehouse", warehouse, "--pending", *copy_flags]


def check_args(warehouse: str, hour: str) -> list[str]:
    """``check`` reads the warehouse only: no lake, no COPY flags."""
    return ["check", "--warehouse", warehouse, "--hour", hour]


def command_args(command: str, settings, hour: str) -> list[str]:
    """The one place both runners (local, ECS) get their command line from: load | check | sweep."""
    if command == "load":
        return load_args(settings.lake, settings.warehouse, hour, settings.copy_flags())
    if command == "check":
        return check_args(settings.warehouse, hour)
    if command == "sweep":
        return sweep_args(settings.lake, settings.warehouse, settings.copy_flags())
    raise ValueError(f"unknown gh-activity command {command!r}: expected one of {', '.join(COMMANDS)}")


@dataclass(frozen=True)
class CommandResult:
    exit_code: int
    reports: list[dict]
    stdout: str
    stderr: str


def json_lines(stdout: str) -> list[dict]:
    """Every stdout line that parses as a JSON object, in order (the command's reports); other lines are ignored."""
    reports = []
    for line in stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                reports.append(value)
    return reports


def failed_reports(reports: list[dict]) -> list[dict]:
    """The reports that say what went wrong (a failed check or a failed hour), or all of them if none says so."""
    bad = [r for r in reports if r.get("passed") is False or r.get("status") == "failed" or "error" in r]
    return bad or reports


def _tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _what(args: list[str], hour: str) -> str:
    return f"gh-activity {args[0]} --pending" if "--pending" in args else f"gh-activity {args[0]} --hour {hour}"


def explain(args: list[str], result: CommandResult, hour: str) -> GhActivityCommandError:
    """Maps a non-zero exit to an error whose first line says what happened to which hour and what to do."""
    what = _what(args, hour)
    bad = failed_reports(result.reports)
    detail = "; ".join(json.dumps(r) for r in bad) if bad else _tail(result.stderr) or "(no output)"
    if result.exit_code == EXIT_QUALITY:
        return GhActivityCommandError(
            f"{what}: quality checks FAILED for hour {hour} (exit 3): {detail}", EXIT_QUALITY, retryable=False)
    if result.exit_code == EXIT_NO_MANIFEST:
        return GhActivityCommandError(
            f"{what}: no completion manifest for hour {hour} (exit 4); the streaming job has not closed it: {detail}",
            EXIT_NO_MANIFEST, retryable=True)
    return GhActivityCommandError(
        f"{what}: failed with exit {result.exit_code}: {detail}", result.exit_code, retryable=True)


def run_local(launcher: str, args: list[str], hour: str, timeout_s: int) -> list[dict]:
    """Runs the launcher on this worker; returns its JSON reports or raises GhActivityCommandError."""
    if not os.access(launcher, os.X_OK):
        raise GhActivityCommandError(
            f"launcher {launcher} is missing or not executable: set GH_ACTIVITY_LAUNCHER to the project's bin/gh-activity",
            EXIT_ERROR, retryable=False)
    log.info("running %s %s", launcher, " ".join(args))
    try:
        proc = subprocess.run([launcher, *args], capture_output=True, text=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        raise GhActivityCommandError(
            f"{_what(args, hour)} did not finish within {timeout_s}s (GH_ACTIVITY_COMMAND_TIMEOUT_S)",
            EXIT_ERROR, retryable=True) from None
    # The loader's progress goes to stderr; keep it in the task log.
    for line in proc.stderr.splitlines():
        log.info("[gh-activity] %s", line)
    result = CommandResult(proc.returncode, json_lines(proc.stdout), proc.stdout, proc.stderr)
    if result.exit_code != EXIT_OK:
        raise explain(args, result, hour)
    if not result.reports and "--pending" not in args:  # a sweep with nothing pending reports nothing
        raise GhActivityCommandError(
            f"{_what(args, hour)} exited 0 but printed no JSON report: {_tail(proc.stdout)!r}",
            EXIT_ERROR, retryable=False)
    for report in result.reports:
        log.info("report: %s", json.dumps(report))
    return result.reports
