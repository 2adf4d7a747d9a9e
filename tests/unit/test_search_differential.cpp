// Randomized differential tests of the global search (src/solver/search) against the
// independent brute force of brute_force.hpp. Every instance is small (n <= 7) and made
// from a seed that is printed with the instance on any failure. RELUCERT_SEED=<u64>
// replays or varies the whole run; RELUCERT_DIFF_SCALE=<m> runs m times as many
// instances. For each instance both strategies must report an optimal result with
// lower == upper == OPT exactly and a witness whose exact loss is OPT.
#define BOOST_TEST_MODULE search_differential
#include <boost/test/unit_test.hpp>

#include <tuple>

#include "brute_force.hpp"
#include "random_instances.hpp"
#include "solver/model.hpp"
#include "solver/search.hpp"
#include "test_util.hpp"

#include <chrono>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>

using namespace relucert;
using namespace difftest;

namespace {

struct Totals {
  unsigned long instances = 0, fits = 0;
  unsigned long opt_zero = 0, opt_trivial = 0; // OPT = 0; OPT = sum c y^2 (zero network)
  double brute_seconds = 0, fit_seconds = 0;
};
Totals totals;

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Runs both strategies on one instance and compares them with the brute force.
void check_instance(const bf::Data& dt, bool bias, int units, bool nonneg) {
  auto t0 = std::chrono::steady_clock::now();
  const bf::BruteResult bres = bf::brute_force_units(dt, bias, units, nonneg);
  totals.brute_seconds += seconds_since(t0);
  ++totals.instances;
  const mpq_class& opt = bres.opt;
  mpq_class trivial = 0;
  for (size_t i = 0; i < dt.n; ++i)
    trivial += dt.c[i] * dt.y[i] * dt.y[i];
  if (sgn(opt) == 0)
    ++totals.opt_zero;
  else if (opt == trivial)
    ++totals.opt_trivial;
  const Instance inst = testutil::to_instance(dt);
  Model model;
  model.units = units;
  model.bias = bias;
  model.nonneg = nonneg;
  // Branch and bound with both node selections and with two workers sharing the pool (the
  // pool changes the tree, not the answer), and the enumeration baseline.
  // Then the exact kernels in GMP only (without their machine-integer fast path), and (for
  // k = 1, where the hinge bound is on by default) without the hinge bound.
  // The depth-first run reports to a SilentTracer: the search records no proof steps then (a
  // run without --out), and must find the same optimum.
  const std::tuple<Strategy, Selection, size_t, bool, bool, bool> runs[] = {
      {Strategy::BranchAndBound, Selection::BestFirst, 1, true, true, false},
      {Strategy::BranchAndBound, Selection::DepthFirst, 1, true, true, true},
      {Strategy::BranchAndBound, Selection::BestFirst, 2, true, true, false},
      {Strategy::Enumerate, Selection::BestFirst, 1, true, true, false},
      {Strategy::BranchAndBound, Selection::BestFirst, 1, false, true, false},
      {Strategy::BranchAndBound, Selection::BestFirst, 1, true, false, false}};
  for (const auto& [s, sel, threads, ints, hinge, quiet] : runs) {
    if (!hinge && units != 1) continue; // the same run as the first
    BOOST_TEST_CONTEXT("strategy "
                       << (s == Strategy::BranchAndBound ? "branch-and-bound" : "enumerate")
                       << (sel == Selection::BestFirst ? ", best first" : ", depth first")
                       << ", threads " << threads << (ints ? "" : ", GMP only")
                       << (hinge ? "" : ", no hinge bound") << (quiet ? ", silent tracer" : "")) {
      SearchOptions opt_s;
      opt_s.strategy = s;
      opt_s.selection = sel;
      opt_s.threads = threads;
      opt_s.machine_ints = ints;
      opt_s.hinge = hinge;
      Tracer tracer;
      SilentTracer silent;
      t0 = std::chrono::steady_clock::now();
      FitResult r;
      try {
        r = fit(inst, model, opt_s, quiet ? static_cast<Tracer&>(silent) : tracer);
      } catch (const std::exception& e) {
        BOOST_ERROR("fit threw: " << e.what());
        continue;
      }
      totals.fit_seconds += seconds_since(t0);
      ++totals.fits;
      BOOST_TEST(r.optimal);
      BOOST_TEST(!r.stopped);
      BOOST_TEST(r.lower.get() == opt);
      BOOST_TEST(r.upper.get() == opt);
      BOOST_TEST(r.witness.size() == static_cast<size_t>(units));
      if (r.witness.size() != static_cast<size_t>(units)) continue;
      for (const Unit& un : r.witness) {
        BOOST_TEST(un.w.size() == dt.d);
        if (!bias) BOOST_TEST(un.b.is_zero());
        if (nonneg) BOOST_TEST(un.a.sign() >= 0);
      }
      BOOST_TEST(exact_loss(inst, r.witness).get() == opt);
    }
  }
}

// Runs `count` instances of one family; n and d are drawn per instance.
void run_family(Family fam, int count, size_t max_n, size_t min_d, size_t max_d, int units = 1,
                bool nonneg = true) {
  const unsigned long stream = mix(mix(mix(base_seed()) ^ static_cast<unsigned long>(fam)) ^
                                   (static_cast<unsigned long>(units) << 1 | (nonneg ? 1 : 0)));
  count *= scale();
  for (int it = 0; it < count; ++it) {
    const unsigned long seed = mix(stream + static_cast<unsigned long>(it));
    Gen g(seed);
    const size_t d =
        static_cast<size_t>(g.pick(static_cast<long>(min_d), static_cast<long>(max_d)));
    bool bias = g.coin();
    if (static_cast<size_t>(units) * (d + bias) > 4) bias = false; // brute-force limit
    // The brute force is exponential in n and d': the largest sizes are rarer.
    size_t n = static_cast<size_t>(g.pick(1, static_cast<long>(max_n)));
    if (d + bias >= 4 && n > 6 && g.coin()) n = 6;
    const bf::Data dt = make_instance(g, fam, n, d);
    BOOST_TEST_CONTEXT("family " << family_name(fam) << ", seed " << seed << " (RELUCERT_SEED="
                                 << base_seed() << ", iteration " << it << "), k = " << units
                                 << (nonneg ? " nonneg" : " signed") << ", bias = " << bias
                                 << ", n = " << n << ", d = " << d << ", instance:\n"
                                 << bf::to_text(dt)) {
      check_instance(dt, bias, units, nonneg);
    }
  }
}

} // namespace

