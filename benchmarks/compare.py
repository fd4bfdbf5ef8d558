"""One table: this engine, its compiled replay, micrograd, PyTorch and a numpy floor.

Engines:
  micrograd  the PyPI package (pip install -e '.[bench]')
  eager      this project's Value, built and backpropagated every step
  compiled   autograd.compile: traced once, replayed with numpy; the step includes
             zeroing grads, the replay (forward + backward, grads written into
             the leaves' .grad) and the SGD update on each Value's .data
  torch      one 0-d float64 tensor per scalar (only when torch is installed)
  numpy      the same step hand-vectorized (matrices, hand-derived backward);
             for the chain, a hand-written float loop: the floor

Workloads:
  moons      MLP 2-16-16-1, 100 two-moons samples, hinge + 1e-4·L2, forward + backward + SGD
  big        MLP 2-64-64-1, 500 samples, the same loss
  chain      s = s*c + x, 500,000 times: 1,000,000 ops, forward + backward

Each (engine, workload) runs in a fresh process and the engines alternate
round by round.  Peak memory is tracemalloc's peak over one more step in the
same process (Python and numpy allocations; torch's tensor storage is not
seen); for compiled, one more process measures the compile's peak and what
the step keeps between calls (moons only unless --all).  ``--verify`` trains moons with eager and compiled side by side.

    python benchmarks/compare.py              # everything (about 15 minutes)
    python benchmarks/compare.py --quick      # moons only, one round
    python benchmarks/compare.py --workloads chain --engines eager,compiled,numpy
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ENGINES = ["micrograd", "eager", "compiled", "torch", "numpy"]
WORKLOADS = {
    "moons": (
        "two-moons step: MLP 2-16-16-1, 100 samples, hinge + L2, forward + backward + SGD",
        [2, 16, 16, 1],
        100,
    ),
    "big": (
        "larger step: MLP 2-64-64-1, 500 samples, hinge + L2, forward + backward + SGD",
        [2, 64, 64, 1],
        500,
    ),
    "chain": ("1,000,000-op chain: s = s*c + x 500,000 times, forward + backward", [], 500_000),
}
SKIP = {
    ("micrograd", "big"): "skipped: about 2 min per step (67x the moons graph)",
    ("torch", "big"): "skipped: about a minute per step",
    ("micrograd", "chain"): "cannot: recursive topological sort (RecursionError)",
    ("torch", "chain"): "skipped: pass --all to run (about a minute)",
}
LR = 0.05


def make_step(engine: str, workload: str) -> tuple[Callable[[], float], float]:
    """A zero-argument step for one engine and workload, and its set-up (compile) time."""
    import workloads as w

    _, sizes, n = WORKLOADS[workload]
    t0 = time.perf_counter()
    if workload == "chain":
        if engine == "numpy":
            return lambda: w.chain_floor(n)[0], 0.0
        V = _value_class(engine)
        if engine == "compiled":
            from autograd import compile as compile_step

            step = compile_step(lambda: w.chain(V, n))
            step()
            return step, time.perf_counter() - t0

        def eager_chain() -> float:
            s = w.chain(V, n)
            s.backward()
            return float(s.data if engine != "torch" else s.item())

        return eager_chain, 0.0
    X, y = w.moons(n, seed=0)
    weights = w.mlp_weights(sizes, seed=0)
    if engine == "numpy":
        layers = w.numpy_params(weights)
        return lambda: w.numpy_train_step(layers, X, y, LR), 0.0
    V = _value_class(engine)
    params = w.make_params(V, weights)
    if engine == "torch":
        return lambda: w.torch_train_step(params, X, y, LR), 0.0
    if engine == "compiled":
        from autograd import compile as compile_step

        ps = w.flat(params)
        loss = compile_step(lambda X, y: w.moons_loss(params, X, y))

        def compiled_step() -> float:
            for p in ps:
                p.grad = 0.0
            out = loss(X, y)
            for p in ps:
                p.data -= LR * p.grad
            return out

        compiled_step()
        return compiled_step, time.perf_counter() - t0
    return lambda: w.train_step(V, params, X, y, LR), 0.0


def _value_class(engine: str) -> Any:
    if engine in ("eager", "compiled"):
        from autograd import Value

        return Value
    if engine == "micrograd":
        from micrograd.engine import Value as MValue

        return MValue
    import torch

    return lambda v: torch.tensor(float(v), dtype=torch.float64, requires_grad=True)


def worker(engine: str, workload: str, steps: int) -> dict[str, float]:
    step, setup = make_step(engine, workload)
    if not setup:
        step()  # warm-up
    times = []
    loss = 0.0
    for _ in range(steps):
        t0 = time.perf_counter()
        loss = step()
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    step()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"seconds": statistics.median(times), "setup": setup, "loss": float(loss), "peak": float(peak)}


def memory_worker(engine: str, workload: str) -> dict[str, float]:
    """tracemalloc over set-up: for compiled, the trace and plan (peak) and what the step keeps."""
    tracemalloc.start()
    _step, _ = make_step(engine, workload)
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"setup_peak": float(peak), "retained": float(retained)}


def verify(steps: int) -> dict[str, float]:
    """Train moons with eager and compiled side by side; the largest relative differences."""
    import numpy as np
    import workloads as w

    from autograd import Value
    from autograd import compile as compile_step

    X, y = w.moons(100, seed=0)
    weights = w.mlp_weights([2, 16, 16, 1], seed=0)
    pe, pc = w.make_params(Value, weights), w.make_params(Value, weights)
    fe, fc = w.flat(pe), w.flat(pc)
    loss = compile_step(lambda X, y: w.moons_loss(pc, X, y))
    worst_loss = worst_grad = 0.0
    identical = 0
    for _ in range(steps):
        le = w.train_step(Value, pe, X, y, LR)  # leaves p.grad as used by its update
        for p in fc:
            p.grad = 0.0
        lc = loss(X, y)
        ge, gc = np.array([p.grad for p in fe]), np.array([p.grad for p in fc])
        for p in fc:
            p.data -= LR * p.grad
        worst_loss = max(worst_loss, abs(lc - le) / abs(le))
        worst_grad = max(worst_grad, float(np.max(np.abs(gc - ge)) / np.max(np.abs(ge))))
        identical += int(lc == le and bool(np.all(gc == ge)))
    return {"loss": worst_loss, "grad": worst_grad, "identical": identical, "steps": steps}


def run(args: list[str]) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{out.stderr.strip()[-2000:]}")
    result: dict[str, float] = json.loads(out.stdout)
    return result


def available(engine: str) -> str | None:
    """None if the engine can run here, else why not."""
    try:
        if engine == "micrograd":
            import micrograd  # noqa: F401
        if engine == "torch":
            import torch  # noqa: F401
    except ImportError:
        return f"not installed (pip install {'-e .[bench]' if engine == 'micrograd' else 'torch'})"
    return None


def _fmt_s(s: float) -> str:
    return f"{s * 1e3:10.3f} ms" if s < 1 else f"{s:10.3f} s "


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--workloads", default="moons,big,chain", help="comma-separated subset of moons,big,chain"
    )
    ap.add_argument(
        "--engines", default=",".join(ENGINES), help="comma-separated subset of " + ",".join(ENGINES)
    )
    ap.add_argument(
        "--rounds", type=int, default=None, help="fresh processes per engine (default 3 moons, 1 others)"
    )
    ap.add_argument(
        "--steps", type=int, default=None, help="timed steps per process (default 5 moons, 2 big, 1 chain)"
    )
    ap.add_argument(
        "--verify", type=int, default=100, metavar="N", help="eager vs compiled over N moons steps (0: skip)"
    )
    ap.add_argument("--quick", action="store_true", help="moons only, one round of 3 steps, verify 20 steps")
    ap.add_argument("--all", action="store_true", help="also run the slow combinations marked skipped")
    ap.add_argument("--worker", nargs=2, metavar=("ENGINE", "WORKLOAD"), help=argparse.SUPPRESS)
    ap.add_argument("--verify-worker", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--memory-worker", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker[0], args.worker[1], args.steps or 1)))
        return
    if args.memory_worker:
        print(json.dumps(memory_worker(*args.memory_worker)))
        return
    if args.verify_worker:
        print(json.dumps(verify(args.verify_worker)))
        return
    workloads = ["moons"] if args.quick else args.workloads.split(",")
    engines = args.engines.split(",")
    for name, known in (("workload", WORKLOADS), ("engine", ENGINES)):
        for x in workloads if name == "workload" else engines:
            if x not in known:
                print(f"compare.py: unknown {name} {x!r}; choose from {', '.join(known)}", file=sys.stderr)
                sys.exit(2)
    for wl in workloads:
        rounds = args.rounds or (1 if args.quick or wl != "moons" else 3)
        steps = args.steps or (3 if args.quick else {"moons": 5, "big": 2, "chain": 1}[wl])
        results: dict[str, list[dict[str, float]]] = {}
        notes: dict[str, str] = {}
        for e in engines:
            why = available(e) or (None if args.all else SKIP.get((e, wl)))
            if why:
                notes[e] = why
        for _ in range(rounds):
            for e in engines:
                if e not in notes:
                    results.setdefault(e, []).append(run(["--worker", e, wl, "--steps", str(steps)]))
        setup_mem = None
        if "compiled" in results and (wl == "moons" or args.all):
            setup_mem = run(["--memory-worker", "compiled", wl])
        print(f"{WORKLOADS[wl][0]}")
        print(f"  (median over {rounds} fresh process(es) x {steps} step(s))")
        sec = {e: statistics.median(r["seconds"] for r in rs) for e, rs in results.items()}
        base = sec.get("micrograd")
        floor = sec.get("numpy")
        print(
            f"  {'engine':<10} {'time/step':>13} {'vs micrograd':>14} {'vs floor':>10} {'peak MB':>9}  notes"
        )
        for e in engines:
            if e in notes:
                print(f"  {e:<10} {'-':>13} {'-':>14} {'-':>10} {'-':>9}  {notes[e]}")
                continue
            s = sec[e]
            rs = results[e]
            vs_m = f"{base / s:12.0f}x" if base else f"{'-':>13}"
            vs_f = f"{s / floor:9.1f}x" if floor else f"{'-':>10}"
            peak = max(r["peak"] for r in rs) / 1e6
            note = ""
            if e == "compiled":
                note = f"compile {statistics.median(r['setup'] for r in rs):.1f} s (trace + plan)"
                if setup_mem:
                    note += (
                        f"; compile peak {setup_mem['setup_peak'] / 1e6:.0f} MB, "
                        f"keeps {setup_mem['retained'] / 1e6:.1f} MB"
                    )
            if e == "numpy" and wl == "chain":
                note = "hand-written float loop (a chain has nothing to vectorize)"
            if e == "torch":
                note = "peak excludes tensor storage"
            print(f"  {e:<10} {_fmt_s(s)} {vs_m:>14} {vs_f:>10} {peak:9.1f}  {note}")
        print()
    n = 20 if args.quick and args.verify == 100 else args.verify
    if n and "moons" in workloads:
        v = run(["--verify-worker", str(n)])
        print(
            f"eager vs compiled, {int(v['steps'])} moons training steps: largest relative difference "
            f"{v['loss']:.1e} (loss), {v['grad']:.1e} (grads); bit-identical in {int(v['identical'])} steps"
        )


if __name__ == "__main__":
    main()
