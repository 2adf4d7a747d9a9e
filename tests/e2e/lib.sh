# Shared by the e2e scripts that check files line by line (sourced, not run):
# a scratch folder $tmp removed on exit, fail MESSAGE, and has FILE LINE (FILE contains LINE
# exactly, else its text is shown and the test fails).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
has() { grep -qxF -- "$2" "$1" || { echo "--- $1:"; cat "$1"; fail "$1 lacks the line '$2'"; }; }
# run_relucert EXPECTED_EXIT ARGS...: runs $relucert, stdout in $tmp/out, stderr in $tmp/err; fails
# unless it exits with EXPECTED_EXIT.
run_relucert() {
  local want=$1
  shift
  "$relucert" "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  [ $rc -eq "$want" ] || { cat "$tmp/out" "$tmp/err"; fail "relucert $*: exit $rc, expected $want"; }
}
