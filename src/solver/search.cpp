#include "solver/search.hpp"

#include "solver/heuristics.hpp"
#include "solver/remote.hpp"
#include "solver/shared.hpp"
#include "solver/worker.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <tuple>

namespace relucert {

namespace {

using Clock = Shared::Clock;
constexpr double INF = std::numeric_limits<double>::infinity();

class Search {
public:
  Search(const Instance& inst, const Model& model, const SearchOptions& opt, Tracer& tr)
      : sh_(inst, model, opt), tr_(tr) {}
  FitResult run();

private:
  // The set-up was stopped (Problem incomplete): the zero network and, per tree, one leaf
  // at the root with u = 0 and no multipliers, whose bound is the root's h (FORMAT.md §3).
  FitResult run_trivial();

  Shared sh_;
  Tracer& tr_;
};

FitResult Search::run_trivial() {
  const Problem& pb = sh_.pb;
  const Instance& inst = sh_.inst;
  const std::vector<int> trees = sh_.model.required_trees();
  std::vector<int> signs(pb.k);
  for (size_t j = 0; j < pb.k; ++j)
    signs[j] = static_cast<int>(j) < trees.front() ? 1 : -1;
  const Network zero = sh_.zero_network(signs);
  // The zero network's loss sum c y^2; the root's h adds c y^2 for the points with x'_i = 0
  // (rule Z) and for the points where rule L3 holds with no pair decided: y <= 0 when every
  // unit is +1 (p = k), y >= 0 when every unit is -1 (p = 0).
  Rational all(0), nonpos(0), nonneg(0), zeros(0);
  for (size_t i = 0; i < pb.n; ++i) {
    Rational t = inst.c[i] * inst.y[i] * inst.y[i];
    bool z = !pb.bias;
    for (const Rational& v : inst.x[i])
      z = z && v.is_zero();
    if (z)
      zeros += t;
    else if (inst.y[i].sign() <= 0)
      nonpos += t;
    else
      nonneg += t;
    all += t;
  }
  FitResult res;
  res.upper = all;
  res.witness = zero;
  res.lower = all;
  if (sh_.exact) tr_.begin(inst, sh_.model);
  for (int p : trees) {
    Rational h = zeros;
    if (static_cast<size_t>(p) == pb.k) h += nonpos;
    if (p == 0) h += nonneg; // y = 0 adds nothing to either
    if (h < res.lower) res.lower = h;
    TreeCounts counts;
    counts.leaves = 1;
    ++res.stats.nodes;
    ++res.stats.leaves;
    if (sh_.exact) {
      tr_.begin_tree(p);
      tr_.leaf(RVec(pb.D, Rational(0)), sh_.bounded ? RVec(pb.k, Rational(0)) : RVec{}, {});
      tr_.end_tree(p, counts);
    }
  }
  res.stats.seconds = sh_.seconds();
  res.stopped = true;
  res.optimal = res.lower == res.upper;
  res.upper_approx = scaled_double(res.upper, 0);
  res.lower_approx = scaled_double(res.lower, 0);
  if (sh_.exact) tr_.finish(res.witness, res.upper, res.lower);
  return res;
}

FitResult Search::run() {
  const SearchOptions& opt = sh_.opt;
  Problem& pb = sh_.pb;
  // Local workers (at least one, unless remote workers do the work: then workers[0] only
  // closes the open nodes after a stop, or takes over if every remote worker is gone), and
  // after them the proxies of the remote workers, each a taker of the pool of its own.
  // (The float-bounds-only benchmark mode runs here alone: it writes no records to return.)
  const std::vector<Channel*> remotes = opt.float_only ? std::vector<Channel*>{} : opt.remotes;
  const size_t local = remotes.empty() ? std::max<size_t>(1, opt.threads) : opt.threads;
  const size_t threads = std::max<size_t>(1, local);
  sh_.prepare(threads + remotes.size());
  sh_.closers = threads;
  if (!pb.complete) return run_trivial();
  // Initial incumbent: the zero network (every v_j = 0); exact_loss is sum c y^2.
  {
    std::vector<int> signs(pb.k);
    for (size_t j = 0; j < pb.k; ++j)
      signs[j] = static_cast<int>(j) < sh_.trees.front() ? 1 : -1;
    sh_.witness = sh_.zero_network(signs);
    sh_.inc = pb.zero_loss;
    sh_.inc_f = pb.loss_f(pb.zero_loss);
  }
  uint64_t initial_updates = 0;
  // The caller's candidates (heuristics, --init): the best becomes the incumbent; one that is
  // not a network of the model is skipped.
  for (const Network& net : opt.initial) {
    if (!sh_.exact || model_mismatch(net, sh_.model, sh_.inst.d)) continue;
    std::optional<Rational> loss = exact_loss_below(sh_.inst, net, sh_.inc, [this] {
      if (sh_.out_of_time()) sh_.stop = true;
      return sh_.stop.load();
    });
    if (!loss) continue;
    sh_.inc = *loss;
    sh_.inc_f = pb.loss_f(*loss);
    sh_.witness = net;
    ++sh_.inc_version;
    ++initial_updates;
  }
  if (opt.realizable && sh_.inc.is_zero()) sh_.stop = true; // a zero-loss candidate: done
  if (sh_.stop) sh_.pool.stop();                            // every root is closed at once below
  std::vector<double> ip(pb.D); // an interior point of the whole space (no constraint yet)
  for (size_t a = 0; a < pb.D; ++a)
    ip[a] = 1.0 / (1.0 + 0.6180339887 * static_cast<double>(a + 1));
  std::vector<size_t> root_frag;
  // The certificate writer: records formatted by workers (and remote workers return text).
  sh_.frags.use_text(tr_.takes_text() || !remotes.empty());
  // No certificate: no records (remote workers send theirs whatever the tracer).
  sh_.records = !(tr_.discards() && remotes.empty());
  for (size_t t = 0; t < sh_.trees.size(); ++t) { // every tree's root is open
    root_frag.push_back(sh_.frags.create());
    sh_.pool.push(OpenNode{t, {}, ip, -INF, 0, root_frag.back(), {}});
  }
  std::vector<std::unique_ptr<Worker>> workers;
  for (size_t w = 0; w < threads; ++w)
    workers.push_back(std::make_unique<Worker>(sh_, w));
  // Best bound first; each worker plunges from the nodes it takes. An exception in a worker
  // (searching, serving a remote one, or closing) stops them all and is thrown here.
  std::mutex err_m;
  std::exception_ptr err;
  auto guarded = [&](auto&& job) {
    try {
      job();
    } catch (...) {
      std::lock_guard<std::mutex> lock(err_m);
      if (!err) err = std::current_exception();
      sh_.stop = true;
      sh_.pool.stop();
    }
  };
  auto work = [&](Worker& w) { guarded([&] { w.run(); }); };
  std::vector<Tally> remote_tally(remotes.size());
  if (!opt.remote_trace.empty() && !remotes.empty()) {
    sh_.trace = std::fopen(opt.remote_trace.c_str(), "w");
    if (!sh_.trace) throw std::runtime_error("cannot write the trace " + opt.remote_trace);
    std::fprintf(
        sh_.trace,
        "# relucert remote trace: item <proxy> <fragments sent, comma-separated> <depth> <sent s> "
        "<received s> <applied s> <worker busy s> <bytes out> <bytes in> "
        "<nodes> <fragments of the open nodes returned>...\n");
  }
  std::atomic<size_t> remotes_alive{remotes.size()};
  auto serve = [&](size_t r) {
    guarded([&] {
      if (run_proxy(sh_, threads + r, *remotes[r], remote_tally[r])) return;
      // The remote worker is gone; the last one gone with no local worker: one takes over.
      if (remotes_alive.fetch_sub(1) == 1 && local == 0) workers[0]->run();
    });
  };
  std::vector<std::thread> pool_threads;
  for (size_t w = 1; w < local; ++w)
    pool_threads.emplace_back(work, std::ref(*workers[w]));
  for (size_t r = 0; r < remotes.size(); ++r)
    pool_threads.emplace_back(serve, r);
  if (local > 0) work(*workers[0]);
  for (std::thread& t : pool_threads)
    t.join();
  if (sh_.trace) std::fclose(sh_.trace);
  sh_.trace = nullptr;
  if (err) std::rethrow_exception(err);
  // Stopped: every open node is closed at once with its own exact bound, by the local workers
  // in parallel, each a contiguous share of the nodes in path order, so that consecutive nodes
  // share most of their path (few pushes and pops, little exact work to bring Q and g up to
  // date): about 0.3 ms per node on n = 1000, d = 3, 4 ms on d = 10 (bench/RESULTS.md).
  const double predicted = sh_.closing_estimate(); // (before the pool is drained)
  std::vector<OpenNode> rest = sh_.pool.drain();
  std::sort(rest.begin(), rest.end(), [](const OpenNode& a, const OpenNode& b) {
    if (a.tree != b.tree) return a.tree < b.tree;
    return std::lexicographical_compare(a.path.begin(), a.path.end(), b.path.begin(), b.path.end(),
                                        [](const Constraint& x, const Constraint& y) {
                                          return std::tie(x.point, x.unit, x.active) <
                                                 std::tie(y.point, y.unit, y.active);
                                        });
  });
  const double t_stop = sh_.seconds();
  {
    const size_t closers = std::max<size_t>(1, std::min(local, rest.size()));
    std::vector<std::thread> cl;
    auto close_share = [&](size_t w) {
      guarded([&] {
        for (size_t r = rest.size() * w / closers; r < rest.size() * (w + 1) / closers; ++r)
          workers[w]->close(rest[r]);
      });
    };
    for (size_t w = 1; w < closers; ++w)
      cl.emplace_back(close_share, w);
    close_share(0);
    for (std::thread& t : cl)
      t.join();
    if (err) std::rethrow_exception(err);
  }
  // The workers' results, summed.
  FitResult res;
  Tally sum;
  sum.counts.resize(sh_.trees.size());
  for (const auto& w : workers)
    sum.add(w->tally());
  for (const Tally& t : remote_tally)
    sum.add(t);
  res.stats = sum.stats;
  SearchStats& st = res.stats;
  const std::vector<TreeCounts>& counts = sum.counts;
  const bool have_min_leaf = sum.have_min_leaf;
  const Rational& min_leaf = sum.min_leaf;
  const double min_leaf_f = sum.min_leaf_f, float_inc = sum.float_inc;
  st.incumbent_updates += initial_updates;
  st.pool_max = sh_.pool.max_size();
  st.open_at_stop = rest.size();
  st.close_seconds = sh_.seconds() - t_stop;
  st.close_predicted = predicted;
  st.plunged = sh_.plunge_only;
  if (sh_.exact) { // one preorder walk per tree, stitched from the fragments
    tr_.begin(sh_.inst, sh_.model);
    for (size_t t = 0; t < sh_.trees.size(); ++t) {
      tr_.begin_tree(sh_.trees[t]);
      sh_.frags.replay(root_frag[t], tr_);
      tr_.end_tree(sh_.trees[t], counts[t]);
    }
  }
  st.seconds = sh_.seconds();
  const Rational& inc = sh_.inc;
  // A realizable run that found a zero-loss witness stopped because it was done, not
  // because of a time limit or an interrupt.
  res.stopped = sh_.stop && !(opt.realizable && sh_.exact && inc.is_zero());
  if (!sh_.exact) {
    res.upper_approx = pb.loss_unscaled(float_inc);
    res.lower_approx = pb.loss_unscaled(std::min(min_leaf_f, float_inc));
    return res;
  }
  res.upper = inc;
  res.lower = (have_min_leaf && min_leaf < inc) ? min_leaf : inc;
  res.optimal = res.lower == res.upper;
  res.witness = sh_.witness;
  res.upper_approx = scaled_double(inc, 0);
  res.lower_approx = scaled_double(res.lower, 0);
  res.curve = std::move(sh_.curve);
  Progress last;
  last.nodes = st.nodes;
  last.lower = res.lower_approx;
  last.upper = res.upper_approx;
  last.seconds = st.seconds;
  res.curve.push_back(last);
  tr_.finish(res.witness, res.upper, res.lower);
  return res;
}

} // namespace

FitResult fit(const Instance& inst, const Model& model, const SearchOptions& opt, Tracer& tracer) {
  Search s(inst, model, opt, tracer);
  return s.run();
}

} // namespace relucert
