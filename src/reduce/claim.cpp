#include "reduce/claim.hpp"

#include <sstream>

namespace relucert::reduce {

namespace {
// A free-text field stays on its line: control characters become '?'.
std::string one_line(std::string s) {
  for (char& ch : s)
    if (static_cast<unsigned char>(ch) < 32 || ch == 127) ch = '?';
  return s;
}
} // namespace

std::string model_text(const Model& m) {
  return std::to_string(m.units) + (m.bias ? " 1 " : " 0 ") + (m.nonneg ? "nonneg" : "signed");
}

const char* relation_text(Relation r) {
  switch (r) {
  case Relation::AtMost:
    return "<=";
  case Relation::AtLeast:
    return ">=";
  case Relation::Above:
    return ">";
  }
  return "?";
}

std::string format_claim(const Claim& c) {
  std::ostringstream o;
  o << "relucert-claim 1\n";
  o << "reduction " << c.reduction << "\n";
  if (!c.variant.empty()) o << "variant " << c.variant << "\n";
  if (!c.fact.empty()) o << "fact " << c.fact << "\n";
  o << "source " << one_line(c.source) << "\n";
  for (const auto& r : c.source_records)
    o << r << "\n";
  o << "instance " << one_line(c.instance_file) << " " << c.instance_sha256 << "\n";
  o << "model " << model_text(c.model) << "\n";
  for (const auto& [key, value] : c.parameters)
    o << key << " " << value.str() << "\n";
  if (c.fact != "asserted") {
    o << "side " << (c.yes ? "YES" : "NO") << "\n";
    if (!c.source_value.empty()) o << "source-value " << c.source_value << "\n";
    o << "source-witness " << c.source_witness << "\n";
  }
  o << "claim " << relation_text(c.relation) << " " << c.bound.str() << "\n";
  o << "end\n";
  return o.str();
}

Verdict decide(Relation rel, const Rational& bound, const Rational& lower, const Rational& upper) {
  switch (rel) {
  case Relation::AtMost:
    return upper <= bound ? Verdict::Holds : lower > bound ? Verdict::Violated : Verdict::Undecided;
  case Relation::AtLeast:
    return lower >= bound ? Verdict::Holds : upper < bound ? Verdict::Violated : Verdict::Undecided;
  case Relation::Above:
    return lower > bound ? Verdict::Holds : upper <= bound ? Verdict::Violated : Verdict::Undecided;
  }
  return Verdict::Undecided;
}

const char* verdict_text(Verdict v) {
  switch (v) {
  case Verdict::Holds:
    return "holds";
  case Verdict::Violated:
    return "VIOLATED";
  case Verdict::Undecided:
    return "undecided";
  }
  return "?";
}

} // namespace relucert::reduce
