"""A candidate takes a short mock exam in chromium, submits it, and reviews every question."""

from __future__ import annotations

import re


def test_a_candidate_takes_a_two_question_exam_and_reviews_it(page, app_url: str) -> None:
    page.goto(f"{app_url}/exam")
    count = page.get_by_role("spinbutton", name="Number of questions")
    count.wait_for(timeout=60_000)
    count.fill("2")
    count.press("Enter")
    page.get_by_text("Time allowed: 4 minutes.").wait_for()
    page.get_by_role("button", name="Start the exam").click()
    page.get_by_role("heading", name=re.compile(r"left$")).wait_for()

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
