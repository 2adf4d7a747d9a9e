// libFuzzer harness of relucheck's claim reader: check_claim (src/checker/claim.hpp).
// The input is a claim file. Its `instance` line's digest picks a repository instance and a
// valid certificate of it (from certs/golden/MANIFEST and tests/checker/claims/MANIFEST), the
// one whose model equals the claim's `model` line if there is one. The claim is checked with
// --expect holds and, when that reaches the verdict, with --expect violated; a crashing input
// reproduces with (RELUCERT_FUZZ_VERBOSE=1 names the instance and certificate on stderr)
//   relucheck <instance> <certificate> --claim <input> [--expect violated]

#include "claim.hpp"
#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct KnownCert {
  std::string model; // as Verified::model: "<k> <bias> <output>[ weightbound <B>]"
  std::string path;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Valid certificates by the digest of their instance.
const std::map<std::string, std::vector<KnownCert>>& known_certs() {
  static const std::map<std::string, std::vector<KnownCert>> all = [] {
    std::map<std::string, std::vector<KnownCert>> m;
    const std::string root = RELUCERT_SOURCE_DIR;
    // (manifest, folder of its certificates, folder its instance paths are relative to,
    //  index of the certificate field, index of the instance field)
    struct Src {
      std::string manifest, cert_dir, inst_dir;
      std::size_t cert, inst;
    };
    const std::vector<Src> sources = {
        {root + "/certs/golden/MANIFEST", root + "/certs/golden", root, 0, 1},
        {root + "/tests/checker/claims/MANIFEST", root + "/tests/checker/claims",
         root + "/tests/checker/claims", 2, 1}};
    for (const Src& s : sources) {
      std::istringstream lines(slurp(s.manifest));
      for (std::string line; std::getline(lines, line);) {
        std::istringstream words(line);
        std::vector<std::string> f;
        for (std::string w; words >> w;)
          f.push_back(w);
        if (f.size() <= std::max(s.cert, s.inst) || f[0][0] == '#') continue;
        const std::string cert = s.cert_dir + "/" + f[s.cert];
        Instance inst;
        try {
          inst = read_instance(s.inst_dir + "/" + f[s.inst]);
        } catch (const std::exception&) {
          continue;
        }
        const std::string text = slurp(cert);
        std::vector<std::string> model = fuzz::fields_of_line(text, "model");
        const std::vector<std::string> bound = fuzz::fields_of_line(text, "weightbound");
        if (!bound.empty()) model.insert(model.end(), bound.begin(), bound.end());
        std::string joined;
        for (std::size_t i = 1; i < model.size(); ++i)
          joined += (i > 1 ? " " : "") + model[i];
        auto& v = m[inst.sha256];
        bool seen = false;
        for (const KnownCert& c : v)
          seen |= c.path == cert;
        if (!seen) v.push_back({joined, cert});
      }
    }
    if (m.empty()) {
      std::cerr << "fuzz: no certificates in the manifests under " << root << "\n";
      std::abort();
    }
    return m;
  }();
  return all;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string> inst_line = fuzz::fields_of_line(text, "instance");
  const std::string sha = inst_line.size() > 2 ? inst_line[2] : "";
  const auto& certs = known_certs();
  const auto it = certs.count(sha) ? certs.find(sha) : certs.begin();
  const fuzz::KnownInstance& known = fuzz::instance_for(it->first);
  std::vector<std::string> model = fuzz::fields_of_line(text, "model");
  std::string joined;
  for (std::size_t i = 1; i < model.size(); ++i)
    joined += (i > 1 ? " " : "") + model[i];
  const KnownCert* cert = &it->second.front();
  for (const KnownCert& c : it->second)
    if (c.model == joined) cert = &c;
  if (std::getenv("RELUCERT_FUZZ_VERBOSE")) std::cerr << "fuzz: certificate " << cert->path << "\n";

  const fuzz::ScratchFile claim("claim", data, size);
  for (const bool expect_violated : {false, true}) {
    try {
      check_claim(known.path, cert->path, claim.path(), expect_violated, nullptr);
    } catch (const std::exception& e) { // rejected: a normal outcome
      if (std::string(e.what()).find("R-claim-verdict") == std::string::npos) break;
    } catch (...) {
      break;
    }
  }
  return 0;
}
