#include "app/audit_report.hpp"

#include "exact/decimal.hpp"
#include "io/sha256.hpp"
#include "io/text_input.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdint>
#include <cstring>
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

// ---- The summary by vertex count (summary.tex, summary.csv, table.md, table.json) ----

// The order of "smallest": (n, |E|, c), then input order; rows without a size come last.
std::tuple<size_t, size_t, long, size_t> size_key(const AuditRow& r) {
  return {r.n.value_or(SIZE_MAX), r.edges.value_or(SIZE_MAX), r.threshold.value_or(LONG_MAX),
          r.order};
}

bool is_upper(const AuditRow& r) {
  return r.relation == Relation::AtMost;
}

// The smallest slack among the claims of one kind (upper: OPT <= b; lower: OPT >= b or > b) in
// a group: the row whose certified lower end of the slack is smallest (a certified lower bound
// on every slack of the group), the first by size_key among equals, and how many rows share
// that lower end. row is nullptr if the group has no claim of this kind.
struct SmallestSlack {
  const AuditRow* row = nullptr;
  size_t ties = 0;
};

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

// The claims of one vertex count (n empty: sources without a size, i.e. asserted facts).
struct Group {
  std::optional<size_t> n;
  size_t sets = 0; // training sets (one certificate each)
  std::vector<const AuditRow*> rows;
  Counts counts;
  SmallestSlack upper, lower;
};

// Groups in increasing n, the group without a size last; rows keep their input order.
std::vector<Group> by_vertex_count(const std::vector<AuditRow>& rows) {
  std::map<size_t, Group> groups;
  std::map<size_t, std::set<std::string>> sets;
  for (const auto& r : rows) {
    const size_t key = r.n.value_or(SIZE_MAX);
    Group& g = groups[key];
    g.n = r.n;
    g.rows.push_back(&r);
    (r.verdict == Verdict::Holds      ? g.counts.holds
     : r.verdict == Verdict::Violated ? g.counts.violated
                                      : g.counts.undecided)++;
    consider(is_upper(r) ? g.upper : g.lower, r);
    sets[key].insert(r.cert_file.empty() ? r.instance : r.cert_file);
  }
  std::vector<Group> out;
  for (auto& [key, g] : groups) {
    g.sets = sets[key].size();
    out.push_back(std::move(g));
  }
  return out;
}

std::string slack_text(const AuditRow& r, std::string (*f)(const Rational&)) {
  const auto [lo, hi] = slack(r);
  return range(lo, hi, f);
}

// "Bw, c = 3" (and "1 of 37" style tie counts are reported separately).
std::string attained_text(const AuditRow& r) {
  return r.instance + (r.threshold ? ", c = " + std::to_string(*r.threshold) : "");
}

std::string n_text(const Group& g) {
  return g.n ? std::to_string(*g.n) : "-";
}

bool any_upper(const std::vector<AuditRow>& rows) {
  return std::any_of(rows.begin(), rows.end(), is_upper);
}
bool any_lower(const std::vector<AuditRow>& rows) {
  return !std::all_of(rows.begin(), rows.end(), is_upper);
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
  for (const Group& g : by_vertex_count(rows)) {
    o << "| " << n_text(g) << " | " << g.sets << " | " << g.rows.size() << " | " << g.counts.holds
      << " | " << g.counts.violated << " | " << g.counts.undecided << " |";
    for (const auto* s : {up ? &g.upper : nullptr, lo ? &g.lower : nullptr}) {
      if (!s) continue;
      if (!s->row)
        o << " - | - | - | 0 |";
      else
        o << " " << md_escape(slack_text(*s->row, exact)) << " | "
          << md_escape(slack_text(*s->row, approx)) << " | " << md_escape(attained_text(*s->row))
          << " | " << s->ties << " |";
    }
    o << "\n";
  }
  return o.str();
}

