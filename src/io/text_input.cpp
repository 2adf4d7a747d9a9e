#include "io/text_input.hpp"

#include "io/input_error.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <system_error>

namespace relucert {

namespace {
bool is_space(char ch) {
  return ch == ' ' || ch == '\t';
}
} // namespace

SourceText read_source(const std::string& path) {
  SourceText s;
  if (path == "-") {
    s.name = "<stdin>";
    s.bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return s;
  }
  s.name = path;
  // A directory opens as a stream on Linux and fails only when read: name it.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError(path, 0, 0, "is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, 0, "cannot open file");
  try {
    s.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } catch (const std::ios_base::failure&) { // the stream reports a failed read(2) this way
    in.setstate(std::ios::badbit);
  }
  if (in.bad()) throw InputError(path, 0, 0, "read error");
  return s;
}

std::vector<TextLine> split_lines(const std::string& bytes, const std::string& name, NulBytes nul) {
  std::vector<TextLine> out;
  size_t pos = 0, number = 0;
  while (pos < bytes.size()) {
    size_t nl = bytes.find('\n', pos);
    if (nl == std::string::npos) nl = bytes.size();
    std::string line = bytes.substr(pos, nl - pos);
    pos = nl + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const bool comment = !line.empty() && line[0] == '#';
    if (nul == NulBytes::Reject || !comment)
      for (size_t k = 0; k < line.size(); ++k)
        if (line[k] == '\0') throw InputError(name, number, k + 1, "NUL byte in text file");
    out.push_back({number, std::move(line)});
  }
  return out;
}

bool is_blank(const std::string& line) {
  for (char ch : line)
    if (!is_space(ch)) return false;
  return true;
}

std::vector<Field> split_fields(const std::string& line) {
  std::vector<Field> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_space(line[i]))
      ++i;
    if (i == line.size()) break;
    size_t j = i;
    while (j < line.size() && !is_space(line[j]))
      ++j;
    out.push_back({line.substr(i, j - i), i + 1});
    i = j;
  }
  return out;
}

size_t parse_count(const Field& f, const std::string& what, const std::string& name, size_t line) {
  const bool digits =
      !f.text.empty() && f.text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits)
    throw InputError(name, line, f.col,
                     "expected " + what + " (a nonnegative integer), found '" + f.text + "'");
  if (f.text.size() > 9) throw InputError(name, line, f.col, what + " too large: '" + f.text + "'");
  return std::stoul(f.text);
}

} // namespace relucert
