#include "app/help.hpp"

namespace relucert::help {

const char* const TOP =
    R"(Run 'relucert COMMAND --help' for the manual of each command: what it does, examples,
its output and its own exit codes. The documents (README.md, certs/FORMAT.md,
certs/CLAIMS.md, certs/MATH.md, docs/REDUCTIONS.md) are installed in share/doc/relucert.

Examples:
  relucert fit data.csv --out fit.cert && relucheck data.csv fit.cert
  relucert export --smtlib data.csv -o data.smt2
  relucert reduce maxcut k3.g6 --threshold 3 --out-dir k3
  for n in 1 2 3 4 5; do nauty-geng -q $n; done | relucert audit maxcut - --out a5

Exit codes (of every command; each command's --help lists its own):
  0      success: fit answered the question (OPTIMAL, the --gap reached, or --realizable
         decided); export and reduce wrote their output; audit: every claim holds.
         Also --help and --version
  2      usage error (a bad option or value)
  3      malformed input file (the message names file:line:column), a directory where a
         file is expected, or (fit) a dynamic range too wide for the floating-point guide
  4      cannot write an output file (audit: the folder must be new or empty)
  5      internal error; audit: also relucheck rejected a row it wrote
  6      audit: some claim is VIOLATED (a certified counterexample; the smallest is printed)
  10     fit: not answered, stopped by --time-limit or Ctrl-C (or the gap not reached);
         a valid interval certificate was written. audit: some claim undecided, none violated
  130    fit, audit: second Ctrl-C, aborted (fit: no output file left behind; audit: the
         folder stays incomplete, without MANIFEST)
  128+N  fit: ended by signal N (SIGTERM, SIGHUP, ...); no output file left behind)";

const char* const FIT =
    R"(Finds the globally optimal network f(x) = sum_j a_j max(0, w_j.x [+ b_j]) for the
weighted square loss sum_i c_i (f(x_i) - y_i)^2, exactly (rational arithmetic), and with
--out writes a certificate (certs/FORMAT.md) that the independent checker relucheck
verifies. One ReLU max(0, w.x) by default; --bias, --units, --signed-output,
--nonnegative-output and --weight-bound choose the model.

Examples:
  relucert fit data.csv --out fit.cert        the exact optimum, and its certificate
  relucheck data.csv fit.cert                 ... s VERIFIED
  relucert fit diabetes.csv --label y --bias --json
  relucert fit big.csv --time-limit 60 -o big.cert.gz  a proved interval if it stops,
                                                       compressed
  relucert fit data.csv --units 3 --gap 1/100          stop at upper - lower <= 1/100
  relucert fit big.csv --rel-gap 0.01 --threads 2       stop within 1 % of upper, 2 workers
  relucert fit h.relu --units 2 --realizable           OPT = 0, or a proved OPT > 0

Output: 'c' lines (comments: instance and its SHA-256, columns, separator, model, and the
details of the answer), exactly one 's' line, then the result. The 's' line is one of:
  s OPTIMAL         lower = upper: the exact optimum (exit 0)
  s INTERVAL        a certified interval lower < upper: the --gap is reached (exit 0), or the
                    search stopped or did not reach the gap (exit 10); a 'c' line says which
  s REALIZABLE      --realizable only: a witness of loss exactly 0, so OPT = 0 (exit 0)
  s NOT REALIZABLE  --realizable only: a proved OPT >= lower > 0 (exit 0)
  s UNKNOWN         --realizable stopped before deciding (exit 10); --float-bounds-only
                    (nothing certified, exit 0)
The result: 'optimum' (exact fraction) with its decimal and the 'mean loss', or 'lower
bound', 'upper bound' and 'gap'; 'unit j' with the exact a, w (and b) of the witness and
an 'approx.' line of decimals; 'search' statistics; 'certificate' (the --out path and
its size). --out FILE.gz writes the certificate gzip-compressed (zcat FILE.gz | relucheck
INSTANCE - checks it); --out - writes it to standard output and the result to stderr.
Decimals are approximations, correctly rounded (MPFR). On a terminal, a progress log goes to
stderr (-q: none), one 'c' line every 2 s: time, nodes, open nodes, depth, the proved lower
and upper ends and the gap % (approximate), nodes per second. The 'pool' line says how many
open nodes the search held at most and, after a stop, how many it closed with their exact
bounds and how long that took.

Starting networks: before the search, cheap candidates are offered to the exact witness
check (clamped least squares and its active-set refits, a seeded multi-start local search
with an exact polish, for k units the best k-1 unit network extended), and --init FILE (the
'network' of a fit --json output, or a certificate's 'unit' lines); a 'c heuristics' line
says what they reached. --no-heuristics leaves them out.

Search: the open nodes of every sign tree wait in one pool; the one of lowest bound is
taken next (--node-selection best, the default) and the search plunges depth-first from
it, so that a stopped run's lower end is the least bound still open. --node-selection depth
is depth-first only. --threads N workers share the pool (default: the number of cores);
the optimum is the same for every N, the certificate may differ from run to run.

JSON (--json): one object with the keys
  version, commit     the relucert version and source commit
  instance            file, n, d, sha256, and columns (CSV: the mapping solved)
  model               units, bias, output (nonneg or signed), weight_bound
  strategy            bnb or enumerate
  status              the 's' token in lower case: optimal, interval, realizable,
                      not realizable, unknown
  status_details      the answer's 'c' lines
  realizable          --realizable only: true, false, or null (undecided)
  stopped             true if --time-limit or Ctrl-C stopped the search
  lower, upper        {"exact": "p/q", "approx": the nearest double (null beyond its range)}
  optimum             as lower and upper, only when status is optimal
  mean_loss_upper     upper divided by the total weight, as lower
  network             per unit: a, w, b (exact strings), a_approx, w_approx, b_approx
  stats               nodes, branches, leaves, cell_leaves, empties, syms, implied,
                      implied_records, hinge_leaves, exact_solves, weak_leaves, pool_max,
                      open_at_stop, close_seconds, close_predicted, plunged, seconds
                      (close_predicted: the closing time the --time-limit stop rule expected;
                      plunged: the search went depth first once closing the pool would have
                      taken over half the limit; implied: branches decided in an
                      implied chain, without a QP; implied_records: branch + empty pairs
                      written as one `implied` record, so the certificate's tree has nodes -
                      implied_records records; hinge_leaves: leaves whose bound has hinge
                      multipliers, certs/MATH.md §11)
  bound_curve         the proved interval over time: [{seconds, lower_approx, upper_approx}]
                      once a second and at the end (approximate, for plots)
  certificate         the --out path, "-" for standard output (only with --out), with
                      certificate_bytes (as stored), certificate_gzip and
                      certificate_uncompressed_bytes

Exit codes of fit:
  0      answered: OPTIMAL, the --gap or --rel-gap reached, or REALIZABLE / NOT REALIZABLE; the
         certificate (--out) is written. Also --help
  2      usage error
  3      malformed input file (file:line:column; also an --init network of another model),
         a directory, or a dynamic range too wide for the floating-point guide
  4      cannot write the certificate
  5      internal error
  10     not answered: stopped by --time-limit or Ctrl-C, or the gap not reached; a valid
         certificate of the interval is written
  130    second Ctrl-C: aborted, no file left behind
  128+N  ended by signal N: no certificate or temporary file left behind)";

const char* const EXPORT =
    R"(Writes the single-ReLU problem of an instance (max(0, w.x), or max(0, w.x + b) with
--bias) as an SMT-LIB 2 formula over the reals (QF_NRA; the ReLU as ite, every constant
an exact rational), for a cross-check with an SMT solver such as z3. Without --below the
formula ends with z3's (minimize loss); with --below B it asserts loss < B, so that
'unsat' proves OPT >= B. The instance is read as for fit (the same column options).

