#!/usr/bin/env python3
"""Anytime benchmark (the pool of open nodes, heuristics, workers): the proved interval of
time-limited runs, and finishing runs against a baseline binary, in one invocation.

Usage: bench/anytime.py --build BUILD --base BASE_BUILD [--seeds 3] [--limits 1,10]
                        [--long 60] [--out bench/anytime-raw.csv]
  BUILD, BASE_BUILD: build directories holding bin/relucert (BASE: the binary to compare
  against, e.g. one built from an older commit in a git worktree).
Part 1, intervals: uniform and planted labels at d = 3, n = 1000 and d = 5, n = 200 (bench/gen.py,
seeds 1..S), each binary stopped at every limit; the relative width (upper - lower) / upper
and whether the lower end is above the trivial bound (sum of c y^2 over y <= 0, the root's
bound with every unit +1). --long L adds one row (uniform d = 3, n = 1000, seed 1) at L s.
Part 2, finishing rows: uniform d = 3, n = 200 and planted d = 3, n = 200 (seeds 1..S), solved
to optimality by the baseline, by BUILD with --threads 1 and with --threads 2: wall and CPU time
(user + system of the child), medians over seeds, ratios against the baseline.
Prints Markdown to stdout; raw rows to --out.
"""
import argparse
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))


def gen(kind, n, d, seed, tmp):
    path = os.path.join(tmp, f"{kind}-d{d}-n{n}-s{seed}.relu")
    if not os.path.exists(path):
        with open(path, "w") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), "--kind", kind,
                            "--n", str(n), "--d", str(d), "--seed", str(seed)], stdout=f,
                           check=True)
    return path


def trivial_bound(path):
    s = Fraction(0)
    for line in open(path):
        t = line.split()
        if not t or t[0].startswith("#") or t[0] == "relu":
            continue
        d = len(t) - 1  # x_1..x_d y (no weights in bench instances)
        y = Fraction(t[d])
        if y <= 0:
            s += y * y
    return s


def run(binary, args):
    """(wall, cpu, json result) of one relucert fit run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run([binary, "fit"] + args + ["--json", "-q"], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if p.returncode not in (0, 10):
        sys.exit(f"{binary} failed ({p.returncode}): {p.stderr}")
    j = json.loads(p.stdout)
    return wall, cpu, j


def exact(j, key):
    v = j[key]
    return Fraction(v["exact"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--limits", default="1,10")
    ap.add_argument("--long", type=float, default=0)
    ap.add_argument("--out", default=os.path.join(HERE, "anytime-raw.csv"))
    a = ap.parse_args()
    new = os.path.join(a.build, "bin", "relucert")
    base = os.path.join(a.base, "bin", "relucert")
    limits = [float(x) for x in a.limits.split(",")]
    raw = []
    with tempfile.TemporaryDirectory() as tmp:
        cert = os.path.join(tmp, "c.cert")
        print("## Intervals of time-limited runs\n")
        print("| instance | limit s | binary | lower ~ | upper ~ | rel. width | above trivial |")
        print("|---|---|---|---|---|---|---|")
        rows = [(k, d, n) for (d, n) in ((3, 1000), (5, 200)) for k in ("uniform", "planted")]
        plan = [(k, d, n, s, L) for (k, d, n) in rows for s in range(1, a.seeds + 1)
                for L in limits]
        if a.long:
            plan.append(("uniform", 3, 1000, 1, a.long))
        for (k, d, n, s, L) in plan:
            inst = gen(k, n, d, s, tmp)
            triv = trivial_bound(inst)
            for name, b in (("base", base), ("new", new)):
                wall, cpu, j = run(b, [inst, "--time-limit", str(L), "--out", cert])
                lo, up = exact(j, "lower"), exact(j, "upper")
                width = float((up - lo) / up) if up else 0.0
                above = lo > triv
                raw.append({"part": "interval", "instance": f"{k} d={d} n={n} seed={s}",
                            "limit": L, "binary": name, "wall": wall, "cpu": cpu,
                            "lower": str(lo), "upper": str(up), "width": width,
                            "above_trivial": above, "nodes": j["stats"]["nodes"]})
                print(f"| {k} d={d} n={n} s{s} | {L:g} | {name} | {float(lo):.6g} | "
                      f"{float(up):.6g} | {100 * width:.1f} % | {'yes' if above else 'no'} |",
                      flush=True)
        print("\n## Finishing rows (medians over seeds)\n")
        print("| instance | binary | wall s | CPU s | nodes | wall / base | CPU / base |")
        print("|---|---|---|---|---|---|---|")
        for k in ("uniform", "planted"):
            res = {}
            for name, b, extra in (("base", base, []), ("new -j1", new, ["--threads", "1"]),
                                   ("new -j2", new, ["--threads", "2"])):
                walls, cpus, nodes, opts = [], [], [], set()
                for s in range(1, a.seeds + 1):
                    inst = gen(k, 200, 3, s, tmp)
                    wall, cpu, j = run(b, [inst, "--out", cert] + extra)
                    if j["status"] != "optimal":
                        sys.exit(f"{name} did not finish {inst}")
                    walls.append(wall), cpus.append(cpu), nodes.append(j["stats"]["nodes"])
                    opts.add((s, j["upper"]["exact"]))
                    raw.append({"part": "finish", "instance": f"{k} d=3 n=200 seed={s}",
                                "binary": name, "wall": wall, "cpu": cpu,
                                "nodes": j["stats"]["nodes"], "upper": j["upper"]["exact"]})
                res[name] = (statistics.median(walls), statistics.median(cpus),
                             statistics.median(nodes), opts)
            for name, (w, c, nd, opts) in res.items():
                if opts != res["base"][3]:
                    sys.exit(f"{name}: optima differ from the baseline's on {k}")
                print(f"| {k} d=3 n=200 | {name} | {w:.2f} | {c:.2f} | {nd:.0f} | "
                      f"{w / res['base'][0]:.2f} | {c / res['base'][1]:.2f} |", flush=True)
    with open(a.out, "w", newline="") as f:
        keys = sorted({k for r in raw for k in r})
        w = csv.DictWriter(f, fieldnames=keys)
        w.writeheader()
        w.writerows(raw)


if __name__ == "__main__":
    main()
