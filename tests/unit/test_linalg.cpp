// Exact linear algebra (src/exact/linalg): solutions are checked by multiplying back,
// never compared with the output of another solver.
#define BOOST_TEST_MODULE linalg
#include <boost/test/unit_test.hpp>

#include "exact/linalg.hpp"
#include "random_instances.hpp"

using namespace relucert;

namespace {
RVec mul(const RMat& M, const RVec& z) {
  RVec r(M.size(), Rational(0));
  for (size_t i = 0; i < M.size(); ++i)
    for (size_t j = 0; j < z.size(); ++j)
      r[i] += M[i][j] * z[j];
  return r;
}
} // namespace

BOOST_AUTO_TEST_CASE(random_consistent_systems) {
  // The portable generator of random_instances.hpp: the seed names the same systems with
  // every standard library.
  const unsigned seed = 7;
  difftest::Gen gen(seed);
  auto& rng = gen.rng;
  auto frac = [&] { // numerator first, then denominator (sequenced, unlike a / b's operands)
    const long num = gen.pick(-4, 4);
    return Rational(num) / Rational(gen.pick(1, 5));
  };
  for (int trial = 0; trial < 300; ++trial) {
    size_t rows = 1 + rng() % 6, cols = 1 + rng() % 6;
    RMat M(rows, RVec(cols));
    for (auto& r : M)
      for (auto& e : r)
        e = rng() % 3 == 0 ? Rational(0) : frac();
    if (rows > 1 && rng() % 2) M[rows - 1] = M[0]; // a dependent row now and then
    RVec x0(cols);
    for (auto& e : x0)
      e = frac();
    RVec b = mul(M, x0);
    auto z = solve_exact(M, b);
    BOOST_TEST_CONTEXT("seed " << seed << " trial " << trial) {
      BOOST_TEST_REQUIRE(z.has_value());
      BOOST_TEST(mul(M, *z) == b);
    }
  }
}

BOOST_AUTO_TEST_CASE(inconsistent_system) {
  // x + y = 1 and 2x + 2y = 3 have no solution.
  RMat M = {{Rational(1), Rational(1)}, {Rational(2), Rational(2)}};
  BOOST_TEST(!solve_exact(M, {Rational(1), Rational(3)}).has_value());
  // ... but x + y = 1, 2x + 2y = 2 has one; free variable y = 0 gives x = 1.
  auto z = solve_exact(M, {Rational(1), Rational(2)});
  BOOST_TEST_REQUIRE(z.has_value());
  BOOST_TEST((*z)[0] == Rational(1));
  BOOST_TEST((*z)[1] == Rational(0));
}

BOOST_AUTO_TEST_CASE(fractions) {
  // (1/2) x = 1/3  =>  x = 2/3.
  auto z = solve_exact({{Rational(1) / Rational(2)}}, {Rational(1) / Rational(3)});
  BOOST_TEST_REQUIRE(z.has_value());
  BOOST_TEST((*z)[0] == Rational(2) / Rational(3));
}

BOOST_AUTO_TEST_CASE(independent_rows_by_hand) {
  // Rows: e1, 2 e1 (dependent), e2, e1 + e2 (dependent), e3.
  RMat R = {{Rational(1), Rational(0), Rational(0)},
            {Rational(2), Rational(0), Rational(0)},
            {Rational(0), Rational(1), Rational(0)},
            {Rational(1), Rational(1), Rational(0)},
            {Rational(0), Rational(0), Rational(1) / Rational(7)}};
  std::vector<size_t> expect = {0, 2, 4};
  BOOST_TEST(independent_rows(R) == expect);
  BOOST_TEST(independent_rows({{Rational(0), Rational(0)}}).empty());
}
