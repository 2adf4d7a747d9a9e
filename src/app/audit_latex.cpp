#include "app/audit_latex.hpp"

#include "exact/decimal.hpp"
#include "relucert_version.hpp" // generated: the version and the source commit

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <sstream>

namespace relucert {

namespace {

using reduce::Relation;
using reduce::Verdict;

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

// A cell set outside a D column's alignment, right-aligned.
std::string tex_outside(const std::string& content) {
  return "\\multicolumn{1}{r}{" + content + "}";
}

// Lines stacked in one cell, right-aligned, outside the alignment.
std::string tex_lines(const std::vector<std::string>& lines) {
  std::string body;
  for (const auto& l : lines)
    body += (body.empty() ? "" : "\\\\") + l;
  return tex_outside("\\begin{tabular}[t]{@{}r@{}}" + body + "\\end{tabular}");
}

std::string tex_two_lines(const std::string& a, const std::string& b) {
  return tex_lines({a, b});
}

// The exact number (or interval) as the content of a D{/}{/}{..} column, aligned on its
// fraction bar: one cell; or, for an interval or a fraction with a part longer than TEX_HALF
// digits, set outside the alignment: one cell (short), or two lines in math mode (long: "num/"
// and "den", or "[lower," and "upper]").
std::vector<std::string> tex_exact_parts(const Rational& lo, const Rational& hi) {
  const std::string a = lo.str(), b = hi.str();
  std::vector<std::string> out;
  // A line of pre + x + post in math mode; a run of more than TEX_HALF + 1 characters (a
  // numerator and its bar) goes on over several lines of TEX_HALF, each but the last ending in
  // "\ldots" (said so in the caption).
  auto line = [&](const std::string& pre, const std::string& x, const std::string& post) {
    const size_t w = x.size() <= TEX_HALF + 1 ? TEX_HALF + 1 : TEX_HALF;
    for (size_t p = 0; p < x.size() || p == 0; p += w) {
      const bool last = p + w >= x.size();
      out.push_back("$" + (p == 0 ? pre : "") + x.substr(p, w) + (last ? post : "\\ldots") + "$");
    }
  };
  // A fraction with a part longer than TEX_HALF: "num/" and "den" on lines of their own.
  auto add = [&](const std::string& x, const std::string& pre, const std::string& post) {
    const size_t bar = x.find('/');
    if (bar != std::string::npos && (bar > TEX_HALF || x.size() - bar - 1 > TEX_HALF)) {
      line(pre, x.substr(0, bar + 1), "");
      line("", x.substr(bar + 1), post);
    } else {
      line(pre, x, post);
    }
  };
  if (lo == hi) {
    const size_t bar = a.find('/');
    if (bar == std::string::npos ? a.size() <= 2 * TEX_HALF
                                 : bar <= TEX_HALF && a.size() - bar - 1 <= TEX_HALF)
      return {a};
    add(a, "", "");
    return out;
  }
  if (a.size() + b.size() <= 2 * TEX_HALF) return {tex_outside("$[" + a + ", " + b + "]$")};
  add(a, "[", ","); // "[lower," and "upper]"
  add(b, "", "]");
  return out;
}

// The same as one cell (two lines stacked in it when long).
std::string tex_exact(const Rational& lo, const Rational& hi) {
  const auto parts = tex_exact_parts(lo, hi);
  return parts.size() == 1 ? parts[0] : tex_lines(parts);
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
  const auto [lo, hi] = claim_slack(r);
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

std::string tex_group_heading(const VertexGroup& g, const AuditInfo& info) {
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
  const ClaimCounts c = count_claims(rows);
  return counted(rows.size(), "claims") + ": " + std::to_string(c.holds) + " hold, " +
         std::to_string(c.violated) + " violated, " + std::to_string(c.undecided) + " undecided";
}

std::string latex_header_comment(const std::vector<AuditRow>& rows, const AuditInfo& info,
                                 const std::string& what) {
  std::ostringstream o;
  o << "% " << info.title << " (relucert audit): " << what << ".\n"
    << "% Written by relucert " << RELUCERT_VERSION << " (commit " << RELUCERT_SOURCE_COMMIT
    << ").\n"
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

} // namespace

// summary.tex: one row per vertex count.
std::string latex_summary(const std::vector<AuditRow>& rows, const AuditInfo& info) {
  const std::vector<VertexGroup> groups = by_vertex_count(rows);
  const bool up = any_upper(rows), lo = any_lower(rows);
  std::vector<const AuditRow*> attained;
  std::vector<TexRow> body;
  std::vector<std::string> slack_cells[2];
  for (const VertexGroup& g : groups) {
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
      const auto [s_lo, s_hi] = claim_slack(r);
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
  for (const VertexGroup& g : by_vertex_count(rows)) {
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
          t.push_back(opt.size() == 1                ? opt[0]
                      : j - i == 1 || opt.size() > 2 ? tex_lines(opt)
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
       "early), exact, on the first row of its set (a number longer than a line goes on at "
       "the next after \\ldots); the claim is the inequality that the "
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
    << "% Written by relucert " << RELUCERT_VERSION << " (commit " << RELUCERT_SOURCE_COMMIT
    << ").\n"
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

} // namespace relucert
