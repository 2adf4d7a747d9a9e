#include "reduce/claims_file.hpp"

#include "io/input_error.hpp"
#include "io/text_input.hpp"

#include <filesystem>
#include <map>

namespace relucert::reduce {

namespace {

// The rest of the line from field k on (free text keeps its inner spacing).
std::string rest_from(const std::string& line, const std::vector<Field>& f, size_t k) {
  std::string s = line.substr(f[k].col - 1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.pop_back();
  for (char& ch : s) // one line of a claim file: no control characters
    if (static_cast<unsigned char>(ch) < 32 || ch == 127) ch = '?';
  return s;
}

} // namespace

std::vector<UserClaim> parse_claims_file(const std::string& bytes, const std::string& name) {
  const std::filesystem::path base =
      name == "<stdin>" ? std::filesystem::path() : std::filesystem::path(name).parent_path();
  std::vector<UserClaim> rows;
  std::map<std::string, size_t> seen; // keyword -> line, within the current row
  bool header = false, in_row = false;
  size_t last_line = 0;
  for (const auto& line : split_lines(bytes, name)) {
    // Named copies, not structured bindings: the lambdas below capture them (C++17 does not
    // let a lambda capture a structured binding; clang 14 refuses it).
    const size_t ln = line.number;
    const std::string& text = line.text;
    last_line = ln;
    if (is_blank(text) || text[0] == '#') continue;
    const auto f = split_fields(text);
    const std::string& kw = f[0].text;
    auto fail = [&](size_t col, const std::string& what) { throw InputError(name, ln, col, what); };
    auto arity = [&](size_t n, const std::string& form) {
      if (f.size() != n) fail(f.size() > n ? f[n].col : text.size() + 1, "expected '" + form + "'");
    };
    if (!header) {
      if (text != "relucert-claims 1") fail(1, "the first line must be 'relucert-claims 1'");
      header = true;
      continue;
    }
    if (!in_row) {
      if (kw != "row") fail(f[0].col, "expected 'row <name>' (a row starts with it)");
      if (f.size() < 2) fail(text.size() + 1, "a row needs a name: 'row <name>'");
      rows.emplace_back();
      rows.back().name = rest_from(text, f, 1);
      rows.back().line = ln;
      seen.clear();
      in_row = true;
      continue;
    }
    UserClaim& r = rows.back();
    if (kw == "end") {
      arity(1, "end");
      for (const char* need : {"instance", "model", "claim", "source"})
        if (!seen.count(need))
          fail(1, "row '" + r.name + "' (line " + std::to_string(r.line) + ") has no '" + need +
                      "' line");
      in_row = false;
      continue;
    }
    if (kw != "instance" && kw != "model" && kw != "claim" && kw != "source")
      fail(f[0].col, "expected instance, model, claim, source or end, found '" + kw + "'");
    if (auto [it, fresh] = seen.emplace(kw, ln); !fresh)
      fail(f[0].col, "a second '" + kw + "' line in this row (first on line " +
                         std::to_string(it->second) + ")");
    if (kw == "instance") {
      if (f.size() < 2) fail(text.size() + 1, "expected 'instance <path>'");
      const std::filesystem::path p(rest_from(text, f, 1));
      r.instance_path = (p.is_absolute() ? p : base / p).string();
    } else if (kw == "model") {
      arity(4, "model <k> <bias 0|1> nonneg|signed");
      r.model.units = static_cast<int>(parse_count(f[1], "a number of units", name, ln));
      if (r.model.units < 1 || r.model.units > 16) fail(f[1].col, "k must be in 1..16");
      if (f[2].text != "0" && f[2].text != "1") fail(f[2].col, "bias must be 0 or 1");
      if (f[3].text != "nonneg" && f[3].text != "signed")
        fail(f[3].col, "expected nonneg or signed");
      r.model.bias = f[2].text == "1";
      r.model.nonneg = f[3].text == "nonneg";
    } else if (kw == "claim") {
      arity(3, "claim <=|>=|> <rational>");
      const std::string& rel = f[1].text;
      if (rel != "<=" && rel != ">=" && rel != ">") fail(f[1].col, "expected <=, >= or >");
      r.relation = rel == "<="   ? Relation::AtMost
                   : rel == ">=" ? Relation::AtLeast
                                 : Relation::Above;
      auto b = Rational::parse_instance_number(f[2].text);
      if (!b) fail(f[2].col, "expected a rational, found '" + f[2].text + "'");
      r.bound = *b;
    } else if (f.size() >= 3 && f[1].text == "asserted") {
      r.asserted = rest_from(text, f, 2);
      r.source_line = ln;
    } else if (f.size() >= 2 && f[1].text == "maxcut") {
      arity(5, "source maxcut <graph6> <c> YES|NO");
      r.graph = decode_graph6(f[2].text, name, ln, f[2].col);
      if (r.graph->n == 0) fail(f[2].col, "the graph has no vertices");
      const bool negative = f[3].text.size() > 1 && f[3].text[0] == '-';
      const Field magnitude{f[3].text.substr(negative ? 1 : 0), f[3].col + (negative ? 1 : 0)};
      r.threshold = static_cast<long>(parse_count(magnitude, "a threshold", name, ln));
      if (negative) r.threshold = -r.threshold;
      if (f[4].text != "YES" && f[4].text != "NO") fail(f[4].col, "expected YES or NO");
      r.yes = f[4].text == "YES";
      r.source_line = ln;
    } else {
      fail(f.size() > 1 ? f[1].col : text.size() + 1,
           "expected 'source asserted <text>' or 'source maxcut <graph6> <c> YES|NO'");
    }
  }
  if (!header) throw InputError(name, 1, 1, "empty file: expected 'relucert-claims 1'");
  if (in_row)
    throw InputError(name, last_line + 1, 1,
                     "row '" + rows.back().name + "' (line " + std::to_string(rows.back().line) +
                         ") has no 'end' (truncated file?)");
  if (rows.empty()) throw InputError(name, last_line, 1, "no rows: the file claims nothing");
  return rows;
}

} // namespace relucert::reduce
