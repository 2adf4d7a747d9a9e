// Per-tree state of relucheck: the decisions on the current path and Q, g, h of L3, maintained
// incrementally (updated when a branch is entered, undone when it is left).
#pragma once

#include "instance.hpp"
#include "rational.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

// The instance lifted to x'_i = (x_i [, 1]) and scaled to integers once: x'_i = z_i / L,
// c_i = cz_i / L and y_i = yz_i / L, L the lcm of all denominators. The sums of L3 are then
// integer sums over L^3: Q = Qz / L^3, g = gz / L^3, h = hz / L^3.
struct Lifted {
  Lifted(const Instance& inst, std::size_t bias);
  std::size_t n, dp; // d' = d + bias
  mpz_class L = 1, L3;
  std::vector<mpz_class> z, cz, cyz;  // n * d': z_i, cz_i z_i, cz_i yz_i z_i (no n d'^2 table)
  std::vector<mpz_class> yz, c4, cy2; // n: yz_i, 4 cz_i, cz_i yz_i^2
  std::vector<char> nonzero;          // n: x'_i != 0 (rule Z otherwise)
};

// A sum of terms (num / den) v, v an integer vector, den > 0, kept as N / B with B the lcm of
// the denominators so far: every step is integer arithmetic, and nothing is reduced.
struct Sum {
  std::vector<mpz_class> N;
  mpz_class B, t;
  void reset(std::size_t size) { N.assign(size, 0), B = 1; }
  // N / B += (neg ? -1 : 1) (num / den) v[0 .. len), into N[off .. off + len).
  void add(const mpz_class& num, const mpz_class& den, bool neg, const mpz_class* v,
           std::size_t off, std::size_t len = 1);
  mpq_class at(std::size_t a, const mpz_class& scale) const { return ratio(N[a], B * scale); }
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
    bool active, completes; // completes: the step made point i decided (and added its Q, g terms)
  };
  int sign(std::size_t j) const { return j < p_ ? 1 : -1; }
  // Adds (dir = +1) or removes (dir = -1) the decided point i's terms of Q and g.
  void add_point(std::size_t i, int dir);
  // Re-evaluates whether c_i y_i^2 is in h (point decided, or undecided with L3 applying).
  void refresh_h(std::size_t i);
  // sum_ = L (sum_r lambda_r alpha_r - sum_i rho_i x'_i); a tau_i has no V part.
  void add_alpha(const Multipliers& m);

  const Lifted& pts_;
  std::size_t k_, p_, D_;
  std::vector<std::uint8_t> state_;                             // k * n, state_[j * n + i]
  std::vector<std::size_t> ndec_, pos_inactive_, neg_inactive_; // per point
  std::vector<char> in_h_;                                      // per point: c_i y_i^2 counted in h
  std::vector<Step> path_;
  // Qz, gz, hz of Lifted: Q_ (D x D, row-major) holds only its upper triangle a <= b.
  std::vector<mpz_class> Q_, g_;
  mpz_class h_;
  Sum sum_, qu_, l6_;
};
