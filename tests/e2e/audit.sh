#!/usr/bin/env bash
# audit.sh RELUCERT RELUCHECK DATA_DIR CASE
# `relucert audit` end to end (docs/REDUCTIONS.md §4-§5). Expected values come from hand
# derivations (certs/MATH.md §9.5, docs/REDUCTIONS.md §2.1) or from nauty, never from the
# solver under test, and every folder is re-verified by the independent checker via verify.sh.
#
#   k3          K3, thresholds 1..3: c = 2 YES (OPT <= 43), c = 3 NO (OPT >= 511/13), OPT = 5057/119;
#               --thresholds 3,2,3 gives the rows c = 2, 3
#   exhaustive  all 18 graphs on <= 4 vertices from stdin, every threshold: 44 rows, all hold;
#               every bipartite graph (nauty-geng -b) has OPT = M n exactly
#   naive       the naive claim over the same family: exit 6, smallest counterexample K3, c = 3
#   hypergraph  a 2-colourable (OPT = 0) and a non-2-colourable (OPT = 1) hypergraph; the
#               triangle's 1 is the brute force's (tests/unit/test_realizable.cpp,
#               triangle_optimum_is_one)
#   claims      a user's claims file: asserted and MAX-CUT source facts; a false fact is exit 3
#   tamper      a changed byte in a certificate, a claim or MATH.md makes verify.sh fail
#   (every folder: MATH.md is certs/MATH.md after a version line, in the MANIFEST, and the README
#   says what the claims rest on)
#   no-gnuplot  without gnuplot the audit warns, writes no plot.svg, and still succeeds
#   bad-input   malformed graph6, hypergraph and claims files: exit 3, file:line:col, no folder
#   plot        plot.dat: one line per claim, K3's violated claim at x = c - maxcut = 1 with the
#               relative slack -60/119 / 43; `gnuplot plot.gp` run again writes plot.svg and
#               plot.pdf under their own names
#   latex       the summary by vertex count (summary.csv) against hand counts, and tables.tex
#               (summary.tex and table.tex) compiled by pdflatex -halt-on-error for a MAX-CUT,
#               a hypergraph and a claims audit (one stopped early: OPT an interval), with no
#               overfull box (the tables fit the text width) and no rerun request left. Fails
#               if pdflatex is missing (Debian: texlive-latex-base, texlive-latex-recommended).
set -u
relucert=$1 relucheck=$2 data=$3 case=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
  echo "FAIL ($case): $*"
  exit 1
}
# audit EXPECTED_EXIT ARGS...: runs relucert audit, output in $tmp/out.
audit() {
  local want=$1
  shift
  "$relucert" audit "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  [ $rc -eq "$want" ] || { cat "$tmp/out" "$tmp/err"; fail "relucert audit $*: exit $rc, expected $want"; }
}
# verified DIR N: verify.sh re-verifies all N rows.
verified() {
  local out rc
  out=$(sh "$1/verify.sh" "$relucheck" 2>&1)
  rc=$?
  [ $rc -eq 0 ] && [ "$(printf '%s\n' "$out" | tail -n 1)" = "$2 verified, 0 failed" ] ||
    { echo "$out"; fail "verify.sh on $1: exit $rc, expected '$2 verified, 0 failed'"; }
}
# row DIR INSTANCE C: the CSV row of instance INSTANCE and threshold C (fields as in the header).
row() { awk -F, -v i="$2" -v c="$3" '$1 == i && $4 == c' "$1/table.csv"; }
# field LINE K: the K-th CSV field.
field() { printf '%s\n' "$1" | cut -d, -f"$2"; }
# The files every audit folder has.
complete() {
  for f in table.md table.tex table.csv table.json README.md MATH.md verify.sh MANIFEST plot.gp plot.dat; do
    [ -s "$1/$f" ] || fail "$1/$f missing or empty"
  done
  grep -q 'booktabs' "$1/table.tex" && grep -q '\\toprule' "$1/table.tex" || fail "table.tex is not booktabs"
  ! ls "$1" | grep -q '\.tmp\.' || fail "temporary files left in $1"
  # MATH.md: a version line, a blank line, then certs/MATH.md byte for byte, in the manifest.
  head -n 1 "$1/MATH.md" | grep -Eq '^> This is `certs/MATH.md` of relucert [0-9]+\.[0-9]+\.[0-9]+, source commit ' ||
    fail "$1/MATH.md lacks its version line"
  tail -n +3 "$1/MATH.md" | cmp -s - "$data/../../../certs/MATH.md" || fail "$1/MATH.md differs from certs/MATH.md"
  grep -q '  MATH.md$' "$1/MANIFEST" || fail "MATH.md not in $1/MANIFEST"
  grep -q '^## What the claims rest on$' "$1/README.md" || fail "$1/README.md lacks what the claims rest on"
}

