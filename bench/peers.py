#!/usr/bin/env python3
"""Peers side by side (issue 11): relucert against Bonmin's B-BB on the big-M MIQP
(bench/peer_bonmin.cpp) and z3 on `relucert export --smtlib`, in one invocation.

Usage: bench/peers.py [--build build] [--seeds 3] [--cap 120] [--z3-cap 60] [--z3-max-n 10]
                      [--extra-max-n 16] [--assumed-M 10] [--bonmin BIN] [--only LABELS]
                      [--out bench/peers-raw.csv]
Rows (bench/gen.py, seeds 1..S): planted labels d = 3, n = 10, 30, 100, 200; uniform labels
d = 3, n = 10, 16, 30, 100. Per instance:
  * relucert: `relucert fit INST --threads 1 -o CERT --json -q`, then `relucheck INST CERT`
    (must print VERIFIED); its exact optimum OPT is the reference;
  * Bonmin (bench/peer_bonmin.cpp, B-BB, --time-limit CAP) on every row with the big-M values
    proved valid in the driver's comment and tight Ipopt tolerances (--tight-nlp); on the rows
    with n <= --extra-max-n also with Ipopt's default tolerances, and with every big-M set to
    --assumed-M (an assumption: the MIQP is exact when relucert's optimal w has
    max |w.x_i| <= M, which is reported). Bonmin's objective and the exact loss of its w must
    agree with OPT to a relative 1e-6 where it finished; where it stopped, its incumbent must
    not be below OPT and its bound not above (both would contradict relucert). Disagreements
    are listed under the tables;
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
    r = num / den
    return f"{r:.0f}x{'+' if capped else ''}" if r >= 10 else f"{r:.2f}x{'+' if capped else ''}"


def summary(runs, cap):
    """Medians and counts of one Bonmin configuration's runs on one row."""
    fin = [r for r in runs if r["status"] == "optimal"]
    walls = [r["wall"] if r["status"] == "optimal" else max(r["wall"], cap) for r in runs]
    cpus = [r["cpu"] if r["status"] == "optimal" else max(r["cpu"], cap) for r in runs]
    return dict(wall=med(walls), cpu=med(cpus), capped=len(runs) - len(fin), fin=len(fin),
                agree=sum(1 for r in fin if r["agree"]),
                err=max([r["obj_rel_err"] for r in fin], default=float("nan")),
                werr=max([r["w_rel_err"] for r in fin if r["w_rel_err"] != ""],
                         default=float("nan")),
                nodes=med([r.get("nodes", 0) for r in runs]),
                M=med([r.get("M_max", 0) for r in runs]))


