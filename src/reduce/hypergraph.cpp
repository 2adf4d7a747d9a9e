#include "reduce/hypergraph.hpp"

#include "io/input_error.hpp"
#include "io/text_input.hpp"

#include <algorithm>
#include <map>

namespace relucert::reduce {

size_t Hypergraph::max_edge_size() const {
  size_t m = 0;
  for (const auto& e : edges)
    m = std::max(m, e.size());
  return m;
}

Hypergraph parse_hypergraph(const std::string& bytes, const std::string& name) {
  Hypergraph h;
  bool have_header = false;
  for (const auto& [ln, text] : split_lines(bytes, name)) {
    if (is_blank(text) || text[0] == '#') continue;
    const auto f = split_fields(text);
    if (!have_header) {
      if (f[0].text != "hypergraph")
        throw InputError(name, ln, f[0].col, "expected the header 'hypergraph <n>'");
      if (f.size() != 2)
        throw InputError(name, ln, f.size() < 2 ? text.size() + 1 : f[2].col,
                         "the header is 'hypergraph <n>'");
      h.n = parse_count(f[1], "the number of vertices", name, ln);
      h.n_line = ln, h.n_col = f[1].col;
      if (h.n == 0) throw InputError(name, ln, f[1].col, "a hypergraph needs at least one vertex");
      have_header = true;
      continue;
    }
    std::vector<size_t> edge;
    std::map<size_t, size_t> first_col; // vertex -> column of its first mention
    for (const Field& fv : f) {
      const size_t v = parse_count(fv, "a vertex number", name, ln);
      if (v < 1 || v > h.n)
        throw InputError(name, ln, fv.col,
                         "vertex " + fv.text + " out of range 1.." + std::to_string(h.n));
      auto [it, fresh] = first_col.emplace(v, fv.col);
      if (!fresh)
        throw InputError(name, ln, fv.col,
                         "vertex " + fv.text + " repeated in this edge (first at column " +
                             std::to_string(it->second) + ")");
      edge.push_back(v - 1);
    }
    if (edge.size() < 2)
      throw InputError(name, ln, f[0].col,
                       "edge of size 1: every edge needs at least 2 distinct vertices");
    std::sort(edge.begin(), edge.end());
    h.edges.push_back(std::move(edge));
  }
  if (!have_header) throw InputError(name, 1, 1, "no header 'hypergraph <n>' (empty file)");
  return h;
}

} // namespace relucert::reduce
