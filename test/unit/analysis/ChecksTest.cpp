//===- ChecksTest.cpp - The rules on hand-built analysis results ----------===//
//
// tier1-untested-change and analysis-incomplete on an AnalysisResult built
// by hand (no parsing), so that every branch of their messages is pinned;
// and the rule list against its documentation.
//
//===----------------------------------------------------------------------===//

#include "checks/Check.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "gtest/gtest.h"
#include <optional>
#include <string>
#include <vector>

using namespace riskguard;

namespace {

using Names = std::vector<std::string>;

FunctionFacts fn(std::string QualifiedName, std::string File, unsigned Line,
                 Names Callees = {}) {
  FunctionFacts F;
  F.USR = "usr:" + QualifiedName;
  F.QualifiedName = QualifiedName;
  F.Name = QualifiedName + "(int)";
  F.File = std::move(File);
  F.Line = Line;
  F.Column = 5;
  F.EndLine = Line + 3;
  // One statement per call, so that a changed test's statements make them.
  for (std::string &C : Callees) {
    F.Units.push_back(
        {std::hash<std::string>()(C), false, {unsigned(F.Callees.size())}, {}});
    F.Callees.push_back("usr:" + C);
  }
  return F;
}

FunctionFacts test(std::string TestName, std::string File, unsigned Line,
                   Names Callees) {
  std::string Class = TestName;
  std::replace(Class.begin(), Class.end(), '.', '_');
  FunctionFacts F =
      fn(Class + "_Test::TestBody", std::move(File), Line, std::move(Callees));
  F.Name = Class + "_Test::TestBody()";
  F.TestName = std::move(TestName);
  return F;
}

FunctionFacts tier1(FunctionFacts F, std::string Domain) {
  F.Tier1Domain = std::move(Domain);
  F.Tier1Level = AnnotationLevel::Function;
  return F;
}

/// A program and a change to it, checked against a policy.
class ChecksTest : public ::testing::Test {
protected:
  void SetUp() override {
    Rules =
        parse(R"json({ "version": 1, "tests": { "paths": ["test/**"] } })json");
    // discount <- quote <- PricingTest.ViaQuote; PricingTest.Direct and the
    // helper in test/ call discount; CartTest.Other calls neither.
    Functions = {
        tier1(fn("shop::discount", "src/pricing.cc", 10), "pricing"),
        fn("shop::quote", "src/quote.cc", 3, {"shop::discount"}),
        fn("shop::other", "src/other.cc", 1),
        test("PricingTest.ViaQuote", "test/pricing_test.cc", 5,
             {"shop::quote"}),
        test("PricingTest.Direct", "test/pricing_test.cc", 12,
             {"shop::discount"}),
        test("CartTest.Other", "test/cart_test.cc", 5, {"shop::other"}),
        fn("testutil::makeOrder", "test/util.cc", 1, {"shop::discount"}),
    };
  }

  static Policy parse(llvm::StringRef Text) {
    llvm::Expected<Policy> P = parsePolicy(Text, ".riskguard.json");
    if (!P) {
      ADD_FAILURE() << llvm::toString(P.takeError());
      return Policy();
    }
    return std::move(*P);
  }

  /// Marks the function \p QualifiedName as changed in \p Kind.
  void change(llvm::StringRef QualifiedName,
              ChangeKind Kind = ChangeKind::Modified) {
    Changes.push_back({QualifiedName.str(), Kind});
  }

  std::vector<Finding> run() {
    AnalysisResult R;
    TUFacts TU;
    TU.MainFile = "all.cc";
    TU.Functions = Functions;
    R.Head = Program({TU});
    TUFacts BaseTU;
    BaseTU.MainFile = "all.cc";
    BaseTU.Functions = BaseFunctions;
    R.Base = Program({BaseTU});
    for (const auto &[Name, Kind] : Changes) {
      std::optional<unsigned> Id = R.Head.findUSR("usr:" + Name);
      if (!Id) {
        ADD_FAILURE() << "no function " << Name;
        continue;
      }
      ChangedFunction C;
      C.Facts = R.Head.function(*Id);
      C.HeadId = Id;
      C.Kind = Kind;
      if (Kind != ChangeKind::Added)
        C.BaseId = R.Base.findUSR("usr:" + Name);
      C.Tier1 = resolveTier(C.Facts, Rules);
      C.IsTest = isTestFunction(C.Facts, Rules);
      if (C.Tier1.isTier1()) {
        C.TierKind = TierKind::Tier1;
        C.Domain = C.Tier1.Domain;
      }
      if (Kind == ChangeKind::Deleted)
        C.HeadId.reset();
      R.Changed.push_back(std::move(C));
    }
    R.Incomplete = Incomplete;
    return runChecks({R, Rules});
  }

  /// The messages of \p Findings.
  static Names messages(const std::vector<Finding> &Findings) {
    Names Out;
    for (const Finding &F : Findings)
      Out.push_back(F.File + ":" + std::to_string(F.Line) + ": [" + F.Rule +
                    "] " + F.Message);
    return Out;
  }

  /// Adds a statement to the test \p QualifiedName that calls \p Callee
  /// (none: a no-op such as `(void)0;`), keeping the base as it was.
  void addStatement(llvm::StringRef QualifiedName, std::string Callee = "") {
    if (BaseFunctions.empty())
      BaseFunctions = Functions;
    for (FunctionFacts &F : Functions) {
      if (F.QualifiedName != QualifiedName)
        continue;
      StatementUnit U{1000 + F.Units.size(), false, {}, {}};
      if (!Callee.empty()) {
        U.Callees.push_back(F.Callees.size());
        F.Callees.push_back("usr:" + Callee);
      }
      F.Units.push_back(U);
    }
  }

  Policy Rules;
  std::vector<FunctionFacts> Functions;
  /// The functions at base; none unless a test sets them.
  std::vector<FunctionFacts> BaseFunctions;
  std::vector<std::pair<std::string, ChangeKind>> Changes;
  std::vector<IncompleteFile> Incomplete;
};

const char *const Prefix = "src/pricing.cc:10: [tier1-untested-change] logic "
                           "of tier-1 function 'shop::discount(int)' (domain "
                           "'pricing') ";

TEST_F(ChecksTest, UntestedWhenReachingTestsAreNotPartOfTheChange) {
  change("shop::discount");
  std::vector<Finding> Findings = run();
  EXPECT_EQ(Names({std::string(Prefix) +
                   "changed without a change to a test that reaches it: 3 "
                   "tests reach it (PricingTest.Direct, PricingTest.ViaQuote, "
                   "testutil::makeOrder) and none is part of the change"}),
            messages(Findings));
  ASSERT_EQ(1u, Findings.size());
  const Finding &F = Findings[0];
  EXPECT_EQ("tier1-untested-change", F.Rule);
  EXPECT_EQ(Severity::Error, F.Level);
  EXPECT_TRUE(F.Blocking);
  EXPECT_EQ("shop::discount(int)", F.Function);
  EXPECT_EQ(5u, F.Column);
  EXPECT_EQ(13u, F.EndLine);
  EXPECT_EQ(Names({"PricingTest.Direct", "PricingTest.ViaQuote",
                   "testutil::makeOrder"}),
            F.TestsReaching);
  EXPECT_EQ(16u, F.Fingerprint.size());
  EXPECT_TRUE(F.ChangeSummary.empty());
}

TEST_F(ChecksTest, AChangedTestThatReachesItSatisfiesTheRule) {
  change("shop::discount");
  change("PricingTest_ViaQuote_Test::TestBody"); // Through quote.
  EXPECT_TRUE(run().empty());
}

TEST_F(ChecksTest, AChangedHelperInTestPathsCountsAsATest) {
  change("shop::discount");
  change("testutil::makeOrder");
  EXPECT_TRUE(run().empty());
}

TEST_F(ChecksTest, AChangedTestThatDoesNotReachItIsNamedInTheMessage) {
  change("shop::discount");
  change("CartTest_Other_Test::TestBody");
  EXPECT_EQ(Names({std::string(Prefix) +
                   "changed without a change to a test that reaches it: 3 "
                   "tests reach it (PricingTest.Direct, PricingTest.ViaQuote, "
                   "testutil::makeOrder) and none is part of the change; none "
                   "of the 1 changed test reaches it"}),
            messages(run()));
}

TEST_F(ChecksTest,
       AReachingTestWhoseChangedStatementsDoNotReachItDoesNotCount) {
  change("shop::discount");
  addStatement("PricingTest_Direct_Test::TestBody"); // (void)0;
  change("PricingTest_Direct_Test::TestBody");
  std::string Reach = "changed without a test change that reaches it: 3 tests "
                      "reach it (PricingTest.Direct, PricingTest.ViaQuote, "
                      "testutil::makeOrder); ";
  EXPECT_EQ(Names({std::string(Prefix) + Reach +
                   "test 'PricingTest.Direct' changed, but no changed "
                   "statement of it reaches 'shop::discount(int)'"}),
            messages(run()));
  // Nor does a new call of something that does not reach it, in another
  // reaching test: both are named.
  addStatement("PricingTest_ViaQuote_Test::TestBody", "shop::other");
  change("PricingTest_ViaQuote_Test::TestBody");
  EXPECT_EQ(Names({std::string(Prefix) + Reach +
                   "tests 'PricingTest.Direct', 'PricingTest.ViaQuote' "
                   "changed, but no changed statement of them reaches "
                   "'shop::discount(int)'"}),
            messages(run()));
  // A new call on a path to it does.
  addStatement("PricingTest_ViaQuote_Test::TestBody", "shop::quote");
  EXPECT_TRUE(run().empty());
}

TEST_F(ChecksTest, ACosmeticTestChangeDoesNotCount) {
  change("shop::discount");
  change("PricingTest_Direct_Test::TestBody", ChangeKind::Cosmetic);
  EXPECT_EQ(1u, run().size());
}

TEST_F(ChecksTest, NoTestReachesIt) {
  Functions.erase(Functions.begin() + 3, Functions.begin() + 5);
  Functions.pop_back();
  change("shop::discount");
  EXPECT_EQ(Names({std::string(Prefix) +
                   "changed and no statically visible test reaches it: add or "
                   "change a test that calls it in the same change"
                   "; a test that reaches it through a registry or callback "
                   "counts with "
                   "--coverage or RG_TESTED_BY"}),
            messages(run()));
  change("CartTest_Other_Test::TestBody", ChangeKind::Added);
  EXPECT_EQ(Names({std::string(Prefix) +
                   "changed and no statically visible test reaches it: add or "
                   "change a test that calls it in the same change (none of "
                   "the 1 changed test does)"
                   "; a test that reaches it through a registry or callback "
                   "counts with "
                   "--coverage or RG_TESTED_BY"}),
            messages(run()));
}

TEST_F(ChecksTest, MoreThanThreeReachingTestsAreCounted) {
  for (const char *Name : {"ZTest.A", "ZTest.B"})
    Functions.push_back(
        test(Name, "test/z_test.cc", Name[6] == 'A' ? 1 : 9, {"shop::quote"}));
  change("shop::discount");
  EXPECT_EQ(Names({std::string(Prefix) +
                   "changed without a change to a test that reaches it: 5 "
                   "tests reach it (PricingTest.Direct, PricingTest.ViaQuote, "
                   "ZTest.A, and 2 more) and none is part of the change"}),
            messages(run()));
}

TEST_F(ChecksTest, TestedByLinksATestThatDoesNotCallIt) {
  Functions[0].TestedBy = {"CartTest.Other", "NoSuch.Test"};
  change("shop::discount");
  change("CartTest_Other_Test::TestBody");
  EXPECT_TRUE(run().empty());
}

TEST_F(ChecksTest, TestedByLinkedTestNeedsAChangedStatementThatDoesSomething) {
  Functions[0].TestedBy = {"CartTest.Other"};
  change("shop::discount");
  addStatement("CartTest_Other_Test::TestBody"); // EXPECT_TRUE(true);
  change("CartTest_Other_Test::TestBody");
  EXPECT_EQ(Names({std::string(Prefix) +
                   "changed without a test change that reaches it: 4 tests "
                   "reach it (CartTest.Other, PricingTest.Direct, "
                   "PricingTest.ViaQuote, and 1 more); test 'CartTest.Other' "
                   "(linked by RG_TESTED_BY) changed, but no changed "
                   "statement of it calls a project function or asserts on "
                   "a value computed by one"}),
            messages(run()));
  // A call into any project function counts for a linked test.
  addStatement("CartTest_Other_Test::TestBody", "shop::other");
  EXPECT_TRUE(run().empty());
}

TEST_F(ChecksTest, TestedByIsListedAmongTheReachingTests) {
  Functions[0].TestedBy = {"CartTest.Other"};
  change("shop::discount");
  std::vector<Finding> Findings = run();
  ASSERT_EQ(1u, Findings.size());
  EXPECT_EQ(Names({"CartTest.Other", "PricingTest.Direct",
                   "PricingTest.ViaQuote", "testutil::makeOrder"}),
            Findings[0].TestsReaching);
}

TEST_F(ChecksTest, TestedByMustNameATest) {
  // shop::other is not test code: naming it links nothing.
  Functions.erase(Functions.begin() + 3, Functions.end());
  Functions[0].TestedBy = {"shop::other"};
  change("shop::discount");
  change("shop::other");
  EXPECT_EQ(1u, run().size());
}

TEST_F(ChecksTest, RequireExistsIsMetByAnyReachingTest) {
  Rules = parse(R"json({ "version": 1, "tests": { "paths": ["test/**"] },
                         "require": { "tests": "exists" } })json");
  change("shop::discount");
  EXPECT_TRUE(run().empty());
  Functions.erase(Functions.begin() + 3, Functions.end());
  EXPECT_EQ(Names({std::string(Prefix) +
                   "changed and no statically visible test reaches it: add a "
                   "test that calls it"
                   "; a test that reaches it through a registry or callback "
                   "counts with "
                   "--coverage or RG_TESTED_BY"}),
            messages(run()));
}

TEST_F(ChecksTest, RequireNoneNeverFires) {
  Rules = parse(R"json({ "version": 1, "require": { "tests": "none" } })json");
  Functions.erase(Functions.begin() + 3, Functions.end());
  change("shop::discount");
  EXPECT_TRUE(run().empty());
}

TEST_F(ChecksTest, AddedTier1FunctionNeedsATestToo) {
  change("shop::discount", ChangeKind::Added);
  EXPECT_EQ(1u, run().size());
}

TEST_F(ChecksTest, CosmeticDeletedAndNonTier1ChangesNeedNoTest) {
  change("shop::discount", ChangeKind::Cosmetic);
  change("shop::quote"); // Reached by tier-1 code? No: it calls tier-1 code.
  change("shop::other");
  EXPECT_TRUE(run().empty());
  // Deleting tier-1 code is a marking removal, not an untested change.
  Changes = {{"shop::discount", ChangeKind::Deleted}};
  std::vector<Finding> Found = run();
  ASSERT_EQ(1u, Found.size());
  EXPECT_EQ("tier1-marking-removed", Found[0].Rule);
}

TEST_F(ChecksTest, AnalysisIncompleteNamesTheFileAndTheReason) {
  IncompleteFile Header;
  Header.File = "inc/orphan.h";
  Header.Reason = "no translation unit in build/compile_commands.json "
                  "includes 'inc/orphan.h'";
  IncompleteFile Parse;
  Parse.File = "src/bad.cc";
  Parse.At = "src/bad.cc:3:10";
  Parse.Line = 3;
  Parse.Column = 10;
  Parse.Reason = "1 error while parsing 'src/bad.cc'; first: src/bad.cc:3:10: "
                 "use of undeclared identifier 'nope'";
  Incomplete = {Header, Parse};
  change("shop::discount");
  change("PricingTest_Direct_Test::TestBody");
  std::vector<Finding> Findings = run();
  EXPECT_EQ(Names({"inc/orphan.h:1: [analysis-incomplete] could not analyze "
                   "'inc/orphan.h': no translation unit in "
                   "build/compile_commands.json includes 'inc/orphan.h'; "
                   "riskguard cannot pass what it cannot see",
                   "src/bad.cc:3: [analysis-incomplete] could not analyze "
                   "'src/bad.cc': 1 error while parsing 'src/bad.cc'; first: "
                   "src/bad.cc:3:10: use of undeclared identifier 'nope'; "
                   "riskguard cannot pass what it cannot see"}),
            messages(Findings));
  ASSERT_EQ(2u, Findings.size());
  EXPECT_EQ(1u, Findings[0].Column);
  EXPECT_EQ(1u, Findings[0].EndLine);
  EXPECT_EQ(10u, Findings[1].Column);
  EXPECT_EQ(3u, Findings[1].EndLine);
  for (const Finding &F : Findings) {
    EXPECT_EQ(Severity::Error, F.Level);
    EXPECT_TRUE(F.Blocking);
    EXPECT_EQ("", F.Function);
  }
  EXPECT_NE(Findings[0].Fingerprint, Findings[1].Fingerprint);
}

TEST_F(ChecksTest, FindingsAreSortedByFileLineRule) {
  IncompleteFile Same;
  Same.File = "src/pricing.cc";
  Same.Line = 10;
  Same.Reason = "test";
  IncompleteFile Early;
  Early.File = "src/a.cc";
  Early.Reason = "test";
  Incomplete = {Same, Early};
  change("shop::discount");
  Names Order;
  for (const Finding &F : run())
    Order.push_back(F.File + ":" + std::to_string(F.Line) + " " + F.Rule);
  EXPECT_EQ(Names({"src/a.cc:1 analysis-incomplete",
                   "src/pricing.cc:10 analysis-incomplete",
                   "src/pricing.cc:10 tier1-untested-change"}),
            Order);
}

TEST_F(ChecksTest, FingerprintFollowsTheFunctionNotItsLine) {
  change("shop::discount");
  std::vector<Finding> Before = run();
  Functions[0].Line = 40;
  Functions[0].EndLine = 44;
  std::vector<Finding> After = run();
  ASSERT_EQ(1u, Before.size());
  ASSERT_EQ(1u, After.size());
  EXPECT_EQ(40u, After[0].Line);
  EXPECT_EQ(Before[0].Fingerprint, After[0].Fingerprint);
}

TEST(RulesTest, EveryRuleIsListedOnceWithItsSeverity) {
  Names Ids;
  for (const RuleInfo &R : allRules())
    Ids.push_back(R.Id.str());
  Names Sorted = Ids;
  llvm::sort(Sorted);
  EXPECT_EQ(Sorted.end(), std::unique(Sorted.begin(), Sorted.end()));
  EXPECT_TRUE(llvm::is_contained(Ids, "tier1-untested-change"));
  EXPECT_TRUE(llvm::is_contained(Ids, "analysis-incomplete"));
  EXPECT_EQ(allRules().size(), createChecks().size());
  for (const RuleInfo &R : allRules())
    if (R.Id == "tier1-untested-change" || R.Id == "analysis-incomplete")
      EXPECT_EQ(Severity::Error, R.Level) << R.Id.str();
}

/// The first paragraph after the title of docs/rules/<Id>.md; nullopt
/// (and a failure) when there is no such page.
std::optional<std::string> docSummary(llvm::StringRef Id) {
  std::string Path =
      std::string(RISKGUARD_TEST_DIR) + "/../docs/rules/" + Id.str() + ".md";
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Doc =
      llvm::MemoryBuffer::getFile(Path);
  if (!Doc) {
    ADD_FAILURE() << "no doc page " << Path;
    return std::nullopt;
  }
  llvm::StringRef Text = (*Doc)->getBuffer();
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    Text = Rest;
    if (!Line.trim().empty() && !Line.starts_with("#"))
      return Line.str();
  }
  return "";
}

// STYLE.md: a rule's doc page starts with its summary from Checks.def.
TEST(RulesTest, EachDocPageStartsWithTheRuleSummary) {
  for (const RuleInfo &R : allRules()) {
    std::optional<std::string> Doc = docSummary(R.Id);
    if (!Doc)
      continue;
    llvm::StringRef Paragraph = *Doc;
    EXPECT_TRUE(Paragraph.starts_with(R.Summary) &&
                (Paragraph.size() == R.Summary.size() ||
                 Paragraph[R.Summary.size()] == ' '))
        << R.Id.str() << ": '" << Paragraph.str() << "' does not start with '"
        << R.Summary.str() << "'";
  }
}

/// One check of checks/TidyChecks.def.
struct TidyCheckInfo {
  llvm::StringRef Id, RuleId, Summary;
};

// Each clang-tidy check is documented: a rule of Checks.def by the rule's
// page (its summary there), a check of the editor only by a page of its
// own, which starts with the summary of TidyChecks.def.
TEST(RulesTest, EachTidyCheckHasADocPageStartingWithItsSummary) {
  const TidyCheckInfo Tidy[] = {
#define RISKGUARD_TIDY_CHECK(Id, Class, RuleId, Summary) {Id, RuleId, Summary},
#include "checks/TidyChecks.def"
  };
  for (const TidyCheckInfo &T : Tidy) {
    EXPECT_EQ("riskguard-" + T.RuleId.str(), T.Id.str());
    const RuleInfo *Rule = llvm::find_if(
        allRules(), [&](const RuleInfo &R) { return R.Id == T.RuleId; });
    bool OfARule = Rule != allRules().end();
    EXPECT_EQ(OfARule, T.Summary.empty()) << T.Id.str();
    llvm::StringRef Summary = OfARule ? Rule->Summary : T.Summary;
    std::optional<std::string> Doc = docSummary(T.RuleId);
    if (!Doc)
      continue;
    llvm::StringRef Paragraph = *Doc;
    EXPECT_TRUE(Paragraph.starts_with(Summary) &&
                (Paragraph.size() == Summary.size() ||
                 Paragraph[Summary.size()] == ' '))
        << T.Id.str() << ": '" << Paragraph.str() << "' does not start with '"
        << Summary.str() << "'";
  }
}

} // namespace
