"""Behaviour of the intrinsic functions (engine/intrinsics.py).

Expected values come from the AWS docs page "Intrinsic functions for JSONPath states", from
executions recorded on AWS (../shared/conformance) and from published AWS observations
(rounding, limits, failures).
"""

from __future__ import annotations

import random
import re

import pytest

from engine.errors import IntrinsicFailure, StatesError
from engine.intrinsics import IntrinsicSyntaxError, compile_intrinsic, is_intrinsic

INPUT = {
    "name": "Ada",
    "n": 5,
    "big": 2147483647,
    "small": -2147483648,
    "past": 2147483648,
    "f": 1.5,
    "t": True,
    "nil": None,
    "arr": [1, 2, 3, 4, 5, 6, 7, 8, 9],
    "dup": [1, 1, True, True, 1.5, "1", "1", None, None, [1], [1], {"a": 1, "b": 2}, {"b": 2, "a": 1}],
    "obj": {"Arg1": 1, "Arg2": []},
    "json": '{"foo": "bar", "n": [1, 2.5]}',
    "template": "Hello, my name is {}.",
    "csv": "a,b,,c",
    "a": {"x": 1, "nested": {"a1": 1}},
    "b": {"y": 2, "nested": {"a3": 3}},
}
CONTEXT = {"Execution": {"Id": "arn:exec", "Name": "run-1"}, "StateMachine": {"Name": "my-sm-v2"}}
VARIABLES = {"greeting": "Hi", "cfg": {"size": 2}}


def resolve(path: str):
    """A tiny path reader: $.a.b, $$.a.b and $var.a over the fixtures above."""
    if path.startswith("$$"):
        cur, rest = CONTEXT, path[2:]
    elif path.startswith("$."):
        cur, rest = INPUT, path[1:]
    elif path == "$":
        return INPUT
    else:
        name, _, rest = path[1:].partition(".")
        cur, rest = VARIABLES[name], "." + rest if rest else ""
    for part in filter(None, rest.split(".")):
        if not isinstance(cur, dict) or part not in cur:
            raise StatesError("States.Runtime", f"The JSONPath '{path}' could not be found")
        cur = cur[part]
    return cur


def run(expr: str, seed: int = 0):
    """Compile and evaluate `expr` over the fixtures."""
    return compile_intrinsic(expr).evaluate(resolve, random.Random(seed))


