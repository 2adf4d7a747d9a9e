#!/usr/bin/env python3
"""relucert benchmark: branch and bound vs full enumeration vs floating bounds only,
and checker time vs solve time, on seeded random instances (bench/gen.py).

Usage: bench/run.py [--build build] [--seeds 3] [--cap 60] [--quick] [--only SUBSTR] [--units]
Prints a Markdown table (medians over seeds) to stdout; raw rows to bench/raw.csv.
--units: the k-ReLU table instead (k = 2, 3): branch and bound with and without the
symmetry records, against full enumeration (every sign split x every cell, no symmetry).
Timing is wall-clock of whole runs (the solver's own "seconds" is also recorded).
"""
import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

FULL = [  # (kind, d, n)
    ("planted", 2, 200), ("uniform", 2, 200), ("planted", 2, 1000), ("uniform", 2, 1000),
    ("planted", 3, 50), ("uniform", 3, 50), ("planted", 3, 100), ("uniform", 3, 100),
    ("planted", 3, 200), ("uniform", 3, 200), ("planted", 3, 1000), ("uniform", 3, 1000),
    ("planted", 5, 30), ("uniform", 5, 30), ("planted", 5, 100), ("uniform", 5, 100),
]
UNITS = [  # (kind, d, n, k, output)
    ("planted", 3, 30, 2, "signed"), ("uniform", 3, 30, 2, "signed"),
    ("planted", 2, 60, 2, "nonneg"), ("uniform", 2, 60, 2, "nonneg"),
    ("planted", 2, 20, 3, "nonneg"), ("uniform", 2, 20, 3, "nonneg"),
    ("planted", 2, 14, 3, "signed"), ("uniform", 2, 14, 3, "signed"),
]
QUICK = [("planted", 2, 200), ("uniform", 2, 200), ("planted", 3, 100), ("uniform", 3, 100),
         ("planted", 3, 200), ("uniform", 3, 200), ("planted", 5, 30)]


def run(cmd, cap=None):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=None if cap is None else cap + 30)
    return p, time.perf_counter() - t0


def solve(bin_dir, inst, cert, strategy, cap, float_only=False, extra=()):
    cmd = [os.path.join(bin_dir, "relucert"), "fit", inst, "-q", "--strategy", strategy,
           "--time-limit", str(cap)] + list(extra)
    if float_only:
        cmd.append("--float-bounds-only")
        p, wall = run(cmd, cap)
        nodes = int(p.stdout.split("nodes")[1].split()[0]) if "nodes" in p.stdout else -1
        return {"wall": wall, "nodes": nodes, "status": "float", "rc": p.returncode}
    cmd += ["--json", "--out", cert]
    p, wall = run(cmd, cap)
    if p.returncode not in (0, 10):
        sys.exit(f"relucert failed ({p.returncode}) on {inst}: {p.stderr}")
    j = json.loads(p.stdout)
    return {"wall": wall, "nodes": j["stats"]["nodes"], "status": j["status"],
            "opt": j["upper"]["exact"] if j["status"] == "optimal" else None, "rc": p.returncode}


def check(bin_dir, inst, cert):
    p, wall = run([os.path.join(bin_dir, "relucheck"), "--quiet", inst, cert])
    ok = p.returncode == 0 and p.stdout.strip().endswith("s VERIFIED")
    return wall, ok


def record(rows, row, tag, seed):
    rows.append(row)
    print(f"# {tag} seed {seed}: {row}", file=sys.stderr, flush=True)


def write_raw(rows):
    with open(os.path.join(HERE, "raw.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)


def make_instance(tmp, kind, d, n, seed):
    inst = os.path.join(tmp, f"{kind}-{d}-{n}-{seed}.relu")
    with open(inst, "w") as f:
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), "--kind", kind, "--n", str(n),
                        "--d", str(d), "--seed", str(seed)], stdout=f, check=True)
    return inst


