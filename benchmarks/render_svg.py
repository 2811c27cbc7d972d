"""Render time of a generated 1,000-element diagram: SVG from its DI, PNG through resvg, and
automatic layout + SVG of the same process without DI (Graphviz dot via graphviz-pure or a
system dot). Figures are medians of several runs in one process.

    python benchmarks/render_svg.py [--elements 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from metis_bpmn.model.parse import load_bytes  # noqa: E402
from metis_bpmn.render.layout import layout  # noqa: E402
from metis_bpmn.render.svg import render_svg  # noqa: E402

NS = ('xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
      'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" '
      'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
      'xmlns:di="http://www.omg.org/spec/DD/20100524/DI"')


def generate(elements: int, with_di: bool) -> bytes:
    """Rows of 20 tasks, snake-wise, joined by flows: ``elements`` tasks + flows in total."""
    tasks = (elements + 1) // 2
    model, di = [], []
    for i in range(tasks):
        model.append(f'<bpmn:task id="T{i}" name="Task number {i} of the chain"/>')
        row, col = divmod(i, 20)
        di.append(f'<bpmndi:BPMNShape id="T{i}_di" bpmnElement="T{i}"><dc:Bounds '
                  f'x="{100 + col * 150}" y="{100 + row * 130}" width="100" height="80"/>'
                  "</bpmndi:BPMNShape>")
    for i in range(tasks - 1):
        model.append(f'<bpmn:sequenceFlow id="F{i}" sourceRef="T{i}" targetRef="T{i + 1}"/>')
        (r1, c1), (r2, c2) = divmod(i, 20), divmod(i + 1, 20)
        a = (100 + c1 * 150 + 100, 100 + r1 * 130 + 40)
        b = (100 + c2 * 150, 100 + r2 * 130 + 40)
        di.append(f'<bpmndi:BPMNEdge id="F{i}_di" bpmnElement="F{i}"><di:waypoint x="{a[0]}" '
                  f'y="{a[1]}"/><di:waypoint x="{b[0]}" y="{b[1]}"/></bpmndi:BPMNEdge>')
    diagram = (f'<bpmndi:BPMNDiagram id="D"><bpmndi:BPMNPlane id="P_di" bpmnElement="P">'
               f'{"".join(di)}</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>') if with_di else ""
    return (f'<bpmn:definitions {NS} id="Defs" targetNamespace="x"><bpmn:process id="P">'
            f'{"".join(model)}</bpmn:process>{diagram}</bpmn:definitions>').encode()


def median_time(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elements", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    drawn = load_bytes(generate(args.elements, True)).document
    bare = load_bytes(generate(args.elements, False)).document
    svg = render_svg(drawn)
    import resvg_py
    figures = [
        ("SVG from DI", median_time(lambda: render_svg(drawn), args.repeat)),
        ("PNG from DI (SVG + resvg)", median_time(
            lambda: resvg_py.svg_to_bytes(svg_string=render_svg(drawn)), max(1, args.repeat // 2))),
        ("auto layout + SVG (no DI)", median_time(lambda: render_svg(layout(bare)),
                                                  max(1, args.repeat // 2))),
    ]
    print(f"{args.elements} elements ({len(svg):,} bytes of SVG)")
    for name, seconds in figures:
        print(f"  {name:28} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
