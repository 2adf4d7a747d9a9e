// libFuzzer harness of relucert's instance reader: parse_instance (src/io/instance.hpp), on the
// input's bytes. A crashing input reproduces with `relucert fit <input>`.

#include "io/instance.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    relucert::parse_instance(std::string(reinterpret_cast<const char*>(data), size), "input");
  } catch (...) { // InputError (exit 3 in relucert) or any other rejection: a normal outcome
  }
  return 0;
}
