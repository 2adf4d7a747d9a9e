// NodeState keeps Q, g, h of certs/MATH.md §5 (L3) incrementally along push/pop.
// Differential test: after every step of a random walk the incremental values must
// equal a from-scratch computation written here from the definitions.
#define BOOST_TEST_MODULE node_state
#include <boost/test/unit_test.hpp>

#include "random_instances.hpp"
#include "solver/branching.hpp"
#include "solver/exact_bound.hpp"
#include "solver/node_state.hpp"

#include <algorithm>
#include <vector>

using namespace relucert;

namespace {

Instance random_instance(difftest::Gen& gen, size_t n, size_t d) {
  auto v = [&] { return gen.pick(-3, 3); };
  auto w = [&] { return gen.pick(1, 4); };
  Instance inst;
  inst.n = n;
  inst.d = d;
  for (size_t i = 0; i < n; ++i) {
    std::vector<Rational> x;
    bool zero = (v() == 3); // now and then a zero point (rule Z)
    for (size_t j = 0; j < d; ++j) {
      if (zero) {
        x.push_back(Rational(0));
      } else { // two statements: the order of the draws is fixed
        const long num = v();
        x.push_back(Rational(num) / Rational(w()));
      }
    }
    inst.x.push_back(x);
    inst.y.push_back(Rational(v()) / Rational(2));
    inst.c.push_back(Rational(w()));
  }
  return inst;
}

// From the definitions: decided points contribute c (phi.V - y)^2 expanded, and
// undecided points c y^2 when the L3 rule applies.
void from_scratch(const NodeState& st, RMat& Q, RVec& g, Rational& h) {
  const Problem& pb = st.problem();
  Q.assign(pb.D, RVec(pb.D, Rational(0)));
  g.assign(pb.D, Rational(0));
  h = Rational(0);
  for (size_t i = 0; i < pb.n; ++i) {
    size_t decided = 0, pos_in = 0, neg_in = 0;
    for (size_t j = 0; j < pb.k; ++j) {
      Act a = pb.zero[i] ? Act::Inactive : st.act(j, i);
      if (a != Act::Undecided) ++decided;
      if (a == Act::Inactive) (st.signs()[j] > 0 ? pos_in : neg_in)++;
    }
    const Rational cyy = pb.c[i] * pb.y[i] * pb.y[i];
    if (decided == pb.k) {
      RVec phi(pb.D, Rational(0));
      for (size_t j = 0; j < pb.k; ++j)
        if (!pb.zero[i] && st.act(j, i) == Act::Active)
          for (size_t t = 0; t < pb.dp; ++t)
            phi[j * pb.dp + t] = Rational(st.signs()[j]) * pb.x[i][t];
      for (size_t a = 0; a < pb.D; ++a) {
        for (size_t b = 0; b < pb.D; ++b)
          Q[a][b] += pb.c[i] * phi[a] * phi[b];
        g[a] += pb.c[i] * pb.y[i] * phi[a];
      }
      h += cyy;
    } else {
      size_t npos = static_cast<size_t>(st.p()), nneg = pb.k - npos;
      bool rule =
          (pb.y[i].sign() <= 0 && neg_in == nneg) || (pb.y[i].sign() >= 0 && pos_in == npos);
      if (rule) h += cyy;
    }
  }
}

// How the exact numbers are kept (node_state.hpp): machine-integer numerators, GMP with the
// journal because the caller asked for it, or GMP because the numbers do not fit 2^62.
enum class Path { Ints, GmpAsked, GmpTooLarge };

// A random walk of pushes and pops; the exact Q and g are read after a step with probability
// 1 / read_every (NodeState forms them only when read, from integer numerators or from a
// journal in which a push and its pop cancel), h and the float shadow after every step.
void random_walk(const unsigned seed, const unsigned read_every, Path path = Path::Ints) {
  // The portable generator of random_instances.hpp: the seed names the same walk with every
  // standard library.
  difftest::Gen gen(seed);
  auto& rng = gen.rng;
  for (int trial = 0; trial < 60; ++trial) {
    size_t n = 1 + rng() % 6, d = 1 + rng() % 3, k = 1 + rng() % 3;
    Instance inst = random_instance(gen, n, d);
    if (path == Path::GmpTooLarge) { // 2^61 / 3 in x: C X_r X_c cannot fit 2^62
      const Rational big = Rational(mpz_class(mpz_class(1) << 61)) / Rational(3);
      for (auto& x : inst.x)
        x[0] *= big;
    }
    Model model;
    model.units = static_cast<int>(k);
    model.bias = rng() % 2;
    model.nonneg = false;
    Problem pb(inst, model, {}, path != Path::GmpAsked);
    bool nonzero_x0 = false;
    for (size_t i = 0; i < n; ++i)
      nonzero_x0 = nonzero_x0 || !inst.x[i][0].is_zero();
    // The path under test is the one taken (a too large instance with every x[0] = 0 fits).
    BOOST_TEST(pb.ints.ok == (path == Path::Ints || (path == Path::GmpTooLarge && !nonzero_x0)));
    int p = static_cast<int>(rng() % (k + 1));
    NodeState st(pb, p);
    // The undecided list before each push: a pop must restore it, order and all (the list's
    // order is a function of the path).
    const auto listed = [&st] {
      return std::vector<size_t>(st.undecided_list(), st.undecided_list() + st.undecided_count());
    };
    std::vector<std::vector<size_t>> before_push;
    BOOST_TEST_CONTEXT("seed " << seed << " trial " << trial << " n " << n << " d " << d << " k "
                               << k << " p " << p) {
      for (int step = 0; step < 40; ++step) {
        std::vector<std::pair<int, int>> open;
        for (size_t i = 0; i < n; ++i)
          for (size_t j = 0; j < k; ++j)
            if (!pb.zero[i] && st.act(j, i) == Act::Undecided) open.push_back({int(j), int(i)});
        bool do_pop = st.depth() > 0 && (open.empty() || rng() % 3 == 0);
        if (do_pop) {
          st.pop();
          BOOST_TEST(listed() == before_push.back());
          before_push.pop_back();
        } else if (!open.empty()) {
          before_push.push_back(listed());
          auto [j, i] = open[rng() % open.size()];
          st.push(Constraint{j, i, rng() % 2 == 0});
        }
        RMat Q;
        RVec g;
        Rational h;
        from_scratch(st, Q, g, h);
        BOOST_TEST(h == st.h());
        if (rng() % read_every == 0) {
          BOOST_TEST(g == st.g());
          BOOST_TEST(Q == st.Q());
        }
        BOOST_TEST(std::abs(st.hf() - h.to_double()) <= 1e-9 * (1 + std::abs(h.to_double())));
        for (size_t a = 0; a < pb.D; ++a) { // the float shadow follows the exact values
          const double ga = g[a].to_double();
          BOOST_TEST(std::abs(st.gf()[a] - ga) <= 1e-9 * (1 + std::abs(ga)));
          for (size_t b = 0; b < pb.D; ++b) {
            const double qab = Q[a][b].to_double();
            BOOST_TEST(std::abs(st.Qf()[a * pb.D + b] - qab) <= 1e-9 * (1 + std::abs(qab)));
          }
        }
        size_t und = 0;
        for (size_t i = 0; i < n; ++i)
          und += st.decided(i) ? 0 : 1;
        BOOST_TEST(st.all_decided() == (und == 0));
        std::vector<size_t> want, got = listed(); // the list holds exactly the undecided points
        for (size_t i = 0; i < n; ++i)
          if (!st.decided(i)) want.push_back(i);
        std::sort(got.begin(), got.end());
        BOOST_TEST(got == want, "the undecided list");
      }
    }
  }
}

} // namespace

