"""engine.positions: JSON Pointers to 1-based line and column, in JSON and YAML text."""

from engine.positions import index, locate

JSON = '{\n  "a": [1, {"b~/c": "x"}],\n  "d": {}\n}'
YAML = "a:\n  - 1\n  - b~/c: x\nd: {}\n"


def test_json_members_are_at_their_keys_and_elements_at_their_values():
    assert index(JSON) == {"": (1, 1), "/a": (2, 3), "/a/0": (2, 9), "/a/1": (2, 12), "/a/1/b~0~1c": (2, 13),
                           "/d": (3, 3)}


def test_yaml_gives_the_same_pointers():
    got = index(YAML)
    assert set(got) == set(index(JSON))
    assert got["/a/1/b~0~1c"] == (3, 5) and got["/d"] == (4, 1)


def test_a_missing_pointer_falls_back_to_its_nearest_enclosing_value():
    assert locate(JSON, "/d/RoleArn") == (3, 3)
    assert locate(JSON, "/nope/deeper") == (1, 1)


def test_unreadable_text_has_no_positions():
    assert index("{\n  : :") == {}
    assert locate("{\n  : :", "/a") is None


def test_strings_with_escapes_and_braces_do_not_confuse_the_scan():
    text = '{"k\\"{": "}\\u00e9{", "n": [true, null, -1.5e3]}'
    assert index(text) == {"": (1, 1), '/k"{': (1, 2), "/n": (1, 22), "/n/0": (1, 28), "/n/1": (1, 34), "/n/2": (1, 40)}
