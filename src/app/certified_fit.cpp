#include "app/certified_fit.hpp"

#include "cert/cert_writer.hpp"
#include "io/atomic_file.hpp"

namespace relucert {

FitResult fit_certified(const Instance& inst, const Model& model, const SearchOptions& opt,
                        const std::string& cert_path,
                        const std::function<void(const std::string&)>& on_temp) {
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
  CertWriter writer(file.stream());
  FitResult r = fit(inst, model, opt, writer);
  file.commit();
  return r;
}

} // namespace relucert
