// Differential tests of the search for sums of k = 2 and 3 ReLUs (issue 3): branch and
// bound and full enumeration, each with and without the symmetry between equal-sign units
// (SearchOptions::symmetry, certs/FORMAT.md §4), against the independent brute force of
// brute_force.hpp or against optima known by construction or by hand. Every branch-and-bound
// run with symmetry also writes its certificate, which relucheck must verify with
// "OPT = <the independent optimum>".
//
// Families:
//  - k = 3 on seeded random instances (the families of random_instances.hpp), d = 1..2,
//    with and without bias and sample weights, signed and nonnegative output weights;
//    n is reduced until the brute force needs at most BRUTE_BUDGET systems.
//  - Same-sign instances for k = 2 and 3, where every unit of an optimal network has the
//    same sign (nonnegative output, or signed with every label >= 0 or every label <= 0,
//    whose optimum sits in tree p = k or p = 0): the trees where a symmetry rule applies.
//  - Planted networks of k units of one sign (n up to 7, d' = 1, 2), distinct or with two
//    identical units; the labels are the planted outputs, so OPT = 0 by construction. For
//    the distinct ones the points are redrawn until the brute force with k - 1 units gives
//    OPT > 0, so the optimum needs k different units of the same sign; the test requires
//    this for at least half of them.
//  - Hand instances with same-sign optima made of different or of identical units
//    (derivations below).
// Time: about 15 s in Release on one core (brute force 2/3, solver and relucheck 1/3).
// A failure prints the seed and the instance; RELUCERT_SEED and RELUCERT_DIFF_SCALE work as in
// test_search_differential.
#define BOOST_TEST_MODULE search_differential_units
#include <boost/test/unit_test.hpp>

#include "brute_force.hpp"
#include "certify.hpp"
#include "random_instances.hpp"
#include "solver/model.hpp"
#include "solver/search.hpp"
#include "test_util.hpp"

#include <chrono>
#include <string>

using namespace relucert;
using namespace difftest;

