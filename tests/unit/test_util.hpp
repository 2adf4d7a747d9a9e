// Small helpers shared by the unit tests: building brute-force data from text and
// converting it to the solver's Instance (the only place the two worlds meet).
#pragma once

#include "brute_force.hpp"
#include "io/instance.hpp"

#include <string>
#include <vector>

namespace testutil {

// An exact rational from "3", "-3/4" (base 10, canonicalised).
inline mpq_class q(const std::string& s) {
  mpq_class r(s, 10);
  r.canonicalize();
  return r;
}

// Rows "x_1 .. x_d y [c]" as token lists.
inline bf::Data data(size_t d, const std::vector<std::vector<std::string>>& rows) {
  bf::Data out;
  out.d = d;
  for (const auto& r : rows) {
    bf::QVec x;
    for (size_t j = 0; j < d; ++j)
      x.push_back(q(r.at(j)));
    out.x.push_back(x);
    out.y.push_back(q(r.at(d)));
    out.c.push_back(r.size() > d + 1 ? q(r.at(d + 1)) : mpq_class(1));
  }
  out.n = out.x.size();
  return out;
}

// The k = 3 hand instance (derivation in test_brute_force.cpp, three_units_hand_optimum):
// OPT = 3 for three units, attained only with three different units of one sign.
inline bf::Data three_units_instance() {
  return data(2, {{"1", "0", "1"},
                  {"1", "0", "3"},
                  {"-1", "-1", "2"},
                  {"0", "0", "1"},
                  {"1", "1", "3"},
                  {"1", "-1", "2"},
                  {"-1", "1", "1"}});
}

// dt with point 0 repeated (its term counted twice, as if its weight were doubled).
inline bf::Data with_point0_twice(const bf::Data& dt) {
  bf::Data dup = dt;
  dup.x.push_back(dt.x[0]);
  dup.y.push_back(dt.y[0]);
  dup.c.push_back(dt.c[0]);
  dup.n++;
  return dup;
}

inline relucert::Instance to_instance(const bf::Data& dt) {
  relucert::Instance inst;
  inst.n = dt.n;
  inst.d = dt.d;
  for (size_t i = 0; i < dt.n; ++i) {
    std::vector<relucert::Rational> row;
    for (const auto& v : dt.x[i])
      row.push_back(relucert::Rational(v));
    inst.x.push_back(row);
    inst.y.push_back(relucert::Rational(dt.y[i]));
    inst.c.push_back(relucert::Rational(dt.c[i]));
  }
  for (size_t j = 0; j < dt.d; ++j)
    inst.feature_names.push_back("x" + std::to_string(j + 1));
  inst.source = "<generated>";
  return inst;
}

inline bf::Data from_instance(const relucert::Instance& inst) {
  bf::Data dt;
  dt.n = inst.n;
  dt.d = inst.d;
  for (size_t i = 0; i < inst.n; ++i) {
    bf::QVec row;
    for (const auto& v : inst.x[i])
      row.push_back(v.get());
    dt.x.push_back(row);
    dt.y.push_back(inst.y[i].get());
    dt.c.push_back(inst.c[i].get());
  }
  return dt;
}

} // namespace testutil
