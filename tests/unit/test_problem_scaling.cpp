// Mirrors the float scaling of src/solver/problem (issue 8 §3): an instance whose numbers lie
// far outside the double range (1e4096, a 1,000-digit integer, 1e-4096) is solved exactly with
// a finite floating-point guide, and one that no power-of-two scaling can serve is refused with
// file:line:column. Expected optima come from hand derivations (scaling laws, stated at each
// case) or from the independent brute force, never from the solver.
#define BOOST_TEST_MODULE problem_scaling
#include <boost/test/unit_test.hpp>

#include "brute_force.hpp"
#include "expect_input_error.hpp"
#include "io/input_error.hpp"
#include "io/instance.hpp"
#include "random_instances.hpp"
#include "solver/model.hpp"
#include "solver/problem.hpp"
#include "solver/search.hpp"
#include "test_util.hpp"

#include <cmath>
#include <string>

using namespace relucert;

namespace {

mpz_class pow10(unsigned long e) {
  mpz_class p;
  mpz_ui_pow_ui(p.get_mpz_t(), 10, e);
  return p;
}

Rational exact_fit(const Instance& inst, const Model& m, FitResult* out = nullptr) {
  SearchOptions opt;
  if (m.weight_bound) opt.gap = Rational(1) / Rational(1000000); // closes exactly (below)
  Tracer none;
  FitResult r = fit(inst, m, opt, none);
  BOOST_TEST(r.optimal);
  BOOST_TEST(r.lower == r.upper);
  BOOST_TEST(exact_loss(inst, r.witness) == r.upper);
  if (out) *out = r;
  return r.upper;
}

// Every double of the guide is finite.
void check_finite(const Problem& pb) {
  bool ok = std::isfinite(pb.scale);
  for (size_t i = 0; i < pb.n; ++i) {
    ok = ok && std::isfinite(pb.yf[i]) && std::isfinite(pb.cf[i]) && std::isfinite(pb.cyyf[i]);
    for (size_t a = 0; a < pb.dp; ++a)
      ok = ok && std::isfinite(pb.xf[i][a]) && std::isfinite(pb.cyxf[i][a]);
    for (size_t a = 0; a < pb.dp * pb.dp; ++a)
      ok = ok && std::isfinite(pb.cxxf[i][a]);
  }
  BOOST_TEST(ok);
}

// tiny1 (examples/tiny1.relu: points (1, 2), (-1, 1), (2, -1), OPT = 5 at w = -1) with every
// x and y multiplied by s: the loss of w on the scaled data is s^2 times the loss of w on
// tiny1, so OPT = 5 s^2, again at w = -1.
std::string tiny1_times(const std::string& s, const std::string& minus_s,
                        const std::string& two_s) {
  return "relu 1\n" + s + " " + two_s + "\n" + minus_s + " " + s + "\n" + two_s + " " + minus_s +
         "\n";
}

} // namespace

BOOST_AUTO_TEST_CASE(scaled_double_never_overflows) {
  const Rational big(pow10(4096)), tiny(Rational(1) / Rational(pow10(4096)));
  // 10^4096 = 2^(4096 log2 10) = 2^13606.24...: times 2^-13606 it is 2^0.24... = 1.18...
  BOOST_TEST(std::fabs(scaled_double(big, -13606) - std::exp2(4096 * std::log2(10.0) - 13606)) <
             1e-9);
  BOOST_TEST(std::fabs(scaled_double(-tiny, 13607) + std::exp2(13607 - 4096 * std::log2(10.0))) <
             1e-9);
  // Outside the double range: inf and 0, never undefined.
  BOOST_TEST(scaled_double(big, 0) == HUGE_VAL);
  BOOST_TEST(scaled_double(-big, 0) == -HUGE_VAL);
  BOOST_TEST(scaled_double(tiny, 0) == 0.0);
  BOOST_TEST(scaled_double(Rational(0), 100000) == 0.0);
  // Inside it, exponent 0 is the nearest double, as to_double.
  const Rational third = Rational(1) / Rational(3);
  BOOST_TEST(scaled_double(third, 0) == third.to_double());
  BOOST_TEST(scaled_double(third, 5) == 32 * third.to_double());
  BOOST_TEST(times_pow2(third, -3) == Rational(1) / Rational(24));
  BOOST_TEST(times_pow2(third, 2) == Rational(4) / Rational(3));
}

BOOST_AUTO_TEST_CASE(ordinary_instances_are_not_scaled) {
  // Numbers within [2^-128, 2^128] per group: exponent 0, the shadow is the nearest doubles.
  Instance inst = parse_instance("relu 2\n1e30 -1/3 7 2\n0.001 5 -1e-30 1/7\n", "o.relu");
  Model m;
  m.bias = true;
  Problem pb(inst, m);
  BOOST_TEST(pb.ye == 0);
  BOOST_TEST(pb.ce == 0);
  for (long e : pb.xe)
    BOOST_TEST(e == 0);
  for (size_t i = 0; i < pb.n; ++i) {
    for (size_t a = 0; a < pb.dp; ++a)
      BOOST_TEST(pb.xf[i][a] == pb.x[i][a].to_double());
    BOOST_TEST(pb.yf[i] == pb.y[i].to_double());
    BOOST_TEST(pb.cf[i] == pb.c[i].to_double());
  }
}

