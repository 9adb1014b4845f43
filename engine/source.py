"""Read ASL definitions and JSON inputs from text, safely, with positions in every error.

JSON is tried first; text that is not JSON is read as YAML 1.2 by `yaml12` (only
true/false are booleans, so Choice targets named Yes/No stay strings; no object
construction; duplicate keys refused; alias bombs refused before they are built).
"""

from __future__ import annotations

import json
from typing import Any

from .errors import InvalidDefinition, Problem

MAX_TEXT_BYTES = 1024 * 1024  # AWS caps a definition at 1 MB


def __getattr__(name: str) -> Any:
    # yaml12 (and PyYAML) is imported when YAML is first read, not with the engine
    if name == "MAX_YAML_ALIASES":
        from . import yaml12

        return yaml12.MAX_ALIASES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    """Parse YAML 1.2 safely (aliases bounded, duplicate keys refused)."""
    from . import yaml12

    try:
        return yaml12.parse_yaml(text)
    except yaml12.SyntaxProblem as exc:
        where = f" at line {exc.line}, column {exc.column}" if exc.line is not None else ""
        raise TextError(f"{what} is not valid JSON or YAML: {exc.message}{where}") from None
    except RecursionError:
        raise TextError(f"{what} is nested too deeply") from None


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
