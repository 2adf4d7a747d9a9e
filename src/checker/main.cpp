// relucheck: the independent checker of relucert certificates (certs/FORMAT.md); exit codes: USAGE.

#include "check.hpp"
#include "claim.hpp"

#include <gmp.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <new>
#include <string>
#include <vector>

namespace {

const char* const USAGE = R"(usage: relucheck [--quiet] INSTANCE CERT
       relucheck [--quiet] INSTANCE CERT --claim CLAIM [--expect holds|violated]
       relucheck --help | --version

Checks with exact rationals that CERT (certs/FORMAT.md) proves its claims about the ReLU fit
INSTANCE; with --claim, that CLAIM (docs/REDUCTIONS.md) passes the claim rules (certs/CLAIMS.md)
and holds, or with --expect violated that CERT refutes it. CERT '-' reads the certificate from
standard input, in one pass: zcat f.cert.gz | relucheck data.csv -

A failure names the first failing record and condition, 'c error: FILE:LINE: R-<rule>/<cond>:
what' (FILE is <stdin> for CERT '-'; every condition: certs/FORMAT.md section 3,
certs/CLAIMS.md); a malformed instance 'c error: INSTANCE:LINE:COL: what'.

Output: 'c ' lines are information; on success the last one, 'c verified: ...', states what
CERT proves (OPT = a, b <= OPT <= a, OPT <= a or OPT >= b); the last line is 's VERIFIED' or
's NOT VERIFIED'. --quiet prints only errors, the 'c verified' line and the last line.
Exit codes: 0 = verified (or --help, --version); 1 = anything else (a failed condition, a
malformed or unreadable file, a usage error, out of memory).
)";

// GMP cannot recover from a failed allocation (its allocator must not return): report, exit 1.
void* gmp_alloc(std::size_t n) {
  if (void* p = std::malloc(n)) return p;
  std::fputs("c error: out of memory\ns NOT VERIFIED\n", stdout);
  std::fflush(stdout);
  std::_Exit(1);
}
void* gmp_realloc(void* p, std::size_t, std::size_t n) {
  if (void* q = std::realloc(p, n)) return q;
  return gmp_alloc(SIZE_MAX); // fails: reports and exits
}
void gmp_free(void* p, std::size_t) {
  std::free(p);
}

int run(int argc, char** argv) {
  bool quiet = false, expect_given = false;
  std::string claim, expect = "holds";
  std::vector<std::string> files;
  for (int a = 1; a < argc; ++a) {
    std::string arg = argv[a];
    if (arg == "--help" || arg == "-h" || arg == "--version") {
      std::cout << (arg == "--version" ? "relucheck " RELUCERT_VERSION "\n" : USAGE);
      return 0;
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
  const Verified v = claim.empty()
                         ? check_certificate(files[0], files[1], info)
                         : check_claim(files[0], files[1], claim, expect == "violated", info);
  std::cout << "c verified: " << v.proved << "\ns VERIFIED" << std::endl;
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free);
  try {
    return run(argc, argv); // 0: verified, or --help / --version
  } catch (const std::bad_alloc&) {
    std::fputs("c error: out of memory\n", stdout);
  } catch (const std::exception& e) {
    std::cout << "c error: " << e.what() << "\n";
  } catch (...) {
    std::fputs("c error: unknown failure\n", stdout);
  }
  std::fputs("s NOT VERIFIED\n", stdout);
  std::fflush(stdout);
  return 1;
}
