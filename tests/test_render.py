"""Rendering to SVG, PNG and PDF: without system Graphviz, with it, and on bad input."""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import numpy as np
import pytest
from graphs import lecture_nodes
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value, render

render_module = importlib.import_module("autograd.view.render")
renderers = importlib.import_module("autograd.view.renderers")
posix_only = pytest.mark.skipif(os.name != "posix", reason="fake dot executables are shell scripts")
SVG_NS = "{http://www.w3.org/2000/svg}"


def lecture() -> Value:
    return lecture_nodes()["L"]


@pytest.fixture
def no_system_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """PATH holds one empty folder: no ``dot`` (and no graphviz-pure) on it."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    return empty


def _fake_dot(folder: Path, script: str) -> Path:
    exe = folder / "dot"
    exe.write_text("#!/bin/sh\n" + script + "\n")
    exe.chmod(0o755)
    return exe


def _svg_nodes(path: Path) -> list[str]:
    """The ids (DOT ids) of the node groups in an SVG file."""
    tree = ET.parse(path)
    return [g.get("id", "") for g in tree.iter(f"{SVG_NS}g") if g.get("class") == "node"]


def test_renderer_without_system_graphviz_is_graphviz_pure(no_system_dot: Path) -> None:
    found = render_module.find_renderers()
    assert [r.name for r in found] == ["graphviz-pure"]
    assert Path(found[0].path).parent == Path(sys.executable).parent


@pytest.mark.parametrize(("view", "count"), [("forward", 10), ("backward", 11)])
def test_svg_without_system_dot(no_system_dot: Path, tmp_path: Path, view: str, count: int) -> None:
    L = lecture()
    L.backward()
    out = render(L, tmp_path / "graph.svg", view=view)
    assert out == tmp_path / "graph.svg"
    text = out.read_text(encoding="utf-8")
    assert "(graphviz-pure)" in text  # graphviz-pure signs its output
    nodes = _svg_nodes(out)
    assert len(nodes) == count  # 7 records + 3 ops (+ the legend in the backward view)
    assert sorted(n for n in nodes if n.startswith("v")) == [f"v{k}" for k in range(7)]
    assert "grad 6" in text
    assert ("-2 × (-3) = 6" in text.replace("&#45;", "-")) == (view == "backward")


def test_png_without_system_dot(no_system_dot: Path, tmp_path: Path) -> None:
    L = lecture()
    L.backward()
    out = render(L, tmp_path / "graph.png", view="backward")
    png = out.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    px = render_module.decode_png(png)
    height, width, channels = px.shape
    assert channels == 4 and width > 3 * height > 0
    # the gradient's orange edges and the darkest fill (a, with the largest |grad|) are in the picture
    rgb = px[:, :, :3].astype(int)
    assert (np.abs(rgb - [217, 95, 2]).sum(axis=2) < 30).sum() > 200
    assert (np.abs(rgb - [8, 29, 88]).sum(axis=2) < 6).sum() > 500


def _pdf_objects(pdf: bytes) -> dict[int, bytes]:
    """Check the xref table and return each object's body by number."""
    assert pdf.startswith(b"%PDF-1.")
    assert pdf.rstrip().endswith(b"%%EOF")
    start = int(re.search(rb"startxref\n(\d+)\n%%EOF", pdf)[1])  # type: ignore[index]
    assert pdf[start:].startswith(b"xref\n")
    head = re.match(rb"xref\n0 (\d+)\n", pdf[start:])
    assert head is not None
    count = int(head[1])
    rows = pdf[start + head.end() :].split(b"\n")[:count]
    assert rows[0] == b"0000000000 65535 f "
    objects = {}
    for num, row in enumerate(rows[1:], start=1):
        offset = int(row[:10])
        assert pdf[offset:].startswith(f"{num} 0 obj\n".encode())
        end = pdf.index(b"\nendobj\n", offset)
        objects[num] = pdf[offset + len(f"{num} 0 obj\n") : end]
    assert b"/Root 1 0 R" in pdf[start:]
    return objects


