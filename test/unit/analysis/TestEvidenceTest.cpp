//===- TestEvidenceTest.cpp - Whether a test's change tests a function ----===//
//
// Tests and their units are built by hand: a unit is written as its calls
// and variables, its hash as a number, so that each case reads as the
// statements a test has at base and at head.
//
//===----------------------------------------------------------------------===//

#include "analysis/TestEvidence.h"

#include "llvm/ADT/STLExtras.h"
#include "gtest/gtest.h"
#include <string>
#include <vector>

using namespace riskguard;

namespace {

using Names = std::vector<std::string>;

/// A statement: its hash, whether it asserts, the USRs it calls and the
/// variables it names.
struct Stmt {
  uint64_t Hash;
  bool Assertion;
  Names Calls;
  std::vector<unsigned> Variables;
};

FunctionFacts fn(std::string USR, unsigned Line, Names Callees = {},
                 Names Overrides = {}) {
  FunctionFacts F;
  F.USR = USR;
  F.QualifiedName = USR;
  F.Name = USR + "()";
  F.File = "a.cc";
  F.Line = Line;
  F.EndLine = Line + 2;
  F.Callees = std::move(Callees);
  F.Overrides = std::move(Overrides);
  return F;
}

/// A test made of \p Body: its callees are those of its statements.
FunctionFacts test(std::string USR, unsigned Line, std::vector<Stmt> Body) {
  FunctionFacts F = fn(std::move(USR), Line);
  for (const Stmt &S : Body)
    F.Callees.insert(F.Callees.end(), S.Calls.begin(), S.Calls.end());
  llvm::sort(F.Callees);
  F.Callees.erase(llvm::unique(F.Callees), F.Callees.end());
  for (const Stmt &S : Body) {
    StatementUnit U;
    U.TokenHash = S.Hash;
    U.IsAssertion = S.Assertion;
    for (const std::string &C : S.Calls)
      U.Callees.push_back(llvm::lower_bound(F.Callees, C) - F.Callees.begin());
    llvm::sort(U.Callees);
    U.Variables = S.Variables;
    F.Units.push_back(std::move(U));
  }
  return F;
}

/// discount <- quote; Base::price is overridden by Card::price, which calls
/// discount; format calls nothing.
std::vector<FunctionFacts> program() {
  return {fn("discount", 1), fn("quote", 5, {"discount"}), fn("format", 9),
          fn("Base::price", 13),
          fn("Card::price", 17, {"discount"}, {"Base::price"})};
}

/// Whether test \p T, changed from \p Base, reaches discount.
bool reachesDiscount(const FunctionFacts &T, const FunctionFacts *Base) {
  std::vector<FunctionFacts> Functions = program();
  Functions.push_back(T);
  TUFacts TU;
  TU.Functions = Functions;
  Program P({TU});
  std::vector<unsigned> Path = P.transitiveCallers(*P.findUSR("discount"));
  Path.push_back(*P.findUSR("discount"));
  const FunctionFacts &Head = P.function(*P.findUSR(T.USR));
  return changedUnitsReach(P, Head, changedUnits(Head, Base), [&](unsigned Id) {
    return llvm::is_contained(Path, Id);
  });
}

const Stmt Computes = {10, false, {"discount"}, {0}}; // auto R = discount(1);
const Stmt AssertsR = {11, true, {}, {0}};            // EXPECT_EQ(R, 75);

TEST(TestEvidence, ChangedUnitsAreTheHeadUnitsNotAtBaseAsAMultiset) {
  FunctionFacts Base = test("t", 1, {{1, false, {}, {}}, {2, false, {}, {}}});
  FunctionFacts Head = test("t", 1,
                            {{2, false, {}, {}},
                             {1, false, {}, {}},
                             {3, false, {}, {}},
                             {1, false, {}, {}}});
  // Reordering changes nothing; the second `1` and the `3` are new.
  EXPECT_EQ(std::vector<unsigned>({2, 3}), changedUnits(Head, &Base));
  EXPECT_EQ(std::vector<unsigned>({0, 1, 2, 3}), changedUnits(Head, nullptr));
  EXPECT_TRUE(changedUnits(Base, &Head).empty()); // Removals add nothing.
}

TEST(TestEvidence, NoOpStatementsDoNotReach) {
  FunctionFacts Base = test("t", 30, {Computes, AssertsR});
  // (void)0; and EXPECT_TRUE(true); call nothing and name no variable.
  FunctionFacts Head = test(
      "t", 30, {Computes, {20, false, {}, {}}, AssertsR, {21, true, {}, {}}});
  EXPECT_FALSE(reachesDiscount(Head, &Base));
  // Removing statements is no evidence either.
  EXPECT_FALSE(reachesDiscount(test("t", 30, {Computes}), &Base));
}

TEST(TestEvidence, ACallOnAPathReaches) {
  FunctionFacts Base = test("t", 30, {Computes, AssertsR});
  // EXPECT_EQ(discount(2), 1), then EXPECT_EQ(quote(2), 1).
  EXPECT_TRUE(reachesDiscount(
      test("t", 30, {Computes, AssertsR, {20, true, {"discount"}, {}}}),
      &Base));
  EXPECT_TRUE(reachesDiscount(
      test("t", 30, {Computes, AssertsR, {20, true, {"quote"}, {}}}), &Base));
  // A call of an unrelated function does not.
  EXPECT_FALSE(reachesDiscount(
      test("t", 30, {Computes, AssertsR, {20, true, {"format"}, {}}}), &Base));
}

TEST(TestEvidence, AVirtualCallReachesThroughItsOverrides) {
  FunctionFacts Base = test("t", 30, {});
  EXPECT_TRUE(reachesDiscount(test("t", 30, {{20, false, {"Base::price"}, {}}}),
                              &Base));
}

TEST(TestEvidence, AnAssertionReachesThroughTheVariablesItNames) {
  FunctionFacts Base = test("t", 30, {Computes, AssertsR});
  // Only the expected value changed: EXPECT_EQ(R, 99).
  EXPECT_TRUE(
      reachesDiscount(test("t", 30, {Computes, {12, true, {}, {0}}}), &Base));
  // Through a variable computed from R: int C = R * 2; EXPECT_EQ(C, 198).
  const Stmt Doubles = {13, false, {}, {0, 1}};
  FunctionFacts DoublesBase = test("t", 30, {Computes, Doubles});
  EXPECT_TRUE(reachesDiscount(
      test("t", 30, {Computes, Doubles, {14, true, {}, {1}}}), &DoublesBase));
  // An assertion on a variable nothing on the path computes does not:
  // int Q = 3; Q = format(Q); EXPECT_EQ(Q, 3).
  EXPECT_FALSE(reachesDiscount(test("t", 30,
                                    {Computes,
                                     AssertsR,
                                     {15, false, {}, {2}},
                                     {16, false, {"format"}, {2}},
                                     {17, true, {}, {2}}}),
                               &Base));
  // Assertions compute nothing: EXPECT_EQ(discount(Q), 1) does not make a
  // new EXPECT_EQ(Q, 3) count.
  const Stmt DeclaresQ = {15, false, {}, {2}};
  const Stmt AssertsWithQ = {19, true, {"discount"}, {2}};
  FunctionFacts QBase = test("t", 30, {DeclaresQ, AssertsWithQ});
  EXPECT_FALSE(reachesDiscount(
      test("t", 30, {DeclaresQ, AssertsWithQ, {17, true, {}, {2}}}), &QBase));
}

TEST(TestEvidence, AChangedComputingStatementReachesByItsCall) {
  // auto R = discount(2); changed, the assertion unchanged.
  FunctionFacts Base = test("t", 30, {Computes, AssertsR});
  EXPECT_TRUE(reachesDiscount(
      test("t", 30, {{18, false, {"discount"}, {0}}, AssertsR}), &Base));
}

TEST(TestEvidence, AnyProjectCallCountsForAWeakerLink) {
  // What RG_TESTED_BY asks of a linked test: a call to any function of the
  // program, or an assertion on a value computed by one.
  std::vector<FunctionFacts> Functions = program();
  FunctionFacts Base = test("t", 30, {{10, false, {"format"}, {0}}});
  Functions.push_back(test(
      "t", 30,
      {{10, false, {"format"}, {0}}, {21, true, {}, {}}, {11, true, {}, {0}}}));
  TUFacts TU;
  TU.Functions = Functions;
  Program P({TU});
  const FunctionFacts &Head = P.function(*P.findUSR("t"));
  auto Any = [](unsigned) { return true; };
  EXPECT_TRUE(changedUnitsReach(P, Head, changedUnits(Head, &Base), Any));
  // EXPECT_TRUE(true) alone is not.
  EXPECT_FALSE(changedUnitsReach(P, Head, {1}, Any));
  // Nor a call of a function the program does not define (a library's).
  FunctionFacts Lib = test("lib", 40, {{30, false, {"printf"}, {}}});
  EXPECT_FALSE(changedUnitsReach(P, Lib, changedUnits(Lib, nullptr), Any));
}

} // namespace

