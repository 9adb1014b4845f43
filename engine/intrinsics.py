"""Intrinsic functions of JSONPath states: ``States.Format(...)`` and its 17 siblings.

A call is read once (tokenizer → parser → a small tree of `Call`, `Path` and literal
values) and evaluated many times. The functions themselves are a plain table from name to
a small Python function, in the style of lis.py's ``standard_env``::

    fn = compile_intrinsic("States.Format('Hello {}', $.name)")
    fn.paths                                  # ('$.name',)
    fn.evaluate(resolve, rng)                 # 'Hello Ada'

Behaviour follows what AWS Step Functions does today, including its quirks:

- Argument counts and types are checked when the call runs, not when the definition is
  created; AWS accepts ``States.Hash('x')`` in a definition and fails the execution.
- Every runtime failure has the cause ``Invalid arguments in States.<Name>``. AWS reports it
  under the error name ``States.Runtime`` (the name ``States.IntrinsicFailure`` is reserved
  by the current docs), so `IntrinsicFailure` is raised with ``error=FAILURE_ERROR``.
- Fractional numbers become integers the way Java does it: MathAdd rounds half up
  (``Math.round``); ArrayRange, ArrayPartition, ArrayGetItem and MathRandom truncate.
- A seeded ``States.MathRandom`` reproduces AWS's value: ``start + Random(seed).nextInt(end
  - start)`` with Java's ``java.util.Random``.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import math
import random
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from engine.errors import IntrinsicFailure

__all__ = ["Intrinsic", "IntrinsicSyntaxError", "compile_intrinsic", "is_intrinsic", "FUNCTIONS"]

# AWS reports failed intrinsics as States.Runtime; flip to "States.IntrinsicFailure" to
# follow the older ASL spec instead.
FAILURE_ERROR = "States.Runtime"

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
MAX_ARRAY_RANGE = 1000  # "The newly generated array can't contain more than 1000 items."
MAX_INPUT_CHARS = 10_000  # Base64Encode, Base64Decode and Hash inputs (Java string length)
HASH_ALGORITHMS = {
    "MD5": hashlib.md5,
    "SHA-1": hashlib.sha1,
    "SHA-256": hashlib.sha256,
    "SHA-384": hashlib.sha384,
    "SHA-512": hashlib.sha512,
}


class IntrinsicSyntaxError(ValueError):
    """An intrinsic call that cannot be parsed; `.position` is the 0-based offset."""

    def __init__(self, message: str, text: str = "", position: int | None = None):
        self.text = text
        self.position = position
        where = f" at position {position}" if position is not None else ""
        super().__init__(f"{message}{where} in {text!r}" if text else message)


class _Invalid(Exception):
    """Raised by a function body when its arguments are wrong."""


# ---------------------------------------------------------------------------- Parsing


@dataclass(frozen=True)
class Path:
    """A path argument exactly as written: ``$.a``, ``$``, ``$$.Execution.Id``, ``$var.x``."""

    text: str


@dataclass(frozen=True)
class Literal:
    """A string, number, boolean or null literal; `raw` keeps a string's escapes."""

    value: Any
    raw: str | None = None


@dataclass(frozen=True)
class Call:
    """A call of the function `name` on its argument nodes."""

    name: str
    args: tuple[Call | Path | Literal, ...]
    position: int


_NAME = re.compile(r"States\.[A-Za-z0-9]+")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LOOKS_LIKE_CALL = re.compile(r"\s*States\.[A-Za-z0-9]+\s*\(.*\)\s*", re.DOTALL)
_ESCAPABLE = "'{}\\"


def is_intrinsic(s: str) -> bool:
    """True when `s` looks like an intrinsic call: ``States.Xxx(`` ... ``)``."""
    return isinstance(s, str) and _LOOKS_LIKE_CALL.fullmatch(s) is not None


