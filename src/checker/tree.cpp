#include "tree.hpp"

#include "rational.hpp"

#include <algorithm>

Lifted::Lifted(const Instance& inst, std::size_t bias)
    : inst(inst), n(inst.n), dp(inst.d + bias), xp(n * dp), cx(n * dp), cyx(n * dp), cy2(n),
      nonzero(n, 0) {
  for (std::size_t i = 0; i < n; ++i) {
    mpq_class* x = &xp[i * dp];
    std::copy_n(&inst.x[i * inst.d], inst.d, x);
    if (bias) x[inst.d] = 1;
    for (std::size_t t = 0; t < dp; ++t) {
      if (x[t] != 0) nonzero[i] = 1;
      cyx[i * dp + t] = inst.c[i] * inst.y[i] * x[t];
      cx[i * dp + t] = inst.c[i] * x[t];
    }
    cy2[i] = inst.c[i] * inst.y[i] * inst.y[i];
  }
}

TreeState::TreeState(const Lifted& pts, std::size_t k, std::size_t p)
    : pts_(pts), k_(k), p_(p), D_(k * pts.dp), state_(k * pts.n, UNDECIDED), ndec_(pts.n, 0),
      pos_inactive_(pts.n, 0), neg_inactive_(pts.n, 0), in_h_(pts.n, 0), Q_(D_ * D_), g_(D_),
      scratch_(D_) {
  for (std::size_t i = 0; i < pts.n; ++i) {
    if (!pts.nonzero[i]) { // rule Z: decided inactive for every unit, contributes nothing to Q, g
      for (std::size_t j = 0; j < k; ++j)
        state_[j * pts.n + i] = INACTIVE;
      ndec_[i] = k, pos_inactive_[i] = p, neg_inactive_[i] = k - p;
    }
    refresh_h(i);
  }
}

void TreeState::add_point(std::size_t i, int dir) {
  const std::size_t n = pts_.n, dp = pts_.dp;
  for (std::size_t j = 0; j < k_; ++j) {
    if (state_[j * n + i] != ACTIVE) continue;
    for (std::size_t t = 0; t < dp; ++t) // g_j += s_j c_i y_i x'_i (dir = -1: -=)
      (dir * sign(j) > 0 ? mpq_add : mpq_sub)(
          g_[j * dp + t].get_mpq_t(), g_[j * dp + t].get_mpq_t(), pts_.cyx[i * dp + t].get_mpq_t());
    for (std::size_t j2 = j; j2 < k_; ++j2) {
      if (state_[j2 * n + i] != ACTIVE) continue;
      bool plus = dir * sign(j) * sign(j2) > 0; // block (j, j2) gets s_j s_j2 c x'x'^T
      for (std::size_t t = 0; t < dp; ++t)
        for (std::size_t t2 = j2 == j ? t : 0; t2 < dp; ++t2) {
          mpq_class& q = Q_[(j * dp + t) * D_ + j2 * dp + t2];
          mpq_mul(tmp_.get_mpq_t(), pts_.cx[i * dp + t].get_mpq_t(),
                  pts_.xp[i * dp + t2].get_mpq_t());
          (plus ? mpq_add : mpq_sub)(q.get_mpq_t(), q.get_mpq_t(), tmp_.get_mpq_t());
        }
    }
  }
}

void TreeState::refresh_h(std::size_t i) {
  bool in = ndec_[i] == k_ || (sgn(pts_.inst.y[i]) <= 0 && neg_inactive_[i] == k_ - p_) ||
            (sgn(pts_.inst.y[i]) >= 0 && pos_inactive_[i] == p_);
  if (in == static_cast<bool>(in_h_[i])) return;
  (in ? mpq_add : mpq_sub)(h_.get_mpq_t(), h_.get_mpq_t(), pts_.cy2[i].get_mpq_t());
  in_h_[i] = in;
}

void TreeState::push(std::size_t j, std::size_t i, bool active) {
  state_[j * pts_.n + i] = active ? ACTIVE : INACTIVE;
  if (!active) ++(j < p_ ? pos_inactive_ : neg_inactive_)[i];
  path_.push_back({j, i, active, ++ndec_[i] == k_});
  refresh_h(i);
}

void TreeState::pop() {
  Step s = path_.back();
  path_.pop_back();
  if (applied_ > path_.size()) { // its terms are in Q, g: remove them while the states still
    applied_ = path_.size();     // say which units are active on s.i
    if (s.completes) add_point(s.i, -1);
  }
  --ndec_[s.i];
  state_[s.j * pts_.n + s.i] = UNDECIDED;
  if (!s.active) --(s.j < p_ ? pos_inactive_ : neg_inactive_)[s.i];
  refresh_h(s.i);
}

