#!/usr/bin/env python3
"""Writes the generated bad cases of the checker's tests (certs/FORMAT.md §3, certs/CLAIMS.md).

Each case is a valid certificate (or claim file) of certs/golden or tests/checker/claims, or a
hand-written one below, changed in one place so that one condition fails at the changed record.
The outputs are committed; rerun after changing a template, and commit the difference:

    python3 tests/checker/make_bad.py            # from the repository root

Writes certs/bad/gen-*.cert, tests/checker/claims/gen-*.claim (and the instances and
certificates they need), and the block between the '# generated' markers of both MANIFESTs.
Nothing here decides what is valid: tests/checker runs relucheck on every case and requires the
condition the MANIFEST names.
"""
import hashlib
import os
import re
import sys
from fractions import Fraction

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BAD = os.path.join(ROOT, "certs", "bad")
CLAIMS = os.path.join(ROOT, "tests", "checker", "claims")
INSTANCES = os.path.join(ROOT, "certs", "instances")

# Integers that do not fit: 2^64 - 1, 2^64, 2^63 and a 40-digit value.
HUGE = {
    "2p64m1": str(2**64 - 1),
    "2p64": str(2**64),
    "2p63": str(2**63),
    "d40": "1234567890123456789012345678901234567890",
}


def read(path):
    with open(os.path.join(ROOT, path), encoding="ascii") as f:
        return f.read()


