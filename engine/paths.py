"""JSONPath as Step Functions reads it (JSONPath query language).

A *Path* selects from the state input (`$`), the context object (`$$`) or a variable
(`$name`). AWS follows Jayway JSONPath: a definite path (names and single indexes only)
gives one value and fails when nothing is there; an indefinite path (`..`, `*`, slices,
filters, unions) gives a list, possibly empty. Simple definite paths are walked directly,
anything else goes to python-jsonpath; either way a path is compiled once and cached.

A *reference path* (ResultPath, and the variables of Assign) only names a place: it is
used to put a value into a document without changing the original.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

_MISSING = object()
MISSING = _MISSING  # the value a definite path gives when nothing is there

_NAME = r"[^\s.\[\]()'\"$@*?,:]+"
_SEGMENT = re.compile(
    rf"\.(?P<dot>{_NAME})"  # .name
    r"|\[(?P<idx>-?\d+)\]"  # [0]
    r"|\[\s*'(?P<sq>(?:[^'\\]|\\.)*)'\s*\]"  # ['name']
    r'|\[\s*"(?P<dq>(?:[^"\\]|\\.)*)"\s*\]'  # ["name"]
)
_WILDCARD = re.compile(r"\[\s*\*\s*\]|\.\*")
_VARIABLE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
WILD = object()  # a `[*]` or `.*` step


class PathSyntaxError(ValueError):
    """A path that cannot be read as JSONPath."""


class Path:
    """A compiled path: where it starts (input, context or a variable) and what it selects.

    `find(data)` selects from `data`: one value (or MISSING) for a definite path, else a
    list. It is a function built for the path when it is compiled: a path of one or two
    names reads them directly, so the common `$.a` and `$.a.b` cost two dict look-ups.
    """

    __slots__ = ("text", "root", "variable", "keys", "input_name", "steps", "query", "definite", "find")

    def __init__(self, text: str):
        self.text = text
        if not isinstance(text, str) or not text.startswith("$"):
            raise PathSyntaxError(f"{text!r} is not a JSONPath: it must start with '$'")
        if text.startswith("$$"):
            self.root, self.variable, rest = "context", None, text[1:]
        else:
            var = _VARIABLE.match(text)
            if var:
                self.root, self.variable, rest = "variable", var.group(1), "$" + text[var.end():]
            else:
                self.root, self.variable, rest = "input", None, text
        self.keys = _simple_keys(rest)
        keys = self.keys
        # The name of a `$.name` path on the input (one key, a name), else None: a dict look-up.
        self.input_name = (keys[0] if self.root == "input" and keys is not None and len(keys) == 1
                           and type(keys[0]) is str else None)
        self.steps = None
        self.query = None
        self.definite = True
        if self.keys is not None:
            self.find = definite_getter(self.keys)
            return
        self.steps = _simple_keys(rest, wildcards=True)
        if self.steps is not None:
            self.definite = False
            steps = self.steps
            self.find = lambda data: _walk(data, steps)
            return
        compat = jayway_compat(rest)
        self.find = _filter_finder(compat)
        if self.find is not None:
            self.definite = False
            return
        import jsonpath  # only paths that need it pay for importing python-jsonpath

        try:
            query = self.query = jsonpath.compile(compat)
        except jsonpath.JSONPathError as exc:
            raise PathSyntaxError(f"{text!r} is not a valid JSONPath: {str(exc).splitlines()[0]}") from None
        self.definite = bool(query.singular_query())
        if self.definite:
            def find_one(data: Any) -> Any:
                matches = query.findall(data)
                return matches[0] if matches else _MISSING

            self.find = find_one
        else:
            self.find = query.findall

    def __repr__(self) -> str:
        return f"Path({self.text!r})"


def definite_getter(keys: tuple) -> Any:
    """A function reading a definite path's keys from a document: the value, or MISSING.

    A name matches only in an object and an index only in an array (negative indexes
    count from the end), so `"abc"[0]` or `{"0": 1}[0]` never match.
    """
    if not keys:
        return lambda data: data
    if all(type(k) is str for k in keys) and len(keys) <= 3:
        if len(keys) == 1:
            (a,) = keys

            def get1(data: Any) -> Any:
                if type(data) is dict:
                    return data.get(a, _MISSING)
                return _MISSING

            return get1
        if len(keys) == 2:
            a, b = keys

            def get2(data: Any) -> Any:
                if type(data) is dict:
                    data = data.get(a, _MISSING)
                    if type(data) is dict:
                        return data.get(b, _MISSING)
                return _MISSING

            return get2
        a, b, c = keys

        def get3(data: Any) -> Any:
            if type(data) is dict:
                data = data.get(a, _MISSING)
                if type(data) is dict:
                    data = data.get(b, _MISSING)
                    if type(data) is dict:
                        return data.get(c, _MISSING)
            return _MISSING

        return get3

    def get(data: Any) -> Any:
        for key in keys:
            if type(key) is str:
                if type(data) is dict and key in data:
                    data = data[key]
                else:
                    return _MISSING
            elif type(data) is list and -len(data) <= key < len(data):
                data = data[key]
            else:
                return _MISSING
        return data

    return get


def _walk(data: Any, steps: tuple) -> list:
    """Every value a path of names, indexes and wildcards reaches, in document order."""
    return _walk_from([data], steps)


def _walk_from(current: list, steps: tuple) -> list:
    """Every value the steps reach from each of the `current` values, in order."""
    for step in steps:
        found = []
        if step is WILD:
            for v in current:
                if type(v) is list:
                    found.extend(v)
                elif type(v) is dict:
                    found.extend(v.values())
        elif type(step) is str:
            for v in current:
                if type(v) is dict and step in v:
                    found.append(v[step])
        else:
            for v in current:
                if type(v) is list and -len(v) <= step < len(v):
                    found.append(v[step])
        current = found
    return current


_PLAIN_NAME = r"[^\s.\[\]()'\"$@*?,:=<>!&|~]+"  # a name with no operator character in it
_FILTER = re.compile(
    rf"(?P<before>\$(?:\.{_PLAIN_NAME}|\[-?\d+\])*)"
    rf"\[\?\(\s*@(?P<field>(?:\.{_PLAIN_NAME})+)\s*(?P<op>==|!=|<=|>=|<|>)\s*"
    r"(?P<literal>'[^'\\]*'|\"[^\"\\]*\"|-?(?:0|[1-9]\d*)(?:\.\d+)?|true|false|null)\s*\)\]"
    rf"(?P<after>(?:\.{_PLAIN_NAME}|\[\s*\*\s*\]|\.\*)*)"
)
_LITERALS = {"true": True, "false": False, "null": None}


def _filter_finder(text: str):
    """A direct reader for the common filter `$.a[?(@.b <op> literal)].c`, or None.

    It gives exactly what python-jsonpath gives (the filter tests each item of an array
    or each value of an object; == between a boolean and a number is false; < and >
    compare two strings or two numbers, anything else is false; a missing field equals
    nothing), without building a match object per node. Any other filter goes to
    python-jsonpath.
    """
    m = _FILTER.fullmatch(text)
    if m is None:
        return None
    before = _simple_keys(m.group("before"))
    field = _simple_keys("$" + m.group("field"))
    after = _simple_keys("$" + m.group("after"), wildcards=True)
    if before is None or field is None or after is None:
        return None
    raw, op = m.group("literal"), m.group("op")
    if raw[0] in "'\"":
        literal: Any = raw[1:-1]
    elif raw in _LITERALS:
        literal = _LITERALS[raw]
    else:
        literal = float(raw) if "." in raw else int(raw)
    get_base, get_field = definite_getter(before), definite_getter(field)

    def equal(v: Any) -> bool:
        if v is _MISSING:
            return False
        if type(v) is bool or type(literal) is bool:
            return type(v) is bool and type(literal) is bool and v == literal
        return v == literal

    def less(a: Any, b: Any) -> bool:
        if isinstance(a, str) and isinstance(b, str):
            return a < b
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and a < b

    tests = {
        "==": equal,
        "!=": lambda v: not equal(v),
        "<": lambda v: v is not _MISSING and less(v, literal),
        ">": lambda v: v is not _MISSING and less(literal, v),
        "<=": lambda v: v is not _MISSING and (less(v, literal) or equal(v)),
        ">=": lambda v: v is not _MISSING and (less(literal, v) or equal(v)),
    }
    test = tests[op]

    def find(data: Any) -> list:
        base = get_base(data)
        if type(base) is list:
            items = base
        elif type(base) is dict:
            items = base.values()
        else:
            return []
        chosen = [item for item in items if test(get_field(item))]
        return _walk_from(chosen, after) if after else chosen

    return find


def _simple_keys(text: str, wildcards: bool = False) -> tuple | None:
    """The keys of a path made only of names and single indexes (and, if asked, wildcards), or None."""
    if text == "$":
        return ()
    pos, keys = 1, []
    while pos < len(text):
        m = _SEGMENT.match(text, pos)
        if not m:
            w = _WILDCARD.match(text, pos) if wildcards else None
            if w is None:
                return None
            keys.append(WILD)
            pos = w.end()
            continue
        if m.group("dot") is not None:
            keys.append(m.group("dot"))
        elif m.group("idx") is not None:
            keys.append(int(m.group("idx")))
        else:
            if m.group("sq") is not None:
                keys.append(m.group("sq").replace("\\'", "'"))
            else:
                keys.append(m.group("dq").replace('\\"', '"'))
        pos = m.end()
    return tuple(keys)


_BARE_OPERAND = re.compile(r"(==|!=|<=|>=|<|>)\s*([A-Za-z_][\w-]*)(?=\s*(?:\)|&&|\|\|))")


_LEADING_DOT_NUMBER = re.compile(r"(?<=[\s(=<>!,])(-?)\.(\d+)")
_TRAILING_DOT_NUMBER = re.compile(r"(?<![\w.$@'\"])(-?\d+)\.(?![\w.])")


def jayway_compat(text: str) -> str:
    """Rewrite Jayway spellings that AWS accepts into standard ones.

    `$.[0]` and `$.[?(...)]` lose the stray dot; in a filter, a bare word compared
    (`@.status==Failure`) is read as the string it names, and numbers written `.85`,
    `-.5` or `85.` get the digit Java's BigDecimal does without.
    """
    text = re.sub(r"\.(?=\[)", "", text)

    def quote(m: re.Match) -> str:
        word = m.group(2)
        if word in ("true", "false", "null"):
            return m.group(0)
        return f"{m.group(1)}'{word}'"

    if "?" not in text:
        return text
    text = _BARE_OPERAND.sub(quote, text)
    text = _LEADING_DOT_NUMBER.sub(r"\g<1>0.\g<2>", text)  # .85 -> 0.85 (Java's BigDecimal reads both)
    return _TRAILING_DOT_NUMBER.sub(r"\g<1>.0", text)  # 85. -> 85.0


@lru_cache(maxsize=4096)
def compile_path(text: str) -> Path:
    """Compile (and cache) a path."""
    return Path(text)


def is_path(text: Any) -> bool:
    """True when text is a syntactically valid path."""
    try:
        compile_path(text)
        return True
    except (PathSyntaxError, TypeError):
        return False


# -- reference paths (ResultPath, Assign targets) --------------------------------------


class ReferencePathError(ValueError):
    """A reference path that is not a plain sequence of names and indexes."""


@lru_cache(maxsize=1024)
def compile_reference(text: str) -> tuple:
    """The keys of a reference path such as `$.a.b[0]`."""
    if not isinstance(text, str) or not text.startswith("$") or text.startswith("$$"):
        raise ReferencePathError(f"{text!r} is not a reference path: it must start with '$' (not '$$')")
    keys = _simple_keys(text)
    if keys is None:
        raise ReferencePathError(
            f"{text!r} is not a reference path: only names and single array indexes are allowed (no '..', '*', filters or slices)"
        )
    return keys


class PlaceError(ValueError):
    """The value cannot be placed where the reference path says."""


def place(keys: tuple, doc: Any, value: Any) -> Any:
    """Return a copy of `doc` with `value` put at `keys`; `doc` itself is not changed."""
    if not keys:
        return value
    key, rest = keys[0], keys[1:]
    if type(key) is str:
        if type(doc) is not dict:
            raise PlaceError(key)
        new = dict(doc)
        new[key] = place(rest, doc.get(key, {}), value) if rest else value
        return new
    if type(doc) is not list or not -len(doc) <= key < len(doc):
        raise PlaceError(key)
    new = list(doc)
    new[key] = place(rest, doc[key], value) if rest else value
    return new


def to_json(value: Any) -> str:
    """Compact JSON text, as AWS quotes payloads in causes."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