namespace {

// The brute force's work per random instance, in KKT systems (about 10 us each for d' = 2).
constexpr unsigned long BRUTE_BUDGET = 20000;

struct Totals {
  unsigned long instances = 0, fits = 0, certificates = 0;
  unsigned long opt_zero = 0;      // instances with OPT = 0
  unsigned long needs_k_units = 0; // planted instances where k - 1 units give OPT > 0
  unsigned long sym_closures = 0;  // nodes closed by symmetry over all runs
  double brute_seconds = 0, fit_seconds = 0;
  double run_seconds[6] = {}; // per entry of RUNS
  double slowest_fit = 0;     // seconds, with its instance
  std::string slowest;
};
Totals totals;

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The witness in the brute force's sign-normalised form: sign(a_j), |a_j| (w_j, b_j).
bf::BruteNet normalised(const Network& net, bool bias) {
  bf::BruteNet out;
  for (const Unit& u : net) {
    bf::BruteUnit b;
    const mpq_class a = u.a.get();
    b.sign = sgn(a) < 0 ? -1 : 1;
    for (const Rational& w : u.w)
      b.v.push_back(abs(a) * w.get());
    if (bias) b.v.push_back(abs(a) * u.b.get());
    out.push_back(b);
  }
  return out;
}

struct Run {
  Strategy strategy;
  bool symmetry;
  Selection selection;
  const char* name;
  size_t threads = 1;
};
const Run RUNS[] = {
    {Strategy::BranchAndBound, true, Selection::BestFirst, "branch-and-bound"},
    {Strategy::BranchAndBound, false, Selection::BestFirst, "branch-and-bound, no symmetry"},
    {Strategy::Enumerate, true, Selection::BestFirst, "enumerate"},
    {Strategy::Enumerate, false, Selection::BestFirst, "enumerate, no symmetry"},
    {Strategy::BranchAndBound, true, Selection::DepthFirst, "branch-and-bound, depth first"},
    {Strategy::BranchAndBound, true, Selection::BestFirst, "branch-and-bound, 2 threads", 2}};
constexpr size_t NRUNS = sizeof RUNS / sizeof RUNS[0];
static_assert(NRUNS == sizeof totals.run_seconds / sizeof totals.run_seconds[0]);

// Every run must prove lower == upper == opt with a witness of exact loss opt (recomputed by
// the brute force's own loss function); the branch-and-bound run with symmetry writes a
// certificate that relucheck must verify as OPT = opt. Full enumeration visits every cell
// (k = 3 with n = 7 can take half a minute without symmetry): `with_enumerate` = false
// leaves it out for the larger planted instances.
void check_fits(const bf::Data& dt, bool bias, int units, bool nonneg, const mpq_class& opt,
                bool with_enumerate = true) {
  ++totals.instances;
  if (sgn(opt) == 0) ++totals.opt_zero;
  const Instance inst = testutil::to_instance(dt);
  Model model;
  model.units = units;
  model.bias = bias;
  model.nonneg = nonneg;
  for (size_t ri = 0; ri < NRUNS; ++ri) {
    const Run& run = RUNS[ri];
    if (run.strategy == Strategy::Enumerate && !with_enumerate) continue;
    BOOST_TEST_CONTEXT("run: " << run.name) {
      SearchOptions so;
      so.strategy = run.strategy;
      so.symmetry = run.symmetry;
      so.selection = run.selection;
      so.threads = run.threads;
      const bool certify = run.strategy == Strategy::BranchAndBound && run.symmetry;
      FitResult r;
      testutil::CheckRun check;
      const auto t0 = std::chrono::steady_clock::now();
      try {
        if (certify) {
          auto c = testutil::fit_and_check(testutil::work_dir("test_search_differential_units"),
                                           "last", bf::to_text(dt), model, so);
          r = c.fit;
          check = c.check;
        } else {
          Tracer silent;
          r = fit(inst, model, so, silent);
        }
      } catch (const std::exception& e) {
        BOOST_ERROR("fit threw: " << e.what());
        continue;
      }
      const double secs = seconds_since(t0);
      totals.fit_seconds += secs;
      totals.run_seconds[ri] += secs;
      if (secs > totals.slowest_fit) {
        totals.slowest_fit = secs;
        totals.slowest = std::string(run.name) + ", k = " + std::to_string(units) +
                         (nonneg ? " nonneg" : " signed") + ", bias = " + std::to_string(bias) +
                         ":\n" + bf::to_text(dt);
      }
      ++totals.fits;
      totals.sym_closures += r.stats.syms;
      if (!run.symmetry) BOOST_TEST(r.stats.syms == 0u);
      BOOST_TEST(r.optimal);
      BOOST_TEST(!r.stopped);
      BOOST_TEST(r.lower.get() == opt);
      BOOST_TEST(r.upper.get() == opt);
      BOOST_TEST_REQUIRE(r.witness.size() == static_cast<size_t>(units));
      for (const Unit& un : r.witness) {
        BOOST_TEST(un.w.size() == dt.d);
        if (!bias) BOOST_TEST(un.b.is_zero());
        if (nonneg) BOOST_TEST(un.a.sign() >= 0);
      }
      BOOST_TEST(bf::true_loss(dt, bias, normalised(r.witness, bias)) == opt);
      if (certify) {
        ++totals.certificates;
        BOOST_TEST(check.verified(), "relucheck:\n" << check.output);
        BOOST_TEST(check.has_line("c verified: OPT = " + opt.get_str()), "relucheck:\n"
                                                                             << check.output);
      }
    }
  }
}

// The brute force's optimum, timed.
mpq_class brute(const bf::Data& dt, bool bias, int units, bool nonneg) {
  const auto t0 = std::chrono::steady_clock::now();
  const bf::BruteResult r = bf::brute_force_units(dt, bias, units, nonneg);
  totals.brute_seconds += seconds_since(t0);
  BOOST_TEST(bf::true_loss(dt, bias, r.net) == r.opt);
  return r.opt;
}

// Drops the last point while the brute force would need more than `budget` systems.
void shrink_to_budget(bf::Data& dt, bool bias, int units, bool nonneg, unsigned long budget) {
  while (dt.n > 1 && bf::brute_force_systems(dt, bias, units, nonneg) > budget) {
    dt.x.pop_back();
    dt.y.pop_back();
    dt.c.pop_back();
    --dt.n;
  }
}

enum class Labels {
  Any,         // as the family makes them
  Nonnegative, // y -> |y|: the optimum needs no negative unit
  Nonpositive  // y -> -|y|: with signed output the optimum needs no positive unit
};

// `count` random instances of `fam` with k = `units`, d in [min_d, max_d], bias drawn per
// instance, compared with the brute force.
void run_random(Family fam, int count, size_t max_n, size_t min_d, size_t max_d, int units,
                bool nonneg, Labels labels = Labels::Any) {
  const unsigned long stream =
      mix(mix(mix(base_seed() ^ 0x6b33UL) ^ static_cast<unsigned long>(fam)) ^
          (static_cast<unsigned long>(units) << 4 | (nonneg ? 1 : 0) << 2 |
           static_cast<unsigned long>(labels)));
  count *= scale();
  for (int it = 0; it < count; ++it) {
    const unsigned long seed = mix(stream + static_cast<unsigned long>(it));
    Gen g(seed);
    const size_t d =
        static_cast<size_t>(g.pick(static_cast<long>(min_d), static_cast<long>(max_d)));
    const bool bias = g.coin();
    const size_t n = static_cast<size_t>(g.pick(1, static_cast<long>(max_n)));
    bf::Data dt = make_instance(g, fam, n, d);
    for (auto& y : dt.y) {
      if (labels == Labels::Nonnegative) y = abs(y);
      if (labels == Labels::Nonpositive) y = -abs(y);
    }
    shrink_to_budget(dt, bias, units, nonneg, BRUTE_BUDGET);
    BOOST_TEST_CONTEXT("family " << family_name(fam) << ", seed " << seed << " (RELUCERT_SEED="
                                 << base_seed() << ", iteration " << it << "), k = " << units
                                 << (nonneg ? " nonneg" : " signed") << ", bias = " << bias
                                 << ", n = " << dt.n << ", d = " << d << ", instance:\n"
                                 << bf::to_text(dt)) {
      check_fits(dt, bias, units, nonneg, brute(dt, bias, units, nonneg));
    }
  }
}

enum class Plant {
  Distinct, // k different units, and k - 1 units cannot fit the data (checked)
  TwoEqual  // units 0 and 1 identical, the others different
};

// A random unit of sign `sign` with integer weights in [-2, 2], not zero.
bf::BruteUnit random_unit(Gen& g, size_t dp, int sign) {
  bf::BruteUnit u;
  u.sign = sign;
  do {
    u.v.clear();
    for (size_t t = 0; t < dp; ++t)
      u.v.push_back(g.integer(-2, 2));
  } while (std::all_of(u.v.begin(), u.v.end(), [](const mpq_class& a) { return sgn(a) == 0; }));
  return u;
}

// Data labelled by `net`: n random integer points in [-3, 3]^d, some weighted.
bf::Data planted_data(Gen& g, const bf::BruteNet& net, size_t n, size_t d, bool bias) {
  bf::Data dt;
  dt.n = n;
  dt.d = d;
  for (size_t i = 0; i < n; ++i) {
    bf::QVec x;
    for (size_t t = 0; t < d; ++t)
      x.push_back(g.integer(-3, 3));
    dt.x.push_back(x);
    dt.c.push_back(g.pick(0, 2) == 0 ? g.weight() : mpq_class(1));
    mpq_class f = 0;
    for (const auto& u : net) {
      mpq_class t = bias ? u.v[d] : mpq_class(0);
      for (size_t a = 0; a < d; ++a)
        t += u.v[a] * x[a];
      if (sgn(t) > 0) f += u.sign * t;
    }
    dt.y.push_back(f);
  }
  return dt;
}

// `count` instances labelled by a planted network of `units` units that all have sign
// `sign`, fitted with the model `nonneg` (then sign = +1): OPT = 0 by construction (the
// planted network has loss 0, recomputed exactly, and no loss is negative). Points are
// redrawn (up to 30 times) until the brute force shows that `units` - 1 units give
// OPT > 0 (Distinct) or until the two equal units are active on some point (TwoEqual); d'
// = d + bias is 1 or 2.
void run_planted(Plant plant, int count, size_t min_n, size_t max_n, int units, bool nonneg,
                 int sign) {
  const unsigned long stream =
      mix(mix(base_seed() ^ 0x706cUL) ^
          (static_cast<unsigned long>(plant) << 8 | static_cast<unsigned long>(units) << 4 |
           (nonneg ? 1UL : 0UL) << 2 | (sign > 0 ? 1UL : 0UL)));
  count *= scale();
  unsigned long needs_k = 0;
  for (int it = 0; it < count; ++it) {
    const unsigned long seed = mix(stream + static_cast<unsigned long>(it));
    Gen g(seed);
    const size_t d = static_cast<size_t>(g.pick(1, 2));
    const bool bias = d == 1 && g.coin();
    const size_t dp = d + (bias ? 1 : 0);
    bf::BruteNet planted;
    bf::Data dt;
    bool proved_needs_k = false;
    for (int attempt = 0; attempt < 30; ++attempt) {
      planted.clear();
      for (int j = 0; j < units; ++j)
        planted.push_back(plant == Plant::TwoEqual && j == 1 ? planted[0]
                                                             : random_unit(g, dp, sign));
      const size_t n =
          static_cast<size_t>(g.pick(static_cast<long>(min_n), static_cast<long>(max_n)));
      dt = planted_data(g, planted, n, d, bias);
      if (plant == Plant::TwoEqual) {
        if (std::any_of(dt.y.begin(), dt.y.end(), [](const mpq_class& y) { return sgn(y) != 0; }))
          break;
        continue;
      }
      const auto t0 = std::chrono::steady_clock::now();
      const mpq_class fewer = bf::brute_force_units(dt, bias, units - 1, nonneg).opt;
      totals.brute_seconds += seconds_since(t0);
      if (sgn(fewer) > 0) {
        proved_needs_k = true;
        break;
      }
    }
    if (proved_needs_k) ++needs_k;
    BOOST_TEST_CONTEXT(
        "planted " << (plant == Plant::Distinct ? "distinct" : "two-equal") << ", seed " << seed
                   << " (RELUCERT_SEED=" << base_seed() << ", iteration " << it
                   << "), k = " << units << (nonneg ? " nonneg" : " signed") << ", sign " << sign
                   << ", bias = " << bias << ", n = " << dt.n << ", d = " << d << ", instance:\n"
                   << bf::to_text(dt)) {
      BOOST_TEST_REQUIRE(bf::true_loss(dt, bias, planted) == 0);
      const bool small = bf::brute_force_systems(dt, bias, units, nonneg) <= BRUTE_BUDGET;
      check_fits(dt, bias, units, nonneg, mpq_class(0), small);
    }
  }
  totals.needs_k_units += needs_k;
  if (plant == Plant::Distinct) {
    BOOST_TEST_MESSAGE("planted k = " << units << (nonneg ? " nonneg" : " signed") << ", sign "
                                      << sign << ": " << needs_k << " of " << count
                                      << " instances need all " << units << " units");
    // The family must exercise what it claims: optima made of k different same-sign units.
    BOOST_TEST(needs_k * 2 >= static_cast<unsigned long>(count));
  }
}

} // namespace

