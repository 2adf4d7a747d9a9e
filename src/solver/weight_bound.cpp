#include "solver/weight_bound.hpp"

#include "solver/problem.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace relucert {

namespace {

constexpr double INF = std::numeric_limits<double>::infinity();

// The node's QP with Q + diag(mu) (mu per unit), its value shifted by -B^2 sum mu: the dual
// function of L5 at mu.
FloatQpResult shifted_qp(const NodeState& st, double B, const std::vector<double>& mu) {
  const Problem& pb = st.problem();
  std::vector<double> Q = st.Qf();
  double shift = 0;
  for (size_t a = 0; a < pb.D; ++a) {
    Q[a * pb.D + a] += mu[a / pb.dp];
  }
  for (double m : mu)
    shift += m;
  FloatQp fq{pb.D, pb.dp, Q.data(), st.gf().data(), st.hf(), &st.freal()};
  FloatQpResult r = solve_qp_float(fq);
  if (r.ok) r.value -= B * B * shift;
  return r;
}

} // namespace

void scale_into_ball(const Problem& pb, const Rational& B2, RVec& V) {
  const size_t dp = pb.dp;
  for (size_t j = 0; j < pb.k; ++j) {
    Rational n2(0);
    for (size_t a = 0; a < dp; ++a)
      add_mul(n2, V[j * dp + a], V[j * dp + a]);
    if (n2 <= B2) continue;
    // A rational factor r < B / ||v_j||, shrunk until r^2 ||v_j||^2 <= B^2 holds exactly.
    double f = std::sqrt(scaled_double(B2 / n2, 0)); // the ratio: no overflow of either
    Rational r = simplest_near(f * (1 - 1e-13), 1000000000000L);
    for (int t = 0; r * r * n2 > B2 && t < 60; ++t)
      r = simplest_near(r.to_double() * (1 - std::ldexp(1.0, t - 50)), 1000000000000L);
    if (r * r * n2 > B2) r = Rational(0);
    for (size_t a = 0; a < dp; ++a)
      V[j * dp + a] = V[j * dp + a] * r;
  }
}

