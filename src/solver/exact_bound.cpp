#include "solver/exact_bound.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>

namespace relucert {

Rational con_dot(const Problem& pb, const Constraint& c, const RVec& V) {
  Rational s(0);
  const size_t off = static_cast<size_t>(c.unit) * pb.dp;
  const RVec& x = pb.x[static_cast<size_t>(c.point)];
  for (size_t t = 0; t < pb.dp; ++t)
    if (!x[t].is_zero()) add_mul(s, x[t], V[off + t]);
  return c.active ? s : -s;
}

namespace {

RVec alpha_vec(const Problem& pb, const Constraint& c) {
  RVec a(pb.D);
  const size_t off = static_cast<size_t>(c.unit) * pb.dp;
  for (size_t t = 0; t < pb.dp; ++t)
    a[off + t] = c.active ? pb.x[c.point][t] : -pb.x[c.point][t];
  return a;
}

Rational quad(const RMat& Q, const RVec& u) {
  Rational s(0);
  for (size_t a = 0; a < u.size(); ++a) {
    if (u[a].is_zero()) continue;
    Rational row(0);
    for (size_t b = 0; b < u.size(); ++b)
      if (!Q[a][b].is_zero() && !u[b].is_zero()) add_mul(row, Q[a][b], u[b]);
    add_mul(s, u[a], row);
  }
  return s;
}

// alpha_r scaled to integers: block c.unit holds +-X_i (row a of D-space times dx[a mod dp]).
void int_alpha(const Problem& pb, const Constraint& c, IntSystem& sys, size_t col, size_t row0,
               int sign) {
  const int64_t* X = &pb.ints.X[static_cast<size_t>(c.point) * pb.dp];
  const int s = c.active ? sign : -sign;
  for (size_t a = 0; a < pb.dp; ++a)
    sys.at(row0 + static_cast<size_t>(c.unit) * pb.dp + a, col) = s * X[a];
}

bool to_i64(i128 v, int64_t& out) {
  if (v > INT64_MAX || v < INT64_MIN) return false;
  out = static_cast<int64_t>(v);
  return true;
}

// q = num / den exactly (den > 0), num given as an __int128 times an mpz factor.
Rational ratio_times(i128 num, const mpz_class& factor, const mpz_class& den) {
  mpz_class n;
  set_mpz(n, num);
  return Rational(n * factor, den);
}

// exact_kkt without a weight shift, in machine integers (certs/MATH.md's system scaled: see
// below). Nothing if a number does not fit: the caller solves in GMP. The result is exact_kkt's
// to the bit: the same independent subset (the pivot columns of the alpha's, in order), the
// same particular solution (IntSystem), the same bound.
std::optional<ExactBound> kkt_int(const NodeState& st, const std::vector<int>& W_in) {
  thread_local IntSystem sys;
  thread_local std::vector<int> W;
  const Problem& pb = st.problem();
  const IntData& in = pb.ints;
  const size_t D = pb.D, dp = pb.dp;
  // The independent subset: greedy in order, as independent_rows.
  sys.reset(D, W_in.size());
  for (size_t t = 0; t < W_in.size(); ++t)
    int_alpha(pb, st.path()[static_cast<size_t>(W_in[t])], sys, t, 0, 1);
  if (sys.solve() == IntSystem::Result::Overflow) return std::nullopt;
  W.clear();
  for (size_t t : sys.pivots())
    W.push_back(W_in[t]);
  // With u_b = U_b dx_c / dy and lambda_w = 2 L_w / (dc dy), row a = (unit, r) of
  // Q u - 1/2 sum_w lambda_w alpha_w = g times dc dx_r dy, and alpha_w . u = 0 times dy, are
  //   sum_b Qi_ab U_b - sum_w A_aw L_w = gi_a,   sum_a A_aw U_a = 0   (A_aw: alpha_w scaled),
  // an integer system with the same pivots (positive row and column factors).
  const size_t m = W.size(), n = D + m;
  sys.reset(n, n);
  for (size_t a = 0; a < D; ++a) {
    for (size_t b = 0; b < D; ++b)
      if (!to_i64(st.Qi()[a * D + b], sys.at(a, b))) return std::nullopt;
    if (!to_i64(st.gi()[a], sys.rhs(a))) return std::nullopt;
  }
  for (size_t w = 0; w < m; ++w) {
    const Constraint& c = st.path()[static_cast<size_t>(W[w])];
    int_alpha(pb, c, sys, D + w, 0, -1);
    const int64_t* X = &in.X[static_cast<size_t>(c.point) * dp];
    for (size_t a = 0; a < dp; ++a)
      sys.at(D + w, static_cast<size_t>(c.unit) * dp + a) = c.active ? X[a] : -X[a];
  }
  ExactBound out;
  const IntSystem::Result res = sys.solve();
  if (res == IntSystem::Result::Overflow) return std::nullopt;
  if (res == IntSystem::Result::Inconsistent) return out;
  mpz_class den, t;
  set_mpz(den, sys.den());
  out.z.resize(D);
  out.zden = sys.den();
  const mpz_class uden = den * in.dy, lden = den * in.dc * in.dy;
  // The same values in machine integers where the factors and products fit (ratio's gcd in
  // 64 or 128 bits instead of GMP's canonicalisation): u_b = z_b dx_c / (zden dy) and
  // lambda_w = 2 L_w / (zden dc dy).
  i128 uden_i = 0, lden_i = 0, v;
  const bool ufit = in.dy.fits_slong_p() &&
                    !__builtin_mul_overflow(sys.den(), static_cast<i128>(in.dy.get_si()), &uden_i);
  const bool lfit = in.dcdy > 0 && !__builtin_mul_overflow(sys.den(), in.dcdy, &lden_i);
  out.u.reserve(D);
  for (size_t b = 0; b < D; ++b) {
    out.z[b] = sys.num(b);
    const mpz_class& dx = in.dx[b % dp];
    if (ufit && dx.fits_slong_p() &&
        !__builtin_mul_overflow(sys.num(b), static_cast<i128>(dx.get_si()), &v))
      out.u.push_back(ratio(v, uden_i));
    else
      out.u.push_back(ratio_times(sys.num(b), dx, uden));
  }
  out.ok = true;
  out.lambda.reserve(m);
  for (size_t w = 0; w < m; ++w) {
    const i128 l = sys.num(D + w);
    if (l < 0 && out.ok) {
      out.ok = false;
      out.negative = W[w];
    }
    if (l == 0) continue;
    const bool fit = lfit && !__builtin_mul_overflow(l, static_cast<i128>(2), &v);
    out.lambda.push_back(
        {static_cast<size_t>(W[w]), fit ? ratio(v, lden_i) : ratio_times(l, 2, lden)});
  }
  std::sort(out.lambda.begin(), out.lambda.end(),
            [](const Multiplier& x, const Multiplier& y) { return x.r < y.r; });
  // At the solution u'Qu = g'u + 1/2 sum lambda_w alpha_w'u = g'u, so the bound h - u'Qu is
  //   (hi zden - sum_a gi_a U_a) / (dc dy^2 zden).
  mpz_class num, prod;
  set_mpz(num, st.hi());
  num *= den;
  for (size_t a = 0; a < D; ++a) {
    if (sys.num(a) == 0 || st.gi()[a] == 0) continue;
    set_mpz(prod, st.gi()[a]);
    set_mpz(t, sys.num(a));
    num -= prod * t;
  }
  out.bound = Rational(num, in.hden * den);
  return out;
}

// exact_kkt's system in GMP (the fallback, and the only path with a weight shift).
ExactBound kkt_gmp(const NodeState& st, const std::vector<int>& W_in, const WeightShift* ws) {
  const Problem& pb = st.problem();
  const size_t D = pb.D;
  ExactBound out;
  // Keep a linearly independent subset of the working set.
  RMat rows;
  for (int r : W_in)
    rows.push_back(alpha_vec(pb, st.path()[static_cast<size_t>(r)]));
  std::vector<size_t> keep = independent_rows(rows);
  std::vector<int> W;
  for (size_t t : keep)
    W.push_back(W_in[t]);
  const size_t m = W.size(), n = D + m;
  RMat M(n, RVec(n));
  RVec b(n);
  for (size_t a = 0; a < D; ++a) {
    for (size_t c = 0; c < D; ++c)
      M[a][c] = st.Q()[a][c];
    if (ws) M[a][a] += ws->mu[a / pb.dp];
    b[a] = st.g()[a];
  }
  const Rational half = Rational(1) / Rational(2);
  for (size_t w = 0; w < m; ++w) {
    const RVec& al = rows[keep[w]];
    for (size_t a = 0; a < D; ++a) {
      if (al[a].is_zero()) continue;
      M[a][D + w] = -(half * al[a]);
      M[D + w][a] = al[a];
    }
  }
  auto sol = solve_exact(std::move(M), std::move(b));
  if (!sol) return out;
  out.u.assign(sol->begin(), sol->begin() + static_cast<long>(D));
  out.ok = true;
  for (size_t w = 0; w < m; ++w) {
    const Rational& l = (*sol)[D + w];
    if (l.sign() < 0 && out.ok) {
      out.ok = false; // not a certificate; the first negative multiplier is recorded
      out.negative = W[w];
    }
    if (!l.is_zero()) out.lambda.push_back({static_cast<size_t>(W[w]), l});
  }
  std::sort(out.lambda.begin(), out.lambda.end(),
            [](const Multiplier& x, const Multiplier& y) { return x.r < y.r; });
  out.bound = st.h() - quad(st.Q(), out.u);
  if (ws) {
    out.mu = ws->mu;
    for (size_t a = 0; a < D; ++a)
      if (!out.u[a].is_zero()) out.bound -= ws->mu[a / pb.dp] * out.u[a] * out.u[a];
    for (const Rational& m : ws->mu)
      out.bound -= ws->B2 * m;
  }
  return out;
}

// acc += sum_a X_i[a] z[off + a] for an integer solution (kkt_int): x'_i . u of the unit block
// at off, times zden dy. False if it does not fit.
bool int_dot(const Problem& pb, size_t i, size_t off, const ExactBound& e, i128& acc) {
  const int64_t* X = &pb.ints.X[i * pb.dp];
  for (size_t a = 0; a < pb.dp; ++a) {
    i128 p;
    if (__builtin_mul_overflow(static_cast<i128>(X[a]), e.z[off + a], &p) ||
        __builtin_add_overflow(acc, p, &acc))
      return false;
  }
  return true;
}

// The sign of alpha_c . u for an integer solution, exactly; 2 if it does not fit (then the
// caller uses con_dot).
int int_con_sign(const Problem& pb, const Constraint& c, const ExactBound& e) {
  i128 s = 0;
  if (!int_dot(pb, static_cast<size_t>(c.point), static_cast<size_t>(c.unit) * pb.dp, e, s))
    return 2;
  const int sg = s > 0 ? 1 : s < 0 ? -1 : 0;
  return c.active ? sg : -sg;
}

int con_sign(const Problem& pb, const Constraint& c, const ExactBound& e) {
  if (!e.z.empty()) {
    const int s = int_con_sign(pb, c, e);
    if (s != 2) return s;
  }
  return con_dot(pb, c, e.u).sign();
}

// For the integer solution e: x'_i . u - s y_i = num / (zden dy) with num returned; false if a
// product does not fit.
bool hinge_num(const Problem& pb, const ExactBound& e, size_t i, int s, i128& num) {
  return !e.z.empty() &&
         !__builtin_mul_overflow(static_cast<i128>(pb.ints.Y[i]), -s * e.zden, &num) &&
         int_dot(pb, i, 0, e, num);
}

Rational hinge_gap(const Problem& pb, const ExactBound& e, size_t i, int s) { // x'_i . u - s y_i
  const Rational t = con_dot(pb, Constraint{0, static_cast<int>(i), true}, e.u);
  return s > 0 ? t - pb.y[i] : t + pb.y[i];
}

} // namespace

int hinge_sign(const Problem& pb, const ExactBound& e, size_t i, int s) {
  i128 num;
  if (hinge_num(pb, e, i, s, num)) return num > 0 ? 1 : num < 0 ? -1 : 0; // zden, dy > 0
  return hinge_gap(pb, e, i, s).sign();
}

bool hinge_multiplier_wide(const Problem& pb, const ExactBound& e, size_t i, int s, size_t depth,
                           WideMultiplier& out) {
  i128 num, n2, den2; // rho_i = 2 (C / dc) num / (zden dy) = n2 / den2 (zden > 0)
  if (!hinge_num(pb, e, i, s, num) || pb.ints.dcdy <= 0 ||
      __builtin_mul_overflow(num, 2 * static_cast<i128>(pb.ints.C[i]), &n2) ||
      __builtin_mul_overflow(e.zden, pb.ints.dcdy, &den2) ||
      static_cast<u128>(n2) == static_cast<u128>(1) << 127) // -2^127: no i128 magnitude
    return false;
  u128 a = n2 < 0 ? -static_cast<u128>(n2) : static_cast<u128>(n2), b = static_cast<u128>(den2);
  if (a == 0)
    b = 1;
  else
    reduce_pair(a, b);
  out = {depth + 2 * i, n2 < 0 ? -static_cast<i128>(a) : static_cast<i128>(a),
         static_cast<i128>(b)};
  return true;
}

Multiplier hinge_multiplier(const Problem& pb, const ExactBound& e, size_t i, int s, size_t depth) {
  i128 num;
  Multiplier m{depth + 2 * i, Rational(0)};
  if (WideMultiplier w; hinge_multiplier_wide(pb, e, i, s, depth, w)) {
    m.value = ratio(w.num, w.den);
    return m;
  }
  if (hinge_num(pb, e, i, s, num)) { // 2 (C / dc) num / (zden dy), beyond 128 bits
    mpz_class n, den;
    set_mpz(n, num);
    set_mpz(den, e.zden);
    m.value = Rational(n * 2 * static_cast<long>(pb.ints.C[i]), den * pb.ints.dc * pb.ints.dy);
  } else
    m.value = Rational(2) * pb.c[i] * hinge_gap(pb, e, i, s);
  return m;
}

ExactBound exact_kkt(const NodeState& st, const std::vector<int>& W_in, const WeightShift* ws) {
  const Problem& pb = st.problem();
  const size_t D = pb.D;
  std::optional<ExactBound> fast;
  if (st.ints() && !ws) fast = kkt_int(st, W_in);
  ExactBound out = fast ? std::move(*fast) : kkt_gmp(st, W_in, ws);
  if (out.u.empty()) return out; // inconsistent
  // Feasibility of u: a float test first, exact only where it is not clear-cut.
  std::vector<double> uf(D);
  double un = 0;
  for (size_t a = 0; a < D; ++a) {
    uf[a] = pb.param_f(out.u[a], a % pb.dp); // the units of fc.x (problem.hpp)
    un = std::max(un, std::fabs(uf[a]));
  }
  out.optimal = true;
  for (const FConstraint& fc : st.fpath()) {
    double v = 0, xn = 0;
    for (size_t t = 0; t < pb.dp; ++t) {
      v += fc.x[t] * uf[fc.off + t];
      xn += std::fabs(fc.x[t]);
    }
    if (fc.sign * v > 1e-9 * xn * un) continue;
    const Constraint& c = st.path()[static_cast<size_t>(&fc - st.fpath().data())];
    if (con_sign(pb, c, out) < 0) {
      out.optimal = false;
      break;
    }
  }
  return out;
}

ExactBound exact_qp(const NodeState& st, std::vector<int> W, int max_iter, const WeightShift* ws) {
  const Problem& pb = st.problem();
  ExactBound best;
  for (int it = 0; it < max_iter; ++it) {
    ExactBound r = exact_kkt(st, W, ws);
    if (r.ok && r.optimal) return r;
    // The best bound so far is kept (moved in once r is no longer read below).
    const bool better = r.ok && (!best.ok || r.bound > best.bound);
    if (!r.u.empty() && !r.ok) {
      // A negative multiplier: drop it.
      int drop = r.negative;
      W.erase(std::remove(W.begin(), W.end(), drop), W.end());
      continue;
    }
    if (r.u.empty()) { // inconsistent: drop the newest constraint
      if (better) best = std::move(r);
      if (W.empty()) break;
      W.pop_back();
      continue;
    }
    // Feasibility: add the most violated path constraint (scaled by |x|).
    int add = -1;
    double worst = 0;
    for (size_t t = 0; t < st.path().size(); ++t) {
      const Constraint& c = st.path()[t];
      if (!r.z.empty()) { // the sign exactly in machine integers (2: it did not fit)
        const int sg = int_con_sign(pb, c, r);
        if (sg == 0 || sg == 1) continue;
      }
      Rational v = con_dot(pb, c, r.u);
      if (v.sign() >= 0) continue;
      double nrm = 0;
      for (size_t a = 0; a < pb.dp; ++a)
        nrm += pb.xf[c.point][a] * pb.xf[c.point][a];
      double s = scaled_double(v, -pb.ye) / std::sqrt(nrm);            // v in the units of xf
      if (std::isnan(s)) s = -std::numeric_limits<double>::infinity(); // nrm = 0: violated
      if (add < 0 || s < worst) {
        worst = s;
        add = static_cast<int>(t);
      }
    }
    if (better) best = std::move(r);
    if (add < 0 || std::find(W.begin(), W.end(), add) != W.end()) break;
    W.push_back(add);
  }
  if (!best.ok) best = exact_kkt(st, {}, ws); // lambda = 0 always works: g is in range(Q)
  return best;
}

ExactBound exhaustive_qp(const NodeState& st, size_t max_systems, RVec* witness,
                         const std::function<bool()>& stop) {
  // Every subset S of at most D path constraints: KKT(S) with lambda >= 0 is a valid
  // bound (L4, weak duality), and a feasible KKT point is a minimiser of q on the
  // subspace, hence an upper value. The largest bound and the smallest feasible value
  // both equal the QP minimum (Caratheodory; a maximal-rank active set).
  const size_t m = st.path().size(), D = st.problem().D;
  ExactBound best;
  bool have_w = false;
  Rational wval;
  size_t systems = 0;
  std::vector<int> S;
  std::function<bool(size_t)> rec = [&](size_t from) -> bool {
    if (++systems > max_systems) return false;
    if (stop && systems % 16 == 0 && stop()) return false;
    ExactBound r = exact_kkt(st, S);
    if (!r.u.empty()) {
      if (r.ok && (!best.ok || r.bound > best.bound)) best = r;
      if (r.optimal && (!have_w || r.bound < wval)) {
        wval = r.bound;
        have_w = true;
        if (witness) *witness = r.u;
      }
      if (best.ok && have_w && best.bound == wval) return false; // tight: done
    }
    if (S.size() == D) return true;
    for (size_t t = from; t < m; ++t) {
      S.push_back(static_cast<int>(t));
      bool go = rec(t + 1);
      S.pop_back();
      if (!go) return false;
    }
    return true;
  };
  rec(0);
  if (best.ok && have_w && best.bound == wval)
    best.optimal = true;
  else
    best.optimal = false;
  if (!best.ok) best = exact_kkt(st, {});
  return best;
}

namespace {

// exact_empty's first attempt (every column of the support) in machine integers: row a of the
// system scaled by dx[a mod dp] (IntData) is integral with the same solutions. The system if it
// decides (no overflow) and finds a certificate, with `order` its columns of nonzero lambda in
// depth order (lambda_t = num(t) / den()); null otherwise, and `decided` says which.
const IntSystem* empty_int(const NodeState& st, const Constraint& child,
                           const std::vector<int>& support, bool& decided,
                           std::vector<size_t>& order) {
  thread_local IntSystem sys;
  const Problem& pb = st.problem();
  const IntData& in = pb.ints;
  const size_t dp = pb.dp;
  decided = false;
  sys.reset(pb.D, support.size());
  for (size_t t = 0; t < support.size(); ++t) {
    const Constraint& c = st.path()[static_cast<size_t>(support[t])];
    const int64_t* X = &in.X[static_cast<size_t>(c.point) * dp];
    for (size_t a = 0; a < dp; ++a)
      sys.at(static_cast<size_t>(c.unit) * dp + a, t) = c.active ? X[a] : -X[a];
  }
  const int64_t* X = &in.X[static_cast<size_t>(child.point) * dp];
  for (size_t a = 0; a < dp; ++a) // -alpha_child
    sys.rhs(static_cast<size_t>(child.unit) * dp + a) = child.active ? -X[a] : X[a];
  const IntSystem::Result res = sys.solve();
  if (res == IntSystem::Result::Overflow) return nullptr;
  decided = true;
  if (res == IntSystem::Result::Inconsistent) return nullptr;
  for (size_t t = 0; t < support.size(); ++t)
    if (sys.num(t) < 0) return nullptr;
  order.clear();
  for (size_t t = 0; t < support.size(); ++t)
    if (sys.num(t) != 0) order.push_back(t);
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return support[a] < support[b]; });
  return &sys;
}

