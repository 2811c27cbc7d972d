"""``validate`` options across every output format: exit codes, --quiet, --statistics,
--timeout, colour and the progress bar only on a terminal."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from metis_bpmn.cli import app
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "rules"
INVALID = str(FIXTURES / "start_event_required" / "invalid-process.bpmn")
VALID = str(FIXTURES / "start_event_required" / "valid-process.bpmn")
FORMATS = ("text", "json", "sarif", "github", "junit")


def _invoke(*args: str):
    return CliRunner().invoke(app, ["validate", *args])


def _main(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Through the real entry point, which turns usage errors into exit code 2."""
    return subprocess.run([sys.executable, "-m", "metis_bpmn", "validate", *args], cwd=cwd,
                          capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.parametrize("fmt", FORMATS)
def test_exit_codes_and_exit_zero_in_every_format(fmt: str) -> None:
    assert _invoke(INVALID, "-f", fmt).exit_code == 1
    assert _invoke(INVALID, "-f", fmt, "--exit-zero").exit_code == 0
    assert _invoke(VALID, "-f", fmt).exit_code == 0


@pytest.mark.parametrize("fmt", ("json", "sarif", "junit"))
def test_quiet_leaves_machine_formats_complete(fmt: str, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / ".bpmnlintrc").write_text('{"extends": ["bpmnlint:recommended", "plugin:x/y"]}')
    monkeypatch.chdir(tmp_path)
    loud, quiet = _invoke(INVALID, "-f", fmt), _invoke(INVALID, "-f", fmt, "-q")
    assert loud.stdout == quiet.stdout
    assert "note:" in loud.stderr and quiet.stderr == ""
    if fmt == "junit":
        ET.fromstring(quiet.stdout)
    else:
        json.loads(quiet.stdout)


def test_quiet_text_prints_findings_only() -> None:
    loud, quiet = _invoke(INVALID), _invoke(INVALID, "-q")
    assert loud.stdout.splitlines()[:-1] == quiet.stdout.splitlines()
    assert loud.stdout.splitlines()[-1].startswith("✖ 2 problems")
    assert _invoke(VALID, "-q").stdout == ""


def test_statistics_replaces_text_findings_and_goes_to_stderr_otherwise() -> None:
    folder = str(FIXTURES / "start_event_required")
    text = _invoke(folder, "--statistics")
    assert text.stdout.splitlines() == [
        "count  files  severity  rule                  summary",
        "   14      2  error     no-bpmndi             An element that should be drawn has no diagram shape or edge",
        "    2      2  error     no-implicit-start     A flow node without incoming flows that is not a start",
        "    2      2  error     start-event-required  A process or sub-process has no start event",
        "    1      1  error     label-required        A flow node, conditional flow, pool or lane without a name",
        "✖ 19 problems (19 errors, 0 warnings) in 4 files"]
    as_json = _invoke(folder, "--statistics", "-f", "json")
    assert json.loads(as_json.stdout)["summary"]["errors"] == 19
    assert as_json.stderr.splitlines()[0].startswith("count  files  severity")


def test_timeout_option_and_config_key_are_checked(tmp_path: Path, monkeypatch) -> None:
    assert _invoke(VALID, "--timeout", "0").exit_code == 0
    assert _invoke(VALID, "--timeout", "-1").exit_code == 2
    (tmp_path / "metis-bpmn.toml").write_text('timeout = "long"\n')
    result = _main(VALID, cwd=tmp_path)
    assert result.returncode == 2
    assert "timeout: must be a number of seconds" in result.stderr


def test_jobs_in_the_config_file_are_checked(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "metis-bpmn.toml").write_text("jobs = 0\n")
    result = _main(VALID, cwd=tmp_path)
    assert result.returncode == 2 and "jobs: must be at least 1" in result.stderr
    (tmp_path / "metis-bpmn.toml").write_text("jobs = 1\ntimeout = 0\n")
    monkeypatch.chdir(tmp_path)
    assert _invoke(INVALID).exit_code == 1


# --- terminals -------------------------------------------------------------------------

def _run(args: list[str], *, tty_out: bool, tty_err: bool, env: dict | None = None
         ) -> tuple[bytes, bytes]:
    """Run the CLI with stdout/stderr on a pseudo-terminal or a pipe; return both outputs."""
    streams = []
    for tty in (tty_out, tty_err):
        if tty:
            master, slave = pty.openpty()
        else:
            master, slave = os.pipe()
        streams.append((master, slave))
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environment.update({"PYTHONPATH": str(ROOT), "COLUMNS": "100", **(env or {})})
    process = subprocess.Popen([sys.executable, "-m", "metis_bpmn", *args], cwd=ROOT,
                               stdin=subprocess.DEVNULL, stdout=streams[0][1],
                               stderr=streams[1][1], env=environment)
    for _, slave in streams:
        os.close(slave)
    chunks: dict[int, list[bytes]] = {master: [] for master, _ in streams}
    open_fds = set(chunks)
    while open_fds:
        ready, _, _ = select.select(list(open_fds), [], [], 60)
        assert ready, "the CLI produced no output for 60 s"
        for fd in ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO: the pty's other side is closed
                data = b""
            if data:
                chunks[fd].append(data)
            else:
                open_fds.discard(fd)
                os.close(fd)
    process.wait(timeout=60)
    return tuple(b"".join(chunks[master]) for master, _ in streams)  # type: ignore[return-value]


def test_colour_only_on_a_terminal_and_not_with_no_color() -> None:
    coloured, _ = _run(["validate", INVALID], tty_out=True, tty_err=False)
    assert b"\x1b[31merror\x1b[0m" in coloured
    plain, _ = _run(["validate", INVALID], tty_out=False, tty_err=False)
    assert b"\x1b[" not in plain and b"error [start-event-required]" in plain
    no_color, _ = _run(["validate", INVALID], tty_out=True, tty_err=False, env={"NO_COLOR": "1"})
    assert b"\x1b[" not in no_color


@pytest.mark.parametrize("fmt", ("text", "json"))
def test_machine_output_never_has_colour(fmt: str) -> None:
    out, _ = _run(["validate", INVALID, "-f", fmt], tty_out=fmt == "json", tty_err=False)
    if fmt == "json":
        json.loads(out.replace(b"\r\n", b"\n"))
    assert b"\x1b[" not in out


def test_progress_bar_only_on_a_terminal_for_many_files() -> None:
    many = ["validate", str(FIXTURES), "-p", "all", "--exit-zero", "-f", "json"]
    files = len(list(FIXTURES.glob("*/*.bpmn")))
    assert files > 20
    out, err = _run(many, tty_out=False, tty_err=True)
    assert f"{files}/{files}".encode() in err
    json.loads(out)  # stdout untouched by the bar
    _, piped = _run(many, tty_out=False, tty_err=False)
    assert piped == b""
    _, quiet = _run([*many, "-q"], tty_out=False, tty_err=True)
    assert b"/" not in quiet
    _, few = _run(["validate", str(FIXTURES / "start_event_required")], tty_out=False, tty_err=True)
    assert b"validating" not in few
