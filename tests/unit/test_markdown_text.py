"""Text from outside our wording is shown as typed: no Markdown, and no address turned into a link."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ui.markdown_text import SOFT_HYPHEN, VISUALLY_HIDDEN, breakable_error_names, heading, plain

#: Where GitHub-flavoured Markdown starts a link of its own: a scheme and "://", "www.", or an e-mail's "@".
AUTOLINK = re.compile(r"(?i)(https?|ftp)://|www\\\.|[a-z0-9]@[a-z0-9]")


@pytest.mark.parametrize("text", ["see http://example.com/a_b", "Bo www.evil.com", "HTTPS://X.Y", "ana@example.com",
                                  "[x](http://evil)", "WWW.Example.org"])
def test_an_address_in_outside_text_never_becomes_a_link(text: str) -> None:
    assert not AUTOLINK.search(plain(text)), plain(text)
    assert plain(text).replace("\u2060", "").replace("\\", "") == text, "the same characters, shown as typed"


def test_markdown_punctuation_is_escaped() -> None:
    assert plain("**Bo** my_function $LATEST") == "\\*\\*Bo\\*\\* my\\_function \\$LATEST"


#: The straightforward form of ``plain``, which the fast one must match character for character.
_REFERENCE_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>()#+-.!|$~"})
_REFERENCE_AUTOLINK = re.compile(r"((?i:https?|ftp|mailto|xmpp)(?=:)|@|(?i:www)(?=\\\.))")


def reference_plain(text: str) -> str:
    return _REFERENCE_AUTOLINK.sub("\\1\u2060", text.translate(_REFERENCE_ESCAPES))


#: Text made mostly of what matters here: the scheme letters (with the long s and dotless i that
#: case-insensitive matching takes in), colons, @, dots and Markdown's punctuation.
_PIECES = [*"httpsHTTPSftpmailoxwWW:@./\\`*_[]()#+-!|$~ aſıİK", "www.", "http:", "MAILTO:", "xmpp:", "httpſ:"]
_TRICKY = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@settings(max_examples=400)
@given(st.one_of(_TRICKY, st.text()))
def test_plain_gives_exactly_what_the_straightforward_escaping_gives(text: str) -> None:
    assert plain(text) == reference_plain(text)


def test_a_heading_at_its_own_level_is_markdown_and_at_another_keeps_its_look_in_html() -> None:
    assert heading("Timeline", 4, looks_like=4) == "#### Timeline"
    assert heading("Timeline", 2, looks_like=4) == ('<h2 style="font-size: 1.5rem; padding-top: 0.5rem">'
                                                    "Timeline</h2>")
    assert heading("<b>Sync</b> & async", 2, looks_like=5).endswith(">&lt;b&gt;Sync&lt;/b&gt; &amp; async</h2>")
    assert heading("my_function", 3, looks_like=3) == "### my\\_function"


def test_a_headings_context_follows_its_text_out_of_sight_escaped_at_any_level() -> None:
    hidden = f'<span style="{VISUALLY_HIDDEN}">: '
    assert heading("Timeline", 4, looks_like=4, context="proof 2") == f"<h4>Timeline{hidden}proof 2</span></h4>"
    assert heading("Timeline", 2, looks_like=4, context="a <b> & c") == (
        f'<h2 style="font-size: 1.5rem; padding-top: 0.5rem">Timeline{hidden}a &lt;b&gt; &amp; c</span></h2>')


@pytest.mark.parametrize(("text", "breaks"), [
    ("InvalidRequestContentException: Could not parse", "Invalid|Request|Content|Exception: Could not parse"),
    ("KMSAccessDeniedException", "KMS|Access|Denied|Exception"),
    ("see TooManyRequestsException and ResourceNotFoundException", "see Too|Many|Requests|Exception and "
                                                                   "Resource|Not|Found|Exception"),
    ("ValidationException: short names fit and stay whole", "ValidationException: short names fit and stay whole"),
    ("InvalidParameterValue is not an error name", "InvalidParameterValue is not an error name"),
])
def test_a_long_aws_error_name_may_break_only_between_its_words(text: str, breaks: str) -> None:
    assert breakable_error_names(text).replace(SOFT_HYPHEN, "|") == breaks


@given(st.text())
def test_breaking_names_only_adds_soft_hyphens(text: str) -> None:
    assert breakable_error_names(text).replace(SOFT_HYPHEN, "") == text.replace(SOFT_HYPHEN, "")