Examples:
  relucert export --smtlib data.csv -o data.smt2
  relucert export --smtlib k3.relu --below 5057/119 | z3 -in     unsat: OPT >= 5057/119

Output: the formula, on standard output or in the --out file (written atomically:
complete or absent); nothing else.

Exit codes of export:
  0      the formula is written. Also --help
  2      usage error (also a --below that is not a rational)
  3      malformed input file (file:line:column) or a directory
  4      cannot write the --out file
  5      internal error)";

const char* const REDUCE =
    R"(Builds the training set of a built-in hardness reduction (docs/REDUCTIONS.md) from one
source instance, decides the source side exactly (a witness, or an exhaustive search),
and writes DIR/instance.relu and DIR/claim.txt ('relucert-claim 1', certs/CLAIMS.md): the
inequality the reduction promises for the optimum on that side. Solve the training set
with 'relucert fit' and check the claim with 'relucheck INSTANCE CERT --claim CLAIM'.
  maxcut           MAX-CUT -> one ReLU (certs/MATH.md §9): YES (maxcut >= c) => OPT <= alpha,
                   NO => OPT >= beta
  hypergraph-2col  hypergraph 2-colouring -> two ReLUs (§10): 2-colourable <=> OPT = 0

Examples:
  relucert reduce maxcut k3.g6 --threshold 3 --out-dir k3
  relucert fit k3/instance.relu --out k3/instance.cert
  relucheck k3/instance.relu k3/instance.cert --claim k3/claim.txt    c claim holds: ...
  relucert reduce hypergraph-2col fano.hg --out-dir fano    (then fit --units 2)

Output: 'reduction', 'source', 'graph' or 'hypergraph' (sizes and constants), 'alpha' and
'beta' (exact, with approximations), 'side' (YES or NO, with the witness or the size of
the exhaustive search), 'claim' (the inequality for OPT) and 'wrote' (the two files).

