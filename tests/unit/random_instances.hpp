// Seeded random small instances for the differential tests of the search (shared by
// test_search_differential and test_search_differential_units). Generated with the
// standard-fixed mt19937_64, so a seed names the same instance on every platform.
// RELUCERT_SEED=<u64> replays or varies a whole run; RELUCERT_DIFF_SCALE=<m> runs m times
// as many instances.
#pragma once

#include "brute_force.hpp"
#include "test_util.hpp"

#include <algorithm>
#include <cstdlib>
#include <random>

namespace difftest {

inline unsigned long base_seed() {
  const char* s = std::getenv("RELUCERT_SEED");
  return s ? std::strtoul(s, nullptr, 10) : 20240611UL;
}

// RELUCERT_DIFF_SCALE=m runs m times as many instances (for stress runs by hand).
inline int scale() {
  const char* s = std::getenv("RELUCERT_DIFF_SCALE");
  const long m = s ? std::strtol(s, nullptr, 10) : 1;
  return m > 0 ? static_cast<int>(m) : 1;
}

// SplitMix64: decorrelates the per-instance seeds of different base seeds and families.
inline unsigned long mix(unsigned long z) {
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
  // The denominator is drawn first, then the numerator, in two statements: the order of
  // evaluation of a call's arguments is unspecified, so one call with both draws would make
  // a seed's instance depend on the compiler. (This order is the one GCC used when the
  // draws were the arguments of one call, so the seeds recorded in comments still hold.)
  mpq_class fraction(long lo, long hi) {
    const long den = pick(1, 4);
    mpq_class r(pick(lo, hi), static_cast<unsigned long>(den));
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

inline const char* family_name(Family f) {
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

inline bf::Data make_instance(Gen& g, Family fam, size_t n, size_t d) {
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

} // namespace difftest