// ---------------------------------------------------------------- k = 3, random

BOOST_AUTO_TEST_CASE(k3_signed_integer) {
  run_random(Family::Integer, 30, 4, 1, 2, 3, false);
}
BOOST_AUTO_TEST_CASE(k3_signed_fraction_weighted) {
  run_random(Family::Fraction, 12, 4, 1, 2, 3, false);
  run_random(Family::Weighted, 18, 4, 1, 2, 3, false);
}
BOOST_AUTO_TEST_CASE(k3_signed_degenerate) {
  run_random(Family::Duplicates, 10, 5, 1, 2, 3, false);
  run_random(Family::ZeroPoints, 10, 5, 1, 2, 3, false);
  run_random(Family::Collinear, 8, 5, 2, 2, 3, false);
  run_random(Family::ZeroLabels, 8, 4, 1, 2, 3, false);
}
BOOST_AUTO_TEST_CASE(k3_nonneg) {
  run_random(Family::Integer, 20, 5, 1, 2, 3, true);
  run_random(Family::Weighted, 15, 5, 1, 2, 3, true);
  run_random(Family::Duplicates, 8, 5, 1, 2, 3, true);
  run_random(Family::ZeroPoints, 8, 5, 1, 2, 3, true);
}

// ---------------------------------------------------------------- same-sign units

