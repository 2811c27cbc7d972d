"""Compare a rendering with a reference rendering: *unmatched ink* and drawn element ids.

The pixel measure: unmatched ink
--------------------------------
A plain pixel difference punishes drawings that look identical but whose lines sit half a pixel
apart. :func:`unmatched_ink` is tolerant of that:

1. Both SVGs are rasterised with the same rasteriser (resvg, via ``resvg-py``) on a white
   background, 1 px per user unit, in the **same viewBox** -- the reference's (``svg_a``) unless
   ``view_box`` is given. The candidate's root ``viewBox``/``width``/``height`` are overwritten
   with the reference's, so a candidate that computes its own, different viewBox is still
   compared in the reference's coordinate frame (DI coordinates are absolute).
2. A pixel is *ink* ("dark") when its grey value is below ``dark`` (default 160 of 255; grey =
   ITU-R 601 luma, ``(19595 R + 38470 G + 7471 B + 32768) >> 16``, as Pillow's ``convert("L")``).
3. An ink pixel of one picture is *unmatched* when the other picture has no ink pixel within
   ``radius`` px (Chebyshev distance; ``radius=2`` is a 5x5 neighbourhood / max filter).
4. Result = (unmatched ink pixels of A + unmatched ink pixels of B) / (ink pixels of A + ink
   pixels of B), a float in [0, 1]; 0.0 when neither picture has ink.

Calibration (notes/rendering.md): visually faithful renders score 0.2-3 %; a render with a
missing marker or a misplaced label block scores 6-8 %. The proposed bar is <= 5 % per file
together with the same set of drawn element ids (:func:`drawn_ids`). Text is drawn by resvg with
``Liberation Sans`` for the generic ``sans-serif`` family (bpmn-js asks for ``Arial, sans-serif``;
Liberation Sans is metric-compatible with Arial); without that font installed resvg falls back
to another system font and text-heavy diagrams score worse.

Dependencies: ``resvg-py`` and ``lxml`` (core) and Pillow (the ``test`` extra), which decodes the
PNG that resvg-py returns. This module is a test helper: it lives under ``tests/`` and is not
shipped in the package. Ink masks are kept as one Python ``int`` bit set per row, so the
neighbourhood test and the counting are shifts, ORs and ``int.bit_count`` -- no numpy.

Golden references are produced by ``scripts/bpmnjs-golden/render.mjs`` (bpmn-js in headless
Chromium) and stored in ``tests/render/golden/bpmnjs/<name>.svg`` with ``<name>.ids.json``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

from lxml import etree
from PIL import Image

__all__ = ["unmatched_ink", "ink_counts", "drawn_ids", "SANS_SERIF_FAMILY"]

#: Font family resvg uses for the generic ``sans-serif`` family (bpmn-js: ``Arial, sans-serif``).
SANS_SERIF_FAMILY = "Liberation Sans"

_SVG_NS = "http://www.w3.org/2000/svg"
_NUM = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(px)?\s*$")

ViewBox = tuple[float, float, float, float]


# --------------------------------------------------------------------------------------------
# SVG root geometry
# --------------------------------------------------------------------------------------------


def _parse(svg: str | bytes) -> etree._Element:
    data = svg.encode("utf-8") if isinstance(svg, str) else svg
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    return etree.fromstring(data, parser)


def _length(value: str | None) -> float | None:
    """A plain user-unit / px length, or None (missing, percentage, other units)."""
    if value is None:
        return None
    m = _NUM.match(value)
    return float(m.group(1)) if m else None


def _fmt(v: float) -> str:
    return repr(int(v)) if float(v).is_integer() else repr(float(v))


def _root_frame(root: etree._Element) -> tuple[ViewBox, float, float]:
    """(viewBox, width, height) of an SVG root; missing parts are derived from each other."""
    vb_attr = root.get("viewBox")
    width = _length(root.get("width"))
    height = _length(root.get("height"))
    vb: ViewBox | None = None
    if vb_attr:
        parts = [p for p in re.split(r"[\s,]+", vb_attr.strip()) if p]
        if len(parts) == 4:
            x, y, w, h = (float(p) for p in parts)
            if w > 0 and h > 0:
                vb = (x, y, w, h)
    if vb is None:
        if width is None or height is None:
            raise ValueError("SVG root has neither a usable viewBox nor numeric width/height")
        vb = (0.0, 0.0, width, height)
    if width is None or height is None:
        width, height = vb[2], vb[3]
    return vb, width, height


def view_box_of(svg: str) -> ViewBox:
    """The viewBox of an SVG document (from ``viewBox``, else ``0 0 width height``)."""
    return _root_frame(_parse(svg))[0]


def _force_frame(svg: str, view_box: ViewBox, width: float, height: float) -> str:
    """Return ``svg`` with its root viewBox/width/height replaced (content untouched)."""
    root = _parse(svg)
    root.set("viewBox", " ".join(_fmt(v) for v in view_box))
    root.set("width", _fmt(width))
    root.set("height", _fmt(height))
    if "preserveAspectRatio" in root.attrib:
        del root.attrib["preserveAspectRatio"]
    return etree.tostring(root, encoding="unicode")


# --------------------------------------------------------------------------------------------
# Rasterising and ink masks
# --------------------------------------------------------------------------------------------


def _rasterise(svg: str) -> bytes:
    import resvg_py  # core dependency; imported here so that drawn_ids() works without it

    png = resvg_py.svg_to_bytes(
        svg_string=svg,
        background="#ffffff",
        sans_serif_family=SANS_SERIF_FAMILY,
    )
    return bytes(png)


def _dark_rows(png: bytes, dark: int) -> tuple[int, int, list[int]]:
    """Decode a PNG into (width, height, rows) with one int bit set of ink pixels per row."""
    with Image.open(io.BytesIO(png)) as im:
        # resvg composes onto the white background, so alpha is 255 everywhere and ignored
        grey = im.convert("L")
    w, h = grey.size
    lut = [255 if v < dark else 0 for v in range(256)]
    bits = grey.point(lut, "1").tobytes()  # packed, MSB = leftmost pixel, rows byte-padded
    stride = (w + 7) // 8
    pad = stride * 8 - w
    rows = [
        int.from_bytes(bits[y * stride : (y + 1) * stride], "big") >> pad for y in range(h)
    ]
    return w, h, rows


def _dilate(rows: Sequence[int], width: int, radius: int) -> list[int]:
    """Max filter with a (2r+1)x(2r+1) square on per-row bit sets."""
    full = (1 << width) - 1
    horiz = []
    for m in rows:
        d = m
        for k in range(1, radius + 1):
            d |= (m << k) | (m >> k)
        horiz.append(d & full)
    h = len(rows)
    out = []
    for y in range(h):
        d = 0
        for yy in range(max(0, y - radius), min(h, y + radius + 1)):
            d |= horiz[yy]
        out.append(d)
    return out


def _frames(svg_a: str, svg_b: str, view_box: ViewBox | None) -> tuple[str, str]:
    if view_box is None:
        vb, width, height = _root_frame(_parse(svg_a))
    else:
        vb = tuple(float(v) for v in view_box)  # type: ignore[assignment]
        if len(vb) != 4 or vb[2] <= 0 or vb[3] <= 0:
            raise ValueError(f"bad view_box {view_box!r}")
        width, height = vb[2], vb[3]
    return _force_frame(svg_a, vb, width, height), _force_frame(svg_b, vb, width, height)


def ink_counts(
    svg_a: str,
    svg_b: str,
    *,
    view_box: ViewBox | None = None,
    dark: int = 160,
    radius: int = 2,
) -> dict[str, int]:
    """The counts behind :func:`unmatched_ink`.

    Keys: ``width``, ``height`` (raster size), ``ink_a``, ``ink_b`` (dark pixels),
    ``unmatched_a``, ``unmatched_b`` (dark pixels with no dark pixel of the other picture
    within ``radius``).
    """
    if radius < 0:
        raise ValueError("radius must be >= 0")
    a_svg, b_svg = _frames(svg_a, svg_b, view_box)
    wa, ha, rows_a = _dark_rows(_rasterise(a_svg), dark)
    wb, hb, rows_b = _dark_rows(_rasterise(b_svg), dark)
    if (wa, ha) != (wb, hb):  # cannot happen with identical root frames; be explicit anyway
        raise RuntimeError(f"raster sizes differ: {wa}x{ha} vs {wb}x{hb}")
    near_a = _dilate(rows_a, wa, radius)
    near_b = _dilate(rows_b, wb, radius)
    return {
        "width": wa,
        "height": ha,
        "ink_a": sum(r.bit_count() for r in rows_a),
        "ink_b": sum(r.bit_count() for r in rows_b),
        "unmatched_a": sum((r & ~n).bit_count() for r, n in zip(rows_a, near_b)),
        "unmatched_b": sum((r & ~n).bit_count() for r, n in zip(rows_b, near_a)),
    }


def unmatched_ink(
    svg_a: str,
    svg_b: str,
    *,
    view_box: ViewBox | None = None,
    dark: int = 160,
    radius: int = 2,
) -> float:
    """Share of ink (dark pixels) of either picture with no ink of the other within ``radius`` px.

    ``svg_a`` is the reference (e.g. a bpmn-js golden); both pictures are rasterised in its
    viewBox unless ``view_box=(x, y, width, height)`` is given. Returns a float in [0, 1]:
    0.0 for identical drawings (and for two empty ones). See the module docstring.

    >>> svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" viewBox="0 0 20 20">'
    ...        '<rect x="5" y="5" width="10" height="10" fill="black"/></svg>')
    >>> unmatched_ink(svg, svg)
    0.0
    """
    c = ink_counts(svg_a, svg_b, view_box=view_box, dark=dark, radius=radius)
    total = c["ink_a"] + c["ink_b"]
    if total == 0:
        return 0.0
    return (c["unmatched_a"] + c["unmatched_b"]) / total


# --------------------------------------------------------------------------------------------
# Drawn element ids
# --------------------------------------------------------------------------------------------


def _local(tag: object) -> str | None:
    if not isinstance(tag, str):
        return None
    return tag.rsplit("}", 1)[-1]


def drawn_ids(svg: str) -> set[str]:
    """Ids of the BPMN elements drawn in a bpmn-js-style SVG.

    bpmn-js (``saveSVG``) wraps every drawn element in ``<g class="djs-element ..."
    data-element-id="ID">``. External labels are separate groups with id ``ID_label``; they are
    not counted (a group ``X_label`` is treated as a label when a group ``X`` exists too and its
    visual holds only text). The root/plane element has no group. This matches the
    ``<name>.ids.json`` files written next to the goldens.
    """
    root = _parse(svg)
    groups: dict[str, etree._Element] = {}
    for el in root.iter():
        if _local(el.tag) != "g":
            continue
        if "djs-element" not in (el.get("class") or "").split():
            continue
        eid = el.get("data-element-id")
        if eid:
            groups.setdefault(eid, el)
    ids = set()
    for eid, el in groups.items():
        if eid.endswith("_label") and eid[: -len("_label")] in groups and _only_text(el):
            continue
        ids.add(eid)
    return ids


def _only_text(group: etree._Element) -> bool:
    drawn = [
        _local(e.tag)
        for e in group.iter()
        if e is not group and _local(e.tag) not in (None, "g", "title", "desc")
        and "djs-hit" not in (e.get("class") or "").split()
    ]
    return bool(drawn) and all(t in ("text", "tspan") for t in drawn)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tests.render.compare REFERENCE.svg CANDIDATE.svg`` prints the counts."""
    import argparse
    import json

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reference", type=Path)
    ap.add_argument("candidate", type=Path)
    ap.add_argument("--dark", type=int, default=160)
    ap.add_argument("--radius", type=int, default=2)
    ns = ap.parse_args(argv)
    a = ns.reference.read_text(encoding="utf-8")
    b = ns.candidate.read_text(encoding="utf-8")
    c = ink_counts(a, b, dark=ns.dark, radius=ns.radius)
    total = c["ink_a"] + c["ink_b"]
    c["unmatched_ink"] = (c["unmatched_a"] + c["unmatched_b"]) / total if total else 0.0
    ids_a, ids_b = drawn_ids(a), drawn_ids(b)
    c["ids_only_in_reference"] = sorted(ids_a - ids_b)  # type: ignore[assignment]
    c["ids_only_in_candidate"] = sorted(ids_b - ids_a)  # type: ignore[assignment]
    print(json.dumps(c))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
