#include "check.hpp"

#include "rational.hpp"
#include "tree.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using Tokens = std::vector<std::string_view>;

// This checker's limit on D = k (d + bias): Q has D^2 <= 2^20 entries (FORMAT.md §3, resources).
constexpr std::uint64_t MAX_D = 1024;

class Checker {
public:
  Checker(std::string inst_path, std::string path, std::ostream* info)
      : inst_path_(std::move(inst_path)), path_(std::move(path)), info_(info) {}

  void run(std::istream& in) {
    std::string text;
    while (std::getline(in, text)) {
      ++line_;
      if (in.eof()) fail("R-syntax/newline", "last line has no final newline (truncated file)");
      line(text);
    }
    if (in.bad()) throw std::runtime_error(path_ + ": read error");
    if (line_ == 0) fail("R-version/empty", "empty file, expected 'relucert-cert 1'");
    if (phase_ != Phase::Done) {
      ++line_;
      fail("R-syntax/eof", "unexpected end of file (truncated certificate, no 'end')");
    }
  }

  Verified verified() {
    return {model_text_, have_upper_, have_lower_, alpha_, beta_, proved_, std::move(inst_)};
  }

private:
  enum class Phase { Instance, Model, Body, Node, EndTree, Witness, Claims, Done };
  struct Frame {
    std::size_t j, i;
    bool first_active, second;
  };

  [[noreturn]] void fail(const char* rule, const std::string& msg) const {
    throw std::runtime_error(path_ + ":" + std::to_string(line_) + ": " + rule + ": " + msg);
  }

  void line(const std::string& text) {
    for (std::size_t col = 0; col < text.size(); ++col)
      if (text[col] < 0x20 || text[col] > 0x7e)
        fail("R-syntax/ascii", "byte " + std::to_string(static_cast<unsigned char>(text[col])) +
                                   " (not printable ASCII) at column " + std::to_string(col + 1));
    if (line_ == 1) {
      if (text != "relucert-cert 1")
        fail("R-version/first-line", "first line must be exactly 'relucert-cert 1'");
      return;
    }
    if (phase_ == Phase::Done) fail("R-syntax/after-end", "nothing may follow 'end'");
    if (text == "c" || text.rfind("c ", 0) == 0) return; // comment
    if (text.empty()) fail("R-syntax/empty-line", "empty line");
    if (text.front() == ' ' || text.back() == ' ' || text.find("  ") != std::string::npos)
      fail("R-syntax/spacing", "tokens must be separated by exactly one space");
    tok_.clear(); // reused: no allocation per line
    std::string_view rest(text);
    for (std::size_t sp; (sp = rest.find(' ')) != std::string_view::npos;
         rest.remove_prefix(sp + 1))
      tok_.push_back(rest.substr(0, sp));
    tok_.push_back(rest);
    record(tok_);
  }

  void record(const Tokens& tok) {
    std::string_view kw = tok[0];
    switch (phase_) {
    case Phase::Instance:
      if (kw == "columns" && !cols_.given) return columns(tok);
      if (kw != "instance") fail("R-syntax/instance", "expected 'instance'");
      return instance(tok);
    case Phase::Model:
      if (kw != "model") fail("R-syntax/model", "expected 'model'");
      return model(tok);
    case Phase::Body:
      if (kw == "weightbound") return weightbound(tok);
      if (kw == "tree") return tree(tok);
      if (trees_done_ > 0 && trees_done_ < trees_required_)
        fail("R-trees/missing",
             "tree block for p = " + std::to_string(first_p_ + trees_done_) + " missing");
      if (kw == "unit") return unit(tok);
      if (kw == "upper") fail("R-claims/upper", "'upper' without a witness (no 'unit' lines)");
      if (kw == "lower") return lower(tok);
      if (kw == "end") return end();
      fail("R-syntax/record", "unexpected record '" + std::string(kw) + "'");
    case Phase::Node:
      if (kw == "branch") return branch(tok);
      if (kw == "leaf") return leaf(tok);
      if (kw == "empty" || kw == "implied") return empty(tok);
      if (kw == "sym") return sym(tok);
      if (kw == "endtree")
        fail("R-complete/open", "'endtree' before every branch has both children");
      fail("R-syntax/node", "expected a node (branch, implied, leaf, empty or sym), found '" +
                                std::string(kw) + "'");
    case Phase::EndTree:
      if (kw != "endtree") fail("R-syntax/endtree", "tree is complete, expected 'endtree'");
      return endtree(tok);
    case Phase::Witness:
      if (kw == "unit") return unit(tok);
      if (kw != "upper") fail("R-syntax/witness", "the 'unit' lines must be followed by 'upper'");
      return upper(tok);
    case Phase::Claims: // after 'upper' or 'lower'
      if (kw == "lower" && !have_lower_) return lower(tok);
      if (kw != "end") fail("R-syntax/claims", "expected 'lower' (after 'upper') or 'end'");
      return end();
    case Phase::Done:
      break;
    }
  }

