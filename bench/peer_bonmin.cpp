// peer_bonmin: the practitioner's alternative to relucert, for the peer comparison of
// bench/RESULTS.md (bench/peers.py). Not part of relucert's build or tests.
//
// Reads a relucert text instance ('relu d', then lines 'x_1 .. x_d y [c]', '#' comment
// lines; numbers are decimals with an optional exponent, or p/q) and solves the single-ReLU
// fit min_w sum_i c_i (max(0, w.x_i) - y_i)^2 (no bias, unit output weight) as a convex
// MIQP in the big-M formulation, with Bonmin's B-BB (NLP-based branch and bound, Ipopt on
// the continuous relaxations):
//
//   variables w in R^d, z in R^n, s in {0,1}^n
//   min  sum_i c_i (z_i - y_i)^2
//   s.t. z_i >= w.x_i,  z_i >= 0,  z_i <= w.x_i + Mminus_i (1 - s_i),  z_i <= Mplus_i s_i,
//        |w_a| <= R
//
// Every feasible point has z_i = max(0, w.x_i) (s_i = 1: z_i = w.x_i >= 0; s_i = 0: z_i = 0
// >= w.x_i), so the MIQP optimum is >= OPT. It is <= OPT (so = OPT) when SOME optimal w*
// has ||w*|| <= R, w*.x_i <= Mplus_i where w*.x_i > 0, and -w*.x_i <= Mminus_i where
// w*.x_i <= 0. The big-M values are per point (a single M = max_i max(Mplus_i, Mminus_i) is
// equally valid, only weaker).
//
// The bounds ("proved" mode, the default). Let L_pos = sum_{y_i > 0} c_i y_i^2.
//  (1) An optimum exists: R^d is the finite union over sign patterns A of the polyhedra
//      P_A = {w: w.x_i >= 0 (i in A), w.x_i <= 0 (i not in A)}; on P_A the loss equals a
//      convex quadratic that is >= 0, which attains its infimum on P_A (Frank-Wolfe).
//      The optimal set is closed (L is continuous), so it has an element w* of least norm.
//  (2) Mplus. If w*.x_i = t_i > 0 then, as every term j with y_j <= 0 is >= c_j y_j^2 and
//      L(w*) <= L(0) = sum_j c_j y_j^2:
//        c_i (t_i - y_i)^2 <= L_pos + [y_i <= 0] c_i y_i^2,
//      so t_i <= P_i := y_i + sqrt(L_pos / c_i + [y_i <= 0] y_i^2)   (P_i >= 0).
//  (3) R. Let A = {i: w*.x_i > 0}, T = {i: w*.x_i = 0}, N = {i: w*.x_i <= 0}. The polyhedron
//      S = {w: w.x_i = w*.x_i (i in A), w.x_i <= 0 (i in N)} contains w*, and L = L(w*) on S,
//      so w* is the least-norm point of S. The KKT conditions of min ||w||^2/2 over S (linear
//      constraints: necessary) put w* in the span V of {x_i: i in A u T}. Take a basis
//      B of rows of A u T spanning V (|B| = r <= d) and G = X_B X_B^T (positive definite);
//      w* = X_B^T u with G u = b := X_B w*, so ||w*||^2 = b' G^-1 b <= ||b||^2 / lambda_min(G).
//      Here b_i = t_i in (0, P_i] or 0, so ||b||^2 <= (sum of the d largest P_i^2) =: Bmax^2,
//      and lambda_min(G) >= sigma2 := the least over ALL linearly independent sets B of
//      1..d points of a lower bound on lambda_min(X_B X_B^T):
//        r = 1: ||x_i||^2;  r >= 2: det(G) / (tr(G) / (r - 1))^(r-1)
//      (the other r - 1 eigenvalues are positive with sum <= tr G: AM-GM). With the points
//      scaled by the common denominator D of the coordinates, X' = D X is an integer matrix;
//      det and tr of X'_B X'_B^T are computed exactly (GMP), and lambda_min(G) = lambda'/D^2.
//      When the number of sets (sum_r C(n, r)) exceeds --enum-limit, the cheaper bound
//      det(G') >= 1 (a positive integer) is used instead: lambda' >= 1 / (T_r/(r-1))^(r-1),
//      T_r the sum of the r largest ||x'_i||^2 (r = 1: the least nonzero ||x'_i||^2).
//      So ||w*|| <= R := Bmax / sqrt(sigma2), |w*_a| <= R, and |w*.x_i| <= R ||x_i||:
//        Mminus_i = R ||x_i||,  Mplus_i = min(P_i, R ||x_i||).
//      The floating-point steps after the exact integers (a ratio, a power, sqrt, a
//      division; each a few ulps) are covered by enlarging every bound by a factor 1 + 1e-9.
//      Any larger bound is valid too: every bound is also floored at 1e-4 (all labels <= 0
//      give P_i ~ 0 and R ~ 0, and Ipopt does badly with near-empty boxes).
// "--M VALUE" instead sets Mplus_i = Mminus_i = VALUE and leaves w unboxed: an ASSUMPTION
// (valid only if some optimal w* has |w*.x_i| <= VALUE for all i), for experiments.
//
// Output: one line of JSON: status ("optimal" when B-BB proved optimality, "time_limit" when
// it stopped at --time-limit, else Bonmin's status), objective (Bonmin's best MIQP value),
// bound (Bonmin's best bound), loss_at_w (the exact loss of Bonmin's w, recomputed from the
// instance with GMP: an upper bound on OPT), w, nodes, the M values, and seconds (prep: the
// bounds; bab: Bonmin; wall: both).
//
// Build (Debian 12: apt-get install coinor-libbonmin-dev libgmp-dev):
//   g++ -O2 -std=c++17 bench/peer_bonmin.cpp $(pkg-config --cflags --libs bonmin) -lgmpxx
//       -lgmp -o build/peer_bonmin
// Usage: peer_bonmin INSTANCE [--time-limit S] [--M VALUE] [--enum-limit N] [--tight-nlp]
//                             [--integer-tolerance T] [--cutoff-decr E] [--log]
//                             [--bounds-only]
//   --time-limit S   bonmin.time_limit (default 120)
//   --tight-nlp      Ipopt: bound_relax_factor 0, constr_viol_tol 1e-10, tol 1e-10. With
//                    Ipopt's defaults the relaxation of the big-M sides (about 1e-8 times
//                    their size) can make the reported optimum fall below the true one
//                    (bench/RESULTS.md); the exact loss of the returned w is unaffected.
//   --bounds-only    print the big-M values and stop
// Other options are left at Bonmin's defaults (B-BB, integer_tolerance 1e-6, ...).
#include "BonBonminSetup.hpp"
#include "BonCbc.hpp"
#include "BonTMINLP.hpp"

