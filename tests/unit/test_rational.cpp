// Mirrors src/exact/rational and src/exact/decimal: the two rational grammars of
// certs/FORMAT.md (§1 instance numbers, §2 canonical certificate rationals), the
// canonical text form, correctly rounded decimal output, and the certificate writer's text of
// rationals.
#define BOOST_TEST_MODULE rational
#include <boost/test/unit_test.hpp>

#include "cert/cert_writer.hpp"
#include "exact/decimal.hpp"
#include "exact/rational.hpp"
#include "solver/exact_bound.hpp"

#include <random>
#include <string>
#include <vector>

using relucert::append_empty;
using relucert::append_implied;
using relucert::append_leaf;
using relucert::i128;
using relucert::Multiplier;
using relucert::ratio;
using relucert::Rational;
using relucert::set_mpz;
using relucert::SmallMultiplier;
using relucert::to_decimal;
using relucert::u128;
using relucert::WideMultiplier;

namespace {
Rational R(long num, long den = 1) {
  return Rational(mpz_class(num), mpz_class(den));
}

// The parsed value's canonical text, or "<none>".
std::string inum(const std::string& s) {
  auto r = Rational::parse_instance_number(s);
  return r ? r->str() : "<none>";
}
std::string canon(const std::string& s) {
  auto r = Rational::parse_canonical(s);
  return r ? r->str() : "<none>";
}
} // namespace

BOOST_AUTO_TEST_CASE(instance_numbers_accepted) {
  BOOST_TEST(inum("0") == "0");
  BOOST_TEST(inum("7") == "7");
  BOOST_TEST(inum("-7") == "-7");
  BOOST_TEST(inum("+7") == "7");
  BOOST_TEST(inum("0.125") == "1/8");
  BOOST_TEST(inum("1e-3") == "1/1000");
  BOOST_TEST(inum("1E3") == "1000");
  BOOST_TEST(inum("2.5e+2") == "250");
  BOOST_TEST(inum("-1.5e-1") == "-3/20");
  BOOST_TEST(inum("010") == "10"); // base 10, never octal
  BOOST_TEST(inum("0010.50") == "21/2");
  BOOST_TEST(inum("6/4") == "3/2"); // instances need not be canonical
  BOOST_TEST(inum("-6/4") == "-3/2");
  BOOST_TEST(inum("0/5") == "0");
  BOOST_TEST(inum("-0") == "0");
  BOOST_TEST(inum(".5") == "1/2");
  BOOST_TEST(inum("5.") == "5");
  BOOST_TEST(inum("-.25") == "-1/4");
  BOOST_TEST(inum("1e4096") == "1" + std::string(4096, '0'));
  BOOST_TEST(inum("1e-4096") == "1/1" + std::string(4096, '0'));
  BOOST_TEST(inum("123456789012345678901234567890") == "123456789012345678901234567890");
}

BOOST_AUTO_TEST_CASE(instance_numbers_rejected) {
  for (const char* s :
       {"",    "+",   "-",   "1/0", "-3/0",  "abc",   "1e99999", "1e4097", "1e-4097", "0x1", "1..2",
        " 1",  "1 ",  "1/",  "/2",  "1/2/3", "1.5/2", "1/-2",    "e5",     ".",       ".e1", "1e",
        "1e+", "--1", "+-1", "1,5", "inf",   "nan",   "1_000",   "1.2.3",  "1e1.5",   "\t1"})
    BOOST_TEST(inum(s) == "<none>", "'" << s << "' must be rejected");
}

BOOST_AUTO_TEST_CASE(canonical_accepted) {
  BOOST_TEST(canon("0") == "0");
  BOOST_TEST(canon("1") == "1");
  BOOST_TEST(canon("-1") == "-1");
  BOOST_TEST(canon("3/4") == "3/4");
  BOOST_TEST(canon("-3/4") == "-3/4");
  BOOST_TEST(canon("5057/119") == "5057/119");
  BOOST_TEST(canon("123456789012345678901234567891/7") == "123456789012345678901234567891/7");
}

BOOST_AUTO_TEST_CASE(canonical_rejected) {
  for (const char* s : {"6/4", "010", "+1",   "-0",  "3/1", "1.5",   "",     "-",   "1/",
                        "0/1", "00",  "0x1",  " 1",  "1 ",  "-3/-4", "3/04", "1e3", "/2",
                        "--1", "1/0", "-0/1", "2/2", "4/2", "abc",   "1/2/3"})
    BOOST_TEST(canon(s) == "<none>", "'" << s << "' must be rejected");
}

