// Mirrors src/reduce/claim (the verdict of a claim from a certified interval, and the claim
// file text of user claims) and src/reduce/claims_file (the user's claims file format of
// docs/REDUCTIONS.md §5). Expected values are written out by hand.
#define BOOST_TEST_MODULE claims
#include <boost/test/unit_test.hpp>

#include "expect_input_error.hpp"
#include "io/input_error.hpp"
#include "reduce/claim.hpp"
#include "reduce/claims_file.hpp"

#include <string>

using namespace relucert;
using namespace relucert::reduce;

namespace {

Rational R(const std::string& s) {
  return *Rational::parse_canonical(s);
}

// Parsing `bytes` must throw an InputError at exactly line:col whose message contains `what`.
void claims_error(const std::string& bytes, size_t line, size_t col, const std::string& what) {
  BOOST_TEST_CONTEXT("input:\n" << bytes) {
    expect_input_error([&] { parse_claims_file(bytes, "dir/my.claims"); }, "dir/my.claims", line,
                       col, what);
  }
}

const std::string HEAD = "relucert-claims 1\n";

} // namespace

// The table of certs/CLAIMS.md, on the K3 numbers: OPT = 5057/119 (about 42.4958).
BOOST_AUTO_TEST_CASE(verdict_table) {
  const Rational opt = R("5057/119");
  // A point interval (the optimum is known).
  BOOST_TEST((decide(Relation::AtMost, R("43"), opt, opt) == Verdict::Holds));
  BOOST_TEST((decide(Relation::AtMost, R("42"), opt, opt) == Verdict::Violated));
  BOOST_TEST((decide(Relation::AtMost, opt, opt, opt) == Verdict::Holds));
  BOOST_TEST((decide(Relation::AtLeast, R("511/13"), opt, opt) == Verdict::Holds));
  BOOST_TEST((decide(Relation::AtLeast, R("43"), opt, opt) == Verdict::Violated));
  BOOST_TEST((decide(Relation::AtLeast, opt, opt, opt) == Verdict::Holds));
  BOOST_TEST((decide(Relation::Above, R("0"), opt, opt) == Verdict::Holds));
  BOOST_TEST((decide(Relation::Above, opt, opt, opt) == Verdict::Violated)); // OPT > OPT: false
  BOOST_TEST((decide(Relation::Above, R("0"), R("0"), R("0")) == Verdict::Violated));
  // An interval [42, 43] decides only bounds outside it.
  const Rational lo = R("42"), hi = R("43");
  BOOST_TEST((decide(Relation::AtMost, R("85/2"), lo, hi) == Verdict::Undecided));
  BOOST_TEST((decide(Relation::AtMost, R("43"), lo, hi) == Verdict::Holds));
  BOOST_TEST((decide(Relation::AtMost, R("83/2"), lo, hi) == Verdict::Violated));
  BOOST_TEST((decide(Relation::AtLeast, R("85/2"), lo, hi) == Verdict::Undecided));
  BOOST_TEST((decide(Relation::AtLeast, R("42"), lo, hi) == Verdict::Holds));
  BOOST_TEST((decide(Relation::AtLeast, R("87/2"), lo, hi) == Verdict::Violated));
  BOOST_TEST((decide(Relation::Above, R("42"), lo, hi) == Verdict::Undecided)); // OPT may be 42
  BOOST_TEST((decide(Relation::Above, R("43"), lo, hi) == Verdict::Violated));
  BOOST_TEST(std::string(verdict_text(Verdict::Violated)) == "VIOLATED");
}

// A user claim with an asserted fact has no side, source-value or source-witness lines.
BOOST_AUTO_TEST_CASE(user_claim_text) {
  Claim c;
  c.reduction = "user";
  c.fact = "asserted";
  c.source = "row 1";
  c.source_records = {"asserted K3 is a NO instance"};
  c.instance_file = "instance.relu";
  c.instance_sha256 = std::string(64, 'a');
  c.model = Model{1, false, true, std::nullopt};
  c.relation = Relation::AtLeast;
  c.bound = R("43");
  BOOST_TEST(format_claim(c) == "relucert-claim 1\nreduction user\nfact asserted\nsource row 1\n"
                                "asserted K3 is a NO instance\ninstance instance.relu " +
                                    std::string(64, 'a') +
                                    "\nmodel 1 0 nonneg\nclaim >= 43\nend\n");
}

