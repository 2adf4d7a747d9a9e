#include "solver/node_state.hpp"

#include <stdexcept>

namespace relucert {

NodeState::NodeState(const Problem& pb, int p)
    : pb_(pb), p_(p), act_(pb.n * pb.k, Act::Undecided), ndec_(pb.n, 0), pos_inactive_(pb.n, 0),
      neg_inactive_(pb.n, 0), Q_(pb.D, RVec(pb.D)), g_(pb.D), h_(0), Qf_(pb.D * pb.D, 0.0),
      gf_(pb.D, 0.0) {
  for (size_t j = 0; j < pb.k; ++j)
    signs_.push_back(static_cast<int>(j) < p ? 1 : -1);
  for (size_t i = 0; i < pb.n; ++i) {
    if (pb.zero[i]) { // rule Z: decided inactive for every unit, term c y^2 exactly
      for (size_t j = 0; j < pb.k; ++j)
        act_[i * pb.k + j] = Act::Inactive;
      ndec_[i] = pb.k;
      pos_inactive_[i] = static_cast<size_t>(p);
      neg_inactive_[i] = pb.k - static_cast<size_t>(p);
      h_ += pb.cyy[i];
      continue;
    }
    ++undecided_points_;
    if (rule_applies(i)) h_ += pb.cyy[i];
  }
  hf_ = pb_.loss_f(h_);
}

bool NodeState::rule_applies(size_t i) const {
  const size_t npos = static_cast<size_t>(p_), nneg = pb_.k - npos;
  int ys = pb_.y[i].sign();
  return (ys <= 0 && neg_inactive_[i] == nneg) || (ys >= 0 && pos_inactive_[i] == npos);
}

FConstraint NodeState::fcon(const Constraint& c) const {
  return FConstraint{static_cast<size_t>(c.unit) * pb_.dp,
                     pb_.xf[static_cast<size_t>(c.point)].data(), c.active ? 1.0 : -1.0};
}

void NodeState::add_decided(size_t i, int sgn) {
  const size_t dp = pb_.dp;
  // phi_i has block j = s_j x'_i for the units active on i.
  std::vector<size_t> on;
  for (size_t j = 0; j < pb_.k; ++j)
    if (act(j, i) == Act::Active) on.push_back(j);
  // c x'x'^T and c y x' of point i, exact (formed here: a push decides at most one point).
  RMat cxx;
  RVec cyx;
  if (!on.empty()) {
    const RVec& x = pb_.x[i];
    cxx.assign(dp, RVec(dp));
    cyx.resize(dp);
    for (size_t r = 0; r < dp; ++r) {
      if (x[r].is_zero()) continue;
      const Rational cx = pb_.c[i] * x[r];
      cyx[r] = cx * pb_.y[i];
      for (size_t c = 0; c < dp; ++c)
        if (!x[c].is_zero()) cxx[r][c] = cx * x[c];
    }
  }
  for (size_t a : on) {
    for (size_t b : on) {
      bool neg = (signs_[a] * signs_[b] * sgn) < 0;
      for (size_t r = 0; r < dp; ++r)
        for (size_t c = 0; c < dp; ++c) {
          const Rational& v = cxx[r][c];
          if (v.is_zero()) continue;
          Rational& q = Q_[a * dp + r][b * dp + c];
          if (neg)
            q -= v;
          else
            q += v;
          Qf_[(a * dp + r) * pb_.D + b * dp + c] += (neg ? -1.0 : 1.0) * pb_.cxxf[i][r * dp + c];
        }
    }
    bool neg = (signs_[a] * sgn) < 0;
    for (size_t r = 0; r < dp; ++r) {
      if (neg)
        g_[a * dp + r] -= cyx[r];
      else
        g_[a * dp + r] += cyx[r];
      gf_[a * dp + r] += (neg ? -1.0 : 1.0) * pb_.cyxf[i][r];
    }
  }
  if (sgn > 0)
    h_ += pb_.cyy[i];
  else
    h_ -= pb_.cyy[i];
  hf_ += sgn * pb_.cyyf[i];
}

void NodeState::push(const Constraint& c) {
  const size_t i = static_cast<size_t>(c.point), j = static_cast<size_t>(c.unit);
  if (act(j, i) != Act::Undecided || pb_.zero[i])
    throw std::logic_error("branch on a decided pair");
  saved_.push_back({Qf_, gf_, hf_});
  bool was_rule = rule_applies(i);
  act_[i * pb_.k + j] = c.active ? Act::Active : Act::Inactive;
  ++ndec_[i];
  if (!c.active) (signs_[j] > 0 ? pos_inactive_[i] : neg_inactive_[i])++;
  if (ndec_[i] == pb_.k) {
    --undecided_points_;
    if (was_rule) h_ -= pb_.cyy[i];
    add_decided(i, +1);
  } else {
    bool now_rule = rule_applies(i);
    if (was_rule && !now_rule) h_ -= pb_.cyy[i];
    if (!was_rule && now_rule) h_ += pb_.cyy[i];
  }
  hf_ = pb_.loss_f(h_);
  path_.push_back(c);
  fpath_.push_back(fcon(c));
}

void NodeState::pop() {
  Constraint c = path_.back();
  path_.pop_back();
  fpath_.pop_back();
  const size_t i = static_cast<size_t>(c.point), j = static_cast<size_t>(c.unit);
  if (ndec_[i] == pb_.k) {
    add_decided(i, -1);
    ++undecided_points_;
    act_[i * pb_.k + j] = Act::Undecided;
    --ndec_[i];
    if (!c.active) (signs_[j] > 0 ? pos_inactive_[i] : neg_inactive_[i])--;
    if (rule_applies(i)) h_ += pb_.cyy[i];
  } else {
    bool was_rule = rule_applies(i);
    act_[i * pb_.k + j] = Act::Undecided;
    --ndec_[i];
    if (!c.active) (signs_[j] > 0 ? pos_inactive_[i] : neg_inactive_[i])--;
    bool now_rule = rule_applies(i);
    if (was_rule && !now_rule) h_ -= pb_.cyy[i];
    if (!was_rule && now_rule) h_ += pb_.cyy[i];
  }
  Qf_ = std::move(saved_.back().Qf);
  gf_ = std::move(saved_.back().gf);
  hf_ = saved_.back().hf;
  saved_.pop_back();
}

} // namespace relucert