case $case in
k3)
  audit 0 maxcut "$data/../reduce-data/k3.g6" --out "$tmp/a"
  complete "$tmp/a"
  [ "$(grep -c . "$tmp/a/table.csv")" -eq 4 ] || fail "expected 3 rows (c = 1, 2, 3)"
  # instance,n,|E|,c,maxcut,side,alpha,beta,claim,OPT,OPT approx,slack,status,claim file
  r2=$(row "$tmp/a" Bw 2) r3=$(row "$tmp/a" Bw 3)
  [ "$(field "$r2" 5-10)" = "2,YES,43,563/13,OPT <= 43,5057/119" ] || fail "c = 2 row: $r2"
  [ "$(field "$r3" 5-10)" = "2,NO,39,511/13,OPT >= 511/13,5057/119" ] || fail "c = 3 row: $r3"
  # 43 - 5057/119 = 60/119 and 5057/119 - 511/13 = 4932/1547; decimal 42.49579832 (10 digits).
  [ "$(field "$r2" 11-13)" = "42.49579832,60/119,holds" ] || fail "c = 2 slack: $r2"
  [ "$(field "$r3" 11-13)" = "42.49579832,4932/1547,holds" ] || fail "c = 3 slack: $r3"
  grep -q '"exact": "5057/119"' "$tmp/a/table.json" || fail "table.json lacks OPT = 5057/119"
  # The README states the theorem the rows instantiate, with alpha, beta and MATH.md's sections.
  grep -qF 'NO (`maxcut(G) <= c - 1`) => `OPT >= beta = M n + 4(|E| - c + 1) - 4D/M` (`MATH.md` Theorem 9.3)' "$tmp/a/README.md" &&
    grep -qF '`OPT <= alpha = M n + 4(|E| - c)` (`MATH.md` Theorem 9.2)' "$tmp/a/README.md" ||
    fail "README.md does not cite the MAX-CUT statement"
  verified "$tmp/a" 3
  # --thresholds: exactly the listed values, sorted, without repeats.
  audit 0 maxcut "$data/../reduce-data/k3.g6" --thresholds 3,2,3 --out "$tmp/t"
  [ "$(cut -d, -f4 "$tmp/t/table.csv" | tr '\n' ' ')" = "c 2 3 " ] || fail "--thresholds 3,2,3"
  verified "$tmp/t" 2
  # The single claims, checked on their own.
  for c in 2 3; do
    out=$("$relucheck" "$tmp/a/g001/instance.relu" "$tmp/a/g001/instance.cert" --claim "$tmp/a/g001/claim-c$c.txt")
    printf '%s\n' "$out" | grep -q '^c verified: OPT = 5057/119$' || { echo "$out"; fail "c = $c: OPT"; }
    printf '%s\n' "$out" | grep -q '^c claim holds: ' || { echo "$out"; fail "c = $c: claim"; }
  done
  ;;
exhaustive)
  audit 0 maxcut - --out "$tmp/a" <"$data/graphs-upto4.g6"
  complete "$tmp/a"
  # One row per threshold 1..|E| and one (c = 1) per graph without edges: 44 for n <= 4.
  [ "$(tail -n +2 "$tmp/a/table.csv" | wc -l)" -eq 44 ] || fail "expected 44 rows"
  [ "$(tail -n +2 "$tmp/a/table.csv" | cut -d, -f13 | sort -u)" = holds ] || fail "not all hold"
  # The audit ran relucheck on every row itself (column 14).
  [ "$(tail -n +2 "$tmp/a/table.csv" | cut -d, -f14 | sort -u)" = verified ] || fail "relucheck column"
  [ "$(tail -n +2 "$tmp/a/table.csv" | cut -d, -f1 | sort -u | wc -l)" -eq 18 ] || fail "not 18 graphs"
  # A bipartite graph has a cut of all its edges, w = +-1 by side makes every edge term 0, and
  # the vertex terms are >= M each: OPT = M n. M is read from the claim file (relucheck checks it).
  while read -r g; do
    line=$(awk -F, -v i="$g" '$1 == i' "$tmp/a/table.csv" | head -n 1)
    dir=$(dirname "$(field "$line" 15)")
    M=$(sed -n 's/^M //p' "$tmp/a/$dir/claim-c1.txt")
    [ "$(field "$line" 10)" = "$((M * $(field "$line" 2)))" ] || fail "bipartite $g: OPT $(field "$line" 10), M n = $M * $(field "$line" 2)"
  done <"$data/bipartite-upto4.g6"
  [ "$(field "$(row "$tmp/a" Bw 3)" 10)" = 5057/119 ] || fail "K3: OPT"
  verified "$tmp/a" 44
  ;;
