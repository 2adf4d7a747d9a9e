#include "io/instance.hpp"

#include "io/input_error.hpp"
#include "io/sha256.hpp"
#include "io/text_input.hpp"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace relucert {

namespace {

bool is_space(char ch) {
  return ch == ' ' || ch == '\t';
}

// Splits on commas and trims spaces/tabs around each field.
std::vector<Field> split_csv(const std::string& line) {
  std::vector<Field> out;
  size_t start = 0;
  while (true) {
    size_t end = line.find(',', start);
    if (end == std::string::npos) end = line.size();
    size_t a = start, b = end;
    while (a < b && is_space(line[a]))
      ++a;
    while (b > a && is_space(line[b - 1]))
      --b;
    out.push_back({line.substr(a, b - a), (a < b ? a : start) + 1});
    if (end == line.size()) break;
    start = end + 1;
  }
  return out;
}

Rational number(const Field& f, const std::string& file, size_t line) {
  if (f.text.empty())
    throw InputError(file, line, f.col, "expected a number, found an empty field");
  auto r = Rational::parse_instance_number(f.text);
  if (!r) throw InputError(file, line, f.col, "expected a rational number, found '" + f.text + "'");
  return *r;
}

void check_weight(const Rational& c, const Field& f, const std::string& file, size_t line) {
  if (c.sign() <= 0)
    throw InputError(file, line, f.col, "sample weight must be positive, found '" + f.text + "'");
}

} // namespace

Instance parse_instance(const std::string& bytes, const std::string& name) {
  Instance inst;
  inst.source = name;
  inst.digest = sha256_hex(bytes);
  std::vector<std::pair<size_t, std::string>> lines; // significant lines with numbers
  for (TextLine& l : split_lines(bytes, name, NulBytes::AllowInComments))
    if (!is_blank(l.text) && l.text[0] != '#') // blank, or '#' in column 1: ignored
      lines.emplace_back(l.number, std::move(l.text));
  if (lines.empty()) throw InputError(name, 1, 1, "empty instance: no header and no points");
  auto head_ws = split_fields(lines[0].second);
  if (head_ws[0].text == "relu") {
    // Text form.
    const size_t hl = lines[0].first;
    if (head_ws.size() != 2)
      throw InputError(name, hl, head_ws.size() < 2 ? lines[0].second.size() + 1 : head_ws[2].col,
                       "header must be 'relu <d>'");
    const std::string& dt = head_ws[1].text;
    bool ok =
        !dt.empty() && dt.size() < 7 && dt.find_first_not_of("0123456789") == std::string::npos;
    if (!ok || std::stoul(dt) == 0)
      throw InputError(name, hl, head_ws[1].col,
                       "dimension must be a positive integer, found '" + dt + "'");
    inst.d = std::stoul(dt);
    for (size_t j = 0; j < inst.d; ++j)
      inst.feature_names.push_back("x" + std::to_string(j + 1));
    for (size_t k = 1; k < lines.size(); ++k) {
      auto [ln, line] = lines[k];
      auto f = split_fields(line);
      if (f.size() != inst.d + 1 && f.size() != inst.d + 2) {
        size_t col = f.size() > inst.d + 2 ? f[inst.d + 2].col : line.size() + 1;
        throw InputError(name, ln, col,
                         "expected " + std::to_string(inst.d + 1) + " or " +
                             std::to_string(inst.d + 2) + " numbers (x_1..x_d y [weight]), found " +
                             std::to_string(f.size()));
      }
      std::vector<Rational> row;
      for (size_t j = 0; j < inst.d; ++j) {
        row.push_back(number(f[j], name, ln));
        inst.x_col.push_back(f[j].col);
      }
      inst.x.push_back(std::move(row));
      inst.line.push_back(ln);
      inst.y.push_back(number(f[inst.d], name, ln));
      Rational c(1);
      if (f.size() == inst.d + 2) {
        c = number(f[inst.d + 1], name, ln);
        check_weight(c, f[inst.d + 1], name, ln);
      }
      inst.c.push_back(c);
    }
  } else {
    // CSV form.
    auto [hl, hline] = lines[0];
    auto header = split_csv(hline);
    if (header.size() < 2)
      throw InputError(name, hl, 1,
                       "CSV header needs at least one feature column and a label column");
    long weight_col = -1;
    for (size_t j = 0; j < header.size(); ++j) {
      // The last column is the label whatever its name, `weight` included (FORMAT.md §1).
      if (header[j].text == "weight" && j + 1 < header.size()) {
        if (weight_col >= 0) throw InputError(name, hl, header[j].col, "a second 'weight' column");
        weight_col = static_cast<long>(j);
      }
    }
    for (size_t j = 0; j + 1 < header.size(); ++j)
      if (static_cast<long>(j) != weight_col)
        inst.feature_names.push_back(header[j].text.empty() ? "x" + std::to_string(j + 1)
                                                            : header[j].text);
    inst.d = inst.feature_names.size();
    if (inst.d == 0) throw InputError(name, hl, 1, "CSV header has no feature column");
    for (size_t k = 1; k < lines.size(); ++k) {
      auto [ln, line] = lines[k];
      auto f = split_csv(line);
      if (f.size() != header.size()) {
        size_t col = f.size() > header.size() ? f[header.size()].col : line.size() + 1;
        throw InputError(name, ln, col,
                         "expected " + std::to_string(header.size()) +
                             " fields as in the header, found " + std::to_string(f.size()));
      }
      std::vector<Rational> row;
      Rational c(1);
      for (size_t j = 0; j + 1 < f.size(); ++j) {
        Rational v = number(f[j], name, ln);
        if (static_cast<long>(j) == weight_col) {
          check_weight(v, f[j], name, ln);
          c = v;
        } else {
          row.push_back(v);
          inst.x_col.push_back(f[j].col);
        }
      }
      inst.x.push_back(std::move(row));
      inst.line.push_back(ln);
      inst.y.push_back(number(f.back(), name, ln));
      inst.c.push_back(c);
    }
  }
  inst.n = inst.x.size();
  if (inst.n == 0) throw InputError(name, lines.back().first, 1, "instance has no points");
  return inst;
}

Instance read_instance(const std::string& path) {
  SourceText src = read_source(path); // "-" is standard input, called "<stdin>"
  return parse_instance(src.bytes, src.name);
}

std::string format_instance_text(const Instance& inst, const std::string& comment) {
  std::ostringstream o;
  if (!comment.empty()) {
    std::istringstream cs(comment);
    std::string l;
    while (std::getline(cs, l))
      o << "# " << l << "\n";
  }
  o << "relu " << inst.d << "\n";
  for (size_t i = 0; i < inst.n; ++i) {
    for (size_t j = 0; j < inst.d; ++j)
      o << inst.x[i][j].str() << ' ';
    o << inst.y[i].str();
    if (inst.c[i] != Rational(1)) o << ' ' << inst.c[i].str();
    o << "\n";
  }
  return o.str();
}

} // namespace relucert
