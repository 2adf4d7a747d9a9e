#!/usr/bin/env bash
# init.sh RELUCERT RELUCHECK EXAMPLES_DIR CASE
# `relucert fit --init FILE` (README, Starting networks), on examples/tiny2.csv (d = 1, OPT 2/3
# with --bias, derived in the file):
#   json        the JSON of `fit --json` given back: a `c init` line with its exact loss, the
#               optimum, a verified certificate; with --no-heuristics no `c heuristics` line
#   cert        a certificate given back (its unit lines are read, the rest ignored): the same
#   malformed   broken files: exit 3, `relucert: error: FILE:LINE:COL: ...` at the exact place,
#               nothing on stdout, no certificate or temporary file left behind
#   other-model networks of another model (units, weights, bias, output sign, weight bound):
#               exit 3 and a message saying what differs, at the unit concerned
#   prefixes    truncated JSON files: exit 3 with file:line:col, never a crash
set -u
relucert=$1 relucheck=$2 ex=$3 case=$4
. "$(dirname "$0")/lib.sh" # $tmp, fail, has, run_relucert
inst=$ex/tiny2.csv
# refused FILE LINE:COL MESSAGE [FIT OPTIONS...]: --init FILE is refused at that place.
refused() {
  local file=$1 place=$2 msg=$3
  shift 3
  mkdir -p "$tmp/outdir"
  run_relucert 3 fit "$inst" --bias -q --init "$file" --out "$tmp/outdir/c.cert" "$@"
  has "$tmp/err" "relucert: error: $file:$place: $msg"
  [ ! -s "$tmp/out" ] || { cat "$tmp/out"; fail "$file: a result was printed"; }
  [ -z "$(ls -A "$tmp/outdir")" ] || fail "$file: files left behind: $(ls -A "$tmp/outdir")"
}
case $case in
json | cert)
  run_relucert 0 fit "$inst" --bias -q --json --out "$tmp/first.cert"
  cp "$tmp/out" "$tmp/first.json"
  init=$tmp/first.json
  [ "$case" = cert ] && init=$tmp/first.cert
  run_relucert 0 fit "$inst" --bias -q --init "$init" --out "$tmp/c.cert"
  has "$tmp/out" "c init $init: loss 2/3 (approx. 0.66666666666666667)"
  has "$tmp/out" "optimum      2/3"
  grep -q '^c heuristics: ' "$tmp/out" || { cat "$tmp/out"; fail "no c heuristics line"; }
  "$relucheck" "$inst" "$tmp/c.cert" >"$tmp/check" || { cat "$tmp/check"; fail "not verified"; }
  has "$tmp/check" "s VERIFIED"
  run_relucert 0 fit "$inst" --bias -q --init "$init" --no-heuristics
  has "$tmp/out" "c init $init: loss 2/3 (approx. 0.66666666666666667)"
  ! grep -q '^c heuristics' "$tmp/out" || fail "c heuristics line with --no-heuristics"
  ;;
malformed)
  printf '{"network": [{"a": "1", "w": ["0"] "b": "2/3"}]}\n' >"$tmp/comma.json"
  refused "$tmp/comma.json" 1:36 "expected ',' or '}' in an object"
  printf '{\n  "network": [\n    {"a": "1", "w": ["zero"], "b": "2/3"}\n  ]\n}\n' >"$tmp/number.json"
  refused "$tmp/number.json" 3:22 "unit 0 w[0]: expected an exact number, found 'zero'"
  printf '{"network": [{"a": "1", "w": ["0"], "b": "2/3", "c": 1}]}\n' >"$tmp/member.json"
  refused "$tmp/member.json" 1:49 'unit 0: unknown member "c" (expected a, w, b, and optionally a_approx, w_approx, b_approx)'
  printf '{"network": [{"a": "1", "w": ["0"], "b": "2/3"}]\n' >"$tmp/truncated.json"
  refused "$tmp/truncated.json" 2:1 "unexpected end of file in an object: expected ',' or '}'"
  printf '{"lower": 1}\n' >"$tmp/nonetwork.json"
  refused "$tmp/nonetwork.json" 1:1 'no "network" member (expected the output of relucert fit --json, or its "network" array)'
  printf 'c a certificate\nunit 1 0 2/3x\nupper 2/3\n' >"$tmp/number.cert"
  refused "$tmp/number.cert" 2:10 "unit 0: expected an exact number, found '2/3x'"
  printf 'relucert-cert 1\nlower 0\nend\n' >"$tmp/nounits.cert"
  refused "$tmp/nounits.cert" 1:1 "no network found: expected the JSON of relucert fit --json (or its \"network\" array) or a certificate's \`unit\` lines"
  ;;
