// An independent exact brute force for the optimal ReLU fit, used as the oracle of
// the differential tests. It is written with GMP's mpq_class only: it includes
// nothing from src/ (no Rational, no linear algebra, no solver), so a bug there
// cannot hide in both sides of a comparison.
//
// Problem (certs/MATH.md §1-§2): minimise over V = (v_1, ..., v_k), v_j in Q^{d'},
//   L(V) = sum_i c_i (f(x'_i) - y_i)^2,   f(x) = sum_j s_j max(0, v_j . x),
// with x'_i = x_i or (x_i, 1) with a bias, and the sign vector s ranging over the
// patterns allowed by the model. (L1: a_j max(0, w_j.x) = sign(a_j) max(0, |a_j| w_j.x);
// after sorting the units by sign every network of the model is such an s-network with
// s = (+1^p, -1^(k-p)), p = k only for nonnegative output weights, and conversely every
// s-network is a network of the model with a_j = s_j, w_j = v_j. No other symmetry is
// used: the units are never permuted, so all k! copies of a network are candidates.)
//
// Notation. A pair (j, i) is unit j and point i; a_ji is x'_i placed in block j of a
// vector of length D = k d', so v_j . x'_i = a_ji . V. At a given V the pair is
// positive, zero or negative by the sign of a_ji . V.
//
// Method. For each s, and for each choice, per unit j, of
//   T_j, a set of points whose vectors x'_i are linearly independent (so |T_j| <= d'),
//   S_j, a set of points outside span{x'_t : t in T_j} that is the positive set of a
//        strict sign pattern realizable in U_j = span{x'_t : t in T_j}^perp, i.e. some
//        u in U_j has u . x'_i > 0 for i in S_j and u . x'_i < 0 for every other point
//        outside the span (decided exactly by Fourier-Motzkin elimination),
// let S = {(j, i) : i in S_j}, N = U_0 x ... x U_{k-1} (the V with v_j . x'_t = 0 for
// t in T_j), and solve
//   min q_S(V) = sum_i c_i (phi_i . V - y_i)^2  over V in N,
// where phi_i holds s_j x'_i in block j for (j, i) in S and zeros elsewhere: with a basis
// B_j of each U_j, V = (B_0 xi_0, ..., B_{k-1} xi_{k-1}), q_S is a convex quadratic in xi
// and its minimisers are the solutions of the normal equations B^T Q B xi = B^T g,
//   Q = sum_i c_i phi_i phi_i^T,  g = sum_i c_i y_i phi_i
// (consistent: B^T g lies in the range of B^T Q B). One solution is taken (Gauss-Jordan,
// free variables 0) and the candidate's TRUE loss L(V) is computed from scratch. The
// result is the smallest true loss over all candidates.
//
// Why the result is exactly OPT = inf L (and the infimum is a minimum).
// (a) Every candidate is a parameter vector, so its true loss is >= OPT.
// (b) OPT is attained. The closed cells C_r = {V : r_ji a_ji . V >= 0 for all pairs},
//     r in {+1, -1}^pairs, cover the parameter space; on C_r, L(V) = sum_i c_i (F_r V - y)_i^2
//     for a fixed linear map F_r (row i: phi_i for the pairs with r = +1). C_r is a
//     polyhedral cone, so its image F_r(C_r) is a finitely generated cone, hence closed;
//     the weighted distance from y to a nonempty closed set is attained (restrict to a
//     closed ball around one of its points: a compact set). So L attains its minimum on
//     each of the finitely many cells, hence on the whole space.
// (c) Among the minimisers pick V* whose zero set Z = {(j, i) : a_ji . V* = 0} spans a
//     subspace span(Z) of maximal dimension. Per unit j let T*_j be a maximal subset of
//     Z_j = {i : (j, i) in Z} with independent x'_i, and S*_j = {i : v*_j . x'_i > 0}.
//     Every x'_i, i in Z_j, lies in span(T*_j) (maximality), so span(W*) = span(Z) with
//     W* = {(j, i) : i in T*_j}; conversely a point in span(T*_j) is in Z_j (v*_j is
//     orthogonal to T*_j). So the points outside span(T*_j) are exactly those where v*_j
//     is nonzero, and u = v*_j in U_j realizes the strict pattern with positive set S*_j:
//     (T*, S*) is one of the choices enumerated, and V* lies in N.
// (d) V* minimises q = q_{S*} on N: near V* within N, the pairs of Z stay zero (their
//     vectors lie in span(W*), which vanishes on N), positive pairs stay positive and
//     negative pairs negative, so L = q there; a local minimum of a convex function on
//     the subspace N is a global one.
// (e) The minimisers of q on N form M = V* + K, K = {z in N : Q z = 0}: for z in N,
//     q(V* + z) = q(V*) + grad q(V*) . z + z^T Q z with grad q(V*) orthogonal to N, and
//     z^T Q z = 0 iff Q z = 0 (Q is positive semidefinite). So q = OPT on M, and the
//     candidate V = B xi lies in M. (For k >= 2, Q z = 0 only says that the SUM over the
//     units, phi_i . z, vanishes, not that each active pair's value is unchanged: the
//     candidate may differ from V* pair by pair, which is why (f) is needed.)
// (f) L = OPT on all of M, in particular at the candidate. Let C be the set of V in N
//     with a_ji . V >= 0 on the positive pairs of V* and <= 0 on its negative pairs; on C,
//     L = q (the pairs of Z vanish on N). If some V* + z, z in K, were outside the closed
//     convex set C, the segment from V* (where those inequalities are strict) would
//     leave C at a point V' = V* + t z in C, t in (0, 1], at which some pair that is
//     nonzero at V* is zero. V' is in C and M, so L(V') = q(V') = OPT: a minimiser whose
//     zero set contains Z and a pair whose vector is not in span(Z) (it is nonzero at V*
//     in N, while span(Z) = span(W*) vanishes on N), i.e. one of larger span,
//     contradicting the choice of V*. So M lies in C and L = q = OPT on M.
// By (a) and (f), the smallest true loss over the candidates is OPT.
//
// Cost: per sign pattern, (sum over T of the number of realizable S)^k systems of size
// at most D. With k = 3 and generic points that is 6^3 per pattern for n = 4, d' = 1,
// 15^3 for n = 3, d' = 2 and 27^3 for n = 3, d' = 3. Calls beyond MAX_SYSTEMS throw.
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

// The work limit of brute_force_units (KKT systems over all sign patterns).
constexpr unsigned long MAX_SYSTEMS = 3000000;

// The points extended with the bias coordinate when `bias`.
std::vector<QVec> extended_points(const Data& data, bool bias);

// The true loss of a sign-normalised network, exactly.
mpq_class true_loss(const Data& data, bool bias, const BruteNet& net);

// Single ReLU max(0, w.x [+ b]) (k = 1, nonnegative output weight).
BruteResult brute_force_relu(const Data& data, bool bias);

// k units; `nonneg` allows only the pattern (+1, ..., +1), otherwise every p = 0..k
// (p units +1, the rest -1). Exponential in k n (see Cost above); throws
// std::invalid_argument when more than MAX_SYSTEMS systems would be needed.
BruteResult brute_force_units(const Data& data, bool bias, int k, bool nonneg);

// The number of KKT systems brute_force_units would solve (without solving them).
unsigned long brute_force_systems(const Data& data, bool bias, int k, bool nonneg);

// Text form "relu <d>" then "x_1 ... x_d y c" lines, for failure messages.
std::string to_text(const Data& data);

} // namespace bf
