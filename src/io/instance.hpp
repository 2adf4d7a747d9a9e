// Training instances: points, labels and sample weights, all exact.
//
// Two syntaxes (certs/FORMAT.md §1): the text form headed `relu <d>`, and CSV (separator `,`
// `;` or tab, RFC 4180 quoting) whose columns are mapped to features, label and weight by the
// user's options or by the default mapping (last column the label, a column named `weight`
// the weight). The mapping read is kept in the instance, so the certificate can state it in
// its `columns` record (FORMAT.md §2) and the checker reads the same problem.
#pragma once

#include "exact/rational.hpp"

#include <optional>
#include <string>
#include <vector>

namespace relucert {

// How to read a CSV file, as the command line gives it. Unset fields take the default.
struct ColumnOptions {
  std::optional<std::string> label;    // a column: a name or a 1-based number
  std::optional<std::string> weight;   // a column
  std::optional<std::string> features; // names, numbers and ranges `a-b`, comma-separated
  std::optional<std::string> sep;      // comma, semicolon or tab; unset: detected
  bool no_header = false;
  bool any() const { return label || weight || features || sep || no_header; }
  // The options named, for a message ("--label, --no-header").
  std::string named() const;
};

// The mapping a CSV instance was read with (certs/FORMAT.md §2, `columns`).
struct CsvColumns {
  char sep = ',';
  bool sep_detected = false; // chosen by the reader, not by --sep
  bool header = true;
  size_t label = 0, weight = 0;           // 1-based; weight 0: every c_i = 1
  std::vector<size_t> features;           // 1-based, in the order of x's coordinates
  std::string label_name, weight_name;    // header names, or "#k" without a header
  std::vector<std::string> feature_names; // likewise, in the order of `features`
  std::string text;                       // "features bmi,s5; label y; weight -" (as columns_text)
};

struct Instance {
  size_t n = 0, d = 0;
  std::vector<std::vector<Rational>> x; // n rows of d features
  std::vector<Rational> y;              // labels
  std::vector<Rational> c;              // sample weights, all > 0
  std::vector<std::string> feature_names;
  std::string source; // file name, for messages
  std::string digest; // SHA-256 of the file's bytes
  // Where the features were read, for messages about their values: point i is on line
  // line[i], its feature j at column x_col[i * d + j] (1-based). Empty for an instance built
  // in memory.
  std::vector<size_t> line, x_col;
  std::optional<CsvColumns> csv; // set for a CSV file, never for the text form
};

// "features bmi,s5; label y; weight -", the line both programs print; "" for the text form.
std::string columns_text(const Instance& inst);
// The certificate's record "columns comma 1 3 - 1 2" (without the newline); "" for text.
std::string columns_record(const Instance& inst);
// "comma", "semicolon" or "tab".
const char* separator_name(char sep);

// Thrown for column options that cannot apply (given for a text instance, a malformed
// --features list, a column given two roles): a usage error, exit 2. Its message names the
// file.
class ColumnUsageError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Parses the bytes of an instance file; `name` is used in messages and the digest is
// taken of `bytes`. Throws InputError naming file:line:column on any problem, among them a
// CSV header that the default mapping could misread (README, Data files), with a hint.
Instance parse_instance(const std::string& bytes, const std::string& name,
                        const ColumnOptions& opt = {});

// Reads and parses a file ("-" reads standard input).
Instance read_instance(const std::string& path, const ColumnOptions& opt = {});

// Writes the text form (`relu <d>` then `x_1 … x_d y [c]`), exact.
std::string format_instance_text(const Instance& inst, const std::string& comment = "");

} // namespace relucert
