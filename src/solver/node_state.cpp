#include "solver/node_state.hpp"

#include <algorithm>
#include <stdexcept>

namespace relucert {

namespace {
constexpr size_t COLUMNS = 5; // und_cols_'s columns besides x'_i: y, c, l3, join, stay
} // namespace

NodeState::NodeState(const Problem& pb, int p)
    : pb_(pb), p_(p), act_(pb.n * pb.k, Act::Undecided), ndec_(pb.n, 0), pos_inactive_(pb.n, 0),
      neg_inactive_(pb.n, 0), Q_(pb.D, RVec(pb.D)), g_(pb.D), h_(0), ints_(pb.ints.ok),
      Qf_(pb.D * pb.D, 0.0), gf_(pb.D, 0.0) {
  if (ints_) Qi_.assign(pb.D * pb.D, 0), gi_.assign(pb.D, 0);
  for (size_t j = 0; j < pb.k; ++j)
    signs_.push_back(static_cast<int>(j) < p ? 1 : -1);
  for (size_t i = 0; i < pb.n; ++i)
    if (!pb.zero[i]) und_.push_back(i); // the undecided in index order, then rule Z's points
  for (size_t i = 0; i < pb.n; ++i)
    if (pb.zero[i]) und_.push_back(i);
  und_at_.resize(pb.n);
  und_cols_.resize((pb.dp + COLUMNS) * pb.n);
  for (size_t t = 0; t < pb.n; ++t) {
    const size_t i = und_[t];
    und_at_[i] = t;
    for (size_t a = 0; a < pb.dp; ++a)
      und_cols_[a * pb.n + t] = pb.xf[i][a];
    und_cols_[pb.dp * pb.n + t] = pb.yf[i];
    und_cols_[(pb.dp + 1) * pb.n + t] = pb.cf[i];
    und_cols_[(pb.dp + 2) * pb.n + t] = rule_applies(i) ? pb.cyyf[i] : 0.0; // none decided yet
    und_cols_[(pb.dp + 3) * pb.n + t] = hinge_join(signs_[0] * pb.yf[i]);
    und_cols_[(pb.dp + 4) * pb.n + t] = hinge_stay(signs_[0] * pb.yf[i]);
  }
  for (size_t i = 0; i < pb.n; ++i) {
    if (pb.zero[i]) { // rule Z: decided inactive for every unit, term c y^2 exactly
      for (size_t j = 0; j < pb.k; ++j)
        act_[i * pb.k + j] = Act::Inactive;
      ndec_[i] = pb.k;
      pos_inactive_[i] = static_cast<size_t>(p);
      neg_inactive_[i] = pb.k - static_cast<size_t>(p);
      add_h(i, +1);
      continue;
    }
    ++undecided_points_;
    if (rule_applies(i)) add_h(i, +1);
  }
  sync();
  hf_ = pb_.loss_f(h_);
}

void NodeState::swap_places(size_t s, size_t t) {
  for (size_t a = 0; a < pb_.dp + COLUMNS; ++a)
    std::swap(und_cols_[a * pb_.n + s], und_cols_[a * pb_.n + t]);
}

FConstraint NodeState::fcon(const Constraint& c) const {
  return FConstraint{static_cast<size_t>(c.unit) * pb_.dp, pb_.xf[static_cast<size_t>(c.point)],
                     c.active ? 1.0 : -1.0};
}

void NodeState::add_h(size_t i, int sgn) {
  if (ints_) {
    hi_ += sgn * static_cast<i128>(pb_.ints.H[i]);
    stale_ = true;
  } else if (sgn > 0)
    h_ += pb_.cyy[i];
  else
    h_ -= pb_.cyy[i];
}

void NodeState::add_decided(size_t i, int sgn, bool floats) {
  const size_t dp = pb_.dp, first = on_.size();
  add_h(i, sgn);
  if (floats) hf_ += sgn * pb_.cyyf[i];
  // phi_i has block j = s_j x'_i for the units active on i.
  for (size_t j = 0; j < pb_.k; ++j)
    if (act(j, i) == Act::Active) on_.push_back(j);
  for (size_t a = first; floats && a < on_.size(); ++a) {
    for (size_t b = first; b < on_.size(); ++b) {
      const double s = (signs_[on_[a]] * signs_[on_[b]] * sgn) < 0 ? -1.0 : 1.0;
      for (size_t r = 0; r < dp; ++r)
        for (size_t c = 0; c < dp; ++c)
          Qf_[(on_[a] * dp + r) * pb_.D + on_[b] * dp + c] += s * pb_.cxxf[i][r * dp + c];
    }
    const double s = (signs_[on_[a]] * sgn) < 0 ? -1.0 : 1.0;
    for (size_t r = 0; r < dp; ++r)
      gf_[on_[a] * dp + r] += s * pb_.cyxf[i][r];
  }
  const size_t count = on_.size() - first;
  if (count == 0) { // no active unit: Q and g do not change
    on_.resize(first);
    return;
  }
  if (ints_) { // the numerators, exactly: sums of at most n terms below 2^62 (IntData)
    const int64_t* P = &pb_.ints.P[i * dp * dp];
    const int64_t* G = &pb_.ints.G[i * dp];
    for (size_t a = first; a < on_.size(); ++a) {
      for (size_t b = first; b < on_.size(); ++b) {
        const int s = signs_[on_[a]] * signs_[on_[b]] * sgn;
        for (size_t r = 0; r < dp; ++r)
          for (size_t c = 0; c < dp; ++c)
            Qi_[(on_[a] * dp + r) * pb_.D + on_[b] * dp + c] +=
                s * static_cast<i128>(P[r * dp + c]);
      }
      const int s = signs_[on_[a]] * sgn;
      for (size_t r = 0; r < dp; ++r)
        gi_[on_[a] * dp + r] += s * static_cast<i128>(G[r]);
    }
    on_.resize(first);
    stale_ = true;
    return;
  }
  // The exact part goes to the journal; a removal cancels the addition it undoes.
  if (sgn < 0 && !pending_.empty() && pending_.back().i == i && pending_.back().sgn > 0) {
    on_.resize(pending_.back().first);
    pending_.pop_back();
    return;
  }
  pending_.push_back({i, sgn, first, count});
}

void NodeState::sync() const {
  const size_t dp = pb_.dp;
  if (ints_) {
    if (!stale_) return;
    const IntData& in = pb_.ints;
    for (size_t a = 0; a < pb_.D; ++a) {
      for (size_t b = 0; b < pb_.D; ++b)
        Q_[a][b] = ratio(Qi_[a * pb_.D + b], in.qden[(a % dp) * dp + b % dp]);
      g_[a] = ratio(gi_[a], in.gden[a % dp]);
    }
    h_ = ratio(hi_, in.hden);
    stale_ = false;
    return;
  }
  if (cxx_.size() != dp) cxx_.assign(dp, RVec(dp)), cyx_.assign(dp, Rational(0));
  for (const Pending& e : pending_) {
    const RVec& x = pb_.x[e.i];
    for (size_t r = 0; r < dp; ++r) { // c x'x'^T and c y x' of point i, exact
      if (x[r].is_zero()) continue;
      cyx_[r] = pb_.c[e.i] * x[r];
      for (size_t c = 0; c < dp; ++c)
        if (!x[c].is_zero()) cxx_[r][c] = cyx_[r] * x[c];
      cyx_[r] *= pb_.y[e.i];
    }
    for (size_t a = e.first; a < e.first + e.count; ++a) {
      const size_t ja = on_[a];
      for (size_t b = e.first; b < e.first + e.count; ++b) {
        const size_t jb = on_[b];
        const bool neg = (signs_[ja] * signs_[jb] * e.sgn) < 0;
        for (size_t r = 0; r < dp; ++r)
          for (size_t c = 0; c < dp; ++c) {
            if (x[r].is_zero() || x[c].is_zero()) continue;
            Rational& q = Q_[ja * dp + r][jb * dp + c];
            if (neg)
              q -= cxx_[r][c];
            else
              q += cxx_[r][c];
          }
      }
      const bool neg = (signs_[ja] * e.sgn) < 0;
      for (size_t r = 0; r < dp; ++r) {
        if (x[r].is_zero()) continue;
        if (neg)
          g_[ja * dp + r] -= cyx_[r];
        else
          g_[ja * dp + r] += cyx_[r];
      }
    }
  }
  pending_.clear();
  on_.clear();
}

void NodeState::hinge_add(size_t i) {
  if (pb_.k != 1 || ndec_[i] != 0 || pb_.zero[i])
    throw std::logic_error("hinge on a decided point");
  hinge_.push_back(i);
  if (rule_applies(i)) add_h(i, -1); // add_decided counts c y^2 again
  act_[i] = Act::Active;             // for add_decided's terms only (k = 1: act_[i * k + 0])
  add_decided(i, +1, false);
  act_[i] = Act::Undecided;
}

void NodeState::hinge_clear() {
  for (; !hinge_.empty(); hinge_.pop_back()) { // last in, first out: the journal cancels
    const size_t i = hinge_.back();
    act_[i] = Act::Active;
    add_decided(i, -1, false);
    act_[i] = Act::Undecided;
    if (rule_applies(i)) add_h(i, +1);
  }
}

void NodeState::push(const Constraint& c) {
  if (!hinge_.empty()) throw std::logic_error("push with hinge points");
  const size_t i = static_cast<size_t>(c.point), j = static_cast<size_t>(c.unit);
  if (act(j, i) != Act::Undecided || pb_.zero[i])
    throw std::logic_error("branch on a decided pair");
  saved_.insert(saved_.end(), Qf_.begin(), Qf_.end());
  saved_.insert(saved_.end(), gf_.begin(), gf_.end());
  saved_.push_back(hf_);
  bool was_rule = rule_applies(i);
  act_[i * pb_.k + j] = c.active ? Act::Active : Act::Inactive;
  ++ndec_[i];
  if (!c.active) (signs_[j] > 0 ? pos_inactive_[i] : neg_inactive_[i])++;
  if (ndec_[i] == pb_.k) {
    const size_t at = und_at_[i], last = und_[--undecided_points_]; // i to the list's end
    und_[at] = last, und_at_[last] = at;
    und_[undecided_points_] = i, und_at_[i] = undecided_points_;
    swap_places(at, undecided_points_);
    und_from_.push_back(at);
    if (was_rule) add_h(i, -1), hf_ -= pb_.cyyf[i];
    add_decided(i, +1);
  } else {
    bool now_rule = rule_applies(i);
    if (was_rule && !now_rule) add_h(i, -1), hf_ -= pb_.cyyf[i];
    if (!was_rule && now_rule) add_h(i, +1), hf_ += pb_.cyyf[i];
  }
  if (!c.implied) {
    freal_.push_back(fcon(c));
    real_depth_.push_back(static_cast<int>(path_.size()));
    const FConstraint& f = freal_.back();
    const size_t at = freal_rows_.size();
    freal_rows_.resize(at + pb_.D, 0.0);
    for (size_t a = 0; a < pb_.dp; ++a)
      freal_rows_[at + f.off + a] = f.sign * f.x[a];
  }
  path_.push_back(c);
  fpath_.push_back(fcon(c));
}

void NodeState::pop() {
  if (!hinge_.empty()) throw std::logic_error("pop with hinge points");
  Constraint c = path_.back();
  path_.pop_back();
  fpath_.pop_back();
  if (!c.implied)
    freal_.pop_back(), real_depth_.pop_back(), freal_rows_.resize(freal_rows_.size() - pb_.D);
  const size_t i = static_cast<size_t>(c.point), j = static_cast<size_t>(c.unit);
  if (ndec_[i] == pb_.k) {
    add_decided(i, -1);
    const size_t at = und_from_.back(), other = und_[at]; // i back where it stood
    und_from_.pop_back();
    und_[undecided_points_] = other, und_at_[other] = undecided_points_;
    und_[at] = i, und_at_[i] = at;
    swap_places(at, undecided_points_);
    ++undecided_points_;
    act_[i * pb_.k + j] = Act::Undecided;
    --ndec_[i];
    if (!c.active) (signs_[j] > 0 ? pos_inactive_[i] : neg_inactive_[i])--;
    if (rule_applies(i)) add_h(i, +1);
  } else {
    bool was_rule = rule_applies(i);
    act_[i * pb_.k + j] = Act::Undecided;
    --ndec_[i];
    if (!c.active) (signs_[j] > 0 ? pos_inactive_[i] : neg_inactive_[i])--;
    bool now_rule = rule_applies(i);
    if (was_rule && !now_rule) add_h(i, -1);
    if (!was_rule && now_rule) add_h(i, +1);
  }
  // The float shadow as it was before the push (restored, not recomputed: no drift).
  const size_t base = saved_.size() - Qf_.size() - gf_.size() - 1;
  std::copy(saved_.begin() + base, saved_.begin() + base + Qf_.size(), Qf_.begin());
  std::copy(saved_.begin() + base + Qf_.size(), saved_.end() - 1, gf_.begin());
  hf_ = saved_.back();
  saved_.resize(base);
}

} // namespace relucert
