#include "io/atomic_file.hpp"

#include <cstdio>
#include <stdexcept>
#include <unistd.h>

namespace relucert {

AtomicFile::AtomicFile(std::string path)
    : path_(std::move(path)), tmp_(path_ + ".tmp." + std::to_string(::getpid())) {
  out_.open(tmp_, std::ios::binary | std::ios::trunc);
  if (!out_) throw OutputError(path_ + ": cannot open for writing");
}

AtomicFile::~AtomicFile() {
  discard();
}

void AtomicFile::commit() {
  out_.flush();
  if (!out_) {
    discard();
    throw OutputError(path_ + ": write error");
  }
  out_.close();
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    discard();
    throw OutputError(path_ + ": cannot rename temporary file into place");
  }
  done_ = true;
}

void AtomicFile::discard() {
  if (done_) return;
  if (out_.is_open()) out_.close();
  std::remove(tmp_.c_str());
  done_ = true;
}

void write_file_atomic(const std::string& path, const std::string& content) {
  AtomicFile f(path);
  f.stream() << content;
  f.commit();
}

} // namespace relucert
