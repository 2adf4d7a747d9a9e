// Simple undirected graphs for the reductions, and their two input formats
// (docs/REDUCTIONS.md): graph6 (nauty's formats.txt, so `geng` output pipes straight
// in) and a DIMACS-like edge list (`p edge <n> <m>`, then `e <u> <v>` lines, 1-based).
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace relucert::reduce {

// Vertices are 0..n-1. Edges are stored with u < v, sorted lexicographically and
// without repetitions: the canonical form every parser and generator produces.
struct Graph {
  size_t n = 0;
  std::vector<std::pair<size_t, size_t>> edges;

  std::vector<size_t> degrees() const;
};

// Builds the canonical form from any edge list; throws std::invalid_argument on a
// loop, a repeated edge or a vertex out of range.
Graph make_graph(size_t n, std::vector<std::pair<size_t, size_t>> edges);

// A graph read from a file, with the 1-based line it starts on.
struct GraphRecord {
  Graph graph;
  size_t line = 0;
};

// Decodes one graph6 string. `col0` is the column of its first character in the
// line (errors name line:column). Rejects sparse6/digraph6, characters outside
// 63..126, a wrong length, and nonzero padding bits. n up to 258047 (the 1- and
// 4-byte size forms).
Graph decode_graph6(const std::string& s, const std::string& name, size_t line, size_t col0 = 1);

// Encodes in graph6 (no header, no line end).
std::string encode_graph6(const Graph& g);

// Parses a graph file, deciding the format from its first significant line (one
// that is not blank and does not start with '#'), skipping DIMACS comments (first
// field `c`): `p edge n m` starts an edge list (exactly one graph); anything else
// is graph6, one graph per significant line, the first optionally prefixed by the
// header `>>graph6<<`. Neither form can be mistaken for the other: graph6 strings
// have no spaces.
std::vector<GraphRecord> parse_graphs(const std::string& bytes, const std::string& name);

// The edge-list format alone (the same rules as in parse_graphs).
Graph parse_edge_list(const std::string& bytes, const std::string& name);

} // namespace relucert::reduce
