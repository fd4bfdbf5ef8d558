"""Turn DOT into SVG, PNG or PDF files, with or without a system Graphviz.

The system ``dot`` is used when it is on PATH.  Otherwise the ``graphviz-pure``
executable (a runtime dependency, installed next to the Python interpreter)
lays the graph out.  It has no PDF output, so for PDF it draws a PNG and
:func:`png_to_pdf` wraps that image in a one-page PDF.

Files are written to a temporary file in the target folder and renamed into
place, so a failure never leaves a half-written file behind.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from autograd.core.engine import Value
from autograd.files import write_atomic as write_atomic  # the one atomic write, still importable here

__all__ = ["FORMATS", "Renderer", "dot_to", "find_renderers", "png_to_pdf", "render"]

FORMATS = ("svg", "png", "pdf")
DPI = 144  # PNG (and PDF via PNG) at twice the screen resolution, so text stays crisp
HOW_TO_FIX = (
    "install the Python package graphviz-pure (pip install graphviz-pure) "
    "or system Graphviz (apt install graphviz, brew install graphviz, or https://graphviz.org/download/)"
)


@dataclass(frozen=True)
class Renderer:
    """A dot-compatible executable: ``name`` is ``"dot"`` (system Graphviz) or ``"graphviz-pure"``."""

    name: str
    path: str

    @property
    def native_pdf(self) -> bool:
        """Whether it writes PDF itself (graphviz-pure does not)."""
        return self.name == "dot"


def _bundled() -> str | None:
    """The graphviz-pure executable of this environment, or the first on PATH."""
    here = Path(sys.executable).parent
    for exe in ("graphviz-pure", "graphviz-pure.exe"):
        if (here / exe).is_file() and os.access(here / exe, os.X_OK):
            return str(here / exe)
    return shutil.which("graphviz-pure")


def find_renderers() -> list[Renderer]:
    """The executables that can lay out DOT, best first: system ``dot``, then ``graphviz-pure``."""
    found = []
    dot = shutil.which("dot")
    if dot is not None:
        found.append(Renderer("dot", dot))
    pure = _bundled()
    if pure is not None:
        found.append(Renderer("graphviz-pure", pure))
    return found


def _run(renderer: Renderer, source: str, fmt: str) -> bytes:
    args = [renderer.path, f"-T{fmt}"] + ([f"-Gdpi={DPI}"] if fmt == "png" else [])
    done = subprocess.run(args, input=source.encode("utf-8"), capture_output=True, check=False)
    if done.returncode != 0 or not done.stdout:
        # Drop warnings (graphviz-pure warns about the width of non-ASCII text) and keep the error.
        lines = [
            line.strip()
            for line in done.stderr.decode("utf-8", "replace").splitlines()
            if line.strip() and not line.lstrip().startswith("Warning")
        ]
        why = " ".join(lines) if lines else f"exit status {done.returncode}"
        raise RuntimeError(f"{renderer.name} ({renderer.path}) failed: {why}")
    return done.stdout


def dot_to(source: str, fmt: str) -> tuple[bytes, Renderer]:
    """Lay out DOT ``source`` as ``fmt`` (svg, png or pdf); returns the bytes and who made them.

    Tries each renderer from :func:`find_renderers` in turn; if none works the
    error lists what failed and how to fix it.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    renderers = find_renderers()
    if not renderers:
        raise RuntimeError(f"cannot render: no Graphviz found (no 'dot' or 'graphviz-pure'); {HOW_TO_FIX}")
    failures = []
    for r in renderers:
        try:
            if fmt == "pdf" and not r.native_pdf:
                return png_to_pdf(_run(r, source, "png"), DPI), r
            return _run(r, source, fmt), r
        except (OSError, RuntimeError, ValueError) as e:
            failures.append(str(e))
    # Installing something helps only if graphviz-pure was not there to try.
    fix = "" if any(r.name == "graphviz-pure" for r in renderers) else f"; {HOW_TO_FIX}"
    raise RuntimeError(f"cannot render: {'; '.join(failures)}{fix}")


def check_target(path: str | os.PathLike[str], formats: Sequence[str]) -> tuple[Path, str]:
    """The path and its format (from the extension), or a clear error before any work is done."""
    p = Path(path)
    ext = p.suffix.lower().lstrip(".")
    valid = ", ".join("." + f for f in formats)
    if ext not in formats:
        shown = f"'.{ext}'" if ext else "no extension"
        raise ValueError(f"cannot write {str(p)!r}: {shown} is not a supported file type; use {valid}")
    folder = p.parent
    if not folder.exists():
        raise FileNotFoundError(f"cannot write {str(p)!r}: the folder {str(folder)!r} does not exist")
    if not folder.is_dir():
        raise NotADirectoryError(f"cannot write {str(p)!r}: {str(folder)!r} is not a folder")
    if p.is_dir():
        raise IsADirectoryError(
            f"cannot write {str(p)!r}: it is a folder; give a file name such as graph.{ext}"
        )
    return p, ext


def render(root: Value, path: str | os.PathLike[str], **draw_options: Any) -> Path:
    """Draw ``root``'s graph and write it as SVG, PNG or PDF, chosen by the extension of ``path``.

    ``draw_options`` are those of :func:`autograd.view.draw.draw` (``view``,
    ``rankdir``, ``max_nodes``).  Returns the path written.

    Raises:
        ValueError: an unsupported extension or draw option.
        OSError: the folder is missing or not writable (nothing is written).
        RuntimeError: no Graphviz could render (the message says what to install).
    """
    from autograd.view.draw import draw

    target, fmt = check_target(path, FORMATS)
    data, _ = dot_to(draw(root, **draw_options).source, fmt)
    write_atomic(target, data)
    return target


