"""engine.paths: JSONPath as Step Functions reads it (definite vs indefinite, $$, $var, reference paths)."""

import pytest

from engine.paths import (MISSING, PathSyntaxError, PlaceError, ReferencePathError, compile_path, compile_reference,
                          is_path, place, to_json)

DOC = {
    "a": {"b": [1, 2, {"c": 3}]},
    "dotted.key": 5,
    "it's": 6,
    "items": [{"p": 1}, {"p": 5}, {"p": 10}],
    "n": None,
}

# A definite path names one node: it gives that value, or nothing (MISSING).
DEFINITE = [
    ("$", DOC),
    ("$.a.b[0]", 1),
    ("$.a.b[2].c", 3),
    ("$.a['b'][1]", 2),
    ('$.a["b"][1]', 2),
    ("$['dotted.key']", 5),
    ("$['it\\'s']", 6),
    ("$.n", None),
    ("$.items[-1].p", 10),
]


@pytest.mark.parametrize("text, value", DEFINITE, ids=[t for t, _ in DEFINITE])
def test_definite_paths_select_one_value(text, value):
    path = compile_path(text)
    assert path.definite
    assert path.root == "input"
    assert path.find(DOC) == value


@pytest.mark.parametrize("text", ["$.nope", "$.a.b[3]", "$.a.b.c", "$.a.b[0].x", "$.n.x", "$['missing']"],
                         ids=["no-key", "index-past-end", "name-on-array", "name-on-number", "name-on-null", "bracket"])
def test_definite_path_that_matches_nothing_is_missing(text):
    assert compile_path(text).find(DOC) is MISSING


def test_null_is_a_value_not_missing():
    # A key holding null exists: IsPresent is true for it.
    assert compile_path("$.n").find(DOC) is None


# An indefinite path (wildcards, deep scan, slices, filters, unions) always gives a list.
INDEFINITE = [
    ("$.a.b[*]", [1, 2, {"c": 3}]),
    ("$..c", [3]),
    ("$.items[*].p", [1, 5, 10]),
    ("$.items[?(@.p > 2)].p", [5, 10]),
    ("$.items[0:2]", [{"p": 1}, {"p": 5}]),
    ("$.a.b[0,1]", [1, 2]),
    ("$..nothing", []),
    ("$.items[?(@.p > 100)]", []),
]


@pytest.mark.parametrize("text, value", INDEFINITE, ids=[t for t, _ in INDEFINITE])
def test_indefinite_paths_give_a_list(text, value):
    path = compile_path(text)
    assert not path.definite
    assert path.find(DOC) == value


@pytest.mark.parametrize(
    "text, root, variable, keys",
    [
        ("$$", "context", None, ()),
        ("$$.Execution.Id", "context", None, ("Execution", "Id")),
        ("$$.Map.Item.Index", "context", None, ("Map", "Item", "Index")),
        ("$total", "variable", "total", ()),
        ("$order.items[0]", "variable", "order", ("items", 0)),
        ("$.x", "input", None, ("x",)),
    ],
    ids=["context-root", "context-field", "map-index", "variable", "variable-field", "input"],
)
def test_roots_context_and_variables(text, root, variable, keys):
    path = compile_path(text)
    assert (path.root, path.variable, path.keys) == (root, variable, keys)


def test_context_path_selects_from_the_context_document():
    ctx = {"Execution": {"Id": "arn:x"}}
    assert compile_path("$$.Execution.Id").find(ctx) == "arn:x"


@pytest.mark.parametrize("text", ["a.b", "", "x", "$.a[", "$..", "$.a[?(", 5, None],
                         ids=["no-dollar", "empty", "word", "unclosed-bracket", "bare-deep-scan", "open-filter",
                              "int", "none"])
def test_bad_paths_are_rejected(text):
    with pytest.raises((PathSyntaxError, TypeError)):
        compile_path(text)
    assert not is_path(text)