class _Parser:
    """Recursive-descent reader over the call text, one character at a time."""

    def __init__(self, text: str):
        self.text = text
        self.pos = 0

    def fail(self, message: str, position: int | None = None) -> IntrinsicSyntaxError:
        """Build a syntax error pointing at `position` (default: the current one)."""
        return IntrinsicSyntaxError(message, self.text, self.pos if position is None else position)

    def peek(self) -> str:
        """The current character, or '' at the end."""
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def skip_space(self) -> None:
        """Move past whitespace."""
        while self.peek().isspace():
            self.pos += 1

    def call(self) -> Call:
        """Read ``States.Name(arg, ...)``."""
        start = self.pos
        m = _NAME.match(self.text, self.pos)
        if not m:
            raise self.fail("Expected an intrinsic function name like 'States.Format'")
        name = m.group()
        if name not in FUNCTIONS:
            raise self.fail(f"Unknown intrinsic function {name!r}", start)
        self.pos = m.end()
        self.skip_space()
        if self.peek() != "(":
            raise self.fail(f"Expected '(' after {name}")
        self.pos += 1
        args: list[Call | Path | Literal] = []
        self.skip_space()
        if self.peek() == ")":
            self.pos += 1
            return Call(name, (), start)
        while True:
            self.skip_space()
            args.append(self.argument())
            self.skip_space()
            ch = self.peek()
            if ch == ",":
                self.pos += 1
            elif ch == ")":
                self.pos += 1
                return Call(name, tuple(args), start)
            elif ch == "":
                raise self.fail(f"Missing ')' to close {name}(", start)
            else:
                raise self.fail(f"Expected ',' or ')' but found {ch!r}")

    def argument(self) -> Call | Path | Literal:
        """Read one argument: a literal, a path or a nested call."""
        ch = self.peek()
        if ch == "'":
            return self.string()
        if ch == "$":
            return self.path()
        if ch == "-" or ch.isdigit():
            m = _NUMBER.match(self.text, self.pos)
            if not m:
                raise self.fail("Malformed number")
            self.pos = m.end()
            s = m.group()
            return Literal(float(s) if any(c in s for c in ".eE") else int(s))
        if self.text.startswith("States.", self.pos):
            return self.call()
        m = _WORD.match(self.text, self.pos)
        if m and m.group() in ("true", "false", "null"):
            self.pos = m.end()
            return Literal({"true": True, "false": False, "null": None}[m.group()])
        if ch in (",", ")"):
            raise self.fail("Missing argument")
        if ch == "":
            raise self.fail("Unexpected end of the call")
        raise self.fail(f"Unexpected {ch!r}; an argument is a 'string', a number, "
                        "true/false/null, a $path or a States.* call")

    def string(self) -> Literal:
        """Read a single-quoted string; only \\' \\{ \\} \\\\ are escapes."""
        start = self.pos
        self.pos += 1
        out: list[str] = []
        while True:
            ch = self.peek()
            if ch == "":
                raise self.fail("Unterminated string literal", start)
            if ch == "'":
                raw = self.text[start + 1 : self.pos]
                self.pos += 1
                return Literal("".join(out), raw)
            if ch == "\\":
                nxt = self.text[self.pos + 1 : self.pos + 2]
                if nxt == "" or nxt not in _ESCAPABLE:
                    raise self.fail("Invalid escape (only \\' \\{ \\} \\\\ are allowed)")
                out.append(nxt)
                self.pos += 2
                continue
            out.append(ch)
            self.pos += 1

    def path(self) -> Path:
        """Read a path up to the ',' or ')' that ends it (brackets may hold either)."""
        start = self.pos
        closers: list[str] = []  # brackets still open, innermost last
        quote = ""
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if quote:
                if ch == "\\":
                    self.pos += 1
                elif ch == quote:
                    quote = ""
            elif ch in "'\"" and closers:
                quote = ch
            elif ch in "[(":
                closers.append("]" if ch == "[" else ")")
            elif closers and ch == closers[-1]:
                closers.pop()
            elif closers and ch in "])":
                break
            elif not closers and (ch in ",)" or ch.isspace()):
                break
            self.pos += 1
        if quote or closers:
            raise self.fail("Unterminated bracket or quote in path", start)
        return Path(self.text[start : self.pos])


@dataclass(frozen=True)
class Intrinsic:
    """A parsed intrinsic call, ready to evaluate."""

    text: str
    call: Call
    paths: tuple[str, ...]

    def evaluate(self, resolve: Callable[[str], Any], rng: random.Random) -> Any:
        """Evaluate the call; `resolve` reads paths, `rng` feeds UUID and unseeded MathRandom."""
        return _eval(self.call, resolve, rng)

    def bind(self, read: Callable[[str], Callable[[Any], Any]]) -> Callable[[Any], Any]:
        """The call as one function of a context `ctx` that has an `.rng`.

        `read(path_text)` gives the function that reads a path argument from `ctx`. The
        tree is walked once, here; the function it returns gives what `evaluate` gives,
        errors included, with the common calls (MathAdd of two ints, ArrayLength of an
        array, Format of a literal template, ArrayGetItem in range) taken directly.
        """
        return _bind(self.call, read)


