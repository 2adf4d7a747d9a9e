#include "reduce/graph.hpp"

#include "io/input_error.hpp"
#include "io/text_input.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <stdexcept>

namespace relucert::reduce {

namespace {

// nauty's formats.txt: the 1-byte size form holds n <= 62, the 4-byte form
// (126 then 18 bits) n <= 258047; the 8-byte form is not supported here.
constexpr size_t GRAPH6_SHORT_MAX = 62;
constexpr size_t GRAPH6_MEDIUM_MAX = 258047;
const std::string GRAPH6_HEADER = ">>graph6<<";

std::string show_char(char ch) {
  const auto u = static_cast<unsigned char>(ch);
  if (u >= 33 && u <= 126) return std::string("'") + ch + "'";
  return "byte " + std::to_string(u);
}

bool significant(const std::string& line) {
  return !is_blank(line) && line[0] != '#';
}

} // namespace

std::vector<size_t> Graph::degrees() const {
  std::vector<size_t> deg(n, 0);
  for (const auto& [u, v] : edges) {
    ++deg[u];
    ++deg[v];
  }
  return deg;
}

Graph make_graph(size_t n, std::vector<std::pair<size_t, size_t>> edges) {
  for (auto& [u, v] : edges) {
    if (u >= n || v >= n) throw std::invalid_argument("make_graph: vertex out of range");
    if (u == v) throw std::invalid_argument("make_graph: loop");
    if (u > v) std::swap(u, v);
  }
  std::sort(edges.begin(), edges.end());
  if (std::adjacent_find(edges.begin(), edges.end()) != edges.end())
    throw std::invalid_argument("make_graph: repeated edge");
  Graph g;
  g.n = n;
  g.edges = std::move(edges);
  return g;
}

Graph decode_graph6(const std::string& s, const std::string& name, size_t line, size_t col0) {
  if (s.empty()) throw InputError(name, line, col0, "empty graph6 string");
  if (s[0] == ':' || s[0] == ';')
    throw InputError(name, line, col0, "sparse6 is not supported; convert with nauty's 'copyg -g'");
  if (s[0] == '&') throw InputError(name, line, col0, "digraph6 is not supported");
  for (size_t k = 0; k < s.size(); ++k) {
    const auto u = static_cast<unsigned char>(s[k]);
    if (u < 63 || u > 126)
      throw InputError(name, line, col0 + k,
                       "invalid graph6 character " + show_char(s[k]) +
                           " (graph6 uses the characters '?' to '~', bytes 63..126)");
  }
  auto val = [&](size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(s[k]) - 63); };
  size_t n = 0, pos = 0;
  if (val(0) < 63) {
    n = val(0);
    pos = 1;
  } else if (s.size() >= 2 && val(1) == 63) {
    throw InputError(name, line, col0,
                     "graphs with more than " + std::to_string(GRAPH6_MEDIUM_MAX) +
                         " vertices (the 8-byte size form) are not supported");
  } else {
    if (s.size() < 4)
      throw InputError(name, line, col0 + s.size(),
                       "graph6 size field truncated: '~' must be followed by 3 characters");
    n = (size_t(val(1)) << 12) | (size_t(val(2)) << 6) | size_t(val(3));
    pos = 4;
  }
  const uint64_t bits = uint64_t(n) * (n ? n - 1 : 0) / 2;
  const uint64_t need = (bits + 5) / 6;
  const uint64_t have = s.size() - pos;
  if (have < need)
    throw InputError(name, line, col0 + s.size(),
                     "graph6 string too short: n = " + std::to_string(n) + " needs " +
                         std::to_string(need) + " data characters after the size, found " +
                         std::to_string(have));
  if (have > need)
    throw InputError(name, line, col0 + pos + need,
                     "graph6 string too long: n = " + std::to_string(n) + " needs " +
                         std::to_string(need) + " data characters after the size, found " +
                         std::to_string(have));
  // Bit k (0-based, most significant first within each character) is x(i, j) for
  // the k-th pair in the order (0,1), (0,2), (1,2), (0,3), (1,3), (2,3), ...
  Graph g;
  g.n = n;
  size_t i = 0, j = 1;
  for (uint64_t k = 0; k < bits; ++k) {
    const unsigned byte = val(pos + k / 6);
    if ((byte >> (5 - k % 6)) & 1u) g.edges.emplace_back(i, j);
    if (++i == j) {
      i = 0;
      ++j;
    }
  }
  if (need > 0) {
    const unsigned pad = unsigned(6 * need - bits);
    if (val(pos + need - 1) & ((1u << pad) - 1u))
      throw InputError(name, line, col0 + pos + need - 1, "nonzero padding bits in graph6 string");
  }
  std::sort(g.edges.begin(), g.edges.end());
  return g;
}

std::string encode_graph6(const Graph& g) {
  if (g.n > GRAPH6_MEDIUM_MAX)
    throw std::invalid_argument("encode_graph6: more than 258047 vertices");
  std::string s;
  if (g.n <= GRAPH6_SHORT_MAX) {
    s.push_back(char(63 + g.n));
  } else {
    s.push_back(char(126));
    for (int shift : {12, 6, 0})
      s.push_back(char(63 + ((g.n >> shift) & 63)));
  }
  const uint64_t bits = uint64_t(g.n) * (g.n ? g.n - 1 : 0) / 2;
  std::string data((bits + 5) / 6, char(0));
  for (const auto& [u, v] : g.edges) {
    // (u, v) with u < v is pair number v(v-1)/2 + u.
    const uint64_t k = uint64_t(v) * (v - 1) / 2 + u;
    data[k / 6] = char(data[k / 6] | (1 << (5 - k % 6)));
  }
  for (char& ch : data)
    ch = char(ch + 63);
  return s + data;
}

