"""Safe YAML reading (ASL definitions, study content): YAML 1.2 scalars, bounded size, positions in errors.

* Only ``true``/``false`` are booleans (YAML 1.2), so Choice targets named ``Yes``/``No``/``On``
  stay strings; ``~``/``null`` are null; dates stay strings; ints/floats follow YAML 1.2's core
  schema (no sexagesimal ``1:30``, no ``0b`` or leading-zero octal).
* No Python objects are ever constructed (SafeLoader).
* Duplicate mapping keys are an error (YAML says keys are unique; PyYAML silently keeps the last).
* Mapping keys are turned into strings, as JSON would have them (``0:`` becomes ``"0"``).
* "Billion laughs": the size of the document *with aliases expanded* is counted on the composed
  node graph before anything is constructed; too many aliases, too many nodes or a recursive alias
  is refused.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ALIASES = 200
MAX_EXPANDED_NODES = 200_000


class SyntaxProblem(ValueError):
    """Text that can't be read; ``line``/``column`` are 1-based (None when unknown)."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.message = message
        self.line = line
        self.column = column
        where = f" (line {line}, column {column})" if line is not None else ""
        super().__init__(message + where)


_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


class Yaml12Resolver(yaml.resolver.Resolver):
    """YAML 1.2 core-schema implicit types (set up below)."""


class Yaml12Constructor(yaml.constructor.SafeConstructor):
    """SafeConstructor that rejects duplicate keys and stringifies scalar keys."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
        seen: dict[str, Any] = {}
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (dict, list)):
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    "found a mapping or list used as a key", key_node.start_mark,
                )
            skey = key if isinstance(key, str) else json.dumps(key)
            if skey in seen:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    f"found duplicate key {skey!r}", key_node.start_mark,
                )
            seen[skey] = True
            mapping[skey] = self.construct_object(value_node, deep=deep)
        return mapping


class Yaml12Loader(
    yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer,
    Yaml12Constructor, Yaml12Resolver,
):
    """Pure-Python loader: YAML 1.2 core schema, duplicate keys refused, aliases counted."""

    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        Yaml12Constructor.__init__(self)
        Yaml12Resolver.__init__(self)
        self._aliases = 0

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, f"too many aliases (more than {MAX_ALIASES})", event.start_mark
                )
        return super().compose_node(parent, index)


if getattr(yaml, "__with_libyaml__", False):
    from yaml.cyaml import CParser as _CParser


    class Yaml12CLoader(_CParser, Yaml12Constructor, Yaml12Resolver):
        """The same schema on libyaml's C parser (much faster). Alias counts are checked on the
        composed graph by `_expanded_size`, which also bounds the expanded size."""

        def __init__(self, stream):
            _CParser.__init__(self, stream)
            Yaml12Constructor.__init__(self)
            Yaml12Resolver.__init__(self)

    FastLoader = Yaml12CLoader
else:  # pragma: no cover - libyaml missing
    FastLoader = Yaml12Loader

# Replace the implicit resolvers with YAML 1.2 core-schema ones.
Yaml12Resolver.yaml_implicit_resolvers = {}
Yaml12Resolver.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
Yaml12Resolver.add_implicit_resolver("tag:yaml.org,2002:null", _NULL, ["~", "n", "N", ""])
Yaml12Resolver.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
Yaml12Resolver.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+.0123456789"))
Yaml12Resolver.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"])


def _construct_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _construct_float(loader, node):
    text = loader.construct_scalar(node).lower()
    if text.endswith(".inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    if text.endswith(".nan"):
        return float("nan")
    return float(text)


def _construct_bool(loader, node):
    return loader.construct_scalar(node).lower() == "true"


Yaml12Constructor.add_constructor("tag:yaml.org,2002:int", _construct_int)
Yaml12Constructor.add_constructor("tag:yaml.org,2002:float", _construct_float)
Yaml12Constructor.add_constructor("tag:yaml.org,2002:bool", _construct_bool)
# No timestamps, no binary, no sets/omap: only JSON-shaped values.
Yaml12Constructor.yaml_constructors = dict(Yaml12Constructor.yaml_constructors)
for _tag in ("timestamp", "binary", "set", "omap", "pairs"):
    Yaml12Constructor.yaml_constructors.pop(f"tag:yaml.org,2002:{_tag}", None)


def _expanded_size(root) -> int:
    """Node count with every alias expanded; raises on cycles or past the bound."""
    memo: dict[int, int] = {}
    active: set[int] = set()

    def size(node) -> int:
        key = id(node)
        if key in memo:
            return memo[key]
        if key in active:
            raise SyntaxProblem(
                "recursive alias", node.start_mark.line + 1, node.start_mark.column + 1
            )
        active.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                total += size(child)
                if total > MAX_EXPANDED_NODES:
                    break
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                total += size(k) + size(v)
                if total > MAX_EXPANDED_NODES:
                    break
        active.discard(key)
        memo[key] = total
        if total > MAX_EXPANDED_NODES:
            raise SyntaxProblem(
                f"document too large once aliases are expanded (more than {MAX_EXPANDED_NODES} nodes)",
                node.start_mark.line + 1, node.start_mark.column + 1,
            )
        return total

    return size(root)


def _count_aliases(text: str) -> int:
    """Upper bound on alias uses (`*name`), counted cheaply before parsing."""
    return len(re.findall(r"(?:^|[\s\[{,:-])\*[^\s,\[\]{}]+", text))


def _problem(exc: yaml.MarkedYAMLError) -> SyntaxProblem:
    """A PyYAML error as a SyntaxProblem with 1-based line and column."""
    mark = exc.problem_mark or exc.context_mark
    msg = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "invalid YAML"
    return SyntaxProblem(msg) if mark is None else SyntaxProblem(msg, mark.line + 1, mark.column + 1)


def parse_yaml(text: str) -> Any:
    """Parse one YAML document into plain JSON-shaped Python values."""
    if len(text.encode("utf-8", errors="ignore")) > MAX_FILE_BYTES:
        raise SyntaxProblem(f"file is larger than {MAX_FILE_BYTES // 1024} KiB")
    # The C parser can't count aliases as it composes, so files that might use many go through
    # the pure-Python loader, which stops at MAX_ALIASES with the alias's position.
    cls = FastLoader if "*" not in text or _count_aliases(text) <= MAX_ALIASES else Yaml12Loader
    loader = cls(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise _problem(exc) from None
        except yaml.YAMLError as exc:
            raise SyntaxProblem(f"invalid YAML: {exc}") from None
        if node is None:
            return None
        _expanded_size(node)
        try:
            return loader.construct_document(node)
        except yaml.MarkedYAMLError as exc:
            raise _problem(exc) from None
    finally:
        loader.dispose()


def _no_constant(name: str):
    """JSON has no NaN or Infinity."""
    raise json.JSONDecodeError(f"{name} is not a JSON value", name, 0)


def parse_json(text: str) -> Any:
    """Parse JSON text (NaN and Infinity refused); errors carry line and column."""
    if len(text.encode("utf-8", errors="ignore")) > MAX_FILE_BYTES:
        raise SyntaxProblem(f"file is larger than {MAX_FILE_BYTES // 1024} KiB")
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise SyntaxProblem(f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
