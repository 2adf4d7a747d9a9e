#!/usr/bin/env bash
# Every file in certs/golden (*.cert) and certs/bad is listed in its MANIFEST, and every listed
# file and instance exists, so no certificate silently escapes the tests.
# usage: manifest.sh REPO_ROOT
set -u
repo=$1
status=0
for kind in golden bad; do
  dir=$repo/certs/$kind
  listed=$(grep -vE '^[[:space:]]*(#|$)' "$dir/MANIFEST" | awk '{print $1}')
  while read -r f inst rest; do
    [[ -z $f || $f == \#* ]] && continue
    [[ -f $dir/$f ]] || { echo "certs/$kind/MANIFEST: $f does not exist"; status=1; }
    [[ -f $repo/$inst ]] || { echo "certs/$kind/MANIFEST: instance $inst does not exist"; status=1; }
    if [[ $kind == bad && ! $rest =~ ^R-[a-z-]+$ ]]; then
      echo "certs/bad/MANIFEST: $f: expected rule missing or malformed: '$rest'"
      status=1
    fi
  done <"$dir/MANIFEST"
  for f in "$dir"/*; do
    b=$(basename "$f")
    [[ $b == MANIFEST ]] && continue
    [[ $kind == golden && $b != *.cert ]] && continue
    grep -qxF "$b" <<<"$listed" || { echo "certs/$kind/$b is not listed in certs/$kind/MANIFEST"; status=1; }
  done
done
[[ $status == 0 ]] && echo "manifests complete"
exit $status