@functools.lru_cache(maxsize=1024)
def compile_intrinsic(s: str) -> Intrinsic:
    """Parse an intrinsic call once; raise IntrinsicSyntaxError naming the problem."""
    if not isinstance(s, str):
        raise IntrinsicSyntaxError(f"An intrinsic call must be a string, not {type(s).__name__}")
    p = _Parser(s)
    p.skip_space()
    call = p.call()
    p.skip_space()
    if p.pos != len(s):
        raise p.fail(f"Unexpected text after the call: {s[p.pos:]!r}")
    return Intrinsic(s, call, tuple(_paths(call)))


def _paths(node: Call | Path | Literal) -> list[str]:
    """Every path argument under `node`, in order."""
    if isinstance(node, Path):
        return [node.text]
    if isinstance(node, Call):
        return [p for arg in node.args for p in _paths(arg)]
    return []


# ---------------------------------------------------------------------------- Evaluation


def _eval(node: Call | Path | Literal, resolve: Callable[[str], Any], rng: random.Random) -> Any:
    """Evaluate one node; arguments left to right, then the function."""
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Path):
        return resolve(node.text)
    args = [_eval(arg, resolve, rng) for arg in node.args]
    if node.name == "States.Format" and node.args and isinstance(node.args[0], Literal):
        # A literal template keeps its escapes: \{ is a brace, not a placeholder.
        template = node.args[0]
        if isinstance(template.value, str):
            args[0] = _Template(template.raw or "")
    try:
        return FUNCTIONS[node.name](rng, *args)
    except (_Invalid, TypeError, ValueError, OverflowError, IndexError):
        raise IntrinsicFailure(f"Invalid arguments in {node.name}", error=FAILURE_ERROR) from None


@dataclass(frozen=True)
class _Template:
    """States.Format's first argument as written, escapes included."""

    raw: str


def _constant(value: Any) -> Callable[[Any], Any]:
    return lambda ctx: value


def _bind(node: Call | Path | Literal, read: Callable[[str], Callable[[Any], Any]]) -> Callable[[Any], Any]:
    """One node as a function of ctx (see Intrinsic.bind); arguments left to right, then the call."""
    if isinstance(node, Literal):
        return _constant(node.value)
    if isinstance(node, Path):
        return read(node.text)
    name, function = node.name, FUNCTIONS[node.name]
    parts = [_bind(arg, read) for arg in node.args]
    template = node.args[0] if name == "States.Format" and node.args else None
    if isinstance(template, Literal) and isinstance(template.value, str):
        # A literal template keeps its escapes: \{ is a brace, not a placeholder.
        parts[0] = _constant(_Template(template.raw or ""))

    def general(rng: random.Random, args: list) -> Any:
        try:
            return function(rng, *args)
        except (_Invalid, TypeError, ValueError, OverflowError, IndexError):
            raise IntrinsicFailure(f"Invalid arguments in {name}", error=FAILURE_ERROR) from None

    if name == "States.MathAdd" and len(parts) == 2:
        first, second = parts
        step = node.args[1].value if isinstance(node.args[1], Literal) else None
        if type(step) is int and INT32_MIN <= step <= INT32_MAX:
            # A literal int32 step: a and a + step are int32 exactly when a is in [low, high].
            low, high = max(INT32_MIN, INT32_MIN - step), min(INT32_MAX, INT32_MAX - step)

            def math_add_step(ctx: Any) -> Any:
                a = first(ctx)
                if type(a) is int and low <= a <= high:
                    return a + step
                return general(ctx.rng, [a, step])

            return math_add_step

        def math_add(ctx: Any) -> Any:
            a, b = first(ctx), second(ctx)
            if type(a) is int and type(b) is int and INT32_MIN <= a <= INT32_MAX and INT32_MIN <= b <= INT32_MAX:
                total = a + b
                if INT32_MIN <= total <= INT32_MAX:
                    return total
            return general(ctx.rng, [a, b])

        return math_add
    if name == "States.ArrayLength" and len(parts) == 1:
        (only,) = parts

        def array_length(ctx: Any) -> Any:
            value = only(ctx)
            return len(value) if type(value) is list else general(ctx.rng, [value])

        return array_length
    if name == "States.ArrayGetItem" and len(parts) == 2:
        first, second = parts

        def array_get_item(ctx: Any) -> Any:
            array, index = first(ctx), second(ctx)
            if type(array) is list and type(index) is int and 0 <= index < len(array):
                return array[index]
            return general(ctx.rng, [array, index])

        return array_get_item
    if template is not None and isinstance(template, Literal) and isinstance(template.value, str):
        try:
            pieces = _template_pieces(template.raw or "", escapes=True)
        except _Invalid:
            pieces = None
        if pieces is not None and pieces.count(None) == len(parts) - 1:
            values = parts[1:]

            def format_literal(ctx: Any) -> str:
                texts = iter([_to_text(fn(ctx)) for fn in values])  # every argument first, left to right
                return "".join(piece if piece is not None else next(texts) for piece in pieces)

            return format_literal
    if not parts:
        return lambda ctx: general(ctx.rng, [])

    def call(ctx: Any) -> Any:
        return general(ctx.rng, [part(ctx) for part in parts])

    return call


