// The brute-force oracle (brute_force.hpp) checked against hand derivations and
// against properties any optimum must have. The differential tests trust it, so it is
// tested first and on its own: nothing here calls the solver.
#define BOOST_TEST_MODULE brute_force
#include <boost/test/unit_test.hpp>

#include "brute_force.hpp"
#include "test_util.hpp"

#include <algorithm>
#include <random>

using testutil::data;
using testutil::q;

namespace {
mpq_class opt1(const bf::Data& dt, bool bias) {
  return bf::brute_force_relu(dt, bias).opt;
}
} // namespace

BOOST_AUTO_TEST_CASE(single_point_is_fitted_exactly) {
  // One point x = 2, y = 3: w = 3/2 gives max(0, 3) = 3, loss 0.
  auto r = bf::brute_force_relu(data(1, {{"2", "3"}}), false);
  BOOST_TEST(r.opt == 0);
  BOOST_TEST(r.net.at(0).v.at(0) == q("3/2"));
}

BOOST_AUTO_TEST_CASE(opposite_points_one_side_only) {
  // x = 1 and x = -1, both y = 1. For w >= 0 the loss is (w - 1)^2 + 1 (the point -1
  // is inactive), minimal 1 at w = 1; w <= 0 is symmetric. OPT = 1.
  BOOST_TEST(opt1(data(1, {{"1", "1"}, {"-1", "1"}}), false) == 1);
}

BOOST_AUTO_TEST_CASE(least_squares_through_origin) {
  // x = 1, 2 with y = 1, 1. For w >= 0: (w-1)^2 + (2w-1)^2, derivative
  // 2(w-1) + 4(2w-1) = 10w - 6 = 0 at w = 3/5, loss 4/25 + 1/25 = 1/5.
  // For w <= 0 both are inactive: loss 2. OPT = 1/5.
  auto r = bf::brute_force_relu(data(1, {{"1", "1"}, {"2", "1"}}), false);
  BOOST_TEST(r.opt == q("1/5"));
  BOOST_TEST(r.net.at(0).v.at(0) == q("3/5"));
}

BOOST_AUTO_TEST_CASE(negative_side_wins) {
  // (x, y) = (1, 2), (-1, 3), (2, -1), no bias.
  // w >= 0: (w-2)^2 + 9 + (2w+1)^2, derivative 10w = 0, so w = 0 and loss 4+9+1 = 14.
  // w <= 0: 4 + (-w-3)^2 + 1, zero at w = -3: loss 5. OPT = 5 at w = -3 (unique).
  auto r = bf::brute_force_relu(data(1, {{"1", "2"}, {"-1", "3"}, {"2", "-1"}}), false);
  BOOST_TEST(r.opt == 5);
  BOOST_TEST(r.net.at(0).v.at(0) == -3);
}

BOOST_AUTO_TEST_CASE(nonpositive_labels_give_the_zero_network) {
  // All y <= 0: max(0, .) >= 0, so each term is >= c y^2, attained at w = 0.
  // OPT = 1*1 + 2*4 + 3*0 + (1/2)*(9/4) = 9 + 9/8 = 81/8.
  auto dt = data(2, {{"1", "0", "-1", "1"},
                     {"0", "1", "-2", "2"},
                     {"1", "1", "0", "3"},
                     {"-1", "2", "-3/2", "1/2"}});
  BOOST_TEST(opt1(dt, false) == q("81/8"));
  BOOST_TEST(opt1(dt, true) == q("81/8"));
}

BOOST_AUTO_TEST_CASE(zero_point_is_a_constant) {
  // x = 0 gives max(0, 0) = 0 whatever w: the term 5^2 = 25 is fixed; (1, 2) is fitted
  // exactly by w = 2. OPT = 25.
  BOOST_TEST(opt1(data(1, {{"0", "5"}, {"1", "2"}}), false) == 25);
}

BOOST_AUTO_TEST_CASE(bias_with_duplicate_points) {
  // x = 0 twice with y = 1 (weight 1) and y = 3 (weight 3), with bias: f = max(0, b).
  // Minimise (b-1)^2 + 3(b-3)^2: b = (1 + 9)/4 = 5/2, loss 9/4 + 3/4 = 3.
  auto r = bf::brute_force_relu(data(1, {{"0", "1", "1"}, {"0", "3", "3"}}), true);
  BOOST_TEST(r.opt == 3);
  BOOST_TEST(r.net.at(0).v.at(1) == q("5/2"));
  // Without bias the output is 0 at x = 0: OPT = 1 + 3*9 = 28.
  BOOST_TEST(opt1(data(1, {{"0", "1", "1"}, {"0", "3", "3"}}), false) == 28);
}

