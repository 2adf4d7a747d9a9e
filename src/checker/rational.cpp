#include "rational.hpp"

#include <algorithm>
#include <charconv>

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// `[1-9][0-9]*`
bool is_positive_numeral(std::string_view s) {
  return !s.empty() && s[0] != '0' && std::all_of(s.begin(), s.end(), is_digit);
}

std::size_t skip_digits(std::string_view s, std::size_t& p) {
  std::size_t start = p;
  p = std::min(s.find_first_not_of("0123456789", p), s.size());
  return p - start;
}

// z = s if s is `[1-9][0-9]*`; GMP converts only values above 64 bits.
bool numeral(std::string_view s, mpz_class& z) {
  std::uint64_t v;
  bool over;
  if (s == "0" || !parse_cert_uint(s, v, over)) return false;
  if (over) return z.set_str(std::string(s), 10) == 0;
  z = v;
  return true;
}

} // namespace

bool parse_cert_uint(std::string_view s, std::uint64_t& out, bool& over) {
  if (s != "0" && !is_positive_numeral(s)) return false;
  out = UINT64_MAX; // kept by from_chars if s overflows: over set, out above every maximum
  over = std::from_chars(s.data(), s.data() + s.size(), out).ec == std::errc::result_out_of_range;
  return true;
}

bool parse_cert_rational(std::string_view s, mpq_class& out) {
  if (s == "0") {
    out = 0;
    return true;
  }
  bool negative = !s.empty() && s[0] == '-';
  if (negative) s.remove_prefix(1);
  std::size_t slash = s.find('/');
  mpz_class &n = out.get_num(), &d = out.get_den(); // set in place: no temporaries
  if (!numeral(s.substr(0, slash), n)) return false;
  d = 1;
  if (slash != std::string_view::npos) { // lowest terms: the gcd in one limb if d fits one
    if (!numeral(s.substr(slash + 1), d) || d < 2) return false;
    if (d.fits_ulong_p() ? mpz_gcd_ui(nullptr, n.get_mpz_t(), d.get_ui()) != 1 : gcd(n, d) != 1)
      return false;
  }
  if (negative) mpz_neg(n.get_mpz_t(), n.get_mpz_t());
  return true; // canonical: gcd 1, positive denominator
}

std::string parse_inum(std::string_view s, mpq_class& out) {
  std::size_t p = 0;
  bool negative = false;
  if (p < s.size() && (s[p] == '+' || s[p] == '-')) negative = s[p++] == '-';
  std::size_t int_start = p, int_len = skip_digits(s, p);
  if (p < s.size() && s[p] == '/') {
    ++p;
    std::size_t den_start = p, den_len = skip_digits(s, p);
    if (int_len == 0 || den_len == 0 || p != s.size()) return "malformed fraction";
    mpz_class d(std::string(s.substr(den_start, den_len)), 10);
    if (d == 0) return "zero denominator";
    out = mpq_class(mpz_class(std::string(s.substr(int_start, int_len)), 10), d);
  } else {
    std::string mantissa(s.substr(int_start, int_len));
    std::size_t frac_len = 0;
    if (p < s.size() && s[p] == '.') {
      std::size_t frac_start = ++p;
      frac_len = skip_digits(s, p);
      mantissa += s.substr(frac_start, frac_len);
    }
    if (mantissa.empty()) return "not a number";
    long exponent = 0;
    if (p < s.size() && (s[p] == 'e' || s[p] == 'E')) {
      ++p;
      bool exp_negative = false;
      if (p < s.size() && (s[p] == '+' || s[p] == '-')) exp_negative = s[p++] == '-';
      if (p == s.size() || !is_digit(s[p])) return "malformed exponent";
      for (; p < s.size() && is_digit(s[p]); ++p) {
        exponent = exponent * 10 + (s[p] - '0');
        if (exponent > 4096) return "exponent out of range (|e| > 4096)";
      }
      if (exp_negative) exponent = -exponent;
    }
    if (p != s.size()) return "not a number";
    long scale = exponent - static_cast<long>(frac_len);
    mpz_class power;
    mpz_ui_pow_ui(power.get_mpz_t(), 10, static_cast<unsigned long>(scale < 0 ? -scale : scale));
    mpz_class m(mantissa, 10);
    out = scale >= 0 ? mpq_class(m * power) : mpq_class(m, power);
  }
  out.canonicalize();
  if (negative) out = -out;
  return "";
}