Graph parse_edge_list(const std::string& bytes, const std::string& name) {
  const auto lines = split_lines(bytes, name);
  bool have_p = false;
  size_t n = 0, m = 0, p_line = 0, m_col = 0;
  std::vector<std::pair<size_t, size_t>> edges;
  std::map<std::pair<size_t, size_t>, size_t> seen; // edge -> line
  for (const auto& [ln, text] : lines) {
    if (!significant(text)) continue;
    const auto f = split_fields(text);
    if (f[0].text == "c") continue; // DIMACS comment
    if (!have_p) {
      if (f[0].text != "p")
        throw InputError(name, ln, f[0].col, "expected the problem line 'p edge <n> <m>'");
      if (f.size() < 2 || f[1].text != "edge")
        throw InputError(name, ln, f.size() < 2 ? text.size() + 1 : f[1].col,
                         "expected 'edge' after 'p' (problem line 'p edge <n> <m>')");
      if (f.size() != 4)
        throw InputError(name, ln, f.size() < 4 ? text.size() + 1 : f[4].col,
                         "problem line must be 'p edge <n> <m>'");
      n = parse_count(f[2], "a vertex count", name, ln);
      m = parse_count(f[3], "an edge count", name, ln);
      have_p = true;
      p_line = ln;
      m_col = f[3].col;
      continue;
    }
    if (f[0].text == "p") throw InputError(name, ln, f[0].col, "a second problem line");
    if (f[0].text != "e") throw InputError(name, ln, f[0].col, "expected an edge line 'e <u> <v>'");
    if (f.size() != 3)
      throw InputError(name, ln, f.size() < 3 ? text.size() + 1 : f[3].col,
                       "an edge line is 'e <u> <v>'");
    size_t ends[2];
    for (int t = 0; t < 2; ++t) {
      const Field& fv = f[1 + t];
      const size_t v = parse_count(fv, "a vertex number", name, ln);
      if (v < 1 || v > n)
        throw InputError(name, ln, fv.col,
                         "vertex " + fv.text + " out of range 1.." + std::to_string(n));
      ends[t] = v - 1;
    }
    if (ends[0] == ends[1])
      throw InputError(name, ln, f[2].col, "loop at vertex " + f[1].text + " (graphs are simple)");
    if (edges.size() == m)
      throw InputError(name, ln, f[0].col,
                       "more edges than the " + std::to_string(m) + " declared on line " +
                           std::to_string(p_line));
    const auto key = std::minmax(ends[0], ends[1]);
    auto [it, fresh] = seen.emplace(key, ln);
    if (!fresh)
      throw InputError(name, ln, f[0].col,
                       "edge {" + f[1].text + ", " + f[2].text + "} repeated (first on line " +
                           std::to_string(it->second) + "; graphs are simple)");
    edges.emplace_back(ends[0], ends[1]);
  }
  if (!have_p) throw InputError(name, 1, 1, "no problem line 'p edge <n> <m>'");
  if (edges.size() != m)
    throw InputError(name, p_line, m_col,
                     "the problem line declares " + std::to_string(m) + " edges, found " +
                         std::to_string(edges.size()));
  return make_graph(n, std::move(edges));
}

std::vector<GraphRecord> parse_graphs(const std::string& bytes, const std::string& name) {
  const auto lines = split_lines(bytes, name);
  auto first = std::find_if(lines.begin(), lines.end(),
                            [](const TextLine& l) { return significant(l.text); });
  if (first == lines.end()) throw InputError(name, 1, 1, "no graph found (empty file)");
  // DIMACS comment lines ('c' as the first field) cannot be graph6, which has no spaces.
  auto head = std::find_if(first, lines.end(), [](const TextLine& l) {
    return significant(l.text) && split_fields(l.text)[0].text != "c";
  });
  if (head != lines.end() && split_fields(head->text)[0].text == "p")
    return {{parse_edge_list(bytes, name), head->number}};
  std::vector<GraphRecord> out;
  bool first_line = true;
  for (auto it = first; it != lines.end(); ++it) {
    if (!significant(it->text)) continue;
    std::string s = it->text;
    size_t col0 = 1;
    if (first_line && s.rfind(">>", 0) == 0) {
      if (s.rfind(GRAPH6_HEADER, 0) != 0)
        throw InputError(name, it->number, 1, "unknown header (only '>>graph6<<' is supported)");
      s = s.substr(GRAPH6_HEADER.size());
      col0 += GRAPH6_HEADER.size();
    }
    first_line = false;
    if (s.empty()) continue; // the header on a line of its own
    out.push_back({decode_graph6(s, name, it->number, col0), it->number});
  }
  if (out.empty())
    throw InputError(name, first->number, first->text.size() + 1, "no graph after the header");
  return out;
}

} // namespace relucert::reduce