BOOST_AUTO_TEST_CASE(tiny1_times_1e4096) {
  // s = 10^4096: OPT = 5 * 10^8192 at w = -1 (hand derivation at tiny1_times).
  Instance inst = parse_instance(tiny1_times("1e4096", "-1e4096", "2e4096"), "big.relu");
  Model m;
  Problem pb(inst, m);
  BOOST_TEST(pb.xe[0] != 0);
  BOOST_TEST(pb.ye != 0);
  check_finite(pb);
  FitResult r;
  BOOST_TEST(exact_fit(inst, m, &r) == Rational(mpz_class(5 * pow10(8192))));
  BOOST_TEST(r.witness.at(0).w.at(0) == Rational(-1));
}

BOOST_AUTO_TEST_CASE(tiny1_times_1e_minus_4096) {
  // s = 10^-4096: OPT = 5 * 10^-8192, at w = -1.
  Instance inst = parse_instance(tiny1_times("1e-4096", "-1e-4096", "2e-4096"), "small.relu");
  Model m;
  check_finite(Problem(inst, m));
  BOOST_TEST(exact_fit(inst, m) == Rational(5) / Rational(pow10(8192)));
}

BOOST_AUTO_TEST_CASE(tiny1_times_a_1000_digit_integer) {
  // s = 77...7 (1,000 sevens, about 7.8e999): OPT = 5 s^2, at w = -1.
  const mpz_class s(std::string(1000, '7'));
  Instance inst = parse_instance(
      tiny1_times(s.get_str(), mpz_class(-s).get_str(), mpz_class(2 * s).get_str()), "digits.relu");
  Model m;
  check_finite(Problem(inst, m));
  FitResult r;
  BOOST_TEST(exact_fit(inst, m, &r) == Rational(mpz_class(5 * s * s)));
  BOOST_TEST(r.witness.at(0).w.at(0) == Rational(-1));
}

BOOST_AUTO_TEST_CASE(huge_weights_and_labels_only) {
  // tiny1 with every weight c = 10^5000 (an exponent above 4096 is not an inum: written out)
  // and labels times t = 10^-3000: the loss of w on tiny1 with labels y t is
  // t^2 times the loss of w/t on tiny1, so OPT = c t^2 * 5 = 5 * 10^(5000 - 6000) = 5e-1000.
  const std::string c = pow10(5000).get_str(), t = "1e-3000", t2 = "2e-3000", mt = "-1e-3000";
  Instance inst = parse_instance(
      "relu 1\n1 " + t2 + " " + c + "\n-1 " + t + " " + c + "\n2 " + mt + " " + c + "\n", "w.relu");
  Model m;
  check_finite(Problem(inst, m));
  BOOST_TEST(exact_fit(inst, m) == Rational(5) / Rational(pow10(1000)));
}

BOOST_AUTO_TEST_CASE(weight_bound_with_huge_features) {
  // tiny1 with x times s and B = 1/(2s): with u = w s, |w| <= B is |u| <= 1/2 and w x_i s =
  // u x_i, so this is tiny1 with |u| <= 1/2 (test_weight_bound.cpp, hand_derived_tiny1:
  // OPT = 21/4 at u = -1/2), labels unchanged: OPT = 21/4 at w = -1/(2s).
  Model m;
  SearchOptions opt;
  opt.gap = Rational(1) / Rational(1000000);
  Tracer none;
  // s = 2^13000: the scaled guide sees tiny1 itself, and the interval closes exactly.
  mpz_class s2 = 1;
  s2 <<= 13000;
  const std::string a = s2.get_str(), ma = mpz_class(-s2).get_str(),
                    a2 = mpz_class(2 * s2).get_str();
  Instance i2 = parse_instance("relu 1\n" + a + " 2\n" + ma + " 1\n" + a2 + " -1\n", "p2.relu");
  m.weight_bound = Rational(1) / Rational(mpz_class(2 * s2));
  check_finite(Problem(i2, m));
  FitResult r = fit(i2, m, opt, none);
  BOOST_TEST(r.optimal);
  BOOST_TEST(r.upper == Rational(21) / Rational(4));
  BOOST_TEST(r.witness.at(0).w.at(0) == -*m.weight_bound);
  // s = 10^4000: the optimum's multiplier is no simple rational in the guide's units, so the
  // result is the certified interval: 21/4 inside it, at most the gap wide, and a witness
  // inside the ball whose exact loss is the upper end.
  Instance i10 = parse_instance("relu 1\n1e4000 2\n-1e4000 1\n2e4000 -1\n", "p10.relu");
  m.weight_bound = Rational(1) / Rational(mpz_class(2 * pow10(4000)));
  check_finite(Problem(i10, m));
  r = fit(i10, m, opt, none);
  BOOST_TEST(r.lower <= Rational(21) / Rational(4));
  BOOST_TEST(r.upper >= Rational(21) / Rational(4));
  BOOST_TEST(r.upper - r.lower <= *opt.gap);
  BOOST_TEST(exact_loss(i10, r.witness) == r.upper);
  const Rational w = r.witness.at(0).w.at(0);
  BOOST_TEST(w * w <= *m.weight_bound * *m.weight_bound);
}