other-model)
  printf '[{"a": "1", "w": ["0"], "b": "1"}, {"a": "1", "w": ["0"], "b": "0"}]\n' >"$tmp/k2.json"
  refused "$tmp/k2.json" 1:36 "not a network of the model: the network has 2 unit(s), the model has k = 1"
  printf '[{"a": "1", "w": ["0"], "b": "1"},\n {"a": "-1", "w": ["0"], "b": "0"}]\n' >"$tmp/k2signed.json"
  run_relucert 0 fit "$inst" --bias -q --init "$tmp/k2signed.json" --units 2
  refused "$tmp/k2signed.json" 2:2 "not a network of the model: unit 1 has the output weight a = -1 < 0, the model's output weights are nonnegative" --units 2 --nonnegative-output
  printf '[{"a": "1", "w": ["0", "1"], "b": "1"}]\n' >"$tmp/d2.json"
  refused "$tmp/d2.json" 1:18 "unit 0 has 2 weight(s), the instance has d = 1 feature(s)"
  printf '[{"a": "-1", "w": ["1"], "b": "0"}]\n' >"$tmp/negative.json"
  refused "$tmp/negative.json" 1:2 "not a network of the model: unit 0 has the output weight a = -1 < 0, the model's output weights are nonnegative"
  printf '[{"a": "1", "w": ["1"], "b": "1/2"}]\n' >"$tmp/bias.json"
  run_relucert 3 fit "$inst" -q --init "$tmp/bias.json"
  has "$tmp/err" "relucert: error: $tmp/bias.json:1:2: not a network of the model: unit 0 has the bias b = 1/2, the model has no bias (--bias)"
  printf 'unit 1 1 1/2\n' >"$tmp/bias.cert"
  run_relucert 3 fit "$inst" -q --init "$tmp/bias.cert"
  has "$tmp/err" "relucert: error: $tmp/bias.cert:1:10: unit 0 has 3 numbers, the model needs 2 (a, d = 1 weights): one more, a bias b; the model has no bias (--bias)"
  printf '[{"a": "2", "w": ["1"], "b": "0"}]\n' >"$tmp/ball.json"
  refused "$tmp/ball.json" 1:2 "not a network of the model: unit 0 has a^2 ||(w, b)||^2 = 4 > B^2 = 1: outside the model's weight bound" --weight-bound 1
  ;;
prefixes)
  # Every prefix of a `fit --json` output (in steps of 7 bytes, and each prefix of the network
  # array) is a truncated file: refused with exit 3 and a place, never a crash or a result.
  run_relucert 0 fit "$inst" --bias -q --json
  tr -d '\n' <"$tmp/out" >"$tmp/full.json"
  size=$(wc -c <"$tmp/full.json")
  start=$(grep -bo '"network"' "$tmp/full.json" | cut -d: -f1)
  for len in $(seq 0 7 $((size - 1))) $(seq "$start" "$((start + 50))"); do
    [ "$len" -lt "$size" ] || continue
    head -c "$len" "$tmp/full.json" >"$tmp/p.json"
    "$relucert" fit "$inst" --bias -q --init "$tmp/p.json" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ $rc -eq 3 ] || { cat "$tmp/err"; fail "prefix of $len bytes: exit $rc, expected 3"; }
    grep -q "^relucert: error: $tmp/p.json:[0-9]*:[0-9]*: " "$tmp/err" ||
      { cat "$tmp/err"; fail "prefix of $len bytes: no file:line:col"; }
  done
  ;;
*)
  fail "unknown case $case"
  ;;
esac
echo "ok: $case"
