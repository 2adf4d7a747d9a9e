// Exact dense linear algebra over the rationals (small systems only).
#pragma once

#include "exact/rational.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace relucert {

using RVec = std::vector<Rational>;
using RMat = std::vector<RVec>; // row-major, rows of equal length

// A particular solution of M z = b (free variables set to zero), by Gauss-Jordan
// elimination, or nothing if the system is inconsistent. M may be singular or
// rectangular. Arguments are taken by value: they are overwritten.
std::optional<RVec> solve_exact(RMat M, RVec b);

// The machine-integer twin of solve_exact, for a system whose entries are int64 (the exact
// kernels' fast path): the same elimination with the same pivots, hence the same particular
// solution, z = num / den with den > 0. Every intermediate value is checked; if one leaves
// int64 (entries) or __int128 (the back substitution), solve() says Overflow and the caller
// solves in GMP. The vectors are kept between solves: no allocation once they have grown.
class IntSystem {
public:
  enum class Result { Solved, Inconsistent, Overflow };
  // A rows x cols system, every entry 0; then set entries with at() and rhs().
  void reset(size_t rows, size_t cols);
  int64_t& at(size_t r, size_t c) { return M_[r * cols_ + c]; }
  int64_t& rhs(size_t r) { return b_[r]; }
  Result solve();
  // After Solved: z_c = num(c) / den(), den() > 0.
  i128 num(size_t c) const { return z_[c]; }
  i128 den() const { return den_; }
  // After Solved or Inconsistent: the pivot columns, in order (the columns that are not in
  // the span of the columns before them).
  const std::vector<size_t>& pivots() const { return pivot_col_; }

private:
  size_t rows_ = 0, cols_ = 0;
  std::vector<int64_t> M_, b_;
  std::vector<size_t> pivot_col_;
  std::vector<i128> z_;
  i128 den_ = 1;
};

// Indices of a maximal linearly independent subset of the rows, chosen greedily in
// the given order.
std::vector<size_t> independent_rows(const RMat& rows);

} // namespace relucert
