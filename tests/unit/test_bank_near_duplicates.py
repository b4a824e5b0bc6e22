"""No two questions of the hand-written bank are near-duplicates, so a learner never meets the same question twice.

Two questions are near-duplicates when knowing the answer to one gives the other away. Word overlap cannot judge that
on its own, but it catches the usual symptoms in the words a learner reads:

- **Stems**: the share of content words two stems have in common (Jaccard).
- **Option sets**: how closely the options correspond one to one. An option is compared only with the options of the
  other question that play the same part (the keyed answer, or a distractor naming the same misconception tag), on
  its text and explanation together; each option keeps its best counterpart, and the score is the mean over both
  questions' options. Two questions that test the same fact with the same traps score high even when their stems are
  worded differently.

The thresholds were set on this bank. The five pairs a review found through their option sets scored 0.271 to 0.340
before one question of each was rewritten; the closest pairs kept, because they test different facts, score at most
0.250 on option sets and 0.36 on stems. A paraphrase with other traps can still pass (a sixth pair was found only by
reading), so new questions still need a reader. A question that trips a threshold should test another fact or
another angle, under a new id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from itertools import combinations

import pytest

from quizzes.bank import load_bank
from quizzes.model import Option, Question

STEM_THRESHOLD = 0.45
OPTION_SET_THRESHOLD = 0.26

_STOP_WORDS = frozenset({
    "a", "an", "the", "of", "to", "and", "or", "in", "on", "for", "is", "it", "its", "be", "that", "this", "with",
    "as", "by", "which", "what", "at", "from", "does", "do", "are", "not", "no", "can", "will", "when", "should",
    "so", "if", "than", "then", "there", "their", "they", "them", "these", "those", "was", "were", "has", "have",
    "had", "been", "but", "all", "any", "each", "only", "also", "into", "about", "after", "before", "more", "most",
    "one", "two", "three",
})


def content_words(text: str) -> frozenset[str]:
    """Lower-case words without stop words, with a plural or -ed/-ing ending cut off (retries ~ retried)."""
    words = set()
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if word in _STOP_WORDS:
            continue
        for ending in ("ing", "ed", "es", "s"):
            if len(word) > 4 and word.endswith(ending):
                word = word[: -len(ending)]
                break
        words.add(word)
    return frozenset(words)


def jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    return len(first & second) / len(first | second) if first or second else 0.0


def stem_similarity(first: Question, second: Question) -> float:
    return jaccard(content_words(first.stem), content_words(second.stem))


def _part(option: Option) -> str:
    """What an option stands for in its question: the keyed answer, or the misconception it embodies."""
    return "answer" if option.correct else f"misconception:{option.misconception}"


@cache
def _option_words(option: Option) -> frozenset[str]:
    return content_words(f"{option.text} {option.explanation}")


def option_set_similarity(first: Question, second: Question) -> float:
    """How closely the options of two questions correspond, each option against its best same-part counterpart."""

    def one_way(options: Iterable[Option], others: list[Option]) -> list[float]:
        return [max((jaccard(_option_words(option), _option_words(other))
                     for other in others if _part(other) == _part(option)), default=0.0)
                for option in options]

    best = one_way(first.options, second.options) + one_way(second.options, first.options)
    return sum(best) / len(best)


def near_duplicates(questions: list[Question]) -> list[str]:
    """One line per pair over a threshold, naming both ids and both scores."""
    found = []
    for first, second in combinations(questions, 2):
        stems, options = stem_similarity(first, second), option_set_similarity(first, second)
        if stems >= STEM_THRESHOLD or options >= OPTION_SET_THRESHOLD:
            found.append(f"{first.id} / {second.id}: stems {stems:.2f} (limit {STEM_THRESHOLD}), "
                         f"option sets {options:.3f} (limit {OPTION_SET_THRESHOLD})")
    return found


def test_no_two_bank_questions_are_near_duplicates() -> None:
    found = near_duplicates(load_bank())
    assert not found, "near-duplicate questions (rewrite one of each pair, with a new id):\n" + "\n".join(found)


@pytest.mark.parametrize("field", ["stem", "options"])
def test_a_lightly_reworded_copy_of_a_bank_question_counts_as_a_near_duplicate(field: str) -> None:
    """The measure itself works: rewording a few words of a stem, or of every option, does not hide a copy."""
    bank = load_bank()
    original, unrelated = bank[0], bank[-1]
    assert near_duplicates([original, unrelated]) == []
    if field == "stem":
        copy = original.model_copy(update={"id": "reworded-copy", "options": unrelated.options,
                                           "stem": f"In a new project, {original.stem} Choose the best answer."})
        assert stem_similarity(original, copy) >= STEM_THRESHOLD
    else:
        reworded = [option.model_copy(update={"text": f"{option.text} (as the team proposes)"})
                    for option in original.options]
        copy = original.model_copy(update={"id": "reworded-copy", "stem": unrelated.stem, "options": reworded})
        assert option_set_similarity(original, copy) >= OPTION_SET_THRESHOLD
    [line] = near_duplicates([original, copy])
    assert line.startswith(f"{original.id} / reworded-copy: ")
