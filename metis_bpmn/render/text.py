"""Label text as bpmn-js lays it out: Arial metrics, greedy word wrapping, line height 1.2.

Browsers measure with the real font; we use the advance widths and kerning pairs of Liberation
Sans, which is metric-compatible with Arial (the font bpmn-js asks for), so line breaks and
centring land where bpmn-js puts them. The tables cover Latin-1; other characters count as
the width of "n".
"""

from __future__ import annotations

from dataclasses import dataclass

# Advance widths in 1/1000 em for U+0020..U+007E then U+00A0..U+00FF.
_WIDTHS = [int(w) for w in (
    "278,278,355,556,556,889,667,191,333,333,389,584,278,333,278,278,556,556,556,556,556,556,"
    "556,556,556,556,278,278,584,584,584,556,1015,667,667,722,722,667,611,778,722,278,500,667"
    ",556,833,722,778,667,778,722,667,611,722,667,944,667,667,611,278,278,278,469,556,333,556"
    ",556,500,556,556,278,556,556,222,222,500,222,833,556,556,556,556,333,500,278,556,500,722"
    ",500,500,500,334,260,334,584,278,333,556,556,556,556,260,556,333,737,370,556,584,333,737"
    ",552,400,549,333,333,333,576,537,278,333,333,365,556,834,834,834,611,667,667,667,667,667"
    ",667,1000,722,667,667,667,667,278,278,278,278,722,722,778,778,778,778,778,584,778,722,72"
    "2,722,722,667,667,611,556,556,556,556,556,556,889,500,556,556,556,556,278,278,278,278,55"
    "6,556,556,556,556,556,556,549,611,556,556,556,556,500,556,500"
).split(",")]
_ADVANCE = {chr(cp): w for cp, w in zip([*range(32, 127), *range(160, 256)], _WIDTHS)}
_DEFAULT = 556
# Kerning pairs (1/1000 em) among ASCII characters.
_KERN = {
    " A": -55, " T": -18, " Y": -18, "A ": -55, "AT": -74, "AV": -74, "AW": -37, "AY": -74,
    "Av": -18, "Aw": -18, "Ay": -18, "F,": -111, "F.": -111, "FA": -55, "L ": -37, "LT": -74,
    "LV": -74, "LW": -74, "LY": -74, "Ly": -37, "P ": -18, "P,": -129, "P.": -129, "PA": -74,
    "RT": -18, "RV": -18, "RW": -18, "RY": -18, "T ": -18, "T,": -111, "T-": -55, "T.": -111,
    "T:": -111, "T;": -111, "TA": -74, "TO": -18, "Ta": -111, "Tc": -111, "Te": -111, "Ti":
    -37, "To": -111, "Tr": -37, "Ts": -111, "Tu": -37, "Tw": -55, "Ty": -55, "V,": -92, "V-":
    -55, "V.": -92, "V:": -37, "V;": -37, "VA": -74, "Va": -74, "Ve": -55, "Vi": -18, "Vo":
    -55, "Vr": -37, "Vu": -37, "Vy": -37, "W,": -55, "W-": -18, "W.": -55, "W:": -18, "W;":
    -18, "WA": -37, "Wa": -37, "We": -18, "Wo": -18, "Wr": -18, "Wu": -18, "Wy": -9, "Y ": -18,
    "Y,": -129, "Y-": -92, "Y.": -129, "Y:": -55, "Y;": -65, "YA": -74, "Ya": -74, "Ye": -92,
    "Yi": -37, "Yo": -92, "Yp": -74, "Yq": -92, "Yu": -55, "Yv": -55, "ff": -18, "r,": -55,
    "r.": -55, "v,": -74, "v.": -74, "w,": -55, "w.": -55, "y,": -74, "y.": -74
}
LINE_HEIGHT = 1.2
# Labels are cut here: nobody reads more on a diagram, and a name of megabytes must not
# cost minutes of wrapping.
MAX_LABEL = 1000


def measure(text: str, size: float) -> float:
    """Width of ``text`` in px at font size ``size``."""
    total = sum(_ADVANCE.get(c, _DEFAULT) for c in text)
    total += sum(_KERN.get(text[i:i + 2], 0) for i in range(len(text) - 1))
    return total * size / 1000


def _fits(word: str, width: float, size: float) -> int:
    """How many leading characters of ``word`` fit in ``width`` (at least one)."""
    total, previous = 0.0, ""
    for index, char in enumerate(word):
        total += (_ADVANCE.get(char, _DEFAULT) + _KERN.get(previous + char, 0)) * size / 1000
        if total > width:
            return max(1, index)
        previous = char
    return len(word)


def wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy wrapping at spaces (and after hyphens); a word longer than the line is cut.
    Text past :data:`MAX_LABEL` characters is dropped (marked with an ellipsis)."""
    if len(text) > MAX_LABEL:
        text = text[:MAX_LABEL] + "\u2026"
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").split("\n"):
        words = paragraph.split(" ")
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if measure(candidate, size) <= width or not line and measure(word, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while len(word) > 1 and (cut := _fits(word, width, size)) < len(word):
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


@dataclass(frozen=True)
class Line:
    x: float  # left of the line, relative to the box
    y: float  # baseline, relative to the box
    text: str


def layout(text: str, width: float, height: float, size: float, *, align: str = "center-middle",
           padding: float = 0) -> list[Line]:
    """Lines of ``text`` in a box: horizontally centred (or left for ``left-top``), vertically
    centred (``*-middle``) or from the top (``*-top``)."""
    lines = wrap(text, max(width - 2 * padding, 1), size)
    step = size * LINE_HEIGHT
    total = step * len(lines)
    top = (height - total) / 2 if align.endswith("middle") else padding
    placed = []
    for i, line in enumerate(lines):
        w = measure(line, size)
        x = padding if align.startswith("left") else (width - w) / 2
        placed.append(Line(x, top + step * (i + 0.75), line))
    return placed

