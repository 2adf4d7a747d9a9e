#include "solver/search.hpp"

#include "solver/exact_bound.hpp"
#include "solver/heuristics.hpp"
#include "solver/node_state.hpp"
#include "solver/problem.hpp"
#include "solver/qp_float.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <tuple>

namespace relucert {

namespace {

using Clock = std::chrono::steady_clock;
constexpr double INF = std::numeric_limits<double>::infinity();

class Search {
public:
  Search(const Instance& inst, const Model& model, const SearchOptions& opt, Tracer& tr)
      : inst_(inst), model_(model), opt_(opt), tr_(tr),
        start_(opt.start == Clock::time_point{} ? Clock::now() : opt.start),
        last_progress_(Clock::now()), pb_(inst, model, [this] { return out_of_time(); }) {}

  FitResult run();

private:
  void explore(const std::vector<double>& ip);
  void close_leaf(const ExactBound& eb);
  void close_leaf_float(double value);
  bool consider_witness(const RVec& V) {
    return consider_network(network_from_v(pb_, st_->signs(), V));
  }
  bool consider_network(Network net); // a network of the model: the incumbent if better
  // Weight bound (L5): V scaled unit by unit into the ball ||v_j||^2 <= B^2 (exactly),
  // then offered as a witness.
  bool consider_bounded_witness(RVec V);
  // Weight bound: the node's QP with Q + diag(mu) for the float mu maximising the dual
  // bound (bisection per unit on ||v_j(mu)|| = B); sets mu and returns the QP result
  // with value = the dual bound h - B^2 sum mu - ... at that mu.
  FloatQpResult bounded_qp(std::vector<double>& mu) const;
  FloatQpResult shifted_qp(const std::vector<double>& mu) const;
  double float_loss(const std::vector<double>& x) const;
  double point_output(size_t i, const std::vector<double>& x) const;
  std::pair<int, int> pick_branch(const std::vector<double>& x, const ExactBound* eb) const;
  std::pair<int, int> first_undecided() const; // (unit, point), or (-1, -1)
  // Symmetry (FORMAT.md §4). The first point where units a, a+1 are not decided equal
  // (n if none), reading the pair (c.unit, c.point) as decided by c if c is given.
  size_t tie_point(size_t a, const Constraint* c) const;
  Act act_with(size_t j, size_t i, const Constraint* c) const;
  // (a, t) if adding c makes the node closable by `sym a t`, else (-1, -1).
  std::pair<int, int> sym_closable(const Constraint& c) const;
  // A pair whose split has a child closed by `sym` at once: for an adjacent equal-sign
  // pair tied before t, (a+1, t) if a is active on t, or (a, t) if a+1 is inactive on t.
  // Splitting it first costs one node and only keeps the other child. (Redirecting every
  // tied pair to its tie point was measured too: fewer nodes on some k = 3 instances,
  // more on most k = 2 ones.)
  std::pair<int, int> sym_branch() const;
  std::vector<double> make_interior(const std::vector<double>& v, const std::vector<double>& p,
                                    const FConstraint& fc) const;
  void poll();
  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  // An interrupt, or the time limit reached (counted from opt.start).
  bool out_of_time() const {
    return (opt_.interrupt && opt_.interrupt->load() != 0) ||
           (opt_.time_limit > 0 && seconds() >= opt_.time_limit);
  }
  // The set-up was stopped (Problem incomplete): the zero network and, per tree, one leaf
  // at the root with u = 0 and no multipliers, whose bound is the root's h (FORMAT.md §3).
  FitResult run_trivial();
  // The zero network (every v_j = 0) with the given signs; a_j = 1 in the nonneg model.
  Network zero_network(const std::vector<int>& signs) const {
    Network zero = network_from_v(pb_, signs, RVec(pb_.D, Rational(0)));
    if (model_.nonneg)
      for (Unit& u : zero)
        u.a = Rational(1);
    return zero;
  }

