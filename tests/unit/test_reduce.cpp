// Mirrors src/reduce: graph6 and edge-list parsing, the hypergraph format, the exact
// source-side solvers (against independent slow methods), and the two reductions of
// certs/MATH.md §9-§10 with their exact constants, claims and witnesses.
#define BOOST_TEST_MODULE reduce
#include <boost/test/unit_test.hpp>

#include "expect_input_error.hpp"
#include "io/input_error.hpp"
#include "io/instance.hpp"
#include "io/sha256.hpp"
#include "reduce/claim.hpp"
#include "reduce/graph.hpp"
#include "colouring_oracle.hpp"
#include "reduce/hypergraph.hpp"
#include "reduce/hypergraph2col.hpp"
#include "reduce/maxcut.hpp"
#include "solver/model.hpp"
#include "solver/search.hpp"

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

using namespace relucert;
using namespace relucert::reduce;

namespace {

Rational R(const std::string& s) {
  return *Rational::parse_canonical(s);
}

using Edges = std::vector<std::pair<size_t, size_t>>;

// `f` must throw an InputError at exactly in.txt:line:col whose message contains `what`.
void expect_error(const std::function<void()>& f, size_t line, size_t col,
                  const std::string& what) {
  expect_input_error(f, "in.txt", line, col, what);
}

void graphs_error(const std::string& bytes, size_t line, size_t col, const std::string& what) {
  BOOST_TEST_CONTEXT("input:\n" << bytes) {
    expect_error([&] { parse_graphs(bytes, "in.txt"); }, line, col, what);
  }
}

void hypergraph_error(const std::string& bytes, size_t line, size_t col, const std::string& what) {
  BOOST_TEST_CONTEXT("input:\n" << bytes) {
    expect_error([&] { parse_hypergraph(bytes, "in.txt"); }, line, col, what);
  }
}

Graph g6(const std::string& s) {
  return decode_graph6(s, "in.txt", 1);
}

// An independent graph6 encoder written straight from nauty's formats.txt: the
// bit string x(0,1) x(0,2) x(1,2) x(0,3) ... from the adjacency matrix, padded with
// zeros to a multiple of 6, each 6 bits big-endian plus 63; N(n) in front.
std::string reference_graph6(size_t n, const Edges& edges) {
  std::vector<std::vector<bool>> adj(n, std::vector<bool>(n, false));
  for (auto [u, v] : edges)
    adj[u][v] = adj[v][u] = true;
  std::string bits;
  for (size_t j = 1; j < n; ++j)
    for (size_t i = 0; i < j; ++i)
      bits.push_back(adj[i][j] ? '1' : '0');
  while (bits.size() % 6)
    bits.push_back('0');
  std::string s;
  if (n <= 62) {
    s.push_back(char(63 + n));
  } else {
    s.push_back(char(126));
    std::string nb;
    for (int k = 17; k >= 0; --k)
      nb.push_back(((n >> k) & 1) ? '1' : '0');
    for (size_t k = 0; k < 18; k += 6)
      s.push_back(char(63 + std::stoi(nb.substr(k, 6), nullptr, 2)));
  }
  for (size_t k = 0; k < bits.size(); k += 6)
    s.push_back(char(63 + std::stoi(bits.substr(k, 6), nullptr, 2)));
  return s;
}

// Max cut by plain enumeration of all 2^n side vectors (no symmetry, no Gray code).
size_t slow_max_cut(const Graph& g) {
  size_t best = 0;
  for (uint64_t mask = 0; mask < (uint64_t(1) << g.n); ++mask) {
    size_t c = 0;
    for (auto [u, v] : g.edges)
      c += ((mask >> u) & 1) != ((mask >> v) & 1);
    best = std::max(best, c);
  }
  return best;
}

using testutil::slow_two_colourable;

Graph k3() {
  return make_graph(3, {{0, 1}, {0, 2}, {1, 2}});
}

Hypergraph fano() {
  return parse_hypergraph("hypergraph 7\n1 2 3\n1 4 5\n1 6 7\n2 4 6\n2 5 7\n3 4 7\n3 5 6\n",
                          "fano");
}

} // namespace

