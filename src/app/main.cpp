// relucert: the command-line front end. It parses options, calls the library and
// maps results to output and exit codes; it holds no algorithm.
#include "app/app_main.hpp"
#include "app/audit_command.hpp"
#include "app/certified_fit.hpp"
#include "app/help.hpp"
#include "app/options.hpp"
#include "app/reduce_command.hpp"
#include "app/report.hpp"
#include "cert/cert_writer.hpp"
#include "exact/decimal.hpp"
#include "io/atomic_file.hpp"
#include "io/input_error.hpp"
#include "io/instance.hpp"
#include "io/network_input.hpp"
#include "io/smtlib.hpp"
#include "relucert_version.hpp" // generated: the version and the source commit
#include "solver/heuristics.hpp"
#include "solver/search.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <signal.h>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace {

// Exit codes (also in README.md and each command's --help, app/help.cpp).
enum Exit : int {
  EXIT_OPTIMAL = 0,      // proved optimum (or requested gap reached)
  EXIT_USAGE = 2,        // bad command line
  EXIT_INPUT = 3,        // malformed input file
  EXIT_OUTPUT = 4,       // cannot write an output file
  EXIT_INTERNAL = 5,     // internal error
  EXIT_STOPPED = 10,     // time limit or interrupt: interval certificate written
  EXIT_INTERRUPTED = 130 // second Ctrl-C: aborted, no output
};

std::atomic<int> g_interrupt{0};
const relucert::AppHooks* g_hooks = nullptr; // app_main's
// When the program started: --time-limit counts from here, reading and set-up included.
std::chrono::steady_clock::time_point g_start;
char g_tmp_path[4096] = {0};

extern "C" void on_sigint(int) {
  if (g_interrupt.fetch_add(1) >= 1) {
    if (g_tmp_path[0]) ::unlink(g_tmp_path);
    ::_exit(EXIT_INTERRUPTED);
  }
}

