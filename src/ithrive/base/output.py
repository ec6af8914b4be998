"""Writing a command's output: to standard output, or to a file as standard tools do.

:func:`write_output` writes text, encoded as UTF-8 first (so text that
cannot be written fails before anything is), to standard output or to the
path given with ``--output``:

- a regular file (or a new one) is replaced atomically: the text goes to a
  temporary file beside it, which takes the old file's mode (a new file:
  the umask's) and is renamed over it only once everything is written. On
  any failure the temporary file is removed and the old file is untouched;
- a symbolic link is written through: its target is replaced as above and
  the link stays a link;
- a FIFO, character device or socket (``/dev/stdout``, ``/dev/null``, a
  named pipe) is opened and written directly, never replaced;
- a file the user may not write (such as one of mode 0444), a folder, or a
  place no file can be made is refused with the code ``unwritable``, and
  nothing is written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import sys

from ithrive.base._unwritable import reason_of, unwritable
from ithrive.base.encoding import unencodable_reason
from ithrive.errors import InputError

__all__ = ["write_output"]


def _encode(text: str | bytes) -> bytes:
    if isinstance(text, bytes):
        return text
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(
            f"the output cannot be written: {unencodable_reason(text)}", code="unencodable_text"
        ) from None


def write_output(text: str | bytes, path: str | os.PathLike[str] | None = None) -> None:
    """Write ``text`` to standard output (``path`` ``None`` or ``"-"``) or to ``path``.

    Text is written as UTF-8; bytes (a workbook, say) as they are.

    Raises :class:`~ithrive.errors.InputError` with the code ``unwritable``
    (the path cannot be written; nothing is) or ``unencodable_text`` (the
    text holds a lone surrogate; nothing is written). Standard output gets
    UTF-8 bytes, whatever the locale's encoding.

    >>> write_output("THRIVE-like\\n")
    THRIVE-like
    """
    data = _encode(text)
    if path is None or path == "-":
        _write_stdout(text, data)
        return
    name = os.fspath(path)
    try:
        info: os.stat_result | None = os.stat(name)  # follows a symbolic link to its target
    except FileNotFoundError:
        info = None
    except (OSError, ValueError) as err:  # ValueError: a NUL character in the path
        raise unwritable(name, reason_of(err)) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise unwritable(name, "it is a folder")
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_directly(name, data)
        return
    target = os.path.realpath(name)  # a link is written through to its target
    if info is not None and (not os.access(target, os.W_OK) or not info.st_mode & 0o222):
        raise unwritable(name, "the file is read-only")
    _replace(name, target, data, mode=None if info is None else stat.S_IMODE(info.st_mode))


def _write_stdout(text: str | bytes, data: bytes) -> None:
    """Write to standard output; a full disk or a closed stream is ``unwritable``.

    A reader that went away (``BrokenPipeError``) is left to the caller,
    which stops quietly as ``| head`` expects.
    """
    stdout = sys.stdout
    if stdout is None:  # started with standard output closed (``>&-``)
        raise unwritable("-", "standard output is closed")
    try:
        buffer = getattr(stdout, "buffer", None)
        if buffer is None:  # a text stream put in place of standard output
            stdout.write(data.decode("utf-8") if isinstance(text, bytes) else text)
        else:  # UTF-8 bytes, whatever the locale's encoding
            stdout.flush()
            buffer.write(data)
            buffer.flush()
        stdout.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as err:  # ValueError: a closed stream
        raise unwritable("-", getattr(err, "strerror", None) or str(err)) from None


def _write_directly(name: str, data: bytes) -> None:
    """Write to a FIFO or a device as a shell redirection would."""
    try:
        fd = os.open(name, os.O_WRONLY)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except OSError as err:
        raise unwritable(name, err.strerror) from None


def _replace(name: str, target: str, data: bytes, *, mode: int | None) -> None:
    """Write ``data`` to a temporary file beside ``target`` and rename it over ``target``."""
    folder = os.path.dirname(target) or "."
    try:
        fd, tmp = _temporary(folder)
    except OSError as err:
        raise unwritable(name, err.strerror) from None
    done = False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
        done = True
    except OSError as err:
        raise unwritable(name, err.strerror) from None
    finally:
        if not done:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _temporary(folder: str) -> tuple[int, str]:
    """A new temporary file in ``folder``, opened for writing: ``(descriptor, path)``.

    It is made with mode 0666 less the umask, as a new output file would be,
    without reading the umask: ``os.umask`` sets it for the whole process,
    so reading it would leave every other thread's new files world-writable
    for a moment.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        path = os.path.join(folder, f".ithrive-{secrets.token_hex(8)}.tmp")
        try:
            return os.open(path, flags, 0o666), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name")