#include <gmpxx.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using Ipopt::Index;
using Ipopt::Number;

namespace {

[[noreturn]] void die(const std::string& msg) {
  std::cerr << "peer_bonmin: " << msg << "\n";
  std::exit(2);
}

bool all_digits(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

// An exact rational from the instance's number forms: [+-]digits[.digits][e[+-]digits], p/q.
mpq_class parse_number(std::string s, const std::string& where) {
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) neg = s[0] == '-', s.erase(0, 1);
  mpq_class r;
  auto slash = s.find('/');
  if (slash != std::string::npos) {
    std::string a = s.substr(0, slash), b = s.substr(slash + 1);
    if (a.empty() || b.empty() || !all_digits(a) || !all_digits(b)) die("bad number " + where);
    r = mpq_class(mpz_class(a, 10), mpz_class(b, 10));
    if (r.get_den() == 0) die("zero denominator " + where);
    r.canonicalize();
  } else {
    std::string mant = s, expo;
    auto e = s.find_first_of("eE");
    if (e != std::string::npos) mant = s.substr(0, e), expo = s.substr(e + 1);
    long ex = 0;
    if (e != std::string::npos) {
      std::string ed = expo;
      if (!ed.empty() && (ed[0] == '+' || ed[0] == '-')) ed.erase(0, 1);
      if (ed.empty() || !all_digits(ed) || ed.size() > 6) die("bad exponent " + where);
      ex = std::stol(expo);
    }
    auto dot = mant.find('.');
    std::string ip = mant, fp;
    if (dot != std::string::npos) ip = mant.substr(0, dot), fp = mant.substr(dot + 1);
    if ((ip.empty() && fp.empty()) || !all_digits(ip) || !all_digits(fp)) die("bad number " + where);
    ex -= static_cast<long>(fp.size());
    mpz_class m(ip + fp, 10), p10;
    mpz_ui_pow_ui(p10.get_mpz_t(), 10, static_cast<unsigned long>(std::labs(ex)));
    r = ex >= 0 ? mpq_class(m * p10) : mpq_class(m, p10);
    r.canonicalize();
  }
  return neg ? mpq_class(-r) : r;
}

struct Instance {
  size_t d = 0;
  std::vector<std::vector<mpq_class>> x;
  std::vector<mpq_class> y, c;
};

Instance read_instance(const std::string& path) {
  std::ifstream in(path);
  if (!in) die("cannot read " + path);
  Instance inst;
  std::string line;
  size_t ln = 0;
  bool header = false;
  while (std::getline(in, line)) {
    ++ln;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line[0] == '#') continue;
    std::istringstream ss(line);
    std::vector<std::string> f;
    for (std::string t; ss >> t;) f.push_back(t);
    if (f.empty()) continue;
    std::string where = path + ":" + std::to_string(ln);
    if (!header) {
      if (f.size() != 2 || f[0] != "relu" || !all_digits(f[1]) || f[1].size() > 6)
        die("header must be 'relu <d>' at " + where);
      inst.d = std::stoul(f[1]);
      if (inst.d == 0) die("d must be positive at " + where);
      header = true;
      continue;
    }
    if (f.size() != inst.d + 1 && f.size() != inst.d + 2)
      die("expected x_1..x_d y [c] at " + where);
    std::vector<mpq_class> row;
    for (size_t a = 0; a < inst.d; ++a) row.push_back(parse_number(f[a], where));
    inst.x.push_back(row);
    inst.y.push_back(parse_number(f[inst.d], where));
    inst.c.push_back(f.size() == inst.d + 2 ? parse_number(f[inst.d + 1], where) : mpq_class(1));
    if (sgn(inst.c.back()) <= 0) die("weights must be positive at " + where);
  }
  if (!header) die("no 'relu <d>' header in " + path);
  if (inst.x.empty()) die("no points in " + path);
  return inst;
}

