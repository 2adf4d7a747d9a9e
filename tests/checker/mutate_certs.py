#!/usr/bin/env python3
"""Seeded mutation test of relucheck: no mutant of a valid certificate proves a false claim.

Base certificates come from `relucert fit` (run here, in the work folder) on instances whose
exact optima are derived by hand (examples/OPTIMA, tests/checker/data/OPTIMA), from the golden
certificates (certs/golden/MANIFEST) and from hand-made templates (tests/checker/data/*.cert.in,
"<name>.cert.in" belongs to "<name>.relu"). Each mutant changes a base certificate (numbers,
index fields including huge ones, deleted / duplicated / swapped / moved lines, spliced or
swapped subtrees, 'p', the claims, 'sym' records, 'implied' records written as their two
records and back or with pairs taken elsewhere, hinge pairs put into leaves, the model,
truncation) and is given to
relucheck. The test fails if relucheck
  - exits other than 0 or 1, is killed by a signal, writes to stderr, takes longer than the
    per-mutant timeout, or its exit code and last line ('s VERIFIED' / 's NOT VERIFIED')
    disagree; or
  - accepts a mutant whose verified claim ('c verified: ...') is false for the model that the
    mutant states, judged with exact rationals against the hand-derived optima; or
  - accepts a mutant with a 'branch', 'implied' or 'sym' record out of the ranges of
    certs/FORMAT.md §2 (j < k, i < n; j + 1 < k, t < n), whatever its claim; or reports a model
    other than the one the mutant states.

A mutant may change the model (k, bias, output, weight bound). Its optimum is then bracketed
by the known ones: a model whose networks all belong to another has an optimum no smaller than
the other's (more units, a bias, signed output and a larger or no weight bound each only add
networks), and every model contains the zero network, whose loss is sum c_i y_i^2 (read here
from the instance file with Python's own parser). A claim the bracket cannot decide is counted
as undecided, not as a failure.

Follow-ups: when relucheck accepts a mutant whose 'lower' is below the least leaf bound it
reports, the test also runs the mutant with 'lower' raised to that bound and the witness
removed (the strongest claim the trees support), so a leaf or 'sym' accepted wrongly shows as a
false 'OPT >= B'. When it rejects a mutant under R-upper, the test runs it again with 'upper'
set to the witness loss relucheck printed, so a wrongly computed witness loss shows as a false
'OPT <= A'.

Families: 'random' draws mutant I from random.Random(f"{seed}/{I}"), so '--only I' replays it
alone; 'sym' is deterministic: closing records ('leaf', 'empty', 'sym', and the empty child of
an 'implied' record, which becomes a 'branch') of every base certificate with trees (up to
SYM_SPOTS per tree, spread evenly) are replaced by 'sym J T' with
j values that do not fit 64 bits or whose j + 1 wraps, at the points t where unit 0 is in the
state that the rule requires of unit j + 1, with the counts repaired. Failing mutants and the
checker's output are written to WORK/failures/.

Usage: mutate_certs.py --relucert BIN --relucheck BIN --repo ROOT --work DIR
                       [--family random|sym|all] [--seed S] [--count N] [--only I]
The environment variable RELUCERT_MUTANTS overrides --count (for long runs).
Exit code 0: no failure; 1: some failure (each printed with its replay command); 2: the set-up
failed (a base certificate could not be produced or was not verified).
"""

import argparse
import difflib
import hashlib
import os
import random
import re
import resource
import shutil
import subprocess
import sys
from fractions import Fraction

U64 = 2**64
HUGE_INTS = [U64 - 1, U64, U64 + 1, 2**63, 2**63 - 1, U64 - 2, 2**32,
             1234567890123456789012345678901234567890]
SYM_J = [U64 - 1, U64, 2**63, 10**39 + 7]  # j + 1 wraps to 0, or saturates to 2^64 - 1
SYM_SPOTS = 8  # closing records per tree block that the 'sym' family replaces
CLOSERS = ("leaf", "empty", "sym")
# 'implied j i first pairs' is 'branch j i first' and 'empty pairs' (its first child) on one line.
NODES = ("branch", "implied") + CLOSERS
TIMEOUT = float(os.environ.get("RELUCERT_MUTANT_TIMEOUT", "10"))


def fmt(q):
    """Canonical certificate rational (certs/FORMAT.md §2)."""
    q = Fraction(q)
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def is_comment(line):
    return line == "c" or line.startswith("c ")


def as_fraction(tok):
    """The value of a certificate number token, or None (digests, keywords, '+', '-')."""
    if re.fullmatch(r"-?[0-9]+(/[0-9]+)?", tok) and not tok.endswith("/0"):
        return Fraction(tok)
    return None


# ---------------------------------------------------------------------------------------------
# Instances and what is known about their optima


class Instance:
    """An instance file read independently of both programs: n, d, the rule-Z points (x = 0) and
    the zero network's loss sum c_i y_i^2."""

    def __init__(self, path):
        self.path = path
        data = open(path, "rb").read()
        self.digest = hashlib.sha256(data).hexdigest()
        lines = [l.rstrip("\r") for l in data.decode("utf-8", "replace").split("\n")]
        lines = [l for l in lines if l.strip(" \t") and not l.startswith("#")]
        m = re.fullmatch(r"relu ([0-9]+)", lines[0])
        rows = []
        if m:  # text: x_1 .. x_d y [c]
            self.d = int(m.group(1))
            for l in lines[1:]:
                t = l.split()
                rows.append(([Fraction(v) for v in t[:self.d]], Fraction(t[self.d]),
                             Fraction(t[self.d + 1]) if len(t) == self.d + 2 else Fraction(1)))
        else:  # CSV: features, optional 'weight' column (not the last), label last
            head = [h.strip(" \t") for h in lines[0].split(",")]
            w = head.index("weight") if "weight" in head[:-1] else None
            self.d = len(head) - 1 - (w is not None)
            for l in lines[1:]:
                f = [v.strip(" \t") for v in l.split(",")]
                xs = [Fraction(v) for c, v in enumerate(f[:-1]) if c != w]
                rows.append((xs, Fraction(f[-1]), Fraction(f[w]) if w is not None else Fraction(1)))
        self.n = len(rows)
        self.zero = [all(v == 0 for v in x) for x, _, _ in rows]
        self.zero_loss = sum(c * y * y for _, y, c in rows)


