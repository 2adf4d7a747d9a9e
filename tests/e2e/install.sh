#!/usr/bin/env bash
# install.sh CMAKE BUILD_DIR ROOT: `cmake --install` (README, Install) into a prefix and a DESTDIR
# inside the build directory, then the installed programs as a user runs them:
#   files        bin/relucert, bin/relucheck and share/doc/relucert/ (README.md, FORMAT.md,
#                CLAIMS.md, MATH.md, REDUCTIONS.md, examples/), the same under DESTDIR
#   version      both installed programs answer --version (exit 0)
#   verify.sh    an audit of K3 by the installed relucert prints a re-verify line naming the
#                installed relucheck; that line, run as printed, verifies the 3 rows; so does
#                `sh verify.sh` with the installed bin/ on the PATH, and RELUCHECK=...; with no
#                relucheck anywhere it says so and exits 1 (docs/REDUCTIONS.md §4.1)
set -u
cmake=$1 build=$2 root=$3
. "$(dirname "$0")/lib.sh" # $tmp, fail, has
prefix=$build/install-test/prefix dest=$build/install-test/destdir
rm -rf "$build/install-test"
"$cmake" --install "$build" --prefix "$prefix" >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "cmake --install --prefix"; }
DESTDIR=$dest "$cmake" --install "$build" --prefix /opt/relucert >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "DESTDIR install"; }
for top in "$prefix" "$dest/opt/relucert"; do
  for f in bin/relucert bin/relucheck; do [ -x "$top/$f" ] || fail "$top/$f not installed"; done
  for f in README.md FORMAT.md CLAIMS.md MATH.md REDUCTIONS.md examples/k3-maxcut.relu examples/triangle.hg; do
    [ -s "$top/share/doc/relucert/$f" ] || fail "$top/share/doc/relucert/$f not installed"
  done
  cmp -s "$top/share/doc/relucert/FORMAT.md" "$root/certs/FORMAT.md" || fail "$top: FORMAT.md differs"
done
bin=$prefix/bin
"$bin/relucert" --version >"$tmp/v" || fail "installed relucert --version: exit $?"
"$bin/relucheck" --version >"$tmp/v" || fail "installed relucheck --version: exit $?"

"$bin/relucert" audit maxcut "$root/tests/e2e/reduce-data/k3.g6" --out "$tmp/a" >"$tmp/out" 2>&1 ||
  { cat "$tmp/out"; fail "installed audit: exit $?"; }
has "$tmp/out" "re-verify   sh $tmp/a/verify.sh $bin/relucheck"
# verified OUTPUT_FILE: the last line is "3 verified, 0 failed".
verified() { [ "$(tail -n 1 "$1")" = "3 verified, 0 failed" ] || { cat "$1"; fail "$2"; }; }
cmd=$(sed -n 's/^re-verify   //p' "$tmp/out")
(cd / && $cmd) >"$tmp/r1" 2>&1 || { cat "$tmp/r1"; fail "the printed re-verify line: exit $?"; }
verified "$tmp/r1" "the printed re-verify line"
(cd "$tmp" && PATH=$bin:/usr/bin:/bin sh a/verify.sh) >"$tmp/r2" 2>&1 || { cat "$tmp/r2"; fail "verify.sh with relucheck on the PATH"; }
verified "$tmp/r2" "verify.sh with relucheck on the PATH"
RELUCHECK=$bin/relucheck PATH=/usr/bin:/bin sh "$tmp/a/verify.sh" >"$tmp/r3" 2>&1 || { cat "$tmp/r3"; fail "RELUCHECK=..."; }
verified "$tmp/r3" "RELUCHECK=..."
if ! PATH=/usr/bin:/bin command -v relucheck >/dev/null; then
  PATH=/usr/bin:/bin sh "$tmp/a/verify.sh" >"$tmp/r4" 2>&1 && { cat "$tmp/r4"; fail "verify.sh without relucheck: exit 0"; }
  grep -q "relucheck not found ('relucheck'): give its path as the first argument" "$tmp/r4" ||
    { cat "$tmp/r4"; fail "verify.sh without relucheck: message"; }
fi
rm -rf "$build/install-test"
echo "ok: installed and re-verified"