std::string summary_csv(const std::vector<AuditRow>& rows, const AuditInfo& info) {
  std::ostringstream o;
  o << "n," << csv_field(info.sets_label) << ",claims,holds,violated,undecided";
  for (const auto& side : {info.upper_side, info.lower_side})
    for (const char* f : {" smallest slack (exact)", " smallest slack (approx.)", " instance", " c",
                          " claim file", " claims attaining"})
      o << "," << csv_field(side + f);
  o << "\n";
  for (const Group& g : by_vertex_count(rows)) {
    o << n_text(g) << "," << g.sets << "," << g.rows.size() << "," << g.counts.holds << ","
      << g.counts.violated << "," << g.counts.undecided;
    for (const SmallestSlack* s : {&g.upper, &g.lower}) {
      if (!s->row) {
        o << ",-,-,-,-,-,0";
        continue;
      }
      const AuditRow& r = *s->row;
      o << "," << csv_field(slack_text(r, exact)) << "," << csv_field(slack_text(r, approx)) << ","
        << csv_field(r.instance) << "," << opt_or(r.threshold) << "," << csv_field(r.claim_file)
        << "," << s->ties;
    }
    o << "\n";
  }
  return o.str();
}

// ---- LaTeX (summary.tex, table.tex, tables.tex) ----
//
// Packages: booktabs (texlive-latex-recommended); longtable, array, dcolumn (texlive-latex-base,
// the "tools" bundle). Exact numbers sit in dcolumn's D{/}{/}{L.R} columns, aligned on the
// fraction bar, decimal approximations in D{.}{.}{L.R}, aligned on the point, with L and R
// measured from the cells (tex_dcolumn). Widths: both tables are set in \footnotesize with
// narrow column gaps so that they fit the text width of the standard article class (345 pt);
// a fraction whose numerator or denominator has more than TEX_HALF digits is set on two lines
// ("num/" over "den") rather than widening its column.

// Decimal approximations in the LaTeX tables: 4 significant digits, correctly rounded.
constexpr int TEX_DIGITS = 4;
constexpr size_t TEX_HALF = 8;
// A training set of at most this many rows is kept on one page (longtable's \\*).
constexpr size_t TEX_KEEP_TOGETHER = 24;
// Instance names longer than this go into a column that wraps.
constexpr size_t TEX_NAME_WRAP = 14;
// (5.5em in the table of every claim, 5em in the summary, where two such columns share a row.)
std::string tex_wrap_column(const char* width) {
  return std::string(">{\\raggedright\\arraybackslash}p{") + width + "}";
}

const char* const TEX_PACKAGES = "booktabs,longtable,array,dcolumn";

// A cell set outside a D column's alignment, right-aligned.
std::string tex_outside(const std::string& content) {
  return "\\multicolumn{1}{r}{" + content + "}";
}

std::string tex_two_lines(const std::string& a, const std::string& b) {
  return tex_outside("\\begin{tabular}[t]{@{}r@{}}" + a + "\\\\" + b + "\\end{tabular}");
}

// The exact number (or interval) as the content of a D{/}{/}{..} column, aligned on its
// fraction bar: one cell; or, for an interval or a fraction with a part longer than TEX_HALF
// digits, set outside the alignment: one cell (short), or two lines in math mode (long: "num/"
// and "den", or "[lower," and "upper]").
std::vector<std::string> tex_exact_parts(const Rational& lo, const Rational& hi) {
  const std::string a = lo.str(), b = hi.str();
  if (lo == hi) {
    const size_t bar = a.find('/');
    if (bar == std::string::npos || (bar <= TEX_HALF && a.size() - bar - 1 <= TEX_HALF)) return {a};
    return {"$" + a.substr(0, bar + 1) + "$", "$" + a.substr(bar + 1) + "$"};
  }
  if (a.size() + b.size() <= 2 * TEX_HALF) return {tex_outside("$[" + a + ", " + b + "]$")};
  return {"$[" + a + ",$", "$" + b + "]$"};
}

// The same as one cell (two lines stacked in it when long).
std::string tex_exact(const Rational& lo, const Rational& hi) {
  const auto parts = tex_exact_parts(lo, hi);
  return parts.size() == 1 ? parts[0] : tex_two_lines(parts[0], parts[1]);
}

// A decimal approximation in math mode: "-0.5042", or "1.234\times 10^{-6}".
std::string tex_decimal(const Rational& q) {
  const std::string s = to_decimal(q, TEX_DIGITS);
  const size_t e = s.find('e');
  if (e == std::string::npos) return s;
  return s.substr(0, e) + "\\times 10^{" + std::to_string(std::stoi(s.substr(e + 1))) + "}";
}

