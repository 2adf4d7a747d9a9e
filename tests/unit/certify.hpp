// Unit tests that want the independent checker's verdict on the solver's proof: write the
// instance and the certificate to files in the build tree and run the relucheck binary on
// them, exactly as a user would. The paths come from two compile definitions:
// RELUCHECK_BIN (the checker) and RELUCERT_TEST_WORK_DIR (a scratch folder in the build
// directory; generated output never goes into the source tree).
#pragma once

#include "cert/cert_writer.hpp"
#include "io/instance.hpp"
#include "solver/model.hpp"
#include "solver/search.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace testutil {

struct CheckRun {
  int exit_code = -1;
  std::string output;    // relucheck's standard output
  std::string last_line; // "s VERIFIED" or "s NOT VERIFIED"

  bool verified() const { return exit_code == 0 && last_line == "s VERIFIED"; }
  bool has_line(const std::string& line) const {
    std::istringstream in(output);
    for (std::string l; std::getline(in, l);)
      if (l == line) return true;
    return false;
  }
};

// Runs `relucheck INSTANCE CERT` and captures its standard output and exit code.
inline CheckRun run_relucheck(const std::string& instance_path, const std::string& cert_path) {
  const std::string cmd =
      "'" RELUCHECK_BIN "' '" + instance_path + "' '" + cert_path + "' 2>/dev/null";
  CheckRun r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) throw std::runtime_error("cannot run " + cmd);
  char buf[4096];
  size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, p)) > 0)
    r.output.append(buf, got);
  const int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::istringstream in(r.output);
  for (std::string l; std::getline(in, l);)
    r.last_line = l;
  return r;
}

// The scratch folder RELUCERT_TEST_WORK_DIR/<sub>-<pid>, created if needed (per process, so
// that two runs of the same test, e.g. ctest and a longer seeded run, never share files).
inline std::string work_dir(const std::string& sub) {
  const std::filesystem::path p =
      std::filesystem::path(RELUCERT_TEST_WORK_DIR) / (sub + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(p);
  return p.string();
}

inline void write_text_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path);
}

struct Certified {
  relucert::FitResult fit;
  CheckRun check;
  std::string instance_path, cert_path;
};

// Writes the instance file `instance_text` to <dir>/<name>.relu, fits it (the instance
// parsed from exactly those bytes, so the digest binds) with a certificate streamed to
// <dir>/<name>.cert, and runs relucheck on the two files.
inline Certified fit_and_check(const std::string& dir, const std::string& name,
                               const std::string& instance_text, const relucert::Model& model,
                               const relucert::SearchOptions& opt) {
  Certified c;
  c.instance_path = dir + "/" + name + ".relu";
  c.cert_path = dir + "/" + name + ".cert";
  write_text_file(c.instance_path, instance_text);
  const relucert::Instance inst = relucert::parse_instance(instance_text, c.instance_path);
  {
    std::ofstream out(c.cert_path, std::ios::binary);
    relucert::CertWriter writer(out);
    c.fit = relucert::fit(inst, model, opt, writer);
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + c.cert_path);
  }
  c.check = run_relucheck(c.instance_path, c.cert_path);
  return c;
}

} // namespace testutil
