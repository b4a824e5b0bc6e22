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


def test_on_a_laptop_a_challenges_diagram_is_drawn_as_large_as_a_sections(page, app_url: str) -> None:
    """Beside the builder, a challenge's diagram was squeezed into two thirds of the lesson: 9 px labels."""
    lesson = load_lessons()[0]
    diagrams = sum(section.scenario is not None for section in lesson.sections) + len(lesson.challenges)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{app_url}/learn")
    page.wait_for_function(f"""() => document.querySelectorAll('{SVG} text').length > 0
        && document.querySelectorAll('{SVG}').length === {diagrams}""", timeout=60_000)
    page.wait_for_timeout(500)  # the layout settles a few frames after the drawings
    sizes = page.evaluate(f"""() => [...document.querySelectorAll('{SVG}')].map(svg => {{
        const text = svg.querySelector('text');
        return text.getScreenCTM().a * parseFloat(getComputedStyle(text).fontSize); }})""")
    assert min(sizes) >= 11 and min(sizes) >= 0.9 * max(sizes), sizes
