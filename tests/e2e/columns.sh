#!/usr/bin/env bash
# columns.sh RELUCERT RELUCHECK ROOT CASE: how relucert reads a CSV file's columns (README, Data
# files) and that relucheck, given no options, verifies exactly the problem that was solved.
# Each solved file is an example with an optimum derived by hand (examples/; the derivation is
# cited in the file's comments) written in another layout: the same points, the same optimum.
#   solve FILE EXPECTED COLUMNS [fit flags...]
#       relucert fit prints `c columns: COLUMNS` and the exact optimum EXPECTED; the
#       certificate's second line is its `columns` record; relucheck FILE CERT prints the same
#       `c columns:` line and verifies OPT = EXPECTED; --json carries the mapping; `export
#       --smtlib` takes the same options.
#   refuse FILE PLACE HINT [fit flags...]
#       relucert fit refuses FILE: exit 3, `FILE:PLACE: ` (line:col), a message containing HINT
#       (the fix), no certificate left behind.
#   usage: column options on a text instance, a column given two roles, an unknown --sep:
#       exit 2, the message names the file and the option; a text instance's certificate has
#       no `columns` record.
set -u
relucert=$1 relucheck=$2 root=$3 case=$4
d=$root/tests/e2e/columns-data
. "$(dirname "$0")/lib.sh" # $tmp, fail, has

solve() {
  local file=$1 expected=$2 columns=$3
  shift 3
  "$relucert" fit "$file" -q --out "$tmp/c.cert" "$@" >"$tmp/out" 2>"$tmp/err" ||
    { cat "$tmp/out" "$tmp/err"; fail "relucert exit $?"; }
  has "$tmp/out" "c columns: $columns"
  has "$tmp/out" "optimum      $expected"
  sed -n 2p "$tmp/c.cert" | grep -q '^columns \(comma\|semicolon\|tab\) [01] ' ||
    { head -3 "$tmp/c.cert"; fail "no columns record on the certificate's second line"; }
  "$relucheck" "$file" "$tmp/c.cert" >"$tmp/chk" 2>&1 || { cat "$tmp/chk"; fail "relucheck exit $?"; }
  has "$tmp/chk" "c columns: $columns"
  has "$tmp/chk" "c verified: OPT = $expected"
  [ "$(tail -n 1 "$tmp/chk")" = "s VERIFIED" ] || { cat "$tmp/chk"; fail "not verified"; }
  "$relucert" fit "$file" -q --json "$@" >"$tmp/json" || fail "relucert --json exit $?"
  grep -qF "\"text\":\"${columns//\"/\\\"}\"" "$tmp/json" || { cat "$tmp/json"; fail "--json lacks the columns"; }
  "$relucert" export --smtlib "$file" "$@" -o "$tmp/e.smt2" 2>"$tmp/err" ||
    { cat "$tmp/err"; fail "export exit $?"; }
  echo "ok: $file $* OPT = $expected, columns $columns, verified"
}

refuse() {
  local file=$1 place=$2 hint=$3
  shift 3
  "$relucert" fit "$file" -q --out "$tmp/c.cert" "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  [ $rc -eq 3 ] || { cat "$tmp/out" "$tmp/err"; fail "exit $rc, expected 3"; }
  grep -qF "relucert: error: $file:$place: " "$tmp/err" || { cat "$tmp/err"; fail "not at $place"; }
  grep -qF -- "$hint" "$tmp/err" || { cat "$tmp/err"; fail "the message lacks '$hint'"; }
  [ ! -e "$tmp/c.cert" ] || fail "a certificate was written"
  echo "ok: $(cat "$tmp/err")"
}

# usage_error WANT ARGS...: relucert fit ARGS exits 2 with WANT in its message.
usage_error() {
  local want=$1
  shift
  "$relucert" fit -q "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  [ $rc -eq 2 ] || { cat "$tmp/err"; fail "$*: exit $rc, expected 2"; }
  grep -qF -- "$want" "$tmp/err" || { cat "$tmp/err"; fail "$*: message lacks '$want'"; }
}

case $case in
label-first) solve "$d/label-first.csv" 5 "features bmi,s5; label y; weight -" --label y ;;
pandas-index) solve "$d/pandas-index.csv" 5 "features x; label y; weight -" --features x ;;
capital-weight)
  solve "$d/capital-weight.csv" 85/208 "features x; label y; weight Weight" --weight Weight ;;
no-header) solve "$d/no-header.csv" 5 "features #1; label #2; weight -" --no-header ;;
semicolon) solve "$d/semicolon.csv" 85/208 "features x; label y; weight weight" ;;
tab) solve "$d/tab.tsv" 1/6 "features x; label y; weight -" --bias ;;
tab-nobias) solve "$d/tab.tsv" 3/14 "features x; label y; weight -" --sep tab ;;
quoted) solve "$d/quoted.csv" 1/6 'features x, in "cm"; label y, in kg; weight -' --bias ;;
bom-crlf) solve "$d/bom-crlf.csv" 5 "features x; label y; weight -" --sep comma ;;
spreadsheet)
  # certs/instances/tiny2-spreadsheet.csv: examples/tiny2.csv (OPT = 2/3 with --bias) as a
  # spreadsheet writes it (BOM, ';', quotes, CRLF, an unused text column, the label first).
  solve "$root/certs/instances/tiny2-spreadsheet.csv" 2/3 "features x; label label, y; weight weight" \
    --bias --label "label, y" --features x --weight weight ;;
last-weight)
  # tiny1 with its label column named weight (OPT = 5): read as the label when told so.
  solve "$root/tests/checker/instances/equiv-tiny1-last-weight.csv" 5 \
    "features x; label weight; weight -" --label weight ;;
refuse-label-first) refuse "$d/label-first.csv" 4:1 "--label y" ;;
refuse-pandas-index) refuse "$d/pandas-index.csv" 3:1 "--features" ;;
refuse-capital-weight) refuse "$d/capital-weight.csv" 4:4 "--weight Weight" ;;
refuse-no-header) refuse "$d/no-header.csv" 3:1 "--no-header" ;;
refuse-quoted-sep) refuse "$d/quoted.csv" 3:15 "--sep comma" --sep semicolon ;;
refuse-last-weight)
  refuse "$root/tests/checker/instances/equiv-tiny1-last-weight.csv" 2:3 "--label weight" ;;
usage)
  t=$root/examples/tiny1.relu
  for opt in "--label 1" "--features 1" "--weight 1" "--no-header" "--sep tab"; do
    # shellcheck disable=SC2086
    usage_error "relucert: error: $t: ${opt%% *}" "$t" $opt
  done
  usage_error "relucert: error: $d/label-first.csv: column 1 ('y') is given two roles" "$d/label-first.csv" \
    --label y --features y,bmi
  usage_error "--sep: pipe not in {comma,semicolon,tab}" "$d/label-first.csv" --sep pipe
  # A text instance's certificate has no columns record (the format allows it for CSV only).
  "$relucert" fit "$t" -q -o "$tmp/t.cert" >/dev/null || fail "tiny1.relu: exit $?"
  ! grep -q '^columns' "$tmp/t.cert" || fail "a columns record for a text instance"
  echo "ok: usage errors"
  ;;
*) fail "unknown case $case" ;;
esac
