// Mirrors src/io/instance: both instance syntaxes of certs/FORMAT.md §1 and the
// file:line:column of every kind of input error.
#define BOOST_TEST_MODULE instance
#include <boost/test/unit_test.hpp>

#include "io/input_error.hpp"
#include "io/instance.hpp"

#include <optional>
#include <string>

using relucert::InputError;
using relucert::Instance;
using relucert::parse_instance;
using relucert::Rational;

namespace {
Rational R(const std::string& s) {
  return *Rational::parse_canonical(s);
}

// Parsing `bytes` must throw an InputError at exactly line:col whose message
// contains `what`.
void expect_error(const std::string& bytes, size_t line, size_t col, const std::string& what,
                  const relucert::ColumnOptions& opt = {}) {
  BOOST_TEST_CONTEXT("input:\n" << bytes) {
    try {
      parse_instance(bytes, "in.txt", opt);
      BOOST_ERROR("no InputError thrown");
    } catch (const InputError& e) {
      BOOST_TEST(e.file() == "in.txt");
      BOOST_TEST(e.line() == line);
      BOOST_TEST(e.col() == col);
      BOOST_TEST(std::string(e.what()).find(what) != std::string::npos,
                 "message '" << e.what() << "' lacks '" << what << "'");
      const std::string prefix =
          "in.txt:" + std::to_string(line) + ":" + std::to_string(col) + ": ";
      BOOST_TEST(std::string(e.what()).rfind(prefix, 0) == 0, "message '" << e.what() << "'");
    }
  }
}
} // namespace

BOOST_AUTO_TEST_CASE(csv_weight_column_in_the_middle) {
  const std::string bytes = "# a comment first\r\n"
                            " a , weight,\tb ,label\r\n"
                            "\r\n"
                            "1, 2, 0.5, 3\r\n"
                            "-1.5,1/2,2e1,-0.25\r\n"
                            "\n"
                            "0,1e-1,010,-0\n";
  Instance in = parse_instance(bytes, "w.csv");
  BOOST_TEST(in.n == 3u);
  BOOST_TEST(in.d == 2u);
  BOOST_TEST(in.feature_names == (std::vector<std::string>{"a", "b"}));
  BOOST_TEST(in.source == "w.csv");
  BOOST_TEST((in.x[0] == std::vector<Rational>{R("1"), R("1/2")}));
  BOOST_TEST((in.x[1] == std::vector<Rational>{R("-3/2"), R("20")}));
  BOOST_TEST((in.x[2] == std::vector<Rational>{R("0"), R("10")}));
  BOOST_TEST((in.y == std::vector<Rational>{R("3"), R("-1/4"), R("0")}));
  BOOST_TEST((in.c == std::vector<Rational>{R("2"), R("1/2"), R("1/10")}));
}

BOOST_AUTO_TEST_CASE(csv_without_weight_and_without_final_newline) {
  Instance in = parse_instance("x,y\n1,2\n3,4", "a.csv");
  BOOST_TEST(in.n == 2u);
  BOOST_TEST(in.d == 1u);
  BOOST_TEST((in.c == std::vector<Rational>{R("1"), R("1")}));
  BOOST_TEST((in.y == std::vector<Rational>{R("2"), R("4")}));
}

BOOST_AUTO_TEST_CASE(text_with_and_without_weights) {
  const std::string bytes = "# comment\n"
                            "relu 2\n"
                            "1 2 3\n"
                            "\t4  5\t6 7 \r\n"
                            "\n"
                            "# comment\n"
                            "-1/3 .5 -2e0 3/6\n";
  Instance in = parse_instance(bytes, "t.relu");
  BOOST_TEST(in.n == 3u);
  BOOST_TEST(in.d == 2u);
  BOOST_TEST((in.x[0] == std::vector<Rational>{R("1"), R("2")}));
  BOOST_TEST((in.x[1] == std::vector<Rational>{R("4"), R("5")}));
  BOOST_TEST((in.x[2] == std::vector<Rational>{R("-1/3"), R("1/2")}));
  BOOST_TEST((in.y == std::vector<Rational>{R("3"), R("6"), R("-2")}));
  BOOST_TEST((in.c == std::vector<Rational>{R("1"), R("7"), R("1/2")}));
}

