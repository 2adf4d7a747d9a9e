// Strict number parsing for relucheck (FORMAT.md §1 and §2). Written from scratch on purpose:
// GMP's base-0 input reads `010` as octal and `0x1` as hex and does not canonicalise fractions.
#pragma once

#include <cstdint>
#include <gmpxx.h>
#include <string>
#include <string_view>

// Certificate integer: `0` or `[1-9][0-9]*`; false for anything else. A value above UINT64_MAX
// sets `over` (and `out` = UINT64_MAX, meaningless without `over`): nothing wraps.
bool parse_cert_uint(std::string_view s, std::uint64_t& out, bool& over);

// Certificate rational in canonical form: `0`, `-?[1-9][0-9]*` or `-?[1-9][0-9]*/[1-9][0-9]*` in
// lowest terms, denominator >= 2. Else false, `out` unspecified: `6/4`, `010`, `+1`, `-0`, `3/1`.
bool parse_cert_rational(std::string_view s, mpq_class& out);

// Instance number `inum` (liberal, exact): fractions, decimals, exponents with |e| <= 4096, leading
// zeros. Returns "" on success, else a short reason.
std::string parse_inum(std::string_view s, mpq_class& out);

// num / den (den != 0), canonical.
inline mpq_class ratio(const mpz_class& num, const mpz_class& den) {
  mpq_class q(num, den);
  q.canonicalize();
  return q;
}

// Canonical text of q (the same syntax certificates use).
inline std::string to_str(const mpq_class& q) {
  return q.get_str(10);
}