naive)
  audit 6 maxcut "$data/graphs-upto4.g6" --claim naive --out "$tmp/a"
  grep -q '^counterexample  Smallest certified counterexample .*: Bw (n = 3, |E| = 3), c = 3: side NO (maximum cut 2 < 3, exhaustive), claim OPT >= 43, but OPT <= 5057/119 < 43' "$tmp/out" ||
    { cat "$tmp/out"; fail "smallest counterexample is not K3, c = 3"; }
  grep -q 'g007/claim-c3.txt$' "$tmp/out" || fail "counterexample claim file not named"
  [ "$(field "$(row "$tmp/a" Bw 3)" 8-13)" = "43,OPT >= 43,5057/119,42.49579832,-60/119,VIOLATED" ] ||
    fail "K3 c = 3 row: $(row "$tmp/a" Bw 3)"
  # No graph on <= 3 vertices other than K3 has a violated row (the smallest is unique). By
  # hand: --claim naive changes only beta, i.e. NO rows. On <= 3 vertices every graph with
  # edges but K3 is bipartite, so all its thresholds c <= |E| are YES; an edgeless graph's
  # one row (c = 1, M = 1) has beta_naive = M n = n = OPT, which holds; K3's NO row is c = 3.
  [ "$(awk -F, '$13 == "VIOLATED" && $2 <= 3' "$tmp/a/table.csv" | wc -l)" -eq 1 ] || fail "more small counterexamples"
  grep -q '"instance": "Bw"' "$tmp/a/table.json" && grep -q 'Smallest certified counterexample' "$tmp/a/table.md" ||
    fail "tables do not name the counterexample"
  out=$("$relucheck" "$tmp/a/g007/instance.relu" "$tmp/a/g007/instance.cert" --claim "$tmp/a/g007/claim-c3.txt" --expect violated)
  [ $? -eq 0 ] || { echo "$out"; fail "relucheck --expect violated"; }
  printf '%s\n' "$out" | grep -q '^c claim violated (certified counterexample): OPT <= 5057/119 < 43$' || { echo "$out"; fail "message"; }
  grep -qF 'is not a theorem: `MATH.md` §9.4' "$tmp/a/README.md" || fail "README.md presents the naive bound as proved"
  verified "$tmp/a" 44
  ;;
hypergraph)
  audit 0 hypergraph-2col "$data/../reduce-data/path-of-triples.hg" "$data/../reduce-data/triangle.hg" --out "$tmp/a"
  complete "$tmp/a"
  r1=$(sed -n 2p "$tmp/a/table.csv") r2=$(sed -n 3p "$tmp/a/table.csv")
  [ "$(field "$r1" 2-3)" = 5,2 ] && [ "$(field "$r1" 5-6)" = yes,YES ] && [ "$(field "$r1" 9-10)" = "OPT <= 0,0" ] || fail "path of triples: $r1"
  # OPT = 1 for the triangle: the brute force's value (test_realizable.cpp, triangle_optimum_is_one).
  [ "$(field "$r2" 2-3)" = 3,3 ] && [ "$(field "$r2" 5-6)" = no,NO ] && [ "$(field "$r2" 9-10)" = "OPT > 0,1" ] || fail "triangle: $r2"
  grep -qF '(`MATH.md` Theorem 10.1)' "$tmp/a/README.md" && grep -qF '(`MATH.md` Theorem 10.2' "$tmp/a/README.md" ||
    fail "README.md does not cite the 2-colouring statement"
  verified "$tmp/a" 2
  ;;
