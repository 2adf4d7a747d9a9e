// Hypergraphs for the 2-colouring reduction and their plain-text format
// (docs/REDUCTIONS.md):
//
//   # comment lines start with '#'; blank lines are ignored
//   hypergraph <n>
//   1 2 3          one edge per line: distinct vertex numbers in 1..n, at least 2
//   3 4 5
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace relucert::reduce {

// Vertices are 0..n-1; each edge lists >= 2 distinct vertices in increasing order.
// Edges keep their file order; a repeated edge is allowed (it is simply a repeated
// point of the training set).
struct Hypergraph {
  size_t n = 0;
  std::vector<std::vector<size_t>> edges;
  size_t n_line = 0, n_col = 0; // where the file states n (for size-limit errors)

  size_t max_edge_size() const;
};

// Parses the text format; throws InputError naming file:line:column.
Hypergraph parse_hypergraph(const std::string& bytes, const std::string& name);

} // namespace relucert::reduce