class Model:
    """(k, bias, output, B): B is None without a weight bound."""

    def __init__(self, k, bias, output, bound=None):
        self.k, self.bias, self.output, self.bound = k, bias, output, bound

    @staticmethod
    def from_flags(flags):
        t = flags.split()
        k = int(t[t.index("--units") + 1]) if "--units" in t else 1
        bound = Fraction(t[t.index("--weight-bound") + 1]) if "--weight-bound" in t else None
        signed = "--signed-output" in t if k == 1 else "--nonnegative-output" not in t
        return Model(k, int("--bias" in t), "signed" if signed else "nonneg", bound)

    @staticmethod
    def from_cert(lines):
        """The model a certificate states, or None if its model line is not well formed."""
        recs = [l.split(" ") for l in lines if not is_comment(l)]
        mod = [r for r in recs if r[0] == "model"]
        if not mod or len(mod[0]) != 4 or not all(re.fullmatch(r"0|[1-9][0-9]*", v)
                                                  for v in mod[0][1:3]):
            return None
        wb = [r for r in recs if r[0] == "weightbound" and len(r) == 2 and as_fraction(r[1])]
        return Model(int(mod[0][1]), int(mod[0][2]), mod[0][3],
                     as_fraction(wb[0][1]) if wb else None)

    def within(self, other):
        """Every network of self is a network of other (add zero units, set b = 0)."""
        return (self.k <= other.k and self.bias <= other.bias
                and (self.output == "nonneg" or other.output == "signed")
                and (other.bound is None or (self.bound is not None and self.bound <= other.bound)))

    def key(self):
        return (self.k, self.bias, self.output, self.bound)

    def __str__(self):
        s = f"{self.k} {self.bias} {self.output}"
        return s + (f" weightbound {fmt(self.bound)}" if self.bound is not None else "")


def bracket(inst, known, model):
    """lo <= OPT(model) <= hi from the exact optima `known` [(Model, Fraction)] of inst."""
    lo, hi = Fraction(0), inst.zero_loss
    for m, opt in known:
        if model.within(m):
            lo = max(lo, opt)
        if m.within(model):
            hi = min(hi, opt)
    return lo, hi


def judge(claim, lo, hi):
    """'true', 'false' or 'undecided' for claim = (lower or None, upper or None)."""
    b, a = claim
    if (a is not None and a < lo) or (b is not None and b > hi):
        return "false"
    if (a is None or a >= hi) and (b is None or b <= lo):
        return "true"
    return "undecided"


def self_check():
    """The judge's own cases, by hand (so that the oracle itself can be seen to fail): tiny1 has
    OPT = 5 (one ReLU) and 21/4 with the weight bound 1/2."""
    class Tiny1:
        zero_loss = Fraction(6)  # 2^2 + 1^2 + (-1)^2
    one, b12 = Model(1, 0, "nonneg"), Model(1, 0, "nonneg", Fraction(1, 2))
    known = [(one, Fraction(5)), (b12, Fraction(21, 4))]
    cases = [  # (model, claim (lower, upper), verdict)
        (one, (Fraction(5), Fraction(5)), "true"), (one, (None, Fraction(4)), "false"),
        (one, (Fraction(51, 10), None), "false"), (one, (Fraction(-1), Fraction(7)), "true"),
        (b12, (Fraction(21, 4), None), "true"), (b12, (None, Fraction(5)), "false"),
        (Model(1, 0, "nonneg", Fraction(1)), (None, Fraction(5)), "undecided"),  # in [5, 21/4]
        (Model(1, 0, "nonneg", Fraction(1)), (Fraction(53, 10), None), "false"),
        (Model(2, 1, "signed"), (Fraction(5), None), "undecided"),  # in [0, 5]
        (Model(2, 1, "signed"), (Fraction(51, 10), None), "false"),
        (Model(2, 1, "signed"), (None, Fraction(5)), "true"),
        (Model(1, 0, "signed"), (None, Fraction(6)), "true"),  # zero network
    ]
    for model, claim, want in cases:
        got = judge(claim, *bracket(Tiny1, known, model))
        if got != want:
            raise RuntimeError(f"self-check: claim {claim} for model {model}: {got}, not {want}")


# ---------------------------------------------------------------------------------------------
# Certificate structure


def tree_blocks(lines):
    """[(tree line index, endtree line index)] of the blocks that are closed."""
    out, start = [], None
    for i, l in enumerate(lines):
        kw = l.split(" ")[0]
        if kw == "tree":
            start = i
        elif kw == "endtree" and start is not None:
            out.append((start, i))
            start = None
    return out


def node_end(lines, i, stop):
    """One past the last line of the subtree starting at node line i, or None."""
    need = 1
    while need:
        while i < stop and is_comment(lines[i]):
            i += 1
        if i >= stop:
            return None
        kw = lines[i].split(" ")[0]
        if kw == "branch":
            need += 1
        elif kw in CLOSERS:
            need -= 1
        elif kw != "implied":  # a branch and a closed child: one node still needed
            return None
        i += 1
    return i


def subtrees(lines):
    """[(start, end)] of every subtree of every closed tree block."""
    out = []
    for s, e in tree_blocks(lines):
        for i in range(s + 1, e):
            if lines[i].split(" ")[0] in NODES:
                end = node_end(lines, i, e)
                if end is not None:
                    out.append((i, end))
    return out


def closing_paths(lines, s, e):
    """[(line index, path)] of the closing records of the block (s, e), path = [(j, i, active)]
    as the checker walks it (first child then second); an 'implied' record is listed with the
    path of the child it closes."""
    out, stack, path = [], [], []
    for idx in range(s + 1, e):
        t = lines[idx].split(" ")
        if t[0] == "branch" and len(t) == 4 and t[1].isdigit() and t[2].isdigit():
            act = t[3] == "+"
            stack.append([int(t[1]), int(t[2]), act, False])
            path.append((int(t[1]), int(t[2]), act))
        elif t[0] == "implied" and len(t) >= 4 and t[1].isdigit() and t[2].isdigit():
            j, i, act = int(t[1]), int(t[2]), t[3] == "+"
            out.append((idx, path + [(j, i, act)]))
            stack.append([j, i, act, True])  # its first child is closed: on to the second
            path.append((j, i, not act))
        elif t[0] in CLOSERS:
            out.append((idx, list(path)))
            while stack:
                path.pop()
                fr = stack[-1]
                if not fr[3]:
                    fr[3] = True
                    path.append((fr[0], fr[1], not fr[2]))
                    break
                stack.pop()
        elif not is_comment(lines[idx]):
            return out
    return out