BOOST_AUTO_TEST_CASE(digest_is_sha256_of_the_bytes) {
  // printf 'relu 1\n1 1\n' | sha256sum
  Instance in = parse_instance("relu 1\n1 1\n", "d.relu");
  BOOST_TEST(in.digest == "32aee6b06db6889b2fbcf78019ab242d76dbc108fece0d220b951fe2e2bf3bf8");
}

BOOST_AUTO_TEST_CASE(text_form_round_trip) {
  Instance in = parse_instance("a,weight,b,y\n1/2,3,-2,0.75\n0,1,0,-1\n", "r.csv");
  Instance back = parse_instance(relucert::format_instance_text(in, "round\ntrip"), "r.relu");
  BOOST_TEST(back.n == in.n);
  BOOST_TEST(back.d == in.d);
  BOOST_TEST((back.x == in.x));
  BOOST_TEST((back.y == in.y));
  BOOST_TEST((back.c == in.c));
}

BOOST_AUTO_TEST_CASE(empty_inputs) {
  expect_error("", 1, 1, "empty instance");
  expect_error("\n\n# only comments\n  \n", 1, 1, "empty instance");
  // Only a header: reported at the header's line.
  expect_error("# c\na,b,y\n\n", 2, 1, "no points");
  expect_error("relu 2\n# no data\n", 1, 1, "no points");
}

BOOST_AUTO_TEST_CASE(csv_ragged_rows) {
  // Too few fields: the column just past the end of the line.
  expect_error("a,b,y\n1,2,3\n1,2\n", 3, 4, "expected 3 fields");
  // Too many: the first extra field.
  expect_error("a,b,y\n1,2,3,4\n", 2, 7, "expected 3 fields");
}

BOOST_AUTO_TEST_CASE(csv_non_numbers) {
  expect_error("a,b,y\n1,abc,3\n", 2, 3, "found 'abc'");
  // Columns count the first character after trimming.
  expect_error("a,b,y\n1,  0x1 ,3\n", 2, 5, "found '0x1'");
  expect_error("a,b,y\n1,,3\n", 2, 3, "missing value: column 'b' is empty");
  expect_error("a,b,y\n1,2,1/0\n", 2, 5, "found '1/0'");
  expect_error("a,weight,y\n1,2,3\n1,1e99999,3\n", 3, 3, "found '1e99999'");
}

BOOST_AUTO_TEST_CASE(weights) {
  expect_error("a,weight,y\n1,0,2\n", 2, 3, "must be positive");
  expect_error("a,weight,y\n1,-1/2,2\n", 2, 3, "must be positive");
  expect_error("relu 1\n1 2 0\n", 2, 5, "must be positive");
  expect_error("relu 1\n1 2 -1\n", 2, 5, "must be positive");
  // Two columns named `weight`: under the default mapping a repeated name is refused; with
  // --label (the weight left to the default) the weight column is ambiguous.
  expect_error("weight,a,weight,y\n", 1, 10, "both named 'weight'");
  relucert::ColumnOptions o;
  o.label = "y";
  expect_error("weight,a,weight,y\n1,2,3,4\n", 1, 10, "second 'weight'", o);
}

BOOST_AUTO_TEST_CASE(last_column_named_weight_needs_label_option) {
  // certs/FORMAT.md §1 reads a last column named `weight` as the label (the default mapping
  // goes by position); relucert's command line refuses the header, since the user may mean
  // sample weights, and reads it as the label when told so with --label weight.
  expect_error("a, weight\n1,2\n3,-4\n", 1, 4, "--label weight");
  relucert::ColumnOptions o;
  o.label = "weight";
  Instance in = parse_instance("a, weight\n1,2\n3,-4\n", "l.csv", o);
  BOOST_TEST(in.d == 1u);
  BOOST_TEST(in.feature_names == (std::vector<std::string>{"a"}));
  BOOST_TEST((in.y == std::vector<Rational>{R("2"), R("-4")}));
  BOOST_TEST((in.c == std::vector<Rational>{R("1"), R("1")}));
  BOOST_TEST(relucert::columns_record(in) == "columns comma 1 2 - 1");
}