// A cell of a D{.}{.}{..} column: the slack's approximation; a number in scientific notation
// outside the alignment, an interval outside it on two lines.
std::string tex_slack_approx(const AuditRow& r) {
  const auto [lo, hi] = slack(r);
  const std::string a = tex_decimal(lo);
  if (lo == hi) return a.find('\\') == std::string::npos ? a : tex_outside("$" + a + "$");
  return tex_two_lines("$[" + a + ",$", "$" + tex_decimal(hi) + "]$");
}

// The spec of a dcolumn column for these cells: D{sep}{sep}{L.R}, L and R the most characters
// before and after the separator among the aligned cells (those not set outside), in digit
// widths; a minus sign counts as two (it is 1.56 digits wide). dcolumn right-aligns the part
// before the separator in a box of L digits, and left-aligns the rest.
std::string tex_dcolumn(const std::vector<std::string>& cells, char sep) {
  size_t left = 1, right = 0;
  for (const auto& c : cells) {
    if (c.empty() || c[0] == '\\') continue;
    const size_t p = c.find(sep);
    const std::string l = c.substr(0, p);
    left = std::max(left, l.size() + (l[0] == '-'));
    if (p != std::string::npos) right = std::max(right, c.size() - p - 1);
  }
  const std::string s(1, sep);
  return "D{" + s + "}{" + s + "}{" + std::to_string(left) + "." + std::to_string(right) + "}";
}

std::string tex_relation(Relation rel) {
  return rel == Relation::AtMost ? "$\\le$" : rel == Relation::AtLeast ? "$\\ge$" : "$>$";
}

std::string tex_status(const AuditRow& r) {
  return r.verdict == Verdict::Violated ? "\\textbf{VIOLATED}" : reduce::verdict_text(r.verdict);
}

// A header cell on two lines, bottom-aligned ("smallest" over "slack").
std::string tex_stacked(const std::string& a, const std::string& b) {
  return "\\begin{tabular}[b]{@{}c@{}}" + a + "\\\\" + b + "\\end{tabular}";
}

// A header from AuditInfo: a "\\" in it breaks it onto two lines.
std::string tex_header(const std::string& h) {
  const size_t p = h.find("\\\\");
  return p == std::string::npos ? h : tex_stacked(h.substr(0, p), h.substr(p + 2));
}

// An instance's name in the LaTeX tables: a file's name without its folders (the tables are
// for a paper; the CSV and JSON keep the path as given).
std::string tex_name(const AuditRow& r, const AuditInfo& info) {
  return info.instances_are_files ? std::filesystem::path(r.instance).filename().string()
                                  : r.instance;
}

bool long_names(const std::vector<const AuditRow*>& rows, const AuditInfo& info) {
  return std::any_of(rows.begin(), rows.end(),
                     [&](const AuditRow* r) { return tex_name(*r, info).size() > TEX_NAME_WRAP; });
}

// "3 graphs", "1 graph": the label's final s dropped for one.
std::string counted(size_t k, const std::string& plural) {
  return std::to_string(k) + " " +
         (k == 1 && !plural.empty() && plural.back() == 's' ? plural.substr(0, plural.size() - 1)
                                                            : plural);
}

std::string tex_group_heading(const Group& g, const AuditInfo& info) {
  std::ostringstream o;
  if (g.n)
    o << "$n = " << *g.n << "$: ";
  else
    o << "sources without a size (asserted facts): ";
  o << tex_escape(counted(g.sets, info.sets_label)) << ", " << counted(g.rows.size(), "claims");
  if (g.counts.violated) o << ", \\textbf{" << g.counts.violated << " violated}";
  if (g.counts.undecided) o << ", " << g.counts.undecided << " undecided";
  return o.str();
}

// "215 claims: 189 hold, 26 violated, 0 undecided" (lower case: a caption must not shout).
std::string counted_line(const std::vector<AuditRow>& rows) {
  const Counts c = count(rows);
  return counted(rows.size(), "claims") + ": " + std::to_string(c.holds) + " hold, " +
         std::to_string(c.violated) + " violated, " + std::to_string(c.undecided) + " undecided";
}

