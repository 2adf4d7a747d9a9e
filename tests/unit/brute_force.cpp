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

// The loss of `net` on canonical data with extended points `xp`.
mpq_class loss_of(const Data& data, const std::vector<QVec>& xp, const BruteNet& net) {
  mpq_class L = 0, f, t, e;
  for (size_t i = 0; i < data.n; ++i) {
    f = 0;
    for (const auto& u : net) {
      t = 0;
      for (size_t a = 0; a < xp[i].size(); ++a)
        t += u.v[a] * xp[i][a];
      if (sgn(t) > 0) f += u.sign * t;
    }
    e = f - data.y[i];
    L += data.c[i] * e * e;
  }
  return L;
}

// A basis of the orthogonal complement of span(rows) in Q^dim: the reduced row echelon
// form of `rows`, one basis vector per free column.
std::vector<QVec> complement_basis(std::vector<QVec> rows, size_t dim) {
  std::vector<long> pivot_col;
  size_t r = 0;
  for (size_t col = 0; col < dim && r < rows.size(); ++col) {
    size_t piv = r;
    while (piv < rows.size() && sgn(rows[piv][col]) == 0)
      ++piv;
    if (piv == rows.size()) continue;
    std::swap(rows[piv], rows[r]);
    const mpq_class inv = 1 / rows[r][col];
    for (auto& v : rows[r])
      v *= inv;
    for (size_t t = 0; t < rows.size(); ++t) {
      if (t == r || sgn(rows[t][col]) == 0) continue;
      const mpq_class f = rows[t][col];
      for (size_t c = 0; c < dim; ++c)
        rows[t][c] -= f * rows[r][c];
    }
    pivot_col.push_back(static_cast<long>(col));
    ++r;
  }
  std::vector<QVec> basis;
  for (size_t col = 0; col < dim; ++col) {
    bool is_pivot = false;
    for (long pc : pivot_col)
      is_pivot = is_pivot || static_cast<size_t>(pc) == col;
    if (is_pivot) continue;
    // x_col = 1, other free columns 0, pivot variables from the reduced rows.
    QVec b(dim, mpq_class(0));
    b[col] = 1;
    for (size_t t = 0; t < pivot_col.size(); ++t)
      b[static_cast<size_t>(pivot_col[t])] = -rows[t][col];
    basis.push_back(b);
  }
  return basis;
}

// Is there a u with row . u > 0 for every row? Fourier-Motzkin elimination of the
// coordinates from the last: a strict homogeneous system in u_1..u_m is feasible iff the
// system of the rows without u_m, together with every sum p/p_m + q/(-q_m) (p_m > 0,
// q_m < 0), is (u_m can then be chosen between the bounds). With no coordinates left, a
// remaining row reads 0 > 0.
bool strictly_feasible(std::vector<QVec> rows, size_t dim) {
  for (size_t m = dim; m-- > 0;) {
    std::vector<QVec> pos, neg, next;
    for (auto& r : rows) {
      const int sg = sgn(r[m]);
      if (sg == 0)
        next.push_back(r);
      else {
        const mpq_class inv = 1 / abs(r[m]);
        for (auto& v : r)
          v *= inv;
        (sg > 0 ? pos : neg).push_back(r);
      }
    }
    for (const auto& p : pos)
      for (const auto& q : neg) {
        QVec sum(dim);
        for (size_t c = 0; c < dim; ++c)
          sum[c] = p[c] + q[c];
        next.push_back(sum);
      }
    rows = std::move(next);
  }
  return rows.empty();
}

// One unit's choice T (see "Method" in the header): a basis of U = span{x'_t : t in T}^perp,
// each point's coordinates B^T x'_i in that basis (all zero exactly when x'_i lies in
// span(T)), and the realizable positive sets S (masks over the points).
struct UnitChoice {
  unsigned long t = 0;
  std::vector<QVec> basis;
  std::vector<QVec> coords;
  std::vector<unsigned long> positive_sets;
};

std::vector<UnitChoice> unit_choices(const std::vector<QVec>& xp, size_t n, size_t dp) {
  std::vector<UnitChoice> out;
  for (unsigned long t = 0; t < (1UL << n); ++t) {
    std::vector<QVec> rows;
    for (size_t i = 0; i < n; ++i)
      if (t >> i & 1) rows.push_back(xp[i]);
    if (rank_of(rows) != rows.size()) continue; // dependent
    UnitChoice uc;
    uc.t = t;
    uc.basis = complement_basis(rows, dp);
    const size_t r = uc.basis.size();
    unsigned long outside = 0;
    for (size_t i = 0; i < n; ++i) {
      QVec c(r, mpq_class(0));
      bool nonzero = false;
      for (size_t b = 0; b < r; ++b) {
        for (size_t a = 0; a < dp; ++a)
          c[b] += uc.basis[b][a] * xp[i][a];
        nonzero = nonzero || sgn(c[b]) != 0;
      }
      if (nonzero) outside |= 1UL << i;
      uc.coords.push_back(c);
    }
    for (unsigned long S = outside;; S = (S - 1) & outside) {
      std::vector<QVec> signed_rows;
      for (size_t i = 0; i < n; ++i) {
        if (!(outside >> i & 1)) continue;
        QVec row = uc.coords[i];
        if (!(S >> i & 1))
          for (auto& v : row)
            v = -v;
        signed_rows.push_back(row);
      }
      if (strictly_feasible(signed_rows, r)) uc.positive_sets.push_back(S);
      if (S == 0) break;
    }
    out.push_back(std::move(uc));
  }
  return out;
}