BOOST_AUTO_TEST_CASE(claims_file_rows) {
  const auto rows = parse_claims_file(HEAD + "# comment\n\nrow first row\ninstance a.relu\n"
                                             "model 2 1 signed\nclaim > 0\n"
                                             "source asserted  see  Lemma 3 \nend\n"
                                             "row second\nsource maxcut Bw 3 NO\nclaim >= 511/13\n"
                                             "model 1 0 nonneg\ninstance /abs/b.csv\nend\n",
                                      "dir/my.claims");
  BOOST_TEST_REQUIRE(rows.size() == 2u);
  const UserClaim& a = rows[0];
  BOOST_TEST(a.name == "first row");
  BOOST_TEST(a.line == 4u);
  BOOST_TEST(a.instance_path == "dir/a.relu"); // relative to the claims file
  BOOST_TEST(a.model.units == 2);
  BOOST_TEST(a.model.bias);
  BOOST_TEST(!a.model.nonneg);
  BOOST_TEST((a.relation == Relation::Above));
  BOOST_TEST(a.bound == R("0"));
  BOOST_TEST(a.asserted == "see  Lemma 3"); // inner spacing kept, the end trimmed
  BOOST_TEST(!a.graph);
  const UserClaim& b = rows[1];
  BOOST_TEST(b.instance_path == "/abs/b.csv");
  BOOST_TEST((b.relation == Relation::AtLeast));
  BOOST_TEST(b.bound == R("511/13"));
  BOOST_TEST_REQUIRE(b.graph.has_value());
  BOOST_TEST(b.graph->n == 3u);
  BOOST_TEST(b.graph->edges.size() == 3u);
  BOOST_TEST(b.threshold == 3);
  BOOST_TEST(!b.yes);
  BOOST_TEST(b.source_line == 11u);
}

BOOST_AUTO_TEST_CASE(claims_file_malformed) {
  const std::string row = "row r\ninstance a.relu\nmodel 1 0 nonneg\nclaim <= 1\n";
  claims_error("", 1, 1, "expected 'relucert-claims 1'");
  claims_error("relucert-claims 2\n", 1, 1, "'relucert-claims 1'");
  claims_error(HEAD, 1, 1, "no rows");
  claims_error(HEAD + "instance a.relu\n", 2, 1, "expected 'row <name>'");
  claims_error(HEAD + "row\n", 2, 4, "a row needs a name");
  claims_error(HEAD + row + "end\n", 6, 1, "has no 'source' line");
  claims_error(HEAD + row + "source asserted x\n", 7, 1, "has no 'end'");
  claims_error(HEAD + row + "instance b.relu\n", 6, 1, "a second 'instance' line");
  claims_error(HEAD + row + "bogus 1\n", 6, 1, "expected instance, model, claim, source or end");
  claims_error(HEAD + "row r\nclaim =< 1\n", 3, 7, "expected <=, >= or >");
  claims_error(HEAD + "row r\nclaim <= x\n", 3, 10, "expected a rational");
  claims_error(HEAD + "row r\nclaim <= 1 2\n", 3, 12, "expected 'claim");
  claims_error(HEAD + "row r\nmodel 0 0 nonneg\n", 3, 7, "k must be in 1..16");
  claims_error(HEAD + "row r\nmodel 1 2 nonneg\n", 3, 9, "bias must be 0 or 1");
  claims_error(HEAD + "row r\nmodel 1 0 positive\n", 3, 11, "nonneg or signed");
  claims_error(HEAD + "row r\nsource guessed x\n", 3, 8, "expected 'source asserted");
  claims_error(HEAD + "row r\nsource asserted\n", 3, 8, "expected 'source asserted");
  claims_error(HEAD + "row r\nsource maxcut B! 2 YES\n", 3, 16, "invalid graph6 character");
  claims_error(HEAD + "row r\nsource maxcut Bw x YES\n", 3, 18, "expected a threshold");
  claims_error(HEAD + "row r\nsource maxcut Bw 2 yes\n", 3, 20, "expected YES or NO");
  claims_error(HEAD + "row r\nsource maxcut Bw 2\n", 3, 19, "source maxcut <graph6> <c> YES|NO");
  // A negative threshold is allowed (it is a trivially YES question).
  const auto rows = parse_claims_file(HEAD + row + "source maxcut Bw -1 YES\nend\n", "x");
  BOOST_TEST(rows[0].threshold == -1);
}
