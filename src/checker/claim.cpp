#include "claim.hpp"

#include "check.hpp"
#include "rational.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <vector>

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  if (in && in.peek() != EOF) s << in.rdbuf(); // peek sets badbit on a directory
  if ((!in && !in.eof()) || !s) throw std::runtime_error(path + ": cannot read file");
  return s.str();
}

struct Rec {
  std::size_t line;
  std::string key, rest; // the line is "<key> <rest>" or "<key>"
};

std::vector<Rec> records(const std::string& bytes) {
  std::vector<Rec> out;
  std::istringstream in(bytes);
  for (std::string l; std::getline(in, l);) {
    const std::size_t sp = std::min(l.find(' '), l.size());
    out.push_back({out.size() + 1, l.substr(0, sp), l.substr(std::min(sp + 1, l.size()))});
  }
  return out;
}

class ClaimChecker {
public:
  // cert: what check_certificate verified. A weight bound (L5) is part of its model: its lower
  // claim bounds only the bounded problem.
  ClaimChecker(const Instance& inst, std::string path, const std::string& bytes,
               const Verified& cert)
      : inst_(inst), path_(std::move(path)), model_(cert.model), upper_(cert.upper),
        lower_(cert.lower), alpha_(cert.alpha), beta_(cert.beta), recs_(records(bytes)) {
    if (!bytes.empty() && bytes.back() != '\n')
      fail("R-claim-syntax/newline", "no final newline", recs_.size());
    recs_.push_back({recs_.size() + 1, "<end of file>", ""});
  }
  // Returns the information lines; throws ClaimError.
  std::string run(bool expect_violated);

private:
  [[noreturn]] void fail(const char* rule, const std::string& msg, std::size_t line) const {
    throw ClaimError(path_ + ":" + std::to_string(line) + ": " + rule + ": " + msg);
  }
  // The next record; its keyword must be `key` and its value one of `allowed` ("a|b"), if given.
  const Rec& take(const std::string& key, const std::string& allowed = "") {
    const Rec& r = recs_[at_];
    if (r.key != key)
      fail("R-claim-syntax/keyword", "expected '" + key + "', found '" + r.key + "'", r.line);
    if (!allowed.empty() && (r.rest.find('|') != std::string::npos ||
                             ("|" + allowed + "|").find("|" + r.rest + "|") == std::string::npos))
      fail("R-claim-syntax/value", "'" + key + "' takes " + allowed, r.line);
    return recs_[at_++];
  }
  // Numbers as in certificates (certs/FORMAT.md §2): canonical rationals, integers 0|[1-9][0-9]*.
  mpq_class num(const Rec& r, const std::string& s) const {
    mpq_class q;
    if (!parse_cert_rational(s, q))
      fail("R-claim-syntax/rational", "bad rational '" + s + "'", r.line);
    return q;
  }
  // An integer that must be in [min, max], else `rule` fails; any length compares exactly.
  std::uint64_t count(const Rec& r, const std::string& s, std::uint64_t min, std::uint64_t max,
                      const char* rule, const std::string& what) const {
    std::uint64_t v;
    bool over;
    if (!parse_cert_uint(s, v, over))
      fail("R-claim-syntax/integer", "bad integer '" + s + "'", r.line);
    if (over || v < min || v > max) fail(rule, what + ", found " + s, r.line);
    return v;
  }
  void constant(const char* key, const mpq_class& want, const std::string& how) {
    const Rec& r = take(key);
    if (num(r, r.rest) != want)
      fail("R-claim-constants/value", std::string(key) + " is " + how + " = " + to_str(want),
           r.line);
  }
  // Number of edges not monochromatic under the 2-colouring `mask` (for a graph: the cut size).
  std::size_t split(std::uint64_t mask) const {
    return std::count_if(edges_.begin(), edges_.end(),
                         [&](std::uint64_t e) { return (e & mask) != 0 && (e & mask) != e; });
  }

