"""What only a browser shows: the rendered flowchart, step-through, share links and presenter mode."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from engine.scenario import BehaviorSpec, Scenario, TargetSpec

FAILING = Scenario(behavior=BehaviorSpec(kind="fail"), on_failure=TargetSpec(service="sqs"),
                   dead_letter=TargetSpec(service="sns"))
SVG = '[data-testid="stGraphVizChart"] svg'
#: Okabe–Ito vermillion: the flowchart's colour for the path of a failure.
FAILURE_COLOUR = "#d55e00"


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(SVG, state="visible", timeout=60_000)


def _wait_for_highlighted_edge(page) -> None:
    """Wait until the rendered SVG has an edge in the failure colour with a thick, solid line.

    The browser draws the graph asynchronously after each rerun, so the check waits rather than looks once.
    """
    page.wait_for_function("""colour => {
        const svg = document.querySelector('[data-testid="stGraphVizChart"] svg');
        return svg && [...svg.querySelectorAll('g.edge path')].some(p =>
            (p.getAttribute('stroke') || '').toLowerCase() === colour
            && parseFloat(p.getAttribute('stroke-width') || '1') > 1.5
            && !p.getAttribute('stroke-dasharray'));
    }""", arg=FAILURE_COLOUR)


def test_the_flowchart_renders_as_svg_with_the_path_taken_highlighted(page, app_url: str) -> None:
    _open(page, f"{app_url}/lab?s={FAILING.to_token()}")
    assert page.locator(f"{SVG} g.node").count() >= 5
    _wait_for_highlighted_edge(page)
    page.get_by_text("RetriesExhausted").first.wait_for()


def test_stepping_through_moves_the_highlight(page, app_url: str) -> None:
    _open(page, f"{app_url}/lab?s={FAILING.to_token()}")
    page.get_by_text("Step through", exact=True).click()
    current_step = page.locator('[data-testid="stAlert"]')  # the timeline's box for the current step
    current_step.filter(has_text="Step 1 of").wait_for()
    first = page.inner_html(SVG)
    page.get_by_role("button", name=re.compile("^Next")).click()
    current_step.filter(has_text="Step 2 of").wait_for()
    page.wait_for_function(f"""document.querySelector('{SVG}') &&
        document.querySelector('{SVG}').innerHTML !== {first!r}""")
    page.get_by_role("slider").first.press("End")  # the last step: the slider's end
    page.wait_for_function("() => /Step (\\d+) of \\1\\b/.test(document.body.innerText)")
    _wait_for_highlighted_edge(page)


def test_the_arrow_keys_step_like_slides_but_not_while_typing(page, app_url: str) -> None:
    _open(page, f"{app_url}/lab?s={FAILING.to_token()}")
    page.get_by_text("Step through", exact=True).click()
    current_step = page.locator('[data-testid="stAlert"]')
    current_step.filter(has_text="Step 1 of").wait_for()

    page.get_by_role("radio", name="Events").click()
    payload = page.get_by_role("textbox", name="Event payload (JSON)")
    payload.click()
    payload.press("ArrowRight")  # moves the text cursor only
    page.wait_for_timeout(1_000)
    assert current_step.filter(has_text="Step 1 of").count() == 1

    page.get_by_text("Presenter mode").click()  # the teacher's screen: no builder, a large diagram
    page.get_by_role("textbox", name="Event payload (JSON)").wait_for(state="detached")
    page.get_by_text("Whole diagram on screen").click()
    page.keyboard.press("ArrowRight")  # that switch, a field, has the keyboard focus
    page.wait_for_timeout(1_000)
    assert current_step.filter(has_text="Step 1 of").count() == 1
    page.locator(SVG).click()  # the diagram fills the screen and Next is out of sight
    page.keyboard.press("ArrowRight")
    current_step.filter(has_text="Step 2 of").wait_for()
    page.keyboard.press("ArrowRight")
    current_step.filter(has_text="Step 3 of").wait_for()
    page.keyboard.press("ArrowLeft")
    current_step.filter(has_text="Step 2 of").wait_for()
    ring = page.evaluate("""() => getComputedStyle(document.querySelector('[data-testid="stMain"]'), '::before')
        .boxShadow""")
    assert ring == "none", "no focus ring framing the projected page"


def test_a_shared_link_restores_the_same_scenario_in_a_new_browser(page, browser, app_url: str) -> None:
    _open(page, f"{app_url}/lab?s={FAILING.to_token()}")
    page.get_by_text(re.compile("after 3 attempt")).first.wait_for()
    page.get_by_role("radio", name="Retries").click()
    page.get_by_role("combobox", name=re.compile("Retry attempts")).click()
    page.get_by_role("option", name="0", exact=True).click()
    page.get_by_text(re.compile("after 1 attempt")).first.wait_for()
    token = parse_qs(urlparse(page.url).query)["s"][0]
    assert Scenario.from_token(token).max_retry_attempts == 0

    other = browser.new_context().new_page()
    _open(other, f"{app_url}/lab?s={token}")
    other.get_by_role("radio", name="Retries").click()
    other.get_by_text(re.compile("after 1 attempt")).first.wait_for()
    other.context.close()


def test_a_damaged_link_shows_a_warning_and_the_defaults(page, app_url: str) -> None:
    _open(page, f"{app_url}/lab?s=damaged")
    page.get_by_text("could not be opened").wait_for()


#: The rendered size of the diagram's smallest text and of the page's text, and how far any text of the
#: diagram sticks out of its box (0 when every label fits).
_SIZES = """() => {
    const svg = document.querySelector('[data-testid="stGraphVizChart"] svg');
    let overflow = 0;
    for (const node of svg.querySelectorAll('g.node')) {
        const box = node.querySelector('path, polygon, ellipse').getBoundingClientRect();
        for (const text of node.querySelectorAll('text')) {
            const line = text.getBoundingClientRect();
            overflow = Math.max(overflow, box.left - line.left, line.right - box.right);
        }
    }
    const heights = [...svg.querySelectorAll('text')].map(text => text.getBoundingClientRect().height);
    const page = document.querySelector('[data-testid="stMarkdownContainer"] p');
    return {diagram: Math.min(...heights), page: parseFloat(getComputedStyle(page).fontSize),
            width: svg.getBoundingClientRect().width, overflow};
}"""


def _sizes_once_drawn(page, fontsize: int) -> dict[str, float]:
    """The sizes of the diagram drawn at ``fontsize``, once the page has stopped moving."""
    page.wait_for_function(f"""() => {{
        const svg = document.querySelector('{SVG}');
        return svg && svg.querySelector('text[font-size="{fontsize}.00"]');
    }}""")
    return _once_still(page, _SIZES)


def _once_still(page, script: str):
    """The script's reading once the page has stopped moving.

    The browser draws a diagram a moment after the rerun, and the page's layout (the builder's column going
    or coming back, the zoom) can settle a few frames later: the reading counts once two readings a quarter
    of a second apart agree.
    """
    reading = page.evaluate(script)
    for _ in range(40):
        page.wait_for_timeout(250)
        again = page.evaluate(script)
        if again == reading:
            return reading
        reading = again
    raise AssertionError(f"the page never stopped moving: {reading}")


#: Pixels between the bottom of the top bar and the first thing on the page (the presenter switch).
_BLANK_UNDER_THE_TOP_BAR = """() => document.querySelector('[data-testid="stCheckbox"]').getBoundingClientRect().top
    - document.querySelector('header').getBoundingClientRect().bottom"""


def test_presenter_mode_hides_the_builder_and_enlarges_the_diagram_and_text(page, app_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})  # a common projector
    _open(page, f"{app_url}/lab?s={FAILING.to_token()}")
    page.get_by_text("What invokes the function").wait_for()
    before = _sizes_once_drawn(page, 10)
    page.get_by_text("Presenter mode").click()
    page.get_by_text("What invokes the function").wait_for(state="detached")
    during = _sizes_once_drawn(page, 14)
    assert during["width"] > before["width"]
    assert during["diagram"] >= 1.5 * before["diagram"] and during["diagram"] >= 16, "readable from the back"
    assert during["page"] >= 1.3 * before["page"]
    assert before["overflow"] <= 1 and during["overflow"] <= 1, "every label fits inside its box"
    assert page.evaluate(_BLANK_UNDER_THE_TOP_BAR) < 40, "no empty band above the content: the room needs the height"
    page.get_by_text("Presenter mode").click()
    page.get_by_text("What invokes the function").wait_for()
    assert _sizes_once_drawn(page, 10)["page"] == before["page"]


#: The width of every field's "?" help icon on the page.
_HELP_ICON_WIDTHS = """() => [...document.querySelectorAll('[data-testid="stTooltipIcon"] svg')]
    .map(svg => Math.round(svg.getBoundingClientRect().width))"""


def test_help_icons_grow_with_presenter_mode_and_shrink_back_after_it(page, app_url: str) -> None:
    """Streamlit sized them once: small through presenter mode, then too large after it until a reload."""
    _open(page, f"{app_url}/lab")
    page.get_by_text("What invokes the function").wait_for()
    normal = page.evaluate(_HELP_ICON_WIDTHS)
    assert normal and set(normal) == {16}, normal
    for presenter, width in ((True, 22), (False, 16)):  # presenter mode's text is 140 %
        page.get_by_text("Presenter mode").click()
        page.get_by_text("What invokes the function").wait_for(state="detached" if presenter else "visible")
        page.wait_for_function(f"() => ({_HELP_ICON_WIDTHS})().every(w => w === {width})")


def test_whole_diagram_on_screen_shows_all_of_it_on_a_720_px_projector(page, app_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    _open(page, f"{app_url}/lab?s={FAILING.to_token()}")
    page.get_by_text("Presenter mode").click()
    page.get_by_text("Whole diagram on screen").click()
    page.wait_for_function(f"""() => document.querySelector('{SVG}').getBoundingClientRect().height < 720""")
    header = page.evaluate("() => document.querySelector('header').getBoundingClientRect().height")
    drawing = _once_still(page, f"() => document.querySelector('{SVG} g').getBoundingClientRect().height")
    assert drawing <= 720 - header, "scrolled to, the whole drawing fits under the top bar"
    assert _once_still(page, _LABEL_PX) >= 9.5, "still readable"


def test_the_text_description_and_the_record_field_notes_open_in_place(page, app_url: str) -> None:
    _open(page, f"{app_url}/lab?s={FAILING.to_token()}")
    description = page.locator("details", has_text="Text description of the flowchart")
    assert description.get_attribute("open") is None, "collapsed until the reader opens it"
    description.locator("summary").click()
    description.get_by_text("RetriesExhausted").first.wait_for()

    picker = page.get_by_role("combobox", name=re.compile(r"^Payloads \(\d+ so far\)$"))  # no Markdown read aloud
    picker.focus()
    picker.press("ArrowDown")  # opens the list; a click right after scrolling can land while the page moves
    page.get_by_role("option", name=re.compile("Invocation record")).first.click()
    notes = page.locator("details", has_text="Explain fields")
    notes.locator("summary").click()
    link = notes.get_by_role("link", name="AWS docs").first
    link.wait_for()
    assert link.get_attribute("href").startswith("https://docs.aws.amazon.com/")


def test_html_in_an_error_message_shows_as_text_and_never_runs(page, app_url: str) -> None:
    hostile = "<img id=injected src=x onerror=\"document.title='pwned'\">"
    scenario = FAILING.with_changes(behavior=BehaviorSpec(kind="fail", message=hostile))
    _open(page, f"{app_url}/lab?s={scenario.to_token()}")
    description = page.locator("details", has_text="Text description of the flowchart")
    description.locator("summary").click()
    description.get_by_text(hostile, exact=False).first.wait_for()
    assert page.locator("#injected").count() == 0
    assert page.title() != "pwned"


#: The height of the smallest text of every diagram on the page, in drawing order.
_TEXT_HEIGHTS = f"""() => [...document.querySelectorAll('{SVG}')].map(svg =>
    Math.min(...[...svg.querySelectorAll('text')].map(text => text.getBoundingClientRect().height)))"""


def test_the_sync_vs_async_view_draws_both_flowcharts_as_readable_as_the_run_view(page, app_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})  # a common laptop
    _open(page, f"{app_url}/lab?s={FAILING.to_token()}")
    (run,) = _settled(page, _TEXT_HEIGHTS, count=1)
    page.get_by_role("radio", name="Sync vs async", exact=True).click()
    page.get_by_text("HTTP 202").wait_for()
    sync, asynchronous = _settled(page, _TEXT_HEIGHTS, count=2)
    assert min(sync, asynchronous) >= 0.95 * run, (run, sync, asynchronous)


def _settled(page, script: str, count: int) -> list[float]:
    """The script's reading once ``count`` diagrams are drawn and the page has stopped moving."""
    page.wait_for_function(f"() => document.querySelectorAll('{SVG}').length === {count} && "
                           f"document.querySelectorAll('{SVG} text').length > 0")
    return _once_still(page, script)