std::string latex_header_comment(const std::vector<AuditRow>& rows, const AuditInfo& info,
                                 const std::string& what) {
  std::ostringstream o;
  o << "% " << info.title << " (relucert audit): " << what << ".\n"
    << "% " << summary_line(rows) << ".\n"
    << "% Needs \\usepackage{" << TEX_PACKAGES << "} (Debian: texlive-latex-base and\n"
    << "% texlive-latex-recommended). tables.tex in this folder is a document that \\inputs\n"
    << "% summary.tex and table.tex: pdflatex tables.tex.\n";
  return o.str();
}

const char* const SLACK_TEX = "the slack is $b - \\mathrm{OPT}$ for a claim $\\mathrm{OPT} \\le b$ "
                              "and $\\mathrm{OPT} - b$ for $\\mathrm{OPT} \\ge b$ or "
                              "$\\mathrm{OPT} > b$; a claim holds iff its slack is $\\ge 0$ "
                              "($> 0$ for $>$)";

std::string summary_caption(const std::vector<AuditRow>& rows, const AuditInfo& info) {
  return info.tex_title + ", by the number $n$ of vertices: " + counted(rows.size(), "claims") +
         ". For each kind of claim, the smallest slack (exact; an interval if OPT is only "
         "bracketed) and the first claim that attains it, by $|E|$, $c$ and input order; " +
         SLACK_TEX + ".";
}

// A table as cells, then written: dcolumn specs need every cell of their column.
using TexRow = std::vector<std::string>;

// summary.tex: one row per vertex count.
std::string latex_summary(const std::vector<AuditRow>& rows, const AuditInfo& info) {
  const std::vector<Group> groups = by_vertex_count(rows);
  const bool up = any_upper(rows), lo = any_lower(rows);
  std::vector<const AuditRow*> attained;
  std::vector<TexRow> body;
  std::vector<std::string> slack_cells[2];
  for (const Group& g : groups) {
    TexRow t = {g.n ? std::to_string(*g.n) : "--",
                std::to_string(g.sets),
                std::to_string(g.rows.size()),
                std::to_string(g.counts.holds),
                g.counts.violated ? "\\textbf{" + std::to_string(g.counts.violated) + "}" : "0",
                std::to_string(g.counts.undecided)};
    for (int k = 0; k < 2; ++k) {
      if (!(k == 0 ? up : lo)) continue;
      const SmallestSlack& s = k == 0 ? g.upper : g.lower;
      if (!s.row) {
        t.push_back("\\multicolumn{1}{c}{--}");
        t.push_back("--");
        continue;
      }
      const AuditRow& r = *s.row;
      const auto [s_lo, s_hi] = slack(r);
      t.push_back(tex_exact(s_lo, s_hi));
      slack_cells[k].push_back(t.back());
      t.push_back(tex_typewriter(tex_name(r, info)) +
                  (r.threshold ? ", " + std::to_string(*r.threshold) : ""));
      attained.push_back(&r);
    }
    body.push_back(t);
  }
  const std::string at_col = long_names(attained, info) ? tex_wrap_column("5em") : "l";
  const bool thresholds = std::any_of(attained.begin(), attained.end(),
                                      [](const AuditRow* r) { return bool(r->threshold); });
  std::ostringstream o;
  o << latex_header_comment(rows, info, "the claims by vertex count")
    << "% Suggested caption: " << summary_caption(rows, info) << "\n"
    << "\\begingroup\n\\footnotesize\n\\setlength{\\tabcolsep}{2pt}\n"
    << "\\begin{tabular}{@{}rrrrrr";
  for (int k = 0; k < 2; ++k)
    if (k == 0 ? up : lo) o << tex_dcolumn(slack_cells[k], '/') << at_col;
  o << "@{}}\n\\toprule\n & & & & &";
  size_t col = 7;
  std::string rules;
  for (const std::string* t : {up ? &info.upper_tex : nullptr, lo ? &info.lower_tex : nullptr}) {
    if (!t) continue;
    o << " & \\multicolumn{2}{c}{" << *t << "}";
    rules += "\\cmidrule(l){" + std::to_string(col) + "-" + std::to_string(col + 1) + "}";
    col += 2;
  }
  o << " \\\\\n"
    << rules << "\n$n$ & " << tex_escape(info.sets_label)
    << " & claims & holds & violated & undecided";
  for (bool b : {up, lo})
    if (b)
      o << " & \\multicolumn{1}{c}{" << tex_stacked("smallest", "slack") << "} & "
        << tex_stacked("attained", thresholds ? "at, $c$" : "at");
  o << " \\\\\n\\midrule\n";
  for (const TexRow& t : body) {
    for (size_t k = 0; k < t.size(); ++k)
      o << (k ? " & " : "") << t[k];
    o << " \\\\\n";
  }
  o << "\\bottomrule\n\\end{tabular}\n\\endgroup\n";
  return o.str();
}

