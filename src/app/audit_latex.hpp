// The LaTeX tables of an audit folder (docs/REDUCTIONS.md §4.2): summary.tex (the summary by
// vertex count, a booktabs tabular), table.tex (every claim, a longtable) and tables.tex (an
// article that \inputs both). They need \usepackage{booktabs,longtable,array,dcolumn}, all in
// Debian's texlive-latex-base and texlive-latex-recommended, and fit the text width of the
// standard article class.
#pragma once

#include "app/audit_report.hpp"

#include <string>
#include <vector>

namespace relucert {

// The packages both tables need, for \usepackage{...}.
inline constexpr const char* TEX_PACKAGES = "booktabs,longtable,array,dcolumn";

std::string latex_summary(const std::vector<AuditRow>& rows, const AuditInfo& info);
std::string latex_claims(const std::vector<AuditRow>& rows, const AuditInfo& info);
std::string latex_document(const std::vector<AuditRow>& rows, const AuditInfo& info);

// s in LaTeX's \texttt: every character other than a letter, a digit or a space is written as
// \char<code>{}, which prints its ASCII glyph in the typewriter font in the OT1 and T1 encodings
// alike (and forms no ligature such as ?` ); a line may break after / - _ and '.'. Non-ASCII
// characters print as '?' (the CSV and JSON keep names as they are).
std::string tex_typewriter(const std::string& s);

} // namespace relucert
