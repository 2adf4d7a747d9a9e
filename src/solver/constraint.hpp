// A path constraint alpha^T V >= 0: alpha is sign * x'_i placed in unit j's block.
#pragma once

#include <cstddef>

namespace relucert {

struct Constraint {
  int unit;    // j
  int point;   // i
  bool active; // true: x'_i . v_j >= 0 (alpha = +x'_i); false: <= 0 (alpha = -x'_i)
  // Implied by the constraints before it (its other side was closed by an `empty` record):
  // redundant, so the floating-point QP and cone tests leave it out (NodeState::freal).
  bool implied = false;
};

// Floating-point view of a constraint for the numerical routines.
struct FConstraint {
  size_t off;      // offset of unit j's block in V
  const double* x; // x'_i, length dp
  double sign;     // +1 or -1
};

} // namespace relucert
