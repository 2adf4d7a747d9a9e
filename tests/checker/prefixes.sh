#!/usr/bin/env bash
# No proper prefix of a valid certificate is accepted (FORMAT.md §4, checker robustness): for every
# golden certificate, the first L lines (L = 0 .. all but one) and the first L lines plus part of
# line L+1 must be rejected.
# usage: prefixes.sh RELUCHECK REPO_ROOT WORK_DIR
set -u
bin=$1 repo=$2 work=$3
mkdir -p "$work"
status=0 runs=0
while read -r cert inst rest; do
  [[ -z $cert || $cert == \#* ]] && continue
  src=$repo/certs/golden/$cert
  total=$(wc -l <"$src")
  for ((l = 0; l < total; l++)); do
    head -n "$l" "$src" >"$work/prefix.cert"
    next=$(sed -n "$((l + 1))p" "$src")
    head -n "$l" "$src" >"$work/partial.cert"
    printf '%s' "${next:0:$(((${#next} + 1) / 2))}" >>"$work/partial.cert"
    for p in prefix partial; do
      runs=$((runs + 1))
      out=$("$bin" "$repo/$inst" "$work/$p.cert")
      rc=$?
      if [[ $rc != 1 || $(tail -n 1 <<<"$out") != "s NOT VERIFIED" ]]; then
        echo "FAILED: $p of $cert at line $l accepted (exit $rc)"
        status=1
      fi
    done
  done
done <"$repo/certs/golden/MANIFEST"
echo "$runs truncated certificates checked"
exit $status
