// The manual of every command, printed by --help after the options (CLI11's footer): what the
// command does, examples, its output lines and JSON keys, and its own exit codes. The codes
// are those of README.md (Exit codes); tests/e2e/help.sh checks each page against them and
// against the JSON the command writes.
#pragma once

namespace relucert::help {

extern const char* const TOP;          // relucert --help: every exit code, by subcommand
extern const char* const FIT;          // relucert fit --help
extern const char* const EXPORT;       // relucert export --help
extern const char* const REDUCE;       // relucert reduce [maxcut|hypergraph-2col] --help
extern const char* const AUDIT;        // relucert audit --help (and --claims)
extern const char* const AUDIT_MAXCUT; // relucert audit maxcut --help
extern const char* const AUDIT_HYPER;  // relucert audit hypergraph-2col --help

} // namespace relucert::help
