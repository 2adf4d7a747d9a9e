// The search reports its proof to a Tracer. A recording tracer checks the shape of
// what is reported: a complete binary tree in preorder per sign split, counts that
// match end_tree, multiplier indices within the path, and final claims consistent
// with the witness. (The checker, tests/checker, verifies the mathematics.)
#define BOOST_TEST_MODULE search_trace
#include <boost/test/unit_test.hpp>

#include "brute_force.hpp"
#include "cert/tracer.hpp"
#include "io/instance.hpp"
#include "solver/search.hpp"
#include "test_util.hpp"

#include <atomic>
#include <vector>

using namespace relucert;

namespace {

class Recorder : public Tracer {
public:
  void begin_tree(int p) override {
    trees.push_back(p);
    stack.clear();
    counts = TreeCounts{};
    open = 1; // the root is an open node
  }
  void branch(int, int, bool) override {
    BOOST_TEST_REQUIRE(open > 0);
    stack.push_back(0);
    ++counts.branches;
  }
  // Hinge indices (depth + 2i, certs/FORMAT.md §2) may follow a leaf's path multipliers; n is
  // the instance's size when the test sets it (0: none expected).
  size_t hinge_n = 0;
  void leaf(const RVec&, const RVec&, const std::vector<Multiplier>& lambda) override {
    check_lambda(lambda, 2 * hinge_n);
    ++counts.leaves;
    close_node();
  }
  void empty(const std::vector<Multiplier>& lambda) override {
    BOOST_TEST(!lambda.empty());
    check_lambda(lambda);
    ++counts.empties;
    close_node();
  }
  void sym(int unit, int point) override {
    BOOST_TEST(unit >= 0);
    BOOST_TEST(point >= 0);
    ++counts.syms;
    close_node();
  }
  void end_tree(int p, const TreeCounts& c) override {
    BOOST_TEST(p == trees.back());
    BOOST_TEST(open == 0); // every node closed: the tree is complete
    BOOST_TEST(c.branches == counts.branches);
    BOOST_TEST(c.leaves == counts.leaves);
    BOOST_TEST(c.empties == counts.empties);
    BOOST_TEST(c.syms == counts.syms);
    total_syms += c.syms;
  }
  void finish(const Network& w, const Rational& upper, const Rational& lower) override {
    witness = w;
    up = upper;
    lo = lower;
    finished = true;
  }

  std::vector<int> trees;
  std::vector<int> stack; // per open branch: number of children closed so far
  TreeCounts counts;
  int open = 0;
  uint64_t total_syms = 0;
  Network witness;
  Rational up, lo;
  bool finished = false;

private:
  void check_lambda(const std::vector<Multiplier>& lambda, size_t hinges = 0) {
    size_t depth = stack.size();
    for (size_t t = 0; t < lambda.size(); ++t) {
      if (hinges > 0 && lambda[t].r >= depth) { // rho_i, i undecided (not checked here)
        BOOST_TEST(lambda[t].r < depth + hinges);
        BOOST_TEST((lambda[t].r - depth) % 2 == 0u);
      } else
        BOOST_TEST(lambda[t].r <= depth); // the empty record may name the node's own constraint
      BOOST_TEST(lambda[t].value.sign() >= 0);
      if (t) BOOST_TEST(lambda[t - 1].r < lambda[t].r);
    }
  }
  void close_node() {
    while (!stack.empty() && stack.back() == 1)
      stack.pop_back();
    if (stack.empty())
      open = 0;
    else
      stack.back() = 1;
  }
};

Instance k3() {
  // certs/MATH.md §9: MAX-CUT reduction of the triangle, M = 13.
  std::string text = "relu 3\n1 0 0 1 13\n0 1 0 1 13\n0 0 1 1 13\n-1 0 0 1 13\n0 -1 0 1 13\n"
                     "0 0 -1 1 13\n1 1 0 0\n-1 -1 0 0\n1 0 1 0\n-1 0 -1 0\n0 1 1 0\n0 -1 -1 0\n";
  return parse_instance(text, "k3");
}

} // namespace

