"""What every page shares: its style (contrast, the sidebar, focus rings) and its script (copying, focus).

app.py draws both once per rerun, in one element, before the page itself.
"""

import json

import streamlit as st

#: Contrast fixes for every page (WCAG 1.4.3, 4.5:1 for text), each still following the theme, light or dark:
#: - Streamlit draws captions at 60 % opacity, 3.9:1 on white; at 80 % they are about 7:1.
#: - Its code highlighting colours JSON keys, strings and numbers at 2.5-2.8:1 on the code block's grey. Mixed
#:   55/45 with the text colour (``currentColor``: dark in the light theme, light in the dark one), each keeps
#:   its hue at 5:1 or more.
_TOKENS = {"punctuation": "128 132 149", "property": "0 164 212", "operator": "237 111 19", "string": "9 171 59",
           "number": "41 176 157"}
#: (``!important``: Streamlit's own token rules are more specific than a page's.)
_CONTRAST = ('[data-testid="stCaptionContainer"] { opacity: 0.8; } '
             + " ".join(f"pre code .token.{name} {{ color: color-mix(in srgb, rgb({rgb}) 55%, currentColor) "
                        "!important; }" for name, rgb in _TOKENS.items()))
#: A sidebar holding nothing: no page links (they move into it on a narrow screen) and no element.
_EMPTY_SIDEBAR = ('[data-testid="stSidebar"]:not(:has([data-testid="stSidebarNav"], '
                  '[data-testid="stSidebarUserContent"] [data-testid="stElementContainer"]))')
#: The sidebar's two fixes:
#: - An empty one is not shown. Streamlit kept showing a sidebar, empty and 300 px wide, once a page had put
#:   something in it: on the Lab in presenter mode (the builder hidden), and now and then on Home after the Lab.
#: - A collapsed one is out of the keyboard's way: its links and fields stayed in the Tab order, focused where
#:   nobody could see them (WCAG 2.4.11).
_SIDEBAR = (f"{_EMPTY_SIDEBAR} {{ display: none; }} "
            f'[data-testid="stApp"]:has({_EMPTY_SIDEBAR}) [data-testid="stExpandSidebarButton"] {{ display: none; }} '
            '[data-testid="stSidebar"][data-collapsed="true"], [data-testid="stSidebar"][data-collapsed="true"] * '
            "{ visibility: hidden !important; }")  # every part: Streamlit sets some back to visible (Markdown links)
#: A field's "?" help icon is 1 rem, as Streamlit draws it, whatever the text size was when it was first drawn:
#: Streamlit sizes it once, in pixels, so after presenter mode (which enlarges the rem) it stayed large, and
#: when presenter mode came on it stayed small.
_HELP_ICONS = '[data-testid="stTooltipIcon"] svg { width: 1rem; height: 1rem; }'
#: An element that only runs a script of ours (``PAGE_SCRIPT``, ``ui.keep_in_view``) takes no room: shown, it
#: added the page's gap (1 rem) above the content. Streamlit lays out a style-only element out of the flow itself.
_SCRIPTS = '[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > script) { display: none; }'
#: Where the keyboard is, drawn as a 2 px ring in a blue that stands out 5.5:1 on white and 3.4:1 on the dark
#: theme's background (WCAG 2.4.7, 1.4.11), in place of Streamlit's faint tint (on a selected pill or view it
#: looked the same as no focus):
#: - round buttons, pills, links, summaries, and a question, verdict or result that took the focus from a button
#:   the rerun removed (``ui.keep_in_view``), lifted over what follows it (the result's verdict hid its lower edge);
#: - round the visible box of a field whose input has the focus: a text, number or text-area field, a select
#:   box's, and a slider's thumb (its input is hidden);
#: - inside the label of a switch, tick box or option (their inputs are hidden too; outside, the ring crossed
#:   the options above and below).
#: A caption holding the focus is drawn at full strength: at the captions' 80 % the ring fell to 2.6:1.
#: (``!important``: Streamlit's rules for its buttons are more specific than a page's.)
FOCUS_COLOUR = "#1967d2"
_RING = f"outline: 2px solid {FOCUS_COLOUR} !important; box-shadow: none !important;"
_FOCUS = (f':is(button, a, summary):focus-visible {{ {_RING} outline-offset: 2px; }} '
          f'[data-testid="stMain"] [tabindex="-1"]:focus-visible {{ {_RING} outline-offset: 2px; position: relative; '
          "z-index: 1; } "
          ':is([data-testid="stTextInputRootElement"], [data-testid="stNumberInputContainer"], '
          '[data-testid="stTextAreaRootElement"], [data-testid="stSelectbox"] [role="group"])'
          f':has(:is(input, textarea):focus-visible), [data-testid="stSlider"] [data-focus-visible="true"] '
          f"{{ {_RING} outline-offset: 2px; }} "
          f"label:has(input:is([type=checkbox], [type=radio]):focus-visible) {{ {_RING} outline-offset: -2px; "
          "border-radius: 0.25rem; } "
          '[data-testid="stCaptionContainer"]:has(:focus-visible) { opacity: 1; }')
