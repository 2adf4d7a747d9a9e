// Claim files: what a reduction asserts about one training set, written next to
// it by `relucert reduce` (format in docs/REDUCTIONS.md). A claim names the source
// instance exactly (so it can be rebuilt), binds the training set by its SHA-256,
// records the exact source-side answer with its proof (a witness, or "exhaustive"),
// and states the inequality the ReLU side must satisfy.
#pragma once

#include "exact/rational.hpp"
#include "solver/model.hpp"

#include <string>
#include <utility>
#include <vector>

namespace relucert::reduce {

// The claimed relation of OPT to the bound.
enum class Relation {
  AtMost,  // OPT <= bound  (the YES side)
  AtLeast, // OPT >= bound  (the NO side)
  Above    // OPT >  bound  (the NO side of a realizable reduction, bound 0)
};

struct Claim {
  std::string reduction; // "maxcut", "hypergraph-2col", or "user" (a user's own reduction)
  std::string variant;   // "standard"/"naive" (maxcut); empty: no line
  // reduction "user" only: the kind of source fact, "maxcut" (checked) or "asserted" (not
  // checked: no side, source-value or source-witness lines); empty: no line.
  std::string fact;
  std::string source;                      // where the source came from (informational)
  std::vector<std::string> source_records; // lines that define the source instance exactly
  std::string instance_file;               // relative to the claim file
  std::string instance_sha256;
  Model model;
  std::vector<std::pair<std::string, Rational>> parameters; // in order: name value
  bool yes = false;                                         // side of the source instance
  std::string source_value;                                 // empty: no line
  std::string source_witness;                               // a witness, or "exhaustive"
  Relation relation = Relation::AtMost;
  Rational bound;
};

// "1 0 nonneg": units, bias (0/1), output-weight sign ("nonneg" or "signed").
std::string model_text(const Model& m);

// "<=", ">=", ">".
const char* relation_text(Relation r);

// The claim file's bytes: `relucert-claim 1`, keyword-led lines, `end`.
std::string format_claim(const Claim& c);

// What a certified interval lower <= OPT <= upper says about `OPT rel bound` (the table of
// certs/CLAIMS.md, which relucheck applies to the certificate's verified bounds): Holds if the
// bound on the claim's side implies it, Violated if the other bound contradicts it (a certified
// counterexample when the source side is verified), Undecided otherwise.
enum class Verdict { Holds, Violated, Undecided };
Verdict decide(Relation rel, const Rational& bound, const Rational& lower, const Rational& upper);

// "holds", "VIOLATED", "undecided".
const char* verdict_text(Verdict v);

} // namespace relucert::reduce
