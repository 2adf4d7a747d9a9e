#!/usr/bin/env bash
# An instance spelled differently (decimals, exponents, fractions, leading zeros, CSV, a weight
# column, CRLF, tabs, comments) but with the values of examples/tiny1.relu must be accepted with
# certs/golden/tiny1.cert once the digest is that of the new file.
# usage: equivalent.sh RELUCHECK REPO_ROOT WORK_DIR
set -u
bin=$1 repo=$2 work=$3
here=$(dirname "$0")
mkdir -p "$work"
status=0
for inst in "$here"/instances/equiv-tiny1*; do
  digest=$(sha256sum "$inst" | cut -c1-64)
  cert=$work/$(basename "$inst").cert
  sed -E "2s/^instance [0-9a-f]{64} /instance $digest /" "$repo/certs/golden/tiny1.cert" >"$cert"
  if bash "$here/run_check.sh" "$bin" "$inst" "$cert" VERIFIED 'verified: OPT = 5$' >/dev/null; then
    echo "ok: $(basename "$inst")"
  else
    echo "FAILED: $(basename "$inst") not accepted as tiny1"
    status=1
  fi
  # ... and the original digest no longer matches.
  bash "$here/run_check.sh" "$bin" "$inst" "$repo/certs/golden/tiny1.cert" R-instance/digest >/dev/null ||
    { echo "FAILED: $(basename "$inst") accepted with the digest of tiny1.relu"; status=1; }
done
exit $status
