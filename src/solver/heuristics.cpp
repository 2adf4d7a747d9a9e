#include "solver/heuristics.hpp"

#include "exact/linalg.hpp"
#include "solver/problem.hpp"
#include "solver/qp_float.hpp"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <set>

namespace relucert {

namespace {

using Clock = std::chrono::steady_clock;
constexpr double PI = 3.14159265358979323846;
constexpr double INF = std::numeric_limits<double>::infinity();

// log2 |q| lies in (mag(q) - 1, mag(q) + 1); q != 0.
long mag(const Rational& q) {
  return static_cast<long>(mpz_sizeinbase(q.get().get_num_mpz_t(), 2)) -
         static_cast<long>(mpz_sizeinbase(q.get().get_den_mpz_t(), 2));
}

// Random numbers from mt19937_64's output alone (fixed by the standard; the library's
// distributions are not), so that a seed gives the same starts on every platform.
struct Rng {
  std::mt19937_64 g;
  explicit Rng(uint64_t seed) : g(seed) {}
  double uniform() { return static_cast<double>(g() >> 11) * 0x1.0p-53; } // [0, 1)
  double normal() {                                                       // Box-Muller
    const double u1 = 1.0 - uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * PI * u2);
  }
  size_t index(size_t n) { return static_cast<size_t>(g() % n); }
};

// A network in sign-normalised form (certs/MATH.md §1): f(x) = sum_j s_j max(0, v_j . x'), V
// unit-major with dp = d + bias entries per unit, the bias coordinate last.
struct FloatNet {
  std::vector<int> s;
  std::vector<double> v; // float units (Heuristics::to_float)
  double loss = 0;       // float loss in float units
};

class Heuristics {
public:
  Heuristics(const Instance& inst, const Model& model, const HeuristicOptions& opt);
  std::vector<Candidate> run();

private:
  // The stop callback or (when use_budget_) the budget: once true, every step returns at once.
  bool over();
  const Rational& xp(size_t i, size_t a) const { return a < d_ ? inst_.x[i][a] : one_; }
  // The float shadow's units: coordinate a of x'_i is x'_i[a] 2^-xe[a], y is y 2^-ye, c is
  // c 2^-ce; a parameter p of coordinate a stands for the exact v = p 2^(ye - xe[a]), so that
  // v . x'_i = 2^ye sum_a p_a xf_ia. With a weight bound every coordinate shares one exponent,
  // so the ball ||v_j|| <= B is the ball ||p_j|| <= B 2^(xe - ye).
  void make_shadow();
  std::vector<double> to_float(const RVec& V) const;
  RVec rounded(const std::vector<double>& v) const;

  // Float loss, activation pattern (n x k, 1 where s_j v_j . x'_i > 0 counts) and descent.
  double float_loss(const std::vector<int>& s, const std::vector<double>& v) const;
  std::vector<char> float_pattern(const std::vector<int>& s, const std::vector<double>& v) const;
  // Gauss-Newton on the activation pattern: each step solves the least squares of the current
  // pattern (a small ridge for dead units), then a backtracking line search on the true float
  // loss; the first step is taken whatever its loss (a random start's scale is arbitrary).
  // With a weight bound every step is projected into the ball. Returns the final float loss.
  double descend(const std::vector<int>& s, std::vector<double>& v);
  void project(std::vector<double>& v) const;
  // The minimum of the float loss over the closed cell of the pattern `pat`: every pair on its
  // side (x'_i . v_j >= 0 where active, <= 0 where not), a convex QP on which the loss is the
  // pattern's least squares (solve_qp_float). `on` lists the pairs held at v_j . x'_i = 0, with
  // their multipliers `mu` (> 0: the loss would fall across that hyperplane).
  struct CellMin {
    bool ok = false;
    std::vector<char> pat;
    std::vector<double> v;
    double loss = 0;
    std::vector<std::pair<size_t, size_t>> on;
    std::vector<double> mu;
  };
  CellMin cell_min(const std::vector<int>& s, const std::vector<char>& pat) const;
  // From the cell of `pat`: while crossing one of the binding pairs (largest multiplier first,
  // at most three tried) into the neighbouring cell lowers the cell minimum, move there (at
  // most 20 moves). Not with a weight bound (the ball is not part of the cell).
  CellMin cell_descent(const std::vector<int>& s, std::vector<char> pat);

  // The exact least-squares fit of the activation pattern `pat` (n x k): minimises
  // sum_i c_i (phi_i . V - y_i)^2 with phi_i holding s_j x'_i in the block of every unit
  // active on i, by the exact normal equations (a particular solution of a singular system:
  // free variables 0). With `no_bias` the bias coordinates are fixed at 0. Nothing if stopped.
  // `eq` (pairs (i, j)) adds the equalities v_j . x'_i = 0 (KKT system with multipliers):
  // points that a float solution puts on a unit's hyperplane, where optima often lie.
  std::optional<RVec> exact_fit(const std::vector<int>& s, const std::vector<char>& pat,
                                bool no_bias,
                                const std::vector<std::pair<size_t, size_t>>& eq = {});
  // The exact pattern of V: 1 where v_j . x'_i > 0. Empty if stopped.
  std::vector<char> exact_pattern(const std::vector<int>& s, const RVec& V);
  // Exact fits of `pat`, then of the pattern of each fit, until a pattern repeats (at most
  // `rounds` fits); each offered, the first as `first`, the others as `then`.
  void refit(const std::vector<int>& s, std::vector<char> pat, bool no_bias, const char* first,
             const char* then, int rounds);
  // The local search from every start, each result offered rounded as `kind` (so that a budget
  // running out before the polish still leaves them).
  void descend_all(std::vector<FloatNet>& sols, const char* kind);
  // The float solutions' best few distinct patterns: rounded, then exactly refitted.
  void polish(std::vector<FloatNet> sols, const char* kind, const char* exact_kind);

