"""Plan a generated 1,000-element process (a chain of tasks with parallel blocks and vault
gates) from its start to its end, and to an element half-way, against a generated vault.

    python benchmarks/plan_process.py [--elements 1000] [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from metis_bpmn.model.parse import load_bytes
from metis_bpmn.plan import plan
from metis_bpmn.vault.facts import VaultFacts


def _process(elements: int) -> bytes:
    parts, flows, previous = ['<bpmn:startEvent id="s"/>'], [], "s"
    count = 0
    while count < elements:
        block = count // 10
        gate = (f'<bpmn:intermediateCatchEvent id="g{block}" name="Area {block} ready">'
                '<bpmn:conditionalEventDefinition><bpmn:condition>vault.status_at_least('
                f'"Chat {block}", "FIRST PASS")</bpmn:condition></bpmn:conditionalEventDefinition>'
                '</bpmn:intermediateCatchEvent>')
        parts += [gate, f'<bpmn:parallelGateway id="p{block}"/>', f'<bpmn:userTask id="a{block}"/>',
                  f'<bpmn:userTask id="b{block}"/>', f'<bpmn:parallelGateway id="j{block}"/>']
        for source, target in ((previous, f"g{block}"), (f"g{block}", f"p{block}"),
                               (f"p{block}", f"a{block}"), (f"p{block}", f"b{block}"),
                               (f"a{block}", f"j{block}"), (f"b{block}", f"j{block}")):
            flows.append(f'<bpmn:sequenceFlow id="f{len(flows)}" sourceRef="{source}" '
                         f'targetRef="{target}"/>')
        previous, count = f"j{block}", count + 5
    parts.append('<bpmn:endEvent id="e"/>')
    flows.append(f'<bpmn:sequenceFlow id="f{len(flows)}" sourceRef="{previous}" targetRef="e"/>')
    return ('<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/'
            '20100524/MODEL" id="D" targetNamespace="t"><bpmn:process id="P" isExecutable="true">'
            + "".join(parts + flows) + "</bpmn:process></bpmn:definitions>").encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elements", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    document = load_bytes(_process(args.elements)).document
    process = document.processes[0]
    with tempfile.TemporaryDirectory() as folder:
        rows = "\n".join(f"| Chat {i} | ○ SETUP READY |" for i in range(args.elements // 5))
        Path(folder, "README.md").write_text(f"# Metis\n\n## Chat Plan\n\n| # | Status |\n"
                                             f"|---|---|\n{rows}\n")
        facts = VaultFacts.load(folder)
        for label, until in (("to the end", None), ("half-way", f"j{args.elements // 20}")):
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                result = plan(document, process, facts, positions=["s"], until=until)
                times.append(time.perf_counter() - start)
            print(f"plan {label:12} {len(process.scope.nodes):5} elements "
                  f"{len(result.steps):4} steps  median {statistics.median(times) * 1000:7.1f} ms"
                  f"  max {max(times) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
