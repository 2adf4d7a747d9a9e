// relucheck: the independent checker of relucert certificates (certs/FORMAT.md).
// Exit code 0 means "s VERIFIED"; every other outcome is "s NOT VERIFIED" with exit code 1.

#include "check.hpp"
#include "claim.hpp"
#include "instance.hpp"

#include <cstdio>
#include <exception>
#include <iostream>
#include <new>
#include <string>
#include <vector>

namespace {

const char* const USAGE = R"(usage: relucheck [--quiet] INSTANCE CERT
       relucheck [--quiet] INSTANCE CERT --claim CLAIM [--expect holds|violated]
       relucheck --help

Checks that CERT (a relucert certificate, format 1, see certs/FORMAT.md) proves its claims
about the ReLU fitting instance INSTANCE, recomputing everything with exact rationals.
--quiet prints only errors and the final line. --claim: CLAIM (docs/REDUCTIONS.md) must pass
the claim rules too (certs/CLAIMS.md) and hold, or with --expect violated be refuted by CERT.

Rules checked (the first failing record is reported as 'c error: CERT:LINE: RULE: what'):
  R-syntax    grammar, canonical rationals, single spaces, final newline, nothing after end
  R-version   first line is exactly 'relucert-cert 1'
  R-instance  digest (SHA-256 of INSTANCE), n, d equal the instance's
  R-model     k >= 1, bias in {0,1}, output nonneg/signed
  R-trees     tree blocks are exactly the required p in increasing order
  R-branch    j < k, i < n, (j,i) undecided on the path, x'_i != 0
  R-index     multiplier indices strictly increasing and < depth
  R-lambda    every lambda_r >= 0
  R-leaf-eq   (Q + M) u = g + 1/2 sum_r lambda_r alpha_r exactly (L4; M = diag(mu_j I), L5)
  R-empty     sum_r lambda_r alpha_r = 0, some lambda_r > 0 with alpha_r != 0 (L2b)
  R-complete  every branch has both children before endtree (L2)
  R-sym       sym j t: units j, j+1 of equal sign, decided equal on points < t, j active and
              j+1 inactive on t (symmetry between interchangeable units, FORMAT.md section 4)
  R-counts    endtree repeats p and the record counts (sym count present iff positive)
  R-bound     weightbound B (optional, right after model): B > 0 (L5)
  R-mu        with a weight bound, every leaf's mu_j >= 0 (one per unit, after u)
  R-witness   k unit lines of the right length, a_j >= 0 when nonneg, and with a weight bound
              a_j^2 ||(w_j, b_j)||^2 <= B^2
  R-upper     the witness's loss, recomputed exactly, equals alpha
  R-lower     beta <= h - B^2 sum mu_j - u^T (Q + M) u for every leaf of every tree
  R-claims    at least one claim; lower only with trees, upper only with a witness
Claim rules (reported as 'c error: CLAIM:LINE: RULE: what'):
  R-claim-syntax     grammar of the claim file, canonical numbers, nothing after end
  R-claim-digest     the claim's instance digest is INSTANCE's; its model is CERT's (no bound)
  R-claim-rebuild    the reduction of the source records is INSTANCE, point by point, and model
  R-claim-constants  D, M, alpha, beta and the claimed bound recomputed from the source and side
  R-source-yes       YES: the witness cut has >= c edges / the colouring is proper; maximum cut
  R-source-no        NO: exhaustive, all 2^(n-1) cuts < c / no proper 2-colouring (n <= 20)
  R-claim-verdict    CERT's verified bounds decide the claim as --expect says (not undecided)

Output: 'c ' lines are information; the last line is 's VERIFIED' or 's NOT VERIFIED'.
Exit codes: 0 = verified; 1 = anything else (failed rule, malformed or unreadable instance or
certificate, usage error, --help, out of memory).
)";

int run(int argc, char** argv) {
  bool quiet = false;
  std::string claim, expect = "holds";
  bool expect_given = false;
  std::vector<std::string> files;
  for (int a = 1; a < argc; ++a) {
    std::string arg = argv[a];
    if (arg == "--help" || arg == "-h") {
      std::cout << USAGE;
      return 1;
    }
    if (arg == "--quiet")
      quiet = true;
    else if ((arg == "--claim" || arg == "--expect") && a + 1 < argc)
      (arg == "--claim" ? claim : expect) = argv[++a], expect_given |= arg == "--expect";
    else if (arg.size() > 1 && arg[0] == '-')
      throw std::runtime_error("unknown option " + arg);
    else
      files.push_back(arg);
  }
  if (files.size() != 2) throw std::runtime_error("expected INSTANCE and CERT (see --help)");
  if ((expect_given && claim.empty()) || (expect != "holds" && expect != "violated"))
    throw std::runtime_error("--expect takes holds or violated, and needs --claim");
  std::ostream* info = quiet ? nullptr : &std::cout;
  Instance inst = read_instance(files[0]);
  if (info)
    *info << "c instance: " << files[0] << ": n = " << inst.n << ", d = " << inst.d << ", sha256 "
          << inst.sha256 << "\n";
  if (claim.empty())
    check_certificate(inst, files[1], info);
  else
    check_claim(inst, files[1], claim, expect == "violated", info);
  std::cout << "s VERIFIED" << std::endl;
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  int code = 1;
  try {
    code = run(argc, argv);
    if (code == 0) return 0;
  } catch (const std::bad_alloc&) {
    std::fputs("c error: out of memory\n", stdout);
  } catch (const std::exception& e) {
    std::cout << "c error: " << e.what() << "\n";
  } catch (...) {
    std::fputs("c error: unknown failure\n", stdout);
  }
  std::cout.flush();
  std::fputs("s NOT VERIFIED\n", stdout);
  std::fflush(stdout);
  return 1;
}
