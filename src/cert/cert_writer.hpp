// Streams a certificate in the format of certs/FORMAT.md (version 1) as the search
// reports it. Records go out in preorder; nothing is buffered beyond the stream.
#pragma once

#include "cert/tracer.hpp"

#include <ostream>

namespace relucert {

class CertWriter : public Tracer {
public:
  explicit CertWriter(std::ostream& out) : out_(out) {}

  void begin(const Instance& inst, const Model& model) override;
  void begin_tree(int p) override;
  void branch(int unit, int point, bool active_first) override;
  void leaf(const RVec& u, const RVec& mu, const std::vector<Multiplier>& lambda) override;
  void empty(const std::vector<Multiplier>& lambda) override;
  void sym(int unit, int point) override;
  void end_tree(int p, const TreeCounts& counts) override;
  void finish(const Network& witness, const Rational& upper, const Rational& lower) override;

private:
  std::ostream& out_;
  bool bias_ = false;
};

} // namespace relucert
