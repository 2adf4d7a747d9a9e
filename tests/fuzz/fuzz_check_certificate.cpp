// libFuzzer harness of relucheck's certificate reader: check_certificate (src/checker/check.hpp).
// The input is a certificate; it is checked against the repository instance whose SHA-256 its
// `instance` line names (else examples/tiny1.relu), so a crashing input reproduces with
//   relucheck <that instance> <input>
// (RELUCERT_FUZZ_VERBOSE=1 names the instance on stderr).

#include "check.hpp"
#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string> f = fuzz::fields_of_line(text, "instance");
  const fuzz::KnownInstance& known = fuzz::instance_for(f.size() > 1 ? f[1] : "");
  const fuzz::ScratchFile cert("cert", data, size);
  try {
    check_certificate(known.path, cert.path(), nullptr);
  } catch (...) { // rejected: a normal outcome (relucheck's main() catches everything)
  }
  return 0;
}
