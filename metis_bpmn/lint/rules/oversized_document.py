"""oversized-document: The file is larger than the configured size limit

## What it finds
A file larger than the size limit (10 MiB by default; `--max-file-size` or `max-file-size` in the configuration). The file is not parsed.

## Why it matters
Real diagrams are kilobytes to a few megabytes. The size cap keeps a hostile or accidental multi-gigabyte file from exhausting memory: XML parsers have no built-in element limit.

## Example
A 50 MB generated file with five million elements.

## Fix
Split the model, or raise the limit if the file is legitimate.
"""

from ...finding import Severity
from ..rule import rule


@rule("oversized-document", "The file is larger than the configured size limit", module_doc=__doc__,
      default=Severity.ERROR, needs_document=False,
      category="input")
def check(ctx):
    return ctx.problems()