Exit codes of reduce:
  0      both files are written. Also --help
  2      usage error
  3      malformed source file (file:line:column), more than one graph, or more vertices
         than the exact source solver supports
  4      cannot write the output directory or a file
  5      internal error)";

const char* const AUDIT =
    R"(Checks a reduction's gap statement on a whole family of instances, with proof: for every
source instance and threshold it builds the training set, decides the source side exactly,
solves the training set once with a certificate, decides each claim as holds, VIOLATED
(a certified counterexample) or undecided, runs relucheck on every decided row, and writes
a new folder: tables (table.md; summary.tex, table.tex, tables.tex; summary.csv,
table.csv; table.json), a plot, every instance, claim and certificate, MATH.md, README.md,
a MANIFEST of SHA-256 digests and verify.sh, which re-verifies all of it with relucheck.
  maxcut           every graph and threshold of MAX-CUT -> one ReLU
  hypergraph-2col  one row per hypergraph file
  --claims FILE    a user's own claims ('relucert-claims 1', docs/REDUCTIONS.md §5)

Examples:
  for n in 1 2 3 4 5; do nauty-geng -q $n; done | relucert audit maxcut - --out a5
  sh a5/verify.sh relucheck                           215 verified, 0 failed
  relucert audit maxcut graphs.g6 --claim naive --out an       exit 6, a counterexample
  relucert audit hypergraph-2col examples/path-of-triples.hg examples/triangle.hg --out ah
  relucert audit --claims my.claims --out am

Output: 'audit' (the statement audited), 'input', 'result' (claims that hold, are
VIOLATED, are undecided; training sets solved and the time), 'counterexample' (the
smallest, with its claim file), 'folder' (the files written), 're-verify' (the verify.sh
command) and, if relucheck rejected a row, 'REJECTED'. On a terminal, progress goes to
stderr: 'k/N' training sets solved, then 'k/N' rows checked by relucheck.
table.json: audit, version, commit, command, note, summary, by_vertex_count, rows,
smallest_counterexample ({"exact", "approx"} pairs as for fit --json).

Exit codes of audit:
  0      every claim holds (and relucheck verified every row). Also --help
  2      usage error
  3      malformed input (file:line:column); nothing is written
  4      cannot write the folder (it must be new or empty)
  5      internal error, or relucheck rejected a row (a defect of relucert)
  6      some claim is VIOLATED: a certified counterexample (the smallest is printed)
  10     some claim undecided (--time-limit, or Ctrl-C: the folder holds the rows done),
         none violated
  130    second Ctrl-C: aborted; the folder stays incomplete, without MANIFEST)";

const char* const AUDIT_MAXCUT =
    R"(Audits MAX-CUT -> one ReLU (certs/MATH.md §9) on every graph of GRAPHS (graph6, one per
line; '-' reads standard input) and every threshold c = 1..|E| (or --thresholds): a YES
row (maxcut(G) >= c) claims OPT <= alpha, a NO row OPT >= beta. With --claim naive, beta
lacks the correction -4D/M and the audit finds the counterexample K3, c = 3.

Examples:
  for n in 1 2 3 4 5; do nauty-geng -q $n; done | relucert audit maxcut - --out a5
  relucert audit maxcut k3.g6 --thresholds 2,3 --out k3
  relucert audit maxcut graphs.g6 --claim naive --out an       exit 6

Output, folder and table.json: see 'relucert audit --help'.

Exit codes of audit maxcut:
  0      every claim holds. Also --help
  2      usage error
  3      malformed graph file (file:line:column), or a graph with more than 20 vertices
  4      cannot write the folder (it must be new or empty)
  5      internal error, or relucheck rejected a row
  6      some claim is VIOLATED (the smallest counterexample is printed)
  10     some claim undecided (--time-limit or Ctrl-C), none violated
  130    second Ctrl-C: aborted, the folder stays incomplete)";

const char* const AUDIT_HYPER =
    R"(Audits hypergraph 2-colouring -> two ReLUs (certs/MATH.md §10), one row per hypergraph
file ('hypergraph <n>', then one edge per line): a 2-colourable hypergraph claims OPT = 0
(OPT <= 0), the others OPT > 0.

Examples:
  relucert audit hypergraph-2col examples/path-of-triples.hg examples/triangle.hg --out ah
  sh ah/verify.sh relucheck

Output, folder and table.json: see 'relucert audit --help'.

Exit codes of audit hypergraph-2col:
  0      every claim holds. Also --help
  2      usage error
  3      malformed hypergraph file (file:line:column), or more than 20 vertices
  4      cannot write the folder (it must be new or empty)
  5      internal error, or relucheck rejected a row
  6      some claim is VIOLATED (the smallest counterexample is printed)
  10     some claim undecided (--time-limit or Ctrl-C), none violated
  130    second Ctrl-C: aborted, the folder stays incomplete)";

} // namespace relucert::help
