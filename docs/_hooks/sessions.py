"""MkDocs hook: copyable sessions, and inline code that wraps only between words.

- Every Python session (a ``pycon`` block, as doctest runs it) gets a
  ``data-copy`` attribute holding the code alone: prompts and output left
  out, a blank line after each statement that opens a block or runs over
  several lines and none inside one, so that the text pastes into
  ``python`` as it is. mkdocs-material's copy button copies that
  attribute instead of the text shown; the page still shows the session.
- Every shell session (a ``console`` block) likewise copies its commands
  alone: no ``$`` prompt, no output.
- Inline code (outside code blocks) gets a ``<wbr>`` after each ``.``, ``_``
  and ``/`` (and, in a word of 24 letters or more, before each capital
  after a small letter: ``Test<wbr>D3<wbr>Forty...``); the stylesheet
  forbids breaking anywhere else, so an identifier wraps only at its own
  joints (``respondents_<wbr>above_<wbr>eligible``).
- A page whose front matter says ``wide: true`` gets a marker element the
  stylesheet uses to give its content a wider column.
"""

from __future__ import annotations

import ast
import html
import io
import re
import tokenize
from typing import Any

#: A highlighted block whose first line is a ``>>>`` prompt: a Python session.
_PYCON = re.compile(
    r'(<div class="(?:[\w-]+ )?highlight"><pre)(>(?:<span></span>)?<code>)'
    r'(<span class="gp">&gt;&gt;&gt;.*?)(</code></pre>)',
    re.DOTALL,
)
#: A highlighted block whose first line is a ``$`` prompt: a shell session.
_CONSOLE = re.compile(
    r'(<div class="(?:[\w-]+ )?highlight"><pre)(>(?:<span></span>)?<code>)'
    r'(<span class="gp">\$ .*?)(</code></pre>)',
    re.DOTALL,
)
_TAG = re.compile(r"<[^>]+>")
_INLINE_CODE = re.compile(r"(<code(?: [^>]*)?>)([^<]*)(</code>)")
_PRE = re.compile(r"<pre\b.*?</pre>", re.DOTALL)
_DIRECTIVE = re.compile(r"\s*#\s*doctest:.*$")
#: Characters after which inline code may wrap.
_JOINTS = re.compile(r"([._/])(?=[^\s])")
#: A run of letters and digits too long for a phone's column without a joint
#: (``TestD3FortyPercentOfEndingsProformasIsLevel2``) may also wrap at its humps.
_LONG_WORD = re.compile(r"[A-Za-z0-9]{24,}")
_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def session_source(session: str) -> str:
    """The code of a doctest session: what to paste into ``python``.

    Python's prompt ends a block at a blank line and refuses a new statement
    until the block has ended, so a statement that opens a block (even on one
    line: ``for x in y: print(x)``) or runs over several lines is followed by
    a blank line, and a blank line inside one (between two methods) is left
    out, unless it is part of a string.

    >>> print(session_source(">>> x = [\\n...     1,\\n... ]\\n>>> x\\n[1]\\n"))
    x = [
        1,
    ]
    <BLANKLINE>
    x
    """
    statements: list[list[str]] = []
    in_statement = False  # a "..." line after output is output (a traceback's ellipsis)
    for line in session.split("\n"):
        if line.startswith(">>>"):
            in_statement = True
            code = line[4:] if line.startswith(">>> ") else line[3:]
            statements.append([_DIRECTIVE.sub("", code)])
        elif line.startswith("...") and in_statement:
            code = line[4:] if line.startswith("... ") else line[3:]
            statements[-1].append(_DIRECTIVE.sub("", code))
        else:
            in_statement = False
    out: list[str] = []
    for index, statement in enumerate(statements):
        lines = _without_blank_lines(statement)
        out += lines
        if index < len(statements) - 1 and (len(lines) > 1 or _opens_a_block(lines)):
            out.append("")
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out) + "\n"


#: Statements that open a block, which the prompt closes only at a blank line.
_COMPOUND = (
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.If,
    ast.With,
    ast.AsyncWith,
    ast.Try,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Match,
)


def _opens_a_block(lines: list[str]) -> bool:
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return False
    return any(isinstance(node, _COMPOUND) for node in tree.body)


def _without_blank_lines(lines: list[str]) -> list[str]:
    """A statement's lines less its blank ones, except those inside a string."""
    if all(line.strip() for line in lines):
        return lines
    keep: set[int] = set()
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline))
    except (tokenize.TokenError, SyntaxError):
        return lines
    for token in tokens:
        if token.type == tokenize.STRING and token.end[0] > token.start[0]:
            keep.update(range(token.start[0], token.end[0] + 1))
    return [line for number, line in enumerate(lines, 1) if line.strip() or number in keep]


def console_source(session: str) -> str:
    """The commands of a shell session: what to paste into a terminal.

    >>> print(console_source("$ ithrive rules verify\\nruleset ...: sound\\n$ echo $?\\n0\\n"))
    ithrive rules verify
    echo $?
    """
    commands = [line[2:] for line in session.split("\n") if line.startswith("$ ")]
    return "\n".join(commands) + "\n"


def _copyable(match: re.Match[str]) -> str:
    start, middle, code, end = match.groups()
    source = session_source(html.unescape(_TAG.sub("", code)))
    return f'{start} data-copy="{html.escape(source, quote=True)}"{middle}{code}{end}'


def _copyable_commands(match: re.Match[str]) -> str:
    start, middle, code, end = match.groups()
    source = console_source(html.unescape(_TAG.sub("", code)))
    return f'{start} data-copy="{html.escape(source, quote=True)}"{middle}{code}{end}'


def inline_breaks(text: str) -> str:
    """Inline code with a ``<wbr>`` at each joint: after ``.``, ``_`` and ``/``.

    A long word with no such joint also gets one before each capital that
    follows a small letter or digit.

    >>> inline_breaks("respondents_above_eligible")
    'respondents_<wbr>above_<wbr>eligible'
    >>> inline_breaks("tests/a.py::TestD3FortyPercentOfEndingsProformas")
    'tests/<wbr>a.<wbr>py::Test<wbr>D3<wbr>Forty<wbr>Percent<wbr>Of<wbr>Endings<wbr>Proformas'
    >>> inline_breaks("InvalidEvidenceError")
    'InvalidEvidenceError'
    """
    text = _LONG_WORD.sub(lambda m: _HUMP.sub("<wbr>", m.group(0)), text)
    return _JOINTS.sub(r"\1<wbr>", text)


def _joints(match: re.Match[str]) -> str:
    start, text, end = match.groups()
    return start + inline_breaks(text) + end


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
    output = _CONSOLE.sub(_copyable_commands, output)
    output = _wrap_inline_code(output)
    if page.meta.get("wide"):
        output = '<div class="ith-wide" hidden></div>\n' + output
    return output
