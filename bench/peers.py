#!/usr/bin/env python3
"""Peers side by side (issue 11): relucert against Bonmin's B-BB on the big-M MIQP
(bench/peer_bonmin.cpp) and z3 on `relucert export --smtlib`, in one invocation.

Usage: bench/peers.py [--build build] [--seeds 3] [--cap 120] [--z3-cap 60] [--z3-max-n 10]
                      [--assumed-M M] [--bonmin BIN] [--out bench/peers-raw.csv]
Rows (bench/gen.py, seeds 1..S): planted labels d = 3, n = 10, 30, 100, 200; uniform labels
d = 3, n = 10, 16, 30, 100. Per instance:
  * relucert: `relucert fit INST --threads 1 -o CERT --json -q`, then `relucheck INST CERT`
    (must print VERIFIED); its exact optimum OPT is the reference;
  * Bonmin: peer_bonmin INST --time-limit CAP (the big-M values proved valid in the driver's
    comment); with --assumed-M M also a second run with every big-M set to M (an assumption,
    checked here only against OPT). Bonmin's reported objective and the exact loss of its w
    are compared with OPT (relative 1e-6) where it finished; where it stopped, its incumbent
    must not be below OPT and its bound not above (both would contradict relucert);
  * z3 (rows with n <= --z3-max-n): `relucert export --smtlib INST --below OPT` (loss < OPT:
    must be unsat) and `--below OPT (1 + 1e-6)` (must be sat), `z3 -T:Z3CAP FILE`.
Wall seconds of whole processes, CPU seconds user + system of the child. A run that hits its
cap counts as the cap (so a ratio against it is a lower bound, marked +). The driver is built
from bench/peer_bonmin.cpp into BUILD/peer_bonmin when missing or older than its source.
Prints Markdown (medians over seeds) to stdout, progress to stderr, raw rows to --out.
"""
import argparse
import csv
import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from anytime import gen, run  # noqa: E402  (one instance generator, one relucert runner)

HERE = os.path.dirname(os.path.abspath(__file__))
ROWS = [("planted", 3, 10), ("planted", 3, 30), ("planted", 3, 100), ("planted", 3, 200),
        ("uniform", 3, 10), ("uniform", 3, 16), ("uniform", 3, 30), ("uniform", 3, 100)]
REL = Fraction(1, 10**6)
ENV = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")


def timed(cmd, cap=None, **kw):
    """(returncode or None on a hard timeout, stdout, wall, cpu) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, env=ENV,
                           timeout=None if cap is None else cap, **kw)
        rc, out, err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        rc, out, err = None, e.stdout or "", e.stderr or ""
        out = out.decode() if isinstance(out, bytes) else out
        err = err.decode() if isinstance(err, bytes) else err
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return rc, out, err, wall, cpu


def build_driver(build):
    src = os.path.join(HERE, "peer_bonmin.cpp")
    out = os.path.join(build, "peer_bonmin")
    if os.path.exists(out) and os.path.getmtime(out) >= os.path.getmtime(src):
        return out
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "bonmin"], capture_output=True,
                           text=True, check=True).stdout.split()
    cmd = ["g++", "-O2", "-std=c++17", src] + flags + ["-lgmpxx", "-lgmp", "-o", out]
    print("building: " + " ".join(shlex.quote(c) for c in cmd), file=sys.stderr)
    subprocess.run(cmd, check=True)
    return out


def max_wx(path, w):
    """max_i |w.x_i| over the instance's points (exact), for relucert's optimal w."""
    best = Fraction(0)
    for line in open(path):
        t = line.split()
        if not t or t[0].startswith("#") or t[0] == "relu":
            continue
        best = max(best, abs(sum(Fraction(v) * wi for v, wi in zip(t[:len(w)], w))))
    return best


def rel_err(v, opt):
    return abs(v - opt) / max(abs(opt), Fraction(1, 10**12))


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def bonmin_run(driver, inst, cap, opt, extra=()):
    """One peer_bonmin run, checked against relucert's exact optimum."""
    rc, out, err, wall, cpu = timed([driver, inst, "--time-limit", str(cap)] + list(extra),
                                    cap + 120)
    row = dict(wall=wall, cpu=cpu)
    if rc != 0 or not out.strip():
        row.update(status=f"failed rc={rc}", note=err.strip()[-300:])
        return row
    j = json.loads(out.strip().splitlines()[-1])
    row.update(status=j["status"], objective=j["objective"], bound=j["bound"],
               loss_at_w=j["loss_at_w_exact"], nodes=j["nodes"], M_max=j["M_max"], R=j["R"],
               prep=j["prep_seconds"], bab=j["bab_seconds"])
    notes = []
    lw = Fraction(j["loss_at_w_exact"]) if j["loss_at_w_exact"] else None
    obj = Fraction(j["objective"]) if j["objective"] is not None else None
    if j["status"] == "optimal":
        row["obj_rel_err"] = float(rel_err(obj, opt))
        row["w_rel_err"] = float(rel_err(lw, opt)) if lw is not None else ""
        ok = rel_err(obj, opt) <= REL and lw is not None and rel_err(lw, opt) <= REL
        row["agree"] = ok
        if not ok:
            notes.append(f"DISAGREES: objective {float(obj):.10g}, loss at w "
                         f"{float(lw) if lw is not None else 'none'} vs OPT {float(opt):.10g}")
    else:
        row["agree"] = ""
    # Never below OPT (an incumbent is a real w) and the bound never above it (valid M):
    if lw is not None and lw < opt:
        notes.append(f"CONTRADICTION: loss at w {float(lw):.12g} < OPT {float(opt):.12g}")
    if j["bound"] is not None and j["status"] != "infeasible" and \
            Fraction(j["bound"]) > opt * (1 + REL):
        notes.append(f"bound {j['bound']:.10g} above OPT {float(opt):.10g}")
    if lw is not None:
        row["incumbent_gap"] = float((lw - opt) / opt) if opt else float(lw)
    row["note"] = "; ".join(notes)
    return row


