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
        last_progress(Clock::now()),
        pb(
            inst_, model_, [this] { return out_of_time(); }, opt_.machine_ints),
        pool(opt_.pool_memory) {}

  double seconds() const { return std::chrono::duration<double>(Clock::now() - start).count(); }
  // An interrupt, or the time limit reached (counted from opt.start).
  bool out_of_time() const {
    return (opt.interrupt && opt.interrupt->load() != 0) ||
           (opt.time_limit > 0 && seconds() >= opt.time_limit);
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
  Problem pb;
  bool exact = true, enumerate = false, sym = false, best_first = true;
  bool bounded = false; // model.weight_bound
  Rational B2;
  double B_f = 0;
  double tol = 0;         // absolute loss tolerance for floating decisions
  std::vector<int> trees; // the sign splits p searched
  NodePool pool;
  FragmentStore frags; // exact mode: where node events go
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