def test_compiled_paths_are_cached():
    assert compile_path("$.cached.one") is compile_path("$.cached.one")


@pytest.mark.parametrize(
    "text, keys",
    [("$", ()), ("$.a", ("a",)), ("$.a.b[0]", ("a", "b", 0)), ("$['x y']", ("x y",))],
    ids=["root", "name", "nested-index", "bracket-name"],
)
def test_reference_paths_name_a_place(text, keys):
    assert compile_reference(text) == keys


@pytest.mark.parametrize("text", ["$$.a", "$..a", "$.a[*]", "$.a[0:1]", "$.a[?(@.x)]", "a", "$.a[0,1]"],
                         ids=["context", "deep-scan", "wildcard", "slice", "filter", "no-dollar", "union"])
def test_reference_paths_refuse_indefinite_and_context(text):
    with pytest.raises(ReferencePathError):
        compile_reference(text)


def test_place_builds_a_new_document_and_leaves_the_original():
    doc = {"a": 1, "keep": {"x": 1}}
    out = place(("b", "c"), doc, 5)
    assert out == {"a": 1, "keep": {"x": 1}, "b": {"c": 5}}
    assert doc == {"a": 1, "keep": {"x": 1}}


@pytest.mark.parametrize(
    "keys, doc, value, expected",
    [
        ((), {"a": 1}, "v", "v"),
        (("a",), {"a": 1}, 2, {"a": 2}),
        (("a", "b"), {"a": {"b": 1, "c": 2}}, 9, {"a": {"b": 9, "c": 2}}),
        ((1,), [1, 2, 3], 9, [1, 9, 3]),
        (("l", 0, "x"), {"l": [{"x": 1}]}, 2, {"l": [{"x": 2}]}),
    ],
    ids=["root-replaces", "overwrite", "nested-overwrite", "array-index", "through-array"],
)
def test_place(keys, doc, value, expected):
    assert place(keys, doc, value) == expected


@pytest.mark.parametrize(
    "keys, doc",
    [(("a", "b"), {"a": 1}), (("a",), [1]), ((5,), [1, 2]), ((0,), {"0": 1}), (("a",), "text")],
    ids=["name-under-number", "name-on-array", "index-past-end", "index-on-object", "name-on-string"],
)
def test_place_that_cannot_be_done_raises(keys, doc):
    with pytest.raises(PlaceError):
        place(keys, doc, 1)


def test_to_json_is_compact_and_keeps_unicode():
    assert to_json({"a": [1, "é"]}) == '{"a":[1,"é"]}'


# Wildcard-only paths are walked directly; they must select what the general JSONPath
# evaluator selects, in the same order.
WILDCARD_DOC = {"a": [{"b": 1}, {"c": 2}, {"b": 3}], "o": {"x": {"b": 5}, "y": {"b": 6}}, "n": [[1, 2], [3]]}


@pytest.mark.parametrize("text", ["$.a[*].b", "$.a[*]", "$.o.*.b", "$.o[*].b", "$.a[*]['b']", "$[*]",
                                  "$.n[*][0]", "$.n[*][*]", "$.missing[*]", "$.a[*].b.c"])
def test_wildcard_paths_select_what_jsonpath_selects(text):
    import jsonpath

    path = compile_path(text)
    assert path.definite is False
    assert path.find(WILDCARD_DOC) == jsonpath.findall(text, WILDCARD_DOC)


# Jayway (which AWS uses) reads filter numbers with Java's BigDecimal, so `.85`, `-.5` and
# `85.` are numbers; a deployed AWS sample filters with `@.Score > .85`.
@pytest.mark.parametrize("text, expected", [
    ("$.items[?(@.score > .85)]", [{"score": 0.9}]),
    ("$.items[?(@.score < -.5)]", [{"score": -0.6}]),
    ("$.items[?(@.score < 1.)]", [{"score": 0.9}, {"score": 0.5, "tag": "1."}, {"score": -0.6}]),
    ("$.items[?(@.tag == '1.')]", [{"score": 0.5, "tag": "1."}]),
], ids=["leading-dot", "negative-leading-dot", "trailing-dot", "dot-inside-a-string-untouched"])
def test_filter_numbers_without_a_leading_or_trailing_digit(text, expected):
    doc = {"items": [{"score": 0.9}, {"score": 0.5, "tag": "1."}, {"score": -0.6}]}
    assert compile_path(text).find(doc) == expected


