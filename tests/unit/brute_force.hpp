// An independent exact brute force for the optimal ReLU fit, used as the oracle of
// the differential tests. It is written with GMP's mpq_class only: it includes
// nothing from src/ (no Rational, no linear algebra, no solver), so a bug there
// cannot hide in both sides of a comparison.
//
// Problem (certificate-math.md §1): minimise over V = (v_1, ..., v_k), v_j in Q^{d'},
//   L(V) = sum_i c_i (f(x'_i) - y_i)^2,   f(x) = sum_j s_j max(0, v_j . x),
// with x'_i = x_i or (x_i, 1) with a bias, and the sign vector s ranging over the
// patterns allowed by the model (L1: a_j sigma(w_j.x) = sign(a_j) sigma(|a_j| w_j.x)).
//
// Method. Call a pair (j, i) "active" when v_j . x'_i > 0. For every sign pattern s,
// every set S of pairs and every set W of pairs with |W| <= k d' that is disjoint from
// S and whose constraint vectors (x'_i in block j) are linearly independent, solve
//   min sum_i c_i (phi_i . V - y_i)^2   subject to  x'_i . v_j = 0 for (j, i) in W,
// (phi_i stacks s_j x'_i for (j, i) in S, zero elsewhere) through its KKT system
//   [2Q  A^T] [V]   [2g]
//   [A    0 ] [mu] = [0 ],   Q = sum_i c_i phi_i phi_i^T,  g = sum_i c_i y_i phi_i,
// taking any particular solution (Gauss-Jordan, free variables 0; inconsistent
// systems are skipped), and evaluate the TRUE loss L at that V. OPT is the minimum.
//
// Why this is exact. Every candidate is a parameter vector, so its true loss is
// >= OPT. Conversely, the minimum of L is attained (L is a convex quadratic bounded
// below on each of finitely many closed polyhedral cells). Among the minimisers take
// V* whose zero set Z = {(j, i) : v*_j . x'_i = 0} has constraint vectors of maximal
// rank; let S* = pairs with v*_j . x'_i > 0 and W* a maximal independent subset of Z
// (so |W*| <= k d' and W* and S* are disjoint). On N = {V : A_{W*} V = 0} every Z-pair
// stays zero (its vector lies in the span of W*'s), so near V* within N the loss is
// the S*-quadratic q; q is convex, hence V* minimises q on N, and all minimisers are
// V* + z with Q z = 0, z in N, i.e. z orthogonal to every active and zero pair. If z
// were not orthogonal to some inactive pair, moving from V* along +-z would keep L
// = OPT until that pair reaches zero, giving a minimiser with a zero set of larger
// rank: a contradiction. So z is orthogonal to every pair, L(V* + z) = L(V*) = OPT,
// and the particular solution found for (s, S*, W*) has true loss OPT.
#pragma once

#include <gmpxx.h>

#include <string>
#include <vector>

namespace bf {

using QVec = std::vector<mpq_class>;

struct Data {
  size_t n = 0, d = 0;
  std::vector<QVec> x; // n rows of d features
  QVec y, c;           // labels, positive sample weights
};

struct BruteUnit {
  int sign = 1; // +1 or -1 (the output weight after sign normalisation)
  QVec v;       // d' = d + bias entries, the bias coordinate last
};
using BruteNet = std::vector<BruteUnit>;

struct BruteResult {
  mpq_class opt;             // the exact optimum
  BruteNet net;              // a network attaining it
  unsigned long systems = 0; // KKT systems solved (for the record)
};

// The points extended with the bias coordinate when `bias`.
std::vector<QVec> extended_points(const Data& data, bool bias);

// The true loss of a sign-normalised network, exactly.
mpq_class true_loss(const Data& data, bool bias, const BruteNet& net);

// Single ReLU max(0, w.x [+ b]) (k = 1, nonnegative output weight).
// Exponential: meant for n <= 8 and d' <= 4.
BruteResult brute_force_relu(const Data& data, bool bias);

// k units; `nonneg` allows only the pattern (+1, ..., +1), otherwise every p = 0..k
// (p units +1, the rest -1). Exponential in k n: meant for k n <= 8 and k d' <= 4.
BruteResult brute_force_units(const Data& data, bool bias, int k, bool nonneg);

// Text form "relu <d>" then "x_1 ... x_d y c" lines, for failure messages.
std::string to_text(const Data& data);

} // namespace bf