// Nonnegative output: one tree, p = k, every pair of adjacent units has equal sign.
BOOST_AUTO_TEST_CASE(same_sign_nonneg) {
  run_random(Family::Integer, 25, 5, 1, 2, 2, true, Labels::Nonnegative);
  run_random(Family::Weighted, 15, 4, 1, 2, 3, true, Labels::Nonnegative);
}
// Signed output, labels of one sign: the optimum lies in tree p = k (labels >= 0) or
// p = 0 (labels <= 0), where all units have equal sign.
BOOST_AUTO_TEST_CASE(same_sign_signed) {
  run_random(Family::Integer, 20, 5, 1, 2, 2, false, Labels::Nonnegative);
  run_random(Family::Integer, 20, 5, 1, 2, 2, false, Labels::Nonpositive);
  run_random(Family::Weighted, 12, 4, 1, 2, 3, false, Labels::Nonnegative);
  run_random(Family::Weighted, 12, 4, 1, 2, 3, false, Labels::Nonpositive);
}

BOOST_AUTO_TEST_CASE(planted_distinct_units) {
  run_planted(Plant::Distinct, 15, 4, 6, 2, true, 1);
  run_planted(Plant::Distinct, 15, 4, 6, 2, false, -1);
  run_planted(Plant::Distinct, 12, 5, 7, 3, true, 1);
  run_planted(Plant::Distinct, 8, 5, 7, 3, false, 1);
  run_planted(Plant::Distinct, 8, 5, 7, 3, false, -1);
}
BOOST_AUTO_TEST_CASE(planted_identical_units) {
  run_planted(Plant::TwoEqual, 10, 3, 6, 2, true, 1);
  run_planted(Plant::TwoEqual, 10, 3, 6, 2, false, -1);
  run_planted(Plant::TwoEqual, 8, 4, 6, 3, true, 1);
  run_planted(Plant::TwoEqual, 8, 4, 6, 3, false, -1);
}

