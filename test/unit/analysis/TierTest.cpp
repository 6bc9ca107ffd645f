//===- TierTest.cpp - Which functions are tier-1, and why -----------------===//

#include "analysis/Tier.h"

#include "TestSupport.h"
#include "gtest/gtest.h"
#include <string>

using namespace riskguard;

namespace {

Policy parse(llvm::StringRef Text) {
  return testsupport::parsePolicyOrFail(Text);
}

// Rules on lines 3..6; the path rule and the name rule overlap on
// src/pricing/checkout.cc's acme::checkout functions.
const char *const RulesPolicy = R"json({
  "version": 1,
  "rules": [
    { "path": "src/pricing/**", "domain": "pricing" },
    { "qualified_name": "acme::checkout::*", "domain": "transaction" },
    { "path": "src/ledger/**", "domain": "ledger" },
    { "path": "src/ledger/legacy/**", "domain": "legacy" }
  ],
  "tests": { "paths": ["test/**", "**/*_test.cc"] }
})json";

FunctionFacts fn(std::string QualifiedName, std::string File) {
  FunctionFacts F;
  F.USR = "c:@F@" + QualifiedName;
  F.QualifiedName = QualifiedName;
  F.Name = QualifiedName + "()";
  F.File = std::move(File);
  F.Line = 1;
  F.EndLine = 3;
  return F;
}

FunctionFacts marked(AnnotationLevel Tier1, AnnotationLevel NotTier1,
                     std::string File = "src/x.cc") {
  FunctionFacts F = fn("acme::x", std::move(File));
  F.Tier1Level = Tier1;
  if (Tier1 != AnnotationLevel::None)
    F.Tier1Domain = "annotated";
  F.NotTier1Level = NotTier1;
  if (NotTier1 != AnnotationLevel::None)
    F.NotTier1Reason = "because";
  return F;
}

std::string describe(const Tier &T) {
  return T.isTier1() ? T.Domain + " (" + T.Source + ")" : "not tier-1";
}

TEST(TierTest, NothingMarkedIsNotTier1) {
  Policy P;
  Tier T = resolveTier(fn("acme::f", "src/a.cc"), P);
  EXPECT_FALSE(T.isTier1());
  EXPECT_EQ("", T.Domain);
  EXPECT_EQ("", T.Source);
}

TEST(TierTest, EachAnnotationLevelSaysWhereItCameFrom) {
  Policy P;
  EXPECT_EQ("annotated (annotation on the function)",
            describe(resolveTier(
                marked(AnnotationLevel::Function, AnnotationLevel::None), P)));
  EXPECT_EQ("annotated (annotation on the class)",
            describe(resolveTier(
                marked(AnnotationLevel::Class, AnnotationLevel::None), P)));
  EXPECT_EQ("annotated (annotation on the namespace)",
            describe(resolveTier(
                marked(AnnotationLevel::Namespace, AnnotationLevel::None), P)));
}

TEST(TierTest, AnnotationWinsOverPolicyRule) {
  Policy P = parse(RulesPolicy);
  FunctionFacts F = fn("acme::pricing::discount", "src/pricing/discount.cc");
  EXPECT_EQ("pricing (policy rule at line 4)", describe(resolveTier(F, P)));
  for (AnnotationLevel L : {AnnotationLevel::Namespace, AnnotationLevel::Class,
                            AnnotationLevel::Function}) {
    F.Tier1Level = L;
    F.Tier1Domain = "payment";
    EXPECT_EQ("payment", resolveTier(F, P).Domain);
  }
}

TEST(TierTest, CloserOptOutWinsAndFartherLoses) {
  Policy P;
  using L = AnnotationLevel;
  struct Case {
    L Tier1, NotTier1;
    bool IsTier1;
  } Cases[] = {
      // RG_NOT_TIER1 on a member of a tier-1 class or namespace opts out.
      {L::Class, L::Function, false},
      {L::Namespace, L::Function, false},
      {L::Namespace, L::Class, false},
      // RG_TIER1 closer than the opt-out puts it back.
      {L::Function, L::Class, true},
      {L::Function, L::Namespace, true},
      {L::Class, L::Namespace, true},
      // Both on the same declaration: the opt-out wins.
      {L::Function, L::Function, false},
      {L::Class, L::Class, false},
      // Only the opt-out.
      {L::None, L::Function, false},
  };
  for (const Case &C : Cases)
    EXPECT_EQ(C.IsTier1, resolveTier(marked(C.Tier1, C.NotTier1), P).isTier1())
        << static_cast<int>(C.Tier1) << " vs " << static_cast<int>(C.NotTier1);
}

