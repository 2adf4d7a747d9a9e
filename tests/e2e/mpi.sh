#!/usr/bin/env bash
# mpi.sh MPIRUN RELUCERT_MPI RELUCERT RELUCHECK ROOT
# relucert-mpi (src/mpi, solver/remote.hpp) on 3 ranks (rank 0 and two remote workers):
#  1. every bundled example with each OPTIMA flag set: the optimum printed is OPTIMA's (derived
#     by hand or by enumeration, examples/OPTIMA) and relucheck verifies the certificate;
#  2. seeded random instances (uniform labels d = 2, planted k = 2): the same optimum as
#     `relucert fit --threads 1`, the certificate verified;
#  3. a worker rank killed (kill -9) during a run under mpirun --enable-recovery: the run ends
#     with exit 0, the optimum of the single-process run and a verified certificate;
#  4. a worker rank killed without --enable-recovery: mpirun ends the job (Open MPI 4.1 does not
#     keep it), rank 0 gets SIGTERM and writes a verified interval certificate (mpirun's grace
#     period, odls_base_sigkill_timeout, set to 5 s);
#  5. --time-limit: exit 10 and a verified interval certificate;
#  6. Ctrl-C (SIGINT to mpirun): a verified interval certificate;
#  7. SIGUSR1 to mpirun: exit 10 and a verified interval certificate.
set -u
mpirun=$1 relucert_mpi=$2 relucert=$3 relucheck=$4 root=$5
here=$(dirname "$0")
. "$here/lib.sh"
mpi() { "$mpirun" --allow-run-as-root --oversubscribe "$@" </dev/null; } # (mpirun reads stdin)
verified() { # verified INSTANCE CERT WHAT
  "$relucheck" "$1" "$2" >"$tmp/check" 2>&1 || { cat "$tmp/check"; fail "$3: not verified"; }
}
optimum() { sed -n 's/^optimum *//p' "$1"; }

# 1. The examples.
while IFS=';' read -r file flags want; do
  case $file in '' | '#'*) continue ;; esac
  # shellcheck disable=SC2086 # the flags are words
  mpi -np 3 "$relucert_mpi" fit "$root/examples/$file" $flags -q -o "$tmp/ex.cert" >"$tmp/out" 2>&1 ||
    { cat "$tmp/out"; fail "$file $flags: exit $?"; }
  [ "$(optimum "$tmp/out")" = "$want" ] || { cat "$tmp/out"; fail "$file $flags: not $want"; }
  verified "$root/examples/$file" "$tmp/ex.cert" "$file $flags"
done <"$root/examples/OPTIMA"

# 2. Random instances against one process.
gen="$root/bench/gen.py"
for spec in "uniform 150 2 1" "uniform 150 2 2" "planted 40 2 3 --units 2" "uniform 60 2 4 --bias"; do
  read -r kind n d seed extra <<<"$spec"
  python3 "$gen" --kind "$kind" --n "$n" --d "$d" --seed "$seed" >"$tmp/r.relu"
  # shellcheck disable=SC2086
  "$relucert" fit "$tmp/r.relu" $extra -q -j 1 >"$tmp/one" || fail "$spec: relucert failed"
  # shellcheck disable=SC2086
  mpi -np 3 "$relucert_mpi" fit "$tmp/r.relu" $extra -q -o "$tmp/r.cert" >"$tmp/out" 2>&1 ||
    { cat "$tmp/out"; fail "$spec: relucert-mpi exit $?"; }
  [ -n "$(optimum "$tmp/one")" ] && [ "$(optimum "$tmp/out")" = "$(optimum "$tmp/one")" ] ||
    { cat "$tmp/one" "$tmp/out"; fail "$spec: optimum differs from one process"; }
  verified "$tmp/r.relu" "$tmp/r.cert" "$spec"
done

# The pid of rank R of the relucert-mpi run whose certificate is $1 (from its environment).
rank_pid() { # (from /proc, so that it needs no procps)
  local d
  for d in /proc/[0-9]*; do
    tr '\0' ' ' 2>/dev/null <"$d/cmdline" | grep -q "relucert-mpi fit .*$1" || continue
    tr '\0' '\n' 2>/dev/null <"$d/environ" | grep -qx "OMPI_COMM_WORLD_RANK=$2" && echo "${d#/proc/}"
  done
}
# Starts a run in the background, waits until rank 1 exists and `delay` seconds, kills it -9.
kill_worker_during() { # kill_worker_during DELAY CERT MPIRUN-ARGS...
  local delay=$1 cert=$2
  shift 2
  mpi "$@" >"$tmp/out" 2>&1 &
  local job=$! victim="" t
  for t in $(seq 100); do
    victim=$(rank_pid "$cert" 1)
    [ -n "$victim" ] && break
    sleep 0.1
  done
  [ -n "$victim" ] || fail "no worker rank to kill"
  sleep "$delay"
  kill -9 "$victim" 2>/dev/null || fail "the worker rank had ended before it could be killed"
  wait "$job"
  echo $? >"$tmp/rc"
}