FloatQpResult bounded_qp(const NodeState& st, double B, std::vector<double>& mu) {
  const Problem& pb = st.problem();
  // The dual function d(mu) = min_P q(V) + sum_j mu_j (||v_j||^2 - B^2) is concave, with
  // partial derivatives ||v_j(mu)||^2 - B^2, and ||v_j(mu)|| is non-increasing in mu_j.
  // Any mu >= 0 gives a valid bound (L5); the accuracy of mu only affects its tightness.
  // Three phases: (1) one common mu_j = t for all units, t solving max_j ||v_j|| = B (this
  // is exact when units share their activations, where coordinate ascent crawls); (2)
  // coordinate ascent, each mu_j solving ||v_j|| = B; (3) projected Newton steps.
  const size_t k = pb.k, dp = pb.dp;
  const double rel = 1e-10;
  mu.assign(k, 0.0);
  auto norm = [&](const FloatQpResult& r, size_t j) {
    double s2 = 0;
    for (size_t a = 0; a < dp; ++a)
      s2 += r.x[j * dp + a] * r.x[j * dp + a];
    return std::sqrt(s2);
  };
  FloatQpResult r = shifted_qp(st, B, mu);
  if (!r.ok || r.x.size() != pb.D) return r;
  double qscale = 1e-12;
  for (size_t a = 0; a < pb.D; ++a)
    qscale = std::max(qscale, st.Qf()[a * pb.D + a]);

  // Solves nrm(mu(t)) = B for t >= 0, where mu(t) is set by `apply` and nrm is
  // non-increasing in t: a growing bracket, then regula falsi (Illinois) on
  // 1/nrm - 1/B, nearly linear in t (More-Sorensen). Updates mu and r if the ball binds.
  auto root = [&](const std::function<void(std::vector<double>&, double)>& apply,
                  const std::function<double(const FloatQpResult&)>& nrm, double t0) {
    std::vector<double> m = mu;
    apply(m, 0);
    FloatQpResult r0 = shifted_qp(st, B, m);
    if (!r0.ok) return;
    if (nrm(r0) <= B) { // not binding at t = 0
      mu = m, r = r0;
      return;
    }
    auto phi = [&](const FloatQpResult& rr) {
      double n = nrm(rr);
      return n > 0 ? 1 / n - 1 / B : INF;
    };
    double lo = 0, flo = phi(r0), hi = std::max(2 * t0, qscale), fhi = 0;
    FloatQpResult rh;
    for (int t = 0; t < 200; ++t) {
      apply(m, hi);
      rh = shifted_qp(st, B, m);
      if (!rh.ok) return;
      fhi = phi(rh);
      if (fhi >= 0) break;
      lo = hi, flo = fhi, hi *= 4;
    }
    if (fhi < 0) return;
    FloatQpResult best = rh; // the side with nrm <= B
    double best_t = hi;
    int side = 0;
    for (int t = 0; t < 100 && hi - lo > 1e-15 * hi; ++t) {
      double c = lo - flo * (hi - lo) / (fhi - flo);
      if (!(c > lo && c < hi)) c = 0.5 * (lo + hi);
      apply(m, c);
      FloatQpResult rc = shifted_qp(st, B, m);
      if (!rc.ok) break;
      double fc = phi(rc);
      if (fc >= 0) {
        hi = c, fhi = fc, best = rc, best_t = c;
        if (side == 1) flo *= 0.5; // Illinois: keep the stale end from stalling
        side = 1;
      } else {
        lo = c, flo = fc;
        if (side == -1) fhi *= 0.5;
        side = -1;
      }
      if (std::fabs(nrm(rc) - B) <= 0.1 * rel * B) {
        best = rc, best_t = c;
        break;
      }
    }
    apply(m, best_t);
    mu = m, r = best;
  };

  // (1) common multiplier
  root([&](std::vector<double>& m, double t) { std::fill(m.begin(), m.end(), t); },
       [&](const FloatQpResult& rr) {
         double mx = 0;
         for (size_t j = 0; j < k; ++j)
           mx = std::max(mx, norm(rr, j));
         return mx;
       },
       0);
  if (k == 1) return r;
  auto kkt = [&]() {
    for (size_t j = 0; j < k; ++j) {
      double n = norm(r, j);
      if (mu[j] == 0 ? n > B * (1 + rel) : std::fabs(n - B) > rel * B) return false;
    }
    return true;
  };
  // (2) coordinate ascent
  for (int round = 0; round < 10 && !kkt(); ++round)
    for (size_t j = 0; j < k; ++j)
      root([&](std::vector<double>& m, double t) { m[j] = t; },
           [&](const FloatQpResult& rr) { return norm(rr, j); }, mu[j]);
  // (3) projected Newton on d, the Hessian by finite differences of the gradient (k is
  // small), with a backtracking line search that never accepts a lower dual value.
  auto grad = [&](const FloatQpResult& rr) {
    std::vector<double> gr(k);
    for (size_t j = 0; j < k; ++j)
      gr[j] = norm(rr, j) * norm(rr, j) - B * B;
    return gr;
  };
  for (int it = 0; it < 40 && !kkt(); ++it) {
    std::vector<double> gr = grad(r);
    std::vector<size_t> F; // free coordinates: positive, or at 0 with an ascent direction
    for (size_t j = 0; j < k; ++j)
      if (mu[j] > 0 || gr[j] > 0) F.push_back(j);
    const size_t f = F.size();
    std::vector<double> H(f * f), step(f);
    bool ok = true;
    for (size_t c = 0; c < f && ok; ++c) {
      std::vector<double> m = mu;
      double hstep = 1e-7 * std::max(mu[F[c]], 1e-3 * qscale);
      m[F[c]] += hstep;
      FloatQpResult rc = shifted_qp(st, B, m);
      if (!rc.ok) {
        ok = false;
        break;
      }
      std::vector<double> gc = grad(rc);
      for (size_t rr = 0; rr < f; ++rr)
        H[rr * f + c] = (gc[F[rr]] - gr[F[rr]]) / hstep;
    }
    for (size_t rr = 0; rr < f; ++rr)
      step[rr] = -gr[F[rr]];
    if (!ok || !dense_solve(H, step, f)) // fall back to a scaled gradient step
      for (size_t rr = 0; rr < f; ++rr)
        step[rr] = gr[F[rr]] / (B * B) * std::max(mu[F[rr]], qscale * 1e-3);
    bool moved = false;
    for (double t = 1; t > 1e-6; t *= 0.5) {
      std::vector<double> m = mu;
      for (size_t rr = 0; rr < f; ++rr)
        m[F[rr]] = std::max(0.0, mu[F[rr]] + t * step[rr]);
      FloatQpResult rt = shifted_qp(st, B, m);
      if (rt.ok && rt.value > r.value) {
        mu = m, r = rt, moved = true;
        break;
      }
    }
    if (!moved) break;
  }
  return r;
}

} // namespace relucert
