"""A learner completes the first lesson in chromium: name, wrong try, hint, solution, goal met, progress."""

from __future__ import annotations

import re

from lessons.loader import load_lessons

SVG = '[data-testid="stGraphVizChart"] svg'


def test_a_learner_completes_the_first_lesson_and_sees_it_on_the_progress_page(page, app_url: str) -> None:
    lesson = load_lessons()[0]
    page.goto(f"{app_url}/learn")
    page.wait_for_selector(SVG, state="visible", timeout=60_000)
    name = page.get_by_role("textbox", name=re.compile("Your name"))
    name.fill("Browser Learner")
    name.press("Enter")
    page.get_by_text("Browser Learner").first.wait_for()

    for number, challenge in enumerate(lesson.challenges):
        check = page.get_by_role("button", name="Check my configuration").nth(number)
        check.click()
        page.get_by_text(re.compile("Not yet|not met|still", re.IGNORECASE)).first.wait_for()
        page.get_by_role("button", name=re.compile("hint", re.IGNORECASE)).nth(number).click()
        page.get_by_text(challenge.hints[0][:40]).first.wait_for()
        page.get_by_role("button", name="Show solution").nth(number).click()
        page.wait_for_timeout(1_000)
        page.get_by_role("button", name="Check my configuration").nth(number).click()
        page.get_by_text("Goal met.").nth(number).wait_for()

    page.get_by_text("Lesson complete").wait_for()
    page.wait_for_function("""label => [...document.querySelectorAll('input[role="combobox"][aria-label="Lesson"]')]
        .some(input => input.value === label)""", arg=f"✅ {lesson.order}. {lesson.title}")  # ticked at once
    page.get_by_role("link", name=re.compile("Progress")).click()  # same session: the name is remembered
    page.get_by_text(lesson.title).first.wait_for(timeout=60_000)
    page.get_by_text("Browser Learner").first.wait_for()
