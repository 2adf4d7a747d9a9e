// A user's own claims file (docs/REDUCTIONS.md §5), audited by `relucert audit --claims`:
//
//   relucert-claims 1
//   # comments and blank lines are ignored
//   row <name>                              starts a row; the name is free text
//   instance <path>                         training set (CSV or text), relative to this file
//   model <k> <bias 0|1> nonneg|signed      the model the claim is about
//   claim <= | >= | > <rational>            the inequality OPT must satisfy
//   source asserted <free text>             the source fact, not checked (shown as asserted)
//   source maxcut <graph6> <c> YES|NO       the fact maxcut(G) >= c (YES) or maxcut(G) < c (NO),
//                                           checked exhaustively by relucert and by relucheck
//   end                                     ends the row
//
// Inside a row the four lines may come in any order, each exactly once.
#pragma once

#include "exact/rational.hpp"
#include "reduce/claim.hpp"
#include "reduce/graph.hpp"
#include "solver/model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace relucert::reduce {

struct UserClaim {
  std::string name;
  size_t line = 0;           // of the `row` line
  std::string instance_path; // resolved against the claims file's folder
  Model model;
  Relation relation = Relation::AtMost;
  Rational bound;
  std::string asserted; // `source asserted`: the text; empty for a MAX-CUT fact
  std::optional<Graph> graph;
  long threshold = 0;
  bool yes = false; // the side the row states (MAX-CUT fact)
  size_t source_line = 0;
};

// Parses the claims file; `name` is used in messages and paths are resolved against its folder.
// Throws InputError naming file:line:column. A MAX-CUT fact is only parsed here; whether it is
// true is checked by the caller (it needs the exact solver).
std::vector<UserClaim> parse_claims_file(const std::string& bytes, const std::string& name);

} // namespace relucert::reduce
