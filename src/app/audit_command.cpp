#include "app/audit_command.hpp"

#include "app/audit_latex.hpp"
#include "app/audit_plot.hpp"
#include "app/audit_report.hpp"
#include "app/certified_fit.hpp"
#include "app/help.hpp"
#include "app/math_text.hpp" // generated: certs/MATH.md
#include "app/options.hpp"
#include "io/atomic_file.hpp"
#include "io/input_error.hpp"
#include "io/instance.hpp"
#include "io/text_input.hpp"
#include "reduce/claims_file.hpp"
#include "reduce/graph.hpp"
#include "reduce/hypergraph.hpp"
#include "reduce/hypergraph2col.hpp"
#include "reduce/maxcut.hpp"
#include "relucert_version.hpp" // generated: the version and the source commit

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace relucert {

namespace {

using namespace reduce;
namespace fs = std::filesystem;

// relucheck repeats the source side exhaustively up to 20 vertices (certs/CLAIMS.md); an audit
// row the checker cannot re-verify would defeat the purpose, so audits stop there too.
constexpr size_t AUDIT_MAX_VERTICES = 20;
const char* const INSTANCE_FILE = "instance.relu";
const char* const CERT_FILE = "instance.cert";

// Ctrl-C: the first stops the running search (its interval certificate is still written) and
// the audit after it, which then writes its folder for the rows done; the second aborts at once,
// removing the certificate being written (exit 130).
std::atomic<int> g_interrupt{0};
char g_tmp_path[4096] = {0};

extern "C" void on_audit_sigint(int) {
  if (g_interrupt.fetch_add(1) >= 1) {
    if (g_tmp_path[0]) ::unlink(g_tmp_path);
    ::_exit(130);
  }
}

// The audit folder: new or empty, so that MANIFEST and verify.sh describe all of it. Every file
// is written atomically and remembered for the manifest.
class Folder {
public:
  explicit Folder(std::string dir) : dir_(std::move(dir)) {
    std::error_code ec;
    if (fs::exists(dir_, ec) && fs::is_directory(dir_, ec) && !fs::is_empty(dir_, ec))
      throw OutputError(dir_ + ": not empty; an audit writes a new folder (its MANIFEST and "
                               "verify.sh describe all of it)");
    fs::create_directories(dir_, ec);
    if (ec || !fs::is_directory(dir_))
      throw OutputError(dir_ + ": cannot create the output folder" +
                        (ec ? ": " + ec.message() : std::string()));
  }
  std::string path(const std::string& rel) const { return (fs::path(dir_) / rel).string(); }
  const std::string& dir() const { return dir_; }
  void subfolder(const std::string& rel) const {
    std::error_code ec;
    fs::create_directory(path(rel), ec);
    if (ec) throw OutputError(path(rel) + ": cannot create: " + ec.message());
  }
  void write(const std::string& rel, const std::string& content) {
    write_file_atomic(path(rel), content);
    files_.push_back(rel);
  }
  void add(const std::string& rel) { files_.push_back(rel); } // written by someone else
  const std::vector<std::string>& files() const { return files_; }

private:
  std::string dir_;
  std::vector<std::string> files_;
};

// MATH.md of the folder: certs/MATH.md, after a first line naming the relucert version and
// source commit it belongs to (the folder's claims rest on its lemmas; its section numbers are
// stable, so the README can cite them).
std::string math_copy() {
  return std::string("> This is `certs/MATH.md` of relucert ") + RELUCERT_VERSION +
         ", source commit " + RELUCERT_SOURCE_COMMIT +
         " (when it was built), copied by `relucert audit`.\n\n" + MATH_MD;
}

// The README's last section: the theorem every row of the audit instantiates (its statement,
// alpha and beta, and where MATH.md proves it), or, for a user's claims, what is and is not
// proved.
std::string claims_basis(const std::string& reduction, const std::string& variant) {
  std::ostringstream o;
  o << "\n## What the claims rest on\n\n";
  if (reduction == "maxcut") {
    o << "Every row instantiates the gap statement of the MAX-CUT -> one ReLU reduction, proved "
         "in `MATH.md` §9 (in this folder). For a graph G with n vertices, |E| edges, "
         "`D = sum_v deg(v)^2`, `M = D + 1` and a threshold c, the training set of `MATH.md` "
         "§9.1 (model `1 0 nonneg`, points in the order of docs/REDUCTIONS.md §2.1) satisfies\n\n"
      << "* YES (`maxcut(G) >= c`) => `OPT <= alpha = M n + 4(|E| - c)` (`MATH.md` Theorem "
         "9.2);\n";
    if (variant == "naive")
      o << "* the claimed NO bound is the **naive** `beta = M n + 4(|E| - c + 1)`, which is not a "
           "theorem: `MATH.md` §9.4 shows why the proved bound needs the term `- 4D/M`, and "
           "§9.5 gives the counterexample K3 with c = 3 (`OPT = 5057/119 < 43`).\n";
    else
      o << "* NO (`maxcut(G) <= c - 1`) => `OPT >= beta = M n + 4(|E| - c + 1) - 4D/M` "
           "(`MATH.md` Theorem 9.3), and `beta - alpha = 4/M > 0` (Corollary 9.4).\n";
  } else if (reduction == "hypergraph-2col") {
    o << "Every row instantiates the statement of the hypergraph 2-colouring -> two ReLUs "
         "reduction, proved in `MATH.md` §10 (in this folder): the training set of `MATH.md` "
         "§10.1 (model `2 0 signed`) has `OPT = 0` if and only if the hypergraph is "
         "2-colourable.\n\n"
      << "* YES (2-colourable) => `OPT <= alpha = 0`, so `OPT = 0` (`MATH.md` Theorem 10.1);\n"
      << "* NO (not 2-colourable) => `OPT > 0`, the claim `OPT > beta = 0` (`MATH.md` Theorem "
         "10.2 proves `OPT >= 1/4`).\n";
  } else {
    o << "The rows are the user's own claims: no theorem of `MATH.md` states them, and a "
         "violated row is a counterexample to the user's statement. A `source maxcut` fact is "
         "checked exhaustively (relucert and relucheck); a `source asserted` fact is checked "
         "by nobody.\n";
  }
  o << "\nThe ReLU side of every row is a certified bound: the certificate rules and their "
       "soundness proof are `certs/FORMAT.md` §3-§4, which rest on the lemmas L1-L5 of "
       "`MATH.md` §2-§7 (sign normalisation, case split, closing regions with empty interior, "
       "the leaf underestimator, the Lagrangian bound, weight bounds); the claim rules are "
       "`certs/CLAIMS.md`. `MATH.md` is `certs/MATH.md` of relucert "
    << RELUCERT_VERSION << " (source commit " << RELUCERT_SOURCE_COMMIT
    << "); FORMAT.md and CLAIMS.md of the same source describe what relucheck verifies.\n";
  return o.str();
}

// "g001": a folder per training set, numbered in input order.
std::string numbered(char prefix, size_t i, size_t count) {
  std::string num = std::to_string(i + 1);
  const size_t width = std::max<size_t>(3, std::to_string(count).size());
  return std::string(1, prefix) + std::string(width - num.size(), '0') + num;
}

std::string machine() {
  std::ifstream cpu("/proc/cpuinfo");
  std::string line, model = "unknown CPU";
  while (std::getline(cpu, line))
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  return std::to_string(std::thread::hardware_concurrency()) + " cores (nproc), " + model;
}

// relucheck next to this relucert (the build tree and an installation), else on the PATH.
std::string relucheck_path() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec && fs::exists(self.parent_path() / "relucheck"))
    return (self.parent_path() / "relucheck");
  return "relucheck";
}

