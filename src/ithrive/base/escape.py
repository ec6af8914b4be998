"""One escaping function per output format: HTML, Markdown and the terminal.

Every value a report, table or message interpolates goes through the
function of its format, whatever its origin: user text (a locality, a note,
a rater), but also ids, codes and ruleset names, which a hand-made ruleset
or scorecard document can set to anything.

- :func:`escape_html` escapes markup (``<``, ``>``, ``&`` and both quotes)
  and, with ``isolate=True``, wraps text that contains right-to-left
  characters or bidirectional controls in ``<bdi>``, so that it cannot
  reorder what follows it on the line;
- :func:`escape_markdown` makes text inert in Markdown: every character
  that could start markup is backslash-escaped, line breaks and other
  control characters become spaces, and right-to-left text is isolated
  (first-strong isolate U+2068 ... U+2069), its own bidirectional controls
  removed. With ``code=True`` an id or code is written as a code span when
  it is made of characters that cannot close one, else as escaped text;
- :func:`escape_terminal` turns control characters (newlines, tabs, the
  escape character of terminal sequences) into spaces, characters that
  cannot be written as UTF-8 (lone surrogates) into U+FFFD, and removes
  bidirectional controls, isolating right-to-left text.

>>> escape_html('<script>alert("x")</script>')
'&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
>>> print(escape_markdown("`a` | <b> *c*"))
\\`a\\` \\| \\<b\\> \\*c\\*
>>> print(escape_markdown("micro.2", code=True), escape_markdown("x`y", code=True))
`micro.2` x\\`y
>>> escape_terminal("North\\x1b]0;title\\x07vale")
'North ]0;title vale'
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = [
    "BIDI_CONTROLS",
    "escape_html",
    "escape_markdown",
    "escape_terminal",
    "needs_isolation",
]

#: Explicit bidirectional formatting characters: embeddings and overrides
#: (U+202A-U+202E), isolates (U+2066-U+2069) and marks (U+200E, U+200F, U+061C).
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)

_FSI, _PDI = "\u2068", "\u2069"
_RTL_CLASSES = frozenset({"R", "AL"})
_BIDI_RE = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")

#: Characters never written as given: C0 and C1 controls, DEL, and the line
#: and paragraph separators (which Markdown and some terminals treat as line breaks).
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")

#: Markdown characters escaped wherever they appear (python-markdown and
#: CommonMark both read a backslash before each as the character itself).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|])")
#: What opens a block when it starts a line: a heading (python-markdown needs
#: no space after ``#``), a list entry or a numbered entry (each needs a space
#: or the end after it: ``1.0.0`` opens nothing), or three dashes (a thematic
#: break, whatever follows).
_MD_LINE_START = re.compile(r"^(#)|^([-+]|\d{1,9}[.)])(?=[ \t]|$)|^(-)(?=[ \t]*-[ \t]*-)")
#: An id or code safe inside a code span: nothing that could close it or break a table.
_MD_CODE_SAFE = re.compile(r"[A-Za-z0-9_.:/+\-]+")


def needs_isolation(text: str) -> bool:
    """Whether ``text`` holds a right-to-left character or a bidirectional control.

    Such text can reorder its neighbours on the line when shown, so reports
    isolate it. Plain left-to-right text is written as it is.

    >>> needs_isolation("Camden"), needs_isolation("\\u202eevil"), needs_isolation("שלום")
    (False, True, True)
    """
    if text.isascii():
        return False
    return any(c in BIDI_CONTROLS or unicodedata.bidirectional(c) in _RTL_CLASSES for c in text)


def _isolated(text: str) -> str:
    """``text`` without its own bidi controls, between a first-strong isolate and its end."""
    return _FSI + _BIDI_RE.sub("", text) + _PDI


def escape_html(value: object, *, isolate: bool = False) -> str:
    """``value`` as text safe anywhere in HTML: element content and quoted attributes.

    Lone surrogates (which UTF-8 cannot hold) become U+FFFD. With
    ``isolate=True`` (for text from users), text that needs bidirectional
    isolation is wrapped in ``<bdi>``; use it in element content only.

    >>> escape_html("a & b"), escape_html("\\u202eabc", isolate=True)
    ('a &amp; b', '<bdi>\\u202eabc</bdi>')
    """
    text = _SURROGATE_RE.sub("\ufffd", str(value))
    out = html.escape(text, quote=True)
    if isolate and needs_isolation(text):
        return f"<bdi>{out}</bdi>"
    return out


def escape_markdown(value: object, *, code: bool = False) -> str:
    """``value`` as inert Markdown text on one line (a table cell, a heading, a list entry).

    Every character that could open markup is backslash-escaped, ``&`` is
    written as ``&amp;`` (so no entity is decoded), control characters and
    line separators become spaces, lone surrogates become U+FFFD, and text
    that needs bidirectional isolation is isolated. With ``code=True`` the
    value is an id or code: a code span if it is made only of letters,
    digits and ``_.:/+-``, else escaped text like any other.

    >>> print(escape_markdown("# heading\\r<img src=x onerror=alert(1)>"))
    \\# heading \\<img src=x onerror=alert(1)\\>
    """
    text = _SURROGATE_RE.sub("\ufffd", str(value))
    if code and _MD_CODE_SAFE.fullmatch(text):
        return f"`{text}`"
    text = _CONTROL_RE.sub(" ", text).lstrip(" ")  # four spaces would open a code block
    isolate = needs_isolation(text)
    text = _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))
    text = _MD_LINE_START.sub(lambda m: (g := m.group(m.lastindex or 0))[:-1] + "\\" + g[-1], text)
    return _isolated(text) if isolate else text


def escape_terminal(value: object) -> str:
    """``value`` as text safe to write to a terminal: no control sequence can reach it.

    Control characters (including newlines, tabs and ESC) become spaces,
    lone surrogates become U+FFFD, and text that needs bidirectional
    isolation loses its own controls and is isolated.

    >>> escape_terminal("a\\tb\\nc"), escape_terminal("x\\ud800")
    ('a b c', 'x\\ufffd')
    """
    text = _CONTROL_RE.sub(" ", _SURROGATE_RE.sub("\ufffd", str(value)))
    return _isolated(text) if needs_isolation(text) else text
