#include "exact/decimal.hpp"

#include <mpfr.h>

#include <cstdlib>
#include <memory>

namespace relucert {

namespace {
struct Digits {
  std::string mant; // digits, with a leading '-' for negative values
  long exp = 0;     // value = 0.mant * 10^exp
};

Digits round_to_decimal(mpfr_t x, int digits) {
  mpfr_exp_t e = 0;
  char* s = mpfr_get_str(nullptr, &e, 10, static_cast<size_t>(digits), x, MPFR_RNDN);
  Digits d{s, static_cast<long>(e)};
  mpfr_free_str(s);
  return d;
}

std::string layout(const Digits& d) {
  std::string m = d.mant;
  bool neg = !m.empty() && m[0] == '-';
  if (neg) m.erase(0, 1);
  while (m.size() > 1 && m.back() == '0')
    m.pop_back();
  long sci = d.exp - 1; // value = m[0].m[1..] * 10^sci
  std::string out = neg ? "-" : "";
  if (sci >= -5 && sci <= 15) {
    if (sci >= 0) {
      std::string ip = m.substr(0, std::min<size_t>(m.size(), static_cast<size_t>(sci + 1)));
      while (static_cast<long>(ip.size()) < sci + 1)
        ip += '0';
      std::string fp =
          m.size() > static_cast<size_t>(sci + 1) ? m.substr(static_cast<size_t>(sci + 1)) : "";
      out += ip;
      if (!fp.empty()) out += "." + fp;
    } else {
      out += "0." + std::string(static_cast<size_t>(-sci - 1), '0') + m;
    }
  } else {
    out += m.substr(0, 1);
    if (m.size() > 1) out += "." + m.substr(1);
    out += "e" + std::string(sci < 0 ? "-" : "+") + (std::labs(sci) < 10 ? "0" : "") +
           std::to_string(std::labs(sci));
  }
  return out;
}
} // namespace

std::string to_decimal(const Rational& q, int digits) {
  if (q.is_zero()) return "0";
  for (mpfr_prec_t prec = 4 * digits + 64; prec <= 65536; prec *= 4) {
    mpfr_t lo, hi;
    mpfr_init2(lo, prec);
    mpfr_init2(hi, prec);
    mpfr_set_q(lo, q.get().get_mpq_t(), MPFR_RNDD);
    mpfr_set_q(hi, q.get().get_mpq_t(), MPFR_RNDU);
    Digits a = round_to_decimal(lo, digits), b = round_to_decimal(hi, digits);
    mpfr_clear(lo);
    mpfr_clear(hi);
    // Rounding to nearest is monotone, so if both ends of an enclosure of q round to
    // the same decimal, so does q.
    if (a.mant == b.mant && a.exp == b.exp) return layout(a);
  }
  // Only an exact tie between two decimals can get here (q is the midpoint):
  // either neighbour is a correct rounding.
  mpfr_t x;
  mpfr_init2(x, 65536);
  mpfr_set_q(x, q.get().get_mpq_t(), MPFR_RNDN);
  Digits a = round_to_decimal(x, digits);
  mpfr_clear(x);
  return layout(a);
}

} // namespace relucert
