#include "solver/symmetry.hpp"

#include <algorithm>

namespace relucert {

namespace {

// The decision on (j, i), reading the pair (c.unit, c.point) as decided by c if c is given.
Act act_with(const NodeState& st, size_t j, size_t i, const Constraint* c) {
  if (c && static_cast<size_t>(c->unit) == j && static_cast<size_t>(c->point) == i)
    return c->active ? Act::Active : Act::Inactive;
  return st.act(j, i);
}

// The first point where units a, a+1 are not decided equal (n if none).
size_t tie_point(const NodeState& st, size_t a, const Constraint* c) {
  const size_t n = st.problem().n;
  for (size_t t = 0; t < n; ++t) {
    Act x = act_with(st, a, t, c);
    if (x == Act::Undecided || x != act_with(st, a + 1, t, c)) return t;
  }
  return n;
}

} // namespace

std::pair<int, int> sym_closable(const NodeState& st, const Constraint& c) {
  const auto& s = st.signs();
  const size_t n = st.problem().n;
  const int k = static_cast<int>(st.problem().k);
  for (int a = std::max(0, c.unit - 1); a <= c.unit && a + 1 < k; ++a) {
    if (s[a] != s[a + 1]) continue;
    const size_t ua = static_cast<size_t>(a), t = tie_point(st, ua, &c);
    if (t < n && act_with(st, ua, t, &c) == Act::Active &&
        act_with(st, ua + 1, t, &c) == Act::Inactive)
      return {a, static_cast<int>(t)};
  }
  return {-1, -1};
}

std::pair<int, int> sym_branch(const NodeState& st) {
  const auto& s = st.signs();
  const size_t n = st.problem().n;
  for (size_t a = 0; a + 1 < st.problem().k; ++a) {
    if (s[a] != s[a + 1]) continue;
    size_t t = tie_point(st, a, nullptr);
    if (t == n) continue;
    Act x = st.act(a, t), y = st.act(a + 1, t);
    const int ti = static_cast<int>(t), ai = static_cast<int>(a);
    if (x == Act::Active && y == Act::Undecided) return {ai + 1, ti};
    if (x == Act::Undecided && y == Act::Inactive) return {ai, ti};
  }
  return {-1, -1};
}

} // namespace relucert
