#include "tree.hpp"

Lifted::Lifted(const Instance& inst, std::size_t bias)
    : n(inst.n), dp(inst.d + bias), z(n * dp), cz(n * dp), cyz(n * dp), yz(n), c4(n), cy2(n),
      nonzero(n, 0) {
  for (const std::vector<mpq_class>* v : {&inst.x, &inst.y, &inst.c})
    for (const mpq_class& q : *v)
      mpz_lcm(L.get_mpz_t(), L.get_mpz_t(), q.get_den_mpz_t());
  L3 = L * L * L;
  for (std::size_t i = 0; i < n; ++i) { // each q L below is an integer: L is a multiple of q's den
    const mpz_class c(inst.c[i] * L);
    yz[i] = mpz_class(inst.y[i] * L);
    c4[i] = 4 * c, cy2[i] = c * yz[i] * yz[i];
    for (std::size_t t = 0; t < dp; ++t) {
      mpz_class& v = z[i * dp + t];
      v = t < inst.d ? mpz_class(inst.x[i * inst.d + t] * L) : L;
      if (v != 0) nonzero[i] = 1;
      cz[i * dp + t] = c * v;
      cyz[i * dp + t] = c * yz[i] * v;
    }
  }
}

void Sum::add(const mpz_class& num, const mpz_class& den, bool neg, const mpz_class* v,
              std::size_t off, std::size_t len) {
  const mpz_class* f = &num; // the factor (B / den) num: num itself when den = B
  if (den != B) {
    mpz_gcd(t.get_mpz_t(), B.get_mpz_t(), den.get_mpz_t());
    mpz_divexact(t.get_mpz_t(), den.get_mpz_t(), t.get_mpz_t());
    for (mpz_class& x : N) // B becomes lcm(B, den) = B t
      if (t != 1) x *= t;
    B *= t;
    mpz_divexact(t.get_mpz_t(), B.get_mpz_t(), den.get_mpz_t());
    f = &(t *= num);
  }
  for (std::size_t s = 0; s < len; ++s)
    (neg ? mpz_submul : mpz_addmul)(N[off + s].get_mpz_t(), f->get_mpz_t(), v[s].get_mpz_t());
}

TreeState::TreeState(const Lifted& pts, std::size_t k, std::size_t p)
    : pts_(pts), k_(k), p_(p), D_(k * pts.dp), state_(k * pts.n, UNDECIDED), ndec_(pts.n, 0),
      pos_inactive_(pts.n, 0), neg_inactive_(pts.n, 0), in_h_(pts.n, 0), Q_(D_ * D_), g_(D_) {
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
      (dir * sign(j) > 0 ? mpz_add : mpz_sub)(
          g_[j * dp + t].get_mpz_t(), g_[j * dp + t].get_mpz_t(), pts_.cyz[i * dp + t].get_mpz_t());
    for (std::size_t j2 = j; j2 < k_; ++j2) {
      if (state_[j2 * n + i] != ACTIVE) continue;
      bool plus = dir * sign(j) * sign(j2) > 0; // block (j, j2) gets s_j s_j2 c x'x'^T
      for (std::size_t t = 0; t < dp; ++t)
        for (std::size_t t2 = j2 == j ? t : 0; t2 < dp; ++t2) {
          mpz_class& q = Q_[(j * dp + t) * D_ + j2 * dp + t2];
          (plus ? mpz_addmul : mpz_submul)(q.get_mpz_t(), pts_.cz[i * dp + t].get_mpz_t(),
                                           pts_.z[i * dp + t2].get_mpz_t());
        }
    }
  }
}

void TreeState::refresh_h(std::size_t i) {
  bool in = ndec_[i] == k_ || (sgn(pts_.yz[i]) <= 0 && neg_inactive_[i] == k_ - p_) ||
            (sgn(pts_.yz[i]) >= 0 && pos_inactive_[i] == p_);
  if (in == static_cast<bool>(in_h_[i])) return;
  (in ? mpz_add : mpz_sub)(h_.get_mpz_t(), h_.get_mpz_t(), pts_.cy2[i].get_mpz_t());
  in_h_[i] = in;
}