# ---------------------------------------------------------------------------- Helpers


def _is_number(v: Any) -> bool:
    """True for JSON numbers (bool is not a number here)."""
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _need(ok: bool) -> None:
    """Reject the arguments unless `ok`."""
    if not ok:
        raise _Invalid


def _arity(args: tuple, *counts: int) -> None:
    """Reject a call whose argument count is not one of `counts`."""
    _need(len(args) in counts)


def _truncate(v: Any) -> int:
    """A number as an int, dropping the fraction like Java's (int) cast."""
    _need(_is_number(v) and math.isfinite(v))
    return int(v)


def _round_half_up(v: Any) -> int:
    """A number as an int, rounding like Java's Math.round (halves go up)."""
    _need(_is_number(v) and math.isfinite(v))
    return v if isinstance(v, int) else math.floor(v + 0.5)


def _java_length(s: str) -> int:
    """The length Java reports for `s` (UTF-16 code units)."""
    return len(s.encode("utf-16-le")) // 2


def _java_double(x: float) -> str:
    """Render a float the way Java's Double.toString does ("1.0", "3.5", "1.0E20")."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "-0.0" if math.copysign(1, x) < 0 else "0.0"
    sign = "-" if x < 0 else ""
    d = Decimal(repr(abs(x)))
    if 1e-3 <= abs(x) < 1e7:
        s = f"{d:f}"
        if "." not in s:
            s += ".0"
        return sign + s
    t = d.normalize().as_tuple()
    digits = "".join(map(str, t.digits))
    exponent = len(digits) + int(t.exponent) - 1
    return f"{sign}{digits[0]}.{digits[1:] or '0'}E{exponent}"


def _to_json(v: Any) -> str:
    """Compact JSON text, with Java's float spelling (what JsonToString returns)."""
    if isinstance(v, dict):
        return "{" + ",".join(f"{_to_json(str(k))}:{_to_json(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ",".join(_to_json(x) for x in v) + "]"
    if isinstance(v, float):
        return _java_double(v)
    return json.dumps(v, ensure_ascii=False)


