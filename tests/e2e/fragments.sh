#!/usr/bin/env bash
# fragments.sh RELUCERT RELUCHECK INSTANCE
# The search closes subtrees in any order and stitches them into the certificate's preorder
# walk (src/cert/fragments.hpp). A stitched certificate of a stopped best-first run with two
# workers verifies; the same certificate with one subtree dropped (as if a fragment were
# lost), or cut short (as if the stitching ended early), does not.
set -u
relucert=$1 relucheck=$2 inst=$3
. "$(dirname "$0")/lib.sh" # $tmp, fail, has
"$relucert" fit "$inst" --units 2 --threads 2 --node-selection best --time-limit 0.5 -q \
  --out "$tmp/c.cert" >"$tmp/out"
rc=$?
[ $rc -eq 10 ] || { cat "$tmp/out"; fail "exit $rc, expected 10 (a stopped run)"; }
"$relucheck" "$inst" "$tmp/c.cert" >"$tmp/check" || { cat "$tmp/check"; fail "stitched certificate rejected"; }
# Drop the second child's subtree of the deepest branch whose second child is itself a
# branch (a subtree of at least three records), and cut the certificate at its middle.
python3 - "$tmp/c.cert" "$tmp/dropped.cert" "$tmp/cut.cert" <<'PY' || fail "could not derive the bad certificates"
import sys
lines = open(sys.argv[1]).read().split("\n")
CHILDREN = {"branch": 2, "implied": 1, "leaf": 0, "empty": 0, "sym": 0}
def extent(i):  # the index after the subtree starting at record i
    need = 1
    while need:
        while lines[i].startswith("c "):  # comment lines are not records
            i += 1
        need += CHILDREN[lines[i].split(" ")[0]] - 1
        i += 1
    return i
best = None
for i, l in enumerate(lines):
    if l.startswith("branch "):
        second = extent(i + 1)
        if lines[second].startswith("branch "):
            best = (second, extent(second))
if best is None:
    sys.exit("no branch with a branch as its second child")
a, b = best
open(sys.argv[2], "w").write("\n".join(lines[:a] + lines[b:]))
open(sys.argv[3], "w").write("\n".join(lines[: len(lines) // 2]) + "\n")
PY
for bad in dropped cut; do
  "$relucheck" "$inst" "$tmp/$bad.cert" >"$tmp/$bad.out"
  rc=$?
  [ $rc -eq 1 ] || { tail -n 3 "$tmp/$bad.out"; fail "$bad certificate: exit $rc, expected 1"; }
  [ "$(tail -n 1 "$tmp/$bad.out")" = "s NOT VERIFIED" ] || fail "$bad certificate: last line"
  echo "$bad: $(grep -m1 "^c error" "$tmp/$bad.out")"
done
echo "ok: fragments"
