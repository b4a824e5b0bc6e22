"""What every page shares, as a browser shows it: a title of its own and readable captions."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from exam_setup import set_up_exam

PAGES = {"": "Home", "learn": "Learn", "lab": "Lab", "practice": "Practice", "exam": "Exam", "progress": "Progress"}

#: The contrast of the first caption's text against the white page, its opacity included (WCAG's formula).
_CAPTION_CONTRAST = """() => {
    const caption = document.querySelector('[data-testid="stCaptionContainer"]');
    const alpha = parseFloat(getComputedStyle(caption).opacity);
    const rgb = getComputedStyle(caption).color.match(/\\d+/g).slice(0, 3).map(Number)
        .map(c => alpha * c + (1 - alpha) * 255);
    const lin = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    const luminance = 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
    return 1.05 / (luminance + 0.05);
}"""


@pytest.mark.parametrize(("path", "title"), PAGES.items())
def test_each_page_has_a_title_of_its_own(page, app_url: str, path: str, title: str) -> None:
    """WCAG 2.4.2: the tab, the history and a screen reader tell the pages apart."""
    page.goto(f"{app_url}/{path}")
    page.wait_for_function("title => document.title === title", arg=f"{title} · Lambda Destinations Lab",
                           timeout=60_000)


def test_captions_are_dark_enough_to_read_at_4_5_to_1(page, app_url: str) -> None:
    """Streamlit draws captions at 60 % opacity, 3.9:1 on white; WCAG 1.4.3 asks 4.5:1 of text."""
    page.goto(f"{app_url}/lab")
    page.locator('[data-testid="stCaptionContainer"]').first.wait_for(timeout=60_000)
    # The page's style arrives with the first rerun's messages, a moment after the first elements may show.
    page.wait_for_function(f"() => ({_CAPTION_CONTRAST})() >= 4.5", timeout=10_000)


#: The lowest contrast of a highlighted JSON token in the payload against its code block's background.
_LOWEST_TOKEN_CONTRAST = """() => {
    const rgb = text => text.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const lin = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    const luminance = ([r, g, b]) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    const tokens = [...document.querySelectorAll('pre code .token')];
    if (!tokens.length) return 0;
    return Math.min(...tokens.map(token => {
        const back = luminance(rgb(getComputedStyle(token.closest('pre')).backgroundColor));
        const fore = luminance(rgb(getComputedStyle(token).color));
        return (Math.max(back, fore) + 0.05) / (Math.min(back, fore) + 0.05);
    }));
}"""


def test_the_payloads_json_highlighting_is_dark_enough_to_read_at_4_5_to_1(page, app_url: str) -> None:
    """Streamlit's highlighting drew keys, strings and numbers at 2.5-2.8:1 on the code block's grey."""
    page.goto(f"{app_url}/lab")
    page.locator("pre code .token").first.wait_for(timeout=60_000)
    page.wait_for_function(f"() => ({_LOWEST_TOKEN_CONTRAST})() >= 4.5", timeout=10_000)


def test_a_typed_name_with_an_address_in_it_shows_as_text_not_as_a_link(page, app_url: str) -> None:
    page.goto(f"{app_url}/practice")
    name = page.get_by_role("textbox", name="Your name (keeps your progress on this computer)")
    name.wait_for(timeout=60_000)
    name.fill("Bo [x](http://evil) www.evil.com")
    name.press("Enter")
    saved = page.locator('[data-testid="stSidebar"]').get_by_text("Progress is saved for")
    saved.wait_for()
    assert saved.locator("a").count() == 0
    assert "[x](http" in saved.inner_text() and "\\" not in saved.inner_text()
    page.get_by_role("button", name="Change name").click()  # leave the shared browser session unnamed


_SIDEBAR = '[data-testid="stSidebar"]'


def test_leaving_the_lab_never_leaves_an_empty_sidebar_behind(page, app_url: str) -> None:
    """Streamlit kept showing the Lab's sidebar, empty and 300 px wide, on Home now and then (5 times in 11)."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{app_url}/lab")
    for _ in range(4):
        page.locator(_SIDEBAR).get_by_text("What invokes the function").wait_for(timeout=60_000)
        page.get_by_role("link", name="Home").first.click()
        page.get_by_role("heading", name="Where to start").wait_for()
        page.wait_for_timeout(1500)  # the stale sidebar, when it stayed, was still there seconds later
        assert not page.locator(_SIDEBAR).is_visible()
        page.get_by_role("link", name="Lab").first.click()


