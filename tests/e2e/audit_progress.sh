#!/usr/bin/env bash
# audit_progress.sh RELUCERT RELUCHECK ROOT CASE
#   progress          on a terminal (util-linux `script` provides one), an audit of the 18
#                     graphs on <= 4 vertices (tests/e2e/audit-data/graphs-upto4.g6, nauty's
#                     count; 44 claims, hand count in tests/e2e/audit.sh) shows 'k/18 graphs
#                     solved' for every k = 1..18 and then 'k/44 rows checked' for k = 0..44;
#                     without a terminal nothing goes to stderr
#   readme-hypergraph the README's `audit hypergraph-2col` line, run as written from the
#                     source folder (only --out moved): its example files exist, exit 0, the
#                     two claims hold (path-of-triples 2-colourable, the triangle not; the
#                     files' comments derive both) and verify.sh re-verifies them
set -u
relucert=$1 relucheck=$2 root=$3 case=$4
. "$(dirname "$0")/lib.sh" # $tmp, fail, has
case $case in
progress)
  command -v script >/dev/null || fail "script (util-linux) is needed to give the audit a terminal"
  graphs=$root/tests/e2e/audit-data/graphs-upto4.g6
  script -qec "'$relucert' audit maxcut '$graphs' --out '$tmp/a'" "$tmp/log" >/dev/null 2>&1 ||
    { cat "$tmp/log"; fail "audit on a terminal: exit $?"; }
  tr '\r' '\n' <"$tmp/log" >"$tmp/lines"
  for k in $(seq 18); do
    grep -q "^c audit: $k/18 graphs solved, " "$tmp/lines" || { cat "$tmp/lines"; fail "no 'c audit: $k/18 graphs solved'"; }
  done
  for k in $(seq 0 44); do
    grep -q "^c relucheck: $k/44 rows checked, 0 rejected, " "$tmp/lines" ||
      { cat "$tmp/lines"; fail "no 'c relucheck: $k/44 rows checked'"; }
  done
  "$relucert" audit maxcut "$graphs" --out "$tmp/b" >"$tmp/out" 2>"$tmp/err" || fail "audit: exit $?"
  [ ! -s "$tmp/err" ] || { cat "$tmp/err"; fail "progress on stderr without a terminal"; }
  ;;
readme-hypergraph)
  line=$(grep -E '^build/bin/relucert audit hypergraph-2col ' "$root/README.md")
  [ "$(printf '%s\n' "$line" | wc -l)" -eq 1 ] || fail "expected one such README line: $line"
  # shellcheck disable=SC2086
  set -- $(printf '%s\n' "$line" | sed 's/ --out .*//; s/^build\/bin\/relucert //')
  for f in "${@:3}"; do [ -f "$root/$f" ] || fail "README names $f, which is not in the source tree"; done
  (cd "$root" && "$relucert" "$@" --out "$tmp/ah") >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "the README line: exit $?"; }
  has "$tmp/out" "result      2 claims: 2 hold, 0 VIOLATED, 0 undecided (2 training sets solved in $(sed -n 's/.*solved in \([0-9.]*\) s)$/\1/p' "$tmp/out") s)"
  out=$(sh "$tmp/ah/verify.sh" "$relucheck") || { echo "$out"; fail "verify.sh"; }
  [ "$(printf '%s\n' "$out" | tail -n 1)" = "2 verified, 0 failed" ] || { echo "$out"; fail "verify.sh: $out"; }
  ;;
*) fail "unknown case $case" ;;
esac
echo "ok: $case"
