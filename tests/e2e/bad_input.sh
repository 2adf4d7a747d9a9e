#!/usr/bin/env bash
# bad_input.sh RELUCERT FILE EXPECTED_PLACE
# A malformed instance must give exit code 3, a message naming FILE:line:col
# (EXPECTED_PLACE is "line:col"), and leave no certificate or temporary file behind.
set -u
relucert=$1 file=$2 place=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
err=$("$relucert" fit "$file" --out "$tmp/out.cert" 2>&1 >/dev/null)
rc=$?
[ $rc -eq 3 ] || { echo "FAIL: exit $rc, expected 3: $err"; exit 1; }
printf '%s' "$err" | grep -q "relucert: error: $file:$place: " ||
  { echo "FAIL: message does not name $file:$place: $err"; exit 1; }
[ -z "$(ls -A "$tmp")" ] || { echo "FAIL: files left behind: $(ls -A "$tmp")"; exit 1; }
echo "ok: $err"
