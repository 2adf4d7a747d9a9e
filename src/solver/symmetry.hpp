// Symmetry between adjacent units of equal sign (certs/FORMAT.md §4, record `sym`): a node
// where units a and a+1 are decided equal on every point before t, with a active and a+1
// inactive on t, holds no sorted parameter vector and closes at once.
#pragma once

#include "solver/constraint.hpp"
#include "solver/node_state.hpp"

#include <utility>

namespace relucert {

// (a, t) if the current node of st with constraint c added closes by `sym a t`, else (-1, -1).
std::pair<int, int> sym_closable(const NodeState& st, const Constraint& c);

// A pair whose split has a child closed by `sym` at once: for an adjacent equal-sign pair tied
// before t, (a+1, t) if a is active on t, or (a, t) if a+1 is inactive on t; else (-1, -1).
// Splitting it first costs one node and only keeps the other child. (Redirecting every tied
// pair to its tie point was measured too: fewer nodes on some k = 3 instances, more on most
// k = 2 ones.)
std::pair<int, int> sym_branch(const NodeState& st);

} // namespace relucert
