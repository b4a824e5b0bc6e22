"""Text from outside our own wording (AWS's error messages, names a learner typed) shown in Markdown as typed."""

import re

_MARKDOWN_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>()#+-.!|$~"})
#: Markdown turns a bare web address or e-mail address into a link whatever is escaped (and an escape's
#: backslash then lands inside the address): an invisible word joiner (U+2060) where a link would start
#: keeps it plain text: between a scheme and its colon (after the colon it would count as part of the address),
#: after an @, or after a www.
_AUTOLINK_START = re.compile(r"((?i:https?|ftp|mailto|xmpp)(?=:)|@|(?i:www)(?=\\\.))")


def plain(text: str) -> str:
    """Escape Markdown, so ``$LATEST``, ``my_function`` or AWS's ``[a-zA-Z0-9-_\\.]+`` pattern show as they are,
    and a web or e-mail address in it stays text rather than becoming a link."""
    return _AUTOLINK_START.sub("\\1\u2060", text.translate(_MARKDOWN_ESCAPES))
