// The SMT-LIB 2 export (src/io/smtlib): the exported formula must state the training
// problem exactly. The test reads the output back with a small S-expression reader written
// here, evaluates the exported `loss` exactly (GMP rationals) at rational weights, and
// compares it with the brute force's exact loss of the same network (brute_force.hpp, which
// shares no code with src/). It also checks that every weight is declared and that the
// bound of --below is asserted exactly.
#define BOOST_TEST_MODULE smtlib
#include <boost/test/unit_test.hpp>

#include "brute_force.hpp"
#include "io/input_error.hpp"
#include "io/instance.hpp"
#include "io/smtlib.hpp"
#include "random_instances.hpp"
#include "test_util.hpp"

#include <cctype>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

using namespace relucert;

namespace {

// An S-expression: an atom (`atom` set, no children) or a list.
struct Sx {
  std::string atom;
  std::vector<Sx> list;
  bool is_atom() const { return !atom.empty(); }
};

// Reads every top-level S-expression of `text`; `;` starts a comment to the end of the line.
std::vector<Sx> read_all(const std::string& text) {
  size_t p = 0;
  auto skip = [&] {
    for (;;) {
      while (p < text.size() && std::isspace(static_cast<unsigned char>(text[p])))
        ++p;
      if (p < text.size() && text[p] == ';')
        while (p < text.size() && text[p] != '\n')
          ++p;
      else
        return;
    }
  };
  std::function<Sx()> read = [&]() -> Sx {
    skip();
    if (p >= text.size()) throw std::runtime_error("unexpected end of input");
    Sx s;
    if (text[p] == '(') {
      ++p;
      for (skip(); p < text.size() && text[p] != ')'; skip())
        s.list.push_back(read());
      if (p >= text.size()) throw std::runtime_error("unclosed '('");
      ++p;
      return s;
    }
    if (text[p] == ')') throw std::runtime_error("unexpected ')'");
    while (p < text.size() && !std::isspace(static_cast<unsigned char>(text[p])) &&
           text[p] != '(' && text[p] != ')' && text[p] != ';')
      s.atom += text[p++];
    return s;
  };
  std::vector<Sx> out;
  for (skip(); p < text.size(); skip())
    out.push_back(read());
  return out;
}

// An SMT-LIB decimal "123.45" (or numeral "7"), exactly.
mpq_class decimal(const std::string& s) {
  const size_t dot = s.find('.');
  const std::string digits = dot == std::string::npos ? s : s.substr(0, dot) + s.substr(dot + 1);
  for (char ch : digits)
    if (!std::isdigit(static_cast<unsigned char>(ch)))
      throw std::runtime_error("not a decimal: " + s);
  mpz_class num(digits, 10), den = 1;
  if (dot != std::string::npos)
    mpz_ui_pow_ui(den.get_mpz_t(), 10, static_cast<unsigned long>(s.size() - dot - 1));
  mpq_class q(num, den);
  q.canonicalize();
  return q;
}

// The exact value of a Real term over +, -, *, /, ite with > and <, decimals and the
// variables in `env`.
mpq_class eval(const Sx& e, const std::map<std::string, mpq_class>& env);

bool eval_bool(const Sx& e, const std::map<std::string, mpq_class>& env) {
  if (e.is_atom() || e.list.size() != 3 || !e.list[0].is_atom())
    throw std::runtime_error("expected (> a b) or (< a b)");
  const mpq_class a = eval(e.list[1], env), b = eval(e.list[2], env);
  if (e.list[0].atom == ">") return a > b;
  if (e.list[0].atom == "<") return a < b;
  throw std::runtime_error("unknown relation " + e.list[0].atom);
}

mpq_class eval(const Sx& e, const std::map<std::string, mpq_class>& env) {
  if (e.is_atom()) {
    auto it = env.find(e.atom);
    return it != env.end() ? it->second : decimal(e.atom);
  }
  if (e.list.empty() || !e.list[0].is_atom()) throw std::runtime_error("bad application");
  const std::string& op = e.list[0].atom;
  const size_t n = e.list.size() - 1;
  if (op == "ite") {
    if (n != 3) throw std::runtime_error("ite takes 3 arguments");
    return eval_bool(e.list[1], env) ? eval(e.list[2], env) : eval(e.list[3], env);
  }
  std::vector<mpq_class> a;
  for (size_t i = 1; i <= n; ++i)
    a.push_back(eval(e.list[i], env));
  if (op == "+" && n >= 1) {
    mpq_class s = 0;
    for (const auto& v : a)
      s += v;
    return s;
  }
  if (op == "*" && n >= 1) {
    mpq_class s = 1;
    for (const auto& v : a)
      s *= v;
    return s;
  }
  if (op == "-" && n == 1) return -a[0];
  if (op == "-" && n == 2) return a[0] - a[1];
  if (op == "/" && n == 2 && sgn(a[1]) != 0) return a[0] / a[1];
  throw std::runtime_error("unsupported term (" + op + " ...)");
}

struct Exported {
  std::vector<std::string> declared; // the names of (declare-fun NAME () Real), in order
  const Sx* loss = nullptr;          // the body of (define-fun loss () Real BODY)
  std::vector<Sx> top;
};

Exported parse_export(const std::string& text) {
  Exported ex;
  ex.top = read_all(text);
  for (const Sx& s : ex.top) {
    if (s.is_atom() || s.list.empty()) continue;
    const std::string& head = s.list[0].atom;
    if (head == "declare-fun") {
      BOOST_TEST_REQUIRE(s.list.size() == 4u);
      BOOST_TEST(s.list[2].list.empty()); // no arguments
      BOOST_TEST(s.list[3].atom == "Real");
      ex.declared.push_back(s.list[1].atom);
    } else if (head == "define-fun" && s.list.size() == 5 && s.list[1].atom == "loss") {
      BOOST_TEST(s.list[3].atom == "Real");
      ex.loss = &s.list[4];
    }
  }
  BOOST_TEST_REQUIRE(ex.loss != nullptr, "no (define-fun loss () Real ...)");
  return ex;
}

// The exported loss at (w, b) against the brute force's exact loss of max(0, w.x + b).
void check_loss_at(const bf::Data& dt, bool bias, const Exported& ex, const bf::QVec& w,
                   const mpq_class& b) {
  std::map<std::string, mpq_class> env;
  for (size_t j = 0; j < dt.d; ++j)
    env["w" + std::to_string(j)] = w[j];
  bf::BruteUnit u{1, w};
  if (bias) {
    env["b"] = b;
    u.v.push_back(b);
  }
  BOOST_TEST(eval(*ex.loss, env) == bf::true_loss(dt, bias, {u}));
}

std::vector<std::string> weight_names(size_t d, bool bias) {
  std::vector<std::string> names;
  for (size_t j = 0; j < d; ++j)
    names.push_back("w" + std::to_string(j));
  if (bias) names.push_back("b");
  return names;
}

} // namespace

