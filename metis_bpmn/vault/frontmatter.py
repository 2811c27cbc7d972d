"""Split a note into front matter and body, and read the front matter faithfully.

Faithful means: dates stay ISO strings (no ``date`` objects), duplicate keys are an error
(YAML loaders silently keep the last), values follow YAML 1.2 like Obsidian (``no`` is the
text "no", ``01234`` keeps its zero) and the YAML 1.1 readings other tools would make are
reported, tabs in indentation and non-mapping front matter are reported with their line.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import yaml

from ..finding import Finding, Severity

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it

_BLOCK = re.compile(rb"\A(?:\xef\xbb\xbf)?---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)",
                    re.S | re.M)
_OPENING = re.compile(rb"\A(?:\xef\xbb\xbf)?---[ \t]*\r?\n")
_YAML11_WORDS = frozenset({"yes", "no", "on", "off", "y", "n"})
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9_]+$")


def _issue(kind: str, message: str, line: int, severity: str = "error") -> Finding:
    """A problem with one note's front matter, as rule ``vault/<kind>``; ``line`` counts
    from the file's first line. The reader fills in the note's path."""
    return Finding(f"vault/{kind}", Severity.parse(severity), message, "", line)


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
        loader.yaml11_readings.append((value, node.start_mark.line, "yaml11"))
    return value


def _integer(loader: _Loader, node: yaml.ScalarNode):
    """Integers of more than 18 digits stay text: no tool that reads the vault (JSON,
    JavaScript, the sandbox) keeps them exact, and Python refuses 4,300 digits."""
    value = loader.construct_scalar(node)
    if len(value.lstrip("+-").replace("_", "")) > 18:
        loader.yaml11_readings.append((value[:20] + "...", node.start_mark.line, "big"))
        return value
    return loader.construct_yaml_int(node)


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)
_Loader.add_constructor("tag:yaml.org,2002:str", _string)
_Loader.add_constructor("tag:yaml.org,2002:int", _integer)


MAX_VALUES = 20_000  # values in the front matter once aliases are expanded
MAX_DEPTH = 50


def _expansion_problem(node) -> str | None:
    """Why the composed front matter is too big to construct: aliases let a few lines stand
    for billions of values (a "billion laughs"), so count what they expand to first, each
    shared node once (memoised), without expanding anything."""
    sizes: dict[int, int] = {}

    def size(current, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise _TooDeep()
        known = sizes.get(id(current))
        if known is not None:
            return known
        sizes[id(current)] = MAX_VALUES + 1  # a node that contains itself counts as too big
        total = 1
        if isinstance(current, yaml.SequenceNode):
            total += sum(size(child, depth + 1) for child in current.value)
        elif isinstance(current, yaml.MappingNode):
            total += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in current.value)
        sizes[id(current)] = total = min(total, MAX_VALUES + 1)
        return total

    if node is None:
        return None
    try:
        if size(node, 0) > MAX_VALUES:
            return (f"front matter expands to more than {MAX_VALUES:,} values (YAML aliases "
                    "repeat parts of it); not read")
    except _TooDeep:
        return f"front matter is nested more than {MAX_DEPTH} levels deep; not read"
    return None


class _TooDeep(Exception):
    pass


def split(data: bytes) -> tuple[bytes | None, bytes, int, Finding | None]:
    """(front matter bytes or None, body bytes, line where the body starts, issue)."""
    match = _BLOCK.match(data)
    if match:
        body_line = data.count(b"\n", 0, match.end()) + 1
        return match.group(1), data[match.end():], body_line, None
    if _OPENING.match(data):
        return None, data, 1, _issue("unclosed-front-matter",
                                    "front matter starts with --- but is never closed", 1)
    return None, data, 1, None


def parse(block: bytes) -> tuple[dict, list[Finding]]:
    """Parse a front-matter block (the lines between the ``---`` markers)."""
    issues: list[Finding] = []
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = block.count(b"\n", 0, exc.start) + 2
        return {}, [_issue("encoding", f"front matter is not UTF-8 (byte {exc.start} of the "
                                      "block)", line)]
    for number, line in enumerate(text.splitlines(), 2):
        if line[:len(line) - len(line.lstrip())].count("\t"):
            return {}, [_issue("tab-indentation",
                              "front matter is indented with a tab; YAML allows spaces only",
                              number)]
    loader = _Loader(text)
    loader.yaml11_readings = []
    try:
        node = loader.get_single_node()
        too_big = _expansion_problem(node)
        if too_big:
            return {}, [_issue("too-complex", too_big, 2)]
        data = loader.construct_document(node) if node is not None else None
    except DuplicateKey as exc:
        return {}, [_issue("duplicate-key", f"front matter repeats the key {exc.key!r}",
                          exc.line + 2)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return {}, [_issue("yaml", f"front matter is not valid YAML: {problem}", line)]
    except (ValueError, TypeError, OverflowError) as exc:  # a value YAML allows, Python not
        return {}, [_issue("yaml", f"front matter has a value that cannot be read "
                                  f"({type(exc).__name__})", 2)]
    finally:
        loader.dispose()
    for value, line, kind in loader.yaml11_readings:
        if kind == "big":
            issues.append(_issue("big-number", f"the number {value} has more than 18 digits; "
                                              "it is read as text", line + 2, "info"))
            continue
        issues.append(_issue("yaml11", f"{value!r} is read as text here (YAML 1.2, as Obsidian "
                                      "does) but as a boolean or number by YAML 1.1 tools; "
                                      "quote it", line + 2, "info"))
    if data is None:
        return {}, issues
    if not isinstance(data, dict):
        return {}, issues + [_issue("not-a-mapping", "front matter must be a mapping of keys "
                                   f"to values, not a {type(data).__name__}", 2)]
    for key, value in data.items():
        if isinstance(value, list) and value and all(
                isinstance(v, list) and len(v) == 1 and isinstance(v[0], list) for v in value):
            issues.append(_issue("unquoted-link", f"{key}: an unquoted [[link]] becomes a "
                                "nested list; write it as \"[[...]]\"", 2, "warning"))
        elif isinstance(value, list) and len(value) == 1 and isinstance(value[0], list):
            issues.append(_issue("unquoted-link", f"{key}: an unquoted [[link]] becomes a "
                                "nested list; write it as \"[[...]]\"", 2, "warning"))
    return _json_safe(data), issues


def _json_safe(value):
    """Front matter as JSON values: what the cache stores and conditions read. Sets (``!!set``)
    become sorted lists, explicit timestamps ISO text, bytes text."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((_json_safe(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", "replace")
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)
    return value
