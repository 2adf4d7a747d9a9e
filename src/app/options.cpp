#include "app/options.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

namespace relucert {

CLI::Validator seconds_check() {
  return CLI::Validator(
      [](std::string& s) -> std::string {
        const std::string bad = "expected a number of seconds >= 0 (such as 60, 0.5 or 1e-3), "
                                "found '" +
                                s + "'";
        if (s.empty() || s.find_first_not_of("0123456789.eE+-") != std::string::npos) return bad;
        errno = 0;
        char* end = nullptr;
        const double v = std::strtod(s.c_str(), &end);
        if (end != s.c_str() + s.size() || errno == ERANGE || !std::isfinite(v) || v < 0)
          return bad;
        return "";
      },
      "SECONDS");
}

} // namespace relucert
