// Exact rational numbers for the solver.
//
// A thin value wrapper around GMP's mpq_class. It exists for one reason beyond
// convenience: mpq_class converts implicitly from double, and an exact tool must
// never take a binary floating-point value for an exact one by accident. Here every
// floating-point constructor is deleted (tests/compile_fail checks it), and the one
// deliberate conversion is the named function Rational::from_double_exact.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace relucert {

// Signed 128-bit integers (GCC and Clang): exact sums of machine-integer products in the
// exact kernels' fast path, whose callers bound every term so that no sum wraps.
__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

class Rational {
public:
  Rational() = default;
  Rational(int v) : q_(v) {}
  Rational(long v) : q_(v) {}
  Rational(long long v) : q_(static_cast<long>(v)) {}
  Rational(unsigned v) : q_(v) {}
  Rational(unsigned long v) : q_(v) {}
  template <class F, std::enable_if_t<std::is_floating_point_v<F>, int> = 0>
  Rational(F) = delete; // never from binary floating point implicitly
  explicit Rational(const mpq_class& q) : q_(q) { q_.canonicalize(); }
  explicit Rational(const mpz_class& z) : q_(z) {}
  Rational(const mpz_class& num, const mpz_class& den);

  // The exact value of a finite double (every double is a dyadic rational).
  static Rational from_double_exact(double v);

  // Parses the instance number grammar of certs/FORMAT.md §1 (integers,
  // fractions, decimals, exponents up to 4096). Returns nothing on a syntax error.
  static std::optional<Rational> parse_instance_number(std::string_view s);
  // Parses a canonical certificate rational (FORMAT.md §2); nothing otherwise.
  static std::optional<Rational> parse_canonical(std::string_view s);

  // Canonical text: "0", "-7", "3/4".
  std::string str() const { return q_.get_str(10); }
  // Nearest double (for steering a search only; never for results).
  double to_double() const { return q_.get_d(); }

  int sign() const { return sgn(q_); }
  bool is_zero() const { return sgn(q_) == 0; }
  const mpq_class& get() const { return q_; }
  mpq_class& get() { return q_; }
  mpz_class num() const { return q_.get_num(); }
  mpz_class den() const { return q_.get_den(); }

  Rational& operator+=(const Rational& o) {
    q_ += o.q_;
    return *this;
  }
  Rational& operator-=(const Rational& o) {
    q_ -= o.q_;
    return *this;
  }
  Rational& operator*=(const Rational& o) {
    q_ *= o.q_;
    return *this;
  }
  Rational& operator/=(const Rational& o);
  Rational operator-() const { return Rational(Canonical{}, -q_); }

  friend Rational operator+(const Rational& a, const Rational& b) {
    return Rational(Canonical{}, a.q_ + b.q_);
  }
  friend Rational operator-(const Rational& a, const Rational& b) {
    return Rational(Canonical{}, a.q_ - b.q_);
  }
  friend Rational operator*(const Rational& a, const Rational& b) {
    return Rational(Canonical{}, a.q_ * b.q_);
  }
  friend Rational operator/(const Rational& a, const Rational& b);
  friend bool operator==(const Rational& a, const Rational& b) { return a.q_ == b.q_; }
  friend bool operator!=(const Rational& a, const Rational& b) { return a.q_ != b.q_; }
  friend bool operator<(const Rational& a, const Rational& b) { return a.q_ < b.q_; }
  friend bool operator<=(const Rational& a, const Rational& b) { return a.q_ <= b.q_; }
  friend bool operator>(const Rational& a, const Rational& b) { return a.q_ > b.q_; }
  friend bool operator>=(const Rational& a, const Rational& b) { return a.q_ >= b.q_; }
  friend Rational ratio(i128 num, i128 den);

private:
  struct Canonical {}; // the value is already canonical (GMP's mpq operations keep it so)
  template <class E> Rational(Canonical, E&& e) : q_(std::forward<E>(e)) {}
  mpq_class q_;
};

// Canonical text, for messages and tests.
inline std::ostream& operator<<(std::ostream& o, const Rational& q) {
  return o << q.str();
}

// a += b * c without temporaries (hot path of the exact bound computations).
inline void add_mul(Rational& a, const Rational& b, const Rational& c) {
  mpq_class t = b.get() * c.get();
  a.get() += t;
}

// z = v exactly.
void set_mpz(mpz_class& z, i128 v);
// num / den exactly (den > 0), canonical.
Rational ratio(i128 num, const mpz_class& den);
// gcd(a, b) by Euclid, in 64-bit integers when both fit (gcd(a, 0) = a, gcd(0, 0) = 0).
u128 gcd_u128(u128 a, u128 b);
// a and b divided by their gcd (b > 0).
void reduce_pair(u128& a, u128& b);
// num / den exactly, canonical; den > 0 (else std::domain_error). Reduced in machine integers,
// so that a small result costs no GMP arithmetic beyond setting its two integers.
Rational ratio(i128 num, i128 den);

// The closest rational to v whose denominator is at most max_den (continued
// fractions). Used to propose simple witnesses; the result is exact, v is not.
Rational simplest_near(double v, long max_den);

} // namespace relucert
