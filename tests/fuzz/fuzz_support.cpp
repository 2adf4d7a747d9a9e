#include "fuzz_support.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace fuzz {

namespace {

// The scratch paths of this process. libFuzzer ends a timed run by calling exit() while an input
// may be running, so its file is removed at exit too.
std::vector<std::string>& scratch_paths() {
  static std::vector<std::string> paths;
  return paths;
}

void remove_scratch_files() {
  for (const std::string& p : scratch_paths())
    std::remove(p.c_str());
}

} // namespace

ScratchFile::ScratchFile(const std::string& tag, const std::uint8_t* data, std::size_t size) {
  const char* dir = std::getenv("TMPDIR");
  path_ = std::string(dir && *dir ? dir : "/tmp") + "/relucert-fuzz-" + std::to_string(getpid()) +
          "-" + tag;
  if (scratch_paths().empty()) std::atexit(remove_scratch_files);
  if (std::find(scratch_paths().begin(), scratch_paths().end(), path_) == scratch_paths().end())
    scratch_paths().push_back(path_);
  std::ofstream out(path_, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  out.close();
  if (!out) {
    std::cerr << "fuzz: cannot write " << path_ << "\n";
    std::abort();
  }
}

ScratchFile::~ScratchFile() {
  std::remove(path_.c_str());
}

std::vector<std::string> fields_of_line(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.compare(0, key.size() + 1, key + " ") != 0) continue;
    std::istringstream words(line);
    std::vector<std::string> out;
    for (std::string w; words >> w;)
      out.push_back(w);
    return out;
  }
  return {};
}

const std::map<std::string, KnownInstance>& known_instances() {
  static const std::map<std::string, KnownInstance> all = [] {
    namespace fs = std::filesystem;
    std::map<std::string, KnownInstance> m;
    for (const char* sub : {"examples", "certs", "tests"}) {
      const fs::path root = fs::path(RELUCERT_SOURCE_DIR) / sub;
      if (!fs::is_directory(root)) continue;
      for (const auto& e : fs::recursive_directory_iterator(root)) {
        const std::string ext = e.path().extension().string();
        if (!e.is_regular_file() || (ext != ".relu" && ext != ".csv")) continue;
        try {
          Instance inst = read_instance(e.path().string());
          const std::string key = inst.sha256;
          m.emplace(key, KnownInstance{e.path().string(), std::move(inst)});
        } catch (const std::exception&) { // malformed test instances: not needed here
        }
      }
    }
    if (m.empty()) {
      std::cerr << "fuzz: no instances under " << RELUCERT_SOURCE_DIR << "\n";
      std::abort();
    }
    return m;
  }();
  return all;
}

const KnownInstance& instance_for(const std::string& sha256) {
  static const KnownInstance fallback{
      std::string(RELUCERT_SOURCE_DIR) + "/examples/tiny1.relu",
      read_instance(std::string(RELUCERT_SOURCE_DIR) + "/examples/tiny1.relu")};
  const auto& all = known_instances();
  const auto it = all.find(sha256);
  const KnownInstance& k = it == all.end() ? fallback : it->second;
  if (std::getenv("RELUCERT_FUZZ_VERBOSE")) std::cerr << "fuzz: instance " << k.path << "\n";
  return k;
}

} // namespace fuzz
