"""The project's one way to write a file: all of it or nothing, and only where a file belongs.

:func:`write_atomic` writes the bytes to a temporary file in the target's
folder, flushes them to disk, and renames the temporary file over the
target, so a reader sees the old file or the new one, never half of one;
on any failure the temporary file is removed and the target is unchanged.

A rename replaces whatever has the name, so it is done only where that is
what a user means:

- a new name in an existing folder: the file is created with the process
  umask applied, as ``open(path, "w")`` would create it;
- an existing regular file that is writable: it is replaced, keeping its
  permission bits (and, where allowed, its owner and group).

Anything else is refused before anything is written: a folder
(IsADirectoryError), a read-only file (PermissionError, judged by its mode
bits, so also for root, who could write it anyway), and a symbolic link,
a device such as ``/dev/null``, a FIFO or a socket
(:class:`NotARegularFileError`), which a rename would replace by a plain
file.  A regular file with several hard links is replaced under this name
only; the other names keep the old contents.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_atomic(folder / "note.txt", "hello\\n").read_text()
'hello\\n'
>>> write_atomic(folder, b"x")
Traceback (most recent call last):
...
IsADirectoryError: cannot write '...': it is a folder; give a file name inside it
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

__all__ = ["NotARegularFileError", "check_writable", "write_atomic"]

_KINDS = {
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
}


class NotARegularFileError(OSError):
    """The target exists but is not a regular file (a symbolic link, a device, a FIFO, a socket)."""


def _folder(p: Path) -> Path:
    return p.parent if str(p.parent) else Path(".")


def check_writable(path: str | os.PathLike[str]) -> os.stat_result | None:
    """Check that ``path`` may be written by :func:`write_atomic`; its ``lstat`` if it exists, else None.

    Raises:
        FileNotFoundError, NotADirectoryError: the folder is missing or is not a folder.
        IsADirectoryError: ``path`` is a folder.
        NotARegularFileError: ``path`` is a symbolic link, a device, a FIFO or a socket.
        PermissionError: ``path`` is a read-only file.
    """
    p = Path(path)
    shown = repr(str(p))
    try:
        st = os.lstat(p)
    except FileNotFoundError:
        folder = _folder(p)
        if not folder.exists():
            raise FileNotFoundError(
                f"cannot write {shown}: the folder {str(folder)!r} does not exist"
            ) from None
        if not folder.is_dir():
            raise NotADirectoryError(f"cannot write {shown}: {str(folder)!r} is not a folder") from None
        return None
    except NotADirectoryError:
        raise NotADirectoryError(f"cannot write {shown}: {str(_folder(p))!r} is not a folder") from None
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(f"cannot write {shown}: it is a folder; give a file name inside it")
    if stat.S_ISLNK(mode):
        raise NotARegularFileError(
            f"cannot write {shown}: it is a symbolic link (to {os.readlink(p)!r}), which writing would "
            "replace by a plain file; nothing was written. Give the path it points to, or remove the link"
        )
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
        raise NotARegularFileError(
            f"cannot write {shown}: it is {kind}, which writing would replace by a plain file; "
            "nothing was written. Give the name of a regular file"
        )
    if not mode & 0o222 or not os.access(p, os.W_OK):
        raise PermissionError(
            f"cannot write {shown}: the file is read-only (mode {stat.S_IMODE(mode):o}); nothing was "
            "written. Make it writable (chmod u+w) or give another name"
        )
    return st


def _create_temp(p: Path) -> tuple[int, Path]:
    """A new, empty file beside ``p``, created as ``open()`` creates one (mode 0o666 less the umask)."""
    folder = _folder(p)
    stem = p.name[:100]  # keep the temporary name within the file system's limit
    for _ in range(100):
        tmp = folder / f".{stem}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(
                tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666
            ), tmp
        except FileExistsError:
            continue
        except OSError as e:
            raise type(e)(
                e.errno, f"cannot write {str(p)!r}: cannot create a file in {str(folder)!r}: {e.strerror}"
            ) from None
    raise FileExistsError(f"cannot write {str(p)!r}: no free temporary name in {str(_folder(p))!r}")


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the system allows opening a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write ``data`` (``str`` as UTF-8) to ``path`` all at once, by a temporary file and a rename.

    Only a new name or a writable regular file is written (see the module
    docstring); on any error nothing changes.  Returns the path written.
    """
    p = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    old = check_writable(p)
    fd, tmp = _create_temp(p)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            if old is not None:
                new = os.fstat(f.fileno())
                if (old.st_uid, old.st_gid) != (new.st_uid, new.st_gid):
                    with contextlib.suppress(OSError, AttributeError):  # only root may give files away
                        os.chown(tmp, old.st_uid, old.st_gid)
                os.chmod(tmp, stat.S_IMODE(old.st_mode))  # after chown, which clears set-id bits
            os.fsync(f.fileno())
        check_writable(p)  # again, just before the rename: the target may have changed meanwhile
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_folder(_folder(p))
    return p
