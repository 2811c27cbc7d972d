"""How BPMN expressions and scripts run: in the sandbox, against live vault facts.

Conditions and scripts never reach Python's ``eval``/``exec``: the environment hands them to
:mod:`metis_bpmn.sandbox`. ``vault`` is the only global; every call to it is recorded, so a
blocked gate can say which facts failed.
"""

from __future__ import annotations

import json
from typing import Any, Callable

from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import (
    BasePythonScriptEngineEnvironment,
)

from ..reasons import RecordingFacts
from ..sandbox import evaluate, execute
from .services import SERVICES


class ScriptsDisabled(Exception):
    """A script task or pre/post script in a process whose policy does not allow scripts."""


class SandboxEnvironment(BasePythonScriptEngineEnvironment):
    """Evaluates with the sandbox. ``facts_provider`` returns fresh facts for each use, so
    an edited note is seen at the next step."""

    def __init__(self, facts_provider: Callable[[], Any], allow_scripts: bool) -> None:
        super().__init__({})
        self.facts_provider = facts_provider
        self.allow_scripts = allow_scripts

    def _facts(self) -> RecordingFacts:
        return RecordingFacts(self.facts_provider())

    def evaluate(self, expression, context, external_context=None):
        names = {**(external_context or {}), **context}
        return evaluate(expression, names, {"vault": self._facts()})

    def execute(self, script, context, external_context=None):
        if not self.allow_scripts:
            raise ScriptsDisabled(
                "scripts are disabled for this process; allow them with "
                "[tool.metis-bpmn.session] allow-scripts")
        execute(script, context, {"vault": self._facts()})
        return True

    def call_service(self, context, operation_name=None, operation_params=None, **_):
        service = SERVICES.get(operation_name)
        if service is None:
            raise ValueError(f"unknown service operation {operation_name!r}; "
                             f"built-in: {', '.join(sorted(SERVICES))}")
        params = {k: v["value"] for k, v in (operation_params or {}).items()}
        return json.dumps(service(self.facts_provider(), **params))


class SandboxScriptEngine(PythonScriptEngine):
    """SpiffWorkflow's engine with its ``call_service`` error path fixed (upstream refers
    to an undefined ``script`` there and raises NameError instead of the real error)."""

    def call_service(self, task, **kwargs):
        try:
            return self.environment.call_service(task.data, **kwargs)
        except Exception as err:
            raise WorkflowTaskException(f"{type(err).__name__}: {err}", task=task,
                                        exception=err)