BOOST_AUTO_TEST_CASE(valley_with_and_without_bias) {
  // (x, y) = (0, 1), (1, 0), (2, 1).
  // With bias: all three active gives the least-squares line of slope 0 and intercept
  // 2/3 (positive, so feasible), loss 1/9 + 4/9 + 1/9 = 2/3. Every other cell leaves a
  // point with y = 1 inactive or fits two points on a line through the third badly:
  // each of those cells has a constant term 1 in its quadratic, so loss >= 1.
  // OPT = 2/3.
  // Without bias: x = 0 costs 1; then w >= 0 gives w^2 + (2w-1)^2, minimal at
  // w = 2/5 with 4/25 + 1/25 = 1/5; w <= 0 costs 1 more. OPT = 6/5.
  auto dt = data(1, {{"0", "1"}, {"1", "0"}, {"2", "1"}});
  BOOST_TEST(opt1(dt, true) == q("2/3"));
  BOOST_TEST(opt1(dt, false) == q("6/5"));
}

BOOST_AUTO_TEST_CASE(k3_maxcut) {
  // certs/MATH.md §9.5: K3, M = 13. L(w) = 13 sum_v ((|w_v| - 1)^2 + 1)
  // + sum_uv (w_u + w_v)^2. At w = (a, a, -b), a = 104/119, b = 117/119:
  // a - 1 = -15/119, b - 1 = -2/119, 2a = 208/119, a - b = -13/119, so over 119^2:
  // 13 (2*225 + 4) + 208^2 + 2*169 = 5902 + 43264 + 338 = 49504 = 32*7*13*17, i.e.
  // 416/119, and L = 39 + 416/119 = 5057/119.
  std::vector<std::vector<std::string>> rows;
  for (int v = 0; v < 3; ++v)
    for (const char* s : {"1", "-1"}) {
      std::vector<std::string> r(3, "0");
      r[static_cast<size_t>(v)] = s;
      r.push_back("1");
      r.push_back("13");
      rows.push_back(r);
    }
  for (int u = 0; u < 3; ++u)
    for (int v = u + 1; v < 3; ++v)
      for (const char* s : {"1", "-1"}) {
        std::vector<std::string> r(3, "0");
        r[static_cast<size_t>(u)] = r[static_cast<size_t>(v)] = s;
        r.push_back("0");
        r.push_back("1");
        rows.push_back(r);
      }
  auto dt = data(3, rows);
  bf::BruteNet claimed{{1, {q("104/119"), q("104/119"), q("-117/119")}}};
  BOOST_TEST(bf::true_loss(dt, false, claimed) == q("5057/119"));
  auto r = bf::brute_force_relu(dt, false);
  BOOST_TEST(r.opt == q("5057/119"));
  BOOST_TEST(bf::true_loss(dt, false, r.net) == r.opt);
}