def fix_counts(lines):
    """Rewrites every 'endtree' line to repeat its block's 'tree p' and record counts (an
    'implied' record counts as one 'branch' and one 'empty')."""
    out, p, cnt = list(lines), None, None
    for i, l in enumerate(out):
        t = l.split(" ")
        if t[0] == "tree" and len(t) == 2:
            p, cnt = t[1], {"branch": 0, "leaf": 0, "empty": 0, "sym": 0}
        elif t[0] == "implied" and cnt is not None:
            cnt["branch"] += 1
            cnt["empty"] += 1
        elif t[0] in ("branch",) + CLOSERS and cnt is not None:
            cnt[t[0]] += 1
        elif t[0] == "endtree" and cnt is not None:
            out[i] = f"endtree {p} {cnt['branch']} {cnt['leaf']} {cnt['empty']}" + (
                f" {cnt['sym']}" if cnt["sym"] else "")
            cnt = None
    return out


def close_with(lines, idx, record):
    """The lines with the closing record at idx replaced by `record`; an 'implied' record keeps
    its branch, so only its closed child is replaced."""
    t = lines[idx].split(" ")
    head = [" ".join(["branch"] + t[1:4])] if t[0] == "implied" else []
    return lines[:idx] + head + [record] + lines[idx + 1:]


def with_lower(lines, bound):
    """The certificate with the witness and 'upper' removed and 'lower <bound>' before 'end'."""
    body = [l for l in lines if l.split(" ")[0] not in ("unit", "upper", "lower")]
    if "end" not in body:
        return None
    i = len(body) - 1 - body[::-1].index("end")
    return body[:i] + [f"lower {fmt(bound)}"] + body[i:]


def with_upper(lines, alpha):
    out = list(lines)
    for i, l in enumerate(out):
        if l.split(" ")[0] == "upper":
            out[i] = f"upper {fmt(alpha)}"
            return out
    return None


# ---------------------------------------------------------------------------------------------
# Mutation operators: each takes (lines, rng, ctx) and returns (lines, description) or None.


class Ctx:
    """What the operators may use: the base's instance, its known optimum and all bases."""

    def __init__(self, base, bases):
        self.base, self.bases = base, bases
        self.inst = base.inst
        self.k = base.model.k
        self.n = base.inst.n


def record_indices(lines):
    return [i for i in range(1, len(lines)) if not is_comment(lines[i])]


def new_number(rng, tok, ctx):
    v = as_fraction(tok)
    choice = rng.randrange(12)
    if choice == 0:
        return rng.choice(["0", "1", "-1"])
    if choice == 1:
        return fmt(Fraction(rng.randint(-9, 9), rng.randint(1, 6)))
    if choice == 2 and v is not None:
        return fmt(v + rng.choice([1, -1]) * Fraction(1, 1000))
    if choice == 3 and v is not None:
        return fmt(v + rng.choice([1, -1]))
    if choice == 4 and v is not None:
        return fmt(rng.choice([-v, 2 * v, v / 2]))
    if choice in (5, 6, 7):
        return str(rng.choice(HUGE_INTS) * rng.choice([1, 1, 1, -1]))
    if choice == 8:
        return rng.choice(["1/18446744073709551616", "18446744073709551615/2",
                           "-9223372036854775808", fmt(ctx.base.opt)])
    if choice == 9:
        return rng.choice(["6/4", "010", "+1", "-0", "1.5", "3/1", "0x1", "1e3", ""])
    if choice == 10:
        return str(rng.choice([ctx.n - 1, ctx.n, ctx.n + 1, ctx.k - 1, ctx.k, ctx.k + 1]))
    return str(rng.randrange(max(ctx.n, 2)))


def op_number(lines, rng, ctx):
    """A number token, anywhere, replaced by another."""
    cands = [(i, c) for i in record_indices(lines) for c, t in enumerate(lines[i].split(" "))
             if c > 0 and as_fraction(t) is not None]
    if not cands:
        return None
    i, c = rng.choice(cands)
    t = lines[i].split(" ")
    old, t[c] = t[c], new_number(rng, t[c], ctx)
    out = list(lines)
    out[i] = " ".join(t)
    return out, f"number line {i + 1} field {c}: {old} -> {t[c]}"


def index_fields(tok, D, nmu):
    """Positions of the integer index fields of one record."""
    kw = tok[0]
    if kw in ("branch", "sym"):
        return [1, 2]
    if kw in ("tree", "model"):
        return [1] if kw == "tree" else [1, 2]
    if kw == "endtree":
        return list(range(1, len(tok)))
    if kw == "instance":
        return [2, 3]
    if kw == "leaf":
        return list(range(1 + D + nmu, len(tok), 2))
    if kw == "empty":
        return list(range(1, len(tok), 2))
    if kw == "implied":
        return [1, 2] + list(range(4, len(tok), 2))
    return []


def op_index(lines, rng, ctx):
    """An index field (j, i, t, r, p, n, d, k, bias, counts) replaced by a neighbour, a bound
    of its range or a huge value."""
    m = ctx.base.model
    D = m.k * (ctx.inst.d + m.bias)
    nmu = m.k if m.bound is not None else 0
    cands = [(i, c) for i in record_indices(lines)
             for c in index_fields(lines[i].split(" "), D, nmu) if c < len(lines[i].split(" "))]
    if not cands:
        return None
    i, c = rng.choice(cands)
    t = lines[i].split(" ")
    v = int(t[c]) if t[c].isdigit() else 0
    new = rng.choice([v + 1, v - 1, v + 1, max(v - 1, 0), 0, 1, ctx.k - 1, ctx.k, ctx.n - 1,
                      ctx.n, rng.randrange(max(ctx.n, 1)), rng.choice(HUGE_INTS),
                      rng.choice(HUGE_INTS), v + 2 * ctx.n, 2 * ctx.n - 1, 2 * ctx.n])
    old, t[c] = t[c], str(new)
    out = list(lines)
    out[i] = " ".join(t)
    return out, f"index line {i + 1} field {c}: {old} -> {t[c]}"