BOOST_AUTO_TEST_CASE(str_is_canonical) {
  BOOST_TEST(R(6, 4).str() == "3/2");
  BOOST_TEST(R(-6, 4).str() == "-3/2");
  BOOST_TEST(R(6, -4).str() == "-3/2");
  BOOST_TEST(R(0, 5).str() == "0");
  BOOST_TEST(R(10, 5).str() == "2");
  BOOST_TEST(Rational().str() == "0");
  BOOST_TEST(Rational(-7).str() == "-7");
  BOOST_TEST(Rational(mpq_class(8, 12)).str() == "2/3");
  // Round trip through the canonical parser.
  for (const Rational& r : {R(0), R(1), R(-1), R(3, 4), R(-22, 7), R(5057, 119)}) {
    auto back = Rational::parse_canonical(r.str());
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST(back->str() == r.str());
  }
}

BOOST_AUTO_TEST_CASE(arithmetic_exact) {
  BOOST_TEST((R(1, 3) + R(1, 6)).str() == "1/2");
  BOOST_TEST((R(1, 3) - R(1, 2)).str() == "-1/6");
  BOOST_TEST((R(2, 3) * R(3, 4)).str() == "1/2");
  BOOST_TEST((R(2, 3) / R(4, 9)).str() == "3/2");
  BOOST_CHECK_THROW(R(1) / R(0), std::domain_error);
  BOOST_CHECK_THROW(Rational(mpz_class(1), mpz_class(0)), std::domain_error);
  BOOST_TEST(Rational::from_double_exact(0.1).str() == "3602879701896397/36028797018963968");
  BOOST_TEST(Rational::from_double_exact(-0.5).str() == "-1/2");
}

BOOST_AUTO_TEST_CASE(decimal_seventeen_digits) {
  BOOST_TEST(to_decimal(R(1, 3)) == "0.33333333333333333");
  BOOST_TEST(to_decimal(R(1, 3), 17) == "0.33333333333333333");
  BOOST_TEST(to_decimal(R(5057, 119)) == "42.495798319327731");
  BOOST_TEST(to_decimal(R(-5057, 119)) == "-42.495798319327731");
  BOOST_TEST(to_decimal(R(0)) == "0");
  BOOST_TEST(to_decimal(R(1)) == "1");
  BOOST_TEST(to_decimal(R(-1, 2)) == "-0.5");
}

BOOST_AUTO_TEST_CASE(decimal_rounding) {
  BOOST_TEST(to_decimal(R(2, 3), 3) == "0.667");
  BOOST_TEST(to_decimal(R(-2, 3), 3) == "-0.667");
  BOOST_TEST(to_decimal(R(1, 3), 1) == "0.3");
  BOOST_TEST(to_decimal(R(999, 1), 2) == "1000"); // rounds up into a new digit
  BOOST_TEST(to_decimal(R(19, 2), 2) == "9.5");
  // An exact tie: 1/8 = 0.125 at 2 digits. The function documents that either
  // neighbour is a correct rounding.
  const std::string tie = to_decimal(R(1, 8), 2);
  BOOST_TEST((tie == "0.12" || tie == "0.13"), "got " << tie);
  // A value just above the tie must round up, just below must round down: the
  // enclosure logic has to resolve them although they are close to the midpoint.
  mpz_class big;
  mpz_ui_pow_ui(big.get_mpz_t(), 10, 40);
  Rational above = R(1, 8) + Rational(mpz_class(1), big);
  Rational below = R(1, 8) - Rational(mpz_class(1), big);
  BOOST_TEST(to_decimal(above, 2) == "0.13");
  BOOST_TEST(to_decimal(below, 2) == "0.12");
}

BOOST_AUTO_TEST_CASE(decimal_exponents) {
  // Fixed form for decimal exponents in [-5, 15], scientific outside.
  BOOST_TEST(to_decimal(R(1, 100000)) == "0.00001");
  BOOST_TEST(to_decimal(R(1, 1000000)) == "1e-06");
  BOOST_TEST(to_decimal(R(-1, 1000000)) == "-1e-06");
  BOOST_TEST(to_decimal(R(1, 3000000), 3) == "3.33e-07");
  mpz_class p15, p16, p100;
  mpz_ui_pow_ui(p15.get_mpz_t(), 10, 15);
  mpz_ui_pow_ui(p16.get_mpz_t(), 10, 16);
  mpz_ui_pow_ui(p100.get_mpz_t(), 10, 100);
  BOOST_TEST(to_decimal(Rational(p15)) == "1000000000000000");
  BOOST_TEST(to_decimal(Rational(p16)) == "1e+16");
  BOOST_TEST(to_decimal(Rational(mpz_class(2 * p100)), 3) == "2e+100");
  BOOST_TEST(to_decimal(Rational(mpz_class(-2 * p100)), 3) == "-2e+100");
  BOOST_TEST(to_decimal(Rational(mpz_class(1), p100)) == "1e-100");
  BOOST_TEST(to_decimal(Rational(mpz_class(2), mpz_class(3 * p100)), 5) == "6.6667e-101");
  // Far beyond double range: the value is still rounded correctly.
  mpz_class p400;
  mpz_ui_pow_ui(p400.get_mpz_t(), 10, 400);
  BOOST_TEST(to_decimal(Rational(mpz_class(1), mpz_class(3 * p400)), 4) == "3.333e-401");
  BOOST_TEST(to_decimal(Rational(mpz_class(7 * p400)), 2) == "7e+400");
}

