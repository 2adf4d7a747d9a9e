// The example instances of examples/ against their recorded optima (examples/OPTIMA,
// lines `<file>;<model flags>;<exact optimum>`): each optimum is recomputed by the
// independent brute force when the instance is small enough and the model has no weight
// bound (the rows it skips are listed in NOT_BRUTE_FORCED), and every row by the search.
#define BOOST_TEST_MODULE examples
#include <boost/test/unit_test.hpp>

#include "brute_force.hpp"
#include "io/instance.hpp"
#include "solver/model.hpp"
#include "solver/search.hpp"
#include "test_util.hpp"

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace relucert;

namespace {

struct Entry {
  size_t line = 0;
  std::string file, flags, optimum;
};

std::vector<Entry> read_optima() {
  std::ifstream in(std::string(RELUCERT_EXAMPLES_DIR) + "/OPTIMA");
  BOOST_TEST_REQUIRE(static_cast<bool>(in), "cannot open examples/OPTIMA");
  std::vector<Entry> out;
  std::string line;
  size_t no = 0;
  while (std::getline(in, line)) {
    ++no;
    if (line.empty() || line[0] == '#') continue;
    auto a = line.find(';'), b = line.find(';', a == std::string::npos ? a : a + 1);
    BOOST_TEST_REQUIRE((a != std::string::npos && b != std::string::npos),
                       "OPTIMA:" << no << ": expected <file>;<flags>;<optimum>");
    out.push_back({no, line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)});
  }
  return out;
}

// The model and search options selected by the command-line flags of `relucert fit`, as the
// app sets them (src/app/main.cpp). Returns false for flags this test does not understand,
// which fails the test: every row of OPTIMA is run.
bool options_from_flags(const std::string& flags, const Instance& inst, Model& m,
                        SearchOptions& opt) {
  std::istringstream in(flags);
  std::string t;
  bool nonneg_flag = false, signed_flag = false;
  while (in >> t) {
    if (t == "--bias")
      m.bias = true;
    else if (t == "--units" || t == "-k") {
      if (!(in >> m.units)) return false;
    } else if (t.rfind("--units=", 0) == 0)
      m.units = std::stoi(t.substr(8));
    else if (t == "--nonnegative-output")
      nonneg_flag = true;
    else if (t == "--signed-output")
      signed_flag = true;
    else if (t == "--realizable")
      opt.realizable = true;
    else if (t == "--weight-bound") {
      std::string b;
      if (!(in >> b)) return false;
      m.weight_bound = Rational::parse_instance_number(b);
      if (!m.weight_bound || m.weight_bound->sign() <= 0) return false;
      // The app's default gap for a weight bound: 1e-9 times the loss of the zero network.
      Rational zero_loss(0);
      for (size_t i = 0; i < inst.n; ++i)
        zero_loss += inst.c[i] * inst.y[i] * inst.y[i];
      opt.gap = zero_loss / Rational(1000000000);
    } else
      return false;
  }
  // As in the app: k = 1 is nonnegative unless --signed-output; k >= 2 is signed
  // unless --nonnegative-output.
  m.nonneg = m.units == 1 ? !signed_flag : nonneg_flag;
  return true;
}

// The rows whose optimum the brute force does not recompute, each with the reason; their
// optima are derived by hand in OPTIMA or in the instance file. Any other row must be
// recomputed, so a row cannot drop out of the brute-force check unnoticed.
const std::set<std::string> NOT_BRUTE_FORCED = {
    "tiny1.relu;--weight-bound 1/2",               // weight bound: the brute force has none
    "k2-abs.relu;--units 2 --weight-bound 1/3",    // weight bound
    "path-of-triples.relu;--units 2 --realizable", // k n = 14: too large; OPT = 0 is witnessed
};

} // namespace

BOOST_AUTO_TEST_CASE(optima_match) {
  const auto entries = read_optima();
  BOOST_TEST(entries.size() > 0u);
  std::set<std::string> not_brute_forced;
  for (const Entry& e : entries) {
    BOOST_TEST_CONTEXT("OPTIMA:" << e.line << ": " << e.file << ";" << e.flags << ";"
                                 << e.optimum) {
      auto expected = Rational::parse_canonical(e.optimum);
      BOOST_TEST_REQUIRE(expected.has_value(), "optimum must be a canonical rational");
      const Instance inst = read_instance(std::string(RELUCERT_EXAMPLES_DIR) + "/" + e.file);
      Model model;
      SearchOptions opt;
      BOOST_TEST_REQUIRE(options_from_flags(e.flags, inst, model, opt),
                         "flags not understood here: " << e.flags);
      const size_t k = static_cast<size_t>(model.units), dp = inst.d + (model.bias ? 1 : 0);
      if (!model.weight_bound && k * inst.n <= 12 && k * dp <= 4) {
        const auto r = bf::brute_force_units(testutil::from_instance(inst), model.bias, model.units,
                                             model.nonneg);
        BOOST_TEST(r.opt == expected->get(), "brute force " << r.opt << ", OPTIMA " << e.optimum);
      } else {
        not_brute_forced.insert(e.file + ";" + e.flags);
      }
      opt.time_limit = 30;
      Tracer tracer;
      const FitResult fr = fit(inst, model, opt, tracer);
      BOOST_TEST(fr.optimal);
      BOOST_TEST(fr.lower.str() == e.optimum);
      BOOST_TEST(fr.upper.str() == e.optimum);
      BOOST_TEST(exact_loss(inst, fr.witness).str() == e.optimum);
      if (model.weight_bound) { // the witness obeys ||v_j||^2 = a_j^2 ||w_j||^2 <= B^2, exactly
        for (const Unit& u : fr.witness) {
          Rational n2 = u.b * u.b;
          for (const Rational& w : u.w)
            n2 += w * w;
          BOOST_TEST((u.a * u.a * n2 <= *model.weight_bound * *model.weight_bound));
        }
      }
    }
  }
  BOOST_TEST((not_brute_forced == NOT_BRUTE_FORCED),
             "the rows the brute force skips are not the expected ones");
  BOOST_TEST_MESSAGE(entries.size() - not_brute_forced.size()
                     << " of " << entries.size() << " optima recomputed by brute force");
}

BOOST_AUTO_TEST_CASE(k3_claimed_witness) {
  // certs/MATH.md §9.5: OPT(K3) = 5057/119 at w = (104/119, 104/119, -117/119).
  const Instance inst = read_instance(std::string(RELUCERT_EXAMPLES_DIR) + "/k3-maxcut.relu");
  BOOST_TEST(inst.n == 12u);
  BOOST_TEST(inst.d == 3u);
  const bf::Data dt = testutil::from_instance(inst);
  bf::BruteNet claimed{
      {1, {testutil::q("104/119"), testutil::q("104/119"), testutil::q("-117/119")}}};
  BOOST_TEST(bf::true_loss(dt, false, claimed) == testutil::q("5057/119"));
  // That it is the optimum is checked by the brute force in optima_match.
}