def test_a_collapsed_sidebar_takes_no_keyboard_focus(page, app_url: str) -> None:
    """On a phone the sidebar (page links, the Lab's builder) starts collapsed: Tab must not land in it unseen."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_url}/lab")
    page.locator('[data-testid="stGraphVizChart"] svg').wait_for(timeout=60_000)
    inside = "() => !!document.activeElement.closest('[data-testid=\"stSidebar\"]')"
    for _ in range(8):
        page.keyboard.press("Tab")
        assert not page.evaluate(inside), page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
    page.locator('[data-testid="stExpandSidebarButton"]').click()  # opened, its links and fields are reachable
    page.locator(_SIDEBAR).get_by_role("link", name="Home").focus()
    assert page.evaluate(inside)


#: Every heading the page shows, in reading order, as [level, text].
_OUTLINE = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter(h => h.getClientRects().length)
    .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 40)])"""


def _assert_outline(page, where: str) -> list[list]:
    """WCAG 1.3.1 and 2.4.6: the page's h1 first, and no level skipped on the way down (an h1 then an h4 made
    screen-reader users wonder what they had missed)."""
    page.wait_for_timeout(1000)  # a rerun's last elements arrive after its first ones
    outline = page.evaluate(_OUTLINE)
    assert outline and outline[0][0] == 1, (where, outline)
    skips = [(above, below) for above, below in pairwise(outline) if below[0] > above[0] + 1]
    assert not skips, (where, skips, outline)
    return outline


def test_heading_levels_never_skip_on_any_page(page, app_url: str) -> None:
    page.goto(f"{app_url}/lab")
    page.locator('[data-testid="stGraphVizChart"] svg').wait_for(timeout=60_000)
    assert [2, "Timeline"] in _assert_outline(page, "Lab, Run")
    for view, heading in (("Step through", "Timeline"), ("Sync vs async", "Asynchronous (Event): flowchart"),
                          ("Code", None)):
        page.get_by_text(view, exact=True).click()
        if heading:
            page.get_by_role("heading", name=heading).wait_for()
        _assert_outline(page, f"Lab, {view}")
    page.get_by_text("Run", exact=True).click()
    page.get_by_text("Presenter mode").click()  # the title is not drawn: its h1 is still there, out of sight
    page.get_by_text("What invokes the function").wait_for(state="detached")
    assert _assert_outline(page, "Lab, presenter mode")[:2] == [[1, "🧪 Lab"], [2, "Timeline"]]

    page.goto(f"{app_url}/practice")
    page.get_by_role("button", name="Submit").wait_for(timeout=60_000)
    page.get_by_role("radiogroup", name="Your answer").get_by_role("radio").first.check(force=True)
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Prove it: run it in the simulator").click()
    page.get_by_role("heading", name="Timeline").first.wait_for()
    _assert_outline(page, "Practice, a proof")

    set_up_exam(page, app_url, 1)
    _assert_outline(page, "Exam, set-up")
    page.get_by_role("button", name="Start the exam").click()
    page.get_by_role("timer").get_by_text(re.compile(r"left$")).wait_for()
    assert [2, "Question 1 of 1"] in _assert_outline(page, "Exam, a question")
    page.get_by_role("button", name="Submit the exam").click()
    page.get_by_role("button", name="Yes, submit").click()
    page.get_by_role("heading", name="Review every question").wait_for(timeout=30_000)
    _assert_outline(page, "Exam, the result")

    for path, heading in (("", "Where to start"), ("learn", "Challenges"), ("progress", None)):
        page.goto(f"{app_url}/{path}")
        page.locator("h1").first.wait_for(timeout=60_000)
        if heading:
            page.get_by_role("heading", name=heading).first.wait_for()
        _assert_outline(page, path or "Home")


