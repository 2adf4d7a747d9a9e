// The sign-normalised problem of certs/MATH.md §1-§2 (L1) for one tree p: points
// extended with the bias coordinate, signs s_j, exact data with float shadows.
#pragma once

#include "exact/linalg.hpp"
#include "io/instance.hpp"
#include "solver/model.hpp"

#include <vector>

namespace relucert {

struct Problem {
  size_t n = 0, d = 0, dp = 0, k = 0, D = 0; // dp = d + bias, D = k * dp
  bool bias = false;
  std::vector<RVec> x;                 // x'_i, exact
  std::vector<std::vector<double>> xf; // x'_i, nearest doubles
  std::vector<Rational> y, c;
  std::vector<double> yf, cf;
  std::vector<char> zero; // x'_i == 0: decided inactive everywhere (rule Z)
  // Per point: c x'x'^T (dp x dp), c y x', c y^2 -- exact and float.
  std::vector<RMat> cxx;
  std::vector<RVec> cyx;
  std::vector<Rational> cyy;
  std::vector<std::vector<double>> cxxf, cyxf;
  std::vector<double> cyyf;
  double scale = 1; // sum c y^2 as a double (>= 0), the loss of the zero network

  Problem(const Instance& inst, const Model& model);
};

// Converts sign-normalised parameters V (unit-major, with signs s) to a network in
// the user's parametrisation: a_j = s_j, w_j = v_j (first d), b_j = v_j[d].
Network network_from_v(const Problem& pb, const std::vector<int>& signs, const RVec& V);

} // namespace relucert
