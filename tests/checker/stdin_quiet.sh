#!/usr/bin/env bash
# CERT '-' (the certificate on standard input) and --quiet (relucheck --help, certs/FORMAT.md §3):
#  - every golden certificate piped in gives exit 0 and exactly the output of its file path, whose
#    last 'c ' line is 'c verified: <claim>' (the claim of certs/golden/MANIFEST); with --quiet,
#    from the file or the pipe, the output is exactly that line and 's VERIFIED' (the forms
#    OPT = a, b <= OPT <= a, OPT <= a and OPT >= b all occur among the golden certificates);
#  - every bad certificate piped in gives exit 1 and the output of its file path with the file
#    named '<stdin>' ('c error: <stdin>:<line>: R-<rule>/<condition>: ...'); with --quiet,
#    exactly its 'c error' line and 's NOT VERIFIED'; no rejected certificate prints a
#    'c verified' line;
#  - with --claim, every good claim case of tests/checker/claims/MANIFEST with its certificate
#    piped in gives the output of the file path; with --quiet, its 'c verified' line and
#    's VERIFIED';
#  - an empty standard input is an empty certificate (R-version/empty, named '<stdin>:0').
# usage: stdin_quiet.sh RELUCHECK REPO_ROOT
set -u
bin=$1 repo=$2
status=0 runs=0
err() {
  echo "FAILED: $*"
  status=1
}
# run SRC ARGS...: relucheck ARGS, its stdout in $out, its exit code in $rc; with SRC '-' its
# standard input is the file $piped through a pipe (not a seekable file), else empty.
run() {
  runs=$((runs + 1))
  if [[ $1 == - ]]; then
    out=$(cat "$piped" | "$bin" "${@:2}" 2>/dev/null)
  else
    out=$("$bin" "${@:2}" 2>/dev/null </dev/null)
  fi
  rc=$?
}
# check_same NAME ARGS... (a '-' among ARGS stands for $piped): the pipe gives $file_out with
# "c error: $piped:" named "c error: <stdin>:", and the same exit code as $file_rc.
check_same() {
  local name=$1
  shift
  run - "$@"
  [[ $rc == "$file_rc" ]] || err "$name from stdin: exit $rc, from the file $file_rc"
  [[ $out == "${file_out//"c error: $piped:"/"c error: <stdin>:"}" ]] ||
    err "$name from stdin: output differs from the file's:"$'\n'"$out"$'\n'"--- file:"$'\n'"$file_out"
}

while read -r cert inst claim; do
  [[ -z $cert || $cert == \#* ]] && continue
  piped=$repo/certs/golden/$cert
  run file "$repo/$inst" "$piped"
  file_out=$out file_rc=$rc
  [[ $rc == 0 && $(tail -n 2 <<<"$out") == "c verified: $claim"$'\n'"s VERIFIED" ]] ||
    err "golden $cert: exit $rc, not ending in 'c verified: $claim' and 's VERIFIED'"
  check_same "golden $cert" "$repo/$inst" -
  for src in "$piped" -; do
    run "$src" --quiet "$repo/$inst" "$src"
    [[ $rc == 0 && $out == "c verified: $claim"$'\n'"s VERIFIED" ]] ||
      err "golden $cert --quiet ($src): exit $rc, output '$out'"
  done
done <"$repo/certs/golden/MANIFEST"

while read -r cert inst rule; do
  [[ -z $cert || $cert == \#* ]] && continue
  piped=$repo/certs/bad/$cert
  run file "$repo/$inst" "$piped"
  file_out=$out file_rc=$rc
  [[ $rc == 1 && $out == *$'\n'"s NOT VERIFIED" && $out != *"c verified"* ]] ||
    err "bad $cert: exit $rc, or a 'c verified' line, or not ending in 's NOT VERIFIED'"
  check_same "bad $cert" "$repo/$inst" -
  grep -qE "^c error: <stdin>:[0-9]+: $rule: " <<<"$out" || err "bad $cert from stdin: no '<stdin>:LINE: $rule'"
  errors=$(grep '^c error: ' <<<"$file_out")
  for src in "$piped" -; do
    run "$src" --quiet "$repo/$inst" "$src"
    [[ $src == - ]] && errors=${errors//"c error: $piped:"/"c error: <stdin>:"}
    [[ $rc == 1 && -n $errors && $out == "$errors"$'\n'"s NOT VERIFIED" ]] ||
      err "bad $cert --quiet ($src): exit $rc, output '$out'"
  done
done <"$repo/certs/bad/MANIFEST"

claims=$repo/tests/checker/claims
while read -r claim inst cert expect outcome; do
  [[ -z $claim || $claim == \#* || $outcome != VERIFIED ]] && continue
  piped=$claims/$cert
  args=(--claim "$claims/$claim" --expect "$expect")
  run file "$claims/$inst" "$piped" "${args[@]}"
  file_out=$out file_rc=$rc
  verified=$(tail -n 2 <<<"$out" | head -n 1)
  [[ $rc == 0 && $verified == "c verified: "* ]] || err "claim $claim: exit $rc, no 'c verified' line last"
  check_same "claim $claim" "$claims/$inst" - "${args[@]}"
  run - --quiet "$claims/$inst" - "${args[@]}"
  [[ $rc == 0 && $out == "$verified"$'\n'"s VERIFIED" ]] ||
    err "claim $claim --quiet from stdin: exit $rc, output '$out'"
done <"$claims/MANIFEST"

out=$("$bin" "$repo/examples/tiny1.relu" - </dev/null)
rc=$?
[[ $rc == 1 && $out == "c error: <stdin>:0: R-version/empty: "*$'\n'"s NOT VERIFIED" ]] ||
  err "empty standard input: exit $rc, output '$out'"
[[ $status == 0 ]] && echo "ok: $runs runs"
exit $status