// ---------------------------------------------------------------- graph6

// Known strings, derived by hand from nauty's formats.txt (and cross-checked with
// nauty-geng / nauty-showg when this test was written).
BOOST_AUTO_TEST_CASE(graph6_known_strings) {
  // K3: N(3) = 3+63 = 'B'; bits x01 x02 x12 = 111, padded 111000 = 56, 56+63 = 'w'.
  BOOST_TEST(g6("Bw").n == 3u);
  BOOST_TEST((g6("Bw").edges == Edges{{0, 1}, {0, 2}, {1, 2}}));
  // One vertex: N(1) = '@' and no data characters.
  BOOST_TEST(g6("@").n == 1u);
  BOOST_TEST(g6("@").edges.empty());
  // No vertices: N(0) = '?'.
  BOOST_TEST(g6("?").n == 0u);
  // K4: N(4) = 'C'; six bits all 1: 63+63 = '~'.
  BOOST_TEST((g6("C~").edges == Edges{{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}}));
  // Path 0-1-2: bits 1 0 1 -> 101000 = 40, 40+63 = 'g'.
  BOOST_TEST((g6("Bg").edges == Edges{{0, 1}, {1, 2}}));
  // The star with centre 0 (also P3): bits 110000 = 48 -> 'o'.
  BOOST_TEST((g6("Bo").edges == Edges{{0, 1}, {0, 2}}));
  // Empty graph on 3 vertices: one data character 0 -> '?'.
  BOOST_TEST(g6("B?").edges.empty());
  // The example of formats.txt: n = 5, edges 0-2, 0-4, 1-3, 3-4; bits
  // 0100101001 -> 010010 100100 = 18, 36 -> 'Q', 'c'.
  BOOST_TEST((g6("DQc").edges == Edges{{0, 2}, {0, 4}, {1, 3}, {3, 4}}));
  // n = 63 needs the 4-byte size: 126, then 63 in 18 bits = 0, 0, 63 -> "~??~".
  Graph big = make_graph(63, {{0, 62}});
  const std::string s = encode_graph6(big);
  BOOST_TEST(s.substr(0, 4) == "~??~");
  BOOST_TEST(s.size() == 4 + (63 * 62 / 2 + 5) / 6);
  BOOST_TEST((g6(s).edges == Edges{{0, 62}}));
  for (const std::string t : {"Bw", "@", "?", "C~", "Bg", "Bo", "B?", "DQc"})
    BOOST_TEST(encode_graph6(g6(t)) == t);
}

// Seeded random graphs: the encoder agrees with the independent reference encoder,
// and decoding inverts it.
BOOST_AUTO_TEST_CASE(graph6_random_round_trip) {
  const unsigned seed = 20240611;
  std::mt19937 rng(seed);
  BOOST_TEST_CONTEXT("seed " << seed) {
    for (int t = 0; t < 300; ++t) {
      const size_t n = rng() % 80;
      Edges edges;
      const unsigned density = rng() % 101;
      for (size_t j = 1; j < n; ++j)
        for (size_t i = 0; i < j; ++i)
          if (rng() % 100 < density) edges.emplace_back(i, j);
      const Graph g = make_graph(n, edges);
      const std::string s = encode_graph6(g);
      BOOST_TEST_REQUIRE(s == reference_graph6(n, g.edges), "n = " << n << ", trial " << t);
      const Graph back = g6(s);
      BOOST_TEST_REQUIRE(back.n == n);
      BOOST_TEST_REQUIRE((back.edges == g.edges), "n = " << n << ", trial " << t);
    }
  }
}

