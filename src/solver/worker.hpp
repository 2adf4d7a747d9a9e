// A worker of the search (solver/search.hpp): it takes open nodes from the pool (shared.hpp)
// and plunges depth-first from each. At a node (explore): the float QP bound steers, the exact
// bound (exact_bound.hpp) closes a leaf against the incumbent, witnesses go to the incumbent
// (heuristics.hpp); else the node is split (branching.hpp), each child classified as closed by
// symmetry (symmetry.hpp), closed as empty (its Gordan multipliers), or open; of two open
// children the second goes to the pool; a split with one child closed starts an implied chain
// (descend). Every record goes to the worker's fragment writer (cert/fragments.hpp).
#pragma once

#include "cert/fragments.hpp"
#include "solver/branching.hpp"
#include "solver/exact_bound.hpp"
#include "solver/node_state.hpp"
#include "solver/qp_float.hpp"
#include "solver/shared.hpp"

#include <array>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

namespace relucert {

// One worker: its own node state per tree, plunging from the nodes it takes from the pool
// (Worker::run), closing nodes by exact bounds, empty interiors and symmetry, and offering
// witnesses to the shared incumbent.
class Worker {
public:
  static constexpr double INF = std::numeric_limits<double>::infinity();
  Worker(Shared& sh, size_t id);
  // Takes nodes until the pool is done, or stopped, or (until: on the search's clock, seconds)
  // a plunge ends after `until`.
  void run(double until = INF);
  // After a stop, with the other workers done: closes `nd` at once with its exact bound.
  void close(const OpenNode& nd);

  Tally tally() const; // the worker's part of the result, as of now
  // The worker's part of the result.
  SearchStats stats_;
  std::vector<TreeCounts> counts_; // per tree
  bool have_min_leaf_ = false;
  Rational min_leaf_;
  double min_leaf_f_ = INF;
  double float_inc_ = INF; // float_only mode: the float incumbent

private:
  // Brings the current tree's node state to `path` (pops to the common prefix, pushes the rest).
  void go_to(const std::vector<Constraint>& path);
  // The local copy of the incumbent (inc_, inc_f_, gap_) brought up to date.
  void sync_incumbent();
  // Every worker stops (time limit, interrupt, or a realizable run's zero-loss witness).
  void stop_all() {
    stopping_ = true;
    sh_.stop = true;
    sh_.pool.stop();
  }
  // The gap to which nodes are closed: max(--gap, --rel-gap times the incumbent). The
  // incumbent only falls, so a node closed with bound >= inc - gap at any time has bound
  // >= (1 - r) inc_final: the final interval meets the relative gap too.
  void update_gap() {
    Rational g = opt_.gap ? *opt_.gap : Rational(0);
    if (opt_.rel_gap && *opt_.rel_gap * inc_ > g) g = *opt_.rel_gap * inc_;
    gap_ = g;
    gap_f_ = pb_.loss_f(gap_);
  }
  bool out_of_time() const { return sh_.stop || sh_.out_of_time(); }
  void explore(const std::vector<double>& ip);
  // A child of a branch: closed at once (by sym, or empty with its Gordan multipliers) or
  // open, with an interior point.
  enum class Kind { Sym, Empty, Open };
  struct Child {
    Constraint c{};
    Kind kind = Kind::Open;
    std::pair<int, int> sym{-1, -1};
    std::vector<Multiplier> lam;
    std::vector<SmallMultiplier> slam; // lam in machine integers, if small (the usual case)
    bool small = false;
    std::vector<double> ip;
  };
  // Into k: the child of the current node with constraint c (ip: the node's interior point, not
  // k.ip). k's vectors keep their capacity: a reused Child costs no allocation.
  void classify(Child& k, const Constraint& c, const std::vector<double>& ip);
  // Its record (sym or empty; none if the parent's `implied` record holds it) and counts.
  void write_closed(const Child& k, bool record = true);
  // The record `implied unit point` whose first child k has empty interior (its multipliers).
  void write_implied(int unit, int point, const Child& k);
  // Into the open child k of the current node (x: the node's minimiser if the branch was
  // forced, for an implied chain; bound: the node's bound, valid in the subtree).
  void descend(Child& k, const std::vector<double>* x, double bound);
  // The hinge bound (SearchOptions::hinge): rounds of the float QP with the undecided points
  // that its minimiser puts above max(0, s y_i) as the node's hinge points (NodeState), until
  // the set is stable; qp is the last round's. The hinge points stay for the exact solves.
  // on: those points at qp.x (BranchRule::scan). True if the set settled (or is empty): then
  // qp.value is the minimum of the relaxation (approximately).
  bool hinge_rounds(FloatQpResult& qp, const std::vector<size_t>& on);
  void clear_hinges(); // the set is no longer the node's (it stays for the sums of the next)
  void toggle_hinge(size_t i, double dir);
  void reset_hinge_sums(); // the sums over the set (after dropping it if the tree changed)
  void drop_hinge_set();
  // exact_qp with the node's hinge points, as a certificate: each hinge point's multiplier
  // rho_i = 2 c_i (x'_i . u - s y_i) must be >= 0 (a point with a negative one leaves and the
  // system is solved again); they join lambda with index depth + 2i (FORMAT.md §2).
  ExactBound exact_bound(const std::vector<int>& W, int max_iter, const WeightShift* ws);
  void close_leaf(ExactBound eb); // moved in: its lambda takes the hinge multipliers
  void close_leaf_float(double value);
  bool consider_witness(const RVec& V) {
    return consider_network(network_from_v(pb_, st_->signs(), V));
  }
  bool consider_network(Network net); // a network of the model: the incumbent if better
  // Weight bound (L5): V scaled unit by unit into the ball ||v_j||^2 <= B^2 (exactly),
  // then offered as a witness.
  bool consider_bounded_witness(RVec V);
  // Into r (not p): an interior point of the child with constraint fc, from the cone test's
  // witness v and the parent's interior point p.
  void make_interior(const std::vector<double>& v, const std::vector<double>& p,
                     const FConstraint& fc, std::vector<double>& r) const;
  void poll();

