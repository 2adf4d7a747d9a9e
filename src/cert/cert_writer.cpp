#include "cert/cert_writer.hpp"

#include "relucert_version.hpp" // generated: the version and the source commit

#include <cstring>

namespace relucert {

namespace {

// "00", "01", ..., "99": two digits per division (numbers are most of a certificate's bytes).
struct DigitPairs {
  char c[200];
  constexpr DigitPairs() : c() {
    for (int i = 0; i < 100; ++i)
      c[2 * i] = static_cast<char>('0' + i / 10), c[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
};
constexpr DigitPairs PAIRS;

void append_uint(std::string& out, uint64_t v) {
  char buf[20]; // 2^64 - 1 has 20 digits; written from the end
  char* p = buf + sizeof buf;
  for (; v >= 100; v /= 100)
    p -= 2, std::memcpy(p, PAIRS.c + 2 * (v % 100), 2);
  if (v >= 10)
    p -= 2, std::memcpy(p, PAIRS.c + 2 * v, 2);
  else
    *--p = static_cast<char>('0' + v);
  out.append(p, static_cast<size_t>(buf + sizeof buf - p));
}

// v in decimal, in pieces of 19 digits below 10^19 (< 2^64).
void append_u128(std::string& out, u128 v) {
  constexpr uint64_t P19 = 10000000000000000000ULL;
  if (v >> 64 == 0) return append_uint(out, static_cast<uint64_t>(v));
  append_u128(out, v / P19);
  const std::string::size_type at = out.size();
  append_uint(out, static_cast<uint64_t>(v % P19));
  out.insert(at, 19 - (out.size() - at), '0');
}

// mpz_get_str into the string's own buffer (sizeinbase may be one too many: trimmed); a value
// of one limb, the usual case, without it.
void append_mpz(std::string& out, mpz_srcptr z) {
  if (mpz_size(z) <= 1) {
    if (mpz_sgn(z) < 0) out += '-';
    append_uint(out, mpz_getlimbn(z, 0)); // limb 0 of zero is 0
    return;
  }
  const size_t at = out.size();
  out.resize(at + mpz_sizeinbase(z, 10) + 2);
  mpz_get_str(&out[at], 10, z);
  out.resize(at + std::char_traits<char>::length(&out[at]));
}

// Canonical text of q ("0", "-7", "3/4"), as Rational::str().
void append_rational(std::string& out, const Rational& q) {
  append_mpz(out, q.get().get_num_mpz_t());
  if (mpz_cmp_ui(q.get().get_den_mpz_t(), 1) != 0) {
    out += '/';
    append_mpz(out, q.get().get_den_mpz_t());
  }
}

void append_multipliers(std::string& out, const std::vector<Multiplier>& lambda) {
  for (const Multiplier& m : lambda) {
    out += ' ';
    append_uint(out, m.r);
    out += ' ';
    append_rational(out, m.value);
  }
}

// Multipliers in machine integers (SmallMultiplier, WideMultiplier: num / den canonical, den > 0),
// as Rational::str() writes them: "-7", "3/4".
template <class M> void append_multipliers(std::string& out, const std::vector<M>& lambda) {
  for (const M& m : lambda) {
    out += ' ';
    append_uint(out, m.r);
    out += ' ';
    if (m.num < 0) out += '-';
    append_u128(out, m.num < 0 ? -static_cast<u128>(m.num) : static_cast<u128>(m.num));
    if (m.den != 1) {
      out += '/';
      append_u128(out, static_cast<u128>(m.den));
    }
  }
}

// "<keyword>j i +" or "... -", the fields that branch and implied share.
void append_split(std::string& out, const char* keyword, int unit, int point, bool active_first) {
  out += keyword;
  append_uint(out, static_cast<uint64_t>(unit));
  out += ' ';
  append_uint(out, static_cast<uint64_t>(point));
  out += active_first ? " +" : " -";
}

} // namespace

void append_branch(std::string& out, int unit, int point, bool active_first) {
  append_split(out, "branch ", unit, point, active_first);
  out += '\n';
}

void append_leaf(std::string& out, const RVec& u, const RVec& mu,
                 const std::vector<Multiplier>& lambda) {
  append_leaf(out, u, mu, lambda, {});
}

void append_leaf(std::string& out, const RVec& u, const RVec& mu,
                 const std::vector<Multiplier>& lambda, const std::vector<WideMultiplier>& hinge) {
  out += "leaf";
  for (const RVec* v : {&u, &mu})
    for (const Rational& q : *v) {
      out += ' ';
      append_rational(out, q);
    }
  append_multipliers(out, lambda);
  append_multipliers(out, hinge);
  out += '\n';
}

void append_empty(std::string& out, const std::vector<Multiplier>& lambda) {
  out += "empty";
  append_multipliers(out, lambda);
  out += '\n';
}

void append_implied(std::string& out, int unit, int point, bool active_first,
                    const std::vector<Multiplier>& lambda) {
  append_split(out, "implied ", unit, point, active_first);
  append_multipliers(out, lambda);
  out += '\n';
}

void append_empty(std::string& out, const std::vector<SmallMultiplier>& lambda) {
  out += "empty";
  append_multipliers(out, lambda);
  out += '\n';
}

void append_implied(std::string& out, int unit, int point, bool active_first,
                    const std::vector<SmallMultiplier>& lambda) {
  append_split(out, "implied ", unit, point, active_first);
  append_multipliers(out, lambda);
  out += '\n';
}

void append_sym(std::string& out, int unit, int point) {
  out += "sym ";
  append_uint(out, static_cast<uint64_t>(unit));
  out += ' ';
  append_uint(out, static_cast<uint64_t>(point));
  out += '\n';
}

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
  line_.clear();
  append_branch(line_, unit, point, active_first);
  text(line_);
}

void CertWriter::leaf(const RVec& u, const RVec& mu, const std::vector<Multiplier>& lambda) {
  line_.clear();
  append_leaf(line_, u, mu, lambda);
  text(line_);
}

void CertWriter::empty(const std::vector<Multiplier>& lambda) {
  line_.clear();
  append_empty(line_, lambda);
  text(line_);
}

void CertWriter::implied(int unit, int point, bool active_first,
                         const std::vector<Multiplier>& lambda) {
  line_.clear();
  append_implied(line_, unit, point, active_first, lambda);
  text(line_);
}

void CertWriter::sym(int unit, int point) {
  line_.clear();
  append_sym(line_, unit, point);
  text(line_);
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
