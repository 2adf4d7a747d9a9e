#include "solver/search.hpp"

#include "cert/fragments.hpp"
#include "solver/exact_bound.hpp"
#include "solver/heuristics.hpp"
#include "solver/node_state.hpp"
#include "solver/pool.hpp"
#include "solver/problem.hpp"
#include "solver/qp_float.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>
#include <tuple>

namespace relucert {

namespace {

using Clock = std::chrono::steady_clock;
constexpr double INF = std::numeric_limits<double>::infinity();

// What the workers share: the problem and the options, the incumbent, the stop flag, the pool
// of open nodes and the certificate's fragments.
struct Shared {
  Shared(const Instance& inst_, const Model& model_, const SearchOptions& opt_)
      : inst(inst_), model(model_), opt(opt_),
        start(opt_.start == Clock::time_point{} ? Clock::now() : opt_.start),
        last_progress(Clock::now()),
        pb(
            inst_, model_, [this] { return out_of_time(); }, opt_.machine_ints),
        pool(opt_.pool_memory) {}

  double seconds() const { return std::chrono::duration<double>(Clock::now() - start).count(); }
  // An interrupt, or the time limit reached (counted from opt.start).
  bool out_of_time() const {
    return (opt.interrupt && opt.interrupt->load() != 0) ||
           (opt.time_limit > 0 && seconds() >= opt.time_limit);
  }
  // The zero network (every v_j = 0) with the given signs; a_j = 1 in the nonneg model.
  Network zero_network(const std::vector<int>& signs) const {
    Network zero = network_from_v(pb, signs, RVec(pb.D, Rational(0)));
    if (model.nonneg)
      for (Unit& u : zero)
        u.a = Rational(1);
    return zero;
  }

  const Instance& inst;
  Model model;
  const SearchOptions& opt;
  Clock::time_point start; // before pb: its set-up watches the clock
  Clock::time_point last_progress;
  Problem pb;
  bool exact = true, enumerate = false, sym = false, best_first = true;
  bool bounded = false; // model.weight_bound
  Rational B2;
  double B_f = 0;
  double tol = 0;         // absolute loss tolerance for floating decisions
  std::vector<int> trees; // the sign splits p searched
  NodePool pool;
  FragmentStore frags; // exact mode: where node events go
  // The incumbent (upper bound) and its witness; a new version for every improvement.
  std::mutex inc_m;
  Rational inc;
  Network witness;
  std::atomic<uint64_t> inc_version{0};
  std::atomic<double> inc_f{INF}; // its double, for progress displays
  std::atomic<bool> stop{false};  // a worker saw the time limit, an interrupt or the end
  // Progress: one display per interval, whoever notices; the curve of FitResult.
  std::mutex progress_m;
  std::vector<Progress> curve;
  std::atomic<double> min_leaf_f{INF};      // the least closed leaf bound (float)
  std::vector<std::atomic<double>> plunge;  // per worker: its plunge's bound (INF: idle)
  std::vector<std::atomic<uint64_t>> nodes; // per worker: nodes explored (every 64)
};

// One worker: its own node state per tree, plunging from the nodes it takes from the pool
// (Worker::run), closing nodes by exact bounds, empty interiors and symmetry, and offering
// witnesses to the shared incumbent.
class Worker {
public:
  Worker(Shared& sh, size_t id);
  void run(); // until the pool is done, or stopped
  // After a stop, with the other workers done: closes `nd` at once with its exact bound.
  void close(const OpenNode& nd);

