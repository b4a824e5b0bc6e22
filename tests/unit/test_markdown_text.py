"""Text from outside our wording is shown as typed: no Markdown, and no address turned into a link."""

from __future__ import annotations

import re

import pytest

from ui.markdown_text import plain

#: Where GitHub-flavoured Markdown starts a link of its own: a scheme and "://", "www.", or an e-mail's "@".
AUTOLINK = re.compile(r"(?i)(https?|ftp)://|www\\\.|[a-z0-9]@[a-z0-9]")


@pytest.mark.parametrize("text", ["see http://example.com/a_b", "Bo www.evil.com", "HTTPS://X.Y", "ana@example.com",
                                  "[x](http://evil)", "WWW.Example.org"])
def test_an_address_in_outside_text_never_becomes_a_link(text: str) -> None:
    assert not AUTOLINK.search(plain(text)), plain(text)
    assert plain(text).replace("\u2060", "").replace("\\", "") == text, "the same characters, shown as typed"


def test_markdown_punctuation_is_escaped() -> None:
    assert plain("**Bo** my_function $LATEST") == "\\*\\*Bo\\*\\* my\\_function \\$LATEST"
