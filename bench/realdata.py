#!/usr/bin/env python3
"""Anytime benchmark on real data (issue 10): the proved interval of time-limited runs on
Debian's copies of two scikit-learn data sets, against the obvious fits and a baseline binary.

Usage: bench/realdata.py --build BUILD --base BASE_BUILD [--limits 1,10,60]
                         [--k1-cap 600] [--out bench/realdata-raw.csv]
  BUILD, BASE_BUILD: build directories holding bin/relucert (and BUILD bin/relucheck).
Needs python3-sklearn (Debian), only for its data files:
  /usr/lib/python3/dist-packages/sklearn/datasets/data/diabetes_data_raw.csv.gz (442 rows,
  10 raw features: age sex bmi bp s1..s6) with diabetes_target.csv.gz, and iris.csv (150 rows).
Rows (every one with --bias):
  diabetes-10: all 10 features, label the target, 1 unit;
  diabetes-4:  age, sex, bmi, bp, 1 unit;
  iris:        sepal length, sepal width, petal length -> petal width, 1 unit;
  diabetes-2 k=2: bmi and s5, 2 units (signed output weights);
  iris k=2:    as iris, 2 units.
For each row and limit, both binaries run with --time-limit and the default thread count; the
new binary's certificate is checked with relucheck (BUILD/bin/relucheck). Reference fits,
computed here exactly with Python's Fraction (independently of relucert): the zero network,
and least squares with bias clamped by the ReLU (max(0, OLS prediction)). For the k = 2 rows
the exact k = 1 optimum of the same data (the new binary, run to the end, --k1-cap seconds at
most) is the reference the k = 2 incumbent must not be worse than.
Prints Markdown to stdout; raw rows to --out.
"""
import argparse
import csv
import gzip
import os
import subprocess
import sys
import tempfile
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from anytime import run  # noqa: E402  (the one runner of bench/: wall, CPU, JSON result)

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = "/usr/lib/python3/dist-packages/sklearn/datasets/data"
DIAB = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]
IRIS = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


def write_data(tmp):
    """The two CSV files (the numbers as Debian ships them, as decimals); their paths."""
    for f in ("diabetes_data_raw.csv.gz", "diabetes_target.csv.gz", "iris.csv"):
        if not os.path.exists(os.path.join(DATA, f)):
            sys.exit(f"{DATA}/{f} not found: apt-get install python3-sklearn")
    with gzip.open(os.path.join(DATA, "diabetes_data_raw.csv.gz"), "rt") as f:
        xs = [line.split() for line in f if line.strip()]
    with gzip.open(os.path.join(DATA, "diabetes_target.csv.gz"), "rt") as f:
        ys = [repr(float(line)) for line in f if line.strip()]  # 1.51e+02 -> 151.0, exact
    diab = os.path.join(tmp, "diabetes.csv")
    with open(diab, "w") as f:
        f.write(",".join(DIAB + ["y"]) + "\n")
        for x, y in zip(xs, ys):
            f.write(",".join(x + [y]) + "\n")
    iris = os.path.join(tmp, "iris.csv")
    with open(os.path.join(DATA, "iris.csv")) as f, open(iris, "w") as g:
        next(f)  # "150,4,setosa,versicolor,virginica"
        g.write(",".join(IRIS) + "\n")
        for line in f:
            if line.strip():
                g.write(",".join(line.strip().split(",")[:4]) + "\n")
    return diab, iris


def read(path, features, label):
    with open(path) as f:
        r = csv.DictReader(f)
        rows = list(r)
    X = [[Fraction(row[c]) for c in features] + [Fraction(1)] for row in rows]
    y = [Fraction(row[label]) for row in rows]
    return X, y, [[row[c] for c in features + [label]] for row in rows]


def solve(A, b):
    """A x = b exactly (Gauss-Jordan with Fractions); A square and nonsingular."""
    n = len(A)
    M = [row[:] + [b[i]] for i, row in enumerate(A)]
    for c in range(n):
        p = next(r for r in range(c, n) if M[r][c] != 0)
        M[c], M[p] = M[p], M[c]
        for r in range(n):
            if r != c and M[r][c] != 0:
                f = M[r][c] / M[c][c]
                M[r] = [a - f * e for a, e in zip(M[r], M[c])]
    return [M[i][n] / M[i][i] for i in range(n)]