// Runs `gnuplot -e "svg='T.svg'; pdf='T.pdf'" plot.gp` inside the folder, T a temporary name,
// and renames what it drew to plot.svg and plot.pdf (each complete or absent). Returns 0 (no
// plot), 1 (plot.svg) or 2 (and plot.pdf: gnuplot has the pdfcairo terminal). A missing or
// failing gnuplot is a warning, never an error: the folder keeps plot.gp and plot.dat.
int draw_plot(Folder& out) {
  const std::string tmp = "plot.tmp." + std::to_string(::getpid());
  const std::string names = "svg='" + tmp + ".svg'; pdf='" + tmp + ".pdf'";
  std::cout.flush();
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) ::dup2(null, 1), ::dup2(null, 2); // its warnings (e.g. one-point ranges)
    if (::chdir(out.dir().c_str()) != 0) ::_exit(126);
    ::execlp("gnuplot", "gnuplot", "-e", names.c_str(), "plot.gp", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  const bool ran = pid > 0 && ::waitpid(pid, &status, 0) == pid;
  const bool ok = ran && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  int drawn = 0;
  for (const char* ext : {".svg", ".pdf"}) {
    const std::string from = out.path(tmp + ext), to = std::string("plot") + ext;
    if (ok && drawn == (ext[1] == 's' ? 0 : 1) && fs::exists(from) &&
        std::rename(from.c_str(), out.path(to).c_str()) == 0) {
      out.add(to);
      ++drawn;
    }
    std::remove(from.c_str());
  }
  if (drawn == 0)
    std::cerr << "relucert: warning: "
              << (ran && WIFEXITED(status) && WEXITSTATUS(status) == 127
                      ? "gnuplot not found (Debian package gnuplot-nox)"
                      : "gnuplot failed")
              << "; plot.svg not written (plot.gp and plot.dat are in the folder)\n";
  return drawn;
}

