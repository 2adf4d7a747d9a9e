// Exact certificates for search nodes (certs/MATH.md §4 L2b, §6 L4): given a working
// set suggested by the floating-point solver, find rationals lambda >= 0 and u with
// Q u = g + 1/2 sum_r lambda_r alpha_r exactly, or a Gordan certificate of empty
// interior. The checker repeats these computations; nothing here is trusted.
#pragma once

#include "exact/linalg.hpp"
#include "solver/node_state.hpp"

#include <functional>
#include <optional>
#include <vector>

namespace relucert {

struct Multiplier {
  size_t r;       // index of the path constraint (depth order)
  Rational value; // lambda_r >= 0
};

// A multiplier in machine integers, lambda_r = num / den canonical (den > 0, gcd 1): the usual
// form of an emptiness proof's (exact_empty_small), written without GMP.
struct SmallMultiplier {
  size_t r;
  int64_t num, den;
};
std::vector<Multiplier> to_multipliers(const std::vector<SmallMultiplier>& lambda);

// The same in 128 bits (den > 0, gcd 1): a leaf's hinge multipliers (hinge_multiplier_wide).
struct WideMultiplier {
  size_t r;
  i128 num, den;
};
std::vector<Multiplier> to_multipliers(const std::vector<WideMultiplier>& lambda);

// Weight bounds ||v_j||^2 <= B^2 (certs/MATH.md §7, L5): multipliers mu_j >= 0 turn Q into
// Q + diag(mu_j I) and h into h - B^2 sum_j mu_j. Empty mu: no weight bound.
struct WeightShift {
  RVec mu; // per unit
  Rational B2;
};

struct ExactBound {
  bool ok = false;      // lambda >= 0 and the equality holds: bound is valid
  bool optimal = false; // additionally u is feasible: bound is the node's QP minimum
  RVec u;
  std::vector<Multiplier> lambda;
  RVec mu;           // the weight-bound multipliers used (empty without a weight bound)
  Rational bound;    // h - u'Qu  (with a weight bound: h - B^2 sum mu - u'(Q + M)u)
  int negative = -1; // if !ok with u: the first constraint with a negative multiplier
  // When the machine-integer kernel solved the system (NodeState::ints): u in its units,
  // u_b = z_b dx_c / (zden dy) (c = b mod dp; problem.hpp IntData), for exact sign tests
  // without rationals. Empty otherwise.
  std::vector<i128> z;
  i128 zden = 1;
  // Hinge points (k = 1; Worker::exact_bound): the points whose multipliers rho_i >= 0 the
  // leaf record carries after lambda (hinge_multipliers), in increasing order.
  std::vector<size_t> hinge;
};

// The sign of rho_i = 2 c_i (x'_i . u - s y_i), the multiplier of hinge point i at the solution
// e (s: the unit's sign), exactly; and its value, with index depth + 2i (certs/FORMAT.md §2).
int hinge_sign(const Problem& pb, const ExactBound& e, size_t i, int s);
Multiplier hinge_multiplier(const Problem& pb, const ExactBound& e, size_t i, int s, size_t depth);
// The same value in 128 bits, where it fits (the usual case: u from the machine-integer
// kernel); false otherwise (then hinge_multiplier).
bool hinge_multiplier_wide(const Problem& pb, const ExactBound& e, size_t i, int s, size_t depth,
                           WideMultiplier& out);

// alpha_r . V for path constraint c.
Rational con_dot(const Problem& pb, const Constraint& c, const RVec& V);

// Solves the KKT system of the node's QP with the constraints W (path indices)
// held at equality.
ExactBound exact_kkt(const NodeState& st, const std::vector<int>& W,
                     const WeightShift* ws = nullptr);

// Exact active-set iterations from W until the KKT point is feasible with
// lambda >= 0 (the node's exact QP minimum), at most max_iter systems. If it does
// not get there it returns the best valid bound it met (at worst lambda = 0).
ExactBound exact_qp(const NodeState& st, std::vector<int> W, int max_iter = 60,
                    const WeightShift* ws = nullptr);

// The last resort for a node whose exact QP minimum exact_qp did not reach: solve
// the KKT system of every subset of at most D path constraints (at most max_systems
// systems). Returns the best valid bound; `optimal` if it is tight, and then
// *witness is a feasible minimiser.
// `stop` (optional), asked every few systems, ends the enumeration early (a time limit): the
// result is then the best valid bound met so far.
ExactBound exhaustive_qp(const NodeState& st, size_t max_systems, RVec* witness,
                         const std::function<bool()>& stop = {});

// Gordan certificate that the child of the current node with constraint `child`
// has empty interior: lambda >= 0 on the node's path constraints (support suggested
// by `support`) and the child's own multiplier lambda_depth > 0 with
// sum_r lambda_r alpha_r = 0, scaled to the primitive integer vector (integers with gcd 1).
// Nothing if the exact system has no such solution.
std::optional<std::vector<Multiplier>> exact_empty(const NodeState& st, const Constraint& child,
                                                   const std::vector<int>& support);
// The same certificate, when exact_empty finds it in machine integers (its first attempt) and
// every lambda_r reduces to 64-bit integers: true and `out` (as exact_empty would return it).
// False otherwise; exact_empty may still find one.
bool exact_empty_small(const NodeState& st, const Constraint& child,
                       const std::vector<int>& support, std::vector<SmallMultiplier>& out);

} // namespace relucert