#: Every heading's whole text (what a screen reader's list of headings reads, hidden parts too), its id, and
#: the text seen on screen (without the parts out of sight, 1 px wide).
_HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter(h => h.getClientRects().length)
    .map(h => {
      const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
      let seen = "";
      while (walker.nextNode()) {
        if (walker.currentNode.parentElement.getBoundingClientRect().width > 1) seen += walker.currentNode.data;
      }
      return {text: h.textContent.trim(), id: h.id, seen: seen.trim()};
    })"""


def _assert_headings_apart(page, where: str) -> list[dict]:
    """No two headings read the same or share an id: a page with several runs repeated "Timeline" (and its id,
    so a link to it went to the first)."""
    page.wait_for_timeout(1000)
    headings = page.evaluate(_HEADINGS)
    texts = [h["text"] for h in headings]
    ids = [h["id"] for h in headings if h["id"]]
    assert len(set(texts)) == len(texts), (where, texts)
    assert len(set(ids)) == len(ids), (where, ids)
    return headings


def test_a_page_with_several_runs_names_each_timeline_apart_yet_shows_timeline(page, app_url: str) -> None:
    page.goto(f"{app_url}/learn")
    page.get_by_role("heading", name="Challenges").wait_for(timeout=60_000)
    page.locator('[data-testid="stGraphVizChart"] svg').first.wait_for(timeout=60_000)
    timelines = [h for h in _assert_headings_apart(page, "Learn") if h["seen"] == "Timeline"]
    assert len(timelines) >= 2, timelines  # a section's run and a challenge's run at least
    assert all(h["text"].startswith("Timeline: ") for h in timelines), timelines

    page.goto(f"{app_url}/practice")
    page.get_by_role("button", name="Submit").wait_for(timeout=60_000)
    page.get_by_role("radiogroup", name="Your answer").get_by_role("radio").first.check(force=True)
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Prove it: run it in the simulator").click()
    page.get_by_role("heading", name=re.compile(r"^Timeline\s*: proof 1 of")).wait_for()
    timelines = [h for h in _assert_headings_apart(page, "Practice, a proof") if h["seen"] == "Timeline"]
    assert [h["text"] for h in timelines] == [f"Timeline: proof {n} of {len(timelines)}"
                                              for n in range(1, len(timelines) + 1)]

    page.goto(f"{app_url}/lab")  # one run: its heading needs no context
    page.locator('[data-testid="stGraphVizChart"] svg').wait_for(timeout=60_000)
    assert [h["text"] for h in _assert_headings_apart(page, "Lab") if h["seen"] == "Timeline"] == ["Timeline"]


def test_on_the_lab_the_first_tab_stop_skips_the_builder_to_the_run(page, app_url: str) -> None:
    """The sidebar comes first in the page, so Tab reaches the builder before the run: Streamlit's own "Skip to
    main content" link, the first stop, takes a keyboard user past it (WCAG 2.4.1)."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{app_url}/lab")
    page.locator('[data-testid="stGraphVizChart"] svg').wait_for(timeout=60_000)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    for _ in range(4):  # the main area, the title's link, then the page's first control
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('aria-label') || ''") == "Presenter mode":
            break
    assert page.evaluate("() => document.activeElement.closest('[data-testid=\"stMain\"]') !== null")
    assert page.evaluate("() => document.activeElement.closest('[data-testid=\"stSidebar\"]') === null")


