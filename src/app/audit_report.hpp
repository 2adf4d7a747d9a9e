// The output folder of `relucert audit` (docs/REDUCTIONS.md §4): one row per claim and a summary
// by vertex count, rendered as Markdown, CSV and JSON tables (here) and LaTeX (audit_latex.hpp),
// a gnuplot plot (audit_plot.hpp), a README, a re-verification script and a manifest. Every number
// is exact; decimals are correctly rounded approximations (to_decimal) and labelled as such.
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
  std::string title;       // e.g. "MAX-CUT -> one ReLU, standard claim" (Markdown, README)
  std::string tex_title;   // the same in LaTeX, e.g. "MAX-CUT $\to$ one ReLU, standard claim"
  std::string command;     // the command line that produced the folder
  std::string value_label; // column header of the source value, e.g. "maxcut"
  std::string value_tex;   // the same in LaTeX, e.g. "max.\\cut" (a \\ breaks a LaTeX header)
  std::string beta_label;  // column header of beta: "beta" or "beta (naive)"
  std::string sets_label;  // what a training set comes from: "graphs", "hypergraphs", "rows"
  bool instances_are_files = false; // instance names are paths (LaTeX shows the file name)
  std::string instance_tex;         // LaTeX header of the instance column, e.g. "$G$\\(graph6)"
  // The two kinds of claim, by relation: upper (OPT <= bound) and lower (OPT >= or > bound);
  // in the built-in reductions these are exactly the YES and the NO side. Plain text (Markdown,
  // CSV headers) and LaTeX, e.g. "YES" and "YES: $\mathrm{OPT} \le \alpha$".
  std::string upper_side = "upper", lower_side = "lower";
  std::string upper_tex = "$\\mathrm{OPT} \\le b$", lower_tex = "$\\mathrm{OPT} \\ge b$";
  // The plot (UTF-8, gnuplot's noenhanced text): title, axis labels, and the two kinds of
  // claim, e.g. "MAX-CUT → one ReLU, standard claim" and "YES: OPT ≤ α".
  std::string plot_title, plot_xlabel;
  std::string plot_ylabel = "relative slack: (b − OPT)/|b| or (OPT − b)/|b|";
  std::string upper_text = "OPT ≤ b", lower_text = "OPT ≥ b";
  double seconds = 0;    // set by the audit when it finishes
  std::string machine{}; // nproc and CPU model, for the README (set likewise)
  std::string note{};    // e.g. that the run was interrupted (README); empty if none
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

// ---- The summary by vertex count (summary.tex, summary.csv, table.md, table.json) ----

struct ClaimCounts {
  size_t holds = 0, violated = 0, undecided = 0;
};
ClaimCounts count_claims(const std::vector<AuditRow>& rows);

// "215 claims: 189 hold, 26 VIOLATED, 0 undecided".
std::string summary_line(const std::vector<AuditRow>& rows);

// An upper claim (OPT <= b: the YES side of the built-in reductions), not a lower one (OPT >= b
// or OPT > b: the NO side).
bool is_upper(const AuditRow& r);
bool any_upper(const std::vector<AuditRow>& rows);
bool any_lower(const std::vector<AuditRow>& rows);

// The smallest slack among the claims of one kind (upper or lower) in a group: the row whose
// certified lower end of the slack is smallest (a certified lower bound on every slack of that
// kind in the group), the first by (n, |E|, c) and input order among equals, and how many rows
// share that lower end. row is nullptr if the group has no claim of this kind.
struct SmallestSlack {
  const AuditRow* row = nullptr;
  size_t ties = 0;
};

// The claims of one vertex count (n empty: sources without a size, i.e. asserted facts).
struct VertexGroup {
  std::optional<size_t> n;
  size_t sets = 0; // training sets (one certificate each)
  std::vector<const AuditRow*> rows;
  ClaimCounts counts;
  SmallestSlack upper, lower;
};

// Groups in increasing n, the group without a size last; rows keep their input order. The
// pointers point into `rows`.
std::vector<VertexGroup> by_vertex_count(const std::vector<AuditRow>& rows);

// Text for LaTeX's text mode: the ten special characters escaped.
std::string tex_escape(const std::string& s);

// A file of the folder: its name (relative to the folder) and its bytes.
struct AuditFile {
  std::string name, content;
};

// The slack of a claim: bound - OPT for <=, OPT - bound for >= and >; the claim holds iff it
// is >= 0 (> 0 for >). An interval [lower, upper] when OPT is only bracketed.
std::pair<Rational, Rational> claim_slack(const AuditRow& r);

// A decimal approximation for tables and plot data: 10 significant digits, correctly rounded.
std::string audit_approx(const Rational& q);

// table.md (the summary, then every claim), summary.tex (the summary by vertex count, a booktabs
// tabular), table.tex (every claim, a longtable), tables.tex (a document that \inputs both:
// `pdflatex tables.tex`), summary.csv, table.csv and table.json (the plot's files come from
// audit_plot.hpp).
std::vector<AuditFile> audit_tables(const std::vector<AuditRow>& rows, const AuditInfo& info);

// README.md (what the folder holds, the summary, the re-verification command; `plots` is 0 if no
// plot was drawn, 1 for plot.svg, 2 for plot.svg and plot.pdf) and verify.sh
// (POSIX sh: checks the manifest with sha256sum -c, runs relucheck --claim on every row with
// the expected verdict, prints "N verified, F failed" and exits 0 only if every row verified).
std::vector<AuditFile> audit_readme_and_script(const std::vector<AuditRow>& rows,
                                               const AuditInfo& info, int plots);

// The manifest: "<sha256>  <path>" for each file (the format `sha256sum -c` reads), sorted.
std::string manifest(const std::vector<std::string>& paths, const std::string& dir);

} // namespace relucert