@pytest.mark.parametrize("text", ["$.a", "$.a.b", "$.a.b.c", "$.a.b.c.d", "$.a[0]", "$.a[-1].b", "$['a'].b"])
@pytest.mark.parametrize("doc", [
    {"a": {"b": {"c": {"d": 1}}}},
    {"a": {"b": [1]}},
    {"a": [{"b": 2}]},
    {"a": "text"},
    {"a": {"b": "text"}},
    {"a": None},
    [1, 2],
    "abc",
], ids=["nested", "array-under-b", "array-under-a", "string-a", "string-b", "null-a", "array-root", "string-root"])
def test_definite_paths_agree_with_python_jsonpath(text, doc):
    # The direct readers of names and indexes give what a full JSONPath engine gives.
    import jsonpath

    matches = jsonpath.findall(text, doc)
    got = compile_path(text).find(doc)
    assert (got is MISSING) == (not matches)
    if matches:
        assert got == matches[0]


FILTERS = [
    "$.items[?(@.p > 2)].p", "$.items[?(@.p >= 5)]", "$.items[?(@.p < 5)].q", "$.items[?(@.p <= 1.5)]",
    "$.items[?(@.p == 1)]", "$.items[?(@.p != 1)].p", "$.items[?(@.tag == 'gold')].id",
    '$.items[?(@.tag == "gold")].id', "$.items[?(@.tag < 'm')].tag", "$.items[?(@.flag == true)]",
    "$.items[?(@.flag == 1)]", "$.items[?(@.p == true)]", "$.items[?(@.n == null)]", "$.items[?(@.n != null)]",
    "$.items[?(@.deep.x == 3)].deep", "$.items[?(@.p > 2)][*]", "$.items[?(@.p > 2)].*",
    "$.obj[?(@.p > 2)]", "$[?(@.p == 1)]", "$.items[0].sub[?(@.p==1)]", "$.items[?(@.Status==Failure)]",
    "$.items[?(@.p > -1)].p", "$.items[?(@.p == 0)]", "$.missing[?(@.p == 1)]", "$.text[?(@.p == 1)]",
]
FILTER_DOCS = [
    {"items": [{"p": 1, "q": "a", "tag": "gold", "id": 1, "flag": True, "n": None, "deep": {"x": 3}},
               {"p": 5, "tag": "silver", "id": 2, "flag": 1, "sub": [{"p": 1}]},
               {"p": 1.5, "tag": "gold", "flag": False, "Status": "Failure"},
               {"p": True, "tag": 7, "deep": {"x": "3"}},
               {"p": "9", "q": None}, "scalar", [1, 2], None, {"p": 0, "sub": {"a": {"p": 1}}}],
     "obj": {"a": {"p": 3}, "b": {"p": 1}, "c": 4}, "text": "abc"},
    [{"p": 1}, {"p": 2}, {"q": 1}],
    {"items": {"x": {"p": 3, "tag": "gold", "id": 9}, "y": {"p": 1}}},
]


@pytest.mark.parametrize("text", FILTERS)
def test_simple_filters_agree_with_python_jsonpath(text):
    # A filter of one comparison is read directly; it must select what python-jsonpath selects.
    import jsonpath

    from engine.paths import jayway_compat

    path = compile_path(text)
    assert not path.definite
    for doc in FILTER_DOCS:
        assert path.find(doc) == jsonpath.findall(jayway_compat(text), doc), doc
