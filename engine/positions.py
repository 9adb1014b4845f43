"""Where a JSON Pointer lies in a definition's text: line and column, for JSON and YAML.

`index(text)` maps every pointer in the document to the 1-based (line, column) where it
starts: an object member at its key, an array element at its value, the root at the
first character. `locate(text, pointer)` answers for one pointer; a pointer the text does
not hold (a field that is missing, say) gets the place of its nearest enclosing value, so
"The field 'RoleArn' is required" points at the Credentials object.

JSON text is scanned here (keys and values decoded by the json module's own scanner);
YAML is composed with the engine's YAML 1.2 loader, whose nodes carry their marks.
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring
from typing import Any

import yaml

from . import yaml12

Position = tuple[int, int]

_WS = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def index(text: str) -> dict[str, Position]:
    """Every JSON Pointer in the text and where it starts (empty when the text can't be read)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    try:
        json.loads(text)
    except ValueError:
        return _yaml_index(text)
    try:
        return _JsonIndex(text).run()
    except (ValueError, IndexError, RecursionError):
        return {}


def locate(text: str, pointer: str, positions: dict[str, Position] | None = None) -> Position | None:
    """The (line, column) of `pointer`, or of its nearest enclosing value; None if unknown."""
    positions = index(text) if positions is None else positions
    p = pointer
    while True:
        if p in positions:
            return positions[p]
        if not p:
            return None
        p = p[: p.rfind("/")]


class _JsonIndex:
    """A scan of JSON text recording where each value (and each member's key) starts."""

    def __init__(self, text: str):
        self.text = text
        self.out: dict[str, Position] = {}
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def where(self, offset: int) -> Position:
        import bisect

        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    def skip(self, i: int) -> int:
        return _WS.match(self.text, i).end()

    def run(self) -> dict[str, Position]:
        i = self.skip(0)
        self.out[""] = self.where(i)
        self.value(i, "")
        return self.out

    def value(self, i: int, pointer: str) -> int:
        """Scan the value at offset i (its pointer already recorded); return the offset after it."""
        t = self.text
        ch = t[i]
        if ch == "{":
            i = self.skip(i + 1)
            if t[i] == "}":
                return i + 1
            while True:
                key_at = i
                key, i = scanstring(t, i + 1)
                child = f"{pointer}/{_escape(key)}"
                self.out[child] = self.where(key_at)
                i = self.skip(i)
                i = self.skip(i + 1)  # the ':'
                i = self.skip(self.value(i, child))
                if t[i] == "}":
                    return i + 1
                i = self.skip(i + 1)  # the ','
        if ch == "[":
            i = self.skip(i + 1)
            if t[i] == "]":
                return i + 1
            n = 0
            while True:
                child = f"{pointer}/{n}"
                self.out[child] = self.where(i)
                i = self.skip(self.value(i, child))
                n += 1
                if t[i] == "]":
                    return i + 1
                i = self.skip(i + 1)
        if ch == '"':
            return scanstring(t, i + 1)[1]
        m = _SCALAR.match(t, i)
        if not m:
            raise ValueError(f"unexpected {ch!r} at offset {i}")
        return m.end()


def _yaml_index(text: str) -> dict[str, Position]:
    try:
        root = yaml.compose(text, Loader=yaml12.Yaml12Loader)
    except (yaml.YAMLError, ValueError, RecursionError):
        return {}
    out: dict[str, Position] = {}
    if root is None:
        return out
    stack: list[tuple[Any, str, Any]] = [(root, "", root.start_mark)]
    seen: set[int] = set()
    while stack:
        node, pointer, mark = stack.pop()
        out.setdefault(pointer, (mark.line + 1, mark.column + 1))
        if id(node) in seen:  # an alias: its contents are indexed where the anchor is
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
                stack.append((value_node, f"{pointer}/{_escape(key)}", key_node.start_mark))
        elif isinstance(node, yaml.SequenceNode):
            for n, item in enumerate(node.value):
                stack.append((item, f"{pointer}/{n}", item.start_mark))
    return out
