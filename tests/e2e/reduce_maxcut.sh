#!/usr/bin/env bash
# reduce_maxcut.sh RELUCERT RELUCHECK DATA_DIR
# The MAX-CUT reduction of K3 (certs/MATH.md §9) through the command line:
# graph6 and edge-list input give byte-identical training sets; thresholds 2 (YES)
# and 3 (NO, standard and naive claims) give the exact constants derived by hand in
# tests/unit/test_reduce.cpp; the training set solves to OPT = 5057/119 with a
# certificate that relucheck verifies.
set -u
relucert=$1 relucheck=$2 data=$3
. "$(dirname "$0")/lib.sh" # $tmp, fail, has

"$relucert" reduce maxcut "$data/k3.g6" --threshold 2 --out-dir "$tmp/c2" > "$tmp/c2.out" ||
  fail "reduce exit $? (c = 2)"
for l in "relucert-claim 1" "reduction maxcut" "variant standard" "graph6 Bw" "model 1 0 nonneg" \
         "threshold 2" "D 12" "M 13" "alpha 43" "beta 563/13" "side YES" "source-value 2" \
         "claim <= 43" "end"; do
  has "$tmp/c2/claim.txt" "$l"
done
grep -qE '^source-witness (011|100)$' "$tmp/c2/claim.txt" || fail "no optimal cut witness"
digest=$(sha256sum "$tmp/c2/instance.relu" | cut -d' ' -f1)
has "$tmp/c2/claim.txt" "instance instance.relu $digest"
grep -q '^side  *YES' "$tmp/c2.out" || { cat "$tmp/c2.out"; fail "summary lacks the side"; }

# The training set: 12 points, weight 13 on the vertex points, 1 on the edge points.
expected='relu 3
1 0 0 1 13
-1 0 0 1 13
0 1 0 1 13
0 -1 0 1 13
0 0 1 1 13
0 0 -1 1 13
1 1 0 0
-1 -1 0 0
1 0 1 0
-1 0 -1 0
0 1 1 0
0 -1 -1 0'
[ "$(grep -v '^#' "$tmp/c2/instance.relu")" = "$expected" ] ||
  { cat "$tmp/c2/instance.relu"; fail "unexpected training set"; }

# The same graph as an edge list, and graph6 on standard input: identical bytes.
"$relucert" reduce maxcut "$data/k3.edges" -c 3 -o "$tmp/c3" > /dev/null || fail "reduce exit $? (c = 3)"
cmp -s "$tmp/c2/instance.relu" "$tmp/c3/instance.relu" || fail "edge list gives another training set"
for l in "threshold 3" "alpha 39" "beta 511/13" "side NO" "source-value 2" \
         "source-witness exhaustive" "claim >= 511/13"; do
  has "$tmp/c3/claim.txt" "$l"
done
"$relucert" reduce maxcut - -c 3 -o "$tmp/naive" --claim naive < "$data/k3.g6" > /dev/null ||
  fail "reduce exit $? (naive)"
cmp -s "$tmp/c2/instance.relu" "$tmp/naive/instance.relu" || fail "stdin gives another training set"
for l in "variant naive" "source <stdin>" "beta 43" "side NO" "claim >= 43"; do
  has "$tmp/naive/claim.txt" "$l"
done

# An output directory that cannot be created: exit 4.
touch "$tmp/a-file"
"$relucert" reduce maxcut "$data/k3.g6" -c 2 -o "$tmp/a-file" > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 4 ] || { cat "$tmp/err"; fail "exit $rc for an unwritable output directory, expected 4"; }

# The ReLU side: OPT = 5057/119, certified.
out=$("$relucert" fit "$tmp/c2/instance.relu" --json -q --out "$tmp/c2/c.cert") || fail "fit exit $?"
got=$(printf '%s' "$out" | grep -o '"optimum":{[^}]*}' | sed 's/.*"exact":"\([^"]*\)".*/\1/')
[ "$got" = 5057/119 ] || { echo "$out"; fail "OPT is $got, not 5057/119"; }
chk=$("$relucheck" "$tmp/c2/instance.relu" "$tmp/c2/c.cert")
[ $? -eq 0 ] && [ "$(printf '%s\n' "$chk" | tail -n 1)" = "s VERIFIED" ] || { echo "$chk"; fail "checker"; }
echo "ok: K3 thresholds 2 and 3, graph6/edge list/stdin, OPT = 5057/119 verified"
