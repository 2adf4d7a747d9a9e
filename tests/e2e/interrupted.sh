#!/usr/bin/env bash
# interrupted.sh RELUCERT RELUCHECK INSTANCE MODE
# MODE "time": --time-limit 0.3; MODE "sigint": Ctrl-C (SIGINT) after 0.5 s.
# The run must end with exit code 10 and a certificate of a proved interval
# [lower, upper] that relucheck verifies.
set -u
relucert=$1 relucheck=$2 inst=$3 mode=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ "$mode" = time ]; then
  "$relucert" fit "$inst" -q --json --time-limit 0.3 --out "$tmp/c.cert" > "$tmp/out"
  rc=$?
else
  "$relucert" fit "$inst" -q --json --out "$tmp/c.cert" > "$tmp/out" &
  pid=$!
  sleep 0.5
  kill -INT $pid
  wait $pid
  rc=$?
fi
[ $rc -eq 10 ] || { echo "FAIL: exit $rc, expected 10"; cat "$tmp/out"; exit 1; }
grep -q '"status":"interval"' "$tmp/out" || { echo "FAIL: not an interval result"; cat "$tmp/out"; exit 1; }
chk=$("$relucheck" "$inst" "$tmp/c.cert")
rc=$?
[ $rc -eq 0 ] && [ "$(printf '%s\n' "$chk" | tail -n 1)" = "s VERIFIED" ] ||
  { echo "FAIL: checker exit $rc"; echo "$chk"; exit 1; }
printf '%s\n' "$chk" | grep -q '<= OPT <=' || { echo "FAIL: no interval claim verified"; echo "$chk"; exit 1; }
ls "$tmp" | grep -q tmp && { echo "FAIL: temporary file left"; exit 1; }
echo "ok: $mode: $(printf '%s\n' "$chk" | grep verified)"