  // Whether every 2-colouring with vertex n on side 0 leaves some edge monochromatic. 64
  // colourings at a time: lane l colours vertex v < low with bit v of l, and the block number
  // h the vertices low..n-2, so the work is 2^(n-1-low) blocks times |E| (CLAIMS.md).
  bool every_colouring_monochromatic() const {
    const std::size_t low = std::min<std::size_t>(6, n_ - 1), m = edges_.size();
    std::vector<std::uint64_t> ones(m, ~std::uint64_t(0)), zeros(m, ~std::uint64_t(0));
    for (std::size_t v = 0; v < low; ++v) {
      std::uint64_t lanes = 0; // the lanes where vertex v is on side 1
      for (std::uint64_t l = 0; l < 64; ++l)
        lanes |= (l >> v & 1) << l;
      for (std::size_t e = 0; e < m; ++e)
        if (edges_[e] >> v & 1) ones[e] &= lanes, zeros[e] &= ~lanes;
    }
    for (std::uint64_t h = 0; h < std::uint64_t(1) << (n_ - 1 - low); ++h) {
      std::uint64_t mono = 0; // lanes with a monochromatic edge; vertex n is never in h << low
      for (std::size_t e = 0; e < m && ~mono != 0; ++e) {
        const std::uint64_t high = edges_[e] >> low;
        if ((high & ~h) == 0) mono |= ones[e];
        if ((high & h) == 0) mono |= zeros[e];
      }
      if (~mono != 0) return false;
    }
    return true;
  }

  void graph6(const Rec& r) {
    const std::string& s = r.rest;
    n_ = s.empty() ? 0 : static_cast<std::size_t>(s[0] - 63); // one-character size field: n <= 62
    const std::size_t bits = n_ * (n_ ? n_ - 1 : 0) / 2;
    // Bit k, most significant first in each character, is the pair (u, v) with k = v(v-1)/2 + u.
    auto bit = [&](std::size_t k) { return (s[1 + k / 6] - 63) >> (5 - k % 6) & 1; };
    if (std::any_of(s.begin(), s.end(), [](char c) { return c < 63 || c > 126; }) || n_ < 1 ||
        n_ > 62 || s.size() != 1 + (bits + 5) / 6)
      fail("R-claim-syntax/graph6", "not a graph6 string with 1..62 vertices", r.line);
    for (std::size_t k = bits; k < 6 * (s.size() - 1); ++k)
      if (bit(k)) fail("R-claim-syntax/padding", "nonzero padding bits", r.line);
    for (std::size_t u = 0; u < n_; ++u) // lexicographic order, as the reduction lists edges
      for (std::size_t v = u + 1; v < n_; ++v)
        if (bit(v * (v - 1) / 2 + u))
          edges_.push_back(std::uint64_t(1) << u | std::uint64_t(1) << v);
  }

  void hypergraph(const Rec& r) {
    n_ = count(r, r.rest, 1, 62, "R-claim-syntax/vertices", "a hypergraph has 1..62 vertices");
    while (recs_[at_].key == "edge") {
      const Rec& e = take("edge");
      std::uint64_t m = 0;
      for (std::size_t p = 0, sp = 0; sp != std::string::npos; p = sp + 1) {
        std::uint64_t v = count(e, e.rest.substr(p, (sp = e.rest.find(' ', p)) - p), 1, n_,
                                "R-claim-syntax/vertex", "edge vertices are in 1..n");
        if (m >> (v - 1) != 0) // v >= 1
          fail("R-claim-syntax/increasing", "edge vertices must be increasing", e.line);
        m |= std::uint64_t(1) << (v - 1);
      }
      if ((m & (m - 1)) == 0) fail("R-claim-syntax/edge", "an edge needs 2 vertices", e.line);
      edges_.push_back(m);
    }
  }

  // The training set of certs/MATH.md §9.1/§10.1 must be the instance, point by point: per vertex
  // (e_v, 1) [and (-e_v, 1)] with weight M [1]; per edge (1_e, 0) [and (-1_e, 0)] with weight 1,
  // where the brackets are the hypergraph reduction.
  void rebuild(const Rec& r, bool maxcut, const mpq_class& M) {
    const std::size_t per = maxcut ? 2 : 1, want = per * (n_ + edges_.size());
    if (inst_.d != n_ || inst_.n != want)
      fail("R-claim-rebuild/size",
           "the reduction has n = " + std::to_string(want) + ", d = " + std::to_string(n_), r.line);
    for (std::size_t i = 0; i < want; ++i) {
      const bool edge = i >= per * n_;
      const std::uint64_t x = edge ? edges_[i / per - n_] : std::uint64_t(1) << i / per;
      const int sign = i % per ? -1 : 1;
      bool same = inst_.y[i] == (edge ? 0 : 1) && inst_.c[i] == (maxcut && !edge ? M : 1);
      for (std::size_t t = 0; t < n_; ++t)
        same = same && inst_.x[i * n_ + t] == (x >> t & 1 ? sign : 0);
      if (!same)
        fail("R-claim-rebuild/point", "instance point " + std::to_string(i) + " differs", r.line);
    }
  }