// An emptiness proof is homogeneous (R-empty: sum lambda_r alpha_r = 0 and some lambda_r > 0),
// so any positive multiple of it is one too. Scaled to the primitive integer vector, it is
// written without fractions: fewer bytes, and the checker parses integers (no gcd per value).
void make_primitive(std::vector<Multiplier>& lam) {
  mpz_class l = 1, g = 0;
  for (const Multiplier& m : lam)
    mpz_lcm(l.get_mpz_t(), l.get_mpz_t(), m.value.get().get_den_mpz_t());
  std::vector<mpz_class> z(lam.size());
  for (size_t t = 0; t < lam.size(); ++t) {
    z[t] = l / lam[t].value.get().get_den() * lam[t].value.get().get_num();
    mpz_gcd(g.get_mpz_t(), g.get_mpz_t(), z[t].get_mpz_t());
  }
  for (size_t t = 0; t < lam.size(); ++t)
    lam[t].value = Rational(mpq_class(z[t] / g));
}

} // namespace

std::optional<std::vector<Multiplier>> exact_empty(const NodeState& st, const Constraint& child,
                                                   const std::vector<int>& support) {
  const Problem& pb = st.problem();
  const size_t D = pb.D;
  if (support.empty()) return std::nullopt;
  bool decided = false; // the first attempt was made in machine integers
  if (pb.ints.ok) {
    thread_local std::vector<size_t> order;
    if (const IntSystem* sys = empty_int(st, child, support, decided, order)) {
      std::vector<Multiplier> lam;
      lam.reserve(order.size() + 1);
      for (size_t t : order)
        lam.push_back({static_cast<size_t>(support[t]), ratio(sys->num(t), sys->den())});
      lam.push_back({st.depth(), Rational(1)});
      make_primitive(lam);
      return lam;
    }
    // No certificate on every column (decided), or an overflow: the GMP path below, which
    // also tries an independent subset of the columns.
  }
  RMat cols;
  for (int r : support)
    cols.push_back(alpha_vec(pb, st.path()[static_cast<size_t>(r)]));
  RVec target = alpha_vec(pb, child);
  for (auto& v : target)
    v = -v;
  // Solve sum_t lambda_t cols[t] = target on the columns `keep`.
  auto attempt = [&](const std::vector<size_t>& keep) -> std::optional<std::vector<Multiplier>> {
    RMat M(D, RVec(keep.size()));
    for (size_t a = 0; a < D; ++a)
      for (size_t t = 0; t < keep.size(); ++t)
        M[a][t] = cols[keep[t]][a];
    auto sol = solve_exact(std::move(M), target);
    if (!sol) return std::nullopt;
    std::vector<Multiplier> lam;
    for (size_t t = 0; t < keep.size(); ++t) {
      if ((*sol)[t].sign() < 0) return std::nullopt;
      if (!(*sol)[t].is_zero()) lam.push_back({static_cast<size_t>(support[keep[t]]), (*sol)[t]});
    }
    return lam;
  };
  std::vector<size_t> all(cols.size());
  for (size_t t = 0; t < all.size(); ++t)
    all[t] = t;
  // The NNLS support is usually independent already.
  std::optional<std::vector<Multiplier>> got;
  if (!decided) got = attempt(all);
  if (!got) {
    std::vector<size_t> keep = independent_rows(cols);
    if (keep.size() < all.size()) got = attempt(keep);
  }
  if (!got) return std::nullopt;
  std::vector<Multiplier> lam = std::move(*got);
  std::sort(lam.begin(), lam.end(),
            [](const Multiplier& x, const Multiplier& y) { return x.r < y.r; });
  lam.push_back({st.depth(), Rational(1)});
  make_primitive(lam);
  return lam;
}

