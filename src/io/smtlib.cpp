#include "io/smtlib.hpp"

#include "io/input_error.hpp"

#include <sstream>

namespace relucert {

namespace {
std::string term(const Rational& q) {
  std::string s;
  mpz_class num = abs(q.num()), den = q.den();
  s = den == 1 ? num.get_str() + ".0" : "(/ " + num.get_str() + ".0 " + den.get_str() + ".0)";
  return q.sign() < 0 ? "(- " + s + ")" : s;
}
} // namespace

std::string to_smtlib(const Instance& inst, bool bias, const std::string& below) {
  std::ostringstream o;
  o << "; relucert export: single ReLU max(0, w.x" << (bias ? " + b" : "")
    << "), sum of weighted squares\n";
  o << "; instance " << inst.source << " sha256 " << inst.digest << "\n";
  o << "(set-logic QF_NRA)\n";
  for (size_t j = 0; j < inst.d; ++j)
    o << "(declare-fun w" << j << " () Real)\n";
  if (bias) o << "(declare-fun b () Real)\n";
  o << "(define-fun loss () Real (+ 0.0";
  for (size_t i = 0; i < inst.n; ++i) {
    std::string t = "(+ " + std::string(bias ? "b" : "0.0");
    for (size_t j = 0; j < inst.d; ++j)
      t += " (* " + term(inst.x[i][j]) + " w" + std::to_string(j) + ")";
    t += ")";
    std::string h = "(ite (> " + t + " 0.0) " + t + " 0.0)";
    std::string e = "(- " + h + " " + term(inst.y[i]) + ")";
    o << "\n  (* " << term(inst.c[i]) << " " << e << " " << e << ")";
  }
  o << "))\n";
  if (below.empty()) {
    o << "; z3 extension: minimise and print the model\n(minimize "
         "loss)\n(check-sat)\n(get-objectives)\n(get-model)\n";
  } else {
    auto b = Rational::parse_instance_number(below);
    if (!b) throw InputError("--below", 0, 0, "expected a rational, found '" + below + "'");
    o << "(assert (< loss " << term(*b) << "))\n(check-sat)\n";
  }
  return o.str();
}

} // namespace relucert