namespace {

Policy policyOf(llvm::StringRef Text) {
  llvm::Expected<Policy> P = parsePolicy(Text, ".riskguard.json");
  EXPECT_TRUE(static_cast<bool>(P)) << llvm::toString(P.takeError());
  return P ? *P : Policy();
}

FileChange changedFile(std::string Old, std::string New, FileStatus S,
                       std::vector<Hunk> Hunks = {}) {
  FileChange FC;
  FC.OldPath = std::move(Old);
  FC.NewPath = std::move(New);
  FC.Status = S;
  FC.Hunks = std::move(Hunks);
  return FC;
}

} // namespace

TEST(TestEvidence, GoogleTestFullNamesToBaseNames) {
  EXPECT_EQ("Suite.Name", baseTestName("Suite.Name"));
  EXPECT_EQ("Fee.Rounds", baseTestName("Cents/Fee.Rounds/3"));
  EXPECT_EQ("Fee.Rounds", baseTestName("Fee/0.Rounds"));
  EXPECT_EQ("Fee.Rounds", baseTestName("Fee.Rounds/1"));
  EXPECT_EQ("Fee.Rounds", baseTestName("Inst/Fee/2.Rounds")); // TYPED_TEST_P
  // Not GoogleTest's: kept as they are.
  EXPECT_EQ("test/regress/fee-1.test", baseTestName("test/regress/fee-1.test"));
  EXPECT_EQ("rounds to cents. always", baseTestName("rounds to cents. always"));
  EXPECT_EQ("nodots", baseTestName("nodots"));
}

