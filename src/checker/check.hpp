// The record loop of relucheck: one forward pass over a certificate (FORMAT.md §2, §3).
#pragma once

#include "instance.hpp"

#include <gmpxx.h>

#include <ostream>
#include <stdexcept>
#include <string>

// The first failing record: what() is "<cert>:<line>: <RULE>: <message>".
struct CertError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What a certificate proved about OPT of its model.
struct Verified {
  std::string model; // "<k> <bias> <output>", then " weightbound <B>" with a weight bound
  bool upper = false, lower = false;
  mpq_class alpha, beta; // OPT <= alpha (if upper), beta <= OPT (if lower)
};

// Checks the certificate at cert_path against inst, streaming line by line and keeping only the
// current path. Writes `c ` information lines to info (nullptr: none). Returns what it proved
// only if every rule holds; otherwise throws CertError (or std::runtime_error if unreadable).
Verified check_certificate(const Instance& inst, const std::string& cert_path, std::ostream* info);
