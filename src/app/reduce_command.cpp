#include "app/reduce_command.hpp"

#include "app/help.hpp"
#include "exact/decimal.hpp"
#include "io/atomic_file.hpp"
#include "io/input_error.hpp"
#include "io/text_input.hpp"
#include "reduce/graph.hpp"
#include "reduce/hypergraph.hpp"
#include "reduce/hypergraph2col.hpp"
#include "reduce/maxcut.hpp"

#include <filesystem>
#include <iostream>

namespace relucert {

namespace {

using namespace reduce;

const char* INSTANCE_FILE = "instance.relu";
const char* CLAIM_FILE = "claim.txt";

std::string approx(const Rational& q) {
  return q.str() + "  (approx. " + to_decimal(q, 10) + ")";
}

// Writes the instance first, then the claim that names its digest. Every failure
// is an OutputError (exit code 4).
void write_outputs(const std::string& dir, const std::string& instance_text,
                   const std::string& claim_text) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw OutputError(dir + ": cannot create the output directory: " + ec.message());
  const std::filesystem::path d(dir);
  write_file_atomic((d / INSTANCE_FILE).string(), instance_text);
  write_file_atomic((d / CLAIM_FILE).string(), claim_text);
}

// The last lines of both summaries: the claim, and the files written.
void print_claim_and_files(const std::string& dir, const Claim& claim, const Instance& inst,
                           const std::string& note) {
  std::cout << "\n"
            << "claim       OPT " << relation_text(claim.relation) << " " << claim.bound.str()
            << "\n"
            << "wrote       " << (std::filesystem::path(dir) / INSTANCE_FILE).string() << " ("
            << inst.n << " points, d = " << inst.d << ", model " << model_text(claim.model) << note
            << ") and " << (std::filesystem::path(dir) / CLAIM_FILE).string() << "\n";
}

int run_maxcut(const ReduceArgs& a) {
  const SourceText src = read_source(a.input);
  const auto graphs = parse_graphs(src.bytes, src.name);
  if (graphs.size() > 1)
    throw InputError(src.name, graphs[1].line, 1,
                     "reduce takes exactly one graph; this file holds " +
                         std::to_string(graphs.size()) + " (this line is the second)");
  const Graph& g = graphs[0].graph;
  if (g.n == 0) throw InputError(src.name, graphs[0].line, 1, "the graph has no vertices");
  if (g.n > MAX_CUT_MAX_VERTICES)
    throw InputError(src.name, graphs[0].line, 0,
                     "the graph has " + std::to_string(g.n) +
                         " vertices; the exact max-cut enumeration supports at most " +
                         std::to_string(MAX_CUT_MAX_VERTICES));
  const MaxCutVariant variant = a.claim == "naive" ? MaxCutVariant::Naive : MaxCutVariant::Standard;
  const MaxCutReduction r = reduce_maxcut(g, a.threshold, variant, src.name, INSTANCE_FILE);
  write_outputs(a.out_dir, r.instance_text, format_claim(r.claim));

  const MaxCutBounds& b = r.bounds;
  std::cout << "reduction   maxcut -> one ReLU (certs/MATH.md §9), claim " << r.claim.variant
            << "\n"
            << "source      " << src.name << "  (graph6 " << encode_graph6(g) << ")\n"
            << "graph       n = " << g.n << ", |E| = " << g.edges.size() << ", D = " << b.D.str()
            << ", M = " << b.M.str() << ", threshold c = " << a.threshold << "\n"
            << "alpha       " << approx(b.alpha) << "   YES (maxcut >= c) => OPT <= alpha\n"
            << "beta        " << approx(b.beta_for(variant))
            << "   NO (maxcut <= c-1) => OPT >= beta"
            << (variant == MaxCutVariant::Naive ? "  [naive: without -4D/M]" : "") << "\n"
            << "side        " << (r.yes ? "YES" : "NO") << ": maxcut = " << r.source.value
            << (r.yes ? " >= " : " < ") << a.threshold;
  if (r.yes)
    std::cout << ", witness cut " << cut_text(r.source.side);
  else
    std::cout << " (exhaustive: " << r.source.cuts << " cuts)";
  print_claim_and_files(a.out_dir, r.claim, r.instance, "");
  return 0;
}

int run_hypergraph(const ReduceArgs& a) {
  const SourceText src = read_source(a.input);
  const Hypergraph h = parse_hypergraph(src.bytes, src.name);
  if (h.n > TWO_COL_MAX_VERTICES)
    throw InputError(src.name, h.n_line, h.n_col,
                     "the hypergraph has " + std::to_string(h.n) +
                         " vertices; the exact 2-colouring search supports at most " +
                         std::to_string(TWO_COL_MAX_VERTICES));
  const Hypergraph2ColReduction r = reduce_hypergraph2col(h, src.name, INSTANCE_FILE);
  write_outputs(a.out_dir, r.instance_text, format_claim(r.claim));

  std::cout << "reduction   hypergraph 2-colouring -> two ReLUs (certs/MATH.md §10)\n"
            << "source      " << src.name << "\n"
            << "hypergraph  n = " << h.n << ", |E| = " << h.edges.size()
            << ", max edge size m = " << h.max_edge_size() << "\n"
            << "alpha       0   YES (2-colourable) => OPT = 0\n"
            << "beta        >0  NO (not 2-colourable) => OPT > 0\n"
            << "side        " << (r.yes ? "YES" : "NO");
  if (r.yes)
    std::cout << ": colouring " << colouring_text(*r.source.colour);
  else
    std::cout << ": no proper 2-colouring (exhaustive: " << r.source.nodes << " nodes)";
  print_claim_and_files(a.out_dir, r.claim, r.instance, "; solve with --units 2");
  return 0;
}

} // namespace

