#!/usr/bin/env bash
# cert_output.sh RELUCERT RELUCHECK ROOT: where the certificate goes (README, Output), on
# examples/k3-maxcut.relu (the search is deterministic, so every run writes the same bytes).
#   --out FILE      the result's last line states FILE's size (stat, independently), as does
#                   JSON's certificate_bytes
#   --out FILE.gz   a gzip file (gzip -t) that decompresses (zcat) to exactly the plain
#                   certificate, which relucheck verifies; the line states both sizes; piped
#                   (zcat FILE.gz | relucheck INSTANCE -) it verifies with the output of the
#                   plain file, and with --quiet prints exactly 'c verified: OPT = 5057/119'
#                   (examples/k3-maxcut.relu) and 's VERIFIED'
#   --out -         standard output is exactly the plain certificate; the result (text or
#                   JSON) goes to stderr with its size
#   stopped .gz     a search stopped at once (--time-limit 1e-9) still writes a complete .gz
#                   whose certificate verifies, also piped; no temporary file is left
#   unwritable .gz  exit 4, nothing on stdout, nothing left behind
set -u
relucert=$1 relucheck=$2 root=$3
. "$(dirname "$0")/lib.sh" # $tmp, fail, has
k3=$root/examples/k3-maxcut.relu
size() { stat -c %s "$1"; }
# approx N: ", 1.9 kB"-style suffix for N bytes (N >= 1000), computed here with awk.
approx() { awk -v n="$1" 'BEGIN { u = "kB MB GB TB"; split(u, a, " "); v = n / 1000; i = 1;
  while (v >= 1000 && i < 4) { v /= 1000; i++ } if (n >= 1000) printf ", %.1f %s", v, a[i] }'; }

"$relucert" fit "$k3" -q --out "$tmp/c.cert" >"$tmp/out" || fail "fit --out: exit $?"
n=$(size "$tmp/c.cert")
[ "$(tail -n 1 "$tmp/out")" = "certificate  $tmp/c.cert  ($n bytes$(approx "$n"))" ] ||
  { cat "$tmp/out"; fail "the last line does not state the size $n"; }
"$relucheck" "$k3" "$tmp/c.cert" >"$tmp/chk" || { cat "$tmp/chk"; fail "not verified"; }
"$relucert" fit "$k3" -q --json --out "$tmp/j.cert" >"$tmp/j" || fail "fit --json --out"
python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); assert j["certificate_bytes"] == int(sys.argv[2]) == j["certificate_uncompressed_bytes"] and j["certificate_gzip"] is False, j' \
  "$tmp/j" "$(size "$tmp/j.cert")" || fail "JSON certificate size"

"$relucert" fit "$k3" -q --out "$tmp/c.cert.gz" >"$tmp/out" || fail "fit --out .gz: exit $?"
gzip -t "$tmp/c.cert.gz" || fail "not a valid gzip file"
zcat "$tmp/c.cert.gz" >"$tmp/z.cert"
cmp -s "$tmp/z.cert" "$tmp/c.cert" || fail "the .gz does not decompress to the plain certificate"
g=$(size "$tmp/c.cert.gz")
[ "$(tail -n 1 "$tmp/out")" = "certificate  $tmp/c.cert.gz  ($g bytes$(approx "$g") gzip; $n bytes$(approx "$n") uncompressed)" ] ||
  { cat "$tmp/out"; fail "the last line does not state the sizes $g and $n"; }
[ "$g" -lt "$n" ] || fail "gzip did not compress ($g >= $n bytes)"
zcat "$tmp/c.cert.gz" | "$relucheck" "$k3" - >"$tmp/zchk" || { cat "$tmp/zchk"; fail "zcat | relucheck -: not verified"; }
cmp -s "$tmp/zchk" "$tmp/chk" || { diff "$tmp/zchk" "$tmp/chk"; fail "zcat | relucheck -: not the output of the file"; }
zcat "$tmp/c.cert.gz" | "$relucheck" --quiet "$k3" - >"$tmp/zchk" || fail "zcat | relucheck --quiet -: exit $?"
[ "$(cat "$tmp/zchk")" = "c verified: OPT = 5057/119
s VERIFIED" ] || { cat "$tmp/zchk"; fail "zcat | relucheck --quiet -: not exactly the verified line and s VERIFIED"; }

"$relucert" fit "$k3" -q --out - >"$tmp/stdout.cert" 2>"$tmp/err" || { cat "$tmp/err"; fail "fit --out -: exit $?"; }
cmp -s "$tmp/stdout.cert" "$tmp/c.cert" || fail "--out - does not write exactly the certificate to stdout"
has "$tmp/err" "s OPTIMAL"
has "$tmp/err" "certificate  standard output  ($n bytes$(approx "$n"))"
"$relucert" fit "$k3" -q --json -o - >"$tmp/stdout.cert" 2>"$tmp/err" || fail "fit --json -o -"
cmp -s "$tmp/stdout.cert" "$tmp/c.cert" || fail "-o - with --json: stdout is not the certificate"
python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); assert j["certificate"] == "-" and j["certificate_bytes"] == int(sys.argv[2]), j' \
  "$tmp/err" "$n" || { cat "$tmp/err"; fail "-o - --json: the result on stderr"; }

mkdir "$tmp/s"
"$relucert" fit "$root/examples/tiny1.relu" -q --time-limit 1e-9 --out "$tmp/s/c.cert.gz" >"$tmp/out"
[ $? -eq 10 ] || { cat "$tmp/out"; fail "stopped: expected exit 10"; }
[ "$(ls "$tmp/s")" = c.cert.gz ] || fail "left behind: $(ls "$tmp/s")"
zcat "$tmp/s/c.cert.gz" >"$tmp/s.cert" || fail "stopped .gz: not gzip"
"$relucheck" "$root/examples/tiny1.relu" "$tmp/s.cert" >"$tmp/chk" || { cat "$tmp/chk"; fail "stopped .gz: not verified"; }
zcat "$tmp/s/c.cert.gz" | "$relucheck" "$root/examples/tiny1.relu" - >"$tmp/zchk" || { cat "$tmp/zchk"; fail "stopped .gz piped: not verified"; }
cmp -s "$tmp/zchk" "$tmp/chk" || { diff "$tmp/zchk" "$tmp/chk"; fail "stopped .gz piped: not the output of the file"; }

mkdir "$tmp/ro" && chmod a-w "$tmp/ro"
if ! touch "$tmp/ro/probe" 2>/dev/null; then # (root may write anyway: then skip)
  "$relucert" fit "$k3" -q --out "$tmp/ro/c.cert.gz" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  [ $rc -eq 4 ] || { cat "$tmp/err"; fail "unwritable .gz: exit $rc, expected 4"; }
  [ ! -s "$tmp/out" ] && [ -z "$(ls "$tmp/ro")" ] || fail "unwritable .gz: output or files left"
fi
"$relucert" fit "$k3" -q --out /nonexistent-dir/c.cert.gz >"$tmp/out" 2>"$tmp/err"
[ $? -eq 4 ] || { cat "$tmp/err"; fail "a .gz in a missing folder: expected exit 4"; }
has "$tmp/err" "relucert: error: /nonexistent-dir/c.cert.gz: cannot open for writing"
echo "ok: certificate outputs"