  void arity(const Tokens& tok, std::size_t n) const {
    if (tok.size() != n)
      fail("R-syntax/arity", "'" + std::string(tok[0]) + "' takes " + std::to_string(n - 1) +
                                 " fields, found " + std::to_string(tok.size() - 1));
  }
  // An integer field `name` that must be <= max (with exact, == max), else `rule` fails: any
  // length compares exactly (over: above max). Callers never pass a max formed by wrapping.
  std::uint64_t integer(std::string_view s, std::uint64_t max, const char* rule,
                        const std::string& name, bool exact = false) const {
    std::uint64_t v;
    bool over;
    if (!parse_cert_uint(s, v, over))
      fail("R-syntax/integer", "expected an integer, found '" + std::string(s) + "'");
    if (over || v > max || (exact && v != max))
      fail(rule,
           name + " = " + std::string(s) + (exact ? ", expected " : " > ") + std::to_string(max));
    return v;
  }
  void rational(std::string_view s, mpq_class& q) const {
    if (!parse_cert_rational(s, q))
      fail("R-syntax/rational", "expected a canonical rational, found '" + std::string(s) + "'");
  }

  void columns(const Tokens& tok) {
    if (tok.size() < 6)
      fail("R-syntax/columns", "'columns' takes sep, header, label, weight, features");
    if (tok[1] != "comma" && tok[1] != "semicolon" && tok[1] != "tab")
      fail("R-columns/sep", "the separator is comma, semicolon or tab");
    cols_.given = true, cols_.sep = tok[1] == "comma" ? ',' : tok[1] == "tab" ? '\t' : ';';
    cols_.header = integer(tok[2], 1, "R-columns/header", "header");
    std::vector<std::size_t> all;
    for (std::size_t t = 3; t < tok.size(); ++t) {
      if (t == 4 && tok[t] == "-") continue; // no weight column
      all.push_back(integer(tok[t], SIZE_MAX, "R-columns/zero", "column"));
      if (all.back() == 0) fail("R-columns/zero", "columns are numbered from 1");
      if (std::count(all.begin(), all.end() - 1, all.back()))
        fail("R-columns/distinct", "column " + std::string(tok[t]) + " has two roles");
      (t == 3 ? cols_.label : t == 4 ? cols_.weight : cols_.features.emplace_back()) = all.back();
      cols_.last = std::max(cols_.last, all.back());
    }
  }

  void instance(const Tokens& tok) {
    arity(tok, 4);
    inst_ = read_instance(inst_path_, cols_);
    say("instance: " + inst_path_ + ": n = " + std::to_string(inst_.n) +
        ", d = " + std::to_string(inst_.d) + ", sha256 " + inst_.sha256);
    if (!inst_.columns.empty()) say("columns: " + inst_.columns);
    if (tok[1] != inst_.sha256)
      fail("R-instance/digest",
           "digest does not match the instance file (sha256 " + inst_.sha256 + ")");
    integer(tok[2], inst_.n, "R-instance/n", "n", true);
    integer(tok[3], inst_.d, "R-instance/d", "d", true);
    phase_ = Phase::Model;
  }

  void model(const Tokens& tok) {
    arity(tok, 4);
    bias_ = integer(tok[2], 1, "R-model/bias", "bias");
    k_ = integer(tok[1], MAX_D / (inst_.d + bias_), "R-model/size", "k (D <= 1024)");
    if (k_ < 1) fail("R-model/k", "k must be >= 1");
    if (tok[3] != "nonneg" && tok[3] != "signed")
      fail("R-model/output", "output must be 'nonneg' or 'signed'");
    nonneg_ = tok[3] == "nonneg";
    model_text_ = std::to_string(k_) + " " + std::to_string(bias_) + " " + std::string(tok[3]);
    D_ = k_ * (inst_.d + bias_);
    first_p_ = nonneg_ ? k_ : 0;
    trees_required_ = nonneg_ ? 1 : k_ + 1;
    phase_ = Phase::Body;
  }

