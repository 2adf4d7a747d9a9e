#include "exact/rational.hpp"

#include <climits>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace relucert {

namespace {
bool is_digit(char ch) {
  return ch >= '0' && ch <= '9';
}

// Parses [0-9]+ in base 10 (never base 0: no octal or hex surprises).
mpz_class parse_digits(std::string_view s) {
  mpz_class z;
  mpz_set_str(z.get_mpz_t(), std::string(s).c_str(), 10);
  return z;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char ch : s)
    if (!is_digit(ch)) return false;
  return true;
}

// [1-9][0-9]*
bool canonical_positive(std::string_view s) {
  return all_digits(s) && s[0] != '0';
}
} // namespace

Rational::Rational(const mpz_class& num, const mpz_class& den) {
  if (den == 0) throw std::domain_error("rational with zero denominator");
  mpq_set_num(q_.get_mpq_t(), num.get_mpz_t());
  mpq_set_den(q_.get_mpq_t(), den.get_mpz_t());
  q_.canonicalize();
}

namespace {
// z = (neg ? -m : m) exactly.
void set_magnitude(mpz_class& z, u128 m, bool neg) {
  static_assert(sizeof(unsigned long) == 8, "mpz_set_ui takes 64 bits here");
  mpz_set_ui(z.get_mpz_t(), static_cast<unsigned long>(m >> 64));
  mpz_mul_2exp(z.get_mpz_t(), z.get_mpz_t(), 64);
  mpz_add_ui(z.get_mpz_t(), z.get_mpz_t(), static_cast<unsigned long>(m & ~uint64_t(0)));
  if (neg) mpz_neg(z.get_mpz_t(), z.get_mpz_t());
}
} // namespace

void set_mpz(mpz_class& z, i128 v) {
  set_magnitude(z, v < 0 ? -static_cast<u128>(v) : static_cast<u128>(v), v < 0);
}

Rational ratio(i128 num, const mpz_class& den) {
  if (num == 0) return Rational(0);
  mpq_class q;
  set_mpz(q.get_num(), num);
  q.get_den() = den;
  return Rational(q); // canonicalises
}

u128 gcd_u128(u128 a, u128 b) {
  if ((a >> 64) == 0 && (b >> 64) == 0) // the usual case, in 64-bit divisions
    return std::gcd(static_cast<uint64_t>(a), static_cast<uint64_t>(b));
  while (b != 0) {
    const u128 r = a % b;
    a = b, b = r;
  }
  return a;
}

void reduce_pair(u128& a, u128& b) {
  const u128 g = gcd_u128(a, b);
  if ((a >> 64) == 0 && (b >> 64) == 0) { // 64-bit divisions
    a = static_cast<uint64_t>(a) / static_cast<uint64_t>(g);
    b = static_cast<uint64_t>(b) / static_cast<uint64_t>(g);
  } else {
    a /= g, b /= g;
  }
}

Rational ratio(i128 num, i128 den) {
  if (den <= 0) throw std::domain_error("ratio: denominator not positive");
  if (num == 0) return Rational(0);
  const bool neg = num < 0;
  u128 a = neg ? -static_cast<u128>(num) : static_cast<u128>(num), b = static_cast<u128>(den);
  reduce_pair(a, b);
  Rational q;
  if (a <= static_cast<u128>(LONG_MAX) && b <= static_cast<u128>(ULONG_MAX)) {
    const long n = static_cast<long>(a);
    mpq_set_si(q.q_.get_mpq_t(), neg ? -n : n, static_cast<unsigned long>(b));
  } else {
    set_magnitude(q.q_.get_num(), a, neg);
    set_magnitude(q.q_.get_den(), b, false);
  }
  return q; // coprime, den > 0: canonical
}

Rational& Rational::operator/=(const Rational& o) {
  if (o.is_zero()) throw std::domain_error("division by zero");
  q_ /= o.q_;
  return *this;
}

Rational operator/(const Rational& a, const Rational& b) {
  if (b.is_zero()) throw std::domain_error("division by zero");
  return Rational(Rational::Canonical{}, a.q_ / b.q_);
}

Rational Rational::from_double_exact(double v) {
  if (!std::isfinite(v)) throw std::domain_error("non-finite double");
  mpq_class q;
  mpq_set_d(q.get_mpq_t(), v); // exact: every finite double is a dyadic rational
  return Rational(q);
}

