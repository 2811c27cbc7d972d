"""The review page against names, ids and a file name written to break out of it
(hostile-names.bpmn): they stay data, the page keeps exactly its own two scripts, and its
Content-Security-Policy allows those by hash, never 'unsafe-inline'."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from typer.testing import CliRunner

from metis_bpmn.cli import app
from metis_bpmn.render.html import script_json

HOSTILE = Path(__file__).parent / "hostile-names.bpmn"
GATEWAY, TASK = "<!--<script>alert(1)</script>", "</script><script>"
UNSAFE_IN_SCRIPT = set("<>&\u2028\u2029")


def _page(tmp_path: Path) -> str:
    source = tmp_path / "<!--<script>.bpmn"  # the file name is the page's title
    shutil.copy(HOSTILE, source)
    out = tmp_path / "review.html"
    result = CliRunner().invoke(app, ["render", str(source), "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def _hash_source(text: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


def _csp(page: str) -> dict[str, list[str]]:
    content = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)[1]
    return {name: values for name, *values in (d.split() for d in content.split(";"))}


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the title's text."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self.feed(page)

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data) -> None:
        if self.tags and self.tags[-1][0] == "title" and not self.title:
            self.title = data


def test_script_json_reads_back_and_cannot_end_or_open_a_script() -> None:
    value = {GATEWAY: [TASK, "a & b > c", "line\u2028para\u2029", "<!-- -->"]}
    text = script_json(value)
    assert json.loads(text) == value
    assert not UNSAFE_IN_SCRIPT & set(text)


def test_hostile_names_stay_data(tmp_path: Path) -> None:
    page = _page(tmp_path)
    assert page.count("<script") == 2 and page.count("</script") == 2 and "<!--" not in page
    data = re.search(r'<script type="application/json" id="review-data">(.*?)</script>',
                     page, re.DOTALL)[1]
    assert not UNSAFE_IN_SCRIPT & set(data)
    elements = json.loads(data)["elements"]
    assert elements[TASK]["head"].startswith(f'task {TASK} \u201c" onmouseover="alert(1)" &amp;')
    assert ["documentation", "</script><!--<script> -->"] in elements[TASK]["rows"]
    assert "line\u2028separator\u2029paragraph" in elements["Fork"]["head"]
    parsed = _Tags(page)
    names = [t for t, _ in parsed.tags]
    assert names.count("script") == 2 and "img" not in names
    assert not [a for _, attrs in parsed.tags for a in attrs if a.startswith("on")]
    ids = {attrs.get("data-element-id") for _, attrs in parsed.tags}
    assert {GATEWAY, TASK, f"{GATEWAY}_label"} <= ids  # escaped once, read back exactly
    titles = {attrs.get("title") for _, attrs in parsed.tags}  # ids on hover in the list
    assert {GATEWAY, TASK} <= titles
    assert parsed.title.endswith("/<!--<script>.bpmn")


def test_csp_allows_only_the_emitted_script_and_styles_by_hash(tmp_path: Path) -> None:
    page = _page(tmp_path)
    csp = _csp(page)
    assert "'unsafe-inline'" not in page and "'unsafe-eval'" not in page
    assert csp["default-src"] == ["'none'"]
    script = re.search(r"<script>(.*?)</script>", page, re.DOTALL)[1]
    assert csp["script-src"] == [_hash_source(script)]
    styles = re.findall(r"<style>(.*?)</style>", page, re.DOTALL)  # the page's and the diagram's
    assert len(styles) == 2 and csp["style-src"] == [_hash_source(s) for s in styles]