BOOST_AUTO_TEST_CASE(k3_trace_is_a_complete_tree) {
  Instance inst = k3();
  for (Strategy s : {Strategy::BranchAndBound, Strategy::Enumerate}) {
    Recorder rec;
    rec.hinge_n = inst.n;
    SearchOptions opt;
    opt.strategy = s;
    FitResult r = fit(inst, Model{}, opt, rec);
    BOOST_TEST(rec.finished);
    BOOST_TEST(rec.trees == std::vector<int>{1});
    // Hand value from certs/MATH.md §9.5.
    BOOST_TEST(r.upper == Rational(5057) / Rational(119));
    BOOST_TEST(r.lower == r.upper);
    BOOST_TEST(rec.up == r.upper);
    BOOST_TEST(rec.lo == r.lower);
    BOOST_TEST(exact_loss(inst, rec.witness) == rec.up);
  }
}

BOOST_AUTO_TEST_CASE(signed_two_units_have_three_trees) {
  Instance inst = parse_instance("relu 1\n1 1\n2 -1\n-1 1\n", "t");
  Recorder rec;
  Model m;
  m.units = 2;
  m.nonneg = false;
  FitResult r = fit(inst, m, SearchOptions{}, rec);
  BOOST_TEST((rec.trees == std::vector<int>{0, 1, 2}));
  BOOST_TEST(exact_loss(inst, rec.witness) == r.upper);
  // The optimum from the independent brute force (brute_force.hpp), with symmetry on and off.
  const mpq_class bf_opt =
      bf::brute_force_units(testutil::from_instance(inst), false, 2, false).opt;
  BOOST_TEST(r.optimal);
  BOOST_TEST(r.upper.get() == bf_opt);
  // Trees p = 0 and p = 2 have two units of equal sign: some node is closed by symmetry,
  // and with symmetry off none is.
  BOOST_TEST(rec.total_syms > 0u);
  Recorder off;
  SearchOptions opt;
  opt.symmetry = false;
  FitResult r_off = fit(inst, m, opt, off);
  BOOST_TEST(off.total_syms == 0u);
  BOOST_TEST(r_off.optimal);
  BOOST_TEST(r_off.upper.get() == bf_opt);
  BOOST_TEST(exact_loss(inst, off.witness) == r_off.upper);
}

BOOST_AUTO_TEST_CASE(stopped_search_still_closes_every_node) {
  // A stopped search must still report a complete tree and a proved interval. Two ways to
  // stop, neither depending on the machine's speed: an interrupt raised before the search
  // starts, and a time limit of 1e-9 s. The search polls both every 64 nodes and, once
  // stopping, closes the open nodes by their bounds without branching. This instance needs
  // more than 64 nodes (561 when it runs to the end), so the first poll stops it: by then
  // the search has done 64 nodes of work, far more than 1e-9 s on any clock.
  std::string text = "relu 2\n";
  for (int i = 0; i < 40; ++i)
    text += std::to_string((i * 7) % 11 - 5) + " " + std::to_string((i * 5) % 13 - 6) + " " +
            std::to_string((i * 3) % 5 - 2) + "\n";
  Instance inst = parse_instance(text, "t");
  Tracer none;
  const FitResult full = fit(inst, Model{}, SearchOptions{}, none);
  BOOST_TEST_REQUIRE(full.optimal);
  BOOST_TEST_REQUIRE(full.stats.nodes > 64u); // else no poll could stop the search
  for (const bool by_interrupt : {true, false}) {
    BOOST_TEST_CONTEXT((by_interrupt ? "interrupt" : "time limit")) {
      Recorder rec;
      rec.hinge_n = inst.n;
      SearchOptions opt;
      const std::atomic<int> raised{1};
      if (by_interrupt)
        opt.interrupt = &raised;
      else
        opt.time_limit = 1e-9;
      FitResult r = fit(inst, Model{}, opt, rec);
      BOOST_TEST(rec.finished);
      BOOST_TEST(r.stopped);
      BOOST_TEST(!r.optimal);
      BOOST_TEST(r.stats.nodes < full.stats.nodes);
      BOOST_TEST(r.lower < r.upper);
      BOOST_TEST(exact_loss(inst, rec.witness) == r.upper);
      // The interval holds the optimum of the run to the end (whose own certificate the
      // checker tests verify): a consistency check of the stopped run's bounds.
      BOOST_TEST(r.lower <= full.lower);
      BOOST_TEST(full.upper <= r.upper);
    }
  }
}
