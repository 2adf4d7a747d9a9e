#!/usr/bin/env python3
"""Speed benchmark (exact kernels in machine integers, implied chains): finishing runs of the
new binary against a baseline binary, in one invocation, with one worker each (the baseline has
only one), and the new binary's float-bounds-only search and checking time beside them.

Usage: bench/speed.py --build BUILD --base BASE_BUILD [--seeds 3] [--cap 180]
                      [--rows all|quick] [--out bench/speed-raw.csv] [--base-flags FLAGS]
  BUILD, BASE_BUILD: build directories holding bin/relucert (and BUILD bin/relucheck); BASE is
  the binary to compare against, e.g. d18df3d built in a git worktree (bench/RESULTS.md).
Rows (bench/gen.py, seeds 1..S): uniform labels at d = 3, n = 200 and 300; d = 5, n = 100;
d = 2, n = 3000; planted labels at d = 3, n = 200 and 1000; k = 2 signed, uniform and planted,
d = 3, n = 30; uniform d = 3, n = 1000 with --threads 2 (new binary only, the baseline takes
about 13 minutes). Per run: wall and CPU seconds (user + system of the child), nodes, the
optimum (base and new must agree exactly), certificate bytes; for the new binary also
--float-bounds-only CPU seconds and relucheck's CPU seconds on its certificate. A run that
hits the cap counts as the cap. Prints Markdown (medians over seeds) to stdout, raw rows to
--out.
"""
import argparse
import csv
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from anytime import exact, gen, run  # noqa: E402  (one instance generator, one runner)

ROWS = [  # (label, kind, d, n, extra fit flags)
    ("uniform d=3 n=200", "uniform", 3, 200, []),
    ("uniform d=3 n=300", "uniform", 3, 300, []),
    ("uniform d=5 n=100", "uniform", 5, 100, []),
    ("uniform d=2 n=3000", "uniform", 2, 3000, []),
    ("planted d=3 n=200", "planted", 3, 200, []),
    ("planted d=3 n=1000", "planted", 3, 1000, []),
    ("uniform d=3 n=30 k=2 signed", "uniform", 3, 30, ["--units", "2"]),
    ("planted d=3 n=30 k=2 signed", "planted", 3, 30, ["--units", "2"]),
]
QUICK = {"uniform d=3 n=200", "uniform d=2 n=3000", "planted d=3 n=200"}


