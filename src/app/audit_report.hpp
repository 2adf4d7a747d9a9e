// The output folder of `relucert audit` (docs/REDUCTIONS.md §4): one row per claim, rendered as
// Markdown, LaTeX (booktabs), CSV and JSON tables, a gnuplot plot, a README, a re-verification
// script and a manifest. Every number is exact; decimals are correctly rounded approximations
// (to_decimal) and labelled as such.
#pragma once

#include "exact/rational.hpp"
#include "reduce/claim.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace relucert {

struct AuditRow {
  std::string instance;           // graph6 string, hypergraph file, or the user's row name
  std::optional<size_t> n, edges; // source size (none for an asserted fact)
  std::optional<long> threshold;  // MAX-CUT threshold c
  std::optional<size_t> value;    // source value: maximum cut, or 1/0 for 2-colourable or not
  std::string value_text;         // the source value as shown ("2", "2-colourable", "asserted")
  std::string side;               // "YES", "NO" or "asserted"
  std::string source_fact;        // the side and its proof, e.g. "maximum cut 2 < 3, exhaustive"
  std::optional<Rational> alpha, beta; // the reduction's constants (built-in reductions)
  reduce::Relation relation = reduce::Relation::AtMost;
  Rational bound;        // the claim: OPT relation bound
  Rational lower, upper; // certified: lower <= OPT <= upper
  reduce::Verdict verdict = reduce::Verdict::Undecided;
  // relucheck's verdict on the row, run by the audit: "verified", "REJECTED", "not run" (--no-check
  // or relucheck not found) or "n/a" (an undecided claim has nothing to verify).
  std::string checked = "not run";
  std::string instance_file, cert_file, claim_file; // relative to the audit folder
  size_t order = 0;                                 // position in the input
};

// What the folder's README and tables say about the run as a whole.
struct AuditInfo {
  std::string title;       // e.g. "MAX-CUT -> one ReLU, standard claim"
  std::string command;     // the command line that produced the folder
  std::string source_axis; // the plot's x axis, e.g. "maximum cut of the graph"
  std::string value_label; // column header of the source value, e.g. "maxcut"
  std::string beta_label;  // column header of beta: "beta" or "beta (naive)"
  double seconds = 0;      // set by the audit when it finishes
  std::string machine{};   // nproc and CPU model, for the README (set likewise)
  std::string note{};      // e.g. that the run was interrupted (README); empty if none
};

// The row with the smallest (n, |E|, c), then the earliest in the input, among the violated
// claims; nullptr if there is none.
const AuditRow* smallest_counterexample(const std::vector<AuditRow>& rows);

// One sentence naming a violated row's instance, its source fact and the certified bound that
// contradicts the claim, e.g. "Bw (n = 3, |E| = 3), c = 3: side NO (maximum cut 2 < 3,
// exhaustive), claim OPT >= 43, but OPT <= 5057/119 < 43 (certified)".
std::string counterexample_text(const AuditRow& r);

// "Smallest certified counterexample (...)", or a label that says the source side is asserted.
std::string counterexample_label(const AuditRow& r);

// A file of the folder: its name (relative to the folder) and its bytes.
struct AuditFile {
  std::string name, content;
};

// table.md, table.tex, table.csv, table.json, and the plot's data and gnuplot script plot.dat
// and plot.gp; the script writes the SVG to `svg_output` (a temporary name that the caller
// renames into place, so that plot.svg is complete or absent).
std::vector<AuditFile> audit_tables(const std::vector<AuditRow>& rows, const AuditInfo& info,
                                    const std::string& svg_output);

// README.md (what the folder holds, the summary, the re-verification command) and verify.sh
// (POSIX sh: checks the manifest with sha256sum -c, runs relucheck --claim on every row with
// the expected verdict, prints "N verified, F failed" and exits 0 only if every row verified).
std::vector<AuditFile> audit_readme_and_script(const std::vector<AuditRow>& rows,
                                               const AuditInfo& info, bool have_plot);

// The manifest: "<sha256>  <path>" for each file (the format `sha256sum -c` reads), sorted.
std::string manifest(const std::vector<std::string>& paths, const std::string& dir);

} // namespace relucert