// ratio(i128, i128) reduces in machine integers; GMP's own canonicalisation (Rational from two
// mpz) is the independent answer. Values straddle the one-limb boundary (2^63, 2^64) on both
// sides, and the extremes of __int128.
BOOST_AUTO_TEST_CASE(ratio_of_int128_is_canonical) {
  const auto mpz_of = [](i128 v) {
    mpz_class z;
    set_mpz(z, v);
    return z;
  };
  const i128 one = 1, max = static_cast<i128>(~static_cast<u128>(0) >> 1), min = -max - 1;
  std::vector<i128> nums{0,
                         1,
                         -1,
                         6,
                         -6,
                         35,
                         (one << 63) - 1,
                         one << 63,
                         -(one << 63),
                         (one << 64) - 1,
                         one << 64,
                         -(one << 64) * 3,
                         (one << 100) * 7,
                         max,
                         min};
  std::vector<i128> dens{1,
                         2,
                         3,
                         14,
                         (one << 63) - 1,
                         one << 63,
                         (one << 64) - 1,
                         one << 64,
                         (one << 64) * 3,
                         (one << 100) * 21,
                         max};
  for (i128 n : nums)
    for (i128 d : dens) {
      const Rational got = ratio(n, d), want(mpz_of(n), mpz_of(d));
      BOOST_TEST(got == want);
      BOOST_TEST(got.str() == want.str()); // the same canonical text: reduced, sign in front
      BOOST_TEST(mpz_sgn(got.get().get_den_mpz_t()) > 0);
    }
  BOOST_CHECK_THROW(ratio(1, 0), std::domain_error);
  BOOST_CHECK_THROW(ratio(1, -2), std::domain_error);
}

// gcd_u128 (64-bit path when both fit, Euclid in 128 bits otherwise) against GMP's mpz_gcd, on
// both sides of the 2^64 boundary, with zeros and the largest values.
BOOST_AUTO_TEST_CASE(gcd_of_uint128_matches_gmp) {
  const auto mpz_of = [](u128 v) { // from its two 64-bit halves
    mpz_class z(static_cast<unsigned long>(v >> 64));
    z <<= 64;
    z += static_cast<unsigned long>(v);
    return z;
  };
  const u128 one = 1, max = ~static_cast<u128>(0);
  std::vector<u128> vals{0,
                         1,
                         2,
                         6,
                         35,
                         1071,
                         462,
                         (one << 63) * 3,
                         (one << 64) - 1,
                         one << 64,
                         (one << 64) * 9,
                         (one << 100) * 7,
                         (one << 70) * 21,
                         max,
                         max - 1};
  for (u128 a : vals)
    for (u128 b : vals) {
      mpz_class want;
      mpz_gcd(want.get_mpz_t(), mpz_of(a).get_mpz_t(), mpz_of(b).get_mpz_t());
      BOOST_TEST((mpz_of(relucert::gcd_u128(a, b)) == want));
    }
}

// The certificate writer prints a one-limb integer without mpz_get_str: the same text as
// Rational::str() on each side of the limb boundary.
BOOST_AUTO_TEST_CASE(writer_prints_multipliers_canonically) {
  mpz_class l1 = (mpz_class(1) << 64) - 1, l2 = mpz_class(1) << 64;
  std::vector<Rational> vals{Rational(0),
                             Rational(1),
                             Rational(-1),
                             Rational(l1),
                             Rational(mpz_class(-l1)),
                             Rational(l2),
                             Rational(mpz_class(-l2)),
                             Rational(mpz_class(-3), l1),
                             Rational(mpz_class(5), l2)};
  std::vector<Multiplier> lam;
  std::string want = "empty";
  for (size_t r = 0; r < vals.size(); ++r) {
    lam.push_back({r, vals[r]});
    want += " " + std::to_string(r) + " " + vals[r].str();
  }
  std::string out;
  append_empty(out, lam);
  BOOST_TEST(out == want + "\n");
  BOOST_TEST(want.find(" 18446744073709551615 ") != std::string::npos); // 2^64 - 1 itself
}