def digest(path):
    with open(os.path.join(ROOT, path), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def records(path):
    """The certificate's lines without comments."""
    return [l for l in read(path).splitlines() if l != "c" and not l.startswith("c ")]


def field(lines, prefix, index, value, nth=0):
    """Replaces field `index` of the nth line starting with `prefix`."""
    out, seen = list(lines), 0
    for k, l in enumerate(out):
        if l.split(" ")[0] == prefix:
            if seen == nth:
                f = l.split(" ")
                f[index] = value
                out[k] = " ".join(f)
                return out
            seen += 1
    raise SystemExit(f"no line {prefix!r} #{nth}")


def replace(lines, old, new, nth=0):
    """Replaces the nth line equal to old by the lines new (a list; [] deletes)."""
    hits = [k for k, l in enumerate(lines) if l == old]
    k = hits[nth]
    return lines[:k] + new + lines[k + 1 :]


def insert_after(lines, old, new):
    k = lines.index(old)
    return lines[: k + 1] + new + lines[k + 1 :]


# Every generated file of the claims folder is rewritten below: none is left from a removed case.
for f in os.listdir(CLAIMS):
    if f.startswith("gen-"):
        os.remove(os.path.join(CLAIMS, f))

cert_cases = []  # (name, instance, condition, lines, why)
claim_cases = []  # (claim, instance, cert, expect, outcome, text)


def cert(name, inst, cond, lines, why):
    cert_cases.append((name, inst, cond, lines, why))


# --- Templates -----------------------------------------------------------------------------
TINY1 = "examples/tiny1.relu"
K2ABS = "examples/k2-abs.relu"
tiny1 = records("certs/golden/tiny1.cert")
tiny1_bound = records("certs/golden/tiny1-bound.cert")
k2 = records("certs/golden/k2-abs-sym.cert")
tiny3 = records("certs/golden/tiny3.cert")

# --- Every integer field, with values that do not fit ----------------------------------------
for tag, v in HUGE.items():
    cert(f"huge-instance-n-{tag}", TINY1, "R-instance/n", field(tiny1, "instance", 2, v), "n")
    cert(f"huge-instance-d-{tag}", TINY1, "R-instance/d", field(tiny1, "instance", 3, v), "d")
    cert(f"huge-model-k-{tag}", TINY1, "R-model/size", field(tiny1, "model", 1, v), "k")
    cert(f"huge-model-bias-{tag}", TINY1, "R-model/bias", field(tiny1, "model", 2, v), "bias")
    cert(f"huge-tree-p-{tag}", TINY1, "R-trees/order", field(tiny1, "tree", 1, v), "p")
    cert(f"huge-branch-j-{tag}", TINY1, "R-branch/unit", field(tiny1, "branch", 1, v), "j")
    cert(f"huge-branch-i-{tag}", TINY1, "R-branch/point", field(tiny1, "branch", 2, v), "i")
    cert(f"huge-leaf-r-{tag}", TINY1, "R-index/depth",
         replace(tiny1, "leaf -1", [f"leaf -1 {v} 0"]), "leaf r")
    cert(f"huge-empty-r-{tag}", TINY1, "R-index/depth", field(tiny1, "empty", 1, v), "empty r")
    for i, what in ((1, "p"), (2, "branches"), (3, "leaves"), (4, "empties")):
        cond = "R-counts/p" if what == "p" else f"R-counts/{what}"
        cert(f"huge-endtree-{what}-{tag}", TINY1, cond, field(tiny1, "endtree", i, v), what)
    cert(f"huge-endtree-syms-{tag}", K2ABS, "R-counts/syms", field(k2, "endtree", 5, v), "syms")
    cert(f"huge-sym-j-{tag}", K2ABS, "R-sym/unit", field(k2, "sym", 1, v), "sym j")
    cert(f"huge-sym-t-{tag}", K2ABS, "R-sym/point", field(k2, "sym", 2, v), "sym t")

# The layouts on which `sym 18446744073709551615 0` once read past the checker's state and
# passed: k = 1, n = 128 (a false OPT >= 1 for an instance with OPT = 0) and k = 2, n = 32.
SYM128, SYM32 = "certs/instances/sym128.relu", "certs/instances/sym32.relu"
for path, k, n in ((SYM128, 1, 128), (SYM32, 2, 32)):
    with open(os.path.join(ROOT, path), "w", encoding="ascii") as f:
        f.write(f"# n = {n}: x = 1, y = 0; x = -1, y = 1; then {n - 2} points x = 0, y = 0.\n"
                "# max(0, -x) fits every point, so OPT = 0 for k >= 1 units.\nrelu 1\n1 0\n-1 1\n"
                + "0 0\n" * (n - 2))
    for tag, v in HUGE.items():
        for which, line in (("j", f"sym {v} 0"), ("t", f"sym 0 {v}")):
            body = [f"relucert-cert 1", f"instance {digest(path)} {n} 1",
                    f"model {k} 0 nonneg", f"tree {k}", "branch 0 0 -", line, "branch 0 1 +",
                    "empty 0 1 1 1", "leaf 0" if k == 1 else "leaf 0 0",
                    f"endtree {k} 2 1 1 1", "lower 1", "end"]
            cond = "R-sym/one-unit" if k == 1 else ("R-sym/unit" if which == "j" else "R-sym/point")
            cert(f"huge-sym-{which}-n{n}-{tag}", path, cond, body, f"sym {which}, k = {k}")
# Every index field of a node record, too large, on the n = 128 instance (k = 1: hinge indices
# run to depth + 2n there, so an index past the path is read against n as well).
head128 = [f"relucert-cert 1", f"instance {digest(SYM128)} 128 1", "model 1 0 nonneg", "tree 1"]
tail128 = ["endtree 1 1 1 1", "lower 0", "end"]
for tag, v in HUGE.items():
    for name, cond, recs in (
            ("branch-i", "R-branch/point", [f"branch 0 {v} -"]),
            ("branch-j", "R-branch/unit", [f"branch {v} 0 -"]),
            ("implied-i", "R-branch/point", [f"implied 0 {v} - 0 1"]),
            ("leaf-r", "R-index/depth", ["branch 0 0 -", f"leaf 0 {v} 1"]),
            ("empty-r", "R-index/depth", ["branch 0 0 -", f"empty {v} 1"])):
        cert(f"huge-{name}-n128-{tag}", SYM128, cond, head128 + recs + tail128,
             f"{name} = {v} on n = 128")

# --- One condition each ----------------------------------------------------------------------
cert("empty-file", TINY1, "R-version/empty", [], "an empty file")
cert("counts-branches", TINY1, "R-counts/branches", field(tiny1, "endtree", 2, "4"),
     "4 branches claimed, 3 written")
cert("counts-empties", TINY1, "R-counts/empties", field(tiny1, "endtree", 4, "3"),
     "3 empties claimed, 2 written")
cert("counts-syms", K2ABS, "R-counts/syms", field(k2, "endtree", 5, "2"),
     "2 syms claimed, 1 written")
cert("index-root", TINY1, "R-index/root",
     tiny1[:4] + ["empty 0 1", "endtree 1 0 0 1", "lower 0", "end"],
     "a multiplier of an 'empty' at the root, which has no path constraint (in a leaf of a k = 1 "
     "model index 0 would be a hinge index)")
cert("index-root-k2", K2ABS, "R-index/root",
     k2[:4] + ["leaf 0 0 0 1", "endtree 2 0 1 0", "lower 0", "end"],
     "a multiplier in a k = 2 model's leaf at the root (no hinge indices for k >= 2)")
cert("model-size", TINY1, "R-model/size", field(tiny1, "model", 1, "1025"),
     "k = 1025 units of d' = 1: D = 1025 > 1024")
cert("sym-inactive", K2ABS, "R-sym/inactive", replace(k2, "leaf -1 0", ["sym 0 0"]),
     "unit 1 is active, not inactive, on point t = 0")
cert("sym-tie-alone", K2ABS, "R-sym/tie",
     k2[:4] + ["branch 0 0 +", "branch 1 0 -", "branch 0 1 +", "branch 1 1 -", "sym 0 1"],
     "units 0 and 1 differ on point 0 < t = 1; unit 0 active and unit 1 inactive on t")
cert("sym-undecided-alone", K2ABS, "R-sym/undecided",
     k2[:4] + ["branch 0 4 +", "branch 1 4 -", "sym 0 4"],
     "point 0 < t = 4 undecided; unit 0 active and unit 1 inactive on t")
cert("syntax-after-lower", TINY1, "R-syntax/claims", insert_after(tiny1, "lower 5", ["upper 5"]),
     "'upper' after 'lower'")
cert("syntax-after-upper", TINY1, "R-syntax/claims", insert_after(tiny1, "upper 5", ["upper 5"]),
     "a second 'upper'")
cert("syntax-empty-no-pairs", TINY1, "R-syntax/empty", replace(tiny1, "empty 0 1 1 1", ["empty"]),
     "'empty' without pairs")
cert("syntax-no-instance", TINY1, "R-syntax/instance", tiny1[:1] + tiny1[2:], "no 'instance' line")
cert("syntax-no-model", TINY1, "R-syntax/model", tiny1[:2] + tiny1[3:], "no 'model' line")
cert("syntax-weightbound-late", TINY1, "R-syntax/weightbound",
     insert_after(tiny1_bound, "endtree 1 4 2 3", ["weightbound 1/2"]),
     "'weightbound' after a tree")
cert("syntax-unit-then-lower", TINY1, "R-syntax/witness", replace(tiny1, "upper 5", []),
     "'lower' right after the 'unit' lines")
cert("syntax-leading-space", TINY1, "R-syntax/spacing", replace(tiny1, "leaf 0", [" leaf 0"]),
     "a line starting with a space")
cert("syntax-ascii-del", TINY1, "R-syntax/ascii", insert_after(tiny1, "leaf 0", ["c \x7f"]),
     "a comment holding the byte 0x7F (DEL), just above the printable range")
cert("syntax-leaf-two-short", K2ABS, "R-syntax/leaf", replace(k2, "leaf -1 0", ["leaf"]),
     "a leaf without its D = 2 values of u (an even number of fields short)")
cert("syntax-leaf-bounded-short", TINY1, "R-syntax/leaf",
     replace(tiny1_bound, "leaf -1/2 1", ["leaf"]),
     "a leaf without its value of u and of mu (weight bound: D + k = 2 fields short)")
for name, value, why in (("minus", "-", "a lone minus sign"), ("num-empty", "/2", "no numerator"),
                         ("den-empty", "-1/", "no denominator"),
                         ("den-zero-led", "-1/02", "a denominator with a leading zero")):
    cert(f"rational-{name}", TINY1, "R-syntax/rational", replace(tiny1, "leaf -1", [f"leaf {value}"]),
         f"the rational '{value}': {why}")
cert("syntax-empty-even", TINY1, "R-syntax/empty",
     replace(tiny1, "empty 0 1 1 1", ["empty 0 1 1 1 1"]),
     "'empty' with a value after its (r, lambda_r) pairs")
cert("empty-one-pair", TINY1, "R-empty/sum", replace(tiny1, "empty 0 1 1 1", ["empty 0 1"]),
     "'empty' with one pair: lambda_0 alpha_0 = x'_0 != 0")
cert("index-repeated", TINY1, "R-index/increasing",
     replace(tiny1, "empty 0 1 1 1", ["empty 0 1/2 0 1/2 1 1"]),
     "index 0 twice, with the lambdas of the valid 'empty 0 1 1 1' split in halves")
cert("syntax-endtree-long", TINY1, "R-syntax/arity",
     replace(tiny1, "endtree 1 3 2 2", ["endtree 1 3 2 2 0 0"]), "'endtree' with 6 fields")
cert("syntax-weightbound-twice", TINY1, "R-syntax/weightbound",
     insert_after(tiny1_bound, "weightbound 1/2", ["weightbound 1/2"]), "a second 'weightbound'")
cert("syntax-weightbound-after-tree", TINY1, "R-syntax/weightbound",
     insert_after(tiny1, "endtree 1 3 2 2", ["weightbound 1/2"]),
     "'weightbound' after the tree of a certificate without one")

# L3 with two units of equal sign where only one is inactive on an undecided point. In
# l3-nonneg (x = 1 with y = 1 and y = -1, OPT = 2) the first leaf has unit 0 inactive on point 0
# and unit 1 undecided on it: point 0 (y = 1 >= 0) is not counted in h, since not EVERY + unit is
# inactive; point 1 (y = -1 <= 0, no - unit) is. So h = 1 there, the leaf bound is 1 and
# 'lower 2' fails; a checker that counts point 0 when SOME + unit is inactive finds h = 2 at that
# leaf, 2 at the other two leaves (both points decided, Q u = g with u = 0, h = 2) and accepts.
# l3-signed is the mirror image for the two - units of tree p = 0 (labels -1 and 1); its trees
# p = 1, 2 are the solver's, checked by the valid variant of this certificate ('lower 1').
L3_TREE = ["branch 0 0 -", "leaf 0 0", "branch 0 1 +", "branch 1 0 +", "branch 1 1 +",
           "leaf 0 0", "empty 2 1 3 1", "branch 1 1 -", "leaf 0 0", "empty 2 1 3 1",
           "empty 0 1 1 1"]
L3N, L3S = "certs/instances/l3-nonneg.relu", "certs/instances/l3-signed.relu"
cert("l3-some-unit-nonneg", L3N, "R-lower/leaf",
     ["relucert-cert 1", f"instance {digest(L3N)} 2 1", "model 2 0 nonneg", "tree 2"] + L3_TREE +
     ["endtree 2 5 3 3", "unit 0 0", "unit 0 0", "upper 2", "lower 2", "end"],
     "k = 2 nonneg, an undecided y > 0 point with only one of the two + units inactive")
L3S_REST = """tree 1
branch 0 0 +
branch 1 0 +
branch 1 1 +
branch 0 1 +
leaf 0 0
empty 0 1 3 1
empty 1 1 2 1
branch 0 1 +
branch 1 1 +
empty 1 1 3 1
leaf 0 0
empty 0 1 2 1
branch 1 0 +
branch 1 1 +
branch 0 1 +
empty 0 1 3 1
leaf 0 0
empty 1 1 2 1
branch 0 1 +
empty 0 1 2 1
leaf 0 0
endtree 1 10 4 7
tree 2
branch 0 1 +
branch 1 1 +
branch 1 0 +
branch 0 0 +
leaf 0 0
empty 0 1 3 1
empty 1 1 2 1
branch 0 0 +
branch 1 0 +
sym 0 1
sym 0 0
empty 0 1 2 1
branch 1 1 +
branch 1 0 +
branch 0 0 +
empty 0 1 3 1
leaf 0 0
empty 1 1 2 1
leaf 0 0
endtree 2 9 3 5 2""".splitlines()
cert("l3-some-unit-signed", L3S, "R-lower/leaf",
     ["relucert-cert 1", f"instance {digest(L3S)} 2 1", "model 2 0 signed", "tree 0"] + L3_TREE +
     ["endtree 0 5 3 3"] + L3S_REST + ["unit 0 0", "unit 0 0", "upper 2", "lower 2", "end"],
     "k = 2 signed, tree p = 0: an undecided y < 0 point with only one of the two - units inactive")

# Leaf bounds exceeded by a small margin. tiny3 (OPT = 7/10, k = 2 signed): in tree p = 1 the
# first leaf 'leaf 3/5 0' becomes 'leaf 1 2/5', the same bound with both u_j nonzero, so u^T Q u has
# its cross terms (Q = 5 [[1, -1], [-1, 1]] where both units are active on both points); beta
# exceeds 7/10 by 10^-9. tiny1 with B = 1/2 (bounded optimum 21/4): beta exceeds it by 10^-9, so
# dropping the -B^2 sum mu term (a leaf with mu = 1) would accept it.
t3 = list(tiny3)
p1 = t3.index("tree 1")
t3[t3.index("leaf 3/5 0", p1)] = "leaf 1 2/5"  # the first leaf of tree 1: both units active
cert("lower-margin-cross-terms", "examples/tiny3.relu", "R-lower/leaf",
     replace(t3, "lower 7/10", ["lower 700000001/1000000000"]),
     "beta = 7/10 + 10^-9 at leaves with cross terms (k = 2 signed)")
cert("lower-margin-bounded", TINY1, "R-lower/leaf",
     replace(tiny1_bound, "lower 21/4", ["lower 5250000001/1000000000"]),
     "beta = 21/4 + 10^-9 with a weight bound")
# The same trees with a true claim (OPT >= 1 <= 2 = OPT) are a golden certificate (below), so
# that the l3 cases above fail only at their 'lower' line.

# Rule Z decides a zero point x'_i = 0 inactive for every unit before any branch, so a 'sym' at
# t > i needs that decision for the tie and for "unit j decided on every point < t". k2-abs with
# its zero point (x = 0, y = 1) moved first: the same points, OPT = 1 (examples/k2-abs.relu), and
# k2-abs-sym.cert with the point indices renamed, so its 'sym 0 0' becomes 'sym 0 1'.
K2Z = "certs/instances/k2-abs-zero-first.relu"
with open(os.path.join(ROOT, K2Z), "w", encoding="ascii") as f:
    f.write("# examples/k2-abs.relu with the zero point first (tests/checker/make_bad.py): the same\n"
            "# points, so OPT = 1 for k = 2 as derived there.\nrelu 1\n0 1\n-2 2\n-1 1\n1 1\n2 2\n")
K2Z_INDEX = {"0": "1", "1": "2", "2": "0", "3": "3", "4": "4"}  # k2-abs point -> this one


def k2z(line):
    f = line.split(" ")
    if f[0] == "instance":
        f[1] = digest(K2Z)
    if f[0] in ("branch", "sym"):
        f[2] = K2Z_INDEX[f[2]]
    return " ".join(f)


# The widest model this checker accepts: d + bias = 1024 = D (FORMAT.md §3, resources). One
# point x = e_1 with y = 0, which the zero network fits: OPT <= 0 by the witness.
D1024 = "certs/instances/d1024.relu"
with open(os.path.join(ROOT, D1024), "w", encoding="ascii") as f:
    f.write("# d = 1024, one point x = e_1 with y = 0 (tests/checker/make_bad.py): OPT = 0.\n"
            "relu 1024\n1" + " 0" * 1023 + " 0\n")

# A bounded model with k = 2: at the root Q = 0 and g = 0 (y = 0), so (Q + M) u = g holds with
# mu_1 = 0 and any u_1; the leaf 'u = (0, 5), mu = (0, 0)' has bound h - B^2 sum mu = 0.
Y0 = "certs/instances/one-zero-label.relu"
with open(os.path.join(ROOT, Y0), "w", encoding="ascii") as f:
    f.write("# one point x = 1, y = 0 (tests/checker/make_bad.py): OPT = 0.\nrelu 1\n1 0\n")

# tiny1 spelled with a 9-digit dimension and as CSV whose label column is named 'weight' (only
# a column before the last can be the weight column, FORMAT.md §1): the same instance, OPT = 5.
TINY1_D9, TINY1_LW = "certs/instances/tiny1-d9.relu", "certs/instances/tiny1-label-weight.csv"
with open(os.path.join(ROOT, TINY1_D9), "w", encoding="ascii") as f:
    f.write("# examples/tiny1.relu with d = 000000001 (tests/checker/make_bad.py): OPT = 5.\n"
            "relu 000000001\n1 2\n-1 1\n2 -1\n")
with open(os.path.join(ROOT, TINY1_LW), "w", encoding="ascii") as f:
    f.write("x,weight\n1,2\n-1,1\n2,-1\n")


def redigest(lines, path):
    return [f"instance {digest(path)} " + " ".join(l.split(" ")[2:]) if l.startswith("instance ")
            else l for l in lines]


golden_cases = [  # (name, instance, claim, lines, why)
    ("l3-signed", L3S, "OPT >= 1", ["relucert-cert 1", f"instance {digest(L3S)} 2 1",
                                     "model 2 0 signed", "tree 0"] + L3_TREE +
     ["endtree 0 5 3 3"] + L3S_REST + ["lower 1", "end"],
     "trees of l3-some-unit-signed (certs/bad)"),
    ("k2-abs-zero-first", K2Z, "OPT = 1", [k2z(l) for l in k2],
     "k2-abs-sym.cert on the zero point first: a sym with the zero point before t"),
    ("printable", TINY1, "OPT = 5",
     insert_after(tiny1, "leaf 0", ["c " + "".join(map(chr, range(0x20, 0x7f)))]),
     "tiny1.cert with a comment of every printable byte, 0x20 to 0x7E"),
    ("d1024", D1024, "OPT <= 0",
     ["relucert-cert 1", f"instance {digest(D1024)} 1 1024", "model 1 0 nonneg",
      "unit 0" + " 0" * 1024, "upper 0", "end"], "d + bias = 1024, the largest D for k = 1"),
    ("tiny1-d9", TINY1_D9, "OPT = 5", redigest(tiny1, TINY1_D9),
     "tiny1.cert on tiny1 with a 9-digit dimension field"),
    ("tiny1-label-weight", TINY1_LW, "OPT = 5", redigest(tiny1, TINY1_LW),
     "tiny1.cert on tiny1 as CSV with its label column named 'weight'"),
    ("bounded-k2", Y0, "OPT >= 0",
     ["relucert-cert 1", f"instance {digest(Y0)} 1 1", "model 2 0 nonneg", "weightbound 1",
      "tree 2", "leaf 0 5 0 0", "endtree 2 0 1 0", "lower 0", "end"],
     "k = 2 with a weight bound: mu_1 = 0 next to u_1 = 5 at the root leaf"),
]

# --- 'implied' records (FORMAT.md §2: 'branch j i first' and 'empty pairs' of its first child on
# one line) -----------------------------------------------------------------------------------
def contract(lines):
    """Every 'branch' directly followed by an 'empty' (its first child) written as one 'implied'
    record, as the solver writes it; the endtree counts stay (FORMAT.md §2)."""
    out = []
    for l in lines:
        if l.startswith("empty ") and out and out[-1].startswith("branch "):
            out[-1] = "implied " + out[-1][len("branch "):] + l[len("empty"):]
        else:
            out.append(l)
    return out


# Valid: the golden certificates with a branch whose first child is empty, contracted.
TINY2S, TINY3 = "certs/instances/tiny2-spreadsheet.csv", "examples/tiny3.relu"
for name, inst, claim_text in (("tiny1-solver", TINY1, "OPT = 5"), ("tiny1-bound", TINY1, "OPT = 21/4"),
                               ("tiny3", TINY3, "OPT = 7/10"), ("tiny3-solver", TINY3, "OPT = 7/10"),
                               ("tiny2-spreadsheet", TINY2S, "OPT = 2/3")):
    lines = records(f"certs/golden/{name}.cert")
    assert contract(lines) != lines, name
    golden_cases.append((f"{name}-implied", inst, claim_text, contract(lines),
                         f"{name}.cert with every branch whose first child is empty as 'implied'"))
l3s = [l for l in golden_cases if l[0] == "l3-signed"][0]
golden_cases.append(("l3-signed-implied", L3S, "OPT >= 1", contract(l3s[3]),
                     "gen-l3-signed.cert (k = 2 signed, with sym) with 'implied' records"))

# Invalid: certs/golden/tiny1-implied.cert (hand-derived) changed in one place. Its first
# 'implied 0 1 - 0 1 1 1' is at depth 1 (constraint 0: alpha_0 = -1), so its pairs belong to the
# inactive child of point 1 at depth 2 (alpha_1 = +1).
tiny1i = records("certs/golden/tiny1-implied.cert")
I1 = "implied 0 1 - 0 1 1 1"
for name, cond, new, why in (
        ("sum", "R-empty/sum", "implied 0 1 - 0 1 1 2", "1 (-1) + 2 (+1) = 1 != 0"),
        ("one-pair", "R-empty/sum", "implied 0 1 - 0 1", "one pair: lambda_0 alpha_0 = -1 != 0"),
        ("first-flipped", "R-empty/sum", "implied 0 1 + 0 1 1 1",
         "the active child closed: alpha_1 = x_1 = -1, 1 (-1) + 1 (-1) = -2 != 0"),
        ("no-positive", "R-empty/positive", "implied 0 1 - 0 0 1 0", "every lambda_r = 0"),
        ("lambda-negative", "R-lambda/negative", "implied 0 1 - 0 -1 1 -1",
         "lambda_0 = -1 < 0 (the sum is 0)"),
        ("index-depth", "R-index/depth", "implied 0 1 - 0 1 2 1",
         "index 2 at the closed child's depth 2"),
        ("index-decreasing", "R-index/increasing", "implied 0 1 - 1 1 0 1",
         "indices 1, 0: the pairs of the valid record in the wrong order"),
        ("decided", "R-branch/decided", "implied 0 0 - 0 1 1 1", "point 0 is decided at the root"),
        ("unit-range", "R-branch/unit", "implied 1 1 - 0 1 1 1", "unit 1 with k = 1"),
        ("point-range", "R-branch/point", "implied 0 3 - 0 1 1 1", "point 3 with n = 3"),
        ("order", "R-syntax/order", "implied 0 1 x 0 1 1 1", "first 'x'"),
        ("integer", "R-syntax/integer", "implied 0 01 - 0 1 1 1", "point '01'"),
        ("rational", "R-syntax/rational", "implied 0 1 - 0 1 1 2/2", "lambda '2/2'"),
        ("no-pairs", "R-syntax/empty", "implied 0 1 -", "no pairs"),
        ("odd", "R-syntax/empty", "implied 0 1 - 0 1 1", "a pair without its lambda"),
        ("no-first", "R-syntax/empty", "implied 0 1", "no first field and no pairs"),
        ("no-point", "R-syntax/empty", "implied 0", "only j"),
        ("alone", "R-syntax/empty", "implied", "no field")):
    cert(f"implied-{name}", TINY1, cond, replace(tiny1i, I1, [new]), f"'{new}': {why}")
for tag, v in HUGE.items():
    cert(f"huge-implied-j-{tag}", TINY1, "R-branch/unit", field(tiny1i, "implied", 1, v), "j")
    cert(f"huge-implied-i-{tag}", TINY1, "R-branch/point", field(tiny1i, "implied", 2, v), "i")
    cert(f"huge-implied-r-{tag}", TINY1, "R-index/depth", field(tiny1i, "implied", 6, v), "r")
cert("implied-counts-branches", TINY1, "R-counts/branches",
     field(tiny1i, "endtree", 2, "1"), "the implied records not counted as branches")
cert("implied-counts-empties", TINY1, "R-counts/empties",
     field(tiny1i, "endtree", 4, "0"), "the implied records not counted as empties")
cert("implied-open", TINY1, "R-complete/open", tiny1i[:tiny1i.index(I1) + 1] +
     [l for l in tiny1i if l.startswith("endtree ")] + tiny1i[tiny1i.index("unit 1 -1"):],
     "'endtree' after an implied record, before its second child")
cert("implied-outside-tree", TINY1, "R-syntax/record",
     insert_after(tiny1i, "endtree 1 3 2 2", [I1]), "an implied record after 'endtree'")
# Rule Z: tiny3's point 2 is x = 0; its solver tree contracted, one implied record on point 2.
t3i = contract(records("certs/golden/tiny3-solver.cert"))
cert("implied-zero-point", TINY3, "R-branch/zero",
     field(t3i, "implied", 2, "2"), "an implied record on the zero point x_2 = 0")

# --- Hinge multipliers (certs/MATH.md §11, L6): in a leaf of a k = 1 model, index depth + 2i is
# rho_i (z_i >= v . x'_i), depth + 2i + 1 is tau_i (z_i >= 0), for an undecided point i ----------
# certs/golden/tiny1-hinge.cert: its second leaf 'leaf 0 5 2' is at depth 1 (v >= 0; point 0
# decided active; Q = 1, g = 2, h = 5 with point 2 in R), index 5 = rho_2 = 2, bound 5; n = 3, so
# its hinge indices are 1..6. tiny1-hinge-interval.cert: 'leaf 1 5 1 6 1' (rho_2 = tau_2 = 1),
# bound 4. tiny1-neg-hinge.cert: s = -1 in tree p = 0 (same leaf), root leaf of tree p = 1.
tiny1h = records("certs/golden/tiny1-hinge.cert")
tiny1hi = records("certs/golden/tiny1-hinge-interval.cert")
TINY1N = "certs/instances/tiny1-neg.relu"
tiny1n = records("certs/golden/tiny1-neg-hinge.cert")
tiny2h = records("certs/golden/tiny2-hinge.cert")
HL = "leaf 0 5 2"
for name, cond, new, why in (
        ("decided", "R-hinge/decided", "leaf 0 1 2",
         "index 1 = depth is rho_0, and point 0 is decided (its term is already in Q)"),
        ("decided-tau", "R-hinge/decided", "leaf 0 2 2", "index 2 is tau_0 of the decided point 0"),
        ("depth-limit", "R-index/depth", "leaf 0 5 2 7 0", "index 7 = depth + 2n, one too many"),
        ("lambda-negative", "R-lambda/negative", "leaf 0 5 -2", "rho_2 = -2 < 0"),
        ("eq-rho", "R-leaf-eq/equation", "leaf 0 5 3",
         "rho_2 = 3: g - 1/2 rho_2 x_2 = -1, not Q u = 0"),
        ("eq-tau", "R-leaf-eq/equation", "leaf 0 6 2",
         "index 6 is tau_2, which has no V part: g = 2, not Q u = 0 (as rho_2 it would pass)"),
        ("lower-sy", "R-lower/leaf", "leaf 0 4 1 5 2",
         "tau_1 = 1 on point 1 (s y_1 = 1 > 0, not in R): bound 5 - (1 + 1/4) = 15/4 < 9/2; "
         "without the s y sigma term it would be 19/4"),
        ("implied", "R-index/depth", None, "a hinge index in an 'implied' record")):
    lines = replace(tiny1h, HL, [new]) if new else replace(
        tiny1h, "implied 0 1 - 0 1 1 1", ["implied 0 1 - 0 1 1 1 2 0"])
    if name == "lower-sy":
        lines = replace(lines, "lower 5", ["lower 9/2"])
    cert(f"hinge-{name}", TINY1, cond, lines, f"'{new}': {why}" if new else why)
for tag, v in HUGE.items():
    cert(f"huge-hinge-r-{tag}", TINY1, "R-index/depth", replace(tiny1h, HL, [f"leaf 0 5 2 {v} 0"]),
         "hinge leaf r")
# Hinge indices on an instance with n = 128 (k = 1, a root leaf: the limit is 2n = 256): the
# huge values, the first index past the limit, and the last one, tau_127 of a rule-Z point.
def sym128_root(r):
    return [f"relucert-cert 1", f"instance {digest(SYM128)} 128 1", "model 1 0 nonneg", "tree 1",
            f"leaf 0 {r} 0", "endtree 1 0 1 0", "lower 0", "end"]
for tag, v in HUGE.items():
    cert(f"huge-hinge-r-n128-{tag}", SYM128, "R-index/depth", sym128_root(v), "hinge leaf r, n = 128")
cert("hinge-n128-limit", SYM128, "R-index/depth", sym128_root(256),
     "index 256 = depth + 2n at the root of n = 128, one too many")
cert("hinge-n128-zero", SYM128, "R-hinge/decided", sym128_root(255),
     "index 255 is tau_127; point 127 has x = 0 and is decided inactive (rule Z)")
cert("hinge-k2", K2ABS, "R-index/depth", replace(k2, "leaf 0 0", ["leaf 0 0 2 0"]),
     "index 2 at depth 2 in a k = 2 model's leaf (for k = 1 it would be the hinge index rho_0)")
cert("hinge-lower-merged", TINY1, "R-lower/leaf", replace(tiny1hi, "lower 4", ["lower 5"]),
     "rho_2 = tau_2 = 1: bound 5 - 1 - (1 - 2 + 1) = 4 < 5; forgetting c y_2^2 or "
     "sigma^2 / (4 c) would give 5")
cert("hinge-lower-sign", TINY1N, "R-lower/leaf",
     replace(replace(tiny1n, HL, ["leaf 2 4 2"]), "lower 5", ["lower 1"]),
     "tree p = 0, tau_1 = 2 on point 1 (s y_1 = 1): bound 5 - 4 - (2 + 1) = -2 < 1; with "
     "s = +1 it would be 5 - 4 - (-2 + 1) = 2")
cert("hinge-lower-zero", TINY1N, "R-lower/leaf", replace(tiny1n, "leaf 0 0 0 1 4", ["leaf 0 0 0"]),
     "rho_0 = 0 at the root of tree p = 1 still takes c y_0^2 = 4 (point 0 in R) out of h: "
     "bound 1 < 5")
cert("hinge-eq-bias", "examples/tiny2.csv", "R-leaf-eq/equation",
     replace(tiny2h, "leaf 0 2/3 4 4/3", ["leaf 0 2/3 4 1"]),
     "rho_1 = 1 with a bias: g - 1/2 rho_1 x'_1 = (3/2, 3/2), not Q u = (4/3, 4/3)")
cert("hinge-lower-bias", "examples/tiny2.csv", "R-lower/leaf",
     replace(tiny2h, "lower 2/3", ["lower 666666667/1000000000"]),
     "beta = 2/3 + 1/3000000000 above the hinge leaf's bound 2/3 (with a bias)")

# --- Claim files ---------------------------------------------------------------------------
k3c3 = read("tests/checker/claims/k3-c3.claim").splitlines()
hgno = read("tests/checker/claims/hg-no.claim").splitlines()
asserted = read("tests/checker/claims/user-asserted.claim").splitlines()


def claim(name, inst, cert_file, expect, outcome, lines, newline=True):
    claim_cases.append((name, inst, cert_file, expect, outcome, "\n".join(lines) + ("\n" if newline else "")))


def cfield(lines, key, value):
    out = list(lines)
    k = [i for i, l in enumerate(out) if l.split(" ")[0] == key][0]
    out[k] = key + " " + value
    return out


for tag, v in HUGE.items():
    claim(f"gen-huge-hypergraph-n-{tag}", "hg-no.relu", "hg-no.cert", "holds",
          "R-claim-syntax/vertices", cfield(hgno, "hypergraph", v))
    claim(f"gen-huge-edge-vertex-{tag}", "hg-no.relu", "hg-no.cert", "holds",
          "R-claim-syntax/vertex", cfield(hgno, "edge", "1 " + v))
    claim(f"gen-huge-source-value-{tag}", "k3.relu", "k3.cert", "holds", "R-source-no/value",
          cfield(k3c3, "source-value", v))
    claim(f"gen-huge-threshold-{tag}", "k3.relu", "k3.cert", "holds", "R-claim-constants/value",
          cfield(k3c3, "threshold", v))

claim("gen-source-value-negative", "k3.relu", "k3.cert", "holds", "R-claim-syntax/integer",
      cfield(k3c3, "source-value", "-2"))
claim("gen-no-final-newline", "k3.relu", "k3.cert", "holds", "R-claim-syntax/newline", k3c3,
      newline=False)
claim("gen-relation", "k3.relu", "k3.cert", "holds", "R-claim-syntax/relation",
      cfield(asserted, "claim", "< 43"))
claim("gen-threshold-negative", "k3.relu", "k3.cert", "holds", "R-claim-syntax/threshold",
      cfield(k3c3, "threshold", "-1"))
claim("gen-edge-vertex-zero", "hg-no.relu", "hg-no.cert", "holds", "R-claim-syntax/vertex",
      cfield(hgno, "edge", "0 2"))
claim("gen-edge-one-vertex", "hg-no.relu", "hg-no.cert", "holds", "R-claim-syntax/edge",
      cfield(hgno, "edge", "2"))
claim("gen-edge-decreasing", "hg-no.relu", "hg-no.cert", "holds", "R-claim-syntax/increasing",
      cfield(hgno, "edge", "2 1"))
claim("gen-graph6-length", "k3.relu", "k3.cert", "holds", "R-claim-syntax/graph6",
      cfield(k3c3, "graph6", "Bww"))
claim("gen-graph6-char-low", "k3.relu", "k3.cert", "holds", "R-claim-syntax/graph6",
      cfield(k3c3, "graph6", "B>"))  # '>' = 62, below the graph6 range 63..126
claim("gen-graph6-char-high", "k3.relu", "k3.cert", "holds", "R-claim-syntax/graph6",
      cfield(k3c3, "graph6", "B\x7f"))  # 127, above it


def graph6(n, edges):
    """graph6 with the one-character size field this checker reads (n <= 63 here)."""
    bits = [1 if (u, v) in edges else 0 for v in range(1, n) for u in range(v)]
    bits += [0] * (-len(bits) % 6)
    return chr(n + 63) + "".join(chr(63 + int("".join(map(str, bits[i:i + 6])), 2))
                                 for i in range(0, len(bits), 6))


usermc = read("tests/checker/claims/user-maxcut.claim").splitlines()
K3_PLUS = {(0, 1), (0, 2), (1, 2)}  # K3 and isolated vertices: the same D, |E| and cuts as K3
claim("gen-graph6-n62", "k3.relu", "k3.cert", "holds", "R-source-no/size",
      cfield(usermc, "graph6", graph6(62, K3_PLUS)))  # the largest n: read, then too large
claim("gen-graph6-n63", "k3.relu", "k3.cert", "holds", "R-claim-syntax/graph6",
      cfield(usermc, "graph6", graph6(63, K3_PLUS)))  # size character '~': n = 63 > 62
K3_DIGEST = [l for l in k3c3 if l.startswith("instance ")][0].split(" ")[2]
claim("gen-digest-missing", "k3.relu", "k3.cert", "holds", "R-claim-digest/digest",
      cfield(k3c3, "instance", "k3.relu"))
claim("gen-instance-unnamed", "k3.relu", "k3.cert", "holds", "VERIFIED",
      cfield(k3c3, "instance", " " + K3_DIGEST))  # the name is informational (CLAIMS.md)
claim("gen-threshold-empty", "k3.relu", "k3.cert", "holds", "R-claim-syntax/rational",
      cfield(k3c3, "threshold", ""))
claim("gen-threshold-fraction", "k3.relu", "k3.cert", "holds", "R-claim-syntax/threshold",
      cfield(k3c3, "threshold", "5/2"))
k3c2 = read("tests/checker/claims/k3-c2.claim").splitlines()
claim("gen-after-end-line", "k3.relu", "k3.cert", "holds", "R-claim-syntax/after-end",
      k3c2 + ["c"])
claim("gen-constants-relation", "k3.relu", "k3.cert", "holds", "R-claim-constants/claim",
      cfield(k3c3, "claim", "> 511/13"))  # side NO of maxcut claims >= beta
claim("gen-witness-long", "k3.relu", "k3.cert", "holds", "R-claim-syntax/witness",
      cfield(k3c2, "source-witness", "1000"))
claim("gen-witness-digit", "k3.relu", "k3.cert", "holds", "R-claim-syntax/witness",
      cfield(k3c2, "source-witness", "102"))
# The star K_{1,3} with centre 4: its one maximum cut (3 edges) puts 1, 2, 3 on the side
# opposite vertex n = 4, the last of the 2^(n-1) cuts the exhaustive check counts.
claim("gen-user-star4", "k3.relu", "k3.cert", "holds", "VERIFIED",
      cfield(cfield(cfield(usermc, "graph6", graph6(4, {(0, 3), (1, 3), (2, 3)})),
                    "threshold", "4"), "source-value", "3"))
claim("gen-user-k4", "k3.relu", "k3.cert", "holds", "VERIFIED",  # graph6 C~: '~' = 126 is data
      cfield(cfield(cfield(usermc, "graph6", "C~"), "threshold", "5"), "source-value", "4"))
claim("gen-user-k1", "k3.relu", "k3.cert", "holds", "VERIFIED",  # graph6 @: one vertex
      cfield(cfield(cfield(usermc, "graph6", "@"), "threshold", "1"), "source-value", "0"))
claim("gen-graph6-n0", "k3.relu", "k3.cert", "holds", "R-claim-syntax/graph6",
      cfield(k3c3, "graph6", "?"))  # n = 0
# The verdict reads only the bounds the certificate proves: k3-upper.cert proves only
# OPT <= 5057/119 and gen-k3-lower.cert only OPT >= 5057/119 (k3.cert without its witness).
k3cert = read("tests/checker/claims/k3.cert").splitlines()
with open(os.path.join(CLAIMS, "gen-k3-lower.cert"), "w", encoding="ascii") as f:
    f.write("\n".join(l for l in k3cert if l.split(" ")[0] not in ("unit", "upper")) + "\n")
for name, cert_file, expect, rel, bound, outcome in (
        ("le-no-upper", "gen-k3-lower.cert", "holds", "<=", "43", "R-claim-verdict/holds"),
        ("ge-no-lower", "k3-upper.cert", "holds", ">=", "0", "R-claim-verdict/holds"),
        ("le-no-lower", "k3-upper.cert", "violated", "<=", "-1", "R-claim-verdict/violated"),
        ("ge-no-upper", "gen-k3-lower.cert", "violated", ">=", "1", "R-claim-verdict/violated")):
    claim(f"gen-verdict-{name}", "k3.relu", cert_file, expect, outcome,
          cfield(asserted, "claim", f"{rel} {bound}"))
claim("gen-witness", "k3.relu", "k3.cert", "holds", "R-claim-syntax/witness",
      cfield(k3c3, "source-witness", "012"))
claim("gen-source-no-value", "k3.relu", "k3.cert", "holds", "R-source-no/value",
      cfield(k3c3, "source-value", "1"))

# The verdict at its boundaries: K3's certificate proves OPT = 5057/119 exactly, and a user
# claim about b = 5057/119 with each relation is decided only as the table of CLAIMS.md says.
B = "5057/119"
for rel, name, expect, outcome in (
        ("<=", "le", "holds", "VERIFIED"),          # alpha <= b
        (">=", "ge", "holds", "VERIFIED"),          # beta >= b
        (">", "gt", "holds", "R-claim-verdict/holds"),  # beta > b fails: not as >=
        (">", "gt", "violated", "VERIFIED"),        # alpha <= b
        (">=", "ge", "violated", "R-claim-verdict/violated"),  # alpha < b fails
        ("<=", "le", "violated", "R-claim-verdict/violated")):  # beta > b fails
    claim(f"gen-verdict-{name}-opt", "k3.relu", "k3.cert", expect, outcome,
          cfield(asserted, "claim", f"{rel} {B}"))

# Sources beyond the exhaustive limit: the reduction of a path on 21 vertices (maxcut, YES and
# NO sides) and of 21 vertices with one edge (hypergraph-2col, NO). The certificates are the zero
# network's (a valid 'upper' claim: loss = sum c_i y_i^2).
def graph6_path(n):
    bits = []
    for v in range(1, n):
        for u in range(v):
            bits.append(1 if v == u + 1 else 0)
    while len(bits) % 6:
        bits.append(0)
    return chr(n + 63) + "".join(chr(63 + int("".join(map(str, bits[i:i + 6])), 2))
                                 for i in range(0, len(bits), 6))


def big_instance(name, points, d, k, signed):
    text = f"relu {d}\n" + "".join(" ".join(map(str, x)) + f" {y} {c}\n" for x, y, c in points)
    with open(os.path.join(CLAIMS, name + ".relu"), "w", encoding="ascii") as f:
        f.write(text)
    loss = sum(Fraction(c) * y * y for _, y, c in points)
    units = [f"unit 0 " + " ".join(["0"] * d)] * k
    h = hashlib.sha256(text.encode()).hexdigest()
    with open(os.path.join(CLAIMS, name + ".cert"), "w", encoding="ascii") as f:
        f.write("\n".join(["relucert-cert 1", f"instance {h} {len(points)} {d}",
                           f"model {k} 0 {'signed' if signed else 'nonneg'}"] + units +
                          [f"upper {loss}", "end"]) + "\n")
    return h


def path_claims(n, sides):
    """The MAX-CUT reduction of the path on n vertices (max cut n - 1) and its claims, one per
    (side, threshold, outcome) of sides."""
    edges = [(v, v + 1) for v in range(n - 1)]
    deg = [sum(v in e for e in edges) for v in range(n)]
    D = sum(x * x for x in deg)
    M = D + 1
    pts = []
    for v in range(n):
        for s in (1, -1):
            pts.append(([s if t == v else 0 for t in range(n)], 1, M))
    for (u, v) in edges:
        for s in (1, -1):
            pts.append(([s if t in (u, v) else 0 for t in range(n)], 0, 1))
    name = f"gen-path{n}"
    h = big_instance(name, pts, n, 1, False)
    for side, c, outcome in sides:
        alpha = M * n + 4 * (len(edges) - c)
        beta = Fraction(alpha + 4) - Fraction(4 * D, M)
        lines = ["relucert-claim 1", "reduction maxcut", "variant standard", f"source path{n}",
                 f"graph6 {graph6_path(n)}", f"instance {name}.relu {h}", "model 1 0 nonneg",
                 f"threshold {c}", f"D {D}", f"M {M}", f"alpha {alpha}", f"beta {beta}",
                 f"side {side}", f"source-value {n - 1}",
                 "source-witness " + ("".join("01"[v % 2] for v in range(n)) if side == "YES"
                                      else "exhaustive"),
                 f"claim <= {alpha}" if side == "YES" else f"claim >= {beta}", "end"]
        claim(f"{name}-{side.lower()}", f"{name}.relu", f"{name}.cert", "holds", outcome, lines)


n = 21
path_claims(21, (("YES", 20, "R-source-yes/size"), ("NO", 21, "R-source-no/size")))
# n = 20 is within the exhaustive limit: the source side passes, and the zero network's
# certificate (OPT <= 2 n M) does not prove OPT <= alpha = M n.
path_claims(20, (("YES", 19, "R-claim-verdict/holds"),))
pts = [([1 if t == v else 0 for t in range(n)], 1, 1) for v in range(n)]
pts.append(([1 if t in (0, 1) else 0 for t in range(n)], 0, 1))
h = big_instance("gen-hg21", pts, n, 2, True)
claim("gen-hg21-no", "gen-hg21.relu", "gen-hg21.cert", "holds", "R-source-no/size",
      ["relucert-claim 1", "reduction hypergraph-2col", "source hg21", f"hypergraph {n}",
       "edge 1 2", f"instance gen-hg21.relu {h}", "model 2 0 signed", "side NO",
       "source-witness exhaustive", "claim > 0", "end"])

# A YES witness needs no exhaustive check, so n = 21 is fine there; the zero network's
# certificate proves only OPT <= 21, not OPT <= 0.
claim("gen-hg21-yes", "gen-hg21.relu", "gen-hg21.cert", "holds", "R-claim-verdict/holds",
      ["relucert-claim 1", "reduction hypergraph-2col", "source hg21", f"hypergraph {n}",
       "edge 1 2", f"instance gen-hg21.relu {h}", "model 2 0 signed", "side YES",
       "source-witness 1" + "0" * (n - 1), "claim <= 0", "end"])

# The star with centre 7 and leaves 1..6 is 2-coloured only with 1..6 on one side and 7 on the
# other: with vertex n = 7 on side 0 the one proper colouring puts all six low vertices (the
# 64-lane block of the exhaustive check, CLAIMS.md) on side 1, lane 63, the last.
n = 7
pts = [([1 if t == v else 0 for t in range(n)], 1, 1) for v in range(n)]
pts += [([1 if t in (v, n - 1) else 0 for t in range(n)], 0, 1) for v in range(n - 1)]
h = big_instance("gen-star7", pts, n, 2, True)
claim("gen-star7-no", "gen-star7.relu", "gen-star7.cert", "holds", "R-source-no/exhaustive",
      ["relucert-claim 1", "reduction hypergraph-2col", "source star7", f"hypergraph {n}"] +
      [f"edge {v} {n}" for v in range(1, n)] +
      [f"instance gen-star7.relu {h}", "model 2 0 signed", "side NO",
       "source-witness exhaustive", "claim > 0", "end"])

# The K3 reduction (tests/checker/claims/k3.relu) changed in one place, each with the zero
# network's certificate: k3-c3.claim must fail R-claim-rebuild at the changed place.
K3_POINTS = []
for v in range(3):
    for sgn in (1, -1):
        K3_POINTS.append(([sgn if t == v else 0 for t in range(3)], 1, 13))
for e in ((0, 1), (0, 2), (1, 2)):
    for sgn in (1, -1):
        K3_POINTS.append(([sgn if t in e else 0 for t in range(3)], 0, 1))
for name, cond, pts, d in (
        ("k3-d4", "R-claim-rebuild/size", [(x + [0], y, c) for x, y, c in K3_POINTS], 4),
        ("k3-last-weight", "R-claim-rebuild/point", K3_POINTS[:-1] + [(K3_POINTS[-1][0], 0, 2)],
         3),
        ("k3-label", "R-claim-rebuild/point", [(K3_POINTS[0][0], 2, 13)] + K3_POINTS[1:], 3),
        ("k3-weight", "R-claim-rebuild/point", [(K3_POINTS[0][0], 1, 12)] + K3_POINTS[1:], 3),
        ("k3-x-mid", "R-claim-rebuild/point", [([1, 1, 0], 1, 13)] + K3_POINTS[1:], 3),
        ("k3-x-last", "R-claim-rebuild/point", [([1, 0, 1], 1, 13)] + K3_POINTS[1:], 3)):
    h = big_instance(f"gen-{name}", pts, d, 1, False)
    claim(f"gen-{name}", f"gen-{name}.relu", f"gen-{name}.cert", "holds", cond,
          cfield(k3c3, "instance", f"gen-{name}.relu {h}"))

# --- Output ----------------------------------------------------------------------------------
for f in os.listdir(BAD):
    if f.startswith("gen-"):
        os.remove(os.path.join(BAD, f))
for f in os.listdir(CLAIMS):
    if f.startswith("gen-") and f.endswith(".claim"):
        os.remove(os.path.join(CLAIMS, f))
entries = []
for name, inst, cond, lines, why in cert_cases:
    body = ""
    if lines:
        body = "\n".join(lines[:1] + [f"c bad: {why} ({cond}; tests/checker/make_bad.py)"] +
                         lines[1:]) + "\n"
    with open(os.path.join(BAD, f"gen-{name}.cert"), "w", encoding="ascii") as f:
        f.write(body)
    entries.append(f"gen-{name}.cert {inst} {cond}")
centries = []
for name, inst, cert_file, expect, outcome, text in claim_cases:
    with open(os.path.join(CLAIMS, name + ".claim"), "w", encoding="ascii") as f:
        f.write(text)
    centries.append(f"{name}.claim {inst} {cert_file} {expect} {outcome}")


def splice(path, lines):
    text = open(path, encoding="utf-8").read()
    begin, end = "# generated by tests/checker/make_bad.py: begin\n", "# generated: end\n"
    block = begin + "".join(l + "\n" for l in lines) + end
    if begin in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n" + block
    open(path, "w", encoding="utf-8").write(text)


GOLDEN = os.path.join(ROOT, "certs", "golden")
for f in os.listdir(GOLDEN):
    if f.startswith("gen-"):
        os.remove(os.path.join(GOLDEN, f))
gentries = []
for name, inst, claim_text, lines, why in golden_cases:
    with open(os.path.join(GOLDEN, f"gen-{name}.cert"), "w", encoding="ascii") as f:
        f.write("\n".join(lines[:1] + [f"c valid: {why}, tests/checker/make_bad.py"] + lines[1:])
                + "\n")
    gentries.append(f"gen-{name}.cert {inst} {claim_text}")
splice(os.path.join(GOLDEN, "MANIFEST"), gentries)
splice(os.path.join(BAD, "MANIFEST"), entries)
splice(os.path.join(CLAIMS, "MANIFEST"), centries)
print(f"{len(entries)} bad certificates, {len(centries)} claim cases")
