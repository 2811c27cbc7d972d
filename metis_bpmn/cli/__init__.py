"""The ``metis-bpmn`` command line: a thin Typer app, one module per command.

Exit codes: 0 clean, 1 findings (or warnings over ``--max-warnings``), 2 usage, input or
internal error. A crash never exits 1, so CI never mistakes it for findings.
"""

from __future__ import annotations

import errno
import os
import sys

import typer
from typer._click.exceptions import ClickException  # typer vendors click; pinned <0.30
from typer.core import TyperGroup

from .. import __version__
from ..errors import UserError


def _internal_error(exc: BaseException) -> None:
    typer.echo(f"metis-bpmn: internal error: {type(exc).__name__}: {exc}", err=True)
    typer.echo("Please report this with the input that caused it.", err=True)


def _stdout_closed() -> None:
    """Whoever read stdout stopped reading (``| head``): a normal end, not an error.

    stdout now writes to devnull, so that flushing it at exit does not fail again
    (the recipe of the Python docs, "Note on SIGPIPE").
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _os_problem(exc: OSError) -> str:
    """An operating-system refusal in words; writes are atomic, so nothing was changed."""
    where = f" {exc.filename}" if exc.filename else ""
    reason = {errno.ENOSPC: "no space left on the device",
              errno.EROFS: "the file system is read-only",
              errno.EACCES: "permission denied", errno.EPERM: "permission denied",
              errno.EDQUOT: "disk quota exceeded"}.get(exc.errno, exc.strerror or str(exc))
    return f"cannot use{where}: {reason}; nothing was changed"


class _Group(TyperGroup):
    """Maps user errors and crashes to exit code 2 inside the app, so the console script
    and in-process callers (tests, ``CliRunner``) behave the same."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UserError as exc:
            typer.echo(f"metis-bpmn: error: {exc}", err=True)
            raise typer.Exit(2)
        except (ClickException, typer.Exit, typer.Abort):
            raise
        except BrokenPipeError:
            _stdout_closed()
            raise typer.Exit(0)
        except OSError as exc:  # the machine said no (disk full, read-only, permissions)
            typer.echo(f"metis-bpmn: error: {_os_problem(exc)}", err=True)
            raise typer.Exit(2)
        except Exception as exc:  # a crash must never look like "findings" (exit 1)
            _internal_error(exc)
            raise typer.Exit(2)


app = typer.Typer(
    cls=_Group,
    name="metis-bpmn",
    help="Validate BPMN processes and run them against a Metis vault.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"metis-bpmn {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Validate BPMN processes, draw them, and run them against a Metis vault."""


def _register() -> None:
    # Each command lives in its own module; importing it registers it on ``app``.
    from . import conform  # noqa: F401
    from . import init  # noqa: F401
    from . import plan  # noqa: F401
    from . import render  # noqa: F401
    from . import rules  # noqa: F401
    from . import session  # noqa: F401
    from . import validate  # noqa: F401
    from . import vault  # noqa: F401


_register()


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("metis-bpmn: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:  # e.g. printing completions, which happens outside any command
        _stdout_closed()
        sys.exit(0)
    except Exception as exc:  # outside any command (start-up): still never exit 1
        _internal_error(exc)
        sys.exit(2)