  // Offers the k'-unit network (s, V), completed by zero units to k: kept if its exact loss is
  // below the best so far (then it is also the base of the next unit count).
  bool offer(const std::vector<int>& s, RVec V, const char* kind);
  // With a weight bound: each unit scaled by a rational r with r^2 ||v_j||^2 <= B^2 exactly.
  void scale_into_ball(RVec& V) const;

  std::vector<double> random_unit();

  // The exact data as integers for fast exact sums: x'_i[a] = X[i dp + a] / LX[a],
  // y_i = Y[i] / LY, c_i = C[i] / LC, with LX[a], LY, LC the lcm of each column's
  // denominators. Left empty (the rational sums are used) when an lcm passes 256 bits.
  void make_integers();
  std::vector<mpz_class> X_, Y_, C_, LX_, LF_; // LF_[a] = L / LX[a], L = lcm(LX)
  mpz_class L_, LY_, LC_;
  // The exact loss of (s, V) by integer sums (X_ must be set), if below `bound`.
  std::optional<Rational> integer_loss_below(const std::vector<int>& s, const RVec& V,
                                             const Rational& bound);
  // K[j dp + a] = v_ja M_j LF_a with M_j > 0 the lcm of unit j's denominators, so that
  // v_j . x'_i = (sum_a K_ja X_ia) / (M_j L); M gets the M_j.
  void integer_units(const RVec& V, size_t k, std::vector<mpz_class>& K,
                     std::vector<mpz_class>& M) const;

  const Instance& inst_;
  const Model& model_;
  const HeuristicOptions& opt_;
  Clock::time_point start_;
  bool stopped_ = false;
  // The unit count k' = 1..k being searched may use the budget up to k'/k of it, so that the
  // k-unit candidates get their share however long the smaller ones could take.
  double phase_share_ = 1;
  // Off while the plain least-squares fits are formed: they are always computed (unless
  // stopped), at the cost of about one pass of the set-up's exact sums each.
  bool use_budget_ = true;
  int polish_count_ = 5; // float solutions polished per unit count (more on small instances)
  size_t n_, d_, dp_, k_;
  bool bias_;
  Rational one_{1};
  std::vector<double> xf_, yf_, cf_; // n x dp, n, n
  std::vector<long> xe_;
  long ye_ = 0;
  double bound_f_ = 0; // the weight bound in float units (0: none)
  Rng rng_;

