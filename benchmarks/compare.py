"""One table: this engine, its compiled replay, micrograd, PyTorch and a numpy floor.

Engines:
  micrograd  the PyPI package (pip install -e '.[bench]')
  eager      this project's Value, built and backpropagated every step by
             micrograd's training loop as written (the collector on while
             the graph is built; backward() pauses it)
  fit        the same step through nn.fit (one full-batch epoch), which keeps
             the cyclic collector paused for its loop, as it does for users
  compiled   autograd.compile: traced once, replayed with numpy, bit-identical to
             eager; the step includes zeroing grads, the replay (forward +
             backward, grads written into the leaves' .grad) and the SGD update
  blas       autograd.compile(..., exact=False): dense layers as BLAS matmul
             (equal to eager within 1e-12 relative, not bit-identical)
  torch      one 0-d float64 tensor per scalar (only when torch is installed)
  numpy      the same step hand-vectorized (matrices, hand-derived backward):
             the floor; for the chain, a hand-written float loop

Workloads:
  moons      MLP 2-16-16-1, 100 two-moons samples, hinge + 1e-4·L2, forward + backward + SGD
  mid        MLP 2-32-32-1, 200 samples, the same loss
  big        MLP 2-64-64-1, 500 samples, the same loss
  chain      s = s*c + x, 500,000 times: 1,000,000 ops, forward + backward

Every (engine, workload) runs in a fresh process with BLAS pinned to one thread
(the environment is set before numpy is imported), and the engines alternate
round by round, so a busy machine slows them alike.  The floor's allocator is
warmed with 50 untimed steps before timing.  Times are medians.  For the
compiled replay one more process measures the compile (the first call): its
time per op node, its tracemalloc peak per node and the RSS it adds.  CPU time
per step is printed too: on a busy machine it is the steadier measure.

    python benchmarks/compare.py              # the MLP table and the chain (about 15 minutes)
    python benchmarks/compare.py --quick      # moons only, one round
    python benchmarks/compare.py --workloads big --engines compiled,blas,numpy
    python benchmarks/compare.py --verify-sizes moons,mid,big   # bit-identity over 5 steps each
"""

from __future__ import annotations

import argparse
import json
import os
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

ONE_THREAD = {
    k: "1"
    for k in (
        "OMP_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "VECLIB_MAXIMUM_THREADS",
        "NUMEXPR_NUM_THREADS",
        "BLIS_NUM_THREADS",
    )
}
ENGINES = ["micrograd", "eager", "fit", "compiled", "blas", "torch", "numpy"]
MLPS = {"moons": ([2, 16, 16, 1], 100), "mid": ([2, 32, 32, 1], 200), "big": ([2, 64, 64, 1], 500)}
WORKLOADS = [*MLPS, "chain"]
CHAIN = 500_000
SKIP = {
    ("micrograd", "mid"): "skipped: about 20 s per step",
    ("micrograd", "big"): "skipped: about 2 min per step",
    ("torch", "mid"): "skipped: about 8 s per step",
    ("torch", "big"): "skipped: about a minute per step",
    ("micrograd", "chain"): "cannot: recursive topological sort (RecursionError)",
    ("torch", "chain"): "skipped: pass --all to run (about a minute)",
    ("blas", "chain"): "a chain has no dense layer",
    ("fit", "chain"): "fit trains an MLP",
}
LR = 0.05


def label(workload: str) -> str:
    if workload == "chain":
        return f"{2 * CHAIN:,}-op chain"
    sizes, n = MLPS[workload]
    return f"{'-'.join(map(str, sizes))}, {n}"


