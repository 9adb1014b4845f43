"""Read ASL definitions and JSON inputs from text, safely, with positions in every error.

JSON is tried first; text that is not JSON is read as YAML with YAML 1.2 booleans
(only true/false are booleans, so Choice targets named Yes/No stay strings) and no
object construction. Alias-heavy YAML ("billion laughs") is refused before it is built.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from .errors import InvalidDefinition, Problem

MAX_TEXT_BYTES = 1024 * 1024  # AWS caps a definition at 1 MB
MAX_YAML_ALIASES = 100
MAX_YAML_NODES = 200_000  # after expanding aliases


class _Yaml12Loader(yaml.SafeLoader):
    """SafeLoader whose booleans are YAML 1.2's: only true/false (any case)."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
# Timestamps stay strings, as in JSON.
for _first, _resolvers in list(_Yaml12Loader.yaml_implicit_resolvers.items()):
    _Yaml12Loader.yaml_implicit_resolvers[_first] = [
        (tag, rx) for tag, rx in _resolvers if tag != "tag:yaml.org,2002:timestamp"
    ]


class TextError(ValueError):
    """Text that is neither JSON nor YAML; the message names line and column."""


def _no_constant(name: str):
    """JSON has no NaN or Infinity: refuse them."""
    raise ValueError(f"{name} is not a JSON value")


def _json(text: str):
    try:
        return json.loads(text, parse_constant=_no_constant)
    except ValueError as exc:
        if isinstance(exc, json.JSONDecodeError):
            raise
        raise json.JSONDecodeError(str(exc), text, 0) from None


def parse_text(text: str, *, what: str = "text") -> Any:
    """Parse JSON or YAML text into plain Python values."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if len(text.encode("utf-8", errors="ignore")) > MAX_TEXT_BYTES:
        raise TextError(f"{what} is larger than {MAX_TEXT_BYTES // 1024} KiB")
    stripped = text.lstrip()
    if not stripped:
        raise TextError(f"{what} is empty")
    try:
        return _json(text)
    except json.JSONDecodeError as exc:
        json_error = exc
    if stripped[0] in "{[\"":
        # It looks like JSON, so report the JSON error rather than a confusing YAML one.
        raise TextError(
            f"{what} is not valid JSON: {json_error.msg} at line {json_error.lineno}, column {json_error.colno}"
        ) from None
    return _parse_yaml(text, what)


def _parse_yaml(text: str, what: str) -> Any:
    """Parse YAML safely, refusing documents with too many aliases."""
    try:
        aliases = sum(1 for event in yaml.parse(text, Loader=_Yaml12Loader) if isinstance(event, yaml.AliasEvent))
        if aliases > MAX_YAML_ALIASES:
            raise TextError(f"{what} uses {aliases} YAML aliases; at most {MAX_YAML_ALIASES} are allowed")
        if aliases:
            nodes = _expanded_size(yaml.compose(text, Loader=_Yaml12Loader), {})
            if nodes > MAX_YAML_NODES:
                raise TextError(f"{what} expands to {nodes:,} YAML nodes through its aliases; at most {MAX_YAML_NODES:,} are allowed")
        return yaml.load(text, Loader=_Yaml12Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise TextError(f"{what} is not valid JSON or YAML: {exc.problem or exc.context}{where}") from None
    except yaml.YAMLError as exc:
        raise TextError(f"{what} is not valid JSON or YAML: {exc}") from None
    except RecursionError:
        raise TextError(f"{what} is nested too deeply") from None


def _expanded_size(node, memo: dict) -> int:
    """How many nodes a composed YAML graph holds once every alias is expanded."""
    if node is None:
        return 0
    known = memo.get(id(node))
    if known is not None:
        return known
    memo[id(node)] = MAX_YAML_NODES + 1  # a node that contains itself expands forever
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(v, memo) for v in node.value)
    else:
        size = 1
    memo[id(node)] = size
    return size


def load_definition(definition: Any) -> dict:
    """Return the definition as a dict: a dict as is, or JSON/YAML text parsed."""
    if isinstance(definition, (str, bytes)):
        try:
            definition = parse_text(definition, what="The definition")
        except TextError as exc:
            raise InvalidDefinition([Problem("", str(exc))]) from None
    if not isinstance(definition, dict):
        raise InvalidDefinition([Problem("", f"A state machine definition must be a JSON object, not {json_type(definition)}")])
    return definition


def load_input(text: str) -> Any:
    """Parse an execution input given as JSON text; anything else is refused."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if not text.strip():
        raise TextError("The input is empty: give a JSON value such as {}")
    try:
        return _json(text)
    except json.JSONDecodeError as exc:
        raise TextError(f"The input is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None


def json_type(value: Any) -> str:
    """The JSON type name of a Python value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__