def svg_of(root: Value, **draw_options: Any) -> str:
    """The drawing of ``root`` as SVG text (what Jupyter shows)."""
    from autograd.view.draw import draw

    data, _ = dot_to(draw(root, **draw_options).source, "svg")
    return data.decode("utf-8")


# --- PNG → PDF -----------------------------------------------------------------


def decode_png(png: bytes) -> np.ndarray[Any, np.dtype[np.uint8]]:
    """Pixels of an 8-bit, non-interlaced PNG as an array (height, width, channels).

    PNG filters each byte against its left, upper and upper-left neighbours
    (None, Sub, Up, Average, Paeth).  Pixels on one anti-diagonal r + c = k
    depend only on diagonals k−1 and k−2, so each diagonal is undone in one
    vectorised step (see :func:`_unfilter`).
    """
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, [], b""
    while pos < len(png):
        (n,) = struct.unpack(">I", png[pos : pos + 4])
        kind = png[pos + 4 : pos + 8]
        if kind == b"IHDR":
            header = png[pos + 8 : pos + 8 + n]
        elif kind == b"IDAT":
            idat.append(png[pos + 8 : pos + 8 + n])
        pos += 12 + n
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        raise ValueError(f"unsupported PNG (bit depth {depth}, colour type {colour}, interlace {interlace})")
    rows = np.frombuffer(zlib.decompress(b"".join(idat)), np.uint8).reshape(height, 1 + width * channels)
    return _unfilter(rows[:, 0], rows[:, 1:].reshape(height, width, channels))


def _unfilter(kinds: Any, filtered: Any) -> np.ndarray[Any, np.dtype[np.uint8]]:
    """Undo the PNG filters of every row, a band of rows at a time."""
    height, width, channels = filtered.shape
    out = np.zeros((height, width, channels), np.uint8)
    above = np.zeros((width, channels), np.int16)
    for top in range(0, height, _BAND):
        rows = slice(top, min(height, top + _BAND))
        out[rows] = _unfilter_band(kinds[rows], filtered[rows], above)
        above = out[rows.stop - 1].astype(np.int16)
    return out


_BAND = 256  # rows per band: bounds the skewed copy's memory at (band + width) × band pixels


def _unfilter_band(kinds: Any, filtered: Any, above: Any) -> np.ndarray[Any, np.dtype[np.uint8]]:
    """Undo the filters of a band of rows whose upper neighbour row is ``above``.

    The band is stored skewed, ``skew[r + c + 1, r + 1] = pixel[r, c]``, so
    anti-diagonal k is one contiguous slice and its left, upper and upper-left
    neighbours are the slices ``skew[k - 1, 1:]``, ``skew[k - 1, :-1]`` and
    ``skew[k - 2, :-1]``; index 0 on the second axis holds the row ``above``.
    """
    height, width, channels = filtered.shape
    r = np.arange(height)[:, None]
    c = np.arange(width)[None, :]
    f = np.zeros((height + width + 1, height + 1, channels), np.int16)
    f[r + c + 1, r + 1] = filtered
    skew = np.zeros_like(f)
    skew[np.arange(width), 0] = above  # the row above is r = −1, so its pixel c sits at skew[c, 0]
    kind = kinds.astype(np.int16)[:, None]
    for k in range(1, height + width):
        lo, hi = max(0, k - width), min(height, k)  # rows whose column k − 1 − r lies in the image
        left = skew[k - 1, 1 + lo : 1 + hi]
        up = skew[k - 1, lo:hi]
        corner = skew[k - 2, lo:hi] if k > 1 else np.zeros_like(up)
        pa = np.abs(up - corner)  # |p − left| with p = left + up − corner
        pb = np.abs(left - corner)  # |p − up|
        pc = np.abs(left + up - 2 * corner)  # |p − corner|
        t = kind[lo:hi]
        guess = np.where(
            t == 4,
            np.where((pa <= pb) & (pa <= pc), left, np.where(pb <= pc, up, corner)),
            np.where(t == 1, left, np.where(t == 2, up, np.where(t == 3, (left + up) >> 1, 0))),
        )
        skew[k, 1 + lo : 1 + hi] = (f[k, 1 + lo : 1 + hi] + guess) & 255
    pixels: np.ndarray[Any, np.dtype[np.uint8]] = skew[r + c + 1, r + 1].astype(np.uint8)
    return pixels


def png_to_pdf(png: bytes, dpi: float = 72.0) -> bytes:
    """A one-page PDF showing the PNG at ``dpi`` (transparency flattened onto white)."""
    px = decode_png(png).astype(np.uint16)
    if px.shape[2] in (2, 4):  # flatten alpha: c·α + 255·(1 − α)
        alpha = px[:, :, -1:]
        px = (px[:, :, :-1] * alpha + 255 * (255 - alpha) + 127) // 255
    if px.shape[2] == 1:
        px = np.repeat(px, 3, axis=2)
    height, width = px.shape[:2]
    pixels = zlib.compress(px.astype(np.uint8).tobytes(), 9)
    w, h = width * 72.0 / dpi, height * 72.0 / dpi
    draw = f"q {w:.2f} 0 0 {h:.2f} 0 0 cm /Im0 Do Q".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w:.2f} {h:.2f}] "
        "/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>".encode(),
        f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceRGB "
        f"/BitsPerComponent 8 /Filter /FlateDecode /Length {len(pixels)} >>\nstream\n".encode()
        + pixels
        + b"\nendstream",
        f"<< /Length {len(draw)} >>\nstream\n".encode() + draw + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