claims)
  audit 6 --claims "$data/user.claims" --out "$tmp/a"
  # Row names hold commas, so CSV quotes them: count fields from the end (status, relucheck,
  # claim file).
  grep -q '^"K3, naive NO bound (asserted source fact)",' "$tmp/a/table.csv" || fail "CSV quoting"
  [ "$(awk -F, 'NR > 1 { print $(NF - 3) "/" $(NF - 2) }' "$tmp/a/table.csv" | tr '\n' ' ')" = \
    "VIOLATED/verified holds/verified holds/verified " ] ||
    { cat "$tmp/a/table.csv"; fail "statuses"; }
  grep -q 'source side asserted, not verified' "$tmp/out" || { cat "$tmp/out"; fail "the asserted fact is not labelled"; }
  grep -q '^fact asserted$' "$tmp/a/r001/claim.txt" && grep -q '^fact maxcut$' "$tmp/a/r002/claim.txt" || fail "claim files"
  verified "$tmp/a" 3
  # A MAX-CUT fact that is false (K3 has a cut of 2 edges, so "maxcut < 2" is wrong): exit 3.
  sed 's/^source maxcut Bw 3 NO$/source maxcut Bw 2 NO/' "$data/user.claims" >"$tmp/false.claims"
  sed -i "s#\.\./\.\./\.\./examples#$data/../../../examples#" "$tmp/false.claims"
  audit 3 --claims "$tmp/false.claims" --out "$tmp/b"
  grep -q "false.claims:15:1: the source fact is false" "$tmp/err" || { cat "$tmp/err"; fail "false fact message"; }
  [ ! -e "$tmp/b" ] || fail "a folder was written for a false fact"
  ;;
tamper)
  audit 0 maxcut "$data/../reduce-data/k3.g6" --out "$tmp/a"
  verified "$tmp/a" 3
  cp -r "$tmp/a" "$tmp/b"
  sed -i 's/^upper 5057\/119$/upper 5058\/119/' "$tmp/b/g001/instance.cert"
  out=$(sh "$tmp/b/verify.sh" "$relucheck" 2>&1) && fail "verify.sh accepted a changed certificate"
  printf '%s\n' "$out" | tail -n 1 | grep -Eq '^[0-9]+ verified, [1-9][0-9]* failed$' || { echo "$out"; fail "summary"; }
  # Even with a manifest that matches the change, relucheck rejects the row itself.
  (cd "$tmp/b" && grep -v ' MANIFEST$' MANIFEST | awk '{print $2}' | xargs sha256sum >MANIFEST.new && mv MANIFEST.new MANIFEST)
  out=$(sh "$tmp/b/verify.sh" "$relucheck" 2>&1) && fail "verify.sh accepted a changed certificate with a fresh manifest"
  printf '%s\n' "$out" | grep -q 'R-upper' || { echo "$out"; fail "relucheck did not name R-upper"; }
  # A changed claim (the naive bound in place of the proved one) fails too.
  cp -r "$tmp/a" "$tmp/c"
  sed -i 's/^claim >= 511\/13$/claim >= 43/' "$tmp/c/g001/claim-c3.txt"
  sh "$tmp/c/verify.sh" "$relucheck" >/dev/null 2>&1 && fail "verify.sh accepted a changed claim"
  # So does a changed MATH.md (the manifest covers what the claims rest on).
  cp -r "$tmp/a" "$tmp/d"
  sed -i 's/^\*\*Theorem 9.3 (NO).\*\*/**Theorem 9.3 (NO, changed).**/' "$tmp/d/MATH.md"
  ! cmp -s "$tmp/a/MATH.md" "$tmp/d/MATH.md" || fail "the tamper did not change MATH.md"
  sh "$tmp/d/verify.sh" "$relucheck" >/dev/null 2>&1 && fail "verify.sh accepted a changed MATH.md"
  ;;
no-gnuplot)
  PATH=/nonexistent "$relucert" audit maxcut "$data/../reduce-data/k3.g6" --out "$tmp/a" >"$tmp/out" 2>"$tmp/err"
  [ $? -eq 0 ] || fail "exit $? without gnuplot"
  grep -q 'warning: gnuplot not found' "$tmp/err" || { cat "$tmp/err"; fail "no warning"; }
  [ ! -e "$tmp/a/plot.svg" ] && [ ! -e "$tmp/a/plot.pdf" ] || fail "plot written without gnuplot"
  complete "$tmp/a"
  verified "$tmp/a" 3
  ;;
