// Global search for the optimal fit (certs/MATH.md §2-§6, L1-L4): one case-split tree per
// sign split p, closed by exact bounds or empty-interior certificates. The open nodes of all
// trees wait in one pool, taken best bound first; from each, the search plunges depth-first.
// Subtrees close in any order and are stitched into one preorder walk per tree for the
// Tracer at the end (cert/fragments.hpp).
//
// How a node flows through src/solver: fit() (search.cpp) sets up the Problem (problem.hpp:
// the instance in floats and scaled integers), offers the primal heuristics' networks to the
// incumbent (heuristics.hpp), puts each tree's root in the NodePool (pool.hpp) and starts the
// workers (worker.hpp), which share shared.hpp's state. A worker takes a node, brings its
// NodeState (node_state.hpp: the path, Q, g, h) there and explores it: the float QP
// (qp_float.hpp; weight_bound.hpp in the bounded setting) steers, the exact bound
// (exact_bound.hpp) closes a leaf; otherwise BranchRule (branching.hpp) picks the split, each
// child is closed by symmetry (symmetry.hpp) or as empty, or stays open, and the worker plunges
// into one open child while the other waits in the pool. After a stop every open node is
// closed with its own exact bound; then the fragments are replayed to the Tracer.
#pragma once

#include "cert/tracer.hpp"
#include "io/instance.hpp"
#include "solver/model.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace relucert {

enum class Strategy {
  BranchAndBound, // prune by exact bounds against the incumbent
  Enumerate       // visit every full-dimensional cell, no bound pruning (baseline)
};

// Node selection: best bound first with depth-first plunging (the default), or depth-first
// only (the search order before the pool; for comparisons and tests).
enum class Selection { BestFirst, DepthFirst };

class Channel; // solver/remote.hpp

struct Progress {
  uint64_t nodes = 0;
  uint64_t open = 0;           // open nodes in the pool
  size_t depth = 0;            // of the node being explored
  double lower = 0, upper = 0; // approximate proved interval so far (lower >= 0)
  double seconds = 0;
};

struct SearchOptions {
  Strategy strategy = Strategy::BranchAndBound;
  Selection selection = Selection::BestFirst;
  // Workers sharing the pool, each in a thread of its own (1: the calling thread only).
  size_t threads = 1;
  // Bytes of open nodes (their paths and interior points) the pool may hold; beyond it a node
  // is explored depth-first to the end instead of leaving its second child in the pool, so the
  // pool stops growing (the lower end then rises more slowly).
  size_t pool_memory = size_t(1) << 30;
  double time_limit = 0; // seconds; 0 means none
  // The time limit counts from here (a program passes its own start, so that reading the
  // instance counts too); the default (the epoch) means: from the call of fit.
  std::chrono::steady_clock::time_point start{};
  std::optional<Rational> gap;     // stop when upper - lower <= gap (absolute)
  std::optional<Rational> rel_gap; // ... or when upper - lower <= rel_gap * upper (0 <= r < 1)
  const std::atomic<int>* interrupt = nullptr;   // non-zero: stop as soon as possible
  std::function<void(const Progress&)> progress; // called once per progress interval
  double progress_interval = 1.0;                // seconds between progress calls and curve samples
  // Benchmark mode: prune on floating-point bounds only, no exact arithmetic and
  // no certificate (the tracer sees nothing). Results are then approximate.
  bool float_only = false;
  // The exact kernels' machine-integer fast path where the instance fits (solver/problem.hpp,
  // IntData); false: GMP throughout (the same results; tests the fallback).
  bool machine_ints = true;
  // A split whose one child has empty interior is written as one `implied` record (certs/
  // FORMAT.md §2) instead of `branch` + `empty`; false: the two records (for a checker that
  // predates the record).
  bool implied_records = true;
  // The hinge bound (k = 1 without a weight bound; certs/MATH.md §11, Theorem 11.1): undecided
  // points that the node's minimiser predicts above max(0, s y_i) enter its bound with the convex
  // envelope of their terms, written as hinge multipliers of the leaf (certs/FORMAT.md §2);
  // false: the L3 bound alone (undecided points count c y^2 or 0).
  bool hinge = true;
  // Realizability: is OPT = 0? Prune every node whose exact bound is positive and
  // stop as soon as a witness of loss exactly 0 is found. The result is then either
  // OPT = 0 (lower = upper = 0) or a proved lower bound > 0 (lower = min leaf bound).
  bool realizable = false;
  // Symmetry between units of equal sign (certs/FORMAT.md §4, record `sym`): close every
  // node where two adjacent equal-sign units are decided equal on the points before t
  // and the lower one is active, the upper inactive on t. Off: explore all k! copies.
  bool symmetry = true;
  // Workers in other processes (solver/remote.hpp), served by proxy threads beside the
  // `threads` local workers (which may then be 0). Each takes a node, explores it for about
  // remote_slice seconds and returns the closed part and the nodes left open.
  std::vector<Channel*> remotes;
  double remote_slice = 0.1;
  size_t remote_batch = 16; // nodes per work item at most (while the pool is not thin)
  // If not empty: a line per remote work item is appended to this file (solver/remote.hpp,
  // bench/mpi_sim.py reads it): what was sent, when, how long the worker worked, what came back.
  std::string remote_trace;
  // Candidate networks (primal heuristics, a user's network: solver/heuristics.hpp), offered
  // to the exact witness check after the zero network; one that is not a network of the model
  // (model_mismatch) is skipped.
  std::vector<Network> initial;
};

struct SearchStats {
  uint64_t nodes = 0, branches = 0, leaves = 0, empties = 0, syms = 0;
  uint64_t cell_leaves = 0;     // leaves with every point decided
  uint64_t exact_solves = 0;    // exact KKT systems solved
  uint64_t implied = 0;         // branches of implied chains (one child closed, no QP of their own)
  uint64_t implied_records = 0; // branch + empty pairs written as one `implied` record
  uint64_t hinge_leaves = 0;    // leaves whose bound has hinge multipliers
  uint64_t weak_leaves = 0;     // leaves whose bound is below the incumbent (interval results)
  uint64_t incumbent_updates = 0;
  uint64_t pool_max = 0;      // the most open nodes the pool held at once
  uint64_t open_at_stop = 0;  // open nodes closed at once after a stop
  double close_seconds = 0;   // ... and the time that took
  double close_predicted = 0; // ... and what the search expected it to take (its stop rule)
  bool plunged = false;       // the search went depth first to keep the pool closable in time
  double seconds = 0;
  // The counters that a search's parts add up (Tally, the remote protocol), in one list:
  // pointers into s (const for a const s).
  template <class S> static auto sums(S& s) {
    return std::array{&s.nodes,        &s.branches,    &s.leaves,
                      &s.empties,      &s.syms,        &s.cell_leaves,
                      &s.exact_solves, &s.implied,     &s.implied_records,
                      &s.hinge_leaves, &s.weak_leaves, &s.incumbent_updates};
  }
};

struct FitResult {
  Rational lower, upper; // proved: lower <= OPT <= upper
  Network witness;       // loss exactly `upper`
  bool optimal = false;  // lower == upper
  bool stopped = false;  // time limit or interrupt
  SearchStats stats;
  double lower_approx = 0, upper_approx = 0; // float_only mode results
  // The proved interval over time (approximate), one sample per progress interval and one at
  // the end (the final, exact interval's approximations).
  std::vector<Progress> curve;
};

FitResult fit(const Instance& inst, const Model& model, const SearchOptions& opt, Tracer& tracer);

} // namespace relucert