BOOST_AUTO_TEST_CASE(incremental_equals_scratch) {
  random_walk(20261125, 1); // Q and g read after every step
}

BOOST_AUTO_TEST_CASE(lazy_exact_state_equals_scratch) {
  random_walk(20261201, 5); // read now and then: several steps between two reads
}

BOOST_AUTO_TEST_CASE(gmp_journal_equals_scratch) {
  random_walk(20261125, 1, Path::GmpAsked);
  random_walk(20261201, 5, Path::GmpAsked); // the journal holds several steps, some cancel
}

BOOST_AUTO_TEST_CASE(too_large_for_machine_integers_falls_back_to_gmp) {
  random_walk(20261202, 3, Path::GmpTooLarge);
}

// BranchRule::scan sums the undecided points and takes the decided ones' terms from the float
// quadratic q(x): at a point x of the region (each decision x's own sign) it is float_loss's
// direct pass over every point, and its candidates are undecided points.
BOOST_AUTO_TEST_CASE(scan_loss_equals_direct_pass) {
  difftest::Gen gen(20261203);
  auto& rng = gen.rng;
  size_t compared = 0;
  for (int trial = 0; trial < 40; ++trial) {
    const size_t n = 2 + rng() % 12, d = 1 + rng() % 3, k = 1 + rng() % 2;
    Instance inst = random_instance(gen, n, d);
    Model model;
    model.units = static_cast<int>(k);
    model.bias = rng() % 2;
    Problem pb(inst, model);
    NodeState st(pb, static_cast<int>(rng() % (k + 1)));
    std::vector<double> x(pb.D);
    for (double& v : x)
      v = static_cast<double>(gen.pick(-40, 40)) / 16 + 1.0 / 64; // t = 0 is rare
    BranchRule rule(1e-9);
    for (int step = 0; step < 3 * static_cast<int>(n * k); ++step) {
      const double L = rule.scan(st, x), direct = float_loss(st, x);
      BOOST_TEST(std::abs(L - direct) <= 1e-9 * (1 + direct),
                 "trial " << trial << " step " << step);
      for (const auto& [viol, i] : rule.candidates())
        BOOST_TEST(!st.decided(i));
      // The undecided list holds exactly the undecided points, and its columns their x'_i.
      size_t undecided = 0;
      for (size_t i = 0; i < n; ++i)
        undecided += !st.decided(i);
      BOOST_TEST(st.undecided_count() == undecided);
      for (size_t u = 0; u < st.undecided_count(); ++u) {
        const size_t i = st.undecided_list()[u];
        BOOST_TEST(!st.decided(i));
        for (size_t a = 0; a < pb.dp; ++a)
          BOOST_TEST(st.undecided_column(a)[u] == pb.xf[i][a]);
        BOOST_TEST(st.undecided_y()[u] == pb.yf[i]);
        BOOST_TEST(st.undecided_c()[u] == pb.cf[i]);
        const double sy = st.signs()[0] * pb.yf[i];
        BOOST_TEST(st.undecided_join()[u] == hinge_join(sy));
        BOOST_TEST(st.undecided_stay()[u] == hinge_stay(sy));
        if (k == 1) BOOST_TEST(st.undecided_l3()[u] == (st.rule_applies(i) ? pb.cyyf[i] : 0.0));
      }
      // freal_rows: each real constraint's alpha_r with its sign, zero outside its block.
      for (size_t r = 0; r < st.freal().size(); ++r) {
        const FConstraint& f = st.freal()[r];
        for (size_t a = 0; a < pb.D; ++a) {
          const bool in = a >= f.off && a < f.off + pb.dp;
          BOOST_TEST(st.freal_rows()[r * pb.D + a] == (in ? f.sign * f.x[a - f.off] : 0.0));
        }
      }
      ++compared;
      std::vector<std::pair<int, int>> open;
      for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < k; ++j)
          if (!pb.zero[i] && st.act(j, i) == Act::Undecided) open.push_back({int(j), int(i)});
      if (open.empty() || (st.depth() > 0 && rng() % 4 == 0)) {
        if (st.depth() > 0) st.pop();
        continue;
      }
      const auto [j, i] = open[rng() % open.size()];
      double t = 0;
      for (size_t a = 0; a < pb.dp; ++a)
        t += pb.xf[static_cast<size_t>(i)][a] * x[static_cast<size_t>(j) * pb.dp + a];
      st.push(Constraint{j, i, t >= 0}); // the side that x is on
    }
  }
  BOOST_TEST(compared > 500u);
}