BOOST_AUTO_TEST_CASE(two_units) {
  // (x, y) = (1, 1), (-1, -1), no bias.
  // k = 1: w >= 0 leaves (-1, -1) at 0 (cost 1) and fits (1, 1); w <= 0 leaves (1, 1)
  // at 0 (cost 1). OPT = 1. k = 1 signed adds f = -max(0, v x): v = -1 fits (-1, -1)
  // and leaves (1, 1) at 0: also 1.
  // k = 2 signed: max(0, x) - max(0, -x) = x fits both: OPT = 0.
  // k = 2 nonnegative: f >= 0 costs 1 at x = -1 whatever: OPT = 1.
  auto dt = data(1, {{"1", "1"}, {"-1", "-1"}});
  BOOST_TEST(bf::brute_force_units(dt, false, 1, true).opt == 1);
  BOOST_TEST(bf::brute_force_units(dt, false, 1, false).opt == 1);
  BOOST_TEST(bf::brute_force_units(dt, false, 2, false).opt == 0);
  BOOST_TEST(bf::brute_force_units(dt, false, 2, true).opt == 1);

  // y = |x| at x = +-1, +-2 plus a zero point with y = 1 (cost 1 always).
  // k = 2: max(0, x) + max(0, -x) = |x|, OPT = 1. k = 1: w >= 0 fits x = 1, 2 with
  // w = 1 and loses 1 + 4 at x = -1, -2: OPT = 1 + 5 = 6.
  auto abs = data(1, {{"-1", "1"}, {"1", "1"}, {"2", "2"}, {"-2", "2"}, {"0", "1"}});
  BOOST_TEST(bf::brute_force_units(abs, false, 1, true).opt == 6);
  BOOST_TEST(bf::brute_force_units(abs, false, 2, true).opt == 1);
  auto r = bf::brute_force_units(abs, false, 2, false);
  BOOST_TEST(r.opt == 1);
  BOOST_TEST(bf::true_loss(abs, false, r.net) == 1);

  // (x, y, c) = (1, 1, 1), (2, 1, 1), (0, 1/2, 2), k = 2 signed, no bias. The zero
  // point costs 2 (1/2)^2 = 1/2. For x > 0, f(x) = A x where A = sum_j a_j max(0, w_j)
  // is any real: (A - 1)^2 + (2A - 1)^2 = 5A^2 - 6A + 2 is minimal at A = 3/5 with 1/5.
  // OPT = 1/5 + 1/2 = 7/10. One unit already reaches every A >= 0: the same 7/10.
  auto lin = data(1, {{"1", "1"}, {"2", "1"}, {"0", "1/2", "2"}});
  BOOST_TEST(bf::brute_force_units(lin, false, 2, false).opt == q("7/10"));
  BOOST_TEST(bf::brute_force_units(lin, false, 1, true).opt == q("7/10"));
}

BOOST_AUTO_TEST_CASE(three_units_hand_optimum) {
  // d = 2, no bias, points (x1, x2, y):
  //   A  = (1, 0) twice, with y = 1 and y = 3;  C = (-1, -1), y = 2;  Z = (0, 0), y = 1;
  //   E  = (1, 1), y = 3;  F = (1, -1), y = 2;  G = (-1, 1), y = 1.
  // Lower bound for every network (any k, any signs): without bias f(Z) = 0, so Z costs 1;
  // the two copies of A cost (f(A) - 1)^2 + (f(A) - 3)^2 = 2 (f(A) - 2)^2 + 2 >= 2. So
  // OPT >= 3.
  // Attained with k = 3 by N(x) = 2 max(0, x1) + max(0, x2) + max(0, -x1 - x2), three units
  // of sign +1 with pairwise non-parallel weights: N(A) = 2, N(C) = 0 + 0 + 2 = 2,
  // N(E) = 2 + 1 + 0 = 3, N(F) = 2 + 0 + 0 = 2, N(G) = 0 + 1 + 0 = 1: only Z and A cost,
  // 1 + 2 = 3. Hence OPT = 3 for k = 3, nonnegative or signed output weights.
  // Negating every label: the signed model's optimum is -N (three units of sign -1, tree
  // p = 0) and the lower bound is unchanged: OPT = 3 again.
  auto dt = testutil::three_units_instance();
  const bf::BruteNet N{{1, {q("2"), q("0")}}, {1, {q("0"), q("1")}}, {1, {q("-1"), q("-1")}}};
  BOOST_TEST(bf::true_loss(dt, false, N) == 3);
  auto nonneg = bf::brute_force_units(dt, false, 3, true);
  BOOST_TEST(nonneg.opt == 3);
  BOOST_TEST(bf::true_loss(dt, false, nonneg.net) == 3);
  BOOST_TEST(bf::brute_force_units(dt, false, 3, false).opt == 3);
  auto neg = dt;
  for (auto& y : neg.y)
    y = -y;
  auto r = bf::brute_force_units(neg, false, 3, false);
  BOOST_TEST(r.opt == 3);
  for (const auto& u : r.net) // the optimum is made of units of sign -1 (or zero units)
    BOOST_TEST((u.sign == -1 || std::all_of(u.v.begin(), u.v.end(),
                                            [](const mpq_class& v) { return sgn(v) == 0; })));
  // Not derived by hand, a property of the instance: two units do worse (the brute force
  // says 13/4), so the optimum needs three different units of the same sign.
  BOOST_TEST(bf::brute_force_units(dt, false, 2, false).opt > 3);
  BOOST_TEST(bf::brute_force_units(dt, false, 2, true).opt > 3);
}

