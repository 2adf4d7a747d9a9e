#include "instance.hpp"

#include "digest.hpp"
#include "rational.hpp"

#include <fstream>
#include <iterator>
#include <string_view>

namespace {

struct Field {
  std::string_view text;
  std::size_t col; // 1-based byte column of the field's first character
};

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

// Tokens separated by runs of spaces or tabs (text form).
std::vector<Field> split_ws(std::string_view line) {
  std::vector<Field> out;
  for (std::size_t p = 0; p < line.size();) {
    if (is_space(line[p])) {
      ++p;
      continue;
    }
    std::size_t start = p;
    while (p < line.size() && !is_space(line[p]))
      ++p;
    out.push_back({line.substr(start, p - start), start + 1});
  }
  return out;
}

// Comma-separated fields, each trimmed of spaces and tabs (CSV form, no quoting).
std::vector<Field> split_csv(std::string_view line) {
  std::vector<Field> out;
  std::size_t start = 0;
  while (true) {
    std::size_t end = line.find(',', start);
    if (end == std::string_view::npos) end = line.size();
    std::size_t a = start, b = end;
    while (a < b && is_space(line[a]))
      ++a;
    while (b > a && is_space(line[b - 1]))
      --b;
    out.push_back({line.substr(a, b - a), a + 1});
    if (end == line.size()) return out;
    start = end + 1;
  }
}

} // namespace

Instance read_instance(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InstanceError(path + ": cannot open instance file");
  std::string bytes;
  try {
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } catch (const std::ios_base::failure&) { // e.g. a directory
    in.setstate(std::ios::badbit);
  }
  if (in.bad()) throw InstanceError(path + ": cannot read instance file");

  Instance inst;
  inst.sha256 = sha256_hex(bytes);
  enum class Kind { Unknown, Text, Csv } kind = Kind::Unknown;
  std::size_t ncols = 0, weight_col = SIZE_MAX, line_no = 0;
  auto fail = [&](std::size_t line, std::size_t col, const std::string& msg) {
    throw InstanceError(path + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + msg);
  };
  auto number = [&](const Field& f, mpq_class& out) {
    std::string why = parse_inum(f.text, out);
    if (!why.empty())
      fail(line_no, f.col, "expected a number, found '" + std::string(f.text) + "' (" + why + ")");
  };

  for (std::size_t pos = 0; pos < bytes.size();) {
    std::size_t end = bytes.find('\n', pos);
    if (end == std::string::npos) end = bytes.size();
    std::string_view line(bytes.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t") == std::string_view::npos)
      continue;

    if (kind == Kind::Unknown) { // the first significant line decides the syntax
      std::vector<Field> tok = split_ws(line);
      if (tok[0].text == "relu") {
        kind = Kind::Text;
        if (tok.size() != 2) fail(line_no, tok.size() > 2 ? tok[2].col : 1, "expected 'relu <d>'");
        std::string_view dim = tok[1].text;
        if (dim.find_first_not_of("0123456789") != std::string_view::npos || dim.size() > 9)
          fail(line_no, tok[1].col,
               "expected a dimension d >= 1, found '" + std::string(dim) + "'");
        inst.d = std::stoul(std::string(dim));
        if (inst.d == 0) fail(line_no, tok[1].col, "dimension d must be >= 1");
      } else {
        kind = Kind::Csv;
        std::vector<Field> head = split_csv(line);
        ncols = head.size();
        for (std::size_t t = 0; t + 1 < ncols; ++t) {
          if (head[t].text != "weight") continue;
          if (weight_col != SIZE_MAX) fail(line_no, head[t].col, "second 'weight' column");
          weight_col = t;
        }
        inst.d = ncols - 1 - (weight_col != SIZE_MAX ? 1 : 0);
        if (inst.d == 0) fail(line_no, 1, "CSV header has no feature column");
      }
      continue;
    }

    std::vector<Field> f = kind == Kind::Text ? split_ws(line) : split_csv(line);
    std::size_t want = kind == Kind::Text ? inst.d + 1 : ncols;
    bool ok = f.size() == want || (kind == Kind::Text && f.size() == want + 1);
    if (!ok) {
      std::size_t col = f.size() > want ? f[want + (kind == Kind::Text)].col : line.size() + 1;
      std::string expected =
          kind == Kind::Text ? std::to_string(want) + " or " + std::to_string(want + 1) + " numbers"
                             : std::to_string(want) + " fields";
      fail(line_no, col, "expected " + expected + ", found " + std::to_string(f.size()));
    }
    mpq_class v, y, w = 1;
    const Field* weight = nullptr;
    std::size_t label = kind == Kind::Text ? inst.d : ncols - 1;
    for (std::size_t t = 0; t < f.size(); ++t) {
      number(f[t], v);
      if (t == label)
        y = v;
      else if ((kind == Kind::Text && t == label + 1) || (kind == Kind::Csv && t == weight_col))
        w = v, weight = &f[t];
      else
        inst.x.push_back(v);
    }
    if (w <= 0) fail(line_no, weight->col, "weight must be > 0, found " + to_str(w));
    inst.y.push_back(y);
    inst.c.push_back(w);
    ++inst.n;
  }
  if (inst.n == 0) {
    std::size_t nl = bytes.rfind('\n');
    std::size_t eof_line = 1, eof_col = bytes.size() + 1;
    for (char ch : bytes)
      eof_line += ch == '\n';
    if (nl != std::string::npos) eof_col = bytes.size() - nl;
    fail(eof_line, eof_col,
         kind == Kind::Unknown ? "empty instance (no header, n = 0)" : "no data points (n = 0)");
  }
  return inst;
}