  const Instance& inst_;
  Model model_;
  const SearchOptions& opt_;
  Tracer& tr_;
  Clock::time_point start_, last_progress_; // before pb_: its set-up watches the clock
  Problem pb_;
  std::unique_ptr<NodeState> st_;
  bool exact_ = true;
  bool enumerate_ = false;
  bool sym_ = false;
  bool bounded_ = false; // model.weight_bound
  Rational B2_;
  double B_f_ = 0;

  Rational inc_;       // exact incumbent loss (upper bound)
  double inc_f_ = INF; // its double (or, in float_only mode, the float incumbent)
  Network witness_;
  bool have_min_leaf_ = false;
  Rational min_leaf_;
  double min_leaf_f_ = INF;
  Rational gap_;
  double gap_f_ = 0;
  double tol_ = 0; // absolute loss tolerance for floating decisions
  bool stopping_ = false;
  SearchStats stats_;
  TreeCounts counts_;
  std::vector<double> open_bounds_;
};

double Search::point_output(size_t i, const std::vector<double>& x) const {
  double f = 0;
  for (size_t j = 0; j < pb_.k; ++j) {
    double t = 0;
    for (size_t a = 0; a < pb_.dp; ++a)
      t += pb_.xf[i][a] * x[j * pb_.dp + a];
    if (t > 0) f += st_->signs()[j] * t;
  }
  return f;
}

double Search::float_loss(const std::vector<double>& x) const {
  double L = 0;
  for (size_t i = 0; i < pb_.n; ++i) {
    double e = point_output(i, x) - pb_.yf[i];
    L += pb_.cf[i] * e * e;
  }
  return L;
}

bool Search::consider_network(Network net) {
  if (stopping_) return false; // an O(n) exact sum: not after the limit
  std::optional<Rational> loss = exact_loss_below(inst_, net, inc_, [this] {
    if (out_of_time()) stopping_ = true;
    return stopping_;
  });
  if (loss) {
    const Rational& L = *loss;
    inc_ = L;
    inc_f_ = pb_.loss_f(L);
    witness_ = std::move(net);
    ++stats_.incumbent_updates;
    return true;
  }
  return false;
}

bool Search::consider_bounded_witness(RVec V) {
  const size_t dp = pb_.dp;
  for (size_t j = 0; j < pb_.k; ++j) {
    Rational n2(0);
    for (size_t a = 0; a < dp; ++a)
      add_mul(n2, V[j * dp + a], V[j * dp + a]);
    if (n2 <= B2_) continue;
    // A rational factor r < B / ||v_j||, shrunk until r^2 ||v_j||^2 <= B^2 holds exactly.
    double f = std::sqrt(scaled_double(B2_ / n2, 0)); // the ratio: no overflow of either
    Rational r = simplest_near(f * (1 - 1e-13), 1000000000000L);
    for (int t = 0; r * r * n2 > B2_ && t < 60; ++t)
      r = simplest_near(r.to_double() * (1 - std::ldexp(1.0, t - 50)), 1000000000000L);
    if (r * r * n2 > B2_) r = Rational(0);
    for (size_t a = 0; a < dp; ++a)
      V[j * dp + a] = V[j * dp + a] * r;
  }
  return consider_witness(V);
}

FloatQpResult Search::shifted_qp(const std::vector<double>& mu) const {
  const NodeState& st = *st_;
  std::vector<double> Q = st.Qf();
  double shift = 0;
  for (size_t a = 0; a < pb_.D; ++a) {
    Q[a * pb_.D + a] += mu[a / pb_.dp];
  }
  for (double m : mu)
    shift += m;
  FloatQp fq{pb_.D, pb_.dp, Q.data(), st.gf().data(), st.hf(), &st.fpath()};
  FloatQpResult r = solve_qp_float(fq);
  if (r.ok) r.value -= B_f_ * B_f_ * shift;
  return r;
}

FloatQpResult Search::bounded_qp(std::vector<double>& mu) const {
  // The dual function d(mu) = min_P q(V) + sum_j mu_j (||v_j||^2 - B^2) is concave, with
  // partial derivatives ||v_j(mu)||^2 - B^2, and ||v_j(mu)|| is non-increasing in mu_j.
  // Any mu >= 0 gives a valid bound (L5); the accuracy of mu only affects its tightness.
  // Three phases: (1) one common mu_j = t for all units, t solving max_j ||v_j|| = B (this
  // is exact when units share their activations, where coordinate ascent crawls); (2)
  // coordinate ascent, each mu_j solving ||v_j|| = B; (3) projected Newton steps.
  const size_t k = pb_.k, dp = pb_.dp;
  const double rel = 1e-10;
  mu.assign(k, 0.0);
  auto norm = [&](const FloatQpResult& r, size_t j) {
    double s2 = 0;
    for (size_t a = 0; a < dp; ++a)
      s2 += r.x[j * dp + a] * r.x[j * dp + a];
    return std::sqrt(s2);
  };
  FloatQpResult r = shifted_qp(mu);
  if (!r.ok || r.x.size() != pb_.D) return r;
  double qscale = 1e-12;
  for (size_t a = 0; a < pb_.D; ++a)
    qscale = std::max(qscale, st_->Qf()[a * pb_.D + a]);

  // Solves nrm(mu(t)) = B for t >= 0, where mu(t) is set by `apply` and nrm is
  // non-increasing in t: a growing bracket, then regula falsi (Illinois) on
  // 1/nrm - 1/B, nearly linear in t (More-Sorensen). Updates mu and r if the ball binds.
  auto root = [&](const std::function<void(std::vector<double>&, double)>& apply,
                  const std::function<double(const FloatQpResult&)>& nrm, double t0) {
    std::vector<double> m = mu;
    apply(m, 0);
    FloatQpResult r0 = shifted_qp(m);
    if (!r0.ok) return;
    if (nrm(r0) <= B_f_) { // not binding at t = 0
      mu = m, r = r0;
      return;
    }
    auto phi = [&](const FloatQpResult& rr) {
      double n = nrm(rr);
      return n > 0 ? 1 / n - 1 / B_f_ : INF;
    };
    double lo = 0, flo = phi(r0), hi = std::max(2 * t0, qscale), fhi = 0;
    FloatQpResult rh;
    for (int t = 0; t < 200; ++t) {
      apply(m, hi);
      rh = shifted_qp(m);
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
      FloatQpResult rc = shifted_qp(m);
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
      if (std::fabs(nrm(rc) - B_f_) <= 0.1 * rel * B_f_) {
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
      if (mu[j] == 0 ? n > B_f_ * (1 + rel) : std::fabs(n - B_f_) > rel * B_f_) return false;
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
      gr[j] = norm(rr, j) * norm(rr, j) - B_f_ * B_f_;
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
      FloatQpResult rc = shifted_qp(m);
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
        step[rr] = gr[F[rr]] / (B_f_ * B_f_) * std::max(mu[F[rr]], qscale * 1e-3);
    bool moved = false;
    for (double t = 1; t > 1e-6; t *= 0.5) {
      std::vector<double> m = mu;
      for (size_t rr = 0; rr < f; ++rr)
        m[F[rr]] = std::max(0.0, mu[F[rr]] + t * step[rr]);
      FloatQpResult rt = shifted_qp(m);
      if (rt.ok && rt.value > r.value) {
        mu = m, r = rt, moved = true;
        break;
      }
    }
    if (!moved) break;
  }
  return r;
}

void Search::close_leaf(const ExactBound& eb) {
  tr_.leaf(eb.u, eb.mu, eb.lambda);
  ++stats_.leaves;
  ++counts_.leaves;
  if (st_->all_decided()) ++stats_.cell_leaves;
  if (eb.bound < inc_ - gap_) ++stats_.weak_leaves;
  if (!have_min_leaf_ || eb.bound < min_leaf_) {
    min_leaf_ = eb.bound;
    min_leaf_f_ = pb_.loss_f(eb.bound);
    have_min_leaf_ = true;
  }
}

void Search::close_leaf_float(double value) {
  ++stats_.leaves;
  ++counts_.leaves;
  if (st_->all_decided()) ++stats_.cell_leaves;
  min_leaf_f_ = std::min(min_leaf_f_, value);
}

void Search::poll() {
  if (out_of_time()) stopping_ = true;
  double s = seconds();
  if (opt_.progress && std::chrono::duration<double>(Clock::now() - last_progress_).count() >=
                           opt_.progress_interval) {
    last_progress_ = Clock::now();
    Progress pr;
    pr.nodes = stats_.nodes;
    pr.upper = pb_.loss_unscaled(inc_f_);
    double lo = min_leaf_f_;
    for (double b : open_bounds_)
      lo = std::min(lo, b);
    pr.lower = pb_.loss_unscaled(std::min(lo, inc_f_));
    pr.seconds = s;
    opt_.progress(pr);
  }
}

std::pair<int, int> Search::pick_branch(const std::vector<double>& x, const ExactBound* eb) const {
  const NodeState& st = *st_;
  int best_i = -1;
  double best = tol_ * 1e-3;
  for (size_t i = 0; i < pb_.n; ++i) {
    if (st.decided(i)) continue;
    double e = point_output(i, x) - pb_.yf[i];
    double viol = pb_.cf[i] * e * e - (st.rule_applies(i) ? pb_.cyyf[i] : 0.0);
    if (viol > best) {
      best = viol;
      best_i = static_cast<int>(i);
    }
  }
  if (best_i < 0 && eb && !eb->u.empty()) {
    // Floating point sees no violated point; look exactly at u.
    Network net = network_from_v(pb_, st.signs(), eb->u);
    Rational bestv(0);
    for (size_t i = 0; i < pb_.n; ++i) {
      if (i % 4096 == 4095 && out_of_time()) return {-1, -1}; // any split will do then
      if (st.decided(i)) continue;
      Rational e = exact_output(inst_, net, i) - pb_.y[i];
      Rational viol = pb_.c[i] * e * e - (st.rule_applies(i) ? pb_.cyy[i] : Rational(0));
      if (viol > bestv) {
        bestv = viol;
        best_i = static_cast<int>(i);
      }
    }
  }
  if (best_i < 0) return {-1, -1};
  // The unit: the undecided one with the largest |x'_i . v_j|, else (a NaN, which compares
  // false with everything) the first undecided one. Point best_i is not decided, so some unit
  // is undecided on it and the pair returned is always a valid split.
  int best_j = -1;
  double bj = -1;
  for (size_t j = 0; j < pb_.k; ++j) {
    if (st.act(j, static_cast<size_t>(best_i)) != Act::Undecided) continue;
    double t = 0;
    for (size_t a = 0; a < pb_.dp; ++a)
      t += pb_.xf[best_i][a] * x[j * pb_.dp + a];
    if (best_j < 0 || std::fabs(t) > bj) {
      bj = std::isnan(t) ? -1 : std::fabs(t);
      best_j = static_cast<int>(j);
    }
  }
  return {best_j, best_i};
}

std::pair<int, int> Search::first_undecided() const {
  for (size_t t = 0; t < pb_.n; ++t)
    for (size_t u = 0; u < pb_.k; ++u)
      if (st_->act(u, t) == Act::Undecided && !pb_.zero[t])
        return {static_cast<int>(u), static_cast<int>(t)};
  return {-1, -1};
}

Act Search::act_with(size_t j, size_t i, const Constraint* c) const {
  if (c && static_cast<size_t>(c->unit) == j && static_cast<size_t>(c->point) == i)
    return c->active ? Act::Active : Act::Inactive;
  return st_->act(j, i);
}

size_t Search::tie_point(size_t a, const Constraint* c) const {
  for (size_t t = 0; t < pb_.n; ++t) {
    Act x = act_with(a, t, c);
    if (x == Act::Undecided || x != act_with(a + 1, t, c)) return t;
  }
  return pb_.n;
}

std::pair<int, int> Search::sym_closable(const Constraint& c) const {
  const auto& s = st_->signs();
  for (int a = std::max(0, c.unit - 1); a <= c.unit && a + 1 < static_cast<int>(pb_.k); ++a) {
    if (s[a] != s[a + 1]) continue;
    size_t t = tie_point(a, &c);
    if (t < pb_.n && act_with(a, t, &c) == Act::Active && act_with(a + 1, t, &c) == Act::Inactive)
      return {a, static_cast<int>(t)};
  }
  return {-1, -1};
}

std::pair<int, int> Search::sym_branch() const {
  const auto& s = st_->signs();
  for (size_t a = 0; a + 1 < pb_.k; ++a) {
    if (s[a] != s[a + 1]) continue;
    size_t t = tie_point(a, nullptr);
    if (t == pb_.n) continue;
    Act x = st_->act(a, t), y = st_->act(a + 1, t);
    const int ti = static_cast<int>(t), ai = static_cast<int>(a);
    if (x == Act::Active && y == Act::Undecided) return {ai + 1, ti};
    if (x == Act::Undecided && y == Act::Inactive) return {ai, ti};
  }
  return {-1, -1};
}

std::vector<double> Search::make_interior(const std::vector<double>& v,
                                          const std::vector<double>& p,
                                          const FConstraint& fc) const {
  const size_t D = pb_.D;
  double vn = 0;
  for (double a : v)
    vn += a * a;
  vn = std::sqrt(vn);
  std::vector<double> r(D, 0.0);
  if (vn == 0 || !std::isfinite(vn)) {
    r = p;
    axpy_con(1e-6, fc, r.data(), pb_.dp);
  } else {
    for (size_t k = 0; k < D; ++k)
      r[k] = v[k] / vn;
    double a = dot_con(fc, r.data(), pb_.dp);
    double bp = dot_con(fc, p.data(), pb_.dp);
    double t = bp < 0 ? std::min(1.0, 0.5 * a / -bp) : 1.0;
    for (size_t k = 0; k < D; ++k)
      r[k] += t * p[k];
  }
  double n = 0;
  for (double a : r)
    n += a * a;
  n = std::sqrt(n);
  if (n > 0)
    for (double& a : r)
      a /= n;
  return r;
}

void Search::explore(const std::vector<double>& ip) {
  ++stats_.nodes;
  // The clock every 64 nodes (a clock read is a system call on some virtual machines: per node
  // it cost 29 % of a float-bounds-only run, bench/RESULTS.md); the O(n) exact parts of a node
  // (pick_branch, exact_loss_below, exhaustive_qp) read it themselves on large instances.
  if ((stats_.nodes & 63) == 0) poll();
  NodeState& st = *st_;
  FloatQp fq{pb_.D, pb_.dp, st.Qf().data(), st.gf().data(), st.hf(), &st.fpath()};
  std::vector<double> mu_f;
  FloatQpResult qp = bounded_ ? bounded_qp(mu_f) : solve_qp_float(fq);
  WeightShift ws;
  if (bounded_) {
    ws.B2 = B2_;
    for (double m : mu_f)
      ws.mu.push_back(m > 0 ? pb_.mu_exact(simplest_near(m, 1000000000000L)) : Rational(0));
  }
  const WeightShift* wsp = bounded_ ? &ws : nullptr;
  if (stopping_ && exact_) {
    // Stopped: close the node with its best exact bound from the float working set, at a cost
    // independent of n (no float loss, no witness, no exhaustive solve). Always valid: at
    // worst lambda = 0 (exact_qp).
    if (!qp.ok) qp.active.clear();
    ++stats_.exact_solves;
    close_leaf(exact_qp(st, qp.active, 20, wsp));
    return;
  }
  // A failed float solve gives no float bound and no working set; a non-finite point (NaN or
  // inf anywhere) steers nothing either: the zero point instead. The exact bounds below never
  // depend on either for validity.
  bool finite = qp.x.size() == pb_.D;
  for (double v : qp.x)
    finite = finite && std::isfinite(v);
  if (!qp.ok || std::isnan(qp.value) || !finite) {
    qp.value = -INF;
    qp.active.clear();
    if (!finite) qp.x.assign(pb_.D, 0.0);
  }
  const bool all = st.all_decided();
  double lf = float_loss(qp.x);
  if (bounded_) { // the loss of x scaled into the ball: what a witness from x can reach
    std::vector<double> xs = qp.x;
    for (size_t j = 0; j < pb_.k; ++j) {
      double n2 = 0;
      for (size_t a = 0; a < pb_.dp; ++a)
        n2 += xs[j * pb_.dp + a] * xs[j * pb_.dp + a];
      if (n2 > B_f_ * B_f_)
        for (size_t a = 0; a < pb_.dp; ++a)
          xs[j * pb_.dp + a] *= B_f_ / std::sqrt(n2);
    }
    lf = float_loss(xs);
  }

  ExactBound eb;
  bool have_eb = false;
  if (!exact_) {
    if (lf < inc_f_) inc_f_ = lf;
    if (all || stopping_ || (!enumerate_ && qp.value >= inc_f_ - gap_f_)) {
      close_leaf_float(qp.value);
      return;
    }
  } else {
    const bool promising = lf < inc_f_ - tol_;
    const bool prune_try = stopping_ || all ||
                           (!enumerate_ && (opt_.realizable ? qp.value > tol_ * 1e-3
                                                            : qp.value >= inc_f_ - gap_f_ - tol_));
    if (prune_try || promising) {
      // The node's exact QP minimum (usually the first KKT system already is).
      eb = exact_qp(st, qp.active, all ? 60 : 20, wsp);
      have_eb = true;
      ++stats_.exact_solves;
      if (bounded_ && (!eb.ok || eb.bound < inc_)) {
        // The optimal mu is often a simple rational that bisection only approaches:
        // try coarser roundings and keep the best exact bound.
        for (long den : {1000L, 1000000L, 1000000000L}) {
          WeightShift w2 = ws;
          for (size_t j = 0; j < mu_f.size(); ++j)
            w2.mu[j] = mu_f[j] > 0 ? pb_.mu_exact(simplest_near(mu_f[j], den)) : Rational(0);
          ExactBound e2 = exact_qp(st, qp.active, 20, &w2);
          ++stats_.exact_solves;
          if (e2.ok && (!eb.ok || e2.bound > eb.bound)) eb = e2;
        }
      }
      if (all && !eb.optimal && !bounded_) { // cannot branch any further: be exhaustive
        RVec w;
        ExactBound ex = exhaustive_qp(st, 20000, &w, [this] {
          if (out_of_time()) stopping_ = true;
          return stopping_;
        });
        if (ex.ok && (!eb.ok || ex.bound > eb.bound)) eb = ex;
        if (!w.empty()) consider_witness(w);
      }
      // An exact minimiser u is feasible, so L(u) >= q(u) = bound, with equality when
      // the relaxation is tight at u: then u is the incumbent that closes this node.
      if (bounded_) {
        if (!eb.u.empty()) consider_bounded_witness(eb.u);
        if (promising) {
          RVec r;
          for (size_t a = 0; a < pb_.D; ++a)
            r.push_back(pb_.param_exact(simplest_near(qp.x[a], 1000000000000L), a % pb_.dp));
          consider_bounded_witness(r);
        }
      } else {
        if (!eb.u.empty() && (promising || (eb.optimal && eb.bound < inc_))) consider_witness(eb.u);
        if (promising && lf < inc_f_ - tol_) {
          RVec r;
          for (size_t a = 0; a < pb_.D; ++a)
            r.push_back(pb_.param_exact(simplest_near(qp.x[a], 1000000), a % pb_.dp));
          consider_witness(r);
        }
      }
      if (opt_.realizable && inc_.is_zero()) stopping_ = true; // a zero-loss witness: done
      const bool good = opt_.realizable ? eb.bound.sign() > 0 : eb.bound >= inc_ - gap_;
      if (eb.ok && (stopping_ || all || (!enumerate_ && good))) {
        close_leaf(eb); // with all points decided this is the cell's exact minimum
        return;
      }
    }
  }
  // The baseline splits in index order; branch and bound on the most violated point,
  // or, if no point is violated at the (possibly inexact) minimiser while the node
  // could not be closed, on any undecided pair (fully decided nodes closed above).
  auto [j, i] =
      enumerate_ ? std::pair<int, int>{-1, -1} : pick_branch(qp.x, have_eb ? &eb : nullptr);
  // Every split must name an undecided pair: j and i index the arrays below.
  const auto valid = [&](int uj, int pi) {
    return uj >= 0 && pi >= 0 && static_cast<size_t>(uj) < pb_.k &&
           static_cast<size_t>(pi) < pb_.n &&
           st.act(static_cast<size_t>(uj), static_cast<size_t>(pi)) == Act::Undecided;
  };
  if (!valid(j, i)) std::tie(j, i) = first_undecided();
  if (sym_ && !enumerate_ && i >= 0) {
    auto f = sym_branch();
    if (valid(f.first, f.second)) std::tie(j, i) = f;
  }
  if (i < 0) { // nothing left to split on: close with the best exact bound (an interval leaf)
    if (exact_)
      close_leaf(have_eb && eb.ok ? eb : exact_qp(st, qp.active, 60, wsp));
    else
      close_leaf_float(qp.value);
    return;
  }
  double t = 0;
  for (size_t a = 0; a < pb_.dp; ++a)
    t += pb_.xf[i][a] * qp.x[static_cast<size_t>(j) * pb_.dp + a];
  const bool active_first = t >= 0;
  if (exact_) tr_.branch(j, i, active_first);
  ++stats_.branches;
  ++counts_.branches;
  for (int side = 0; side < 2; ++side) {
    Constraint c{j, i, side == 0 ? active_first : !active_first};
    if (sym_) {
      auto [a, t] = sym_closable(c);
      if (a >= 0) {
        if (exact_) tr_.sym(a, t);
        ++stats_.nodes;
        ++stats_.syms;
        ++counts_.syms;
        continue;
      }
    }
    FConstraint fc = st.fcon(c);
    double xn = 0;
    for (size_t a = 0; a < pb_.dp; ++a)
      xn += pb_.xf[i][a] * pb_.xf[i][a];
    xn = std::sqrt(xn);
    std::vector<double> child_ip;
    if (dot_con(fc, ip.data(), pb_.dp) > 1e-9 * xn) {
      child_ip = ip;
    } else {
      std::vector<double> b(pb_.D, 0.0);
      axpy_con(-1.0, fc, b.data(), pb_.dp);
      ConeTest ct = cone_membership(pb_.D, pb_.dp, st.fpath(), b);
      if (ct.member) {
        if (!exact_) {
          ++stats_.nodes;
          ++stats_.empties;
          ++counts_.empties;
          continue;
        }
        auto lam = exact_empty(st, c, ct.support);
        if (lam) {
          tr_.empty(*lam);
          ++stats_.nodes;
          ++stats_.empties;
          ++counts_.empties;
          continue;
        }
      }
      child_ip = make_interior(ct.witness, ip, fc);
    }
    st.push(c);
    open_bounds_.push_back(qp.value);
    explore(child_ip);
    open_bounds_.pop_back();
    st.pop();
  }
}

FitResult Search::run_trivial() {
  stopping_ = true;
  const std::vector<int> trees = model_.required_trees();
  std::vector<int> signs(pb_.k);
  for (size_t j = 0; j < pb_.k; ++j)
    signs[j] = static_cast<int>(j) < trees.front() ? 1 : -1;
  const Network zero = zero_network(signs);
  // The zero network's loss sum c y^2; the root's h adds c y^2 for the points with x'_i = 0
  // (rule Z) and for the points where rule L3 holds with no pair decided: y <= 0 when every
  // unit is +1 (p = k), y >= 0 when every unit is -1 (p = 0).
  Rational all(0), nonpos(0), nonneg(0), zeros(0);
  for (size_t i = 0; i < pb_.n; ++i) {
    Rational t = inst_.c[i] * inst_.y[i] * inst_.y[i];
    bool z = !pb_.bias;
    for (const Rational& v : inst_.x[i])
      z = z && v.is_zero();
    if (z)
      zeros += t;
    else if (inst_.y[i].sign() <= 0)
      nonpos += t;
    else
      nonneg += t;
    all += t;
  }
  FitResult res;
  res.upper = all;
  res.witness = zero;
  res.lower = all;
  if (exact_) tr_.begin(inst_, model_);
  for (int p : trees) {
    Rational h = zeros;
    if (static_cast<size_t>(p) == pb_.k) h += nonpos;
    if (p == 0) h += nonneg; // y = 0 adds nothing to either
    if (h < res.lower) res.lower = h;
    TreeCounts counts;
    counts.leaves = 1;
    ++stats_.nodes;
    ++stats_.leaves;
    if (exact_) {
      tr_.begin_tree(p);
      tr_.leaf(RVec(pb_.D, Rational(0)), bounded_ ? RVec(pb_.k, Rational(0)) : RVec{}, {});
      tr_.end_tree(p, counts);
    }
  }
  res.stats = stats_;
  res.stats.seconds = seconds();
  res.stopped = true;
  res.optimal = res.lower == res.upper;
  res.upper_approx = scaled_double(res.upper, 0);
  res.lower_approx = scaled_double(res.lower, 0);
  if (exact_) tr_.finish(res.witness, res.upper, res.lower);
  return res;
}

FitResult Search::run() {
  exact_ = !opt_.float_only;
  enumerate_ = opt_.strategy == Strategy::Enumerate;
  sym_ = opt_.symmetry && pb_.k > 1;
  if (model_.weight_bound) {
    bounded_ = true;
    B2_ = *model_.weight_bound * *model_.weight_bound;
    // B in the guide's units; it only steers (the exact side uses B2_), so a B outside the
    // scaled data's range is clamped where the ball is anyway tight or slack for the guide.
    B_f_ =
        std::clamp(pb_.bound_f(*model_.weight_bound), std::ldexp(1.0, -400), std::ldexp(1.0, 400));
  }
  if (opt_.gap) {
    gap_ = *opt_.gap;
    gap_f_ = pb_.loss_f(gap_);
  }
  if (!pb_.complete) return run_trivial();
  tol_ = 1e-9 * (pb_.scale + 1e-300);
  // Initial incumbent: the zero network (every v_j = 0).
  st_ = std::make_unique<NodeState>(pb_, model_.required_trees().front());
  {
    witness_ = zero_network(st_->signs());
    inc_ = pb_.zero_loss; // exact_loss(inst_, zero): every output is 0
    inc_f_ = pb_.loss_f(inc_);
  }
  // The caller's candidates (heuristics, --init): the best becomes the incumbent.
  for (const Network& net : opt_.initial)
    if (exact_ && !model_mismatch(net, model_, inst_.d)) consider_network(net);
  if (opt_.realizable && inc_.is_zero()) stopping_ = true; // a zero-loss candidate: done
  if (exact_) tr_.begin(inst_, model_);
  for (int p : model_.required_trees()) {
    st_ = std::make_unique<NodeState>(pb_, p);
    counts_ = TreeCounts{};
    if (exact_) tr_.begin_tree(p);
    std::vector<double> ip(pb_.D);
    for (size_t a = 0; a < pb_.D; ++a)
      ip[a] = 1.0 / (1.0 + 0.6180339887 * static_cast<double>(a + 1));
    explore(ip);
    if (exact_) tr_.end_tree(p, counts_);
  }
  FitResult res;
  res.stats = stats_;
  res.stats.seconds = seconds();
  // A realizable run that found a zero-loss witness stopped because it was done, not
  // because of a time limit or an interrupt.
  res.stopped = stopping_ && !(opt_.realizable && exact_ && inc_.is_zero());
  if (!exact_) {
    res.upper_approx = pb_.loss_unscaled(inc_f_);
    res.lower_approx = pb_.loss_unscaled(std::min(min_leaf_f_, inc_f_));
    return res;
  }
  res.upper = inc_;
  res.lower = (have_min_leaf_ && min_leaf_ < inc_) ? min_leaf_ : inc_;
  res.optimal = res.lower == res.upper;
  res.witness = witness_;
  res.upper_approx = scaled_double(inc_, 0);
  res.lower_approx = scaled_double(res.lower, 0);
  tr_.finish(witness_, res.upper, res.lower);
  return res;
}

} // namespace

FitResult fit(const Instance& inst, const Model& model, const SearchOptions& opt, Tracer& tracer) {
  Search s(inst, model, opt, tracer);
  return s.run();
}

} // namespace relucert
