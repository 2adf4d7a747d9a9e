#include "solver/search.hpp"

#include "solver/exact_bound.hpp"
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
      : inst_(inst), model_(model), opt_(opt), tr_(tr), pb_(inst, model) {}

  FitResult run();

private:
  void explore(const std::vector<double>& ip);
  void close_leaf(const ExactBound& eb);
  void close_leaf_float(double value);
  bool consider_witness(const RVec& V);
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

  const Instance& inst_;
  Model model_;
  const SearchOptions& opt_;
  Tracer& tr_;
  Problem pb_;
  std::unique_ptr<NodeState> st_;
  bool exact_ = true;
  bool enumerate_ = false;
  bool sym_ = false;

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
  Clock::time_point start_, last_progress_;
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

bool Search::consider_witness(const RVec& V) {
  Network net = network_from_v(pb_, st_->signs(), V);
  Rational L = exact_loss(inst_, net);
  if (L < inc_) {
    inc_ = L;
    inc_f_ = L.to_double();
    witness_ = std::move(net);
    ++stats_.incumbent_updates;
    return true;
  }
  return false;
}

void Search::close_leaf(const ExactBound& eb) {
  tr_.leaf(eb.u, eb.lambda);
  ++stats_.leaves;
  ++counts_.leaves;
  if (st_->all_decided()) ++stats_.cell_leaves;
  if (eb.bound < inc_ - gap_) ++stats_.weak_leaves;
  if (!have_min_leaf_ || eb.bound < min_leaf_) {
    min_leaf_ = eb.bound;
    min_leaf_f_ = eb.bound.to_double();
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
  if (opt_.interrupt && opt_.interrupt->load() != 0) stopping_ = true;
  double s = seconds();
  if (opt_.time_limit > 0 && s >= opt_.time_limit) stopping_ = true;
  if (opt_.progress && std::chrono::duration<double>(Clock::now() - last_progress_).count() >=
                           opt_.progress_interval) {
    last_progress_ = Clock::now();
    Progress pr;
    pr.nodes = stats_.nodes;
    pr.upper = inc_f_;
    double lo = min_leaf_f_;
    for (double b : open_bounds_)
      lo = std::min(lo, b);
    pr.lower = std::min(lo, inc_f_);
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
  // The unit: the undecided one with the largest |x'_i . v_j|.
  int best_j = -1;
  double bj = -1;
  for (size_t j = 0; j < pb_.k; ++j) {
    if (st.act(j, static_cast<size_t>(best_i)) != Act::Undecided) continue;
    double t = 0;
    for (size_t a = 0; a < pb_.dp; ++a)
      t += pb_.xf[best_i][a] * x[j * pb_.dp + a];
    if (std::fabs(t) > bj) {
      bj = std::fabs(t);
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
  if ((stats_.nodes & 63) == 0) poll();
  NodeState& st = *st_;
  FloatQp fq{pb_.D, pb_.dp, st.Qf().data(), st.gf().data(), st.hf(), &st.fpath()};
  FloatQpResult qp = solve_qp_float(fq);
  if (!qp.ok) {
    qp.value = -INF;
    qp.active.clear();
  }
  if (qp.x.size() != pb_.D) qp.x.assign(pb_.D, 0.0);
  const bool all = st.all_decided();
  const double lf = float_loss(qp.x);

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
      eb = exact_qp(st, qp.active, all ? 60 : 20);
      have_eb = true;
      ++stats_.exact_solves;
      if (all && !eb.optimal) { // cannot branch any further: be exhaustive
        RVec w;
        ExactBound ex = exhaustive_qp(st, 20000, &w);
        if (ex.ok && (!eb.ok || ex.bound > eb.bound)) eb = ex;
        if (!w.empty()) consider_witness(w);
      }
      // An exact minimiser u is feasible, so L(u) >= q(u) = bound, with equality when
      // the relaxation is tight at u: then u is the incumbent that closes this node.
      if (!eb.u.empty() && (promising || (eb.optimal && eb.bound < inc_))) consider_witness(eb.u);
      if (promising && lf < inc_f_ - tol_) {
        RVec r;
        for (double v : qp.x)
          r.push_back(simplest_near(v, 1000000));
        consider_witness(r);
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
  if (i < 0) std::tie(j, i) = first_undecided();
  if (sym_ && !enumerate_ && i >= 0) {
    auto f = sym_branch();
    if (f.second >= 0) std::tie(j, i) = f;
  }
  if (i < 0) { // nothing left to split on: close with the best exact bound (an interval leaf)
    if (exact_)
      close_leaf(have_eb && eb.ok ? eb : exact_qp(st, qp.active));
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

FitResult Search::run() {
  start_ = last_progress_ = Clock::now();
  exact_ = !opt_.float_only;
  enumerate_ = opt_.strategy == Strategy::Enumerate;
  sym_ = opt_.symmetry && pb_.k > 1;
  if (opt_.gap) {
    gap_ = *opt_.gap;
    gap_f_ = gap_.to_double();
  }
  tol_ = 1e-9 * (pb_.scale + 1e-300);
  // Initial incumbent: the zero network (every v_j = 0).
  st_ = std::make_unique<NodeState>(pb_, model_.required_trees().front());
  {
    Network zero = network_from_v(pb_, st_->signs(), RVec(pb_.D, Rational(0)));
    if (model_.nonneg)
      for (Unit& u : zero)
        u.a = Rational(1);
    witness_ = zero;
    inc_ = exact_loss(inst_, zero);
    inc_f_ = inc_.to_double();
  }
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
  res.stopped = stopping_;
  if (!exact_) {
    res.upper_approx = inc_f_;
    res.lower_approx = std::min(min_leaf_f_, inc_f_);
    return res;
  }
  res.upper = inc_;
  res.lower = (have_min_leaf_ && min_leaf_ < inc_) ? min_leaf_ : inc_;
  res.optimal = res.lower == res.upper;
  res.witness = witness_;
  res.upper_approx = inc_.to_double();
  res.lower_approx = res.lower.to_double();
  tr_.finish(witness_, res.upper, res.lower);
  return res;
}

} // namespace

FitResult fit(const Instance& inst, const Model& model, const SearchOptions& opt, Tracer& tracer) {
  Search s(inst, model, opt, tracer);
  return s.run();
}

} // namespace relucert
