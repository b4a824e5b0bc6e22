"""Markdown text: what comes from outside our own wording (AWS's error messages, names a learner typed) shown as
typed, long AWS error names that may break between their words, and headings at any level of a page's outline."""

import html
import re

#: Characters Markdown would read as syntax; each gets a backslash (the backslash itself first).
_MARKDOWN_PUNCTUATION = "\\`*_{}[]<>()#+-.!|$~"
#: Markdown turns a bare web address or e-mail address into a link whatever is escaped (and an escape's
#: backslash then lands inside the address): an invisible word joiner (U+2060) where a link would start
#: keeps it plain text: between a scheme and its colon (after the colon it would count as part of the address),
#: after an @, or after a www.
_AUTOLINK_START = re.compile(r"((?i:https?|ftp|mailto|xmpp)(?=:)|@|(?i:www)(?=\\\.))")
#: A scheme's last letter right before a colon (``[pso]`` case-insensitively, which takes in the long s that
#: ``(?i:s)`` matches too): without one, no scheme can start a link.
_SCHEME_END = re.compile(r"(?i)[pso]:")


SOFT_HYPHEN = "\u00ad"
#: An AWS error name too long for a narrow column (the Lab's 300 px sidebar holds about 24 letters a line).
_LONG_ERROR_NAME = re.compile(r"\b[A-Za-z0-9]{13,}(?:Exception|Error)\b")
#: Where its words meet: ``Content|Exception``, ``KMS|Access``, ``EC2|Throttled``.
_WORD_JOINS = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def breakable_error_names(text: str) -> str:
    """Let a long AWS error name break between its words, with a hyphen, rather than anywhere.

    In the sidebar, "InvalidRequestContentException" broke as "InvalidRequestContentExc|eption". A soft
    hyphen is invisible unless the line breaks there; find-in-page ignores it, and ui.every_page's script drops
    it from copied text, so the name copied is the name AWS sends.
    """
    return _LONG_ERROR_NAME.sub(lambda name: _WORD_JOINS.sub(SOFT_HYPHEN, name.group()), text)


def plain(text: str) -> str:
    """Escape Markdown, so ``$LATEST``, ``my_function`` or AWS's ``[a-zA-Z0-9-_\\.]+`` pattern show as they are,
    and a web or e-mail address in it stays text rather than becoming a link.

    Called for every cell of a timeline and every line of a diagram's description, so it is written for
    speed: one ``str.replace`` per punctuation mark present (several times faster than ``str.translate``
    with a table), and the address pattern only where an @, a www or a scheme before a colon can be.
    """
    escaped = text
    for mark in _MARKDOWN_PUNCTUATION:
        if mark in escaped:
            escaped = escaped.replace(mark, "\\" + mark)
    if "@" in text or ("." in text and "www" in text.lower()) or (":" in text and _SCHEME_END.search(text)):
        return _AUTOLINK_START.sub("\\1\u2060", escaped)
    return escaped


#: Streamlit's own size and top padding of a heading level (measured in Chromium), so a heading can sit at
#: another level of the page's outline and keep its look.
_HEADING_LOOKS = {3: "font-size: 1.75rem; padding-top: 0.75rem", 4: "font-size: 1.5rem; padding-top: 0.5rem",
                  5: "font-size: 1.25rem; padding-top: 0.375rem"}
#: Out of sight, still read by screen readers (and counted in a heading's text and id).
VISUALLY_HIDDEN = ("position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); "
                   "white-space: nowrap; margin: 0; padding: 0")


def heading(text: str, level: int, looks_like: int, context: str = "") -> str:
    """A heading for Markdown: ``level`` in the page's outline, drawn at the size of ``looks_like``.

    A widget shared by several pages (the timeline, a run's title) sits under an h1 on one page and under an
    h3 on another; its level follows the page, so screen-reader users' list of headings skips none, and its
    size stays the one that fits the widget. ``context`` follows the text out of sight ("Timeline: proof 2"):
    where a page repeats a widget, its headings stay apart in a screen reader's list of headings, and their
    ids (Streamlit makes one from a heading's text) stay unique. HTML when the level and look differ or there
    is a context: the Markdown element must then allow HTML. ``text`` and ``context`` are escaped.
    """
    if level == looks_like and not context:
        return f"{'#' * level} {plain(text)}"
    style = f' style="{_HEADING_LOOKS[looks_like]}"' if level != looks_like else ""
    hidden = f'<span style="{VISUALLY_HIDDEN}">: {html.escape(context)}</span>' if context else ""
    return f"<h{level}{style}>{html.escape(text)}{hidden}</h{level}>"
