// Shared by the harnesses of the checker (src/checker): a scratch file for the readers that take
// a path, and the repository's instances and certificates, found by the digest an input names.
//
// Exceptions are the checker's normal way of rejecting a file (its main() catches them and
// prints "s NOT VERIFIED"); a harness swallows them. Only crashes, sanitizer reports, leaks,
// timeouts and memory blow-ups are findings.
#pragma once

#include "instance.hpp" // src/checker

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace fuzz {

// A file in $TMPDIR (else /tmp) named after this process and `tag`, holding `size` bytes of
// `data`; removed by the destructor. Aborts if it cannot be written: that is a broken set-up,
// not a finding about the input.
class ScratchFile {
public:
  ScratchFile(const std::string& tag, const std::uint8_t* data, std::size_t size);
  ~ScratchFile();
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  const std::string& path() const { return path_; }

private:
  std::string path_;
};

// The whitespace-separated fields of the first line of `text` that starts with `key` and a
// space (key included as field 0); empty if there is none.
std::vector<std::string> fields_of_line(const std::string& text, const std::string& key);

struct KnownInstance {
  std::string path;
  Instance inst;
};

// Every *.relu and *.csv file under examples/, certs/ and tests/ of the source tree that the
// checker reads, by SHA-256. Read once.
const std::map<std::string, KnownInstance>& known_instances();

// The instance whose digest is `sha256`, else examples/tiny1.relu (the certificate then fails
// R-instance). With RELUCERT_FUZZ_VERBOSE set in the environment, names it on stderr.
const KnownInstance& instance_for(const std::string& sha256);

} // namespace fuzz
