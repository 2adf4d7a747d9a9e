// Printing fit results: human-readable text or one JSON object. Every number is
// exact; decimals are labelled approximations, correctly rounded (MPFR).
#pragma once

#include "io/instance.hpp"
#include "solver/model.hpp"
#include "solver/search.hpp"

#include <ostream>
#include <string>

namespace relucert {

struct ReportContext {
  const Instance* inst;
  Model model;
  std::string strategy;
  std::string certificate; // path, or empty
};

void print_text(std::ostream& o, const ReportContext& ctx, const FitResult& r);
void print_json(std::ostream& o, const ReportContext& ctx, const FitResult& r);

} // namespace relucert
