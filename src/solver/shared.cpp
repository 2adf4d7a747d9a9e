#include "solver/shared.hpp"

#include <algorithm>
#include <cmath>

namespace relucert {

void Tally::add(const Tally& t) {
  SearchStats& a = stats;
  const SearchStats& b = t.stats;
  const auto as = SearchStats::sums(a);
  const auto bs = SearchStats::sums(b);
  for (size_t t = 0; t < as.size(); ++t)
    *as[t] += *bs[t];
  counts.resize(std::max(counts.size(), t.counts.size()));
  for (size_t i = 0; i < t.counts.size(); ++i) {
    counts[i].branches += t.counts[i].branches, counts[i].leaves += t.counts[i].leaves;
    counts[i].empties += t.counts[i].empties, counts[i].syms += t.counts[i].syms;
  }
  if (t.have_min_leaf && (!have_min_leaf || t.min_leaf < min_leaf)) {
    min_leaf = t.min_leaf;
    have_min_leaf = true;
  }
  min_leaf_f = std::min(min_leaf_f, t.min_leaf_f);
  float_inc = std::min(float_inc, t.float_inc);
}

void Shared::prepare(size_t workers) {
  exact = !opt.float_only;
  enumerate = opt.strategy == Strategy::Enumerate;
  sym = opt.symmetry && pb.k > 1;
  best_first = opt.selection == Selection::BestFirst;
  if (model.weight_bound) {
    bounded = true;
    B2 = *model.weight_bound * *model.weight_bound;
    // B in the guide's units; it only steers (the exact side uses B2), so a B outside the
    // scaled data's range is clamped where the ball is anyway tight or slack for the guide.
    B_f = std::clamp(pb.bound_f(*model.weight_bound), std::ldexp(1.0, -400), std::ldexp(1.0, 400));
  }
  tol = 1e-9 * (pb.scale + 1e-300);
  trees = model.required_trees();
  pool.set_workers(workers);
  plunge = std::vector<std::atomic<double>>(workers);
  nodes = std::vector<std::atomic<uint64_t>>(workers);
  for (auto& b : plunge)
    b = std::numeric_limits<double>::infinity();
}

bool Shared::offer(Network net, const Rational& loss) {
  std::lock_guard<std::mutex> lock(inc_m);
  if (!(loss < inc)) return false; // another worker found better meanwhile
  inc = loss;
  inc_f = pb.loss_f(loss);
  witness = std::move(net);
  ++inc_version;
  return true;
}

void Shared::poll(size_t depth, double own_lower, double float_inc) {
  std::unique_lock<std::mutex> lock(progress_m, std::try_to_lock); // one worker reports
  if (!lock.owns_lock() ||
      std::chrono::duration<double>(Clock::now() - last_progress).count() < opt.progress_interval)
    return;
  last_progress = Clock::now();
  Progress pr;
  pr.nodes = 0;
  pr.open = pool.size();
  pr.depth = depth;
  const double upper = exact ? inc_f.load() : float_inc;
  pr.upper = pb.loss_unscaled(upper);
  // Open: the pool (its top has the lowest bound), the plunges (each at least its start's
  // bound) and the caller's plunge's pending ancestors.
  double lo = std::min({min_leaf_f.load(), pool.min_bound(), own_lower});
  for (const auto& b : plunge)
    lo = std::min(lo, b.load());
  pr.lower = std::max(0.0, pb.loss_unscaled(std::min(lo, upper)));
  pr.seconds = seconds();
  for (const auto& c : nodes) // every worker's count, as of its last poll
    pr.nodes += c.load();
  curve.push_back(pr);
  if (opt.progress) opt.progress(pr);
}

} // namespace relucert
