#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang++, ASan + UBSan), seeds their corpora from the
# repository's certificates, claims and instances, and runs each for a fixed time.
# Exit 0 if no harness found anything; 1 if one crashed, leaked, hit a sanitizer report, timed
# out or ran out of memory (its reproducer is in BUILD/fuzz/artifacts/, listed at the end).
#
# usage: tests/fuzz/run.sh [-t SECONDS] [-b BUILD] [HARNESS...] [-- LIBFUZZER_OPTION...]
#   -t  seconds per harness (default 60; 0 = until stopped)
#   -b  build directory (default build-fuzz in the repository); configured if it is new
#   HARNESS: fuzz_check_certificate fuzz_check_claim fuzz_checker_instance fuzz_solver_instance
#            (default: all four, one after the other)
# Generated corpora stay in BUILD/fuzz/corpus/<harness> and grow from run to run; the seeds are
# copied afresh each run into BUILD/fuzz/seeds/<harness>. See docs/FUZZING.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=60
build=$root/build-fuzz
all=(fuzz_check_certificate fuzz_check_claim fuzz_checker_instance fuzz_solver_instance)
harnesses=()
extra=()
while [[ $# -gt 0 ]]; do
  case $1 in
  -t) seconds=$2; shift 2 ;;
  -b) build=$(realpath -m "$2"); shift 2 ;;
  --) shift; extra=("$@"); break ;;
  -h | --help) sed -n '2,14p' "$0"; exit 0 ;;
  fuzz_*) harnesses+=("$1"); shift ;;
  *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ ${#harnesses[@]} -gt 0 ]] || harnesses=("${all[@]}")

if [[ ! -f $build/CMakeCache.txt ]]; then
  cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DRELUCERT_FUZZ=ON >/dev/null
fi
cmake --build "$build" -j2 --target "${harnesses[@]}"

# seed HARNESS FIND-EXPRESSION...: copies the matching repository files into the seed folder,
# named after their path (certs/golden/tiny1.cert -> certs_golden_tiny1.cert).
seed() {
  local dir=$build/fuzz/seeds/$1
  shift
  rm -rf "$dir" && mkdir -p "$dir"
  (cd "$root" && find examples certs tests -type f \( "$@" \) -print) | while IFS= read -r f; do
    cp "$root/$f" "$dir/${f//\//_}"
  done
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=()
for h in "${harnesses[@]}"; do
  case $h in
  fuzz_check_certificate) seed "$h" -name '*.cert'; dict=cert.dict ;;
  fuzz_check_claim) seed "$h" -name '*.claim'; dict=claim.dict ;;
  fuzz_checker_instance | fuzz_solver_instance)
    seed "$h" -name '*.relu' -o -name '*.csv'; dict=instance.dict ;;
  *) echo "run.sh: no harness '$h'" >&2; exit 2 ;;
  esac
  corpus=$build/fuzz/corpus/$h
  artifacts=$build/fuzz/artifacts/$h
  mkdir -p "$corpus" "$artifacts"
  log=$build/fuzz/$h.log
  cmd=("$build/bin/$h" "$corpus" "$build/fuzz/seeds/$h" "-dict=$root/tests/fuzz/$dict"
    "-max_total_time=$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
    "-artifact_prefix=$artifacts/" ${extra[@]+"${extra[@]}"})
  echo "+ ${cmd[*]}"
  if "${cmd[@]}" >"$log" 2>&1; then
    # The last status line: executions, coverage (edges), features, corpus size.
    echo "$h: ok: $(grep -E '^#[0-9]+' "$log" | tail -1)"
  else
    echo "$h: FAILED (log $log):"
    grep -E 'ERROR|SUMMARY|Test unit written|runtime error' "$log" | head -20 || true
    failed+=("$h")
  fi
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" | tr '\n' ' ' || true
  echo
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzzing found failures in: ${failed[*]}; reproducers:" >&2
  for h in "${failed[@]}"; do find "$build/fuzz/artifacts/$h" -type f >&2; done
  exit 1
fi
