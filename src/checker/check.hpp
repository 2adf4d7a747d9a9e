// The record loop of relucheck: one forward pass over a certificate (FORMAT.md §2, §3).
#pragma once

#include "instance.hpp"

#include <gmpxx.h>

#include <ostream>
#include <string>

// What a certificate proved about OPT of its model.
struct Verified {
  std::string model; // "<k> <bias> <output>", then " weightbound <B>" with a weight bound
  bool upper = false, lower = false;
  mpq_class alpha, beta; // OPT <= alpha (if upper), beta <= OPT (if lower)
  std::string proved;    // "OPT = a", "b <= OPT <= a", "OPT <= a" or "OPT >= b"
  Instance inst;         // read as the certificate's `columns` record says
};

// Checks the certificate at cert_path ("-": standard input) against the instance at inst_path,
// which is read when the `instance` record is reached (after `columns`, if any), streaming line
// by line in one forward pass and keeping only the current path. Writes `c ` information lines
// to info (nullptr: none). Returns what it proved only if every rule holds; otherwise throws
// std::runtime_error, whose what() for the first failing record is
// "<cert>:<line>: R-<rule>/<condition>: <message>" (<cert> is "<stdin>" for "-").
Verified check_certificate(const std::string& inst_path, const std::string& cert_path,
                           std::ostream* info);
