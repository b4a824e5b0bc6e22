"""Reading saved mock exams back: the history table's rows and each exam's breakdown.

A saved exam is the JSON that ``ExamResult.to_dict`` wrote, or whatever JSON object an imported progress
file held for it (another version of the app, or a hand-edited file). So every reader here is lenient: a
missing or malformed field shows as empty, and an area this version does not know is left out, never a
traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quizzes.exam import clock_text
from quizzes.grading import Breakdown
from quizzes.model import DOMAINS, TOPICS


def history_row(saved: Mapping[str, Any]) -> dict[str, Any]:
    """One row of an exam history table: when, the scaled score, pass or not, and how many were right."""
    submitted, score, passed = saved.get("submitted_at"), saved.get("score"), saved.get("passed")
    correct, total = saved.get("correct"), saved.get("total")
    return {
        "Submitted": submitted[:16].replace("T", " ") if isinstance(submitted, str) else None,
        "Score": score if _count(score) else None,
        "Result": "Pass" if passed is True else "Not yet" if passed is False else None,
        "Right": f"{correct} / {total}" if _count(correct) and _count(total) else None,
    }


def saved_breakdown(saved: Mapping[str, Any]) -> Breakdown:
    """The saved ``(correct, total)`` per exam domain and per topic, in the order the result page uses."""
    domains = {int(key): tally for key, tally in _tallies(saved.get("domains")).items()
               if key.isascii() and key.isdigit() and int(key) in DOMAINS}
    topics = _tallies(saved.get("topics"))
    return Breakdown(domains=dict(sorted(domains.items())),
                     topics={topic: topics[topic] for topic in TOPICS if topic in topics})


def time_used(saved: Mapping[str, Any]) -> str | None:
    """``"12:05 of 40:00"``, as the result page writes times (and whether the time ran out), or None."""
    used, allowed = saved.get("seconds_used"), saved.get("seconds_allowed")
    if not (_count(used) and _count(allowed)):
        return None
    text = f"{clock_text(used)} of {clock_text(allowed)}"
    return text + " (the time ran out)" if saved.get("timed_out") is True else text


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _tallies(value: object) -> dict[str, tuple[int, int]]:
    """``{"area": [correct, total]}`` as saved, keeping only well-formed entries."""
    if not isinstance(value, Mapping):
        return {}
    return {str(key): (tally[0], tally[1]) for key, tally in value.items()
            if isinstance(tally, list) and len(tally) == 2 and all(_count(n) for n in tally)}
