#!/usr/bin/env bash
# interrupted.sh RELUCERT RELUCHECK INSTANCE MODE
# A stopped run writes a certificate of the interval it has proved. MODE "time": with
# --time-limit 0.1; MODE "sigint": one SIGINT (Ctrl-C) once the search is under way;
# "time-depth", "time-threads3": --time-limit 0.3 with depth-first node selection, or with
# three workers sharing the pool (default: best first, one worker per core).
# The run must end with exit code 10 and a JSON result with "status":"interval",
# "stopped":true and lower < upper, and relucheck must verify that very interval.
#
# Neither mode depends on the machine's speed. The fit is three signed units on INSTANCE
# (n = 400, d = 3), which no machine solves in seconds, so the run is stopped before it
# ends however fast it is, and however slow, it stops at its next poll (every 64 nodes)
# after the limit or the signal. SIGINT is sent only once the temporary certificate
# c.cert.tmp.<pid> exists: relucert creates it after installing its SIGINT handler, right
# before the search starts (a background job of a script starts with SIGINT ignored, so a
# signal sent earlier would be lost).
set -u
relucert=$1 relucheck=$2 inst=$3 mode=$4
. "$(dirname "$0")/lib.sh" # $tmp, fail, has
args=(fit "$inst" --units 3 -q --json --out "$tmp/c.cert")
if [ "$mode" = time ]; then
  "$relucert" "${args[@]}" --time-limit 0.1 >"$tmp/out"
  rc=$?
elif [ "$mode" = time-depth ]; then
  "$relucert" "${args[@]}" --time-limit 0.3 --node-selection depth >"$tmp/out"
  rc=$?
elif [ "$mode" = time-threads3 ]; then
  "$relucert" "${args[@]}" --time-limit 0.3 --threads 3 >"$tmp/out"
  rc=$?
else
  "$relucert" "${args[@]}" >"$tmp/out" &
  pid=$!
  until [ -e "$tmp/c.cert.tmp.$pid" ]; do
    kill -0 $pid 2>/dev/null || { cat "$tmp/out"; fail "relucert ended before its search started"; }
    sleep 0.05
  done
  kill -INT $pid
  # A guard against a hang (the run should stop within 64 nodes), not a speed test.
  for _ in $(seq 3000); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  kill -0 $pid 2>/dev/null && { kill -KILL $pid; fail "relucert did not stop 300 s after SIGINT"; }
  wait $pid
  rc=$?
fi
[ $rc -eq 10 ] || { cat "$tmp/out"; fail "exit $rc, expected 10"; }
grep -q '"status":"interval"' "$tmp/out" && grep -q '"stopped":true' "$tmp/out" ||
  { cat "$tmp/out"; fail "not a stopped interval result"; }
exact() { sed -n "s/.*\"$1\":{\"approx\":[^,]*,\"exact\":\"\\([^\"]*\\)\"}.*/\\1/p" "$tmp/out"; }
lower=$(exact lower) upper=$(exact upper)
[ -n "$lower" ] && [ -n "$upper" ] || { cat "$tmp/out"; fail "no exact lower and upper in the JSON"; }
[ "$lower" != "$upper" ] || fail "the interval is a point: $lower"
chk=$("$relucheck" "$inst" "$tmp/c.cert")
rc=$?
[ $rc -eq 0 ] && [ "$(printf '%s\n' "$chk" | tail -n 1)" = "s VERIFIED" ] ||
  { echo "$chk"; fail "checker exit $rc"; }
# relucheck verified lower <= OPT <= upper, so with lower != upper the interval is proper.
printf '%s\n' "$chk" | grep -qxF "c verified: $lower <= OPT <= $upper" ||
  { echo "$chk"; fail "relucheck did not verify [$lower, $upper]"; }
! ls "$tmp" | grep -q '\.tmp\.' || fail "temporary file left"
echo "ok: $mode: [$lower, $upper] verified"
