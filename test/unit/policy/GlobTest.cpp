//===- GlobTest.cpp - Tests for the policy glob matchers ------------------===//

#include "policy/Policy.h"

#include "llvm/Support/Error.h"
#include "gtest/gtest.h"
#include <string>

using namespace riskguard;

namespace {

/// The message of a failed validateGlob, or "<ok>".
std::string globError(llvm::StringRef Pattern) {
  if (llvm::Error E = validateGlob(Pattern))
    return llvm::toString(std::move(E));
  return "<ok>";
}

TEST(PathGlobTest, DoubleStarSpansZeroOrMoreDirectories) {
  EXPECT_TRUE(matchPathGlob("src/**/x.cc", "src/x.cc"));
  EXPECT_TRUE(matchPathGlob("src/**/x.cc", "src/a/x.cc"));
  EXPECT_TRUE(matchPathGlob("src/**/x.cc", "src/a/b/c/x.cc"));
  EXPECT_FALSE(matchPathGlob("src/**/x.cc", "lib/src/x.cc"));
  EXPECT_FALSE(matchPathGlob("src/**/x.cc", "src/a/y.cc"));
  EXPECT_FALSE(matchPathGlob("src/**/x.cc", "srcx.cc"));
}

TEST(PathGlobTest, TrailingDoubleStarMatchesInsideOnly) {
  EXPECT_TRUE(matchPathGlob("src/pricing/**", "src/pricing/a.cc"));
  EXPECT_TRUE(matchPathGlob("src/pricing/**", "src/pricing/a/b/c.h"));
  EXPECT_FALSE(matchPathGlob("src/pricing/**", "src/pricing"));
  EXPECT_FALSE(matchPathGlob("src/pricing/**", "src/pricingx/a.cc"));
  EXPECT_FALSE(matchPathGlob("src/pricing/**", "lib/src/pricing/a.cc"));
}

TEST(PathGlobTest, LeadingDoubleStarMatchesAtAnyDepth) {
  EXPECT_TRUE(matchPathGlob("**/*_test.cc", "foo_test.cc"));
  EXPECT_TRUE(matchPathGlob("**/*_test.cc", "a/b/foo_test.cc"));
  EXPECT_FALSE(matchPathGlob("**/*_test.cc", "a/b/foo_test.h"));
  EXPECT_TRUE(matchPathGlob("**", "a"));
  EXPECT_TRUE(matchPathGlob("**", "a/b/c"));
  EXPECT_TRUE(matchPathGlob("**/b/**", "a/b/c"));
  EXPECT_FALSE(matchPathGlob("**/b/**", "a/b"));
}

TEST(PathGlobTest, StarAndQuestionStayWithinOneSegment) {
  EXPECT_TRUE(matchPathGlob("src/*.cc", "src/a.cc"));
  EXPECT_TRUE(matchPathGlob("src/*.cc", "src/.cc"));
  EXPECT_FALSE(matchPathGlob("src/*.cc", "src/a/b.cc"));
  EXPECT_FALSE(matchPathGlob("src/*", "src/a/b.cc"));
  EXPECT_TRUE(matchPathGlob("src/?.cc", "src/a.cc"));
  EXPECT_FALSE(matchPathGlob("src/?.cc", "src/ab.cc"));
  EXPECT_FALSE(matchPathGlob("src/?.cc", "src/.cc"));
  EXPECT_FALSE(matchPathGlob("/a?b", "a/b"));
  EXPECT_FALSE(matchPathGlob("/a*b", "a/b"));
}

TEST(PathGlobTest, PatternWithoutSlashMatchesBaseNameAtAnyDepth) {
  EXPECT_TRUE(matchPathGlob("*_test.cc", "foo_test.cc"));
  EXPECT_TRUE(matchPathGlob("*_test.cc", "a/b/foo_test.cc"));
  EXPECT_FALSE(matchPathGlob("*_test.cc", "a/foo_test.cc.orig"));
  EXPECT_FALSE(matchPathGlob("*_test.cc", "foo_test.cc/x.cc"));
  EXPECT_TRUE(matchPathGlob("Makefile", "tools/Makefile"));
}

TEST(PathGlobTest, SlashAnchorsAtRepoRoot) {
  EXPECT_TRUE(matchPathGlob("/main.cc", "main.cc"));
  EXPECT_FALSE(matchPathGlob("/main.cc", "src/main.cc"));
  // A '/' in the middle anchors too, as in .gitignore.
  EXPECT_TRUE(matchPathGlob("src/main.cc", "src/main.cc"));
  EXPECT_FALSE(matchPathGlob("src/main.cc", "lib/src/main.cc"));
  EXPECT_TRUE(matchPathGlob("/src/**", "src/a.cc"));
}

TEST(PathGlobTest, TrailingSlashNamesADirectory) {
  EXPECT_TRUE(matchPathGlob("pricing/", "pricing/a.cc"));
  EXPECT_TRUE(matchPathGlob("pricing/", "src/pricing/a/b.cc"));
  EXPECT_FALSE(matchPathGlob("pricing/", "pricing"));
  EXPECT_TRUE(matchPathGlob("/src/pricing/", "src/pricing/a.cc"));
  EXPECT_FALSE(matchPathGlob("/src/pricing/", "x/src/pricing/a.cc"));
}

TEST(PathGlobTest, CharacterClasses) {
  EXPECT_TRUE(matchPathGlob("/[abc].cc", "b.cc"));
  EXPECT_FALSE(matchPathGlob("/[abc].cc", "d.cc"));
  EXPECT_TRUE(matchPathGlob("/[a-c].cc", "c.cc"));
  EXPECT_FALSE(matchPathGlob("/[a-c].cc", "C.cc"));
  EXPECT_TRUE(matchPathGlob("/[!a].cc", "b.cc"));
  EXPECT_FALSE(matchPathGlob("/[!a].cc", "a.cc"));
  EXPECT_TRUE(matchPathGlob("/[^a].cc", "b.cc"));
  EXPECT_TRUE(matchPathGlob("/[]].cc", "].cc"));
  EXPECT_TRUE(matchPathGlob("/[a-].cc", "-.cc"));
  EXPECT_TRUE(matchPathGlob("/v[0-9][0-9].h", "v42.h"));
  EXPECT_FALSE(matchPathGlob("/v[0-9][0-9].h", "v4x.h"));
}

TEST(PathGlobTest, EscapesAndEdgeCases) {
  EXPECT_TRUE(matchPathGlob("/\\*.cc", "*.cc"));
  EXPECT_FALSE(matchPathGlob("/\\*.cc", "a.cc"));
  EXPECT_TRUE(matchPathGlob("src/**", "./src/a.cc"));
  EXPECT_FALSE(matchPathGlob("", "a.cc"));
  EXPECT_FALSE(matchPathGlob("**", ""));
  EXPECT_FALSE(matchPathGlob("/", "a.cc"));
}

TEST(PathGlobTest, ManyStarsDoNotBlowUp) {
  std::string Path = "src/" + std::string(20000, 'a') + ".cc";
  EXPECT_FALSE(matchPathGlob("src/a*a*a*a*a*a*a*a*a*a*a*b.cc", Path));
  EXPECT_TRUE(matchPathGlob("src/a*a*a*a*a*a*a*a*a*a*a*.cc", Path));
  std::string Deep;
  for (int I = 0; I < 2000; ++I)
    Deep += "a/";
  EXPECT_FALSE(
      matchPathGlob("**/a/**/a/**/a/**/a/**/a/**/a/**/b", Deep + "a.cc"));
  EXPECT_TRUE(matchPathGlob("**/a/**/a/**/a/**/a/**/a.cc", Deep + "a.cc"));
}

TEST(NameGlobTest, StarCrossesScopes) {
  EXPECT_TRUE(matchNameGlob("acme::checkout::*", "acme::checkout::f"));
  EXPECT_TRUE(
      matchNameGlob("acme::checkout::*", "acme::checkout::Cart::total"));
  EXPECT_FALSE(matchNameGlob("acme::checkout::*", "acme::checkoutx::f"));
  EXPECT_FALSE(matchNameGlob("acme::checkout::*", "acme::checkout"));
  EXPECT_TRUE(matchNameGlob("*::total", "acme::checkout::Cart::total"));
  EXPECT_FALSE(matchNameGlob("*::total", "acme::checkout::Cart::subtotal"));
  EXPECT_TRUE(matchNameGlob("*", ""));
  EXPECT_TRUE(matchNameGlob("*", "a::b"));
}

TEST(NameGlobTest, QuestionClassesAndLiterals) {
  EXPECT_TRUE(matchNameGlob("acme::f?", "acme::f1"));
  EXPECT_FALSE(matchNameGlob("acme::f?", "acme::f"));
  EXPECT_TRUE(matchNameGlob("acme::v[12]::*", "acme::v2::x"));
  EXPECT_FALSE(matchNameGlob("acme::v[12]::*", "acme::v3::x"));
  EXPECT_TRUE(matchNameGlob("acme::f", "acme::f"));
  EXPECT_FALSE(matchNameGlob("acme::f", "acme::fg"));
  EXPECT_FALSE(matchNameGlob("acme::fg", "acme::f"));
  EXPECT_TRUE(matchNameGlob("", ""));
  EXPECT_FALSE(matchNameGlob("", "a"));
  // An unterminated class is a literal '[' when matching; validateGlob is
  // what rejects it in a policy.
  EXPECT_TRUE(matchNameGlob("[ab", "[ab"));
  EXPECT_TRUE(matchNameGlob("Co-authored-by: *[[]bot]*",
                            "Co-authored-by: dependabot[bot] <x@y>"));
  EXPECT_FALSE(matchNameGlob("Co-authored-by: *[[]bot]*",
                             "Co-authored-by: Bob <bob@y>"));
}

TEST(NameGlobTest, ManyStarsDoNotBlowUp) {
  std::string Name(50000, 'a');
  EXPECT_FALSE(matchNameGlob("a*a*a*a*a*a*a*a*a*a*a*a*b", Name));
  EXPECT_TRUE(matchNameGlob("*a*a*a*a*a*a*a*a*a*a*a*a", Name));
}

TEST(ValidateGlobTest, AcceptsWellFormedGlobs) {
  EXPECT_EQ("<ok>", globError("src/**"));
  EXPECT_EQ("<ok>", globError("**/*_test.cc"));
  EXPECT_EQ("<ok>", globError("[]]"));
  EXPECT_EQ("<ok>", globError("[!a-z]x"));
  EXPECT_EQ("<ok>", globError("\\[literal\\]"));
  EXPECT_EQ("<ok>", globError("a]b"));
  EXPECT_EQ("<ok>", globError("Co-authored-by: *[bot]*"));
}

TEST(ValidateGlobTest, RejectsMalformedGlobs) {
  EXPECT_EQ("bad glob \"\": empty pattern", globError(""));
  EXPECT_EQ("bad glob \"src/[ab\": unterminated '[' at offset 4",
            globError("src/[ab"));
  EXPECT_EQ("bad glob \"a[]\": unterminated '[' at offset 1", globError("a[]"));
  EXPECT_EQ("bad glob \"[a\\]\": unterminated '[' at offset 0",
            globError("[a\\]"));
  EXPECT_EQ("bad glob \"src\\\": trailing '\\'", globError("src\\"));
  EXPECT_EQ("bad glob \"[z-a].cc\": reversed range 'z-a'",
            globError("[z-a].cc"));
}

} // namespace
