"""metis-bpmn: keep a knowledge project's working process honest."""

__version__ = "0.1.0"  # the one place it is written: pyproject.toml reads it from here