def op_hinge(lines, rng, ctx):
    """A hinge pair (certs/FORMAT.md §2: index depth + 2i for rho_i, depth + 2i + 1 for tau_i,
    leaves of k = 1 models only) put into a 'leaf', at its sorted place: an index from the
    leaf's depth to one past depth + 2n (also for k >= 2 or in an 'empty', which must fail),
    lambda 0, a small rational or negative. A tau_i leaves the equation as it was."""
    m = ctx.base.model
    spots = [(idx, len(path)) for s, e in tree_blocks(lines)
             for idx, path in closing_paths(lines, s, e)
             if lines[idx].split(" ")[0] in ("leaf", "empty")]
    if not spots:
        return None
    idx, depth = rng.choice(spots)
    t = lines[idx].split(" ")
    nmu = m.k if m.bound is not None else 0
    first = 1 if t[0] == "empty" else 1 + m.k * (ctx.inst.d + m.bias) + nmu
    if first > len(t) or (len(t) - first) % 2:
        return None
    pairs = [(t[c], t[c + 1]) for c in range(first, len(t), 2)]
    r = depth + rng.randrange(2 * ctx.n + 1)
    if not all(a.isdigit() for a, _ in pairs) or str(r) in [a for a, _ in pairs]:
        return None
    lam = rng.choice(["0", "1", "1/2", "2", "-1",
                      fmt(Fraction(rng.randint(0, 9), rng.randint(1, 4)))])
    pairs = sorted(pairs + [(str(r), lam)], key=lambda q: int(q[0]))
    out = list(lines)
    out[idx] = " ".join(t[:first] + [x for q in pairs for x in q])
    return out, f"hinge pair {r} {lam} into line {idx + 1} (depth {depth})"


def op_delete(lines, rng, ctx):
    idx = record_indices(lines)
    if not idx:
        return None
    i = rng.choice(idx)
    n = 1 if rng.random() < 0.75 else rng.randint(2, 4)
    return lines[:i] + lines[i + n:], f"delete lines {i + 1}..{i + n}"


def op_duplicate(lines, rng, ctx):
    idx = record_indices(lines)
    if not idx:
        return None
    i = rng.choice(idx)
    j = i + 1 if rng.random() < 0.6 else rng.randint(1, len(lines))
    return lines[:j] + [lines[i]] + lines[j:], f"duplicate line {i + 1} before line {j + 1}"


def op_swap(lines, rng, ctx):
    idx = record_indices(lines)
    if len(idx) < 2:
        return None
    a = rng.randrange(len(idx) - 1)
    b = a + 1 if rng.random() < 0.5 else rng.randrange(len(idx))
    i, j = idx[a], idx[b]
    out = list(lines)
    out[i], out[j] = out[j], out[i]
    return out, f"swap lines {i + 1} and {j + 1}"


def op_move(lines, rng, ctx):
    idx = record_indices(lines)
    if not idx:
        return None
    i = rng.choice(idx)
    rest = lines[:i] + lines[i + 1:]
    j = rng.randint(1, len(rest))
    return rest[:j] + [lines[i]] + rest[j:], f"move line {i + 1} before line {j + 1} of the rest"


def maybe_fix(out, rng, desc, p=0.7):
    if rng.random() < p:
        return fix_counts(out), desc + " (counts repaired)"
    return out, desc


def op_splice(lines, rng, ctx):
    """A subtree replaced by a subtree of this certificate or of another base certificate
    (preferably one of the same instance)."""
    mine = subtrees(lines)
    if not mine:
        return None
    r = rng.random()
    same = [b for b in ctx.bases if b.inst.path == ctx.inst.path and b is not ctx.base]
    if r < 0.4 or not same and r < 0.7:
        donor, dlines = "self", lines
    elif r < 0.8 and same:
        d = rng.choice(same)
        donor, dlines = d.name, d.lines
    else:
        d = rng.choice(ctx.bases)
        donor, dlines = d.name, d.lines
    theirs = subtrees(dlines)
    if not theirs:
        return None
    s, e = rng.choice(mine)
    ds, de = rng.choice(theirs)
    out = lines[:s] + dlines[ds:de] + lines[e:]
    return maybe_fix(out, rng, f"splice lines {s + 1}..{e} <- {donor} lines {ds + 1}..{de}")


def op_swap_subtrees(lines, rng, ctx):
    """Two disjoint subtrees exchanged; or the two children of a branch, with its order flipped
    or not (flipped, the certificate is equivalent and must verify)."""
    mine = subtrees(lines)
    if rng.random() < 0.5:
        br = [(s, e) for s, e in mine if lines[s].startswith("branch ")]
        if not br:
            return None
        s, e = rng.choice(br)
        m = node_end(lines, s + 1, e)
        if m is None:
            return None
        t = lines[s].split(" ")
        flip = rng.random() < 0.5
        if flip:
            t[3] = {"+": "-", "-": "+"}.get(t[3], t[3])
        out = lines[:s] + [" ".join(t)] + lines[m:e] + lines[s + 1:m] + lines[e:]
        return out, f"swap the children of the branch at line {s + 1}" + (
            " and flip its order" if flip else "")
    pairs = [(a, b) for a in mine for b in mine if a[1] <= b[0]]
    if not pairs:
        return None
    (s1, e1), (s2, e2) = rng.choice(pairs)
    out = lines[:s1] + lines[s2:e2] + lines[e1:s2] + lines[s1:e1] + lines[e2:]
    return maybe_fix(out, rng, f"swap subtrees {s1 + 1}..{e1} and {s2 + 1}..{e2}")


def op_flip(lines, rng, ctx):
    """The order field of a 'branch' or an 'implied' record flipped (for 'implied', its pairs
    then close the other child)."""
    br = [i for i in record_indices(lines) if lines[i].startswith(("branch ", "implied "))]
    if not br:
        return None
    i = rng.choice(br)
    t = lines[i].split(" ")
    c = 3 if len(t) > 3 else len(t) - 1
    t[c] = {"+": "-", "-": "+"}.get(t[c], "+")
    out = list(lines)
    out[i] = " ".join(t)
    return out, f"flip the branch order at line {i + 1}"


def op_p(lines, rng, ctx):
    """'p' changed in a block's 'tree' line, its 'endtree' line, or both."""
    blocks = tree_blocks(lines)
    if not blocks:
        return None
    s, e = rng.choice(blocks)
    p = lines[s].split(" ")[1]
    v = int(p) if p.isdigit() else 0
    new = str(rng.choice([v + 1, max(v - 1, 0), 0, ctx.k, ctx.k + 1, rng.choice(HUGE_INTS)]))
    where = rng.choice(["tree", "endtree", "both"])
    out = list(lines)
    if where in ("tree", "both"):
        out[s] = f"tree {new}"
    if where in ("endtree", "both"):
        t = out[e].split(" ")
        t[1] = new
        out[e] = " ".join(t)
    return out, f"p of the block at line {s + 1}: {p} -> {new} in {where}"