#: What the keyboard or a script brings into view stops clear of the top bar (3.75 rem) and the window's bottom:
#: Shift+Tab left a button and its ring under the bar, and Tab a summary's ring below the window (WCAG 2.4.11).
#: Headings keep no margin of their own for the bar (Streamlit's 60 px came on top of this).
_CLEAR_OF_THE_BAR = ('[data-testid="stMain"] { scroll-padding-top: 4.25rem; scroll-padding-bottom: 0.5rem; } '
                     '[data-testid="stMain"] :is(h1, h2, h3, h4, h5, h6) { scroll-margin-top: 0; }')
#: A heading's "link to this heading" icon (16 px, after a 0.5 rem margin; seen on hovering the heading) takes no
#: room at the end of a line: a heading that just filled its line (on a phone, "Synchronous (RequestResponse)")
#: sent the unseen icon to a line of its own, a blank band under the heading. It may stand out into the page's
#: margin instead.
_HEADING_LINKS = '[data-testid="stHeaderActionElements"] { margin-left: 0.5rem; margin-right: calc(-0.5rem - 16px); }'
PAGE_STYLE = (f"<style>{_CONTRAST} {_SIDEBAR} {_HELP_ICONS} {_SCRIPTS} {_FOCUS} {_CLEAR_OF_THE_BAR} "
              f"{_HEADING_LINKS}</style>")
