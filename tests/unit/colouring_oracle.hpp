// An independent oracle for the hypergraph tests: 2-colourability by plain enumeration of all
// 2^n colourings, no symmetry and no pruning (the library's solver backtracks instead).
#pragma once

#include "reduce/hypergraph.hpp"

#include <cstddef>
#include <cstdint>

namespace testutil {

inline bool slow_two_colourable(const relucert::reduce::Hypergraph& h) {
  for (uint64_t mask = 0; mask < (uint64_t(1) << h.n); ++mask) {
    bool ok = true;
    for (const auto& e : h.edges) {
      size_t ones = 0;
      for (size_t v : e)
        ones += (mask >> v) & 1;
      if (ones == 0 || ones == e.size()) ok = false;
    }
    if (ok) return true;
  }
  return false;
}

} // namespace testutil