def references(X, y):
    """(zero network's loss, clamped least squares' loss), exact."""
    m = len(X[0])
    A = [[sum(x[a] * x[b] for x in X) for b in range(m)] for a in range(m)]
    g = [sum(x[a] * yi for x, yi in zip(X, y)) for a in range(m)]
    w = solve(A, g)
    clamp = sum((max(Fraction(0), sum(wa * xa for wa, xa in zip(w, x))) - yi) ** 2
                for x, yi in zip(X, y))
    return sum(yi * yi for yi in y), clamp


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("--limits", default="1,10,60")
    ap.add_argument("--k1-cap", type=float, default=600)
    ap.add_argument("--out", default=os.path.join(HERE, "realdata-raw.csv"))
    a = ap.parse_args()
    new = os.path.join(a.build, "bin", "relucert")
    check = os.path.join(a.build, "bin", "relucheck")
    base = os.path.join(a.base, "bin", "relucert")
    limits = [float(x) for x in a.limits.split(",")]
    raw = []
    with tempfile.TemporaryDirectory() as tmp:
        diab, iris = write_data(tmp)
        cert = os.path.join(tmp, "c.cert")
        rows = [("diabetes-10", diab, DIAB, "y", 1), ("diabetes-4", diab, DIAB[:4], "y", 1),
                ("iris", iris, IRIS[:3], IRIS[3], 1), ("diabetes-2", diab, ["bmi", "s5"], "y", 2),
                ("iris", iris, IRIS[:3], IRIS[3], 2)]
        print("| data | k | limit s | binary | wall s | lower ~ | upper ~ | rel. width | lower > 0 |"
              " upper <= refs | verified |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        notes = []
        for name, path, feats, label, k in rows:
            X, y, text = read(path, feats, label)
            zero, clamp = references(X, y)
            ref = min(zero, clamp)
            # the row's own CSV file, features then the label last: the baseline binary has no
            # --features and --label
            path = os.path.join(tmp, f"{name}.csv")
            with open(path, "w") as f:
                f.write(",".join(feats + [label]) + "\n")
                for t in text:
                    f.write(",".join(t) + "\n")
            args = [path, "--bias"]
            if k > 1:
                args += ["--units", str(k)]
                _, cpu1, j1 = run(new, args[:2] + ["--time-limit", str(a.k1_cap)])
                opt1 = Fraction(j1["upper"]["exact"])
                if j1["status"] == "optimal":
                    ref = min(ref, opt1)
                notes.append(f"{name}: k = 1 {j1['status']} in {cpu1:.1f} s CPU, "
                             f"loss {float(opt1):.6g}")
            notes.append(f"{name} k={k}: zero network {float(zero):.6g}, clamped least "
                         f"squares {float(clamp):.6g}")
            for L in limits:
                for bname, b in (("base", base), ("new", new)):
                    out = ["--out", cert] if bname == "new" else []
                    wall, cpu, j = run(b, args + ["--time-limit", str(L)] + out)
                    lo, up = Fraction(j["lower"]["exact"]), Fraction(j["upper"]["exact"])
                    width = float((up - lo) / up) if up else 0.0
                    ok = ""
                    if bname == "new":
                        c = subprocess.run([check, "--quiet", path, cert], capture_output=True,
                                           text=True)
                        ok = "yes" if c.returncode == 0 else "NO"
                    raw.append({"data": name, "k": k, "limit": L, "binary": bname, "wall": wall,
                                "cpu": cpu, "lower": str(lo), "upper": str(up), "width": width,
                                "reference": str(ref), "status": j["status"],
                                "nodes": j["stats"]["nodes"], "verified": ok,
                                "open_at_stop": j["stats"].get("open_at_stop"),
                                "close_seconds": j["stats"].get("close_seconds"),
                                "close_predicted": j["stats"].get("close_predicted")})
                    print(f"| {name} | {k} | {L:g} | {bname} | {wall:.1f} | {float(lo):.7g} | "
                          f"{float(up):.7g} "
                          f"| {100 * width:.1f} % | {'yes' if lo > 0 else 'no'} | "
                          f"{'yes' if up <= ref else 'NO'} | {ok} |", flush=True)
        print()
        for n in notes:
            print(f"* {n}")
    with open(a.out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=sorted({k for r in raw for k in r}))
        w.writeheader()
        w.writerows(raw)


if __name__ == "__main__":
    main()
