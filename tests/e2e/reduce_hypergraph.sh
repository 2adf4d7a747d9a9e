#!/usr/bin/env bash
# reduce_hypergraph.sh RELUCERT RELUCHECK DATA_DIR
# The hypergraph 2-colouring reduction (certs/MATH.md §10) through the command
# line: a 2-colourable hypergraph gives `side YES`, `claim <= 0` and a training set
# that solves to 0 with k = 2; the triangle and the Fano plane give `side NO`,
# `claim > 0`, and the triangle's training set solves to 1 > 0. Certificates verified.
# Expected values: 0 from the colouring witness (docs/REDUCTIONS.md §2.2); the triangle's 1
# from the independent brute force (tests/unit/test_realizable.cpp, triangle_optimum_is_one).
set -u
relucert=$1 relucheck=$2 data=$3
. "$(dirname "$0")/lib.sh" # $tmp, fail, has
# solve DIR EXPECTED: fit with two units, require OPT = EXPECTED and a verified certificate.
solve() {
  local out chk got
  out=$("$relucert" fit "$1/instance.relu" --units 2 --json -q --out "$1/c.cert") || fail "fit exit $?"
  got=$(printf '%s' "$out" | grep -o '"optimum":{[^}]*}' | sed 's/.*"exact":"\([^"]*\)".*/\1/')
  [ "$got" = "$2" ] || { echo "$out"; fail "OPT is $got, not $2"; }
  chk=$("$relucheck" "$1/instance.relu" "$1/c.cert")
  [ $? -eq 0 ] && [ "$(printf '%s\n' "$chk" | tail -n 1)" = "s VERIFIED" ] || { echo "$chk"; fail "checker"; }
}

"$relucert" reduce hypergraph-2col "$data/path-of-triples.hg" --out-dir "$tmp/yes" > /dev/null ||
  fail "reduce exit $?"
for l in "reduction hypergraph-2col" "hypergraph 5" "edge 1 2 3" "edge 3 4 5" "model 2 0 signed" \
         "side YES" "claim <= 0" "end"; do
  has "$tmp/yes/claim.txt" "$l"
done
grep -qE '^source-witness [01]{5}$' "$tmp/yes/claim.txt" || fail "no colouring witness"
[ "$(grep -vc '^#' "$tmp/yes/instance.relu")" -eq 8 ] || fail "expected relu 5 and 7 points"
solve "$tmp/yes" 0

for h in triangle fano; do
  "$relucert" reduce hypergraph-2col "$data/$h.hg" -o "$tmp/$h" > /dev/null || fail "reduce exit $? ($h)"
  for l in "side NO" "source-witness exhaustive" "claim > 0"; do has "$tmp/$h/claim.txt" "$l"; done
done
solve "$tmp/triangle" 1 # the brute force's value (test_realizable.cpp, triangle_optimum_is_one)
echo "ok: path of triples YES (OPT = 0), triangle NO (OPT = 1), Fano NO; certificates verified"
