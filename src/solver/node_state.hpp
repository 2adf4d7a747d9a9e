// The state of a search node: which (unit, point) pairs are decided along the path,
// the path constraints, and the node's quadratic underestimator
//   q(V) = V'QV - 2g'V + h      (certs/MATH.md §5, L3; no 1/2 in front of Q)
// maintained incrementally as a floating-point shadow and exactly. The exact Q, g and h are
// formed as rationals only when read (an exact solve needs them at about one node in a
// hundred). Kept up to date at every push and pop is, when the instance fits machine integers
// (Problem::ints), their integer numerators over IntData's fixed denominators, in 128-bit
// integers that cannot wrap; otherwise h exactly (one GMP addition) and, for Q and g, a
// journal of the points decided and undecided since the last read, applied in GMP when read
// (a push and the pop that undoes it cancel in the journal and cost nothing exact).
#pragma once

#include "exact/linalg.hpp"
#include "solver/constraint.hpp"
#include "solver/problem.hpp"

#include <cmath>
#include <vector>

namespace relucert {

enum class Act : signed char { Undecided, Active, Inactive };

// The hinge points' thresholds (k = 1, s y_i: the unit's sign times y_i): a point at t = v.x'_i
// lies above max(0, s y_i), where the hinge bound's term is its term's, if t > hinge_join
// (hinge_on, with a relative margin of 1e-9); the hinge rounds keep a point while t >=
// hinge_stay, s y less a margin (without it the set can cycle; Worker::hinge_rounds).
inline double hinge_join(double sy) {
  const double m = sy > 0 ? sy : 0.0;
  return m + 1e-9 * (1 + m);
}
inline double hinge_stay(double sy) {
  return sy - 1e-9 * (1 + std::abs(sy));
}

class NodeState {
public:
  // Tree p: units 0..p-1 have sign +1, units p..k-1 sign -1.
  NodeState(const Problem& pb, int p);

  const Problem& problem() const { return pb_; }
  int p() const { return p_; }
  const std::vector<int>& signs() const { return signs_; }
  Act act(size_t j, size_t i) const { return act_[i * pb_.k + j]; }
  bool decided(size_t i) const { return ndec_[i] == pb_.k; }
  bool all_decided() const { return undecided_points_ == 0; }
  // The undecided points: undecided_count() of them from undecided_list(), in an order that is a
  // function of the path (a decision swaps its point to the end of the list; pop swaps it back).
  const size_t* undecided_list() const { return und_.data(); }
  size_t undecided_count() const { return undecided_points_; }
  // Coordinate a of the float x'_i (Problem::xf) of the list's points, in the list's order: the
  // scans' dot products read it in order (BranchRule::compute_dots). Also in the list's order,
  // for the scans of k = 1: y_i and c_i (Problem::yf, cf), and c y^2 (cyyf) where rule L3
  // applies to the point with no unit decided on it, else 0 (with k = 1: while it is undecided);
  // and the hinge rounds' thresholds hinge_join(s y_i), hinge_stay(s y_i) of unit 0's sign s.
  const double* undecided_column(size_t a) const { return und_cols_.data() + a * pb_.n; }
  const double* undecided_y() const { return undecided_column(pb_.dp); }
  const double* undecided_c() const { return undecided_column(pb_.dp + 1); }
  const double* undecided_l3() const { return undecided_column(pb_.dp + 2); }
  const double* undecided_join() const { return undecided_column(pb_.dp + 3); }
  const double* undecided_stay() const { return undecided_column(pb_.dp + 4); }
  size_t depth() const { return path_.size(); }

  void push(const Constraint& c);
  void pop();

  const std::vector<Constraint>& path() const { return path_; }
  const std::vector<FConstraint>& fpath() const { return fpath_; }
  // The path constraints that are not implied (Constraint::implied), which describe the same
  // region, and the depth of each: the float QP and cone tests work on these.
  const std::vector<FConstraint>& freal() const { return freal_; }
  // freal() as the rows of an m x D matrix (row-major): alpha_r with its sign, zero outside its
  // unit's block (the cone test's dot products read them in order).
  const double* freal_rows() const { return freal_rows_.data(); }
  const std::vector<int>& real_depth() const { return real_depth_; }
  FConstraint fcon(const Constraint& c) const;

