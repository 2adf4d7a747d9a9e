// Branching (certs/MATH.md §3, L2): the (unit, point) pair a node is split on. The search
// splits on the most violated point, the undecided point whose squared error at the node's
// float minimiser x exceeds its L3 term most, and on the unit with the largest |x'_i . v_j|
// there; the implied chains (solver/worker.hpp) decide the next most violated points too.
#pragma once

#include "io/instance.hpp"
#include "solver/exact_bound.hpp"
#include "solver/node_state.hpp"

#include <cmath>
#include <functional>
#include <utility>
#include <vector>

namespace relucert {

// Does a point at t = v.x'_i (one unit) lie above max(0, s y_i), where the hinge bound's term
// (certs/MATH.md §11) is its term's? (With a relative margin of 1e-9.)
inline bool hinge_on(double t, double sy) {
  return t > hinge_join(sy);
}

class BranchRule {
public:
  explicit BranchRule(double tol) : tol_(tol) {}
  // The float loss at x (st's signs), and candidates() filled with (violation, point) of the
  // undecided points that x violates (the squared error beyond the L3 rule's term).
  // hinge (optional): per point, a hinge point of the node, whose term its bound has exactly at x.
  // dots_at_x (k = 1): dots() holds this x's t = x'_i . x already (compute_dots), else scan
  // forms them.
  double scan(const NodeState& st, const std::vector<double>& x,
              const std::vector<char>* hinge = nullptr, bool dots_at_x = false);
  // k = 1: t = x'_i . x of every undecided point, in the order of NodeState::undecided_list,
  // into dots(): the one pass of a node's scans (hinge_points, the hinge rounds, scan) that
  // forms the dot products; the others read them.
  void compute_dots(const NodeState& st, const std::vector<double>& x);
  const std::vector<double>& dots() const { return dots_; }
  // k = 1: the undecided points that x puts above max(0, s y_i) (where the hinge bound's term
  // is their term's) and what their terms add at x to the L3 bound's.
  struct HingeScan {
    std::vector<size_t> on; // in the order of NodeState::undecided_list
    double gain = 0;
  };
  // Reads t from dots(), which must hold them at the x of the hinge points' test.
  void hinge_points(const NodeState& st, HingeScan& hs) const;
  std::vector<std::pair<double, size_t>>& candidates() { return cands_; }
  // The pair to split on: the most violated point of the last scan (of the same x); if none,
  // the most violated point at the exact minimiser eb->u, looked at exactly (out_of_time is
  // read every 4096 points: then any split will do, (-1, -1)); (-1, -1) if none is violated.
  std::pair<int, int> pick(const NodeState& st, const std::vector<double>& x, const ExactBound* eb,
                           const Instance& inst, const std::function<bool()>& out_of_time) const;

private:
  double tol_;
  std::vector<std::pair<double, size_t>> cands_;
  std::vector<double> dots_;
};

// The float output of the sign-normalised network x (st's signs) on point i, and its loss.
double point_output(const NodeState& st, size_t i, const std::vector<double>& x);
double float_loss(const NodeState& st, const std::vector<double>& x);
// The undecided unit on (undecided) point i with the largest |x'_i . v_j|, else (a NaN) the
// first undecided one: always a valid split.
int best_unit(const NodeState& st, size_t i, const std::vector<double>& x);
bool any_active(const NodeState& st, size_t i); // some unit decided active on point i
// The first undecided pair (unit, point) on a point with x'_i != 0, or (-1, -1).
std::pair<int, int> first_undecided(const NodeState& st);

} // namespace relucert
