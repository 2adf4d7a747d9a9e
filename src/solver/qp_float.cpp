#include "solver/qp_float.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace relucert {

double dot_con(const FConstraint& c, const double* v, size_t dp) {
  double s = 0;
  for (size_t k = 0; k < dp; ++k)
    s += c.x[k] * v[c.off + k];
  return c.sign * s;
}

void axpy_con(double t, const FConstraint& c, double* v, size_t dp) {
  double ts = t * c.sign;
  for (size_t k = 0; k < dp; ++k)
    v[c.off + k] += ts * c.x[k];
}

bool dense_solve(std::vector<double> A, std::vector<double>& b, size_t n) {
  return dense_solve_in_place(A.data(), b.data(), n);
}

bool dense_solve_in_place(double* A, double* b, size_t n) {
  double scale = 0;
  for (size_t k = 0; k < n * n; ++k)
    scale = std::max(scale, std::fabs(A[k]));
  if (scale == 0) return n == 0;
  for (size_t c = 0; c < n; ++c) {
    size_t p = c;
    for (size_t r = c + 1; r < n; ++r)
      if (std::fabs(A[r * n + c]) > std::fabs(A[p * n + c])) p = r;
    if (std::fabs(A[p * n + c]) <= 1e-14 * scale) return false;
    if (p != c) {
      for (size_t k = 0; k < n; ++k)
        std::swap(A[p * n + k], A[c * n + k]);
      std::swap(b[p], b[c]);
    }
    for (size_t r = c + 1; r < n; ++r) {
      double f = A[r * n + c] / A[c * n + c];
      if (f == 0) continue;
      for (size_t k = c; k < n; ++k)
        A[r * n + k] -= f * A[c * n + k];
      b[r] -= f * b[c];
    }
  }
  for (size_t c = n; c-- > 0;) {
    double s = b[c];
    for (size_t k = c + 1; k < n; ++k)
      s -= A[c * n + k] * b[k];
    b[c] = s / A[c * n + c];
  }
  return true;
}

namespace {

double norm_con(const FConstraint& c, size_t dp) {
  double s = 0;
  for (size_t k = 0; k < dp; ++k)
    s += c.x[k] * c.x[k];
  return std::sqrt(s);
}

// Solves [G, -1/2 A_W'; A_W, 0] [z; rho] = [rhs; 0].
bool kkt_solve(const std::vector<double>& G, size_t D, size_t dp,
               const std::vector<FConstraint>& cons, const std::vector<int>& W,
               const std::vector<double>& rhs, std::vector<double>& z, std::vector<double>& rho) {
  size_t m = W.size(), n = D + m;
  thread_local std::vector<double> A, b; // scratch, no allocation once grown
  A.assign(n * n, 0.0);
  b.assign(n, 0.0);
  for (size_t r = 0; r < D; ++r)
    for (size_t c = 0; c < D; ++c)
      A[r * n + c] = G[r * D + c];
  for (size_t w = 0; w < m; ++w) {
    const FConstraint& c = cons[W[w]];
    for (size_t k = 0; k < dp; ++k) {
      double a = c.sign * c.x[k];
      A[(c.off + k) * n + D + w] = -0.5 * a;
      A[(D + w) * n + c.off + k] = a;
    }
  }
  for (size_t r = 0; r < D; ++r)
    b[r] = rhs[r];
  if (!dense_solve_in_place(A.data(), b.data(), n)) return false;
  z.assign(b.begin(), b.begin() + static_cast<long>(D));
  rho.assign(b.begin() + static_cast<long>(D), b.end());
  return true;
}

// The minimiser x of q on {alpha_r.x = 0, r in W} with multipliers mu >= 0 (G x = g + 1/2 sum mu
// alpha), W taken from qp.warm less the members that are dependent or get mu < 0 (the most
// negative is dropped, the system solved again). False: no such set but the empty one.
bool warm_start(const std::vector<double>& G, const FloatQp& qp, const std::vector<double>& norms,
                std::vector<int>& W, std::vector<double>& x, std::vector<double>& mu) {
  const auto& cons = *qp.cons;
  thread_local std::vector<char> seen;
  seen.assign(cons.size(), 0);
  for (int r : *qp.warm)
    if (r >= 0 && static_cast<size_t>(r) < cons.size() && !seen[static_cast<size_t>(r)] &&
        norms[static_cast<size_t>(r)] > 0 && W.size() < qp.D) {
      seen[static_cast<size_t>(r)] = 1;
      W.push_back(r);
    }
  thread_local std::vector<double> rhs;
  rhs.assign(qp.g, qp.g + qp.D);
  while (!W.empty()) {
    if (!kkt_solve(G, qp.D, qp.dp, cons, W, rhs, x, mu)) return false;
    size_t worst = W.size();
    for (size_t w = 0; w < W.size(); ++w)
      if (mu[w] < 0 && (worst == W.size() || mu[w] < mu[worst])) worst = w;
    if (worst == W.size()) {
      // D independent homogeneous constraints meet only at 0: exactly 0, not the rounding
      // noise that the loop would read as violations (and add a dependent constraint).
      if (W.size() == qp.D) x.assign(qp.D, 0.0);
      return true;
    }
    W.erase(W.begin() + static_cast<long>(worst));
  }
  return false;
}

} // namespace