  // Exact underestimator (formed first if stale: O(D^2) divisions, or with GMP only the
  // journal, O(pending points k^2 dp^2)).
  const RMat& Q() const {
    sync();
    return Q_;
  }
  const RVec& g() const {
    sync();
    return g_;
  }
  const Rational& h() const {
    sync();
    return h_;
  }
  // The machine-integer form (ints(): the instance fits, problem.hpp IntData): Q, g, h are
  // Qi / qden, gi / gden, hi / hden entry by entry, exactly, at every step.
  bool ints() const { return ints_; }
  const std::vector<i128>& Qi() const { return Qi_; }
  const std::vector<i128>& gi() const { return gi_; }
  i128 hi() const { return hi_; }
  // Floating-point shadow, row-major.
  const std::vector<double>& Qf() const { return Qf_; }
  const std::vector<double>& gf() const { return gf_; }
  double hf() const { return hf_; }

  // Does the L3 rule bound point i's term below by c y^2 (point undecided)?
  bool rule_applies(size_t i) const { // (inline: the scans of a node ask it of every point)
    const size_t npos = static_cast<size_t>(p_), nneg = pb_.k - npos;
    const int ys = pb_.ysign[i];
    return (ys <= 0 && neg_inactive_[i] == nneg) || (ys >= 0 && pos_inactive_[i] == npos);
  }

  // Hinge points (k = 1, certs/MATH.md §11, Theorem 11.1): undecided points whose terms are in the
  // exact Q, g and h as if the unit were active on them, with no path constraint: Q + c x'x'^T,
  // g + c s y x', and c y^2 counted once in h. The float shadow leaves them out (the worker
  // steers with its own copy). For the exact solves of one node: hinge_clear() restores the
  // state before the next push or pop.
  void hinge_add(size_t i);
  void hinge_clear();
  const std::vector<size_t>& hinges() const { return hinge_; }

private:
  void add_decided(size_t i, int sgn,
                   bool floats = true); // sgn: +1 add, -1 remove; floats: the shadow too
  void add_h(size_t i, int sgn);        // the exact h +- c y^2 of point i
  void sync() const;                    // forms Q_, g_, h_ (integers) or applies the journal
  void update_point(size_t i, bool was_decided, bool was_rule, int dir);

  const Problem& pb_;
  int p_;
  std::vector<int> signs_;
  std::vector<Act> act_;
  std::vector<size_t> ndec_, pos_inactive_, neg_inactive_;
  size_t undecided_points_ = 0;
  std::vector<size_t> und_, und_at_; // the list (undecided first) and each point's place in it
  std::vector<size_t> und_from_;     // per decision that decided a point: where it stood
  std::vector<double> und_cols_;     // dp + 5 columns of n: undecided_column, y, c, l3, join, stay
  void swap_places(size_t s, size_t t); // und_cols_'s entries s and t, in every column
  std::vector<Constraint> path_;
  std::vector<FConstraint> fpath_, freal_;
  std::vector<int> real_depth_;
  std::vector<double> freal_rows_;
  // The exact Q and g as of the last sync(), and the journal since: point i added (sgn = +1)
  // or removed (-1) with the units active on it, on_[first, first + count).
  struct Pending {
    size_t i;
    int sgn;
    size_t first, count;
  };
  mutable RMat Q_;
  mutable RVec g_;
  mutable std::vector<Pending> pending_;
  mutable std::vector<size_t> on_;
  mutable RMat cxx_; // scratch: c x'x'^T of one point
  mutable RVec cyx_; // scratch: c y x'
  mutable Rational h_;
  // The machine-integer form (ints_ = pb.ints.ok): numerators of Q, g, h, exact at every step.
  bool ints_ = false;
  std::vector<i128> Qi_, gi_; // D x D row-major, D
  i128 hi_ = 0;
  mutable bool stale_ = false; // Q_, g_, h_ not yet formed from Qi_, gi_, hi_
  std::vector<double> Qf_, gf_;
  double hf_ = 0;
  std::vector<double> saved_; // per depth: Qf, gf, hf before the push (one flat stack)
  std::vector<size_t> hinge_; // the hinge points, in the order added
};

} // namespace relucert