BOOST_AUTO_TEST_CASE(integer) {
  run_family(Family::Integer, 150, 7, 1, 3);
}
BOOST_AUTO_TEST_CASE(fraction) {
  run_family(Family::Fraction, 100, 7, 1, 3);
}
BOOST_AUTO_TEST_CASE(weighted) {
  run_family(Family::Weighted, 100, 7, 1, 3);
}
BOOST_AUTO_TEST_CASE(duplicates) {
  run_family(Family::Duplicates, 80, 7, 1, 3);
}
BOOST_AUTO_TEST_CASE(zero_points) {
  run_family(Family::ZeroPoints, 80, 7, 1, 3);
}
BOOST_AUTO_TEST_CASE(nonpositive_labels) {
  run_family(Family::NonposLabels, 40, 7, 1, 3);
}
BOOST_AUTO_TEST_CASE(collinear) {
  run_family(Family::Collinear, 80, 7, 2, 3);
}
BOOST_AUTO_TEST_CASE(planar) {
  run_family(Family::Planar, 80, 7, 3, 3);
}
BOOST_AUTO_TEST_CASE(zero_labels) {
  run_family(Family::ZeroLabels, 80, 7, 1, 3);
}
BOOST_AUTO_TEST_CASE(ill_scaled) {
  run_family(Family::IllScaled, 60, 7, 1, 3);
}
BOOST_AUTO_TEST_CASE(near_collinear) {
  run_family(Family::NearCollinear, 60, 7, 2, 3);
}
BOOST_AUTO_TEST_CASE(symmetric) {
  run_family(Family::Symmetric, 60, 7, 1, 3);
}

// One unit with a signed output weight: two trees (s = +1 and s = -1), each with its hinge
// bound, searched by the same workers (their hinge sums are kept per tree).
BOOST_AUTO_TEST_CASE(one_unit_signed) {
  run_family(Family::Integer, 60, 7, 1, 3, 1, false);
  run_family(Family::Weighted, 40, 7, 1, 3, 1, false);
}

// Two units (sums of ReLUs), small enough for the brute force: n <= 4, k d' <= 4.
BOOST_AUTO_TEST_CASE(two_units_signed) {
  run_family(Family::Integer, 40, 4, 1, 2, 2, false);
}
BOOST_AUTO_TEST_CASE(two_units_signed_fractions) {
  run_family(Family::Fraction, 20, 4, 1, 2, 2, false);
}
BOOST_AUTO_TEST_CASE(two_units_signed_degenerate) {
  run_family(Family::Duplicates, 10, 4, 1, 2, 2, false);
  run_family(Family::ZeroPoints, 10, 4, 1, 2, 2, false);
  run_family(Family::Collinear, 10, 4, 2, 2, 2, false);
}
BOOST_AUTO_TEST_CASE(two_units_nonneg) {
  run_family(Family::Weighted, 30, 4, 1, 2, 2, true);
}

BOOST_AUTO_TEST_CASE(summary) {
  BOOST_TEST_MESSAGE("differential: " << totals.instances << " instances (" << totals.opt_zero
                                      << " with OPT = 0, " << totals.opt_trivial
                                      << " with OPT = sum c y^2), " << totals.fits
                                      << " fits; brute force " << totals.brute_seconds << " s, fit "
                                      << totals.fit_seconds << " s");
  BOOST_TEST(totals.instances > 0u);
}
