// FragmentStore (src/cert/fragments.hpp): subtrees written in any order, each to a fragment
// attached where it belongs, replay as the one preorder walk a depth-first writer produces.
// Random trees of events (with rationals of every size and sign), written in a random order
// with random holes, must replay to exactly the events of the plain preorder walk.
#define BOOST_TEST_MODULE fragments
#include <boost/test/unit_test.hpp>

#include "cert/cert_writer.hpp"
#include "cert/fragments.hpp"

#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace relucert;

namespace {

// Records every event as one line of text.
struct Recorder : Tracer {
  std::vector<std::string> lines;
  static std::string vec(const RVec& v) {
    std::string s;
    for (const Rational& q : v)
      s += " " + q.str();
    return s;
  }
  static std::string lam(const std::vector<Multiplier>& l) {
    std::string s;
    for (const Multiplier& m : l)
      s += " (" + std::to_string(m.r) + " " + m.value.str() + ")";
    return s;
  }
  void branch(int j, int i, bool a) override {
    lines.push_back("branch " + std::to_string(j) + " " + std::to_string(i) + " " +
                    std::to_string(a));
  }
  void leaf(const RVec& u, const RVec& mu, const std::vector<Multiplier>& l) override {
    lines.push_back("leaf" + vec(u) + " |" + vec(mu) + " |" + lam(l));
  }
  void empty(const std::vector<Multiplier>& l) override { lines.push_back("empty" + lam(l)); }
  void sym(int j, int t) override {
    lines.push_back("sym " + std::to_string(j) + " " + std::to_string(t));
  }
};

// A node of a random proof tree: a branch with two children, an implied split (its first
// child empty, the other one its only kid), or a closed node.
struct Node {
  enum Kind { Branch, Implied, Leaf, Empty, Sym } kind;
  int a = 0, b = 0;
  bool first = true; // of Implied: the empty child is the active one
  RVec u, mu;
  std::vector<Multiplier> lambda;
  std::vector<Node> kids;
};

Rational random_rational(std::mt19937_64& rng) {
  mpz_class num(static_cast<long>(rng() % 2001) - 1000), den(1 + static_cast<long>(rng() % 50));
  if (rng() % 4 == 0) num *= mpz_class("123456789012345678901234567890123456789"); // large
  if (rng() % 8 == 0) num = 0;
  return Rational(mpq_class(num, den));
}

Node random_tree(std::mt19937_64& rng, int depth) {
  Node n{};
  const unsigned r = static_cast<unsigned>(rng() % 10);
  if (depth > 0 && r < 5) {
    n.kind = Node::Branch;
    n.a = static_cast<int>(rng() % 3), n.b = static_cast<int>(rng() % 1000);
    n.kids.push_back(random_tree(rng, depth - 1));
    n.kids.push_back(random_tree(rng, depth - 1));
    return n;
  }
  if (depth > 0 && r == 5) {
    n.kind = Node::Implied;
    n.a = static_cast<int>(rng() % 3), n.b = static_cast<int>(rng() % 1000);
    n.first = rng() % 2 == 0;
    for (size_t t = 1 + rng() % 3; t > 0; --t)
      n.lambda.push_back({static_cast<size_t>(rng() % 70000), random_rational(rng)});
    n.kids.push_back(random_tree(rng, depth - 1));
    return n;
  }
  n.kind = r < 7 ? Node::Leaf : r < 9 ? Node::Empty : Node::Sym;
  n.a = static_cast<int>(rng() % 3), n.b = static_cast<int>(rng() % 100000);
  for (size_t t = rng() % 4; t > 0; --t)
    n.u.push_back(random_rational(rng));
  for (size_t t = rng() % 3; t > 0; --t)
    n.mu.push_back(random_rational(rng));
  for (size_t t = rng() % 4; t > 0; --t)
    n.lambda.push_back({static_cast<size_t>(rng() % 70000), random_rational(rng)});
  return n;
}

void closed(const Node& n, Tracer& out) {
  if (n.kind == Node::Leaf) out.leaf(n.u, n.mu, n.lambda);
  if (n.kind == Node::Empty) out.empty(n.lambda);
  if (n.kind == Node::Sym) out.sym(n.a, n.b);
}

void preorder(const Node& n, Tracer& out) {
  if (n.kind == Node::Implied) out.implied(n.a, n.b, n.first, n.lambda);
  if (n.kind == Node::Branch) out.branch(n.a, n.b, true);
  if (n.kind != Node::Branch && n.kind != Node::Implied) return closed(n, out);
  for (const Node& k : n.kids)
    preorder(k, out);
}

struct Pending {
  const Node* node;
  size_t frag;
};

// Writes node n into the selected fragment; each child of a branch is, at random, written at
// once (a plunge) or left for later in a fragment of its own, attached in its place.
void write(const Node& n, FragmentStore& store, FragmentStore::Writer& fs,
           std::vector<Pending>& later, std::mt19937_64& rng) {
  if (n.kind == Node::Implied) fs.implied(n.a, n.b, n.first, n.lambda);
  if (n.kind == Node::Branch) fs.branch(n.a, n.b, true);
  if (n.kind != Node::Branch && n.kind != Node::Implied) return closed(n, fs);
  for (const Node& k : n.kids) {
    if (rng() % 2 == 0) {
      write(k, store, fs, later, rng);
    } else {
      const size_t f = store.create();
      fs.attach(f);
      later.push_back({&k, f});
    }
  }
}

// Writes the tree under `root` into `store`, pending subtrees in a random order (any order: a
// random pending subtree next); returns the root's fragment.
size_t write_in_random_order(const Node& root, FragmentStore& store, std::mt19937_64& rng) {
  FragmentStore::Writer fs(store);
  std::vector<Pending> later{{&root, store.create()}};
  const size_t root_frag = later.front().frag;
  while (!later.empty()) {
    const size_t pick = rng() % later.size();
    const Pending p = later[pick];
    later.erase(later.begin() + static_cast<long>(pick));
    fs.select(p.frag);
    write(*p.node, store, fs, later, rng);
  }
  return root_frag;
}

} // namespace