  std::vector<Candidate> out_;
  Rational best_loss_;
  double best_loss_f_ = INF; // its float loss
  std::vector<int> best_s_;  // the best network so far, sign-normalised (k' units)
  RVec best_V_;
};

Heuristics::Heuristics(const Instance& inst, const Model& model, const HeuristicOptions& opt)
    : inst_(inst), model_(model), opt_(opt), start_(Clock::now()), n_(inst.n), d_(inst.d),
      dp_(inst.d + (model.bias ? 1 : 0)), k_(static_cast<size_t>(model.units)), bias_(model.bias),
      rng_(opt.seed) {}

bool Heuristics::over() {
  if (stopped_) return true;
  if (opt_.stop && opt_.stop()) stopped_ = true;
  if (stopped_ || !use_budget_ || opt_.time_budget <= 0) return stopped_;
  return std::chrono::duration<double>(Clock::now() - start_).count() >=
         opt_.time_budget * phase_share_;
}

void Heuristics::make_shadow() {
  std::vector<long> xm(dp_, LONG_MIN);
  long ym = LONG_MIN, cm = LONG_MIN;
  for (size_t i = 0; i < n_; ++i) {
    for (size_t a = 0; a < dp_; ++a)
      if (!xp(i, a).is_zero()) xm[a] = std::max(xm[a], mag(xp(i, a)));
    if (!inst_.y[i].is_zero()) ym = std::max(ym, mag(inst_.y[i]));
    cm = std::max(cm, mag(inst_.c[i]));
  }
  xe_.assign(dp_, 0);
  for (size_t a = 0; a < dp_; ++a)
    xe_[a] = xm[a] == LONG_MIN ? 0 : xm[a];
  if (model_.weight_bound) {
    const long m = *std::max_element(xe_.begin(), xe_.end());
    xe_.assign(dp_, m);
  }
  ye_ = ym == LONG_MIN ? 0 : ym;
  const long ce = cm == LONG_MIN ? 0 : cm;
  xf_.resize(n_ * dp_);
  yf_.resize(n_);
  cf_.resize(n_);
  for (size_t i = 0; i < n_; ++i) {
    for (size_t a = 0; a < dp_; ++a)
      xf_[i * dp_ + a] = scaled_double(xp(i, a), -xe_[a]);
    yf_[i] = scaled_double(inst_.y[i], -ye_);
    cf_[i] = scaled_double(inst_.c[i], -ce);
  }
  if (model_.weight_bound)
    bound_f_ = std::clamp(scaled_double(*model_.weight_bound, xe_[0] - ye_), 0x1.0p-400, 0x1.0p400);
}

std::vector<double> Heuristics::to_float(const RVec& V) const {
  std::vector<double> v(V.size());
  for (size_t t = 0; t < V.size(); ++t)
    v[t] = scaled_double(V[t], xe_[t % dp_] - ye_);
  return v;
}

RVec Heuristics::rounded(const std::vector<double>& v) const {
  RVec V;
  for (size_t t = 0; t < v.size(); ++t)
    V.push_back(times_pow2(simplest_near(v[t], 1000000000L), ye_ - xe_[t % dp_]));
  return V;
}

double Heuristics::float_loss(const std::vector<int>& s, const std::vector<double>& v) const {
  const size_t k = s.size();
  double L = 0;
  for (size_t i = 0; i < n_; ++i) {
    const double* x = &xf_[i * dp_];
    double f = 0;
    for (size_t j = 0; j < k; ++j) {
      double t = 0;
      for (size_t a = 0; a < dp_; ++a)
        t += x[a] * v[j * dp_ + a];
      if (t > 0) f += s[j] * t;
    }
    const double e = f - yf_[i];
    L += cf_[i] * e * e;
  }
  return L;
}

std::vector<char> Heuristics::float_pattern(const std::vector<int>& s,
                                            const std::vector<double>& v) const {
  const size_t k = s.size();
  std::vector<char> pat(n_ * k, 0);
  for (size_t i = 0; i < n_; ++i)
    for (size_t j = 0; j < k; ++j) {
      double t = 0;
      for (size_t a = 0; a < dp_; ++a)
        t += xf_[i * dp_ + a] * v[j * dp_ + a];
      pat[i * k + j] = t > 0;
    }
  return pat;
}

void Heuristics::project(std::vector<double>& v) const {
  if (bound_f_ <= 0) return;
  for (size_t j = 0; j * dp_ < v.size(); ++j) {
    double n2 = 0;
    for (size_t a = 0; a < dp_; ++a)
      n2 += v[j * dp_ + a] * v[j * dp_ + a];
    if (n2 > bound_f_ * bound_f_)
      for (size_t a = 0; a < dp_; ++a)
        v[j * dp_ + a] *= bound_f_ / std::sqrt(n2);
  }
}

double Heuristics::descend(const std::vector<int>& s, std::vector<double>& v) {
  const size_t k = s.size(), D = k * dp_;
  double L = float_loss(s, v);
  std::vector<double> A(D * D), r(D), t(k), vt(D);
  std::vector<size_t> act;
  for (int it = 0; it < 40 && !over(); ++it) {
    std::fill(A.begin(), A.end(), 0.0);
    std::fill(r.begin(), r.end(), 0.0);
    for (size_t i = 0; i < n_; ++i) {
      const double* x = &xf_[i * dp_];
      act.clear();
      for (size_t j = 0; j < k; ++j) {
        double u = 0;
        for (size_t a = 0; a < dp_; ++a)
          u += x[a] * v[j * dp_ + a];
        if (u > 0) act.push_back(j);
      }
      for (size_t j : act) {
        for (size_t a = 0; a < dp_; ++a)
          r[j * dp_ + a] += cf_[i] * yf_[i] * s[j] * x[a];
        for (size_t l : act) {
          const double w = cf_[i] * s[j] * s[l];
          for (size_t a = 0; a < dp_; ++a)
            for (size_t b = 0; b < dp_; ++b)
              A[(j * dp_ + a) * D + l * dp_ + b] += w * x[a] * x[b];
        }
      }
    }
    double diag = 0;
    for (size_t a = 0; a < D; ++a)
      diag = std::max(diag, A[a * D + a]);
    for (size_t a = 0; a < D; ++a)
      A[a * D + a] += 1e-10 * diag + 1e-300;
    if (!dense_solve(A, r, D)) break;
    bool finite = true;
    for (double z : r)
      finite = finite && std::isfinite(z);
    if (!finite) break;
    project(r);
    if (it == 0) {
      v = r;
      L = float_loss(s, v);
      continue;
    }
    bool moved = false;
    double Lt = L;
    for (double step = 1; step > 0x1.0p-16; step *= 0.5) {
      for (size_t a = 0; a < D; ++a)
        vt[a] = v[a] + step * (r[a] - v[a]);
      Lt = float_loss(s, vt);
      if (Lt < L * (1 - 1e-13)) {
        moved = true;
        break;
      }
    }
    if (!moved) break;
    const bool small = L - Lt <= 1e-10 * L;
    v = vt;
    L = Lt;
    if (small) break;
  }
  return L;
}

Heuristics::CellMin Heuristics::cell_min(const std::vector<int>& s,
                                         const std::vector<char>& pat) const {
  const size_t k = s.size(), D = k * dp_;
  CellMin res;
  std::vector<double> Q(D * D, 0.0), g(D, 0.0);
  double h = 0;
  std::vector<FConstraint> cons;
  std::vector<std::pair<size_t, size_t>> pairs;
  for (size_t i = 0; i < n_; ++i) {
    const double* x = &xf_[i * dp_];
    h += cf_[i] * yf_[i] * yf_[i];
    bool zero = true;
    for (size_t a = 0; a < dp_; ++a)
      zero = zero && x[a] == 0;
    if (zero) continue;
    for (size_t j = 0; j < k; ++j) {
      cons.push_back({j * dp_, x, pat[i * k + j] ? 1.0 : -1.0});
      pairs.push_back({i, j});
      if (!pat[i * k + j]) continue;
      for (size_t a = 0; a < dp_; ++a)
        g[j * dp_ + a] += cf_[i] * yf_[i] * s[j] * x[a];
      for (size_t l = 0; l < k; ++l) {
        if (!pat[i * k + l]) continue;
        const double w = cf_[i] * s[j] * s[l];
        for (size_t a = 0; a < dp_; ++a)
          for (size_t b = 0; b < dp_; ++b)
            Q[(j * dp_ + a) * D + l * dp_ + b] += w * x[a] * x[b];
      }
    }
  }
  FloatQpResult r = solve_qp_float(FloatQp{D, dp_, Q.data(), g.data(), h, &cons});
  if (!r.ok || r.x.size() != D || !std::isfinite(r.value)) return res;
  for (double z : r.x)
    if (!std::isfinite(z)) return res;
  res.ok = true;
  res.pat = pat;
  res.v = r.x;
  res.loss = float_loss(s, r.x);
  for (size_t t = 0; t < r.active.size(); ++t) {
    res.on.push_back(pairs[static_cast<size_t>(r.active[t])]);
    res.mu.push_back(t < r.mu.size() ? r.mu[t] : 0.0);
  }
  return res;
}

Heuristics::CellMin Heuristics::cell_descent(const std::vector<int>& s, std::vector<char> pat) {
  CellMin c;
  if (bound_f_ > 0 || over()) return c;
  c = cell_min(s, pat);
  const size_t k = s.size();
  for (int move = 0; move < 20 && c.ok && !over(); ++move) {
    std::vector<size_t> order(c.on.size());
    for (size_t t = 0; t < order.size(); ++t)
      order[t] = t;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return c.mu[a] > c.mu[b]; });
    bool moved = false;
    for (size_t t = 0; t < order.size() && t < 3 && !moved && !over(); ++t) {
      if (!(c.mu[order[t]] > 0)) break;
      const auto [i, j] = c.on[order[t]];
      std::vector<char> next = c.pat;
      next[i * k + j] = !next[i * k + j];
      CellMin c2 = cell_min(s, next);
      if (c2.ok && c2.loss < c.loss * (1 - 1e-12)) {
        c = std::move(c2);
        moved = true;
      }
    }
    if (!moved) break;
  }
  return c;
}