FloatQpResult solve_qp_float(const FloatQp& qp) {
  const size_t D = qp.D, dp = qp.dp;
  const auto& cons = *qp.cons;
  FloatQpResult res;
  double tr = 0;
  for (size_t k = 0; k < D; ++k)
    tr += qp.Q[k * D + k];
  double eps = 1e-10 * (tr / static_cast<double>(D) + 1e-300) + 1e-300;
  thread_local std::vector<double> G, G1, norms, rhs, z, rho, mu; // scratch
  thread_local std::vector<int> W;
  thread_local std::vector<char> in_w;
  G.assign(qp.Q, qp.Q + D * D);
  for (size_t k = 0; k < D; ++k)
    G[k * D + k] += eps;
  norms.resize(cons.size());
  for (size_t r = 0; r < cons.size(); ++r)
    norms[r] = norm_con(cons[r], dp);

  std::vector<double> x(qp.g, qp.g + D);
  W.clear();
  mu.clear();
  rho.clear();
  in_w.assign(cons.size(), 0);
  if (qp.warm && warm_start(G, qp, norms, W, x, mu)) {
    for (int r : W)
      in_w[static_cast<size_t>(r)] = 1;
  } else {
    W.clear(), mu.clear();
    x.assign(qp.g, qp.g + D);
    G1 = G;
    if (!dense_solve_in_place(G1.data(), x.data(), D)) return res;
  }
  const size_t max_iter = 4 * (cons.size() + D) + 20;
  size_t iter = 0;
  bool ok = true;
  while (ok) {
    double xn = 0;
    for (double v : x)
      xn = std::max(xn, std::fabs(v));
    double tol = 1e-11 * xn;
    int r = -1;
    double worst = -tol;
    for (size_t i = 0; i < cons.size(); ++i) {
      if (in_w[i] || norms[i] == 0) continue;
      double s = dot_con(cons[i], x.data(), dp) / norms[i];
      if (s < worst) {
        worst = s;
        r = static_cast<int>(i);
      }
    }
    if (r < 0) break;
    double mur = 0;
    rhs.assign(D, 0.0);
    z.clear();
    axpy_con(0.5, cons[r], rhs.data(), dp);
    while (true) {
      if (++iter > max_iter) {
        ok = false;
        break;
      }
      if (!kkt_solve(G, D, dp, cons, W, rhs, z, rho)) {
        ok = false;
        break;
      }
      double az = dot_con(cons[r], z.data(), dp);
      double inf = std::numeric_limits<double>::infinity();
      double t1 = az > 1e-300 ? -dot_con(cons[r], x.data(), dp) / az : inf;
      if (t1 < 0) t1 = 0;
      double t2 = inf;
      size_t kb = 0;
      for (size_t w = 0; w < W.size(); ++w)
        if (rho[w] < 0) {
          double t = mu[w] / -rho[w];
          if (t < t2) {
            t2 = t;
            kb = w;
          }
        }
      if (t1 == inf && t2 == inf) {
        ok = false;
        break;
      }
      double t = std::min(t1, t2);
      for (size_t k = 0; k < D; ++k)
        x[k] += t * z[k];
      for (size_t w = 0; w < W.size(); ++w)
        mu[w] += t * rho[w];
      mur += t;
      if (t2 < t1) {
        in_w[W[kb]] = 0;
        W.erase(W.begin() + static_cast<long>(kb));
        mu.erase(mu.begin() + static_cast<long>(kb));
        continue;
      }
      W.push_back(r);
      mu.push_back(mur);
      in_w[r] = 1;
      if (W.size() == D) x.assign(D, 0.0); // D independent homogeneous constraints: x = 0
      break;
    }
  }
  res.ok = ok;
  double val = qp.h;
  for (size_t a = 0; a < D; ++a) {
    double qa = 0;
    for (size_t b = 0; b < D; ++b)
      qa += qp.Q[a * D + b] * x[b];
    val += x[a] * qa - 2 * qp.g[a] * x[a];
  }
  res.value = val;
  res.x = std::move(x);
  res.active = std::move(W);
  res.mu = std::move(mu);
  return res;
}

