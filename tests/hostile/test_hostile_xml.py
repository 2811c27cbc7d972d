"""Hostile BPMN files: every command that reads one gives the same verdict, safely."""

from __future__ import annotations

from pathlib import Path

import pytest

from metis_bpmn.model.parse import load_bytes

from .harness import assert_safe, run

BODY = """<!DOCTYPE definitions [<!ENTITY x "from the DTD">]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D"
    targetNamespace="t">
  <bpmn:process id="P" isExecutable="true" name="&x;">
    <bpmn:startEvent id="s" name="&x;"/>
  </bpmn:process>
</bpmn:definitions>
"""
DOCTYPES = {
    "after-a-long-comment": ('<?xml version="1.0"?>\n<!--' + "x" * 70_000 + "-->\n"
                             + BODY).encode(),
    "after-a-long-pi": ('<?xml version="1.0"?>\n<?pi ' + "y" * 70_000 + "?>\n" + BODY).encode(),
    "utf-16": ('<?xml version="1.0" encoding="UTF-16"?>\n' + BODY).encode("utf-16"),
    "utf-16-be-no-bom": ('<?xml version="1.0" encoding="UTF-16"?>\n'
                         + BODY).encode("utf-16-be"),
    "utf-8-bom": b"\xef\xbb\xbf" + BODY.encode(),
    "broken-after": ('<!--' + "z" * 70_000 + "-->" + BODY + "<unclosed").encode(),
    # UTF-7 writes "<" as "+ADw-": the bytes "<!DOCTYPE" are nowhere in the file.
    "utf-7-broken-after": (b'<?xml version="1.0" encoding="UTF-7"?>\n'
                           + (BODY + "<unclosed").encode("utf-7")),
}


@pytest.mark.parametrize("name", sorted(DOCTYPES))
def test_doctype_is_found_by_the_parser_wherever_it_is(name) -> None:
    load = load_bytes(DOCTYPES[name], name)
    assert load.document is None
    assert "doctype-declared" in [p.rule for p in load.problems]


@pytest.mark.parametrize("name", sorted(DOCTYPES))
def test_every_command_refuses_a_doctype(name, tmp_path: Path) -> None:
    model = tmp_path / "model.bpmn"
    model.write_bytes(DOCTYPES[name])
    validate = run(["validate", str(model), "--format", "json"], cwd=tmp_path)
    assert_safe(validate, codes=(1,))
    assert '"doctype-declared"' in validate.stdout
    assert "from the DTD" not in validate.stdout
    vault = tmp_path / "vault"
    vault.mkdir()
    start = run(["session", "start", str(model), "--vault", str(vault)], cwd=tmp_path,
                allowed=(vault / ".metis",))
    assert_safe(start, codes=(2,))
    assert "DOCTYPE" in start.stderr
    render = run(["render", str(model), "-o", str(tmp_path / "out.svg")], cwd=tmp_path)
    assert_safe(render, codes=(2,))
    assert "DOCTYPE" in render.stderr and not (tmp_path / "out.svg").exists()
    conform = run(["conform", str(model), "--vault", str(vault)], cwd=tmp_path)
    assert_safe(conform, codes=(2,))
    assert "DOCTYPE" in conform.stderr