  void weightbound(const Tokens& tok) {
    arity(tok, 2);
    if (bounded_ || trees_done_ > 0)
      fail("R-syntax/weightbound", "'weightbound' must directly follow 'model'");
    mpq_class B;
    rational(tok[1], B);
    if (sgn(B) <= 0) fail("R-bound/positive", "the weight bound B = " + to_str(B) + " must be > 0");
    bounded_ = true, B2_ = B * B;
    model_text_ += " weightbound " + std::string(tok[1]);
    mu_.resize(k_);
    say("weight bound: ||v_j|| <= " + to_str(B) + " for every unit (L5)");
  }

  void tree(const Tokens& tok) {
    arity(tok, 2);
    if (trees_done_ == trees_required_)
      fail("R-trees/extra", "tree p = " + std::string(tok[1]) + " after all required trees");
    p_ = first_p_ + trees_done_;
    integer(tok[1], p_, "R-trees/order", "tree p", true);
    if (!pts_) pts_ = std::make_unique<Lifted>(inst_, bias_);
    tree_ = std::make_unique<TreeState>(*pts_, k_, p_);
    branches_ = leaves_ = empties_ = syms_ = 0;
    u_.resize(D_);
    phase_ = Phase::Node;
  }

  void branch(const Tokens& tok, bool implied = false) { // implied: tok[1..3] of 'implied'
    if (!implied) arity(tok, 4);
    std::uint64_t j = integer(tok[1], k_ - 1, "R-branch/unit", "unit j");        // k_ >= 1
    std::uint64_t i = integer(tok[2], inst_.n - 1, "R-branch/point", "point i"); // n >= 1
    if (tok[3] != "+" && tok[3] != "-") fail("R-syntax/order", "'first' must be '+' or '-'");
    if (!pts_->nonzero[i])
      fail("R-branch/zero", "x'_" + std::string(tok[2]) + " = 0 (rule Z: never branchable)");
    if (tree_->decided(j, i))
      fail("R-branch/decided", "pair (j, i) = (" + std::string(tok[1]) + ", " +
                                   std::string(tok[2]) + ") is already decided on this path");
    bool active = tok[3] == "+";
    tree_->push(j, i, active);
    frames_.push_back({j, i, active, false});
    ++branches_;
  }

  void multipliers(const Tokens& tok, std::size_t from, bool hinge = false) {
    mult_.resize((tok.size() - from) / 2);
    // Hinge indices (k = 1 leaves) end at depth + 2n (no wrap: depth <= k n, n points stored).
    const std::size_t depth = tree_->depth(), limit = depth + (hinge ? 2 * inst_.n : 0);
    if (!mult_.empty() && limit == 0)
      fail("R-index/root", "multipliers at the root, which has no path constraint");
    for (std::size_t m = 0; m < mult_.size(); ++m) {
      std::size_t r = integer(tok[from + 2 * m], limit - 1, "R-index/depth", "index r");
      if (m > 0 && r <= mult_[m - 1].first)
        fail("R-index/increasing", "multiplier indices must be strictly increasing");
      if (r >= depth && tree_->decided(0, (r - depth) / 2))
        fail("R-hinge/decided", "hinge index " + std::to_string(r) + ": its point is decided");
      mult_[m].first = r;
      rational(tok[from + 2 * m + 1], mult_[m].second);
      if (sgn(mult_[m].second) < 0)
        fail("R-lambda/negative",
             "lambda_" + std::to_string(r) + " = " + to_str(mult_[m].second) + " < 0");
    }
  }

  void leaf(const Tokens& tok) {
    const std::size_t nmu = bounded_ ? k_ : 0;
    if (tok.size() < 1 + D_ + nmu || (tok.size() - 1 - D_ - nmu) % 2 != 0)
      fail("R-syntax/leaf", "'leaf' takes D = " + std::to_string(D_) + " values of u, " +
                                (bounded_ ? "k values of mu, " : "") + "then (r, lambda_r) pairs");
    for (std::size_t a = 0; a < D_; ++a)
      rational(tok[1 + a], u_[a]);
    for (std::size_t j = 0; j < nmu; ++j) {
      rational(tok[1 + D_ + j], mu_[j]);
      if (sgn(mu_[j]) < 0)
        fail("R-mu/negative", "mu_" + std::to_string(j) + " = " + to_str(mu_[j]) + " < 0");
    }
    multipliers(tok, 1 + D_ + nmu, k_ == 1);
    mpq_class bound;
    if (auto [rule, why] = tree_->check_leaf(u_, mu_, B2_, mult_, bound); rule) fail(rule, why);
    if (!have_bound_ || bound < min_bound_)
      min_bound_ = bound, have_bound_ = true, min_line_ = line_, min_p_ = p_;
    ++leaves_;
    close_node();
  }

