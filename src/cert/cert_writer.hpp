// Streams a certificate in the format of certs/FORMAT.md (version 1) as the search
// reports it. Records go out in preorder; nothing is buffered beyond the stream.
#pragma once

#include "cert/tracer.hpp"

#include <ostream>
#include <string>

namespace relucert {

// The text of one node record of certs/FORMAT.md §3, with its newline, appended to `out`:
// the one formatting of these records (CertWriter, and the search's fragments in text form).
// Numbers are written straight into `out` (no string per number).
void append_branch(std::string& out, int unit, int point, bool active_first);
void append_leaf(std::string& out, const RVec& u, const RVec& mu,
                 const std::vector<Multiplier>& lambda);
void append_empty(std::string& out, const std::vector<Multiplier>& lambda);
void append_implied(std::string& out, int unit, int point, bool active_first,
                    const std::vector<Multiplier>& lambda);
void append_sym(std::string& out, int unit, int point);
// The same records from machine-integer multipliers: the same text as from their Rationals.
void append_empty(std::string& out, const std::vector<SmallMultiplier>& lambda);
void append_implied(std::string& out, int unit, int point, bool active_first,
                    const std::vector<SmallMultiplier>& lambda);
// A leaf whose multipliers are lambda followed by hinge (Tracer::leaf).
void append_leaf(std::string& out, const RVec& u, const RVec& mu,
                 const std::vector<Multiplier>& lambda, const std::vector<WideMultiplier>& hinge);

class CertWriter : public Tracer {
public:
  explicit CertWriter(std::ostream& out) : out_(out) {}

  void begin(const Instance& inst, const Model& model) override;
  void begin_tree(int p) override;
  void branch(int unit, int point, bool active_first) override;
  void leaf(const RVec& u, const RVec& mu, const std::vector<Multiplier>& lambda) override;
  void empty(const std::vector<Multiplier>& lambda) override;
  void implied(int unit, int point, bool active_first,
               const std::vector<Multiplier>& lambda) override;
  void sym(int unit, int point) override;
  bool takes_text() const override { return true; }
  void text(std::string_view records) override { out_.write(records.data(), records.size()); }
  void end_tree(int p, const TreeCounts& counts) override;
  void finish(const Network& witness, const Rational& upper, const Rational& lower) override;

private:
  std::ostream& out_;
  bool bias_ = false;
  std::string line_; // scratch
};

} // namespace relucert
