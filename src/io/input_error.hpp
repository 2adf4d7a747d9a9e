// The error type for bad input files: it carries the place (file:line:column).
#pragma once

#include <stdexcept>
#include <string>

namespace relucert {

class InputError : public std::runtime_error {
public:
  // line and column are 1-based; 0 means "not applicable".
  InputError(std::string file, size_t line, size_t col, const std::string& what)
      : std::runtime_error(format(file, line, col, what)), file_(std::move(file)), line_(line),
        col_(col) {}
  const std::string& file() const { return file_; }
  size_t line() const { return line_; }
  size_t col() const { return col_; }

private:
  static std::string format(const std::string& f, size_t l, size_t c, const std::string& w) {
    std::string s = f;
    if (l) s += ":" + std::to_string(l);
    if (c) s += ":" + std::to_string(c);
    return s + ": " + w;
  }
  std::string file_;
  size_t line_, col_;
};

} // namespace relucert