  const Instance& inst_;
  std::string path_, model_; // model_: the certificate's
  bool upper_ = false, lower_ = false;
  mpq_class alpha_, beta_; // verified: beta_ <= OPT (if lower_), OPT <= alpha_ (if upper_)
  std::vector<Rec> recs_;
  std::size_t at_ = 0, n_ = 0;       // n_: source vertices
  std::vector<std::uint64_t> edges_; // bit v: vertex v + 1 is in the edge
};

std::string ClaimChecker::run(bool expect_violated) {
  take("relucert-claim", "1");
  const std::string red = take("reduction", "maxcut|hypergraph-2col|user").rest;
  const std::string variant = red == "maxcut" ? take("variant", "standard|naive").rest : "";
  const std::string fact = red == "user" ? take("fact", "maxcut|asserted").rest : red;
  take("source");
  const Rec& src = take(fact == "maxcut" ? "graph6" : fact == "asserted" ? fact : "hypergraph");
  if (fact == "maxcut") graph6(src);
  if (fact == "hypergraph-2col") hypergraph(src);
  const Rec& ir = take("instance");
  if (ir.rest.size() < 65 || ir.rest.substr(ir.rest.size() - 65) != " " + inst_.sha256)
    fail("R-claim-digest/digest", "the digest is not INSTANCE's sha256 " + inst_.sha256, ir.line);
  const Rec& mr = take("model"); // equal to the verified certificate's, hence well formed
  if (model_.find("weightbound") != std::string::npos) // bounds OPT of another problem (L5)
    fail("R-claim-digest/bounded", "CERT has a weight bound: it proves nothing about OPT", mr.line);
  if (mr.rest != model_) fail("R-claim-digest/model", "model is not CERT's " + model_, mr.line);
  const std::string builtin = red == "maxcut" ? "1 0 nonneg" : "2 0 signed";
  if (red != "user" && mr.rest != builtin)
    fail("R-claim-rebuild/model", "the reduction's model is " + builtin, mr.line);

  // The constants of certs/MATH.md §9.1 (maxcut): D = sum deg^2, M = D + 1, and so on.
  const Rec* t = fact == "maxcut" ? &take("threshold") : nullptr;
  const mpq_class c = t ? num(*t, t->rest) : 0, E = edges_.size(), n = n_;
  if (c.get_den() != 1 || c < 0)
    fail("R-claim-syntax/threshold", "the threshold is an integer >= 0", t->line);
  mpq_class D = 0;
  for (std::size_t v = 0; v < n_; ++v) {
    long deg = std::count_if(edges_.begin(), edges_.end(), [&](auto e) { return e >> v & 1; });
    D += deg * deg;
  }
  if (red != "user") rebuild(src, red == "maxcut", D + 1);
  const mpq_class alpha = (D + 1) * n + 4 * (E - c);
  const mpq_class beta = alpha + 4 - (variant == "naive" ? mpq_class(0) : 4 * D / (D + 1));
  if (red == "maxcut") {
    constant("D", D, "sum_v deg(v)^2");
    constant("M", D + 1, "D + 1");
    constant("alpha", alpha, "M n + 4(|E| - c)");
    constant("beta", beta, variant == "naive" ? "M n + 4(|E| - c + 1)" : "M n + 4(|E|-c+1) - 4D/M");
  }
  const Rec* side = fact == "asserted" ? nullptr : &take("side", "YES|NO");
  const bool yes = side && side->rest == "YES";
  const Rec* val = fact == "maxcut" ? &take("source-value") : nullptr;
  const Rec* wit = side ? &take("source-witness") : nullptr;
  const Rec& cr = take("claim");
  const std::string rel = cr.rest.substr(0, cr.rest.find(' '));
  const mpq_class bound = num(cr, cr.rest.substr(std::min(rel.size() + 1, cr.rest.size())));
  if (rel != "<=" && rel != ">=" && rel != ">")
    fail("R-claim-syntax/relation", "relation <=|>=|>", cr.line);
  const Rec& er = take("end");
  if (!er.rest.empty() || er.line + 1 != recs_.size())
    fail("R-claim-syntax/after-end", "text after end", er.rest.empty() ? er.line + 1 : er.line);
  const std::string want = yes ? "<=" : red == "maxcut" ? ">=" : ">";
  const mpq_class wb = red == "maxcut" ? (yes ? alpha : beta) : 0;
  if (red != "user" && (rel != want || bound != wb))
    fail("R-claim-constants/claim", "side " + side->rest + " claims OPT " + want + " " + to_str(wb),
         cr.line);

  // The source side: a witness for YES; for NO, and for source-value, every 2-colouring of the
  // vertices with vertex n on side 0 (swapping the two sides changes nothing).
  if (side) {
    const bool maxcut = fact == "maxcut";
    if (yes ? wit->rest.size() != n_ || wit->rest.find_first_not_of("01") != std::string::npos
            : wit->rest != "exhaustive")
      fail("R-claim-syntax/witness", "the witness is a 0/1 string of length n, or exhaustive",
           wit->line);
    if ((val || !yes) && n_ > 20) // at most 2^19 cuts or colourings
      fail(yes ? "R-source-yes/size" : "R-source-no/size", "n > 20, beyond the exhaustive check",
           wit->line);
    std::uint64_t best = 0, w = 0;
    for (std::uint64_t m = 0; val && m < std::uint64_t(1) << (n_ - 1); ++m)
      best = std::max<std::uint64_t>(best, split(m));
    if (val) // the maximum cut, exactly
      count(*val, val->rest, best, best, yes ? "R-source-yes/value" : "R-source-no/value",
            "the maximum cut is " + std::to_string(best));
    for (std::size_t v = 0; yes && v < n_; ++v)
      w |= std::uint64_t(wit->rest[v] == '1') << v;
    if (yes && split(w) < (maxcut ? c : E))
      fail("R-source-yes/witness",
           "the witness splits only " + std::to_string(split(w)) + " edges; YES needs " +
               (maxcut ? to_str(c) : "all"),
           wit->line);
    if (!yes && (maxcut ? best >= c : !every_colouring_monochromatic()))
      fail("R-source-no/exhaustive",
           maxcut ? "a cut has " + std::to_string(best) + " >= c edges"
                  : "some 2-colouring leaves no edge monochromatic",
           wit->line);
  }

  // The verdict from the certificate's verified bounds beta_ <= OPT <= alpha_: the claim holds
  // if the bound on its side implies it, and is violated if the other bound contradicts it.
  const bool le = rel == "<=", gt = rel == ">";
  const std::string b = to_str(bound), a = to_str(alpha_), l = to_str(beta_);
  const bool holds =
      le ? upper_ && alpha_ <= bound : lower_ && (gt ? beta_ > bound : beta_ >= bound);
  const bool refuted =
      le ? lower_ && beta_ > bound : upper_ && (gt ? alpha_ <= bound : alpha_ < bound);
  const std::string h =
      "claim holds: " + (le ? "OPT <= " + a : "OPT >= " + l) + " " + rel + " " + b;
  const std::string v = "claim violated (certified counterexample): " +
                        (le ? "OPT >= " + l + " > " : "OPT <= " + a + (gt ? " <= " : " < ")) + b;
  const std::string none =
      "undecided: CERT proves neither OPT " + rel + " " + b + " nor its negation";
  if (expect_violated ? !refuted : !holds)
    fail(expect_violated ? "R-claim-verdict/violated" : "R-claim-verdict/holds",
         holds     ? h
         : refuted ? v
                   : none,
         cr.line);
  const std::string fact_is =
      side ? side->rest + " verified: " + wit->rest : "ASSERTED, not verified: " + src.rest;
  return "source side " + fact_is + "\nc " + (expect_violated ? v : h);
}

} // namespace

Verified check_claim(const std::string& inst_path, const std::string& cert_path,
                     const std::string& claim_path, bool expect_violated, std::ostream* info) {
  Verified cert = check_certificate(inst_path, cert_path, info);
  const std::string said =
      ClaimChecker(cert.inst, claim_path, slurp(claim_path), cert).run(expect_violated);
  if (info) *info << "c " << said << "\n";
  return cert;
}
