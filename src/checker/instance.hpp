// Instance reader of relucheck (FORMAT.md §1), independent of the solver's reader.
#pragma once

#include <cstddef>
#include <gmpxx.h>
#include <stdexcept>
#include <string>
#include <vector>

// How a CSV file is read: the `columns` record of a certificate (FORMAT.md §2), or, if not
// given, the default mapping of §1.
struct Columns {
  bool given = false;
  char sep = ',';
  bool header = true;
  std::size_t label = 0, weight = 0; // 1-based column numbers; weight 0: no weight column
  std::vector<std::size_t> features; // 1-based, in the order of x_i's coordinates
  std::size_t last = 0;              // the largest column number named
};

// n >= 1 points x_i in Q^d (d >= 1), labels y_i and weights c_i > 0, in file order.
struct Instance {
  std::size_t n = 0, d = 0;
  std::vector<mpq_class> x; // n * d, row-major: x[i * d + t]
  std::vector<mpq_class> y, c;
  std::string sha256;  // of the file's raw bytes, 64 lowercase hex digits
  std::string columns; // CSV: "features a,b; label y; weight -" (names, or #k without header)
};

// Reads the text (`relu <d>`) or CSV form. A malformed or unreadable instance (also one that cols
// does not fit: a text file, too few columns) throws std::runtime_error with what()
// "<file>:<line>:<col>: <message>", or "<file>: <message>" if the file cannot be read.
Instance read_instance(const std::string& path, const Columns& cols = {});