def main_units(a, bin_dir, tmp):
    rows = []
    for kind, d, n, k, out in UNITS:
        tag = f"{kind} d={d} n={n} k={k} {out}"
        if a.only and a.only not in tag:
            continue
        model = ["--units", str(k)] + (["--nonnegative-output"] if out == "nonneg" else [])
        for seed in range(1, a.seeds + 1):
            inst = make_instance(tmp, kind, d, n, seed)
            cb, cn, ce = (os.path.join(tmp, x) for x in ("b.cert", "n.cert", "e.cert"))
            b = solve(bin_dir, inst, cb, "bnb", a.cap, extra=model)
            chk_wall, chk_ok = check(bin_dir, inst, cb)
            ns = solve(bin_dir, inst, cn, "bnb", a.cap, extra=model + ["--no-symmetry"])
            e = solve(bin_dir, inst, ce, "enumerate", a.cap, extra=model + ["--no-symmetry"])
            es = solve(bin_dir, inst, ce, "enumerate", a.cap, extra=model)
            for other in (ns, e, es):
                if b["opt"] and other["opt"] and b["opt"] != other["opt"]:
                    sys.exit(f"MISMATCH on {inst} ({tag}): {b['opt']} vs {other['opt']}")
            row = {"kind": kind, "d": d, "n": n, "k": k, "output": out, "seed": seed,
                   "bnb_status": b["status"], "bnb_nodes": b["nodes"], "bnb_s": round(b["wall"], 3),
                   "check_s": round(chk_wall, 3), "check_ok": chk_ok,
                   "nosym_status": ns["status"], "nosym_nodes": ns["nodes"], "nosym_s": round(ns["wall"], 3),
                   "enum_status": e["status"], "enum_nodes": e["nodes"], "enum_s": round(e["wall"], 3),
                   "enumsym_status": es["status"], "enumsym_nodes": es["nodes"]}
            record(rows, row, tag, seed)
    write_raw(rows)
    med = statistics.median
    print("| instances | B&B proved | B&B nodes | B&B s | no-sym proved | no-sym nodes | no-sym s | "
          "enum proved | enum nodes | enum s | enum/B&B nodes | no-sym/B&B nodes | enum/enum+sym nodes | "
          "check s / solve s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    groups = {}
    for r in rows:
        groups.setdefault((r["kind"], r["d"], r["n"], r["k"], r["output"]), []).append(r)
    for (kind, d, n, k, out), g in groups.items():
        opt = lambda key: sum(r[key] == "optimal" for r in g)
        capped = opt("enum_status") < len(g)
        print(f"| {kind} d={d} n={n} k={k} {out} | {opt('bnb_status')}/{len(g)} | "
              f"{med([r['bnb_nodes'] for r in g]):.0f} | {med([r['bnb_s'] for r in g]):.2f} | "
              f"{opt('nosym_status')}/{len(g)} | {med([r['nosym_nodes'] for r in g]):.0f} | "
              f"{med([r['nosym_s'] for r in g]):.2f} | {opt('enum_status')}/{len(g)} | "
              f"{med([r['enum_nodes'] for r in g]):.0f} | {med([r['enum_s'] for r in g]):.2f}"
              f"{' (capped)' if capped else ''} | "
              f"{med([r['enum_nodes'] / max(1, r['bnb_nodes']) for r in g]):.1f}x{'+' if capped else ''} | "
              f"{med([r['nosym_nodes'] / max(1, r['bnb_nodes']) for r in g]):.2f}x | "
              f"{med([r['enum_nodes'] / max(1, r['enumsym_nodes']) for r in g]):.2f}x"
              f"{'' if not capped else ' (both capped)' if opt('enumsym_status') < len(g) else '+'} | "
              f"{med([r['check_s'] / max(1e-3, r['bnb_s']) for r in g]):.2f} |")
    if any(not r["check_ok"] for r in rows):
        sys.exit("CHECKER REJECTED a certificate")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(HERE, "..", "build"))
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--cap", type=float, default=60.0, help="time limit per run, seconds")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", default="")
    ap.add_argument("--units", action="store_true", help="the k-ReLU table (k = 2, 3)")
    a = ap.parse_args()
    bin_dir = os.path.join(a.build, "bin")
    tmp = tempfile.mkdtemp(prefix="relucert-bench-")
    if a.units:
        return main_units(a, bin_dir, tmp)
    configs = QUICK if a.quick else FULL
    rows = []
    for kind, d, n in configs:
        tag = f"{kind} d={d} n={n}"
        if a.only and a.only not in tag:
            continue
        for seed in range(1, a.seeds + 1):
            inst = make_instance(tmp, kind, d, n, seed)
            cb, ce = os.path.join(tmp, "b.cert"), os.path.join(tmp, "e.cert")
            b = solve(bin_dir, inst, cb, "bnb", a.cap)
            chk_wall, chk_ok = check(bin_dir, inst, cb)
            fl = solve(bin_dir, inst, None, "bnb", a.cap, float_only=True)
            e = solve(bin_dir, inst, ce, "enumerate", a.cap)
            if b["opt"] and e["opt"] and b["opt"] != e["opt"]:
                sys.exit(f"MISMATCH on {inst}: bnb {b['opt']} enumerate {e['opt']}")
            row = {"kind": kind, "d": d, "n": n, "seed": seed,
                   "bnb_status": b["status"], "bnb_nodes": b["nodes"], "bnb_s": round(b["wall"], 3),
                   "check_s": round(chk_wall, 3), "check_ok": chk_ok,
                   "float_nodes": fl["nodes"], "float_s": round(fl["wall"], 3),
                   "enum_status": e["status"], "enum_nodes": e["nodes"], "enum_s": round(e["wall"], 3)}
            record(rows, row, tag, seed)
    write_raw(rows)
    med = statistics.median
    print("| instances | B&B proved | B&B nodes | B&B s | enum proved | enum nodes | enum s | "
          "node ratio | check s / solve s | exact s / float s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    groups = {}
    for r in rows:
        groups.setdefault((r["kind"], r["d"], r["n"]), []).append(r)
    for (kind, d, n), g in groups.items():
        solved_b = sum(r["bnb_status"] == "optimal" for r in g)
        solved_e = sum(r["enum_status"] == "optimal" for r in g)
        ratio = med([r["enum_nodes"] / max(1, r["bnb_nodes"]) for r in g])
        chk = med([r["check_s"] / max(1e-3, r["bnb_s"]) for r in g])
        fx = med([r["bnb_s"] / max(1e-3, r["float_s"]) for r in g])
        enum_note = "" if solved_e == len(g) else " (capped)"
        print(f"| {kind} d={d} n={n} | {solved_b}/{len(g)} | {med([r['bnb_nodes'] for r in g]):.0f} | "
              f"{med([r['bnb_s'] for r in g]):.2f} | {solved_e}/{len(g)} | "
              f"{med([r['enum_nodes'] for r in g]):.0f} | {med([r['enum_s'] for r in g]):.2f}{enum_note} | "
              f"{ratio:.1f}x{'+' if enum_note else ''} | {chk:.2f} | {fx:.2f} |")
    bad = [r for r in rows if not r["check_ok"]]
    if bad:
        print(f"\nCHECKER REJECTED {len(bad)} certificates", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
