// Mirrors the stopping of src/solver/search (issue 8 §3): a run stopped before its set-up is
// done (here by an interrupt raised before fit is called, or a time limit already over) still
// proves an interval: the zero network, and per tree one leaf at the root with u = 0 and no
// multipliers. Expected values are derived by hand at each case.
#define BOOST_TEST_MODULE search_stop
#include <boost/test/unit_test.hpp>

#include "cert/tracer.hpp"
#include "io/instance.hpp"
#include "solver/model.hpp"
#include "solver/search.hpp"

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

using namespace relucert;

namespace {

// Records the proof steps.
struct Recorder : Tracer {
  std::vector<int> trees;
  std::vector<RVec> leaf_u, leaf_mu;
  size_t lambdas = 0, other = 0;
  void begin_tree(int p) override { trees.push_back(p); }
  void leaf(const RVec& u, const RVec& mu, const std::vector<Multiplier>& lambda) override {
    leaf_u.push_back(u);
    leaf_mu.push_back(mu);
    lambdas += lambda.size();
  }
  void branch(int, int, bool) override { ++other; }
  void empty(const std::vector<Multiplier>&) override { ++other; }
  void sym(int, int) override { ++other; }
};

Rational R(long p, long q = 1) {
  return Rational(p) / Rational(q);
}

// Fits with an interrupt raised before the call: the set-up stops at its first check.
FitResult stopped_fit(const std::string& text, const Model& m, Recorder& rec) {
  static std::atomic<int> raised{1};
  SearchOptions opt;
  opt.interrupt = &raised;
  return fit(parse_instance(text, "t.relu"), m, opt, rec);
}

// examples/tiny1.relu: points (1, 2), (-1, 1), (2, -1). The zero network's loss is
// 4 + 1 + 1 = 6. The root's h (certs/FORMAT.md §3) sums c y^2 over the points where rule L3
// holds with nothing decided: y <= 0 if every unit is +1 (p = k): 1; y >= 0 if every unit is
// -1 (p = 0): 4 + 1 = 5; nothing for 0 < p < k.
const std::string TINY1 = "relu 1\n1 2\n-1 1\n2 -1\n";

void check_trivial_trace(const Recorder& rec, const std::vector<int>& trees, size_t D, size_t mus) {
  BOOST_TEST(rec.trees == trees);
  BOOST_TEST(rec.leaf_u.size() == trees.size());
  for (const RVec& u : rec.leaf_u)
    BOOST_TEST((u == RVec(D, Rational(0))));
  for (const RVec& mu : rec.leaf_mu)
    BOOST_TEST((mu == RVec(mus, Rational(0))));
  BOOST_TEST(rec.lambdas == 0u);
  BOOST_TEST(rec.other == 0u);
}

} // namespace

BOOST_AUTO_TEST_CASE(nonnegative_single_relu) {
  Recorder rec;
  FitResult r = stopped_fit(TINY1, Model{}, rec);
  BOOST_TEST(r.stopped);
  BOOST_TEST(!r.optimal);
  BOOST_TEST(r.upper == R(6));
  BOOST_TEST(r.lower == R(1)); // p = k = 1 only
  BOOST_TEST(r.witness.at(0).w.at(0).is_zero());
  check_trivial_trace(rec, {1}, 1, 0);
}

BOOST_AUTO_TEST_CASE(signed_outputs_need_every_tree) {
  Model m;
  m.nonneg = false; // k = 1, trees p = 0 (h = 5) and p = 1 (h = 1)
  Recorder rec;
  FitResult r = stopped_fit(TINY1, m, rec);
  BOOST_TEST(r.lower == R(1));
  check_trivial_trace(rec, {0, 1}, 1, 0);
  m.units = 2; // trees p = 0 (5), 1 (nothing: units of both signs), 2 (1)
  Recorder rec2;
  r = stopped_fit(TINY1, m, rec2);
  BOOST_TEST(r.upper == R(6));
  BOOST_TEST(r.lower == R(0));
  check_trivial_trace(rec2, {0, 1, 2}, 2, 0);
}

BOOST_AUTO_TEST_CASE(zero_points_and_weights) {
  // tiny1 plus the point x = 0 with y = 3 and weight 1/3 (rule Z: its term 3 is in every
  // root's h) and (2, -1) weighted 5: zero network 4 + 1 + 5 + 3 = 13, root h = 5 + 3 = 8.
  Recorder rec;
  FitResult r = stopped_fit("relu 1\n1 2\n-1 1\n2 -1 5\n0 3 1/3\n", Model{}, rec);
  BOOST_TEST(r.upper == R(13));
  BOOST_TEST(r.lower == R(8));
  // With a bias no point is zero: the root h is 5 again.
  Model b;
  b.bias = true;
  Recorder rec2;
  r = stopped_fit("relu 1\n1 2\n-1 1\n2 -1 5\n0 3 1/3\n", b, rec2);
  BOOST_TEST(r.lower == R(5));
  check_trivial_trace(rec2, {1}, 2, 0);
}

BOOST_AUTO_TEST_CASE(weight_bound_leaves_carry_zero_multipliers) {
  Model m;
  m.weight_bound = R(1, 2);
  Recorder rec;
  FitResult r = stopped_fit(TINY1, m, rec);
  BOOST_TEST(r.upper == R(6));
  BOOST_TEST(r.lower == R(1));
  check_trivial_trace(rec, {1}, 1, 1);
}

BOOST_AUTO_TEST_CASE(nonpositive_labels_close_the_interval) {
  // Every y <= 0: the root's h is the whole sum c y^2 = 1 + 4 = 5, the zero network's loss.
  Recorder rec;
  FitResult r = stopped_fit("relu 1\n1 -1\n2 -2\n", Model{}, rec);
  BOOST_TEST(r.optimal);
  BOOST_TEST(r.lower == R(5));
  BOOST_TEST(r.upper == R(5));
}

BOOST_AUTO_TEST_CASE(a_time_limit_counts_from_the_given_start) {
  // Started an hour ago with a one-second limit: over before the set-up.
  SearchOptions opt;
  opt.time_limit = 1;
  opt.start = std::chrono::steady_clock::now() - std::chrono::hours(1);
  Recorder rec;
  FitResult r = fit(parse_instance(TINY1, "t.relu"), Model{}, opt, rec);
  BOOST_TEST(r.stopped);
  BOOST_TEST(r.lower == R(1));
  BOOST_TEST(r.upper == R(6));
  check_trivial_trace(rec, {1}, 1, 0);
  // Without a given start the limit counts from the call: the run completes (OPT = 5).
  SearchOptions now;
  now.time_limit = 3600;
  r = fit(parse_instance(TINY1, "t.relu"), Model{}, now, rec);
  BOOST_TEST(r.optimal);
  BOOST_TEST(r.upper == R(5));
}