  // 'empty', or 'implied j i first': 'branch j i first' and the 'empty' of its first child in one.
  void empty(const Tokens& tok) {
    const bool implied = tok[0] == "implied";
    const std::size_t from = implied ? 4 : 1; // tok[from]: the first (r, lambda_r) pair
    if (tok.size() < from + 2 || (tok.size() - from) % 2 != 0)
      fail("R-syntax/empty", implied
                                 ? "'implied' takes j, i, first and one or more (r, lambda_r) pairs"
                                 : "'empty' takes one or more (r, lambda_r) pairs");
    if (implied) branch(tok, true);
    multipliers(tok, from);
    if (auto [rule, why] = tree_->check_empty(mult_); rule) fail(rule, why);
    ++empties_;
    close_node();
  }

  void sym(const Tokens& tok) {
    arity(tok, 3);
    if (k_ < 2) fail("R-sym/one-unit", "'sym' needs k >= 2 units");
    std::uint64_t j = integer(tok[1], k_ - 2, "R-sym/unit", "unit j (j + 1 < k)");
    std::uint64_t t = integer(tok[2], inst_.n - 1, "R-sym/point", "point t");
    if (auto [rule, why] = tree_->check_sym(j, t); rule) fail(rule, why);
    ++syms_;
    close_node();
  }

  // After a leaf, empty or sym record: moves to the next sibling, or up, or to the end of the tree.
  void close_node() {
    while (!frames_.empty()) {
      Frame& f = frames_.back();
      tree_->pop();
      if (!f.second) {
        f.second = true;
        tree_->push(f.j, f.i, !f.first_active);
        return;
      }
      frames_.pop_back();
    }
    phase_ = Phase::EndTree;
  }

  void endtree(const Tokens& tok) {
    if (tok.size() != 5 && tok.size() != 6)
      fail("R-syntax/arity",
           "'endtree' takes 4 or 5 fields, found " + std::to_string(tok.size() - 1));
    integer(tok[1], p_, "R-counts/p", "endtree p", true);
    integer(tok[2], branches_, "R-counts/branches", "branch count", true);
    integer(tok[3], leaves_, "R-counts/leaves", "leaf count", true);
    integer(tok[4], empties_, "R-counts/empties", "empty count", true);
    if (tok.size() == 6) integer(tok[5], syms_, "R-counts/syms", "sym count", true);
    if (tok.size() == 6 && syms_ == 0) fail("R-counts/sym-zero", "a sym count of 0 is omitted");
    if (tok.size() == 5 && syms_ > 0) fail("R-counts/sym-missing", "the sym count is missing");
    say("tree p = " + std::to_string(p_) + ": " + std::to_string(branches_) + " branches, " +
        std::to_string(leaves_) + " leaves, " + std::to_string(empties_) + " empties, " +
        std::to_string(syms_) + " syms");
    tree_.reset();
    ++trees_done_;
    phase_ = Phase::Body;
  }

  void unit(const Tokens& tok) {
    if (units_.size() == k_)
      fail("R-witness/count", "more than k = " + std::to_string(k_) + " 'unit' lines");
    std::size_t want = 2 + inst_.d + bias_;
    if (tok.size() != want)
      fail("R-witness/length", "'unit' takes a_j and " + std::to_string(want - 2) +
                                   " weights, found " + std::to_string(tok.size() - 1) +
                                   " numbers");
    std::vector<mpq_class> v(want - 1);
    for (std::size_t t = 0; t < v.size(); ++t)
      rational(tok[1 + t], v[t]);
    if (nonneg_ && sgn(v[0]) < 0)
      fail("R-witness/sign", "a_j = " + to_str(v[0]) + " < 0 with output nonneg");
    if (bounded_) { // ||v_j||^2 = a_j^2 ||(w_j, b_j)||^2 <= B^2
      mpq_class n2;
      for (std::size_t t = 1; t < v.size(); ++t)
        n2 += v[t] * v[t];
      if (v[0] * v[0] * n2 > B2_)
        fail("R-witness/bound", "unit violates the weight bound: a_j^2 ||(w_j, b_j)||^2 = " +
                                    to_str(v[0] * v[0] * n2) + " > B^2 = " + to_str(B2_));
    }
    units_.push_back(std::move(v));
    phase_ = Phase::Witness;
  }