// Multipliers in machine integers give the records their Rationals give, to the byte.
BOOST_AUTO_TEST_CASE(writer_prints_small_multipliers_as_rationals) {
  const int64_t big = INT64_MAX, low = INT64_MIN;
  std::vector<SmallMultiplier> small{{0, 0, 1},          {1, 1, 1},   {2, -1, 1},
                                     {3, 3, 4},          {4, -3, 4},  {5, big, 1},
                                     {6, -big, big - 1}, {7, low, 1}, {8, 1, big}};
  std::string a, b, c, d;
  append_empty(a, small);
  append_empty(b, relucert::to_multipliers(small));
  BOOST_TEST(a == b);
  append_implied(c, 2, 7, false, small);
  append_implied(d, 2, 7, false, relucert::to_multipliers(small));
  BOOST_TEST(c == d);
  BOOST_TEST(a.find(" 7 -9223372036854775808 ") != std::string::npos);
  BOOST_TEST(c.rfind("implied 2 7 - 0 0 1 1 2 -1 3 3/4", 0) == 0);
}

// A leaf's 128-bit hinge multipliers print as their Rationals do, to the byte: the pieces of 19
// digits (leading zeros inside, none in front) at and around 10^19, 2^64 and 2^127, and random
// coprime pairs of every size.
BOOST_AUTO_TEST_CASE(writer_prints_wide_multipliers_as_rationals) {
  const i128 max = static_cast<i128>(~static_cast<u128>(0) >> 1); // 2^127 - 1
  const i128 e19 = static_cast<i128>(10000000000000000000ULL), two64 = static_cast<i128>(1) << 64;
  std::vector<WideMultiplier> wide{{10, 0, 1},         {11, 1, 1},
                                   {12, -1, 1},        {13, e19, 1},
                                   {14, e19 - 1, e19}, {15, -(e19 + 1), e19},
                                   {16, two64, 1},     {17, two64 - 1, two64},
                                   {18, e19 * e19, 1}, {19, e19 * e19 + 7, e19 * 3 + 1},
                                   {20, max, 1},       {21, -max, max - 1},
                                   {22, 1, max},       {23, e19 * 5 + 3, two64 * (e19 / 2) + 1}};
  std::mt19937_64 rng(20261204);
  for (size_t t = 0; t < 400; ++t) { // random magnitudes of 1..127 bits, reduced
    const auto draw = [&] {
      const u128 v = (static_cast<u128>(rng()) << 64 | rng()) >> (1 + rng() % 127);
      return v == 0 ? u128(1) : v;
    };
    u128 a = draw(), b = draw();
    relucert::reduce_pair(a, b);
    wide.push_back({24 + t, (rng() % 2 ? -1 : 1) * static_cast<i128>(a), static_cast<i128>(b)});
  }
  const relucert::RVec u{Rational(mpq_class(3, 7)), Rational(-2)}, mu;
  const std::vector<Multiplier> lam{{2, Rational(mpq_class(1, 2))}, {5, Rational(4)}};
  std::vector<Multiplier> all = lam;
  std::string want = "leaf 3/7 -2 2 1/2 5 4";
  for (const WideMultiplier& w : wide) {
    mpz_class n, d;
    set_mpz(n, w.num);
    set_mpz(d, w.den);
    BOOST_TEST(gcd(n, d) == 1);
    const Rational q{mpq_class(n, d)};
    all.push_back({w.r, q});
    want += " " + std::to_string(w.r) + " " + q.str();
  }
  std::string a, b;
  append_leaf(a, u, mu, lam, wide);
  append_leaf(b, u, mu, all);
  BOOST_TEST(a == want + "\n");
  BOOST_TEST(b == want + "\n");
  BOOST_TEST(a.find(" 13 10000000000000000000 ") != std::string::npos);
  BOOST_TEST(a.find(" 20 170141183460469231731687303715884105727 ") != std::string::npos);
}

// Every length of a 64-bit number prints as std::to_string prints it (the writer's two digits
// per division): 10^e - 1, 10^e and 10^e + 1 for e = 0..19, 2^64 - 1, as indices r.
BOOST_AUTO_TEST_CASE(writer_prints_every_length_of_index) {
  std::vector<uint64_t> vals{0, UINT64_MAX};
  for (uint64_t p = 1, e = 0; e < 20; ++e, p *= 10)
    vals.insert(vals.end(), {p - 1, p, p + 1});
  std::vector<Multiplier> lam;
  std::string want = "empty";
  for (uint64_t v : vals) {
    lam.push_back({v, Rational(1)});
    want += " " + std::to_string(v) + " 1";
  }
  std::string out;
  append_empty(out, lam);
  BOOST_TEST(out == want + "\n");
}