// --- the bound sigma2 on lambda_min over independent sets of points (comment (3)) ---------

struct Sigma {
  double lambda_scaled = INFINITY; // in X' = D X units
  double sets = 0;                 // sets examined
  bool enumerated = false;
};

// det of the Gram matrix of the points idx[0..r) of X' (integers), by Bareiss elimination
// without pivoting: the leading minors of a Gram matrix are Gram determinants of prefixes,
// positive while the prefix is independent; a zero pivot means the set is dependent (det 0).
class GramDet {
public:
  GramDet(const std::vector<std::vector<mpz_class>>& G, size_t d) : G_(G), d_(d), m_(d * d) {
    for (auto& v : m_) mpz_init(v);
    mpz_init(prev_), mpz_init(t_);
  }
  ~GramDet() {
    for (auto& v : m_) mpz_clear(v);
    mpz_clear(prev_), mpz_clear(t_);
  }
  GramDet(const GramDet&) = delete;
  GramDet& operator=(const GramDet&) = delete;
  // Returns false if dependent; else det (as double, exact integer rounded) and trace.
  bool run(const size_t* idx, size_t r, double& det, double& tr) {
    auto at = [&](size_t i, size_t j) -> mpz_t& { return m_[i * d_ + j]; };
    tr = 0;
    for (size_t i = 0; i < r; ++i) {
      for (size_t j = 0; j < r; ++j) mpz_set(at(i, j), G_[idx[i]][idx[j]].get_mpz_t());
      tr += G_[idx[i]][idx[i]].get_d();
    }
    mpz_set_ui(prev_, 1);
    for (size_t k = 0; k + 1 < r; ++k) {
      if (mpz_sgn(at(k, k)) == 0) return false;
      for (size_t i = k + 1; i < r; ++i)
        for (size_t j = k + 1; j < r; ++j) {
          mpz_mul(t_, at(i, j), at(k, k));
          mpz_submul(t_, at(i, k), at(k, j));
          mpz_divexact(at(i, j), t_, prev_);
        }
      mpz_set(prev_, at(k, k));
    }
    if (mpz_sgn(at(r - 1, r - 1)) <= 0) return false; // 0: dependent (never < 0: PSD)
    det = mpz_get_d(at(r - 1, r - 1));
    return true;
  }

private:
  const std::vector<std::vector<mpz_class>>& G_;
  size_t d_;
  std::vector<mpz_t> m_;
  mpz_t prev_, t_;
};

