"""The checks of a Map state: its processor and ProcessorConfig, Items/ItemsPath, the
concurrency and tolerated-failure fields, and the Distributed Map's Label, ItemReader,
ItemBatcher and ResultWriter ("Map state in Distributed mode" in the developer guide).
"""

from __future__ import annotations

from . import fields as F
from .expressions import check_jsonata, check_path
from .jsonata_mode import is_expr
from .resources import ITEM_READERS, RESULT_WRITERS, is_s3_resource
from .state_checks import _count, _path_field


def check_map(c, state, where, lang, siblings) -> None:
    if "ItemProcessor" not in state and "Iterator" not in state:
        c.add(where, "The field 'ItemProcessor' is required but was missing")
    key = "ItemProcessor" if "ItemProcessor" in state else "Iterator"
    processor = state.get(key)
    if isinstance(processor, dict) and processor.get("ProcessorConfig") is not None:
        _processor_config(c, processor["ProcessorConfig"], (*where, key, "ProcessorConfig"))
    if lang == "JSONPath":
        if "ItemsPath" in state:
            check_path(state["ItemsPath"], c.reporter((*where, "ItemsPath")), "ItemsPath")
        for k in ("MaxConcurrencyPath", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath"):
            _path_field(c, state, k, where)
        if "ItemSelector" in state:
            c.template(state["ItemSelector"], (*where, "ItemSelector"))
    else:
        for k in ("Items", "ItemSelector"):
            if k in state:
                check_jsonata(state[k], c.reporter((*where, k)))
        items = state.get("Items")
        if "Items" in state and not isinstance(items, list) and not is_expr(items):
            c.add((*where, "Items"), "The value for the field 'Items' must be an array or a JSONata expression")
    _count(c, state, "MaxConcurrency", where, lang, least=0)
    _count(c, state, "ToleratedFailureCount", where, lang, least=0)
    _count(c, state, "ToleratedFailurePercentage", where, lang, least=0, most=100, number=True)
    if "Label" in state:
        _label(c, state["Label"], (*where, "Label"))
    if "ItemReader" in state:
        _item_reader(c, state["ItemReader"], (*where, "ItemReader"), lang)
    if "ItemBatcher" in state:
        _item_batcher(c, state["ItemBatcher"], (*where, "ItemBatcher"), lang)
    if "ResultWriter" in state:
        _result_writer(c, state["ResultWriter"], (*where, "ResultWriter"), lang)
    if processor is not None:
        c.scope(processor, (*where, key), lang, F.PROCESSOR_FIELDS, "Map " + key)


def _processor_config(c, config, where) -> None:
    if not isinstance(config, dict):
        c.add(where, "The value for the field 'ProcessorConfig' must be an object such as {\"Mode\": \"INLINE\"}")
        return
    c.unknown_fields(config, where, F.PROCESSOR_CONFIG_FIELDS)
    mode = config.get("Mode", "INLINE")
    if mode not in F.PROCESSOR_MODES:
        c.add((*where, "Mode"), f"The value for the field 'Mode' must be INLINE or DISTRIBUTED, not {mode!r}")
    if "ExecutionType" in config and config["ExecutionType"] not in F.EXECUTION_TYPES:
        c.add((*where, "ExecutionType"), "The value for the field 'ExecutionType' must be STANDARD or EXPRESS")


def _label(c, label, where) -> None:
    if not isinstance(label, str):
        c.add(where, "The value for the field 'Label' must be a string", "INVALID_LABEL_NAME")
        return
    bad = F.LABEL_FORBIDDEN.search(label)
    if not label or len(label) > F.MAX_LABEL or bad:
        why = (f"{len(label)} characters" if len(label) > F.MAX_LABEL else
               f"the character {bad.group()!r}" if bad else "it is empty")
        c.add(where, f"Invalid Label {label!r} ({why}): a Label has 1 to {F.MAX_LABEL} characters and no whitespace, "
                     "brackets, ? *, \" # % \\ ^ | ~ ` $ & , ; : / or control characters", "INVALID_LABEL_NAME")
    elif label in c.labels:
        c.add(where, f"Duplicate Label: {label} (also at /{'/'.join(map(str, c.labels[label]))})", "DUPLICATE_LABEL_NAME")
    else:
        c.labels[label] = where


def _item_reader(c, reader, where, lang) -> None:
    if not isinstance(reader, dict):
        c.add(where, "The value for the field 'ItemReader' must be an object")
        return
    c.unknown_fields(reader, where, F.ITEM_READER_FIELDS)
    _s3_io(c, reader, where, lang, ITEM_READERS, "arn:aws:states:::s3:getObject or arn:aws:states:::s3:listObjectsV2")
    config = reader.get("ReaderConfig")
    if config is None:
        return
    if not isinstance(config, dict):
        c.add((*where, "ReaderConfig"), "The value for the field 'ReaderConfig' must be an object")
        return
    here = (*where, "ReaderConfig")
    c.exclusive(config, here, "ReaderConfig")
    if "InputType" in config and config["InputType"] not in F.READER_INPUT_TYPES:
        c.add((*here, "InputType"), f"The value for the field 'InputType' must be one of "
                                    f"{', '.join(F.READER_INPUT_TYPES)}")
    _count(c, config, "MaxItems", here, lang, least=0, most=100_000_000)
    if lang == "JSONPath":
        _path_field(c, config, "MaxItemsPath", here)


def _item_batcher(c, batcher, where, lang) -> None:
    if not isinstance(batcher, dict):
        c.add(where, "The value for the field 'ItemBatcher' must be an object")
        return
    c.unknown_fields(batcher, where, F.ITEM_BATCHER_FIELDS)
    c.exclusive(batcher, where, "ItemBatcher")
    for key in ("MaxItemsPerBatch", "MaxInputBytesPerBatch"):
        _count(c, batcher, key, where, lang, least=1, most=100_000_000 if key == "MaxItemsPerBatch" else 262_144)
        if lang == "JSONPath":
            _path_field(c, batcher, key + "Path", where)
        elif key + "Path" in batcher:
            c.add((*where, key + "Path"), f"The field \"{key}Path\" is not supported in a JSONata state")
    if "BatchInput" in batcher:
        if lang == "JSONPath":
            c.template(batcher["BatchInput"], (*where, "BatchInput"))
        else:
            check_jsonata(batcher["BatchInput"], c.reporter((*where, "BatchInput")))


def _result_writer(c, writer, where, lang) -> None:
    if not isinstance(writer, dict):
        c.add(where, "The value for the field 'ResultWriter' must be an object")
        return
    c.unknown_fields(writer, where, F.RESULT_WRITER_FIELDS)
    if "Resource" in writer or "WriterConfig" not in writer:
        _s3_io(c, writer, where, lang, RESULT_WRITERS, "arn:aws:states:::s3:putObject")


def _s3_io(c, obj, where, lang, allowed, example) -> None:
    """The Resource and Parameters/Arguments of an ItemReader or ResultWriter."""
    if "Resource" not in obj:
        c.add(where, "The field 'Resource' is required but was missing")
    elif not is_s3_resource(obj["Resource"], allowed):
        c.add((*where, "Resource"), f"The resource provided {obj['Resource']} is not recognized here: use {example}",
              "INVALID_RESOURCE")
    if lang == "JSONPath":
        if "Arguments" in obj:
            c.add((*where, "Arguments"), "The field \"Arguments\" is supported only in JSONata states")
        if "Parameters" in obj:
            c.template(obj["Parameters"], (*where, "Parameters"))
    else:
        if "Parameters" in obj:
            c.add((*where, "Parameters"), "The field \"Parameters\" is not supported in a JSONata state")
        if "Arguments" in obj:
            check_jsonata(obj["Arguments"], c.reporter((*where, "Arguments")))