def op_claim(lines, rng, ctx):
    """'lower' / 'upper' changed, removed or added; or the witness or the trees removed."""
    opt = ctx.base.opt
    r = rng.random()
    out = list(lines)
    claims = [i for i in record_indices(lines) if lines[i].split(" ")[0] in ("lower", "upper")]
    if r < 0.6 and claims:
        i = rng.choice(claims)
        kw, val = lines[i].split(" ", 1)
        v = as_fraction(val) or Fraction(0)
        new = rng.choice([v + Fraction(1, 1000), v - Fraction(1, 1000), v + 1, v - 1, 2 * v,
                          Fraction(0), opt, opt + Fraction(1, 1000), opt - Fraction(1, 1000),
                          Fraction(rng.choice(HUGE_INTS)), Fraction(1, U64)])
        out[i] = f"{kw} {fmt(new)}"
        return out, f"{kw} {val} -> {fmt(new)}"
    if r < 0.7 and claims:
        i = rng.choice(claims)
        return out[:i] + out[i + 1:], f"remove line {i + 1} ({lines[i]})"
    if r < 0.8:
        res = with_lower(lines, rng.choice([opt, opt + Fraction(1, 1000), Fraction(0)]))
        return (res, "witness removed, lower set") if res else None
    if r < 0.9:
        out = [l for l in lines if l.split(" ")[0] not in ("unit", "upper")]
        return out, "witness and upper removed"
    blocks = tree_blocks(lines)
    if not blocks:
        return None
    out = lines[:blocks[0][0]] + lines[blocks[-1][1] + 1:]
    return out, "every tree block removed"


def op_block(lines, rng, ctx):
    """A whole tree block deleted, duplicated or moved."""
    blocks = tree_blocks(lines)
    if not blocks:
        return None
    s, e = rng.choice(blocks)
    blk = lines[s:e + 1]
    rest = lines[:s] + lines[e + 1:]
    r = rng.random()
    if r < 0.4:
        return rest, f"delete the block at lines {s + 1}..{e + 1}"
    if r < 0.7:
        return lines[:e + 1] + blk + lines[e + 1:], f"duplicate the block at lines {s + 1}..{e + 1}"
    s2, _ = rng.choice(blocks)
    j = s2 if s2 < s else max(s2 - len(blk), 1)
    return rest[:j] + blk + rest[j:], f"move the block at lines {s + 1}..{e + 1} to line {j + 1}"


def sym_candidates_t(ctx, path, unit):
    """Points t where `unit` is decided inactive and decided on every point before t, on a path:
    where a 'sym j t' whose j + 1 wraps to `unit` meets the second unit's required state."""
    dec = {}
    for i in range(ctx.n):
        if ctx.inst.zero[i] and not ctx.base.model.bias:
            dec[i] = False
    for j, i, act in path:
        if j == unit:
            dec[i] = act
    out = []
    for t in range(ctx.n):
        if dec.get(t) is False:
            out.append(t)
        if t not in dec or len(out) >= 2:
            break
    return out


def op_sym(lines, rng, ctx):
    """A closing record or a whole subtree replaced by 'sym J T', J and T near the edges of
    their ranges or huge."""
    blocks = tree_blocks(lines)
    if not blocks:
        return None
    s, e = rng.choice(blocks)
    closers = closing_paths(lines, s, e)
    if closers and rng.random() < 0.7:
        idx, path = rng.choice(closers)
        end = idx + 1
        ts = sym_candidates_t(ctx, path, 0)
    else:
        mine = [(a, b) for a, b in subtrees(lines) if s < a < e]
        if not mine:
            return None
        idx, end = rng.choice(mine)
        ts = []
    j = rng.choice([0, 1, ctx.k - 2, ctx.k - 1, ctx.k] + SYM_J + SYM_J + [rng.choice(HUGE_INTS)])
    t = rng.choice(ts + ts + [0, 1, ctx.n - 1, ctx.n, rng.randrange(ctx.n), rng.choice(HUGE_INTS)])
    if end == idx + 1:  # a closing record (of an 'implied' record: its closed child)
        out = close_with(lines, idx, f"sym {max(j, 0)} {t}")
    else:
        out = lines[:idx] + [f"sym {max(j, 0)} {t}"] + lines[end:]
    return maybe_fix(out, rng, f"lines {idx + 1}..{end} -> sym {max(j, 0)} {t}", 0.85)


def pairs_of(line):
    """The (r, lambda_r) tokens of an 'empty' or 'implied' record."""
    t = line.split(" ")
    return t[1:] if t[0] == "empty" else t[4:]


def op_implied(lines, rng, ctx):
    """'implied' records and their two-record form: an 'implied' record written as 'branch' and
    'empty', or a 'branch' whose first or second child is an 'empty' written as one 'implied'
    record (with the order flipped for the second child: all four keep the tree), the flip
    sometimes left out; or the pairs of an 'implied' record taken from another 'empty' or
    'implied' record."""
    idx = record_indices(lines)
    imp = [i for i in idx if lines[i].startswith("implied ")]
    emp = [i for i in idx if lines[i].split(" ")[0] in ("empty", "implied")]
    r = rng.random()
    if imp and r < 0.3:
        i = rng.choice(imp)
        t = lines[i].split(" ")
        out = lines[:i] + [" ".join(["branch"] + t[1:4]), " ".join(["empty"] + t[4:])] + lines[i + 1:]
        return out, f"implied record at line {i + 1} written as branch and empty"
    if imp and r < 0.45 and len(emp) > 1:
        i, k = rng.choice(imp), rng.choice(emp)
        t = lines[i].split(" ")
        out = list(lines)
        out[i] = " ".join(t[:4] + pairs_of(lines[k]))
        return out, f"pairs of the implied record at line {i + 1} taken from line {k + 1}"
    br = [i for i in idx if lines[i].startswith("branch ") and len(lines[i].split(" ")) == 4]
    firsts = [i for i in br if i + 1 < len(lines) and lines[i + 1].startswith("empty ")]
    if firsts and r < 0.75:
        i = rng.choice(firsts)
        out = lines[:i] + [lines[i].replace("branch", "implied", 1) + lines[i + 1][len("empty"):]]
        return maybe_fix(out + lines[i + 2:], rng, f"branch and empty at line {i + 1} as implied")
    seconds = []
    for i in br:
        m = node_end(lines, i + 1, len(lines))
        if m is not None and m < len(lines) and lines[m].startswith("empty "):
            seconds.append((i, m))
    if not seconds:
        return None
    i, m = rng.choice(seconds)
    t = lines[i].split(" ")
    flip = rng.random() < 0.8
    if flip:
        t[3] = {"+": "-", "-": "+"}.get(t[3], t[3])
    out = lines[:i] + [" ".join(["implied"] + t[1:]) + lines[m][len("empty"):]] + lines[i + 1:m]
    return maybe_fix(out + lines[m + 1:], rng, f"branch at line {i + 1} with its empty second child "
                     f"at line {m + 1} as implied" + (", order flipped" if flip else ""))


