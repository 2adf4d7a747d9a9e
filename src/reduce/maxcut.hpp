// The MAX-CUT -> one ReLU reduction (certs/MATH.md §9) and the exact
// source-side solver: maximum cut by exhaustive enumeration.
#pragma once

#include "exact/rational.hpp"
#include "io/instance.hpp"
#include "reduce/claim.hpp"
#include "reduce/graph.hpp"
#include "solver/model.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace relucert::reduce {

// Exhaustive enumeration visits 2^(n-1) cuts: n <= 30 keeps it near a second.
constexpr size_t MAX_CUT_MAX_VERTICES = 30;

struct MaxCut {
  size_t value = 0;          // the maximum number of cut edges
  std::vector<uint8_t> side; // an optimal cut: side[v] in {0, 1}; vertex n-1 is on side 0
  uint64_t cuts = 0;         // cuts examined (2^(n-1) for n >= 1)
};

// The exact maximum cut by Gray-code enumeration of all 2^(n-1) cuts (one vertex's
// side fixed by symmetry). Throws std::invalid_argument if n > MAX_CUT_MAX_VERTICES.
MaxCut max_cut(const Graph& g);

// Number of edges with ends on different sides.
size_t cut_value(const Graph& g, const std::vector<uint8_t>& side);

// "011": side[v] for v = 1..n.
std::string cut_text(const std::vector<uint8_t>& side);

// The training set T(G) of the reduction (model `1 0 nonneg`), points in this order:
// for v = 1..n, (e_v, 1) then (-e_v, 1), weight M; then for each edge {u, v}, u < v,
// in lexicographic order, (e_u + e_v, 0) then (-e_u - e_v, 0), weight 1. It does
// not depend on the threshold. Throws std::invalid_argument if n = 0.
Instance maxcut_instance(const Graph& g);

// Which NO-side bound a claim states: the proved one, or the naive one without the
// correction -4D/M (false already for K3 with threshold 3; kept to show that the
// audit catches a wrong claim).
enum class MaxCutVariant { Standard, Naive };

// The exact constants of the gap statement for threshold c:
//   D = sum_v deg(v)^2, M = D + 1,
//   alpha = M n + 4(|E| - c)              (YES: maxcut >= c  =>  OPT <= alpha)
//   beta  = M n + 4(|E| - c + 1) - 4D/M   (NO:  maxcut <= c-1 => OPT >= beta)
//   beta_naive = M n + 4(|E| - c + 1)     (the false naive claim)
struct MaxCutBounds {
  Rational D, M, alpha, beta, beta_naive;
  // beta or beta_naive, as the variant says.
  const Rational& beta_for(MaxCutVariant v) const {
    return v == MaxCutVariant::Naive ? beta_naive : beta;
  }
};
MaxCutBounds maxcut_bounds(const Graph& g, long threshold);

// The model of the reduction: one ReLU, no bias, output weight 1.
inline Model maxcut_model() {
  return Model{1, false, true, std::nullopt};
}

// Everything `relucert reduce maxcut` writes: the training set and its file text
// (a comment naming the graph and the constants, then the text form of
// certs/FORMAT.md §1; `instance.digest` is the SHA-256 of that text), the
// constants, the exact source-side answer and the resulting claim.
struct MaxCutReduction {
  Instance instance;
  std::string instance_text;
  MaxCutBounds bounds;
  MaxCut source;
  bool yes = false; // source.value >= threshold
  Claim claim;
};
MaxCutReduction reduce_maxcut(const Graph& g, long threshold, MaxCutVariant variant,
                              const std::string& source_name, const std::string& instance_file);

} // namespace relucert::reduce