BOOST_AUTO_TEST_CASE(graph6_files) {
  // geng's optional header, without a line end before the first graph; CRLF.
  auto gs = parse_graphs(">>graph6<<B?\r\nBw\r\n", "in.txt");
  BOOST_TEST(gs.size() == 2u);
  BOOST_TEST(gs[0].line == 1u);
  BOOST_TEST(gs[0].graph.edges.empty());
  BOOST_TEST(gs[1].line == 2u);
  BOOST_TEST(gs[1].graph.edges.size() == 3u);
  // The header on a line of its own, '#' comment lines and blank lines.
  gs = parse_graphs("# triangle\n>>graph6<<\n\nBw\n", "in.txt");
  BOOST_TEST(gs.size() == 1u);
  BOOST_TEST(gs[0].line == 4u);
}

BOOST_AUTO_TEST_CASE(graph6_malformed) {
  graphs_error("B!\n", 1, 2, "invalid graph6 character '!'");
  graphs_error("B w\n", 1, 2, "invalid graph6 character byte 32");
  graphs_error("Bw\nC~\nB\x7f\n", 3, 2, "invalid graph6 character byte 127");
  graphs_error("B\n", 1, 2, "too short");  // K3 needs one data character
  graphs_error("Bww\n", 1, 3, "too long"); // the first extra one is named
  graphs_error("C~~\n", 1, 3, "too long");
  graphs_error("Bx\n", 1, 2, "nonzero padding"); // 'x' = 57 = 111001: padding 001
  graphs_error(">>graph6<<B!\n", 1, 12, "invalid graph6 character");
  graphs_error(">>sparse6<<:Bw\n", 1, 1, "unknown header");
  graphs_error(":Bw\n", 1, 1, "sparse6 is not supported");
  graphs_error("&Bw\n", 1, 1, "digraph6");
  graphs_error("~?\n", 1, 3, "size field truncated");
  graphs_error("~~??????\n", 1, 1, "not supported");
  graphs_error("\n# nothing\n", 1, 1, "no graph");
  graphs_error(">>graph6<<\n", 1, 11, "no graph after the header");
  graphs_error(std::string("Bw\nBw\0\n", 7), 2, 3, "NUL byte");
}

// ---------------------------------------------------------------- edge lists

BOOST_AUTO_TEST_CASE(edge_list) {
  const std::string text = "c the triangle\n# also a comment\np edge 3 3\ne 1 2\n\ne 3 1\ne 2 3\n";
  auto gs = parse_graphs(text, "in.txt");
  BOOST_TEST(gs.size() == 1u);
  BOOST_TEST(gs[0].line == 3u);
  BOOST_TEST(encode_graph6(gs[0].graph) == "Bw");
  // Isolated vertices are kept.
  BOOST_TEST(parse_edge_list("p edge 5 1\ne 2 4\n", "in.txt").n == 5u);
}

BOOST_AUTO_TEST_CASE(edge_list_malformed) {
  graphs_error("p edge 3 1\ne 1 4\n", 2, 5, "vertex 4 out of range 1..3");
  graphs_error("p edge 3 1\ne 0 2\n", 2, 3, "vertex 0 out of range");
  graphs_error("p edge 3 1\ne 1 x\n", 2, 5, "expected a vertex number");
  graphs_error("p edge 3 1\ne 1 2.0\n", 2, 5, "found '2.0'");
  graphs_error("p edge 3 1\ne -1 2\n", 2, 3, "found '-1'");
  graphs_error("p edge 3 1\ne 2 2\n", 2, 5, "loop");
  graphs_error("p edge 3 2\ne 1 2\ne 2 1\n", 3, 1, "repeated (first on line 2");
  graphs_error("p edge 3 1\ne 1 2\ne 2 3\n", 3, 1, "more edges than the 1 declared");
  graphs_error("p edge 3 3\ne 1 2\n", 1, 10, "declares 3 edges, found 1");
  graphs_error("p edge 3 1\ne 1 2 3\n", 2, 7, "'e <u> <v>'");
  graphs_error("p edge 3 1\ne 1\n", 2, 4, "'e <u> <v>'");
  graphs_error("p edge 3 1\nx 1 2\n", 2, 1, "expected an edge line");
  graphs_error("p edge 3 1\np edge 3 1\n", 2, 1, "a second problem line");
  graphs_error("p col 3 1\n", 1, 3, "expected 'edge'");
  graphs_error("p edge 3\n", 1, 9, "'p edge <n> <m>'");
  graphs_error("p edge three 1\n", 1, 8, "expected a vertex count");
}