  // The worker's part of the result.
  SearchStats stats_;
  std::vector<TreeCounts> counts_; // per tree
  bool have_min_leaf_ = false;
  Rational min_leaf_;
  double min_leaf_f_ = INF;
  double float_inc_ = INF; // float_only mode: the float incumbent

private:
  // Brings the current tree's node state to `path` (pops to the common prefix, pushes the rest).
  void go_to(const std::vector<Constraint>& path);
  // The local copy of the incumbent (inc_, inc_f_, gap_) brought up to date.
  void sync_incumbent();
  // Every worker stops (time limit, interrupt, or a realizable run's zero-loss witness).
  void stop_all() {
    stopping_ = true;
    sh_.stop = true;
    sh_.pool.stop();
  }
  // The gap to which nodes are closed: max(--gap, --rel-gap times the incumbent). The
  // incumbent only falls, so a node closed with bound >= inc - gap at any time has bound
  // >= (1 - r) inc_final: the final interval meets the relative gap too.
  void update_gap() {
    Rational g = opt_.gap ? *opt_.gap : Rational(0);
    if (opt_.rel_gap && *opt_.rel_gap * inc_ > g) g = *opt_.rel_gap * inc_;
    gap_ = g;
    gap_f_ = pb_.loss_f(gap_);
  }
  bool out_of_time() const { return sh_.stop || sh_.out_of_time(); }
  void explore(const std::vector<double>& ip);
  // A child of a branch: closed at once (by sym, or empty with its Gordan multipliers) or
  // open, with an interior point.
  enum class Kind { Sym, Empty, Open };
  struct Child {
    Constraint c{};
    Kind kind = Kind::Open;
    std::pair<int, int> sym{-1, -1};
    std::vector<Multiplier> lam;
    std::vector<double> ip;
  };
  // The child of the current node with constraint c (ip: the node's interior point).
  Child classify(const Constraint& c, const std::vector<double>& ip);
  // Its record (sym or empty; none if the parent's `implied` record holds it) and counts.
  void write_closed(const Child& k, bool record = true);
  // Into the open child k of the current node (x: the node's minimiser if the branch was
  // forced, for an implied chain; bound: the node's bound, valid in the subtree).
  void descend(Child& k, const std::vector<double>* x, double bound);
  // The undecided unit on point i with the largest |x'_i . v_j| (pick_branch's choice).
  int best_unit(size_t i, const std::vector<double>& x) const;
  bool any_active(size_t i) const; // some unit decided active on point i
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
  // float_loss(x), and cands_ filled with (violation, point) of the undecided points that x
  // violates (the squared error beyond the L3 rule's term): pick_branch and descend read them.
  double scan(const std::vector<double>& x);
  double point_output(size_t i, const std::vector<double>& x) const;
  // The pair to split on: the most violated point of cands_ (scan(x) first, same x).
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

