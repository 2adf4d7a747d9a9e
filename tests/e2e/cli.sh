#!/usr/bin/env bash
# cli.sh RELUCERT EXAMPLES_DIR CASE
# The command line's error paths and the SMT-LIB export, exit codes and messages:
#   output-error   an unwritable --out: exit 4, the message names the path, nothing on stdout
#   usage-error    an unknown --strategy, and two excluding flags: exit 2, the message names
#                  the option
#   export-smtlib  `export --smtlib` on examples/k3-maxcut.relu (d = 3, 12 points): every
#                  weight declared (w0 w1 w2, and b only with --bias), one loss term per
#                  point, the --below bound asserted, `-o` writes the same text
# (The exported formula's value is checked exactly in tests/unit/test_smtlib.cpp.)
set -u
relucert=$1 ex=$2 case=$3
. "$(dirname "$0")/lib.sh" # $tmp, fail, has, run_relucert
case $case in
output-error)
  run_relucert 4 fit "$ex/tiny1.relu" -q --out /nonexistent-dir/x.cert
  has "$tmp/err" "relucert: error: /nonexistent-dir/x.cert: cannot open for writing"
  [ ! -s "$tmp/out" ] || { cat "$tmp/out"; fail "a result was printed"; }
  ;;
usage-error)
  run_relucert 2 fit "$ex/tiny1.relu" --strategy nonsense
  grep -q -- '--strategy: nonsense not in {bnb,enumerate}' "$tmp/err" || { cat "$tmp/err"; fail "message"; }
  [ ! -s "$tmp/out" ] || { cat "$tmp/out"; fail "a result was printed"; }
  run_relucert 2 fit "$ex/k2-abs.relu" --units 2 --nonnegative-output --signed-output
  has "$tmp/err" "relucert: error: --nonnegative-output and --signed-output exclude each other"
  ;;
export-smtlib)
  run_relucert 0 export --smtlib "$ex/k3-maxcut.relu" --below 5057/119
  [ "$(grep -c '^(declare-fun ' "$tmp/out")" -eq 3 ] || { cat "$tmp/out"; fail "expected 3 declarations"; }
  for j in 0 1 2; do has "$tmp/out" "(declare-fun w$j () Real)"; done
  has "$tmp/out" "(set-logic QF_NRA)"
  grep -q '^(define-fun loss () Real (+ 0.0$' "$tmp/out" || { cat "$tmp/out"; fail "no loss definition"; }
  # One term c_i (h_i - y_i)^2 per point; the first is (1, 0, 0) with y = 1 and c = 13.
  [ "$(grep -c '^  (\* ' "$tmp/out")" -eq 12 ] || { cat "$tmp/out"; fail "expected 12 loss terms"; }
  grep -q '^  (\* 13.0 (- (ite (> (+ 0.0 (\* 1.0 w0) (\* 0.0 w1) (\* 0.0 w2)) 0.0) ' "$tmp/out" ||
    { cat "$tmp/out"; fail "first loss term"; }
  [ "$(tail -n 2 "$tmp/out")" = "$(printf '(assert (< loss (/ 5057.0 119.0)))\n(check-sat)')" ] ||
    { cat "$tmp/out"; fail "the bound is not asserted last"; }
  ! grep -q minimize "$tmp/out" || fail "minimize with --below"
  # With --bias: b declared too; without --below: minimise.
  run_relucert 0 export --smtlib "$ex/k3-maxcut.relu" --bias -o "$tmp/b.smt2"
  [ ! -s "$tmp/out" ] || fail "-o also printed to stdout"
  has "$tmp/b.smt2" "(declare-fun b () Real)"
  [ "$(grep -c '^(declare-fun ' "$tmp/b.smt2")" -eq 4 ] || { cat "$tmp/b.smt2"; fail "expected 4 declarations"; }
  has "$tmp/b.smt2" "(minimize loss)"
  ! grep -q '^(assert' "$tmp/b.smt2" || fail "an assertion without --below"
  "$relucert" export --smtlib "$ex/k3-maxcut.relu" --bias | cmp -s - "$tmp/b.smt2" || fail "-o differs from stdout"
  ;;
*)
  fail "unknown case $case"
  ;;
esac
echo "ok: $case"