// ---------------------------------------------------------------- hypergraphs

BOOST_AUTO_TEST_CASE(hypergraph_format) {
  const Hypergraph h =
      parse_hypergraph("# path of triples\r\nhypergraph 6\r\n1 2 3\r\n\r\n  5\t4 3\r\n", "in.txt");
  BOOST_TEST(h.n == 6u);
  BOOST_TEST(h.edges.size() == 2u);
  BOOST_TEST((h.edges[1] == std::vector<size_t>{2, 3, 4})); // sorted, 0-based
  BOOST_TEST(h.max_edge_size() == 3u);
  BOOST_TEST(parse_hypergraph("hypergraph 2\n", "in.txt").edges.empty());
}

BOOST_AUTO_TEST_CASE(hypergraph_malformed) {
  hypergraph_error("hypergraph 3\n1 2 4\n", 2, 5, "vertex 4 out of range 1..3");
  hypergraph_error("hypergraph 3\n1 0\n", 2, 3, "vertex 0 out of range");
  hypergraph_error("hypergraph 3\n1 2\n  3\n", 3, 3, "edge of size 1");
  hypergraph_error("hypergraph 3\n1 two\n", 2, 3, "expected a vertex number");
  hypergraph_error("hypergraph 3\n1 2.5\n", 2, 3, "found '2.5'");
  hypergraph_error("hypergraph 3\n1 +2\n", 2, 3, "found '+2'");
  hypergraph_error("hypergraph 3\n1 2 1\n", 2, 5,
                   "vertex 1 repeated in this edge (first at column 1)");
  hypergraph_error("hypergraph 3\n2 2\n", 2, 3, "repeated");
  hypergraph_error("1 2 3\n", 1, 1, "expected the header 'hypergraph <n>'");
  hypergraph_error("hypergraph\n", 1, 11, "the header is 'hypergraph <n>'");
  hypergraph_error("hypergraph 3 4\n", 1, 14, "the header is 'hypergraph <n>'");
  hypergraph_error("hypergraph 0\n", 1, 12, "at least one vertex");
  hypergraph_error("hypergraph x\n", 1, 12, "expected the number of vertices");
  hypergraph_error("hypergraph 99999999999\n", 1, 12, "too large");
  hypergraph_error("# only a comment\n", 1, 1, "no header");
}

// ---------------------------------------------------------------- exact max cut

BOOST_AUTO_TEST_CASE(max_cut_small) {
  const MaxCut k = max_cut(k3());
  BOOST_TEST(k.value == 2u);
  BOOST_TEST(cut_value(k3(), k.side) == 2u);
  BOOST_TEST(k.cuts == 4u);
  BOOST_TEST(max_cut(g6("C~")).value == 4u); // K4: 2 + 2 split
  BOOST_TEST(max_cut(g6("@")).value == 0u);
  BOOST_TEST(max_cut(g6("B?")).value == 0u);
  // K_{3,3} is bipartite: every edge is cut.
  Edges e;
  for (size_t i = 0; i < 3; ++i)
    for (size_t j = 3; j < 6; ++j)
      e.emplace_back(i, j);
  BOOST_TEST(max_cut(make_graph(6, e)).value == 9u);
  BOOST_CHECK_THROW(max_cut(Graph{MAX_CUT_MAX_VERTICES + 1, {}}), std::invalid_argument);
}