// table.tex: every claim, a longtable grouped by vertex count. The instance, its size, its
// source value and OPT are printed on the first row of each training set only.
std::string latex_claims(const std::vector<AuditRow>& rows, const AuditInfo& info) {
  const auto has = [&](auto member) {
    return std::any_of(rows.begin(), rows.end(),
                       [&](const AuditRow& r) { return bool(r.*member); });
  };
  const bool edges = has(&AuditRow::edges), thresholds = has(&AuditRow::threshold);
  // Columns: instance, [|E|], value, OPT, [c], side, relation, bound, slack (approx.), status.
  // The body first (a heading line per group holds "\multicolumn"), then the specs.
  struct Line {
    std::string heading; // a group heading, or
    TexRow cells;        // a row, with
    bool keep = false;   // no page break after it
  };
  std::vector<Line> lines;
  std::vector<std::string> opt_cells, bound_cells, slack_cells;
  std::vector<const AuditRow*> all;
  for (const Group& g : by_vertex_count(rows)) {
    lines.push_back({tex_group_heading(g, info), {}, true});
    for (size_t i = 0; i < g.rows.size();) {
      size_t j = i; // [i, j): the rows of one training set
      while (j < g.rows.size() && g.rows[j]->cert_file == g.rows[i]->cert_file &&
             (j == i || !g.rows[i]->cert_file.empty()))
        ++j;
      for (size_t k = i; k < j; ++k) {
        const AuditRow& r = *g.rows[k];
        const bool first = k == i;
        all.push_back(&r);
        TexRow t = {first ? tex_typewriter(tex_name(r, info)) : ""};
        if (edges) t.push_back(first ? (r.edges ? std::to_string(*r.edges) : "--") : "");
        t.push_back(first ? tex_escape(r.value_text) : "");
        // OPT on the set's first row; a long one goes on two lines, the second in the next
        // row of the set if there is one (no gap under the first row).
        const auto opt = tex_exact_parts(r.lower, r.upper);
        if (first)
          t.push_back(opt.size() == 1 ? opt[0]
                      : j - i == 1    ? tex_two_lines(opt[0], opt[1])
                                      : tex_outside(opt[0]));
        else
          t.push_back(k == i + 1 && opt.size() == 2 ? tex_outside(opt[1]) : "");
        opt_cells.push_back(t.back());
        if (thresholds) t.push_back(r.threshold ? std::to_string(*r.threshold) : "--");
        t.push_back(r.side);
        t.push_back(tex_relation(r.relation));
        t.push_back(tex_exact(r.bound, r.bound));
        bound_cells.push_back(t.back());
        t.push_back(tex_slack_approx(r));
        slack_cells.push_back(t.back());
        t.push_back(tex_status(r));
        lines.push_back({"", t, j - i <= TEX_KEEP_TOGETHER && k + 1 < j});
      }
      i = j;
    }
  }
  std::string spec = "@{}" + (long_names(all, info) ? tex_wrap_column("5.5em") : "l");
  std::string head = tex_header(info.instance_tex);
  if (edges) spec += "r", head += " & $|E|$";
  spec += "r" + tex_dcolumn(opt_cells, '/');
  head += " & " + tex_header(info.value_tex) + " & \\multicolumn{1}{c}{OPT}";
  if (thresholds) spec += "r", head += " & $c$";
  spec += "lc@{\\,}" + tex_dcolumn(bound_cells, '/') + tex_dcolumn(slack_cells, '.') + "l@{}";
  head += " & side & \\multicolumn{2}{c}{claim} & \\multicolumn{1}{c}{slack $\\approx$} & status";
  const std::string span = "\\multicolumn{" + std::to_string(8 + edges + thresholds) + "}";
  std::ostringstream o;
  o << latex_header_comment(rows, info, "every claim")
    << "% The certificate, claim and instance files of each row and relucheck's verdict on it\n"
    << "% are in table.csv and table.json.\n"
    << "\\begingroup\n\\footnotesize\n\\setlength{\\tabcolsep}{2.5pt}\n"
    << "\\setlength{\\LTcapwidth}{\\linewidth}\n"
    << "\\begin{longtable}{" << spec << "}\n"
    << "\\caption[" << info.tex_title << ": every claim]{" << info.tex_title << ": every claim ("
    << counted_line(rows)
    << "). OPT is the certified optimum of the training set (an interval if the search stopped "
       "early), exact, on the first row of its set; the claim is the inequality that the "
       "reduction promises for OPT; "
    << SLACK_TEX << "; the column slack holds decimal approximations, correctly rounded to "
    << TEX_DIGITS << " significant digits.}\\\\\n"
    << "\\toprule\n"
    << head << " \\\\\n\\midrule\n\\endfirsthead\n"
    << span << "{@{}l}{\\tablename~\\thetable, continued} \\\\\n\\toprule\n"
    << head << " \\\\\n\\midrule\n\\endhead\n"
    << "\\midrule\n"
    << span << "{@{}r@{}}{continued on the next page} \\\\\n\\endfoot\n"
    << "\\bottomrule\n\\endlastfoot\n";
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    if (!l.heading.empty()) {
      if (i) o << "\\addlinespace\n";
      o << span << "{@{}l}{" << l.heading << "}";
    } else {
      for (size_t k = 0; k < l.cells.size(); ++k)
        o << (k ? " & " : "") << l.cells[k];
    }
    o << (l.keep ? " \\\\*\n" : " \\\\\n");
  }
  o << "\\end{longtable}\n\\endgroup\n";
  return o.str();
}

