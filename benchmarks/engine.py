"""This engine against the PyPI ``micrograd`` package, side by side in one run.

Workload: micrograd's two-moons training step (MLP 2-16-16-1, 100 samples,
hinge + L2, forward + backward + SGD), built from plain Values in each engine.
Memory: tracemalloc peak while building a 100,000-iteration ``s = s*c + x`` chain.

Each measurement runs in a fresh process and the engines alternate, because
micrograd's closures form reference cycles whose garbage collection taxes
anything else in the same process.

    python benchmarks/engine.py [--rounds 3] [--steps 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

ENGINES = {"autograd": "autograd", "micrograd": "micrograd.engine"}


def value_class(engine: str) -> Any:
    module = __import__(ENGINES[engine], fromlist=["Value"])
    return module.Value


def worker(engine: str, task: str, steps: int) -> dict[str, float]:
    import workloads as w

    V = value_class(engine)
    if task == "moons":
        X, y = w.moons(100, seed=0)
        params = w.make_params(V, w.mlp_weights([2, 16, 16, 1], seed=0))
        w.train_step(V, params, X, y, 0.05)  # warm-up
        times = []
        for _ in range(steps):
            t0 = time.perf_counter()
            loss = w.train_step(V, params, X, y, 0.05)
            times.append(time.perf_counter() - t0)
        return {"seconds": statistics.median(times), "loss": loss}
    if task == "memory":
        tracemalloc.start()
        s = w.chain(V, 100_000)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del s
        return {"bytes": float(peak)}
    raise ValueError(f"unknown task {task!r}; expected moons or memory")


def run(engine: str, task: str, steps: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", engine, task, "--steps", str(steps)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds per engine (default 3)")
    ap.add_argument("--steps", type=int, default=5, help="timed steps per process (default 5)")
    ap.add_argument("--worker", nargs=2, metavar=("ENGINE", "TASK"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker[0], args.worker[1], args.steps)))
        return
    try:
        value_class("micrograd")
    except ImportError:
        sys.exit(
            "benchmarks/engine.py: the micrograd package is missing; install it with: pip install -e '.[bench]'"
        )
    step: dict[str, list[float]] = {e: [] for e in ENGINES}
    mem: dict[str, float] = {}
    for _ in range(args.rounds):
        for e in ENGINES:
            step[e].append(run(e, "moons", args.steps)["seconds"])
    for e in ENGINES:
        mem[e] = run(e, "memory", 1)["bytes"]
    ours, theirs = statistics.median(step["autograd"]), statistics.median(step["micrograd"])
    print("two-moons step (MLP 2-16-16-1, 100 samples, hinge + L2; median of fresh processes)")
    print(f"  {'engine':<10} {'s/step':>9} {'ratio':>8}")
    print(f"  {'micrograd':<10} {theirs:9.4f} {1.0:7.1f}x")
    print(f"  {'autograd':<10} {ours:9.4f} {theirs / ours:7.1f}x faster")
    print("memory (tracemalloc peak, 100,000-iteration s = s*c + x chain)")
    print(f"  {'micrograd':<10} {mem['micrograd'] / 2e5:9.0f} B/node")
    print(
        f"  {'autograd':<10} {mem['autograd'] / 2e5:9.0f} B/node  ({mem['autograd'] / mem['micrograd']:.2f} of micrograd)"
    )


if __name__ == "__main__":
    main()
