#!/bin/sh
# bench/audit.sh: times MAX-CUT gap audits of all graphs on at most N vertices (issue 4) and
# appends the figures to bench/RESULTS.md, section "Audits (issue 4)".
#
# usage: bench/audit.sh [--build DIR] [--no-record] [N...]     (default: N = 5 6)
#
# For each N: `for n in 1..N; do nauty-geng -q $n; done | relucert audit maxcut - --out DIR`
# (every graph, every threshold c = 1..|E|), then `sh DIR/verify.sh relucheck` (the independent
# re-verification of the whole folder). Wall-clock times of whole processes, measured with
# date +%s.%N. Needs nauty (Debian package nauty, for nauty-geng). Target of issue 4: all graphs
# on <= 6 vertices, every threshold, under 10 minutes on a 2-core machine.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=$here/../build
record=1
while [ $# -gt 0 ]; do
  case $1 in
  --build) build=$2; shift 2 ;;
  --no-record) record=0; shift ;;
  -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
  *) break ;;
  esac
done
[ $# -gt 0 ] || set -- 5 6
relucert=$build/bin/relucert relucheck=$build/bin/relucheck
[ -x "$relucert" ] && [ -x "$relucheck" ] || { echo "audit.sh: build $build first" >&2; exit 2; }
command -v nauty-geng >/dev/null || { echo "audit.sh: nauty-geng not found (apt-get install nauty)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }
elapsed() { echo "$1 $2" | awk '{ printf "%.1f", $2 - $1 }'; }
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
machine="$(nproc) cores (nproc), $cpu, commit $(git -C "$here/.." describe --always --dirty 2>/dev/null || echo '?')"
rows=""
for N in "$@"; do
  n=1
  : >"$tmp/graphs.g6"
  while [ "$n" -le "$N" ]; do
    nauty-geng -q "$n" >>"$tmp/graphs.g6"
    n=$((n + 1))
  done
  graphs=$(wc -l <"$tmp/graphs.g6")
  t0=$(now)
  "$relucert" audit maxcut - --out "$tmp/a$N" <"$tmp/graphs.g6" >"$tmp/out$N" 2>/dev/null
  rc=$?
  t1=$(now)
  verify=$(sh "$tmp/a$N/verify.sh" "$relucheck" 2>&1 | tail -n 1)
  t2=$(now)
  result=$(sed -n 's/^result *//p' "$tmp/out$N")
  claims=$(tail -n +2 "$tmp/a$N/table.csv" | wc -l)
  line="| n <= $N | $graphs | $claims | $(elapsed "$t0" "$t1") | $rc | $(elapsed "$t1" "$t2") | $verify |"
  echo "$line"
  echo "    $result"
  rows="$rows$line
"
done
[ "$record" -eq 1 ] || exit 0
results=$here/RESULTS.md
if ! grep -q '^## Audits (issue 4)' "$results"; then
  cat >>"$results" <<'EOF'

## Audits (issue 4)

`bench/audit.sh` (appends a block per run): all graphs on at most N vertices
(`for n in 1..N; do nauty-geng -q $n; done`), MAX-CUT reduction, standard claim, every
threshold `c = 1..|E|` (`c = 1` for a graph without edges), each training set solved once
with a certificate. "audit s" is the wall time of `relucert audit maxcut - --out DIR`
(reduction, exact source side, search, certificates, claim files, tables, plot, manifest);
"verify s" that of the folder's `verify.sh` (SHA-256 of every file, then `relucheck --claim`
on every row, a process per row). Target: n <= 6, every threshold, under 10 minutes on 2
cores.
EOF
fi
{
  echo
  echo "Run of $(date -u +%Y-%m-%d), machine: $machine; command: \`bench/audit.sh $*\`"
  echo
  echo "| graphs | count | claims | audit s | audit exit | verify s | verify.sh |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s' "$rows"
} >>"$results"
echo "appended to $results"
