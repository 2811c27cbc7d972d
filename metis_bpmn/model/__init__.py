"""The typed, immutable BPMN model. This package is the only code that touches XML."""

from .elements import *  # noqa: F401,F403
from .parse import LoadResult, load_bytes, load_file, problem  # noqa: F401
