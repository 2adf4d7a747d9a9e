#include "app/report.hpp"

#include "exact/decimal.hpp"
#include "relucert_version.hpp" // generated: the version and the source commit

#include <mpfr.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdio>
#include <iomanip>
#include <sstream>

namespace relucert {

namespace {

Rational total_weight(const Instance& inst) {
  Rational w(0);
  for (const Rational& c : inst.c)
    w += c;
  return w;
}

std::string model_text(const Model& m) {
  std::ostringstream o;
  if (m.units == 1 && m.nonneg)
    o << "single ReLU max(0, w.x" << (m.bias ? " + b" : "") << ")";
  else
    o << m.units << " ReLU units, " << (m.nonneg ? "nonnegative" : "signed") << " output weights"
      << (m.bias ? ", with bias" : "");
  if (m.weight_bound) o << "; weight bound ||v_j|| <= " << m.weight_bound->str();
  return o.str();
}

nlohmann::json exact_json(const Rational& q) {
  return {{"exact", q.str()}, {"approx", nearest_double(q)}};
}

// "(104/119, 104/119, -117/119)", each entry printed by `f`.
template <class F> std::string tuple_text(const RVec& v, F f) {
  std::string o = "(";
  for (size_t t = 0; t < v.size(); ++t)
    o += (t ? ", " : "") + f(v[t]);
  return o + ")";
}

// "1234567 bytes, 1.2 MB": the exact count, and an approximation from 1 kB up (10^3 units).
std::string size_text(uint64_t bytes) {
  std::string o = std::to_string(bytes) + " bytes";
  if (bytes < 1000) return o;
  const char* unit[] = {"kB", "MB", "GB", "TB"};
  double v = static_cast<double>(bytes) / 1000;
  int u = 0;
  for (; v >= 1000 && u < 3; ++u)
    v /= 1000;
  char buf[32];
  std::snprintf(buf, sizeof buf, ", %.1f %s", v, unit[u]);
  return o + buf;
}

// Decimal digits of the weights' approximations in the text output.
constexpr int WEIGHT_DIGITS = 10;

} // namespace

double nearest_double(const Rational& q) {
  // MPFR's recipe for IEEE binary64: 53 bits, the double exponent range, then subnormalize
  // (so a subnormal result is rounded once, at its own precision). The exponent range is
  // global state: it is restored before returning.
  const mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
  mpfr_set_emin(-1073);
  mpfr_set_emax(1024);
  mpfr_t x;
  mpfr_init2(x, 53);
  int t = mpfr_set_q(x, q.get().get_mpq_t(), MPFR_RNDN);
  mpfr_subnormalize(x, t, MPFR_RNDN);
  const double d = mpfr_get_d(x, MPFR_RNDN); // exact: x is a double
  mpfr_clear(x);
  mpfr_set_emin(emin);
  mpfr_set_emax(emax);
  return d;
}

Answer answer_of(const FitResult& r, const Model& model, const SearchOptions& opt,
                 bool interrupted) {
  Answer a;
  const std::string stop = interrupted ? "stopped by Ctrl-C" : "stopped by the time limit";
  if (opt.realizable) {
    if (r.upper.is_zero()) {
      a.token = "REALIZABLE";
      a.details.push_back("a witness of loss exactly 0: OPT = 0");
    } else if (r.lower.sign() > 0) {
      a.token = "NOT REALIZABLE";
      a.details.push_back("proved OPT >= " + r.lower.str() + " > 0");
    } else {
      a.token = "UNKNOWN";
      a.details.push_back(stop + " before OPT = 0 or OPT > 0 was decided; the interval below "
                                 "is certified");
    }
    a.answered = a.token != "UNKNOWN";
    return a;
  }
  if (r.optimal) {
    a.token = "OPTIMAL";
    a.answered = true;
    if (model.weight_bound)
      a.details.push_back("weight bound: the optimum is met exactly by the rational witness");
    return a;
  }
  a.token = "INTERVAL";
  const bool abs_gap = opt.gap && r.upper - r.lower <= *opt.gap;
  const bool rel_gap = opt.rel_gap && r.upper - r.lower <= *opt.rel_gap * r.upper;
  a.answered = abs_gap || rel_gap;
  if (abs_gap)
    a.details.push_back("the gap " + opt.gap->str() +
                        " is reached: upper - lower <= " + opt.gap->str());
  if (rel_gap)
    a.details.push_back("the relative gap " + opt.rel_gap->str() +
                        " is reached: upper - lower <= " + opt.rel_gap->str() + " * upper");
  if (a.answered) {
    if (model.weight_bound)
      a.details.push_back("weight bound: the optimum may be irrational; the interval is "
                          "certified to the gap (--gap; default 1e-9 times the zero network's "
                          "loss)");
  } else if (r.stopped) {
    a.details.push_back(stop + ": the interval below is certified");
  } else {
    // Not stopped, yet not answered: a weight bound's multipliers did not converge to the gap,
    // or (rare) a cell's exact minimum was not reached within the exhaustive cap.
    a.details.push_back(std::string("the ") +
                        (opt.gap || opt.rel_gap ? "requested gap" : "exact optimum") +
                        " was not reached; the interval below is certified");
  }
  return a;
}

void print_header(std::ostream& o, const Instance& inst, const Model& model,
                  const std::string& strategy) {
  o << "c instance " << inst.source << ": n = " << inst.n << ", d = " << inst.d << ", sha256 "
    << inst.digest << "\n";
  if (inst.csv) {
    o << "c columns: " << columns_text(inst) << "\n";
    if (inst.csv->sep_detected)
      o << "c separator: " << separator_name(inst.csv->sep)
        << " (detected from the first lines; --sep to choose)\n";
  }
  o << "c model: " << model_text(model) << "; strategy " << strategy << "\n";
}

void print_text(std::ostream& o, const ReportContext& ctx, const FitResult& r) {
  const Instance& inst = *ctx.inst;
  if (!ctx.header_printed) print_header(o, inst, ctx.model, ctx.strategy);
  o << "s " << ctx.answer.token << "\n";
  for (const std::string& d : ctx.answer.details)
    o << "c " << d << "\n";
  Rational W = total_weight(inst);
  if (r.optimal) {
    o << "optimum      " << r.upper.str() << "\n";
    o << "  approx.    " << to_decimal(r.upper) << "  (correctly rounded, 17 significant digits)\n";
    o << "mean loss    " << (r.upper / W).str() << "  (approx. " << to_decimal(r.upper / W)
      << ")\n";
  } else {
    o << "lower bound  " << r.lower.str() << "  (approx. " << to_decimal(r.lower) << ")\n";
    o << "upper bound  " << r.upper.str() << "  (approx. " << to_decimal(r.upper) << ")\n";
    o << "gap          " << (r.upper - r.lower).str() << "  (approx. "
      << to_decimal(r.upper - r.lower) << ")\n";
  }
  for (size_t j = 0; j < r.witness.size(); ++j) {
    const Unit& u = r.witness[j];
    const auto exact = [](const Rational& q) { return q.str(); };
    const auto approx = [](const Rational& q) { return to_decimal(q, WEIGHT_DIGITS); };
    o << "unit " << j << "       a = " << u.a.str() << "  w = " << tuple_text(u.w, exact);
    if (ctx.model.bias) o << "  b = " << u.b.str();
    o << "\n  approx.    a = " << approx(u.a) << "  w = " << tuple_text(u.w, approx);
    if (ctx.model.bias) o << "  b = " << approx(u.b);
    o << "  (approximations, correctly rounded to " << WEIGHT_DIGITS << " significant digits)\n";
  }
  const SearchStats& s = r.stats;
  o << "search       nodes " << s.nodes << ", branches " << s.branches << ", leaves " << s.leaves
    << " (" << s.cell_leaves << " full cells, " << (s.leaves - s.cell_leaves) << " pruned), empty "
    << s.empties << ", sym " << s.syms << ", implied " << s.implied << ", implied records "
    << s.implied_records << ", hinge leaves " << s.hinge_leaves << ", exact solves "
    << s.exact_solves << ", time " << std::fixed << std::setprecision(3) << s.seconds << " s\n";
  o << "pool         at most " << s.pool_max << " open nodes";
  if (r.stopped)
    o << "; " << s.open_at_stop << " open at the stop, closed with their exact bounds in "
      << s.close_seconds << " s (expected " << s.close_predicted << " s)"
      << (s.plunged ? "; depth first after the pool grew past what the time limit can close" : "");
  o << "\n";
  o.unsetf(std::ios::fixed);
  if (!ctx.certificate.empty()) {
    const CertificateSize& z = ctx.certificate_size;
    o << "certificate  " << (ctx.certificate == "-" ? "standard output" : ctx.certificate) << "  ("
      << size_text(z.bytes);
    if (z.gzip) o << " gzip; " << size_text(z.uncompressed_bytes) << " uncompressed";
    o << ")\n";
  }
}

void print_json(std::ostream& o, const ReportContext& ctx, const FitResult& r) {
  const Instance& inst = *ctx.inst;
  nlohmann::json j;
  j["version"] = RELUCERT_VERSION;
  j["commit"] = RELUCERT_SOURCE_COMMIT;
  j["instance"] = {{"file", inst.source}, {"n", inst.n}, {"d", inst.d}, {"sha256", inst.digest}};
  if (inst.csv) {
    const CsvColumns& m = *inst.csv;
    nlohmann::json f = nlohmann::json::array();
    for (size_t t = 0; t < m.features.size(); ++t)
      f.push_back({{"column", m.features[t]}, {"name", m.feature_names[t]}});
    nlohmann::json cols = {{"text", columns_text(inst)},
                           {"separator", separator_name(m.sep)},
                           {"separator_detected", m.sep_detected},
                           {"header", m.header},
                           {"label", {{"column", m.label}, {"name", m.label_name}}},
                           {"weight", nullptr},
                           {"features", f}};
    if (m.weight) cols["weight"] = {{"column", m.weight}, {"name", m.weight_name}};
    j["instance"]["columns"] = cols;
  }
  j["model"] = {{"units", ctx.model.units},
                {"bias", ctx.model.bias},
                {"output", ctx.model.nonneg ? "nonneg" : "signed"}};
  if (ctx.model.weight_bound) j["model"]["weight_bound"] = ctx.model.weight_bound->str();
  j["strategy"] = ctx.strategy;
  // The s line's token in lower case, and its c lines.
  std::string status = ctx.answer.token;
  for (char& ch : status)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  j["status"] = status;
  j["status_details"] = ctx.answer.details;
  if (ctx.realizable)
    j["realizable"] = r.upper.is_zero()    ? nlohmann::json(true)
                      : r.lower.sign() > 0 ? nlohmann::json(false)
                                           : nlohmann::json(nullptr);
  j["stopped"] = r.stopped;
  j["lower"] = exact_json(r.lower);
  j["upper"] = exact_json(r.upper);
  if (r.optimal) j["optimum"] = exact_json(r.upper);
  j["mean_loss_upper"] = exact_json(r.upper / total_weight(inst));
  nlohmann::json units = nlohmann::json::array();
  for (const Unit& u : r.witness) {
    nlohmann::json w = nlohmann::json::array(), w_approx = nlohmann::json::array();
    for (const Rational& v : u.w) {
      w.push_back(v.str());
      w_approx.push_back(nearest_double(v));
    }
    units.push_back({{"a", u.a.str()},
                     {"a_approx", nearest_double(u.a)},
                     {"w", w},
                     {"w_approx", w_approx},
                     {"b", u.b.str()},
                     {"b_approx", nearest_double(u.b)}});
  }
  j["network"] = units;
  const SearchStats& s = r.stats;
  j["stats"] = {{"nodes", s.nodes},
                {"branches", s.branches},
                {"leaves", s.leaves},
                {"cell_leaves", s.cell_leaves},
                {"empties", s.empties},
                {"syms", s.syms},
                {"implied", s.implied},
                {"implied_records", s.implied_records},
                {"hinge_leaves", s.hinge_leaves},
                {"exact_solves", s.exact_solves},
                {"weak_leaves", s.weak_leaves},
                {"pool_max", s.pool_max},
                {"open_at_stop", s.open_at_stop},
                {"close_seconds", s.close_seconds},
                {"close_predicted", s.close_predicted},
                {"plunged", s.plunged},
                {"seconds", s.seconds}};
  nlohmann::json curve = nlohmann::json::array(); // approximate: for plots, not for claims
  for (const Progress& p : r.curve)
    curve.push_back({{"seconds", p.seconds}, {"lower_approx", p.lower}, {"upper_approx", p.upper}});
  j["bound_curve"] = curve;
  if (!ctx.certificate.empty()) {
    j["certificate"] = ctx.certificate;
    j["certificate_bytes"] = ctx.certificate_size.bytes;
    j["certificate_gzip"] = ctx.certificate_size.gzip;
    j["certificate_uncompressed_bytes"] = ctx.certificate_size.uncompressed_bytes;
  }
  o << j.dump() << "\n";
}

} // namespace relucert