BOOST_AUTO_TEST_CASE(random_order_replays_as_preorder) {
  std::mt19937_64 rng(20261201);
  for (int trial = 0; trial < 200; ++trial) {
    BOOST_TEST_CONTEXT("trial " << trial) {
      const Node root = random_tree(rng, 1 + trial % 9);
      Recorder want, got;
      preorder(root, want);
      FragmentStore store;
      const size_t root_frag = write_in_random_order(root, store, rng);
      store.replay(root_frag, got);
      BOOST_TEST(got.lines == want.lines, boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(empty_fragment_and_second_replay) {
  // A fragment nothing was written to replays as nothing; replay can be repeated, and writes
  // after a replay still land where they belong.
  FragmentStore store;
  FragmentStore::Writer fs(store);
  const size_t root = store.create(), hole = store.create();
  fs.select(root);
  fs.branch(0, 5, true);
  fs.attach(hole);
  fs.sym(0, 7);
  fs.flush();
  Recorder r1;
  store.replay(root, r1);
  BOOST_TEST(r1.lines == (std::vector<std::string>{"branch 0 5 1", "sym 0 7"}),
             boost::test_tools::per_element());
  fs.select(hole);
  fs.empty({{3, Rational(mpq_class(-5, 7))}});
  fs.flush();
  Recorder r2;
  store.replay(root, r2);
  BOOST_TEST(r2.lines == (std::vector<std::string>{"branch 0 5 1", "empty (3 -5/7)", "sym 0 7"}),
             boost::test_tools::per_element());
}

// For the certificate writer the fragments hold the records' text (Tracer::takes_text): a
// random tree written in a random order replays to exactly the bytes a CertWriter writes in
// one preorder walk; and the record text is the canonical text of certs/FORMAT.md, built
// here from Rational::str().
BOOST_AUTO_TEST_CASE(text_fragments_replay_as_the_certificate_writer_writes) {
  std::mt19937_64 rng(20261204);
  for (int trial = 0; trial < 200; ++trial) {
    BOOST_TEST_CONTEXT("trial " << trial) {
      const Node root = random_tree(rng, 1 + trial % 9);
      std::ostringstream want_s, got_s;
      CertWriter want(want_s), got(got_s);
      BOOST_TEST(got.takes_text());
      preorder(root, want);
      FragmentStore store;
      store.use_text(true);
      const size_t root_frag = write_in_random_order(root, store, rng);
      store.replay(root_frag, got);
      BOOST_TEST(got_s.str() == want_s.str());
    }
  }
}

// Two writers (as two workers) write long runs of records into their own fragments, each
// buffering more than a run's worth between hand-overs, interleaved in the store's file; a
// fragment's records replay in the order they were written, and the holes in their places.
BOOST_AUTO_TEST_CASE(two_writers_interleaved_long_runs) {
  FragmentStore store;
  store.use_text(true);
  FragmentStore::Writer w0(store), wa(store), wb(store);
  const size_t root = store.create(), a = store.create(), b = store.create();
  std::string want_root, want_a, want_b;
  w0.select(root);
  w0.branch(0, 1, true);
  append_branch(want_root, 0, 1, true);
  w0.attach(a);
  w0.attach(b);
  wa.select(a);
  wb.select(b);
  for (int t = 0; t < 30000; ++t) { // about 0.5 MB for each writer
    wa.branch(0, t, t % 2 == 0);
    append_branch(want_a, 0, t, t % 2 == 0);
    wb.sym(1, t);
    append_sym(want_b, 1, t);
    if (t == 20000) { // a hole in the middle of a's run
      const size_t c = store.create();
      wa.attach(c);
      want_a += "SUBTREE";
      wb.select(c);
      wb.empty({{2, Rational(mpq_class(1, 3))}});
      wb.select(b);
    }
  }
  std::string sub;
  append_empty(sub, {{2, Rational(mpq_class(1, 3))}});
  want_a.replace(want_a.find("SUBTREE"), 7, sub);
  w0.sym(0, 9);
  append_sym(want_b, 0, 9);
  w0.flush(), wa.flush(), wb.flush();
  std::ostringstream got_s;
  CertWriter got(got_s);
  store.replay(root, got);
  BOOST_TEST(got_s.str() == want_root + want_a + want_b);
}

BOOST_AUTO_TEST_CASE(record_text_is_canonical) {
  std::mt19937_64 rng(20261205);
  for (int trial = 0; trial < 500; ++trial) {
    RVec u, mu;
    std::vector<Multiplier> lam;
    std::string want_leaf = "leaf", want_empty = "empty";
    for (size_t t = rng() % 4; t > 0; --t) {
      u.push_back(random_rational(rng));
      want_leaf += " " + u.back().str();
    }
    for (size_t t = rng() % 3; t > 0; --t) {
      mu.push_back(random_rational(rng));
      want_leaf += " " + mu.back().str();
    }
    std::string lams;
    for (size_t t = rng() % 4; t > 0; --t) {
      lam.push_back({static_cast<size_t>(rng() % 70000), random_rational(rng)});
      lams += " " + std::to_string(lam.back().r) + " " + lam.back().value.str();
    }
    std::string got;
    append_leaf(got, u, mu, lam);
    BOOST_TEST(got == want_leaf + lams + "\n");
    got.clear();
    append_empty(got, lam);
    BOOST_TEST(got == want_empty + lams + "\n");
  }
  std::string got;
  append_branch(got, 0, 1234567, true);
  append_branch(got, 12, 0, false);
  append_sym(got, 3, 9876543);
  append_implied(got, 1, 70001, false, {{0, Rational(mpq_class(3, 4))}, {9, Rational(2)}});
  BOOST_TEST(got ==
             "branch 0 1234567 +\nbranch 12 0 -\nsym 3 9876543\nimplied 1 70001 - 0 3/4 9 2\n");
}
