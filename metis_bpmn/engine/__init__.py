"""The SpiffWorkflow adapter: the only package that imports SpiffWorkflow.

Importing it applies the work-arounds for the engine's known traps (see :mod:`.patches`).
Validation and rendering never import this package.
"""

from . import patches as _patches

_patches.apply()
