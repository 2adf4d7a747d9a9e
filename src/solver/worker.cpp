#include "solver/worker.hpp"

#include "solver/heuristics.hpp"
#include "solver/symmetry.hpp"
#include "solver/weight_bound.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>
#include <tuple>

namespace relucert {

namespace {

using Clock = Shared::Clock;

} // namespace

bool Worker::consider_network(Network net) {
  if (stopping_) return false; // an O(n) exact sum: not after the limit
  sync_incumbent();
  std::optional<Rational> loss = exact_loss_below(inst_, net, inc_, [this] {
    if (out_of_time()) stop_all();
    return stopping_;
  });
  if (!loss) return false;
  if (!sh_.offer(std::move(net), *loss)) return false;
  ++stats_.incumbent_updates;
  sync_incumbent();
  return true;
}

void Worker::sync_incumbent() {
  const uint64_t v = sh_.inc_version.load();
  if (v == inc_seen_) return;
  {
    std::lock_guard<std::mutex> lock(sh_.inc_m);
    inc_ = sh_.inc;
    inc_seen_ = sh_.inc_version.load();
  }
  if (exact_) inc_f_ = pb_.loss_f(inc_);
  update_gap();
}

bool Worker::consider_bounded_witness(RVec V) {
  scale_into_ball(pb_, B2_, V);
  return consider_witness(V);
}

bool Worker::hinge_rounds(FloatQpResult& qp, const std::vector<size_t>& on) {
  const NodeState& st = *st_;
  const size_t dp = pb_.dp, D = pb_.D;
  // The hinge terms' sums persist from node to node of a tree (the set is kept, not live,
  // between nodes): a node's set differs from the last node's in a few points, and only those
  // are added or taken away. Rebuilt from the set every 1024 calls, against rounding drift.
  if (hinge_tree_ != tree_ || ++hinge_calls_ % 1024 == 0) reset_hinge_sums();
  hinge_live_ = false;
  thread_local std::vector<size_t> want;
  thread_local std::vector<double> Qh, gh;
  want = on;
  Qh.resize(D * D), gh.resize(D);
  FloatQpResult plain = qp;
  thread_local std::vector<int> warm; // the previous round's working set, in freal() indices
  warm = real_indices(qp.active);
  for (int round = 0;; ++round) {
    bool same = round > 0;
    if (round > 0) { // the points at the new x
      // A point joins above max(0, s y_i) and stays while rho_i >= 0 holds, t >= s y_i: without
      // that margin the set can cycle (measured on uniform d = 5, n = 100: half the nodes did
      // not settle in 6 rounds, a third did): hinge_join and hinge_stay, in the list's order
      // (NodeState). Without branches in the loop: which points join or stay is data.
      const size_t *und = st.undecided_list(), nu = st.undecided_count();
      rule_.compute_dots(st, qp.x);
      const double *T = rule_.dots().data(), *join = st.undecided_join();
      const double* stay = st.undecided_stay();
      want.resize(nu);
      size_t m = 0;
      for (size_t u = 0; u < nu; ++u) {
        const size_t i = und[u];
        const bool was = hinge_mask_[i];
        const bool now = (T[u] > join[u]) | (was & (T[u] >= stay[u]));
        want[m] = i;
        m += now;
        same &= now == was;
      }
      want.resize(m);
    }
    if (same || want.empty() || round == 6) {
      hinge_live_ = round > 0; // the set of the last QP (none at round 0)
      return same || want.empty();
    }
    thread_local std::vector<char> wanted; // per point: in want (all 0 between rounds)
    wanted.resize(pb_.n, 0);
    for (size_t i : want)
      wanted[i] = 1;
    size_t keep = 0;
    for (size_t i : hinge_set_)
      if (wanted[i])
        hinge_set_[keep++] = i;
      else
        toggle_hinge(i, -1);
    hinge_set_.resize(keep);
    for (size_t i : want) {
      wanted[i] = 0;
      if (!hinge_mask_[i]) toggle_hinge(i, +1), hinge_set_.push_back(i);
    }
    const std::vector<double>&Qf = st.Qf(), &gf = st.gf();
    for (size_t a = 0; a < D * D; ++a)
      Qh[a] = Qf[a] + hinge_q_[a];
    for (size_t a = 0; a < D; ++a)
      gh[a] = gf[a] + hinge_g_[a];
    FloatQp fq{D, dp, Qh.data(), gh.data(), st.hf() + hinge_h_, &st.freal(), &warm};
    FloatQpResult next = solve_qp_float(fq);
    bool finite = next.ok && next.x.size() == D && std::isfinite(next.value);
    for (double v : next.x)
      finite = finite && std::isfinite(v);
    if (!finite) { // steer by the plain QP, without hinge points
      drop_hinge_set();
      reset_hinge_sums();
      qp = std::move(plain);
      rule_.compute_dots(st, qp.x); // dots() at the x that scan reads
      return false;
    }
    warm = next.active;
    for (int& r : next.active) // indices of freal() -> depths
      r = st.real_depth()[static_cast<size_t>(r)];
    qp = std::move(next);
  }
}

// A point that joins or leaves the hinge set: c x'x'^T, c s y x' and c y^2 (unless c y^2 is in h
// already: s y <= 0, rule L3) added to or taken from the sums.
void Worker::toggle_hinge(size_t i, double dir) {
  const size_t dp = pb_.dp, D = pb_.D;
  const double s = st_->signs()[0];
  hinge_mask_[i] = dir > 0;
  const double *cxx = pb_.cxxf[i], *cyx = pb_.cyxf[i];
  for (size_t a = 0; a < dp; ++a) {
    for (size_t b = 0; b < dp; ++b)
      hinge_q_[a * D + b] += dir * cxx[a * dp + b];
    hinge_g_[a] += dir * s * cyx[a];
  }
  if (s * pb_.yf[i] > 0) hinge_h_ += dir * pb_.cyyf[i];
}

void Worker::drop_hinge_set() {
  for (size_t i : hinge_set_)
    hinge_mask_[i] = 0;
  hinge_set_.clear();
}

void Worker::reset_hinge_sums() {
  if (hinge_tree_ != tree_) { // another tree's sign: its set means nothing here
    drop_hinge_set();
    hinge_tree_ = tree_;
  }
  hinge_q_.assign(pb_.D * pb_.D, 0.0), hinge_g_.assign(pb_.D, 0.0), hinge_h_ = 0;
  for (size_t i : hinge_set_)
    toggle_hinge(i, +1);
}

const std::vector<int>& Worker::real_indices(const std::vector<int>& depths) {
  const std::vector<int>& rd = st_->real_depth(); // increasing
  warm_real_.clear();
  for (int r : depths) {
    const auto it = std::lower_bound(rd.begin(), rd.end(), r);
    if (it != rd.end() && *it == r) warm_real_.push_back(static_cast<int>(it - rd.begin()));
  }
  return warm_real_;
}

void Worker::clear_hinges() {
  hinge_live_ = false;
}

ExactBound Worker::exact_bound(const std::vector<int>& W, int max_iter, const WeightShift* ws) {
  NodeState& st = *st_;
  if (!hinge_live_ || hinge_set_.empty()) return exact_qp(st, W, max_iter, ws);
  const int s = st.signs()[0];
  std::sort(hinge_set_.begin(), hinge_set_.end());
  for (size_t i : hinge_set_)
    st.hinge_add(i);
  for (int round = 0;; ++round) {
    ExactBound eb = exact_qp(st, W, max_iter, ws);
    thread_local std::vector<size_t> keep;
    keep.clear();
    bool all = eb.ok;
    for (size_t i : st.hinges())
      if (eb.ok && hinge_sign(pb_, eb, i, s) >= 0)
        keep.push_back(i);
      else
        all = false;
    if (all) {
      eb.hinge = st.hinges();
      st.hinge_clear();
      return eb;
    }
    // Again without the points whose rho_i < 0 (without any after two tries, or if no bound).
    if (round == 2 || !eb.ok) keep.clear();
    st.hinge_clear();
    for (size_t i : keep)
      st.hinge_add(i);
    if (keep.empty()) return exact_qp(st, W, max_iter, ws);
  }
}

void Worker::close_leaf(ExactBound eb) {
  // The hinge multipliers rho_i follow the path's (their indices are larger: certs/FORMAT.md
  // §2), in 128-bit integers where every one fits (the usual case), else as Rationals; they
  // are formed for the record only (eb.bound has the hinge terms), from u and z of eb.
  if (!eb.hinge.empty()) ++stats_.hinge_leaves;
  if (eb.hinge.empty() || rec_.discards()) {
    rec_.leaf(eb.u, eb.mu, eb.lambda);
  } else {
    const int s = st_->signs()[0];
    const size_t depth = st_->depth();
    bool wide = true;
    wide_.resize(eb.hinge.size());
    for (size_t t = 0; wide && t < eb.hinge.size(); ++t)
      wide = hinge_multiplier_wide(pb_, eb, eb.hinge[t], s, depth, wide_[t]);
    if (wide) {
      rec_.leaf(eb.u, eb.mu, eb.lambda, wide_);
    } else {
      eb.lambda.reserve(eb.lambda.size() + eb.hinge.size());
      for (size_t i : eb.hinge)
        eb.lambda.push_back(hinge_multiplier(pb_, eb, i, s, depth));
      rec_.leaf(eb.u, eb.mu, eb.lambda);
    }
  }
  ++stats_.leaves;
  ++counts_[tree_].leaves;
  if (st_->all_decided()) ++stats_.cell_leaves;
  if (eb.bound < inc_ - gap_) ++stats_.weak_leaves;
  if (!have_min_leaf_ || eb.bound < min_leaf_) {
    min_leaf_ = eb.bound;
    min_leaf_f_ = pb_.loss_f(eb.bound);
    have_min_leaf_ = true;
    for (double m = sh_.min_leaf_f;
         min_leaf_f_ < m && !sh_.min_leaf_f.compare_exchange_weak(m, min_leaf_f_);)
      ;
  }
}

void Worker::close_leaf_float(double value) {
  ++stats_.leaves;
  ++counts_[tree_].leaves;
  if (st_->all_decided()) ++stats_.cell_leaves;
  min_leaf_f_ = std::min(min_leaf_f_, value);
  for (double m = sh_.min_leaf_f; value < m && !sh_.min_leaf_f.compare_exchange_weak(m, value);)
    ;
}

void Worker::poll() {
  if (out_of_time()) stop_all();
  double own = INF;
  for (double b : open_bounds_)
    own = std::min(own, b);
  sh_.poll(st_ ? st_->depth() : 0, own, inc_f_);
}

Tally Worker::tally() const {
  Tally t;
  t.stats = stats_;
  t.counts = counts_;
  t.have_min_leaf = have_min_leaf_;
  t.min_leaf = min_leaf_;
  t.min_leaf_f = min_leaf_f_;
  t.float_inc = float_inc_;
  return t;
}

void Worker::make_interior(const std::vector<double>& v, const std::vector<double>& p,
                           const FConstraint& fc, std::vector<double>& r) const {
  const size_t D = pb_.D;
  double vn = 0;
  for (double a : v)
    vn += a * a;
  vn = std::sqrt(vn);
  r.assign(D, 0.0);
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
}

void Worker::explore(const std::vector<double>& ip) {
  ++stats_.nodes;
  // The clock every 64 nodes (a clock read is a system call on some virtual machines: per node
  // it cost 29 % of a float-bounds-only run, bench/RESULTS.md); the O(n) exact parts of a node
  // (pick_branch, exact_loss_below, exhaustive_qp) read it themselves on large instances.
  if ((stats_.nodes & 63) == 0) {
    sh_.nodes[id_] = stats_.nodes;
    poll();
  }
  // Every 8th node is timed: if it gets an exact bound, its time is a sample of what closing a
  // node at a stop costs (Shared::closing_estimate).
  const bool timed = (stats_.nodes & 7) == 0 && opt_.time_limit > 0 && exact_ && !stopping_;
  const Shared::Clock::time_point t0 = timed ? Shared::Clock::now() : Shared::Clock::time_point{};
  sync_incumbent(); // one atomic load unless another worker improved it
  NodeState& st = *st_;
  // Warm: from the parent's working set (mapped to this node's real constraints; the parent's
  // are among them, its path being a prefix of this one).
  FloatQp fq{pb_.D,
             pb_.dp,
             st.Qf().data(),
             st.gf().data(),
             st.hf(),
             &st.freal(),
             warm_.empty() ? nullptr : &real_indices(warm_)};
  warm_.clear();
  std::vector<double> mu_f;
  FloatQpResult qp = bounded_ ? bounded_qp(st, B_f_, mu_f) : solve_qp_float(fq);
  for (int& r : qp.active) // indices of freal() -> depths
    r = st.real_depth()[static_cast<size_t>(r)];
  // The hinge points stay until the node has its exact bounds and branches.
  struct ClearHinges {
    Worker& w;
    ~ClearHinges() { w.clear_hinges(); }
  } hinges_guard{*this};
  WeightShift ws;
  if (bounded_) {
    ws.B2 = B2_;
    for (double m : mu_f)
      ws.mu.push_back(m > 0 ? pb_.mu_exact(simplest_near(m, 1000000000000L)) : Rational(0));
  }
  const WeightShift* wsp = bounded_ ? &ws : nullptr;
  if (stopping_ && exact_) {
    // Stopped: close the node with its best exact bound from the float working set (with the
    // hinge points, whose scans are O(n)), without a float loss, witness or exhaustive solve.
    // Always valid: at worst lambda = 0 (exact_qp).
    if (!qp.ok) qp.active.clear();
    if (hinge_ && qp.ok && !st.all_decided()) {
      rule_.compute_dots(st, qp.x);
      rule_.hinge_points(st, hscan_);
      hinge_rounds(qp, hscan_.on);
    }
    ++stats_.exact_solves;
    close_leaf(exact_bound(qp.active, 20, wsp));
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
  // The bound this node passes on to its open children: its QP value, or (a failed QP gives
  // -inf) what its ancestors proved, which holds for the whole subtree too.
  double lb =
      std::max(qp.value, open_bounds_.empty() ? sh_.plunge[id_].load() : open_bounds_.back());
  const bool all = st.all_decided();
  const bool try_hinge = hinge_ && qp.ok && !all;
  // The hinge bound is at most the relaxation's value at x, qp.value + gain: below the closing
  // threshold it cannot close the node, and the rounds are not worth their cost.
  const double close_at = opt_.realizable ? tol_ * 1e-3 : inc_f_ - gap_f_ - tol_;
  if (pb_.k == 1) rule_.compute_dots(st, qp.x); // for hinge_points and scan
  if (try_hinge) rule_.hinge_points(st, hscan_);
  if (try_hinge && !hscan_.on.empty() && qp.value + hscan_.gain >= close_at) {
    // Settled, the last QP's value is the relaxation's minimum: a bound of the subtree too.
    if (hinge_rounds(qp, hscan_.on)) lb = std::max(lb, qp.value);
  }
  // The loss and the branching candidates at the final x (the hinge rounds' if they ran; the
  // rounds leave dots() at their final x).
  double lf = rule_.scan(st, qp.x, hinge_live_ ? &hinge_mask_ : nullptr, true);
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
    lf = float_loss(st, xs);
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
      eb = exact_bound(qp.active, all ? 60 : 20, wsp);
      have_eb = true;
      ++stats_.exact_solves;
      if (timed) sh_.cost_sample(std::chrono::duration<double>(Shared::Clock::now() - t0).count());
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
          if (out_of_time()) stop_all();
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
      if (opt_.realizable && inc_.is_zero()) stop_all(); // a zero-loss witness: done
      const bool good = opt_.realizable ? eb.bound.sign() > 0 : eb.bound >= inc_ - gap_;
      if (eb.ok && (stopping_ || all || (!enumerate_ && good))) {
        close_leaf(std::move(eb)); // with all points decided this is the cell's exact minimum
        return;
      }
    }
  }
  // The baseline splits in index order; branch and bound on the most violated point,
  // or, if no point is violated at the (possibly inexact) minimiser while the node
  // could not be closed, on any undecided pair (fully decided nodes closed above).
  auto [j, i] = enumerate_ ? std::pair<int, int>{-1, -1}
                           : rule_.pick(st, qp.x, have_eb ? &eb : nullptr, inst_,
                                        [this] { return out_of_time(); });
  // Every split must name an undecided pair: j and i index the arrays below.
  const auto valid = [&](int uj, int pi) {
    return uj >= 0 && pi >= 0 && static_cast<size_t>(uj) < pb_.k &&
           static_cast<size_t>(pi) < pb_.n &&
           st.act(static_cast<size_t>(uj), static_cast<size_t>(pi)) == Act::Undecided;
  };
  if (!valid(j, i)) std::tie(j, i) = first_undecided(st);
  if (sym_ && !enumerate_ && i >= 0) {
    auto f = sym_branch(st);
    if (valid(f.first, f.second)) std::tie(j, i) = f;
  }
  if (i < 0) { // nothing left to split on: close with the best exact bound (an interval leaf)
    if (exact_)
      close_leaf(have_eb && eb.ok ? std::move(eb) : exact_bound(qp.active, 60, wsp));
    else
      close_leaf_float(qp.value);
    return;
  }
  clear_hinges(); // for the children: their own
  const bool active_first =
      unit_dot(pb_, static_cast<size_t>(i), qp.x.data(), static_cast<size_t>(j)) >= 0;
  ++stats_.branches;
  ++counts_[tree_].branches;
  // Each child is closed at once (sym, empty) or open. Both are classified before either is
  // explored (each test reads only this node's state), so that with two open children the
  // second can wait in the pool while the search plunges into the first; its fragment is
  // attached after the first child's subtree, where it belongs in preorder. An empty child
  // beside an open one goes first: the split and its proof are one `implied` record.
  std::array<Child, 2> ch;
  for (int side = 0; side < 2; ++side)
    classify(ch[side], Constraint{j, i, side == 0 ? active_first : !active_first}, ip);
  const bool one_empty = (ch[0].kind == Kind::Empty && ch[1].kind == Kind::Open) ||
                         (ch[1].kind == Kind::Empty && ch[0].kind == Kind::Open);
  if (one_empty && ch[1].kind == Kind::Empty) std::swap(ch[0], ch[1]);
  const bool merged = one_empty && opt_.implied_records;
  if (exact_ && merged)
    write_implied(j, i, ch[0]);
  else if (exact_)
    rec_.branch(j, i, ch[0].c.active);
  const bool forced = (ch[0].kind == Kind::Open) != (ch[1].kind == Kind::Open);
  for (int side = 0; side < 2; ++side) // the open side of an empty one is implied
    ch[side].c.implied = forced && ch[1 - side].kind == Kind::Empty;
  // An open child waits in the pool, to be taken by run()'s loop, if it is the second of two
  // (best first), or past max_nest nested explores (any child): the recursion, and with it the
  // stack, stays bounded however deep the tree (a path may hold k n decisions).
  const bool deep = nest_ >= MAX_NEST;
  const bool pool_second = best_first_ && ch[0].kind == Kind::Open && ch[1].kind == Kind::Open &&
                           !sh_.pool.full() && !sh_.plunge_only;
  std::array<bool, 2> pooled{};
  std::array<size_t, 2> frag{};
  for (int side = 1; side >= 0; --side) { // (depth first takes the newest: the first child)
    pooled[side] = ch[side].kind == Kind::Open && (deep || (side == 1 && pool_second));
    if (!pooled[side]) continue;
    OpenNode nd{tree_, st.path(), std::move(ch[side].ip), lb, 0, 0, qp.active};
    nd.path.push_back(ch[side].c);
    if (exact_) frag[side] = nd.frag = sh_.frags.create();
    sh_.pool.push(std::move(nd), id_);
  }
  for (int side = 0; side < 2; ++side) {
    Child& k = ch[side];
    if (k.kind != Kind::Open)
      write_closed(k, !(merged && side == 0));
    else if (pooled[side]) {
      if (exact_) frags_.attach(frag[side]);
    } else {
      warm_ = qp.active;
      descend(k, forced ? &qp.x : nullptr, lb);
    }
  }
}

