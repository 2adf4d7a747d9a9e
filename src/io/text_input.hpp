// Shared plumbing for the text parsers (training instances, and the source
// instances of the reductions: graphs, hypergraphs): reading a file or standard input, splitting it
// into numbered lines, splitting a line into fields with their columns, and strict integers. Every
// problem is reported as an InputError naming file:line:column.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace relucert {

// The bytes of a file and the name to use in messages ("-" reads standard input
// and is called "<stdin>").
struct SourceText {
  std::string bytes;
  std::string name;
};
SourceText read_source(const std::string& path);

// One line of a text file: its 1-based number and its text without the line end
// (a trailing '\r' is dropped). A NUL byte is an input error anywhere, or (AllowInComments)
// anywhere but in a line with '#' in its first column: instances (certs/FORMAT.md §1) ignore
// such lines byte for byte.
struct TextLine {
  size_t number;
  std::string text;
};
enum class NulBytes { Reject, AllowInComments };
std::vector<TextLine> split_lines(const std::string& bytes, const std::string& name,
                                  NulBytes nul = NulBytes::Reject);

// True if the line is empty or only spaces and tabs.
bool is_blank(const std::string& line);

// A field of a line split on spaces and tabs, with the 1-based column of its
// first character.
struct Field {
  std::string text;
  size_t col;
};
std::vector<Field> split_fields(const std::string& line);

// A nonnegative decimal integer `[0-9]+` (base 10 always, at most 9 digits so it
// fits any size_t); anything else is an input error at the field.
size_t parse_count(const Field& f, const std::string& what, const std::string& name, size_t line);

} // namespace relucert
