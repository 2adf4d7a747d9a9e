#include "app/certified_fit.hpp"

#include "cert/cert_writer.hpp"
#include "io/atomic_file.hpp"
#include "io/gzip_stream.hpp"

#include <filesystem>
#include <iostream>

namespace relucert {

FitResult fit_certified(const Instance& inst, const Model& model, const SearchOptions& opt,
                        const std::string& cert_path,
                        const std::function<void(const std::string&)>& on_temp,
                        CertificateSize* size) {
  CertificateSize written;
  if (cert_path == "-") { // standard output: counted as it passes
    CountingBuf count(std::cout.rdbuf());
    std::ostream out(&count);
    CertWriter writer(out);
    FitResult r = fit(inst, model, opt, writer);
    out.flush();
    if (!out || !std::cout) throw OutputError("standard output: write error");
    written.bytes = written.uncompressed_bytes = count.bytes();
    if (size) *size = written;
    return r;
  }
  // Declared before the file, so destroyed after it: the name is forgotten only once the
  // temporary is gone, on every path (commit, or an exception unwinding).
  struct Forget {
    const std::function<void(const std::string&)>& f;
    ~Forget() {
      if (f) f("");
    }
  } forget{on_temp};
  AtomicFile file(cert_path);
  if (on_temp) on_temp(file.temp_path());
  const bool gz = cert_path.size() > 3 && cert_path.compare(cert_path.size() - 3, 3, ".gz") == 0;
  FitResult r;
  if (gz) {
    GzipBuf deflated(file.stream().rdbuf());
    std::ostream out(&deflated);
    CertWriter writer(out);
    r = fit(inst, model, opt, writer);
    out.flush();
    if (!out) throw OutputError(cert_path + ": write error (compressed output)");
    deflated.finish();
    written.gzip = true;
    written.uncompressed_bytes = deflated.uncompressed_bytes();
  } else {
    CertWriter writer(file.stream());
    r = fit(inst, model, opt, writer);
  }
  file.commit();
  std::error_code ec;
  written.bytes = std::filesystem::file_size(cert_path, ec);
  if (!gz) written.uncompressed_bytes = written.bytes;
  if (size) *size = written;
  return r;
}

} // namespace relucert