// Any other signal that ends the process (a kill, a hang-up, a closed pipe, an abort from a
// corrupted heap, a crash): remove the temporary certificate, then die of the same signal.
extern "C" void on_fatal(int sig) {
  if (g_tmp_path[0]) ::unlink(g_tmp_path);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void install_signal_handlers() {
  std::signal(SIGINT, on_sigint);
  if (g_hooks->sigterm_interrupts)
    for (int sig : {SIGTERM, SIGUSR1})
      std::signal(sig, on_sigint);
  for (int sig : {SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) {
    // Keep a handler someone else installed (a sanitizer's, which reports the crash).
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_DFL &&
        !(old.sa_flags & SA_SIGINFO))
      std::signal(sig, on_fatal);
  }
}

// --label, --features, --weight, --no-header, --sep: how a CSV instance is read (README, Data
// files). Options left unset take the default mapping; relucert refuses a header that mapping
// could misread.
void add_column_options(CLI::App* cmd, relucert::ColumnOptions& c) {
  cmd->add_option("--label", c.label,
                  "CSV: the label column, by header name or 1-based number (default: the last)");
  cmd->add_option("--features", c.features,
                  "CSV: the feature columns in the order of x's coordinates: names, numbers and "
                  "ranges, e.g. 2-5,7 (default: every column but the label and the weight)");
  cmd->add_option("--weight", c.weight,
                  "CSV: the sample-weight column (default: a column named exactly 'weight', "
                  "else every weight is 1)");
  cmd->add_flag("--no-header", c.no_header,
                "CSV: the first line is data; columns are named by number");
  cmd->add_option("--sep", c.sep,
                  "CSV: the field separator (default: detected from the first lines among , ; "
                  "and tab, and reported)")
      ->check(CLI::IsMember({"comma", "semicolon", "tab"}));
}

struct FitArgs {
  relucert::ColumnOptions columns;
  std::string input, out;
  bool realizable = false, no_symmetry = false;
  bool no_implied = false;
  bool no_hinge = false;
  bool bias = false, json = false, quiet = false, float_only = false, nonneg = false,
       signed_out = false;
  int units = 1;
  unsigned threads = 0; // 0: the number of cores
  std::string strategy = "bnb", selection = "best";
  double time_limit = 0;
  std::string gap, rel_gap, weight_bound;
  std::string init;           // --init FILE: a network of the model, one more candidate
  bool no_heuristics = false; // --no-heuristics
  bool gmp_only = false;      // --gmp-only
};

// The candidates offered to the search before it starts (SearchOptions::initial): the --init
// network and the primal heuristics' (solver/heuristics.hpp), within a small share of the run
// (0.5 s, or 5 % of --time-limit when that is less) that the time limit and Ctrl-C also end.
// Each source gets a `c` line with its exact loss in `log`, printed with the text result (not
// before: a run that cannot write its certificate prints nothing).
std::vector<relucert::Network> initial_candidates(const FitArgs& a, const relucert::Instance& inst,
                                                  const relucert::Model& model,
                                                  const relucert::Network* init,
                                                  std::ostream& log) {
  using namespace relucert;
  std::vector<Network> out;
  const auto loss_text = [](const Rational& L) {
    return L.str() + " (approx. " + to_decimal(L) + ")";
  };
  if (init) {
    log << "c init " << a.init << ": loss " << loss_text(exact_loss(inst, *init)) << "\n";
    out.push_back(*init);
  }
  if (a.no_heuristics) return out;
  HeuristicOptions ho;
  ho.time_budget = a.time_limit > 0 ? std::min(0.5, 0.05 * a.time_limit) : 0.5;
  const double limit = a.time_limit;
  ho.stop = [limit] {
    return g_interrupt.load() != 0 ||
           (limit > 0 &&
            std::chrono::duration<double>(std::chrono::steady_clock::now() - g_start).count() >=
                limit);
  };
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<Candidate> c = heuristic_candidates(inst, model, ho);
  const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  {
    char t[32];
    std::snprintf(t, sizeof t, "%.3f s", sec);
    if (c.empty())
      log << "c heuristics: no candidate better than the zero network (" << t << ")\n";
    else
      log << "c heuristics: best " << c.back().kind << ", loss " << loss_text(c.back().loss) << " ("
          << c.size() << " improving candidate(s), " << t << ")\n";
  }
  // The best only: each candidate is better than the one before, so the search could take no
  // other, and rejecting one would cost it a pass over the points.
  if (!c.empty()) out.push_back(std::move(c.back().net));
  return out;
}

// `inst` is the caller's, so that the caller can end the process without tearing it down.
int run_fit(const FitArgs& a, relucert::Instance& inst) {
  using namespace relucert;
  inst = read_instance(a.input, a.columns);
  Model model;
  model.units = a.units;
  model.bias = a.bias;
  model.nonneg = a.units == 1 ? !a.signed_out : a.nonneg;
  SearchOptions opt;
  opt.strategy = a.strategy == "enumerate" ? Strategy::Enumerate : Strategy::BranchAndBound;
  opt.selection = a.selection == "depth" ? Selection::DepthFirst : Selection::BestFirst;
  opt.threads = a.threads ? a.threads : std::max(1u, std::thread::hardware_concurrency());
  opt.time_limit = a.time_limit;
  opt.start = g_start;
  opt.interrupt = &g_interrupt;
  opt.float_only = a.float_only;
  opt.machine_ints = !a.gmp_only;
  opt.implied_records = !a.no_implied;
  opt.hinge = !a.no_hinge;
  opt.realizable = a.realizable;
  opt.symmetry = !a.no_symmetry;
  if (!a.weight_bound.empty()) {
    auto b = Rational::parse_instance_number(a.weight_bound);
    if (!b || b->sign() <= 0)
      throw CLI::ValidationError("--weight-bound", "expected a positive rational");
    if (a.float_only)
      throw CLI::ValidationError("--weight-bound", "not available with --float-bounds-only");
    model.weight_bound = *b;
    // The optimum may be irrational: stop at a relative gap unless told otherwise.
    Rational zero_loss(0);
    for (size_t i = 0; i < inst.n; ++i)
      zero_loss += inst.c[i] * inst.y[i] * inst.y[i];
    opt.gap = zero_loss / Rational(1000000000);
  }
  if (!a.gap.empty()) {
    auto g = Rational::parse_instance_number(a.gap);
    if (!g || g->sign() < 0) throw CLI::ValidationError("--gap", "expected a nonnegative rational");
    opt.gap = *g;
  }
  if (!a.rel_gap.empty()) {
    auto g = Rational::parse_instance_number(a.rel_gap);
    if (!g || g->sign() < 0 || *g >= Rational(1))
      throw CLI::ValidationError("--rel-gap", "expected a rational R with 0 <= R < 1");
    opt.rel_gap = *g;
  }
  const bool tty = ::isatty(2) && !a.quiet;
  if (tty) { // a log as MIP solvers print it: one line every 2 s, approximate values
    opt.progress_interval = 2;
    opt.progress = [header = true, last_nodes = uint64_t(0),
                    last_s = 0.0](const Progress& p) mutable {
      if (header)
        std::fprintf(stderr, "c %8s %12s %9s %6s %16s %16s %8s %9s\n", "time s", "nodes", "open",
                     "depth", "lower ~", "upper ~", "gap %", "nodes/s");
      header = false;
      const double gap = p.upper > 0 ? 100 * (p.upper - p.lower) / p.upper : 0;
      const double rate =
          p.seconds > last_s ? static_cast<double>(p.nodes - last_nodes) / (p.seconds - last_s) : 0;
      last_nodes = p.nodes, last_s = p.seconds;
      std::fprintf(stderr, "c %8.1f %12llu %9llu %6zu %16.10g %16.10g %8.3f %9.0f\n", p.seconds,
                   static_cast<unsigned long long>(p.nodes),
                   static_cast<unsigned long long>(p.open), p.depth, p.lower, p.upper, gap, rate);
    };
  }
  // Read before anything is printed or written: a bad file is an input error (exit 3).
  std::optional<Network> init;
  if (!a.init.empty()) init = read_network(a.init, model, inst.d);
  if (g_hooks->serve) return g_hooks->serve(inst, model, opt);
  if (g_hooks->adjust) g_hooks->adjust(opt, a.threads != 0);
  install_signal_handlers();
  std::ostringstream heuristics_log;
  if (!a.float_only)
    opt.initial = initial_candidates(a, inst, model, init ? &*init : nullptr, heuristics_log);
  SilentTracer silent;
  // With --out -, standard output holds the certificate: the result goes to stderr.
  std::ostream& report = a.out == "-" ? std::cerr : std::cout;
  // The instance and model lines come first, before the progress log: once the certificate's
  // temporary file is open (an output error prints nothing but the error), or at once.
  const bool header = !a.json && !a.float_only;
  bool header_done = false;
  auto print_header_once = [&] {
    if (!header || header_done) return;
    print_header(report, inst, model, a.strategy);
    report.flush();
    header_done = true;
  };
  // The temporary certificate's name, for the SIGINT handler ("" once it is in place).
  auto note_tmp = [&](const std::string& t) {
    std::strncpy(g_tmp_path, t.c_str(), sizeof g_tmp_path - 1);
    if (!t.empty()) print_header_once();
  };
  if (a.out.empty() || a.out == "-" || a.float_only) print_header_once();
  CertificateSize size;
  FitResult r = !a.out.empty() && !a.float_only
                    ? fit_certified(inst, model, opt, a.out, note_tmp, &size)
                    : fit(inst, model, opt, silent);
  if (a.float_only) {
    std::cout << "c float-only benchmark mode: approximate values, no certificate\n"
              << "s UNKNOWN\n"
              << "approx. lower " << r.lower_approx << "  upper " << r.upper_approx << "  nodes "
              << r.stats.nodes << "  time " << r.stats.seconds << " s\n";
    return EXIT_OPTIMAL;
  }
  ReportContext ctx{
      &inst,        model, a.strategy, a.out, answer_of(r, model, opt, g_interrupt.load() > 0),
      a.realizable, size};
  ctx.header_printed = header_done;
  if (a.json)
    print_json(report, ctx, r);
  else {
    report << heuristics_log.str();
    print_text(report, ctx, r);
  }
  return ctx.answer.answered ? EXIT_OPTIMAL : EXIT_STOPPED;
}

} // namespace