std::optional<RVec> Heuristics::exact_fit(const std::vector<int>& s, const std::vector<char>& pat,
                                          bool no_bias,
                                          const std::vector<std::pair<size_t, size_t>>& eq) {
  const size_t k = s.size(), D = k * dp_;
  const size_t dfit = no_bias ? d_ : dp_; // coordinates fitted; the others stay 0
  // Points with the same set of active units add to the same blocks: their sums
  // S = sum c x' x'^T (upper triangle) and t = sum c y x' are formed once per set.
  struct Group {
    RMat S;
    RVec t;
  };
  std::map<std::string, Group> groups;
  struct IntGroup {
    std::vector<mpz_class> S, t; // dfit x dfit (upper triangle), dfit
  };
  std::map<std::string, IntGroup> igroups;
  const bool ints = !X_.empty();
  std::string key(k, '0');
  RVec cx(dp_);
  std::vector<mpz_class> icx(dp_);
  for (size_t i = 0; i < n_; ++i) {
    if (i % 256 == 255 && over()) return std::nullopt;
    bool any = false;
    for (size_t j = 0; j < k; ++j) {
      key[j] = pat[i * k + j] ? '1' : '0';
      any = any || pat[i * k + j];
    }
    if (!any) continue;
    if (ints) {
      auto [it, fresh] = igroups.try_emplace(key);
      IntGroup& G = it->second;
      if (fresh) {
        G.S.assign(dfit * dfit, mpz_class(0));
        G.t.assign(dfit, mpz_class(0));
      }
      for (size_t a = 0; a < dfit; ++a)
        mpz_mul(icx[a].get_mpz_t(), C_[i].get_mpz_t(), X_[i * dp_ + a].get_mpz_t());
      for (size_t a = 0; a < dfit; ++a) {
        if (sgn(icx[a]) == 0) continue;
        mpz_addmul(G.t[a].get_mpz_t(), icx[a].get_mpz_t(), Y_[i].get_mpz_t());
        for (size_t b = a; b < dfit; ++b)
          mpz_addmul(G.S[a * dfit + b].get_mpz_t(), icx[a].get_mpz_t(),
                     X_[i * dp_ + b].get_mpz_t());
      }
      continue;
    }
    auto [it, fresh] = groups.try_emplace(key);
    Group& G = it->second;
    if (fresh) {
      G.S.assign(dfit, RVec(dfit, Rational(0)));
      G.t.assign(dfit, Rational(0));
    }
    for (size_t a = 0; a < dfit; ++a)
      cx[a] = inst_.c[i] * xp(i, a);
    for (size_t a = 0; a < dfit; ++a) {
      if (cx[a].is_zero()) continue;
      add_mul(G.t[a], cx[a], inst_.y[i]);
      for (size_t b = a; b < dfit; ++b)
        add_mul(G.S[a][b], cx[a], xp(i, b));
    }
  }
  for (auto& [set, IG] : igroups) { // back to rationals: divide by the common denominators
    Group& G = groups[set];
    G.S.assign(dfit, RVec(dfit, Rational(0)));
    G.t.assign(dfit, Rational(0));
    for (size_t a = 0; a < dfit; ++a) {
      G.t[a] = Rational(IG.t[a], LC_ * LY_ * LX_[a]);
      for (size_t b = a; b < dfit; ++b)
        G.S[a][b] = Rational(IG.S[a * dfit + b], LC_ * LX_[a] * LX_[b]);
    }
  }
  RMat Q(D, RVec(D, Rational(0)));
  RVec g(D, Rational(0));
  for (const auto& [set, G] : groups) {
    for (size_t j = 0; j < k; ++j) {
      if (set[j] != '1') continue;
      for (size_t a = 0; a < dfit; ++a) {
        if (s[j] > 0)
          g[j * dp_ + a] += G.t[a];
        else
          g[j * dp_ + a] -= G.t[a];
      }
      for (size_t l = 0; l < k; ++l) {
        if (set[l] != '1') continue;
        for (size_t a = 0; a < dfit; ++a)
          for (size_t b = 0; b < dfit; ++b) {
            const Rational& q = a <= b ? G.S[a][b] : G.S[b][a];
            if (s[j] == s[l])
              Q[j * dp_ + a][l * dp_ + b] += q;
            else
              Q[j * dp_ + a][l * dp_ + b] -= q;
          }
      }
    }
  }
  if (over()) return std::nullopt;
  if (eq.empty()) return solve_exact(std::move(Q), std::move(g)); // always consistent
  // [Q A^T; A 0] (V, mu) = (g, 0): the least squares on the subspace A V = 0.
  const size_t m = eq.size();
  for (size_t r = 0; r < D; ++r)
    Q[r].resize(D + m, Rational(0));
  for (size_t e = 0; e < m; ++e) {
    RVec row(D + m, Rational(0));
    const auto [i, j] = eq[e];
    for (size_t a = 0; a < dfit; ++a) {
      row[j * dp_ + a] = xp(i, a);
      Q[j * dp_ + a][D + e] = xp(i, a);
    }
    Q.push_back(std::move(row));
    g.push_back(Rational(0));
  }
  std::optional<RVec> z = solve_exact(std::move(Q), std::move(g));
  if (z) z->resize(D); // (consistent: V = 0, mu = 0 solves A V = 0, and Q is PSD)
  return z;
}