void Worker::classify(Child& k, const Constraint& c, const std::vector<double>& ip) {
  const NodeState& st = *st_;
  k.c = c;
  k.kind = Kind::Open;
  k.sym = {-1, -1};
  k.lam.clear();
  k.slam.clear();
  k.small = false;
  k.ip.clear();
  if (sym_) {
    k.sym = sym_closable(st, k.c);
    if (k.sym.first >= 0) {
      k.kind = Kind::Sym;
      return;
    }
  }
  const size_t i = static_cast<size_t>(c.point);
  double xn = 0;
  for (size_t a = 0; a < pb_.dp; ++a)
    xn += pb_.xf[i][a] * pb_.xf[i][a];
  xn = std::sqrt(xn);
  FConstraint fc = st.fcon(k.c);
  if (dot_con(fc, ip.data(), pb_.dp) > 1e-9 * xn) {
    k.ip = ip;
    return;
  }
  cone_b_.assign(pb_.D, 0.0);
  axpy_con(-1.0, fc, cone_b_.data(), pb_.dp);
  ConeTest& ct = cone_;
  cone_membership(pb_.D, st.freal_rows(), st.freal().size(), cone_b_, ct);
  for (int& r : ct.support) // indices of freal() -> depths
    r = st.real_depth()[static_cast<size_t>(r)];
  if (ct.member) {
    if (!exact_) {
      k.kind = Kind::Empty;
      return;
    }
    if (exact_empty_small(st, k.c, ct.support, k.slam)) {
      k.kind = Kind::Empty;
      k.small = true;
      return;
    }
    auto lam = exact_empty(st, k.c, ct.support);
    if (lam) {
      k.kind = Kind::Empty;
      k.lam = std::move(*lam);
      return;
    }
  }
  make_interior(ct.witness, ip, fc, k.ip);
}