// ---------------------------------------------------------------- hand instances

// y = |x| at x = +-1, +-2 and a zero point with y = 1 (no bias). The zero point costs
// 1 whatever the network (f(0) = 0); max(0, x) + max(0, -x) fits the rest exactly, so
// OPT = 1 for k = 2 and 3, nonnegative output. It needs two different units of sign +1:
// one unit is linear on each side of 0 with slope >= 0 on at most one side, so k = 1 gives
// 1 + (1 + 4) = 6. With the labels negated, the signed model's optimum is
// -max(0, x) - max(0, -x), two different units of sign -1 (tree p = 0): again OPT = 1.
BOOST_AUTO_TEST_CASE(hand_abs_needs_two_different_units) {
  const auto dt = testutil::data(1, {{"-1", "1"}, {"1", "1"}, {"2", "2"}, {"-2", "2"}, {"0", "1"}});
  auto neg = dt;
  for (auto& y : neg.y)
    y = -y;
  for (int k : {2, 3}) {
    BOOST_TEST_CONTEXT("k = " << k) {
      check_fits(dt, false, k, true, mpq_class(1));
      check_fits(dt, false, k, false, mpq_class(1));
      check_fits(neg, false, k, false, mpq_class(1));
    }
  }
  check_fits(dt, false, 1, true, mpq_class(6));
}

