// The example instances of examples/ against their recorded optima (examples/OPTIMA,
// lines `<file>;<model flags>;<exact optimum>`): each optimum is recomputed by the
// independent brute force when the instance is small enough, and by the search.
#define BOOST_TEST_MODULE examples
#include <boost/test/unit_test.hpp>

#include "brute_force.hpp"
#include "io/instance.hpp"
#include "solver/model.hpp"
#include "solver/search.hpp"
#include "test_util.hpp"

#include <fstream>
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

// The model selected by the command-line flags of `relucert fit`. Returns false for
// flags this test does not understand.
bool model_from_flags(const std::string& flags, Model& m) {
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
    else
      return false;
  }
  // As in the app: k = 1 is nonnegative unless --signed-output; k >= 2 is signed
  // unless --nonnegative-output.
  m.nonneg = m.units == 1 ? !signed_flag : nonneg_flag;
  return true;
}

} // namespace

BOOST_AUTO_TEST_CASE(optima_match) {
  const auto entries = read_optima();
  BOOST_TEST(entries.size() > 0u);
  int brute_checked = 0;
  for (const Entry& e : entries) {
    BOOST_TEST_CONTEXT("OPTIMA:" << e.line << ": " << e.file << ";" << e.flags << ";"
                                 << e.optimum) {
      auto expected = Rational::parse_canonical(e.optimum);
      BOOST_TEST_REQUIRE(expected.has_value(), "optimum must be a canonical rational");
      Model model;
      if (!model_from_flags(e.flags, model)) {
        BOOST_TEST_MESSAGE("skipping flags not understood here: " << e.flags);
        continue;
      }
      const Instance inst = read_instance(std::string(RELUCERT_EXAMPLES_DIR) + "/" + e.file);
      const size_t k = static_cast<size_t>(model.units), dp = inst.d + (model.bias ? 1 : 0);
      if (k * inst.n <= 12 && k * dp <= 4) {
        const auto r = bf::brute_force_units(testutil::from_instance(inst), model.bias, model.units,
                                             model.nonneg);
        BOOST_TEST(r.opt == expected->get(), "brute force " << r.opt << ", OPTIMA " << e.optimum);
        ++brute_checked;
      }
      SearchOptions opt;
      opt.time_limit = 30;
      Tracer tracer;
      const FitResult fr = fit(inst, model, opt, tracer);
      BOOST_TEST(fr.optimal);
      BOOST_TEST(fr.lower.str() == e.optimum);
      BOOST_TEST(fr.upper.str() == e.optimum);
      BOOST_TEST(exact_loss(inst, fr.witness).str() == e.optimum);
    }
  }
  BOOST_TEST_MESSAGE(brute_checked << " optima recomputed by brute force");
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