def test_pdf_without_system_dot_is_a_valid_one_page_pdf(no_system_dot: Path, tmp_path: Path) -> None:
    L = lecture()
    L.backward()
    pdf = render(L, tmp_path / "graph.pdf", view="backward").read_bytes()
    objects = _pdf_objects(pdf)
    assert b"/Type /Catalog" in objects[1] and b"/Count 1" in objects[2]
    image = objects[4]
    width = int(re.search(rb"/Width (\d+)", image)[1])  # type: ignore[index]
    height = int(re.search(rb"/Height (\d+)", image)[1])  # type: ignore[index]
    length = int(re.search(rb"/Length (\d+)", image)[1])  # type: ignore[index]
    data = image[image.index(b"stream\n") + 7 :]
    assert data[length:] == b"\nendstream"
    pixels = np.frombuffer(zlib.decompress(data[:length]), np.uint8).reshape(height, width, 3)
    # the page is the PNG drawn at 144 dpi, flattened onto white
    png = render_module.decode_png(render(L, tmp_path / "same.png", view="backward").read_bytes())
    assert png.shape[:2] == (height, width)
    alpha = png[:, :, 3:].astype(int)
    flat = (png[:, :, :3].astype(int) * alpha + 255 * (255 - alpha) + 127) // 255
    assert np.array_equal(pixels, flat)
    box = [float(v) for v in re.search(rb"/MediaBox \[([^\]]*)\]", objects[3])[1].split()]  # type: ignore[index]
    assert box == [0.0, 0.0, round(width / 2, 2), round(height / 2, 2)]
    assert objects[5].endswith(f"q {width / 2:.2f} 0 0 {height / 2:.2f} 0 0 cm /Im0 Do Q\nendstream".encode())


def _encode_png(px: np.ndarray, kinds: list[int]) -> bytes:
    """A reference PNG encoder applying filter ``kinds[r]`` to row r, one byte at a time."""
    height, width, ch = px.shape
    raw = bytearray()
    prev = [0] * (width * ch)
    for r in range(height):
        row = [int(v) for v in px[r].reshape(-1)]
        kind = kinds[r]
        out = []
        for i, x in enumerate(row):
            a = row[i - ch] if i >= ch else 0
            b = prev[i]
            c = prev[i - ch] if i >= ch else 0
            if kind == 0:
                guess = 0
            elif kind == 1:
                guess = a
            elif kind == 2:
                guess = b
            elif kind == 3:
                guess = (a + b) // 2
            else:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                guess = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            out.append((x - guess) & 255)
        raw += bytes([kind, *out])
        prev = row

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    colour = {1: 0, 2: 4, 3: 2, 4: 6}[ch]
    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(bytes(raw)))
        + chunk(b"IEND", b"")
    )


@settings(max_examples=30)
@given(st.data())
def test_png_decoder_undoes_every_filter(data: st.DataObject) -> None:
    height = data.draw(st.integers(1, 12))
    width = data.draw(st.integers(1, 9))
    ch = data.draw(st.sampled_from([1, 2, 3, 4]))
    seed = data.draw(st.integers(0, 2**32 - 1))
    kinds = data.draw(st.lists(st.integers(0, 4), min_size=height, max_size=height))
    band = data.draw(st.integers(1, 8))  # rows are undone in bands; make several bands likely
    px = np.random.default_rng(seed).integers(0, 256, (height, width, ch), dtype=np.uint8)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(importlib.import_module("autograd.view._pdf"), "_BAND", band)
        assert np.array_equal(render_module.decode_png(_encode_png(px, kinds)), px)


def test_png_decoder_agrees_with_pillow(no_system_dot: Path, tmp_path: Path) -> None:
    image = pytest.importorskip("PIL.Image")
    out = render(lecture(), tmp_path / "graph.png")
    with image.open(out) as im:
        want = np.asarray(im.convert("RGBA"))
    assert np.array_equal(render_module.decode_png(out.read_bytes()), want)


