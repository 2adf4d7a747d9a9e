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
  // Seconds from the call; <= 0: no budget of its own. The plain least-squares fits (below) are
  // formed whatever the budget (about one pass of exact sums over the points each); only `stop`
  // ends them.
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
//    pattern, the float solution rounded to rationals;
//  - "local-search-exact": the exact least-squares fit of that float solution's activation
//    pattern (the normal equations solved over the rationals), and refits of its own pattern;
//  - "split", "split-exact": for k' = 2..k units, the best (k'-1)-unit network with one unit
//    split in two (w, b) -> (w/2 +- e, b/2 +- e'), or with one new random unit, refined by the
//    local search (rounded, and its exact pattern fit).
// A network with fewer than k units is completed by units of weight 0 (the same function), so
// the best k-unit candidate is never worse than the best (k-1)-unit one. With a weight bound,
// every unit is scaled into the ball by a rational factor r with r^2 ||v_j||^2 <= B^2 exactly.
// Every network has a_j = +1 or -1 (a_j = +1 in a nonnegative model).
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