BOOST_AUTO_TEST_CASE(too_wide_a_dynamic_range_is_refused) {
  Model m;
  // Point 1 is (1) next to the column's 10^4096: to the scaled guide it would be zero.
  Instance a = parse_instance("relu 1\n1e4096 1\n1 1\n", "a.relu");
  expect_input_error([&] { Problem pb(a, m); }, "a.relu", 3, 1, "dynamic range is too wide");
  // The place is the point's largest coordinate relative to its column.
  Instance b = parse_instance("# c\nrelu 2\n1e4096 1e4096 1\n0   1e-4000 1\n", "b.relu");
  expect_input_error([&] { Problem pb(b, m); }, "b.relu", 4, 5, "floating-point guide");
  Instance c = parse_instance("x,weight,z,y\n1e4096, 2, 1e4096, 1\n 1e-2000 ,1, 1, 2\n", "c.csv");
  expect_input_error([&] { Problem pb(c, m); }, "c.csv", 3, 14, "point 1");
  // fit() refuses the same way (the command line then exits 3, with no file left behind).
  expect_input_error(
      [&] {
        Tracer none;
        fit(a, m, SearchOptions{}, none);
      },
      "a.relu", 3, 1, "dynamic range");
  // With a bias the coordinate 1 keeps every point visible, and the fit is exact: the
  // points (10^4096, 1), (1, 1) are fitted exactly by w = 0, b = 1 (loss 0).
  Model mb;
  mb.bias = true;
  BOOST_TEST(exact_fit(a, mb) == Rational(0));
}

BOOST_AUTO_TEST_CASE(differential_against_brute_force_scaled) {
  // Random small instances with each feature column, the labels and the weights multiplied
  // by their own power of two 2^e, |e| up to 6000 (far outside the double range): the brute
  // force (GMP only) solves the scaled data directly.
  using namespace difftest;
  int count = 0;
  const int total = 24 * scale();
  for (int it = 0; it < total; ++it) {
    const unsigned long seed = mix(mix(base_seed()) ^ 0x5ca1eUL) + static_cast<unsigned long>(it);
    Gen g(seed);
    const size_t d = static_cast<size_t>(g.pick(1, 2));
    const int units = static_cast<int>(g.pick(1, 2));
    const bool bias = units * (d + 1) <= 4 && g.coin();
    const size_t n = static_cast<size_t>(g.pick(2, 5));
    const Family fam = g.coin() ? Family::Weighted : Family::Fraction;
    bf::Data dt = make_instance(g, fam, n, d);
    auto pow2 = [](long e) {
      mpq_class r(1);
      if (e >= 0)
        mpq_mul_2exp(r.get_mpq_t(), r.get_mpq_t(), static_cast<mp_bitcnt_t>(e));
      else
        mpq_div_2exp(r.get_mpq_t(), r.get_mpq_t(), static_cast<mp_bitcnt_t>(-e));
      return r;
    };
    std::vector<mpq_class> col;
    for (size_t a = 0; a < d; ++a)
      col.push_back(pow2(g.pick(-6000, 6000)));
    const mpq_class ys = pow2(g.pick(-3000, 3000)), cs = pow2(g.pick(-3000, 3000));
    for (size_t i = 0; i < n; ++i) {
      for (size_t a = 0; a < d; ++a)
        dt.x[i][a] *= col[a];
      dt.y[i] *= ys;
      dt.c[i] *= cs;
    }
    BOOST_TEST_CONTEXT("seed " << seed << ", k = " << units << ", bias = " << bias
                               << ", instance:\n"
                               << bf::to_text(dt)) {
      const bf::BruteResult br = bf::brute_force_units(dt, bias, units, units == 1);
      Model m;
      m.units = units;
      m.bias = bias;
      m.nonneg = units == 1;
      const Instance inst = testutil::to_instance(dt);
      // Scaling a whole column keeps each point's relative size in it: never refused.
      BOOST_TEST(exact_fit(inst, m).get() == br.opt);
      ++count;
    }
  }
  BOOST_TEST_MESSAGE(count << " scaled instances solved and compared with the brute force");
}