BOOST_AUTO_TEST_CASE(three_units_with_bias_hand_optimum) {
  // d = 1 with bias, (x, y, c) = (0, 0, 1), (1, 1, 1), (2, 0, 1), (3, 1, 1), (3, 3, 3).
  // Lower bound: the two points at x = 3 cost (f - 1)^2 + 3 (f - 3)^2 with f = f(3), minimal
  // at f = (1 + 9)/4 = 5/2 with 9/4 + 3/4 = 3; the rest cost >= 0. So OPT >= 3.
  // Attained with k = 3, signs (+, -, +): f(x) = max(0, x) - 2 max(0, x - 1)
  // + (7/2) max(0, x - 2) gives f(0) = 0, f(1) = 1, f(2) = 2 - 2 = 0, f(3) = 3 - 4 + 7/2
  // = 5/2. OPT = 3 (signed output).
  auto dt = data(1, {{"0", "0"}, {"1", "1"}, {"2", "0"}, {"3", "1"}, {"3", "3", "3"}});
  // Sign-normalised (sorted: the two +1 units first): v = (w, b).
  const bf::BruteNet f{{1, {q("1"), q("0")}}, {1, {q("7/2"), q("-7")}}, {-1, {q("2"), q("-2")}}};
  BOOST_TEST(bf::true_loss(dt, true, f) == 3);
  auto r = bf::brute_force_units(dt, true, 3, false);
  BOOST_TEST(r.opt == 3);
  BOOST_TEST(bf::true_loss(dt, true, r.net) == 3);
}

namespace {
// A random p/q, p in [-6, 6], q in [1, 3] (not canonicalised). The denominator is drawn
// first, then the numerator, in two statements: the order of evaluation of a call's
// arguments is unspecified, so drawing both in one call would make the seed's instances
// depend on the compiler. (This is the order GCC used for the former single call.)
mpq_class ratio(std::mt19937_64& rng) {
  const unsigned long den = 1 + rng() % 3;
  return mpq_class(static_cast<long>(rng() % 13) - 6, den);
}

// A random small instance with integer coordinates in [-3, 3].
bf::Data small_random_data(std::mt19937_64& rng, size_t n, size_t d) {
  auto pick = [&](long lo, long hi) { return lo + static_cast<long>(rng() % (hi - lo + 1)); };
  bf::Data dt;
  dt.n = n;
  dt.d = d;
  for (size_t i = 0; i < n; ++i) {
    bf::QVec x;
    for (size_t j = 0; j < d; ++j)
      x.push_back(mpq_class(pick(-3, 3)));
    dt.x.push_back(x);
    const unsigned long den = 1 + rng() % 2; // drawn first: see ratio() above
    dt.y.push_back(mpq_class(pick(-3, 3), den));
    dt.y.back().canonicalize();
    dt.c.push_back(mpq_class(pick(1, 3)));
  }
  return dt;
}
} // namespace

BOOST_AUTO_TEST_CASE(properties_on_random_data) {
  // Properties of OPT that hold for any correct oracle: it is attained by the
  // returned network, it is below the loss of any other network, it is invariant under
  // permuting the points and, without bias, under scaling all points by t > 0 (w -> w/t
  // gives the same outputs), and a duplicated point equals one point of double weight.
  const unsigned long seed = 20240611;
  std::mt19937_64 rng(seed);
  for (int it = 0; it < 40; ++it) {
    const size_t n = 1 + rng() % 5, d = 1 + rng() % 2;
    const bool bias = rng() % 2;
    bf::Data dt = small_random_data(rng, n, d);
    BOOST_TEST_CONTEXT("seed " << seed << " iteration " << it << " bias " << bias << "\n"
                               << bf::to_text(dt)) {
      auto r = bf::brute_force_relu(dt, bias);
      BOOST_TEST(bf::true_loss(dt, bias, r.net) == r.opt);
      BOOST_TEST(r.opt <= bf::true_loss(dt, bias, {{1, bf::QVec(d + bias, mpq_class(0))}}));
      for (int t = 0; t < 20; ++t) {
        bf::QVec w;
        for (size_t j = 0; j < d + bias; ++j)
          w.push_back(ratio(rng));
        for (auto& v : w)
          v.canonicalize();
        BOOST_TEST(r.opt <= bf::true_loss(dt, bias, {{1, w}}));
      }
      // Permutation: reverse the points.
      bf::Data rev = dt;
      std::reverse(rev.x.begin(), rev.x.end());
      std::reverse(rev.y.begin(), rev.y.end());
      std::reverse(rev.c.begin(), rev.c.end());
      BOOST_TEST(bf::brute_force_relu(rev, bias).opt == r.opt);
      // Without bias, scaling every x by 3 rescales w by 1/3: same OPT.
      if (!bias) {
        bf::Data sc = dt;
        for (auto& row : sc.x)
          for (auto& v : row)
            v *= 3;
        BOOST_TEST(bf::brute_force_relu(sc, bias).opt == r.opt);
      }
      // Duplicating point 0 equals doubling its weight.
      bf::Data dup = testutil::with_point0_twice(dt), dbl = dt;
      dbl.c[0] *= 2;
      BOOST_TEST(bf::brute_force_relu(dup, bias).opt == bf::brute_force_relu(dbl, bias).opt);
    }
  }
}