// Seeded random graphs against plain enumeration; the witness attains the value.
BOOST_AUTO_TEST_CASE(max_cut_random_differential) {
  const unsigned seed = 7031;
  std::mt19937 rng(seed);
  BOOST_TEST_CONTEXT("seed " << seed) {
    for (int t = 0; t < 400; ++t) {
      const size_t n = 1 + rng() % 12;
      Edges edges;
      const unsigned density = rng() % 101;
      for (size_t j = 1; j < n; ++j)
        for (size_t i = 0; i < j; ++i)
          if (rng() % 100 < density) edges.emplace_back(i, j);
      const Graph g = make_graph(n, edges);
      const MaxCut m = max_cut(g);
      BOOST_TEST_REQUIRE(m.value == slow_max_cut(g), "graph6 " << encode_graph6(g));
      BOOST_TEST_REQUIRE(cut_value(g, m.side) == m.value, "graph6 " << encode_graph6(g));
      BOOST_TEST_REQUIRE(m.side.back() == 0);
    }
  }
}

// ---------------------------------------------------------------- MAX-CUT reduction

// K3, n = 3, |E| = 3, every degree 2: D = 3 * 2^2 = 12, M = 13, Mn = 39.
//   c = 2: alpha = 39 + 4(3 - 2) = 43;
//          beta  = 39 + 4(3 - 2 + 1) - 4*12/13 = 47 - 48/13 = 563/13.
//   c = 3: alpha = 39 + 4(3 - 3) = 39;
//          beta  = 39 + 4(3 - 3 + 1) - 48/13 = 43 - 48/13 = 511/13 (about 39.31);
//          beta_naive = 43.
// OPT = 5057/119 (about 42.50; certs/MATH.md §9.5): 5057/119 <= 43 = alpha(c = 2),
// 5057/119 >= 511/13 = beta(c = 3) (5057 * 13 = 65741 >= 60809 = 511 * 119), and
// 5057/119 < 43 = 5117/119, so the naive claim fails.
BOOST_AUTO_TEST_CASE(maxcut_k3_constants) {
  const MaxCutBounds b2 = maxcut_bounds(k3(), 2), b3 = maxcut_bounds(k3(), 3);
  BOOST_TEST(b2.D == Rational(12));
  BOOST_TEST(b2.M == Rational(13));
  BOOST_TEST(b2.alpha == Rational(43));
  BOOST_TEST(b2.beta == R("563/13"));
  BOOST_TEST(b2.beta_naive == Rational(47));
  BOOST_TEST(b3.alpha == Rational(39));
  BOOST_TEST(b3.beta == R("511/13"));
  BOOST_TEST(b3.beta_naive == Rational(43));
  BOOST_TEST(b3.beta_for(MaxCutVariant::Naive) == Rational(43));
  BOOST_TEST(b3.beta_for(MaxCutVariant::Standard) == R("511/13"));
  // M > D gives a real gap: beta > alpha for every threshold.
  for (long c = -1; c <= 5; ++c) {
    const MaxCutBounds b = maxcut_bounds(k3(), c);
    BOOST_TEST((b.beta > b.alpha && b.beta - b.alpha == 4 - R("48/13")), "c = " << c);
  }
}

