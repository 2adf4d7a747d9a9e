// Option value checks shared by the commands, with messages that quote what the user typed
// (CLI11's own range checks print their bounds as 300-digit doubles).
#pragma once

#include <CLI/CLI.hpp>

namespace relucert {

// A number of seconds: a finite decimal >= 0 such as 60, 0.5 or 1e-3 (no unit, no hex).
CLI::Validator seconds_check();

} // namespace relucert
