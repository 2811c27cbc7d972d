"""Shapes in BPMN notation at their DI bounds: activities, events, gateways, data, artifacts,
pools and lanes. Each function returns the SVG of one element (without its group), except
:func:`outline`, which tells how a shape fills its bounds."""

from __future__ import annotations

from ..model.elements import Bounds, Element, Event, Gateway, Shape
from . import icons
from .style import FILL, STROKE, colour, num, tag, text
from .text import layout


def outline(element: Element) -> str:
    """How the shape fills its bounds (for geometry): events are circles, gateways diamonds."""
    if isinstance(element, Event):
        return "ellipse"
    return "diamond" if isinstance(element, Gateway) else "rect"


def colours(shape: Shape) -> tuple[str, str]:
    return colour(shape.stroke, STROKE), colour(shape.fill, FILL)


def label_colour(shape, stroke: str) -> str:
    return colour(shape.label.color if shape.label else None, stroke)


def embedded_label(name: str | None, b: Bounds, fill: str, *, align="center-middle",
                   padding=5.0, size=12.0) -> str:
    if not name:
        return ""
    return "".join(text(b.x + line.x, b.y + line.y, line.text, size=size, fill=fill)
                   for line in layout(name, b.width, b.height, size, align=align,
                                      padding=padding))


def activity(element: Element, shape: Shape, markers: list[str], *, instantiate=False) -> str:
    b = shape.bounds
    stroke, fill = colours(shape)
    sub = element.tag in ("subProcess", "transaction", "adHocSubProcess")
    expanded = sub and bool(shape.is_expanded)
    event_sub = getattr(element, "triggered_by_event", False)
    width = 5 if element.tag == "callActivity" else 2
    dash = "0, 5.5" if event_sub else None
    out = [tag("rect", x=b.x, y=b.y, width=b.width, height=b.height, rx=10, ry=10, fill=fill,
               fill_opacity=0.95, stroke=stroke, stroke_width=2.5 if event_sub else width,
               stroke_dasharray=dash, stroke_linecap="round")]
    if element.tag == "transaction":
        out.append(tag("rect", x=b.x + 3, y=b.y + 3, width=max(b.width - 6, 0),
                       height=max(b.height - 6, 0), rx=7, ry=7, fill="none", stroke=stroke,
                       stroke_width=2))
    out.append(icons.task_icon(element.tag, b.x, b.y, stroke, fill, instantiate))
    out.append(icons.activity_markers(markers, b.x + b.width / 2, b.y + b.height, stroke, fill))
    name_fill = label_colour(shape, stroke)
    if expanded:
        out.append(embedded_label(element.name, Bounds(b.x, b.y, b.width, 30), name_fill,
                                  align="center-top", padding=5))
    else:
        out.append(embedded_label(element.name, b, name_fill))
    return "".join(out)


def _radius(b: Bounds) -> float:
    return round((b.width + b.height) / 4)


def event(element: Event, shape: Shape) -> str:
    b = shape.bounds
    stroke, fill = colours(shape)
    cx, cy, r = b.x + b.width / 2, b.y + b.height / 2, _radius(b)
    dashed = "6" if (element.tag == "boundaryEvent" and not element.cancel_activity) or (
        element.tag == "startEvent" and not element.is_interrupting) else None
    if element.tag == "endEvent":
        out = [tag("circle", cx=cx, cy=cy, r=r, fill=fill, fill_opacity=0.95, stroke=stroke,
                   stroke_width=4)]
    elif element.tag == "startEvent":
        out = [tag("circle", cx=cx, cy=cy, r=r, fill=fill, fill_opacity=0.95, stroke=stroke,
                   stroke_width=2, stroke_dasharray=dashed)]
    else:
        out = [tag("circle", cx=cx, cy=cy, r=r, fill=fill, stroke=stroke, stroke_width=1.5,
                   stroke_dasharray=dashed),
               tag("circle", cx=cx, cy=cy, r=max(r - 3, 1), fill="none", stroke=stroke,
                   stroke_width=1.5, stroke_dasharray=dashed)]
    out.append(icons.event_icon(element.kinds, element.parallel_multiple, cx, cy, r,
                                element.is_throw, stroke, fill))
    return "".join(out)


