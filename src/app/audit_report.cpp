#include "app/audit_report.hpp"

#include "exact/decimal.hpp"
#include "io/sha256.hpp"
#include "io/text_input.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <filesystem>
#include <iomanip>
#include <sstream>
#include <tuple>

namespace relucert {

namespace {

using reduce::Relation;
using reduce::Verdict;

// Decimal approximations in the tables: 10 significant digits, correctly rounded.
constexpr int DIGITS = 10;

std::string approx(const Rational& q) {
  return to_decimal(q, DIGITS);
}

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

// The table's columns. Cells hold exact text, "-" where a column does not apply.
struct Column {
  std::string md;  // Markdown and CSV header
  std::string tex; // LaTeX header
  bool math;       // LaTeX: typeset the cell in math mode
  bool left;       // Markdown: left-aligned
};
std::vector<Column> columns(const AuditInfo& info) {
  return {
      {"instance", "instance", false, true},
      {"n", "$n$", true, false},
      {"|E|", "$|E|$", true, false},
      {"c", "$c$", true, false},
      {info.value_label, tex_escape(info.value_label), false, true},
      {"side", "side", false, true},
      {"alpha", "$\\alpha$", true, false},
      {info.beta_label, info.beta_label == "beta" ? "$\\beta$" : "$\\beta$ (naive)", true, false},
      {"claim", "claim", true, true},
      {"OPT (exact)", "OPT", true, false},
      {"OPT (approx.)", "OPT (approx.)", true, false},
      {"slack (exact)", "slack", true, false},
      {"status", "status", false, true},
      {"relucheck", "relucheck", false, true},
      {"claim file", "claim file", false, true}};
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
          range(r.lower, r.upper, approx),
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

// A cell in LaTeX math mode: "OPT <= 43" becomes \mathrm{OPT} \le 43.
std::string tex_math(std::string s) {
  auto replace = [&](const std::string& from, const std::string& to) {
    for (size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size())
      s.replace(p, from.size(), to);
  };
  replace("OPT", "\\mathrm{OPT}");
  replace("<=", "\\le");
  replace(">=", "\\ge");
  return "$" + s + "$";
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string o = "\"";
  for (char ch : s)
    o += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return o + "\"";
}

struct Counts {
  size_t holds = 0, violated = 0, undecided = 0;
};
Counts count(const std::vector<AuditRow>& rows) {
  Counts c;
  for (const auto& r : rows)
    (r.verdict == Verdict::Holds      ? c.holds
     : r.verdict == Verdict::Violated ? c.violated
                                      : c.undecided)++;
  return c;
}

std::string summary_line(const std::vector<AuditRow>& rows) {
  const Counts c = count(rows);
  return std::to_string(rows.size()) + " claims: " + std::to_string(c.holds) + " hold, " +
         std::to_string(c.violated) + " VIOLATED, " + std::to_string(c.undecided) + " undecided";
}

std::string markdown(const std::vector<AuditRow>& rows, const AuditInfo& info) {
  std::ostringstream o;
  o << "# " << info.title << "\n\n"
    << summary_line(rows) << ". Exact values; the column OPT (approx.) holds decimal "
    << "approximations, correctly rounded to " << DIGITS << " significant digits.\n\n";
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

std::string latex(const std::vector<AuditRow>& rows, const AuditInfo& info) {
  std::ostringstream o;
  o << "% " << info.title << " (relucert audit; needs \\usepackage{booktabs}).\n"
    << "% " << summary_line(rows) << ". Exact values; OPT (approx.) is a decimal approximation,\n"
    << "% correctly rounded to " << DIGITS << " significant digits.\n"
    << "\\begin{tabular}{lrrrllllllllll}\n\\toprule\n";
  const auto& cols = columns(info);
  for (size_t k = 0; k < cols.size(); ++k)
    o << (k ? " & " : "") << cols[k].tex;
  o << " \\\\\n\\midrule\n";
  for (const auto& r : rows) {
    const auto c = cells(r);
    for (size_t k = 0; k < c.size(); ++k) {
      std::string cell = c[k];
      if (cell == "-")
        cell = "--";
      else if (k == 0 || k == c.size() - 1)
        cell = "\\texttt{" + tex_escape(cell) + "}";
      else if (cols[k].math)
        cell = tex_math(cell);
      else if (r.verdict == Verdict::Violated && k == 12)
        cell = "\\textbf{" + cell + "}";
      else
        cell = tex_escape(cell);
      o << (k ? " & " : "") << cell;
    }
    o << " \\\\\n";
  }
  o << "\\bottomrule\n\\end{tabular}\n";
  if (const AuditRow* ce = smallest_counterexample(rows))
    o << "% " << counterexample_label(*ce) << ": " << counterexample_text(*ce) << ".\n";
  return o.str();
}

std::string csv(const std::vector<AuditRow>& rows, const AuditInfo& info) {
  std::ostringstream o;
  const auto& cols = columns(info);
  for (size_t k = 0; k < cols.size(); ++k)
    o << (k ? "," : "") << csv_field(cols[k].md);
  o << "\n";
  for (const auto& r : rows) {
    const auto c = cells(r);
    for (size_t k = 0; k < c.size(); ++k)
      o << (k ? "," : "") << csv_field(c[k]);
    o << "\n";
  }
  return o.str();
}

nlohmann::ordered_json number_json(const Rational& q) {
  return {{"exact", q.str()}, {"approx", approx(q)}};
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
  j["command"] = info.command;
  j["note"] = "'exact' fields are exact rationals; 'approx' fields are decimal approximations, "
              "correctly rounded to " +
              std::to_string(DIGITS) + " significant digits";
  const Counts c = count(rows);
  j["summary"] = {{"rows", rows.size()},
                  {"holds", c.holds},
                  {"violated", c.violated},
                  {"undecided", c.undecided}};
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

// gnuplot reads single-quoted strings literally except for '' (one quote).
std::string gp_string(const std::string& s) {
  return single_quoted(s, "''");
}

// plot.dat: one line per row, tab-separated: x (the source value, or the row number when the
// source fact is asserted), OPT (upper end; approx.), the claimed bound (approx.), 0 for an
// upper claim (<=) or 1 for a lower claim (>=, >), 1 if the claim is violated.
std::string plot_data(const std::vector<AuditRow>& rows) {
  std::ostringstream o;
  o << "# x\tOPT (approx.)\tclaimed bound (approx.)\tlower claim\tviolated\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    const AuditRow& r = rows[i];
    o << (r.value ? std::to_string(*r.value) : std::to_string(i + 1)) << "\t" << approx(r.upper)
      << "\t" << approx(r.bound) << "\t" << (r.relation == Relation::AtMost ? 0 : 1) << "\t"
      << (r.verdict == Verdict::Violated ? 1 : 0) << "\n";
  }
  return o.str();
}

std::string plot_script(const AuditInfo& info, const std::string& svg_output) {
  std::ostringstream o;
  o << "# gnuplot script written by relucert audit: gnuplot plot.gp writes the plot.\n"
    << "set terminal svg size 960,600 dynamic noenhanced font 'sans,12'\n"
    << "set output " << gp_string(svg_output) << "\n"
    << "set title " << gp_string(info.title) << "\n"
    << "set xlabel " << gp_string(info.source_axis) << "\n"
    << "set ylabel 'OPT and the claimed bounds (decimal approximations)'\n"
    << "set key outside right top\nset grid\nset offsets 0.5, 0.5, 0, 0\n"
    << "set datafile separator '\\t'\n"
    << "plot 'plot.dat' using 1:($4 == 0 ? $3 : NaN) with points pt 11 ps 1.4 lc rgb '#1f77b4' "
       "title 'upper claims OPT <= alpha (YES)', \\\n"
    << "     '' using 1:($4 == 1 ? $3 : NaN) with points pt 9 ps 1.4 lc rgb '#2ca02c' "
       "title 'lower claims OPT >= beta (NO)', \\\n"
    << "     '' using 1:2 with points pt 7 ps 0.8 lc rgb 'black' title 'OPT (certified)', \\\n"
    << "     '' using 1:($5 == 1 ? $2 : NaN) with points pt 6 ps 2.5 lw 2 lc rgb 'red' "
       "title 'claim VIOLATED'\n";
  return o.str();
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

std::string readme(const std::vector<AuditRow>& rows, const AuditInfo& info, bool have_plot) {
  std::ostringstream o;
  const Counts c = count(rows);
  o << "# relucert audit: " << info.title << "\n\n"
    << "Written by\n\n    " << info.command << "\n\n"
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
    << "* `table.md`, `table.tex` (booktabs), `table.csv`, `table.json`: one row per claim.\n";
  if (have_plot)
    o << "* `plot.svg`: OPT against the source value, with the claimed bounds (from `plot.gp` "
         "and `plot.dat`; decimal approximations).\n";
  else
    o << "* `plot.gp`, `plot.dat`: the plot's script and data (`gnuplot plot.gp` draws "
         "`plot.svg`; gnuplot was not available when the audit ran).\n";
  o << "* One folder per training set: `instance.*` (the training set), `instance.cert` (its "
       "certificate, relucert format 1) and the claim file(s) (`relucert-claim 1`).\n"
    << "* `verify.sh`: the re-verification script; `MANIFEST`: SHA-256 of every other file.\n\n"
    << "## Columns\n\n"
    << "* n, |E|, c: the source instance's size and the threshold; " << info.value_label
    << ": the exact source value; side: YES or NO as the exact source solver decided it (or "
       "`asserted`: the user's unchecked statement).\n"
    << "* alpha, beta: the reduction's constants (certificate-math.md §4); claim: the "
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
    o << " = " << r.upper.str() << ", approx. " << approx(r.upper);
  else
    o << " in [" << r.lower.str() << ", " << r.upper.str() << "]";
  o << ")";
  return o.str();
}

std::vector<AuditFile> audit_tables(const std::vector<AuditRow>& rows, const AuditInfo& info,
                                    const std::string& svg_output) {
  return {{"table.md", markdown(rows, info)}, {"table.tex", latex(rows, info)},
          {"table.csv", csv(rows, info)},     {"table.json", json(rows, info)},
          {"plot.dat", plot_data(rows)},      {"plot.gp", plot_script(info, svg_output)}};
}

std::vector<AuditFile> audit_readme_and_script(const std::vector<AuditRow>& rows,
                                               const AuditInfo& info, bool have_plot) {
  return {{"README.md", readme(rows, info, have_plot)}, {"verify.sh", verify_script(rows)}};
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
