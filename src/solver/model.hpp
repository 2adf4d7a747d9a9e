// The model being fitted and networks in the user's parametrisation.
#pragma once

#include "exact/rational.hpp"
#include "io/instance.hpp"

#include <optional>
#include <vector>

namespace relucert {

struct Model {
  int units = 1;      // k
  bool bias = false;  // fit max(0, w.x + b) per unit
  bool nonneg = true; // all output weights a_j >= 0 (the single ReLU is k = 1, nonneg)
  // certs/MATH.md §7 (L5): ||v_j|| <= B for the rescaled units v_j = |a_j| (w_j [, b_j]).
  std::optional<Rational> weight_bound;

  // Sign splits needed by certs/MATH.md §2 (L1): p = k only when nonneg, else 0..k.
  std::vector<int> required_trees() const;
};

// One hidden unit: a * max(0, w.x + b).
struct Unit {
  Rational a;
  std::vector<Rational> w;
  Rational b; // 0 without bias
};
using Network = std::vector<Unit>;

// Exact loss sum_i c_i (f(x_i) - y_i)^2.
Rational exact_loss(const Instance& inst, const Network& net);
// Exact network output at point i.
Rational exact_output(const Instance& inst, const Network& net, size_t i);

} // namespace relucert
