#include "instance.hpp"

#include "rational.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <openssl/evp.h>
#include <string_view>

namespace {

struct Field {
  std::string text; // without quotes and surrounding blanks
  std::size_t col;  // 1-based byte column of the field's first character
};

// SHA-256 of the file (FORMAT.md §1, binding), 64 lowercase hex digits, via OpenSSL's EVP.
std::string sha256_hex(const std::string& bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr) != 1 || len != 32)
    throw std::runtime_error("SHA-256 computation failed");
  std::string out;
  for (unsigned int i = 0; i < len; ++i)
    out += "0123456789abcdef"[md[i] >> 4], out += "0123456789abcdef"[md[i] & 15];
  return out;
}

// Blanks around fields: spaces, and tabs unless the tab separates fields.
bool is_blank(char c, char sep) {
  return c == ' ' || (c == '\t' && sep != '\t');
}

// Tokens separated by runs of spaces or tabs (text form).
std::vector<Field> split_ws(std::string_view line) {
  std::vector<Field> out;
  for (std::size_t p = 0; p < line.size(); ++p) { // ++p also steps over the blank ending a token
    if (is_blank(line[p], ',')) continue;
    std::size_t start = p;
    while (p < line.size() && !is_blank(line[p], ','))
      ++p;
    out.push_back({std::string(line.substr(start, p - start)), start + 1});
  }
  return out;
}

// CSV fields at sep with RFC 4180 quoting (FORMAT.md §1). Returns "" or what is wrong, at col.
std::string split_csv(std::string_view line, char sep, std::vector<Field>& out, std::size_t& col) {
  out.clear();
  for (std::size_t p = 0;; ++p) { // p: at the start of a field
    while (p < line.size() && is_blank(line[p], sep))
      ++p;
    Field f{"", p + 1};
    if (p < line.size() && line[p] == '"') {
      for (++p; p == line.size() || line[p] != '"' || (p + 1 < line.size() && line[p + 1] == '"');
           ++p) {
        if (p == line.size())
          return col = f.col, "unterminated quoted field (a field cannot span lines)";
        p += line[p] == '"'; // "" stands for "
        f.text += line[p];
      }
      for (++p; p < line.size() && is_blank(line[p], sep);)
        ++p;
      if (p < line.size() && line[p] != sep) return col = p + 1, "text after a closing quote";
    } else {
      std::size_t end = std::min(line.find(sep, p), line.size()), q = p;
      while (end > q && is_blank(line[end - 1], sep))
        --end;
      for (; q < end; ++q)
        if (line[q] == '"') return col = q + 1, "a quote inside an unquoted field (quote it all)";
      f.text = line.substr(p, end - p);
      p = std::min(line.find(sep, p), line.size());
    }
    out.push_back(std::move(f));
    if (p >= line.size()) return "";
  }
}

} // namespace