// (x, y) = (1, 2), (2, 4), (3, 6), (-1, 0), (-2, 0), (0, 1), no bias. The zero point costs 1;
// max(0, 2x) fits the rest, so OPT = 1 for every k, and with k units the optimum is also
// attained by k identical units max(0, (2/k) x): the symmetry rule must keep the tie
// (units decided equal on every point). Negated labels, signed model: p = 0, OPT = 1.
BOOST_AUTO_TEST_CASE(hand_identical_units) {
  const auto dt =
      testutil::data(1, {{"1", "2"}, {"2", "4"}, {"3", "6"}, {"-1", "0"}, {"-2", "0"}, {"0", "1"}});
  auto neg = dt;
  for (auto& y : neg.y)
    y = -y;
  for (int k : {2, 3}) {
    BOOST_TEST_CONTEXT("k = " << k) {
      bf::BruteNet equal;
      for (int j = 0; j < k; ++j)
        equal.push_back({1, {mpq_class(2, static_cast<unsigned long>(k))}});
      BOOST_TEST(bf::true_loss(dt, false, equal) == 1);
      check_fits(dt, false, k, true, mpq_class(1));
      check_fits(dt, false, k, false, mpq_class(1));
      check_fits(neg, false, k, false, mpq_class(1));
    }
  }
}

// The k = 3 hand instance of test_brute_force (three_units_hand_optimum): OPT = 3 for k = 3,
// attained only with three different units of sign +1 (k = 2 gives more: 13/4, by the brute
// force), nonnegative and signed; with the labels negated, signed, the same with sign -1.
BOOST_AUTO_TEST_CASE(hand_three_different_units) {
  const auto dt = testutil::three_units_instance();
  auto neg = dt;
  for (auto& y : neg.y)
    y = -y;
  check_fits(dt, false, 3, true, mpq_class(3));
  check_fits(dt, false, 3, false, mpq_class(3));
  check_fits(neg, false, 3, false, mpq_class(3));
  const mpq_class k2 = brute(dt, false, 2, true);
  BOOST_TEST(k2 == mpq_class(13, 4));
  check_fits(dt, false, 2, true, k2);
  check_fits(neg, false, 2, false, k2);
}

BOOST_AUTO_TEST_CASE(summary) {
  BOOST_TEST_MESSAGE("differential k = 2, 3: "
                     << totals.instances << " instances (" << totals.opt_zero << " with OPT = 0, "
                     << totals.needs_k_units << " planted needing all k units), " << totals.fits
                     << " fits, " << totals.certificates << " certificates verified, "
                     << totals.sym_closures << " symmetry closures; brute force "
                     << totals.brute_seconds << " s, fit " << totals.fit_seconds << " s");
  for (size_t ri = 0; ri < NRUNS; ++ri)
    BOOST_TEST_MESSAGE("  " << RUNS[ri].name << ": " << totals.run_seconds[ri] << " s");
  BOOST_TEST_MESSAGE("  slowest fit " << totals.slowest_fit << " s: " << totals.slowest);
  BOOST_TEST(totals.instances > 0u);
  // The symmetry rule was exercised.
  BOOST_TEST(totals.sym_closures > 0u);
}