BOOST_AUTO_TEST_CASE(exponent_with_leading_zeros) {
  // inum's exponent is `[+-]? D+` and only its value is bounded (|e| <= 4096): leading zeros
  // are digits like any other, `1e000004` is 10^4 and `5e-0000001` is 1/2.
  Instance in = parse_instance("relu 1\n1e000004 5e-0000001\n2E+0004096 1\n", "e.relu");
  BOOST_TEST(in.x[0][0] == R("10000"));
  BOOST_TEST(in.y[0] == R("1/2"));
  mpz_class big;
  mpz_ui_pow_ui(big.get_mpz_t(), 10, 4096);
  BOOST_TEST(in.x[1][0] == Rational(mpz_class(2 * big)));
  // The bound is on the value: 4097 is out of range however it is written.
  expect_error("relu 1\n1e0004097 1\n", 2, 1, "found '1e0004097'");
}

BOOST_AUTO_TEST_CASE(csv_headers) {
  expect_error("y\n1\n", 1, 1, "at least one feature");
  expect_error("weight,y\n1,2\n", 1, 1, "no feature column");
  // An empty column name (a pandas index column) is refused by the default mapping; chosen
  // by number it is a feature named after its column.
  expect_error("a,,y\n1,2,3\n", 1, 3, "has no name (an index column?)");
  relucert::ColumnOptions o;
  o.features = "1-2";
  Instance in = parse_instance("a,,y\n1,2,3\n", "e.csv", o);
  BOOST_TEST(in.d == 2u);
  BOOST_TEST(in.feature_names == (std::vector<std::string>{"a", "x2"}));
}

BOOST_AUTO_TEST_CASE(comment_only_in_column_one) {
  // certs/FORMAT.md §1: '#' starts a comment only in the first column; an indented
  // '#' line is a data line (and here not a valid one).
  expect_error("a,y\n1,2\n  # not, a comment\n", 3, 3, "expected a rational number");
}

BOOST_AUTO_TEST_CASE(text_dimension_mismatch) {
  // d = 2 needs 3 or 4 numbers.
  expect_error("relu 2\n1 2 3\n1 2\n", 3, 4, "expected 3 or 4 numbers");
  expect_error("relu 2\n1 2 3 4 5\n", 2, 9, "expected 3 or 4 numbers");
  expect_error("relu 1\n1 2\nx 2\n", 3, 1, "found 'x'");
}

BOOST_AUTO_TEST_CASE(text_headers) {
  expect_error("relu\n1 2\n", 1, 5, "header must be");
  expect_error("relu 2 3\n1 2 3\n", 1, 8, "header must be");
  expect_error("relu 0\n1\n", 1, 6, "positive integer");
  expect_error("relu x\n1 2\n", 1, 6, "positive integer");
  expect_error("relu -1\n1 2\n", 1, 6, "positive integer");
  // The text syntax is chosen iff the first token of the first significant line (split on
  // spaces and tabs) is exactly `relu`; the line must then be `relu <d>`. A CSV header
  // `relu 1,y` is therefore a text header with the dimension '1,y': an error at its column.
  expect_error("relu 1,y\n1,2\n", 1, 6, "found '1,y'");
  expect_error("relu\t1,y\n1,2\n", 1, 6, "found '1,y'");
  // A first token that only starts with `relu` is a CSV column name.
  Instance in = parse_instance("relu1,y\n1,2\n", "c.csv");
  BOOST_TEST(in.d == 1u);
  BOOST_TEST(in.feature_names == (std::vector<std::string>{"relu1"}));
}

BOOST_AUTO_TEST_CASE(nul_byte) {
  expect_error(std::string("relu 1\n1 \0 2\n", 13), 2, 3, "NUL");
  expect_error(std::string("a,y\n1,2\0\n", 9), 2, 4, "NUL");
  // An indented '#' line is significant, so its NUL is an error too.
  expect_error(std::string("relu 1\n #\0\n1 2\n", 15), 2, 3, "NUL");
}

BOOST_AUTO_TEST_CASE(nul_byte_in_a_comment_is_ignored) {
  // certs/FORMAT.md §1: a line with '#' in its first column is ignored, whatever it holds.
  const std::string bytes("# a\0b\nrelu 1\n#\0\n1 2\n", 20);
  Instance in = parse_instance(bytes, "n.relu");
  BOOST_TEST(in.n == 1u);
  BOOST_TEST(in.y[0] == R("2"));
  Instance c = parse_instance(std::string("a,y\n#\0,\0\n3,4\n", 13), "n.csv");
  BOOST_TEST(c.n == 1u);
  BOOST_TEST(c.x[0][0] == R("3"));
}