void TreeState::add_alpha(std::vector<mpq_class>& acc, const Multipliers& m,
                          const mpq_class& factor) {
  const std::size_t dp = pts_.dp, depth = path_.size();
  for (const auto& [r, lambda] : m) {
    if (sgn(lambda) == 0 || (r >= depth && (r - depth) % 2 == 1)) continue;       // tau_i
    const Step s = r < depth ? path_[r] : Step{0, (r - depth) / 2, false, false}; // rho_i: -x'_i
    mpq_class scale = s.active ? mpq_class(lambda * factor) : mpq_class(-lambda * factor);
    for (std::size_t t = 0; t < dp; ++t) {
      mpq_mul(tmp_.get_mpq_t(), scale.get_mpq_t(), pts_.xp[s.i * dp + t].get_mpq_t());
      acc[s.j * dp + t] += tmp_;
    }
  }
}

Failure TreeState::check_leaf(const std::vector<mpq_class>& u, const std::vector<mpq_class>& mu,
                              const mpq_class& B2, const Multipliers& m, mpq_class& bound) {
  // The Q, g terms of the steps past applied_: a point completed at step r keeps its decisions
  // for the rest of the path, so its terms are the same now as at step r.
  for (; applied_ < path_.size(); ++applied_)
    if (path_[applied_].completes) add_point(path_[applied_].i, +1);
  std::vector<mpq_class>& rhs = scratch_;
  rhs.assign(g_.begin(), g_.end());
  add_alpha(rhs, m, mpq_class(1, 2));
  mpq_class qu, uqu;
  for (std::size_t a = 0; a < D_; ++a) {
    qu = 0;
    for (std::size_t b = 0; b < D_; ++b) {
      const mpq_class& q = a <= b ? Q_[a * D_ + b] : Q_[b * D_ + a];
      if (sgn(u[b]) == 0 || sgn(q) == 0) continue;
      mpq_mul(tmp_.get_mpq_t(), q.get_mpq_t(), u[b].get_mpq_t());
      qu += tmp_;
    }
    if (!mu.empty()) qu += mu[a / pts_.dp] * u[a];
    if (qu != rhs[a])
      return {"R-leaf-eq/equation", "coordinate " + std::to_string(a) + ": (Q + M) u = " +
                                        to_str(qu) + ", the right side = " + to_str(rhs[a])};
    mpq_mul(tmp_.get_mpq_t(), u[a].get_mpq_t(), qu.get_mpq_t());
    uqu += tmp_;
  }
  bound = h_ - uqu;
  for (const mpq_class& mj : mu)
    bound -= B2 * mj;
  // L6: the points i of hinge indices, sigma_i = rho_i + tau_i (the two are consecutive in m).
  for (std::size_t t = 0; t < m.size(); ++t) {
    if (m[t].first < depth()) continue;
    const std::size_t i = (m[t].first - depth()) / 2;
    mpq_class sigma = m[t].second;
    if (t + 1 < m.size() && (m[t + 1].first - depth()) / 2 == i) sigma += m[++t].second;
    if (in_h_[i]) bound -= pts_.cy2[i];
    bound -= sign(0) * pts_.inst.y[i] * sigma + sigma * sigma / (4 * pts_.inst.c[i]);
  }
  return {};
}

Failure TreeState::check_empty(const Multipliers& m) {
  std::vector<mpq_class>& sum = scratch_;
  std::fill(sum.begin(), sum.end(), 0);
  add_alpha(sum, m, mpq_class(1));
  for (std::size_t a = 0; a < D_; ++a)
    if (sgn(sum[a]) != 0)
      return {"R-empty/sum",
              "(sum lambda_r alpha_r)_" + std::to_string(a) + " = " + to_str(sum[a]) + " != 0"};
  for (const auto& [r, lambda] : m)
    if (sgn(lambda) > 0) return {};
  return {"R-empty/positive", "no lambda_r > 0 with alpha_r != 0"};
}

Failure TreeState::check_sym(std::size_t j, std::size_t t) const {
  if (j + 1 == p_)
    return {"R-sym/sign", "units j and j+1 have different signs in tree p = " + std::to_string(p_)};
  const std::uint8_t* a = &state_[j * pts_.n]; // j + 1 < k and t < n: both rows are in range
  const std::uint8_t* b = &state_[(j + 1) * pts_.n];
  for (std::size_t i = 0; i < t; ++i) {
    if (a[i] == UNDECIDED)
      return {"R-sym/undecided", "unit j is undecided on point " + std::to_string(i) + " < t"};
    if (a[i] != b[i])
      return {"R-sym/tie", "units j and j+1 differ on point " + std::to_string(i) + " < t"};
  }
  if (a[t] != ACTIVE) return {"R-sym/active", "unit j is not decided active on point t"};
  if (b[t] != INACTIVE) return {"R-sym/inactive", "unit j+1 is not decided inactive on point t"};
  return {};
}
