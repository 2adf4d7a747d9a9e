#include "io/instance.hpp"

#include "io/input_error.hpp"
#include "io/sha256.hpp"
#include "io/text_input.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace relucert {

namespace {

// Blanks around a CSV field: spaces, and tabs unless the tab separates fields (FORMAT.md §1).
bool is_blank_in(char ch, char sep) {
  return ch == ' ' || (ch == '\t' && sep != '\t');
}

std::string quoted_sep(char sep) {
  return sep == '\t' ? "tab" : std::string("'") + sep + "'";
}

// Splits a CSV line at `sep` (certs/FORMAT.md §1): a field is quoted (RFC 4180, `""` for `"`,
// only blanks after the closing quote, no line break inside) or unquoted (no `"`, trimmed of
// blanks). Returns "" or what is wrong, with a fix, at column `col`.
std::string split_csv(const std::string& line, char sep, std::vector<Field>& out, size_t& col) {
  out.clear();
  for (size_t p = 0;; ++p) { // p: at the start of a field
    while (p < line.size() && is_blank_in(line[p], sep))
      ++p;
    Field f{"", p + 1};
    if (p < line.size() && line[p] == '"') {
      for (++p;; ++p) {
        if (p == line.size()) {
          col = f.col;
          return "unterminated quoted field: close it with '\"' on the same line (a field cannot "
                 "span lines; a '\"' inside a quoted field is written '\"\"')";
        }
        if (line[p] == '"') {
          if (p + 1 < line.size() && line[p + 1] == '"')
            ++p; // "" stands for "
          else
            break;
        }
        f.text += line[p];
      }
      for (++p; p < line.size() && is_blank_in(line[p], sep);)
        ++p;
      if (p < line.size() && line[p] != sep) {
        col = p + 1;
        const char c = line[p];
        if (c == ',' || c == ';' || c == '\t')
          return "text after a closing quote: is the separator " + quoted_sep(c) + "? say --sep " +
                 separator_name(c);
        return "text after a closing quote: quote the whole field, writing a '\"' inside it as "
               "'\"\"'";
      }
    } else {
      size_t stop = std::min(line.find(sep, p), line.size()), e = stop;
      while (e > p && is_blank_in(line[e - 1], sep))
        --e;
      for (size_t q = p; q < e; ++q)
        if (line[q] == '"') {
          col = q + 1;
          return "a '\"' inside an unquoted field: quote the whole field and write the '\"' as "
                 "'\"\"'";
        }
      f.text = line.substr(p, e - p);
      p = stop;
    }
    out.push_back(std::move(f));
    if (p >= line.size()) return "";
  }
}

// The number of fields of `line` at `sep`, or 0 if it does not split.
size_t count_fields(const std::string& line, char sep) {
  std::vector<Field> f;
  size_t col = 0;
  return split_csv(line, sep, f, col).empty() ? f.size() : 0;
}

std::string lower(std::string s) {
  for (char& ch : s)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return s;
}

bool all_digits(const std::string& s) {
  return !s.empty() && s.size() < 10 && s.find_first_not_of("0123456789") == std::string::npos;
}

void check_weight(const Rational& c, const Field& f, const std::string& file, size_t line) {
  if (c.sign() <= 0)
    throw InputError(file, line, f.col, "sample weight must be positive, found '" + f.text + "'");
}

Rational number(const Field& f, const std::string& file, size_t line) {
  if (f.text.empty())
    throw InputError(file, line, f.col, "expected a number, found an empty field");
  auto r = Rational::parse_instance_number(f.text);
  if (!r) throw InputError(file, line, f.col, "expected a rational number, found '" + f.text + "'");
  return *r;
}

using Lines = std::vector<std::pair<size_t, std::string>>; // significant lines with numbers

Instance parse_text(Instance inst, const Lines& lines, const ColumnOptions& opt) {
  const std::string& name = inst.source;
  auto head_ws = split_fields(lines[0].second);
  const size_t hl = lines[0].first;
  if (head_ws.size() != 2)
    throw InputError(name, hl, head_ws.size() < 2 ? lines[0].second.size() + 1 : head_ws[2].col,
                     "header must be 'relu <d>'");
  const std::string& dt = head_ws[1].text;
  bool ok = !dt.empty() && dt.size() < 7 && dt.find_first_not_of("0123456789") == std::string::npos;
  if (!ok || std::stoul(dt) == 0)
    throw InputError(name, hl, head_ws[1].col,
                     "dimension must be a positive integer, found '" + dt + "'");
  if (opt.any())
    throw ColumnUsageError(name + ": " + opt.named() +
                           ": column options are for CSV files; this is the text form "
                           "('relu <d>', then x_1 .. x_d y [weight] by position)");
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
  return inst;
}

// The separator: --sep, or among , ; tab the one that splits the first line into the most
// fields (at least 2) and the next significant lines into as many; ties go to the order
// , ; tab. With none, ',' (the lines' own errors then say what is wrong).
char choose_separator(const Lines& lines, const ColumnOptions& opt, bool& detected) {
  detected = !opt.sep;
  if (opt.sep) return *opt.sep == "comma" ? ',' : *opt.sep == "semicolon" ? ';' : '\t';
  char best = ',';
  size_t best_n = 1;
  for (char sep : {',', ';', '\t'}) {
    size_t n = count_fields(lines[0].second, sep);
    for (size_t k = 1; n >= 2 && k < lines.size() && k <= 100; ++k)
      if (count_fields(lines[k].second, sep) != n) n = 0;
    if (n > best_n) best = sep, best_n = n;
  }
  return best;
}

// A hint for a line that does not have the fields of the first: another separator, or quoting.
std::string field_count_hint(const std::string& line, char sep, size_t want) {
  for (char other : {',', ';', '\t'})
    if (other != sep && count_fields(line, other) == want)
      return " (is the separator " + quoted_sep(other) + "? choose it with --sep " +
             separator_name(other) + ")";
  return " (a field that contains the separator " + quoted_sep(sep) + " must be quoted: \"1" +
         std::string(1, sep) + "5\")";
}

// Resolves a column reference of an option: a 1-based number, or a header name.
size_t resolve_column(const std::string& ref, const std::string& option,
                      const std::vector<Field>& names, bool header, const std::string& file,
                      size_t hl) {
  const size_t ncols = names.size();
  if (all_digits(ref)) {
    size_t c = std::stoul(ref);
    if (c == 0 || c > ncols)
      throw InputError(file, hl, 1,
                       option + " " + ref + ": columns are numbered 1 to " + std::to_string(ncols) +
                           " (the fields of this line)");
    return c;
  }
  if (!header)
    throw ColumnUsageError(file + ": " + option + " '" + ref +
                           "': without a header (--no-header) columns are named by number");
  std::vector<size_t> hits;
  for (size_t j = 0; j < ncols; ++j)
    if (names[j].text == ref) hits.push_back(j);
  if (hits.empty()) {
    std::string list;
    for (size_t j = 0; j < ncols && j < 12; ++j)
      list += (j ? ", '" : "'") + names[j].text + "'";
    if (ncols > 12) list += ", ...";
    throw InputError(file, hl, 1,
                     option + ": no column named '" + ref + "' (the header has " + list +
                         "); names are exact, or give the column's number");
  }
  if (hits.size() > 1)
    throw InputError(file, hl, names[hits[1]].col,
                     option + ": two columns are named '" + ref + "' (columns " +
                         std::to_string(hits[0] + 1) + " and " + std::to_string(hits[1] + 1) +
                         "): give the column's number, or rename one");
  return hits[0] + 1;
}

// --features: comma-separated names, numbers and ranges `a-b` (a <= b).
std::vector<size_t> resolve_features(const std::string& list, const std::vector<Field>& names,
                                     bool header, const std::string& file, size_t hl) {
  std::vector<size_t> out;
  size_t start = 0;
  while (true) {
    size_t comma = std::min(list.find(',', start), list.size());
    std::string item = list.substr(start, comma - start);
    size_t dash = item.find('-');
    if (item.empty()) throw ColumnUsageError(file + ": --features '" + list + "': an empty item");
    if (dash != std::string::npos && all_digits(item.substr(0, dash)) &&
        all_digits(item.substr(dash + 1))) {
      size_t a = resolve_column(item.substr(0, dash), "--features", names, header, file, hl);
      size_t b = resolve_column(item.substr(dash + 1), "--features", names, header, file, hl);
      if (a > b)
        throw ColumnUsageError(file + ": --features '" + item + "': a range a-b needs a <= b");
      for (size_t c = a; c <= b; ++c)
        out.push_back(c);
    } else {
      out.push_back(resolve_column(item, "--features", names, header, file, hl));
    }
    if (comma == list.size()) break;
    start = comma + 1;
  }
  return out;
}

bool reserved_name(const std::string& s) {
  const std::string l = lower(s);
  return l == "y" || l == "label" || l == "target" || l == "weight";
}

Instance parse_csv(Instance inst, const Lines& lines, const ColumnOptions& opt) {
  const std::string& name = inst.source;
  CsvColumns m;
  m.sep = choose_separator(lines, opt, m.sep_detected);
  m.header = !opt.no_header;
  const char sep = m.sep;
  auto [hl, hline] = lines[0];
  std::vector<Field> first;
  size_t bad_col = 0;
  std::string why = split_csv(hline, sep, first, bad_col);
  if (!why.empty()) throw InputError(name, hl, bad_col, why);
  const size_t ncols = first.size();
  const bool explicit_map = opt.label || opt.weight || opt.features;
  auto at = [&](size_t c) { return first[c - 1].col; };
  auto shown = [&](size_t c) { return "'" + first[c - 1].text + "'"; };

  if (m.header) {
    bool numbers = true;
    for (const Field& f : first)
      numbers = numbers && Rational::parse_instance_number(f.text).has_value();
    if (numbers)
      throw InputError(name, hl, 1,
                       "every field of the header is a number: if the file has no header, say "
                       "--no-header (the first line is then data)");
  }
  if (!explicit_map && ncols < 2) {
    std::string hint;
    for (char other : {',', ';', '\t'})
      if (other != sep && count_fields(hline, other) >= 2)
        hint = " (is the separator " + quoted_sep(other) + "? --sep " + separator_name(other) + ")";
    throw InputError(name, hl, 1,
                     "CSV header needs at least one feature column and a label column" + hint);
  }

  if (!explicit_map && m.header) {
    // The default mapping goes by position: refuse a header it could misread (README, Data
    // files; certs/FORMAT.md §1). The user names the columns, or renames them.
    for (size_t j = 0; j < ncols; ++j) {
      const std::string& t = first[j].text;
      if (t.empty())
        throw InputError(name, hl, first[j].col,
                         "column " + std::to_string(j + 1) +
                             " has no name (an index column?): choose the columns with --features "
                             "(and --label), or name it in the header");
      for (size_t i = 0; i < j; ++i)
        if (first[i].text == t)
          throw InputError(name, hl, first[j].col,
                           "columns " + std::to_string(i + 1) + " and " + std::to_string(j + 1) +
                               " are both named '" + t +
                               "': rename one, or choose the columns by number with --label "
                               "and --features");
      if (Rational::parse_instance_number(t))
        throw InputError(name, hl, first[j].col,
                         "column name '" + t +
                             "' is a number: is the first line data, or not a header of this "
                             "table? say --no-header, or choose the columns with --label and "
                             "--features");
    }
  }

  // Roles. Given ones come from the options; the rest from the default mapping.
  m.label = opt.label ? resolve_column(*opt.label, "--label", first, m.header, name, hl) : ncols;
  std::vector<size_t> given_features;
  if (opt.features) given_features = resolve_features(*opt.features, first, m.header, name, hl);
  auto is_given_feature = [&](size_t c) {
    return std::count(given_features.begin(), given_features.end(), c) > 0;
  };
  if (opt.weight) {
    m.weight = resolve_column(*opt.weight, "--weight", first, m.header, name, hl);
  } else if (m.header) {
    for (size_t c = 1; c <= ncols; ++c)
      if (first[c - 1].text == "weight" && c != m.label && !is_given_feature(c)) {
        if (m.weight)
          throw InputError(name, hl, at(c),
                           "a second 'weight' column: name the weight with --weight, or rename "
                           "one");
        m.weight = c;
      }
  }
  if (!opt.label && m.header && lower(first[m.label - 1].text) == "weight")
    throw InputError(name, hl, at(m.label),
                     "the last column " + shown(m.label) +
                         " would be read as the label (the label is the last column): if it is "
                         "the label, say --label " +
                         first[m.label - 1].text + "; if it holds sample weights, say --weight " +
                         first[m.label - 1].text +
                         " and --label with the label's column; or "
                         "rename it");
  if (opt.features) {
    m.features = given_features;
  } else {
    for (size_t c = 1; c <= ncols; ++c) {
      if (c == m.label || c == m.weight) continue;
      if (m.header) {
        const std::string& t = first[c - 1].text;
        if (t.empty())
          throw InputError(name, hl, at(c),
                           "column " + std::to_string(c) +
                               " has no name (an index column?) and would be read as a "
                               "feature: choose the features with --features, or name it");
        if (reserved_name(t)) {
          const bool w = lower(t) == "weight";
          throw InputError(
              name, hl, at(c),
              "column " + shown(c) + " would be read as a feature" +
                  (w ? std::string(" (only a column named exactly 'weight' holds sample weights)")
                     : std::string(opt.label ? "" : " (the label is the last column)")) +
                  ": say " +
                  (w           ? "--weight " + t
                   : opt.label ? "--features for the features"
                               : "--label " + t) +
                  ", or rename it");
        }
      }
      m.features.push_back(c);
    }
  }
  // Every role its own column.
  std::vector<size_t> all = m.features;
  all.push_back(m.label);
  if (m.weight) all.push_back(m.weight);
  for (size_t a = 0; a < all.size(); ++a)
    for (size_t b = 0; b < a; ++b)
      if (all[a] == all[b])
        throw ColumnUsageError(name + ": column " + std::to_string(all[a]) +
                               (m.header ? " (" + shown(all[a]) + ")" : std::string()) +
                               " is given two roles (label, weight, features are distinct)");
  if (m.features.empty())
    throw InputError(
        name, hl, 1,
        "CSV header has no feature column" +
            std::string(m.weight ? " (the weight and the label take every column)" : ""));

  auto col_name = [&](size_t c) { return m.header ? first[c - 1].text : "#" + std::to_string(c); };
  m.label_name = col_name(m.label);
  if (m.weight) m.weight_name = col_name(m.weight);
  for (size_t c : m.features) {
    const std::string t = col_name(c);
    m.feature_names.push_back(t);
    inst.feature_names.push_back(t.empty() ? "x" + std::to_string(c) : t);
  }
  inst.d = m.features.size();
  // The line both programs print (relucheck's form: header names as written, #k without one).
  for (size_t t = 0; t < m.features.size(); ++t)
    m.text += (t ? "," : "features ") + col_name(m.features[t]);
  m.text += "; label " + m.label_name + "; weight " + (m.weight ? m.weight_name : "-");

  // Which role each column has, for reading the fields in column order (the first bad field of
  // a line is the one named).
  enum Role { Unused, Feature, Label, Weight };
  std::vector<Role> role(ncols + 1, Unused);
  std::vector<size_t> slot(ncols + 1, 0);
  for (size_t t = 0; t < m.features.size(); ++t)
    role[m.features[t]] = Feature, slot[m.features[t]] = t;
  role[m.label] = Label;
  if (m.weight) role[m.weight] = Weight;
  auto field_name = [&](size_t c) {
    return m.header ? "column '" + first[c - 1].text + "'" : "column " + std::to_string(c);
  };

  std::vector<Field> f;
  for (size_t k = m.header ? 1 : 0; k < lines.size(); ++k) {
    auto [ln, line] = lines[k];
    why = split_csv(line, sep, f, bad_col);
    if (!why.empty()) throw InputError(name, ln, bad_col, why);
    if (f.size() != ncols) {
      size_t col = f.size() > ncols ? f[ncols].col : line.size() + 1;
      throw InputError(name, ln, col,
                       "expected " + std::to_string(ncols) + " fields as in the " +
                           (m.header ? "header" : "first line") + ", found " +
                           std::to_string(f.size()) + field_count_hint(line, sep, ncols));
    }
    std::vector<Rational> row(inst.d);
    std::vector<size_t> cols(inst.d);
    Rational c(1), y;
    for (size_t j = 1; j <= ncols; ++j) {
      if (role[j] == Unused) continue;
      const Field& fj = f[j - 1];
      if (fj.text.empty())
        throw InputError(name, ln, fj.col,
                         "missing value: " + field_name(j) +
                             " is empty here; fill it in or drop the row");
      auto v = Rational::parse_instance_number(fj.text);
      if (!v) {
        std::string hint;
        if (sep != ',' && fj.text.find(',') != std::string::npos)
          hint = " (write the decimal point as '.': 1.5, not 1,5)";
        else if (role[j] == Feature && !opt.features)
          hint = " (not a numeric column? choose the features with --features)";
        throw InputError(name, ln, fj.col,
                         "expected a rational number in " + field_name(j) + ", found '" + fj.text +
                             "'" + hint);
      }
      if (role[j] == Feature) {
        row[slot[j]] = *v;
        cols[slot[j]] = fj.col;
      } else if (role[j] == Label) {
        y = *v;
      } else {
        check_weight(*v, fj, name, ln);
        c = *v;
      }
    }
    inst.x.push_back(std::move(row));
    inst.x_col.insert(inst.x_col.end(), cols.begin(), cols.end());
    inst.line.push_back(ln);
    inst.y.push_back(y);
    inst.c.push_back(c);
  }
  inst.csv = std::move(m);
  return inst;
}

} // namespace