BOOST_AUTO_TEST_CASE(maxcut_k3_instance_and_optimum) {
  const Instance inst = maxcut_instance(k3());
  BOOST_TEST(inst.n == 12u);
  BOOST_TEST(inst.d == 3u);
  // (e_v, 1), (-e_v, 1) with weight M = 13, then per edge (e_u + e_v, 0), (-e_u - e_v, 0).
  const std::vector<std::vector<int>> x = {{1, 0, 0}, {-1, 0, 0},  {0, 1, 0}, {0, -1, 0},
                                           {0, 0, 1}, {0, 0, -1},  {1, 1, 0}, {-1, -1, 0},
                                           {1, 0, 1}, {-1, 0, -1}, {0, 1, 1}, {0, -1, -1}};
  for (size_t i = 0; i < 12; ++i) {
    for (size_t j = 0; j < 3; ++j)
      BOOST_TEST(inst.x[i][j] == Rational(x[i][j]), "point " << i);
    BOOST_TEST(inst.y[i] == Rational(i < 6 ? 1 : 0), "point " << i);
    BOOST_TEST(inst.c[i] == Rational(i < 6 ? 13 : 1), "point " << i);
  }

  Tracer tracer;
  const FitResult r = fit(inst, maxcut_model(), SearchOptions{}, tracer);
  BOOST_TEST_REQUIRE(r.optimal);
  const Rational opt = R("5057/119");
  BOOST_TEST(r.upper == opt);
  BOOST_TEST(r.lower == opt);
  BOOST_TEST(exact_loss(inst, r.witness) == opt);
  BOOST_TEST(opt <= maxcut_bounds(k3(), 2).alpha);     // YES side holds
  BOOST_TEST(opt >= maxcut_bounds(k3(), 3).beta);      // NO side holds
  BOOST_TEST(opt < maxcut_bounds(k3(), 3).beta_naive); // the naive claim fails
  BOOST_TEST(maxcut_bounds(k3(), 3).beta_naive == Rational(43));

  // The witness of certs/MATH.md §10 (Theorem 10.1) has the same loss.
  Network w(1);
  w[0].a = 1;
  w[0].b = 0;
  w[0].w = {R("104/119"), R("104/119"), R("-117/119")};
  BOOST_TEST(exact_loss(inst, w) == opt);
  // The loss formula L(w) = M sum((|w_v| - 1)^2 + 1) + sum_uv (w_u + w_v)^2 at a cut
  // w = +-1 gives Mn + 4 (|E| - cut): 39 + 4 for the cut {1} | {2, 3}.
  w[0].w = {Rational(1), Rational(-1), Rational(-1)};
  BOOST_TEST(exact_loss(inst, w) == Rational(43));
}

BOOST_AUTO_TEST_CASE(maxcut_k3_reduction_and_claim) {
  const MaxCutReduction yes =
      reduce_maxcut(k3(), 2, MaxCutVariant::Standard, "k3.g6", "instance.relu");
  BOOST_TEST(yes.yes);
  BOOST_TEST(yes.source.value == 2u);
  BOOST_TEST((yes.claim.relation == Relation::AtMost));
  BOOST_TEST(yes.claim.bound == Rational(43));
  BOOST_TEST(cut_value(k3(), yes.source.side) >= 2u);
  BOOST_TEST(yes.claim.source_witness == cut_text(yes.source.side));

  // The written text parses back to the same instance, and the digest binds it.
  const Instance back = parse_instance(yes.instance_text, "instance.relu");
  BOOST_TEST(back.n == 12u);
  BOOST_TEST(back.digest == yes.instance.digest);
  BOOST_TEST(yes.instance.digest == sha256_hex(yes.instance_text));
  for (size_t i = 0; i < back.n; ++i) {
    BOOST_TEST((back.x[i] == yes.instance.x[i]));
    BOOST_TEST(back.c[i] == yes.instance.c[i]);
  }

  const MaxCutReduction no = reduce_maxcut(k3(), 3, MaxCutVariant::Naive, "k3.g6", "instance.relu");
  BOOST_TEST(!no.yes);
  // The training set does not depend on the threshold or the variant.
  BOOST_TEST(no.instance_text == yes.instance_text);
  const std::string expected = "relucert-claim 1\n"
                               "reduction maxcut\n"
                               "variant naive\n"
                               "source k3.g6\n"
                               "graph6 Bw\n"
                               "instance instance.relu " +
                               yes.instance.digest +
                               "\n"
                               "model 1 0 nonneg\n"
                               "threshold 3\n"
                               "D 12\n"
                               "M 13\n"
                               "alpha 39\n"
                               "beta 43\n"
                               "side NO\n"
                               "source-value 2\n"
                               "source-witness exhaustive\n"
                               "claim >= 43\n"
                               "end\n";
  BOOST_TEST(format_claim(no.claim) == expected);
  const MaxCutReduction std3 =
      reduce_maxcut(k3(), 3, MaxCutVariant::Standard, "k3.g6", "instance.relu");
  BOOST_TEST(std3.claim.bound == R("511/13"));
  BOOST_TEST(format_claim(std3.claim).find("\nbeta 511/13\n") != std::string::npos);
}

// ---------------------------------------------------------------- hypergraph 2-colouring

