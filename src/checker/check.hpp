// The record loop of relucheck: one forward pass over a certificate (FORMAT.md §2, §3).
#pragma once

#include "instance.hpp"

#include <ostream>
#include <stdexcept>
#include <string>

// The first failing record: what() is "<cert>:<line>: <RULE>: <message>".
struct CertError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Checks the certificate at cert_path against inst, streaming line by line and keeping only the
// current path. Writes `c ` information lines to info (nullptr: none). Returns normally only if
// every rule holds; otherwise throws CertError (or std::runtime_error if the file is unreadable).
void check_certificate(const Instance& inst, const std::string& cert_path, std::ostream* info);