// Runs `relucheck --quiet INSTANCE CERT --claim CLAIM --expect E` inside the folder (output
// discarded): "verified", "REJECTED", or "not run" if relucheck cannot be started.
std::string check_row(const std::string& relucheck, const Folder& out, const AuditRow& r) {
  if (r.verdict == Verdict::Undecided) return "n/a";
  const char* expect = r.verdict == Verdict::Holds ? "holds" : "violated";
  std::cout.flush();
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) ::dup2(null, 1), ::dup2(null, 2);
    if (::chdir(out.dir().c_str()) != 0) ::_exit(126);
    ::execlp(relucheck.c_str(), relucheck.c_str(), "--quiet", r.instance_file.c_str(),
             r.cert_file.c_str(), "--claim", r.claim_file.c_str(), "--expect", expect,
             static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  if (pid <= 0 || ::waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return "not run";
  if (WEXITSTATUS(status) == 0) return "verified";
  return WEXITSTATUS(status) == 1 ? "REJECTED" : "not run";
}

// State of one audit run: the folder, the search options and the rows so far.
class Audit {
public:
  // basis: the README's section on what the claims rest on (claims_basis); total: the number of
  // training sets, for the progress line.
  Audit(const AuditArgs& a, AuditInfo info, std::string basis, size_t total)
      : out_(a.out), info_(std::move(info)), basis_(std::move(basis)), check_(!a.no_check),
        total_(total) {
    opt_.time_limit = a.time_limit;
    opt_.interrupt = &g_interrupt;
    g_interrupt = 0;
    std::signal(SIGINT, on_audit_sigint);
  }
  bool interrupted() const { return g_interrupt.load() > 0; }
  Folder& out() { return out_; }
  std::vector<AuditRow>& rows() { return rows_; }

  // Solves a training set once, writing dir/instance.cert (the claims of the set are all
  // decided from this one certified interval).
  FitResult solve(const Instance& inst, const Model& model, const std::string& dir) {
    const std::string rel = dir + "/" + CERT_FILE;
    const std::string solving =
        "c audit: " + std::to_string(solved_) + "/" + std::to_string(total_) + " " +
        info_.sets_label + " solved, solving " + dir + " (" + std::to_string(inst.n) + " points)";
    progress(solving);
    SearchOptions opt = opt_;
    if (tty_) // the search's own progress, on the same line
      opt.progress = [&](const Progress& p) {
        char buf[96];
        std::snprintf(buf, sizeof buf, ": nodes %llu, proved [%.6g, %.6g]",
                      static_cast<unsigned long long>(p.nodes), p.lower, p.upper);
        progress(solving + buf);
      };
    FitResult r = fit_certified(inst, model, opt, out_.path(rel), [](const std::string& tmp) {
      std::strncpy(g_tmp_path, tmp.c_str(), sizeof g_tmp_path - 1);
    });
    out_.add(rel);
    ++solved_;
    progress("c audit: " + std::to_string(solved_) + "/" + std::to_string(total_) + " " +
             info_.sets_label + " solved, " + std::to_string(rows_.size()) + " claims so far");
    return r;
  }

  // Writes the tables, plot, README, verify.sh and MANIFEST; prints the summary. Returns the
  // exit code.
  int finish(const std::string& input_note) {
    if (progress_shown_) std::fprintf(stderr, "\n");
    progress_shown_ = false;
    info_.seconds = seconds();
    info_.machine = machine();
    if (interrupted())
      info_.note = "Interrupted (Ctrl-C) after " + std::to_string(solved_) +
                   " training sets: the table holds their rows only.";
    // The independent checker on every row, before the tables are written (they report it).
    size_t rejected = 0;
    const std::string relucheck = check_ ? relucheck_path() : "";
    const bool checking = check_ && !interrupted();
    size_t to_check = 0, checked = 0;
    for (const auto& r : rows_)
      to_check += r.verdict != Verdict::Undecided;
    const auto check_progress = [&] {
      progress("c relucheck: " + std::to_string(checked) + "/" + std::to_string(to_check) +
               " rows checked, " + std::to_string(rejected) + " rejected");
    };
    if (checking && to_check) check_progress();
    for (auto& r : rows_) {
      if (checking) r.checked = check_row(relucheck, out_, r);
      rejected += r.checked == "REJECTED";
      if (checking && r.verdict != Verdict::Undecided) {
        ++checked;
        check_progress();
      }
    }
    if (progress_shown_) std::fprintf(stderr, "\n");
    for (const auto& f : audit_tables(rows_, info_))
      out_.write(f.name, f.content);
    for (const auto& f : audit_plot_files(rows_, info_))
      out_.write(f.name, f.content);
    const int plot = draw_plot(out_);
    for (const auto& f : audit_readme_and_script(rows_, info_, plot))
      out_.write(f.name, f.name == "README.md" ? f.content + basis_ : f.content);
    out_.write("MATH.md", math_copy());
    std::error_code ec; // an executable bit is a convenience: `sh verify.sh` works without it
    fs::permissions(out_.path("verify.sh"), fs::perms::owner_exec | fs::perms::group_exec,
                    fs::perm_options::add, ec);
    write_file_atomic(out_.path("MANIFEST"), manifest(out_.files(), out_.dir()));

    size_t holds = 0, violated = 0;
    for (const auto& r : rows_) {
      holds += r.verdict == Verdict::Holds;
      violated += r.verdict == Verdict::Violated;
    }
    const size_t undecided = rows_.size() - holds - violated;
    std::cout << "audit       " << info_.title << "\n"
              << "input       " << input_note << (interrupted() ? " (interrupted)" : "") << "\n"
              << "result      " << rows_.size() << " claims: " << holds << " hold, " << violated
              << " VIOLATED, " << undecided << " undecided (" << solved_
              << " training sets solved in " << std::fixed << std::setprecision(1) << info_.seconds
              << " s)\n";
    if (const AuditRow* ce = smallest_counterexample(rows_))
      std::cout << "counterexample  " << counterexample_label(*ce) << ": "
                << counterexample_text(*ce) << "\n"
                << "            " << out_.path(ce->claim_file) << "\n";
    std::cout << "folder      " << out_.dir()
              << "/: table.md summary.tex table.tex tables.tex summary.csv table.csv table.json"
              << (plot ? " plot.svg" : "") << (plot > 1 ? " plot.pdf" : "")
              << " README.md MATH.md verify.sh MANIFEST\n"
              << "re-verify   sh " << out_.path("verify.sh") << " " << relucheck_path() << "\n";
    if (rejected) {
      std::cout << "REJECTED    relucheck rejected " << rejected
                << " row(s) (column relucheck): a defect of relucert, please report it\n";
      return EXIT_AUDIT_REJECTED;
    }
    if (violated) return EXIT_COUNTEREXAMPLE;
    return undecided || interrupted() ? 10 : 0; // interrupted: some inputs were not audited
  }

private:
  // On a terminal, `line` and the time so far replace the progress line on stderr.
  void progress(const std::string& line) {
    if (!tty_) return;
    std::fprintf(stderr, "\r%s, %.1f s\033[K", line.c_str(), seconds());
    std::fflush(stderr);
    progress_shown_ = true;
  }
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  Folder out_;
  AuditInfo info_;
  std::string basis_; // appended to README.md
  bool check_;        // run relucheck on every row
  SearchOptions opt_;
  std::vector<AuditRow> rows_;
  size_t total_; // training sets to solve
  size_t solved_ = 0;
  const bool tty_ = ::isatty(2);
  bool progress_shown_ = false; // a progress line is on stderr, without its newline
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// The row fields every audit fills the same way: the claim, the certified interval, the
// verdict and the files.
AuditRow row_for(const Claim& claim, const FitResult& fit, const std::string& dir,
                 const std::string& instance_file, const std::string& claim_file, size_t order) {
  AuditRow r;
  r.relation = claim.relation;
  r.bound = claim.bound;
  r.lower = fit.lower;
  r.upper = fit.upper;
  r.verdict = decide(claim.relation, claim.bound, fit.lower, fit.upper);
  r.instance_file = dir + "/" + instance_file;
  r.cert_file = dir + "/" + CERT_FILE;
  r.claim_file = dir + "/" + claim_file;
  r.order = order;
  return r;
}

void check_source_size(size_t n, const std::string& what, const std::string& file, size_t line) {
  if (n > AUDIT_MAX_VERTICES)
    throw InputError(file, line, line ? 1 : 0,
                     what + " has " + std::to_string(n) + " vertices; audits support at most " +
                         std::to_string(AUDIT_MAX_VERTICES) +
                         " (relucheck repeats the source side exhaustively)");
}

// "all", or a comma-separated list of integers.
std::vector<long> parse_thresholds(const std::string& s) {
  std::vector<long> out;
  if (s == "all") return out;
  if (!s.empty() && s.back() == ',')
    throw CLI::ValidationError("--thresholds", "a trailing comma in '" + s + "'");
  std::stringstream in(s);
  for (std::string tok; std::getline(in, tok, ',');) {
    const bool ok =
        !tok.empty() && tok.size() < 10 &&
        tok.find_first_not_of("0123456789", tok[0] == '-' ? 1 : 0) == std::string::npos &&
        tok != "-";
    if (!ok)
      throw CLI::ValidationError(
          "--thresholds", "expected 'all' or integers separated by commas, found '" + tok + "'");
    out.push_back(std::stol(tok));
  }
  if (out.empty()) throw CLI::ValidationError("--thresholds", "no threshold given");
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

int audit_maxcut(const AuditArgs& a) {
  const SourceText src = read_source(a.graphs);
  const auto graphs = parse_graphs(src.bytes, src.name);
  for (const auto& rec : graphs) {
    if (rec.graph.n == 0) throw InputError(src.name, rec.line, 1, "a graph with no vertices");
    check_source_size(rec.graph.n, "the graph", src.name, rec.line);
  }
  const std::vector<long> chosen = parse_thresholds(a.thresholds);
  const MaxCutVariant variant = a.claim == "naive" ? MaxCutVariant::Naive : MaxCutVariant::Standard;
  AuditInfo info;
  info.title = "MAX-CUT -> one ReLU (certs/MATH.md §9), " + a.claim + " claim";
  info.tex_title = "MAX-CUT $\\to$ one ReLU, " + a.claim + " claim";
  info.command = a.command_line;
  info.plot_title = "MAX-CUT → one ReLU, " + a.claim + " claim";
  info.plot_xlabel = "threshold relative to the maximum cut: c − maxcut(G)   (≤ 0: YES, > 0: NO)";
  info.plot_ylabel = "relative slack: (α − OPT)/|α| (YES), (OPT − β)/|β| (NO)";
  info.upper_text = "YES: OPT ≤ α";
  info.lower_text = variant == MaxCutVariant::Naive ? "NO: OPT ≥ β (naive)" : "NO: OPT ≥ β";
  info.value_label = "maxcut";
  info.value_tex = "max.\\\\cut";
  info.beta_label = variant == MaxCutVariant::Naive ? "beta (naive)" : "beta";
  info.sets_label = "graphs";
  info.instance_tex = "$G$\\\\(graph6)";
  info.upper_side = "YES";
  info.lower_side = "NO";
  info.upper_tex = "YES: $\\mathrm{OPT} \\le \\alpha$";
  info.lower_tex = variant == MaxCutVariant::Naive
                       ? "NO: $\\mathrm{OPT} \\ge \\beta_{\\mathrm{naive}}$"
                       : "NO: $\\mathrm{OPT} \\ge \\beta$";
  Audit audit(a, info, claims_basis("maxcut", a.claim), graphs.size());
  for (size_t i = 0; i < graphs.size() && !audit.interrupted(); ++i) {
    const Graph& g = graphs[i].graph;
    // Every nontrivial threshold 1..|E|; a graph without edges gets c = 1 alone (side NO, and
    // beta = n = OPT: the bound is attained), so that every input graph has a row.
    std::vector<long> cs = chosen;
    for (long c = 1; chosen.empty() && c <= std::max<long>(1, long(g.edges.size())); ++c)
      cs.push_back(c);
    const std::string dir = numbered('g', i, graphs.size());
    const std::string source = src.name + ":" + std::to_string(graphs[i].line);
    std::vector<MaxCutReduction> rs;
    for (long c : cs)
      rs.push_back(reduce_maxcut(g, c, variant, source, INSTANCE_FILE));
    audit.out().subfolder(dir);
    audit.out().write(dir + "/" + INSTANCE_FILE, rs[0].instance_text);
    for (size_t k = 0; k < rs.size(); ++k)
      audit.out().write(dir + "/claim-c" + std::to_string(cs[k]) + ".txt",
                        format_claim(rs[k].claim));
    const FitResult fit = audit.solve(rs[0].instance, maxcut_model(), dir);
    for (size_t k = 0; k < rs.size(); ++k) {
      const MaxCutReduction& r = rs[k];
      AuditRow row =
          row_for(r.claim, fit, dir, INSTANCE_FILE, "claim-c" + std::to_string(cs[k]) + ".txt", i);
      row.instance = encode_graph6(g);
      row.n = g.n;
      row.edges = g.edges.size();
      row.threshold = cs[k];
      row.value = r.source.value;
      row.value_text = std::to_string(r.source.value);
      row.side = r.yes ? "YES" : "NO";
      row.source_fact = "maximum cut " + row.value_text + (r.yes ? " >= " : " < ") +
                        std::to_string(cs[k]) +
                        (r.yes ? ", witness cut " + cut_text(r.source.side) : ", exhaustive");
      row.alpha = r.bounds.alpha;
      row.beta = r.bounds.beta_for(variant);
      audit.rows().push_back(row);
    }
  }
  return audit.finish(src.name + ": " + std::to_string(graphs.size()) + " graphs, thresholds " +
                      (chosen.empty() ? "1..|E| (c = 1 for a graph without edges)" : a.thresholds));
}

int audit_hypergraphs(const AuditArgs& a) {
  std::vector<std::pair<std::string, Hypergraph>> hs;
  for (const auto& file : a.hypergraphs) {
    const SourceText src = read_source(file);
    hs.emplace_back(src.name, parse_hypergraph(src.bytes, src.name));
    check_source_size(hs.back().second.n, "the hypergraph", src.name, hs.back().second.n_line);
  }
  AuditInfo info;
  info.title = "hypergraph 2-colouring -> two ReLUs (certs/MATH.md §10)";
  info.tex_title = "hypergraph 2-colouring $\\to$ two ReLUs";
  info.command = a.command_line;
  info.plot_title = "hypergraph 2-colouring → two ReLUs";
  info.plot_xlabel = "source: 2-colourable (1) or not (0)";
  info.plot_ylabel = "slack: −OPT (YES), OPT (NO)";
  info.upper_text = "YES: OPT ≤ 0";
  info.lower_text = "NO: OPT > 0";
  info.value_label = "2-colourable";
  info.value_tex = "2-col.";
  info.beta_label = "beta";
  info.sets_label = "hypergraphs";
  info.instance_tex = "hypergraph";
  info.instances_are_files = true;
  info.upper_side = "YES";
  info.lower_side = "NO";
  info.upper_tex = "YES: $\\mathrm{OPT} \\le 0$";
  info.lower_tex = "NO: $\\mathrm{OPT} > 0$";
  Audit audit(a, info, claims_basis("hypergraph-2col", ""), hs.size());
  for (size_t i = 0; i < hs.size() && !audit.interrupted(); ++i) {
    const auto& [name, h] = hs[i];
    const Hypergraph2ColReduction r = reduce_hypergraph2col(h, name, INSTANCE_FILE);
    const std::string dir = numbered('h', i, hs.size());
    audit.out().subfolder(dir);
    audit.out().write(dir + "/" + INSTANCE_FILE, r.instance_text);
    audit.out().write(dir + "/claim.txt", format_claim(r.claim));
    const FitResult fit = audit.solve(r.instance, hypergraph2col_model(), dir);
    AuditRow row = row_for(r.claim, fit, dir, INSTANCE_FILE, "claim.txt", i);
    row.instance = name;
    row.n = h.n;
    row.edges = h.edges.size();
    row.value = r.yes ? 1 : 0;
    row.value_text = r.yes ? "yes" : "no";
    row.side = r.yes ? "YES" : "NO";
    row.source_fact = r.yes ? "2-colourable, witness " + colouring_text(*r.source.colour)
                            : "not 2-colourable, exhaustive";
    row.alpha = Rational(0);
    audit.rows().push_back(row);
  }
  return audit.finish(std::to_string(hs.size()) + " hypergraph file(s)");
}

int audit_claims(const AuditArgs& a) {
  const SourceText src = read_source(a.claims);
  const auto rows = parse_claims_file(src.bytes, src.name);
  // Everything is read and checked before anything is written.
  std::vector<std::pair<SourceText, Instance>> sets;
  std::vector<Claim> claims;
  for (const UserClaim& u : rows) {
    SourceText bytes;
    try {
      bytes = read_source(u.instance_path);
    } catch (const InputError& e) { // name the claims file's row, too
      if (e.line() != 0) throw;
      throw InputError(src.name, u.line, 1, "row '" + u.name + "': " + e.what());
    }
    Instance inst = parse_instance(bytes.bytes, bytes.name);
    Claim c;
    c.reduction = "user";
    c.fact = u.graph ? "maxcut" : "asserted";
    c.source = u.name;
    // The reader tells the formats apart by content; the copy's name stays one we control
    // (never the user's extension, which could be '.cert' or hold shell characters).
    c.instance_file =
        fs::path(u.instance_path).extension() == ".csv" ? "instance.csv" : "instance.relu";
    c.instance_sha256 = inst.digest;
    c.model = u.model;
    c.relation = u.relation;
    c.bound = u.bound;
    if (u.graph) {
      check_source_size(u.graph->n, "the graph", src.name, u.source_line);
      const MaxCut mc = max_cut(*u.graph);
      if ((static_cast<long>(mc.value) >= u.threshold) != u.yes)
        throw InputError(src.name, u.source_line, 1,
                         "the source fact is false: the maximum cut of " + encode_graph6(*u.graph) +
                             " is " + std::to_string(mc.value) + (u.yes ? " < " : " >= ") +
                             std::to_string(u.threshold));
      c.source_records = {"graph6 " + encode_graph6(*u.graph)};
      c.parameters = {{"threshold", Rational(u.threshold)}};
      c.yes = u.yes;
      c.source_value = std::to_string(mc.value);
      c.source_witness = u.yes ? cut_text(mc.side) : "exhaustive";
    } else {
      c.source_records = {"asserted " + u.asserted};
    }
    inst.source = c.instance_file;
    sets.emplace_back(std::move(bytes), std::move(inst));
    claims.push_back(std::move(c));
  }
  AuditInfo info;
  info.title = "user claims from " + src.name;
  info.tex_title = "user claims from " + tex_typewriter(fs::path(src.name).filename().string());
  info.command = a.command_line;
  info.plot_title = "user claims from " + fs::path(src.name).filename().string();
  info.plot_xlabel = "c − maxcut(G) (MAX-CUT facts); row number (asserted facts)";
  info.value_label = "source value";
  info.value_tex = "source";
  info.beta_label = "beta";
  info.sets_label = "rows";
  info.instance_tex = "row";
  info.upper_side = "upper claims";
  info.lower_side = "lower claims";
  info.upper_tex = "$\\mathrm{OPT} \\le b$";
  info.lower_tex = "$\\mathrm{OPT} \\ge b$, $> b$";
  Audit audit(a, info, claims_basis("user", ""), rows.size());
  for (size_t i = 0; i < rows.size() && !audit.interrupted(); ++i) {
    const UserClaim& u = rows[i];
    const Claim& c = claims[i];
    const std::string dir = numbered('r', i, rows.size());
    audit.out().subfolder(dir);
    audit.out().write(dir + "/" + c.instance_file, sets[i].first.bytes);
    audit.out().write(dir + "/claim.txt", format_claim(c));
    const FitResult fit = audit.solve(sets[i].second, u.model, dir);
    AuditRow row = row_for(c, fit, dir, c.instance_file, "claim.txt", i);
    row.instance = u.name;
    if (u.graph) {
      row.n = u.graph->n;
      row.edges = u.graph->edges.size();
      row.threshold = u.threshold;
      row.value = std::stoul(c.source_value);
      row.value_text = c.source_value;
      row.side = u.yes ? "YES" : "NO";
      row.source_fact = "maximum cut " + c.source_value + (u.yes ? " >= " : " < ") +
                        std::to_string(u.threshold) + ", " +
                        (u.yes ? "witness cut " + c.source_witness : "exhaustive");
    } else {
      row.value_text = "asserted";
      row.side = "asserted";
      row.source_fact = "not verified: " + u.asserted;
    }
    audit.rows().push_back(row);
  }
  return audit.finish(src.name + ": " + std::to_string(rows.size()) + " rows");
}

} // namespace

void add_audit_command(CLI::App& app, AuditArgs& a) {
  a.command = app.add_subcommand(
      "audit",
      "Audit a reduction's gap statement on many instances: solve, certify, decide every claim, "
      "and write a re-verifiable folder (docs/REDUCTIONS.md §4).");
  a.command->require_subcommand(0, 1);
  a.command->footer(help::AUDIT);
  a.command->add_option("--claims", a.claims,
                        "A user's claims file ('relucert-claims 1', docs/REDUCTIONS.md §5): "
                        "training sets, models, claimed bounds and source facts");
  auto common = [&](CLI::App* cmd) {
    cmd->add_option("--out,-o", a.out, "The audit folder (created; must be new or empty)")
        ->required(cmd != a.command);
    cmd->add_flag("--no-check", a.no_check,
                  "Do not run relucheck on every row while auditing (the relucheck column then "
                  "says 'not run'; verify.sh still re-verifies the folder later)");
    cmd->add_option("--time-limit", a.time_limit,
                    "Seconds per training set; a stopped search leaves an interval certificate "
                    "and its claims may be undecided")
        ->check(seconds_check());
  };
  common(a.command);
  a.maxcut = a.command->add_subcommand(
      "maxcut", "MAX-CUT -> one ReLU, every graph and threshold: YES (maxcut >= c) => OPT <= "
                "alpha, NO => OPT >= beta.");
  a.maxcut->footer(help::AUDIT_MAXCUT);
  auto* positional =
      a.maxcut->add_option("graphs", a.graphs,
                           "Graphs: graph6, one per line (nauty's format: 'nauty-geng 5 | relucert "
                           "audit maxcut - --out DIR'), or one graph as an edge list; '-' reads "
                           "stdin");
  auto* named = a.maxcut->add_option("--graphs", a.graphs, "The same as the positional GRAPHS");
  positional->excludes(named);
  a.maxcut->callback([positional, named] {
    if (positional->count() + named->count() == 0)
      throw CLI::RequiredError("GRAPHS (a file, '-' for stdin, or --graphs FILE)");
  });
  a.maxcut
      ->add_option("--claim", a.claim,
                   "standard: the proved bounds; naive: beta without -4D/M (false: the audit "
                   "reports the smallest counterexample)")
      ->check(CLI::IsMember({"standard", "naive"}));
  a.maxcut->add_option("--thresholds", a.thresholds,
                       "all (c = 1..|E| per graph; c = 1 for a graph without edges) or a list "
                       "c1,c2,... applied to every graph");
  common(a.maxcut);
  a.hypergraph = a.command->add_subcommand(
      "hypergraph-2col",
      "Hypergraph 2-colouring -> two ReLUs, one row per file: 2-colourable <=> OPT = 0.");
  a.hypergraph->footer(help::AUDIT_HYPER);
  a.hypergraph
      ->add_option("hypergraphs", a.hypergraphs,
                   "Hypergraph files ('hypergraph <n>', then one edge per line)")
      ->required();
  common(a.hypergraph);
}

int run_audit(const AuditArgs& a) {
  const bool sub = a.maxcut->parsed() || a.hypergraph->parsed();
  if (sub == !a.claims.empty())
    throw CLI::ValidationError("audit", "give either a subcommand (maxcut, hypergraph-2col) or "
                                        "--claims FILE (see relucert audit --help)");
  if (a.out.empty()) throw CLI::ValidationError("--out", "required: the audit folder");
  AuditArgs args = a;
  std::ostringstream cmd; // the canonical command line, for the folder's README
  cmd << "relucert audit ";
  if (a.maxcut->parsed())
    cmd << "maxcut " << a.graphs << " --claim " << a.claim << " --thresholds " << a.thresholds;
  else if (a.hypergraph->parsed()) {
    cmd << "hypergraph-2col";
    for (const auto& h : a.hypergraphs)
      cmd << " " << h;
  } else
    cmd << "--claims " << a.claims;
  cmd << " --out " << a.out;
  if (a.time_limit > 0) cmd << " --time-limit " << a.time_limit;
  args.command_line = cmd.str();
  if (a.maxcut->parsed()) return audit_maxcut(args);
  if (a.hypergraph->parsed()) return audit_hypergraphs(args);
  return audit_claims(args);
}

} // namespace relucert