  void upper(const Tokens& tok) {
    arity(tok, 2);
    rational(tok[1], alpha_);
    if (units_.size() != k_)
      fail("R-witness/count",
           std::to_string(units_.size()) + " 'unit' lines, expected k = " + std::to_string(k_));
    const std::size_t d = inst_.d;
    mpq_class loss, f, pre, err;
    for (std::size_t i = 0; i < inst_.n; ++i) {
      f = 0;
      for (const auto& v : units_) { // v = (a_j, w_j,1..d, [b_j])
        pre = bias_ ? v[1 + d] : mpq_class(0);
        for (std::size_t t = 0; t < d; ++t)
          pre += v[1 + t] * inst_.x[i * d + t];
        if (sgn(pre) > 0) f += v[0] * pre;
      }
      err = f - inst_.y[i];
      loss += inst_.c[i] * err * err;
    }
    say("witness loss = " + to_str(loss));
    if (loss != alpha_)
      fail("R-upper/loss", "the witness's loss is " + to_str(loss) + ", not " + to_str(alpha_));
    have_upper_ = true;
    phase_ = Phase::Claims;
  }

  void lower(const Tokens& tok) {
    arity(tok, 2);
    rational(tok[1], beta_);
    if (trees_done_ == 0) fail("R-claims/lower", "'lower' without tree blocks");
    if (beta_ > min_bound_) // min_bound_ = 0 <= OPT before a leaf (none: FORMAT.md §4, Coverage)
      fail("R-lower/leaf", "beta = " + to_str(beta_) + " exceeds the bound " + to_str(min_bound_) +
                               " of the leaf at line " + std::to_string(min_line_) +
                               " (tree p = " + std::to_string(min_p_) + ")");
    have_lower_ = true;
    phase_ = Phase::Claims;
  }

  void end() {
    if (!have_upper_ && !have_lower_)
      fail("R-claims/none", "no claim: neither 'upper' nor 'lower'");
    say("min leaf bound " + (have_bound_ ? to_str(min_bound_) : "none"));
    const std::string a = to_str(alpha_), b = to_str(beta_);
    proved_ = !have_lower_   ? "OPT <= " + a
              : !have_upper_ ? "OPT >= " + b
              : a == b       ? "OPT = " + a
                             : b + " <= OPT <= " + a;
    phase_ = Phase::Done;
  }

  void say(const std::string& s) const {
    if (info_) *info_ << "c " << s << "\n";
  }

  std::string inst_path_, path_;
  Columns cols_;
  Instance inst_;
  std::ostream* info_;
  std::size_t line_ = 0;
  Phase phase_ = Phase::Instance;
  // model
  std::size_t k_ = 0, bias_ = 0, D_ = 0, first_p_ = 0, trees_required_ = 0;
  bool nonneg_ = true;
  std::string model_text_;
  bool bounded_ = false; // weightbound B: ||v_j||^2 <= B2_ (L5)
  mpq_class B2_;
  std::unique_ptr<Lifted> pts_;
  // trees
  std::size_t trees_done_ = 0, p_ = 0;
  std::unique_ptr<TreeState> tree_;
  std::vector<Frame> frames_;
  std::uint64_t branches_ = 0, leaves_ = 0, empties_ = 0, syms_ = 0;
  std::vector<mpq_class> u_, mu_; // a leaf's u, and its mu (k values with a weight bound)
  Multipliers mult_;
  Tokens tok_;
  bool have_bound_ = false;
  mpq_class min_bound_;
  std::size_t min_line_ = 0, min_p_ = 0;
  // witness and claims
  std::vector<std::vector<mpq_class>> units_;
  bool have_upper_ = false, have_lower_ = false;
  mpq_class alpha_, beta_;
  std::string proved_;
};

} // namespace

Verified check_certificate(const std::string& inst_path, const std::string& cert_path,
                           std::ostream* info) {
  const bool piped = cert_path == "-"; // read once, never reopened or rewound
  std::ifstream file;
  if (!piped) file.open(cert_path, std::ios::binary);
  if (!file) throw std::runtime_error(cert_path + ": cannot open certificate");
  Checker c(inst_path, piped ? "<stdin>" : cert_path, info);
  c.run(piped ? std::cin : file);
  return c.verified();
}
