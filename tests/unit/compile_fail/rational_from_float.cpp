// Must NOT compile: direct initialisation from a float is deleted too.
#include "exact/rational.hpp"

relucert::Rational f() {
  relucert::Rational r(1.0f);
  return r;
}
