"""A control pressed from the keyboard that the rerun removes hands the keyboard's focus on (``ui.every_page``).

The focus fell to the page's body: no ring, nothing for a screen reader to say, and in some browsers the next
Tab went back to the top of the page. Focus taken by the question or the result (``ui.keep_in_view``) is
tested with the Practice and Exam pages.
"""

from __future__ import annotations

import re

from exam_setup import set_up_exam
from in_view import assert_in_view
from playwright.sync_api import Error as PlaywrightError

SIDEBAR = '[data-testid="stSidebar"]'
#: What has the focus: its tag, its name, and whether it is in the sidebar.
_FOCUSED = """() => { const a = document.activeElement;
    return [a.tagName, (a.getAttribute('aria-label') || (a.labels && a.labels[0] ? a.labels[0].textContent
            : a.textContent)).trim().slice(0, 80), !!a.closest('[data-testid="stSidebar"]')]; }"""


def _press(page, control) -> None:
    """Enter on the control, and wait for the rerun to remove that very element."""
    element = control.element_handle()
    element.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("element => !element.isConnected", arg=element)


def _focus_moves_to(page, tag: str, name: str, in_sidebar: bool) -> None:
    try:
        page.wait_for_function(f"() => ({_FOCUSED})().join('|') === "
                               f"{'|'.join([tag, name, str(in_sidebar).lower()])!r}", timeout=10_000)
    except PlaywrightError:
        raise AssertionError(f"the focus is on {page.evaluate(_FOCUSED)}, not on {[tag, name, in_sidebar]}") from None


def test_the_sample_event_button_hands_the_focus_to_the_next_field_but_a_click_leaves_it_be(page, app_url) -> None:
    page.goto(f"{app_url}/lab")
    page.locator('[data-testid="stGraphVizChart"] svg').wait_for(timeout=60_000)
    sidebar = page.locator(SIDEBAR)
    sidebar.get_by_text("Events", exact=True).click()
    payload = sidebar.get_by_label("Event payload (JSON)")
    sample = sidebar.get_by_role("button", name="Use the trigger's sample event")
    payload.fill('{"orderId": 1}')
    payload.press("Control+Enter")
    _press(page, sample)
    _focus_moves_to(page, "INPUT", "Events to send", True)

    payload.fill('{"orderId": 2}')
    payload.press("Control+Enter")
    sample.click()  # a pointer: a field given the focus would open a phone's on-screen keyboard
    sample.wait_for(state="detached")
    page.wait_for_timeout(1000)
    assert page.evaluate(_FOCUSED)[0] == "BODY"


def test_the_name_field_and_change_name_hand_the_focus_to_each_other_and_hints_to_the_next(page, app_url) -> None:
    page.goto(f"{app_url}/learn")
    page.get_by_role("heading", name="Challenges").wait_for(timeout=60_000)
    sidebar = page.locator(SIDEBAR)
    name = sidebar.get_by_role("textbox", name=re.compile("Your name"))
    name.fill("Keyboard Learner")
    name.press("Enter")
    name.wait_for(state="detached")
    _focus_moves_to(page, "BUTTON", "Change name", True)
    _press(page, sidebar.get_by_role("button", name="Change name"))
    _focus_moves_to(page, "INPUT", "Your name (keeps your progress on this computer)", True)

    # Each hint's button keeps the focus as its count goes down; the last one gives way to "Show solution".
    hint = page.get_by_role("button", name=re.compile(r"^Show a hint")).first
    hint.focus()
    while (label := hint.inner_text()) != "Show a hint (1 left)":
        left = int(re.search(r"\((\d+) left\)", label).group(1))
        page.keyboard.press("Enter")
        _focus_moves_to(page, "BUTTON", f"Show a hint ({left - 1} left)", False)
    _press(page, hint)
    _focus_moves_to(page, "BUTTON", "Show solution", False)


def test_take_another_exam_hands_the_focus_to_the_new_exams_set_up(page, app_url: str) -> None:
    set_up_exam(page, app_url, 1)
    page.get_by_role("button", name="Start the exam").click()
    page.get_by_role("button", name="Submit the exam").click()
    page.get_by_role("button", name="Yes, submit").click()
    again = page.get_by_role("button", name="Take another exam")
    again.wait_for(timeout=30_000)
    _press(page, again)
    _focus_moves_to(page, "BUTTON", "Start the exam", False)


