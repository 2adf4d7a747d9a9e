#include "exact/linalg.hpp"

#include <algorithm>
#include <climits>

namespace relucert {

namespace {

using ZVec = std::vector<mpz_class>;
using ZMat = std::vector<ZVec>;

// Multiplies a rational row (and its right-hand side) by the lcm of its
// denominators: an integer row with the same solution set.
void to_integer_row(const RVec& row, const Rational* rhs, ZVec& out, mpz_class* out_rhs) {
  mpz_class l = 1;
  for (const Rational& v : row)
    if (v.den() != 1) mpz_lcm(l.get_mpz_t(), l.get_mpz_t(), v.get().get_den_mpz_t());
  if (rhs && rhs->den() != 1) mpz_lcm(l.get_mpz_t(), l.get_mpz_t(), rhs->get().get_den_mpz_t());
  out.resize(row.size());
  for (size_t k = 0; k < row.size(); ++k) {
    const mpq_class& q = row[k].get();
    if (sgn(q) == 0)
      out[k] = 0;
    else {
      mpz_divexact(out[k].get_mpz_t(), l.get_mpz_t(), q.get_den_mpz_t());
      out[k] *= q.get_num();
    }
  }
  if (rhs) {
    const mpq_class& q = rhs->get();
    mpz_divexact(out_rhs->get_mpz_t(), l.get_mpz_t(), q.get_den_mpz_t());
    *out_rhs *= q.get_num();
  }
}

} // namespace

// Fraction-free (Bareiss) elimination to row echelon form on the integer-scaled
// system: every intermediate entry is a minor of the input, divisions are exact.
std::optional<RVec> solve_exact(RMat M_in, RVec b_in) {
  const size_t rows = M_in.size();
  const size_t cols = rows ? M_in[0].size() : 0;
  ZMat M(rows);
  ZVec b(rows);
  for (size_t i = 0; i < rows; ++i)
    to_integer_row(M_in[i], &b_in[i], M[i], &b[i]);
  std::vector<size_t> pivot_col;
  mpz_class prev = 1, t1, t2;
  size_t r = 0;
  for (size_t c = 0; c < cols && r < rows; ++c) {
    size_t p = r;
    while (p < rows && sgn(M[p][c]) == 0)
      ++p;
    if (p == rows) continue;
    std::swap(M[p], M[r]);
    std::swap(b[p], b[r]);
    const mpz_class& piv = M[r][c];
    for (size_t i = r + 1; i < rows; ++i) {
      const mpz_class f = M[i][c];
      for (size_t k = c + 1; k < cols; ++k) {
        t1 = piv * M[i][k];
        t2 = f * M[r][k];
        t1 -= t2;
        mpz_divexact(M[i][k].get_mpz_t(), t1.get_mpz_t(), prev.get_mpz_t());
      }
      t1 = piv * b[i];
      t2 = f * b[r];
      t1 -= t2;
      mpz_divexact(b[i].get_mpz_t(), t1.get_mpz_t(), prev.get_mpz_t());
      M[i][c] = 0;
    }
    prev = piv;
    pivot_col.push_back(c);
    ++r;
  }
  for (size_t i = r; i < rows; ++i)
    if (sgn(b[i]) != 0) return std::nullopt;
  RVec z(cols, Rational(0));
  for (size_t t = r; t-- > 0;) {
    const size_t c = pivot_col[t];
    mpq_class s(b[t]);
    for (size_t u = t + 1; u < r; ++u) {
      const size_t k = pivot_col[u];
      if (sgn(M[t][k]) != 0 && !z[k].is_zero()) s -= mpq_class(M[t][k]) * z[k].get();
    }
    s /= mpq_class(M[t][c]);
    z[c] = Rational(s);
  }
  return z;
}

void IntSystem::reset(size_t rows, size_t cols) {
  rows_ = rows, cols_ = cols;
  M_.assign(rows * cols, 0);
  b_.assign(rows, 0);
}

namespace {

// (a * x - f * y) / prev, exact (a Bareiss step: the quotient is a minor of the input); false
// if it does not fit int64. The products of int64 values cannot overflow __int128.
bool bareiss_step(int64_t a, int64_t x, int64_t f, int64_t y, int64_t prev, int64_t& out) {
  const i128 t = static_cast<i128>(a) * x - static_cast<i128>(f) * y;
  if (t >= INT64_MIN && t <= INT64_MAX && prev != -1) { // the usual case: a 64-bit division
    const int64_t t64 = static_cast<int64_t>(t);        // (prev = -1 could overflow it)
    if (t64 % prev != 0) return false;
    out = t64 / prev;
    return true;
  }
  const i128 q = t / prev;
  if (q * prev != t || q > INT64_MAX || q < INT64_MIN) return false;
  out = static_cast<int64_t>(q);
  return true;
}

} // namespace

// solve_exact's elimination (same pivot choice: the first nonzero at or below row r), then a
// fraction-free back substitution: with Delta the last pivot (the determinant of the pivot
// rows and columns), Delta z is integral (Cramer), Z_t = (Delta b_t - sum_u M_t,c_u Z_u) / M_t,c_t
// exactly.
IntSystem::Result IntSystem::solve() {
  pivot_col_.clear();
  int64_t prev = 1;
  size_t r = 0;
  for (size_t c = 0; c < cols_ && r < rows_; ++c) {
    size_t p = r;
    while (p < rows_ && at(p, c) == 0)
      ++p;
    if (p == rows_) continue;
    if (p != r) {
      std::swap_ranges(&M_[p * cols_], &M_[p * cols_] + cols_, &M_[r * cols_]);
      std::swap(b_[p], b_[r]);
    }
    const int64_t piv = at(r, c);
    for (size_t i = r + 1; i < rows_; ++i) {
      const int64_t f = at(i, c);
      for (size_t k = c + 1; k < cols_; ++k)
        if (!bareiss_step(piv, at(i, k), f, at(r, k), prev, at(i, k))) return Result::Overflow;
      if (!bareiss_step(piv, b_[i], f, b_[r], prev, b_[i])) return Result::Overflow;
      at(i, c) = 0;
    }
    prev = piv;
    pivot_col_.push_back(c);
    ++r;
  }
  for (size_t i = r; i < rows_; ++i)
    if (b_[i] != 0) return Result::Inconsistent;
  z_.assign(cols_, 0);
  const i128 delta = prev;
  for (size_t t = r; t-- > 0;) {
    i128 s;
    if (__builtin_mul_overflow(delta, static_cast<i128>(b_[t]), &s)) return Result::Overflow;
    for (size_t u = t + 1; u < r; ++u) {
      const size_t k = pivot_col_[u];
      i128 m;
      if (__builtin_mul_overflow(static_cast<i128>(at(t, k)), z_[k], &m) ||
          __builtin_sub_overflow(s, m, &s))
        return Result::Overflow;
    }
    const int64_t piv = at(t, pivot_col_[t]);
    if (s >= INT64_MIN && s <= INT64_MAX && piv != -1) { // a 64-bit division, as bareiss_step
      const int64_t s64 = static_cast<int64_t>(s);
      if (s64 % piv != 0) return Result::Overflow; // cannot happen (Cramer); GMP decides then
      z_[pivot_col_[t]] = s64 / piv;
      continue;
    }
    if (s % piv != 0) return Result::Overflow;
    z_[pivot_col_[t]] = s / piv;
  }
  den_ = delta;
  if (den_ < 0) {
    den_ = -den_;
    for (i128& v : z_)
      if (__builtin_sub_overflow(i128(0), v, &v)) return Result::Overflow;
  }
  return Result::Solved;
}

std::vector<size_t> independent_rows(const RMat& rows) {
  std::vector<size_t> keep;
  ZMat basis; // integer rows in echelon form, each with a recorded pivot
  std::vector<size_t> piv;
  ZVec v;
  mpz_class a, bcoef, g;
  for (size_t i = 0; i < rows.size(); ++i) {
    to_integer_row(rows[i], nullptr, v, nullptr);
    for (size_t t = 0; t < basis.size(); ++t) {
      if (sgn(v[piv[t]]) == 0) continue;
      // v <- basis_piv * v - v_piv * basis, then divide out the content.
      a = basis[t][piv[t]];
      bcoef = v[piv[t]];
      g = 0;
      for (size_t k = 0; k < v.size(); ++k) {
        v[k] *= a;
        v[k] -= bcoef * basis[t][k];
        mpz_gcd(g.get_mpz_t(), g.get_mpz_t(), v[k].get_mpz_t());
      }
      if (g > 1)
        for (auto& e : v)
          mpz_divexact(e.get_mpz_t(), e.get_mpz_t(), g.get_mpz_t());
    }
    size_t p = 0;
    while (p < v.size() && sgn(v[p]) == 0)
      ++p;
    if (p == v.size()) continue;
    basis.push_back(v);
    piv.push_back(p);
    keep.push_back(i);
  }
  return keep;
}

} // namespace relucert
