#!/usr/bin/env bash
# help.sh RELUCERT ROOT: every command's --help is its manual (README, Exit codes).
#   every command   exit 0; "Examples:"; its own "Exit codes" section listing exactly the codes
#                   that README.md's table gives it (written out below by hand: export and
#                   reduce never stop early, so have no 10, 130 or 128+N; only audit has 6)
#   fit             every fixed 's' token, and every key of a real --json object
#   audit           every key of a real table.json
#   option errors   --time-limit 1m (fit and audit) and --below abc: exit 2, the message
#                   quotes the value, and no number of 20 or more digits (CLI11's range check
#                   printed the largest double in full)
set -u
relucert=$1 root=$2
. "$(dirname "$0")/lib.sh" # $tmp, fail, has
# page "CMD..." HEADER CODES: `relucert CMD --help` exits 0 and its section HEADER lists CODES.
page() {
  local cmd=$1 header=$2 codes=$3
  # shellcheck disable=SC2086
  "$relucert" $cmd --help >"$tmp/help" 2>&1 || { cat "$tmp/help"; fail "relucert $cmd --help: exit $?"; }
  grep -q '^Examples:$' "$tmp/help" || { cat "$tmp/help"; fail "relucert $cmd --help: no Examples"; }
  got=$(sed -n "/^$header:\$/,/^\$/p" "$tmp/help" | sed -n 's/^  \([0-9][0-9+N]*\)  .*/\1/p' | tr '\n' ' ')
  [ "$got" = "$codes " ] || { cat "$tmp/help"; fail "relucert $cmd --help: '$header' lists '$got', expected '$codes'"; }
}
page "" "Exit codes (of every command; each command's --help lists its own)" "0 2 3 4 5 6 10 130 128+N"
page fit "Exit codes of fit" "0 2 3 4 5 10 130 128+N"
page export "Exit codes of export" "0 2 3 4 5"
page reduce "Exit codes of reduce" "0 2 3 4 5"
page "reduce maxcut" "Exit codes of reduce" "0 2 3 4 5"
page "reduce hypergraph-2col" "Exit codes of reduce" "0 2 3 4 5"
page audit "Exit codes of audit" "0 2 3 4 5 6 10 130"
page "audit maxcut" "Exit codes of audit maxcut" "0 2 3 4 5 6 10 130"
page "audit hypergraph-2col" "Exit codes of audit hypergraph-2col" "0 2 3 4 5 6 10 130"

# fit: the s tokens, and the keys of a JSON object with every optional key present.
"$relucert" fit --help >"$tmp/help"
for t in OPTIMAL INTERVAL REALIZABLE "NOT REALIZABLE" UNKNOWN; do
  grep -q "^  s $t  " "$tmp/help" || fail "fit --help lacks 's $t'"
done
"$relucert" fit "$root/examples/tiny2.csv" -q --json --realizable --out "$tmp/c.cert" >"$tmp/j" || fail "fit --json"
# keys HELP JSON: every top-level key of JSON is a word of HELP's section from "JSON"/"table.json".
keys() {
  python3 - "$1" "$2" <<'PY' || fail "$1 lacks JSON keys"
import json, re, sys
text = open(sys.argv[1]).read()
words = set(re.findall(r"[a-z_]+", text[text.index("JSON (--json)" if "JSON (--json)" in text else "table.json:"):]))
missing = [k for k in json.load(open(sys.argv[2])) if k not in words]
assert not missing, f"undocumented keys: {missing}"
PY
}
keys "$tmp/help" "$tmp/j"
"$relucert" audit maxcut "$root/tests/e2e/reduce-data/k3.g6" --out "$tmp/a" >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "audit"; }
"$relucert" audit --help >"$tmp/help"
keys "$tmp/help" "$tmp/a/table.json"

# Option errors print what the user typed, readably.
# usage EXPECTED_TEXT ARGS...: exit 2, stderr holds EXPECTED_TEXT and no 20-digit number.
usage() {
  local want=$1
  shift
  "$relucert" "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  [ $rc -eq 2 ] || { cat "$tmp/out" "$tmp/err"; fail "relucert $*: exit $rc, expected 2"; }
  grep -qF -- "$want" "$tmp/err" || { cat "$tmp/err"; fail "relucert $*: message lacks '$want'"; }
  ! grep -Eq '[0-9]{20}' "$tmp/err" || { cat "$tmp/err"; fail "relucert $*: an unreadable number"; }
  [ ! -s "$tmp/out" ] || { cat "$tmp/out"; fail "relucert $*: a result was printed"; }
}
usage "--time-limit: expected a number of seconds >= 0 (such as 60, 0.5 or 1e-3), found '1m'" \
  fit "$root/examples/tiny1.relu" --time-limit 1m
usage "found '-1'" fit "$root/examples/tiny1.relu" --time-limit -1
usage "found '1m'" audit maxcut "$root/tests/e2e/reduce-data/k3.g6" --out "$tmp/b" --time-limit 1m
[ ! -e "$tmp/b" ] || fail "a usage error created the audit folder"
usage "--below: expected a rational (p/q, a decimal), found 'abc'" export --smtlib "$root/examples/tiny1.relu" --below abc
echo "ok: help pages and option errors"