def test_a_second_challenges_back_button_keeps_the_focus_in_its_own_challenge_and_a_click_moves_nothing(
        page, app_url: str) -> None:
    """Both challenges showed "Back to my configuration": pressing the second's sent the focus, and the page,
    3,500 px up to the first's, as if it were the same button drawn anew."""
    page.goto(f"{app_url}/learn")
    page.get_by_role("heading", name="Challenges").wait_for(timeout=60_000)
    for number in (0, 1):
        page.get_by_role("button", name="Show solution").nth(number).click()
        page.get_by_role("button", name="Back to my configuration").nth(number).wait_for()
    second = page.get_by_role("button", name="Back to my configuration").nth(1)
    second_top = second.evaluate("button => button.getBoundingClientRect().top")
    _press(page, second)
    page.wait_for_timeout(1000)
    tag, _, in_sidebar = page.evaluate(_FOCUSED)
    assert tag != "BODY" and not in_sidebar
    first = page.get_by_role("button", name="Back to my configuration")
    assert not first.evaluate("button => button === document.activeElement"), "the first challenge's button"
    assert abs(page.evaluate("() => document.activeElement.getBoundingClientRect().top") - second_top) < 720

    page.get_by_role("button", name="Show solution").nth(1).click()
    again = page.get_by_role("button", name="Back to my configuration").nth(1)
    again.scroll_into_view_if_needed()
    scrolled = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop")
    again.click()
    page.wait_for_function("() => document.querySelectorAll('button').length && ![...document.querySelectorAll("
                           "'button')].filter(b => b.textContent === 'Back to my configuration').slice(1).length")
    page.wait_for_timeout(1000)
    assert page.evaluate(_FOCUSED)[0] == "BODY"
    assert abs(page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop") - scrolled) < 400


def test_after_a_click_a_later_key_press_and_page_change_never_move_the_focus(page, app_url: str) -> None:
    page.goto(f"{app_url}/lab")
    page.locator('[data-testid="stGraphVizChart"] svg').wait_for(timeout=60_000)
    sidebar = page.locator(SIDEBAR)
    sidebar.get_by_text("Events", exact=True).click()
    payload = sidebar.get_by_label("Event payload (JSON)")
    payload.fill('{"orderId": 3}')
    payload.press("Control+Enter")
    sample = sidebar.get_by_role("button", name="Use the trigger's sample event")
    sample.click()
    sample.wait_for(state="detached")
    page.wait_for_timeout(1000)
    page.keyboard.press("PageDown")
    # Any change on the page afterwards, such as a tooltip's, whose nodes a hover adds
    page.evaluate("() => document.body.append(document.createElement('div'))")
    page.wait_for_timeout(1000)
    assert page.evaluate(_FOCUSED)[0] == "BODY"


def test_opening_and_closing_the_sidebar_on_a_phone_hands_the_focus_to_the_other_button(page, app_url) -> None:
    """Streamlit's buttons hide themselves once pressed: the focus fell to the body, and Tab went on behind the
    open sidebar."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_url}/practice")
    page.get_by_role("button", name="Submit").wait_for(timeout=60_000)
    page.locator('[data-testid="stExpandSidebarButton"]').focus()
    page.keyboard.press("Enter")
    _focus_moves_to(page, "BUTTON", "Collapse sidebar", True)
    page.keyboard.press("Tab")  # on into the open sidebar, not behind it
    assert page.evaluate(_FOCUSED)[2], page.evaluate(_FOCUSED)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    _focus_moves_to(page, "BUTTON", "Expand sidebar", False)


def test_a_redrawn_button_takes_the_focus_back_without_scrolling_the_new_question_away(page, app_url) -> None:
    """On a phone, after Next, the new question was scrolled into view (ui.keep_in_view) and then, when Next was
    redrawn a moment later, focusing it scrolled the page back down to the button."""
    page.set_viewport_size({"width": 375, "height": 560})
    set_up_exam(page, app_url, 12)  # a question map several rows high above the question
    page.get_by_role("button", name="Start the exam").click()
    page.get_by_role("heading", name="Question 1 of 12").wait_for()
    page.get_by_role("button", name=re.compile("^Next")).focus()
    page.evaluate("""() => {
        document.getElementById('exam-question').scrollIntoView({block: 'start'});  // as keep_in_view does
        const next = document.activeElement;
        next.replaceWith(next.cloneNode(true));  // the rerun draws the button anew
    }""")
    _focus_moves_to(page, "BUTTON", "Next ▶", False)
    page.wait_for_timeout(300)
    assert_in_view(page, "exam-question")

