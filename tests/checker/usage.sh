#!/usr/bin/env bash
# Command-line behaviour: only full success (and --help, --version) exits 0; every other path
# ends in 's NOT VERIFIED' with exit 1. --quiet on a valid pair prints exactly its 'c verified'
# line and 's VERIFIED' (tests/checker/stdin_quiet.sh has the cases of each form).
# usage: usage.sh RELUCHECK INSTANCE CERT WORK_DIR   (INSTANCE, CERT: a valid pair)
set -u
bin=$1 inst=$2 cert=$3 work=$4
mkdir -p "$work"
status=0
expect_fail() { # description, then the command line
  local what=$1
  shift
  local out rc
  out=$("$@" 2>/dev/null)
  rc=$?
  if [[ $rc != 1 || $(tail -n 1 <<<"$out") != "s NOT VERIFIED" ]]; then
    echo "FAILED: $what: exit $rc, last line '$(tail -n 1 <<<"$out")'"
    status=1
  else
    echo "ok: $what"
  fi
}
expect_fail "no arguments" "$bin"
expect_fail "one argument" "$bin" "$inst"
expect_fail "three arguments" "$bin" "$inst" "$cert" "$cert"
expect_fail "unknown option" "$bin" --frobnicate "$inst" "$cert"
expect_fail "missing instance" "$bin" "$work/no-such-file.relu" "$cert"
expect_fail "missing certificate" "$bin" "$inst" "$work/no-such-file.cert"
expect_fail "instance is a directory" "$bin" "$work" "$cert"
expect_fail "certificate is a directory" "$bin" "$inst" "$work"
expect_fail "certificate is empty" "$bin" "$inst" /dev/null
expect_fail "certificate '-' with an empty standard input" "$bin" "$inst" - </dev/null
expect_fail "--expect without --claim" "$bin" "$inst" "$cert" --expect holds
expect_fail "--expect with a bad value" "$bin" "$inst" "$cert" --claim "$cert" --expect maybe
expect_fail "--claim without a file" "$bin" "$inst" "$cert" --claim
expect_fail "missing claim file" "$bin" "$inst" "$cert" --claim "$work/no-such-file.claim"
expect_fail "claim file is a directory" "$bin" "$inst" "$cert" --claim "$work"
expect_fail "claim file is empty" "$bin" "$inst" "$cert" --claim /dev/null
help=$("$bin" --help)
rc=$?
[[ $rc == 0 && $help == usage:* ]] || { echo "FAILED: --help: exit $rc"; status=1; }
version=$("$bin" --version)
rc=$?
[[ $rc == 0 && $version =~ ^relucheck\ [0-9]+\.[0-9]+\.[0-9]+$ ]] ||
  { echo "FAILED: --version: exit $rc, '$version'"; status=1; }
for ref in certs/FORMAT.md certs/CLAIMS.md 'R-<rule>/<cond>' 'standard input' '--quiet'; do
  grep -qF -- "$ref" <<<"$help" || { echo "FAILED: --help does not mention $ref"; status=1; }
done
grep -qi "exit codes" <<<"$help" || { echo "FAILED: --help does not document exit codes"; status=1; }
out=$("$bin" --quiet "$inst" "$cert")
rc=$?
if [[ $rc != 0 || ! $out =~ ^c\ verified:\ [^$'\n']+$'\n's\ VERIFIED$ ]]; then
  echo "FAILED: --quiet on a valid pair: exit $rc, output '$out'"
  status=1
else
  echo "ok: --quiet"
fi
exit $status
