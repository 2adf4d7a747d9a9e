#!/usr/bin/env bash
# json.sh RELUCERT ROOT: the approximations beside the exact values (README, Output). Python's
# Fraction and decimal modules are the independent method: float(Fraction) is the correctly
# rounded double (int / int true division), Decimal division in a 10-digit context the
# correctly rounded 10-digit decimal.
#   fit --json      every {"exact", "approx"} pair and every network weight (a, w, b with
#                   a_approx, w_approx, b_approx): approx is a JSON number equal to
#                   float(Fraction(exact)), or null where that overflows the double range
#   fit (text)      under each unit line, an 'approx.' line whose decimals are the exact
#                   weights correctly rounded to 10 significant digits
#   audit           every {"exact", "approx"} pair of table.json, as for fit
# Instances: k3-maxcut (with and without --bias; weights with long fractions), a label 1e400
# (w = 1e400: beyond the double range, null) and a label 3e-310 (w a subnormal double).
set -u
relucert=$1 root=$2
. "$(dirname "$0")/lib.sh" # $tmp, fail, has
printf 'relu 1\n1 1e400\n2 2e400\n' >"$tmp/huge.relu"      # OPT = 0 at w = 1e400
printf 'relu 1\n1 3e-310\n-1 0\n' >"$tmp/subnormal.relu"   # OPT = 0 at w = 3e-310
cat >"$tmp/check.py" <<'PY'
import json, sys
from decimal import Decimal, Context, ROUND_HALF_EVEN
from fractions import Fraction as F

def near(exact):  # the double nearest to the exact rational, None if it overflows
    try:
        return float(F(exact))
    except OverflowError:
        return None

def same(approx, exact, where):
    want = near(exact)
    assert (approx is None and want is None) or (
        isinstance(approx, (int, float)) and not isinstance(approx, bool) and approx == want), \
        f"{where}: approx {approx!r} for exact {exact}, expected {want!r}"

pairs = 0
def walk(v, where):
    global pairs
    if isinstance(v, dict):
        if set(v) == {"exact", "approx"}:
            same(v["approx"], v["exact"], where)
            pairs += 1
        for k, x in v.items():
            walk(x, f"{where}.{k}")
    elif isinstance(v, list):
        for i, x in enumerate(v):
            walk(x, f"{where}[{i}]")

mode, path = sys.argv[1], sys.argv[2]
if mode == "json":
    j = json.load(open(path))
    walk(j, "$")
    assert pairs >= (4 if "network" in j else 1), f"only {pairs} exact/approx pairs"
    for u in j.get("network", []):
        same(u["a_approx"], u["a"], "a")
        same(u["b_approx"], u["b"], "b")
        assert len(u["w"]) == len(u["w_approx"])
        for e, a in zip(u["w"], u["w_approx"]):
            same(a, e, "w")
    expect = sys.argv[3:]  # optional: the exact w of unit 0, then its approx as JSON
    if expect:
        assert j["network"][0]["w"] == [expect[0]], j["network"]
        assert json.dumps(j["network"][0]["w_approx"]) == expect[1], j["network"]
else:  # text: each 'unit' line followed by its 'approx.' line
    ctx = Context(prec=10, rounding=ROUND_HALF_EVEN)
    def dec10(q):
        return ctx.divide(Decimal(q.numerator), Decimal(q.denominator)) if q else Decimal(0)
    def fields(line):  # "a = X  w = (X, X)  b = X" -> [X, X, X, X]
        out, rest = [], line.split("a = ", 1)[1]
        a, rest = rest.split("  w = (", 1)
        w, rest = rest.split(")", 1)
        out = [a] + w.split(", ")
        if "b = " in rest:
            out.append(rest.split("b = ", 1)[1].split("  ")[0])
        return out
    lines = open(path).read().splitlines()
    units = [i for i, l in enumerate(lines) if l.startswith("unit ")]
    assert units, "no unit lines"
    for i in units:
        ap = lines[i + 1]
        assert ap.startswith("  approx.    a = ") and "approximations" in ap, ap
        ex, dc = fields(lines[i]), fields(ap)
        assert len(ex) == len(dc), (lines[i], ap)
        for e, d in zip(ex, dc):
            assert Decimal(d) == dec10(F(e)), f"{d} for {e}: expected {dec10(F(e))}"
PY
for flags in "" "--bias" "--units 2"; do
  # shellcheck disable=SC2086
  "$relucert" fit "$root/examples/k3-maxcut.relu" -q --json $flags >"$tmp/j" || fail "fit k3 $flags"
  python3 "$tmp/check.py" json "$tmp/j" || { cat "$tmp/j"; fail "k3 $flags --json"; }
  # shellcheck disable=SC2086
  "$relucert" fit "$root/examples/k3-maxcut.relu" -q $flags >"$tmp/t" || fail "fit k3 $flags"
  python3 "$tmp/check.py" text "$tmp/t" || { cat "$tmp/t"; fail "k3 $flags text"; }
done
"$relucert" fit "$tmp/huge.relu" -q --json >"$tmp/j" || fail "fit huge"
python3 "$tmp/check.py" json "$tmp/j" "1$(printf '0%.0s' $(seq 400))" '[null]' || { cat "$tmp/j"; fail "huge"; }
"$relucert" fit "$tmp/subnormal.relu" -q --json >"$tmp/j" || fail "fit subnormal"
python3 "$tmp/check.py" json "$tmp/j" "3/1$(printf '0%.0s' $(seq 310))" '[3e-310]' || { cat "$tmp/j"; fail "subnormal"; }
"$relucert" fit "$tmp/subnormal.relu" -q >"$tmp/t" || fail "fit subnormal"
python3 "$tmp/check.py" text "$tmp/t" || { cat "$tmp/t"; fail "subnormal text"; }
"$relucert" audit maxcut "$root/tests/e2e/reduce-data/k3.g6" --out "$tmp/a" >"$tmp/out" 2>&1 ||
  { cat "$tmp/out"; fail "audit"; }
python3 "$tmp/check.py" json "$tmp/a/table.json" || fail "table.json"
echo "ok: approximations"