def cpu_of(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(cmd, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return p.returncode, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--cap", type=float, default=180)
    ap.add_argument("--big-cap", type=float, default=90,
                    help="time limit of the uniform d=3 n=1000 --threads 2 row")
    ap.add_argument("--rows", choices=["all", "quick"], default="all")
    ap.add_argument("--base-flags", default="",
                    help="extra fit flags of the baseline, e.g. '--threads 1 --no-hinge' with "
                         "--base the same build (one binary with and without a feature)")
    ap.add_argument("--out", default=os.path.join("bench", "speed-raw.csv"))
    a = ap.parse_args()
    new = os.path.join(a.build, "bin", "relucert")
    chk = os.path.join(a.build, "bin", "relucheck")
    base = os.path.join(a.base, "bin", "relucert")
    raw = []
    print("| instances | base CPU s | new CPU s | base / new CPU | base nodes | new nodes | "
          "new / base nodes | new nodes with a QP | new float-only CPU s | exact / float-only | check / solve | "
          "bytes per node base | bytes per node new |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for label, kind, d, n, extra in ROWS:
            if a.rows == "quick" and label not in QUICK:
                continue
            cols = {k: [] for k in ("bc", "nc", "bn", "nn", "nq", "fc", "ck", "bb", "nb")}
            capped_b = capped_n = 0
            for seed in range(1, a.seeds + 1):
                inst = gen(kind, n, d, seed, tmp)
                cb, cn = os.path.join(tmp, "b.cert"), os.path.join(tmp, "n.cert")
                common = [inst, "--time-limit", str(a.cap)] + extra
                _, bcpu, bj = run(base, common + ["-o", cb] + a.base_flags.split())
                _, ncpu, nj = run(new, common + ["-o", cn, "--threads", "1"])
                # --float-bounds-only prints text (no JSON, no certificate): its CPU time only.
                rc, fcpu = cpu_of([new, "fit"] + common + ["--threads", "1", "-q",
                                                           "--float-bounds-only"])
                rc, kcpu = cpu_of([chk, "--quiet", inst, cn])
                if rc != 0:
                    sys.exit(f"relucheck rejected the new certificate of {label} seed {seed}")
                if bj["stopped"]:
                    capped_b += 1
                if nj["stopped"]:
                    capped_n += 1
                elif not bj["stopped"] and exact(bj, "optimum") != exact(nj, "optimum"):
                    sys.exit(f"optima differ on {label} seed {seed}")
                bbytes, nbytes = os.path.getsize(cb), os.path.getsize(cn)
                row = dict(row=label, seed=seed, base_cpu=bcpu, new_cpu=ncpu,
                           base_nodes=bj["stats"]["nodes"], new_nodes=nj["stats"]["nodes"],
                           new_implied=nj["stats"].get("implied", 0), float_cpu=fcpu,
                           check_cpu=kcpu, base_bytes=bbytes, new_bytes=nbytes,
                           base_stopped=bj["stopped"], new_stopped=nj["stopped"],
                           optimum=nj.get("optimum", {}).get("exact", ""))
                raw.append(row)
                cols["bc"].append(bcpu)
                cols["nc"].append(ncpu)
                cols["bn"].append(row["base_nodes"])
                cols["nn"].append(row["new_nodes"])
                st = nj["stats"]  # nodes evaluated (a QP each): branches outside chains, leaves
                cols["nq"].append(st["branches"] - st.get("implied", 0) + st["leaves"])
                cols["fc"].append(fcpu)
                cols["ck"].append(kcpu / ncpu if ncpu > 0 else float("nan"))
                cols["bb"].append(bbytes / max(1, row["base_nodes"]))
                cols["nb"].append(nbytes / max(1, row["new_nodes"]))
                print(f"  {label} seed {seed}: base {bcpu:.2f} s, new {ncpu:.2f} s",
                      file=sys.stderr)
            bc, nc = med(cols["bc"]), med(cols["nc"])
            note_b = f" ({capped_b} capped)" if capped_b else ""
            note_n = f" ({capped_n} capped)" if capped_n else ""
            print(f"| {label} | {bc:.2f}{note_b} | {nc:.2f}{note_n} | {bc / nc:.2f}x | "
                  f"{med(cols['bn']):.0f} | {med(cols['nn']):.0f} | "
                  f"{med(cols['nn']) / med(cols['bn']):.2f} | {med(cols['nq']):.0f} | "
                  f"{med(cols['fc']):.2f} | "
                  f"{nc / med(cols['fc']):.2f} | {med(cols['ck']):.2f} | "
                  f"{med(cols['bb']):.1f} | {med(cols['nb']):.1f} |", flush=True)
        if a.rows == "all":  # the large row: two workers, new binary only
            walls, cpus = [], []
            for seed in range(1, a.seeds + 1):
                inst = gen("uniform", 1000, 3, seed, tmp)
                cn = os.path.join(tmp, "n.cert")
                w, c, j = run(new, [inst, "--time-limit", str(a.big_cap), "-o", cn, "--threads", "2"])
                walls.append(w)
                cpus.append(c)
                raw.append(dict(row="uniform d=3 n=1000 -j2", seed=seed, new_cpu=c, new_wall=w,
                                new_nodes=j["stats"]["nodes"], new_stopped=j["stopped"],
                                optimum=j.get("optimum", {}).get("exact", "")))
                print(f"  uniform d=3 n=1000 -j2 seed {seed}: {w:.1f} s wall, stopped "
                      f"{j['stopped']}", file=sys.stderr)
            print(f"\nuniform d=3 n=1000, --threads 2: median wall {med(walls):.1f} s, "
                  f"CPU {med(cpus):.1f} s (cap {a.big_cap:g} s)")
    keys = sorted({k for r in raw for k in r})
    with open(a.out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=keys)
        w.writeheader()
        w.writerows(raw)


if __name__ == "__main__":
    main()
