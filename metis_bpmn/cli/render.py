"""``metis-bpmn render``: draw BPMN diagrams in BPMN notation, with findings or a session's
state drawn over them."""

from __future__ import annotations

import hashlib
import re
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from ..errors import UserError
from ..deadline import deadline
from ..fsio import atomic_write
from . import app


class Format(str, Enum):
    svg = "svg"
    png = "png"
    html = "html"
    bpmn = "bpmn"


class Layout(str, Enum):
    di = "di"
    auto = "auto"


def _write(target: Path, content: bytes) -> None:
    """Write atomically: a killed run leaves the old file, never half a new one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, content)


def _session_states(vault: Path, session_id: str, file: Path) -> dict[str, tuple[str, str]]:
    from ..engine.session import Session  # SpiffWorkflow loads only when a session is drawn
    session = Session.open(vault, session_id)
    process = session.record["process"]
    if hashlib.sha256(file.read_bytes()).hexdigest() != process["sha256"]:
        raise UserError(f"session {session_id} runs {process['file']} as it was when the "
                        f"session started (sha256 {process['sha256'][:12]}), not {file}")
    status = session.status()
    states = {t.id: ("completed", "") for t in status.completed}
    states.update({t.id: ("active", "ready") for t in status.ready})
    states.update({t.id: ("active", "waiting") for t in status.waiting})
    states.update({b.task.id: ("blocked", "; ".join(b.reasons) or "condition is false")
                   for b in status.blocked})
    states.update({t.id: ("blocked", "deadlock: waits for " + (", ".join(w) or "a branch"))
                   for t, w in status.deadlock})
    states.update({t.id: ("blocked", message) for t, message in status.errors})
    return states


def _render_one(source, cfg, *, fmt: Format, overlay: Optional[str], layout: Layout,
                diagram: int, vault: Path, timeout: float) -> bytes:
    from ..lint.runner import lint_loaded
    from ..model.parse import load_file, refusal
    from ..render import html, overlay as overlays
    from ..render.layout import layout as auto_layout
    from ..render.svg import element_bounds, render_svg

    load = load_file(source.path, display=source.display, max_bytes=cfg.max_file_size)
    problem = refusal(load)
    if problem is not None:
        raise UserError(f"{source.display}:{problem.line or 1}: {problem.message}")
    document = load.document
    laid_out = layout is Layout.auto or not document.diagrams
    if laid_out:
        if layout is Layout.di:
            typer.echo(f"metis-bpmn: note: {source.display} has no diagram; laid out "
                       "automatically", err=True)
        document = auto_layout(document, timeout=timeout)
        diagram = 0
    if not 0 <= diagram < len(document.diagrams):
        raise UserError(f"{source.display} has {len(document.diagrams)} diagram(s); "
                        f"--diagram {diagram + 1} does not exist")
    if fmt is Format.bpmn:  # the file itself, with this diagram as its only one
        from ..model.write import with_diagram
        return with_diagram(load.source, document.diagrams[diagram])
    findings, states, title = [], None, source.display
    drawn = overlays.Overlay()
    bounds = element_bounds(document, diagram)
    if overlay == "findings" or fmt is Format.html:
        # On a diagram we made, "the file has no diagram" is no news.
        findings = [f for f in lint_loaded(load, cfg) if not (laid_out and f.rule == "no-bpmndi")]
    if overlay and overlay.startswith("session:"):
        session_id = overlay.split(":", 1)[1]
        states = _session_states(vault, session_id, source.path)
        title = f"{source.display} \u2014 session {session_id}"
        drawn = overlays.session_overlay(states, bounds)
    elif overlay == "findings" or (fmt is Format.html and not overlay):
        # The review page shows one finding's path at a time, on request, not all at once.
        drawn = overlays.findings_overlay(document, findings, bounds,
                                          paths=fmt is not Format.html)
    elif overlay:
        raise UserError(f"--overlay must be 'findings' or 'session:ID', not {overlay!r}")
    svg = render_svg(document, diagram, classes=drawn.classes, extra=drawn.extra,
                     style=drawn.style)
    if fmt is Format.svg:
        return svg.encode()
    if fmt is Format.png:
        return _png(svg, bounds.values())
    return html.review_page(document, svg, findings, title, states).encode()


# A PNG is scaled down until it has at most this many pixels, its shapes cover at most this
# much area and their outlines run at most this long (the rasteriser's time grows with each):
# 250 nested sub-processes or a 3,000-way gateway laid out automatically would otherwise
# take gigabytes or minutes.
MAX_PNG_PIXELS = 40_000_000
MAX_PNG_AREA = 50_000_000
MAX_PNG_OUTLINE = 1_000_000


def _png(svg: str, drawn) -> bytes:
    import resvg_py

    size = re.search(r'<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"', svg[:2000])
    pixels = float(size.group(1)) * float(size.group(2)) if size else 0.0
    area = sum(b.width * b.height for b in drawn)
    outline = sum(b.width + b.height for b in drawn)
    zoom = min(1.0, (MAX_PNG_PIXELS / max(pixels, 1)) ** 0.5,
               (MAX_PNG_AREA / max(area, 1)) ** 0.5, MAX_PNG_OUTLINE / max(outline, 1))
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, background="white",
                                       zoom=zoom if zoom < 1 else None))


@app.command()
def render(
    paths: List[str] = typer.Argument(..., metavar="PATH...",
                                      help="BPMN files or folders (searched recursively)."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", metavar="OUT",
        help="Output file (one input) or folder (several); default: standard output for one "
             "SVG or HTML input."),
    format: Format = typer.Option(
        Format.svg, "--format", "-f",
        help="Output format; bpmn writes the BPMN file itself with the diagram drawn (with "
             "--layout auto: laid out anew, the way to give a file a diagram)."),
    overlay: Optional[str] = typer.Option(
        None, "--overlay", metavar="findings|session:ID",
        help="Draw the findings (severity colours, counts, evidence paths) or a session's "
             "state (completed, active, blocked, not reached) over the diagram."),
    layout: Layout = typer.Option(
        Layout.di, "--layout",
        help="di: the file's own diagram (a file without one is laid out automatically); "
             "auto: lay the process out with Graphviz dot, ignoring the file's diagram."),
    diagram: int = typer.Option(1, "--diagram", min=1, metavar="N",
                                help="Which diagram of a file that has several."),
    vault: Path = typer.Option(Path("."), "--vault", metavar="DIR",
                               help="The vault of the session (for --overlay session:ID)."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", metavar="FILE",
                                          help="Configuration for --overlay findings."),
    profile: Optional[str] = typer.Option(None, "--profile", "-p",
                                          help="Rule profile for --overlay findings."),
    timeout: float = typer.Option(60.0, "--timeout", metavar="SECONDS",
                                  help="Time limit per file (layout and drawing)."),
) -> None:
    """Draw BPMN diagrams in BPMN notation (SVG, PNG or an HTML review page).

    Exit codes: 0 drawn (findings in an overlay do not change it), 2 usage or input error.
    """
    from ..lint.config import load_config
    from ..lint.files import collect

    if "-" in paths:  # (refused before anything is read from it)
        raise UserError("render reads files, not standard input")
    cfg = load_config(config_path=config, profile_name=profile, overrides=())
    sources = collect(paths, exclude=cfg.exclude)
    many = len(sources) > 1 or (output is not None and output.is_dir())
    if many and output is None:
        raise UserError("several inputs: give an output folder with -o")
    if output is None and format is Format.png and sys.stdout.isatty():
        raise UserError("PNG is binary: give an output file with -o")
    for source in sources:
        with deadline(timeout, f"drawing {source.display}"):
            content = _render_one(source, cfg, fmt=format, overlay=overlay, layout=layout,
                                  diagram=diagram - 1, vault=vault, timeout=timeout)
        if output is None:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        elif many:
            name = Path(source.display).with_suffix(f".{format.value}").name
            if name.endswith(".bpmn20.xml"):
                name = name[:-len(".bpmn20.xml")] + f".{format.value}"
            _write(output / name, content)
        else:
            _write(output, content)
