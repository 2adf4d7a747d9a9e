// Exact linear algebra (src/exact/linalg): solutions are checked by multiplying back. The
// machine-integer IntSystem is also held to its promise of the same particular solution as
// solve_exact (the fast path must not change a certificate), and to Overflow, never a wrong
// answer, when its numbers do not fit.
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

namespace {

// Solves the integer system M z = b with IntSystem; Solved: z = num / den.
IntSystem::Result int_solve(const std::vector<std::vector<long>>& M, const std::vector<long>& b,
                            RVec& z) {
  static IntSystem sys; // reused, as the solver reuses it
  const size_t rows = M.size(), cols = rows ? M[0].size() : 0;
  sys.reset(rows, cols);
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c)
      sys.at(r, c) = M[r][c];
    sys.rhs(r) = b[r];
  }
  IntSystem::Result res = sys.solve();
  z.clear();
  if (res == IntSystem::Result::Solved) {
    BOOST_TEST((sys.den() > 0));
    mpz_class den;
    set_mpz(den, sys.den());
    for (size_t c = 0; c < cols; ++c)
      z.push_back(ratio(sys.num(c), den));
  }
  return res;
}

RMat to_rmat(const std::vector<std::vector<long>>& M) {
  RMat R;
  for (const auto& row : M) {
    RVec r;
    for (long v : row)
      r.push_back(Rational(v));
    R.push_back(r);
  }
  return R;
}

} // namespace

// IntSystem against solve_exact on M z = b: never Overflow, Solved exactly when solve_exact
// finds a solution, and then the same z, with M z = b. Returns whether it was solved.
bool int_solve_matches_gmp(const std::vector<std::vector<long>>& M, const std::vector<long>& b) {
  RVec z;
  const IntSystem::Result res = int_solve(M, b, z);
  RVec bq;
  for (long v : b)
    bq.push_back(Rational(v));
  const std::optional<RVec> ref = solve_exact(to_rmat(M), bq);
  BOOST_TEST((res != IntSystem::Result::Overflow));
  BOOST_TEST((res == IntSystem::Result::Solved) == ref.has_value());
  if (res != IntSystem::Result::Solved) return false;
  BOOST_TEST(mul(to_rmat(M), z) == bq);
  if (ref) BOOST_TEST(z == *ref);
  return true;
}

BOOST_AUTO_TEST_CASE(int_system_is_solve_exact_in_machine_integers) {
  difftest::Gen gen(20261201);
  auto& rng = gen.rng;
  int solved = 0, inconsistent = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const size_t rows = 1 + rng() % 6, cols = 1 + rng() % 6;
    std::vector<std::vector<long>> M(rows, std::vector<long>(cols));
    for (auto& row : M)
      for (long& v : row)
        v = rng() % 3 == 0 ? 0 : gen.pick(-9, 9);
    if (rows > 1 && rng() % 3 == 0) M[rows - 1] = M[0]; // rank deficient
    std::vector<long> b(rows);
    if (rng() % 2 == 0) { // consistent: b = M z0
      std::vector<long> z0(cols);
      for (long& v : z0)
        v = gen.pick(-5, 5);
      for (size_t r = 0; r < rows; ++r)
        for (size_t c = 0; c < cols; ++c)
          b[r] += M[r][c] * z0[c];
    } else
      for (long& v : b)
        v = gen.pick(-9, 9);
    BOOST_TEST_CONTEXT("trial " << trial << " rows " << rows << " cols " << cols) {
      if (int_solve_matches_gmp(M, b)) // entries this small always fit
        ++solved;
      else
        ++inconsistent;
    }
  }
  BOOST_TEST(solved > 500);
  BOOST_TEST(inconsistent > 500);
}

// Entries of 2^16 to 2^20 in 3 x 3 systems: a Bareiss numerator of the last step, the product of
// two 2 x 2 minors (up to 2^41 each), is past int64 while the quotient, a 3 x 3 minor (below
// 6 2^60), fits. So both division paths run (64-bit for the first step, 128-bit for the last),
// and every system is solved, exactly as solve_exact solves it.
BOOST_AUTO_TEST_CASE(int_system_wide_numerators_fit_after_division) {
  difftest::Gen gen(20261203);
  auto& rng = gen.rng;
  int solved = 0;
  for (int trial = 0; trial < 400; ++trial) {
    std::vector<std::vector<long>> M(3, std::vector<long>(3));
    for (auto& row : M)
      for (long& v : row)
        v = (rng() % 2 ? 1 : -1) * gen.pick(1L << 16, 1L << 20);
    std::vector<long> b = {gen.pick(-9, 9), gen.pick(-9, 9), gen.pick(-9, 9)};
    BOOST_TEST_CONTEXT("trial " << trial) {
      if (int_solve_matches_gmp(M, b)) ++solved;
    }
  }
  BOOST_TEST(solved > 350); // random 3 x 3 matrices are almost never singular
}

BOOST_AUTO_TEST_CASE(int_system_overflow_is_reported_not_wrapped) {
  // A 3 x 3 system with entries near 2^40: its 2 x 2 minors are near 2^81, past int64.
  const long e = 1L << 40;
  std::vector<std::vector<long>> M = {{e + 1, e - 3, 5}, {e - 7, e + 11, -e}, {3, -e, e + 13}};
  std::vector<long> b = {1, 2, 3};
  RVec z;
  BOOST_TEST(static_cast<int>(int_solve(M, b, z)) ==
             static_cast<int>(IntSystem::Result::Overflow));
  // Entries near 2^19: every minor fits int64 (3 x 3: at most 6 (2^19 + 13)^3 < 2^60), so it
  // is solved, and right.
  const long f = 1L << 19;
  M = {{f + 1, f - 3, 5}, {f - 7, f + 11, -f}, {3, -f, f + 13}};
  BOOST_TEST(static_cast<int>(int_solve(M, b, z)) ==
             static_cast<int>(IntSystem::Result::Solved));
  RVec bq = {Rational(1), Rational(2), Rational(3)};
  BOOST_TEST(mul(to_rmat(M), z) == bq);
}