void Worker::write_implied(int unit, int point, const Child& k) {
  if (k.small)
    rec_.implied(unit, point, k.c.active, k.slam);
  else
    rec_.implied(unit, point, k.c.active, k.lam);
}

void Worker::write_closed(const Child& k, bool record) {
  if (k.kind == Kind::Sym) {
    if (exact_ && record) rec_.sym(k.sym.first, k.sym.second);
    ++stats_.syms;
    ++counts_[tree_].syms;
  } else {
    if (exact_ && record && k.small)
      rec_.empty(k.slam);
    else if (exact_ && record)
      rec_.empty(k.lam);
    ++stats_.empties;
    ++counts_[tree_].empties;
    if (!record) ++stats_.implied_records;
  }
  ++stats_.nodes;
}

void Worker::descend(Child& k, const std::vector<double>* x, double bound) {
  NodeState& st = *st_;
  st.push(k.c);
  open_bounds_.push_back(bound);
  size_t pushed = 1;
  std::vector<double> ip = std::move(k.ip);
  // An implied chain. The branch above had one child closed, so the constraint of this child
  // is implied by the parent's region: the region is the same, and if the decision made no
  // unit active on a decided point, so are Q and g, and the parent's minimiser x is this
  // node's minimiser too, its value raised by h's change. The pairs that x violates most, in
  // order, are what explore would pick here, one QP after another: they are tried at once.
  // Each with one child closed (empty or sym) is decided as a branch whose closed child comes
  // first (the certificate's records as before, without a QP of its own). The chain ends at a
  // pair with two open children (a real branch), after a decision that changed Q and g (x is
  // stale then), or when the node's bound reaches the incumbent; explore takes over there.
  if (x && chain_ && !enumerate_ && !stopping_) {
    // The parent's scan at x (explore, BranchRule), popped largest first.
    auto& cands = rule_.candidates();
    const auto order = [](const std::pair<double, size_t>& a, const std::pair<double, size_t>& b) {
      return a.first < b.first || (a.first == b.first && a.second > b.second);
    };
    std::make_heap(cands.begin(), cands.end(), order);
    double est = bound; // the QP's minimum after the chain's decisions (float, for steering)
    int stale = 0;
    std::array<Child, 2>& ch = chain_kids_; // reused: the chain allocates nothing per step
    while (!cands.empty()) {
      if (stopping_ || est >= inc_f_ - gap_f_ - tol_) break; // explore closes it now
      std::pop_heap(cands.begin(), cands.end(), order);
      const size_t i = cands.back().second;
      cands.pop_back();
      if (st.decided(i)) continue;
      const int j = best_unit(st, i, *x);
      const double t = unit_dot(pb_, i, x->data(), static_cast<size_t>(j));
      const int ii = static_cast<int>(i);
      classify(ch[0], Constraint{j, ii, t >= 0}, ip);
      classify(ch[1], Constraint{j, ii, t < 0}, ip);
      const int open = ch[0].kind == Kind::Open ? 0 : 1;
      if ((ch[0].kind == Kind::Open) == (ch[1].kind == Kind::Open)) break; // a real branch
      const Child& closed = ch[1 - open];
      const bool merged = opt_.implied_records && closed.kind == Kind::Empty; // one record
      if (exact_ && merged)
        write_implied(j, ii, closed);
      else if (exact_)
        rec_.branch(j, ii, closed.c.active); // the closed child first
      ++stats_.branches;
      ++stats_.implied;
      ++counts_[tree_].branches;
      ++stats_.nodes;
      write_closed(closed, !merged);
      const double hf0 = st.hf();
      ch[open].c.implied = closed.kind == Kind::Empty;
      st.push(ch[open].c);
      open_bounds_.push_back(bound);
      ++pushed;
      std::swap(ip, ch[open].ip); // both buffers stay, for the next step
      if (st.decided(i) && any_active(st, i) && ++stale > max_stale_) break; // Q, g changed
      est += st.hf() - hf0; // Q and g unchanged: the same minimiser, h's change added
    }
  }
  ++nest_;
  explore(ip);
  --nest_;
  for (size_t t = 0; t < pushed; ++t) {
    open_bounds_.pop_back();
    st.pop();
  }
}

