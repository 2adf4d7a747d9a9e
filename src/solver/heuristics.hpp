// Primal heuristics: cheap candidate networks for the search's incumbent (an upper end from the
// first second). Floating point proposes activation patterns; every candidate returned is a
// network of the model with exact rational weights and its exact loss, so what the search
// accepts is what the checker recomputes (certs/FORMAT.md §3, R-witness and R-upper).
#pragma once

#include "solver/model.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace relucert {

struct HeuristicOptions {
  uint64_t seed = 1; // the random starts; the same seed gives the same candidates
  // Seconds from the call; <= 0: no budget of its own. The first least-squares fit (below, with
  // the model's bias) is formed whatever the budget (two passes of integer sums over the
  // points); only `stop` ends it.
  double time_budget = 0.5;
  // Asked often (every local-search step, every few hundred points of an exact sum): true ends
  // the heuristics at once with the candidates found so far (a time limit, an interrupt).
  std::function<bool()> stop;
  int starts = 24; // random starts of the float local search per unit count
};

struct Candidate {
  Network net;      // a network of the model: k units, exact weights
  std::string kind; // how it was found (see heuristic_candidates)
  Rational loss;    // its exact loss
};

// Candidates better than the zero network, each strictly better than the one before (so the
// last is the best), found in this order:
//  - "least-squares": the exact least-squares fit of v . x' to y (x' with the bias coordinate
//    when the model has one, also once without it: b = 0), clamped by the ReLU, i.e. the
//    network max(0, v . x'); in a signed model also -max(0, v . x') for the fit of -y;
//  - "active-set-ls": exact least squares refitted on the points where the previous fit is
//    positive (a few refits, until the set repeats);
//  - "local-search": a seeded multi-start float Gauss-Newton descent on the activation
//    pattern, then, for the best few, the float minimum of the activation cell (a convex QP)
//    and of neighbouring cells across its binding hyperplanes; each rounded to rationals;
//  - "local-search-exact": the exact least-squares fit of that cell's pattern with its
//    binding hyperplanes held exactly (v_j . x'_i = 0), and exact refits of its pattern;
//  - "split", "split-exact": for k' = 2..k units, the same from the best (k'-1)-unit network
//    with one unit split in two ((w, b) -> (w/2 + e, b/2 + e'), (w/2 - e, b/2 - e'): almost the
//    same function), or with one new random unit, and from a few random k'-unit starts.
// A network with fewer than k units is completed by units of weight 0 (the same function), so
// the best k-unit candidate is never worse than the best (k-1)-unit one. With a weight bound,
// every unit is scaled into the ball by a rational factor r with r^2 ||v_j||^2 <= B^2 exactly.
// Every network has a_j = +1 or -1 (a_j = +1 in a nonnegative model). Small instances get more
// starts (n d' below 1000: up to 32 times as many). Each unit count k' may use the budget up to
// k'/k of it.
std::vector<Candidate> heuristic_candidates(const Instance& inst, const Model& model,
                                            const HeuristicOptions& opt);

// The networks of heuristic_candidates, best first.
std::vector<Network> candidate_networks(const Instance& inst, const Model& model,
                                        const HeuristicOptions& opt);

// Why `net` is not a network of `model` on d features as the checker's R-witness rules see a
// witness (FORMAT.md §3): k units, d weights each, b = 0 without a bias, a_j >= 0 in a
// nonnegative model, a_j^2 ||(w_j, b_j)||^2 <= B^2 with a weight bound. `unit` is the first
// unit at fault (k when the number of units differs).
struct ModelMismatch {
  size_t unit = 0;
  std::string what;
};
std::optional<ModelMismatch> model_mismatch(const Network& net, const Model& model, size_t d);

} // namespace relucert