void check_size(const Data& data, int k) {
  if (k < 1) throw std::invalid_argument("brute force: k must be >= 1");
  if (data.n == 0 || data.n > 16) throw std::invalid_argument("brute force: need 1 <= n <= 16");
}

std::vector<std::vector<int>> sign_patterns(int k, bool nonneg) {
  std::vector<std::vector<int>> patterns;
  for (int p = nonneg ? k : 0; p <= k; ++p) {
    std::vector<int> s(static_cast<size_t>(k), -1);
    for (int j = 0; j < p; ++j)
      s[static_cast<size_t>(j)] = 1;
    patterns.push_back(s);
  }
  return patterns;
}

// Systems per sign pattern, (sum over T of the number of S)^k, capped at MAX_SYSTEMS + 1.
unsigned long systems_per_pattern(const std::vector<UnitChoice>& choices, int k) {
  unsigned long per_unit = 0;
  for (const auto& uc : choices)
    per_unit += uc.positive_sets.size();
  unsigned long total = 1;
  for (int j = 0; j < k; ++j) {
    if (total > MAX_SYSTEMS / per_unit) return MAX_SYSTEMS + 1;
    total *= per_unit;
  }
  return total;
}

unsigned long count_systems(const std::vector<UnitChoice>& choices, int k, bool nonneg) {
  const unsigned long per = systems_per_pattern(choices, k);
  const unsigned long patterns = nonneg ? 1 : static_cast<unsigned long>(k) + 1;
  return per > MAX_SYSTEMS / patterns ? MAX_SYSTEMS + 1 : per * patterns;
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
  return loss_of(data, extended_points(data, bias), net);
}

unsigned long brute_force_systems(const Data& in, bool bias, int k, bool nonneg) {
  const Data data = canonical(in);
  check_size(data, k);
  const size_t dp = data.d + (bias ? 1 : 0);
  return count_systems(unit_choices(extended_points(data, bias), data.n, dp), k, nonneg);
}

BruteResult brute_force_units(const Data& in, bool bias, int k, bool nonneg) {
  const Data data = canonical(in);
  check_size(data, k);
  const size_t n = data.n, dp = data.d + (bias ? 1 : 0), K = static_cast<size_t>(k);
  const auto xp = extended_points(data, bias);
  const std::vector<UnitChoice> choices = unit_choices(xp, n, dp);
  if (count_systems(choices, k, nonneg) > MAX_SYSTEMS)
    throw std::invalid_argument("brute force: more than MAX_SYSTEMS systems");
  // A unit's options: (choice of T, positive set S).
  std::vector<std::pair<const UnitChoice*, unsigned long>> options;
  for (const auto& uc : choices)
    for (unsigned long S : uc.positive_sets)
      options.emplace_back(&uc, S);

  BruteResult best;
  bool have = false;
  std::vector<QVec> a;
  QVec z, phi;
  BruteNet net(K);
  std::vector<size_t> offset(K + 1);
  for (const auto& s : sign_patterns(k, nonneg)) {
    for (size_t j = 0; j < K; ++j)
      net[j].sign = s[j];
    // Every tuple (option of unit 0, ..., option of unit k-1), as a mixed-radix counter.
    std::vector<size_t> idx(K, 0);
    for (;;) {
      for (size_t j = 0; j < K; ++j)
        offset[j + 1] = offset[j] + options[idx[j]].first->basis.size();
      const size_t R = offset[K];
      // The normal equations [B^T Q B | B^T g] in the coordinates xi.
      if (a.size() != R) a.assign(R, QVec(R + 1));
      for (auto& row : a)
        for (auto& v : row)
          v = 0;
      phi.resize(R);
      for (size_t i = 0; i < n; ++i) {
        bool any = false;
        for (size_t j = 0; j < K; ++j) {
          const auto& [uc, S] = options[idx[j]];
          const bool on = S >> i & 1;
          any = any || on;
          for (size_t b = 0; b < uc->basis.size(); ++b)
            phi[offset[j] + b] = on ? mpq_class(s[j] * uc->coords[i][b]) : mpq_class(0);
        }
        if (!any) continue;
        for (size_t r = 0; r < R; ++r) {
          if (sgn(phi[r]) == 0) continue;
          a[r][R] += data.c[i] * data.y[i] * phi[r];
          for (size_t c = 0; c < R; ++c)
            if (sgn(phi[c]) != 0) a[r][c] += data.c[i] * phi[r] * phi[c];
        }
      }
      ++best.systems;
      if (solve_any(a, z)) {
        for (size_t j = 0; j < K; ++j) {
          const UnitChoice& uc = *options[idx[j]].first;
          net[j].v.assign(dp, mpq_class(0));
          for (size_t b = 0; b < uc.basis.size(); ++b)
            for (size_t t = 0; t < dp; ++t)
              net[j].v[t] += z[offset[j] + b] * uc.basis[b][t];
        }
        mpq_class L = loss_of(data, xp, net);
        if (!have || L < best.opt) {
          best.opt = L;
          best.net = net;
          have = true;
        }
      }
      size_t j = 0;
      while (j < K && ++idx[j] == options.size())
        idx[j++] = 0;
      if (j == K) break;
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