void Heuristics::make_integers() {
  const auto lcm_of = [&](auto value_at, mpz_class& L) {
    L = 1;
    for (size_t i = 0; i < n_; ++i) {
      const mpq_class& q = value_at(i).get();
      if (q.get_den() != 1) mpz_lcm(L.get_mpz_t(), L.get_mpz_t(), q.get_den_mpz_t());
      if (mpz_sizeinbase(L.get_mpz_t(), 2) > 256) return false;
    }
    return true;
  };
  LX_.assign(dp_, mpz_class(1));
  for (size_t a = 0; a < dp_; ++a)
    if (!lcm_of([&](size_t i) -> const Rational& { return xp(i, a); }, LX_[a])) return;
  if (!lcm_of([&](size_t i) -> const Rational& { return inst_.y[i]; }, LY_) ||
      !lcm_of([&](size_t i) -> const Rational& { return inst_.c[i]; }, LC_))
    return;
  const auto scaled = [](const Rational& q, const mpz_class& L) {
    mpz_class z;
    mpz_divexact(z.get_mpz_t(), L.get_mpz_t(), q.get().get_den_mpz_t());
    return mpz_class(z * q.get().get_num());
  };
  L_ = 1;
  for (const mpz_class& l : LX_)
    mpz_lcm(L_.get_mpz_t(), L_.get_mpz_t(), l.get_mpz_t());
  LF_.resize(dp_);
  for (size_t a = 0; a < dp_; ++a)
    mpz_divexact(LF_[a].get_mpz_t(), L_.get_mpz_t(), LX_[a].get_mpz_t());
  X_.resize(n_ * dp_);
  Y_.resize(n_);
  C_.resize(n_);
  for (size_t i = 0; i < n_; ++i) {
    for (size_t a = 0; a < dp_; ++a)
      X_[i * dp_ + a] = scaled(xp(i, a), LX_[a]);
    Y_[i] = scaled(inst_.y[i], LY_);
    C_[i] = scaled(inst_.c[i], LC_);
  }
}

void Heuristics::integer_units(const RVec& V, size_t k, std::vector<mpz_class>& K,
                               std::vector<mpz_class>& M) const {
  K.assign(k * dp_, mpz_class(0));
  M.assign(k, mpz_class(1));
  for (size_t j = 0; j < k; ++j) {
    for (size_t a = 0; a < dp_; ++a)
      mpz_lcm(M[j].get_mpz_t(), M[j].get_mpz_t(), V[j * dp_ + a].get().get_den_mpz_t());
    for (size_t a = 0; a < dp_; ++a) {
      mpz_class& z = K[j * dp_ + a];
      mpz_divexact(z.get_mpz_t(), M[j].get_mpz_t(), V[j * dp_ + a].get().get_den_mpz_t());
      z *= V[j * dp_ + a].get().get_num();
      z *= LF_[a];
    }
  }
}