def op_model(lines, rng, ctx):
    """The model line or the weight bound changed, added or removed."""
    out = list(lines)
    mi = [i for i in record_indices(lines) if lines[i].startswith("model ")]
    if not mi:
        return None
    i = mi[0]
    t = lines[i].split(" ")
    r = rng.random()
    if r < 0.5 and len(t) == 4:
        c = rng.randrange(1, 4)
        if c == 3:
            t[3] = {"nonneg": "signed", "signed": "nonneg"}.get(t[3], "signed")
        else:
            v = int(t[c]) if t[c].isdigit() else 0
            t[c] = str(rng.choice([v + 1, max(v - 1, 0), 0, 2, rng.choice(HUGE_INTS)]))
        out[i] = " ".join(t)
        return out, f"model -> {out[i]}"
    wb = [j for j in record_indices(lines) if lines[j].startswith("weightbound ")]
    if wb and r < 0.75:
        return out[:wb[0]] + out[wb[0] + 1:], "weightbound removed"
    if wb:
        v = as_fraction(lines[wb[0]].split(" ")[-1]) or Fraction(1)
        new = rng.choice([v * 2, v / 2, v + Fraction(1, 1000), v - Fraction(1, 1000),
                          Fraction(U64), Fraction(1, U64)])
        out[wb[0]] = f"weightbound {fmt(new)}"
        return out, f"weightbound -> {fmt(new)}"
    new = rng.choice([Fraction(1, 2), Fraction(1), Fraction(10), Fraction(U64)])
    return out[:i + 1] + [f"weightbound {fmt(new)}"] + out[i + 1:], f"weightbound {fmt(new)} added"


def op_truncate(lines, rng, ctx):
    if len(lines) < 2:
        return None
    i = rng.randint(1, len(lines) - 1)
    out = lines[:i] + (["end"] if rng.random() < 0.5 else [])
    return out, f"truncated after line {i}" + (" and 'end' appended" if out[-1:] == ["end"] else "")


OPERATORS = [  # (weight, operator)
    (14, op_number), (14, op_index), (6, op_delete), (5, op_duplicate), (6, op_swap),
    (3, op_move), (10, op_splice), (8, op_swap_subtrees), (5, op_flip), (5, op_p),
    (8, op_claim), (3, op_block), (10, op_sym), (4, op_model), (2, op_truncate),
    (6, op_implied), (6, op_hinge),
]


def mutate(base, bases, rng):
    """(mutant lines, description, names of the operators applied)."""
    ctx = Ctx(base, bases)
    lines, descs, names = list(base.lines), [], []
    steps = 1 + (rng.random() < 0.4) + (rng.random() < 0.15)
    weights = [w for w, _ in OPERATORS]
    for _ in range(steps):
        for _attempt in range(8):
            op = rng.choices([o for _, o in OPERATORS], weights)[0]
            res = op(lines, rng, ctx)
            if res is not None:
                lines = res[0]
                descs.append(res[1])
                names.append(op.__name__[3:])
                break
    return lines, "; ".join(descs), names


def sym_family(bases):
    """Deterministic: 'sym J T' in place of every closing record where unit 0 is decided inactive
    on a point T and decided on every point before it (the state that 'sym j T' requires of
    unit j + 1, which is unit 0 when j + 1 wraps), J from SYM_J, counts repaired. Every such
    mutant breaks R-sym (j + 1 >= k)."""
    for base in bases:
        ctx = Ctx(base, bases)
        for s, e in tree_blocks(base.lines):
            spots = [(idx, t) for idx, path in closing_paths(base.lines, s, e)
                     for t in sym_candidates_t(ctx, path, 0)]
            if len(spots) > SYM_SPOTS:  # evenly spread, first and last included
                spots = [spots[round(q * (len(spots) - 1) / (SYM_SPOTS - 1))]
                         for q in range(SYM_SPOTS)]
            for idx, t in spots:
                for j in SYM_J:
                    out = close_with(base.lines, idx, f"sym {j} {t}")
                    yield base, fix_counts(out), f"line {idx + 1} -> sym {j} {t} (counts repaired)"


def range_violation(lines, inst):
    """A 'branch', 'implied' or 'sym' record whose fields are out of the ranges of certs/FORMAT.md §2
    (j < k, i < n; j + 1 < k, t < n), or None. Any accepted certificate with one is a checker
    bug whatever its claim."""
    model = Model.from_cert(lines)
    for l in lines:
        t = l.split(" ")
        if t[0] in ("branch", "implied", "sym") and len(t) >= 3 and t[1].isdigit() and t[2].isdigit():
            j, i = int(t[1]), int(t[2])
            top = model.k - (t[0] == "sym")
            if j >= top or i >= inst.n:
                return f"'{l}' is out of range (k = {model.k}, n = {inst.n})"
    return None


# ---------------------------------------------------------------------------------------------
# Running the checker


