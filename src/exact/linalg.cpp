#include "exact/linalg.hpp"

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
