#include "cert/cert_writer.hpp"

#include "relucert_version.hpp" // generated: the version and the source commit

namespace relucert {

namespace {
void write_multipliers(std::ostream& o, const std::vector<Multiplier>& lambda) {
  for (const Multiplier& m : lambda)
    o << ' ' << m.r << ' ' << m.value.str();
}
} // namespace

void CertWriter::begin(const Instance& inst, const Model& model) {
  bias_ = model.bias;
  out_ << "relucert-cert 1\n";
  // Comments are printable ASCII (FORMAT.md §2).
  auto printable = [](std::string s) {
    for (char& ch : s)
      if (ch < 0x20 || ch > 0x7e) ch = '?';
    return s;
  };
  // A CSV instance: the mapping solved, so that the checker reads the same problem.
  if (inst.csv) out_ << columns_record(inst) << "\n";
  // Which relucert wrote it (comments are ignored by the checker; the commit is printable ASCII).
  out_ << "c relucert " << RELUCERT_VERSION << " (commit " << printable(RELUCERT_SOURCE_COMMIT)
       << ")\n";
  out_ << "c instance " << printable(inst.source) << "\n";
  if (inst.csv) out_ << "c columns: " << printable(columns_text(inst)) << "\n";
  out_ << "instance " << inst.digest << ' ' << inst.n << ' ' << inst.d << "\n";
  out_ << "model " << model.units << ' ' << (model.bias ? 1 : 0) << ' '
       << (model.nonneg ? "nonneg" : "signed") << "\n";
  if (model.weight_bound) out_ << "weightbound " << model.weight_bound->str() << "\n";
}

void CertWriter::begin_tree(int p) {
  out_ << "tree " << p << "\n";
}

void CertWriter::branch(int unit, int point, bool active_first) {
  out_ << "branch " << unit << ' ' << point << ' ' << (active_first ? '+' : '-') << "\n";
}

void CertWriter::leaf(const RVec& u, const RVec& mu, const std::vector<Multiplier>& lambda) {
  out_ << "leaf";
  for (const Rational& v : u)
    out_ << ' ' << v.str();
  for (const Rational& m : mu)
    out_ << ' ' << m.str();
  write_multipliers(out_, lambda);
  out_ << "\n";
}

void CertWriter::empty(const std::vector<Multiplier>& lambda) {
  out_ << "empty";
  write_multipliers(out_, lambda);
  out_ << "\n";
}

void CertWriter::sym(int unit, int point) {
  out_ << "sym " << unit << ' ' << point << "\n";
}

void CertWriter::end_tree(int p, const TreeCounts& c) {
  out_ << "endtree " << p << ' ' << c.branches << ' ' << c.leaves << ' ' << c.empties;
  if (c.syms > 0) out_ << ' ' << c.syms;
  out_ << "\n";
}

void CertWriter::finish(const Network& witness, const Rational& upper, const Rational& lower) {
  for (const Unit& u : witness) {
    out_ << "unit " << u.a.str();
    for (const Rational& w : u.w)
      out_ << ' ' << w.str();
    if (bias_) out_ << ' ' << u.b.str();
    out_ << "\n";
  }
  out_ << "upper " << upper.str() << "\n";
  out_ << "lower " << lower.str() << "\n";
  out_ << "end\n";
}

} // namespace relucert