void cone_membership(size_t D, const double* rows, size_t m, const std::vector<double>& b,
                     ConeTest& out) {
  out.member = false;
  out.support.clear();
  out.weight.clear();
  out.witness.clear();
  const auto dot = [D](const double* a, const double* v) { // dot_con's sum, in its order
    double s = 0;
    for (size_t k = 0; k < D; ++k)
      s += a[k] * v[k];
    return s;
  };
  double bn = 0;
  for (double v : b)
    bn += v * v;
  bn = std::sqrt(bn);
  thread_local std::vector<double> lam, resid, N, rhs; // scratch, resid = b - sum lam alpha
  thread_local std::vector<char> passive;
  thread_local std::vector<int> P, keep;
  lam.assign(m, 0.0);
  resid = b;
  passive.assign(m, 0);
  P.clear();
  const double tol = 1e-10 * (bn + 1e-300);
  for (size_t outer = 0; outer < 3 * D + 10; ++outer) {
    int t = -1;
    double best = tol;
    for (size_t r = 0; r < m; ++r) {
      if (passive[r]) continue;
      double w = dot(rows + r * D, resid.data());
      if (w > best) {
        best = w;
        t = static_cast<int>(r);
      }
    }
    if (t < 0) break;
    passive[t] = 1;
    P.push_back(t);
    for (size_t inner = 0; inner < 3 * D + 10; ++inner) {
      // Least squares on the passive columns: normal equations.
      size_t p = P.size();
      N.resize(p * p);
      rhs.resize(p);
      for (size_t a = 0; a < p; ++a) {
        const double* ra = rows + static_cast<size_t>(P[a]) * D;
        rhs[a] = dot(ra, b.data());
        for (size_t c = 0; c < p; ++c)
          N[a * p + c] = dot(rows + static_cast<size_t>(P[c]) * D, ra);
      }
      if (!dense_solve_in_place(N.data(), rhs.data(), p)) { // dependent column: drop the newest
        passive[P.back()] = 0;
        lam[P.back()] = 0;
        P.pop_back();
        break;
      }
      bool all_pos = true;
      for (double v : rhs)
        all_pos = all_pos && v > 0;
      if (all_pos) {
        for (size_t a = 0; a < p; ++a)
          lam[P[a]] = rhs[a];
        break;
      }
      double alpha = 1;
      for (size_t a = 0; a < p; ++a)
        if (rhs[a] <= 0) alpha = std::min(alpha, lam[P[a]] / (lam[P[a]] - rhs[a]));
      keep.clear();
      for (size_t a = 0; a < p; ++a) {
        lam[P[a]] += alpha * (rhs[a] - lam[P[a]]);
        if (lam[P[a]] > 1e-15 * (bn + 1))
          keep.push_back(P[a]);
        else {
          lam[P[a]] = 0;
          passive[P[a]] = 0;
        }
      }
      P = keep;
      if (P.empty()) break;
    }
    resid = b;
    for (int r : P)
      for (size_t k = 0; k < D; ++k)
        resid[k] += -lam[r] * rows[static_cast<size_t>(r) * D + k];
  }
  double rn = 0;
  for (double v : resid)
    rn += v * v;
  rn = std::sqrt(rn);
  out.member = rn <= 1e-9 * (bn + 1e-300);
  for (int r : P)
    if (lam[r] > 0) {
      out.support.push_back(r);
      out.weight.push_back(lam[r]);
    }
  if (!out.member) {
    // resid = b - proj(b); v = -resid has alpha.v >= 0 and -b.v = |resid|^2 > 0.
    out.witness.resize(D);
    for (size_t k = 0; k < D; ++k)
      out.witness[k] = -resid[k];
  }
}

} // namespace relucert