TEST(TestEvidence, ChangedLinesOfAFunction) {
  FunctionFacts F = fn("f", 10);
  F.File = "src/f.cc";
  F.EndLine = 20;
  ChangeSet Changes;
  Changes.Files.push_back(changedFile(
      "src/f.cc", "src/f.cc", FileStatus::Modified,
      {{1, 1, 1, 2}, {12, 1, 13, 1}, {18, 3, 19, 4}, {30, 1, 31, 1}}));
  using Ranges = std::vector<std::pair<unsigned, unsigned>>;
  // Hunks are clipped to the function; one outside it is not its change.
  EXPECT_EQ((Ranges{{13, 13}, {19, 20}}), changedLines(F, Changes, false));
  EXPECT_EQ((Ranges{{10, 20}}), changedLines(F, Changes, true));
  // A deletion marks the lines on either side of the gap.
  Changes.Files[0].Hunks = {{14, 2, 14, 0}};
  EXPECT_EQ((Ranges{{14, 15}}), changedLines(F, Changes, false));
  // A change elsewhere (a macro in a header) leaves no line of its own.
  Changes.Files[0].NewPath = "src/other.cc";
  EXPECT_TRUE(changedLines(F, Changes, false).empty());
}

TEST(TestEvidence, ChangedDataTestsSkipLayoutEmptyAndDeleted) {
  Policy P = policyOf(R"({"version": 1, "tests": {"data": [
      {"paths": ["regress/*.test"], "reaches_via": ["main"]},
      {"paths": ["golden/**"], "reaches_via": ["Golden.*"]}]}})");
  ChangeSet Changes;
  Changes.Files = {
      changedFile("", "golden/a.txt", FileStatus::Added),
      changedFile("regress/1.test", "regress/1.test", FileStatus::Modified),
      changedFile("regress/2.test", "regress/2.test", FileStatus::Modified),
      changedFile("regress/3.test", "", FileStatus::Deleted),
      changedFile("", "regress/4.test", FileStatus::Added),
      changedFile("regress/5.test", "regress/6.test", FileStatus::Renamed),
      changedFile("src/a.cc", "src/a.cc", FileStatus::Modified)};
  std::map<std::string, std::string> Base = {{"regress/1.test", "100\n10\n"},
                                             {"regress/2.test", "100 10"},
                                             {"regress/5.test", "1"}};
  std::map<std::string, std::string> Head = {{"golden/a.txt", "x"},
                                             {"regress/1.test", "100 \n\t10"},
                                             {"regress/2.test", "100 20"},
                                             {"regress/4.test", " \n"},
                                             {"regress/6.test", "1"}};
  std::vector<ChangedDataTest> D =
      changedDataTests(Changes, P, [&](llvm::StringRef Path, bool AtHead) {
        auto &M = AtHead ? Head : Base;
        auto It = M.find(Path.str());
        return It == M.end() ? std::nullopt
                             : std::optional<std::string>(It->second);
      });
  ASSERT_EQ(5u, D.size());
  EXPECT_EQ("golden/a.txt", D[0].Path);
  EXPECT_EQ(1u, D[0].Rule);
  EXPECT_EQ("", D[0].NotCounted);
  EXPECT_EQ("regress/1.test", D[1].Path);
  EXPECT_EQ("only its layout (whitespace) changed", D[1].NotCounted);
  EXPECT_EQ("regress/2.test", D[2].Path);
  EXPECT_EQ("", D[2].NotCounted);
  EXPECT_EQ("regress/4.test", D[3].Path);
  EXPECT_EQ("it is empty", D[3].NotCounted);
  EXPECT_EQ("regress/6.test", D[4].Path);
  EXPECT_EQ("only its layout (whitespace) changed", D[4].NotCounted);
}