def z3_cell(zs):
    if not zs:
        return "-"
    answers = {}
    for ans, _ in zs:
        answers[ans] = answers.get(ans, 0) + 1
    return ", ".join(f"{v}x {k}" for k, v in sorted(answers.items())) + \
        f" ({med([w for _, w in zs]):.1f} s)"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--cap", type=float, default=120, help="Bonmin's time limit, s")
    ap.add_argument("--z3-cap", type=float, default=60)
    ap.add_argument("--z3-max-n", type=int, default=10)
    ap.add_argument("--assumed-M", type=float, default=10,
                    help="the big-M of the assumed-M configuration (rows n <= --extra-max-n)")
    ap.add_argument("--extra-max-n", type=int, default=16,
                    help="rows on which the two extra Bonmin configurations also run")
    ap.add_argument("--bonmin", default=None, help="peer_bonmin binary (default: build it)")
    ap.add_argument("--only", default=None,
                    help="comma-separated row labels, e.g. 'uniform d=3 n=10,planted d=3 n=30'")
    ap.add_argument("--out", default=os.path.join(HERE, "peers-raw.csv"))
    a = ap.parse_args()
    relucert = os.path.join(a.build, "bin", "relucert")
    relucheck = os.path.join(a.build, "bin", "relucheck")
    driver = a.bonmin or build_driver(a.build)
    # Bonmin configurations: the first runs on every row, the others on rows n <= extra-max-n.
    configs = [("proved M, tight NLP", ["--tight-nlp"]),
               ("proved M, Ipopt defaults", []),
               (f"M = {a.assumed_M:g} assumed, tight NLP",
                ["--M", repr(a.assumed_M), "--tight-nlp"])]
    raw, table = [], []
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        cert = os.path.join(tmp, "c.cert")
        for kind, d, n in ROWS:
            label = f"{kind} d={d} n={n}"
            if a.only and label not in a.only.split(","):
                continue
            acc = {k: [] for k in ("rw", "rc", "kc", "wx")}
            bruns = {c: [] for c, _ in configs}
            notes, z3u, z3s = [], [], []
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
                base = dict(row=label, kind=kind, d=d, n=n, seed=seed, opt=str(opt),
                            opt_approx=float(opt))
                raw.append(dict(base, solver="relucert", status="optimal", wall=rwall,
                                cpu=rcpu, nodes=j["stats"]["nodes"], check_wall=kwall,
                                check_cpu=kcpu, max_abs_wx=float(wmax),
                                relucert_commit=j.get("commit", "")))
                acc["rw"].append(rwall), acc["rc"].append(rcpu), acc["kc"].append(kcpu)
                acc["wx"].append(float(wmax))
                msg = f"  {label} seed {seed}: relucert {rwall:.2f} s"
                for k, (cname, flags) in enumerate(configs):
                    if k > 0 and n > a.extra_max_n:
                        continue
                    b = bonmin_run(driver, inst, a.cap, opt, flags)
                    raw.append(dict(base, solver="bonmin", config=cname, **b))
                    bruns[cname].append(b)
                    if b.get("note"):
                        notes.append(f"seed {seed}, {cname}: {b['status']}: {b['note']}")
                    elif b["status"] not in ("optimal", "time_limit"):
                        notes.append(f"seed {seed}, {cname}: Bonmin status {b['status']}")
                    msg += f", Bonmin [{cname}] {b['status']} {b['wall']:.1f} s"
                if n <= a.z3_max_n:
                    for q, below, want in (("unsat", opt, "unsat"),
                                           ("sat", opt * (1 + REL), "sat")):
                        ans, zw, zc = z3_run(a.build, inst, str(below), a.z3_cap, tmp)
                        qname = "loss < OPT" if q == "unsat" else "loss < OPT (1 + 1e-6)"
                        raw.append(dict(base, solver="z3", config=qname, status=ans, wall=zw,
                                        cpu=zc, expected=want))
                        (z3u if q == "unsat" else z3s).append((ans, zw))
                        if ans in ("sat", "unsat") and ans != want:
                            notes.append(f"seed {seed}: z3 answered {ans} where {want} is right")
                        msg += f", z3 {q}? {ans} {zw:.1f} s"
                print(msg, file=sys.stderr, flush=True)
            table.append(dict(label=label, n=n, acc=acc, bruns=bruns, z3u=z3u, z3s=z3s,
                              notes=notes))
    total = time.perf_counter() - t_start
    S = a.seeds
    main_c = configs[0][0]
    head = ("| instances | relucert wall s | relucert CPU s | relucheck CPU s | Bonmin wall s "
            "| Bonmin CPU s | Bonmin capped | Bonmin nodes | Bonmin agrees with OPT | "
            "Bonmin / relucert wall | Bonmin / relucert CPU | big-M (max) | "
            "z3: loss < OPT? | z3: loss < OPT (1 + 1e-6)? |")
    print(f"Bonmin: {main_c}, cap {a.cap:g} s; z3 cap {a.z3_cap:g} s\n")
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for t in table:
        acc = t["acc"]
        rw, rc_, kc = med(acc["rw"]), med(acc["rc"]), med(acc["kc"])
        s_ = summary(t["bruns"][main_c], a.cap)
        cap_mark = s_["capped"] > 0
        print(f"| {t['label']} | {rw:.2f} | {rc_:.2f} | {kc:.2f} | {s_['wall']:.1f} | "
              f"{s_['cpu']:.1f} | {s_['capped']}/{S} | {s_['nodes']:.0f} | "
              f"{s_['agree']}/{s_['fin']} | {fmt_ratio(s_['wall'], rw, cap_mark)} | "
              f"{fmt_ratio(s_['cpu'], rc_, cap_mark)} | {s_['M']:.3g} | {z3_cell(t['z3u'])} | "
              f"{z3_cell(t['z3s'])} |", flush=True)
    print(f"\nBonmin configurations on the rows with n <= {a.extra_max_n} (max rel. error: "
          "largest |value - OPT| / OPT over the finished seeds)\n")
    head2 = ("| instances | configuration | wall s | capped | agrees with OPT | "
             "max rel. error of objective | max rel. error of loss at w | "
             "max abs(w.x) at relucert's w |")
    print(head2)
    print("|" + "---|" * (head2.count("|") - 1))
    for t in table:
        if t["n"] > a.extra_max_n:
            continue
        for cname, _ in configs:
            s_ = summary(t["bruns"][cname], a.cap)
            print(f"| {t['label']} | {cname} | {s_['wall']:.2f} | {s_['capped']}/{S} | "
                  f"{s_['agree']}/{s_['fin']} | {s_['err']:.1e} | {s_['werr']:.1e} | "
                  f"{max(t['acc']['wx']):.3g} |", flush=True)
    notes = [(t["label"], x) for t in table for x in t["notes"]]
    if notes:
        print("\nNotes:")
        for lab, x in notes:
            print(f"* {lab} {x}")
    print(f"\n(total {total / 60:.1f} min; a capped run counts as the cap, so '+' ratios are "
          "lower bounds)")
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