def _to_text(v: Any) -> str:
    """How States.Format shows a value: Java's toString of the JSON value."""
    if isinstance(v, str):
        return v
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return _java_double(v)
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}={_to_text(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_to_text(x) for x in v) + "]"
    return str(v)


def _contains_key(v: Any) -> str:
    """The text ArrayContains compares: a string's raw text, else compact JSON."""
    return v if isinstance(v, str) else _to_json(v)


def _unique_key(v: Any) -> Any:
    """A hashable key equal for equal JSON values (true and 1 stay apart)."""
    if isinstance(v, dict):
        return ("o", tuple(sorted((k, _unique_key(x)) for k, x in v.items())))
    if isinstance(v, list):
        return ("a", tuple(_unique_key(x) for x in v))
    if isinstance(v, bool):
        return ("b", v)
    if _is_number(v):
        return ("n", v)
    return ("s" if isinstance(v, str) else "z", v)


def _template_pieces(raw: str, escapes: bool) -> list[str | None]:
    """Split a Format template into text and None (a {} placeholder); \\ escapes a char."""
    pieces: list[str | None] = []
    text: list[str] = []
    i = 0
    while i < len(raw):
        ch = raw[i]
        if escapes and ch == "\\" and i + 1 < len(raw):
            text.append(raw[i + 1])
            i += 2
        elif ch == "{" and raw[i + 1 : i + 2] == "}":
            pieces.extend(["".join(text), None])
            text = []
            i += 2
        elif ch in "{}":
            raise _Invalid  # a lone brace must be escaped
        else:
            text.append(ch)
            i += 1
    pieces.append("".join(text))
    return pieces


class _JavaRandom:
    """java.util.Random, enough of it for nextInt(bound)."""

    _MULTIPLIER, _MASK = 0x5DEECE66D, (1 << 48) - 1

    def __init__(self, seed: int):
        self.seed = (seed ^ self._MULTIPLIER) & self._MASK

    def _next(self, bits: int) -> int:
        """Advance the generator and return its top `bits` bits."""
        self.seed = (self.seed * self._MULTIPLIER + 0xB) & self._MASK
        return self.seed >> (48 - bits)

    def next_int(self, bound: int) -> int:
        """A uniform int in [0, bound), exactly as Java computes it."""
        r = self._next(31)
        m = bound - 1
        if bound & m == 0:
            return (bound * r) >> 31
        u = r
        while True:
            r = u % bound
            if u - r + m < 2**31:
                return r
            u = self._next(31)


# ---------------------------------------------------------------------------- Functions
# Each takes the rng first (only UUID and MathRandom use it), then the evaluated arguments.


def _format(rng: random.Random, *args: Any) -> str:
    """Replace each {} in the template with the next argument."""
    _need(len(args) >= 1)
    template, values = args[0], args[1:]
    if isinstance(template, _Template):
        pieces = _template_pieces(template.raw, escapes=True)
    else:
        _need(isinstance(template, str))
        pieces = _template_pieces(template, escapes=False)
    _need(pieces.count(None) == len(values))
    it = iter(values)
    return "".join(_to_text(next(it)) if p is None else p for p in pieces)


def _string_to_json(rng: random.Random, *args: Any) -> Any:
    """Parse a JSON string (blank text gives null)."""
    _arity(args, 1)
    (s,) = args
    _need(isinstance(s, str))
    if not s.strip():
        return None
    return json.loads(s, parse_constant=lambda c: _need(False))


def _json_to_string(rng: random.Random, *args: Any) -> str:
    """Serialise a value as compact JSON text."""
    _arity(args, 1)
    return _to_json(args[0])


def _array(rng: random.Random, *args: Any) -> list:
    """The arguments as an array."""
    return list(args)


def _array_partition(rng: random.Random, *args: Any) -> list:
    """Chunks of `size` items (the last may be shorter)."""
    _arity(args, 2)
    array, size = args[0], _truncate(args[1])
    _need(isinstance(array, list) and size > 0)
    return [array[i : i + size] for i in range(0, len(array), size)]


def _array_contains(rng: random.Random, *args: Any) -> bool:
    """True when the array holds the value (compared as AWS does, by text)."""
    _arity(args, 2)
    array, value = args
    _need(isinstance(array, list))
    key = _contains_key(value)
    return any(_contains_key(item) == key for item in array)


def _array_range(rng: random.Random, *args: Any) -> list[int]:
    """Integers from first to last (inclusive) by step; at most 1000 of them."""
    _arity(args, 3)
    first, last, step = (_truncate(a) for a in args)
    _need(step != 0)
    items = range(first, last + (1 if step > 0 else -1), step)
    _need(len(items) <= MAX_ARRAY_RANGE)
    return list(items)


def _array_get_item(rng: random.Random, *args: Any) -> Any:
    """The item at a 0-based index."""
    _arity(args, 2)
    array, index = args[0], _truncate(args[1])
    _need(isinstance(array, list))
    if not array:
        return None  # observed on AWS: any index into [] gives null
    _need(0 <= index < len(array))
    return array[index]


def _array_length(rng: random.Random, *args: Any) -> int:
    """The number of items in an array."""
    _arity(args, 1)
    _need(isinstance(args[0], list))
    return len(args[0])


def _array_unique(rng: random.Random, *args: Any) -> list:
    """The array without repeated values, first occurrences kept."""
    _arity(args, 1)
    (array,) = args
    _need(isinstance(array, list))
    seen: set = set()
    out = []
    for item in array:
        key = _unique_key(item)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _base64_encode(rng: random.Random, *args: Any) -> str:
    """Base64 of the UTF-8 bytes of a string of up to 10,000 characters."""
    _arity(args, 1)
    (s,) = args
    _need(isinstance(s, str) and _java_length(s) <= MAX_INPUT_CHARS)
    return base64.b64encode(s.encode("utf-8")).decode("ascii")


def _base64_decode(rng: random.Random, *args: Any) -> str:
    """Decode Base64 text (up to 10,000 characters) to a UTF-8 string, leniently."""
    _arity(args, 1)
    (s,) = args
    _need(isinstance(s, str) and _java_length(s) <= MAX_INPUT_CHARS)
    data = re.sub(r"[^A-Za-z0-9+/]", "", s)  # AWS tolerates stray characters and padding
    data = data[: len(data) - len(data) % 4] if len(data) % 4 == 1 else data
    try:
        raw = base64.b64decode(data + "=" * (-len(data) % 4))
    except binascii.Error:
        raise _Invalid from None
    return raw.decode("utf-8", errors="replace")


def _hash(rng: random.Random, *args: Any) -> str:
    """Hex digest of the data with MD5, SHA-1, SHA-256, SHA-384 or SHA-512."""
    _arity(args, 2)
    data, algorithm = args
    _need(data is not None and isinstance(algorithm, str) and algorithm in HASH_ALGORITHMS)
    text = data if isinstance(data, str) else _to_json(data)
    _need(_java_length(text) <= MAX_INPUT_CHARS)
    return HASH_ALGORITHMS[algorithm](text.encode("utf-8")).hexdigest()


def _json_merge(rng: random.Random, *args: Any) -> dict:
    """Shallow merge of two objects, the second winning; deep merge is unsupported."""
    _arity(args, 3)
    left, right, deep = args
    _need(isinstance(left, dict) and isinstance(right, dict) and deep is not True)
    return {**left, **right}


def _math_random(rng: random.Random, *args: Any) -> int:
    """A random int in [start, end); a seed makes it AWS's deterministic value."""
    _arity(args, 2, 3)
    start, end = _truncate(args[0]), _truncate(args[1])
    _need(INT32_MIN <= start < end <= INT32_MAX)
    if len(args) == 3:
        return start + _JavaRandom(_truncate(args[2])).next_int(end - start)
    return rng.randrange(start, end)


def _math_add(rng: random.Random, *args: Any) -> int:
    """Sum of two numbers, each rounded to an int first; int32 range only."""
    _arity(args, 2)
    a, b = _round_half_up(args[0]), _round_half_up(args[1])
    _need(all(INT32_MIN <= n <= INT32_MAX for n in (a, b, a + b)))
    return a + b


def _string_split(rng: random.Random, *args: Any) -> list[str]:
    """Split on any of the delimiter's characters, dropping empty pieces."""
    _arity(args, 2)
    s, delimiters = args
    _need(isinstance(s, str) and isinstance(delimiters, str))
    if not delimiters:
        return [s] if s else []
    pattern = "[" + "".join(re.escape(c) for c in delimiters) + "]"
    return [piece for piece in re.split(pattern, s) if piece]


def _uuid(rng: random.Random, *args: Any) -> str:
    """A version-4 UUID drawn from `rng`."""
    _arity(args, 0)
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "States.Format": _format,
    "States.StringToJson": _string_to_json,
    "States.JsonToString": _json_to_string,
    "States.Array": _array,
    "States.ArrayPartition": _array_partition,
    "States.ArrayContains": _array_contains,
    "States.ArrayRange": _array_range,
    "States.ArrayGetItem": _array_get_item,
    "States.ArrayLength": _array_length,
    "States.ArrayUnique": _array_unique,
    "States.Base64Encode": _base64_encode,
    "States.Base64Decode": _base64_decode,
    "States.Hash": _hash,
    "States.JsonMerge": _json_merge,
    "States.MathRandom": _math_random,
    "States.MathAdd": _math_add,
    "States.StringSplit": _string_split,
    "States.UUID": _uuid,
}