// tables.tex: a document with both tables, for `pdflatex tables.tex` in the folder.
std::string latex_document(const std::vector<AuditRow>& rows, const AuditInfo& info) {
  std::ostringstream o;
  o << "% " << info.title << " (relucert audit): the tables of this folder as one document.\n"
    << "% pdflatex tables.tex (twice: longtable settles its column widths on the second run)\n"
    << "% writes tables.pdf. summary.tex and table.tex are for \\input into a paper.\n"
    << "\\documentclass{article}\n"
    << "\\usepackage{" << TEX_PACKAGES << "}\n"
    << "\\begin{document}\n"
    << "\\begin{table}[htbp]\n\\centering\n"
    << "\\caption{" << summary_caption(rows, info) << "}\n"
    << "\\label{tab:audit-summary}\n\\input{summary}\n\\end{table}\n"
    << "\\input{table}\n"
    << "\\end{document}\n";
  return o.str();
}

std::string markdown(const std::vector<AuditRow>& rows, const AuditInfo& info) {
  std::ostringstream o;
  o << "# " << info.title << "\n\n"
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
  j["by_vertex_count"] = nlohmann::ordered_json::array();
  for (const Group& g : by_vertex_count(rows)) {
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

std::string tex_typewriter(const std::string& s) {
  std::string o = "\\texttt{";
  for (size_t i = 0; i < s.size(); ++i) {
    const auto ch = static_cast<unsigned char>(s[i]);
    if (std::isalnum(ch) || ch == ' ')
      o += static_cast<char>(ch);
    else if (ch >= 33 && ch <= 126)
      o += "\\char" + std::to_string(ch) + "{}" + (std::strchr("/-_.", ch) ? "\\allowbreak{}" : "");
    else if (ch < 0x80 || ch >= 0xc0) // one '?' per character (UTF-8 lead byte or control)
      o += "\\char63{}";
  }
  return o + "}";
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
    o << " = " << r.upper.str() << ", approx. " << approx(r.upper);
  else
    o << " in [" << r.lower.str() << ", " << r.upper.str() << "]";
  o << ")";
  return o.str();
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