double lower_from(double det, double tr, size_t r) {
  if (r == 1) return det; // det = tr = ||x'||^2
  return det / std::pow(tr / static_cast<double>(r - 1), static_cast<double>(r - 1));
}

Sigma sigma_bound(const std::vector<std::vector<mpz_class>>& X, size_t d, double enum_limit) {
  const size_t n = X.size();
  std::vector<std::vector<mpz_class>> G(n, std::vector<mpz_class>(n));
  std::vector<double> nrm(n);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j <= i; ++j) {
      mpz_class s = 0;
      for (size_t a = 0; a < d; ++a) s += X[i][a] * X[j][a];
      G[i][j] = G[j][i] = s;
      if (i == j) nrm[i] = s.get_d();
    }
  // Number of sets sum_{r=1..d} C(n, r), in floating point (only compared with the limit).
  double count = 0, cr = 1;
  for (size_t r = 1; r <= d && r <= n; ++r) {
    cr = cr * static_cast<double>(n - r + 1) / static_cast<double>(r);
    count += cr;
  }
  Sigma out;
  if (count <= enum_limit) {
    out.enumerated = true;
    GramDet gd(G, d);
    std::vector<size_t> idx(d);
    // Depth-first over increasing index sets; a dependent set's supersets are skipped.
    std::function<void(size_t, size_t)> rec = [&](size_t depth, size_t from) {
      for (size_t i = from; i < n; ++i) {
        idx[depth] = i;
        double det, tr;
        out.sets += 1;
        if (!gd.run(idx.data(), depth + 1, det, tr)) continue;
        out.lambda_scaled = std::min(out.lambda_scaled, lower_from(det, tr, depth + 1));
        if (depth + 1 < d) rec(depth + 1, i + 1);
      }
    };
    rec(0, 0);
  } else {
    std::vector<double> nz;
    for (double v : nrm)
      if (v > 0) nz.push_back(v);
    std::sort(nz.rbegin(), nz.rend());
    if (!nz.empty()) out.lambda_scaled = nz.back(); // r = 1
    double T = 0;
    for (size_t r = 1; r <= d && r <= nz.size(); ++r) {
      T += nz[r - 1];
      if (r >= 2) out.lambda_scaled = std::min(out.lambda_scaled, lower_from(1.0, T, r));
    }
  }
  return out;
}

// --- the MIQP for Bonmin --------------------------------------------------------------------

class BigM : public Bonmin::TMINLP {
public:
  BigM(size_t d, std::vector<std::vector<double>> x, std::vector<double> y, std::vector<double> c,
       std::vector<double> mplus, std::vector<double> mminus, double R)
      : d_(d), n_(y.size()), x_(std::move(x)), y_(std::move(y)), c_(std::move(c)),
        mp_(std::move(mplus)), mm_(std::move(mminus)), R_(R) {}

  // variables: w (d), z (n), s (n); constraints per point i: g1 = z - w.x (>= 0),
  // g2 = z - w.x + Mminus s (<= Mminus), g3 = z - Mplus s (<= 0)
  Index W(size_t a) const { return static_cast<Index>(a); }
  Index Z(size_t i) const { return static_cast<Index>(d_ + i); }
  Index S(size_t i) const { return static_cast<Index>(d_ + n_ + i); }

