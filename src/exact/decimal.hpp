// Correctly rounded decimal approximations of exact rationals (MPFR).
#pragma once

#include "exact/rational.hpp"

#include <string>

namespace relucert {

// The rational rounded to `digits` significant decimal digits, nearest, in the
// form "4.2495798319e+01" when the exponent is outside [-5, 15], else fixed
// ("42.495798319"). The result is the correctly rounded value: it is computed from
// MPFR's round-down and round-up enclosures at growing precision until both round
// to the same decimal. Callers must label it as an approximation.
std::string to_decimal(const Rational& q, int digits = 17);

} // namespace relucert
