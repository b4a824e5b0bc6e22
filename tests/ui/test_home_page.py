"""The Home page says what the app is and leads to every other page."""

from __future__ import annotations


def test_home_explains_the_app_and_links_every_page(open_page) -> None:
    at = open_page("app.py")
    at.run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "asynchronous invocations" in text and "Lambda Destinations" in text
    assert [link.proto.page for link in at.get("page_link")] == ["learn", "lab", "practice", "exam", "progress"]
