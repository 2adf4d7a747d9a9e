#include "reduce/hypergraph2col.hpp"

#include "io/sha256.hpp"

#include <stdexcept>

namespace relucert::reduce {

namespace {

struct Search {
  size_t n;
  std::vector<std::vector<uint64_t>> closing; // closing[v]: masks of edges whose max is v
  uint64_t colour = 0;                        // bit v set: vertex v has colour 1
  uint64_t nodes = 0;

  // Colours vertex v and onwards; true when a proper colouring is complete.
  bool extend(size_t v) {
    if (v == n) return true;
    for (int c = 0; c < (v == 0 ? 1 : 2); ++c) {
      ++nodes;
      const uint64_t bit = uint64_t(1) << v;
      colour = c ? (colour | bit) : (colour & ~bit);
      bool ok = true;
      for (uint64_t e : closing[v]) {
        const uint64_t ones = e & colour;
        if (ones == 0 || ones == e) {
          ok = false;
          break;
        }
      }
      if (ok && extend(v + 1)) return true;
    }
    return false;
  }
};

} // namespace

TwoColouring two_colouring(const Hypergraph& h) {
  if (h.n > TWO_COL_MAX_VERTICES)
    throw std::invalid_argument("two_colouring: more than " + std::to_string(TWO_COL_MAX_VERTICES) +
                                " vertices");
  Search s{h.n, std::vector<std::vector<uint64_t>>(h.n), 0, 0};
  for (const auto& e : h.edges) {
    uint64_t mask = 0;
    for (size_t v : e)
      mask |= uint64_t(1) << v;
    s.closing[e.back()].push_back(mask); // edges are sorted: back() is the largest vertex
  }
  TwoColouring out;
  if (h.n == 0 || s.extend(0)) {
    std::vector<uint8_t> colour(h.n);
    for (size_t v = 0; v < h.n; ++v)
      colour[v] = (s.colour >> v) & 1u;
    out.colour = std::move(colour);
  }
  out.nodes = s.nodes;
  return out;
}

bool is_proper_colouring(const Hypergraph& h, const std::vector<uint8_t>& colour) {
  for (const auto& e : h.edges) {
    size_t ones = 0;
    for (size_t v : e)
      ones += colour.at(v) != 0;
    if (ones == 0 || ones == e.size()) return false;
  }
  return true;
}

std::string colouring_text(const std::vector<uint8_t>& colour) {
  std::string s;
  for (uint8_t b : colour)
    s.push_back(b ? '1' : '0');
  return s;
}

Instance hypergraph2col_instance(const Hypergraph& h) {
  if (h.n == 0) throw std::invalid_argument("hypergraph2col_instance: no vertices");
  Instance inst;
  inst.d = h.n;
  for (size_t j = 0; j < h.n; ++j)
    inst.feature_names.push_back("x" + std::to_string(j + 1));
  for (size_t v = 0; v < h.n; ++v) {
    std::vector<Rational> x(h.n, Rational(0));
    x[v] = 1;
    inst.x.push_back(std::move(x));
    inst.y.emplace_back(1);
    inst.c.emplace_back(1);
  }
  for (const auto& e : h.edges) {
    std::vector<Rational> x(h.n, Rational(0));
    for (size_t v : e)
      x[v] = 1;
    inst.x.push_back(std::move(x));
    inst.y.emplace_back(0);
    inst.c.emplace_back(1);
  }
  inst.n = inst.x.size();
  return inst;
}

Network colouring_network(const Hypergraph& h, const std::vector<uint8_t>& colour) {
  const Rational minus_m = -Rational(static_cast<unsigned long>(h.max_edge_size()));
  Network net(2);
  for (int j = 0; j < 2; ++j) {
    net[j].a = 1;
    net[j].b = 0;
    for (size_t v = 0; v < h.n; ++v)
      net[j].w.push_back(colour.at(v) == j ? Rational(1) : minus_m);
  }
  return net;
}

Hypergraph2ColReduction reduce_hypergraph2col(const Hypergraph& h, const std::string& source_name,
                                              const std::string& instance_file) {
  Hypergraph2ColReduction r;
  r.source = two_colouring(h);
  r.yes = r.source.colour.has_value();
  r.instance = hypergraph2col_instance(h);
  r.instance_text = format_instance_text(
      r.instance,
      "hypergraph 2-colouring -> two ReLUs (certs/MATH.md §10, docs/REDUCTIONS.md §2.2):\n"
      "n = " +
          std::to_string(h.n) + " vertices, " + std::to_string(h.edges.size()) +
          " edges (listed in the claim file). Model 2 0 signed (two ReLUs, no bias,\n"
          "signed output weights). Points (e_v, 1) per vertex, (1_e, 0) per edge, weight 1.\n"
          "2-colourable <=> OPT = 0.");
  r.instance.digest = sha256_hex(r.instance_text);
  r.instance.source = instance_file;

  Claim& c = r.claim;
  c.reduction = "hypergraph-2col";
  c.source = source_name;
  c.source_records.push_back("hypergraph " + std::to_string(h.n));
  for (const auto& e : h.edges) {
    std::string line = "edge";
    for (size_t v : e)
      line += " " + std::to_string(v + 1);
    c.source_records.push_back(line);
  }
  c.instance_file = instance_file;
  c.instance_sha256 = r.instance.digest;
  c.model = hypergraph2col_model();
  c.yes = r.yes;
  c.source_witness = r.yes ? colouring_text(*r.source.colour) : "exhaustive";
  c.relation = r.yes ? Relation::AtMost : Relation::Above;
  c.bound = 0;
  return r;
}

} // namespace relucert::reduce