bool exact_empty_small(const NodeState& st, const Constraint& child,
                       const std::vector<int>& support, std::vector<SmallMultiplier>& out) {
  if (!st.problem().ints.ok || support.empty()) return false;
  bool decided = false;
  thread_local std::vector<size_t> order;
  const IntSystem* sys = empty_int(st, child, support, decided, order);
  if (!sys) return false;
  // lambda_t = num(t) / den(), the child's 1: scaled by den() / g to the primitive integer
  // vector (make_primitive), with g the gcd of den() and every num(t) (den() > 0, num(t) > 0).
  u128 g = static_cast<u128>(sys->den());
  for (size_t t : order)
    g = gcd_u128(static_cast<u128>(sys->num(t)), g);
  const auto fits = [](u128 v) { return v <= static_cast<u128>(INT64_MAX); };
  out.clear();
  for (size_t t : order) {
    const u128 v = static_cast<u128>(sys->num(t)) / g;
    if (!fits(v)) return false;
    out.push_back({static_cast<size_t>(support[t]), static_cast<int64_t>(v), 1});
  }
  const u128 own = static_cast<u128>(sys->den()) / g;
  if (!fits(own)) return false;
  out.push_back({st.depth(), static_cast<int64_t>(own), 1});
  return true;
}

namespace {
template <class M> std::vector<Multiplier> as_rationals(const std::vector<M>& lambda) {
  std::vector<Multiplier> out;
  out.reserve(lambda.size());
  for (const M& m : lambda)
    out.push_back({m.r, ratio(m.num, m.den)});
  return out;
}
} // namespace

std::vector<Multiplier> to_multipliers(const std::vector<SmallMultiplier>& lambda) {
  return as_rationals(lambda);
}

std::vector<Multiplier> to_multipliers(const std::vector<WideMultiplier>& lambda) {
  return as_rationals(lambda);
}

} // namespace relucert
