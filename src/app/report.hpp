// Printing fit results: human-readable text or one JSON object. Every number is
// exact; decimals are labelled approximations, correctly rounded (MPFR).
#pragma once

#include "app/certified_fit.hpp"
#include "io/instance.hpp"
#include "solver/model.hpp"
#include "solver/search.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace relucert {

// What a fit answered, as its `s` line states it (README, Output). The token is one of
//   OPTIMAL         lower = upper: the exact optimum
//   INTERVAL        a certified interval lower < upper (the requested --gap reached, a weight
//                   bound's gap, or a stopped search)
//   REALIZABLE      --realizable only: a witness of loss 0, so OPT = 0
//   NOT REALIZABLE  --realizable only: a proved lower bound > 0
//   UNKNOWN         --realizable stopped before deciding it (the certified interval has
//                   lower = 0 < upper)
// and never carries details: those are the `c` lines of `details`. `answered` says whether the
// question asked (the optimum, the --gap, realizability) is answered: exit 0, else 10.
struct Answer {
  std::string token;
  std::vector<std::string> details; // each printed as "c <detail>"
  bool answered = false;
};

// The answer of `r` for the question that `opt` asked: exact (no gap), to opt.gap, or
// opt.realizable. `interrupted`: a stop came from Ctrl-C rather than the time limit.
Answer answer_of(const FitResult& r, const Model& model, const SearchOptions& opt,
                 bool interrupted);

struct ReportContext {
  const Instance* inst;
  Model model;
  std::string strategy;
  std::string certificate; // path, "-" for standard output, or empty
  Answer answer;
  bool realizable = false; // --realizable: JSON "realizable"
  CertificateSize certificate_size;
  bool header_printed = false; // print_header ran before the search: print_text skips it
};

// The IEEE double nearest to q (MPFR, round to nearest even, subnormals included): the value of
// the JSON "approx" numbers beside the exact strings. Infinite when |q| is beyond the double
// range (nlohmann::json writes null for it).
double nearest_double(const Rational& q);

// The 'c' lines of the instance (file, n, d, SHA-256; CSV columns and separator) and the model:
// printed before the search starts, so that they come first, above the progress log.
void print_header(std::ostream& o, const Instance& inst, const Model& model,
                  const std::string& strategy);
void print_text(std::ostream& o, const ReportContext& ctx, const FitResult& r);
void print_json(std::ostream& o, const ReportContext& ctx, const FitResult& r);

} // namespace relucert
