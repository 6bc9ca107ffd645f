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
