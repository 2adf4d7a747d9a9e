// Claim files of reductions (docs/REDUCTIONS.md §3; rules and soundness in certs/CLAIMS.md).
#pragma once

#include "check.hpp"

#include <ostream>
#include <stdexcept>
#include <string>

// The first failing claim rule: what() is "<claim>:<line>: <RULE>: <message>".
struct ClaimError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Checks the certificate (check_certificate), then the claim: rebuilds the training set from the
// claim's source records, recomputes its constants, repeats the source side (witness check or
// exhaustive refutation) and decides the claim from the certificate's verified bounds. Returns
// what CERT proved only if all holds and the claim holds (or, with expect_violated, is refuted
// by CERT).
Verified check_claim(const std::string& inst_path, const std::string& cert_path,
                     const std::string& claim_path, bool expect_violated, std::ostream* info);
