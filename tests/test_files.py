"""autograd.files.write_atomic: a new file or a writable regular file, written whole; anything else refused."""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from autograd import Value, animate, render
from autograd.files import NotARegularFileError, check_writable, write_atomic
from nn import MLP, save

posix = pytest.mark.skipif(os.name != "posix", reason="POSIX file types and modes")


def _listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _char_device(tmp_path: Path) -> Path:
    """A null device node of our own (root may make one), so the real /dev/null is never at risk."""
    dev = tmp_path / "null"
    try:
        os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (OSError, AttributeError):
        pytest.skip("cannot make a device node here (needs root)")
    return dev


# --- what is written -----------------------------------------------------------------


def test_a_new_file_gets_the_data_whole_and_nothing_else_is_left(tmp_path: Path) -> None:
    out = write_atomic(tmp_path / "a.bin", b"\x00\x01data")
    assert out == tmp_path / "a.bin" and out.read_bytes() == b"\x00\x01data"
    assert _listing(tmp_path) == ["a.bin"]


def test_text_is_written_as_utf8(tmp_path: Path) -> None:
    assert write_atomic(tmp_path / "t.txt", "∂L/∂x = 6\n").read_bytes() == "∂L/∂x = 6\n".encode()


@posix
@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_gets_the_umask_as_open_gives_it(tmp_path: Path, mask: int, mode: int) -> None:
    # Before: nn.save made every new file 0600, whatever the umask.
    old = os.umask(mask)
    try:
        write_atomic(tmp_path / "new.json", b"{}")
        with open(tmp_path / "by-open.json", "w"):
            pass
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == mode
    assert stat.S_IMODE((tmp_path / "by-open.json").stat().st_mode) == mode


@posix
@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o755])
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask: None, mode: int) -> None:
    path = tmp_path / "m.json"
    path.write_bytes(b"old")
    path.chmod(mode)
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new" and stat.S_IMODE(path.stat().st_mode) == mode
    assert _listing(tmp_path) == ["m.json"]


@posix
@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="only root can give a file away")
def test_root_replacing_someone_elses_file_keeps_its_owner(tmp_path: Path) -> None:
    path = tmp_path / "theirs.json"
    path.write_bytes(b"old")
    os.chown(path, 4321, 4321)
    write_atomic(path, b"new")
    st = path.stat()
    assert (st.st_uid, st.st_gid) == (4321, 4321) and path.read_bytes() == b"new"


def test_a_very_long_name_still_gets_a_temporary_file(tmp_path: Path) -> None:
    name = "x" * 250 + ".json"
    write_atomic(tmp_path / name, b"{}")
    assert _listing(tmp_path) == [name]


# --- what is refused ---------------------------------------------------------------------


@posix
def test_a_read_only_file_is_refused_even_for_root(tmp_path: Path) -> None:
    # Before: it was silently replaced (root passes every permission check, so the mode bits decide).
    path = tmp_path / "ro.json"
    path.write_bytes(b"keep me")
    path.chmod(0o444)
    with pytest.raises(
        PermissionError, match=r"cannot write .*ro\.json': the file is read-only \(mode 444\)"
    ):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"keep me" and stat.S_IMODE(path.stat().st_mode) == 0o444
    assert _listing(tmp_path) == ["ro.json"]


@posix
@pytest.mark.parametrize("dangling", [False, True])
def test_a_symbolic_link_is_refused_and_stays_a_link(tmp_path: Path, dangling: bool) -> None:
    target = tmp_path / "real.json"
    if not dangling:
        target.write_bytes(b"real")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    with pytest.raises(NotARegularFileError, match=r"it is a symbolic link \(to '.*real\.json'\)"):
        write_atomic(link, b"new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert dangling or target.read_bytes() == b"real"


@posix
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(
        NotARegularFileError, match=r"it is a FIFO \(named pipe\), which writing would replace"
    ):
        write_atomic(fifo, b"new")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and _listing(tmp_path) == ["pipe"]


@posix
def test_a_device_is_refused_and_stays_a_device(tmp_path: Path) -> None:
    # Before: as root, nn.save(m, "/dev/null") renamed a regular file over the device node.
    dev = _char_device(tmp_path)
    with pytest.raises(NotARegularFileError, match="it is a character device"):
        write_atomic(dev, b"new")
    assert stat.S_ISCHR(os.lstat(dev).st_mode) and _listing(tmp_path) == ["null"]


@posix
def test_dev_null_itself_is_refused_by_the_check() -> None:
    with pytest.raises(NotARegularFileError, match="'/dev/null': it is a character device"):
        check_writable("/dev/null")


@posix
def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s"
    sock = socket.socket(socket.AF_UNIX)
    try:
        try:
            sock.bind(str(path))
        except OSError:
            pytest.skip("the path is too long for a Unix socket")
        with pytest.raises(NotARegularFileError, match="it is a socket"):
            write_atomic(path, b"new")
        assert stat.S_ISSOCK(os.lstat(path).st_mode)
    finally:
        sock.close()


def test_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    with pytest.raises(IsADirectoryError, match="it is a folder"):
        write_atomic(tmp_path / "d", b"new")
    assert _listing(tmp_path / "d") == []


def test_a_missing_folder_or_a_file_as_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"the folder '.*nope' does not exist"):
        write_atomic(tmp_path / "nope" / "m.json", b"{}")
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(NotADirectoryError, match=r"'.*file' is not a folder"):
        write_atomic(tmp_path / "file" / "m.json", b"{}")


# --- failures leave everything as it was ----------------------------------------------------


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failure_at_any_step_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "m.json"
    path.write_bytes(b"old")

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, broken)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(path, b"new")
    monkeypatch.undo()
    assert path.read_bytes() == b"old" and _listing(tmp_path) == ["m.json"]


# --- every writer in the project goes through it -----------------------------------------------


@posix
def test_save_render_and_animate_refuse_a_symlink_a_fifo_and_a_read_only_file(tmp_path: Path) -> None:
    a = Value(2.0, "a")
    root = a * a
    writers = {
        "json": lambda p: save(MLP(2, [1], seed=0), p),
        "svg": lambda p: render(root, p),
        "html": lambda p: animate(root, p),
    }
    real = tmp_path / "real"
    real.write_bytes(b"real")
    for ext, write in writers.items():
        link = tmp_path / f"link.{ext}"
        link.symlink_to(real)
        with pytest.raises(NotARegularFileError, match="symbolic link"):
            write(link)
        assert link.is_symlink() and real.read_bytes() == b"real"
        ro = tmp_path / f"ro.{ext}"
        ro.write_bytes(b"keep")
        ro.chmod(0o444)
        with pytest.raises(PermissionError, match="read-only"):
            write(ro)
        assert ro.read_bytes() == b"keep"
        fifo = tmp_path / f"fifo.{ext}"
        os.mkfifo(fifo)
        with pytest.raises(NotARegularFileError, match="FIFO"):
            write(fifo)
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert len(_listing(tmp_path)) == 1 + 3 * len(writers)
