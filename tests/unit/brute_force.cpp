#include "brute_force.hpp"

#include <sstream>
#include <stdexcept>

namespace bf {

namespace {

// Rank of a set of vectors (exact elimination on a copy).
size_t rank_of(std::vector<QVec> rows) {
  size_t r = 0;
  const size_t cols = rows.empty() ? 0 : rows[0].size();
  for (size_t col = 0; col < cols && r < rows.size(); ++col) {
    size_t piv = r;
    while (piv < rows.size() && sgn(rows[piv][col]) == 0)
      ++piv;
    if (piv == rows.size()) continue;
    std::swap(rows[piv], rows[r]);
    for (size_t t = r + 1; t < rows.size(); ++t) {
      if (sgn(rows[t][col]) == 0) continue;
      mpq_class f = rows[t][col] / rows[r][col];
      for (size_t c = col; c < cols; ++c)
        rows[t][c] -= f * rows[r][c];
    }
    ++r;
  }
  return r;
}

// Solves the square system given as augmented rows [M | rhs] by Gauss-Jordan
// elimination. Free variables are set to 0. Returns false if inconsistent.
bool solve_any(std::vector<QVec>& a, QVec& z) {
  const size_t m = a.size();
  std::vector<long> pivot_row_of_col(m, -1);
  size_t r = 0;
  for (size_t col = 0; col < m && r < m; ++col) {
    size_t piv = r;
    while (piv < m && sgn(a[piv][col]) == 0)
      ++piv;
    if (piv == m) continue;
    std::swap(a[piv], a[r]);
    mpq_class inv = 1 / a[r][col];
    for (size_t c = col; c <= m; ++c)
      a[r][c] *= inv;
    for (size_t t = 0; t < m; ++t) {
      if (t == r || sgn(a[t][col]) == 0) continue;
      mpq_class f = a[t][col];
      for (size_t c = col; c <= m; ++c)
        a[t][c] -= f * a[r][c];
    }
    pivot_row_of_col[col] = static_cast<long>(r);
    ++r;
  }
  for (size_t t = r; t < m; ++t)
    if (sgn(a[t][m]) != 0) return false; // 0 = nonzero
  z.assign(m, mpq_class(0));
  for (size_t col = 0; col < m; ++col)
    if (pivot_row_of_col[col] >= 0) z[col] = a[static_cast<size_t>(pivot_row_of_col[col])][m];
  return true;
}

// GMP's mpq arithmetic is only defined on canonical operands: a copy made canonical.
Data canonical(const Data& in) {
  Data d = in;
  for (auto& row : d.x)
    for (auto& v : row)
      v.canonicalize();
  for (auto& v : d.y)
    v.canonicalize();
  for (auto& v : d.c)
    v.canonicalize();
  return d;
}

int popcount(unsigned long v) {
  int c = 0;
  for (; v; v &= v - 1)
    ++c;
  return c;
}

} // namespace

std::vector<QVec> extended_points(const Data& data, bool bias) {
  std::vector<QVec> xp = data.x;
  if (bias)
    for (auto& row : xp)
      row.push_back(mpq_class(1));
  return xp;
}

mpq_class true_loss(const Data& in, bool bias, const BruteNet& net) {
  const Data data = canonical(in);
  const auto xp = extended_points(data, bias);
  mpq_class L = 0;
  for (size_t i = 0; i < data.n; ++i) {
    mpq_class f = 0;
    for (const auto& u : net) {
      mpq_class t = 0;
      for (size_t a = 0; a < xp[i].size(); ++a)
        t += u.v[a] * xp[i][a];
      if (sgn(t) > 0) f += u.sign * t;
    }
    mpq_class e = f - data.y[i];
    L += data.c[i] * e * e;
  }
  return L;
}

BruteResult brute_force_units(const Data& in, bool bias, int k, bool nonneg) {
  const Data data = canonical(in);
  if (k < 1) throw std::invalid_argument("brute force: k must be >= 1");
  const size_t n = data.n, dp = data.d + (bias ? 1 : 0), K = static_cast<size_t>(k);
  const size_t P = K * n, D = K * dp; // pairs (j, i) = index j * n + i; parameters
  if (P > 14) throw std::invalid_argument("brute force: too many (unit, point) pairs");
  const auto xp = extended_points(data, bias);

  // The constraint vector of pair (j, i): x'_i in block j.
  auto alpha = [&](size_t p) {
    QVec a(D, mpq_class(0));
    const size_t j = p / n, i = p % n;
    for (size_t t = 0; t < dp; ++t)
      a[j * dp + t] = xp[i][t];
    return a;
  };
  std::vector<bool> zero_point(n, true);
  for (size_t i = 0; i < n; ++i)
    for (const auto& v : xp[i])
      if (sgn(v) != 0) zero_point[i] = false;

  // Every W with |W| <= D and linearly independent vectors (dependent sets add
  // nothing: a maximal independent subset gives the same feasible set).
  const unsigned long all = (1UL << P) - 1;
  std::vector<unsigned long> ws;
  for (unsigned long w = 0; w <= all; ++w) {
    const int cnt = popcount(w);
    if (static_cast<size_t>(cnt) > D) continue;
    std::vector<QVec> rows;
    for (size_t p = 0; p < P; ++p)
      if (w >> p & 1) rows.push_back(alpha(p));
    if (rank_of(rows) == rows.size()) ws.push_back(w);
  }
  // Pairs on a zero point never matter in S (their phi contribution is 0).
  unsigned long zero_pairs = 0;
  for (size_t p = 0; p < P; ++p)
    if (zero_point[p % n]) zero_pairs |= 1UL << p;

  std::vector<std::vector<int>> patterns;
  for (int p = nonneg ? k : 0; p <= k; ++p) {
    std::vector<int> s(K, -1);
    for (int j = 0; j < p; ++j)
      s[static_cast<size_t>(j)] = 1;
    patterns.push_back(s);
  }

  BruteResult best;
  bool have = false;
  for (const auto& s : patterns) {
    // Q and g of every activation set S.
    std::vector<std::vector<QVec>> Qs(all + 1);
    std::vector<QVec> gs(all + 1);
    for (unsigned long S = 0; S <= all; ++S) {
      if (S & zero_pairs) continue;
      std::vector<QVec> Q(D, QVec(D, mpq_class(0)));
      QVec g(D, mpq_class(0));
      for (size_t i = 0; i < n; ++i) {
        QVec phi(D, mpq_class(0));
        bool any = false;
        for (size_t j = 0; j < K; ++j) {
          if (!(S >> (j * n + i) & 1)) continue;
          any = true;
          for (size_t t = 0; t < dp; ++t)
            phi[j * dp + t] = s[j] * xp[i][t];
        }
        if (!any) continue;
        for (size_t a = 0; a < D; ++a) {
          if (sgn(phi[a]) == 0) continue;
          g[a] += data.c[i] * data.y[i] * phi[a];
          for (size_t b = 0; b < D; ++b)
            Q[a][b] += data.c[i] * phi[a] * phi[b];
        }
      }
      Qs[S] = std::move(Q);
      gs[S] = std::move(g);
    }
    for (unsigned long W : ws) {
      std::vector<size_t> wp;
      for (size_t p = 0; p < P; ++p)
        if (W >> p & 1) wp.push_back(p);
      const size_t m = D + wp.size();
      const unsigned long free_pairs = all & ~W & ~zero_pairs;
      // Every submask S of free_pairs (including the empty set).
      for (unsigned long S = free_pairs;; S = (S - 1) & free_pairs) {
        std::vector<QVec> a(m, QVec(m + 1, mpq_class(0)));
        for (size_t r = 0; r < D; ++r) {
          for (size_t c = 0; c < D; ++c)
            a[r][c] = 2 * Qs[S][r][c];
          a[r][m] = 2 * gs[S][r];
        }
        for (size_t t = 0; t < wp.size(); ++t) {
          const QVec al = alpha(wp[t]);
          for (size_t c = 0; c < D; ++c) {
            a[D + t][c] = al[c]; // A_W
            a[c][D + t] = al[c]; // A_W^T
          }
        }
        QVec z;
        ++best.systems;
        if (solve_any(a, z)) {
          BruteNet net(K);
          for (size_t j = 0; j < K; ++j) {
            net[j].sign = s[j];
            net[j].v.assign(z.begin() + static_cast<long>(j * dp),
                            z.begin() + static_cast<long>((j + 1) * dp));
          }
          mpq_class L = true_loss(data, bias, net);
          if (!have || L < best.opt) {
            best.opt = L;
            best.net = net;
            have = true;
          }
        }
        if (S == 0) break;
      }
    }
  }
  return best;
}

BruteResult brute_force_relu(const Data& data, bool bias) {
  return brute_force_units(data, bias, 1, true);
}

std::string to_text(const Data& data) {
  std::ostringstream o;
  o << "relu " << data.d << "\n";
  for (size_t i = 0; i < data.n; ++i) {
    for (size_t j = 0; j < data.d; ++j)
      o << data.x[i][j].get_str() << ' ';
    o << data.y[i].get_str() << ' ' << data.c[i].get_str() << "\n";
  }
  return o.str();
}

} // namespace bf
