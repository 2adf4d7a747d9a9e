// libFuzzer harness of relucheck's instance reader: read_instance (src/checker/instance.hpp).
// The input is an instance file (text or CSV form); it reproduces with
//   relucheck <input> certs/golden/tiny1.cert

#include "fuzz_support.hpp"
#include "instance.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fuzz::ScratchFile file("instance", data, size);
  try {
    read_instance(file.path());
  } catch (...) { // rejected: a normal outcome (relucheck's main() catches everything)
  }
  return 0;
}
