"""One self-contained review page: the diagram with findings drawn on it, the findings list,
details on hover, and a click on a finding highlights its element and evidence path. No
network access, no external files; everything taken from the BPMN file is escaped, and a
Content-Security-Policy allows only the page's own style sheets and script, by their hashes."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable
from html import escape

from ..lint.finding import Finding
from ..model.elements import Document
from .overlay import path_elements

_CSS = """
body { margin: 0; font: 14px Arial, sans-serif; color: #22242a; display: flex; flex-direction: column; height: 100vh; }
header { padding: 8px 16px; border-bottom: 1px solid #ccc; }
header h1 { font-size: 16px; margin: 0; }
main { flex: 1; display: flex; min-height: 0; }
#diagram { flex: 3; overflow: auto; background: #fafafa; }
#diagram svg { background: white; max-width: 100%; height: auto; }
aside { flex: 1; min-width: 280px; overflow: auto; border-left: 1px solid #ccc; }
aside ol { list-style: none; margin: 0; padding: 0; }
aside li { padding: 8px 12px; border-bottom: 1px solid #eee; cursor: pointer; }
aside li:hover, aside li.active { background: #eef4ff; }
aside .sev { font-weight: bold; text-transform: uppercase; font-size: 11px; }
aside .error .sev { color: #d62728; } aside .warning .sev { color: #b07800; } aside .info .sev { color: #1f77b4; }
aside .path { font-family: monospace; font-size: 12px; color: #555; word-break: break-all; }
aside p.none { padding: 12px; color: #2e7d32; }
#tip { position: fixed; display: none; background: #22242a; color: white; padding: 6px 8px; font-size: 12px; border-radius: 4px; max-width: 360px; pointer-events: none; white-space: pre-wrap; }
"""

_JS = """
(function () {
  var data = JSON.parse(document.getElementById('review-data').textContent);
  var tip = document.getElementById('tip');
  function groups(id) {
    return document.querySelectorAll('[data-element-id="' + CSS.escape(id) + '"]');
  }
  document.querySelectorAll('aside li[data-index]').forEach(function (item) {
    item.addEventListener('click', function () {
      document.querySelectorAll('.selected').forEach(function (g) { g.classList.remove('selected'); });
      document.querySelectorAll('aside li.active').forEach(function (li) { li.classList.remove('active'); });
      item.classList.add('active');
      var finding = data.findings[Number(item.dataset.index)];
      var first = null;
      finding.highlight.forEach(function (id) {
        groups(id).forEach(function (g) { g.classList.add('selected'); first = first || g; });
      });
      if (first && first.scrollIntoView) { first.scrollIntoView({block: 'center', inline: 'center'}); }
    });
  });
  document.querySelectorAll('#diagram [data-element-id]').forEach(function (g) {
    g.addEventListener('mousemove', function (event) {
      var info = data.elements[g.dataset.elementId];
      if (!info) { return; }
      tip.textContent = info;
      tip.style.display = 'block';
      tip.style.left = (event.clientX + 12) + 'px';
      tip.style.top = (event.clientY + 12) + 'px';
    });
    g.addEventListener('mouseleave', function () { tip.style.display = 'none'; });
  });
})();
"""

# In a <script> element the HTML parser looks for "</script" and, after "<!--", for "<script"
# too; with none of <, > and & in the text no such sequence can occur.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def script_json(value: object) -> str:
    """JSON that can sit inside a <script> element and reads back unchanged. ensure_ascii
    writes U+2028/U+2029 (and all other non-ASCII) as \\u escapes as well."""
    return json.dumps(value, ensure_ascii=True, sort_keys=True).translate(_SCRIPT_SAFE)


def _hash_source(text: str) -> str:
    """A CSP source allowing the inline style or script whose text is ``text``."""
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def _csp(svg: str) -> str:
    # The diagram's own <style> (the overlay's rules, no & or <, so its text is its bytes)
    # needs a hash as well; the JSON block is not run, so it needs none.
    styles = " ".join(_hash_source(css) for css in [_CSS, *_STYLE.findall(svg)])
    return (f"default-src 'none'; style-src {styles}; script-src {_hash_source(_JS)}; "
            "base-uri 'none'; form-action 'none'")


def review_page(document: Document, svg: str, findings: Iterable[Finding], title: str) -> str:
    findings = list(findings)
    elements = {}
    for element_id, element in document.elements.items():
        name = f" \u201c{element.name}\u201d" if element.name else ""
        notes = [f"{f.severity.label} [{f.rule}] {f.message}" for f in findings
                 if f.element_id == element_id]
        elements[element_id] = "\n".join([f"{element.tag} {element_id}{name}", *notes])
    items, payload = [], []
    for index, finding in enumerate(findings):
        highlight = [finding.element_id, *path_elements(document, finding.evidence)]
        payload.append({"highlight": [h for h in dict.fromkeys(highlight) if h]})
        where = f"line {finding.line}" if finding.line else ""
        element = f" · {escape(finding.element_id)}" if finding.element_id else ""
        path = (f'<div class="path">path: {escape(" → ".join(finding.evidence))}</div>'
                if finding.evidence else "")
        items.append(f'<li class="{finding.severity.label}" data-index="{index}">'
                     f'<span class="sev">{finding.severity.label}</span> '
                     f"<b>{escape(finding.rule)}</b> {escape(finding.message)}"
                     f'<div class="path">{where}{element}</div>{path}</li>')
    listing = f"<ol>{''.join(items)}</ol>" if items else '<p class="none">No findings.</p>'
    data = script_json({"findings": payload, "elements": elements})
    summary = f"{len(findings)} finding{'s' if len(findings) != 1 else ''}"
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{_csp(svg)}">'
            f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
            f"<header><h1>{escape(title)}</h1>{summary}</header>"
            f'<main><div id="diagram">{svg}</div><aside>{listing}</aside></main>'
            f'<div id="tip"></div><script type="application/json" id="review-data">{data}</script>'
            f"<script>{_JS}</script></body></html>\n")