  bool get_nlp_info(Index& n, Index& m, Index& nnz_jac_g, Index& nnz_h_lag,
                    Ipopt::TNLP::IndexStyleEnum& style) override {
    n = static_cast<Index>(d_ + 2 * n_);
    m = static_cast<Index>(3 * n_);
    nnz_jac_g = static_cast<Index>(n_ * (2 * d_ + 5));
    nnz_h_lag = static_cast<Index>(n_);
    style = Ipopt::TNLP::C_STYLE;
    return true;
  }
  bool get_variables_types(Index n, VariableType* t) override {
    for (Index k = 0; k < n; ++k) t[k] = k >= S(0) ? BINARY : CONTINUOUS;
    return true;
  }
  bool get_variables_linearity(Index n, Ipopt::TNLP::LinearityType* t) override {
    for (Index k = 0; k < n; ++k)
      t[k] = (k >= Z(0) && k < S(0)) ? Ipopt::TNLP::NON_LINEAR : Ipopt::TNLP::LINEAR;
    return true;
  }
  bool get_constraints_linearity(Index m, Ipopt::TNLP::LinearityType* t) override {
    for (Index k = 0; k < m; ++k) t[k] = Ipopt::TNLP::LINEAR;
    return true;
  }
  bool get_bounds_info(Index, Number* xl, Number* xu, Index, Number* gl, Number* gu) override {
    for (size_t a = 0; a < d_; ++a) xl[W(a)] = -R_, xu[W(a)] = R_;
    for (size_t i = 0; i < n_; ++i) {
      xl[Z(i)] = 0, xu[Z(i)] = mp_[i];
      xl[S(i)] = 0, xu[S(i)] = 1;
      gl[3 * i] = 0, gu[3 * i] = 1e19;
      gl[3 * i + 1] = -1e19, gu[3 * i + 1] = mm_[i];
      gl[3 * i + 2] = -1e19, gu[3 * i + 2] = 0;
    }
    return true;
  }
  bool get_starting_point(Index n, bool, Number* x, bool, Number*, Number*, Index, bool,
                          Number*) override {
    for (Index k = 0; k < n; ++k) x[k] = 0; // w = 0, z = 0, s = 0: feasible
    return true;
  }
  bool eval_f(Index, const Number* x, bool, Number& f) override {
    f = 0;
    for (size_t i = 0; i < n_; ++i) {
      double e = x[Z(i)] - y_[i];
      f += c_[i] * e * e;
    }
    return true;
  }
  bool eval_grad_f(Index n, const Number* x, bool, Number* g) override {
    for (Index k = 0; k < n; ++k) g[k] = 0;
    for (size_t i = 0; i < n_; ++i) g[Z(i)] = 2 * c_[i] * (x[Z(i)] - y_[i]);
    return true;
  }
  double wx(const Number* x, size_t i) const {
    double t = 0;
    for (size_t a = 0; a < d_; ++a) t += x[W(a)] * x_[i][a];
    return t;
  }
  bool eval_g(Index, const Number* x, bool, Index, Number* g) override {
    for (size_t i = 0; i < n_; ++i) {
      double t = wx(x, i);
      g[3 * i] = x[Z(i)] - t;
      g[3 * i + 1] = x[Z(i)] - t + mm_[i] * x[S(i)];
      g[3 * i + 2] = x[Z(i)] - mp_[i] * x[S(i)];
    }
    return true;
  }
  bool eval_jac_g(Index, const Number*, bool, Index, Index, Index* row, Index* col,
                  Number* v) override {
    Index k = 0;
    for (size_t i = 0; i < n_; ++i) {
      const Index r1 = static_cast<Index>(3 * i), r2 = r1 + 1, r3 = r1 + 2;
      auto put = [&](Index r, Index c, double val) {
        if (v) v[k] = val;
        else row[k] = r, col[k] = c;
        ++k;
      };
      put(r1, Z(i), 1);
      for (size_t a = 0; a < d_; ++a) put(r1, W(a), -x_[i][a]);
      put(r2, Z(i), 1);
      for (size_t a = 0; a < d_; ++a) put(r2, W(a), -x_[i][a]);
      put(r2, S(i), mm_[i]);
      put(r3, Z(i), 1);
      put(r3, S(i), -mp_[i]);
    }
    return true;
  }
  bool eval_h(Index, const Number*, bool, Number obj_factor, Index, const Number*, bool, Index,
              Index* row, Index* col, Number* v) override {
    for (size_t i = 0; i < n_; ++i) {
      if (v) v[i] = obj_factor * 2 * c_[i];
      else row[i] = col[i] = Z(i);
    }
    return true;
  }
  bool eval_gi(Index n, const Number* x, bool nx, Index i, Number& gi) override {
    std::vector<Number> g(3 * n_);
    eval_g(n, x, nx, static_cast<Index>(3 * n_), g.data());
    gi = g[static_cast<size_t>(i)];
    return true;
  }
  bool eval_grad_gi(Index, const Number*, bool, Index i, Index& nele, Index* jcol,
                    Number* v) override {
    const size_t p = static_cast<size_t>(i) / 3, kind = static_cast<size_t>(i) % 3;
    std::vector<std::pair<Index, double>> e;
    e.push_back({Z(p), 1});
    if (kind < 2)
      for (size_t a = 0; a < d_; ++a) e.push_back({W(a), -x_[p][a]});
    if (kind == 1) e.push_back({S(p), mm_[p]});
    if (kind == 2) e.push_back({S(p), -mp_[p]});
    nele = static_cast<Index>(e.size());
    for (size_t k = 0; k < e.size(); ++k) {
      if (jcol) jcol[k] = e[k].first;
      if (v) v[k] = e[k].second;
    }
    return true;
  }
  void finalize_solution(SolverReturn status, Index n, const Number* x, Number obj) override {
    status_ = status;
    obj_ = obj;
    if (x) sol_.assign(x, x + n);
  }
  const BranchingInfo* branchingInfo() const override { return nullptr; }
  const SosInfo* sosConstraints() const override { return nullptr; }

