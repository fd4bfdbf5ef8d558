"""Pictures at real sizes: how long they take and how big they are, against the targets of issue 12.

Animation of a chain of tanh (``animate`` in-process, file size of the page):

    100 values: ≤ 2 s, ≤ 1 MB          500 values: ≤ 15 s, ≤ 5 MB

The 989-character expression ``sin(a*b)+…`` (110 terms, 331 values), drawn by the
CLI in a fresh process in every format, forward and backward, and animated:
each ≤ 15 s, with graphviz-pure (no system ``dot`` on PATH).

    python benchmarks/views.py [--quick]

``--quick`` skips the 500-value animation and the PDFs.  Each row is the best of
``--rounds`` runs (default 1); the machine's load shows in the numbers.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIG = "+".join(["sin(a*b)"] * 110)


def tanh_chain(n: int) -> object:
    from autograd import Value

    x = Value(0.5, "x")
    for _ in range(n - 1):
        x = x.tanh()
    x.label = "y"
    return x


def animation(n: int, folder: Path, rounds: int) -> tuple[float, int]:
    from autograd import animate

    best = float("inf")
    size = 0
    for _ in range(rounds):
        root = tanh_chain(n)
        start = time.perf_counter()
        out = animate(root, folder / f"chain{n}.html")  # type: ignore[arg-type]
        best = min(best, time.perf_counter() - start)
        size = Path(out).stat().st_size
    return best, size


def cli(args: list[str], folder: Path, rounds: int) -> float:
    env = dict(os.environ)
    bin_dir = folder / "bin"  # PATH without a system dot: graphviz-pure lays out, as on a learner's machine
    bin_dir.mkdir(exist_ok=True)
    env["PATH"] = str(bin_dir)
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "autograd", "draw", BIG, "a=0.3", "b=0.7", *args],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        best = min(best, time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"autograd draw {' '.join(args)} failed: {done.stderr.strip()}")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="skip the 500-value animation and the PDFs")
    parser.add_argument("--rounds", type=int, default=1)
    opts = parser.parse_args()
    rows: list[tuple[str, float, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n, (t_max, mb_max) in {100: (2.0, 1.0), 500: (15.0, 5.0)}.items():
            if opts.quick and n == 500:
                continue
            took, size = animation(n, folder, opts.rounds)
            ok = took <= t_max and size <= mb_max * 1e6
            rows.append((f"animate: tanh chain, {n} values", took, size / 1e6, "ok" if ok else "OVER"))
        formats = ["svg", "png"] if opts.quick else ["svg", "png", "pdf"]
        for view in ("forward", "backward"):
            for fmt in formats:
                out = folder / f"big-{view}.{fmt}"
                took = cli(["-o", out.name, "--view", view], folder, opts.rounds)
                rows.append((f"draw 989 chars: {view} .{fmt}", took, out.stat().st_size / 1e6, _ok(took)))
        took = cli(["--animate", "big.html"], folder, opts.rounds)
        rows.append(
            ("draw 989 chars: --animate .html", took, (folder / "big.html").stat().st_size / 1e6, _ok(took))
        )
    width = max(len(r[0]) for r in rows)
    print(f"{'picture':<{width}}  {'time':>8}  {'file':>9}  target")
    for name, took, mb, verdict in rows:
        print(f"{name:<{width}}  {took:>6.2f} s  {mb:>6.2f} MB  {verdict}")


def _ok(took: float) -> str:
    return "ok" if took <= 15.0 else "OVER"


if __name__ == "__main__":
    main()