def z3_run(build, inst, below, cap, tmp):
    smt = os.path.join(tmp, "q.smt2")
    subprocess.run([os.path.join(build, "bin", "relucert"), "export", "--smtlib", inst,
                    "--below", below, "-o", smt], check=True, capture_output=True)
    rc, out, err, wall, cpu = timed(["z3", f"-T:{int(cap)}", smt], cap + 30)
    ans = out.strip().splitlines()[0] if out.strip() else ("killed" if rc is None else "none")
    return ans, wall, cpu


def fmt_ratio(num, den, capped):
    if not den or den != den or num != num:
        return "-"
    return f"{num / den:.0f}x{'+' if capped else ''}" if num / den >= 10 else \
        f"{num / den:.2f}x{'+' if capped else ''}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--cap", type=float, default=120, help="Bonmin's time limit, s")
    ap.add_argument("--z3-cap", type=float, default=60)
    ap.add_argument("--z3-max-n", type=int, default=10)
    ap.add_argument("--assumed-M", type=float, default=None,
                    help="also run Bonmin with every big-M = this value (an assumption)")
    ap.add_argument("--bonmin", default=None, help="peer_bonmin binary (default: build it)")
    ap.add_argument("--only", default=None, help="rows whose label contains this")
    ap.add_argument("--out", default=os.path.join(HERE, "peers-raw.csv"))
    a = ap.parse_args()
    relucert = os.path.join(a.build, "bin", "relucert")
    relucheck = os.path.join(a.build, "bin", "relucheck")
    driver = a.bonmin or build_driver(a.build)
    raw, table = [], []
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        cert = os.path.join(tmp, "c.cert")
        for kind, d, n in ROWS:
            label = f"{kind} d={d} n={n}"
            if a.only and a.only not in label:
                continue
            acc = {k: [] for k in ("rw", "rc", "kc", "bw", "bc", "bn", "M", "aw", "wx")}
            capped = capped_a = 0
            agree, agree_a, finished, finished_a, notes = 0, 0, 0, 0, []
            z3u, z3s = [], []
            for seed in range(1, a.seeds + 1):
                inst = gen(kind, n, d, seed, tmp)
                rwall, rcpu, j = run(relucert, [inst, "--threads", "1", "-o", cert])
                if j["status"] != "optimal":
                    sys.exit(f"relucert did not finish {label} seed {seed}")
                opt = Fraction(j["optimum"]["exact"])
                rc, out, _, kwall, kcpu = timed([relucheck, inst, cert])
                if rc != 0 or "s VERIFIED" not in out:
                    sys.exit(f"relucheck rejected the certificate of {label} seed {seed}")
                wmax = max_wx(inst, [Fraction(v) for v in j["network"][0]["w"]])
                acc["wx"].append(float(wmax))
                base = dict(row=label, kind=kind, d=d, n=n, seed=seed, opt=str(opt),
                            opt_approx=float(opt))
                raw.append(dict(base, solver="relucert", status="optimal", wall=rwall,
                                cpu=rcpu, nodes=j["stats"]["nodes"], check_wall=kwall,
                                check_cpu=kcpu, max_abs_wx=float(wmax)))
                acc["rw"].append(rwall), acc["rc"].append(rcpu), acc["kc"].append(kcpu)
                b = bonmin_run(driver, inst, a.cap, opt)
                raw.append(dict(base, solver="bonmin", M_mode="proved", **b))
                if b["status"] == "optimal":
                    finished += 1
                    agree += bool(b["agree"])
                else:
                    capped += 1
                if b.get("note"):
                    notes.append(f"seed {seed}: {b['status']}: {b['note']}")
                elif b["status"] not in ("optimal", "time_limit"):
                    notes.append(f"seed {seed}: Bonmin status {b['status']}")
                bw = b["wall"] if b["status"] == "optimal" else max(b["wall"], a.cap)
                bc = b["cpu"] if b["status"] == "optimal" else max(b["cpu"], a.cap)
                acc["bw"].append(bw), acc["bc"].append(bc)
                acc["bn"].append(b.get("nodes", 0)), acc["M"].append(b.get("M_max", 0))
                msg = f"  {label} seed {seed}: relucert {rwall:.2f} s, Bonmin {b['status']} " \
                      f"{b['wall']:.1f} s"
                if a.assumed_M is not None:
                    ba = bonmin_run(driver, inst, a.cap, opt, ["--M", repr(a.assumed_M)])
                    raw.append(dict(base, solver="bonmin", M_mode=f"assumed {a.assumed_M:g}",
                                    **ba))
                    if ba["status"] == "optimal":
                        finished_a += 1
                        agree_a += bool(ba["agree"])
                    else:
                        capped_a += 1
                    if ba.get("note"):
                        notes.append(f"seed {seed}, M = {a.assumed_M:g}: {ba['status']}: "
                                     f"{ba['note']}")
                    acc["aw"].append(ba["wall"] if ba["status"] == "optimal"
                                     else max(ba["wall"], a.cap))
                    msg += f", assumed M {ba['status']} {ba['wall']:.1f} s"
                if n <= a.z3_max_n:
                    for q, below, want in (("unsat", opt, "unsat"),
                                           ("sat", opt * (1 + REL), "sat")):
                        ans, zw, zc = z3_run(a.build, inst, str(below), a.z3_cap, tmp)
                        raw.append(dict(base, solver=f"z3 loss<{'OPT' if q == 'unsat' else 'OPT(1+1e-6)'}",
                                        status=ans, wall=zw, cpu=zc, expected=want))
                        (z3u if q == "unsat" else z3s).append((ans, zw))
                        if ans in ("sat", "unsat") and ans != want:
                            notes.append(f"seed {seed}: z3 answered {ans} where {want} is right")
                        msg += f", z3 {q}? {ans} {zw:.1f} s"
                print(msg, file=sys.stderr, flush=True)
            table.append(dict(label=label, acc=acc, capped=capped, finished=finished,
                              agree=agree, capped_a=capped_a, finished_a=finished_a,
                              agree_a=agree_a, z3u=z3u, z3s=z3s, notes=notes))
    total = time.perf_counter() - t_start
    S = a.seeds
    head = ("| instances | relucert wall s | relucert CPU s | relucheck CPU s | Bonmin wall s "
            "| Bonmin CPU s | Bonmin capped | Bonmin nodes | agrees with OPT | "
            "Bonmin / relucert wall | Bonmin / relucert CPU | big-M (max) |")
    if a.assumed_M is not None:
        head += (f" max abs(w.x) at relucert's w | Bonmin M = {a.assumed_M:g}: wall s | capped |"
                 " agrees |")
    head += " z3: loss < OPT | z3: loss < OPT (1+1e-6) |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for t in table:
        acc = t["acc"]
        rw, rc_, kc = med(acc["rw"]), med(acc["rc"]), med(acc["kc"])
        bw, bc = med(acc["bw"]), med(acc["bc"])
        cap_mark = t["capped"] > 0
        line = (f"| {t['label']} | {rw:.2f} | {rc_:.2f} | {kc:.2f} | {bw:.1f} | {bc:.1f} | "
                f"{t['capped']}/{S} | {med(acc['bn']):.0f} | {t['agree']}/{t['finished']} | "
                f"{fmt_ratio(bw, rw, cap_mark)} | {fmt_ratio(bc, rc_, cap_mark)} | "
                f"{med(acc['M']):.3g} |")
        if a.assumed_M is not None:
            line += (f" {max(acc['wx']):.3g} | {med(acc['aw']):.1f} | {t['capped_a']}/{S} | "
                     f"{t['agree_a']}/{t['finished_a']} |")
        for zs in (t["z3u"], t["z3s"]):
            if not zs:
                line += " - |"
                continue
            answers = {}
            for ans, _ in zs:
                answers[ans] = answers.get(ans, 0) + 1
            line += " " + ", ".join(f"{v}x {k}" for k, v in sorted(answers.items())) + \
                f" ({med([w for _, w in zs]):.1f} s) |"
        print(line, flush=True)
    notes = [(t["label"], x) for t in table for x in t["notes"]]
    if notes:
        print("\nNotes:")
        for lab, x in notes:
            print(f"* {lab} {x}")
    print(f"\n(total {total / 60:.1f} min; Bonmin cap {a.cap:g} s, z3 cap {a.z3_cap:g} s; a "
          f"capped run counts as the cap, so '+' ratios are lower bounds)")
    keys = []
    for r in raw:
        for k in r:
            if k not in keys:
                keys.append(k)
    with open(a.out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=keys)
        w.writeheader()
        w.writerows(raw)


if __name__ == "__main__":
    main()