TEST(TierTest, OptOutAtAnyLevelBeatsPolicyRules) {
  Policy P = parse(RulesPolicy);
  for (AnnotationLevel L : {AnnotationLevel::Namespace, AnnotationLevel::Class,
                            AnnotationLevel::Function}) {
    FunctionFacts F = marked(AnnotationLevel::None, L, "src/pricing/a.cc");
    EXPECT_FALSE(resolveTier(F, P).isTier1()) << static_cast<int>(L);
  }
}

TEST(TierTest, PolicyRulesByPathAndQualifiedNameLastMatchWins) {
  Policy P = parse(RulesPolicy);
  EXPECT_EQ(
      "pricing (policy rule at line 4)",
      describe(resolveTier(fn("acme::pricing::tax", "src/pricing/tax.cc"), P)));
  EXPECT_EQ("transaction (policy rule at line 5)",
            describe(resolveTier(
                fn("acme::checkout::Checkout::placeOrder", "src/co.cc"), P)));
  // Both the path rule (line 4) and the name rule (line 5) match: the
  // later one wins.
  EXPECT_EQ("transaction (policy rule at line 5)",
            describe(resolveTier(
                fn("acme::checkout::total", "src/pricing/checkout.cc"), P)));
  EXPECT_EQ("ledger (policy rule at line 6)",
            describe(resolveTier(fn("acme::book", "src/ledger/a.cc"), P)));
  EXPECT_EQ(
      "legacy (policy rule at line 7)",
      describe(resolveTier(fn("acme::book", "src/ledger/legacy/a.cc"), P)));
  EXPECT_EQ("not tier-1",
            describe(resolveTier(fn("acme::cart::add", "src/cart.cc"), P)));
  // A name rule needs the whole qualified name to match.
  EXPECT_EQ("not tier-1", describe(resolveTier(
                              fn("other::acme::checkout::f", "src/o.cc"), P)));
}

TEST(TierTest, TestsAreNeverTier1) {
  Policy P = parse(RulesPolicy);
  // A test body, even one marked tier-1 or in a tier-1 path.
  FunctionFacts Body = marked(AnnotationLevel::Function, AnnotationLevel::None,
                              "src/pricing/a.cc");
  Body.TestName = "PricingTest.Discount";
  EXPECT_FALSE(resolveTier(Body, P).isTier1());
  EXPECT_TRUE(isTestFunction(Body, P));
  // Any function in a file tests.paths matches.
  FunctionFacts Helper =
      marked(AnnotationLevel::Class, AnnotationLevel::None, "test/helpers.cc");
  EXPECT_FALSE(resolveTier(Helper, P).isTier1());
  EXPECT_TRUE(isTestFunction(Helper, P));
  FunctionFacts Beside = fn("acme::pricing::helper", "src/pricing/tax_test.cc");
  EXPECT_FALSE(resolveTier(Beside, P).isTier1());
  EXPECT_TRUE(isTestFunction(Beside, P));
  // Without tests.paths only test bodies are tests.
  Policy NoPaths;
  EXPECT_FALSE(isTestFunction(Helper, NoPaths));
  EXPECT_TRUE(resolveTier(Helper, NoPaths).isTier1());
  EXPECT_TRUE(isTestFunction(Body, NoPaths));
}

TEST(TierTest, TestDisplayName) {
  FunctionFacts Body = fn("PricingTest_Discount_Test::TestBody", "test/p.cc");
  Body.TestName = "PricingTest.Discount";
  EXPECT_EQ("PricingTest.Discount", testDisplayName(Body));
  FunctionFacts Helper = fn("testing::makeCart", "test/p.cc");
  EXPECT_EQ("testing::makeCart", testDisplayName(Helper));
}

} // namespace
