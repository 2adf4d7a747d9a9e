// The sign-normalised problem of certs/MATH.md §1-§2 (L1) for one tree p: points
// extended with the bias coordinate, signs s_j, exact data with float shadows.
#pragma once

#include "exact/linalg.hpp"
#include "io/instance.hpp"
#include "solver/model.hpp"

#include <cstdint>
#include <functional>
#include <vector>

namespace relucert {

// The exact data in machine integers, for the exact kernels' fast path (node_state.cpp,
// exact_bound.cpp): with common denominators dx[a] (coordinate a of x'), dy and dc,
//   x'_i[a] = X_i[a] / dx[a],   y_i = Y_i / dy,   c_i = C_i / dc,
// and per point the products C X_r X_c, C Y X_r and C Y^2. Every stored integer has absolute
// value below 2^62, so a sum of up to 2^64 of them fits a signed 128-bit integer and never
// wraps. `ok` is false if one of them does not fit (or GMP only was asked for): the exact
// kernels then work in GMP throughout, with the same results.
struct IntData {
  bool ok = false;
  std::vector<mpz_class> dx; // size dp
  mpz_class dy, dc;
  std::vector<int64_t> X;    // n * dp
  std::vector<int64_t> P;    // n * dp * dp: C X_r X_c
  std::vector<int64_t> G;    // n * dp: C Y X_r
  std::vector<int64_t> H;    // n: C Y^2
  std::vector<int64_t> Y, C; // n
  // Denominators of the entries of Q, g and h (node_state.hpp): dc dx_r dx_c, dc dy dx_r and
  // dc dy^2.
  std::vector<mpz_class> qden, gden; // dp * dp, dp
  mpz_class hden;
  i128 dcdy = 0; // dc dy if it is below 2^62 (the hinge multipliers' fast path), else 0
};

// q * 2^e as the nearest double or, outside the double range, 0 or +-inf: never undefined,
// whatever the size of q (mpq_get_d's result for a too large q is system dependent).
double scaled_double(const Rational& q, long e);

// The floating-point shadow is of a *scaled* instance, so that every double stays finite
// however large or small the exact numbers are (an instance may hold 1e4096): coordinate a of
// x'_i is taken as x'_i[a] 2^-xe[a], labels as y 2^-ye, weights as c 2^-ce. The exact data is
// not scaled. In these units the float parameters are v_a 2^(xe[a] - ye) and float losses are
// L 2^-(2 ye + ce); a group of numbers (one coordinate, the labels, the weights) is scaled only
// when its largest magnitude is outside [2^-128, 2^128], so ordinary instances see exponent 0
// and the doubles are the nearest doubles of the exact data, as without scaling. With a weight
// bound every coordinate shares one exponent (the ball ||v_j|| <= B stays a ball).
//
// Problem's constructor throws InputError (file:line:column of the point) if the scaled
// guide would see a nonzero point x'_i as zero or subnormal (every |x'_i[a]| 2^-xe[a] below
// 2^-1000): a dynamic range within the columns that no power-of-two scaling can serve.
// n rows of `cols` doubles in one block, row-major; row i as a pointer (the O(n) scans of a node
// read them in order).
struct RowMatrix {
  size_t cols = 0;
  std::vector<double> v;
  void assign(size_t rows, size_t c) { cols = c, v.assign(rows * c, 0.0); }
  const double* operator[](size_t i) const { return v.data() + i * cols; }
  double* operator[](size_t i) { return v.data() + i * cols; }
};

struct Problem {
  size_t n = 0, d = 0, dp = 0, k = 0, D = 0; // dp = d + bias, D = k * dp
  bool bias = false;
  std::vector<RVec> x; // x'_i, exact
  RowMatrix xf;        // x'_i, scaled, nearest doubles (n x dp)
  std::vector<Rational> y, c;
  std::vector<signed char> ysign; // the sign of y_i
  std::vector<double> yf, cf;     // scaled
  std::vector<char> zero;         // x'_i == 0: decided inactive everywhere (rule Z)
  // Per point: c y^2 exact; c x'x'^T (dp x dp, row-major), c y x', c y^2 as scaled doubles (the
  // exact c x'x'^T and c y x' are formed where a point is decided, node_state.cpp).
  std::vector<Rational> cyy;
  RowMatrix cxxf, cyxf; // n x dp^2, n x dp
  std::vector<double> cyyf;
  Rational zero_loss; // sum c y^2, the loss of the zero network
  double scale = 1;   // zero_loss as a scaled double (>= 0)
  // The scaling exponents (above); all 0 for ordinary instances.
  std::vector<long> xe; // per coordinate of x', size dp
  long ye = 0, ce = 0;
  IntData ints; // the machine-integer form (ints.ok: every number fits)

  // False if `stop` said so before the set-up was done: then only n, d, dp, k, D, bias, x, y,
  // c and zero are filled in (enough for the zero network and a root leaf per tree).
  bool complete = false;

  // `stop` (optional) is asked every few hundred points whether to give up the set-up (a
  // time limit or an interrupt): set-up is O(n d^2) exact products.
  // machine_ints = false keeps every exact kernel in GMP (ints.ok false): the fallback's tests.
  Problem(const Instance& inst, const Model& model, const std::function<bool()>& stop = {},
          bool machine_ints = true);

  // A loss (or bound, gap) in the float units: L 2^-(2 ye + ce).
  double loss_f(const Rational& L) const { return scaled_double(L, -(2 * ye + ce)); }
  // A float loss back in the instance's units (approximate; may be inf for display).
  double loss_unscaled(double l) const;
  // Coordinate a (0..dp-1 within a unit) of a parameter vector, exact -> float units.
  double param_f(const Rational& v, size_t a) const { return scaled_double(v, xe[a] - ye); }
  // ... and a rational read in float units back to the instance's units, exactly.
  Rational param_exact(const Rational& v, size_t a) const;
  // The float units of a weight-bound multiplier mu_j (one shared xe): mu = mu_f 2^(2 xe + ce).
  Rational mu_exact(const Rational& mu_f) const;
  // The weight bound B in float units, B 2^(xe - ye) (one shared xe).
  double bound_f(const Rational& B) const { return scaled_double(B, xe.empty() ? 0 : xe[0] - ye); }
};

// q * 2^e exactly.
Rational times_pow2(const Rational& q, long e);

// t = x'_i . v_j in float units, v_j unit j's block of the parameters V: the one float dot
// product of a node's passes over the points (summed in coordinate order).
inline double unit_dot(const Problem& pb, size_t i, const double* V, size_t j) {
  const double *xi = pb.xf[i], *v = V + j * pb.dp;
  double t = 0;
  for (size_t a = 0; a < pb.dp; ++a)
    t += xi[a] * v[a];
  return t;
}

// Converts sign-normalised parameters V (unit-major, with signs s) to a network in
// the user's parametrisation: a_j = s_j, w_j = v_j (first d), b_j = v_j[d].
Network network_from_v(const Problem& pb, const std::vector<int>& signs, const RVec& V);

} // namespace relucert
