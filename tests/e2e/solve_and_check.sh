#!/usr/bin/env bash
# solve_and_check.sh RELUCERT RELUCHECK INSTANCE EXPECTED [fit flags...]
# Solves INSTANCE, requires the printed exact optimum to equal EXPECTED (computed
# independently: see examples/OPTIMA), and requires relucheck to verify the fresh
# certificate.
set -u
relucert=$1 relucheck=$2 inst=$3 expected=$4
shift 4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$("$relucert" fit "$inst" --json -q --out "$tmp/c.cert" "$@")
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: relucert exit $rc"; echo "$out"; exit 1; }
got=$(printf '%s' "$out" | grep -o '"optimum":{[^}]*}' | sed 's/.*"exact":"\([^"]*\)".*/\1/')
[ "$got" = "$expected" ] || { echo "FAIL: optimum $got, expected $expected"; echo "$out"; exit 1; }
chk=$("$relucheck" "$inst" "$tmp/c.cert")
rc=$?
last=$(printf '%s\n' "$chk" | tail -n 1)
[ $rc -eq 0 ] && [ "$last" = "s VERIFIED" ] || { echo "FAIL: checker exit $rc"; echo "$chk"; exit 1; }
printf '%s\n' "$chk" | grep -q "OPT = $expected\$" || { echo "FAIL: checker did not verify OPT = $expected"; echo "$chk"; exit 1; }
echo "ok: $inst $* OPT = $expected, certificate verified"
