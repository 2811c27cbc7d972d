"""Colours, strokes and SVG element text. Nothing from a BPMN file reaches the SVG unescaped."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

STROKE = "#22242a"  # bpmn-js's default stroke, hsl(225, 10%, 15%)
FILL = "white"
FONT = "Arial, sans-serif"

_COLOUR = re.compile(
    r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}"
    r"|(?:rgb|rgba|hsl|hsla)\(\s*[0-9.]+%?(?:\s*,\s*[0-9.]+%?){2,3}\s*\)")


def colour(value: str | None, default: str) -> str:
    """A DI colour if it is a plain CSS colour, else the default (never raw file text)."""
    if value and _COLOUR.fullmatch(value.strip()):
        return value.strip()
    return default


def num(value: float) -> str:
    """Coordinates with at most two decimals, no trailing zeros: deterministic and short."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def tag(name: str, **attrs) -> str:
    """A self-closing SVG element; ``attrs`` names use ``_`` for ``-``."""
    parts = [name]
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, float):
            value = num(value)
        parts.append(f"{key.rstrip('_').replace('_', '-')}={quoteattr(str(value))}")
    return "<" + " ".join(parts) + "/>"


def text(x: float, y: float, content: str, *, size: float, fill: str) -> str:
    return (f'<text x="{num(x)}" y="{num(y)}" font-family="{FONT}" font-size="{num(size)}" '
            f'fill={quoteattr(fill)}>{escape(content)}</text>')


def group(element_id: str, kind: str, body: str, extra: str = "") -> str:
    return (f'<g class="djs-element djs-{kind}{extra}" data-element-id={quoteattr(element_id)}>'
            f"{body}</g>")
