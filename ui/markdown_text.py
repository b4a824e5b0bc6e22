"""Text from outside our own wording (AWS's error messages, names a learner typed) shown in Markdown as typed."""

_MARKDOWN_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>()#+-.!|$~"})


def plain(text: str) -> str:
    """Escape Markdown, so ``$LATEST``, ``my_function`` or AWS's ``[a-zA-Z0-9-_\\.]+`` pattern show as they are."""
    return text.translate(_MARKDOWN_ESCAPES)