BOOST_AUTO_TEST_CASE(three_units_properties_on_random_data) {
  // Properties of OPT for k = 3 that hold for any correct oracle, each comparing the brute
  // force with itself on a different problem: the optimum is attained by the returned
  // network and is at most the loss of random networks of the model; more units or signed
  // output weights never do worse (OPT_3 <= OPT_2 <= OPT_1, signed <= nonnegative); negating
  // every label leaves the signed optimum unchanged (a_j -> -a_j); permuting the points and
  // duplicating a point (= doubling its weight) leave it unchanged.
  const unsigned long seed = 20240612;
  std::mt19937_64 rng(seed);
  for (int it = 0; it < 25; ++it) {
    const size_t d = 1 + rng() % 2;
    const bool bias = d == 1 && rng() % 2;
    const size_t n = 1 + rng() % (d + bias == 1 ? 5 : 3);
    const bool nonneg = rng() % 2;
    bf::Data dt = small_random_data(rng, n, d);
    BOOST_TEST_CONTEXT("seed " << seed << " iteration " << it << " bias " << bias << " nonneg "
                               << nonneg << "\n"
                               << bf::to_text(dt)) {
      auto r = bf::brute_force_units(dt, bias, 3, nonneg);
      BOOST_TEST(bf::true_loss(dt, bias, r.net) == r.opt);
      BOOST_TEST(r.net.size() == 3u);
      for (int t = 0; t < 30; ++t) {
        bf::BruteNet net;
        const int p = nonneg ? 3 : static_cast<int>(rng() % 4);
        for (int j = 0; j < 3; ++j) {
          bf::QVec v;
          for (size_t a = 0; a < d + bias; ++a) {
            mpq_class w = ratio(rng);
            w.canonicalize();
            v.push_back(w);
          }
          net.push_back({j < p ? 1 : -1, v});
        }
        BOOST_TEST(r.opt <= bf::true_loss(dt, bias, net));
      }
      const mpq_class two = bf::brute_force_units(dt, bias, 2, nonneg).opt;
      BOOST_TEST(r.opt <= two);
      BOOST_TEST(two <= bf::brute_force_units(dt, bias, 1, nonneg).opt);
      if (nonneg) {
        BOOST_TEST(bf::brute_force_units(dt, bias, 3, false).opt <= r.opt);
      } else {
        bf::Data neg = dt;
        for (auto& y : neg.y)
          y = -y;
        BOOST_TEST(bf::brute_force_units(neg, bias, 3, false).opt == r.opt);
      }
      bf::Data rev = dt;
      std::reverse(rev.x.begin(), rev.x.end());
      std::reverse(rev.y.begin(), rev.y.end());
      std::reverse(rev.c.begin(), rev.c.end());
      BOOST_TEST(bf::brute_force_units(rev, bias, 3, nonneg).opt == r.opt);
      if (n < 3) {
        bf::Data dup = testutil::with_point0_twice(dt), dbl = dt;
        dbl.c[0] *= 2;
        BOOST_TEST(bf::brute_force_units(dup, bias, 3, nonneg).opt ==
                   bf::brute_force_units(dbl, bias, 3, nonneg).opt);
      }
    }
  }
}