  SolverReturn status_ = MINLP_ERROR;
  double obj_ = NAN;
  std::vector<double> sol_;

private:
  size_t d_, n_;
  std::vector<std::vector<double>> x_;
  std::vector<double> y_, c_, mp_, mm_;
  double R_;
};

std::string num(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

} // namespace

int main(int argc, char** argv) {
  std::string path;
  double time_limit = 120, assumed_M = -1, enum_limit = 5e6, int_tol = -1, cutoff_decr = NAN;
  bool log = false, bounds_only = false, tight = false;
  for (int k = 1; k < argc; ++k) {
    std::string a = argv[k];
    auto value = [&]() -> double {
      if (k + 1 >= argc) die(a + " needs a value");
      return std::atof(argv[++k]);
    };
    if (a == "--time-limit") time_limit = value();
    else if (a == "--M") assumed_M = value();
    else if (a == "--enum-limit") enum_limit = value();
    else if (a == "--integer-tolerance") int_tol = value();
    else if (a == "--cutoff-decr") cutoff_decr = value();
    else if (a == "--log") log = true;
    else if (a == "--bounds-only") bounds_only = true;
    else if (a == "--tight-nlp") tight = true;
    else if (a == "-h" || a == "--help") {
      std::cout << "Usage: peer_bonmin INSTANCE [--time-limit S] [--M VALUE] [--enum-limit N] [--tight-nlp]\n"
                   "                   [--integer-tolerance T] [--cutoff-decr E] [--log]\n"
                   "                   [--bounds-only]   (print the M values and stop)\n";
      return 0;
    } else if (!a.empty() && a[0] == '-') die("unknown option " + a);
    else path = a;
  }
  if (path.empty()) die("no instance (peer_bonmin --help)");
  const auto t0 = std::chrono::steady_clock::now();
  const Instance inst = read_instance(path);
  const size_t n = inst.x.size(), d = inst.d;

  // L_pos and P_i (comment (2)); 1 + 1e-9 covers the rounding of the double steps.
  const double up = 1 + 1e-9;
  mpq_class lpos = 0;
  for (size_t i = 0; i < n; ++i)
    if (sgn(inst.y[i]) > 0) lpos += inst.c[i] * inst.y[i] * inst.y[i];
  std::vector<double> P(n);
  for (size_t i = 0; i < n; ++i) {
    mpq_class q = lpos / inst.c[i];
    if (sgn(inst.y[i]) <= 0) q += inst.y[i] * inst.y[i];
    double yi = inst.y[i].get_d(), r = std::sqrt(q.get_d());
    P[i] = std::max(0.0, yi + r + 1e-9 * (std::fabs(yi) + r) + 1e-300);
  }
  std::vector<double> Psq(P);
  for (double& v : Psq) v *= v;
  std::sort(Psq.rbegin(), Psq.rend());
  double bmax2 = 0;
  for (size_t r = 0; r < d && r < n; ++r) bmax2 += Psq[r];
  const double bmax = std::sqrt(bmax2) * up;

  // Integer points X' = D X (comment (3)).
  mpz_class D = 1;
  for (auto& row : inst.x)
    for (auto& v : row) mpz_lcm(D.get_mpz_t(), D.get_mpz_t(), v.get_den_mpz_t());
  std::vector<std::vector<mpz_class>> Xs(n, std::vector<mpz_class>(d));
  std::vector<double> norm(n); // ||x_i||, rounded up
  for (size_t i = 0; i < n; ++i) {
    mpq_class s2 = 0;
    for (size_t a = 0; a < d; ++a) {
      mpq_class v = inst.x[i][a] * D;
      Xs[i][a] = v.get_num();
      s2 += inst.x[i][a] * inst.x[i][a];
    }
    norm[i] = std::sqrt(s2.get_d()) * up;
  }
  std::string mode;
  double R = INFINITY, sigma2 = NAN, sets = 0;
  bool enumerated = false;
  std::vector<double> mplus(n), mminus(n);
  if (assumed_M >= 0) {
    mode = "assumed";
    std::fill(mplus.begin(), mplus.end(), assumed_M);
    std::fill(mminus.begin(), mminus.end(), assumed_M);
    R = 1e19;
  } else {
    mode = "proved";
    Sigma sg = sigma_bound(Xs, d, enum_limit);
    enumerated = sg.enumerated;
    sets = sg.sets;
    const double Dd = D.get_d();
    sigma2 = sg.lambda_scaled / (Dd * Dd) / up; // lambda_min(G) in X units, rounded down
    if (!(sigma2 > 0) || !std::isfinite(sg.lambda_scaled)) {
      // every point is 0: w.x_i = 0 always, any w is optimal; w = 0 qualifies
      R = 0;
    } else {
      R = bmax / std::sqrt(sigma2) * up;
    }
    // Any larger bound is valid too: a floor keeps Ipopt away from near-empty boxes (all
    // labels <= 0 give P_i ~ 0 and R ~ 0, where w = 0 is optimal).
    const double floor = 1e-4;
    R = std::max(R, floor);
    for (size_t i = 0; i < n; ++i) {
      mminus[i] = std::max(R * norm[i] * up, floor);
      mplus[i] = std::max(std::min(P[i], mminus[i]), floor);
    }
  }
  const double prep = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::vector<std::vector<double>> xd(n, std::vector<double>(d));
  std::vector<double> yd(n), cd(n);
  for (size_t i = 0; i < n; ++i) {
    for (size_t a = 0; a < d; ++a) xd[i][a] = inst.x[i][a].get_d();
    yd[i] = inst.y[i].get_d();
    cd[i] = inst.c[i].get_d();
  }
  if (bounds_only) {
    double mmax = 0;
    for (size_t i = 0; i < n; ++i) mmax = std::max({mmax, mplus[i], mminus[i]});
    std::cout << "{\"M_mode\":\"" << mode << "\",\"M_max\":" << num(mmax) << ",\"R\":" << num(R)
              << ",\"sigma2\":" << num(sigma2) << ",\"Bmax\":" << num(bmax)
              << ",\"sets_enumerated\":" << (enumerated ? "true" : "false")
              << ",\"sets\":" << num(sets) << ",\"prep_seconds\":" << num(prep) << "}" << std::endl;
    return 0;
  }
  Ipopt::SmartPtr<BigM> prob = new BigM(d, xd, yd, cd, mplus, mminus, R);
  Bonmin::BonminSetup setup;
  setup.initializeOptionsAndJournalist();
  auto opt = setup.options();
  opt->SetStringValue("bonmin.algorithm", "B-BB");
  opt->SetNumericValue("bonmin.time_limit", time_limit);
  if (int_tol > 0) opt->SetNumericValue("bonmin.integer_tolerance", int_tol);
  if (std::isfinite(cutoff_decr)) opt->SetNumericValue("bonmin.cutoff_decr", cutoff_decr);
  if (tight) { // Ipopt: no bound relaxation, tighter feasibility and optimality tolerances
    opt->SetNumericValue("bound_relax_factor", 0);
    opt->SetNumericValue("constr_viol_tol", 1e-10);
    opt->SetNumericValue("tol", 1e-10);
  }
  if (!log) {
    opt->SetIntegerValue("bonmin.bb_log_level", 0);
    opt->SetIntegerValue("bonmin.nlp_log_level", 0);
    opt->SetIntegerValue("print_level", 0);
    opt->SetStringValue("sb", "yes"); // no Ipopt banner
  }
  const auto t1 = std::chrono::steady_clock::now();
  Bonmin::Bab bb;
  std::string status;
  try {
    setup.initialize(Ipopt::GetRawPtr(prob));
    bb(setup);
  } catch (Bonmin::TNLPSolver::UnsolvedError* e) {
    status = "nlp_error";
  } catch (CoinError& e) {
    status = "error: " + e.message();
  } catch (...) {
    status = "error";
  }
  const auto t2 = std::chrono::steady_clock::now();
  const double bab = std::chrono::duration<double>(t2 - t1).count();
  const double wall = std::chrono::duration<double>(t2 - t0).count();

  double obj = NAN, bound = NAN;
  int nodes = 0;
  std::vector<double> w;
  if (status.empty()) {
    switch (bb.mipStatus()) {
    case Bonmin::Bab::FeasibleOptimal: status = "optimal"; break;
    case Bonmin::Bab::ProvenInfeasible: status = "infeasible"; break;
    case Bonmin::Bab::Feasible:
      status = prob->status_ == Bonmin::TMINLP::LIMIT_EXCEEDED || bab >= time_limit * 0.98
                   ? "time_limit"
                   : "feasible";
      break;
    case Bonmin::Bab::NoSolutionKnown:
      status = bab >= time_limit * 0.98 ? "time_limit" : "no_solution";
      break;
    default: status = "other"; break;
    }
    obj = bb.bestObj();
    bound = bb.bestBound();
    nodes = bb.numNodes();
    if (bb.bestSolution())
      w.assign(bb.bestSolution(), bb.bestSolution() + static_cast<long>(d));
  }
  std::string loss_exact = "null";
  double loss_at_w = NAN;
  if (!w.empty()) {
    mpq_class L = 0;
    for (size_t i = 0; i < n; ++i) {
      mpq_class t = 0;
      for (size_t a = 0; a < d; ++a) t += mpq_class(w[a]) * inst.x[i][a];
      if (sgn(t) < 0) t = 0;
      mpq_class e = t - inst.y[i];
      L += inst.c[i] * e * e;
    }
    loss_at_w = L.get_d();
    loss_exact = "\"" + L.get_str() + "\"";
  }
  double mmax = 0;
  for (size_t i = 0; i < n; ++i) mmax = std::max({mmax, mplus[i], mminus[i]});
  std::ostringstream o;
  o << "{\"solver\":\"bonmin B-BB\",\"instance\":\"" << path << "\",\"n\":" << n << ",\"d\":" << d
    << ",\"status\":\"" << status << "\",\"objective\":" << num(obj) << ",\"bound\":" << num(bound)
    << ",\"loss_at_w\":" << num(loss_at_w) << ",\"loss_at_w_exact\":" << loss_exact
    << ",\"w\":[";
  for (size_t a = 0; a < w.size(); ++a) o << (a ? "," : "") << num(w[a]);
  o << "],\"nodes\":" << nodes << ",\"M_mode\":\"" << mode << "\",\"M_max\":" << num(mmax)
    << ",\"R\":" << num(R) << ",\"sigma2\":" << num(sigma2) << ",\"Bmax\":" << num(bmax)
    << ",\"sets_enumerated\":" << (enumerated ? "true" : "false") << ",\"sets\":" << num(sets)
    << ",\"time_limit\":" << num(time_limit) << ",\"prep_seconds\":" << num(prep)
    << ",\"bab_seconds\":" << num(bab) << ",\"wall_seconds\":" << num(wall) << "}";
  std::cout << o.str() << std::endl;
  return 0;
}
