// The hypergraph 2-colouring -> two ReLUs reduction (certs/MATH.md §10) and
// the exact source-side solver: 2-colourability by exhaustive backtracking.
#pragma once

#include "io/instance.hpp"
#include "reduce/claim.hpp"
#include "reduce/hypergraph.hpp"
#include "solver/model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace relucert::reduce {

// Backtracking is exponential in the worst case; colours live in a 64-bit mask.
constexpr size_t TWO_COL_MAX_VERTICES = 40;

struct TwoColouring {
  // A proper colouring (colour[v] in {0, 1}, vertex 1 has colour 0), or nothing
  // when the exhaustive search proved that none exists.
  std::optional<std::vector<uint8_t>> colour;
  uint64_t nodes = 0; // search nodes (partial colourings) visited
};

// Exhaustive backtracking over the vertices in order, vertex 1 fixed to colour 0
// by symmetry; an edge is checked as soon as its largest vertex is coloured.
// Throws std::invalid_argument if n > TWO_COL_MAX_VERTICES.
TwoColouring two_colouring(const Hypergraph& h);

// True if no edge is monochromatic.
bool is_proper_colouring(const Hypergraph& h, const std::vector<uint8_t>& colour);

// "00111": colour[v] for v = 1..n.
std::string colouring_text(const std::vector<uint8_t>& colour);

// The training set T(H) (model `2 0 signed`): (e_v, 1) for v = 1..n, then (1_e, 0)
// for each edge in file order, all weights 1.
Instance hypergraph2col_instance(const Hypergraph& h);

// The model of the reduction: two ReLUs, no bias, signed output weights.
inline Model hypergraph2col_model() {
  return Model{2, false, false, std::nullopt};
}

// The YES witness of certs/MATH.md §10 (Theorem 10.1) for a proper colouring (A = colour 0,
// B = colour 1, m = max |e|): w_1 = 1 on A and -m elsewhere, w_2 = 1 on B and -m
// elsewhere, a = (1, 1). Its loss on T(H) is exactly 0.
Network colouring_network(const Hypergraph& h, const std::vector<uint8_t>& colour);

// Everything `relucert reduce hypergraph-2col` writes (as for MaxCutReduction).
// The claim is `<= 0` for YES (OPT = 0) and `> 0` for NO.
struct Hypergraph2ColReduction {
  Instance instance;
  std::string instance_text;
  TwoColouring source;
  bool yes = false;
  Claim claim;
};
Hypergraph2ColReduction reduce_hypergraph2col(const Hypergraph& h, const std::string& source_name,
                                              const std::string& instance_file);

} // namespace relucert::reduce