std::optional<Rational> Rational::parse_instance_number(std::string_view s) {
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  Rational r;
  auto slash = s.find('/');
  if (slash != std::string_view::npos) {
    auto a = s.substr(0, slash), b = s.substr(slash + 1);
    if (!all_digits(a) || !all_digits(b)) return std::nullopt;
    mpz_class den = parse_digits(b);
    if (den == 0) return std::nullopt;
    r = Rational(parse_digits(a), den);
  } else {
    std::string_view mant = s, expo;
    auto e = s.find_first_of("eE");
    if (e != std::string_view::npos) {
      mant = s.substr(0, e);
      expo = s.substr(e + 1);
      if (!expo.empty() && (expo[0] == '+' || expo[0] == '-')) {
        if (!all_digits(expo.substr(1))) return std::nullopt;
      } else if (!all_digits(expo)) {
        return std::nullopt;
      }
    }
    auto dot = mant.find('.');
    std::string_view ip = mant, fp;
    if (dot != std::string_view::npos) {
      ip = mant.substr(0, dot);
      fp = mant.substr(dot + 1);
    }
    if (ip.empty() && fp.empty()) return std::nullopt;
    if (!ip.empty() && !all_digits(ip)) return std::nullopt;
    if (!fp.empty() && !all_digits(fp)) return std::nullopt;
    if (dot != std::string_view::npos && ip.empty() && fp.empty()) return std::nullopt;
    std::string digits = std::string(ip) + std::string(fp);
    if (digits.empty()) return std::nullopt;
    long exp10 = -static_cast<long>(fp.size());
    if (!expo.empty()) {
      bool eneg = expo[0] == '-';
      std::string_view ed = (expo[0] == '+' || expo[0] == '-') ? expo.substr(1) : expo;
      // Leading zeros do not count: `1e000004` is 10^4 (FORMAT.md §1 bounds the value).
      while (ed.size() > 1 && ed[0] == '0')
        ed.remove_prefix(1);
      if (ed.size() > 5) return std::nullopt;
      long ev = std::stol(std::string(ed));
      if (ev > 4096) return std::nullopt;
      exp10 += eneg ? -ev : ev;
    }
    mpz_class num = parse_digits(digits), pow10;
    mpz_ui_pow_ui(pow10.get_mpz_t(), 10, static_cast<unsigned long>(exp10 < 0 ? -exp10 : exp10));
    r = exp10 < 0 ? Rational(num, pow10) : Rational(mpz_class(num * pow10));
  }
  return neg ? -r : r;
}

std::optional<Rational> Rational::parse_canonical(std::string_view s) {
  if (s == "0") return Rational(0);
  bool neg = false;
  if (!s.empty() && s[0] == '-') {
    neg = true;
    s.remove_prefix(1);
  }
  auto slash = s.find('/');
  std::string_view a = s.substr(0, slash);
  if (!canonical_positive(a)) return std::nullopt;
  mpz_class num = parse_digits(a), den = 1;
  if (slash != std::string_view::npos) {
    std::string_view b = s.substr(slash + 1);
    if (!canonical_positive(b)) return std::nullopt;
    den = parse_digits(b);
    mpz_class g;
    mpz_gcd(g.get_mpz_t(), num.get_mpz_t(), den.get_mpz_t());
    if (den < 2 || g != 1) return std::nullopt;
  }
  Rational r(num, den);
  return neg ? -r : r;
}

Rational simplest_near(double v, long max_den) {
  if (!std::isfinite(v)) return Rational(0);
  // Continued-fraction convergents of v, stopping before the denominator bound.
  long long p0 = 0, q0 = 1, p1 = 1, q1 = 0;
  double x = v;
  for (int it = 0; it < 64; ++it) {
    double a = std::floor(x);
    if (std::fabs(a) > 9e15) break;
    long long ai = static_cast<long long>(a);
    long long p2 = ai * p1 + p0, q2 = ai * q1 + q0;
    if (q2 > max_den || q2 <= 0) break;
    p0 = p1;
    q0 = q1;
    p1 = p2;
    q1 = q2;
    double frac = x - a;
    if (frac < 1e-15) break;
    x = 1.0 / frac;
  }
  if (q1 == 0) return Rational::from_double_exact(v);
  return Rational(mpz_class(static_cast<long>(p1)), mpz_class(static_cast<long>(q1)));
}

} // namespace relucert