BOOST_AUTO_TEST_CASE(k3_loss_and_bound) {
  // The MAX-CUT example: at its optimum w = (104/119, 104/119, -117/119) the loss is
  // 5057/119 (derived in examples/k3-maxcut.relu); at w = 0 it is 13 * 6 = 78.
  const Instance inst = parse_instance(
      "relu 3\n1 0 0 1 13\n-1 0 0 1 13\n0 1 0 1 13\n0 -1 0 1 13\n0 0 1 1 13\n0 0 -1 1 13\n"
      "1 1 0 0 1\n-1 -1 0 0 1\n1 0 1 0 1\n-1 0 -1 0 1\n0 1 1 0 1\n0 -1 -1 0 1\n",
      "k3");
  const std::string text = to_smtlib(inst, false, "5057/119");
  const Exported ex = parse_export(text);
  BOOST_TEST(ex.declared == weight_names(3, false));
  std::map<std::string, mpq_class> env{{"w0", testutil::q("104/119")},
                                       {"w1", testutil::q("104/119")},
                                       {"w2", testutil::q("-117/119")}};
  BOOST_TEST(eval(*ex.loss, env) == testutil::q("5057/119"));
  env = {{"w0", 0}, {"w1", 0}, {"w2", 0}};
  BOOST_TEST(eval(*ex.loss, env) == 78);
  // --below: (assert (< loss 5057/119)) and (check-sat), the bound exactly.
  bool asserted = false;
  for (const Sx& s : ex.top)
    if (!s.is_atom() && s.list.size() == 2 && s.list[0].atom == "assert") {
      const Sx& rel = s.list[1];
      BOOST_TEST_REQUIRE(rel.list.size() == 3u);
      BOOST_TEST(rel.list[0].atom == "<");
      BOOST_TEST(rel.list[1].atom == "loss");
      BOOST_TEST(eval(rel.list[2], {}) == testutil::q("5057/119"));
      asserted = true;
    }
  BOOST_TEST(asserted);
  BOOST_TEST(!ex.top.back().is_atom());
  BOOST_TEST(ex.top.back().list.at(0).atom == "check-sat");
  BOOST_TEST(text.find("minimize") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(minimise_without_bound) {
  const Instance inst = parse_instance("relu 1\n1 2\n-1 1\n2 -1\n", "tiny1");
  const Exported ex = parse_export(to_smtlib(inst, true, ""));
  BOOST_TEST(ex.declared == weight_names(1, true));
  bool minimise = false;
  for (const Sx& s : ex.top) {
    BOOST_TEST(!(s.list.size() >= 1 && s.list[0].atom == "assert"));
    if (s.list.size() == 2 && s.list[0].atom == "minimize" && s.list[1].atom == "loss")
      minimise = true;
  }
  BOOST_TEST(minimise);
  // tiny1 (examples/tiny1.relu): OPT = 5 at w = -1 without bias.
  check_loss_at(testutil::from_instance(inst), true, ex, {mpq_class(-1)}, 0);
  std::map<std::string, mpq_class> env{{"w0", -1}, {"b", 0}};
  BOOST_TEST(eval(*ex.loss, env) == 5);
}

BOOST_AUTO_TEST_CASE(loss_equals_exact_loss_on_random_instances) {
  // Every family of random_instances.hpp (fractions, weights, zero points, ill-scaled
  // coordinates, ...), with and without bias, at random rational weights, some of them
  // putting points exactly on the hinge.
  const unsigned long base = difftest::base_seed();
  int cases = 0;
  for (int f = 0; f <= static_cast<int>(difftest::Family::Symmetric); ++f) {
    const auto fam = static_cast<difftest::Family>(f);
    for (int it = 0; it < 4; ++it) {
      const unsigned long seed =
          difftest::mix(base * 131 + static_cast<unsigned long>(f * 16 + it));
      difftest::Gen g(seed);
      const size_t n = static_cast<size_t>(g.pick(1, 6)), d = static_cast<size_t>(g.pick(1, 3));
      const bf::Data dt = difftest::make_instance(g, fam, n, d);
      const bool bias = g.coin();
      const Instance inst = testutil::to_instance(dt);
      BOOST_TEST_CONTEXT("seed " << seed << " family " << difftest::family_name(fam) << " bias "
                                 << bias << "\n"
                                 << bf::to_text(dt)) {
        const Exported ex = parse_export(to_smtlib(inst, bias, ""));
        BOOST_TEST(ex.declared == weight_names(d, bias));
        for (int pt = 0; pt < 5; ++pt) {
          bf::QVec w;
          for (size_t j = 0; j < d; ++j)
            w.push_back(pt == 0 ? mpq_class(0) : g.fraction(-6, 6));
          check_loss_at(dt, bias, ex, w, bias ? g.fraction(-6, 6) : mpq_class(0));
        }
        ++cases;
      }
    }
  }
  BOOST_TEST(cases == 48);
}

BOOST_AUTO_TEST_CASE(bad_bound_is_an_input_error) {
  const Instance inst = parse_instance("relu 1\n1 2\n", "t");
  BOOST_CHECK_THROW(to_smtlib(inst, false, "abc"), InputError);
}
