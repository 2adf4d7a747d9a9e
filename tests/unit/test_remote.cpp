// Remote workers (solver/remote.hpp, relucert-mpi) through in-process channels (loopback.hpp):
// the master's proxies hand out nodes, remote workers return closed subtrees with holes and
// their open nodes, the master stitches one certificate. Checked against the brute force of
// brute_force.hpp (an independent enumeration) and by relucheck:
//  - seeded random instances, k = 1 and 2, with two remote workers and no local one, and with
//    one local worker beside them, with slices short enough that most results return open
//    nodes (so holes and stitching are exercised, not just whole subtrees);
//  - a remote worker that dies after its first result (its node goes back to the pool): the
//    run still proves the optimum with a verified certificate;
//  - every remote worker dying: the master's own worker takes over;
//  - a time limit: a verified interval certificate.
#define BOOST_TEST_MODULE remote
#include <boost/test/unit_test.hpp>

#include "brute_force.hpp"
#include "certify.hpp"
#include "loopback.hpp"
#include "random_instances.hpp"
#include "test_util.hpp"

#include <string>

using namespace relucert;
using namespace difftest;

namespace {

struct Case {
  bf::Data dt;
  bool bias = false;
  int units = 1;
  bool nonneg = true;
  mpq_class opt;
};

// Drops the last point while the brute force would need more than 20,000 KKT systems.
void shrink(bf::Data& dt, bool bias, int units, bool nonneg) {
  while (dt.n > 1 && bf::brute_force_systems(dt, bias, units, nonneg) > 20000) {
    dt.x.pop_back(), dt.y.pop_back(), dt.c.pop_back();
    --dt.n;
  }
}

// A random instance small enough for the brute force, with its optimum.
Case random_case(unsigned long seed, int units) {
  Gen g(seed);
  Case c;
  c.units = units;
  c.nonneg = units == 1 || g.coin();
  c.bias = g.coin();
  const Family fam = static_cast<Family>(g.pick(0, 4));
  c.dt = make_instance(g, fam, static_cast<size_t>(g.pick(3, units == 1 ? 9 : 6)), 2);
  shrink(c.dt, c.bias, units, c.nonneg);
  c.opt = bf::brute_force_units(c.dt, c.bias, units, c.nonneg).opt;
  return c;
}

Model model_of(const Case& c) {
  Model m;
  m.units = c.units;
  m.bias = c.bias;
  m.nonneg = c.nonneg;
  return m;
}

// fit_and_check with `remotes` loopback workers (`die_after` as in Loopback) and `local`
// local workers.
testutil::Certified fit_remote(const std::string& name, const std::string& text, const Model& model,
                               SearchOptions so, size_t remotes, size_t local, int die_after = -1,
                               int* died = nullptr) {
  const Instance inst = parse_instance(text, name);
  testutil::Loopback lb(inst, model, so, remotes, die_after);
  so.remotes = lb.channels();
  so.threads = local;
  testutil::Certified c =
      testutil::fit_and_check(testutil::work_dir("test_remote"), name, text, model, so);
  lb.finish();
  lb.rethrow();
  // It dies unless the search was over before it had sent that many results.
  if (die_after >= 0)
    BOOST_TEST((lb.gone(0) || lb.results(0) <= static_cast<size_t>(die_after)),
               "the remote worker was to die");
  if (died) *died += lb.gone(0) ? 1 : 0;
  return c;
}

} // namespace

BOOST_AUTO_TEST_CASE(remote_workers_prove_the_brute_force_optimum) {
  int count = 0;
  for (int units : {1, 2})
    for (unsigned long it = 0; it < 12; ++it) {
      const Case c = random_case(mix(base_seed() ^ (0x72656dUL + 100 * units) ^ it), units);
      const Model model = model_of(c);
      for (size_t local : {0, 1}) {
        BOOST_TEST_CONTEXT("k = " << units << ", bias = " << c.bias << ", local workers " << local
                                  << ", instance:\n"
                                  << bf::to_text(c.dt)) {
          SearchOptions so;
          so.remote_slice = it % 2 == 0 ? 1e-4 : 0.05;
          so.remote_batch = it % 3 == 0 ? 1 : 16; // one node per work item, or batches
          so.remote_batch = it % 3 == 0 ? 1 : 16; // one node per work item, or batches
          const auto r = fit_remote("case", bf::to_text(c.dt), model, so, 2, local);
          BOOST_TEST(r.fit.optimal);
          BOOST_TEST(r.fit.lower.get() == c.opt);
          BOOST_TEST(r.check.verified(), "relucheck:\n" << r.check.output);
          BOOST_TEST(r.check.has_line("c verified: OPT = " + c.opt.get_str()));
          ++count;
        }
      }
    }
  BOOST_TEST(count == 48);
}

BOOST_AUTO_TEST_CASE(a_remote_worker_that_dies_loses_nothing) {
  // As many points in d = 2 as the brute force affords, slices of one plunge: many work items.
  Gen g(20261201);
  bf::Data dt = make_instance(g, Family::Fraction, 9, 2);
  shrink(dt, true, 1, true);
  BOOST_TEST_MESSAGE("n = " << dt.n);
  const mpq_class opt = bf::brute_force_units(dt, true, 1, true).opt;
  Model model;
  model.bias = true;
  SearchOptions so;
  so.remote_slice = 1e-4;
  so.remote_batch = 1; // one node per item: enough items for each worker to die after 3
  int died = 0;
  for (int die_after : {0, 1, 3}) {
    BOOST_TEST_CONTEXT("the remote worker dies after " << die_after << " results") {
      const auto r = fit_remote("dies", bf::to_text(dt), model, so, 2, 0, die_after, &died);
      BOOST_TEST(r.fit.optimal);
      BOOST_TEST(r.fit.lower.get() == opt);
      BOOST_TEST(r.check.verified(), "relucheck:\n" << r.check.output);
    }
  }
  BOOST_TEST(died >= 1, "no remote worker died: the test proved nothing");
  // The only remote worker dies: the master's own worker finishes the search.
  const auto r = fit_remote("alone", bf::to_text(dt), model, so, 1, 0, 0, &died);
  BOOST_TEST(died >= 2, "the only remote worker did not die");
  BOOST_TEST(r.fit.lower.get() == opt);
  BOOST_TEST(r.check.verified(), "relucheck:\n" << r.check.output);
}

BOOST_AUTO_TEST_CASE(a_time_limit_gives_a_verified_interval) {
  Gen g(7);
  bf::Data dt = make_instance(g, Family::Fraction, 1000, 3);
  Model model;
  SearchOptions so;
  so.time_limit = 0.5;
  so.remote_slice = 0.01;
  const auto r = fit_remote("stopped", bf::to_text(dt), model, so, 2, 0);
  BOOST_TEST(r.fit.stopped);
  BOOST_TEST(r.fit.lower <= r.fit.upper);
  BOOST_TEST(r.check.verified(), "relucheck:\n" << r.check.output);
}