BOOST_AUTO_TEST_CASE(a_directory_is_bad_input) {
  try {
    relucert::read_instance("/");
    BOOST_ERROR("no InputError thrown");
  } catch (const InputError& e) {
    BOOST_TEST(e.file() == "/");
    BOOST_TEST(std::string(e.what()).find("is a directory") != std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_CASE(missing_file) {
  try {
    relucert::read_instance("/nonexistent/dir/file.csv");
    BOOST_ERROR("no InputError thrown");
  } catch (const InputError& e) {
    BOOST_TEST(e.file() == "/nonexistent/dir/file.csv");
    BOOST_TEST(e.line() == 0u);
  }
}

// ---- CSV grammar and column options (certs/FORMAT.md §1-§2, README Data files) ----

namespace {
relucert::ColumnOptions cols(std::optional<std::string> label, std::optional<std::string> features,
                             std::optional<std::string> weight = std::nullopt,
                             bool no_header = false) {
  relucert::ColumnOptions o;
  o.label = std::move(label);
  o.features = std::move(features);
  o.weight = std::move(weight);
  o.no_header = no_header;
  return o;
}
} // namespace

BOOST_AUTO_TEST_CASE(label_not_last_by_option) {
  // y,bmi,s5 with --label y: x = (bmi, s5) in header order.
  Instance in = parse_instance("y,bmi,s5\n1,2,3\n4,5,6\n", "d.csv", cols("y", {}));
  BOOST_TEST(in.d == 2u);
  BOOST_TEST((in.x[0] == std::vector<Rational>{R("2"), R("3")}));
  BOOST_TEST((in.y == std::vector<Rational>{R("1"), R("4")}));
  BOOST_TEST(relucert::columns_text(in) == "features bmi,s5; label y; weight -");
  BOOST_TEST(relucert::columns_record(in) == "columns comma 1 1 - 2 3");
  // Without --label, the default mapping would make y a feature: refused, with the fix.
  expect_error("y,bmi,s5\n1,2,3\n", 1, 1, "--label y");
  expect_error("a,Label,s5\n1,2,3\n", 1, 3, "--label Label");
  expect_error("a,TARGET,s5\n1,2,3\n", 1, 3, "would be read as a feature");
  // Features in the option's order, by name, number and range.
  Instance f = parse_instance("i,a,b,c,y\n0,1,2,3,4\n", "f.csv", cols({}, "c,2-3"));
  BOOST_TEST((f.x[0] == std::vector<Rational>{R("3"), R("1"), R("2")}));
  BOOST_TEST(relucert::columns_record(f) == "columns comma 1 5 - 4 2 3");
}

BOOST_AUTO_TEST_CASE(weight_column_by_option) {
  expect_error("a,Weight,y\n1,2,3\n", 1, 3, "--weight Weight");
  Instance in = parse_instance("a,Weight,y\n1,2,3\n", "w.csv", cols({}, {}, "Weight"));
  BOOST_TEST(in.d == 1u);
  BOOST_TEST((in.c == std::vector<Rational>{R("2")}));
  BOOST_TEST(relucert::columns_text(in) == "features a; label y; weight Weight");
}

BOOST_AUTO_TEST_CASE(no_header) {
  // A header of numbers is refused (a file without one?) unless --no-header.
  expect_error("1,2\n3,4\n", 1, 1, "--no-header");
  // The iris header of scikit-learn: a name that is a number.
  expect_error("150,4,setosa\n1,2,3\n", 1, 1, "is a number");
  Instance in = parse_instance("1,2\n3,4\n", "n.csv", cols({}, {}, {}, true));
  BOOST_TEST(in.n == 2u);
  BOOST_TEST((in.y == std::vector<Rational>{R("2"), R("4")}));
  BOOST_TEST(relucert::columns_text(in) == "features #1; label #2; weight -");
  BOOST_TEST(relucert::columns_record(in) == "columns comma 0 2 - 1");
  // By number only.
  BOOST_CHECK_THROW(parse_instance("1,2\n", "n.csv", cols("y", {}, {}, true)),
                    relucert::ColumnUsageError);
  Instance l = parse_instance("1,2,3\n", "n.csv", cols("1", {}, {}, true));
  BOOST_TEST(relucert::columns_record(l) == "columns comma 0 1 - 2 3");
}

BOOST_AUTO_TEST_CASE(separators_quotes_bom_crlf) {
  // ';' detected (it gives the most fields on every line); a decimal comma is quoted-free text.
  Instance s = parse_instance("\xEF\xBB\xBF\"a;b\";y\r\n1;2\r\n", "s.csv");
  BOOST_TEST(s.csv->sep == ';');
  BOOST_TEST(s.csv->sep_detected);
  BOOST_TEST(s.feature_names == (std::vector<std::string>{"a;b"}));
  BOOST_TEST(s.x_col[0] == 1u);
  Instance t = parse_instance("a\t b\ty\n1\t2\t 3\n", "t.csv");
  BOOST_TEST(t.csv->sep == '\t');
  BOOST_TEST(t.feature_names == (std::vector<std::string>{"a", "b"}));
  BOOST_TEST(relucert::columns_record(t) == "columns tab 1 3 - 1 2");
  // Quoted numbers and a doubled quote in a name.
  Instance q = parse_instance("\"say \"\"x\"\"\",y\n \"1\" ,\"2\"\n", "q.csv");
  BOOST_TEST(q.feature_names == (std::vector<std::string>{"say \"x\""}));
  BOOST_TEST(q.x[0][0] == R("1"));
  BOOST_TEST(q.y[0] == R("2"));
  expect_error("a,y\n\"1,2\n", 2, 1, "unterminated quoted field");
  expect_error("a,y\n\"1\"x,2\n", 2, 4, "text after a closing quote");
  expect_error("a,y\n1\"2,2\n", 2, 2, "inside an unquoted field");
  // A decimal comma with ';': the hint says so.
  expect_error("a;y\n1,5;2\n", 2, 1, "decimal point");
  // A line with the wrong number of fields: another separator fits.
  expect_error("a,b,y\n1;2;3\n", 2, 6, "--sep semicolon");
  // --sep given: no detection.
  relucert::ColumnOptions o;
  o.sep = "comma";
  Instance c = parse_instance("a;b,y\n1,2\n", "c.csv", o);
  BOOST_TEST(c.feature_names == (std::vector<std::string>{"a;b"}));
  BOOST_TEST(!c.csv->sep_detected);
}

BOOST_AUTO_TEST_CASE(option_errors) {
  expect_error("a,b,y\n1,2,3\n", 1, 1, "no column named 'z'", cols("z", {}));
  expect_error("a,b,y\n1,2,3\n", 1, 1, "numbered 1 to 3", cols("4", {}));
  expect_error("a,a,y\n1,2,3\n", 1, 3, "two columns are named 'a'", cols({}, "a"));
  BOOST_CHECK_THROW(parse_instance("a,b,y\n1,2,3\n", "x.csv", cols("y", "2-3")),
                    relucert::ColumnUsageError);
  BOOST_CHECK_THROW(parse_instance("a,b,y\n1,2,3\n", "x.csv", cols({}, "3-2")),
                    relucert::ColumnUsageError);
  BOOST_CHECK_THROW(parse_instance("a,b,y\n1,2,3\n", "x.csv", cols({}, "1,,2")),
                    relucert::ColumnUsageError);
  // Column options on the text form are a usage error naming the file.
  try {
    parse_instance("relu 1\n1 2\n", "t.relu", cols("1", {}));
    BOOST_ERROR("no ColumnUsageError");
  } catch (const relucert::ColumnUsageError& e) {
    BOOST_TEST(std::string(e.what()).rfind("t.relu: --label", 0) == 0, e.what());
  }
  // Unused columns are not read: a pandas index of text is fine when skipped.
  Instance in = parse_instance(",x,y\nr1,1,2\n", "p.csv", cols({}, "x"));
  BOOST_TEST(in.n == 1u);
  BOOST_TEST(relucert::columns_text(in) == "features x; label y; weight -");
}