class Runner:
    def __init__(self, relucheck, work):
        self.relucheck, self.work = relucheck, work
        # A safety net for a shared machine: 4 GiB of address space for this process and the
        # checker it starts (set here, inherited, so that subprocess can spawn without a
        # pre-exec hook). AddressSanitizer reserves terabytes of address space: no limit then.
        with open(relucheck, "rb") as f:
            if b"__asan_init" not in f.read():
                resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))

    def run(self, inst_path, lines, name="mutant.cert"):
        """(status, output): status 'accepted', 'rejected' or a failure description."""
        path = os.path.join(self.work, name)
        with open(path, "w") as f:
            f.write("".join(l + "\n" for l in lines))
        try:
            p = subprocess.run([self.relucheck, inst_path, path], capture_output=True,
                               timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return f"no answer within {TIMEOUT:g} s", ""
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        last = out.rstrip("\n").split("\n")[-1] if out else ""
        if p.returncode < 0:
            return f"killed by signal {-p.returncode}", out + err
        if p.returncode not in (0, 1):
            return f"exit code {p.returncode}", out + err
        if err:
            return "output on stderr", out + err
        if (p.returncode, last) == (0, "s VERIFIED"):
            return "accepted", out
        if (p.returncode, last) == (1, "s NOT VERIFIED"):
            return "rejected", out
        return f"exit code {p.returncode} with last line '{last}'", out


def verified_claim(out):
    """(lower, upper) from the 'c verified:' line, or None."""
    num = r"(-?[0-9]+(?:/[0-9]+)?)"
    for l in out.split("\n"):
        m = re.fullmatch(rf"c verified: OPT = {num}", l)
        if m:
            return Fraction(m.group(1)), Fraction(m.group(1))
        m = re.fullmatch(rf"c verified: {num} <= OPT <= {num}", l)
        if m:
            return Fraction(m.group(1)), Fraction(m.group(2))
        m = re.fullmatch(rf"c verified: OPT <= {num}", l)
        if m:
            return None, Fraction(m.group(1))
        m = re.fullmatch(rf"c verified: OPT >= {num}", l)
        if m:
            return Fraction(m.group(1)), None
    return None


def reported(out, pattern):
    m = re.search(pattern, out, re.M)
    return Fraction(m.group(1)) if m else None


def checker_model(out):
    """The model relucheck says it verified: 'k bias output [weightbound B]'."""
    m = re.search(r"^c model: k = ([0-9]+), bias = ([01]), output (\w+),", out, re.M)
    if not m:
        return None
    s = f"{m.group(1)} {m.group(2)} {m.group(3)}"
    b = re.search(r"^c weight bound: \|\|v_j\|\| <= (\S+) ", out, re.M)
    return s + (f" weightbound {b.group(1)}" if b else "")


class Stats:
    def __init__(self):
        self.run = self.accepted = self.rejected = self.follow = 0
        self.true = self.undecided = self.false = self.out_of_range = self.bad_exit = 0
        self.failures = []
        self.undecided_examples = []
        self.by_op = {}  # operator name -> (mutants using it, of which accepted)


def evaluate(runner, base, lines, desc, stats, tag, follow=True):
    """Runs one mutant (and its follow-ups), records failures; returns the mutant's status."""
    stats.run += 1
    status, out = runner.run(base.inst.path, lines)
    problems = []
    if status == "accepted":
        stats.accepted += 1
        claim = verified_claim(out)
        model = Model.from_cert(lines)
        if claim is None or model is None:
            problems.append("accepted without a readable 'c verified:' line or model line")
        elif checker_model(out) not in (None, str(model)):  # when relucheck prints its model
            problems.append(f"relucheck verified model '{checker_model(out)}', the "
                            f"certificate states '{model}'")
        else:
            lo, hi = bracket(base.inst, base.known, model)
            verdict = judge(claim, lo, hi)
            if verdict == "false":
                stats.false += 1
                exact = f"OPT = {fmt(lo)}" if lo == hi else f"{fmt(lo)} <= OPT <= {fmt(hi)}"
                problems.append(f"FALSE ACCEPT: the verified claim is false for model {model}: "
                                f"the optimum is {exact} (hand-derived)")
            elif verdict == "true":
                stats.true += 1
            else:
                stats.undecided += 1
                if len(stats.undecided_examples) < 5:
                    stats.undecided_examples.append(f"{tag} ({base.name}, model {model}): {desc}")
            bad = range_violation(lines, base.inst)
            if bad:
                stats.out_of_range += 1
                problems.append("accepted although " + bad)
        least = reported(out, r"^c trees: .* min leaf bound (-?[0-9]+(?:/[0-9]+)?)$")
        if (follow and least is not None and claim is not None
                and (claim[0] is None or claim[0] < least)):
            up = with_lower(lines, least)
            if up is not None:
                stats.follow += 1
                evaluate(runner, base, up, desc + f"; lower -> least leaf bound {fmt(least)}, "
                         "witness removed", stats, tag + "+lower", follow=False)
    elif status == "rejected":
        stats.rejected += 1
        loss = reported(out, r"^c witness loss = (-?[0-9]+(?:/[0-9]+)?)$")
        if follow and loss is not None and re.search(r"^c error: .*: R-upper: ", out, re.M):
            up = with_upper(lines, loss)
            if up is not None:
                stats.follow += 1
                evaluate(runner, base, up, desc + f"; upper -> witness loss {fmt(loss)}",
                         stats, tag + "+upper", follow=False)
    else:
        stats.bad_exit += 1
        problems.append(status)
    if problems:
        stats.failures.append((tag, base, lines, desc, "; ".join(problems), out))
    return status


# ---------------------------------------------------------------------------------------------
# Base certificates


class Base:
    def __init__(self, name, inst, model, opt, lines, known):
        self.name, self.inst, self.model, self.opt = name, inst, model, opt
        self.lines, self.known = lines, known


def read_optima(path):
    rows = []
    for l in open(path):
        l = l.strip()
        if l and not l.startswith("#"):
            f, flags, opt = l.split(";")
            rows.append((f, flags.strip(), Fraction(opt.strip())))
    return rows


def setup(args, runner):
    repo = args.repo
    optima = [(os.path.join(repo, "examples", f), fl, o)
              for f, fl, o in read_optima(os.path.join(repo, "examples", "OPTIMA"))]
    data = os.path.join(repo, "tests", "checker", "data")
    optima += [(os.path.join(data, f), fl, o)
               for f, fl, o in read_optima(os.path.join(data, "OPTIMA"))]
    insts, known = {}, {}
    for path, flags, opt in optima:
        insts.setdefault(path, Instance(path))
        known.setdefault(path, []).append((Model.from_flags(flags), opt))

    def exact(path, model):
        for m, o in known.get(path, []):
            if m.key() == model.key():
                return o
        return None

    bases = []

    def add(name, path, lines):
        model = Model.from_cert(lines)
        opt = exact(path, model) if model else None
        if opt is None:
            raise RuntimeError(f"{name}: no hand-derived optimum for model {model} of {path}")
        b = Base(name, insts[path], model, opt, lines, known[path])
        status, out = runner.run(path, lines, "base.cert")
        claim = verified_claim(out) if status == "accepted" else None
        if claim is None or judge(claim, opt, opt) != "true":
            raise RuntimeError(f"{name}: base certificate not verified or its claim is not "
                               f"OPT = {fmt(opt)}:\n{out}")
        bases.append(b)

    certs = os.path.join(args.work, "base")
    os.makedirs(certs, exist_ok=True)
    for n, (path, flags, opt) in enumerate(optima):
        out = os.path.join(certs, f"{n:02d}-{os.path.basename(path)}.cert")
        p = subprocess.run([args.relucert, "fit", path, "-q", "--out", out] + flags.split(),
                           capture_output=True, timeout=120)
        if p.returncode != 0:
            raise RuntimeError(f"relucert fit {path} {flags}: exit {p.returncode}\n"
                               + p.stdout.decode() + p.stderr.decode())
        add(f"fit {os.path.relpath(path, repo)} {flags}".strip(), path,
            open(out).read().split("\n")[:-1])
    golden = os.path.join(repo, "certs", "golden")
    for l in open(os.path.join(golden, "MANIFEST")):
        f = l.split()
        # Golden certificates on instances without a row in an OPTIMA file (their optimum is
        # pinned by certs/golden/MANIFEST only) are left to the checker's own tests.
        if f and not f[0].startswith("#") and os.path.join(repo, f[1]) in known:
            add(f"golden {f[0]}", os.path.join(repo, f[1]),
                open(os.path.join(golden, f[0])).read().split("\n")[:-1])
    for f in sorted(os.listdir(data)):
        if f.endswith(".cert.in"):
            path = os.path.join(data, f[:-len(".cert.in")] + ".relu")
            text = open(os.path.join(data, f)).read().replace("@DIGEST@", insts[path].digest)
            add(f"hand {f}", path, text.split("\n")[:-1])
    return bases


# ---------------------------------------------------------------------------------------------


def save_failure(args, fail):
    tag, base, lines, desc, problem, out = fail
    fdir = os.path.join(args.work, "failures")
    os.makedirs(fdir, exist_ok=True)
    path = os.path.join(fdir, f"mutant-{tag}.cert")
    with open(path, "w") as f:
        f.write("".join(l + "\n" for l in lines))
    with open(path[:-len(".cert")] + ".txt", "w") as f:
        f.write(f"instance: {base.inst.path}\nbase: {base.name}\nmutation: {desc}\n"
                f"problem: {problem}\n\n{out}")
    return path


def report_failure(args, k, fail):
    tag, base, lines, desc, problem, out = fail
    path = save_failure(args, fail)
    print(f"FAIL {k} in detail: mutant {tag} of {base.name}: {problem}")
    print(f"  mutation: {desc}")
    print(f"  instance: {base.inst.path}")
    print(f"  mutant:   {path}")
    if args.family == "random" and tag.split("+")[0].isdigit():
        print(f"  replay:   {sys.argv[0]} ... --family random --seed {args.seed} "
              f"--only {tag.split('+')[0]}")
    if len(lines) <= 30:
        print("  the mutant in full:")
        for l in lines:
            print("    " + l)
    else:
        print("  diff against the base certificate:")
        diff = difflib.unified_diff(base.lines, lines, "base", "mutant", n=1, lineterm="")
        for l in list(diff)[2:40]:
            print("    " + l)
    print("  relucheck output:")
    for l in out.rstrip("\n").split("\n")[-8:]:
        print("    " + l)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--relucert", required=True)
    ap.add_argument("--relucheck", required=True)
    ap.add_argument("--repo", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--family", choices=["random", "sym", "all"], default="random")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--only", type=int, default=None, help="replay this random mutant alone")
    args = ap.parse_args()
    count = int(os.environ.get("RELUCERT_MUTANTS", args.count))
    os.makedirs(args.work, exist_ok=True)
    shutil.rmtree(os.path.join(args.work, "failures"), ignore_errors=True)
    runner = Runner(args.relucheck, args.work)
    try:
        self_check()
        bases = setup(args, runner)
    except (RuntimeError, OSError, subprocess.SubprocessError) as e:
        print(f"mutate_certs.py: set-up failed: {e}")
        return 2
    big = sum(b.inst.n >= 100 for b in bases)
    print(f"{len(bases)} base certificates ({big} on instances with n >= 100), "
          f"family {args.family}, seed {args.seed}")
    stats = Stats()
    if args.family in ("random", "all"):
        todo = [args.only] if args.only is not None else range(count)
        for i in todo:
            rng = random.Random(f"{args.seed}/{i}")
            base = rng.choice(bases)
            lines, desc, names = mutate(base, bases, rng)
            status = evaluate(runner, base, lines, desc, stats, str(i))
            for name in set(names):  # the mutant itself, not its follow-ups
                ran, acc = stats.by_op.get(name, (0, 0))
                stats.by_op[name] = (ran + 1, acc + (status == "accepted"))
    if args.family in ("sym", "all"):
        for n, (base, lines, desc) in enumerate(sym_family(bases)):
            evaluate(runner, base, lines, desc, stats, f"sym{n}")
    # False claims first, then bad exits, then out-of-range records with true claims.
    stats.failures.sort(key=lambda f: (not f[4].startswith("FALSE"), "accepted although" in f[4]))
    for k, (tag, base, _, desc, problem, _) in enumerate(stats.failures[:40]):
        print(f"FAIL {k}: mutant {tag} of {base.name}: {desc}: {problem}")
    if len(stats.failures) > 40:
        print(f"... and {len(stats.failures) - 40} more failing mutants")
    for k, fail in enumerate(stats.failures):
        if k < 10:
            report_failure(args, k, fail)
        else:
            save_failure(args, fail)
    if len(stats.failures) > 10:
        print(f"(details of the first 10 failures only; every failing mutant is in "
              f"{os.path.join(args.work, 'failures')})")
    if stats.undecided_examples:
        print("accepted with a changed model whose optimum is only bracketed, e.g.:")
        for e in stats.undecided_examples:
            print("  " + e)
    if stats.by_op:
        print("operators (mutants using it / accepted): " + ", ".join(
            f"{k} {r}/{a}" for k, (r, a) in sorted(stats.by_op.items())))
    print(f"mutants: {stats.run} run ({stats.follow} of them follow-ups), {stats.accepted} "
          f"accepted, {stats.rejected} rejected, {stats.bad_exit} bad exits; accepted claims: "
          f"{stats.true} true, {stats.false} FALSE, {stats.undecided} undecided; "
          f"{stats.out_of_range} accepted with an out-of-range branch or sym record; "
          f"{len(stats.failures)} failing mutants")
    return 1 if stats.failures else 0


if __name__ == "__main__":
    sys.exit(main())
