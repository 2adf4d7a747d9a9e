#include "app/audit_report.hpp"

#include "app/audit_latex.hpp"
#include "app/report.hpp"

#include "exact/decimal.hpp"
#include "io/sha256.hpp"
#include "io/text_input.hpp"
#include "relucert_version.hpp" // generated: the version and the source commit

#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <filesystem>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

namespace relucert {

namespace {

using reduce::Relation;
using reduce::Verdict;

// Decimal approximations in the tables and the plot data (audit_approx).
constexpr int DIGITS = 10;

// "x" for a point, "[a, b]" for an interval.
std::string range(const Rational& a, const Rational& b, std::string (*f)(const Rational&)) {
  return a == b ? f(a) : "[" + f(a) + ", " + f(b) + "]";
}
std::string exact(const Rational& q) {
  return q.str();
}

// How far OPT is from breaking the claim: bound - OPT for <=, OPT - bound for >= and >. The
// claim holds iff slack >= 0 (> 0 for >). An interval when OPT is only bracketed.
std::pair<Rational, Rational> slack(const AuditRow& r) {
  if (r.relation == Relation::AtMost) return {r.bound - r.upper, r.bound - r.lower};
  return {r.lower - r.bound, r.upper - r.bound};
}

std::string claim_text(const AuditRow& r) {
  return std::string("OPT ") + reduce::relation_text(r.relation) + " " + r.bound.str();
}

std::string opt_cell(const AuditRow& r) {
  return range(r.lower, r.upper, exact);
}

template <class T> std::string opt_or(const std::optional<T>& v) {
  if (!v) return "-";
  if constexpr (std::is_same_v<T, Rational>)
    return v->str();
  else
    return std::to_string(*v);
}

// The columns of table.md and table.csv. Cells hold exact text, "-" where a column does not
// apply.
struct Column {
  std::string md; // Markdown and CSV header
  bool left;      // Markdown: left-aligned
};
std::vector<Column> columns(const AuditInfo& info) {
  return {{"instance", true},       {"n", false},
          {"|E|", false},           {"c", false},
          {info.value_label, true}, {"side", true},
          {"alpha", false},         {info.beta_label, false},
          {"claim", true},          {"OPT (exact)", false},
          {"OPT (approx.)", false}, {"slack (exact)", false},
          {"status", true},         {"relucheck", true},
          {"claim file", true}};
}

std::vector<std::string> cells(const AuditRow& r) {
  const auto [s_lo, s_hi] = slack(r);
  return {r.instance,
          opt_or(r.n),
          opt_or(r.edges),
          opt_or(r.threshold),
          r.value_text,
          r.side,
          opt_or(r.alpha),
          opt_or(r.beta),
          claim_text(r),
          opt_cell(r),
          range(r.lower, r.upper, audit_approx),
          range(s_lo, s_hi, exact),
          reduce::verdict_text(r.verdict),
          r.checked,
          r.claim_file};
}

// Markdown: backslash-escape the characters that could end a cell or start markup, so graph6
// strings such as "C|" or "G`_~" show literally (CommonMark allows escaping any punctuation).
std::string md_escape(const std::string& s) {
  std::string o;
  for (char ch : s) {
    if (std::string("\\`*_|[]~$").find(ch) != std::string::npos) o += '\\';
    o += ch;
  }
  return o;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string o = "\"";
  for (char ch : s)
    o += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return o + "\"";
}

std::string slack_text(const AuditRow& r, std::string (*f)(const Rational&)) {
  const auto [lo, hi] = slack(r);
  return range(lo, hi, f);
}

// "Bw, c = 3" (and "1 of 37" style tie counts are reported separately).
std::string attained_text(const AuditRow& r) {
  return r.instance + (r.threshold ? ", c = " + std::to_string(*r.threshold) : "");
}

std::string n_text(const VertexGroup& g) {
  return g.n ? std::to_string(*g.n) : "-";
}

std::string markdown_summary(const std::vector<AuditRow>& rows, const AuditInfo& info) {
  std::ostringstream o;
  const bool up = any_upper(rows), lo = any_lower(rows);
  o << "## By vertex count\n\n"
    << "Slack: bound - OPT for a claim OPT <= bound, OPT - bound for OPT >= bound or OPT > "
       "bound (exact; an interval when OPT is only bracketed). The smallest slack of each kind "
       "is the smallest certified lower end, with the first claim that attains it (by |E|, c "
       "and input order) and the number of claims that attain it.\n\n"
    << "| n | " << md_escape(info.sets_label) << " | claims | holds | violated | undecided |";
  for (const auto* side : {up ? &info.upper_side : nullptr, lo ? &info.lower_side : nullptr})
    if (side) o << " " << md_escape(*side) << ": smallest slack | approx. | attained at | claims |";
  o << "\n| ---: | ---: | ---: | ---: | ---: | ---: |";
  for (bool b : {up, lo})
    if (b) o << " ---: | ---: | --- | ---: |";
  o << "\n";
  for (const VertexGroup& g : by_vertex_count(rows)) {
    o << "| " << n_text(g) << " | " << g.sets << " | " << g.rows.size() << " | " << g.counts.holds
      << " | " << g.counts.violated << " | " << g.counts.undecided << " |";
    for (const auto* s : {up ? &g.upper : nullptr, lo ? &g.lower : nullptr}) {
      if (!s) continue;
      if (!s->row)
        o << " - | - | - | 0 |";
      else
        o << " " << md_escape(slack_text(*s->row, exact)) << " | "
          << md_escape(slack_text(*s->row, audit_approx)) << " | "
          << md_escape(attained_text(*s->row)) << " | " << s->ties << " |";
    }
    o << "\n";
  }
  return o.str();
}

// The last column of the CSV tables: which relucert wrote the row (a CSV has no comments).
std::string version_cell() {
  return std::string(RELUCERT_VERSION) + " (commit " + RELUCERT_SOURCE_COMMIT + ")";
}

std::string summary_csv(const std::vector<AuditRow>& rows, const AuditInfo& info) {
  std::ostringstream o;
  o << "n," << csv_field(info.sets_label) << ",claims,holds,violated,undecided";
  for (const auto& side : {info.upper_side, info.lower_side})
    for (const char* f : {" smallest slack (exact)", " smallest slack (approx.)", " instance", " c",
                          " claim file", " claims attaining"})
      o << "," << csv_field(side + f);
  o << ",relucert\n";
  for (const VertexGroup& g : by_vertex_count(rows)) {
    o << n_text(g) << "," << g.sets << "," << g.rows.size() << "," << g.counts.holds << ","
      << g.counts.violated << "," << g.counts.undecided;
    for (const SmallestSlack* s : {&g.upper, &g.lower}) {
      if (!s->row) {
        o << ",-,-,-,-,-,0";
        continue;
      }
      const AuditRow& r = *s->row;
      o << "," << csv_field(slack_text(r, exact)) << "," << csv_field(slack_text(r, audit_approx))
        << "," << csv_field(r.instance) << "," << opt_or(r.threshold) << ","
        << csv_field(r.claim_file) << "," << s->ties;
    }
    o << "," << csv_field(version_cell()) << "\n";
  }
  return o.str();
}

std::string markdown(const std::vector<AuditRow>& rows, const AuditInfo& info) {
  std::ostringstream o;
  o << "# " << info.title << "\n\n"
    << "Written by relucert " << RELUCERT_VERSION << " (commit " << RELUCERT_SOURCE_COMMIT << "). "
    << summary_line(rows) << ". Exact values; the column OPT (approx.) holds decimal "
    << "approximations, correctly rounded to " << DIGITS << " significant digits.\n\n"
    << markdown_summary(rows, info) << "\n## Every claim\n\n";
  const auto& cols = columns(info);
  for (const auto& c : cols)
    o << "| " << md_escape(c.md) << " ";
  o << "|\n";
  for (const auto& c : cols)
    o << (c.left ? "| --- " : "| ---: ");
  o << "|\n";
  for (const auto& r : rows) {
    for (const auto& cell : cells(r))
      o << "| " << md_escape(cell) << " ";
    o << "|\n";
  }
  if (const AuditRow* ce = smallest_counterexample(rows))
    o << "\n**" << counterexample_label(*ce) << ":** " << md_escape(counterexample_text(*ce))
      << ".\n";
  return o.str();
}

std::string csv(const std::vector<AuditRow>& rows, const AuditInfo& info) {
  std::ostringstream o;
  const auto& cols = columns(info);
  for (size_t k = 0; k < cols.size(); ++k)
    o << (k ? "," : "") << csv_field(cols[k].md);
  o << ",relucert\n";
  for (const auto& r : rows) {
    const auto c = cells(r);
    for (size_t k = 0; k < c.size(); ++k)
      o << (k ? "," : "") << csv_field(c[k]);
    o << "," << csv_field(version_cell()) << "\n";
  }
  return o.str();
}

nlohmann::ordered_json number_json(const Rational& q) {
  return {{"exact", q.str()}, {"approx", nearest_double(q)}};
}

template <class T> nlohmann::ordered_json optional_json(const std::optional<T>& v) {
  if (!v) return nullptr;
  if constexpr (std::is_same_v<T, Rational>)
    return number_json(*v);
  else
    return *v;
}

std::string json(const std::vector<AuditRow>& rows, const AuditInfo& info) {
  nlohmann::ordered_json j;
  j["audit"] = info.title;
  j["version"] = RELUCERT_VERSION;
  j["commit"] = RELUCERT_SOURCE_COMMIT;
  j["command"] = info.command;
  j["note"] = "'exact' fields are exact rationals (strings); 'approx' fields are approximations "
              "(numbers): the nearest IEEE double to the exact value, null beyond the double "
              "range";
  const ClaimCounts c = count_claims(rows);
  j["summary"] = {{"rows", rows.size()},
                  {"holds", c.holds},
                  {"violated", c.violated},
                  {"undecided", c.undecided}};
  j["by_vertex_count"] = nlohmann::ordered_json::array();
  for (const VertexGroup& g : by_vertex_count(rows)) {
    nlohmann::ordered_json smallest;
    for (const auto& [key, s, side] : {std::make_tuple("upper", &g.upper, &info.upper_side),
                                       std::make_tuple("lower", &g.lower, &info.lower_side)}) {
      if (!s->row) {
        smallest[key] = nullptr;
        continue;
      }
      const AuditRow& r = *s->row;
      const auto [s_lo, s_hi] = slack(r);
      smallest[key] = {{"side", *side},
                       {"slack", {{"lower", number_json(s_lo)}, {"upper", number_json(s_hi)}}},
                       {"instance", r.instance},
                       {"threshold", optional_json(r.threshold)},
                       {"claim", r.claim_file},
                       {"claims_attaining", s->ties}};
    }
    j["by_vertex_count"].push_back({{"n", optional_json(g.n)},
                                    {"training_sets", g.sets},
                                    {"claims", g.rows.size()},
                                    {"holds", g.counts.holds},
                                    {"violated", g.counts.violated},
                                    {"undecided", g.counts.undecided},
                                    {"smallest_slack", smallest}});
  }
  j["rows"] = nlohmann::ordered_json::array();
  for (const auto& r : rows) {
    const auto [s_lo, s_hi] = slack(r);
    nlohmann::ordered_json row = {
        {"instance", r.instance},
        {"n", optional_json(r.n)},
        {"edges", optional_json(r.edges)},
        {"threshold", optional_json(r.threshold)},
        {"source_value", r.value_text},
        {"side", r.side},
        {"source_fact", r.source_fact},
        {"alpha", optional_json(r.alpha)},
        {"beta", optional_json(r.beta)},
        {"claim",
         {{"relation", reduce::relation_text(r.relation)}, {"bound", number_json(r.bound)}}},
        {"opt",
         {{"lower", number_json(r.lower)},
          {"upper", number_json(r.upper)},
          {"exact", r.lower == r.upper ? nlohmann::ordered_json(r.upper.str())
                                       : nlohmann::ordered_json(nullptr)}}},
        {"slack", {{"lower", number_json(s_lo)}, {"upper", number_json(s_hi)}}},
        {"status", reduce::verdict_text(r.verdict)},
        {"relucheck", r.checked},
        {"files",
         {{"instance", r.instance_file}, {"certificate", r.cert_file}, {"claim", r.claim_file}}}};
    j["rows"].push_back(row);
  }
  const AuditRow* ce = smallest_counterexample(rows);
  j["smallest_counterexample"] =
      ce ? nlohmann::ordered_json{{"instance", ce->instance},
                                  {"threshold", optional_json(ce->threshold)},
                                  {"claim", ce->claim_file},
                                  {"text", counterexample_text(*ce)}}
         : nlohmann::ordered_json(nullptr);
  return j.dump(2) + "\n";
}

// s in single quotes, each ' inside written as `quote`.
std::string single_quoted(const std::string& s, const char* quote) {
  std::string o = "'";
  for (char ch : s)
    o += ch == '\'' ? std::string(quote) : std::string(1, ch);
  return o + "'";
}

// A POSIX shell word: single quotes, with each ' written as '\''.
std::string sh_quote(const std::string& s) {
  return single_quoted(s, "'\\''");
}

std::string verify_script(const std::vector<AuditRow>& rows) {
  std::ostringstream o;
  o << R"SH(#!/bin/sh
# Re-verifies this audit folder (written by relucert audit; see README.md): checks every file
# against the SHA-256 digests in MANIFEST, then runs the independent checker relucheck on every
# row of the table: its certificate, its claim file (source side included) and the verdict the
# table states. Prints "N verified, F failed" and exits 0 only if every row verified.
# usage: sh verify.sh [RELUCHECK]      (default: $RELUCHECK, else relucheck on the PATH)
R=${1:-${RELUCHECK:-relucheck}}
case $R in */*) R=$(cd "$(dirname "$R")" && pwd)/$(basename "$R") ;; esac
cd "$(dirname "$0")" || exit 1
if ! command -v "$R" >/dev/null 2>&1; then
  echo "verify.sh: relucheck not found ('$R'): give its path as the first argument"
  exit 1
fi
ok=0
failed=0
if ! sha256sum --quiet -c MANIFEST; then
  echo "FAILED: MANIFEST: files differ from their SHA-256 digests"
  failed=1
fi
row() { # expected-verdict instance certificate claim
  if out=$("$R" --quiet "$2" "$3" --claim "$4" --expect "$1" 2>&1); then
    ok=$((ok + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $4 (--expect $1):"
    printf '%s\n' "$out" | sed 's/^/    /'
  fi
}
)SH";
  size_t undecided = 0;
  for (const auto& r : rows) {
    if (r.verdict == Verdict::Undecided) {
      o << "# undecided (the certificate proves neither the claim nor its negation): "
        << r.claim_file << "\n";
      ++undecided;
      continue;
    }
    o << "row " << (r.verdict == Verdict::Holds ? "holds" : "violated") << " "
      << sh_quote(r.instance_file) << " " << sh_quote(r.cert_file) << " " << sh_quote(r.claim_file)
      << "\n";
  }
  if (undecided == 0) {
    o << "echo \"$ok verified, $failed failed\"\n[ \"$failed\" -eq 0 ]\n";
  } else {
    o << "echo \"$ok verified, $failed failed, " << undecided
      << " undecided (not verifiable; see the table)\"\nexit 1\n";
  }
  return o.str();
}

std::string readme(const std::vector<AuditRow>& rows, const AuditInfo& info, int plots) {
  std::ostringstream o;
  const ClaimCounts c = count_claims(rows);
  o << "# relucert audit: " << info.title << "\n\n"
    << "Written by relucert " << RELUCERT_VERSION << " (commit " << RELUCERT_SOURCE_COMMIT
    << ") as\n\n    " << info.command << "\n\n"
    << "in " << std::fixed << std::setprecision(1) << info.seconds << " s on " << info.machine
    << ".\n\n";
  if (!info.note.empty()) o << "**" << info.note << "**\n\n";
  o << "**Result: " << summary_line(rows) << ".**\n\n";
  if (const AuditRow* ce = smallest_counterexample(rows))
    o << "**" << counterexample_label(*ce) << ":** " << counterexample_text(*ce) << ". Re-check it "
      << "alone with `relucheck " << ce->instance_file << " " << ce->cert_file << " --claim "
      << ce->claim_file << " --expect violated`.\n\n";
  o << "## Re-verify\n\nOne command, in this folder, with the independent checker `relucheck`:\n\n"
    << "    sh verify.sh /path/to/relucheck\n\n"
    << "It checks every file against `MANIFEST` (`sha256sum -c`), then runs `relucheck INSTANCE "
       "CERT --claim CLAIM --expect holds|violated` on every row: the certificate, the training "
       "set rebuilt from the source instance, the constants, the source side (witness, or "
       "exhaustive refutation) and the verdict. It prints `"
    << (rows.size() - c.undecided) << " verified, 0 failed` and exits 0 when all is well"
    << (c.undecided ? "; undecided rows cannot be verified, so it exits 1" : "") << ".\n\n"
    << "## Files\n\n"
    << "* `table.md`: the summary by vertex count, then one row per claim; `summary.csv` and "
       "`table.csv` the same as CSV, with every detail (files, relucheck's verdict); "
       "`table.json` all of it.\n"
    << "* `summary.tex` (a booktabs `tabular`: one row per vertex count) and `table.tex` (a "
       "`longtable`: one row per claim), for `\\input` into a paper; they need "
       "`\\usepackage{"
    << TEX_PACKAGES
    << "}` (Debian: texlive-latex-base and texlive-latex-recommended). `tables.tex` is a "
       "document with both: `pdflatex tables.tex` (twice or three times, until longtable stops "
       "asking for a rerun) writes `tables.pdf`.\n";
  if (plots)
    o << "* `plot.svg`" << (plots > 1 ? " and `plot.pdf`" : "")
      << ": the slack of every claim relative to its bound, against the threshold relative to "
         "the source value (c - maxcut for MAX-CUT), violated claims circled; drawn by `gnuplot "
         "plot.gp` from `plot.dat` (decimal approximations).\n";
  else
    o << "* `plot.gp`, `plot.dat`: the plot's script and data (`gnuplot plot.gp` draws "
         "`plot.svg` and `plot.pdf`; gnuplot was not available when the audit ran).\n";
  o << "* One folder per training set: `instance.*` (the training set), `instance.cert` (its "
       "certificate, relucert format 1) and the claim file(s) (`relucert-claim 1`).\n"
    << "* `verify.sh`: the re-verification script; `MANIFEST`: SHA-256 of every other file.\n\n"
    << "## Columns\n\n"
    << "* n, |E|, c: the source instance's size and the threshold; " << info.value_label
    << ": the exact source value; side: YES or NO as the exact source solver decided it (or "
       "`asserted`: the user's unchecked statement).\n"
    << "* alpha, beta: the reduction's constants (certs/MATH.md §9, §10); claim: the "
       "inequality the reduction promises for this row's side.\n"
    << "* OPT (exact): the certified optimum of the training set, or the certified interval "
       "[lower, upper] if the search stopped early; OPT (approx.): its decimal value, correctly "
       "rounded to "
    << DIGITS << " significant digits (an approximation).\n"
    << "* slack (exact): bound - OPT for a claim OPT <= bound, OPT - bound for OPT >= bound or "
       "OPT > bound; negative (or 0 for >) means the claim is violated.\n"
    << "* status: holds, VIOLATED (a certified counterexample: source side and ReLU bound both "
       "verified), or undecided (the certified interval does not decide the claim).\n"
    << "* relucheck: what the independent checker said when the audit ran it on the row "
       "(`relucheck INSTANCE CERT --claim CLAIM --expect holds|violated`, as verify.sh does): "
       "verified, REJECTED, n/a (undecided: nothing to verify) or not run (--no-check, or "
       "relucheck not found).\n";
  return o.str();
}

} // namespace

std::string tex_escape(const std::string& s) {
  std::string o;
  for (char ch : s) {
    switch (ch) {
    case '\\':
      o += "\\textbackslash{}";
      break;
    case '~':
      o += "\\textasciitilde{}";
      break;
    case '^':
      o += "\\textasciicircum{}";
      break;
    case '{':
    case '}':
    case '_':
    case '&':
    case '%':
    case '$':
    case '#':
      o += '\\';
      o += ch;
      break;
    default:
      o += ch;
    }
  }
  return o;
}

ClaimCounts count_claims(const std::vector<AuditRow>& rows) {
  ClaimCounts c;
  for (const auto& r : rows)
    (r.verdict == Verdict::Holds      ? c.holds
     : r.verdict == Verdict::Violated ? c.violated
                                      : c.undecided)++;
  return c;
}

std::string summary_line(const std::vector<AuditRow>& rows) {
  const ClaimCounts c = count_claims(rows);
  return std::to_string(rows.size()) + " claims: " + std::to_string(c.holds) + " hold, " +
         std::to_string(c.violated) + " VIOLATED, " + std::to_string(c.undecided) + " undecided";
}

namespace {

// The order of "smallest": (n, |E|, c), then input order; rows without a size come last.
std::tuple<size_t, size_t, long, size_t> size_key(const AuditRow& r) {
  return {r.n.value_or(SIZE_MAX), r.edges.value_or(SIZE_MAX), r.threshold.value_or(LONG_MAX),
          r.order};
}

} // namespace

bool is_upper(const AuditRow& r) {
  return r.relation == Relation::AtMost;
}

namespace {

// The row with the smaller certified lower end of the slack, the first by size_key among
// equals; ties counts the rows that share the smallest lower end.
void consider(SmallestSlack& s, const AuditRow& r) {
  if (!s.row) {
    s = {&r, 1};
    return;
  }
  const Rational a = slack(r).first, b = slack(*s.row).first;
  if (a < b)
    s = {&r, 1};
  else if (a == b) {
    ++s.ties;
    if (size_key(r) < size_key(*s.row)) s.row = &r;
  }
}

} // namespace

// Groups in increasing n, the group without a size last; rows keep their input order.
std::vector<VertexGroup> by_vertex_count(const std::vector<AuditRow>& rows) {
  std::map<size_t, VertexGroup> groups;
  std::map<size_t, std::set<std::string>> sets;
  for (const auto& r : rows) {
    const size_t key = r.n.value_or(SIZE_MAX);
    VertexGroup& g = groups[key];
    g.n = r.n;
    g.rows.push_back(&r);
    (r.verdict == Verdict::Holds      ? g.counts.holds
     : r.verdict == Verdict::Violated ? g.counts.violated
                                      : g.counts.undecided)++;
    consider(is_upper(r) ? g.upper : g.lower, r);
    sets[key].insert(r.cert_file.empty() ? r.instance : r.cert_file);
  }
  std::vector<VertexGroup> out;
  for (auto& [key, g] : groups) {
    g.sets = sets[key].size();
    out.push_back(std::move(g));
  }
  return out;
}

bool any_upper(const std::vector<AuditRow>& rows) {
  return std::any_of(rows.begin(), rows.end(), is_upper);
}
bool any_lower(const std::vector<AuditRow>& rows) {
  return !std::all_of(rows.begin(), rows.end(), is_upper);
}

const AuditRow* smallest_counterexample(const std::vector<AuditRow>& rows) {
  const AuditRow* best = nullptr;
  auto key = [](const AuditRow& r) {
    constexpr size_t BIG = SIZE_MAX;
    return std::make_tuple(r.n.value_or(BIG), r.edges.value_or(BIG), r.threshold.value_or(LONG_MAX),
                           r.order);
  };
  for (const auto& r : rows)
    if (r.verdict == Verdict::Violated && (!best || key(r) < key(*best))) best = &r;
  return best;
}

std::string counterexample_label(const AuditRow& r) {
  return r.side == "asserted"
             ? "Smallest counterexample (ReLU side certified; source side asserted, not verified)"
             : "Smallest certified counterexample (source side and ReLU bound verified)";
}

std::string counterexample_text(const AuditRow& r) {
  std::ostringstream o;
  o << r.instance;
  if (r.n) o << " (n = " << *r.n << ", |E| = " << *r.edges << ")";
  if (r.threshold) o << ", c = " << *r.threshold;
  o << ": side " << r.side << " (" << r.source_fact << "), claim " << claim_text(r) << ", but ";
  if (r.relation == Relation::AtMost)
    o << "OPT >= " << r.lower.str() << " > " << r.bound.str();
  else
    o << "OPT <= " << r.upper.str() << (r.relation == Relation::Above ? " <= " : " < ")
      << r.bound.str();
  o << " (certified; OPT";
  if (r.lower == r.upper)
    o << " = " << r.upper.str() << ", audit_approx. " << audit_approx(r.upper);
  else
    o << " in [" << r.lower.str() << ", " << r.upper.str() << "]";
  o << ")";
  return o.str();
}

std::string audit_approx(const Rational& q) {
  return to_decimal(q, DIGITS);
}

std::pair<Rational, Rational> claim_slack(const AuditRow& r) {
  return slack(r);
}

std::vector<AuditFile> audit_tables(const std::vector<AuditRow>& rows, const AuditInfo& info) {
  return {{"table.md", markdown(rows, info)},       {"summary.tex", latex_summary(rows, info)},
          {"table.tex", latex_claims(rows, info)},  {"tables.tex", latex_document(rows, info)},
          {"summary.csv", summary_csv(rows, info)}, {"table.csv", csv(rows, info)},
          {"table.json", json(rows, info)}};
}

std::vector<AuditFile> audit_readme_and_script(const std::vector<AuditRow>& rows,
                                               const AuditInfo& info, int plots) {
  return {{"README.md", readme(rows, info, plots)}, {"verify.sh", verify_script(rows)}};
}

std::string manifest(const std::vector<std::string>& paths, const std::string& dir) {
  std::vector<std::string> sorted = paths;
  std::sort(sorted.begin(), sorted.end());
  std::ostringstream o;
  for (const auto& p : sorted) {
    const SourceText f = read_source((std::filesystem::path(dir) / p).string());
    o << sha256_hex(f.bytes) << "  " << p << "\n";
  }
  return o.str();
}

} // namespace relucert
