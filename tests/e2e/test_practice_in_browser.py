"""What only a browser shows on the Practice page: how the options read once an answer is submitted."""

from __future__ import annotations

import re

from in_view import assert_in_view
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

#: The colour of every option's text, as the browser draws it.
_OPTION_COLOURS = """() => [...document.querySelectorAll('[role="radiogroup"][aria-label="Your answer"] label')]
    .map(label => getComputedStyle(label.querySelector('p') || label).color)"""


def test_submitted_options_stay_as_readable_as_the_rest_of_the_page(page, app_url: str) -> None:
    page.goto(f"{app_url}/practice")
    submit = page.get_by_role("button", name="Submit")
    submit.wait_for(timeout=60_000)
    page.get_by_role("radiogroup", name="Your answer").get_by_role("radio").first.check(force=True)
    submit.click()
    page.get_by_text("Next question").wait_for()
    try:  # the page's style arrives with the rerun's other elements: wait for the browser to apply it
        page.wait_for_function(f"""() => {{ const colours = ({_OPTION_COLOURS})();
            return colours.length >= 3 && colours.every(colour => colour.startsWith('rgb(')); }}""", timeout=10_000)
    except PlaywrightTimeoutError:
        raise AssertionError(f"locked options drawn faded: {page.evaluate(_OPTION_COLOURS)}") from None


def test_the_next_question_is_brought_into_view_after_a_long_explanation(page, app_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_url}/practice")
    submit = page.get_by_role("button", name="Submit")
    submit.wait_for(timeout=60_000)
    first = page.evaluate("() => document.getElementById('practice-question').dataset.question")
    page.get_by_role("radiogroup", name="Your answer").get_by_role("radio").first.check(force=True)
    submit.click()
    following = page.get_by_role("button", name="Next question")
    following.scroll_into_view_if_needed()
    following.click()
    page.wait_for_function(f"() => document.getElementById('practice-question').dataset.question !== '{first}'")
    assert_in_view(page, "practice-question")


def test_a_button_pressed_from_the_keyboard_that_goes_away_hands_the_focus_to_the_verdict_then_the_question(
        page, app_url: str) -> None:
    """Submit and Next question disappear once pressed: the focus fell to the page, and the next Tab started
    again at the top of the page, above the page links. After Submit the verdict takes it, so a screen reader
    says "Correct." or "Incorrect." (it had said the question's number again); after Next, the new question."""
    page.goto(f"{app_url}/practice")
    submit = page.get_by_role("button", name="Submit")
    submit.wait_for(timeout=60_000)
    page.get_by_role("radiogroup", name="Your answer").get_by_role("radio").first.check(force=True)
    page.get_by_role("button", name="Submit", disabled=False).wait_for()  # enabled once an answer is chosen
    submit.focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Next question").wait_for()
    page.wait_for_function("() => /^✅Correct\\.|^❌Incorrect\\./.test(document.activeElement.textContent)")
    page.keyboard.press("Tab")  # on from the verdict, not from the top of the page
    assert page.evaluate("() => !!document.activeElement.closest('[data-testid=\"stMain\"]')")
    first = page.evaluate("() => document.getElementById('practice-question').dataset.question")
    page.get_by_role("button", name="Next question").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.getElementById('practice-question').dataset.question !== '{first}'")
    page.wait_for_function("() => document.activeElement.id === 'practice-question'")


def test_a_link_to_practice_or_the_name_field_never_hands_the_focus_to_the_question(page, app_url: str) -> None:
    """The link from Home, and the sidebar's name field once a name is entered, go away too: the focus they had is
    the browser's to place, not moved into the middle of the page."""
    page.goto(app_url)
    link = page.get_by_role("link", name=re.compile("Practice: exam-style questions"))
    link.focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Submit").wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    assert page.evaluate("() => document.activeElement.id") != "practice-question"
    name = page.locator('[data-testid="stSidebar"] input[type=text]')
    name.fill("Ana")
    name.press("Enter")
    page.locator('[data-testid="stSidebar"]').get_by_text("Ana").first.wait_for()
    page.wait_for_timeout(1000)
    assert page.evaluate("() => !document.activeElement.closest('[data-testid=\"stMain\"]')")


#: Where the focused control and the question line are: their tops and the top bar's bottom.
_FOCUS_AND_QUESTION = """() => [document.activeElement.getBoundingClientRect().top,
    document.getElementById('practice-question').getBoundingClientRect().top,
    document.querySelector('header').getBoundingClientRect().bottom]"""


def test_a_filter_changed_from_the_keyboard_stays_in_sight_above_the_question(page, app_url: str) -> None:
    """Choosing "By domain" with the arrow keys brought the question line to the top, and the focused choice,
    just above it, went under the top bar (1280 x 720) or off the screen (a phone)."""
    for width, height in ((1280, 720), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{app_url}/practice")
        page.get_by_role("button", name="Submit").wait_for(timeout=60_000)
        page.get_by_role("radio", name="By topic").focus()
        page.keyboard.press("ArrowRight")
        page.get_by_label("Exam domain").wait_for()
        page.wait_for_timeout(1_000)  # the scroll follows the rerun
        focused_top, question_top, bar_bottom = page.evaluate(_FOCUS_AND_QUESTION)
        assert page.get_by_role("radio", name="By domain").evaluate("radio => radio === document.activeElement")
        assert bar_bottom <= focused_top < question_top < height * 0.6, (width, focused_top, question_top, bar_bottom)