std::optional<Rational> Heuristics::integer_loss_below(const std::vector<int>& s, const RVec& V,
                                                       const Rational& bound) {
  // With T_ij = sum_a K_ja X_ia, f(x_i) = F_i / (Mc L) where Mc = lcm_j M_j and
  // F_i = sum_j s_j (Mc / M_j) max(0, T_ij); y_i = Y_i / LY, c_i = C_i / LC, so the loss is
  // S / (LC (Mc L LY)^2) with S = sum_i C_i (F_i LY - Y_i Mc L)^2, all integers.
  const size_t k = s.size();
  std::vector<mpz_class> K, M, G(k);
  integer_units(V, k, K, M);
  mpz_class Mc = 1;
  for (const mpz_class& m : M)
    mpz_lcm(Mc.get_mpz_t(), Mc.get_mpz_t(), m.get_mpz_t());
  for (size_t j = 0; j < k; ++j)
    mpz_divexact(G[j].get_mpz_t(), Mc.get_mpz_t(), M[j].get_mpz_t());
  const mpz_class McL = Mc * L_;
  mpz_class den = McL * LY_;
  den = den * den * LC_;
  // S >= bound den  <=>  S bden >= bnum (bound = bnum / bden, bden > 0).
  const mpz_class bnum = bound.num() * den, bden = bound.den();
  mpz_class S = 0, T, F, E, t;
  for (size_t i = 0; i < n_; ++i) {
    F = 0;
    for (size_t j = 0; j < k; ++j) {
      T = 0;
      for (size_t a = 0; a < dp_; ++a)
        mpz_addmul(T.get_mpz_t(), K[j * dp_ + a].get_mpz_t(), X_[i * dp_ + a].get_mpz_t());
      if (sgn(T) <= 0) continue;
      if (s[j] > 0)
        mpz_addmul(F.get_mpz_t(), G[j].get_mpz_t(), T.get_mpz_t());
      else
        mpz_submul(F.get_mpz_t(), G[j].get_mpz_t(), T.get_mpz_t());
    }
    E = F * LY_;
    mpz_submul(E.get_mpz_t(), Y_[i].get_mpz_t(), McL.get_mpz_t());
    t = E * E;
    mpz_addmul(S.get_mpz_t(), C_[i].get_mpz_t(), t.get_mpz_t());
    if (i % 256 == 255 || i + 1 == n_) {
      if (over()) return std::nullopt;
      if (S * bden >= bnum) return std::nullopt;
    }
  }
  return Rational(S, den);
}

std::vector<char> Heuristics::exact_pattern(const std::vector<int>& s, const RVec& V) {
  const size_t k = s.size();
  std::vector<char> pat(n_ * k, 0);
  if (!X_.empty()) {
    // sign(v . x'_i) = sign(sum_a K_a X_ia) with K_a = v_a M (L / LX_a) for M > 0 the lcm of the
    // unit's denominators and L that of the columns': one integer dot product per point.
    std::vector<mpz_class> K, M;
    integer_units(V, k, K, M);
    mpz_class acc;
    for (size_t j = 0; j < k; ++j)
      for (size_t i = 0; i < n_; ++i) {
        if (i % 1024 == 1023 && over()) return {};
        acc = 0;
        for (size_t a = 0; a < dp_; ++a)
          mpz_addmul(acc.get_mpz_t(), K[j * dp_ + a].get_mpz_t(), X_[i * dp_ + a].get_mpz_t());
        pat[i * k + j] = sgn(acc) > 0;
      }
    return pat;
  }
  Rational t;
  for (size_t i = 0; i < n_; ++i) {
    if (i % 256 == 255 && over()) return {};
    for (size_t j = 0; j < k; ++j) {
      t = Rational(0);
      for (size_t a = 0; a < dp_; ++a)
        if (!V[j * dp_ + a].is_zero()) add_mul(t, V[j * dp_ + a], xp(i, a));
      pat[i * k + j] = t.sign() > 0;
    }
  }
  return pat;
}

void Heuristics::scale_into_ball(RVec& V) const {
  if (!model_.weight_bound) return;
  const Rational B2 = *model_.weight_bound * *model_.weight_bound;
  for (size_t j = 0; j * dp_ < V.size(); ++j) {
    Rational n2(0);
    for (size_t a = 0; a < dp_; ++a)
      add_mul(n2, V[j * dp_ + a], V[j * dp_ + a]);
    if (n2 <= B2) continue;
    // A rational factor r just below B / ||v_j||, shrunk until r^2 ||v_j||^2 <= B^2 holds
    // exactly (0 at worst: the zero unit is always inside).
    const double f = std::sqrt(scaled_double(B2 / n2, 0));
    Rational r = simplest_near(f * (1 - 1e-13), 1000000000000L);
    for (int t = 0; r * r * n2 > B2 && t < 60; ++t)
      r = simplest_near(r.to_double() * (1 - std::ldexp(1.0, t - 50)), 1000000000000L);
    if (r.sign() < 0 || r * r * n2 > B2) r = Rational(0);
    for (size_t a = 0; a < dp_; ++a)
      V[j * dp_ + a] = V[j * dp_ + a] * r;
  }
}