  Shared& sh_;
  const size_t id_;
  const Instance& inst_;
  const Model& model_;
  const SearchOptions& opt_;
  const Problem& pb_;
  const bool exact_, enumerate_, sym_, bounded_, best_first_;
  const Rational& B2_;
  const double B_f_, tol_;
  std::vector<std::unique_ptr<NodeState>> states_; // one per tree
  size_t tree_ = 0;                                // index of the current tree
  NodeState* st_ = nullptr;                        // states_[tree_]
  FragmentStore::Writer frags_;
  Rational inc_;       // the incumbent loss as of inc_seen_ (exact upper bound)
  double inc_f_ = INF; // its double (or, in float_only mode, the float incumbent)
  uint64_t inc_seen_ = UINT64_MAX;
  Rational gap_;
  double gap_f_ = 0;
  bool stopping_ = false;
  std::vector<double> open_bounds_;
  // Implied chains (descend): on unless symmetry steers the branching (k >= 2), which keeps
  // its own order. A chain goes on for max_stale_ decisions that changed Q and g (x is no
  // longer the minimiser, so its order may pick pairs a fresh QP would not: more branches),
  // n / (50 D): the O(n) scan of a node against the cost of a decision, measured on uniform
  // labels (d = 2, n = 1000: 1.35 s with 0, 0.76 s with 8; d = 5, n = 60: 2.6 s with 0,
  // 3.0 s with 2).
  bool chain_ = true;
  int max_stale_ = 0;
  std::vector<std::pair<double, size_t>> cands_; // (violation, point), scratch
};

double Worker::point_output(size_t i, const std::vector<double>& x) const {
  double f = 0;
  for (size_t j = 0; j < pb_.k; ++j) {
    double t = 0;
    for (size_t a = 0; a < pb_.dp; ++a)
      t += pb_.xf[i][a] * x[j * pb_.dp + a];
    if (t > 0) f += st_->signs()[j] * t;
  }
  return f;
}

double Worker::float_loss(const std::vector<double>& x) const {
  double L = 0;
  for (size_t i = 0; i < pb_.n; ++i) {
    double e = point_output(i, x) - pb_.yf[i];
    L += pb_.cf[i] * e * e;
  }
  return L;
}

double Worker::scan(const std::vector<double>& x) {
  const NodeState& st = *st_;
  cands_.clear();
  double L = 0;
  for (size_t i = 0; i < pb_.n; ++i) {
    const double e = point_output(i, x) - pb_.yf[i], l = pb_.cf[i] * e * e;
    L += l;
    if (st.decided(i)) continue;
    const double viol = l - (st.rule_applies(i) ? pb_.cyyf[i] : 0.0);
    if (viol > tol_ * 1e-3) cands_.push_back({viol, i});
  }
  return L;
}

bool Worker::consider_network(Network net) {
  if (stopping_) return false; // an O(n) exact sum: not after the limit
  sync_incumbent();
  std::optional<Rational> loss = exact_loss_below(inst_, net, inc_, [this] {
    if (out_of_time()) stop_all();
    return stopping_;
  });
  if (!loss) return false;
  {
    std::lock_guard<std::mutex> lock(sh_.inc_m);
    if (!(*loss < sh_.inc)) return false; // another worker found better meanwhile
    sh_.inc = *loss;
    sh_.inc_f = pb_.loss_f(*loss);
    sh_.witness = std::move(net);
    ++sh_.inc_version;
  }
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

FloatQpResult Worker::shifted_qp(const std::vector<double>& mu) const {
  const NodeState& st = *st_;
  std::vector<double> Q = st.Qf();
  double shift = 0;
  for (size_t a = 0; a < pb_.D; ++a) {
    Q[a * pb_.D + a] += mu[a / pb_.dp];
  }
  for (double m : mu)
    shift += m;
  FloatQp fq{pb_.D, pb_.dp, Q.data(), st.gf().data(), st.hf(), &st.freal()};
  FloatQpResult r = solve_qp_float(fq);
  if (r.ok) r.value -= B_f_ * B_f_ * shift;
  return r;
}

FloatQpResult Worker::bounded_qp(std::vector<double>& mu) const {
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

void Worker::close_leaf(const ExactBound& eb) {
  frags_.leaf(eb.u, eb.mu, eb.lambda);
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
  std::unique_lock<std::mutex> lock(sh_.progress_m, std::try_to_lock); // one worker reports
  if (!lock.owns_lock() || std::chrono::duration<double>(Clock::now() - sh_.last_progress).count() <
                               opt_.progress_interval)
    return;
  sh_.last_progress = Clock::now();
  Progress pr;
  pr.nodes = 0;
  pr.open = sh_.pool.size();
  pr.depth = st_ ? st_->depth() : 0;
  pr.upper = pb_.loss_unscaled(exact_ ? sh_.inc_f.load() : inc_f_);
  // Open: the pool (its top has the lowest bound), the plunges (each at least its start's
  // bound) and this plunge's pending ancestors.
  double lo = std::min(sh_.min_leaf_f.load(), sh_.pool.min_bound());
  for (const auto& b : sh_.plunge)
    lo = std::min(lo, b.load());
  for (double b : open_bounds_)
    lo = std::min(lo, b);
  pr.lower = std::max(0.0, pb_.loss_unscaled(std::min(lo, exact_ ? sh_.inc_f.load() : inc_f_)));
  pr.seconds = sh_.seconds();
  for (const auto& c : sh_.nodes) // every worker's count, as of its last poll
    pr.nodes += c.load();
  sh_.curve.push_back(pr);
  if (opt_.progress) opt_.progress(pr);
}

std::pair<int, int> Worker::pick_branch(const std::vector<double>& x, const ExactBound* eb) const {
  const NodeState& st = *st_;
  int best_i = -1;
  double best = tol_ * 1e-3;
  for (const auto& [viol, i] : cands_) // the first of the largest, as a scan in index order
    if (viol > best) {
      best = viol;
      best_i = static_cast<int>(i);
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
  return {best_unit(static_cast<size_t>(best_i), x), best_i};
}

// The undecided unit with the largest |x'_i . v_j|, else (a NaN, which compares false with
// everything) the first undecided one. Point i is not decided, so some unit is undecided on it
// and the pair is always a valid split.
bool Worker::any_active(size_t i) const {
  for (size_t j = 0; j < pb_.k; ++j)
    if (st_->act(j, i) == Act::Active) return true;
  return false;
}

int Worker::best_unit(size_t i, const std::vector<double>& x) const {
  int best_j = -1;
  double bj = -1;
  for (size_t j = 0; j < pb_.k; ++j) {
    if (st_->act(j, i) != Act::Undecided) continue;
    double t = 0;
    for (size_t a = 0; a < pb_.dp; ++a)
      t += pb_.xf[i][a] * x[j * pb_.dp + a];
    if (best_j < 0 || std::fabs(t) > bj) {
      bj = std::isnan(t) ? -1 : std::fabs(t);
      best_j = static_cast<int>(j);
    }
  }
  return best_j;
}

std::pair<int, int> Worker::first_undecided() const {
  for (size_t t = 0; t < pb_.n; ++t)
    for (size_t u = 0; u < pb_.k; ++u)
      if (st_->act(u, t) == Act::Undecided && !pb_.zero[t])
        return {static_cast<int>(u), static_cast<int>(t)};
  return {-1, -1};
}

Act Worker::act_with(size_t j, size_t i, const Constraint* c) const {
  if (c && static_cast<size_t>(c->unit) == j && static_cast<size_t>(c->point) == i)
    return c->active ? Act::Active : Act::Inactive;
  return st_->act(j, i);
}

size_t Worker::tie_point(size_t a, const Constraint* c) const {
  for (size_t t = 0; t < pb_.n; ++t) {
    Act x = act_with(a, t, c);
    if (x == Act::Undecided || x != act_with(a + 1, t, c)) return t;
  }
  return pb_.n;
}

std::pair<int, int> Worker::sym_closable(const Constraint& c) const {
  const auto& s = st_->signs();
  for (int a = std::max(0, c.unit - 1); a <= c.unit && a + 1 < static_cast<int>(pb_.k); ++a) {
    if (s[a] != s[a + 1]) continue;
    size_t t = tie_point(a, &c);
    if (t < pb_.n && act_with(a, t, &c) == Act::Active && act_with(a + 1, t, &c) == Act::Inactive)
      return {a, static_cast<int>(t)};
  }
  return {-1, -1};
}

std::pair<int, int> Worker::sym_branch() const {
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

std::vector<double> Worker::make_interior(const std::vector<double>& v,
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

void Worker::explore(const std::vector<double>& ip) {
  ++stats_.nodes;
  // The clock every 64 nodes (a clock read is a system call on some virtual machines: per node
  // it cost 29 % of a float-bounds-only run, bench/RESULTS.md); the O(n) exact parts of a node
  // (pick_branch, exact_loss_below, exhaustive_qp) read it themselves on large instances.
  if ((stats_.nodes & 63) == 0) {
    sh_.nodes[id_] = stats_.nodes;
    poll();
  }
  sync_incumbent(); // one atomic load unless another worker improved it
  NodeState& st = *st_;
  FloatQp fq{pb_.D, pb_.dp, st.Qf().data(), st.gf().data(), st.hf(), &st.freal()};
  std::vector<double> mu_f;
  FloatQpResult qp = bounded_ ? bounded_qp(mu_f) : solve_qp_float(fq);
  for (int& r : qp.active) // indices of freal() -> depths
    r = st.real_depth()[static_cast<size_t>(r)];
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
  // The bound this node passes on to its open children: its QP value, or (a failed QP gives
  // -inf) what its ancestors proved, which holds for the whole subtree too.
  const double lb =
      std::max(qp.value, open_bounds_.empty() ? sh_.plunge[id_].load() : open_bounds_.back());
  const bool all = st.all_decided();
  double lf = scan(qp.x);
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
  ++stats_.branches;
  ++counts_[tree_].branches;
  // Each child is closed at once (sym, empty) or open. Both are classified before either is
  // explored (each test reads only this node's state), so that with two open children the
  // second can wait in the pool while the search plunges into the first; its fragment is
  // attached after the first child's subtree, where it belongs in preorder. An empty child
  // beside an open one goes first: the split and its proof are one `implied` record.
  std::array<Child, 2> ch;
  for (int side = 0; side < 2; ++side)
    ch[side] = classify(Constraint{j, i, side == 0 ? active_first : !active_first}, ip);
  const bool merged =
      opt_.implied_records && ((ch[0].kind == Kind::Empty && ch[1].kind == Kind::Open) ||
                               (ch[1].kind == Kind::Empty && ch[0].kind == Kind::Open));
  if (merged && ch[1].kind == Kind::Empty) std::swap(ch[0], ch[1]);
  if (exact_ && merged)
    frags_.implied(j, i, ch[0].c.active, ch[0].lam);
  else if (exact_)
    frags_.branch(j, i, ch[0].c.active);
  const bool pool_second =
      best_first_ && ch[0].kind == Kind::Open && ch[1].kind == Kind::Open && !sh_.pool.full();
  size_t second_frag = 0;
  if (pool_second) {
    OpenNode nd{tree_, st.path(), std::move(ch[1].ip), lb, 0, 0};
    nd.path.push_back(ch[1].c);
    if (exact_) second_frag = nd.frag = sh_.frags.create();
    sh_.pool.push(std::move(nd), id_);
  }
  const bool forced = (ch[0].kind == Kind::Open) != (ch[1].kind == Kind::Open);
  for (int side = 0; side < 2; ++side) // the open side of an empty one is implied
    ch[side].c.implied = forced && ch[1 - side].kind == Kind::Empty;
  for (int side = 0; side < 2; ++side) {
    Child& k = ch[side];
    if (k.kind != Kind::Open)
      write_closed(k, !(merged && side == 0));
    else if (side == 1 && pool_second) {
      if (exact_) frags_.attach(second_frag);
    } else
      descend(k, forced ? &qp.x : nullptr, lb);
  }
}

Worker::Child Worker::classify(const Constraint& c, const std::vector<double>& ip) {
  const NodeState& st = *st_;
  Child k;
  k.c = c;
  if (sym_) {
    k.sym = sym_closable(k.c);
    if (k.sym.first >= 0) {
      k.kind = Kind::Sym;
      return k;
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
    return k;
  }
  std::vector<double> b(pb_.D, 0.0);
  axpy_con(-1.0, fc, b.data(), pb_.dp);
  ConeTest ct = cone_membership(pb_.D, pb_.dp, st.freal(), b);
  for (int& r : ct.support) // indices of freal() -> depths
    r = st.real_depth()[static_cast<size_t>(r)];
  if (ct.member) {
    if (!exact_) {
      k.kind = Kind::Empty;
      return k;
    }
    auto lam = exact_empty(st, k.c, ct.support);
    if (lam) {
      k.kind = Kind::Empty;
      k.lam = std::move(*lam);
      return k;
    }
  }
  k.ip = make_interior(ct.witness, ip, fc);
  return k;
}

void Worker::write_closed(const Child& k, bool record) {
  if (k.kind == Kind::Sym) {
    if (exact_ && record) frags_.sym(k.sym.first, k.sym.second);
    ++stats_.syms;
    ++counts_[tree_].syms;
  } else {
    if (exact_ && record) frags_.empty(k.lam);
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
    // cands_: the parent's scan at x (explore, pick_branch), popped largest first.
    const auto order = [](const std::pair<double, size_t>& a, const std::pair<double, size_t>& b) {
      return a.first < b.first || (a.first == b.first && a.second > b.second);
    };
    std::make_heap(cands_.begin(), cands_.end(), order);
    double est = bound; // the QP's minimum after the chain's decisions (float, for steering)
    int stale = 0;
    while (!cands_.empty()) {
      if (stopping_ || est >= inc_f_ - gap_f_ - tol_) break; // explore closes it now
      std::pop_heap(cands_.begin(), cands_.end(), order);
      const size_t i = cands_.back().second;
      cands_.pop_back();
      if (st.decided(i)) continue;
      const int j = best_unit(i, *x);
      double t = 0;
      for (size_t a = 0; a < pb_.dp; ++a)
        t += pb_.xf[i][a] * (*x)[static_cast<size_t>(j) * pb_.dp + a];
      const int ii = static_cast<int>(i);
      std::array<Child, 2> ch{classify(Constraint{j, ii, t >= 0}, ip),
                              classify(Constraint{j, ii, t < 0}, ip)};
      const int open = ch[0].kind == Kind::Open ? 0 : 1;
      if ((ch[0].kind == Kind::Open) == (ch[1].kind == Kind::Open)) break; // a real branch
      const Child& closed = ch[1 - open];
      const bool merged = opt_.implied_records && closed.kind == Kind::Empty; // one record
      if (exact_ && merged)
        frags_.implied(j, ii, closed.c.active, closed.lam);
      else if (exact_)
        frags_.branch(j, ii, closed.c.active); // the closed child first
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
      ip = std::move(ch[open].ip);
      if (st.decided(i) && any_active(i) && ++stale > max_stale_) break; // Q, g changed
      est += st.hf() - hf0; // Q and g unchanged: the same minimiser, h's change added
    }
  }
  explore(ip);
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
      best_first_(sh.best_first), B2_(sh.B2), B_f_(sh.B_f), tol_(sh.tol), frags_(sh.frags) {
  counts_.assign(sh.trees.size(), TreeCounts{});
  chain_ = !sym_;
  max_stale_ = static_cast<int>(pb_.n / (50 * pb_.D));
  for (int p : sh.trees)
    states_.push_back(std::make_unique<NodeState>(pb_, p));
  st_ = states_.front().get();
  sync_incumbent();
  if (!exact_) inc_f_ = pb_.loss_f(inc_);
}

void Worker::run() {
  while (std::optional<OpenNode> nd =
             sh_.pool.take(id_, exact_ ? sh_.inc_f.load() : inc_f_, !best_first_)) {
    tree_ = nd->tree;
    st_ = states_[tree_].get();
    go_to(nd->path);
    frags_.select(nd->frag);
    sh_.plunge[id_] = nd->bound;
    explore(nd->ip);
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
  explore(nd.ip);
}

// The search: the shared state, its workers, and the certificate stitched from their
// fragments at the end.
class Search {
public:
  Search(const Instance& inst, const Model& model, const SearchOptions& opt, Tracer& tr)
      : sh_(inst, model, opt), tr_(tr) {}
  FitResult run();

private:
  // The set-up was stopped (Problem incomplete): the zero network and, per tree, one leaf
  // at the root with u = 0 and no multipliers, whose bound is the root's h (FORMAT.md §3).
  FitResult run_trivial();

  Shared sh_;
  Tracer& tr_;
};

FitResult Search::run_trivial() {
  const Problem& pb = sh_.pb;
  const Instance& inst = sh_.inst;
  const std::vector<int> trees = sh_.model.required_trees();
  std::vector<int> signs(pb.k);
  for (size_t j = 0; j < pb.k; ++j)
    signs[j] = static_cast<int>(j) < trees.front() ? 1 : -1;
  const Network zero = sh_.zero_network(signs);
  // The zero network's loss sum c y^2; the root's h adds c y^2 for the points with x'_i = 0
  // (rule Z) and for the points where rule L3 holds with no pair decided: y <= 0 when every
  // unit is +1 (p = k), y >= 0 when every unit is -1 (p = 0).
  Rational all(0), nonpos(0), nonneg(0), zeros(0);
  for (size_t i = 0; i < pb.n; ++i) {
    Rational t = inst.c[i] * inst.y[i] * inst.y[i];
    bool z = !pb.bias;
    for (const Rational& v : inst.x[i])
      z = z && v.is_zero();
    if (z)
      zeros += t;
    else if (inst.y[i].sign() <= 0)
      nonpos += t;
    else
      nonneg += t;
    all += t;
  }
  FitResult res;
  res.upper = all;
  res.witness = zero;
  res.lower = all;
  if (sh_.exact) tr_.begin(inst, sh_.model);
  for (int p : trees) {
    Rational h = zeros;
    if (static_cast<size_t>(p) == pb.k) h += nonpos;
    if (p == 0) h += nonneg; // y = 0 adds nothing to either
    if (h < res.lower) res.lower = h;
    TreeCounts counts;
    counts.leaves = 1;
    ++res.stats.nodes;
    ++res.stats.leaves;
    if (sh_.exact) {
      tr_.begin_tree(p);
      tr_.leaf(RVec(pb.D, Rational(0)), sh_.bounded ? RVec(pb.k, Rational(0)) : RVec{}, {});
      tr_.end_tree(p, counts);
    }
  }
  res.stats.seconds = sh_.seconds();
  res.stopped = true;
  res.optimal = res.lower == res.upper;
  res.upper_approx = scaled_double(res.upper, 0);
  res.lower_approx = scaled_double(res.lower, 0);
  if (sh_.exact) tr_.finish(res.witness, res.upper, res.lower);
  return res;
}

FitResult Search::run() {
  const SearchOptions& opt = sh_.opt;
  Problem& pb = sh_.pb;
  sh_.exact = !opt.float_only;
  sh_.enumerate = opt.strategy == Strategy::Enumerate;
  sh_.sym = opt.symmetry && pb.k > 1;
  sh_.best_first = opt.selection == Selection::BestFirst;
  if (sh_.model.weight_bound) {
    sh_.bounded = true;
    sh_.B2 = *sh_.model.weight_bound * *sh_.model.weight_bound;
    // B in the guide's units; it only steers (the exact side uses B2), so a B outside the
    // scaled data's range is clamped where the ball is anyway tight or slack for the guide.
    sh_.B_f = std::clamp(pb.bound_f(*sh_.model.weight_bound), std::ldexp(1.0, -400),
                         std::ldexp(1.0, 400));
  }
  if (!pb.complete) return run_trivial();
  sh_.tol = 1e-9 * (pb.scale + 1e-300);
  sh_.trees = sh_.model.required_trees();
  const size_t threads = std::max<size_t>(1, opt.threads);
  sh_.pool.set_workers(threads);
  sh_.plunge = std::vector<std::atomic<double>>(threads);
  sh_.nodes = std::vector<std::atomic<uint64_t>>(threads);
  for (auto& b : sh_.plunge)
    b = INF;
  // Initial incumbent: the zero network (every v_j = 0); exact_loss is sum c y^2.
  {
    std::vector<int> signs(pb.k);
    for (size_t j = 0; j < pb.k; ++j)
      signs[j] = static_cast<int>(j) < sh_.trees.front() ? 1 : -1;
    sh_.witness = sh_.zero_network(signs);
    sh_.inc = pb.zero_loss;
    sh_.inc_f = pb.loss_f(pb.zero_loss);
  }
  uint64_t initial_updates = 0;
  // The caller's candidates (heuristics, --init): the best becomes the incumbent; one that is
  // not a network of the model is skipped.
  for (const Network& net : opt.initial) {
    if (!sh_.exact || model_mismatch(net, sh_.model, sh_.inst.d)) continue;
    std::optional<Rational> loss = exact_loss_below(sh_.inst, net, sh_.inc, [this] {
      if (sh_.out_of_time()) sh_.stop = true;
      return sh_.stop.load();
    });
    if (!loss) continue;
    sh_.inc = *loss;
    sh_.inc_f = pb.loss_f(*loss);
    sh_.witness = net;
    ++sh_.inc_version;
    ++initial_updates;
  }
  if (opt.realizable && sh_.inc.is_zero()) sh_.stop = true; // a zero-loss candidate: done
  if (sh_.stop) sh_.pool.stop();                            // every root is closed at once below
  std::vector<double> ip(pb.D); // an interior point of the whole space (no constraint yet)
  for (size_t a = 0; a < pb.D; ++a)
    ip[a] = 1.0 / (1.0 + 0.6180339887 * static_cast<double>(a + 1));
  std::vector<size_t> root_frag;
  sh_.frags.use_text(tr_.takes_text()); // the certificate writer: records formatted by workers
  for (size_t t = 0; t < sh_.trees.size(); ++t) { // every tree's root is open
    root_frag.push_back(sh_.frags.create());
    sh_.pool.push(OpenNode{t, {}, ip, -INF, 0, root_frag.back()});
  }
  std::vector<std::unique_ptr<Worker>> workers;
  for (size_t w = 0; w < threads; ++w)
    workers.push_back(std::make_unique<Worker>(sh_, w));
  // Best bound first; each worker plunges from the nodes it takes. An exception in a worker
  // stops them all and is thrown here.
  std::mutex err_m;
  std::exception_ptr err;
  auto work = [&](Worker& w) {
    try {
      w.run();
    } catch (...) {
      std::lock_guard<std::mutex> lock(err_m);
      if (!err) err = std::current_exception();
      sh_.stop = true;
      sh_.pool.stop();
    }
  };
  std::vector<std::thread> pool_threads;
  for (size_t w = 1; w < threads; ++w)
    pool_threads.emplace_back(work, std::ref(*workers[w]));
  work(*workers[0]);
  for (std::thread& t : pool_threads)
    t.join();
  if (err) std::rethrow_exception(err);
  // Stopped: every open node is closed at once with its own exact bound, by one worker. In
  // path order, so that consecutive nodes share most of their path (few pushes and pops,
  // little exact work to bring Q and g up to date): about 0.3 ms per node on n = 1000, d = 3.
  std::vector<OpenNode> rest = sh_.pool.drain();
  std::sort(rest.begin(), rest.end(), [](const OpenNode& a, const OpenNode& b) {
    if (a.tree != b.tree) return a.tree < b.tree;
    return std::lexicographical_compare(a.path.begin(), a.path.end(), b.path.begin(), b.path.end(),
                                        [](const Constraint& x, const Constraint& y) {
                                          return std::tie(x.point, x.unit, x.active) <
                                                 std::tie(y.point, y.unit, y.active);
                                        });
  });
  const double t_stop = sh_.seconds();
  for (const OpenNode& nd : rest)
    workers[0]->close(nd);
  // The workers' results, summed.
  FitResult res;
  SearchStats& st = res.stats;
  std::vector<TreeCounts> counts(sh_.trees.size());
  bool have_min_leaf = false;
  Rational min_leaf;
  double min_leaf_f = INF, float_inc = INF;
  for (const auto& w : workers) {
    const SearchStats& s = w->stats_;
    st.nodes += s.nodes, st.branches += s.branches, st.leaves += s.leaves;
    st.empties += s.empties, st.syms += s.syms, st.cell_leaves += s.cell_leaves;
    st.exact_solves += s.exact_solves, st.weak_leaves += s.weak_leaves, st.implied += s.implied;
    st.implied_records += s.implied_records;
    st.incumbent_updates += s.incumbent_updates;
    for (size_t t = 0; t < counts.size(); ++t) {
      counts[t].branches += w->counts_[t].branches, counts[t].leaves += w->counts_[t].leaves;
      counts[t].empties += w->counts_[t].empties, counts[t].syms += w->counts_[t].syms;
    }
    if (w->have_min_leaf_ && (!have_min_leaf || w->min_leaf_ < min_leaf)) {
      min_leaf = w->min_leaf_;
      have_min_leaf = true;
    }
    min_leaf_f = std::min(min_leaf_f, w->min_leaf_f_);
    float_inc = std::min(float_inc, w->float_inc_);
  }
  st.incumbent_updates += initial_updates;
  st.pool_max = sh_.pool.max_size();
  st.open_at_stop = rest.size();
  st.close_seconds = sh_.seconds() - t_stop;
  if (sh_.exact) { // one preorder walk per tree, stitched from the fragments
    tr_.begin(sh_.inst, sh_.model);
    for (size_t t = 0; t < sh_.trees.size(); ++t) {
      tr_.begin_tree(sh_.trees[t]);
      sh_.frags.replay(root_frag[t], tr_);
      tr_.end_tree(sh_.trees[t], counts[t]);
    }
  }
  st.seconds = sh_.seconds();
  const Rational& inc = sh_.inc;
  // A realizable run that found a zero-loss witness stopped because it was done, not
  // because of a time limit or an interrupt.
  res.stopped = sh_.stop && !(opt.realizable && sh_.exact && inc.is_zero());
  if (!sh_.exact) {
    res.upper_approx = pb.loss_unscaled(float_inc);
    res.lower_approx = pb.loss_unscaled(std::min(min_leaf_f, float_inc));
    return res;
  }
  res.upper = inc;
  res.lower = (have_min_leaf && min_leaf < inc) ? min_leaf : inc;
  res.optimal = res.lower == res.upper;
  res.witness = sh_.witness;
  res.upper_approx = scaled_double(inc, 0);
  res.lower_approx = scaled_double(res.lower, 0);
  res.curve = std::move(sh_.curve);
  Progress last;
  last.nodes = st.nodes;
  last.lower = res.lower_approx;
  last.upper = res.upper_approx;
  last.seconds = st.seconds;
  res.curve.push_back(last);
  tr_.finish(res.witness, res.upper, res.lower);
  return res;
}

} // namespace

FitResult fit(const Instance& inst, const Model& model, const SearchOptions& opt, Tracer& tracer) {
  Search s(inst, model, opt, tracer);
  return s.run();
}

} // namespace relucert
