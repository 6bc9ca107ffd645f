//===- Tier1ChangeTest.cpp - What the editor says of a tier-1 change ------===//

#include "checks/Tier1Change.h"
#include "policy/Policy.h"

#include "TestSupport.h"
#include "gtest/gtest.h"
#include <string>

using namespace riskguard;

namespace {

Policy parse(llvm::StringRef Text) {
  return testsupport::parsePolicyOrFail(Text);
}

FunctionFacts price() {
  FunctionFacts F;
  F.USR = "c:@N@shop@F@price#l#";
  F.QualifiedName = "shop::price";
  F.Name = "shop::price(long)";
  F.File = "src/price.cc";
  F.Tier1Domain = "pricing";
  F.Tier1Level = AnnotationLevel::Function;
  return F;
}

TEST(Tier1ChangeTest, SaysWhatTheMergeWillNeed) {
  Policy P = parse(R"json({ "version": 1,
    "domains": { "pricing": { "owners": ["@acme/pricing"] } },
    "require": { "min_approvals": 2, "owner_approval": true } })json");
  FunctionFacts F = price();
  EXPECT_EQ(tier1ChangeMessage({F, "pricing", false, "HEAD~1"}, P),
            "tier-1 function 'shop::price(long)' (domain 'pricing') changed "
            "in logic since HEAD~1: the merge will need a test that reaches "
            "it to change too, 2 approvals, approval by an owner "
            "(@acme/pricing); run riskguard check to see the tests that "
            "reach it");
}

TEST(Tier1ChangeTest, NewFunctionUnderTestsThatMustExist) {
  Policy P = parse(R"json({ "version": 1,
    "require": { "tests": "exists", "owner_approval": true } })json");
  FunctionFacts F = price();
  F.MinApprovals = 1;
  EXPECT_EQ(tier1ChangeMessage({F, "pricing", true, "origin/main"}, P),
            "tier-1 function 'shop::price(long)' (domain 'pricing') is new "
            "since origin/main: the merge will need a test that reaches it, "
            "1 approval, an owner's approval (no owner is named: add "
            "RG_OWNERS or the domain's owners); run riskguard check to see "
            "the tests that reach it");
}

TEST(Tier1ChangeTest, APolicyThatAsksNothing) {
  Policy P = parse(R"json({ "version": 1,
    "require": { "tests": "none" } })json");
  FunctionFacts F = price();
  EXPECT_EQ(tier1ChangeMessage({F, "pricing", false, "HEAD"}, P),
            "tier-1 function 'shop::price(long)' (domain 'pricing') changed "
            "in logic since HEAD; the policy asks nothing more of the merge");
}

TEST(Tier1ChangeTest, OwnersAreNamedAsTheGateNamesThem) {
  EXPECT_EQ(anOwnerOf({"@acme/pricing"}), "an owner (@acme/pricing)");
  EXPECT_EQ(anOwnerOf({"a", "b", "c", "d", "e"}),
            "an owner (a, b, c, and 2 more)");
  EXPECT_EQ(approvalCount(1), "1 approval");
  EXPECT_EQ(approvalCount(3), "3 approvals");
}

} // namespace
