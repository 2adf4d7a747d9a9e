// Output files that appear complete or not at all: written to a temporary name
// beside the target, renamed over it on commit(), removed if never committed.
#pragma once

#include <fstream>
#include <stdexcept>
#include <string>

namespace relucert {

// A file could not be written (exit code 4 in relucert).
class OutputError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class AtomicFile {
public:
  explicit AtomicFile(std::string path); // throws OutputError if it cannot open
  ~AtomicFile();                         // removes the temporary unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return out_; }
  // Flushes, checks for write errors, renames into place. Throws on failure.
  void commit();
  // Removes the temporary now (also safe from a signal-driven shutdown path).
  void discard();
  const std::string& temp_path() const { return tmp_; }

private:
  std::string path_, tmp_;
  std::ofstream out_;
  bool done_ = false;
};

// Writes a whole string atomically.
void write_file_atomic(const std::string& path, const std::string& content);

} // namespace relucert
