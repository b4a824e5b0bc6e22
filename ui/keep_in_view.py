"""Bring a new question into view: after Next, the browser kept the page scrolled where the button was.

On a phone, and on a laptop after a long question, the next question then started above the window's top,
and the candidate had to scroll up to find it. Streamlit keeps a page's scroll position across reruns and
has no call to scroll, so a small script of our own (never anything a learner typed) watches one element:
when its text or its ``data-question`` changes (a new question) and it is out of sight (under the top bar,
above the window, or low in it), it is scrolled to the top of the page's area, just under the top bar. It
never takes the keyboard's focus from where it is, and a question already in view stays where it is. A
focused control just above the question (Practice's filters) stays in sight with it.

The focus it does catch is the focus that fell off the page: a button pressed from the keyboard that the rerun
removes (Submit, Next question, Start the exam, Yes, submit) left the focus on the page's body, and the next
Tab started again at the top of the page. The watched element takes it instead (WCAG 2.4.3), so Tab goes on
from the question or the result, which is scrolled into sight if it is not. (``ui.every_page``'s script notes what
last had the focus, from the page's load on: this script arrives with the rerun that removes the button.)
"""

from __future__ import annotations

import json

import streamlit as st

#: Runs once per page load and element id: Streamlit does not run a script again whose element is unchanged,
#: so it watches the page itself. The first text seen after the element appears (opening the page, coming
#: back to it) scrolls nothing, unless ``onAppear``: only a change does. "Out of sight" includes the lower
#: 40 % of the window: after a jump from the exam's question map on a phone, the new question's heading sat at
#: the bottom of the screen with its text and options below it.
_WATCHER = """<script>
(() => {
  const id = ELEMENT_ID, onAppear = ON_APPEAR, handTo = HAND_TO;
  window.__keptInView = window.__keptInView || {};
  if (window.__keptInView[id]) return;
  window.__keptInView[id] = true;
  let seen = null;
  // Scrolled to just under the top bar if it is above the window, under the bar, or below ``lowest`` of the
  // window's height. A control above it that holds the focus (Practice's "Practise" choice, just changed from
  // the keyboard) is not pushed under the bar: its block goes to the top instead, if the element is then in
  // sight below it.
  const bringIntoView = (element, lowest) => {
    const top = element.getBoundingClientRect().top;
    const header = document.querySelector('header');
    const below = header ? header.getBoundingClientRect().bottom : 0;
    if (top >= below && top <= window.innerHeight * lowest) return;
    const focused = document.activeElement;
    const block = focused && !element.contains(focused) && focused.closest('[data-testid="stMain"]')
      && focused.closest('[data-testid="stElementContainer"]');
    const blockTop = block ? block.getBoundingClientRect().top : Infinity;
    const anchor = blockTop < top && top - blockTop <= window.innerHeight * lowest - below ? block : element;
    anchor.scrollIntoView({block: "start"});  // under the top bar: ui.every_page pads the page's scrolling
  };
  new MutationObserver(() => {
    const element = document.getElementById(id);
    if (!element) { seen = null; return; }
    if (window.__lostFocus && window.__lostFocus()) {  // see ui.every_page's script
      // The focused control was removed and not drawn anew: the focus goes to the element, or to what
      // ``handTo`` names after it (Practice's verdict), in sight.
      const after = handTo && [...document.querySelectorAll(handTo)]
        .find((found) => element.compareDocumentPosition(found) & Node.DOCUMENT_POSITION_FOLLOWING);
      const target = after || element;
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({preventScroll: true});
      bringIntoView(target, 0.9);
    }
    const text = element.textContent + " " + (element.dataset.question || "");
    if (text === seen) return;
    const first = seen === null;
    seen = text;
    if (!first || onAppear) bringIntoView(element, 0.6);
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
})();
</script>"""


def keep_in_view(element_id: str, on_appear: bool = False, hand_focus_to: str | None = None) -> None:
    """Scroll the element with this HTML id into view whenever its text or ``data-question`` attribute changes
    (see the module's docstring), and with ``on_appear`` also when it appears (the exam's result, shown after
    a Submit pressed at the bottom of the page).

    Focus that fell off the page goes to the element, or to the first element after it that matches the CSS
    selector ``hand_focus_to`` (Practice's verdict: after Submit a screen reader says "Correct." rather than
    the question's number again).

    Call on every rerun of a page that shows the element; the script runs once per page load.
    """
    script = (_WATCHER.replace("ELEMENT_ID", json.dumps(element_id)).replace("ON_APPEAR", json.dumps(on_appear))
              .replace("HAND_TO", json.dumps(hand_focus_to)))
    st.html(script, unsafe_allow_javascript=True)
