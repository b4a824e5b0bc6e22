"""Whether an element is in sight: in the window and not under Streamlit's top bar (ui.keep_in_view's promise)."""

from __future__ import annotations

#: Where the element is, against the window: its top, the top bar's bottom, the window's height.
PLACE = """id => { const element = document.getElementById(id);
    return [element.getBoundingClientRect().top, document.querySelector('header').getBoundingClientRect().bottom,
            window.innerHeight]; }"""


def assert_in_view(page, element_id: str) -> None:
    """The element is in the window, not under the top bar; a moment is left for the scroll to happen."""
    page.wait_for_timeout(500)
    top, header_bottom, height = page.evaluate(PLACE, element_id)
    assert header_bottom - 1 <= top < height - 48, (top, header_bottom, height)
