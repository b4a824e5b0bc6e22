"""Whether an element is in sight: in the window and not under Streamlit's top bar (ui.keep_in_view's promise)."""

from __future__ import annotations

from contextlib import suppress

from playwright.sync_api import Error as PlaywrightError

#: Where the element is, against the window: its top, the top bar's bottom, the window's height.
PLACE = """id => { const element = document.getElementById(id);
    return [element.getBoundingClientRect().top, document.querySelector('header').getBoundingClientRect().bottom,
            window.innerHeight]; }"""
#: In sight: from the top bar's bottom to 48 px above the window's bottom.
_IN_SIGHT = f"""id => {{ const [top, headerBottom, height] = ({PLACE})(id);
    return headerBottom - 1 <= top && top < height - 48; }}"""


def assert_in_view(page, element_id: str) -> None:
    """The element is in the window, not under the top bar, within a few seconds (the scroll follows the rerun,
    later on a slow machine)."""
    with suppress(PlaywrightError):  # the assertion below says where it is
        page.wait_for_function(_IN_SIGHT, arg=element_id, timeout=5_000)
    page.wait_for_timeout(300)  # and it stays there
    top, header_bottom, height = page.evaluate(PLACE, element_id)
    assert header_bottom - 1 <= top < height - 48, (top, header_bottom, height)
