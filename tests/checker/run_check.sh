#!/usr/bin/env bash
# Runs relucheck on one (instance, certificate) pair and checks the outcome.
# usage: run_check.sh RELUCHECK INSTANCE CERT EXPECT [REGEX [EXTRA_ARG...]]
#   EXPECT = VERIFIED  exit code 0 and last stdout line 's VERIFIED'
#   EXPECT = R-<rule>/<condition>
#                      exit code 1, last line 's NOT VERIFIED' and a line
#                      'c error: <file>:<line>: R-<rule>/<condition>: ...' (the condition that
#                      must fail, certs/FORMAT.md section 3 and certs/CLAIMS.md)
#   EXPECT = REJECTED  exit code 1 and last line 's NOT VERIFIED'
#   REGEX              optional extended regular expression some stdout line must match ('' for none)
#   EXTRA_ARG          further arguments for relucheck (e.g. --claim FILE --expect violated)
set -u
bin=$1 inst=$2 cert=$3 expect=$4 regex=${5-}
shift $(($# < 5 ? $# : 5))
out=$("$bin" "$inst" "$cert" "$@")
rc=$?
last=$(printf '%s\n' "$out" | tail -n 1)
fail() {
  printf '%s\n' "$out"
  echo "run_check.sh: FAILED: $*" >&2
  exit 1
}
if [[ $expect == VERIFIED ]]; then
  [[ $rc == 0 ]] || fail "exit code $rc, expected 0"
  [[ $last == "s VERIFIED" ]] || fail "last line is '$last', expected 's VERIFIED'"
else
  [[ $rc == 1 ]] || fail "exit code $rc, expected 1"
  [[ $last == "s NOT VERIFIED" ]] || fail "last line is '$last', expected 's NOT VERIFIED'"
  if [[ $expect == R-* ]]; then
    [[ $expect == R-*/* ]] || fail "EXPECT '$expect' names no condition"
    grep -qE "^c error: .+:[0-9]+: $expect: " <<<"$out" || fail "condition $expect not reported"
  fi
fi
if [[ -n $regex ]]; then
  grep -qE -- "$regex" <<<"$out" || fail "no output line matches '$regex'"
fi
printf '%s\n' "$out"
