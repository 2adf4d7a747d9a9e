#include "app/audit_plot.hpp"

#include "exact/decimal.hpp"

#include <iomanip>
#include <sstream>

namespace relucert {

namespace {

using reduce::Relation;
using reduce::Verdict;

// The plotted slack: slack / |bound|, or the slack itself when the bound is 0 (hypergraph
// 2-colouring: OPT <= 0 and OPT > 0), so that claims of every size share one axis.
Rational relative(const Rational& s, const Rational& bound) {
  if (bound.is_zero()) return s;
  return bound < Rational(0) ? s / -bound : s / bound;
}

// x of a row: the threshold relative to the source value (c - maxcut: <= 0 on the YES side,
// > 0 on the NO side), else the source value (hypergraphs: 1 or 0), else the row number.
long plot_x(const AuditRow& r, size_t i) {
  if (r.threshold && r.value) return *r.threshold - static_cast<long>(*r.value);
  if (r.value) return static_cast<long>(*r.value);
  return static_cast<long>(i + 1);
}

// A deterministic spread of the points that share an x, within +-0.3 (the fractional parts of
// i times the golden ratio are evenly spread), so that they do not stack into one column.
double jitter(size_t i) {
  const double g = 0.6180339887498949 * static_cast<double>(i + 1);
  return 0.6 * (g - static_cast<double>(static_cast<long long>(g)) - 0.5);
}

// gnuplot reads single-quoted strings literally except for '' (one quote).
std::string gp_string(const std::string& s) {
  std::string o = "'";
  for (char ch : s)
    o += ch == '\'' ? std::string("''") : std::string(1, ch);
  return o + "'";
}

// plot.dat: one line per claim, tab-separated. Columns: 1 x plotted (x + jitter), 2 x, 3 and
// 4 the relative slack's lower and upper end (equal unless OPT is only bracketed), 5 kind (0
// upper claim OPT <= b, 1 lower claim OPT >= b or > b), 6 status (0 holds, 1 violated, 2
// undecided), 7 the instance, 8 c ("-" if none). Decimals are approximations.
std::string plot_data(const std::vector<AuditRow>& rows) {
  std::ostringstream o;
  o << "# x+jitter\tx\tslack/|b| low\tslack/|b| high\tkind (0 <=, 1 >=)\tstatus (0 holds, 1 "
       "violated, 2 undecided)\tinstance\tc\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    const AuditRow& r = rows[i];
    const bool upper = r.relation == Relation::AtMost;
    const auto [lo, hi] = claim_slack(r);
    const long x = plot_x(r, i);
    std::ostringstream xj; // a plotting position, not a value: 4 decimals suffice
    xj << std::fixed << std::setprecision(4) << static_cast<double>(x) + jitter(i);
    std::string name;
    for (char ch : r.instance) // one field: no tabs or line breaks
      name += ch == '\t' || ch == '\n' || ch == '\r' ? ' ' : ch;
    o << xj.str() << "\t" << x << "\t" << audit_approx(relative(lo, r.bound)) << "\t"
      << audit_approx(relative(hi, r.bound)) << "\t" << (upper ? 0 : 1) << "\t"
      << (r.verdict == Verdict::Holds      ? 0
          : r.verdict == Verdict::Violated ? 1
                                           : 2)
      << "\t" << name << "\t" << (r.threshold ? std::to_string(*r.threshold) : "-") << "\n";
  }
  return o.str();
}

std::string plot_script(const std::vector<AuditRow>& rows, const AuditInfo& info) {
  bool undecided = false, violated = false, upper = false, lower = false;
  for (const auto& r : rows) {
    undecided |= r.verdict == Verdict::Undecided;
    violated |= r.verdict == Verdict::Violated;
    (r.relation == Relation::AtMost ? upper : lower) = true;
  }
  std::ostringstream o;
  o << "# gnuplot script written by relucert audit. In this folder, gnuplot plot.gp writes\n"
    << "# plot.svg and (with the pdfcairo terminal) plot.pdf from plot.dat;\n"
    << "# gnuplot -e \"svg='a.svg'; pdf='a.pdf'\" plot.gp writes them under other names.\n"
    << "if (!exists('svg')) svg = 'plot.svg'\n"
    << "if (!exists('pdf')) pdf = 'plot.pdf'\n"
    << "set encoding utf8\n"
    << "set datafile separator '\\t'\n"
    << "set title " << gp_string(info.plot_title) << "\n"
    << "set xlabel " << gp_string(info.plot_xlabel) << "\n"
    << "set ylabel " << gp_string(info.plot_ylabel) << "\n"
    << "set key inside top right box samplen 1.5 spacing 1.2\n"
    << "set grid ytics lc rgb '#dddddd'\n"
    << "set xzeroaxis lt 1 lc rgb '#555555' lw 1\n"
    << "set xtics 1 nomirror\nset ytics nomirror\nset border 3\n"
    // Axes from the data: x to the integer around the points, y with a margin.
    << "stats 'plot.dat' using 2 nooutput name 'X'\n"
    << "stats 'plot.dat' using 3:4 nooutput name 'Y'\n"
    << "ylo = Y_min_x < 0 ? Y_min_x : 0\n"
    << "yhi = Y_max_y > 0 ? Y_max_y : 0\n"
    << "ypad = (yhi - ylo) > 0 ? 0.08 * (yhi - ylo) : 0.5\n"
    << "set xrange [X_min - 0.5 : X_max + 0.5]\n"
    << "set yrange [ylo - ypad : yhi + 4 * ypad] # headroom for the key\n"
    << "plot_all = \"";
  // One plot command, the same for both terminals; only the layers present are drawn.
  std::vector<std::string> layers;
  if (upper)
    layers.push_back("'plot.dat' using 1:($5 == 0 && $6 == 0 ? $3 : NaN) with points pt 7 ps "
                     "0.45 lc rgb '#1f77b4' title " +
                     gp_string(info.upper_text + " (holds)"));
  if (lower)
    layers.push_back("'plot.dat' using 1:($5 == 1 && $6 == 0 ? $3 : NaN) with points pt 9 ps "
                     "0.55 lc rgb '#2ca02c' title " +
                     gp_string(info.lower_text + " (holds)"));
  if (undecided)
    layers.push_back(
        "'plot.dat' using 1:($6 == 2 ? ($3 + $4) / 2 : NaN):3:4 with yerrorbars pt 0 lw 1.2 lc "
        "rgb '#ff7f0e' title 'undecided: certified interval'");
  if (violated)
    layers.push_back("'plot.dat' using 1:($6 == 1 ? $3 : NaN) with points pt 6 ps 1.3 lw 1.5 lc "
                     "rgb '#d62728' title 'VIOLATED (certified counterexample)'");
  std::string cmd;
  for (size_t k = 0; k < layers.size(); ++k) {
    std::string esc; // inside a double-quoted gnuplot string
    for (char ch : layers[k])
      esc += ch == '"' || ch == '\\' ? std::string("\\") + ch : std::string(1, ch);
    cmd += (k ? ", " : "") + esc;
  }
  o << cmd << "\"\n"
    << "set terminal svg size 900,560 dynamic noenhanced font 'sans,13'\n"
    << "set output svg\nplot @plot_all\nset output\n"
    << "if (strstrt(GPVAL_TERMINALS, 'pdfcairo') > 0) {\n"
    << "  set terminal pdfcairo size 6in,3.75in noenhanced font 'sans,9'\n"
    << "  set output pdf\n  plot @plot_all\n  set output\n}\n";
  return o.str();
}

} // namespace

std::vector<AuditFile> audit_plot_files(const std::vector<AuditRow>& rows, const AuditInfo& info) {
  return {{"plot.dat", plot_data(rows)}, {"plot.gp", plot_script(rows, info)}};
}

} // namespace relucert
