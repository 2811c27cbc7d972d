"""metis-bpmn: keep a knowledge project's working process honest."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("metis-bpmn")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.1.0"