bad-input)
  bad=$data/../reduce-bad-input
  expect3() { # place ARGS...
    local place=$1
    shift
    audit 3 "$@" --out "$tmp/x"
    grep -qF "relucert: error: $place: " "$tmp/err" || { cat "$tmp/err"; fail "message does not name $place"; }
    [ ! -e "$tmp/x" ] || fail "a folder was written for $place"
  }
  expect3 "$bad/bad-char.g6:1:2" maxcut "$bad/bad-char.g6"
  expect3 "$bad/padding.g6:1:2" maxcut "$bad/padding.g6"
  expect3 "$bad/too-short.g6:1:12" maxcut "$bad/too-short.g6"
  expect3 "$bad/size-one.hg:3:3" hypergraph-2col "$bad/size-one.hg"
  expect3 "$bad/out-of-range.hg:2:5" hypergraph-2col "$data/../reduce-data/triangle.hg" "$bad/out-of-range.hg"
  printf 'Bw\nBw\nB!\n' >"$tmp/third.g6"
  expect3 "$tmp/third.g6:3:2" maxcut "$tmp/third.g6"
  printf 'relucert-claims 1\nrow r\nmodel 1 0 nonneg\nclaim =< 3\n' >"$tmp/c.claims"
  expect3 "$tmp/c.claims:4:7" --claims "$tmp/c.claims"
  printf 'relucert-claims 1\nrow r\nmodel 1 0 nonneg\nend\n' >"$tmp/d.claims"
  expect3 "$tmp/d.claims:4:1" --claims "$tmp/d.claims"
  ;;
plot)
  audit 6 maxcut "$data/graphs-upto4.g6" --claim naive --out "$tmp/a"
  complete "$tmp/a"
  [ -s "$tmp/a/plot.svg" ] && [ -s "$tmp/a/plot.pdf" ] || fail "plot.svg or plot.pdf missing"
  grep -q '^set key inside' "$tmp/a/plot.gp" || fail "the legend is not inside the plot"
  [ "$(grep -vc '^#' "$tmp/a/plot.dat")" -eq 44 ] || fail "plot.dat: expected 44 claims"
  # Column 6 is 1 on exactly the violated claims of table.csv.
  [ "$(awk -F'\t' '$6 == 1' "$tmp/a/plot.dat" | wc -l)" -eq "$(grep -c ',VIOLATED,' "$tmp/a/table.csv")" ] ||
    fail "plot.dat: violated claims"
  # K3, c = 3: x = c - maxcut = 3 - 2 = 1; slack OPT - 43 = -60/119, relative to the bound 43:
  # -60/5117 = -0.01172562048 (10 digits).
  [ "$(awk -F'\t' '$7 == "Bw" && $8 == 3 { print $2, $3, $4, $5, $6 }' "$tmp/a/plot.dat")" = \
    "1 -0.01172562048 -0.01172562048 1 1" ] || fail "plot.dat: K3, c = 3"
  # The folder's script, run again by the user, writes the plot under its own names.
  cp -r "$tmp/a" "$tmp/b" && rm "$tmp/b/plot.svg" "$tmp/b/plot.pdf"
  (cd "$tmp/b" && gnuplot plot.gp) >/dev/null 2>&1 || fail "gnuplot plot.gp failed"
  [ -s "$tmp/b/plot.svg" ] && [ -s "$tmp/b/plot.pdf" ] || fail "gnuplot plot.gp did not write plot.svg and plot.pdf"
  ! ls "$tmp/b" | grep -q 'tmp' || fail "gnuplot plot.gp wrote a temporary name"
  ;;
