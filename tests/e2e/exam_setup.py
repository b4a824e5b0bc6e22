"""The Exam page's set-up, filled in as a candidate does: shared by the browser tests that take an exam."""

from __future__ import annotations


def set_up_exam(page, app_url: str, questions: int) -> None:
    """Open the Exam page and ask for ``questions`` questions; Start is left to the test (clicked or keyed)."""
    page.goto(f"{app_url}/exam")
    count = page.get_by_role("spinbutton", name="Number of questions")
    count.wait_for(timeout=60_000)
    count.fill(str(questions))
    count.press("Enter")
    page.get_by_text(f"Time allowed: {2 * questions} minutes.").wait_for()