  Shared& sh_;
  const size_t id_;
  const Instance& inst_;
  const Model& model_;
  const SearchOptions& opt_;
  const Problem& pb_;
  const bool exact_, enumerate_, sym_, bounded_, best_first_, hinge_;
  const Rational& B2_;
  const double B_f_, tol_;
  std::vector<std::unique_ptr<NodeState>> states_; // one per tree
  size_t tree_ = 0;                                // index of the current tree
  NodeState* st_ = nullptr;                        // states_[tree_]
  FragmentStore::Writer frags_;
  SilentTracer silent_;
  Tracer& rec_;  // the node records: frags_, or silent_ when nothing is recorded (Shared::records)
  Rational inc_; // the incumbent loss as of inc_seen_ (exact upper bound)
  double inc_f_ = INF; // its double (or, in float_only mode, the float incumbent)
  uint64_t inc_seen_ = UINT64_MAX;
  Rational gap_;
  double gap_f_ = 0;
  bool stopping_ = false;
  std::vector<double> open_bounds_;
  // Nested explores (descend into explore) of the current plunge, at most MAX_NEST: a child
  // past it goes to the pool (explore). A level's frames (explore and descend) take 1.5 KB of
  // stack in a Release build and 10.8 KB in a sanitizer build, whose worker threads (8 MB)
  // overflowed on tests/e2e/interrupted.sh time-depth without the bound: 256 levels, 2.8 MB.
  static constexpr int MAX_NEST = 256;
  int nest_ = 0;
  // Implied chains (descend): on unless symmetry steers the branching (k >= 2), which keeps
  // its own order. A chain goes on for max_stale_ decisions that changed Q and g (x is no
  // longer the minimiser, so its order may pick pairs a fresh QP would not: more branches),
  // n / (50 D): the O(n) scan of a node against the cost of a decision, measured on uniform
  // labels (d = 2, n = 1000: 1.35 s with 0, 0.76 s with 8; d = 5, n = 60: 2.6 s with 0,
  // 3.0 s with 2).
  bool chain_ = true;
  int max_stale_ = 0;
  BranchRule rule_; // the split of a node; its candidates() are the implied chains' order
  // Warm starts of the float QP (issue: incremental float work): the working set, as path
  // depths, that the next explore starts from (its parent's), and real_indices' scratch.
  std::vector<int> warm_, warm_real_;
  const std::vector<int>& real_indices(const std::vector<int>& depths);
  std::vector<double> cone_b_; // classify's scratch: the cone test's target and result
  ConeTest cone_;
  std::array<Child, 2> chain_kids_; // descend's implied chain: its two children, reused

  std::vector<size_t> hinge_set_; // the node's hinge points (hinge_rounds) if hinge_live_
  std::vector<char> hinge_mask_;  // per point: in hinge_set_
  bool hinge_live_ = false;       // hinge_set_ is this node's; else the last node's (for sums)
  // Float sums over hinge_set_ (Q, g, h terms; toggle_hinge), of tree hinge_tree_.
  std::vector<double> hinge_q_, hinge_g_;
  double hinge_h_ = 0;
  size_t hinge_tree_ = SIZE_MAX, hinge_calls_ = 0;
  BranchRule::HingeScan hscan_;
  std::vector<WideMultiplier> wide_; // close_leaf's hinge multipliers in 128 bits
};

} // namespace relucert
