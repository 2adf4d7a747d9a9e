// Exact dense linear algebra over the rationals (small systems only).
#pragma once

#include "exact/rational.hpp"

#include <optional>
#include <vector>

namespace relucert {

using RVec = std::vector<Rational>;
using RMat = std::vector<RVec>; // row-major, rows of equal length

// A particular solution of M z = b (free variables set to zero), by Gauss-Jordan
// elimination, or nothing if the system is inconsistent. M may be singular or
// rectangular. Arguments are taken by value: they are overwritten.
std::optional<RVec> solve_exact(RMat M, RVec b);

// Indices of a maximal linearly independent subset of the rows, chosen greedily in
// the given order.
std::vector<size_t> independent_rows(const RMat& rows);

} // namespace relucert