#: The page's script, once per page load:
#: - Copied text leaves out the soft hyphens that let a long AWS error name break between its words
#:   (``ui.markdown_text.breakable_error_names``): a name pasted into a search is the name AWS sends. It keeps
#:   its formatting (bold, code, links) for pasting into a document. A selection without one copies as the
#:   browser copies it.
#: - Keyboard focus that a rerun takes away: a control that had the focus and was removed left the focus on the
#:   page's body. Screen readers then said nothing, no ring was drawn, and in some browsers the next Tab started
#:   again at the top of the page. Only within one page (following a link to another page is left to the
#:   browser), and within the part of it the control was in, the main area or the sidebar:
#:   1. If the rerun drew the same control anew (the presenter switch moving into its row, the exam's buttons
#:      redrawn under another kind of question), it gets the focus back.
#:   2. Otherwise, in the main area, ``ui.keep_in_view`` gives it to the question or the result it watches,
#:      using ``window.__lostFocus``.
#:   3. Otherwise, once the rerun has ended, and only if the control was pressed from the keyboard, the control
#:      now in its place gets it, else the next one after it, else the one before: the name field that
#:      replaces "Change name", "Change name" after a name is entered, the field after "Use the trigger's
#:      sample event", "Show solution" after the last hint. After a mouse click the browser keeps it: moving it
#:      into a field would open a phone's on-screen keyboard. One try, for the rerun that removed the control:
#:      a later key press or change on the page never moves the focus.
#:   A redrawn control counts as the same only near where it was: a second challenge's "Back to my
#:   configuration", further down the page, is another control.
#:   Some controls hand the focus to another near them instead (``FOCUS_SUCCESSORS``): the exam's "Keep
#:   answering" to "Submit the exam", the button the candidate had pressed (the question took it, scrolled up).
#: - The buttons that open and close the sidebar hide themselves once pressed: the focus goes to the other one
#:   (or, opening, to the sidebar's first control if its button shows only under the mouse).
#: A removed control's name, and the name of the control near it that takes the focus in its place.
FOCUS_SUCCESSORS = {"Keep answering": "Submit the exam"}
PAGE_SCRIPT = """<script>
if (!window.__pageScript) {
  window.__pageScript = true;
  document.addEventListener("copy", (event) => {
    const selection = document.getSelection();
    const text = String(selection);
    if (!text.includes("\\u00ad")) return;
    const copy = document.createElement("div");  // the selection's markup, for pasting with its formatting
    for (let i = 0; i < selection.rangeCount; i++) copy.append(selection.getRangeAt(i).cloneContents());
    event.clipboardData.setData("text/plain", text.replaceAll("\\u00ad", ""));
    event.clipboardData.setData("text/html", copy.innerHTML.replaceAll("\\u00ad", "").replaceAll("&shy;", ""));
    event.preventDefault();
  });
  const REGIONS = '[data-testid="stMain"], [data-testid="stSidebar"]';
  const FOCUSABLE = 'button:not([disabled]), a[href], input:not([type=hidden]):not([disabled]), '
    + 'textarea:not([disabled]), select:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
  const nameOf = (element) => (element.getAttribute("aria-label")
    || (element.labels && element.labels.length ? element.labels[0].textContent : element.textContent)).trim();
  let last = null, byKeyboard = false, settling = null;
  // Where an element is on the page, whatever the page's scrolling.
  const pageTop = (element) => {
    const scroller = element.closest('[data-testid="stMain"], [data-testid="stSidebarContent"]');
    return element.getBoundingClientRect().top + (scroller ? scroller.scrollTop : 0);
  };
  document.addEventListener("keydown", () => { byKeyboard = true; }, true);
  document.addEventListener("pointerdown", () => { byKeyboard = false; }, true);
  document.addEventListener("focusin", (event) => {
    const element = event.target, region = element.closest(REGIONS);
    // Where it sits: each ancestor's parent and place, up to its region, the closest first.
    const places = [];
    for (let node = element; region && node !== region && node.parentElement; node = node.parentElement) {
      places.push({parent: node.parentElement, index: [...node.parentElement.children].indexOf(node)});
    }
    last = {element, region, places, path: location.pathname, name: nameOf(element), top: pageTop(element),
            inMain: !!element.closest('[data-testid="stMain"]'), byKeyboard: null, settled: false};
  });
  // Lost: the control was removed, nothing has the focus since, and the rerun that removed it has not been
  // dealt with yet (a later key press or change on the page never moves the focus).
  const lost = () => {
    const active = document.activeElement;
    return !!last && !!last.region && !last.settled && !last.element.isConnected && last.path === location.pathname
      && (!active || active === document.body);
  };
  // True while the focus that a rerun took from the main area has not been given back: keep_in_view reads it.
  window.__lostFocus = () => lost() && last.inMain;
  // Drawn and not hidden (a hidden control cannot take the focus).
  const shown = (element) => !!element && element.isConnected && element.checkVisibility({visibilityProperty: true});
  const focusable = (node) => [...(node.matches(FOCUSABLE) ? [node] : []), ...node.querySelectorAll(FOCUSABLE)]
    .filter((element) => shown(element) && !element.closest('[aria-hidden="true"]'));
  // The first control in these nodes (the last with ``fromTheEnd``), or null.
  const firstIn = (nodes, fromTheEnd = false) => {
    for (const node of fromTheEnd ? [...nodes].reverse() : nodes) {
      const found = focusable(node);
      if (found.length) return fromTheEnd ? found[found.length - 1] : found[0];
    }
    return null;
  };
  // The control in the removed one's place, else the next after it, else the one before; null if none.
  const inItsPlace = () => {
    const level = last.places.findIndex(({parent}) => parent.isConnected && parent.closest(REGIONS));
    if (level < 0) return null;
    for (const [i, {parent, index}] of last.places.slice(level).entries()) {
      const next = firstIn([...parent.children].slice(i === 0 ? index : index + 1));
      if (next) return next;
    }
    const {parent, index} = last.places[level];
    return firstIn([...parent.children].slice(0, index), true);
  };
  const whenSettled = () => {
    clearTimeout(settling);
    settling = setTimeout(() => {
      const app = document.querySelector('[data-testid="stApp"]');
      if (app && app.dataset.testScriptState === "running") { whenSettled(); return; }
      if (!lost()) return;
      last.settled = true;  // one try, for the rerun that removed it
      const target = last.byKeyboard && inItsPlace();
      if (target) target.focus();
    }, 150);
  };
  // The same control drawn anew: same tag and name, and near where it was (within a window's height); another
  // control of that name elsewhere (a second challenge's "Back to my configuration") is not it. A control
  // named in SUCCESSORS is followed by the control it names instead.
  const SUCCESSORS = FOCUS_SUCCESSORS;
  const twinOf = (gone) => {
    if (!gone.name || !gone.region.isConnected) return null;
    const wanted = Object.hasOwn(SUCCESSORS, gone.name) ? SUCCESSORS[gone.name] : gone.name;
    const near = [...gone.region.querySelectorAll(gone.element.tagName)]
      .filter((element) => nameOf(element) === wanted)
      .map((element) => [Math.abs(pageTop(element) - gone.top), element])
      .filter(([distance]) => distance < window.innerHeight)
      .sort((a, b) => a[0] - b[0]);
    return near.length ? near[0][1] : null;
  };
  // Streamlit's buttons that open and close the sidebar hide themselves once pressed, and the focus fell to the
  // page's body: on a phone, Tab then went on behind the open sidebar. The focus goes to the other button (to
  // the sidebar's first control when its own button shows only under the mouse, as on a wide screen).
  const TOGGLES = ['[data-testid="stExpandSidebarButton"]', '[data-testid="stSidebarCollapseButton"] button'];
  document.addEventListener("click", (event) => {
    const pressed = event.target instanceof Element && event.target.closest(TOGGLES.join(", "));
    if (!pressed) return;
    const opening = pressed.matches(TOGGLES[0]), until = performance.now() + 2000;
    const handOver = () => {
      const active = document.activeElement;
      const dropped = !active || active === document.body || (active === pressed && !shown(pressed));
      const sidebar = document.querySelector('[data-testid="stSidebarContent"]');
      const other = document.querySelector(TOGGLES[opening ? 1 : 0]);
      const target = shown(other) ? other : opening && shown(sidebar) ? firstIn([sidebar]) : null;
      if (dropped && target && !shown(pressed)) { target.focus(); return; }
      if (active === pressed || dropped) {
        if (performance.now() < until) requestAnimationFrame(handOver);
      }
    };
    requestAnimationFrame(handOver);
  }, true);
  // Focused without scrolling the page to it: on the Exam and Practice pages ui.keep_in_view brings the new
  // question into view, and a redrawn Next focused just after had scrolled the page back down to the button.
  // Elsewhere the control is scrolled only as far as it takes to show it.
  const focusInPlace = (control) => {
    control.focus({preventScroll: true});
    const watched = Object.keys(window.__keptInView || {}).some((id) => document.getElementById(id));
    if (!watched) control.scrollIntoView({block: "nearest"});
  };
  new MutationObserver(() => {
    if (!lost()) return;
    if (last.byKeyboard === null) last.byKeyboard = byKeyboard;  // how the control was pressed
    const twin = twinOf(last);
    if (twin) { last.settled = true; focusInPlace(twin); return; }
    whenSettled();
  }).observe(document.body, {subtree: true, childList: true});
}
</script>""".replace("FOCUS_SUCCESSORS", json.dumps(FOCUS_SUCCESSORS))


def apply() -> None:
    """Draw the style and the script; call once per rerun, before the page."""
    st.html(PAGE_STYLE + PAGE_SCRIPT, unsafe_allow_javascript=True)  # one element: every rerun draws it
