#!/usr/bin/env bash
# signals.sh RELUCERT INSTANCE
# A fit killed while it writes its certificate leaves no file behind: SIGTERM, SIGHUP and
# SIGABRT (what a corrupted heap raises) end it by that signal. (A first Ctrl-C stops the run
# with an interval certificate, interrupted.sh; two sent at once may merge into one, so the
# second Ctrl-C's exit 130 has no test here.)
# INSTANCE must take far longer than the test to solve (tests/data/uniform-n400-d3.relu takes
# minutes); each signal is sent once the temporary certificate exists.
set -u
relucert=$1 inst=$2
. "$(dirname "$0")/lib.sh"
ulimit -c 0 # SIGABRT: no core file
# kill_during_write NAME EXPECTED_EXIT SIGNAL: starts a fit, waits (at most 20 s) until its
# temporary certificate exists, sends the signal, and checks the exit code and the folder.
kill_during_write() {
  local name=$1 want=$2 sig=$3
  local dir=$tmp/$name
  mkdir "$dir"
  "$relucert" fit "$inst" -q --units 2 --out "$dir/c.cert" >/dev/null 2>&1 &
  local pid=$! t=0
  until ls "$dir" | grep -q '^c\.cert\.tmp\.'; do
    [ $t -lt 200 ] || { kill -KILL $pid; fail "$name: no temporary certificate after 20 s"; }
    sleep 0.1
    t=$((t + 1))
  done
  kill -"$sig" $pid
  wait $pid
  local rc=$?
  [ $rc -eq "$want" ] || fail "$name: exit $rc, expected $want"
  [ -z "$(ls -A "$dir")" ] || fail "$name: files left behind: $(ls -A "$dir")"
  echo "ok: $name: exit $rc, nothing left behind"
}
kill_during_write term $((128 + 15)) TERM
kill_during_write hup $((128 + 1)) HUP
kill_during_write abrt $((128 + 6)) ABRT
