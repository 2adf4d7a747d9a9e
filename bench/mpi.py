#!/usr/bin/env python3
"""MPI benchmark (issue 12; issue 10's --threads 2 target): relucert fit --threads 1 and 2 against
relucert-mpi with 1 and 2 worker ranks (-np 2, -np 3) on this machine, in one invocation, and
traces of time-limited relucert-mpi runs for the simulation of 16 to 1,024 workers (mpi_sim.py).

Usage: bench/mpi.py [--build build] [--part all|speed|traces] [--reps 3] [--trace-limit 60]
                    [--out bench/mpi-raw.csv] [--trace-dir bench]

speed: rows (bench/gen.py) uniform d=3 n=300 seeds 1-3 (one run each), uniform d=2 n=3000
  seed 1 and planted d=3 n=1000 seed 1 (--reps runs each), uniform d=5 n=100 seed 1 (one run:
  it takes 10 s or more with one thread, issue 10's condition, and over a minute with -np 2). Per row and
  run, one after another: `relucert fit --threads 1`, `--threads 2`, `mpirun -np 2 relucert-mpi
  fit` (one worker rank) and `-np 3` (two). Every run writes a certificate, which relucheck must
  VERIFY; the optimum must be the same exact rational in all four. Recorded per run: wall time
  (process start to end, mpirun's start-up included), CPU time (user + system of the process
  and its children, all ranks), the solver's own search time, the 1-minute load average before,
  and the CPU time the rest of the machine used meanwhile (from /proc/stat: all busy time minus
  ours), since this 2-core machine is shared. MPI runs record a work-item trace
  (RELUCERT_MPI_TRACE) that mpi_sim.py replays with the same number of workers: the predicted
  span against the measured one. The first run's traces are kept as
  TRACE_DIR/mpi-trace-<row>-np<N>.txt.gz.
traces: uniform d=3 n=1000 seed 1 and uniform d=5 n=200 seed 1, `mpirun -np 3 relucert-mpi fit
  --time-limit L` (no certificate) with a trace kept as TRACE_DIR/mpi-trace-<row>-np3.txt.gz.
Prints Markdown to stdout; raw rows to --out.
"""
import argparse
import csv
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import mpi_sim  # noqa: E402

SPEED_ROWS = [  # (label, short, kind, d, n, seeds, reps)
    ("uniform d=3 n=300", "u3-300", "uniform", 3, 300, [1, 2, 3], 1),
    ("uniform d=2 n=3000", "u2-3000", "uniform", 2, 3000, [1], None),
    ("planted d=3 n=1000", "p3-1000", "planted", 3, 1000, [1], None),
    ("uniform d=5 n=100", "u5-100", "uniform", 5, 100, [1], 1),
]
TRACE_ROWS = [
    ("uniform d=3 n=1000", "u3-1000", "uniform", 3, 1000, 1),
    ("uniform d=5 n=200", "u5-200", "uniform", 5, 200, 1),
]
CONFIGS = [("threads 1", None, 1), ("threads 2", None, 2), ("mpi np 2", 2, None),
           ("mpi np 3", 3, None)]
MPIRUN = ["mpirun", "--allow-run-as-root", "--oversubscribe"]


def gen(kind, n, d, seed, tmp):
    path = os.path.join(tmp, f"{kind}-d{d}-n{n}-s{seed}.relu")
    if not os.path.exists(path):
        with open(path, "w") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), "--kind", kind, "--n",
                            str(n), "--d", str(d), "--seed", str(seed)], stdout=f, check=True)
    return path


def busy_jiffies():
    with open("/proc/stat") as f:
        t = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = t[:8]
    return user + nice + system + irq + softirq + steal


def load1():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def timed(cmd, env=None):
    """(returncode, stdout, stderr, wall s, cpu s, others' cpu s, load before)."""
    hz = os.sysconf("SC_CLK_TCK")
    la = load1()
    j0 = busy_jiffies()
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    j1 = busy_jiffies()
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    others = max(0.0, (j1 - j0) / hz - cpu)
    return p.returncode, p.stdout, p.stderr, wall, cpu, others, la


def fit_cmd(build, data, cert, threads, np_):
    if np_ is None:
        return [os.path.join(build, "bin", "relucert"), "fit", data, "--threads", str(threads),
                "-q", "--json", "-o", cert]
    return MPIRUN + ["-np", str(np_), os.path.join(build, "bin", "relucert-mpi"), "fit", data,
                     "-q", "--json", "-o", cert]


def keep_trace(src, dst):
    with open(src, "rb") as f, gzip.open(dst, "wb") as g:
        shutil.copyfileobj(f, g)


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else float("nan")


