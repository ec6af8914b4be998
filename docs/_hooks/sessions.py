"""MkDocs hook: copyable sessions, and inline code that wraps only between words.

- Every Python session (a ``pycon`` block, as doctest runs it) gets a
  ``data-copy`` attribute holding the code alone: prompts and output left
  out, a blank line after each multi-line statement so that the text pastes
  into ``python`` as it is. mkdocs-material's copy button copies that
  attribute instead of the text shown; the page still shows the session.
- Inline code (outside code blocks) gets a ``<wbr>`` after each ``.``, ``_``
  and ``/``; the stylesheet forbids breaking anywhere else, so an identifier
  wraps only at its own joints (``respondents_<wbr>above_<wbr>eligible``).
- A page whose front matter says ``wide: true`` gets a marker element the
  stylesheet uses to give its content a wider column.
"""

from __future__ import annotations

import html
import re
from typing import Any

#: A highlighted block whose first line is a ``>>>`` prompt: a Python session.
_PYCON = re.compile(
    r'(<div class="(?:[\w-]+ )?highlight"><pre)(>(?:<span></span>)?<code>)'
    r'(<span class="gp">&gt;&gt;&gt;.*?)(</code></pre>)',
    re.DOTALL,
)
_TAG = re.compile(r"<[^>]+>")
_INLINE_CODE = re.compile(r"(<code(?: [^>]*)?>)([^<]*)(</code>)")
_PRE = re.compile(r"<pre\b.*?</pre>", re.DOTALL)
_DIRECTIVE = re.compile(r"\s*#\s*doctest:.*$")
#: Characters after which inline code may wrap.
_JOINTS = re.compile(r"([._/])(?=[^\s])")


def session_source(session: str) -> str:
    """The code of a doctest session: what to paste into ``python``.

    >>> print(session_source(">>> x = [\\n...     1,\\n... ]\\n>>> x\\n[1]\\n"))
    x = [
        1,
    ]
    <BLANKLINE>
    x
    """
    out: list[str] = []
    multi_line = False
    in_statement = False  # a "..." line after output is output (a traceback's ellipsis)
    for line in session.split("\n"):
        if line.startswith(">>>"):
            if multi_line:
                out.append("")
            multi_line = False
            in_statement = True
            out.append(_DIRECTIVE.sub("", line[4:] if line.startswith(">>> ") else line[3:]))
        elif line.startswith("...") and in_statement:
            multi_line = True
            code = line[4:] if line.startswith("... ") else line[3:]
            out.append(_DIRECTIVE.sub("", code))
        else:
            in_statement = False
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out) + "\n"


def _copyable(match: re.Match[str]) -> str:
    start, middle, code, end = match.groups()
    source = session_source(html.unescape(_TAG.sub("", code)))
    return f'{start} data-copy="{html.escape(source, quote=True)}"{middle}{code}{end}'


def _joints(match: re.Match[str]) -> str:
    start, text, end = match.groups()
    return start + _JOINTS.sub(r"\1<wbr>", text) + end


def _wrap_inline_code(output: str) -> str:
    pieces: list[str] = []
    last = 0
    for pre in _PRE.finditer(output):
        pieces.append(_INLINE_CODE.sub(_joints, output[last : pre.start()]))
        pieces.append(pre.group(0))
        last = pre.end()
    pieces.append(_INLINE_CODE.sub(_joints, output[last:]))
    return "".join(pieces)


def on_page_content(output: str, page: Any, **kwargs: Any) -> str:
    """Add copy text to sessions, wrap points to inline code, and the wide-page marker."""
    output = _PYCON.sub(_copyable, output)
    output = _wrap_inline_code(output)
    if page.meta.get("wide"):
        output = '<div class="ith-wide" hidden></div>\n' + output
    return output
