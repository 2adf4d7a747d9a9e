// `relucert reduce`: writes the training set and the claim file of a built-in
// hardness reduction (docs/REDUCTIONS.md). Option parsing and output only; the
// reductions and the exact source-side solvers live in src/reduce/.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace relucert {

struct ReduceArgs {
  CLI::App* command = nullptr;    // `reduce`
  CLI::App* maxcut = nullptr;     // `reduce maxcut`
  CLI::App* hypergraph = nullptr; // `reduce hypergraph-2col`
  std::string input, out_dir, claim = "standard";
  long threshold = 0;
};

// Registers `reduce maxcut GRAPH --threshold c --out-dir DIR [--claim standard|naive]`
// and `reduce hypergraph-2col H --out-dir DIR`; the parsed values land in `args`,
// which must outlive parsing.
void add_reduce_command(CLI::App& app, ReduceArgs& args);

// Runs the parsed subcommand: writes DIR/instance.relu and DIR/claim.txt (each
// atomically, DIR created if needed) and prints a summary to stdout. Returns the
// exit code 0; input problems throw InputError, output problems OutputError.
int run_reduce(const ReduceArgs& args);

} // namespace relucert