def speed(a, tmp, raw):
    chk = os.path.join(a.build, "bin", "relucheck")
    for label, short, kind, d, n, seeds, reps in SPEED_ROWS:
        if a.rows and short not in a.rows.split(","):
            continue
        runs = [(s, r) for s in seeds for r in range(1, (reps or a.reps) + 1)]
        for seed, rep in runs:
            data = gen(kind, n, d, seed, tmp)
            optimum = None
            for cname, np_, threads in CONFIGS:
                cert = os.path.join(tmp, "c.cert")
                trace = os.path.join(tmp, "trace.txt")
                env = dict(os.environ)
                if np_:
                    env["RELUCERT_MPI_TRACE"] = trace
                    if os.path.exists(trace):
                        os.remove(trace)
                rc, out, err, wall, cpu, others, la = timed(
                    fit_cmd(a.build, data, cert, threads, np_), env)
                if rc != 0:
                    sys.exit(f"{label} seed {seed} {cname}: exit {rc}\n{err}")
                j = json.loads(out)
                if j["status"] != "optimal":
                    sys.exit(f"{label} seed {seed} {cname}: not optimal: {j['status']}")
                opt = j["optimum"]["exact"]
                if optimum is None:
                    optimum = opt
                elif opt != optimum:
                    sys.exit(f"{label} seed {seed} {cname}: optimum {opt} != {optimum}")
                t0 = time.perf_counter()
                c = subprocess.run([chk, data, cert], capture_output=True, text=True)
                check_s = time.perf_counter() - t0
                verified = c.returncode == 0 and "s VERIFIED" in c.stdout
                if not verified:
                    sys.exit(f"{label} seed {seed} {cname}: relucheck: {c.stdout[-500:]}")
                row = {"row": label, "kind": kind, "d": d, "n": n, "seed": seed, "rep": rep,
                       "config": cname, "workers": (np_ - 1) if np_ else threads,
                       "wall_s": f"{wall:.3f}", "cpu_s": f"{cpu:.3f}",
                       "others_cpu_s": f"{others:.2f}", "load1_before": la,
                       "search_s": f"{j['stats']['seconds']:.3f}", "nodes": j["stats"]["nodes"],
                       "optimum": opt, "verified": verified, "check_s": f"{check_s:.2f}",
                       "commit": j.get("commit", "")}
                if np_:
                    items = mpi_sim.read_trace(trace)
                    s = mpi_sim.trace_summary(items)
                    P = np_ - 1
                    rec = mpi_sim.simulate(items, P, "recorded")
                    mod = mpi_sim.simulate(items, P, "model", overshoot_us=a.overshoot_us)
                    vm = mpi_sim.simulate(items, P, "model", overshoot_us=a.vm_overshoot_us)
                    row.update({"trace_items": s["items"], "trace_span_s": f"{s['span_s']:.3f}",
                                "trace_sum_busy_s": f"{s['sum_busy_s']:.3f}",
                                "trace_busy_med_ms": f"{s['busy_med_ms']:.3f}",
                                "trace_overhead_med_ms": f"{s['overhead_med_ms']:.3f}",
                                "sim_recorded_s": f"{rec['makespan_s']:.3f}",
                                "sim_model_s": f"{mod['makespan_s']:.3f}",
                    "sim_model_vm_s": f"{vm['makespan_s']:.3f}"})
                    if rep == 1 and seed == seeds[0] and a.trace_dir:
                        keep_trace(trace, os.path.join(a.trace_dir,
                                                       f"mpi-trace-{short}-s{seed}-np{np_}.txt.gz"))
                raw.append(row)
                print(f"# {label} seed {seed} rep {rep} {cname}: wall {wall:.2f} s, cpu {cpu:.2f} s,"
                      f" others {others:.2f} s, load {la}, verified in {check_s:.1f} s"
                      + (f"; trace span {row['trace_span_s']} s, sim recorded "
                         f"{row['sim_recorded_s']} s, model {row['sim_model_s']} s" if np_ else ""),
                      file=sys.stderr, flush=True)


