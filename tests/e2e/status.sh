#!/usr/bin/env bash
# status.sh RELUCERT ROOT: the `s` line of `relucert fit` (README, Output) has one of the fixed
# tokens OPTIMAL, INTERVAL, REALIZABLE, NOT REALIZABLE, UNKNOWN and nothing else, exactly once;
# details are `c` lines; only --realizable speaks of realizability (text and JSON "realizable");
# JSON "status" is the token in lower case. Expected answers, independent of the solver:
#   k3-maxcut       OPT = 5057/119 > 0 (examples/OPTIMA: hand derivation, certs/MATH.md §9.5)
#   realizable-d2   OPT = 0: the ReLU w* = (3/2, -2/3) fits every point (the file's comment)
#   tiny1           stopped at once (--time-limit 1e-9): with two signed units the certified
#                   interval is 0 <= OPT <= 6, which decides neither OPT = 0 nor OPT > 0 (hand
#                   derivation in tests/e2e/time_limit.sh); one unit: 1 <= OPT <= 6
#   --gap 1         on k3: OPTIMAL, or INTERVAL with upper - lower <= 1 around 5057/119
set -u
relucert=$1 root=$2
. "$(dirname "$0")/lib.sh" # $tmp, fail, has
k3=$root/examples/k3-maxcut.relu tiny1=$root/examples/tiny1.relu
cp "$root/tests/checker/data/realizable-d2-120.relu" "$tmp/r.relu" # a name without the word
real=$tmp/r.relu
# run EXIT TOKEN ARGS...: `relucert fit ARGS -q` exits EXIT, prints exactly one s line `s TOKEN`
# and, in a second run with --json, "status" = token in lower case; stdout in $tmp/out and
# $tmp/json.
run() {
  local want=$1 token=$2
  shift 2
  "$relucert" fit "$@" -q >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  [ $rc -eq "$want" ] || { cat "$tmp/out" "$tmp/err"; fail "fit $*: exit $rc, expected $want"; }
  [ "$(grep '^s ' "$tmp/out")" = "s $token" ] || { cat "$tmp/out"; fail "fit $*: expected one line 's $token'"; }
  [ "$1" = --float-bounds-only ] || [ "${*: -1}" = --float-bounds-only ] && return
  "$relucert" fit "$@" -q --json >"$tmp/json" 2>"$tmp/err"
  python3 - "$tmp/json" "$token" <<'PY' || fail "fit $* --json"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["status"] == sys.argv[2].lower(), j["status"]
assert isinstance(j["status_details"], list)
PY
}
# quiet: no word of realizability anywhere in the text or the JSON.
quiet() {
  ! grep -qi 'realiz' "$tmp/out" || { cat "$tmp/out"; fail "speaks of realizability without --realizable"; }
  ! grep -qi 'realiz' "$tmp/json" || { cat "$tmp/json"; fail "JSON speaks of realizability without --realizable"; }
}
# realizable VALUE: JSON "realizable" is VALUE (true, false or null).
realizable() {
  python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); assert json.dumps(j["realizable"]) == sys.argv[2], j' \
    "$tmp/json" "$1" || fail "JSON realizable is not $1"
}

run 0 OPTIMAL "$k3"
quiet
run 0 OPTIMAL "$real"
quiet
run 10 INTERVAL "$tiny1" --time-limit 1e-9
quiet
has "$tmp/out" "c stopped by the time limit: the interval below is certified"
run 0 UNKNOWN "$k3" --float-bounds-only

# --gap: the gap reached, never a word about realizability (OPT > 0 here).
"$relucert" fit "$k3" -q --gap 1 >"$tmp/out" || fail "--gap 1: exit $?"
token=$(sed -n 's/^s //p' "$tmp/out")
case $token in
OPTIMAL) run 0 OPTIMAL "$k3" --gap 1 ;;
INTERVAL)
  run 0 INTERVAL "$k3" --gap 1
  has "$tmp/out" "c the gap 1 is reached: upper - lower <= 1"
  python3 - "$tmp/json" <<'PY' || fail "--gap 1: the interval"
import json, sys
from fractions import Fraction as F
j = json.load(open(sys.argv[1]))
lo, up = F(j["lower"]["exact"]), F(j["upper"]["exact"])
assert lo <= F(5057, 119) <= up and up - lo <= 1, (lo, up)
PY
  ;;
*) cat "$tmp/out"; fail "--gap 1: s $token" ;;
esac
quiet

# --realizable: the three answers.
run 0 "NOT REALIZABLE" "$k3" --realizable
realizable false
grep -q '^c proved OPT >= [1-9][0-9/]* > 0$' "$tmp/out" || { cat "$tmp/out"; fail "no proved bound > 0"; }
run 0 REALIZABLE "$real" --realizable
realizable true
run 10 UNKNOWN "$tiny1" --units 2 --realizable --time-limit 1e-9
realizable null
echo "ok: s lines"
