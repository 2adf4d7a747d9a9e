#!/usr/bin/env python3
"""Seeded random instances for the benchmark (text format, exact decimals).

kinds:
  planted  labels y = max(0, w*.x) + noise, w* random (noise: uniform, 2 decimals)
  uniform  labels uniform in [-1, 1]
Coordinates are integers in [-10, 10] divided by 10 (exact decimals).
"""
import argparse
import random


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kind", choices=["planted", "uniform"], required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--d", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--noise", type=float, default=0.1)
    a = ap.parse_args()
    rng = random.Random(a.seed * 1000003 + a.n * 101 + a.d)
    wstar = [rng.randint(-10, 10) / 10 for _ in range(a.d)]
    print(f"# relucert bench instance kind={a.kind} n={a.n} d={a.d} seed={a.seed}")
    print(f"relu {a.d}")
    for _ in range(a.n):
        x = [rng.randint(-10, 10) for _ in range(a.d)]
        xs = [f"{v / 10:.1f}" for v in x]
        if a.kind == "planted":
            t = sum(wi * xi / 10 for wi, xi in zip(wstar, x))
            y = max(0.0, t) + rng.uniform(-a.noise, a.noise)
        else:
            y = rng.uniform(-1, 1)
        print(" ".join(xs) + f" {y:.2f}")


if __name__ == "__main__":
    main()
