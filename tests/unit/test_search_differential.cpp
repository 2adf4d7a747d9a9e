// Randomized differential tests of the global search (src/solver/search) against the
// independent brute force of brute_force.hpp. Every instance is small (n <= 7) and made
// from a seed that is printed with the instance on any failure. RELUCERT_SEED=<u64>
// replays or varies the whole run; RELUCERT_DIFF_SCALE=<m> runs m times as many
// instances. For each instance both strategies must report an optimal result with
// lower == upper == OPT exactly and a witness whose exact loss is OPT.
#define BOOST_TEST_MODULE search_differential
#include <boost/test/unit_test.hpp>

#include "brute_force.hpp"
#include "solver/model.hpp"
#include "solver/search.hpp"
#include "test_util.hpp"

#include <chrono>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>

using namespace relucert;

namespace {

unsigned long base_seed() {
  const char* s = std::getenv("RELUCERT_SEED");
  return s ? std::strtoul(s, nullptr, 10) : 20240611UL;
}

// RELUCERT_DIFF_SCALE=m runs m times as many instances (for stress runs by hand).
int scale() {
  const char* s = std::getenv("RELUCERT_DIFF_SCALE");
  const long m = s ? std::strtol(s, nullptr, 10) : 1;
  return m > 0 ? static_cast<int>(m) : 1;
}

// SplitMix64: decorrelates the per-instance seeds of different base seeds and families.
unsigned long mix(unsigned long z) {
  z += 0x9e3779b97f4a7c15UL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
  return z ^ (z >> 31);
}

struct Gen {
  std::mt19937_64 rng;
  explicit Gen(unsigned long seed) : rng(seed) {}
  // Uniform integer in [lo, hi] (mt19937_64's output is fixed by the standard, so the
  // instances are the same on every platform).
  long pick(long lo, long hi) {
    return lo + static_cast<long>(rng() % static_cast<unsigned long>(hi - lo + 1));
  }
  bool coin() { return rng() % 2 == 0; }
  mpq_class integer(long lo, long hi) { return mpq_class(pick(lo, hi)); }
  mpq_class fraction(long lo, long hi) {
    mpq_class r(pick(lo, hi), static_cast<unsigned long>(pick(1, 4)));
    r.canonicalize();
    return r;
  }
  mpq_class weight() {
    static const char* const ws[] = {"1", "2", "3", "1/2", "1/3", "5/2", "7/4"};
    return testutil::q(ws[pick(0, 6)]);
  }
};

// The instance families. Each describes how coordinates, labels and weights are made.
enum class Family {
  Integer,       // integer coordinates and labels in [-3, 3]
  Fraction,      // small fractions p/q, q <= 4
  Weighted,      // integers with random positive weights
  Duplicates,    // repeated points, possibly with different labels
  ZeroPoints,    // some points are the zero vector
  NonposLabels,  // every y <= 0: the optimum is w = 0 with loss sum c y^2
  Collinear,     // every x_i a multiple of one vector
  Planar,        // d = 3, points in a plane through the origin (rank-deficient)
  ZeroLabels,    // many labels exactly 0
  IllScaled,     // coordinates and labels scaled by powers of ten from 1e-4 to 1e4
  NearCollinear, // collinear points perturbed by 1e-6: nearly degenerate cells
  Symmetric      // points come in pairs x, -x with equal labels: tied optimal cells
};

const char* family_name(Family f) {
  switch (f) {
  case Family::Integer:
    return "integer";
  case Family::Fraction:
    return "fraction";
  case Family::Weighted:
    return "weighted";
  case Family::Duplicates:
    return "duplicates";
  case Family::ZeroPoints:
    return "zero-points";
  case Family::NonposLabels:
    return "nonpositive-labels";
  case Family::Collinear:
    return "collinear";
  case Family::Planar:
    return "planar";
  case Family::ZeroLabels:
    return "zero-labels";
  case Family::IllScaled:
    return "ill-scaled";
  case Family::NearCollinear:
    return "near-collinear";
  case Family::Symmetric:
    return "symmetric";
  }
  return "?";
}

bf::Data make_instance(Gen& g, Family fam, size_t n, size_t d) {
  bf::Data dt;
  dt.n = n;
  dt.d = d;
  auto vec = [&](bool frac) {
    bf::QVec v;
    for (size_t j = 0; j < d; ++j)
      v.push_back(frac ? g.fraction(-6, 6) : g.integer(-3, 3));
    return v;
  };
  auto nonzero_vec = [&]() {
    bf::QVec v;
    do
      v = vec(false);
    while (std::all_of(v.begin(), v.end(), [](const mpq_class& a) { return sgn(a) == 0; }));
    return v;
  };
  bf::QVec u = nonzero_vec(), w = nonzero_vec();
  std::vector<bf::QVec> base;
  auto pow10 = [](long e) {
    mpz_class p;
    mpz_ui_pow_ui(p.get_mpz_t(), 10, static_cast<unsigned long>(e < 0 ? -e : e));
    return e < 0 ? mpq_class(mpz_class(1), p) : mpq_class(p);
  };
  bf::QVec coord_scale;
  for (size_t j = 0; j < d; ++j)
    coord_scale.push_back(pow10(g.pick(-4, 4)));
  const mpq_class label_scale = pow10(g.pick(-3, 3));
  for (size_t i = 0; i < n; ++i) {
    bf::QVec x;
    switch (fam) {
    case Family::Fraction:
      x = vec(true);
      break;
    case Family::Duplicates:
      if (base.empty() || (base.size() < (n + 1) / 2 && g.coin())) base.push_back(vec(false));
      x = base[static_cast<size_t>(g.pick(0, static_cast<long>(base.size()) - 1))];
      break;
    case Family::ZeroPoints:
      x = (i == 0 || g.coin()) ? bf::QVec(d, mpq_class(0)) : vec(false);
      break;
    case Family::Collinear: {
      mpq_class t = g.fraction(-6, 6);
      for (const auto& a : u)
        x.push_back(t * a);
      break;
    }
    case Family::IllScaled:
      x = vec(false);
      for (size_t j = 0; j < d; ++j)
        x[j] *= coord_scale[j];
      break;
    case Family::NearCollinear: {
      const mpq_class t = g.fraction(-6, 6);
      mpq_class eps(g.pick(-3, 3), 1000000);
      eps.canonicalize(); // GMP's arithmetic requires canonical operands
      for (size_t j = 0; j < d; ++j)
        x.push_back(t * u[j] + eps * w[j]);
      break;
    }
    case Family::Symmetric:
      if (i % 2 == 0)
        x = vec(false);
      else
        for (const auto& a : dt.x[i - 1])
          x.push_back(-a);
      break;
    case Family::Planar: {
      mpq_class s = g.integer(-2, 2), t = g.integer(-2, 2);
      for (size_t j = 0; j < d; ++j)
        x.push_back(s * u[j] + t * w[j]);
      break;
    }
    default:
      x = vec(false);
      break;
    }
    dt.x.push_back(x);
    mpq_class y;
    switch (fam) {
    case Family::Fraction:
      y = g.fraction(-8, 8);
      break;
    case Family::NonposLabels:
      y = g.fraction(-8, 0);
      break;
    case Family::ZeroLabels:
      y = g.coin() ? mpq_class(0) : g.integer(-3, 3);
      break;
    default:
      y = g.integer(-3, 3);
      break;
    }
    dt.y.push_back(y);
    const bool weighted = fam == Family::Weighted || (fam != Family::Integer && g.pick(0, 3) == 0);
    dt.c.push_back(weighted ? g.weight() : mpq_class(1));
    if (fam == Family::Symmetric && i % 2 == 1) dt.c.back() = dt.c[i - 1];
  }
  return dt;
}

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
  for (Strategy s : {Strategy::BranchAndBound, Strategy::Enumerate}) {
    BOOST_TEST_CONTEXT("strategy "
                       << (s == Strategy::BranchAndBound ? "branch-and-bound" : "enumerate")) {
      SearchOptions opt_s;
      opt_s.strategy = s;
      Tracer tracer;
      t0 = std::chrono::steady_clock::now();
      FitResult r;
      try {
        r = fit(inst, model, opt_s, tracer);
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