#: What has the keyboard's focus, and the ring round it: on the element itself or on the nearest of its boxes that
#: has one (a field's box, a slider's thumb, the label of a hidden switch).
_FOCUS_RING = """() => {
    const focused = document.activeElement;
    let ringed = focused;
    for (let box = focused; box && box !== document.body; box = box.parentElement) {
        if (getComputedStyle(box).outlineStyle === 'solid') { ringed = box; break; }
    }
    const style = getComputedStyle(ringed);
    return [focused.getAttribute('aria-label') || focused.textContent.trim(), style.outlineStyle,
            parseFloat(style.outlineWidth), style.outlineColor];
}"""
RING = ("solid", 2, "rgb(25, 103, 210)")


def _rings_seen(page, presses: int, reverse: bool = False) -> dict[str, tuple]:
    """Tab (or Shift+Tab) through the page: each control's name, and the ring it showed."""
    seen = {}
    for _ in range(presses):
        page.keyboard.press("Shift+Tab" if reverse else "Tab")
        name, style, width, colour = page.evaluate(_FOCUS_RING)
        seen[name] = (style, width, colour)
    return seen


def test_the_keyboard_focus_is_a_clear_2_px_ring_on_controls_fields_and_sliders(page, app_url: str) -> None:
    """WCAG 2.4.7: Streamlit's faint tint looked the same on a selected pill whether it had the focus or not, and a
    field showed only a change of its thin border's colour."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{app_url}/lab")
    page.locator('[data-testid="stGraphVizChart"] svg').wait_for(timeout=60_000)
    seen = _rings_seen(page, 16)
    for name in ("Trigger", "What invokes the function", "AWS docs", "Presenter mode", "Run"):
        assert seen[name] == RING, (name, seen[name])  # a pill, a select box, a link, a switch, a view
    page.get_by_text("Step through", exact=True).click()
    page.locator('[data-testid="stSlider"]').wait_for()
    page.locator('[data-testid="stSidebar"]').get_by_text("Events", exact=True).click()
    page.get_by_label("Event payload (JSON)").wait_for()
    # The rerun over: on a loaded machine the group's fields were still being redrawn under the first Tab.
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_timeout(300)
    page.get_by_label("Event payload (JSON)").focus()
    assert page.evaluate(_FOCUS_RING)[1:] == list(RING)  # a text area
    assert _rings_seen(page, 3)["Events to send"] == RING  # a number field
    page.get_by_role("button", name="Next ›").focus()
    assert _rings_seen(page, 3)["Trace step (1 to 4)"] == RING  # the slider, on its thumb


#: Where the focused control of the page's main area is drawn, its ring included: its top and bottom against the
#: top bar's bottom and the window's height; None for a control elsewhere (the top bar, the sidebar).
_FOCUS_PLACE = """() => {
    const focused = document.activeElement;
    if (!focused.closest('[data-testid="stMain"]') || focused.matches('[data-testid="stMain"]')) return null;
    const box = focused.getBoundingClientRect();
    return [focused.textContent.trim().slice(0, 30), box.top - 4, box.bottom + 4,
            document.querySelector('header').getBoundingClientRect().bottom, window.innerHeight];
}"""


def test_a_control_reached_with_tab_or_shift_tab_is_never_hidden_under_the_top_bar(page, app_url: str) -> None:
    """WCAG 2.4.11: going back with Shift+Tab left a hint button and its ring under the top bar, and going on with
    Tab left a summary's ring below the window."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{app_url}/learn")
    page.get_by_role("heading", name="Challenges").wait_for(timeout=60_000)
    page.wait_for_function("""() => { const charts = document.querySelectorAll('[data-testid="stGraphVizChart"]');
        return charts.length > 0 && [...charts].every(chart => chart.querySelector('svg')); }""")
    page.wait_for_timeout(1500)  # every diagram drawn: the page no longer grows under the focus
    hidden = []
    for key in ["Tab"] * 60 + ["Shift+Tab"] * 60:
        page.keyboard.press(key)
        place = page.evaluate(_FOCUS_PLACE)
        if place is None or place[2] - place[1] > place[4] - place[3]:
            continue  # elsewhere, or taller than the window (a long code block): it cannot be seen whole
        if place[1] < place[3] - 1 or place[2] > place[4] + 1:
            hidden.append((key, place))
    assert not hidden, hidden
