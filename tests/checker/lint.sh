#!/usr/bin/env bash
# The checker's trusted base stays small and self-contained (docs: certs/FORMAT.md, style.md):
#  - src/checker holds only *.cpp, *.hpp and CMakeLists.txt;
#  - quoted includes name files of src/checker itself (no '/');
#  - angle-bracket includes are the C++ standard library, <gmp.h>, <gmpxx.h> or <openssl/...>;
#  - it links only GMP, gmpxx and OpenSSL::Crypto;
#  - the certificate checker (every *.cpp, *.hpp but claim.*) has at most 1,200 lines and the
#    claim checker (claim.cpp, claim.hpp) at most 400.
# usage: lint.sh SRC_CHECKER_DIR
set -u
dir=$1
status=0
err() {
  echo "lint: $*" >&2
  status=1
}
std=" algorithm any array atomic bit bitset cassert cctype cerrno cfenv cfloat charconv chrono
cinttypes climits clocale cmath compare complex concepts condition_variable csetjmp csignal
cstdarg cstddef cstdint cstdio cstdlib cstring ctime cuchar cwchar cwctype deque exception
execution filesystem forward_list fstream functional future initializer_list iomanip ios iosfwd
iostream istream iterator limits list locale map memory memory_resource mutex new numeric
optional ostream queue random ratio regex scoped_allocator set shared_mutex span sstream stack
stdexcept streambuf string string_view system_error thread tuple type_traits typeindex typeinfo
unordered_map unordered_set utility valarray variant vector version "
std=$(tr '\n' ' ' <<<"$std")
shopt -s nullglob
for f in "$dir"/* "$dir"/.[!.]*; do
  case $(basename "$f") in
  *.cpp | *.hpp | CMakeLists.txt) ;;
  *) err "$f: only *.cpp, *.hpp and CMakeLists.txt belong in src/checker" ;;
  esac
done
sources=("$dir"/*.cpp "$dir"/*.hpp)
[[ ${#sources[@]} -gt 0 ]] || err "no sources in $dir"
for f in "${sources[@]}"; do
  n=0
  while IFS= read -r line || [[ -n $line ]]; do
    n=$((n + 1))
    [[ $line =~ ^[[:space:]]*#[[:space:]]*(include|import|include_next) ]] || continue
    if [[ $line =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\"([^\"]*)\" ]]; then
      inc=${BASH_REMATCH[1]}
      if [[ $inc == */* || $inc == *\\* || ! -f $dir/$inc ]]; then
        err "$f:$n: quoted include \"$inc\" is not a file of src/checker"
      fi
    elif [[ $line =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\<([^\>]*)\> ]]; then
      inc=${BASH_REMATCH[1]}
      if [[ $std != *" $inc "* && $inc != gmp.h && $inc != gmpxx.h && ! $inc =~ ^openssl/[a-z0-9_]+\.h$ ]]; then
        err "$f:$n: <$inc> is not the C++ standard library, GMP or OpenSSL"
      fi
    else
      err "$f:$n: unrecognised include directive: $line"
    fi
  done <"$f"
done
# Only the allowed libraries after target_link_libraries(relucheck PRIVATE ...).
links=$(tr '\n' ' ' <"$dir/CMakeLists.txt" | grep -oE 'target_link_libraries\([^)]*\)')
for tok in $(sed -E 's/target_link_libraries\(|\)//g' <<<"$links"); do
  case $tok in
  relucheck | PRIVATE | '${GMPXX_LIB}' | '${GMP_LIB}' | OpenSSL::Crypto) ;;
  *) err "CMakeLists.txt links '$tok' (only GMP, gmpxx and OpenSSL::Crypto are allowed)" ;;
  esac
done
cert_lines=0 claim_lines=0
for f in "${sources[@]}"; do
  n=$(wc -l <"$f")
  if [[ $(basename "$f") == claim.* ]]; then
    claim_lines=$((claim_lines + n))
  else
    cert_lines=$((cert_lines + n))
  fi
done
echo "src/checker: certificate checker $cert_lines lines (cap 1200), claim checker $claim_lines (cap 400)"
[[ $cert_lines -le 1200 ]] || err "the certificate checker has $cert_lines lines, more than 1200"
[[ $claim_lines -le 400 ]] || err "the claim checker has $claim_lines lines, more than 400"
exit $status