def same(a, b) -> bool:
    """Equal as JSON, with bool/int and int/float types kept apart."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same, a, b))
    return a == b


RESULTS = [
    # States.Format
    ("format-literal", "States.Format('Hello, my name is {}.', $.name)", "Hello, my name is Ada."),
    ("format-template-from-path", "States.Format($.template, $.name)", "Hello, my name is Ada."),
    ("format-no-placeholder", "States.Format('plain')", "plain"),
    ("format-number-bool-null", "States.Format('{} {} {} {}', $.n, $.f, $.t, $.nil)", "5 1.5 true null"),
    ("format-object-java-style", "States.Format('{}', $.obj)", "{Arg1=1, Arg2=[]}"),
    ("format-array-java-style", "States.Format('{}', States.Array(1, 'a', null))", "[1, a, null]"),
    ("format-escaped-braces", r"States.Format('\{\} {}', $.name)", "{} Ada"),
    ("format-escaped-quote-backslash", r"States.Format('it\'s a \\ {}', $.name)", "it's a \\ Ada"),
    ("format-big-float", "States.Format('{}', States.StringToJson('1e20'))", "1.0E20"),
    ("format-whole-float", "States.Format('{}', States.StringToJson('3.0'))", "3.0"),
    ("format-context", "States.Format('{}/{}', $$.Execution.Name, $$.StateMachine)", "run-1/{Name=my-sm-v2}"),
    ("format-variable", "States.Format('{} {}', $greeting, $cfg.size)", "Hi 2"),
    # StringToJson / JsonToString
    ("string-to-json-object", "States.StringToJson($.json)", {"foo": "bar", "n": [1, 2.5]}),
    ("string-to-json-blank-is-null", "States.StringToJson(' ')", None),
    ("string-to-json-empty-is-null", "States.StringToJson('')", None),
    ("string-to-json-number", "States.StringToJson('1.1')", 1.1),
    ("string-to-json-true", "States.StringToJson('true')", True),
    ("json-to-string-compact", "States.JsonToString($.obj)", '{"Arg1":1,"Arg2":[]}'),
    ("json-to-string-string", "States.JsonToString($.name)", '"Ada"'),
    ("json-to-string-float", "States.JsonToString($.f)", "1.5"),
    ("json-to-string-unicode", "States.JsonToString('né')", '"né"'),
    ("json-round-trip", "States.StringToJson(States.JsonToString($.a))", {"x": 1, "nested": {"a1": 1}}),
    # Arrays
    ("array", "States.Array('a', 1, -2.5, true, null, $.name)", ["a", 1, -2.5, True, None, "Ada"]),
    ("array-empty", "States.Array()", []),
    ("array-partition", "States.ArrayPartition($.arr, 4)", [[1, 2, 3, 4], [5, 6, 7, 8], [9]]),
    ("array-partition-big-chunk", "States.ArrayPartition(States.Array(0, 1), 3)", [[0, 1]]),
    ("array-partition-empty", "States.ArrayPartition(States.Array(), 2)", []),
    ("array-partition-truncates-size", "States.ArrayPartition(States.Array(1, 2, 3, 4, 5), 2.6)", [[1, 2], [3, 4], [5]]),
    ("array-contains-yes", "States.ArrayContains($.arr, 5)", True),
    ("array-contains-no", "States.ArrayContains($.arr, 10)", False),
    ("array-contains-true-is-not-1", "States.ArrayContains(States.Array(1, 0), true)", False),
    ("array-contains-1-is-not-true", "States.ArrayContains(States.Array(true), 1)", False),
    ("array-contains-false", "States.ArrayContains(States.Array(true, false), false)", True),
    ("array-contains-nested-array", "States.ArrayContains(States.Array(States.Array(1, 2), 2), States.Array(1, 2))", True),
    ("array-contains-null", "States.ArrayContains(States.Array(1, null), null)", True),
    ("array-contains-empty", "States.ArrayContains(States.Array(), 1)", False),
    ("array-contains-aws-text-match", "States.ArrayContains(States.Array('true'), true)", True),
    ("array-range", "States.ArrayRange(1, 9, 2)", [1, 3, 5, 7, 9]),
    ("array-range-inclusive-end", "States.ArrayRange(0, 3, 1)", [0, 1, 2, 3]),
    ("array-range-descending", "States.ArrayRange(5, 1, -2)", [5, 3, 1]),
    ("array-range-wrong-direction-empty", "States.ArrayRange(5, 1, 1)", []),
    ("array-range-truncates", "States.ArrayRange(5.4, -0.6, -2.4)", [5, 3, 1]),
    ("array-range-1000-items", "States.ArrayLength(States.ArrayRange(1, 1000, 1))", 1000),
    ("array-get-item", "States.ArrayGetItem($.arr, 5)", 6),
    ("array-get-item-truncates-index", "States.ArrayGetItem($.arr, 1.9)", 2),
    ("array-get-item-empty-array-is-null", "States.ArrayGetItem(States.Array(), 999)", None),
    ("array-length", "States.ArrayLength($.arr)", 9),
    ("array-unique", "States.ArrayUnique($.dup)", [1, True, 1.5, "1", None, [1], {"a": 1, "b": 2}]),
    ("array-unique-keeps-first", "States.ArrayUnique(States.Array(3, 1, 3, 2, 1))", [3, 1, 2]),
    # Encoding, hashing
    ("base64-encode", "States.Base64Encode('Data to encode')", "RGF0YSB0byBlbmNvZGU="),
    ("base64-encode-empty", "States.Base64Encode('')", ""),
    ("base64-encode-utf8", "States.Base64Encode('✓')", "4pyT"),
    ("base64-decode", "States.Base64Decode('RGF0YSB0byBlbmNvZGU=')", "Data to encode"),
    ("base64-decode-utf8", "States.Base64Decode('44GT44KT44Gr44Gh44Gv')", "こんにちは"),
    ("base64-decode-lenient-spaces", "States.Base64Decode(' YWJjZA== ')", "abcd"),
    ("base64-round-trip", "States.Base64Decode(States.Base64Encode($.name))", "Ada"),
    ("hash-md5", "States.Hash('hello', 'MD5')", "5d41402abc4b2a76b9719d911017c592"),
    ("hash-sha1", "States.Hash('input data', 'SHA-1')", "aaff4a450a104cd177d28d18d74485e8cae074b7"),
    ("hash-sha256", "States.Hash('input data', 'SHA-256')", "b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"),
    ("hash-sha384", "States.Hash('input data', 'SHA-384')", "d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562"),
    ("hash-sha512", "States.Hash('hello', 'SHA-512')", "9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043"),
    # JSON merge
    ("json-merge-shallow", "States.JsonMerge($.a, $.b, false)", {"x": 1, "nested": {"a3": 3}, "y": 2}),
    # Math
    ("math-add", "States.MathAdd($.n, -1)", 4),
    ("math-add-rounds-each-half-up", "States.MathAdd(1.5, 1.51)", 4),
    ("math-add-rounds-negative-half-up", "States.MathAdd(-1.5, 0)", -1),
    ("math-add-minus-half", "States.MathAdd(-0.5, 0)", 0),
    ("math-add-2.5", "States.MathAdd(2.5, 0)", 3),
    ("math-add-int32-max", "States.MathAdd(2147483646, 1)", 2147483647),
    ("math-add-int32-min", "States.MathAdd(-2147483647, -1)", -2147483648),
    ("math-random-seeded-matches-java", "States.MathRandom(-5, 5, 42)", -5),
    ("math-random-seeded-java-sequence-start", "States.MathRandom(0, 10, 42)", 0),
    # Strings
    ("string-split", "States.StringSplit($.csv, ',')", ["a", "b", "c"]),
    ("string-split-delimiter-set", "States.StringSplit('1+2,3.4', '.+,')", ["1", "2", "3", "4"]),
    ("string-split-drops-empties", "States.StringSplit(',,,,', ',')", []),
    ("string-split-multichar", "States.StringSplit('split on T and \nnew line', 'T\n')", ["split on ", " and ", "new line"]),
    ("string-split-empty-delimiter", "States.StringSplit('abc', '')", ["abc"]),
    # Nesting
    ("nested-calls", "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))", "v2"),
    ("whitespace-between-args", "States.MathAdd(  1 ,\t2  )", 3),
    ("whole-input-path", "States.ArrayLength(States.Array($))", 1),
]


@pytest.mark.parametrize(("expr", "expected"), [r[1:] for r in RESULTS], ids=[r[0] for r in RESULTS])
def test_result(expr, expected):
    assert same(run(expr), expected)


FAILURES = [
    # wrong argument counts (checked at run time, as AWS does)
    ("hash-no-args", "States.Hash()"),
    ("hash-one-arg", "States.Hash('hello')"),
    ("hash-extra-arg", "States.Hash('hello', 'SHA-256', 'extra')"),
    ("math-add-one-arg", "States.MathAdd(1)"),
    ("array-contains-one-arg", "States.ArrayContains($.arr)"),
    ("array-range-two-args", "States.ArrayRange(1, 5)"),
    ("uuid-with-arg", "States.UUID(1)"),
    ("json-merge-two-args", "States.JsonMerge($.a, $.b)"),
    ("format-no-args", "States.Format()"),
    ("math-random-four-args", "States.MathRandom(1, 10, 5, 99)"),
    # wrong types
    ("format-too-few-values", "States.Format('{} {}', $.name)"),
    ("format-too-many-values", "States.Format('{}', $.name, $.name)"),
    ("format-lone-open-brace", "States.Format('Hello {', $.name)"),
    ("format-lone-close-brace", "States.Format('}')"),
    ("format-doubled-braces", "States.Format('Hello {{}}', $.name)"),
    ("format-non-string-template", "States.Format($.n, $.name)"),
    ("string-to-json-invalid", "States.StringToJson('{nope')"),
    ("string-to-json-not-string", "States.StringToJson($.n)"),
    ("partition-not-array", "States.ArrayPartition('not-array', 2)"),
    ("partition-zero", "States.ArrayPartition($.arr, 0)"),
    ("partition-truncates-to-zero", "States.ArrayPartition($.arr, 0.6)"),
    ("partition-negative", "States.ArrayPartition($.arr, -1)"),
    ("partition-string-size", "States.ArrayPartition($.arr, '2')"),
    ("partition-null-size", "States.ArrayPartition($.arr, null)"),
    ("contains-not-array", "States.ArrayContains('not-array', 'x')"),
    ("range-zero-step", "States.ArrayRange(1, 10, 0)"),
    ("range-step-truncates-to-zero", "States.ArrayRange(1, 10, 0.49)"),
    ("range-string-arg", "States.ArrayRange('a', 5, 1)"),
    ("range-bool-arg", "States.ArrayRange(true, 5, 1)"),
    ("range-over-1000", "States.ArrayRange(1, 1001, 1)"),
    ("range-over-1000-descending", "States.ArrayRange(1001, 1, -1)"),
    ("get-item-index-equals-length", "States.ArrayGetItem(States.Array(10, 20, 30), 3)"),
    ("get-item-negative-index", "States.ArrayGetItem($.arr, -1)"),
    ("get-item-string-index", "States.ArrayGetItem($.arr, '1')"),
    ("get-item-not-array", "States.ArrayGetItem('not-array', 0)"),
    ("length-not-array", "States.ArrayLength($.name)"),
    ("unique-not-array", "States.ArrayUnique($.obj)"),
    ("base64-encode-not-string", "States.Base64Encode($.n)"),
    ("base64-decode-not-string", "States.Base64Decode($.obj)"),
    ("hash-unknown-algorithm", "States.Hash('data', 'SHA-257')"),
    ("hash-lowercase-algorithm", "States.Hash('data', 'sha-256')"),
    ("hash-hyphenless-algorithm", "States.Hash('data', 'SHA256')"),
    ("hash-numeric-algorithm", "States.Hash('hello', 123)"),
    ("hash-null-data", "States.Hash($.nil, 'MD5')"),
    ("merge-not-object", "States.JsonMerge($.a, $.arr, false)"),
    ("merge-null", "States.JsonMerge($.nil, $.b, false)"),
    ("merge-deep-unsupported", "States.JsonMerge($.a, $.b, true)"),
    ("random-equal-bounds", "States.MathRandom(1, 1)"),
    ("random-reversed-bounds", "States.MathRandom(10, 5)"),
    ("random-truncated-equal-bounds", "States.MathRandom(1.4, 1.6)"),
    ("random-string-seed", "States.MathRandom(1, 10, 'seed')"),
    ("random-null-seed", "States.MathRandom(1, 10, null)"),
    ("random-null-bound", "States.MathRandom($.nil, 10)"),
    ("add-string", "States.MathAdd('1', 2)"),
    ("add-bool", "States.MathAdd(true, 1)"),
    ("add-null", "States.MathAdd(null, 1)"),
    ("add-overflow", "States.MathAdd(2147483647, 1)"),
    ("add-underflow", "States.MathAdd(-2147483648, -1)"),
    ("add-operand-out-of-int32", "States.MathAdd(3000000000, 1)"),
    ("split-not-string", "States.StringSplit($.n, ',')"),
    ("split-null-delimiter", "States.StringSplit($.name, null)"),
    ("split-array-delimiter", "States.StringSplit($.name, States.Array(','))"),
]


@pytest.mark.parametrize("expr", [f[1] for f in FAILURES], ids=[f[0] for f in FAILURES])
def test_failure(expr):
    name = re.match(r"States\.\w+", expr).group()
    with pytest.raises(IntrinsicFailure) as info:
        run(expr)
    assert info.value.cause == f"Invalid arguments in {name}"
    assert info.value.error == "States.Runtime"  # how AWS reports a failed intrinsic


def test_failure_names_the_innermost_function():
    with pytest.raises(IntrinsicFailure) as info:
        run("States.Format('{}', States.MathAdd('x', 1))")
    assert info.value.cause == "Invalid arguments in States.MathAdd"


@pytest.mark.parametrize(
    ("expr", "limit_ok"),
    [
        ("States.Base64Encode($.s)", True),
        ("States.Base64Decode($.s)", True),
        ("States.Hash($.s, 'SHA-256')", True),
    ],
    ids=["base64-encode", "base64-decode", "hash"],
)
def test_10000_character_limit(expr, limit_ok):
    fn = compile_intrinsic(expr)
    assert fn.evaluate(lambda p: "A" * 10_000, random.Random(0)) is not None
    with pytest.raises(IntrinsicFailure):
        fn.evaluate(lambda p: "A" * 10_001, random.Random(0))


def test_path_errors_propagate_unchanged():
    with pytest.raises(StatesError) as info:
        run("States.Format('{}', $.missing)")
    assert not isinstance(info.value, IntrinsicFailure)
    assert "$.missing" in info.value.cause


def test_uuid_is_v4_and_deterministic_with_a_seeded_rng():
    first, again, other = run("States.UUID()", 7), run("States.UUID()", 7), run("States.UUID()", 8)
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", first)
    assert first == again != other


def test_unseeded_math_random_uses_the_rng_and_stays_in_range():
    values = {run("States.MathRandom(12.5, 44.51)", seed) for seed in range(200)}
    assert values <= set(range(12, 44)) and len(values) > 20
    assert run("States.MathRandom(1, 1000)", 3) == run("States.MathRandom(1, 1000)", 3)


def test_seeded_math_random_ignores_the_rng():
    assert {run("States.MathRandom(1, 100, 42)", seed) for seed in range(5)} == {
        run("States.MathRandom(1, 100, 42)")
    }


PATHS = [
    ("none", "States.UUID()", ()),
    ("input", "States.Format('{}', $.name)", ("$.name",)),
    ("whole-input", "States.Array($)", ("$",)),
    ("context-and-variable", "States.Array($$.Execution.Id, $var.x)", ("$$.Execution.Id", "$var.x")),
    ("nested", "States.Format('{}{}', States.Array($.a, States.MathAdd($.b, 1)), $$.c)", ("$.a", "$.b", "$$.c")),
    ("brackets-with-comma", "States.Array($.a['x,y'], $.b[0])", ("$.a['x,y']", "$.b[0]")),
    ("filter-with-parens", "States.ArrayLength($.items[?(@.n > 1)])", ("$.items[?(@.n > 1)]",)),
]


@pytest.mark.parametrize(("expr", "paths"), [p[1:] for p in PATHS], ids=[p[0] for p in PATHS])
def test_paths(expr, paths):
    assert compile_intrinsic(expr).paths == paths


def test_resolve_receives_the_path_exactly_as_written():
    seen = []
    compile_intrinsic("States.Array($.a.b, $$.Map.Item.Value, $v)").evaluate(
        lambda p: seen.append(p) or 0, random.Random(0)
    )
    assert seen == ["$.a.b", "$$.Map.Item.Value", "$v"]


SYNTAX_ERRORS = [
    ("unknown-function", "States.Foo(1)", "Unknown intrinsic function 'States.Foo'", 0),
    ("unknown-nested-function", "States.Array(States.Nope())", "Unknown intrinsic function 'States.Nope'", 13),
    ("not-a-call", "$.a", "Expected an intrinsic function name", 0),
    ("missing-paren", "States.UUID", "Expected '('", 11),
    ("unclosed-call", "States.Array(1, 2", "Missing ')'", 0),
    ("trailing-comma", "States.Array(1, )", "Missing argument", 16),
    ("leading-comma", "States.Array(, 1)", "Missing argument", 13),
    ("unterminated-string", "States.Format('abc)", "Unterminated string literal", 14),
    ("bad-escape", r"States.Format('a\nb')", "Invalid escape", 16),
    ("double-quoted-string", 'States.Format("x")', "Unexpected '\"'", 14),
    ("bare-word", "States.Array(foo)", "Unexpected 'f'", 13),
    ("text-after-call", "States.UUID() extra", "Unexpected text after the call", 14),
    ("missing-comma", "States.Array(1 2)", "Expected ',' or ')'", 15),
    ("unclosed-bracket-in-path", "States.Array($.a[0)", "Unterminated bracket", 13),
]


@pytest.mark.parametrize(
    ("expr", "message", "position"), [s[1:] for s in SYNTAX_ERRORS], ids=[s[0] for s in SYNTAX_ERRORS]
)
def test_syntax_errors(expr, message, position):
    with pytest.raises(IntrinsicSyntaxError) as info:
        compile_intrinsic(expr)
    assert message in str(info.value)
    assert info.value.position == position
    assert isinstance(info.value, ValueError)


def test_arity_is_not_a_syntax_error():
    compile_intrinsic("States.Hash('x')")  # AWS accepts it and fails at run time


LITERALS = [
    ("int", "1", 1),
    ("negative-int", "-7", -7),
    ("float", "2.25", 2.25),
    ("negative-float", "-0.5", -0.5),
    ("exponent", "1e3", 1000.0),
    ("true", "true", True),
    ("false", "false", False),
    ("null", "null", None),
    ("string", "'a b'", "a b"),
    ("escaped-quote", r"'\''", "'"),
    ("escaped-braces", r"'\{\}'", "{}"),
    ("escaped-backslash", r"'\\'", "\\"),
    ("double-quote-inside", "'say \"hi\"'", 'say "hi"'),
    ("comma-and-paren-inside", "'a, b)'", "a, b)"),
    ("empty-string", "''", ""),
]


@pytest.mark.parametrize(("text", "value"), [x[1:] for x in LITERALS], ids=[x[0] for x in LITERALS])
def test_literals(text, value):
    assert same(run(f"States.Array({text})"), [value])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("States.Format('x')", True),
        ("  States.Array($.a)  ", True),
        ("States.UUID()", True),
        ("$.a", False),
        ("States.Format", False),
        ("Hello States.Format('x')", False),
        ("", False),
    ],
)
def test_is_intrinsic(text, expected):
    assert is_intrinsic(text) is expected


def test_compile_is_cached():
    assert compile_intrinsic("States.Array($.a)") is compile_intrinsic("States.Array($.a)")


def test_results_are_fresh_values():
    fn = compile_intrinsic("States.Array(1, 2)")
    first = fn.evaluate(resolve, random.Random(0))
    first.append(3)
    assert fn.evaluate(resolve, random.Random(0)) == [1, 2]


# ------------------------------------------------------------------ bound once, same answers

BOUND_CASES = [
    "States.MathAdd($.n, 1)",
    "States.MathAdd($.f, 1)",  # a fraction rounds half up: not the int fast path
    "States.MathAdd($.t, 1)",  # a boolean is not a number
    "States.MathAdd(2147483647, 1)",  # past int32
    "States.MathAdd($.n, -2147483648)",
    "States.MathAdd($.n, 2147483642)",  # a literal step: the sum just inside int32
    "States.MathAdd($.n, 2147483643)",  # and just past it
    "States.MathAdd($.n, -2147483647)",
    "States.MathAdd($.big, 0)", "States.MathAdd($.big, 1)", "States.MathAdd($.small, -1)", "States.MathAdd($.small, 0)",
    "States.MathAdd($.past, 0)",  # an operand past int32, however small the step
    "States.MathAdd($.f, 0)", "States.MathAdd($.t, 0)", "States.MathAdd($.name, 1)", "States.MathAdd($.n, 1.5)",
    "States.MathAdd($.n, 3000000000)",  # a step past int32: not the literal fast path
    "States.ArrayLength($.arr)",
    "States.ArrayLength($.name)",
    "States.ArrayGetItem($.arr, 8)",
    "States.ArrayGetItem($.arr, 9)",
    "States.ArrayGetItem($.arr, -1)",
    "States.ArrayGetItem($.arr, 1.9)",
    "States.ArrayGetItem($.obj.Arg2, 3)",  # any index into [] is null
    "States.ArrayGetItem($.arr, $.t)",
    "States.Format('Hello {} and {}', $.name, $.n)",
    "States.Format('x \\{} {}', $.f)",
    "States.Format('{} {}', $.name)",  # too few arguments
    "States.Format('lone { brace', $.name)",
    "States.Format($.template, $.name)",
    "States.Format('{}', $.a)",
    "States.Array($.n, States.MathAdd($.n, 2), 'x')",
    "States.UUID()",
    "States.MathRandom(1, 999)",
    "States.JsonToString($.obj)",
    "States.ArrayLength($.missing)",
]


def _bound(expr: str, seed: int = 0):
    class Ctx:
        rng = random.Random(seed)

    return compile_intrinsic(expr).bind(lambda text: (lambda ctx: resolve(text)))(Ctx())


@pytest.mark.parametrize("expr", BOUND_CASES)
def test_a_bound_call_gives_what_evaluate_gives(expr):
    # bind() walks the call once and takes the common cases directly; results and errors
    # must be exactly evaluate()'s.
    try:
        expected = ("value", run(expr))
    except StatesError as exc:
        expected = ("error", exc.error, exc.cause)
    try:
        got = ("value", _bound(expr))
    except StatesError as exc:
        got = ("error", exc.error, exc.cause)
    assert got[0] == expected[0]
    if got[0] == "value":
        assert same(got[1], expected[1])
    else:
        assert got == expected
