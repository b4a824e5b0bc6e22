"""A candidate takes a short mock exam in chromium, submits it, and reviews every question."""

from __future__ import annotations

import re

from exam_setup import set_up_exam
from in_view import PLACE, assert_in_view


def test_a_candidate_takes_a_two_question_exam_and_reviews_it(page, app_url: str) -> None:
    set_up_exam(page, app_url, 2)
    page.get_by_role("button", name="Start the exam").click()
    page.get_by_role("timer").get_by_text(re.compile(r"left$")).wait_for()

    for number in (1, 2):
        page.get_by_text(f"Question {number} of 2").wait_for()
        main = page.locator('[data-testid="stMain"]')
        options = main.locator('[data-testid="stCheckbox"]').filter(has_not_text="Hide the countdown")
        main.locator('[data-testid="stRadio"]').or_(options).first.wait_for()
        if main.locator('[data-testid="stRadio"]').count():
            main.locator('[data-testid="stRadio"] [role="radiogroup"] label').first.click()
        else:  # "(Select TWO.)" or "(Select THREE.)": tick as many as it asks for
            needed = 3 if main.get_by_text("Select THREE.").count() else 2
            for box in range(needed):
                options.locator("label").nth(box).click()
        page.wait_for_timeout(500)
        if number == 1:
            page.get_by_role("button", name="Flag for review").click()
            page.get_by_role("button", name=re.compile("^Next")).click()

    page.get_by_role("button", name="Submit the exam").click()
    page.get_by_text(re.compile(r"Submit now\? 0 question\(s\) unanswered .* and 1 flagged")).wait_for()
    page.get_by_role("button", name="Yes, submit").click()

    page.get_by_text(re.compile("720 is needed")).wait_for(timeout=30_000)
    page.get_by_text("By domain and topic").wait_for()
    page.get_by_text("Review every question").wait_for()
    review = page.locator('[data-testid="stExpander"]').filter(has_text="1.").first
    review.click()
    review.get_by_text("(your answer)").first.wait_for()


def start_on_a_small_phone(page, app_url: str, questions: int) -> None:
    """Start an exam of ``questions`` on a small phone's window (less the browser's own bars)."""
    page.set_viewport_size({"width": 375, "height": 560})
    set_up_exam(page, app_url, questions)
    page.get_by_role("button", name="Start the exam").click()
    page.get_by_role("heading", name=f"Question 1 of {questions}").wait_for()


#: How far the page is scrolled.
_SCROLLED = "() => document.querySelector('[data-testid=\"stMain\"]').scrollTop"


def test_on_a_phone_next_brings_the_next_question_into_view(page, app_url: str) -> None:
    start_on_a_small_phone(page, app_url, 12)  # a question map several rows high above the question
    for number in (2, 3):
        page.get_by_role("button", name=re.compile("^Next")).scroll_into_view_if_needed()
        top, header_bottom, _ = page.evaluate(PLACE, "exam-question")
        assert top < header_bottom, "the question's heading is out of sight, above the window or under its top bar"
        page.get_by_role("button", name=re.compile("^Next")).click()
        page.get_by_role("heading", name=f"Question {number} of 12").wait_for()
        assert_in_view(page, "exam-question")
    flag = page.get_by_role("button", name="Flag for review")
    flag.scroll_into_view_if_needed()
    before = page.evaluate(_SCROLLED)
    flag.click()  # a rerun on the same question
    page.get_by_role("button", name="Remove flag").wait_for()
    page.wait_for_timeout(500)
    assert page.evaluate(_SCROLLED) == before, "the same question: the page stays where the candidate is"


def test_on_a_phone_a_map_jump_and_the_result_come_into_view(page, app_url: str) -> None:
    start_on_a_small_phone(page, app_url, 30)  # a question map taller than the window
    page.get_by_role("button", name="7", exact=True).click()  # from the map, at the top of the page
    page.get_by_role("heading", name="Question 7 of 30").wait_for()
    assert_in_view(page, "exam-question")
    page.get_by_role("button", name="Submit the exam").click()
    page.get_by_role("button", name="Yes, submit").click()  # at the bottom of the question
    page.get_by_role("heading", name="Your result").wait_for(timeout=30_000)
    assert_in_view(page, "exam-result")


def test_start_keep_answering_and_yes_submit_pressed_from_the_keyboard_leave_the_focus_on_the_page(
        page, app_url: str) -> None:
    """Each button disappears once pressed: the focus fell to the page's body, and Tab started again at its top.
    The question, "Submit the exam" (after Keep answering), or the result takes it instead."""
    set_up_exam(page, app_url, 1)
    page.get_by_role("button", name="Start the exam").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Question 1 of 1").wait_for()
    page.wait_for_function("() => document.activeElement.id === 'exam-question'")
    page.get_by_role("button", name="Submit the exam").click()
    page.get_by_role("button", name="Keep answering").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Keep answering").wait_for(state="detached")
    page.wait_for_function("() => document.activeElement.textContent.trim() === 'Submit the exam'")
    page.get_by_role("button", name="Submit the exam").click()
    page.get_by_role("button", name="Yes, submit").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Your result").wait_for(timeout=30_000)
    page.wait_for_function("() => document.activeElement.id === 'exam-result'")


def test_on_a_phone_keep_answering_leaves_the_focus_in_sight_on_submit_the_exam(page, app_url: str) -> None:
    """After Keep answering the focus went to the question's heading, above the window; it now goes back to
    "Submit the exam", which stays in sight without the page moving."""
    start_on_a_small_phone(page, app_url, 3)
    page.get_by_role("button", name="Submit the exam").click()
    keep = page.get_by_role("button", name="Keep answering")
    keep.focus()
    page.keyboard.press("Enter")
    keep.wait_for(state="detached")
    page.wait_for_function("() => document.activeElement.textContent.trim() === 'Submit the exam'")
    page.wait_for_timeout(300)
    top, bottom, bar, height = page.evaluate("""() => { const box = document.activeElement.getBoundingClientRect();
        return [box.top, box.bottom, document.querySelector('header').getBoundingClientRect().bottom,
                window.innerHeight]; }""")
    assert bar <= top and bottom <= height, (top, bottom, bar, height)