Instance read_instance(const std::string& path, const Columns& cols) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open instance file");
  std::string bytes;
  try {
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } catch (const std::ios_base::failure&) { // e.g. a directory
    throw std::runtime_error(path + ": cannot read instance file");
  }

  Instance inst;
  inst.sha256 = sha256_hex(bytes);
  enum class Kind { Unknown, Text, Csv } kind = Kind::Unknown;
  std::size_t ncols = 0, label = 0, weight = 0, line_no = 0, col = 0;
  std::vector<std::size_t> features;
  std::vector<Field> f;
  std::vector<mpq_class> vals;
  auto fail = [&](std::size_t line, std::size_t col, const std::string& msg) {
    throw std::runtime_error(path + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " +
                             msg);
  };
  auto number = [&](const Field& f, mpq_class& out) {
    if (std::string why = parse_inum(f.text, out); !why.empty())
      fail(line_no, f.col, "expected a number, found '" + f.text + "' (" + why + ")");
  };

  for (std::size_t pos = bytes.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0; pos < bytes.size();) {
    std::size_t end = std::min(bytes.find('\n', pos), bytes.size());
    std::string_view line(bytes.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t") == std::string_view::npos)
      continue;
    if (kind == Kind::Unknown && split_ws(line)[0].text == "relu") { // text syntax
      kind = Kind::Text;
      std::vector<Field> tok = split_ws(line);
      if (tok.size() != 2) fail(line_no, tok.size() > 2 ? tok[2].col : 1, "expected 'relu <d>'");
      const std::string& dim = tok[1].text;
      if (dim.find_first_not_of("0123456789") != std::string::npos || dim.size() > 9 ||
          (inst.d = std::stoul(dim)) == 0 || inst.d > 1024) // a larger d fails R-model/size
        fail(line_no, tok[1].col, "expected a dimension 1 <= d <= 1024, found '" + dim + "'");
      if (cols.given) fail(line_no, 1, "the certificate's 'columns' record is for CSV files");
      for (std::size_t t = 1; t <= inst.d; ++t) // the roles by position: x_1 .. x_d y [c]
        features.push_back(t);
      label = inst.d + 1;
      continue;
    }
    if (std::string why = kind == Kind::Text ? "" : split_csv(line, cols.sep, f, col); !why.empty())
      fail(line_no, col, why);
    if (kind == Kind::Unknown) { // the first line of a CSV file fixes the columns
      kind = Kind::Csv, ncols = f.size(), features = cols.features, weight = cols.weight;
      label = cols.given ? cols.label : ncols;
      if (cols.last > ncols)
        fail(line_no, 1,
             "the certificate names column " + std::to_string(cols.last) + ", the first line has " +
                 std::to_string(ncols) + " fields");
      for (std::size_t t = 0; !cols.given && t + 1 < ncols; ++t) { // the default mapping
        if (f[t].text == "weight" && weight) fail(line_no, f[t].col, "second 'weight' column");
        if (f[t].text == "weight")
          weight = t + 1;
        else
          features.push_back(t + 1);
      }
      auto name = [&](std::size_t c) {
        return cols.header ? f[c - 1].text : "#" + std::to_string(c);
      };
      for (std::size_t c : features)
        inst.columns += (inst.columns.empty() ? "features " : ",") + name(c);
      inst.columns += "; label " + name(label) + "; weight " + (weight ? name(weight) : "-");
      if ((inst.d = features.size()) == 0) fail(line_no, 1, "CSV header has no feature column");
      if (cols.header) continue;
    }
    if (kind == Kind::Text) f = split_ws(line);
    std::size_t want = kind == Kind::Text ? inst.d + 1 : ncols;
    if (f.size() != want && (kind == Kind::Csv || f.size() != want + 1))
      fail(line_no, f.size() > want ? f[want + (kind == Kind::Text)].col : line.size() + 1,
           "expected " + std::to_string(want) +
               (kind == Kind::Csv ? "" : " or " + std::to_string(want + 1)) + " fields, found " +
               std::to_string(f.size()));
    if (kind == Kind::Text) weight = f.size() > want ? want + 1 : 0;
    vals.resize(f.size());
    for (std::size_t t = 0; t < f.size(); ++t) // in column order, so the first bad field is named
      if (kind == Kind::Text || t + 1 == label || t + 1 == weight ||
          std::count(features.begin(), features.end(), t + 1))
        number(f[t], vals[t]);
    for (std::size_t c : features)
      inst.x.push_back(vals[c - 1]);
    inst.y.push_back(vals[label - 1]);
    inst.c.push_back(weight ? vals[weight - 1] : mpq_class(1));
    if (inst.c.back() <= 0)
      fail(line_no, f[weight - 1].col, "weight must be > 0, found " + to_str(inst.c.back()));
    ++inst.n;
  }
  if (inst.n == 0) // at the end of the file
    fail(line_no + 1, 1,
         kind == Kind::Unknown ? "empty instance (n = 0)" : "no data points (n = 0)");
  return inst;
}
