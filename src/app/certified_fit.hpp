// The search with the certificate writer as its tracer, streaming into an output file that
// appears complete or not at all. Shared by the commands that write certificates.
#pragma once

#include "io/instance.hpp"
#include "solver/model.hpp"
#include "solver/search.hpp"

#include <functional>
#include <string>

namespace relucert {

// Runs fit(inst, model, opt) and writes its certificate to cert_path (atomically; throws
// OutputError if it cannot be written). `on_temp` is told the temporary file's name while the
// certificate is being written and "" once it is in place, so that a signal handler can remove
// it on an abort.
FitResult fit_certified(const Instance& inst, const Model& model, const SearchOptions& opt,
                        const std::string& cert_path,
                        const std::function<void(const std::string&)>& on_temp = {});

} // namespace relucert
