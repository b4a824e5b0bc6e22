"""What only a browser shows on the Practice page: how the options read once an answer is submitted."""

from __future__ import annotations

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
    colours = page.evaluate(_OPTION_COLOURS)
    assert len(colours) >= 3
    assert all(colour.startswith("rgb(") for colour in colours), f"locked options drawn faded: {colours}"
