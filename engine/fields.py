"""Which fields each part of a definition may hold, as the ASL spec and the AWS developer
guide list them. Plain tables; `engine.validator` reads them.

Sources: the Amazon States Language specification (states-language.net), the developer
guide's pages on each state type ("Pass workflow state", ..., "Map state in Distributed
mode"), "Transforming data with JSONata" (which fields each query language allows) and
"Passing data between states with variables" (which states may Assign).
"""

from __future__ import annotations

import re

_COMMON = {"Type", "Comment", "QueryLanguage"}
_FLOW = {"Next", "End"}
_IO = {"InputPath", "OutputPath"}

# Every field a state of each type may have, in either query language.
STATE_FIELDS: dict[str, frozenset[str]] = {
    "Pass": frozenset(_COMMON | _FLOW | _IO | {"ResultPath", "Parameters", "Result", "Assign", "Output"}),
    "Task": frozenset(_COMMON | _FLOW | _IO | {
        "ResultPath", "Parameters", "ResultSelector", "Arguments", "Output", "Assign", "Resource",
        "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Retry", "Catch",
        "Credentials"}),
    "Choice": frozenset(_COMMON | _IO | {"Choices", "Default", "Assign", "Output"}),
    "Wait": frozenset(_COMMON | _FLOW | _IO | {"Seconds", "SecondsPath", "Timestamp", "TimestampPath", "Assign",
                                               "Output"}),
    "Succeed": frozenset(_COMMON | _IO | {"Output"}),
    "Fail": frozenset(_COMMON | {"Error", "ErrorPath", "Cause", "CausePath"}),
    "Parallel": frozenset(_COMMON | _FLOW | _IO | {
        "ResultPath", "Parameters", "ResultSelector", "Arguments", "Output", "Assign", "Branches", "Retry",
        "Catch"}),
    "Map": frozenset(_COMMON | _FLOW | _IO | {
        "ResultPath", "Parameters", "ResultSelector", "Output", "Assign", "ItemsPath", "Items", "ItemSelector",
        "ItemProcessor", "Iterator", "ItemReader", "ItemBatcher", "ResultWriter", "MaxConcurrency",
        "MaxConcurrencyPath", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath",
        "ToleratedFailureCount", "ToleratedFailureCountPath", "Label", "Retry", "Catch"}),
}
STATE_TYPES = tuple(STATE_FIELDS)

TOP_FIELDS = frozenset({"Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage"})
BRANCH_FIELDS = frozenset({"Comment", "StartAt", "States"})
PROCESSOR_FIELDS = frozenset({"Comment", "StartAt", "States", "ProcessorConfig"})
PROCESSOR_CONFIG_FIELDS = frozenset({"Mode", "ExecutionType"})
ITEM_READER_FIELDS = frozenset({"Resource", "Parameters", "Arguments", "ReaderConfig"})
ITEM_BATCHER_FIELDS = frozenset({"MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch",
                                 "MaxInputBytesPerBatchPath", "BatchInput"})
RESULT_WRITER_FIELDS = frozenset({"Resource", "Parameters", "Arguments", "WriterConfig"})
RETRIER_FIELDS = frozenset({"ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
                            "JitterStrategy", "Comment"})
CATCHER_FIELDS = frozenset({"ErrorEquals", "Next", "ResultPath", "Assign", "Output", "Comment"})
CREDENTIALS_FIELDS = frozenset({"RoleArn", "RoleArn.$"})
JSONATA_RULE_FIELDS = frozenset({"Condition", "Next", "Comment", "Assign", "Output"})

# Fields of one query language only (anywhere they appear).
JSONPATH_ONLY = frozenset({
    "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector", "Result", "ItemsPath", "Iterator",
    "SecondsPath", "TimestampPath", "ErrorPath", "CausePath", "TimeoutSecondsPath", "HeartbeatSecondsPath",
    "MaxConcurrencyPath", "ToleratedFailurePercentagePath", "ToleratedFailureCountPath", "MaxItemsPerBatchPath",
    "MaxInputBytesPerBatchPath", "MaxItemsPath", "RoleArn.$"})
JSONATA_ONLY = frozenset({"Arguments", "Output", "Items", "Condition"})

# Pairs a scope may hold only one of ("x" and "xPath").
EXCLUSIVE: tuple[tuple[str, str], ...] = (
    ("TimeoutSeconds", "TimeoutSecondsPath"),
    ("HeartbeatSeconds", "HeartbeatSecondsPath"),
    ("MaxConcurrency", "MaxConcurrencyPath"),
    ("ToleratedFailureCount", "ToleratedFailureCountPath"),
    ("ToleratedFailurePercentage", "ToleratedFailurePercentagePath"),
    ("MaxItemsPerBatch", "MaxItemsPerBatchPath"),
    ("MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"),
    ("MaxItems", "MaxItemsPath"),
    ("Error", "ErrorPath"),
    ("Cause", "CausePath"),
    ("ItemsPath", "Items"),
    ("ItemSelector", "Parameters"),
    ("ItemProcessor", "Iterator"),
    ("RoleArn", "RoleArn.$"),
)

QUERY_LANGUAGES = ("JSONPath", "JSONata")
PROCESSOR_MODES = ("INLINE", "DISTRIBUTED")
EXECUTION_TYPES = ("STANDARD", "EXPRESS")
JITTER_STRATEGIES = ("FULL", "NONE")
READER_INPUT_TYPES = ("CSV", "JSON", "JSONL", "PARQUET", "MANIFEST")

MAX_SECONDS = 99_999_999  # TimeoutSeconds, HeartbeatSeconds, IntervalSeconds, MaxAttempts, Wait Seconds
MAX_STATE_NAME = 80
MAX_LABEL = 40
EXPRESS_LIMIT_SECONDS = 300  # an Express execution runs at most five minutes

# A Map Label may not hold whitespace, brackets < > { } [ ], wildcards ? *, the characters
# " # % \ ^ | ~ ` $ & , ; : / or control characters (U+0000-001F, U+007F-009F).
LABEL_FORBIDDEN = re.compile(r"[\s<>{}\[\]?*\"#%\\^|~`$&,;:/\x00-\x1f\x7f-\x9f]")
RESERVED_VARIABLES = frozenset({"states"})
