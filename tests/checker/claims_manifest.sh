#!/usr/bin/env bash
# Every file of tests/checker/claims is used by its MANIFEST, every file the MANIFEST names
# exists, and every outcome is VERIFIED or a claim condition R-<rule>/<condition>. That every
# condition has a bad case is checked by manifest.sh.
# usage: claims_manifest.sh CLAIMS_DIR
set -u
dir=$1
status=0
err() {
  echo "claims/MANIFEST: $*"
  status=1
}
cases=$(grep -vE '^[[:space:]]*(#|$)' "$dir/MANIFEST")
while read -r claim inst cert expect outcome rest; do
  for f in "$claim" "$inst" "$cert"; do [[ -f $dir/$f ]] || err "$f does not exist"; done
  [[ $expect == holds || $expect == violated ]] || err "$claim: expect '$expect'"
  [[ $outcome == VERIFIED || $outcome =~ ^R-(claim|source)-[a-z]+/[a-z0-9-]+$ ]] || err "$claim: '$outcome'"
  [[ -z $rest ]] || err "$claim: extra fields '$rest'"
done <<<"$cases"
for f in "$dir"/*; do
  b=$(basename "$f")
  [[ $b == MANIFEST ]] && continue
  awk -v b="$b" '$1 == b || $2 == b || $3 == b { found = 1 } END { exit !found }' <<<"$cases" ||
    err "$b is not used"
done
[[ $status == 0 ]] && echo "claims manifest complete"
exit $status
