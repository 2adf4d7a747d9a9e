#include "exact/linalg.hpp"

namespace relucert {

std::optional<RVec> solve_exact(RMat M, RVec b) {
  const size_t rows = M.size();
  const size_t cols = rows ? M[0].size() : 0;
  std::vector<size_t> pivot_col;
  size_t r = 0;
  for (size_t c = 0; c < cols && r < rows; ++c) {
    size_t p = r;
    while (p < rows && M[p][c].is_zero()) ++p;
    if (p == rows) continue;
    std::swap(M[p], M[r]);
    std::swap(b[p], b[r]);
    Rational inv = Rational(1) / M[r][c];
    for (size_t k = c; k < cols; ++k) M[r][k] *= inv;
    b[r] *= inv;
    for (size_t i = 0; i < rows; ++i) {
      if (i == r || M[i][c].is_zero()) continue;
      Rational f = M[i][c];
      for (size_t k = c; k < cols; ++k)
        if (!M[r][k].is_zero()) M[i][k] -= f * M[r][k];
      b[i] -= f * b[r];
    }
    pivot_col.push_back(c);
    ++r;
  }
  for (size_t i = r; i < rows; ++i)
    if (!b[i].is_zero()) return std::nullopt;
  RVec z(cols, Rational(0));
  for (size_t i = 0; i < r; ++i) z[pivot_col[i]] = b[i];
  return z;
}

std::vector<size_t> independent_rows(const RMat& rows) {
  std::vector<size_t> keep;
  RMat basis; // reduced rows, each with a recorded pivot
  std::vector<size_t> piv;
  for (size_t i = 0; i < rows.size(); ++i) {
    RVec v = rows[i];
    for (size_t b = 0; b < basis.size(); ++b) {
      if (v[piv[b]].is_zero()) continue;
      Rational f = v[piv[b]] / basis[b][piv[b]];
      for (size_t k = 0; k < v.size(); ++k)
        if (!basis[b][k].is_zero()) v[k] -= f * basis[b][k];
    }
    size_t p = 0;
    while (p < v.size() && v[p].is_zero()) ++p;
    if (p == v.size()) continue;
    basis.push_back(std::move(v));
    piv.push_back(p);
    keep.push_back(i);
  }
  return keep;
}

} // namespace relucert