# 3. A worker dies; the job goes on under --enable-recovery.
python3 "$gen" --kind uniform --n 320 --d 3 --seed 5 >"$tmp/big.relu" # about 5 s on 2 workers
"$relucert" fit "$tmp/big.relu" -q -j 1 >"$tmp/one" || fail "relucert on big.relu failed"
kill_worker_during 1 "$tmp/dies.cert" --enable-recovery -np 3 "$relucert_mpi" fit "$tmp/big.relu" \
  -q -o "$tmp/dies.cert"
[ "$(cat "$tmp/rc")" = 0 ] || { cat "$tmp/out"; fail "with a dead worker: exit $(cat "$tmp/rc")"; }
[ "$(optimum "$tmp/out")" = "$(optimum "$tmp/one")" ] ||
  { cat "$tmp/one" "$tmp/out"; fail "with a dead worker: another optimum"; }
verified "$tmp/big.relu" "$tmp/dies.cert" "a run with a dead worker"

# 4. Without --enable-recovery mpirun tears the job down: SIGTERM to every rank
# odls_base_sigkill_timeout seconds after the death (5 here, 1 by default), SIGKILL as long
# again after that. Rank 0 takes SIGTERM as an interrupt and writes what it proved; on an
# instance far from done in 6 s that is an interval.
python3 "$gen" --kind uniform --n 1000 --d 3 --seed 1 >"$tmp/u1000.relu"
kill_worker_during 1 "$tmp/torn.cert" --mca odls_base_sigkill_timeout 5 -np 3 "$relucert_mpi" \
  fit "$tmp/u1000.relu" -q -o "$tmp/torn.cert"
[ "$(cat "$tmp/rc")" != 0 ] || fail "without --enable-recovery mpirun reported success"
[ -s "$tmp/torn.cert" ] || { cat "$tmp/out"; ls -la "$tmp"; fail "no certificate after the job was torn down"; }
verified "$tmp/u1000.relu" "$tmp/torn.cert" "the certificate of a torn-down job"
grep -q '^c verified: .*<= OPT <= ' "$tmp/check" || { cat "$tmp/check"; fail "not an interval"; }

# 5. A time limit.
mpi -np 3 "$relucert_mpi" fit "$tmp/u1000.relu" --time-limit 2 -q -o "$tmp/tl.cert" >"$tmp/out" 2>&1
rc=$?
[ $rc -eq 10 ] || { cat "$tmp/out"; fail "--time-limit: exit $rc, expected 10"; }
verified "$tmp/u1000.relu" "$tmp/tl.cert" "--time-limit"
grep -q '^c verified: .*<= OPT <= ' "$tmp/check" || { cat "$tmp/check"; fail "not an interval"; }
# 6. Ctrl-C on mpirun (SIGINT): the ranks get SIGTERM after odls_base_sigkill_timeout (5 s here)
# and SIGKILL as long after; rank 0 writes a verified interval. 7. SIGUSR1 to mpirun is passed
# to every rank: rank 0 stops as on a first Ctrl-C, the job ends normally with exit 10.
signal_during() { # signal_during SIGNAL CERT MPIRUN-ARGS...: the signal to mpirun after 2 s
  local sig=$1 cert=$2
  shift 2
  "$mpirun" --allow-run-as-root --oversubscribe "$@" >"$tmp/out" 2>&1 </dev/null & # $!: mpirun
  local job=$!
  sleep 2
  kill "-$sig" "$job"
  wait "$job"
  echo $? >"$tmp/rc"
}
signal_during INT "$tmp/int.cert" --mca odls_base_sigkill_timeout 5 -np 3 "$relucert_mpi" fit \
  "$tmp/u1000.relu" -q -o "$tmp/int.cert"
[ -s "$tmp/int.cert" ] || { cat "$tmp/out"; fail "Ctrl-C: no certificate"; }
verified "$tmp/u1000.relu" "$tmp/int.cert" "Ctrl-C on mpirun"
grep -q '^c verified: .*<= OPT <= ' "$tmp/check" || { cat "$tmp/check"; fail "not an interval"; }
signal_during USR1 "$tmp/usr1.cert" -np 3 "$relucert_mpi" fit "$tmp/u1000.relu" -q -o "$tmp/usr1.cert"
[ "$(cat "$tmp/rc")" = 10 ] || { cat "$tmp/out"; fail "SIGUSR1: exit $(cat "$tmp/rc"), expected 10"; }
verified "$tmp/u1000.relu" "$tmp/usr1.cert" "SIGUSR1 to mpirun"
grep -q '^c verified: .*<= OPT <= ' "$tmp/check" || { cat "$tmp/check"; fail "not an interval"; }
echo "mpi: examples, random instances, a dead worker with and without recovery, a time limit, Ctrl-C, SIGUSR1"
