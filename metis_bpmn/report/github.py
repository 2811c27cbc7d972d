"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per finding.

GitHub turns these lines into annotations on the pull request's changed files. Escaping follows
actions/toolkit: in the message ``%``, CR and LF are percent-encoded; property values (file,
title) additionally encode ``:`` and ``,``. Other control characters are escaped as in the text
format, since the log shows the line raw. GitHub shows only about ten annotations of each kind
per step, so large runs should upload SARIF instead (docs/sarif.md).
"""

from __future__ import annotations

from typing import Sequence

from ..finding import Finding, Severity
from . import FileReport, describe
from .text import escape_control, summary

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message.

    >>> escape_data("50% done\\r\\nnext\\x1b[2K")
    '50%25 done%0D%0Anext\\\\x1b[2K'
    """
    return escape_control(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """Escape a property value (``file=``, ``title=``).

    >>> escape_property("a:b,c%")
    'a%3Ab%2Cc%25'
    """
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    properties = [f"file={escape_property(finding.file)}"]
    if finding.line:
        properties.append(f"line={finding.line}")
        if finding.column:
            properties.append(f"col={finding.column}")
    properties.append(f"title={escape_property(f'metis-bpmn [{finding.rule}]')}")
    headline, extra = describe(finding)
    message = "\n".join([headline, *extra])
    return f"::{_COMMANDS[finding.severity]} {','.join(properties)}::{escape_data(message)}"


def render(reports: Sequence[FileReport], *, quiet: bool = False) -> str:
    lines = [annotation(f) for r in reports for f in r.findings]
    if not quiet:
        lines.append(summary(reports))
    return "\n".join(lines) + ("\n" if lines else "")
