// The bounded setting (certs/MATH.md §7, L5): every rescaled unit has ||v_j|| <= B. A node's
// bound is the dual bound of its QP with the ball constraints, at float multipliers mu_j >= 0
// (any mu >= 0 gives a valid bound: the exact bound at mu is computed by exact_bound.hpp);
// witnesses are scaled into the ball exactly.
#pragma once

#include "solver/node_state.hpp"
#include "solver/qp_float.hpp"

#include <vector>

namespace relucert {

// The node's QP with Q + diag(mu) for the float mu maximising the dual bound (bisection per
// unit on ||v_j(mu)|| = B, then projected Newton steps); sets mu and returns the QP result
// with value = the dual bound h - B^2 sum mu - ... at that mu.
FloatQpResult bounded_qp(const NodeState& st, double B, std::vector<double>& mu);

// V scaled unit by unit into the ball ||v_j||^2 <= B2, exactly (a unit that cannot be brought
// inside by a rational factor near B / ||v_j|| is set to 0).
void scale_into_ball(const Problem& pb, const Rational& B2, RVec& V);

} // namespace relucert