latex)
  command -v pdflatex >/dev/null ||
    fail "pdflatex not found: install texlive-latex-base and texlive-latex-recommended"
  # compiles DIR: tables.tex of audit folder DIR, compiled in a copy, at most 3 runs (longtable
  # settles its column widths in 2 or 3).
  compiles() {
    local d=$tmp/tex-$(basename "$1") k
    mkdir "$d" && cp "$1/tables.tex" "$1/summary.tex" "$1/table.tex" "$d/" || fail "copy $1"
    for k in 1 2 3; do
      (cd "$d" && pdflatex -halt-on-error -interaction=nonstopmode tables.tex >/dev/null 2>&1) ||
        { tail -n 30 "$d/tables.log"; fail "pdflatex failed on $1/tables.tex (run $k)"; }
      grep -q 'Rerun LaTeX' "$d/tables.log" || break
    done
    [ -s "$d/tables.pdf" ] || fail "no tables.pdf for $1"
    ! grep -q 'Rerun LaTeX' "$d/tables.log" || fail "$1: longtable still asks for a rerun after 3 runs"
    ! grep -A2 'Overfull \\hbox' "$d/tables.log" || fail "$1: a table is wider than the text"
  }
  # The naive MAX-CUT claim on every graph with <= 4 vertices: violated rows, negative slack.
  audit 6 maxcut "$data/graphs-upto4.g6" --claim naive --out "$tmp/a"
  # n, graphs, claims, holds, violated, undecided. Graphs on n = 1..4 vertices: 1, 2, 4, 11
  # (nauty). Claims: one per threshold 1..|E|, and one for a graph without edges; on 3 vertices
  # the graphs have 0, 1, 2, 3 edges: 1 + 1 + 2 + 3 = 7 claims, and only K3, c = 3 is violated
  # (case naive); on 4 vertices the 11 graphs have 0..6 edges (1, 1, 2, 3, 2, 1, 1 graphs):
  # 1 + 1 + 4 + 9 + 8 + 5 + 6 = 34 claims.
  [ "$(cut -d, -f1-3 "$tmp/a/summary.csv" | tr '\n' ' ')" = "n,graphs,claims 1,1,1 2,2,2 3,4,7 4,11,34 " ] ||
    { cat "$tmp/a/summary.csv"; fail "summary: graphs and claims per n"; }
  # Both CSVs end every row with the version and commit that wrote it (a CSV has no comments).
  version=$("$relucert" --version | head -n 1 | awk '{ print $2 }')
  for f in summary.csv table.csv; do
    [ "$(head -n 1 "$tmp/a/$f" | awk -F, '{ print $NF }')" = relucert ] || fail "$f: no relucert column"
    [ "$(tail -n +2 "$tmp/a/$f" | awk -F, '{ print $NF }' | sed 's/ (commit .*)$//' | sort -u)" = "$version" ] ||
      { head -n 3 "$tmp/a/$f"; fail "$f: the version column is not $version"; }
  done
  # On 3 vertices: the smallest NO slack is K3's, OPT - 43 = 5057/119 - 43 = -60/119 (case
  # naive's hand derivation; every other NO claim on <= 3 vertices holds, slack >= 0).
  r3=$(grep '^3,' "$tmp/a/summary.csv")
  [ "$(field "$r3" 5-6)" = 1,0 ] && [ "$(field "$r3" 13-17)" = "-60/119,-0.5042016807,Bw,3,g007/claim-c3.txt" ] ||
    fail "summary n = 3: $r3"
  # On 1 vertex: the single graph has no edge, so no YES claim, and its NO claim is attained:
  # OPT = n = beta (docs/REDUCTIONS.md §4), slack 0.
  [ "$(field "$(grep '^1,' "$tmp/a/summary.csv")" 7-17)" = "-,-,-,-,-,0,0,0,@,1,g001/claim-c1.txt" ] ||
    fail "summary n = 1: $(grep '^1,' "$tmp/a/summary.csv")"
  # The counts add up to the rows of table.csv, and table.tex has one row per claim.
  [ "$(tail -n +2 "$tmp/a/summary.csv" | awk -F, '{ s += $3; v += $5 } END { print s, v }')" = \
    "44 $(grep -c ',VIOLATED,' "$tmp/a/table.csv")" ] || fail "summary does not add up"
  [ "$(grep -cE '& (holds|undecided|\\textbf\{VIOLATED\}) \\\\\*?$' "$tmp/a/table.tex")" -eq 44 ] ||
    fail "table.tex does not have 44 claim rows"
  grep -q '"by_vertex_count"' "$tmp/a/table.json" && grep -q '^## By vertex count' "$tmp/a/table.md" ||
    fail "table.json or table.md lacks the summary"
  compiles "$tmp/a"
  audit 0 hypergraph-2col "$data/../reduce-data/path-of-triples.hg" "$data/../reduce-data/triangle.hg" --out "$tmp/h"
  compiles "$tmp/h"
  # A claims file: free-text row names (quoted, long), sources without a size, and a training
  # set whose search is stopped at once, so OPT is a certified interval (as in interrupted.sh).
  sed "s#\.\./\.\./\.\./examples#$data/../../../examples#" "$data/user.claims" >"$tmp/u.claims"
  printf 'row a stopped search: OPT an interval\ninstance %s\nmodel 1 0 nonneg\nclaim >= 100\nsource asserted none\nend\n' \
    "$data/../../data/uniform-n400-d3.relu" >>"$tmp/u.claims"
  "$relucert" audit --claims "$tmp/u.claims" --time-limit 0.3 --out "$tmp/c" >"$tmp/out" 2>&1
  [ -s "$tmp/c/tables.tex" ] || { cat "$tmp/out"; fail "claims audit wrote no tables.tex"; }
  compiles "$tmp/c"
  ;;
*)
  fail "unknown case"
  ;;
esac
echo "ok: audit $case"