def make_step(engine: str, workload: str) -> tuple[Callable[[], float], float, int]:
    """A zero-argument step for one engine and workload, its set-up (compile) time and its op nodes."""
    import workloads as w

    if engine in ("eager", "fit", "compiled", "blas"):
        import autograd  # noqa: F401  (imported before the clock starts)
    t0 = time.perf_counter()
    if workload == "chain":
        if engine == "numpy":
            return lambda: w.chain_floor(CHAIN)[0], 0.0, 2 * CHAIN
        V = _value_class(engine)
        if engine == "compiled":
            from autograd import compile as compile_step

            step = compile_step(lambda: w.chain(V, CHAIN))
            step()
            return step, time.perf_counter() - t0, 2 * CHAIN

        def eager_chain() -> float:
            s = w.chain(V, CHAIN)
            s.backward()
            return float(s.data if engine != "torch" else s.item())

        return eager_chain, 0.0, 2 * CHAIN
    sizes, n = MLPS[workload]
    X, y = w.moons(n, seed=0)
    weights = w.mlp_weights(sizes, seed=0)
    if engine == "numpy":
        layers = w.numpy_params(weights)
        return lambda: w.numpy_train_step(layers, X, y, LR), 0.0, 0
    if engine == "fit":
        return _fit_step(sizes, weights, X, y), 0.0, 0
    V = _value_class(engine)
    params = w.make_params(V, weights)
    if engine == "torch":
        return lambda: w.torch_train_step(params, X, y, LR), 0.0, 0
    if engine in ("compiled", "blas"):
        from autograd import compile as compile_step

        ps = w.flat(params)
        loss = compile_step(lambda X, y: w.moons_loss(params, X, y), exact=engine == "compiled")

        def compiled_step() -> float:
            for p in ps:
                p.grad = 0.0
            out = loss(X, y)
            for p in ps:
                p.data -= LR * p.grad
            return out

        compiled_step()
        plan = loss.plan
        return compiled_step, time.perf_counter() - t0, plan.n_nodes + plan.n_fused
    return lambda: w.train_step(V, params, X, y, LR), 0.0, 0


def _fit_step(sizes: list[int], weights: list[list[list[float]]], X: Any, y: Any) -> Callable[[], float]:
    """One full-batch epoch of nn.fit on an nn.MLP holding ``weights``: the same graph as train_step."""
    import nn

    model = nn.MLP(sizes[0], sizes[1:], seed=0)
    for p, v in zip(
        model.parameters(), (v for layer in weights for neuron in layer for v in neuron), strict=True
    ):
        p.data = v
    opt = nn.SGD(model.parameters(), lr=LR)
    return lambda: nn.fit(model, X, y, "hinge", opt, epochs=1, l2=1e-4, progress=False).loss[-1]


def _value_class(engine: str) -> Any:
    if engine in ("eager", "compiled", "blas"):
        from autograd import Value

        return Value
    if engine == "micrograd":
        from micrograd.engine import Value as MValue

        return MValue
    import torch

    torch.set_num_threads(1)
    return lambda v: torch.tensor(float(v), dtype=torch.float64, requires_grad=True)


def worker(engine: str, workload: str, steps: int) -> dict[str, float]:
    step, setup, nodes = make_step(engine, workload)
    warm = 50 if engine == "numpy" else (0 if setup or workload in ("big", "chain") else 1)
    for _ in range(warm):  # the floor's allocator, and one untimed step for the others
        step()
    if engine == "numpy":
        steps = max(steps, 200 if workload != "chain" else 3)
    times, cpu = [], []
    loss = 0.0
    for _ in range(steps):
        t0, c0 = time.perf_counter(), time.process_time()
        loss = step()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return {
        "seconds": statistics.median(times),
        "cpu": statistics.median(cpu),
        "setup": setup,
        "loss": float(loss),
        "nodes": float(nodes),
    }


def _rss_kb(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1])
    return 0


def memory_worker(engine: str, workload: str) -> dict[str, float]:
    """The compile's tracemalloc peak and what the step keeps; the RSS the compile adds (Linux)."""
    import numpy.ma  # noqa: F401  (numpy imports it lazily; its import is no part of compiling)
    import workloads  # noqa: F401

    import autograd  # noqa: F401

    before = _rss_kb("VmRSS:")
    tracemalloc.start()
    _step, _setup, nodes = make_step(engine, workload)
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "peak": float(peak),
        "retained": float(retained),
        "nodes": float(nodes),
        "rss_added": float(_rss_kb("VmHWM:") - before) * 1024,
    }


