"""Write small executable BPMN processes for engine tests."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions '
        'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" '
        'id="D" targetNamespace="urn:test">\n<bpmn:process id="P" isExecutable="true">\n')
TAIL = "</bpmn:process>\n</bpmn:definitions>\n"


def flow(fid: str, source: str, target: str, condition: str | None = None) -> str:
    if condition is None:
        return f'<bpmn:sequenceFlow id="{fid}" sourceRef="{source}" targetRef="{target}"/>\n'
    return (f'<bpmn:sequenceFlow id="{fid}" sourceRef="{source}" targetRef="{target}">'
            f'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{escape(condition)}'
            f'</bpmn:conditionExpression></bpmn:sequenceFlow>\n')


def script(tid: str, code: str) -> str:
    return (f'<bpmn:scriptTask id="{tid}" name="{tid}"><bpmn:script>{escape(code)}'
            f'</bpmn:script></bpmn:scriptTask>\n')


def write(path: Path, body: str) -> Path:
    path.write_text(HEAD + body + TAIL)
    return path