void TreeState::push(std::size_t j, std::size_t i, bool active) {
  state_[j * pts_.n + i] = active ? ACTIVE : INACTIVE;
  if (!active) ++(j < p_ ? pos_inactive_ : neg_inactive_)[i];
  path_.push_back({j, i, active, ++ndec_[i] == k_});
  if (path_.back().completes) add_point(i, +1);
  refresh_h(i);
}

void TreeState::pop() {
  Step s = path_.back();
  path_.pop_back();
  if (s.completes) add_point(s.i, -1); // while the states still say which units are active
  --ndec_[s.i];
  state_[s.j * pts_.n + s.i] = UNDECIDED;
  if (!s.active) --(s.j < p_ ? pos_inactive_ : neg_inactive_)[s.i];
  refresh_h(s.i);
}

void TreeState::add_alpha(const Multipliers& m) {
  const std::size_t dp = pts_.dp, depth = path_.size();
  sum_.reset(D_);
  for (const auto& [r, lambda] : m) {
    if (sgn(lambda) == 0 || (r >= depth && (r - depth) % 2 == 1)) continue;       // tau_i
    const Step s = r < depth ? path_[r] : Step{0, (r - depth) / 2, false, false}; // rho_i: -x'_i
    sum_.add(lambda.get_num(), lambda.get_den(), !s.active, &pts_.z[s.i * dp], s.j * dp, dp);
  }
}

Failure TreeState::check_leaf(const std::vector<mpq_class>& u, const std::vector<mpq_class>& mu,
                              const mpq_class& B2, const Multipliers& m, mpq_class& bound) {
  add_alpha(m);
  mpq_class qu, rhs, uqu;
  for (std::size_t a = 0; a < D_; ++a) { // (Q + M) u = g + 1/2 sum_r lambda_r alpha_r, exactly
    qu_.reset(1);
    for (std::size_t b = 0; b < D_; ++b) // (Qz u)_a
      if (const mpz_class& q = a <= b ? Q_[a * D_ + b] : Q_[b * D_ + a]; sgn(q) && sgn(u[b]))
        qu_.add(u[b].get_num(), u[b].get_den(), false, &q, 0);
    qu = qu_.at(0, pts_.L3);
    if (!mu.empty()) qu += mu[a / pts_.dp] * u[a];
    rhs = ratio(g_[a], pts_.L3) + sum_.at(a, 2 * pts_.L);
    if (qu != rhs)
      return {"R-leaf-eq/equation", "coordinate " + std::to_string(a) + ": (Q + M) u = " +
                                        to_str(qu) + ", the right side = " + to_str(rhs)};
    uqu += u[a] * qu;
  }
  // L6: the points i of hinge indices, sigma_i = rho_i + tau_i (the two are consecutive in m).
  mpz_class hz = h_, num, den;
  l6_.reset(2);
  for (std::size_t t = 0; t < m.size(); ++t) {
    if (m[t].first < depth()) continue;
    const std::size_t i = (m[t].first - depth()) / 2;
    mpq_class sigma = m[t].second;
    if (t + 1 < m.size() && (m[t + 1].first - depth()) / 2 == i) sigma += m[++t].second;
    if (in_h_[i]) hz -= pts_.cy2[i];
    l6_.add(sigma.get_num(), sigma.get_den(), sign(0) < 0, &pts_.yz[i], 0); // s y_i sigma_i
    num = sigma.get_num() * sigma.get_num(), den = sigma.get_den() * sigma.get_den() * pts_.c4[i];
    l6_.add(num, den, false, &pts_.L, 1); // sigma_i^2 / (4 c_i)
  }
  bound = ratio(hz, pts_.L3) - uqu - l6_.at(0, pts_.L) - l6_.at(1, 1);
  for (const mpq_class& mj : mu)
    bound -= B2 * mj;
  return {};
}

Failure TreeState::check_empty(const Multipliers& m) {
  add_alpha(m);
  for (std::size_t a = 0; a < D_; ++a)
    if (sgn(sum_.N[a]) != 0)
      return {"R-empty/sum", "(sum lambda_r alpha_r)_" + std::to_string(a) + " = " +
                                 to_str(sum_.at(a, pts_.L)) + " != 0"};
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
