#!/usr/bin/env bash
# huge_numbers.sh RELUCERT RELUCHECK WORK_DIR
# Numbers far outside the double range (issue 8 §3): solved exactly and verified, or refused
# with file:line:col and exit 3 -- never a crash, never a file left behind. The instances are
# generated into WORK_DIR; their optima are derived by hand:
#   tiny1 (examples/tiny1.relu: points (1, 2), (-1, 1), (2, -1), OPT = 5 at w = -1) with every
#   x and y multiplied by s has loss s^2 L_tiny1(w), so OPT = 5 s^2.
#   - s = 10^4096: OPT = 5 * 10^8192, "5" and 8192 zeros.
#   - s = N = 10^1000 - 1 (the 1,000-digit integer 99...9, 2N = 199...98):
#     5 N^2 = 5 * 10^2000 - 10^1001 + 5 = "4", 999 nines, 1000 zeros, "5".
#   A point next to values 10^4096 or 10^999999 times larger in its column would be the zero
#   vector to the floating-point guide: refused at that point.
set -u
relucert=$1 relucheck=$2 work=$3
here=$(dirname "$0")
rm -rf "$work"
mkdir -p "$work"
rep() { head -c "$2" </dev/zero | tr '\0' "$1"; } # rep CHAR COUNT
status=0
run() { "$@" || status=1; }

zeros8192=$(rep 0 8192)
printf 'relu 1\n1e4096 2e4096\n-1e4096 1e4096\n2e4096 -1e4096\n' >"$work/e4096.relu"
run "$here/solve_and_check.sh" "$relucert" "$relucheck" "$work/e4096.relu" "5$zeros8192"

n=$(rep 9 1000) n2="1$(rep 9 999)8"
printf 'relu 1\n%s %s\n-%s %s\n%s -%s\n' "$n" "$n2" "$n" "$n" "$n2" "$n" >"$work/digits1000.relu"
run "$here/solve_and_check.sh" "$relucert" "$relucheck" "$work/digits1000.relu" \
  "4$(rep 9 999)$(rep 0 1000)5"

printf 'relu 1\n1e4096 1\n1 1\n' >"$work/range-e4096.relu"
run "$here/bad_input.sh" "$relucert" "$work/range-e4096.relu" 3:1
{
  printf 'relu 1\n'
  rep 7 1000000
  printf ' 1\n1 1\n'
} >"$work/range-digits1000000.relu"
run "$here/bad_input.sh" "$relucert" "$work/range-digits1000000.relu" 3:1
exit $status
