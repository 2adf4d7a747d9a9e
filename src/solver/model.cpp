#include "solver/model.hpp"

namespace relucert {

std::vector<int> Model::required_trees() const {
  std::vector<int> t;
  if (nonneg)
    t.push_back(units);
  else
    for (int p = 0; p <= units; ++p)
      t.push_back(p);
  return t;
}

Rational exact_output(const Instance& inst, const Network& net, size_t i) {
  Rational f(0);
  for (const Unit& u : net) {
    Rational t = u.b;
    for (size_t k = 0; k < inst.d; ++k)
      add_mul(t, u.w[k], inst.x[i][k]);
    if (t.sign() > 0) add_mul(f, u.a, t);
  }
  return f;
}

Rational exact_loss(const Instance& inst, const Network& net) {
  Rational L(0);
  for (size_t i = 0; i < inst.n; ++i) {
    Rational e = exact_output(inst, net, i) - inst.y[i];
    Rational e2 = e * e;
    add_mul(L, inst.c[i], e2);
  }
  return L;
}

std::optional<Rational> exact_loss_below(const Instance& inst, const Network& net,
                                         const Rational& bound, const std::function<bool()>& stop) {
  Rational L(0);
  for (size_t i = 0; i < inst.n; ++i) {
    if (stop && i % 4096 == 4095 && stop()) return std::nullopt;
    Rational e = exact_output(inst, net, i) - inst.y[i];
    Rational e2 = e * e;
    add_mul(L, inst.c[i], e2);
    if (L >= bound) return std::nullopt;
  }
  return L;
}

} // namespace relucert
