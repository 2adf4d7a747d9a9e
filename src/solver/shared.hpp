// What the search's workers share (solver/worker.hpp): the problem and the options, the
// incumbent, the stop flag, the pool of open nodes, the certificate's fragments, and the
// progress they report.
#pragma once

#include "cert/fragments.hpp"
#include "solver/pool.hpp"
#include "solver/problem.hpp"
#include "solver/search.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <limits>
#include <mutex>
#include <vector>

namespace relucert {

// What a worker (or a proxy of a remote one) adds to the result.
struct Tally {
  SearchStats stats;
  std::vector<TreeCounts> counts; // per tree
  bool have_min_leaf = false;
  Rational min_leaf;
  double min_leaf_f = std::numeric_limits<double>::infinity();
  double float_inc = std::numeric_limits<double>::infinity(); // float_only mode
  void add(const Tally& t);
};

struct Shared {
  using Clock = std::chrono::steady_clock;
  Shared(const Instance& inst_, const Model& model_, const SearchOptions& opt_)
      : inst(inst_), model(model_), opt(opt_),
        start(opt_.start == Clock::time_point{} ? Clock::now() : opt_.start),
        last_progress(Clock::now()), close_cost(0), plunge_only(false),
        pb(
            inst_, model_, [this] { return out_of_time(); }, opt_.machine_ints),
        pool(opt_.pool_memory) {}

  double seconds() const { return std::chrono::duration<double>(Clock::now() - start).count(); }
  // An interrupt, or the time limit reached (counted from opt.start), or so near that closing
  // the open nodes (each with an exact bound, in parallel by `closers` workers) would take the
  // rest of it: closing_estimate(). On the way there, once the estimate exceeds half the limit,
  // the search stops adding to the pool (plunge_only: depth first), so that the time left goes
  // into the search rather than into closing a pool that grows. (Measured, bench/RESULTS.md:
  // closing took 0.5-2.4 times the estimate.)
  bool out_of_time() const {
    if (opt.interrupt && opt.interrupt->load() != 0) return true;
    if (opt.time_limit <= 0) return false;
    const double now = seconds(), close = closing_estimate();
    if (close > 0.5 * opt.time_limit) plunge_only = true;
    return now + close >= opt.time_limit;
  }
  // Seconds to close the pool now: its size times close_cost, over the closers.
  double closing_estimate() const {
    const double c = close_cost.load(std::memory_order_relaxed);
    return c > 0 ? c * static_cast<double>(pool.size()) / static_cast<double>(closers) : 0;
  }
  // A sample of the wall time of one node evaluated with an exact bound (what closing a node
  // costs): close_cost follows them (a running mean over about 32 samples).
  void cost_sample(double s) {
    const double c = close_cost.load(std::memory_order_relaxed);
    close_cost.store(c > 0 ? c + (s - c) / 32 : s, std::memory_order_relaxed);
  }
  // The fields below set from the options and the problem, for `workers` takers of the pool
  // (threads, and proxies of workers in other processes: solver/remote.hpp).
  void prepare(size_t workers);
  // A network of the model with exact loss `loss` becomes the incumbent if it is better than
  // the incumbent now; true if it did.
  bool offer(Network net, const Rational& loss);
  // A progress report, at most one per interval (whoever calls first): `depth` and
  // `own_lower` (the least bound pending in the caller's plunge) from the caller; float_inc,
  // the caller's float incumbent in float_only mode.
  void poll(size_t depth, double own_lower, double float_inc);
  // The zero network (every v_j = 0) with the given signs; a_j = 1 in the nonneg model.
  Network zero_network(const std::vector<int>& signs) const {
    Network zero = network_from_v(pb, signs, RVec(pb.D, Rational(0)));
    if (model.nonneg)
      for (Unit& u : zero)
        u.a = Rational(1);
    return zero;
  }

  const Instance& inst;
  Model model;
  const SearchOptions& opt;
  Clock::time_point start; // before pb: its set-up watches the clock
  Clock::time_point last_progress;
  // Before pb, whose set-up calls out_of_time(): see closing_estimate() (pool is read only
  // once close_cost > 0, when workers run).
  std::atomic<double> close_cost;
  mutable std::atomic<bool> plunge_only;
  size_t closers = 1; // local workers, which close the open nodes at a stop
  Problem pb;
  bool exact = true, enumerate = false, sym = false, best_first = true;
  bool bounded = false; // model.weight_bound
  Rational B2;
  double B_f = 0;
  double tol = 0;         // absolute loss tolerance for floating decisions
  std::vector<int> trees; // the sign splits p searched
  NodePool pool;
  FragmentStore frags; // exact mode: where node events go
  bool records = true; // false: no certificate (the tracer discards), workers record nothing
  // The incumbent (upper bound) and its witness; a new version for every improvement.
  std::mutex inc_m;
  Rational inc;
  Network witness;
  std::atomic<uint64_t> inc_version{0};
  std::atomic<double> inc_f{
      std::numeric_limits<double>::infinity()}; // its double, for progress displays
  std::atomic<bool> stop{false}; // a worker saw the time limit, an interrupt or the end
  // Progress: one display per interval, whoever notices; the curve of FitResult.
  std::mutex progress_m;
  std::vector<Progress> curve;
  std::atomic<double> min_leaf_f{
      std::numeric_limits<double>::infinity()}; // the least closed leaf bound (float)
  std::vector<std::atomic<double>> plunge;      // per worker: its plunge's bound (INF: idle)
  std::vector<std::atomic<uint64_t>> nodes;     // per worker: nodes explored (every 64)
  // SearchOptions::remote_trace, open (proxies write to it under trace_m), or null.
  std::FILE* trace = nullptr;
  std::mutex trace_m;
};

} // namespace relucert
