"""Reading the question bank: TOML files in, validated ``Question`` values out, or errors an author can act on.

Every error names the file and the field as a path through it
(``quizzes/bank/retries.toml: questions[3].options[1].misconception: ...``). The whole bank is checked
before anything is reported, so an author sees every problem at once. A question id is unique across the
bank, and every misconception tag must be described in ``misconceptions.toml`` next to the bank folder.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

# The lesson loader already turns pydantic's locations into file paths an author can read; one mechanism.
from lessons.loader import describe_errors, display_path
from quizzes.model import Question, QuestionFile

BANK_DIR = Path(__file__).parent / "bank"


class BankError(ValueError):
    """The bank cannot be used; ``problems`` holds one ``file: field.path: message`` line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def load_bank(directory: Path | str | None = None) -> list[Question]:
    """Every question in ``directory/*.toml`` (default ``quizzes/bank``), in file order.

    Misconception tags are checked against ``misconceptions.toml`` in the folder above ``directory``.
    """
    return list(_load_bank(Path(directory or BANK_DIR).resolve()))


def load_misconceptions(directory: Path | str | None = None) -> dict[str, str]:
    """The ``[misconceptions]`` table beside the bank folder: tag -> what the learner wrongly believes."""
    return dict(_load_misconceptions(Path(directory or BANK_DIR).resolve().parent / "misconceptions.toml"))


@lru_cache(maxsize=8)
def _load_bank(directory: Path) -> tuple[Question, ...]:
    # Questions are frozen models, so one parsed tuple is shared safely by every session and thread;
    # an edited bank shows after the app restarts.
    if not directory.is_dir():
        raise BankError([f"{display_path(directory)}: the question bank folder does not exist"])
    misconceptions = _load_misconceptions(directory.parent / "misconceptions.toml")
    problems: list[str] = []
    questions: list[Question] = []
    first_seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.toml")):
        name = display_path(path)
        try:
            data = _read_toml(path)
            loaded = QuestionFile.model_validate(data).questions
        except BankError as error:
            problems += error.problems
            continue
        except ValidationError as error:
            problems += [f"{name}: {line}" for line in describe_errors(error, data)]
            continue
        for index, question in enumerate(loaded):
            where = f"{name}: questions[{index}]"
            if question.id in first_seen:
                problems.append(f"{where}.id: {question.id!r} is already used by {first_seen[question.id]}; "
                                "every question needs its own id")
            first_seen.setdefault(question.id, where.replace(": ", " "))
            problems += [f"{where}.options[{number}].misconception: unknown misconception {option.misconception!r}"
                         f" (describe it in {display_path(directory.parent / 'misconceptions.toml')})"
                         for number, option in enumerate(question.options)
                         if option.misconception is not None and option.misconception not in misconceptions]
        questions += loaded
    if problems:
        raise BankError(problems)
    return tuple(questions)


@lru_cache(maxsize=8)
def _load_misconceptions(path: Path) -> dict[str, str]:
    data = _read_toml(path)
    table = data.get("misconceptions")
    name = display_path(path)
    if not isinstance(table, dict):
        raise BankError([f"{name}: misconceptions: a [misconceptions] table of tag = \"description\" is required"])
    wrong = [f"{name}: misconceptions.{tag}: the description must be non-empty text"
             for tag, text in table.items() if not isinstance(text, str) or not text.strip()]
    if wrong:
        raise BankError(wrong)
    return table


def _read_toml(path: Path) -> dict[str, Any]:
    name = display_path(path)
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise BankError([f"{name}: TOML syntax error: {error}"]) from None
    except UnicodeDecodeError:
        raise BankError([f"{name}: the file is not UTF-8 text"]) from None
    except OSError as error:
        raise BankError([f"{name}: cannot be read ({error.strerror})"]) from None
