"""The ``metis-bpmn`` command line: a thin Typer app, one module per command.

Exit codes: 0 clean, 1 findings (or warnings over ``--max-warnings``), 2 usage, input or
internal error. A crash never exits 1, so CI never mistakes it for findings.
"""

from __future__ import annotations

import sys

import typer

from .. import __version__
from ..errors import UserError

app = typer.Typer(
    name="metis-bpmn",
    help="Validate, run and render BPMN processes against a Metis vault.",
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
    """Validate, run and render BPMN processes against a Metis vault."""


def _register() -> None:
    # Each command lives in its own module; importing it registers it on ``app``.
    from . import validate  # noqa: F401
    from . import init  # noqa: F401


_register()


def main() -> None:
    """Console-script entry point: map user errors and crashes to exit code 2."""
    try:
        app()
    except UserError as exc:
        typer.echo(f"metis-bpmn: error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("metis-bpmn: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a crash must never look like "findings" (exit 1)
        typer.echo(f"metis-bpmn: internal error: {type(exc).__name__}: {exc}", err=True)
        typer.echo("Please report this with the input that caused it.", err=True)
        sys.exit(2)
