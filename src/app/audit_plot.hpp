// The plot of an audit folder (docs/REDUCTIONS.md §4.1): the slack of every claim, relative to
// its bound, against the threshold relative to the source value, so that a reader sees how
// close each claim comes to failing and which ones fail. plot.dat holds the data (decimal
// approximations), plot.gp the gnuplot script that draws plot.svg and plot.pdf from it.
#pragma once

#include "app/audit_report.hpp"

#include <string>
#include <vector>

namespace relucert {

// plot.dat and plot.gp. `gnuplot plot.gp` in the folder writes plot.svg and (with the pdfcairo
// terminal) plot.pdf; `gnuplot -e "svg='A'; pdf='B'" plot.gp` writes them under other names
// (the audit draws into temporary names and renames, so that each is complete or absent).
std::vector<AuditFile> audit_plot_files(const std::vector<AuditRow>& rows, const AuditInfo& info);

} // namespace relucert
