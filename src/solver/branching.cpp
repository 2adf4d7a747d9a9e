#include "solver/branching.hpp"

#include "solver/model.hpp"
#include "solver/problem.hpp"

#include <algorithm>
#include <cmath>

namespace relucert {

double point_output(const NodeState& st, size_t i, const std::vector<double>& x) {
  const Problem& pb = st.problem();
  double f = 0;
  for (size_t j = 0; j < pb.k; ++j) {
    const double t = unit_dot(pb, i, x.data(), j);
    if (t > 0) f += st.signs()[j] * t;
  }
  return f;
}

double float_loss(const NodeState& st, const std::vector<double>& x) {
  const Problem& pb = st.problem();
  double L = 0;
  for (size_t i = 0; i < pb.n; ++i) {
    double e = point_output(st, i, x) - pb.yf[i];
    L += pb.cf[i] * e * e;
  }
  return L;
}

void BranchRule::compute_dots(const NodeState& st, const std::vector<double>& x) {
  // unit_dot's sums in its order, a column at a time (the loops vectorise).
  const size_t nu = st.undecided_count(), dp = st.problem().dp;
  dots_.resize(nu);
  double* t = dots_.data();
  for (size_t a = 0; a < dp; ++a) {
    const double *col = st.undecided_column(a), xa = x[a];
    for (size_t u = 0; u < nu; ++u)
      t[u] = (a == 0 ? 0.0 : t[u]) + col[u] * xa;
  }
}

void BranchRule::hinge_points(const NodeState& st, HingeScan& hs) const {
  hs.on.clear(), hs.gain = 0;
  const double s = st.signs()[0];
  const size_t *und = st.undecided_list(), nu = st.undecided_count();
  const double *Y = st.undecided_y(), *C = st.undecided_c(); // y_i, c_i in the list's order
  for (size_t u = 0; u < nu; ++u) {
    const double t = dots_[u];
    const double f = t > 0 ? 0.0 + s * t : 0.0; // as scan's
    if (f != 0 && hinge_on(s * f, s * Y[u])) {  // t = s f > 0
      const double ti = s * f, sy = s * Y[u];
      hs.on.push_back(und[u]);
      hs.gain += C[u] * (sy > 0 ? (ti - sy) * (ti - sy) : ti * ti - 2 * sy * ti);
    }
  }
}

double BranchRule::scan(const NodeState& st, const std::vector<double>& x,
                        const std::vector<char>* hinge, bool dots_at_x) {
  const Problem& pb = st.problem();
  if (pb.k == 1 && !dots_at_x) compute_dots(st, x);
  cands_.clear();
  const double s = st.signs()[0];
  const size_t *und = st.undecided_list(), nu = st.undecided_count();
  double Lu = 0;   // the undecided points' terms less the c y^2 that h holds for them (rule L3)
  if (pb.k == 1) { // point_output without its unit loop: the same sums in the same order, and
    // y, c and the L3 term in the list's order (NodeState::undecided_y)
    const double *Y = st.undecided_y(), *C = st.undecided_c(), *L3 = st.undecided_l3();
    for (size_t u = 0; u < nu; ++u) {
      const double t = dots_[u];
      const double f = t > 0 ? 0.0 + s * t : 0.0;
      const double e = f - Y[u], viol = C[u] * e * e - L3[u];
      Lu += viol;
      const size_t i = und[u];
      if (hinge && (*hinge)[i]) continue; // a hinge point's term is exact
      if (viol > tol_ * 1e-3) cands_.push_back({viol, i});
    }
  } else {
    for (size_t u = 0; u < nu; ++u) {
      const size_t i = und[u];
      const double f = point_output(st, i, x);
      const double e = f - pb.yf[i], l = pb.cf[i] * e * e;
      const double viol = l - (st.rule_applies(i) ? pb.cyyf[i] : 0.0);
      Lu += viol;
      if (hinge && (*hinge)[i]) continue;
      if (viol > tol_ * 1e-3) cands_.push_back({viol, i});
    }
  }
  // The decided points' terms at x (a point of the region, so each unit's sign there is its
  // decision's) and the c y^2 of the undecided under rule L3 are the node's float quadratic
  // q(x) = x'Qx - 2 g'x + h: O(D^2) instead of a pass over the decided points. Both sums are of
  // squares (>= 0), which rounding may break.
  const size_t D = pb.D;
  const std::vector<double>&Q = st.Qf(), &g = st.gf();
  double q = st.hf();
  for (size_t a = 0; a < D; ++a) {
    double qa = 0;
    for (size_t b = 0; b < D; ++b)
      qa += Q[a * D + b] * x[b];
    q += x[a] * qa - 2 * g[a] * x[a];
  }
  return std::max(0.0, std::max(0.0, q) + Lu);
}

std::pair<int, int> BranchRule::pick(const NodeState& st, const std::vector<double>& x,
                                     const ExactBound* eb, const Instance& inst,
                                     const std::function<bool()>& out_of_time) const {
  const Problem& pb = st.problem();
  int best_i = -1;
  double best = tol_ * 1e-3;
  for (const auto& [viol, i] : cands_) // the first of the largest, in the scan's order
    if (viol > best) {
      best = viol;
      best_i = static_cast<int>(i);
    }
  if (best_i < 0 && eb && !eb->u.empty()) {
    // Floating point sees no violated point; look exactly at u.
    Network net = network_from_v(pb, st.signs(), eb->u);
    Rational bestv(0);
    for (size_t i = 0; i < pb.n; ++i) {
      if (i % 4096 == 4095 && out_of_time()) return {-1, -1}; // any split will do then
      if (st.decided(i)) continue;
      Rational e = exact_output(inst, net, i) - pb.y[i];
      Rational viol = pb.c[i] * e * e - (st.rule_applies(i) ? pb.cyy[i] : Rational(0));
      if (viol > bestv) {
        bestv = viol;
        best_i = static_cast<int>(i);
      }
    }
  }
  if (best_i < 0) return {-1, -1};
  return {best_unit(st, static_cast<size_t>(best_i), x), best_i};
}

bool any_active(const NodeState& st, size_t i) {
  for (size_t j = 0; j < st.problem().k; ++j)
    if (st.act(j, i) == Act::Active) return true;
  return false;
}

int best_unit(const NodeState& st, size_t i, const std::vector<double>& x) {
  const Problem& pb = st.problem();
  int best_j = -1;
  double bj = -1;
  for (size_t j = 0; j < pb.k; ++j) {
    if (st.act(j, i) != Act::Undecided) continue;
    const double t = unit_dot(pb, i, x.data(), j);
    if (best_j < 0 || std::fabs(t) > bj) {
      bj = std::isnan(t) ? -1 : std::fabs(t);
      best_j = static_cast<int>(j);
    }
  }
  return best_j;
}

std::pair<int, int> first_undecided(const NodeState& st) {
  const Problem& pb = st.problem();
  for (size_t t = 0; t < pb.n; ++t)
    for (size_t u = 0; u < pb.k; ++u)
      if (st.act(u, t) == Act::Undecided && !pb.zero[t])
        return {static_cast<int>(u), static_cast<int>(t)};
  return {-1, -1};
}

} // namespace relucert