def gateway(element: Element, shape: Shape) -> str:
    b = shape.bounds
    stroke, fill = colours(shape)
    cx, cy = b.x + b.width / 2, b.y + b.height / 2
    points = [(cx, b.y), (b.x + b.width, cy), (cx, b.y + b.height), (b.x, cy)]
    out = [tag("polygon", points=" ".join(f"{num(x)},{num(y)}" for x, y in points), fill=fill,
               fill_opacity=0.95, stroke=stroke, stroke_width=2, stroke_linejoin="round")]
    w, h = b.width, b.height
    kind = element.tag
    if kind == "exclusiveGateway" and shape.is_marker_visible:
        out.append(tag("path", d=f"M{num(b.x + 0.34 * w)},{num(b.y + 0.31 * h)}"
                                 f"L{num(b.x + 0.66 * w)},{num(b.y + 0.69 * h)}"
                                 f"M{num(b.x + 0.66 * w)},{num(b.y + 0.31 * h)}"
                                 f"L{num(b.x + 0.34 * w)},{num(b.y + 0.69 * h)}",
                       stroke=stroke, stroke_width=0.075 * w))
    elif kind == "parallelGateway":
        out.append(_plus(cx, cy, w, h, stroke, stroke))
    elif kind == "inclusiveGateway":
        out.append(tag("circle", cx=cx, cy=cy, r=round((w + h) / 4 - 0.24 * h), fill="none",
                       stroke=stroke, stroke_width=2.5))
    elif kind == "complexGateway":
        arm = 0.3 * w
        out.append(tag("path", d=f"M{num(cx)},{num(cy - arm)}v{num(2 * arm)}M{num(cx - arm)},{num(cy)}"
                                 f"h{num(2 * arm)}M{num(cx - 0.7 * arm)},{num(cy - 0.7 * arm)}"
                                 f"l{num(1.4 * arm)},{num(1.4 * arm)}M{num(cx + 0.7 * arm)},"
                                 f"{num(cy - 0.7 * arm)}l{num(-1.4 * arm)},{num(1.4 * arm)}",
                       stroke=stroke, stroke_width=0.07 * w))
    elif kind == "eventBasedGateway":
        r = 0.26 * w
        parallel = getattr(element, "event_gateway_type", None) == "Parallel"
        out.append(tag("circle", cx=cx, cy=cy, r=r, fill="none", stroke=stroke, stroke_width=1))
        if not getattr(element, "instantiate", False):
            out.append(tag("circle", cx=cx, cy=cy, r=r - 3, fill="none", stroke=stroke,
                           stroke_width=1))
        if parallel:
            out.append(_plus(cx, cy, w * 0.55, h * 0.55, stroke, "none"))
        else:
            out.append(icons.event_icon(("a", "b"), False, cx, cy, r * 1.1, False, stroke, "none"))
    return "".join(out)


def _plus(cx, cy, w, h, stroke, fill) -> str:
    t, lw, lh = 0.05 * w, 0.3 * w, 0.3 * h
    d = (f"M{num(cx - t)},{num(cy - lh)}h{num(2 * t)}v{num(lh - t)}h{num(lw - t)}v{num(2 * t)}"
         f"h{num(t - lw)}v{num(lh - t)}h{num(-2 * t)}v{num(t - lh)}h{num(t - lw)}v{num(-2 * t)}"
         f"h{num(lw - t)}Z")
    return tag("path", d=d, fill=fill, stroke=stroke, stroke_width=1)


