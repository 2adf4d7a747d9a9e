// The search with the certificate writer as its tracer, streaming into an output file that
// appears complete or not at all. Shared by the commands that write certificates.
#pragma once

#include "io/instance.hpp"
#include "solver/model.hpp"
#include "solver/search.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace relucert {

// What was written: `bytes` as stored (the file's size, compressed for .gz), and, for a .gz
// file, the size of the certificate itself.
struct CertificateSize {
  uint64_t bytes = 0;
  bool gzip = false;
  uint64_t uncompressed_bytes = 0; // == bytes unless gzip
};

// Runs fit(inst, model, opt) and writes its certificate to cert_path: atomically (throws
// OutputError if it cannot be written); gzip-compressed (zlib) when cert_path ends in ".gz";
// to standard output when cert_path is "-" (then not atomic: a second Ctrl-C truncates it,
// which the format detects). `on_temp` is told the temporary file's name while the
// certificate is being written and "" once it is in place, so that a signal handler can remove
// it on an abort. `size`, if given, receives what was written.
FitResult fit_certified(const Instance& inst, const Model& model, const SearchOptions& opt,
                        const std::string& cert_path,
                        const std::function<void(const std::string&)>& on_temp = {},
                        CertificateSize* size = nullptr);

} // namespace relucert