def verify(workload: str, steps: int) -> dict[str, float]:
    """Train with eager and compiled side by side; the largest relative differences and identical steps."""
    import numpy as np
    import workloads as w

    from autograd import Value
    from autograd import compile as compile_step

    sizes, n = MLPS[workload]
    X, y = w.moons(n, seed=0)
    weights = w.mlp_weights(sizes, seed=0)
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
    env = {**os.environ, **ONE_THREAD}
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, env=env)
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


def _t(s: float | None) -> str:
    if s is None:
        return "-"
    if s >= 1:
        return f"{s:,.2f} s"
    return f"{s * 1e3:.3g} ms" if s >= 1e-3 else f"{s * 1e3:.3f} ms"


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.1f}x" if a and b else "-"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--workloads", default=",".join(WORKLOADS), help="comma-separated subset of " + ",".join(WORKLOADS)
    )
    ap.add_argument(
        "--engines", default=",".join(ENGINES), help="comma-separated subset of " + ",".join(ENGINES)
    )
    ap.add_argument(
        "--rounds", type=int, default=None, help="fresh processes per engine (default 3; 1 for big, chain)"
    )
    ap.add_argument(
        "--steps", type=int, default=None, help="timed steps per process (default 5; 2 for big, 1 chain)"
    )
    ap.add_argument(
        "--verify", type=int, default=100, metavar="N", help="eager vs compiled over N moons steps (0: skip)"
    )
    ap.add_argument("--verify-sizes", default="", help="also check bit-identity over 5 steps at these MLPs")
    ap.add_argument("--quick", action="store_true", help="moons only, one round of 3 steps, verify 20 steps")
    ap.add_argument("--all", action="store_true", help="also run the slow combinations marked skipped")
    ap.add_argument("--worker", nargs=2, metavar=("ENGINE", "WORKLOAD"), help=argparse.SUPPRESS)
    ap.add_argument("--verify-worker", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--memory-worker", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker[0], args.worker[1], args.steps or 1)))
        return
    if args.memory_worker:
        print(json.dumps(memory_worker(*args.memory_worker)))
        return
    if args.verify_worker:
        print(json.dumps(verify(args.verify_worker[0], int(args.verify_worker[1]))))
        return
    workloads = ["moons"] if args.quick else args.workloads.split(",")
    engines = args.engines.split(",")
    for name, known, given in (("workload", WORKLOADS, workloads), ("engine", ENGINES, engines)):
        for x in given:
            if x not in known:
                print(f"compare.py: unknown {name} {x!r}; choose from {', '.join(known)}", file=sys.stderr)
                sys.exit(2)
    sec: dict[tuple[str, str], float] = {}
    cpu: dict[tuple[str, str], float] = {}
    setup: dict[tuple[str, str], float] = {}
    nodes: dict[str, float] = {}
    notes: dict[tuple[str, str], str] = {}
    mem: dict[str, dict[str, float]] = {}
    for wl in workloads:
        slow = wl in ("big", "chain")
        rounds = args.rounds or (1 if args.quick or slow else 3)
        steps = args.steps or (3 if args.quick else {"big": 2, "chain": 1}.get(wl, 5))
        results: dict[str, list[dict[str, float]]] = {}
        for e in engines:
            why = available(e) or (None if args.all else SKIP.get((e, wl)))
            if why:
                notes[e, wl] = why
        for _ in range(rounds):
            for e in engines:
                if (e, wl) not in notes:
                    results.setdefault(e, []).append(run(["--worker", e, wl, "--steps", str(steps)]))
        for e, rs in results.items():
            sec[e, wl] = statistics.median(r["seconds"] for r in rs)
            cpu[e, wl] = statistics.median(r["cpu"] for r in rs)
            setup[e, wl] = statistics.median(r["setup"] for r in rs)
            nodes[wl] = max(nodes.get(wl, 0.0), *(r["nodes"] for r in rs))
        if "compiled" in results and wl in MLPS:
            mem[wl] = run(["--memory-worker", "compiled", wl])
        print(f"{label(wl)}: done ({rounds} round(s) x {steps} step(s))", file=sys.stderr)

    mlps = [wl for wl in workloads if wl in MLPS]
    if mlps:
        print("Training step (forward + backward + SGD), median of fresh processes, BLAS on one thread")
        print()
        print(
            "| MLP, samples | op nodes | eager (loop) | eager (fit) | compiled | floor | compiled / floor "
            "| compile (first call) | blas | blas / floor |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        for wl in mlps:
            c, f, b = sec.get(("compiled", wl)), sec.get(("numpy", wl)), sec.get(("blas", wl))
            n = nodes.get(wl, 0.0)
            comp = setup.get(("compiled", wl))
            compile_cell = f"{_t(comp)} ({comp / n * 1e6:.1f} µs/node)" if comp and n else "-"
            print(
                f"| {label(wl)} | {n / 1e3:,.0f}k | {_t(sec.get(('eager', wl)))} | {_t(sec.get(('fit', wl)))} "
                f"| {_t(c)} | {_t(f)} "
                f"| {_ratio(c, f)} | {compile_cell} | {_t(b)} | {_ratio(b, f)} |"
            )
        print()
        print("The same, in CPU time per step (steadier than wall time when other processes share the cores)")
        print()
        print(
            "| MLP, samples | eager (loop) | eager (fit) | compiled | floor | compiled / floor | blas | blas / floor |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for wl in mlps:
            c, f, b = cpu.get(("compiled", wl)), cpu.get(("numpy", wl)), cpu.get(("blas", wl))
            print(
                f"| {label(wl)} | {_t(cpu.get(('eager', wl)))} | {_t(cpu.get(('fit', wl)))} | {_t(c)} | {_t(f)} "
                f"| {_ratio(c, f)} "
                f"| {_t(b)} | {_ratio(b, f)} |"
            )
        if mem:
            print()
            print(
                "| MLP, samples | compile peak (tracemalloc) | per op node | RSS added by compiling | step keeps |"
            )
            print("|---|---|---|---|---|")
            for wl, m in mem.items():
                print(
                    f"| {label(wl)} | {m['peak'] / 1e6:,.0f} MB | {m['peak'] / m['nodes']:,.0f} B "
                    f"| {m['rss_added'] / 1e6:,.0f} MB | {m['retained'] / 1e6:,.1f} MB |"
                )
    peers = [e for e in ("micrograd", "torch") if e in engines]
    if "moons" in workloads and peers:
        print()
        print("Peers on the moons step (each in its own process)")
        print()
        print("| engine | time per step | CPU time | micrograd's step / this one |")
        print("|---|---|---|---|")
        mg = sec.get(("micrograd", "moons"))
        shown = {"eager": "eager (micrograd's loop)", "fit": "eager (nn.fit)"}
        for e in [*peers, *(e for e in ("eager", "fit") if e in engines)]:
            s = sec.get((e, "moons"))
            note = notes.get((e, "moons"), "")
            print(
                f"| {shown.get(e, e)} | {_t(s) if s else note} | {_t(cpu.get((e, 'moons')))} | {_ratio(mg, s)} |"
            )
    if "chain" in workloads:
        print()
        print(f"{label('chain')} (forward + backward)")
        print()
        print("| engine | time | note |")
        print("|---|---|---|")
        for e in engines:
            note = notes.get((e, "chain"), "")
            if e == "compiled" and ("compiled", "chain") in setup:
                note = f"compile {_t(setup['compiled', 'chain'])}"
            if e == "numpy":
                note = "hand-written float loop (a chain has nothing to vectorize)"
            print(f"| {e} | {_t(sec.get((e, 'chain')))} | {note} |")
    n_verify = 20 if args.quick and args.verify == 100 else args.verify
    checks = [("moons", n_verify)] if n_verify and "moons" in workloads else []
    checks += [(s, 5) for s in args.verify_sizes.split(",") if s]
    for wl, k in checks:
        v = run(["--verify-worker", wl, str(k)])
        print()
        print(
            f"eager vs compiled, {int(v['steps'])} training steps of {label(wl)}: largest relative difference "
            f"{v['loss']:.1e} (loss), {v['grad']:.1e} (grads); bit-identical in {int(v['identical'])} steps"
        )


if __name__ == "__main__":
    main()