int relucert::app_main(int argc, char** argv, const AppHooks& hooks) {
  g_hooks = &hooks;
  g_start = std::chrono::steady_clock::now();
  CLI::App app{hooks.about + "relucert: globally optimal ReLU fits with exact rational " +
               "certificates.\nCheck certificates independently with relucheck INSTANCE CERT."};
  app.footer(relucert::help::TOP);
  app.set_version_flag("--version",
                       std::string("relucert ") + relucert::RELUCERT_VERSION + " (commit " +
                           relucert::RELUCERT_SOURCE_COMMIT + ")",
                       "Print the version and the source commit, and exit");
  app.require_subcommand(1);

  FitArgs fa;
  auto* fit = app.add_subcommand("fit", "Find the globally optimal fit and write a certificate.");
  fit->add_option("input", fa.input,
                  "Instance: CSV (a header; by default the last column is the label and a "
                  "column named 'weight' the sample weights: see --label) or text ('relu <d>' "
                  "then 'x_1..x_d y [weight]')")
      ->required();
  add_column_options(fit, fa.columns);
  fit->footer(relucert::help::FIT);
  fit->add_option("--out,-o", fa.out,
                  "Write the certificate here (atomically: complete or absent); FILE.gz: "
                  "gzip-compressed; '-': to standard output, the result then to stderr");
  fit->add_flag("--bias", fa.bias, "Fit max(0, w.x + b) instead of max(0, w.x)");
  fit->add_option("--units,-k", fa.units, "Number of hidden ReLU units k")
      ->check(CLI::Range(1, 16));
  fit->add_flag("--nonnegative-output", fa.nonneg,
                "For k >= 2: restrict output weights to a_j >= 0");
  fit->add_flag("--signed-output", fa.signed_out, "For k = 1: allow a negative output weight");
  fit->add_option("--strategy", fa.strategy,
                  "bnb (branch and bound) or enumerate (every cell, baseline)")
      ->check(CLI::IsMember({"bnb", "enumerate"}));
  fit->add_option("--node-selection", fa.selection,
                  "best (default): the open node of lowest bound next, plunging depth-first "
                  "from it, so that a stopped run's lower end has risen; depth: depth-first "
                  "only (fewer jumps between distant nodes, the lower end moves only at the end)")
      ->check(CLI::IsMember({"best", "depth"}));
  fit->add_option("--threads,-j", fa.threads,
                  "Workers sharing the pool of open nodes, one thread each (default: the number "
                  "of cores). The optimum is the same for every count; the tree, and so the "
                  "certificate, may differ from run to run when N > 1")
      ->check(CLI::Range(1u, 256u));
  fit->add_option("--time-limit", fa.time_limit,
                  "Stop with a proved interval so that the run ends after about this many "
                  "seconds: the search stops when closing its open nodes (each with an exact "
                  "bound, by every worker) would take the time left, and goes depth first once "
                  "that would take over half the limit")
      ->check(relucert::seconds_check());
  fit->add_option("--gap", fa.gap,
                  "Stop when upper - lower <= this absolute rational (default 0: exact)");
  fit->add_option("--rel-gap", fa.rel_gap,
                  "Stop when upper - lower <= R * upper, R a rational or decimal with "
                  "0 <= R < 1 (e.g. 0.01 for 1 %); with --gap, whichever is reached first");
  fit->add_option("--weight-bound", fa.weight_bound,
                  "Bounded setting (certs/MATH.md §7, L5): ||v_j|| <= B for the rescaled units "
                  "v_j = |a_j| (w_j, b_j), B a positive rational. The optimum may be irrational: "
                  "the result is a certified interval [lower, upper] with a rational witness at "
                  "upper, to --gap (default: 1e-9 times the loss of the zero network)");
  fit->add_flag("--realizable", fa.realizable,
                "Decide whether OPT = 0: a zero-loss witness, or a proved lower bound > 0");
  fit->add_flag("--no-symmetry", fa.no_symmetry,
                "For k >= 2: do not close nodes by the symmetry of equal-sign units (sym "
                "records, certs/FORMAT.md section 4); for measurements");
  fit->add_option("--init", fa.init,
                  "A network to start from: the output of relucert fit --json (its \"network\") "
                  "or a certificate's unit lines; it must be a network of the model");
  fit->add_flag("--no-heuristics", fa.no_heuristics,
                "Do not offer the search the primal heuristics' candidates (least squares "
                "clamped by the ReLU, a multi-start local search, split units)");
  fit->add_flag("--json", fa.json, "Print the result as one JSON object");
  fit->add_flag("--quiet,-q", fa.quiet, "No progress display on stderr");
  fit->add_flag(
      "--float-bounds-only", fa.float_only,
      "Benchmark mode: prune on floating-point bounds, no exact arithmetic, no certificate");
  fit->add_flag("--no-implied-records", fa.no_implied,
                "Write a split whose one child has empty interior as the two records 'branch' "
                "and 'empty', not as one 'implied' record (certs/FORMAT.md): for a relucheck "
                "that predates the record");
  fit->add_flag("--no-hinge", fa.no_hinge,
                "Bound undecided points by the L3 rule alone, without the hinge multipliers of "
                "their convex envelopes (certs/MATH.md §11; the default for one unit without a "
                "weight bound): for a relucheck that predates them, and for comparisons");
  fit->add_flag("--gmp-only", fa.gmp_only,
                "Every exact computation in GMP, without the machine-integer fast path (same "
                "results, slower); for tests and measurements");

  std::string ex_in, ex_out;
  bool ex_bias = false;
  auto* exp =
      app.add_subcommand("export", "Export an instance to SMT-LIB 2 (QF_NRA) for cross-checks.");
  bool smtlib = false;
  exp->footer(relucert::help::EXPORT);
  exp->add_flag("--smtlib", smtlib, "SMT-LIB 2 output (the only format so far)")->required();
  exp->add_option("input", ex_in, "Instance file (CSV or text, as for fit)")->required();
  relucert::ColumnOptions ex_cols;
  add_column_options(exp, ex_cols);
  exp->add_option("--out,-o", ex_out, "Output file (default: standard output)");
  exp->add_flag("--bias", ex_bias, "Model with bias");
  std::string ex_bound;
  exp->add_option("--below", ex_bound,
                  "Assert loss < this rational (unsat proves OPT >= it); default: minimise");

  relucert::ReduceArgs ra;
  relucert::add_reduce_command(app, ra);
  relucert::AuditArgs aa;
  relucert::add_audit_command(app, aa);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : EXIT_USAGE;
  }
  try {
    if (fit->parsed()) {
      if (fa.nonneg && fa.signed_out) {
        std::cerr
            << "relucert: error: --nonnegative-output and --signed-output exclude each other\n";
        return EXIT_USAGE;
      }
      relucert::Instance inst;
      const int rc = run_fit(fa, inst);
      // Everything is written (the certificate is committed, stdout is flushed below): end
      // without freeing the instance, which for a large one takes a noticeable part of a
      // --time-limit.
      std::cout.flush();
      std::fflush(nullptr);
      if (hooks.at_exit) hooks.at_exit(rc);
      std::_Exit(rc);
    }
    if (ra.command->parsed()) return relucert::run_reduce(ra);
    if (aa.command->parsed()) return relucert::run_audit(aa);
    if (exp->parsed()) {
      if (!ex_bound.empty() && !relucert::Rational::parse_instance_number(ex_bound))
        throw CLI::ValidationError("--below", "expected a rational (p/q, a decimal), found '" +
                                                  ex_bound + "'");
      relucert::Instance inst = relucert::read_instance(ex_in, ex_cols);
      std::string text = relucert::to_smtlib(inst, ex_bias, ex_bound);
      if (ex_out.empty())
        std::cout << text;
      else
        relucert::write_file_atomic(ex_out, text);
      return 0;
    }
  } catch (const relucert::InputError& e) {
    std::cerr << "relucert: error: " << e.what() << "\n";
    return EXIT_INPUT;
  } catch (const relucert::ColumnUsageError& e) {
    std::cerr << "relucert: error: " << e.what() << "\n";
    return EXIT_USAGE;
  } catch (const CLI::ValidationError& e) {
    std::cerr << "relucert: error: " << e.what() << "\n";
    return EXIT_USAGE;
  } catch (const relucert::OutputError& e) {
    std::cerr << "relucert: error: " << e.what() << "\n";
    return EXIT_OUTPUT;
  } catch (const std::exception& e) {
    std::cerr << "relucert: internal error: " << e.what() << "\n";
    return EXIT_INTERNAL;
  }
  return EXIT_USAGE;
}
