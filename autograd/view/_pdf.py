"""PNG → PDF without any library: decode the PNG's pixels and wrap them in a one-page PDF.

The PDF shows the picture as one image at the PNG's resolution, so it looks
exactly like the PNG (Japanese text included, with no font to embed).
"""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

import numpy as np

__all__ = ["decode_png", "png_to_pdf"]


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


def _pixels(png: bytes) -> np.ndarray[Any, np.dtype[np.uint8]]:
    """The PNG's pixels: through Pillow when it is installed (much faster), else :func:`decode_png`."""
    try:
        from PIL import Image
    except ImportError:
        return decode_png(png)
    with Image.open(io.BytesIO(png)) as im:
        return np.asarray(im.convert("RGBA" if "A" in im.getbands() else "RGB"))


def png_to_pdf(png: bytes, dpi: float = 72.0) -> bytes:
    """A one-page PDF showing the PNG at ``dpi`` (transparency flattened onto white)."""
    px = _pixels(png)
    if px.shape[2] in (2, 4):
        if int(px[:, :, -1].min()) == 255:  # opaque (resvg draws on white): drop alpha, no arithmetic
            px = px[:, :, :-1]
        else:  # flatten alpha: c·α + 255·(1 − α)
            wide = px.astype(np.uint16)
            alpha = wide[:, :, -1:]
            px = ((wide[:, :, :-1] * alpha + 255 * (255 - alpha) + 127) // 255).astype(np.uint8)
    if px.shape[2] == 1:
        px = np.repeat(px, 3, axis=2)
    height, width = px.shape[:2]
    pixels = zlib.compress(np.ascontiguousarray(px, np.uint8).tobytes(), 3)
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