#: The font size the browser really draws the diagram's labels at: the CSS size scaled by the drawing's zoom.
_LABEL_PX = f"""() => {{
    const text = document.querySelector('{SVG} text');
    return text.getScreenCTM().a * parseFloat(getComputedStyle(text).fontSize);
}}"""


def test_on_a_laptop_the_builder_stays_in_view_beside_the_run_and_the_labels_are_12_px(page, app_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    _open(page, f"{app_url}/lab?s={FAILING.to_token()}")
    page.get_by_role("link", name="Learn").wait_for()  # the pages are linked along the top
    builder = page.locator('[data-testid="stSidebar"]')
    builder.get_by_text("What invokes the function").wait_for()
    assert _once_still(page, _LABEL_PX) >= 12, "the run has the page's width (11.5 px beside a builder column)"
    page.get_by_text("Timeline", exact=True).scroll_into_view_if_needed()  # down to the timeline and payloads
    assert page.evaluate('() => document.querySelector(\'[data-testid="stMain"]\').scrollTop') > 0
    assert builder.get_by_role("radio", name="Targets").is_visible(), "the builder is still in view"
    assert builder.get_by_role("radio", name="Targets").bounding_box()["y"] < 800


def test_on_a_phone_the_diagram_keeps_readable_labels_and_scrolls_in_its_box_from_mid_way(page, app_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    _open(page, f"{app_url}/lab?s={FAILING.to_token()}")
    assert _once_still(page, _LABEL_PX) >= 11, "not shrunk to the screen's width (labels were 6 px)"
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 390, "the page never slides sideways"
    box = page.evaluate("""() => { const chart = document.querySelector('[data-testid="stGraphVizChart"]');
        return [chart.scrollWidth, chart.clientWidth, chart.scrollLeft]; }""")
    assert box[0] > box[1], "the diagram scrolls sideways inside its box"
    middle = (box[0] - box[1]) / 2
    assert abs(box[2] - middle) <= 2, f"opens on its middle, where the main path runs: {box}"
    assert page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop") == 0, \
        "centring the diagram never scrolls the page itself"


def test_on_a_phone_the_timeline_table_fits_the_screen(page, app_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    several = FAILING.model_copy(update={"events": 3})  # three request ids, ARNs in the details
    _open(page, f"{app_url}/lab?s={several.to_token()}")
    page.get_by_text("Timeline").first.wait_for()
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 390, "the page never slides sideways"
    boxes = page.evaluate("() => [...document.querySelectorAll('table')].map(table =>"
                          " table.parentElement.getBoundingClientRect().right)")
    assert boxes and max(boxes) <= 390, "a table too wide scrolls inside its own box"
    lines = page.evaluate("""() => [...document.querySelectorAll('table')].flatMap(table =>
        [...table.querySelectorAll('th, td:nth-child(2)')].map(cell => {
            const text = document.createRange();
            text.selectNodeContents(cell);
            return new Set([...text.getClientRects()].map(line => Math.round(line.bottom))).size;
        }))""")
    assert lines and max(lines) == 1, "headers and times stay on one line"


#: The diagram's top in the page (not the window), wherever the page is scrolled.
_DIAGRAM_TOP = """() => Math.round(document.querySelector('[data-testid="stGraphVizChart"]').getBoundingClientRect().top
    + document.querySelector('[data-testid="stMain"]').scrollTop)"""


def test_on_a_phone_a_heading_that_fills_its_line_leaves_no_blank_band_under_it(page, app_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_url}/lab")
    page.locator('[data-testid="stGraphVizChart"] svg').wait_for(timeout=60_000)
    page.get_by_text("Sync vs async", exact=True).click()
    page.get_by_role("heading", name="Asynchronous (Event): flowchart").wait_for()
    page.wait_for_timeout(1000)
    # Each heading's hidden link icon sits on its text's last line, not on a line of its own.
    below_the_text = page.evaluate("""() => [...document.querySelectorAll('h1, h2, h3, h4')].flatMap(h => {
        const icon = h.querySelector('[data-testid="stHeaderActionElements"]');
        const text = h.querySelector('[data-heading-text]');
        return icon && text && icon.getBoundingClientRect().top >= text.getBoundingClientRect().bottom - 1
          ? [h.textContent] : [];
      })""")
    assert not below_the_text
    assert page.get_by_role("heading", name="Synchronous (RequestResponse)", exact=True).bounding_box()["height"] < 60
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 390, "the page never slides sideways"


def test_on_a_phone_stepping_keeps_the_diagram_in_place(page, app_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    _open(page, f"{app_url}/lab?s={FAILING.to_token()}")
    page.get_by_text("Step through", exact=True).click()
    tops = set()
    for number in range(2, 8):  # steps whose text takes one to four lines on a phone
        page.get_by_role("button", name=re.compile("^Next")).click()
        page.get_by_text(f"Step {number} of", exact=False).first.wait_for()
        tops.add(_once_still(page, _DIAGRAM_TOP))
    assert len(tops) == 1, f"the diagram moved between steps: {sorted(tops)}"


def test_presenter_mode_on_a_phone_keeps_the_page_links(page, app_url: str) -> None:
    """On a narrow screen the page links live in the sidebar: presenter mode hides the builder, not them."""
    page.set_viewport_size({"width": 390, "height": 844})
    _open(page, f"{app_url}/lab")
    page.get_by_text("Presenter mode").click()
    page.wait_for_selector(f'{SVG} text[font-size="14.00"]')
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("link", name="Home").wait_for()
    assert not sidebar.get_by_text("What invokes the function").count()


#: For each word of the error's name, whether its first and last letters are on the same line.
_WORDS_WHOLE = """words => {
    const alert = [...document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stAlertContainer"] p')]
        .find(p => p.textContent.replaceAll('\\u00ad', '').includes(words.join('')));
    const node = [...alert.childNodes].find(n => n.nodeType === Node.TEXT_NODE && n.textContent.includes('Invalid'));
    const lineOf = (from, to) => {
        const range = document.createRange();
        range.setStart(node, from);
        range.setEnd(node, to);
        return Math.round([...range.getClientRects()].pop().top);  // the letter's own box, after any hyphen's
    };
    let at = 0;
    return words.map(word => {
        const start = node.textContent.indexOf(word, at);
        at = start + word.length;
        return lineOf(start, start + 1) === lineOf(at - 1, at);
    });
}"""


def test_a_long_error_name_in_the_sidebar_breaks_between_words_and_copies_whole(page, app_url: str) -> None:
    """It broke as "InvalidRequestContentExc|eption" in the 300 px sidebar."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    _open(page, f"{app_url}/lab")
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Events", exact=True).click()
    payload = sidebar.get_by_label("Event payload (JSON)")
    payload.fill('{"orderId": ')
    payload.press("Control+Enter")
    error = sidebar.locator('[data-testid="stAlertContainer"]').filter(has_text="Exception")
    error.wait_for()
    words = ["Invalid", "Request", "Content", "Exception"]
    assert page.evaluate(_WORDS_WHOLE, words) == [True] * 4, "no word of the name is split across lines"
    assert error.bounding_box()["height"] < 300
    error.locator("p").first.select_text()
    page.keyboard.press("Control+C")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "InvalidRequestContentException" in copied and "\u00ad" not in copied, repr(copied)
    page.evaluate("""() => {  // the whole message, with its markup
        const range = document.createRange();
        range.selectNodeContents(document.querySelector('[data-testid="stSidebar"] [data-testid="stAlertContainer"]'));
        document.getSelection().removeAllRanges();
        document.getSelection().addRange(range);
    }""")
    page.keyboard.press("Control+C")
    formatted = page.evaluate("""async () => {
        const [item] = await navigator.clipboard.read();
        return await (await item.getType("text/html")).text();
    }""")  # pasted into a document, it keeps its paragraphs and any bold or code
    assert "<p" in formatted and "InvalidRequestContentException" in formatted, formatted
    assert "\u00ad" not in formatted and "&shy;" not in formatted, formatted


def test_presenter_mode_switched_from_the_keyboard_keeps_the_focus_on_its_switch(page, app_url: str) -> None:
    """The switch is drawn anew in presenter mode's row, and the focus fell to the page: now the new one takes it."""
    _open(page, f"{app_url}/lab")
    switch = page.get_by_label("Presenter mode", exact=True)
    switch.focus()
    for presenter in (True, False):
        page.keyboard.press("Space")
        page.get_by_text("What invokes the function").wait_for(state="detached" if presenter else "visible")
        page.wait_for_function("() => document.activeElement.getAttribute('aria-label') === 'Presenter mode'"
                               " || document.activeElement.labels?.[0]?.textContent.includes('Presenter mode')")
