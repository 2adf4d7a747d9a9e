#!/usr/bin/env bash
# reduce_bad_input.sh RELUCERT REDUCTION FILE EXPECTED_PLACE
# A malformed source file must give exit code 3, a message naming FILE:line:col
# (EXPECTED_PLACE is "line:col"), and leave no output directory behind.
set -u
relucert=$1 reduction=$2 file=$3 place=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
args=(reduce "$reduction" "$file" --out-dir "$tmp/out")
[ "$reduction" = maxcut ] && args+=(--threshold 1)
err=$("$relucert" "${args[@]}" 2>&1 >/dev/null)
rc=$?
[ $rc -eq 3 ] || { echo "FAIL: exit $rc, expected 3: $err"; exit 1; }
printf '%s' "$err" | grep -qF "relucert: error: $file:$place: " ||
  { echo "FAIL: message does not name $file:$place: $err"; exit 1; }
[ ! -e "$tmp/out" ] || { echo "FAIL: output directory created"; exit 1; }
echo "ok: $err"