std::string ColumnOptions::named() const {
  std::string s;
  auto add = [&](bool on, const char* o) {
    if (on) s += (s.empty() ? "" : ", ") + std::string(o);
  };
  add(label.has_value(), "--label");
  add(features.has_value(), "--features");
  add(weight.has_value(), "--weight");
  add(no_header, "--no-header");
  add(sep.has_value(), "--sep");
  return s;
}

const char* separator_name(char sep) {
  return sep == ',' ? "comma" : sep == ';' ? "semicolon" : "tab";
}

std::string columns_text(const Instance& inst) {
  return inst.csv ? inst.csv->text : "";
}

std::string columns_record(const Instance& inst) {
  if (!inst.csv) return "";
  const CsvColumns& m = *inst.csv;
  std::string s = std::string("columns ") + separator_name(m.sep) + (m.header ? " 1 " : " 0 ") +
                  std::to_string(m.label) + ' ' + (m.weight ? std::to_string(m.weight) : "-");
  for (size_t c : m.features)
    s += ' ' + std::to_string(c);
  return s;
}

Instance parse_instance(const std::string& bytes, const std::string& name,
                        const ColumnOptions& opt) {
  Instance inst;
  inst.source = name;
  inst.digest = sha256_hex(bytes);
  // A UTF-8 byte order mark at the very start is not part of the first line (FORMAT.md §1).
  const bool bom = bytes.rfind("\xEF\xBB\xBF", 0) == 0;
  Lines lines;
  for (TextLine& l : split_lines(bom ? bytes.substr(3) : bytes, name, NulBytes::AllowInComments))
    if (!is_blank(l.text) && l.text[0] != '#') // blank, or '#' in column 1: ignored
      lines.emplace_back(l.number, std::move(l.text));
  if (lines.empty()) throw InputError(name, 1, 1, "empty instance: no header and no points");
  if (split_fields(lines[0].second)[0].text == "relu")
    inst = parse_text(std::move(inst), lines, opt);
  else
    inst = parse_csv(std::move(inst), lines, opt);
  inst.n = inst.x.size();
  if (inst.n == 0) throw InputError(name, lines.back().first, 1, "instance has no points");
  return inst;
}

Instance read_instance(const std::string& path, const ColumnOptions& opt) {
  SourceText src = read_source(path); // "-" is standard input, called "<stdin>"
  return parse_instance(src.bytes, src.name, opt);
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
