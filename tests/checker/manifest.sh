#!/usr/bin/env bash
# The bad-certificate and golden manifests are complete, and every condition the checker tests
# has its bad case:
#  - every file in certs/golden (*.cert) and certs/bad is listed in its MANIFEST, and every listed
#    file and instance exists, so no certificate silently escapes the tests;
#  - every golden line names the claim it must verify, every bad line an R-<rule>/<condition>;
#  - every condition name in the certificate checker's sources (src/checker, all files but
#    claim.*) is listed in certs/FORMAT.md and has a bad certificate in certs/bad/MANIFEST, and
#    every condition a bad line names occurs in the sources (no stale names);
#  - the same for the claim checker (src/checker/claim.cpp), certs/CLAIMS.md and
#    tests/checker/claims/MANIFEST (whose fifth column is the outcome).
# usage: manifest.sh REPO_ROOT
set -u
repo=$1
status=0
err() {
  echo "$*"
  status=1
}
for kind in golden bad; do
  dir=$repo/certs/$kind
  listed=$(grep -vE '^[[:space:]]*(#|$)' "$dir/MANIFEST" | awk '{print $1}')
  while read -r f inst rest; do
    [[ -z $f || $f == \#* ]] && continue
    [[ -f $dir/$f ]] || err "certs/$kind/MANIFEST: $f does not exist"
    [[ -f $repo/$inst ]] || err "certs/$kind/MANIFEST: instance $inst does not exist"
    if [[ $kind == bad && ! $rest =~ ^R-[a-z-]+/[a-z0-9-]+$ ]]; then
      err "certs/bad/MANIFEST: $f: expected R-<rule>/<condition>, found '$rest'"
    fi
    q='-?[0-9]+(/[0-9]+)?'
    if [[ $kind == golden && ! $rest =~ ^(OPT\ (=|<=|>=)\ $q|$q\ \<=\ OPT\ \<=\ $q)$ ]]; then
      err "certs/golden/MANIFEST: $f: expected the verified claim, found '$rest'"
    fi
  done <"$dir/MANIFEST"
  for f in "$dir"/*; do
    b=$(basename "$f")
    [[ $b == MANIFEST ]] && continue
    [[ $kind == golden && $b != *.cert ]] && continue
    grep -qxF "$b" <<<"$listed" || err "certs/$kind/$b is not listed in certs/$kind/MANIFEST"
  done
done

# conditions SOURCES... : the condition names used in the sources
conditions() { grep -ohE '"R-[a-z-]+/[a-z0-9-]+"' "$@" | tr -d '"' | sort -u; }
# coverage WHAT CONDITIONS_FILE DOC MANIFEST_CONDITIONS
coverage() {
  local what=$1 doc=$3 c
  for c in $(cat "$2"); do
    grep -qF "\`$c\`" "$doc" || err "$what: condition $c is not listed in ${doc#"$repo"/}"
    grep -qxF "$c" <<<"$4" || err "$what: condition $c has no bad case"
  done
  for c in $4; do
    grep -qxF "$c" "$2" || err "$what: a bad case names $c, which the checker never reports"
  done
}
cert_sources=()
for f in "$repo"/src/checker/*.cpp "$repo"/src/checker/*.hpp; do
  [[ $(basename "$f") == claim.* ]] || cert_sources+=("$f")
done
conditions "${cert_sources[@]}" >"${TMPDIR:-/tmp}/cert-conditions.$$"
conditions "$repo/src/checker/claim.cpp" >"${TMPDIR:-/tmp}/claim-conditions.$$"
bad=$(grep -vE '^[[:space:]]*(#|$)' "$repo/certs/bad/MANIFEST" | awk '{print $3}' | sort -u)
claims=$(grep -vE '^[[:space:]]*(#|$)' "$repo/tests/checker/claims/MANIFEST" |
  awk '$5 != "VERIFIED" {print $5}' | sort -u)
coverage "certificate checker" "${TMPDIR:-/tmp}/cert-conditions.$$" "$repo/certs/FORMAT.md" "$bad"
coverage "claim checker" "${TMPDIR:-/tmp}/claim-conditions.$$" "$repo/certs/CLAIMS.md" "$claims"
echo "$(wc -l <"${TMPDIR:-/tmp}/cert-conditions.$$") certificate conditions," \
  "$(wc -l <"${TMPDIR:-/tmp}/claim-conditions.$$") claim conditions"
rm -f "${TMPDIR:-/tmp}/cert-conditions.$$" "${TMPDIR:-/tmp}/claim-conditions.$$"
[[ $status == 0 ]] && echo "manifests complete"
exit $status
