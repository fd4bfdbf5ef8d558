"""Reading a JSON file that may be hostile: bounded in size, nesting and digits, and never blocking.

:func:`read_json` refuses before parsing what would cost more than the file
is worth: something that is not a regular file (a FIFO would block, a device
never end), more than ``max_bytes``, nesting deeper than ``max_depth``, an
integer longer than ``MAX_INT_DIGITS`` digits (int() of a long digit string
takes time quadratic in its length).  Every refusal is a ValueError; the
caller adds the file name.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "x.json"
>>> _ = path.write_text('{"a": [1, 2.5]}')
>>> read_json(path, max_bytes=100, max_depth=4)
{'a': [1, 2.5]}
>>> _ = path.write_text("[" * 50 + "]" * 50)
>>> read_json(path, max_bytes=100, max_depth=4)
Traceback (most recent call last):
...
ValueError: JSON nested 50 levels deep; at most 4 are expected
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["MAX_INT_DIGITS", "read_json"]

MAX_INT_DIGITS = 30  # far beyond any size or weight; a 64-bit integer has at most 20

_STRING = re.compile(rb'"[^"]*"')
_NOT_SPECIAL = bytes(b for b in range(256) if b not in b'"[]{}')
_KINDS = {
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
}


def _read_bounded(path: Path, max_bytes: int) -> bytes:
    st = os.stat(path)  # follows a symbolic link, as open() would
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(f"{path}: is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise ValueError(f"not a regular file but {_KINDS.get(stat.S_IFMT(st.st_mode), 'something else')}")
    if st.st_size > max_bytes:
        raise ValueError(
            f"{st.st_size:,} bytes, more than a model file may have ({max_bytes:,} bytes at most)"
        )
    # O_NONBLOCK: should the name now be a FIFO after all, opening it must not wait for a writer.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise ValueError("not a regular file")
        raw = f.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise ValueError(f"more than a model file may have ({max_bytes:,} bytes at most)")
    return raw


def _depth(raw: bytes) -> int:
    """The deepest nesting of ``[`` and ``{`` outside strings (a string with a stray quote counts as text).

    Escaped backslashes, then escaped quotes, are dropped; then only quotes and
    brackets are kept, the strings (``"…"``) removed, and the brackets counted.
    """
    plain = raw.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_SPECIAL)
    brackets = _STRING.sub(b"", plain).translate(None, b'"')
    code = np.frombuffer(brackets, dtype=np.uint8)
    step = np.where((code == ord("[")) | (code == ord("{")), 1, -1)
    return int(np.cumsum(step).max(initial=0))


def _int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise ValueError(
            f"an integer of {digits:,} digits; numbers in a model file have at most {MAX_INT_DIGITS}"
        )
    return int(text)


def read_json(path: str | os.PathLike[str], max_bytes: int, max_depth: int) -> Any:
    """The JSON document in the file at ``path``, or a ValueError saying why it is refused.

    Raises:
        ValueError: not a regular file, too large, not UTF-8, not JSON, too deep, an over-long integer.
        OSError: the file cannot be opened (missing, a folder, no permission).
    """
    raw = _read_bounded(Path(path), max_bytes)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"not a model file (not UTF-8 text at byte {e.start})") from None
    depth = _depth(raw)
    if depth > max_depth:
        raise ValueError(f"JSON nested {depth:,} levels deep; at most {max_depth} are expected")
    try:
        return json.loads(text, parse_int=_int)
    except json.JSONDecodeError as e:
        raise ValueError(
            f"not valid JSON, the file is truncated or corrupt ({e.msg} at line {e.lineno} column {e.colno})"
        ) from None
    except RecursionError:  # the depth check should have caught it; never let it escape
        raise ValueError("JSON nested too deeply") from None
