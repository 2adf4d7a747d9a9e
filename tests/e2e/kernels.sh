#!/usr/bin/env bash
# kernels.sh RELUCERT RELUCHECK ROOT
# The exact kernels' machine-integer fast path (solver/problem.hpp, IntData) must not change a
# certificate: on every bundled example with each of its OPTIMA flag sets, and on a generated
# instance with 60 points of three decimal coordinates (where thousands of empty-interior and
# KKT systems are solved), `fit` and `fit --gmp-only` write the same records (only `c` lines
# may differ) and both verify. Instances whose numbers do not fit machine integers fall back
# to GMP by themselves: tests/e2e/huge_numbers.sh and tests/unit/test_node_state.cpp. Also:
# --no-implied-records writes exactly the implied records expanded into branch + empty; the
# hinge bound's leaves verify, and without it (--no-hinge) the optimum is the same.
set -u
relucert=$1 relucheck=$2 root=$3
here=$(dirname "$0")
. "$here/lib.sh"

# 60 points: x in {-1.0, -0.9, ..., 1.0}^3 and y in [-1, 1], from a fixed linear congruence.
awk 'BEGIN { s = 12345; print "relu 3";
  for (i = 0; i < 60; ++i) { line = "";
    for (a = 0; a < 4; ++a) { s = (s * 1103515245 + 12345) % 2147483648;
      v = (a < 3) ? (int(s / 65536) % 21 - 10) / 10 : (int(s / 65536) % 201 - 100) / 100;
      line = line (a ? " " : "") v }
    print line } }' >"$tmp/u60.relu"

compare() { # compare INSTANCE FLAGS...
  local inst=$1
  shift
  run_relucert 0 fit "$inst" -q -j 1 -o "$tmp/ints.cert" "$@"
  run_relucert 0 fit "$inst" -q -j 1 -o "$tmp/gmp.cert" --gmp-only "$@"
  grep -v '^c' "$tmp/ints.cert" >"$tmp/ints.rec"
  grep -v '^c' "$tmp/gmp.cert" >"$tmp/gmp.rec"
  cmp -s "$tmp/ints.rec" "$tmp/gmp.rec" ||
    { diff "$tmp/ints.rec" "$tmp/gmp.rec" | head -20; fail "$inst $*: certificates differ"; }
  for c in ints gmp; do
    "$relucheck" "$inst" "$tmp/$c.cert" >"$tmp/check" 2>&1 ||
      { cat "$tmp/check"; fail "$inst $* ($c): not verified"; }
  done
}

compare "$tmp/u60.relu"
compare "$tmp/u60.relu" --bias
[ "$(grep -cE '^(empty|implied)' "$tmp/ints.rec")" -gt 100 ] || fail "u60 --bias: too few empty and implied records to test"
# The same tree with --no-implied-records: each 'implied' record becomes its 'branch' and the
# 'empty' of its first child, nothing else changes, and both verify.
[ "$(grep -c '^implied' "$tmp/ints.rec")" -gt 100 ] || fail "u60 --bias: too few implied records"
run_relucert 0 fit "$tmp/u60.relu" --bias -q -j 1 -o "$tmp/two.cert" --no-implied-records
"$relucheck" "$tmp/u60.relu" "$tmp/two.cert" >"$tmp/check" 2>&1 ||
  { cat "$tmp/check"; fail "--no-implied-records: not verified"; }
[ "$(grep -c '^implied' "$tmp/two.cert")" -eq 0 ] || fail "--no-implied-records wrote implied"
awk '/^implied /{ printf "branch %s %s %s\nempty", $2, $3, $4;
                  for (t = 5; t <= NF; ++t) printf " %s", $t; print ""; next } { print }' \
  "$tmp/ints.rec" >"$tmp/expanded.rec"
grep -v '^c' "$tmp/two.cert" | cmp -s - "$tmp/expanded.rec" ||
  fail "--no-implied-records: not the implied records expanded"
# The hinge bound (certs/MATH.md §11): the certificate of u60 has hinge leaves, and the run
# without them (--no-hinge) proves the same optimum with more nodes; both verify.
run_relucert 0 fit "$tmp/u60.relu" -q -j 1 --json -o "$tmp/hinge.cert"
hinge_leaves=$(grep -o '"hinge_leaves": *[0-9]*' "$tmp/out" | grep -o '[0-9]*$')
nodes_hinge=$(grep -o '"nodes": *[0-9]*' "$tmp/out" | head -1 | grep -o '[0-9]*$')
[ "${hinge_leaves:-0}" -gt 10 ] || fail "u60: ${hinge_leaves:-no} hinge leaves"
run_relucert 0 fit "$tmp/u60.relu" -q -j 1 --json -o "$tmp/plain.cert" --no-hinge
nodes_plain=$(grep -o '"nodes": *[0-9]*' "$tmp/out" | head -1 | grep -o '[0-9]*$')
grep -q '"hinge_leaves": *0' "$tmp/out" || fail "--no-hinge: hinge leaves written"
for c in hinge plain; do
  "$relucheck" --quiet "$tmp/u60.relu" "$tmp/$c.cert" >"$tmp/$c.check" 2>&1 ||
    { cat "$tmp/$c.check"; fail "u60 ($c): not verified"; }
done
cmp -s <(grep '^c verified' "$tmp/hinge.check") <(grep '^c verified' "$tmp/plain.check") ||
  fail "u60: another optimum without the hinge bound"
[ "$nodes_hinge" -lt "$nodes_plain" ] || fail "u60: hinge bound $nodes_hinge nodes, without $nodes_plain"
while IFS=';' read -r file flags _; do
  case $file in '' | '#'*) continue ;; esac
  # shellcheck disable=SC2086 # the flags are words
  compare "$root/examples/$file" $flags
done <"$root/examples/OPTIMA"
echo "kernels: same certificates with and without the machine-integer path, with two records for each implied one, and the hinge bound"
