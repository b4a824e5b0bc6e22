"""Client-side parameter checks in botocore's words: unknown, missing or wrongly typed parameters.

botocore refuses these before a request leaves the machine (``ParamValidationError``); range and pattern
checks belong to the service and live with each operation.
"""

from __future__ import annotations

import io
from typing import Any

from .errors import ParamValidationError

Shape = type | tuple[type, ...] | dict[str, "Shape"]

_BLOB = (bytes, bytearray, str, io.IOBase)


def check(params: dict[str, Any], shape: dict[str, Shape], required: tuple[str, ...] = ()) -> None:
    """Raise ParamValidationError listing every problem, as botocore does."""
    problems: list[str] = []
    _check_struct(params, shape, required, "", problems)
    if problems:
        raise ParamValidationError("Parameter validation failed:\n" + "\n".join(problems))


def _check_struct(value: Any, shape: dict[str, Shape], required: tuple[str, ...], path: str,
                  problems: list[str]) -> None:
    if not isinstance(value, dict):
        problems.append(f"Invalid type for parameter {path}, value: {value!r}, type: {type(value)}, "
                        "valid types: <class 'dict'>")
        return
    for name in required:
        if name not in value:
            problems.append(f'Missing required parameter in input: "{name}"')
    for name, member in value.items():
        if name not in shape:
            problems.append(f'Unknown parameter in input: "{name}", must be one of: {", ".join(shape)}')
            continue
        member_path = f"{path}.{name}" if path else name
        expected = shape[name]
        if isinstance(expected, dict):
            _check_struct(member, expected, (), member_path, problems)
        elif (isinstance(member, bool) and expected is int) or not isinstance(member, expected):
            problems.append(f"Invalid type for parameter {member_path}, value: {member!r}, type: {type(member)}, "
                            f"valid types: {_type_names(expected)}")


def _type_names(expected: type | tuple[type, ...]) -> str:
    types = expected if isinstance(expected, tuple) else (expected,)
    return ", ".join(f"<class '{t.__name__}'>" for t in types)


BLOB = _BLOB
