"""Reading the lesson files: TOML in, validated ``Lesson`` values out, or an error a teacher can act on.

Every error names the file and, for a schema problem, the field as a path through the file
(``challenges[0].checks[1].kind``), so a teacher can fix a lesson without reading Python.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from lessons.model import Lesson

CONTENT_DIR = Path(__file__).parent / "content"
_PROJECT_ROOT = Path(__file__).resolve().parent.parent


class LessonFileError(ValueError):
    """A lesson file that cannot be used; the message names the file and what is wrong in it."""


def load_lessons(directory: Path | None = None) -> list[Lesson]:
    """Every ``*.toml`` lesson in ``directory`` (default ``lessons/content``), sorted by ``order``."""
    return list(_load_directory(Path(directory or CONTENT_DIR).resolve()))


@lru_cache(maxsize=8)
def _load_directory(directory: Path) -> tuple[Lesson, ...]:
    # Lessons are frozen models, so one parsed tuple is shared safely by every session and thread;
    # an edited lesson shows after the app restarts.
    if not directory.is_dir():
        raise LessonFileError(f"{display_path(directory)}: the lesson folder does not exist")
    lessons: list[Lesson] = []
    ids: dict[str, Path] = {}
    orders: dict[int, Path] = {}
    for path in sorted(directory.glob("*.toml")):
        lesson = load_lesson(path)
        for what, value, seen in (("id", lesson.id, ids), ("order", lesson.order, orders)):
            if value in seen:
                raise LessonFileError(f"{display_path(path)}: {what}: {value!r} is already used by "
                                      f"{display_path(seen[value])}; every lesson needs its own {what}")
            seen[value] = path
        lessons.append(lesson)
    return tuple(sorted(lessons, key=lambda lesson: lesson.order))


def load_lesson(path: Path) -> Lesson:
    """One lesson file, validated."""
    name = display_path(path)
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise LessonFileError(f"{name}: TOML syntax error: {error}") from None
    except UnicodeDecodeError:
        raise LessonFileError(f"{name}: the file is not UTF-8 text") from None
    except OSError as error:
        raise LessonFileError(f"{name}: cannot be read ({error.strerror})") from None
    try:
        return Lesson.model_validate(data)
    except ValidationError as error:
        raise LessonFileError("\n".join(f"{name}: {line}" for line in describe_errors(error, data))) from None


def describe_errors(error: ValidationError, data: Any) -> list[str]:
    """One ``field.path[0]: message`` line per problem pydantic found in ``data``."""
    lines = []
    for problem in error.errors(include_url=False):
        path = field_path(problem["loc"], data)
        message = problem["msg"].removeprefix("Value error, ")
        context = problem.get("ctx") or {}
        if problem["type"] in ("union_tag_invalid", "union_tag_not_found"):
            # A check's "kind" picks its shape: say which kinds exist rather than pydantic's tag jargon.
            path = f"{path}.{context['discriminator'].strip(chr(39))}" if path else "kind"
            message = ("Field required" if problem["type"] == "union_tag_not_found"
                       else f"Input should be {context['expected_tags']} (got {context['tag']!r})")
        lines.append(f"{path or '(top level)'}: {message}")
    return lines


def field_path(loc: tuple[int | str, ...], data: Any) -> str:
    """``('challenges', 0, 'checks', 1, 'condition', 'value')`` as ``challenges[0].checks[1].value``.

    Walks the input alongside the location, so the names pydantic inserts for a union member
    (``condition`` above, which is not in the file) are left out.
    """
    path = ""
    for index, part in enumerate(loc):
        if isinstance(part, int):
            path += f"[{part}]"
            data = data[part] if isinstance(data, list) and part < len(data) else None
            continue
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif index < len(loc) - 1:
            continue  # a union member's name, not a key of the file
        path += f".{part}" if path else part
    return path


def display_path(path: Path) -> str:
    """The path as a teacher knows it: relative to the project when inside it."""
    try:
        return str(path.resolve().relative_to(_PROJECT_ROOT))
    except ValueError:
        return str(path)
