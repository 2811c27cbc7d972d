"""Split a note into front matter and body, and read the front matter faithfully.

Faithful means: dates stay ISO strings (no ``date`` objects), duplicate keys are an error
(YAML loaders silently keep the last), values follow YAML 1.2 like Obsidian (``no`` is the
text "no", ``01234`` keeps its zero) and the YAML 1.1 readings other tools would make are
reported, tabs in indentation and non-mapping front matter are reported with their line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it

_BLOCK = re.compile(rb"\A(?:\xef\xbb\xbf)?---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)",
                    re.S | re.M)
_OPENING = re.compile(rb"\A(?:\xef\xbb\xbf)?---[ \t]*\r?\n")
_YAML11_WORDS = frozenset({"yes", "no", "on", "off", "y", "n"})
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9_]+$")


@dataclass(frozen=True)
class Issue:
    """A problem with one note's front matter; ``line`` counts from the file's first line."""

    kind: str
    message: str
    line: int
    severity: str = "error"


class _Loader(_Base):
    """Safe loader: YAML 1.2 scalars, no timestamps, duplicate keys refused."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers
          if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool",
                         "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool",
                              re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"),
                              list("-+0123456789"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+"
               r"|\.inf|\.Inf|\.INF|\.nan|\.NaN|\.NAN)$"),
    list("-+0123456789."))


class DuplicateKey(yaml.YAMLError):
    def __init__(self, key: object, line: int) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key, self.line = key, line


def _mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (list, dict)):
            continue  # reported by the base constructor as unhashable
        if key in seen:
            raise DuplicateKey(key, key_node.start_mark.line)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


def _string(loader: _Loader, node: yaml.ScalarNode) -> str:
    value = loader.construct_scalar(node)
    if not node.style and (value.lower() in _YAML11_WORDS or _LEADING_ZERO.match(value)):
        loader.yaml11_readings.append((value, node.start_mark.line))
    return value


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)
_Loader.add_constructor("tag:yaml.org,2002:str", _string)


def split(data: bytes) -> tuple[bytes | None, bytes, int, Issue | None]:
    """(front matter bytes or None, body bytes, line where the body starts, issue)."""
    match = _BLOCK.match(data)
    if match:
        body_line = data.count(b"\n", 0, match.end()) + 1
        return match.group(1), data[match.end():], body_line, None
    if _OPENING.match(data):
        return None, data, 1, Issue("unclosed-front-matter",
                                    "front matter starts with --- but is never closed", 1)
    return None, data, 1, None


def parse(block: bytes) -> tuple[dict, list[Issue]]:
    """Parse a front-matter block (the lines between the ``---`` markers)."""
    issues: list[Issue] = []
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = block.count(b"\n", 0, exc.start) + 2
        return {}, [Issue("encoding", f"front matter is not UTF-8 (byte {exc.start} of the "
                                      "block)", line)]
    for number, line in enumerate(text.splitlines(), 2):
        if line[:len(line) - len(line.lstrip())].count("\t"):
            return {}, [Issue("tab-indentation",
                              "front matter is indented with a tab; YAML allows spaces only",
                              number)]
    loader = _Loader(text)
    loader.yaml11_readings = []
    try:
        data = loader.get_single_data()
    except DuplicateKey as exc:
        return {}, [Issue("duplicate-key", f"front matter repeats the key {exc.key!r}",
                          exc.line + 2)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return {}, [Issue("yaml", f"front matter is not valid YAML: {problem}", line)]
    finally:
        loader.dispose()
    for value, line in loader.yaml11_readings:
        issues.append(Issue("yaml11", f"{value!r} is read as text here (YAML 1.2, as Obsidian "
                                      "does) but as a boolean or number by YAML 1.1 tools; "
                                      "quote it", line + 2, "info"))
    if data is None:
        return {}, issues
    if not isinstance(data, dict):
        return {}, issues + [Issue("not-a-mapping", "front matter must be a mapping of keys "
                                   f"to values, not a {type(data).__name__}", 2)]
    for key, value in data.items():
        if isinstance(value, list) and value and all(
                isinstance(v, list) and len(v) == 1 and isinstance(v[0], list) for v in value):
            issues.append(Issue("unquoted-link", f"{key}: an unquoted [[link]] becomes a "
                                "nested list; write it as \"[[...]]\"", 2, "warning"))
        elif isinstance(value, list) and len(value) == 1 and isinstance(value[0], list):
            issues.append(Issue("unquoted-link", f"{key}: an unquoted [[link]] becomes a "
                                "nested list; write it as \"[[...]]\"", 2, "warning"))
    return _json_safe(data), issues


def _json_safe(value):
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", "replace")
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)
    return value