TEST(TestEvidence, DataTestsReachWhatTheirViaReaches) {
  Policy P = policyOf(R"({"version": 1, "tests": {"data": [
      {"paths": ["regress/*"], "reaches_via": ["quote"]},
      {"paths": ["golden/*"], "reaches_via": ["Card::*"]},
      {"paths": ["other/*"], "reaches_via": ["format"]}]}})");
  TUFacts TU;
  TU.Functions = program();
  Program Prog({TU});
  unsigned Discount = *Prog.findUSR("discount");
  EXPECT_TRUE(dataTestReaches(Prog, P, P.DataTests[0], Discount));
  EXPECT_TRUE(dataTestReaches(Prog, P, P.DataTests[1], Discount));
  EXPECT_FALSE(dataTestReaches(Prog, P, P.DataTests[2], Discount));
  EXPECT_TRUE(
      dataTestReaches(Prog, P, P.DataTests[2], *Prog.findUSR("format")));
  EXPECT_EQ("regress/1 (data, via quote)",
            dataTestName("regress/1", P.DataTests[0]));
}

TEST(TestEvidence, CoverageIndexMatchesTestsAndLines) {
  Policy P = policyOf(R"({"version": 1, "tests": {"paths": ["t/**"]}})");
  FunctionFacts Discount = fn("discount", 1);
  Discount.EndLine = 4;
  FunctionFacts A = fn("A_B_Test::TestBody", 1);
  A.File = "t/a.cc";
  A.TestName = "A.B";
  FunctionFacts C = fn("C_D_Test::TestBody", 5);
  C.File = "t/a.cc";
  C.TestName = "C.D";
  TUFacts TU;
  TU.Functions = {Discount, A, C};
  Program Prog({TU});
  Coverage Cov;
  auto Run = [](std::string Name, std::vector<unsigned> Lines) {
    TestCoverage T;
    T.Test = std::move(Name);
    T.Lines["a.cc"] = std::move(Lines);
    return T;
  };
  // Sorted by name, as readCoverage gives them.
  Cov.Tests = {Run("C_D", {2}), Run("Inst/A.B/0", {3}), Run("Inst/A.B/1", {1}),
               Run("regress/1.test", {4}), Run("script", {9})};
  CoverageIndex Index(Cov, Prog, P);
  unsigned ATest = *Prog.findUSR("A_B_Test::TestBody");
  unsigned CTest = *Prog.findUSR("C_D_Test::TestBody");
  // lcov's rewritten name and GoogleTest's parameterized names match.
  EXPECT_EQ(std::optional<unsigned>(0), Index.ofFunction(CTest));
  EXPECT_EQ(std::optional<unsigned>(1), Index.ofFunction(ATest));
  EXPECT_EQ(std::optional<unsigned>(ATest), Index.function(2));
  EXPECT_EQ(std::nullopt, Index.function(4));
  EXPECT_EQ(std::optional<unsigned>(3), Index.ofPath("regress/1.test"));
  EXPECT_EQ(std::nullopt, Index.ofPath("regress/2.test"));
  EXPECT_EQ((std::vector<unsigned>{0, 1, 2, 3}),
            Index.covering(Prog.function(*Prog.findUSR("discount"))));
  // The runs of one test count together: /1 ran line 1, /0 line 3.
  EXPECT_TRUE(Index.covers(1, "a.cc", {{1, 1}}));
  EXPECT_TRUE(Index.covers(1, "a.cc", {{3, 3}}));
  EXPECT_FALSE(Index.covers(1, "a.cc", {{2, 2}}));
  EXPECT_FALSE(Index.covers(3, "a.cc", {{1, 3}}));
  EXPECT_FALSE(Index.covers(0, "b.cc", {{1, 9}}));
}
