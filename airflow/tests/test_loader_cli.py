"""include.loader_cli: command lines and exit-code mapping, against small executables speaking the loader's contract.

The real loader runs in test_hourly_load_real.py; here each exit code of the contract is produced on purpose, which
the real loader cannot be made to do on demand.
"""

from __future__ import annotations

import pytest

from include.loader_cli import GhActivityCommandError, check_args, json_lines, load_args, run_local, sweep_args


def launcher(tmp_path, exit_code: int, *stdout: str, stderr: str = "progress line") -> str:
    path = tmp_path / "gh-activity"
    lines = "".join(f"printf '%s\\n' '{line}'\n" for line in stdout)
    path.write_text(f"#!/bin/sh\necho '{stderr}' >&2\n{lines}exit {exit_code}\n")
    path.chmod(0o755)
    return str(path)


def test_exact_command_lines():
    assert load_args("/l", "duckdb:/w", "2022-06-01T00") == [
        "load", "--lake", "/l", "--warehouse", "duckdb:/w", "--hour", "2022-06-01T00"]
    assert check_args("duckdb:/w", "2022-06-01T00") == ["check", "--warehouse", "duckdb:/w", "--hour", "2022-06-01T00"]
    assert sweep_args("/l", "duckdb:/w") == ["load", "--lake", "/l", "--warehouse", "duckdb:/w", "--pending"]


def test_a_sweep_with_nothing_pending_is_ok_and_its_failures_name_the_sweep(tmp_path):
    assert run_local(launcher(tmp_path, 0), sweep_args("/l", "duckdb:/w"), "2022-06-01T00", 30) == []
    with pytest.raises(GhActivityCommandError, match=r"gh-activity load --pending: quality checks FAILED"):
        run_local(launcher(tmp_path, 3, '{"hour":"2022-06-01T03","status":"failed","error":"x"}'),
                  sweep_args("/l", "duckdb:/w"), "2022-06-01T00", 30)


def test_json_lines_are_the_reports():
    assert json_lines('noise\n{"hour":"a"}\n{"hour":"b","rows":3}\n[1]\n') == [{"hour": "a"}, {"hour": "b", "rows": 3}]
    assert json_lines("no json here\n{broken") == []


def test_ok_returns_the_report(tmp_path):
    report = run_local(launcher(tmp_path, 0, '{"hour":"2022-06-01T00","rows":5}'), ["load"], "2022-06-01T00", 30)
    assert report == [{"hour": "2022-06-01T00", "rows": 5}]


@pytest.mark.parametrize("code, retryable, words", [
    (3, False, "quality checks FAILED for hour 2022-06-01T00 (exit 3)"),
    (4, True, "no completion manifest for hour 2022-06-01T00 (exit 4)"),
    (1, True, "failed with exit 1"),
])
def test_exit_codes_become_readable_errors(tmp_path, code, retryable, words):
    with pytest.raises(GhActivityCommandError) as e:
        run_local(launcher(tmp_path, code, '{"check":"rows_match_manifest","passed":true}',
                           '{"check":"no_duplicate_ids","passed":false,"detail":"2 rows repeat an id"}'),
                  ["check"], "2022-06-01T00", 30)
    assert words in str(e.value)
    # The message carries the failed check's own report, not the passing ones.
    assert '"no_duplicate_ids"' in str(e.value) and "2 rows repeat an id" in str(e.value)
    assert "rows_match_manifest" not in str(e.value)
    assert (e.value.exit_code, e.value.retryable) == (code, retryable)


def test_success_without_a_report_is_an_error(tmp_path):
    with pytest.raises(GhActivityCommandError, match="printed no JSON report"):
        run_local(launcher(tmp_path, 0, "done"), ["load"], "2022-06-01T00", 30)


def test_missing_launcher_names_the_setting(tmp_path):
    with pytest.raises(GhActivityCommandError, match="GH_ACTIVITY_LAUNCHER"):
        run_local(str(tmp_path / "nope"), ["load"], "2022-06-01T00", 30)


def test_a_hung_command_is_stopped(tmp_path):
    path = tmp_path / "slow"
    path.write_text("#!/bin/sh\nexec sleep 30\n")
    path.chmod(0o755)
    with pytest.raises(GhActivityCommandError, match="did not finish within 1s"):
        run_local(str(path), ["load"], "2022-06-01T00", 1)