BOOST_AUTO_TEST_CASE(branch_on_decided_pair_is_refused) {
  Instance inst;
  inst.n = 1;
  inst.d = 1;
  inst.x = {{Rational(1)}};
  inst.y = {Rational(1)};
  inst.c = {Rational(1)};
  Model m;
  Problem pb(inst, m);
  NodeState st(pb, 1);
  st.push(Constraint{0, 0, true});
  BOOST_CHECK_THROW(st.push(Constraint{0, 0, false}), std::logic_error);
}

// The exact kernels' machine-integer path (exact_kkt, exact_qp, exact_empty on a NodeState with
// ints()) gives what the GMP path gives, to the bit: the same u, multipliers, bound and
// feasibility, the same Gordan multipliers. Two node states of the same instance, one with and
// one without the fast path, walk the same random path; at every step both solve the KKT
// system of random working sets and the empty-interior system of each undecided pair's two
// sides with the path as support.
BOOST_AUTO_TEST_CASE(int_kernels_equal_gmp_kernels) {
  difftest::Gen gen(20261203);
  auto& rng = gen.rng;
  int kkt_solved = 0, kkt_negative = 0, empties = 0, small_empties = 0;
  for (int trial = 0; trial < 40; ++trial) {
    size_t n = 2 + rng() % 6, d = 1 + rng() % 3, k = 1 + rng() % 2;
    Instance inst = random_instance(gen, n, d);
    Model model;
    model.units = static_cast<int>(k);
    model.bias = rng() % 2;
    model.nonneg = false;
    Problem pi(inst, model), pg(inst, model, {}, false);
    BOOST_TEST(pi.ints.ok);
    BOOST_TEST(!pg.ints.ok);
    int p = static_cast<int>(rng() % (k + 1));
    NodeState si(pi, p), sg(pg, p);
    for (int step = 0; step < 12; ++step) {
      std::vector<std::pair<int, int>> open;
      for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < k; ++j)
          if (!pi.zero[i] && si.act(j, i) == Act::Undecided) open.push_back({int(j), int(i)});
      if (open.empty()) break;
      auto [j, i] = open[rng() % open.size()];
      const Constraint c{j, i, rng() % 2 == 0};
      si.push(c);
      sg.push(c);
      BOOST_TEST_CONTEXT("trial " << trial << " step " << step) {
        for (int rep = 0; rep < 3; ++rep) {
          std::vector<int> W;
          for (size_t r = 0; r < si.depth(); ++r)
            if (rng() % 2) W.push_back(static_cast<int>(r));
          const ExactBound a = exact_kkt(si, W), b = exact_kkt(sg, W);
          BOOST_TEST(!a.z.empty() == !a.u.empty()); // solved by the integer kernel
          BOOST_TEST(a.u == b.u);
          BOOST_TEST(a.ok == b.ok);
          BOOST_TEST(a.optimal == b.optimal);
          BOOST_TEST(a.negative == b.negative);
          BOOST_TEST(a.lambda.size() == b.lambda.size());
          for (size_t t = 0; t < std::min(a.lambda.size(), b.lambda.size()); ++t) {
            BOOST_TEST(a.lambda[t].r == b.lambda[t].r);
            BOOST_TEST(a.lambda[t].value == b.lambda[t].value);
          }
          if (!a.u.empty()) BOOST_TEST(a.bound == b.bound);
          kkt_solved += a.ok ? 1 : 0;
          kkt_negative += a.negative >= 0 ? 1 : 0;
          const ExactBound qa = exact_qp(si, W), qb = exact_qp(sg, W);
          BOOST_TEST(qa.bound == qb.bound);
          BOOST_TEST(qa.optimal == qb.optimal);
        }
        std::vector<int> support;
        for (size_t r = 0; r < si.depth(); ++r)
          support.push_back(static_cast<int>(r));
        for (const auto& [uj, pi_] : open) {
          if (uj == j && pi_ == i) continue;
          for (bool side : {true, false}) {
            const Constraint child{uj, pi_, side};
            auto ea = exact_empty(si, child, support), eb = exact_empty(sg, child, support);
            BOOST_TEST(ea.has_value() == eb.has_value());
            // The machine-integer form, when it is given, is exact_empty's certificate.
            std::vector<SmallMultiplier> small;
            if (exact_empty_small(si, child, support, small)) {
              ++small_empties;
              BOOST_TEST_REQUIRE(ea.has_value());
              const std::vector<Multiplier> es = to_multipliers(small);
              BOOST_TEST_REQUIRE(es.size() == ea->size());
              for (size_t t = 0; t < es.size(); ++t)
                BOOST_TEST((es[t].r == (*ea)[t].r && es[t].value == (*ea)[t].value));
            }
            BOOST_TEST(!exact_empty_small(sg, child, support, small)); // no integers: GMP only
            if (!ea || !eb) continue;
            ++empties;
            BOOST_TEST(ea->size() == eb->size());
            for (size_t t = 0; t < std::min(ea->size(), eb->size()); ++t) {
              BOOST_TEST((*ea)[t].r == (*eb)[t].r);
              BOOST_TEST((*ea)[t].value == (*eb)[t].value);
            }
          }
        }
      }
    }
  }
  // The cases exist: valid bounds, negative multipliers, empty interiors.
  BOOST_TEST(kkt_solved > 100);
  BOOST_TEST(kkt_negative > 20);
  BOOST_TEST(empties > 20);
  BOOST_TEST(small_empties > 20);
}
