// The search reports its proof steps to a Tracer (an observer, as in CaDiCaL). The
// certificate writer is one implementation; tests record events with another. The
// default methods do nothing, so a search without a tracer pays nothing.
#pragma once

#include "exact/linalg.hpp"
#include "io/instance.hpp"
#include "solver/exact_bound.hpp"
#include "solver/model.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace relucert {

struct TreeCounts {
  uint64_t branches = 0, leaves = 0, empties = 0, syms = 0;
};

class Tracer {
public:
  virtual ~Tracer() = default;
  virtual void begin(const Instance&, const Model&) {}
  virtual void begin_tree(int /*p*/) {}
  // Splits the current node on (unit, point); the active child comes first iff
  // active_first. Children follow in preorder.
  virtual void branch(int /*unit*/, int /*point*/, bool /*active_first*/) {}
  // Closes the current node with the L4 bound h - u'Qu (with a weight bound, L5: the
  // multipliers mu, one per unit; empty otherwise).
  virtual void leaf(const RVec& /*u*/, const RVec& /*mu*/,
                    const std::vector<Multiplier>& /*lambda*/) {}
  // Closes the current node as having empty interior (L2b).
  virtual void empty(const std::vector<Multiplier>& /*lambda*/) {}
  // Splits the current node on (unit, point) and closes its first child (active iff
  // active_first) as having empty interior: the records branch + empty in one (certs/FORMAT.md
  // §2, `implied`). The node's other child follows. A tracer that does not override it sees
  // exactly those two calls.
  virtual void implied(int unit, int point, bool active_first,
                       const std::vector<Multiplier>& lambda) {
    branch(unit, point, active_first);
    empty(lambda);
  }
  // The same two with machine-integer multipliers (exact_empty_small): a tracer that does not
  // override them sees the calls above with the multipliers as Rationals.
  virtual void empty(const std::vector<SmallMultiplier>& lambda) { empty(to_multipliers(lambda)); }
  virtual void implied(int unit, int point, bool active_first,
                       const std::vector<SmallMultiplier>& lambda) {
    implied(unit, point, active_first, to_multipliers(lambda));
  }
  // A leaf whose hinge multipliers (indices above lambda's) are in 128-bit integers: a tracer
  // that does not override it sees leaf() with lambda followed by them as Rationals.
  virtual void leaf(const RVec& u, const RVec& mu, const std::vector<Multiplier>& lambda,
                    const std::vector<WideMultiplier>& hinge) {
    std::vector<Multiplier> all = lambda, h = to_multipliers(hinge);
    all.insert(all.end(), h.begin(), h.end());
    leaf(u, mu, all);
  }
  // Closes the current node by symmetry: units j and j+1 (equal sign) are decided equal on
  // the points before t, and j is active, j+1 inactive on t (certs/FORMAT.md §4).
  virtual void sym(int /*unit*/, int /*point*/) {}
  // A tracer that writes these records as text (CertWriter) may take them so, already
  // formatted (append_*): text() receives whole record lines, as its own methods would write.
  virtual bool takes_text() const { return false; }
  virtual void text(std::string_view /*records*/) {}
  // A tracer that ignores every event (SilentTracer): the search then records none of them,
  // and forms nothing that only the certificate would read.
  virtual bool discards() const { return false; }
  virtual void end_tree(int /*p*/, const TreeCounts&) {}
  // Final claims: the witness and its loss (upper), the proved lower bound.
  virtual void finish(const Network& /*witness*/, const Rational& /*upper*/,
                      const Rational& /*lower*/) {}
};

// No certificate: the search records no proof steps for it (a run without --out). The
// overloads that would convert their multipliers to Rationals do nothing either.
class SilentTracer final : public Tracer {
public:
  bool discards() const override { return true; }
  void empty(const std::vector<Multiplier>&) override {}
  void empty(const std::vector<SmallMultiplier>&) override {}
  void implied(int, int, bool, const std::vector<Multiplier>&) override {}
  void implied(int, int, bool, const std::vector<SmallMultiplier>&) override {}
  void leaf(const RVec&, const RVec&, const std::vector<Multiplier>&) override {}
  void leaf(const RVec&, const RVec&, const std::vector<Multiplier>&,
            const std::vector<WideMultiplier>&) override {}
};

} // namespace relucert
