#include "solver/problem.hpp"

#include "io/input_error.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <string>

namespace relucert {

namespace {

// A group of numbers is scaled only when its largest magnitude leaves [2^-SCALE_FREE,
// 2^SCALE_FREE]: inside, the products the guide forms (c x x, c y x, c y^2, squared residuals)
// stay far inside the double range.
constexpr long SCALE_FREE = 128;
// A point whose scaled coordinates are all below 2^-LOST (a double's normal range ends at
// 2^-1022) would be the zero vector to the guide.
constexpr long LOST = 1000;

// log2 |q| lies in (mag(q) - 1, mag(q) + 1); q != 0.
long mag(const Rational& q) {
  return static_cast<long>(mpz_sizeinbase(q.get().get_num_mpz_t(), 2)) -
         static_cast<long>(mpz_sizeinbase(q.get().get_den_mpz_t(), 2));
}

// The exponent for a group whose largest magnitude is about 2^m (have: it has a nonzero).
long group_exponent(bool have, long m) {
  return have && (m > SCALE_FREE || m < -SCALE_FREE) ? m : 0;
}

int clamp_int(long e) {
  return static_cast<int>(std::clamp(e, -4000L, 4000L)); // far past the double range
}

// |z| < 2^62: fits the int64_t fields of IntData with room for 2^64 of them in an __int128.
bool small(const mpz_class& z) {
  return mpz_sizeinbase(z.get_mpz_t(), 2) <= 62;
}

// The lcm of the denominators of `qs` (1 if all are integers); false if it grows past 2^62.
bool common_den(const std::vector<const Rational*>& qs, mpz_class& l) {
  l = 1;
  for (const Rational* q : qs) {
    if (q->get().get_den() == 1) continue;
    mpz_lcm(l.get_mpz_t(), l.get_mpz_t(), q->get().get_den_mpz_t());
    if (!small(l)) return false;
  }
  return true;
}

// The integer numerator q * den of q, if q * den is an integer below 2^62.
bool scaled_int(const Rational& q, const mpz_class& den, int64_t& out) {
  mpz_class t = q.get().get_num() * den;
  if (!mpz_divisible_p(t.get_mpz_t(), q.get().get_den_mpz_t())) return false;
  mpz_divexact(t.get_mpz_t(), t.get_mpz_t(), q.get().get_den_mpz_t());
  if (!small(t)) return false;
  out = mpz_get_si(t.get_mpz_t());
  return true;
}

bool fits(const mpz_class& z, int64_t& out) {
  if (!small(z)) return false;
  out = mpz_get_si(z.get_mpz_t());
  return true;
}

// IntData for pb (its x, y, c filled in); ok = false if a number does not fit.
IntData make_int_data(const Problem& pb) {
  IntData in;
  const size_t n = pb.n, dp = pb.dp;
  std::vector<const Rational*> col;
  in.dx.resize(dp);
  for (size_t a = 0; a < dp; ++a) {
    col.clear();
    for (size_t i = 0; i < n; ++i)
      col.push_back(&pb.x[i][a]);
    if (!common_den(col, in.dx[a])) return in;
  }
  col.clear();
  for (const Rational& v : pb.y)
    col.push_back(&v);
  if (!common_den(col, in.dy)) return in;
  col.clear();
  for (const Rational& v : pb.c)
    col.push_back(&v);
  if (!common_den(col, in.dc)) return in;
  in.X.resize(n * dp);
  in.P.resize(n * dp * dp);
  in.G.resize(n * dp);
  in.H.resize(n);
  in.Y.resize(n);
  in.C.resize(n);
  mpz_class t;
  for (size_t i = 0; i < n; ++i) {
    int64_t Y = 0, C = 0;
    if (!scaled_int(pb.y[i], in.dy, Y) || !scaled_int(pb.c[i], in.dc, C)) return in;
    in.Y[i] = Y, in.C[i] = C;
    for (size_t a = 0; a < dp; ++a)
      if (!scaled_int(pb.x[i][a], in.dx[a], in.X[i * dp + a])) return in;
    const mpz_class Cz(static_cast<long>(C)), Yz(static_cast<long>(Y));
    for (size_t r = 0; r < dp; ++r) {
      const mpz_class Xr(static_cast<long>(in.X[i * dp + r]));
      if (!fits(Cz * Yz * Xr, in.G[i * dp + r])) return in;
      for (size_t c = 0; c < dp; ++c)
        if (!fits(Cz * Xr * static_cast<long>(in.X[i * dp + c]), in.P[(i * dp + r) * dp + c]))
          return in;
    }
    if (!fits(Cz * Yz * Yz, in.H[i])) return in;
  }
  in.qden.resize(dp * dp);
  in.gden.resize(dp);
  for (size_t r = 0; r < dp; ++r) {
    in.gden[r] = in.dc * in.dy * in.dx[r];
    for (size_t c = 0; c < dp; ++c)
      in.qden[r * dp + c] = in.dc * in.dx[r] * in.dx[c];
  }
  in.hden = in.dc * in.dy * in.dy;
  const mpz_class dcdy = in.dc * in.dy;
  if (mpz_sizeinbase(dcdy.get_mpz_t(), 2) <= 62) in.dcdy = static_cast<i128>(dcdy.get_ui());
  in.ok = true;
  return in;
}

} // namespace

double scaled_double(const Rational& q, long e) {
  if (q.is_zero()) return 0.0;
  const long m = mag(q);
  // Well inside the range: the nearest double of q (as q.to_double()) times an exact power of
  // two, so that exponent 0 gives exactly the unscaled shadow.
  if (m > -LOST && m < LOST && m + e > -LOST && m + e < LOST)
    return std::ldexp(q.get().get_d(), static_cast<int>(e));
  long en = 0, ed = 0;
  const double dn = mpz_get_d_2exp(&en, q.get().get_num_mpz_t());
  const double dd = mpz_get_d_2exp(&ed, q.get().get_den_mpz_t());
  return std::ldexp(dn / dd, clamp_int(en - ed + e)); // saturates to 0 or +-inf
}

Rational times_pow2(const Rational& q, long e) {
  mpq_class r;
  if (e >= 0)
    mpq_mul_2exp(r.get_mpq_t(), q.get().get_mpq_t(), static_cast<mp_bitcnt_t>(e));
  else
    mpq_div_2exp(r.get_mpq_t(), q.get().get_mpq_t(), static_cast<mp_bitcnt_t>(-e));
  return Rational(r);
}

double Problem::loss_unscaled(double l) const {
  return std::ldexp(l, clamp_int(2 * ye + ce));
}

Rational Problem::param_exact(const Rational& v, size_t a) const {
  return times_pow2(v, ye - xe[a]);
}

Rational Problem::mu_exact(const Rational& mu_f) const {
  return times_pow2(mu_f, 2 * (xe.empty() ? 0 : xe[0]) + ce);
}

Problem::Problem(const Instance& inst, const Model& model, const std::function<bool()>& stop,
                 bool machine_ints)
    : n(inst.n), d(inst.d), dp(inst.d + (model.bias ? 1 : 0)), k(static_cast<size_t>(model.units)),
      D(static_cast<size_t>(model.units) * (inst.d + (model.bias ? 1 : 0))), bias(model.bias) {
  const auto stopped = [&](size_t i) { return stop && i % 256 == 0 && stop(); };
  x.resize(n);
  xf.assign(n, dp);
  cxxf.assign(n, dp * dp);
  cyxf.assign(n, dp);
  zero.resize(n);
  for (size_t i = 0; i < n; ++i) {
    if (stopped(i)) return;
    x[i] = inst.x[i];
    if (bias) x[i].push_back(Rational(1));
    bool z = true;
    for (const Rational& v : x[i])
      z = z && v.is_zero();
    zero[i] = z;
    y.push_back(inst.y[i]);
    ysign.push_back(static_cast<signed char>(inst.y[i].sign()));
    c.push_back(inst.c[i]);
  }

  // The scaling exponents: the largest magnitude of each group.
  std::vector<long> xm(dp, LONG_MIN);
  long ym = LONG_MIN, cm = LONG_MIN;
  for (size_t i = 0; i < n; ++i) {
    for (size_t a = 0; a < dp; ++a)
      if (!x[i][a].is_zero()) xm[a] = std::max(xm[a], mag(x[i][a]));
    if (!y[i].is_zero()) ym = std::max(ym, mag(y[i]));
    cm = std::max(cm, mag(c[i]));
  }
  xe.assign(dp, 0);
  if (model.weight_bound) { // one exponent for all coordinates, bias included
    long m = LONG_MIN;
    for (long v : xm)
      m = std::max(m, v);
    xe.assign(dp, group_exponent(m != LONG_MIN, m));
  } else {
    for (size_t a = 0; a < dp; ++a)
      xe[a] = group_exponent(xm[a] != LONG_MIN, xm[a]);
  }
  ye = group_exponent(ym != LONG_MIN, ym);
  ce = group_exponent(cm != LONG_MIN, cm);

  for (size_t i = 0; i < n; ++i) {
    if (stopped(i)) return;
    bool z = true;
    long row = LONG_MIN; // the largest scaled magnitude of x'_i
    size_t row_at = 0;   // ... at this coordinate
    for (size_t a = 0; a < dp; ++a) {
      const Rational& v = x[i][a];
      xf[i][a] = scaled_double(v, -xe[a]);
      if (v.is_zero()) continue;
      z = false;
      if (mag(v) - xe[a] > row) row = mag(v) - xe[a], row_at = a;
    }
    if (!z && row < -LOST) {
      const bool placed = inst.line.size() == n && inst.x_col.size() == n * d && d > 0;
      throw InputError(
          inst.source, placed ? inst.line[i] : 0,
          placed ? inst.x_col[i * d + std::min(row_at, d - 1)] : 0,
          "point " + std::to_string(i) +
              " is too small next to the largest values of its columns (below 2^-" +
              std::to_string(LOST) +
              " times them in every coordinate): the floating-point guide would see it as "
              "zero; the instance's dynamic range is too wide");
    }
    yf.push_back(scaled_double(y[i], -ye));
    cf.push_back(scaled_double(c[i], -ce));
    // The doubles are of the exact products (not products of doubles): one rounding each.
    double *mf = cxxf[i], *vf = cyxf[i];
    Rational cx;
    for (size_t a = 0; a < dp; ++a) {
      if (x[i][a].is_zero()) continue;
      cx = c[i] * x[i][a];
      vf[a] = scaled_double(cx * y[i], -(ce + ye + xe[a]));
      for (size_t b = a; b < dp; ++b)
        if (!x[i][b].is_zero())
          mf[a * dp + b] = mf[b * dp + a] = scaled_double(cx * x[i][b], -(ce + xe[a] + xe[b]));
    }
    cyy.push_back(c[i] * y[i] * y[i]);
    cyyf.push_back(loss_f(cyy.back()));
  }
  zero_loss = Rational(0);
  for (auto& v : cyy)
    zero_loss += v;
  scale = loss_f(zero_loss);
  if (machine_ints) ints = make_int_data(*this);
  complete = true;
}

Network network_from_v(const Problem& pb, const std::vector<int>& signs, const RVec& V) {
  Network net;
  for (size_t j = 0; j < pb.k; ++j) {
    Unit u;
    u.a = Rational(signs[j]);
    for (size_t t = 0; t < pb.d; ++t)
      u.w.push_back(V[j * pb.dp + t]);
    u.b = pb.bias ? V[j * pb.dp + pb.d] : Rational(0);
    net.push_back(std::move(u));
  }
  return net;
}

} // namespace relucert
