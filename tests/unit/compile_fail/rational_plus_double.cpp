// Must NOT compile: mixed arithmetic with a double would convert it implicitly.
#include "exact/rational.hpp"

relucert::Rational f() {
  relucert::Rational r(1);
  return r + 0.5;
}
