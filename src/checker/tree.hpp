// Per-tree state of relucheck: the decisions on the current path and Q, g, h of L3, maintained
// incrementally (updated when a branch is entered, undone when it is left). The Q, g terms of a
// point that becomes decided are added lazily, at the next leaf, since `empty` records never
// need them.
#pragma once

#include "instance.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

// The instance lifted to x'_i = (x_i [, 1]) with the per-point products every tree reuses.
struct Lifted {
  Lifted(const Instance& inst, std::size_t bias);
  const Instance& inst;
  std::size_t n, dp;          // d' = d + bias
  std::vector<mpq_class> xp;  // n * d': x'_i
  std::vector<mpq_class> cx;  // n * d': c_i x'_i (Q's terms are formed at leaves: O(n d') memory)
  std::vector<mpq_class> cyx; // n * d': c_i y_i x'_i
  std::vector<mpq_class> cy2; // n: c_i y_i^2
  std::vector<char> nonzero;  // n: x'_i != 0 (rule Z otherwise)
};

// (r, lambda_r) pairs of a leaf or empty record, r strictly increasing (ranges: FORMAT.md §2).
using Multipliers = std::vector<std::pair<std::size_t, mpq_class>>;

// A failed condition: its name (FORMAT.md §3, "R-<rule>/<condition>") and what failed; the name
// is nullptr when every condition holds.
using Failure = std::pair<const char*, std::string>;

// Signs s = (+1^p, -1^(k-p)). Scaling: q(V) = V^T Q V - 2 g^T V + h (no 1/2 in front of Q).
class TreeState {
public:
  TreeState(const Lifted& pts, std::size_t k, std::size_t p);

  // Adds the path constraint number depth(): alpha = +x'_i (active) or -x'_i (inactive) in
  // block j. Requires (j, i) undecided.
  void push(std::size_t j, std::size_t i, bool active);
  // Removes the last path constraint, restoring Q, g, h exactly.
  void pop();
  std::size_t depth() const { return path_.size(); }
  bool decided(std::size_t j, std::size_t i) const { return state_[j * pts_.n + i] != UNDECIDED; }

  // L4, L5, L6 (MATH.md §11): checks (Q + M) u = g + 1/2 sum_r lambda_r alpha_r - 1/2 sum rho_i
  // x'_i exactly, M = diag(mu_j I) or 0 if mu is empty (no weight bound); on success sets bound =
  // h - B2 sum mu_j - u^T(Q+M)u - sum_S ([i in R] c_i y_i^2 + s y_i sigma_i + sigma_i^2 / 4c_i).
  Failure check_leaf(const std::vector<mpq_class>& u, const std::vector<mpq_class>& mu,
                     const mpq_class& B2, const Multipliers& m, mpq_class& bound);
  // L2b: checks sum_r lambda_r alpha_r = 0 and some lambda_r > 0 (alpha_r != 0: R-branch/zero).
  Failure check_empty(const Multipliers& m);
  // Symmetry (FORMAT.md §4): units j, j+1 of equal sign, decided equal on every point i < t,
  // j active and j+1 inactive on t. Requires j + 1 < k and t < n.
  Failure check_sym(std::size_t j, std::size_t t) const;

private:
  enum : std::uint8_t { UNDECIDED, ACTIVE, INACTIVE };
  struct Step {
    std::size_t j, i;
    bool active;
    bool completes; // this decision made point i decided (its Q, g terms belong to this step)
  };
  int sign(std::size_t j) const { return j < p_ ? 1 : -1; }
  // Adds (dir = +1) or removes (dir = -1) the decided point i's terms of Q and g.
  void add_point(std::size_t i, int dir);
  // Re-evaluates whether c_i y_i^2 is in h (point decided, or undecided with L3 applying).
  void refresh_h(std::size_t i);
  // acc += factor (sum_r lambda_r alpha_r - sum_i rho_i x'_i); a tau_i has no V part.
  void add_alpha(std::vector<mpq_class>& acc, const Multipliers& m, const mpq_class& factor);

  const Lifted& pts_;
  std::size_t k_, p_, D_;
  std::vector<std::uint8_t> state_;                             // k * n, state_[j * n + i]
  std::vector<std::size_t> ndec_, pos_inactive_, neg_inactive_; // per point
  std::vector<char> in_h_;                                      // per point: c_i y_i^2 counted in h
  std::vector<Step> path_;
  std::size_t applied_ = 0; // Q_, g_ hold the terms of the steps path_[0 .. applied_)
  // Q_ (D x D, row-major) holds only its upper triangle a <= b; g_ has D entries.
  std::vector<mpq_class> Q_, g_;
  mpq_class h_;
  std::vector<mpq_class> scratch_; // D
  mpq_class tmp_;
};