void Worker::go_to(const std::vector<Constraint>& path) {
  NodeState& st = *st_;
  const std::vector<Constraint>& cur = st.path();
  size_t common = 0;
  while (common < cur.size() && common < path.size() && cur[common].unit == path[common].unit &&
         cur[common].point == path[common].point && cur[common].active == path[common].active)
    ++common;
  while (st.depth() > common)
    st.pop();
  for (size_t r = common; r < path.size(); ++r)
    st.push(path[r]);
}

Worker::Worker(Shared& sh, size_t id)
    : sh_(sh), id_(id), inst_(sh.inst), model_(sh.model), opt_(sh.opt), pb_(sh.pb),
      exact_(sh.exact), enumerate_(sh.enumerate), sym_(sh.sym), bounded_(sh.bounded),
      best_first_(sh.best_first),
      hinge_(sh.opt.hinge && sh.pb.k == 1 && !sh.bounded && !sh.enumerate), B2_(sh.B2),
      B_f_(sh.B_f), tol_(sh.tol), frags_(sh.frags),
      rec_(sh.records ? static_cast<Tracer&>(frags_) : silent_), rule_(sh.tol) {
  counts_.assign(sh.trees.size(), TreeCounts{});
  chain_ = !sym_;
  max_stale_ = static_cast<int>(pb_.n / (50 * pb_.D));
  for (int p : sh.trees)
    states_.push_back(std::make_unique<NodeState>(pb_, p));
  if (hinge_) hinge_mask_.assign(pb_.n, 0);
  st_ = states_.front().get();
  sync_incumbent();
  if (!exact_) inc_f_ = pb_.loss_f(inc_);
}

void Worker::run(double until) {
  for (bool first = true;; first = false) { // (one node at least, however short the slice)
    if (!first && until < INF && sh_.seconds() >= until) break;
    std::optional<OpenNode> nd =
        sh_.pool.take(id_, exact_ ? sh_.inc_f.load() : inc_f_, !best_first_ || sh_.plunge_only);
    if (!nd) break;
    tree_ = nd->tree;
    st_ = states_[tree_].get();
    go_to(nd->path);
    frags_.select(nd->frag);
    sh_.plunge[id_] = nd->bound;
    warm_ = std::move(nd->warm);
    explore(nd->ip);
    frags_.flush(); // the subtree's records in the store before the node is reported done
    sh_.plunge[id_] = INF;
    sh_.pool.done();
  }
  sh_.nodes[id_] = stats_.nodes;
  float_inc_ = inc_f_;
}

void Worker::close(const OpenNode& nd) {
  stopping_ = true;
  tree_ = nd.tree;
  st_ = states_[tree_].get();
  go_to(nd.path);
  frags_.select(nd.frag);
  warm_ = nd.warm;
  explore(nd.ip);
  frags_.flush();
}

// The search: the shared state, its workers, and the certificate stitched from their
// fragments at the end.
} // namespace relucert
