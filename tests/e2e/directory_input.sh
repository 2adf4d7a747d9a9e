#!/usr/bin/env bash
# directory_input.sh RELUCERT
# A directory where an input file is expected is bad input, not an internal error: every
# subcommand that reads an instance, a graph, a hypergraph or a claims file exits 3 with
# "relucert: error: DIR: is a directory, not a file" and writes nothing.
set -u
relucert=$1
. "$(dirname "$0")/lib.sh"
dir=$tmp/in.d
mkdir "$dir"
# run WHAT ARGS...: exit 3, the message, and nothing new in $tmp.
run() {
  local what=$1
  shift
  local err rc
  err=$("$relucert" "$@" 2>&1 >/dev/null)
  rc=$?
  [ $rc -eq 3 ] || fail "$what: exit $rc, expected 3: $err"
  [ "$err" = "relucert: error: $dir: is a directory, not a file" ] || fail "$what: message '$err'"
  [ "$(ls -A "$tmp")" = in.d ] || fail "$what: files left behind: $(ls -A "$tmp")"
  echo "ok: $what: $err"
}
run fit fit "$dir" --out "$tmp/out.cert"
run "fit (no --out)" fit "$dir"
run export export --smtlib "$dir" --out "$tmp/out.smt2"
run "reduce maxcut" reduce maxcut "$dir" --threshold 1 --out-dir "$tmp/out"
run "reduce hypergraph-2col" reduce hypergraph-2col "$dir" --out-dir "$tmp/out"
run "audit maxcut" audit maxcut "$dir" --out "$tmp/out"
run "audit hypergraph-2col" audit hypergraph-2col "$dir" --out "$tmp/out"
run "audit --claims" audit --claims "$dir" --out "$tmp/out"
