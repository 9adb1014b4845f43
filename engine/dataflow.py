"""Input and output processing in JSONPath mode.

InputPath → Parameters → (the state's work) → ResultSelector → ResultPath → OutputPath.

Payload templates (Parameters, ResultSelector, ItemSelector, Assign) are compiled once
into functions of a `Scope`; the parts of a template with no `.$` key are constants and
are shared, never copied. Payloads are never mutated: every stage builds a new value
only where it changes something.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from .errors import StatesError
from .intrinsics import compile_intrinsic, is_intrinsic
from .paths import MISSING, PathSyntaxError, PlaceError, compile_path, compile_reference, place, to_json


class InputScope:
    """The scope of a field that reads nothing but the state's input (see reads_only_input):
    `.input` and no RNG (the fast paths take no state whose fields draw from it). Whatever
    else is asked of it (the context object, variables, the words of a path that finds
    nothing) raises AttributeError, and the interpreter's fast paths then run the state
    again through the general path, with a whole Scope. A run keeps one and sets its
    `.input` for each state (a field's readers never keep the scope they are given)."""

    __slots__ = ("input",)
    rng = None

    def __init__(self, input: Any = None):
        self.input = input


_NOT_THE_INPUT = re.compile(r"\$(?![.\[,)'\"\s]|$)")  # `$$`, `$name`: a $ that starts no input path


def reads_only_input(field: Any) -> bool:
    """Does every `$` in a field (a template, Choice rules) start a path on the input?
    (Literal text can make it say no where the answer is yes; never the other way.)"""
    return _NOT_THE_INPUT.search(to_json(field)) is None


class Located(StatesError):
    """A runtime error whose cause the interpreter prefixes with the state and event id."""

    def __init__(self, error: str, detail: str):
        super().__init__(error, detail)
        self.detail = detail


class Scope:
    """What paths can see while a state runs: its input, the context object and variables."""

    __slots__ = ("input", "make_context", "variables", "rng", "_context")

    def __init__(self, input: Any, context: Callable[[], dict], variables: dict, rng):
        self.input = input
        self.make_context = context  # called only when a $$ path asks for it, then kept
        self.variables = variables
        self.rng = rng
        self._context = None

    def context(self) -> dict:
        """The context object ($$), built on first use."""
        if self._context is None:
            self._context = self.make_context()
        return self._context

    def root(self, path) -> Any:
        """The document a compiled path selects from."""
        if path.root == "input":
            return self.input
        if path.root == "context":
            return self.context()
        name = path.variable
        if name not in self.variables:
            raise Located("States.Runtime", f"The variable '${name}' is not defined.")
        return self.variables[name]

    def select(self, path_text: str, field: str) -> Any:
        """Resolve a path for a field; a definite path that matches nothing is States.Runtime."""
        path = compile_path(path_text)
        value = path.find(self.root(path))
        if value is MISSING:
            raise Located(
                "States.Runtime",
                f"The JSONPath '{path_text}' specified for the field '{field}' could not be found in the input '{to_json(self.root(path))}'",
            )
        return value

    def resolve(self, path_text: str) -> Any:
        """Resolve a path argument of an intrinsic function."""
        return self.select(path_text, path_text)


def compile_value_expr(text: str, field: str) -> Callable[[Scope], Any]:
    """A `.$` value: an intrinsic call or a path, as one function of a Scope."""
    if is_intrinsic(text):
        return compile_intrinsic(text).bind(_argument_reader)
    path = compile_path(text)  # fail early on bad syntax
    if path.root == "input":
        find = path.find
        key = path.input_name
        if key is not None:  # `$.name`: one dict look-up, no call

            def select_input_name(scope: Scope) -> Any:
                data = scope.input
                if type(data) is dict:
                    value = data.get(key, MISSING)
                    if value is not MISSING:
                        return value
                return scope.select(text, field)  # the select names the problem

            return select_input_name

        def select_input(scope: Scope) -> Any:
            value = find(scope.input)
            return scope.select(text, field) if value is MISSING else value  # the select names the problem

        return select_input
    return lambda scope: scope.select(text, field)


def _argument_reader(text: str) -> Callable[[Scope], Any]:
    """How an intrinsic's path argument is read from a Scope (as Scope.resolve does)."""
    try:
        path = compile_path(text)
    except PathSyntaxError:
        return lambda scope: scope.resolve(text)  # fails when the call runs, as AWS does
    if path.root != "input":
        return lambda scope: scope.resolve(text)
    find = path.find
    key = path.input_name
    if key is not None:  # `$.name`: one dict look-up, no call

        def resolve_input_name(scope: Scope) -> Any:
            data = scope.input
            if type(data) is dict:
                value = data.get(key, MISSING)
                if value is not MISSING:
                    return value
            return scope.resolve(text)

        return resolve_input_name

    def resolve_input(scope: Scope) -> Any:
        value = find(scope.input)
        return scope.resolve(text) if value is MISSING else value

    return resolve_input


def compile_template(template: Any) -> Callable[[Scope], Any]:
    """Compile a payload template into a function of a Scope."""
    if not _is_dynamic(template):
        return lambda scope: template
    if isinstance(template, list):
        parts = [compile_template(item) for item in template]
        return lambda scope: [part(scope) for part in parts]
    entries = []
    for key, value in template.items():
        if key.endswith(".$") and isinstance(value, str):
            entries.append((key[:-2], None, compile_value_expr(value, key)))
        elif _is_dynamic(value):
            entries.append((key, None, compile_template(value)))
        else:
            entries.append((key, value, None))
    if all(fn is not None for _, _, fn in entries):
        pairs = tuple((k, fn) for k, _, fn in entries)
        if len(pairs) == 1:  # small templates spelled out: no comprehension to call
            ((k1, f1),) = pairs
            return lambda scope: {k1: f1(scope)}
        if len(pairs) == 2:
            (k1, f1), (k2, f2) = pairs
            return lambda scope: {k1: f1(scope), k2: f2(scope)}
        if len(pairs) == 3:
            (k1, f1), (k2, f2), (k3, f3) = pairs
            return lambda scope: {k1: f1(scope), k2: f2(scope), k3: f3(scope)}
        return lambda scope: {k: fn(scope) for k, fn in pairs}
    return lambda scope: {k: (v if fn is None else fn(scope)) for k, v, fn in entries}


def _is_dynamic(template: Any) -> bool:
    """True when a template holds a `.$` key anywhere."""
    if isinstance(template, dict):
        return any((k.endswith(".$") and isinstance(v, str)) or _is_dynamic(v) for k, v in template.items())
    if isinstance(template, list):
        return any(_is_dynamic(v) for v in template)
    return False


def filter_path(path_text: str | None, value: Any, scope: Scope) -> Any:
    """InputPath or OutputPath: select part of `value` (null gives {}).

    `scope.input` must be `value`; `$$` and `$var` paths read the context or a variable.
    """
    if path_text is None:
        return {}
    if path_text == "$":
        return value
    path = compile_path(path_text)
    document = scope.root(path)
    found = path.find(document)
    if found is MISSING:
        raise Located("States.Runtime", f"Invalid path '{path_text}' : {_no_results(path, document)}")
    return found


apply_input_path = apply_output_path = filter_path


def apply_result_path(path_text: str | None, raw: Any, result: Any) -> Any:
    """ResultPath: put the result into the raw input (null discards it, `$` replaces)."""
    if path_text is None:
        return raw
    if path_text == "$":
        return result
    try:
        return place(compile_reference(path_text), raw, result)
    except PlaceError:
        raise Located(
            "States.ResultPathMatchFailure",
            f"Unable to apply ResultPath \"{path_text}\" to input \"{to_json(raw)}\"",
        ) from None


def _no_results(path, document: Any) -> str:
    """Why a definite path found nothing, in Jayway's words (AWS quotes them).

    A name missing before the last step is "Missing property in path" up to that name;
    otherwise "No results for path" with the whole path, in Jayway's normalised form.
    """
    keys = path.keys if path.root == "input" else None
    if keys is None:
        return f"No results for path: {path.text}"
    here = document
    for i, key in enumerate(keys[:-1]):
        if type(key) is str and type(here) is dict and key not in here:
            return f"Missing property in path {_bracketed(keys[:i + 1])}"
        if type(key) is str and type(here) is dict:
            here = here[key]
        elif type(key) is int and type(here) is list and -len(here) <= key < len(here):
            here = here[key]
        else:
            break
    return f"No results for path: {_bracketed(keys)}"


def _bracketed(keys: tuple) -> str:
    """Jayway's normalised form of a simple path: $['a']['b'][0]."""
    return "$" + "".join(f"[{k}]" if isinstance(k, int) else f"['{k}']" for k in keys)
