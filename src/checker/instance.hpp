// Instance reader of relucheck (FORMAT.md §1), independent of the solver's reader.
#pragma once

#include <cstddef>
#include <gmpxx.h>
#include <stdexcept>
#include <string>
#include <vector>

// n >= 1 points x_i in Q^d (d >= 1), labels y_i and weights c_i > 0, in file order.
struct Instance {
  std::size_t n = 0, d = 0;
  std::vector<mpq_class> x; // n * d, row-major: x[i * d + t]
  std::vector<mpq_class> y, c;
  std::string sha256; // of the file's raw bytes, 64 lowercase hex digits
};

// A malformed or unreadable instance; what() is "<file>:<line>:<col>: <message>" (or
// "<file>: <message>" when the file cannot be read at all).
struct InstanceError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Reads the text (`relu <d>`) or CSV form. Throws InstanceError.
Instance read_instance(const std::string& path);
