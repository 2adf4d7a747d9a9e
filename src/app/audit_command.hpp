// `relucert audit`: gap audits of hardness reductions (docs/REDUCTIONS.md §4-§5). For every
// source instance and threshold it builds the reduction (src/reduce), solves the training set
// once with a certificate (src/solver), writes the claim files, decides each claim from the
// certified interval, and writes the folder of tables, plot, README, verify.sh and MANIFEST.
// Option parsing, file output and the summary only; the algorithms live in the library.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace relucert {

struct AuditArgs {
  CLI::App* command = nullptr;    // `audit` (with --claims FILE)
  CLI::App* maxcut = nullptr;     // `audit maxcut GRAPHS`
  CLI::App* hypergraph = nullptr; // `audit hypergraph-2col FILE...`
  std::string graphs, claims, out, claim = "standard", thresholds = "all";
  std::vector<std::string> hypergraphs;
  double time_limit = 0;
  bool no_check = false;    // skip running relucheck on every row
  std::string command_line; // for the folder's README
};

// Exit code of an audit in which some claim was VIOLATED (a certified counterexample). The
// other codes are relucert's (README.md): 0 every claim holds, 10 some claim undecided (time
// limit or Ctrl-C) and none violated, 2 usage, 3 input, 4 output, 5 internal, 130 aborted.
constexpr int EXIT_COUNTEREXAMPLE = 6;
// Exit code when relucheck rejected a row the audit wrote (a defect of relucert).
constexpr int EXIT_AUDIT_REJECTED = 5;

// Registers the `audit` command and its subcommands; the parsed values land in `args`, which
// must outlive parsing.
void add_audit_command(CLI::App& app, AuditArgs& args);

// Runs the parsed audit. Returns 0, EXIT_COUNTEREXAMPLE or 10; input problems throw
// InputError (nothing is written then), output problems OutputError, bad option values
// CLI::ValidationError.
int run_audit(const AuditArgs& args);

} // namespace relucert
