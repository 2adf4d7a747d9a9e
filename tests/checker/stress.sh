#!/usr/bin/env bash
# Streaming stress test: three full binary trees of depth DEPTH (model 2 1 signed, D = 6) on an
# instance with zero labels (so g = 0, h = 0 and every leaf "u = 0" is valid with bound 0), about
# 3 * 2^DEPTH leaves. It must verify 'OPT >= 0' within the test's timeout, and the same
# certificate must fail (R-lower) when it claims 'lower 1/1000000'.
# usage: stress.sh RELUCHECK WORK_DIR DEPTH
set -u
bin=$1 work=$2 depth=$3
here=$(dirname "$0")
mkdir -p "$work"
inst=$work/stress.relu cert=$work/stress.cert
printf 'relu 2\n1 2 0\n-1 1/2 0\n3 -2 0\n0 0 0\n2/3 5 0\n-4 -1 0\n1 1 0\n-2 3 0\n5 -1/3 0\n' >"$inst"
digest=$(sha256sum "$inst" | cut -c1-64)
# Branches on the pairs (j, i) = (0,0) (1,0) (0,1) (1,1) ... in order, one per level; each leaf
# also lists the multiplier pair 'r = 0, lambda = 0'.
awk -v depth="$depth" -v digest="$digest" '
function node(t) {
  if (t == depth) { leaves++; print "leaf 0 0 0 0 0 0" (t > 0 ? " 0 0" : ""); return }
  branches++
  print "branch " (t % 2) " " int(t / 2) " " ((t % 3) ? "+" : "-")
  node(t + 1); node(t + 1)
}
BEGIN {
  print "relucert-cert 1"; print "instance " digest " 9 2"; print "model 2 1 signed"
  for (p = 0; p <= 2; p++) {
    branches = 0; leaves = 0
    print "tree " p; node(0); print "endtree " p " " branches " " leaves " 0"
  }
}' >"$cert.body"
{ cat "$cert.body"; printf 'lower 0\nend\n'; } >"$cert"
bash "$here/run_check.sh" "$bin" "$inst" "$cert" VERIFIED 'verified: OPT >= 0$' | tail -n 4 || exit 1
{ cat "$cert.body"; printf 'lower 1/1000000\nend\n'; } >"$cert"
bash "$here/run_check.sh" "$bin" "$inst" "$cert" R-lower/leaf >/dev/null || exit 1
rm -f "$cert" "$cert.body"