def print_speed(raw):
    print("| instances | runs | config | wall s | CPU s | search s | wall speed-up | CPU / threads 1 |"
          " others' CPU s per run | load before |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, *_ in SPEED_ROWS:
        rows = [r for r in raw if r["row"] == label]
        if not rows:
            continue
        base = {(r["seed"], r["rep"]): r for r in rows if r["config"] == "threads 1"}
        for cname, _, _ in CONFIGS:
            rs = [r for r in rows if r["config"] == cname]
            sp = [float(base[(r["seed"], r["rep"])]["wall_s"]) / float(r["wall_s"]) for r in rs]
            cr = [float(r["cpu_s"]) / float(base[(r["seed"], r["rep"])]["cpu_s"]) for r in rs]
            print(f"| {label} | {len(rs)} | {cname} | {med(float(r['wall_s']) for r in rs):.2f} |"
                  f" {med(float(r['cpu_s']) for r in rs):.2f} |"
                  f" {med(float(r['search_s']) for r in rs):.2f} | {med(sp):.2f}x | {med(cr):.2f} |"
                  f" {med(float(r['others_cpu_s']) for r in rs):.1f} |"
                  f" {med(float(r['load1_before']) for r in rs):.2f} |")
    print()
    print("| instances | seed/rep | config | measured span s | simulated, recorded overheads |"
          " simulated, modelled (naps +60 us) | modelled (naps +130 us, this VM) | items |"
          " busy median ms | overhead median ms |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in raw:
        if "trace_span_s" not in r:
            continue
        m = float(r["trace_span_s"])
        e1 = 100 * (float(r["sim_recorded_s"]) - m) / m
        e2 = 100 * (float(r["sim_model_s"]) - m) / m
        e3 = 100 * (float(r["sim_model_vm_s"]) - m) / m
        print(f"| {r['row']} | {r['seed']}/{r['rep']} | {r['config']} | {m:.3f} |"
              f" {r['sim_recorded_s']} ({e1:+.1f} %) | {r['sim_model_s']} ({e2:+.1f} %) |"
              f" {r['sim_model_vm_s']} ({e3:+.1f} %) |"
              f" {r['trace_items']} | {r['trace_busy_med_ms']} | {r['trace_overhead_med_ms']} |")
    print()


def traces(a, tmp, raw):
    for label, short, kind, d, n, seed in TRACE_ROWS:
        if a.rows and short not in a.rows.split(","):
            continue
        data = gen(kind, n, d, seed, tmp)
        trace = os.path.join(tmp, f"trace-{short}.txt")
        env = dict(os.environ, RELUCERT_MPI_TRACE=trace)
        cmd = MPIRUN + ["-np", "3", os.path.join(a.build, "bin", "relucert-mpi"), "fit", data,
                        "-q", "--json", "--time-limit", str(a.trace_limit)]
        rc, out, err, wall, cpu, others, la = timed(cmd, env)
        j = json.loads(out)  # rank 0 exits 10 (stopped): mpirun reports it; the JSON is there
        if j["status"] != "interval":
            sys.exit(f"{label}: unexpected status {j['status']}")
        dst = os.path.join(a.trace_dir, f"mpi-trace-{short}-s{seed}-np3.txt.gz")
        keep_trace(trace, dst)
        items = mpi_sim.read_trace(trace)
        s = mpi_sim.trace_summary(items)
        rec = mpi_sim.simulate(items, 2, "recorded")
        mod = mpi_sim.simulate(items, 2, "model", overshoot_us=a.overshoot_us)
        vm = mpi_sim.simulate(items, 2, "model", overshoot_us=a.vm_overshoot_us)
        raw.append({"row": label, "kind": kind, "d": d, "n": n, "seed": seed, "rep": 1,
                    "config": f"mpi np 3 --time-limit {a.trace_limit}", "workers": 2,
                    "wall_s": f"{wall:.3f}", "cpu_s": f"{cpu:.3f}", "others_cpu_s": f"{others:.2f}",
                    "load1_before": la, "search_s": f"{j['stats']['seconds']:.3f}",
                    "nodes": j["stats"]["nodes"], "optimum": "",
                    "verified": "", "check_s": "", "commit": j.get("commit", ""),
                    "trace_items": s["items"], "trace_span_s": f"{s['span_s']:.3f}",
                    "trace_sum_busy_s": f"{s['sum_busy_s']:.3f}",
                    "trace_busy_med_ms": f"{s['busy_med_ms']:.3f}",
                    "trace_overhead_med_ms": f"{s['overhead_med_ms']:.3f}",
                    "sim_recorded_s": f"{rec['makespan_s']:.3f}",
                    "sim_model_s": f"{mod['makespan_s']:.3f}",
                    "sim_model_vm_s": f"{vm['makespan_s']:.3f}"})
        print(f"# {label}: wall {wall:.1f} s, {s['items']} items, trace {dst}", file=sys.stderr,
              flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(os.path.dirname(HERE), "build"))
    ap.add_argument("--part", choices=["all", "speed", "traces"], default="all")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--trace-limit", type=float, default=60)
    ap.add_argument("--overshoot-us", type=float, default=60.0,
                    help="sleep overshoot of a nap in the modelled overheads (typical Linux)")
    ap.add_argument("--vm-overshoot-us", type=float, default=130.0,
                    help="the same as measured on this VM (110-160 us)")
    ap.add_argument("--out", default=os.path.join(HERE, "mpi-raw.csv"))
    ap.add_argument("--trace-dir", default=HERE)
    ap.add_argument("--rows", default="", help="only these rows (short names, e.g. p3-1000,u5-200)")
    a = ap.parse_args()
    raw = []
    print(f"uptime before: {uptime()}\n")
    with tempfile.TemporaryDirectory() as tmp:
        if a.part in ("all", "speed"):
            speed(a, tmp, raw)
            print_speed(raw)
        if a.part in ("all", "traces"):
            traces(a, tmp, raw)
    print(f"uptime after: {uptime()}")
    keys = []
    for r in raw:
        keys += [k for k in r if k not in keys]
    with open(a.out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=keys)
        w.writeheader()
        w.writerows(raw)


if __name__ == "__main__":
    main()
