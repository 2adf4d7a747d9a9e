// MUST compile: the control for the compile-fail tests next to it. It uses the same
// include path and Rational correctly, so their failures are due to the floating-point
// conversions alone.
#include "exact/rational.hpp"

relucert::Rational f() {
  relucert::Rational r = relucert::Rational(1) / relucert::Rational(2);
  return r + relucert::Rational(1);
}