@posix_only
def test_system_dot_is_preferred(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = '<svg width="40pt" height="20pt"><rect width="40" height="20" fill="#d95f02"/><!-- $1 --></svg>'
    _fake_dot(
        bin_dir,
        f'cat > /dev/null; if [ "$1" = -Tpdf ]; then echo "%PDF-1.5 vector"; else echo \'{fake}\'; fi',
    )
    monkeypatch.setenv("PATH", str(bin_dir))
    assert [r.name for r in render_module.find_renderers()] == ["dot", "graphviz-pure"]
    out = render(lecture(), tmp_path / "graph.svg")
    assert '<rect width="40" height="20" fill="#d95f02"' in out.read_text()
    # PNG is system dot's SVG layout, rasterised: the orange rectangle fills the picture
    png = render_module.decode_png(render(lecture(), tmp_path / "graph.png").read_bytes())
    assert png.shape[:2] == (40, 80) and tuple(png[20, 40, :3]) == (217, 95, 2)
    # system dot writes a vector PDF itself, unless the picture has Japanese text
    assert render(lecture(), tmp_path / "graph.pdf").read_bytes() == b"%PDF-1.5 vector\n"
    ja = render(lecture(), tmp_path / "ja.pdf", lang="ja").read_bytes()
    assert ja.startswith(b"%PDF-1.4") and b"/Subtype /Image" in ja


@posix_only
def test_a_broken_system_dot_falls_back_to_graphviz_pure(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_dot(bin_dir, 'echo "dot: plugin missing" >&2; exit 1')
    monkeypatch.setenv("PATH", str(bin_dir))
    out = render(lecture(), tmp_path / "graph.svg")
    assert "(graphviz-pure)" in out.read_text()


def test_no_graphviz_at_all_says_how_to_fix_it(
    no_system_dot: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(renderers, "_bundled", lambda: None)
    with pytest.raises(RuntimeError) as err:
        render(lecture(), tmp_path / "graph.svg")
    message = str(err.value)
    assert "no Graphviz found" in message
    assert "pip install graphviz-pure" in message and "apt install graphviz" in message
    assert list(tmp_path.iterdir()) == [no_system_dot]


@posix_only
def test_when_every_renderer_fails_the_error_lists_each(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_dot(bin_dir, 'echo "dot: plugin missing" >&2; exit 1')
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setattr(renderers, "_bundled", lambda: None)
    with pytest.raises(RuntimeError, match=r"dot \(.*\) failed: dot: plugin missing; install"):
        render(lecture(), tmp_path / "graph.png")
    assert not (tmp_path / "graph.png").exists()


@pytest.mark.parametrize("name", ["graph.jpg", "graph", "graph.svg.txt"])
def test_bad_extension_names_the_valid_ones(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError) as err:
        render(lecture(), tmp_path / name)
    assert ".svg, .png, .pdf" in str(err.value)
    assert name in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_extension_case_does_not_matter(tmp_path: Path) -> None:
    out = render(lecture(), tmp_path / "graph.SVG")
    assert "<svg" in out.read_text()


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        render(lecture(), tmp_path / "nope" / "graph.svg")
    assert list(tmp_path.iterdir()) == []


def test_folder_that_is_a_file_or_target_that_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(NotADirectoryError, match="is not a folder"):
        render(lecture(), tmp_path / "file" / "graph.svg")
    (tmp_path / "dir.svg").mkdir()
    with pytest.raises(IsADirectoryError, match="it is a folder"):
        render(lecture(), tmp_path / "dir.svg")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(PermissionError, match="cannot write"):
            render(lecture(), folder / "graph.svg")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_a_failed_write_leaves_no_partial_file_and_keeps_the_old_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "graph.svg"
    target.write_text("old picture")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(render_module.os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        render(lecture(), target)
    assert [p.name for p in tmp_path.iterdir()] == ["graph.svg"]
    assert target.read_text() == "old picture"


def test_a_failed_render_writes_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("cannot render: layout failed")

    monkeypatch.setattr(render_module, "dot_to", broken)
    with pytest.raises(RuntimeError, match="layout failed"):
        render(lecture(), tmp_path / "graph.png")
    assert list(tmp_path.iterdir()) == []


def test_written_files_get_ordinary_permissions(tmp_path: Path) -> None:
    out = render(lecture(), tmp_path / "graph.svg")
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_draw_options_are_checked(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'sideways'"):
        render(lecture(), tmp_path / "graph.svg", view="sideways")
    with pytest.raises(TypeError):
        render(lecture(), tmp_path / "graph.svg", colour="red")
    assert list(tmp_path.iterdir()) == []


# --- the command line: python -m autograd draw ------------------------------------

LECTURE_ARGS = ("(a*b + c)*f", "a=2", "b=-3", "c=10", "f=-2")


def run_cli(cwd: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [sys.executable, "-m", "autograd", "draw", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=120,
    )


def test_cli_draws_and_animates_without_system_dot(no_system_dot: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    r = run_cli(
        work,
        *LECTURE_ARGS,
        "-o",
        "graph.svg",
        "--view",
        "backward",
        "--animate",
        "graph.html",
        path=str(no_system_dot),
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["graph.svg", "graph.html"]
    svg = work / "graph.svg"
    assert "(graphviz-pure)" in svg.read_text(encoding="utf-8")
    assert len(_svg_nodes(svg)) == 11
    text = svg.read_text(encoding="utf-8").replace("&#45;", "-")
    assert "grad 6" in text and "-2 × (-3) = 6" in text  # the command runs backward first
    page = (work / "graph.html").read_text(encoding="utf-8")
    assert page.count("<svg ") - page.count('<svg class="icon"') == 1  # one picture for all the steps
    assert 'data-steps="4"' in page


def test_cli_pdf_and_japanese_animation(tmp_path: Path) -> None:
    r = run_cli(tmp_path, *LECTURE_ARGS, "-o", "graph.pdf", "--animate", "graph.html", "--lang", "ja")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "graph.pdf").read_bytes().startswith(b"%PDF-")
    assert "L の逆伝播" in (tmp_path / "graph.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((*LECTURE_ARGS, "-o", "graph.jpg"), "'.jpg' is not a supported file type; use .svg, .png, .pdf"),
        ((*LECTURE_ARGS, "-o", "graph.png", "--animate", "graph.svg"), "use .html, .htm"),
        ((*LECTURE_ARGS, "-o", "missing/graph.png"), "the folder 'missing' does not exist"),
        (LECTURE_ARGS, "give a file to write: -o graph.svg"),
        ((*LECTURE_ARGS, "-o", "graph.svg", "--view", "up"), "invalid choice: 'up'"),
        ((*LECTURE_ARGS, "-o", "graph.svg", "--max-nodes", "0"), "--max-nodes must be at least 1, got 0"),
        ((*LECTURE_ARGS, "-o", "graph.svg", "--max-nodes", "x"), "invalid int value: 'x'"),
        (("(a*b + c)*f", "a=2", "-o", "graph.svg"), "no value given for variables 'b', 'c', 'f'"),
        (("log(x)", "x=-1", "-o", "graph.svg"), "log(x = -1) is undefined"),
        (("a +", "a=1", "-o", "graph.svg"), "(at ▶: a +▶)"),
        (
            (*LECTURE_ARGS, "-o", "graph.svg", "--animate", "graph.html", "--lang", "fr"),
            "invalid choice: 'fr'",
        ),
    ],
)
def test_cli_bad_input_is_one_line_exit_2_and_writes_nothing(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    r = run_cli(tmp_path, *args)
    assert r.returncode == 2
    assert r.stdout == ""
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr
    assert message in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_cli_without_any_graphviz_says_how_to_fix_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # An environment without graphviz-pure is hard to fake in a subprocess, so run main() in-process.
    from autograd.cli.main import main

    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(renderers, "_bundled", lambda: None)
    monkeypatch.chdir(work)
    assert main(["draw", *LECTURE_ARGS, "-o", "graph.svg"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert "no Graphviz found" in err[0] and "pip install graphviz-pure" in err[0]
    assert list(work.iterdir()) == []


def test_a_layout_error_is_reported_without_an_install_hint(no_system_dot: Path) -> None:
    with pytest.raises(RuntimeError) as err:
        render_module.dot_to("digraph { a [label=<<B>>] }", "svg")
    message = str(err.value)
    assert message.startswith("cannot render: graphviz-pure (") and "failed: Error:" in message
    assert "Warning" not in message and "install" not in message


def test_infinite_and_nan_gradients_still_draw(tmp_path: Path) -> None:
    x = Value(0.0, "x")
    y = x.sqrt() + Value(-1.0, "z").abs()
    y.label = "y"
    y.backward()
    assert x.grad == float("inf")
    out = render(y, tmp_path / "inf.svg", view="backward")
    text = out.read_text(encoding="utf-8")
    assert "grad inf" in text
    assert len(_svg_nodes(out)) == 9  # 5 values (x, z, √x, |z|, y), 3 ops and the legend


def test_jupyter_falls_back_to_text_without_graphviz(
    no_system_dot: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(renderers, "_bundled", lambda: None)
    assert lecture()._repr_svg_() is None
