#!/usr/bin/env bash
# time_limit.sh RELUCERT RELUCHECK TINY1
# --time-limit counts from the program's start, reading and set-up included. A limit that is
# over before the set-up ends (1e-9 s: reading the file alone takes longer) still gives a
# certificate that relucheck verifies: the zero network (upper) and, per tree, one leaf at the
# root with u = 0 (lower = the root's h, certs/FORMAT.md §3). By hand, for examples/tiny1.relu
# (points (1, 2), (-1, 1), (2, -1), all weights 1): the zero network's loss is
# 4 + 1 + 1 = 6; the root's h is the sum of c y^2 over the points where rule L3 holds with
# nothing decided: y <= 0 when every unit is +1 (p = k): 1; y >= 0 when every unit is -1
# (p = 0): 5; none for 0 < p < k. So lower = min over the trees required: nonnegative output
# (p = k only): 1; signed k = 1 (p = 0, 1): 1; signed k = 2 (p = 0, 1, 2): 0. With labels
# all <= 0 the interval closes: OPT = sum c y^2, exit 0. relucheck --quiet prints exactly the
# verified line and 's VERIFIED', for the intervals and the optimum, from the file and piped.
set -u
relucert=$1 relucheck=$2 tiny1=$3
. "$(dirname "$0")/lib.sh"
# stopped NAME INSTANCE EXIT CLAIM [fit flags...]
stopped() {
  local name=$1 inst=$2 want=$3 claim=$4
  shift 4
  "$relucert" fit "$inst" -q --time-limit 1e-9 --out "$tmp/$name.cert" "$@" >"$tmp/$name.out"
  local rc=$?
  [ $rc -eq "$want" ] || { cat "$tmp/$name.out"; fail "$name: exit $rc, expected $want"; }
  "$relucheck" "$inst" "$tmp/$name.cert" >"$tmp/$name.chk"
  rc=$?
  [ $rc -eq 0 ] || { cat "$tmp/$name.chk"; fail "$name: relucheck exit $rc"; }
  has "$tmp/$name.chk" "c verified: $claim"
  has "$tmp/$name.chk" "s VERIFIED"
  local quiet
  for quiet in "$("$relucheck" --quiet "$inst" "$tmp/$name.cert")" \
    "$("$relucheck" --quiet "$inst" - <"$tmp/$name.cert")" \
    "$(cat "$tmp/$name.cert" | "$relucheck" --quiet "$inst" -)"; do
    [ "$quiet" = "c verified: $claim
s VERIFIED" ] || fail "$name: relucheck --quiet printed '$quiet'"
  done
  echo "ok: $name: exit $want, $claim"
}
stopped nonneg "$tiny1" 10 "1 <= OPT <= 6"
stopped signed "$tiny1" 10 "1 <= OPT <= 6" --signed-output
stopped bias "$tiny1" 10 "1 <= OPT <= 6" --bias
stopped units2 "$tiny1" 10 "0 <= OPT <= 6" --units 2
stopped units2-nonneg "$tiny1" 10 "1 <= OPT <= 6" --units 2 --nonnegative-output
stopped weight-bound "$tiny1" 10 "1 <= OPT <= 6" --weight-bound 1/2
printf 'relu 1\n1 -1\n2 -2 3\n' >"$tmp/nonpositive.relu" # 1 + 3 * 4 = 13
stopped nonpositive "$tmp/nonpositive.relu" 0 "OPT = 13"