def data(element: Element, shape: Shape, collection: bool) -> str:
    b = shape.bounds
    stroke, fill = colours(shape)
    if element.tag == "dataStoreReference":
        ry = min(b.height * 0.12, 6)
        body = (f"M{num(b.x)},{num(b.y + ry)}v{num(b.height - 2 * ry)}"
                f"a{num(b.width / 2)},{num(ry)} 0 0 0 {num(b.width)},0v{num(2 * ry - b.height)}")
        return (tag("path", d=body, fill=fill, stroke=stroke, stroke_width=2)
                + tag("ellipse", cx=b.x + b.width / 2, cy=b.y + ry, rx=b.width / 2, ry=ry,
                      fill=fill, stroke=stroke, stroke_width=2)
                + "".join(tag("path", d=f"M{num(b.x)},{num(b.y + ry + k)}a{num(b.width / 2)},"
                                        f"{num(ry)} 0 0 0 {num(b.width)},0", fill="none",
                              stroke=stroke, stroke_width=2) for k in (4, 8)))
    fold = min(10.0, b.width / 3)
    page = (f"M{num(b.x)},{num(b.y)}h{num(b.width - fold)}l{num(fold)},{num(fold)}"
            f"v{num(b.height - fold)}h{num(-b.width)}Z")
    out = tag("path", d=page, fill=fill, fill_opacity=0.95, stroke=stroke, stroke_width=2,
              stroke_linejoin="round")
    out += tag("path", d=f"M{num(b.x + b.width - fold)},{num(b.y)}v{num(fold)}h{num(fold)}",
               fill="none", stroke=stroke, stroke_width=2)
    if element.tag in ("dataInput", "dataOutput"):  # an arrow at the top left: hollow in, filled out
        ax, ay = b.x + 5, b.y + 6
        arrow = (f"M{num(ax)},{num(ay + 2)}h7v-3l6,5l-6,5v-3h-7Z")
        out += tag("path", d=arrow, fill=stroke if element.tag == "dataOutput" else fill,
                   stroke=stroke, stroke_width=1, stroke_linejoin="round")
    if collection:
        out += "".join(tag("path", d=f"M{num(b.x + b.width / 2 + d)},{num(b.y + b.height - 12)}v8",
                           stroke=stroke, stroke_width=2) for d in (-5, 0, 5))
    return out


def annotation(element, shape: Shape) -> str:
    b = shape.bounds
    stroke, _ = colours(shape)
    bracket = f"M{num(b.x + 10)},{num(b.y)}h-10v{num(b.height)}h10"
    return (tag("path", d=bracket, fill="none", stroke=stroke, stroke_width=2)
            + embedded_label(getattr(element, "text", ""), b, label_colour(shape, stroke),
                             align="left-top", padding=7))


def group_box(shape: Shape) -> str:
    b = shape.bounds
    stroke, _ = colours(shape)
    return tag("rect", x=b.x, y=b.y, width=b.width, height=b.height, rx=10, ry=10, fill="none",
               stroke=stroke, stroke_width=1.5, stroke_dasharray="10, 6, 0, 6")


def pool(element: Element, shape: Shape, has_process: bool, *, lane: bool = False) -> str:
    b = shape.bounds
    stroke, fill = colours(shape)
    horizontal = shape.is_horizontal is not False
    out = [tag("rect", x=b.x, y=b.y, width=b.width, height=b.height, fill=fill,
               fill_opacity=0.25 if lane else 0.95, stroke=stroke, stroke_width=1.5)]
    name_fill = label_colour(shape, stroke)
    if not has_process and not lane:
        out.append(embedded_label(element.name, b, name_fill))
        return "".join(out)
    if not lane:
        out.append(tag("path", d=(f"M{num(b.x + 30)},{num(b.y)}v{num(b.height)}" if horizontal
                                  else f"M{num(b.x)},{num(b.y + 30)}h{num(b.width)}"),
                       stroke=stroke, stroke_width=1.5))
    if element.name:
        if horizontal:  # the name reads bottom-up in the 30 px band at the left
            band = Bounds(0, 0, b.height, 30)
            lines = layout(element.name, band.width, band.height, 12, padding=5)
            cx, cy = b.x, b.y + b.height
            out.append(f'<g transform="translate({num(cx)},{num(cy)}) rotate(270)">'
                       + "".join(text(line.x, line.y, line.text, size=12, fill=name_fill)
                                 for line in lines) + "</g>")
        else:
            out.append(embedded_label(element.name, Bounds(b.x, b.y, b.width, 30), name_fill))
    return "".join(out)
