// Must NOT compile: a Rational is never initialised from a double implicitly.
#include "exact/rational.hpp"

relucert::Rational f() {
  relucert::Rational r = 0.5;
  return r;
}
