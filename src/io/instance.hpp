// Training instances: points, labels and sample weights, all exact.
//
// Two syntaxes (certs/FORMAT.md §1): the text form headed `relu <d>` and CSV with a
// header whose last column is the label and an optional `weight` column.
#pragma once

#include "exact/rational.hpp"

#include <string>
#include <vector>

namespace relucert {

struct Instance {
  size_t n = 0, d = 0;
  std::vector<std::vector<Rational>> x; // n rows of d features
  std::vector<Rational> y;              // labels
  std::vector<Rational> c;              // sample weights, all > 0
  std::vector<std::string> feature_names;
  std::string source; // file name, for messages
  std::string digest; // SHA-256 of the file's bytes
  // Where the features were read, for messages about their values: point i is on line
  // line[i], its feature j at column x_col[i * d + j] (1-based). Empty for an instance built
  // in memory.
  std::vector<size_t> line, x_col;
};

// Parses the bytes of an instance file; `name` is used in messages and the digest is
// taken of `bytes`. Throws InputError naming file:line:column on any problem.
Instance parse_instance(const std::string& bytes, const std::string& name);

// Reads and parses a file ("-" reads standard input).
Instance read_instance(const std::string& path);

// Writes the text form (`relu <d>` then `x_1 … x_d y [c]`), exact.
std::string format_instance_text(const Instance& inst, const std::string& comment = "");

} // namespace relucert
