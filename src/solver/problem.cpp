#include "solver/problem.hpp"

namespace relucert {

Problem::Problem(const Instance& inst, const Model& model)
    : n(inst.n), d(inst.d), dp(inst.d + (model.bias ? 1 : 0)), k(static_cast<size_t>(model.units)),
      D(static_cast<size_t>(model.units) * (inst.d + (model.bias ? 1 : 0))), bias(model.bias) {
  x.resize(n);
  xf.resize(n);
  zero.resize(n);
  for (size_t i = 0; i < n; ++i) {
    x[i] = inst.x[i];
    if (bias) x[i].push_back(Rational(1));
    bool z = true;
    for (auto& v : x[i]) {
      xf[i].push_back(v.to_double());
      z = z && v.is_zero();
    }
    zero[i] = z;
    y.push_back(inst.y[i]);
    c.push_back(inst.c[i]);
    yf.push_back(inst.y[i].to_double());
    cf.push_back(inst.c[i].to_double());
    RMat m(dp, RVec(dp));
    std::vector<double> mf(dp * dp);
    for (size_t a = 0; a < dp; ++a)
      for (size_t b = 0; b < dp; ++b) {
        m[a][b] = c[i] * x[i][a] * x[i][b];
        mf[a * dp + b] = m[a][b].to_double();
      }
    cxx.push_back(std::move(m));
    cxxf.push_back(std::move(mf));
    RVec v(dp);
    std::vector<double> vf(dp);
    for (size_t a = 0; a < dp; ++a) {
      v[a] = c[i] * y[i] * x[i][a];
      vf[a] = v[a].to_double();
    }
    cyx.push_back(std::move(v));
    cyxf.push_back(std::move(vf));
    cyy.push_back(c[i] * y[i] * y[i]);
    cyyf.push_back(cyy.back().to_double());
  }
  Rational tot(0);
  for (auto& v : cyy)
    tot += v;
  scale = tot.to_double();
}

Network network_from_v(const Problem& pb, const std::vector<int>& signs, const RVec& V) {
  Network net;
  for (size_t j = 0; j < pb.k; ++j) {
    Unit u;
    u.a = Rational(signs[j]);
    for (size_t t = 0; t < pb.d; ++t)
      u.w.push_back(V[j * pb.dp + t]);
    u.b = pb.bias ? V[j * pb.dp + pb.d] : Rational(0);
    net.push_back(std::move(u));
  }
  return net;
}

} // namespace relucert