BOOST_AUTO_TEST_CASE(hypergraph_path_of_triples_yes) {
  const Hypergraph h = parse_hypergraph("hypergraph 5\n1 2 3\n3 4 5\n", "path");
  const TwoColouring col = two_colouring(h);
  BOOST_TEST_REQUIRE(col.colour.has_value());
  BOOST_TEST(is_proper_colouring(h, *col.colour));
  const Instance inst = hypergraph2col_instance(h);
  BOOST_TEST(inst.n == 7u);
  BOOST_TEST(inst.d == 5u);
  const Network net = colouring_network(h, *col.colour);
  BOOST_TEST(net.size() == 2u);
  // m = 3: each unit has weights 1 or -3 and output weight 1.
  for (const Unit& u : net) {
    BOOST_TEST(u.a == Rational(1));
    for (const Rational& w : u.w)
      BOOST_TEST((w == Rational(1) || w == Rational(-3)));
  }
  BOOST_TEST(exact_loss(inst, net) == Rational(0));

  const Hypergraph2ColReduction r = reduce_hypergraph2col(h, "path", "instance.relu");
  BOOST_TEST(r.yes);
  BOOST_TEST((r.claim.relation == Relation::AtMost));
  BOOST_TEST(r.claim.bound == Rational(0));
  BOOST_TEST(r.claim.source_witness == colouring_text(*col.colour));
  const std::string text = format_claim(r.claim);
  BOOST_TEST(text.find("model 2 0 signed\n") != std::string::npos);
  BOOST_TEST(text.find("hypergraph 5\nedge 1 2 3\nedge 3 4 5\n") != std::string::npos);
  BOOST_TEST(text.find("side YES\n") != std::string::npos);
  BOOST_TEST(text.find("claim <= 0\nend\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(hypergraph_fano_no) {
  const Hypergraph h = fano();
  BOOST_TEST(!two_colouring(h).colour.has_value());
  BOOST_TEST(!slow_two_colourable(h));
  const Hypergraph2ColReduction r = reduce_hypergraph2col(h, "fano", "instance.relu");
  BOOST_TEST(!r.yes);
  BOOST_TEST(r.instance.n == 14u);
  BOOST_TEST((r.claim.relation == Relation::Above));
  const std::string text = format_claim(r.claim);
  BOOST_TEST(text.find("side NO\nsource-witness exhaustive\nclaim > 0\nend\n") !=
             std::string::npos);
  // The Fano plane is critical: without any one line it is 2-colourable.
  for (size_t k = 0; k < h.edges.size(); ++k) {
    Hypergraph h6 = h;
    h6.edges.erase(h6.edges.begin() + long(k));
    BOOST_TEST(two_colouring(h6).colour.has_value(), "without line " << k + 1);
    BOOST_TEST(slow_two_colourable(h6));
  }
}

// Seeded random hypergraphs against plain enumeration; every colouring found is
// proper and its network fits exactly.
BOOST_AUTO_TEST_CASE(two_colouring_random_differential) {
  const unsigned seed = 99173;
  std::mt19937 rng(seed);
  BOOST_TEST_CONTEXT("seed " << seed) {
    for (int t = 0; t < 300; ++t) {
      Hypergraph h;
      h.n = 2 + rng() % 8;
      const size_t m = rng() % 12;
      for (size_t k = 0; k < m; ++k) {
        std::vector<size_t> e;
        for (size_t v = 0; v < h.n; ++v)
          if (rng() % 2) e.push_back(v);
        if (e.size() >= 2) h.edges.push_back(e);
      }
      const TwoColouring col = two_colouring(h);
      BOOST_TEST_REQUIRE(col.colour.has_value() == slow_two_colourable(h), "trial " << t);
      if (col.colour) {
        BOOST_TEST_REQUIRE(is_proper_colouring(h, *col.colour), "trial " << t);
        BOOST_TEST_REQUIRE(exact_loss(hypergraph2col_instance(h),
                                      colouring_network(h, *col.colour)) == Rational(0),
                           "trial " << t);
      }
    }
  }
}
