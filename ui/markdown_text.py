"""Text from outside our own wording (AWS's error messages, names a learner typed) shown in Markdown as typed."""

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