bool Heuristics::offer(const std::vector<int>& s, RVec V, const char* kind) {
  if (over()) return false;
  scale_into_ball(V);
  // The exact loss only for a candidate that floating point does not see as clearly worse (an
  // exact sum costs far more than a float one; the exact loss alone decides what is kept).
  const double lf = float_loss(s, to_float(V));
  if (!(lf <= best_loss_f_ * (1 + 1e-9) + 1e-300)) return false;
  Network net;
  for (size_t j = 0; j < k_; ++j) {
    Unit u;
    const bool real = j < s.size();
    u.a = Rational(real && !model_.nonneg ? s[j] : 1);
    for (size_t t = 0; t < d_; ++t)
      u.w.push_back(real ? V[j * dp_ + t] : Rational(0));
    u.b = real && bias_ ? V[j * dp_ + d_] : Rational(0);
    net.push_back(std::move(u));
  }
  std::optional<Rational> loss =
      !X_.empty() ? integer_loss_below(s, V, best_loss_)
                  : exact_loss_below(inst_, net, best_loss_, [this] { return over(); });
  if (!loss) return false;
  best_loss_ = *loss;
  best_loss_f_ = lf;
  best_s_ = s;
  best_V_ = V;
  out_.push_back({std::move(net), kind, *loss});
  return true;
}

void Heuristics::refit(const std::vector<int>& s, std::vector<char> pat, bool no_bias,
                       const char* first, const char* then, int rounds) {
  std::set<std::vector<char>> seen;
  for (int t = 0; t < rounds && !over() && seen.insert(pat).second; ++t) {
    std::optional<RVec> V = exact_fit(s, pat, no_bias);
    if (!V) return;
    offer(s, *V, t == 0 ? first : then);
    pat = exact_pattern(s, *V);
    if (pat.empty()) return;
  }
}

void Heuristics::descend_all(std::vector<FloatNet>& sols, const char* kind) {
  for (FloatNet& f : sols) {
    f.loss = over() ? INF : descend(f.s, f.v);
    if (std::isfinite(f.loss)) offer(f.s, rounded(f.v), kind);
  }
}

void Heuristics::polish(std::vector<FloatNet> sols, const char* kind, const char* exact_kind) {
  std::sort(sols.begin(), sols.end(),
            [](const FloatNet& a, const FloatNet& b) { return a.loss < b.loss; });
  std::set<std::pair<std::vector<int>, std::vector<char>>> done;
  int polished = 0;
  for (const FloatNet& f : sols) {
    if (polished == polish_count_ || over()) break;
    if (!std::isfinite(f.loss)) continue;
    std::vector<char> pat = float_pattern(f.s, f.v);
    if (!done.insert({f.s, pat}).second) continue;
    ++polished;
    offer(f.s, rounded(f.v), kind);
    // The cell's own minimum (with the pairs held on a hyperplane), then the neighbouring cells
    // across its binding pairs; the final cell's minimum fitted exactly on its hyperplanes.
    CellMin c = cell_descent(f.s, pat);
    if (c.ok) {
      offer(f.s, rounded(c.v), kind);
      std::vector<char> off = c.pat;
      for (const auto& [i, j] : c.on)
        off[i * f.s.size() + j] = 0;
      if (std::optional<RVec> V = exact_fit(f.s, off, false, c.on)) offer(f.s, *V, exact_kind);
      pat = c.pat;
    }
    refit(f.s, pat, false, exact_kind, exact_kind, 3);
  }
}

std::vector<double> Heuristics::random_unit() {
  // A random direction; with a bias, the hyperplane through a random point, so that the unit
  // is active on a part of the data. The scale does not matter: the first descent step fits it.
  std::vector<double> u(dp_);
  for (double& z : u)
    z = rng_.normal();
  if (bias_ && n_ > 0) {
    const size_t m = rng_.index(n_);
    double t = 0;
    for (size_t a = 0; a < d_; ++a)
      t += u[a] * xf_[m * dp_ + a];
    const double xb = xf_[m * dp_ + d_];
    u[d_] = xb != 0 ? -t / xb : 0;
  }
  return u;
}

