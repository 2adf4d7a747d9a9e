// The float QP of the search's guide (src/solver/qp_float): min V'QV - 2g'V + h over
// alpha_r.V >= 0, cold and warm started. The reference is independent of the solver: every
// subset of the constraints taken as equalities (at most 2^7 here), each KKT system solved by
// the test's own Gaussian elimination; the minimum is the best subset whose point is feasible
// and whose multipliers are >= 0 (for a strictly convex Q that point is the unique minimiser).
#define BOOST_TEST_MODULE qp_float
#include <boost/test/unit_test.hpp>

#include "solver/qp_float.hpp"

#include <cmath>
#include <random>
#include <vector>

using relucert::FConstraint;
using relucert::FloatQp;
using relucert::FloatQpResult;
using relucert::solve_qp_float;

namespace {

// Solves A z = b (n x n, row-major) by Gaussian elimination with partial pivoting.
bool gauss(std::vector<double> A, std::vector<double>& b, size_t n) {
  for (size_t c = 0; c < n; ++c) {
    size_t p = c;
    for (size_t r = c + 1; r < n; ++r)
      if (std::fabs(A[r * n + c]) > std::fabs(A[p * n + c])) p = r;
    if (std::fabs(A[p * n + c]) < 1e-12) return false;
    for (size_t k = 0; k < n; ++k)
      std::swap(A[c * n + k], A[p * n + k]);
    std::swap(b[c], b[p]);
    for (size_t r = 0; r < n; ++r) {
      if (r == c) continue;
      const double f = A[r * n + c] / A[c * n + c];
      for (size_t k = 0; k < n; ++k)
        A[r * n + k] -= f * A[c * n + k];
      b[r] -= f * b[c];
    }
  }
  for (size_t c = 0; c < n; ++c)
    b[c] /= A[c * n + c];
  return true;
}

struct Case {
  size_t D = 0;
  std::vector<double> Q, g, X; // X: one constraint vector per row (dp = D, one unit)
  std::vector<FConstraint> cons;
  double value(const std::vector<double>& v) const {
    double s = 0;
    for (size_t a = 0; a < D; ++a) {
      double qa = 0;
      for (size_t b = 0; b < D; ++b)
        qa += Q[a * D + b] * v[b];
      s += v[a] * qa - 2 * g[a] * v[a];
    }
    return s;
  }
};

// The brute-force minimum over every subset of constraints held with equality.
double reference_min(const Case& c) {
  const size_t D = c.D, m = c.cons.size();
  double best = INFINITY;
  for (unsigned mask = 0; mask < (1u << m); ++mask) {
    std::vector<size_t> W;
    for (size_t r = 0; r < m; ++r)
      if (mask >> r & 1) W.push_back(r);
    const size_t n = D + W.size();
    // [Q, -1/2 A'; A, 0] [v; mu] = [g; 0]: Q v = g + 1/2 sum mu alpha, alpha_w . v = 0.
    std::vector<double> A(n * n, 0.0), b(n, 0.0);
    for (size_t a = 0; a < D; ++a) {
      b[a] = c.g[a];
      for (size_t e = 0; e < D; ++e)
        A[a * n + e] = c.Q[a * D + e];
    }
    for (size_t w = 0; w < W.size(); ++w)
      for (size_t a = 0; a < D; ++a) {
        const double al = c.cons[W[w]].sign * c.X[W[w] * D + a];
        A[a * n + D + w] = -0.5 * al;
        A[(D + w) * n + a] = al;
      }
    if (!gauss(A, b, n)) continue;
    bool ok = true;
    for (size_t w = 0; w < W.size(); ++w)
      ok = ok && b[D + w] >= -1e-9;
    std::vector<double> v(b.begin(), b.begin() + static_cast<long>(D));
    for (size_t r = 0; r < m; ++r) {
      double s = 0;
      for (size_t a = 0; a < D; ++a)
        s += c.cons[r].sign * c.X[r * D + a] * v[a];
      ok = ok && s >= -1e-9;
    }
    if (ok) best = std::min(best, c.value(v));
  }
  return best;
}

Case random_case(std::mt19937& gen, size_t D, size_t m) {
  std::uniform_int_distribution<int> u(-5, 5);
  Case c;
  c.D = D;
  std::vector<double> B(D * D);
  for (double& e : B)
    e = u(gen);
  c.Q.assign(D * D, 0.0);
  for (size_t a = 0; a < D; ++a) // B'B + I: positive definite
    for (size_t e = 0; e < D; ++e) {
      for (size_t k = 0; k < D; ++k)
        c.Q[a * D + e] += B[k * D + a] * B[k * D + e];
      if (a == e) c.Q[a * D + e] += 1;
    }
  for (size_t a = 0; a < D; ++a)
    c.g.push_back(4 * u(gen));
  // The search's regions have interior points: each constraint is signed to hold strictly at
  // a random point p.
  std::vector<double> p(D);
  for (double& e : p)
    e = u(gen) + 0.5;
  c.X.resize(m * D);
  std::vector<double> sign(m);
  for (size_t r = 0; r < m; ++r) {
    double s = 0;
    for (size_t a = 0; a < D; ++a)
      s += p[a] * (c.X[r * D + a] = u(gen));
    if (s == 0) c.X[r * D] += 1, s = p[0]; // then alpha . p = p[0], half an odd integer
    sign[r] = s > 0 ? 1.0 : -1.0;
  }
  for (size_t r = 0; r < m; ++r)
    c.cons.push_back(FConstraint{0, &c.X[r * D], sign[r]});
  return c;
}

FloatQpResult solve(const Case& c, const std::vector<int>* warm) {
  return solve_qp_float(FloatQp{c.D, c.D, c.Q.data(), c.g.data(), 0.0, &c.cons, warm});
}

} // namespace