void add_reduce_command(CLI::App& app, ReduceArgs& a) {
  a.command = app.add_subcommand(
      "reduce", "Write the training set and claim file of a built-in hardness reduction "
                "(docs/REDUCTIONS.md).");
  a.command->require_subcommand(1);
  a.command->footer(help::REDUCE); // inherited by maxcut and hypergraph-2col
  auto out_dir = [&a](CLI::App* cmd) {
    cmd->add_option("--out-dir,-o", a.out_dir, "Directory for instance.relu and claim.txt")
        ->required();
  };

  a.maxcut = a.command->add_subcommand(
      "maxcut", "MAX-CUT -> one ReLU: YES (maxcut >= c) => OPT <= alpha, NO => OPT >= beta.");
  a.maxcut
      ->add_option("graph", a.input,
                   "Graph file: graph6 (one graph; nauty's format, optional >>graph6<< header) or "
                   "an edge list ('p edge <n> <m>' then 'e <u> <v>', 1-based); '-' reads stdin")
      ->required();
  a.maxcut->add_option("--threshold,-c", a.threshold, "Cut threshold c (an integer)")->required();
  out_dir(a.maxcut);
  a.maxcut
      ->add_option("--claim", a.claim,
                   "standard: the proved bounds; naive: beta without the correction -4D/M "
                   "(a known-false claim, to test audits)")
      ->check(CLI::IsMember({"standard", "naive"}));

  a.hypergraph = a.command->add_subcommand(
      "hypergraph-2col", "Hypergraph 2-colouring -> two ReLUs: 2-colourable <=> OPT = 0.");
  a.hypergraph
      ->add_option("hypergraph", a.input,
                   "Hypergraph file: 'hypergraph <n>' then one edge per line (vertex numbers "
                   "1..n, at least 2 per edge); '-' reads stdin")
      ->required();
  out_dir(a.hypergraph);
}

int run_reduce(const ReduceArgs& a) {
  if (a.maxcut && a.maxcut->parsed()) return run_maxcut(a);
  return run_hypergraph(a);
}

} // namespace relucert