std::vector<Candidate> Heuristics::run() {
  best_loss_ = Rational(0);
  for (size_t i = 0; i < n_; ++i) {
    if (i % 4096 == 4095 && over()) return out_;
    best_loss_ += inst_.c[i] * inst_.y[i] * inst_.y[i];
  }
  if (n_ == 0 || k_ == 0 || over()) return out_;
  make_shadow();
  make_integers();
  best_loss_f_ = float_loss({1}, std::vector<double>(dp_, 0.0)); // the zero network
  std::vector<int> signs = {1};
  if (!model_.nonneg) signs.push_back(-1);
  best_s_ = {1};
  best_V_.assign(dp_, Rational(0));

  // One unit: clamped least squares (outside the budget), with and without the bias, then
  // its active-set refits.
  const std::vector<bool> no_bias_variants =
      bias_ ? std::vector<bool>{false, true} : std::vector<bool>{false};
  std::vector<std::pair<std::vector<int>, std::pair<bool, RVec>>> fits;
  use_budget_ = false; // the first fit only: +max(0, v . x') with the model's bias
  for (int s : signs)
    for (bool no_bias : no_bias_variants) {
      std::optional<RVec> V = exact_fit({s}, std::vector<char>(n_, 1), no_bias);
      if (!V) break;
      offer({s}, *V, "least-squares");
      fits.push_back({{s}, {no_bias, *V}});
      use_budget_ = true;
    }
  use_budget_ = true;
  for (const auto& [s, f] : fits) {
    std::vector<char> pat = exact_pattern(s, f.second);
    if (pat.empty()) break;
    refit(s, pat, f.first, "active-set-ls", "active-set-ls", 5);
  }
  // ... and the float local search from the best so far and from random starts.
  // Small instances get more starts (up to 8 times as many): a start costs O(n k^2 d'^2) per
  // step, so below n d' = 1000 they cost no more than the default number does there.
  phase_share_ = 1.0 / static_cast<double>(k_);
  const int starts =
      opt_.starts *
      static_cast<int>(std::clamp<size_t>(1000 / std::max<size_t>(1, n_ * dp_), 1, 32));
  polish_count_ = opt_.starts > 0 && starts > opt_.starts ? 20 : 5;
  std::vector<FloatNet> sols;
  sols.push_back({best_s_, to_float(best_V_), 0});
  for (int t = 0; t < starts; ++t)
    sols.push_back({{signs[static_cast<size_t>(t) % signs.size()]}, random_unit(), 0});
  descend_all(sols, "local-search");
  polish(sols, "local-search", "local-search-exact");

  // k' = 2..k units: the best (k'-1)-unit network with a unit split in two, or with a new
  // random unit, and a few random starts of all k' units, refined by the local search.
  for (size_t kk = 2; kk <= k_; ++kk) {
    phase_share_ = static_cast<double>(kk) / static_cast<double>(k_);
    if (over()) break;
    // The base: the best network so far, completed by zero units to kk - 1 units (the best may
    // have fewer when the last unit count found nothing better).
    std::vector<int> bs = best_s_;
    std::vector<double> bv = to_float(best_V_);
    bs.resize(kk - 1, 1);
    bv.resize((kk - 1) * dp_, 0.0);
    sols.clear();
    for (size_t u = 0; u + 1 < kk; ++u) {
      for (int rep = 0; rep < 2; ++rep) {
        FloatNet f{bs, bv, 0};
        f.s.push_back(bs[u]);
        double nu = 0;
        for (size_t a = 0; a < dp_; ++a)
          nu += bv[u * dp_ + a] * bv[u * dp_ + a];
        nu = std::sqrt(nu) + 1e-12;
        f.v.resize(kk * dp_);
        for (size_t a = 0; a < dp_; ++a) {
          const double e = 0.2 * nu * rng_.normal() / std::sqrt(static_cast<double>(dp_));
          f.v[u * dp_ + a] = bv[u * dp_ + a] / 2 + e;
          f.v[(kk - 1) * dp_ + a] = bv[u * dp_ + a] / 2 - e;
        }
        sols.push_back(std::move(f));
      }
    }
    for (int t = 0; t < std::max(4, starts / 2); ++t) {
      FloatNet f{bs, bv, 0};
      f.s.push_back(signs[static_cast<size_t>(t) % signs.size()]);
      for (double z : random_unit())
        f.v.push_back(z);
      sols.push_back(std::move(f));
    }
    for (int t = 0; t < std::max(2, starts / 4); ++t) {
      FloatNet f;
      for (size_t j = 0; j < kk; ++j) {
        f.s.push_back(signs[rng_.index(signs.size())]);
        for (double z : random_unit())
          f.v.push_back(z);
      }
      sols.push_back(std::move(f));
    }
    descend_all(sols, "split");
    polish(sols, "split", "split-exact");
  }
  return out_;
}

} // namespace

std::vector<Candidate> heuristic_candidates(const Instance& inst, const Model& model,
                                            const HeuristicOptions& opt) {
  Heuristics h(inst, model, opt);
  return h.run();
}

std::vector<Network> candidate_networks(const Instance& inst, const Model& model,
                                        const HeuristicOptions& opt) {
  std::vector<Candidate> c = heuristic_candidates(inst, model, opt);
  std::vector<Network> nets;
  for (auto it = c.rbegin(); it != c.rend(); ++it)
    nets.push_back(std::move(it->net));
  return nets;
}

std::optional<ModelMismatch> model_mismatch(const Network& net, const Model& model, size_t d) {
  const size_t k = static_cast<size_t>(model.units);
  if (net.size() != k)
    return ModelMismatch{k, "the network has " + std::to_string(net.size()) +
                                " unit(s), the model has k = " + std::to_string(k)};
  for (size_t j = 0; j < k; ++j) {
    const Unit& u = net[j];
    const std::string unit = "unit " + std::to_string(j);
    if (u.w.size() != d)
      return ModelMismatch{j, unit + " has " + std::to_string(u.w.size()) +
                                  " weight(s), the instance has d = " + std::to_string(d) +
                                  " feature(s)"};
    if (!model.bias && !u.b.is_zero())
      return ModelMismatch{j, unit + " has the bias b = " + u.b.str() +
                                  ", the model has no bias (--bias)"};
    if (model.nonneg && u.a.sign() < 0)
      return ModelMismatch{j, unit + " has the output weight a = " + u.a.str() +
                                  " < 0, the model's output weights are nonnegative"};
    if (model.weight_bound) {
      Rational n2 = u.b * u.b;
      for (const Rational& w : u.w)
        add_mul(n2, w, w);
      if (u.a * u.a * n2 > *model.weight_bound * *model.weight_bound)
        return ModelMismatch{j,
                             unit + " has a^2 ||(w, b)||^2 = " + (u.a * u.a * n2).str() +
                                 " > B^2 = " + (*model.weight_bound * *model.weight_bound).str() +
                                 ": outside the model's weight bound"};
    }
  }
  return std::nullopt;
}

} // namespace relucert
