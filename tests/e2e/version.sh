#!/usr/bin/env bash
# version.sh RELUCERT RELUCHECK ROOT VERSION: the version and the source commit in every output
# (README, Exit codes and Outputs). VERSION is CMake's project(VERSION); the commit expected is
# `git describe --always --abbrev=12` of ROOT run here, independently of the build ("unknown"
# outside a git tree); a "-dirty" suffix is ignored on both sides, since the tree may change
# between building and testing.
#   relucert --version   exit 0, one line 'relucert VERSION (commit COMMIT)'
#   relucheck --version  exit 0, 'relucheck VERSION'
#   fit                  the certificate has the comment 'c relucert VERSION (commit COMMIT)'
#                        and still verifies; --json has "version" and "commit"
#   audit                README.md, table.md, summary.tex, table.tex, tables.tex and table.json
#                        of a K3 audit name the version and commit
set -u
relucert=$1 relucheck=$2 root=$3 version=$4
. "$(dirname "$0")/lib.sh" # $tmp, fail, has
commit=$(git -C "$root" describe --always --abbrev=12 2>/dev/null) || commit=unknown
strip() { sed 's/-dirty)/)/; s/-dirty$//'; }

out=$("$relucert" --version) || fail "relucert --version: exit $?"
[ "$(printf '%s\n' "$out" | strip)" = "relucert $version (commit $commit)" ] ||
  fail "relucert --version printed '$out', expected 'relucert $version (commit $commit[-dirty])'"
out=$("$relucheck" --version) || fail "relucheck --version: exit $?"
[ "$out" = "relucheck $version" ] || fail "relucheck --version printed '$out'"

"$relucert" fit "$root/examples/tiny1.relu" -q --out "$tmp/c.cert" >"$tmp/out" || fail "fit: exit $?"
grep -x 'c relucert .*' "$tmp/c.cert" | strip >"$tmp/line"
has "$tmp/line" "c relucert $version (commit $commit)"
"$relucheck" "$root/examples/tiny1.relu" "$tmp/c.cert" >"$tmp/chk" || { cat "$tmp/chk"; fail "not verified"; }
"$relucert" fit "$root/examples/tiny1.relu" -q --json >"$tmp/j" || fail "fit --json: exit $?"
python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); print(j["version"]); print(j["commit"])' \
  "$tmp/j" | strip >"$tmp/v" || fail "JSON"
[ "$(cat "$tmp/v")" = "$(printf '%s\n%s' "$version" "$commit")" ] || { cat "$tmp/v"; fail "JSON version/commit"; }

"$relucert" audit maxcut "$root/tests/e2e/reduce-data/k3.g6" --out "$tmp/a" >"$tmp/out" 2>&1 ||
  { cat "$tmp/out"; fail "audit: exit $?"; }
for f in README.md table.md summary.tex table.tex tables.tex; do
  grep -o "relucert [0-9.]* (commit [^)]*)" "$tmp/a/$f" | head -n 1 | strip >"$tmp/line"
  has "$tmp/line" "relucert $version (commit $commit)"
done
python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); print(j["version"]); print(j["commit"])' \
  "$tmp/a/table.json" | strip >"$tmp/v" || fail "table.json"
[ "$(cat "$tmp/v")" = "$(printf '%s\n%s' "$version" "$commit")" ] || { cat "$tmp/v"; fail "table.json version/commit"; }
echo "ok: version $version, commit $commit"
