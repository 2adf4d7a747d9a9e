#include "reduce/maxcut.hpp"

#include "io/sha256.hpp"

#include <stdexcept>

namespace relucert::reduce {

MaxCut max_cut(const Graph& g) {
  if (g.n > MAX_CUT_MAX_VERTICES)
    throw std::invalid_argument("max_cut: more than " + std::to_string(MAX_CUT_MAX_VERTICES) +
                                " vertices");
  MaxCut best;
  best.side.assign(g.n, 0);
  if (g.n <= 1) {
    best.cuts = g.n;
    return best;
  }
  std::vector<uint32_t> adj(g.n, 0);
  std::vector<int> deg(g.n, 0);
  for (const auto& [u, v] : g.edges) {
    adj[u] |= uint32_t(1) << v;
    adj[v] |= uint32_t(1) << u;
    ++deg[u];
    ++deg[v];
  }
  // Gray code over vertices 0..n-2 (vertex n-1 stays on side 0): step t flips the
  // vertex ctz(t). Flipping v turns its neighbours on v's side into cut edges and
  // its cut edges into uncut ones.
  const uint64_t total = uint64_t(1) << (g.n - 1);
  uint32_t side = 0, best_side = 0;
  long cut = 0, best_cut = 0;
  for (uint64_t t = 1; t < total; ++t) {
    const int v = __builtin_ctzll(t);
    const uint32_t bit = uint32_t(1) << v;
    const uint32_t same_side = (side & bit) ? side : ~side;
    const int same = __builtin_popcount(adj[v] & same_side);
    cut += same - (deg[v] - same);
    side ^= bit;
    if (cut > best_cut) {
      best_cut = cut;
      best_side = side;
    }
  }
  best.value = size_t(best_cut);
  for (size_t v = 0; v < g.n; ++v)
    best.side[v] = (best_side >> v) & 1u;
  best.cuts = total;
  return best;
}

size_t cut_value(const Graph& g, const std::vector<uint8_t>& side) {
  size_t c = 0;
  for (const auto& [u, v] : g.edges)
    c += side.at(u) != side.at(v);
  return c;
}

std::string cut_text(const std::vector<uint8_t>& side) {
  std::string s;
  for (uint8_t b : side)
    s.push_back(b ? '1' : '0');
  return s;
}

Instance maxcut_instance(const Graph& g) {
  if (g.n == 0) throw std::invalid_argument("maxcut_instance: the graph has no vertices");
  const Rational M = maxcut_bounds(g, 0).M;
  Instance inst;
  inst.d = g.n;
  for (size_t j = 0; j < g.n; ++j)
    inst.feature_names.push_back("x" + std::to_string(j + 1));
  auto add = [&](std::vector<Rational> x, int y, const Rational& c) {
    inst.x.push_back(std::move(x));
    inst.y.emplace_back(y);
    inst.c.push_back(c);
  };
  for (size_t v = 0; v < g.n; ++v) {
    std::vector<Rational> plus(g.n, Rational(0)), minus(g.n, Rational(0));
    plus[v] = 1;
    minus[v] = -1;
    add(plus, 1, M);
    add(minus, 1, M);
  }
  for (const auto& [u, v] : g.edges) {
    std::vector<Rational> plus(g.n, Rational(0)), minus(g.n, Rational(0));
    plus[u] = plus[v] = 1;
    minus[u] = minus[v] = -1;
    add(plus, 0, Rational(1));
    add(minus, 0, Rational(1));
  }
  inst.n = inst.x.size();
  return inst;
}

MaxCutBounds maxcut_bounds(const Graph& g, long threshold) {
  MaxCutBounds b;
  b.D = 0;
  for (size_t d : g.degrees())
    b.D += Rational(static_cast<unsigned long>(d * d));
  b.M = b.D + 1;
  const Rational n(static_cast<unsigned long>(g.n)), E(static_cast<unsigned long>(g.edges.size()));
  const Rational c(threshold);
  b.alpha = b.M * n + 4 * (E - c);
  b.beta_naive = b.M * n + 4 * (E - c + 1);
  b.beta = b.beta_naive - 4 * b.D / b.M;
  return b;
}

MaxCutReduction reduce_maxcut(const Graph& g, long threshold, MaxCutVariant variant,
                              const std::string& source_name, const std::string& instance_file) {
  MaxCutReduction r;
  r.bounds = maxcut_bounds(g, threshold);
  r.source = max_cut(g);
  r.yes = static_cast<long>(r.source.value) >= threshold;
  r.instance = maxcut_instance(g);
  const std::string g6 = encode_graph6(g);
  r.instance_text = format_instance_text(
      r.instance,
      "MAX-CUT -> one ReLU (certs/MATH.md §9, docs/REDUCTIONS.md §2.1) of the graph\n"
      "graph6 " +
          g6 + ": n = " + std::to_string(g.n) + ", |E| = " + std::to_string(g.edges.size()) +
          ", D = sum deg^2 = " + r.bounds.D.str() + ", M = D + 1 = " + r.bounds.M.str() + ".\n" +
          "Model 1 0 nonneg (single ReLU, no bias). Points (e_v, 1), (-e_v, 1) weight M;\n"
          "per edge {u, v}: (e_u + e_v, 0), (-e_u - e_v, 0) weight 1.");
  r.instance.digest = sha256_hex(r.instance_text);
  r.instance.source = instance_file;

  Claim& c = r.claim;
  c.reduction = "maxcut";
  c.variant = variant == MaxCutVariant::Naive ? "naive" : "standard";
  c.source = source_name;
  c.source_records = {"graph6 " + g6};
  c.instance_file = instance_file;
  c.instance_sha256 = r.instance.digest;
  c.model = maxcut_model();
  c.parameters = {{"threshold", Rational(threshold)},
                  {"D", r.bounds.D},
                  {"M", r.bounds.M},
                  {"alpha", r.bounds.alpha},
                  {"beta", r.bounds.beta_for(variant)}};
  c.yes = r.yes;
  c.source_value = std::to_string(r.source.value);
  c.source_witness = r.yes ? cut_text(r.source.side) : "exhaustive";
  c.relation = r.yes ? Relation::AtMost : Relation::AtLeast;
  c.bound = r.yes ? r.bounds.alpha : r.bounds.beta_for(variant);
  return r;
}

} // namespace relucert::reduce
