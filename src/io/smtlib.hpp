// SMT-LIB 2 (QF_NRA) export of the single-ReLU training problem, for cross-checks
// with an SMT solver (e.g. z3). Exact rational constants throughout.
#pragma once

#include "io/instance.hpp"

#include <string>

namespace relucert {

// With `below` empty: declares the weights, defines the loss, and asks z3's
// optimisation extension to (minimize loss). With `below` = a rational beta:
// asserts loss < beta and (check-sat); "unsat" proves OPT >= beta.
std::string to_smtlib(const Instance& inst, bool bias, const std::string& below);

} // namespace relucert