// Cold and warm starts reach the brute-force minimum, whatever the warm set: the cold start's
// own final working set, each single constraint, every pair, the set of all (more than D),
// duplicates, indices out of range and negative ones. A warm start must never end above the
// minimum (a non-optimal start point that the method did not leave).
BOOST_AUTO_TEST_CASE(warm_and_cold_reach_the_minimum) {
  std::mt19937 gen(20261202);
  size_t cases = 0, warm_runs = 0;
  for (size_t D : {2, 3, 5})
    for (size_t m : {1, 3, 5, 7})
      for (int rep = 0; rep < 12; ++rep) {
        const Case c = random_case(gen, D, m);
        const double ref = reference_min(c);
        BOOST_REQUIRE(std::isfinite(ref)); // V = 0 is always feasible
        const double tol = 1e-7 * (1 + std::fabs(ref));
        const FloatQpResult cold = solve(c, nullptr);
        BOOST_REQUIRE_MESSAGE(cold.ok, "D " << D << " m " << m << " rep " << rep);
        BOOST_TEST(std::fabs(cold.value - ref) <= tol);
        std::vector<std::vector<int>> warms{cold.active, {}, {-1, 7, 1000}};
        std::vector<int> all;
        for (size_t r = 0; r < m; ++r) {
          warms.push_back({static_cast<int>(r)});
          warms.push_back({static_cast<int>(r), static_cast<int>(r)});
          for (size_t s = r + 1; s < m; ++s)
            warms.push_back({static_cast<int>(s), static_cast<int>(r)});
          all.push_back(static_cast<int>(r));
        }
        warms.push_back(all);
        for (const auto& w : warms) {
          const FloatQpResult res = solve(c, &w);
          BOOST_REQUIRE_MESSAGE(res.ok, "D " << D << " m " << m << " rep " << rep << " warm size "
                                             << w.size() << " cold size " << cold.active.size());
          BOOST_TEST(std::fabs(res.value - ref) <= tol, "D " << D << " m " << m << " warm size "
                                                             << w.size() << ": " << res.value
                                                             << " vs " << ref);
          for (double mu : res.mu)
            BOOST_TEST(mu >= -1e-9);
          ++warm_runs;
        }
        ++cases;
      }
  BOOST_TEST(cases == 144u);
  BOOST_TEST(warm_runs > 1000u);
}

// Started from its own final working set, the solve stays there: one KKT system, the same point.
BOOST_AUTO_TEST_CASE(warm_from_the_answer_keeps_it) {
  std::mt19937 gen(7);
  for (int rep = 0; rep < 50; ++rep) {
    const Case c = random_case(gen, 3, 6);
    const FloatQpResult cold = solve(c, nullptr);
    const FloatQpResult warm = solve(c, &cold.active);
    BOOST_REQUIRE(cold.ok && warm.ok);
    BOOST_TEST(warm.active.size() == cold.active.size());
    for (size_t a = 0; a < 3; ++a)
      BOOST_TEST(std::fabs(warm.x[a] - cold.x[a]) <= 1e-8 * (1 + std::fabs(cold.x[a])));
  }
}
