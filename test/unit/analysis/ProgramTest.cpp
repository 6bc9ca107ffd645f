//===- ProgramTest.cpp - Merging facts and walking the call graph ---------===//
//
// Facts are built by hand: a function's USR doubles as its name, so that
// the expectations read as call graphs.
//
//===----------------------------------------------------------------------===//

#include "analysis/Program.h"

#include "llvm/ADT/STLExtras.h"
#include "gtest/gtest.h"
#include <string>
#include <vector>

using namespace riskguard;

namespace {

using Names = std::vector<std::string>;

FunctionFacts fn(std::string USR, std::string File, unsigned Line,
                 Names Callees = {}, Names Overrides = {}) {
  FunctionFacts F;
  F.USR = USR;
  F.QualifiedName = USR;
  F.Name = USR + "()";
  F.File = std::move(File);
  F.Line = Line;
  F.Column = 1;
  F.EndLine = Line + 2;
  F.Callees = std::move(Callees);
  F.Overrides = std::move(Overrides);
  return F;
}

TUFacts tu(std::string Main, std::vector<FunctionFacts> Functions) {
  TUFacts T;
  T.MainFile = Main;
  T.Files = {Main};
  T.Functions = std::move(Functions);
  return T;
}

/// The USRs of \p Ids.
Names usrs(const Program &P, llvm::ArrayRef<unsigned> Ids) {
  Names Out;
  for (unsigned Id : Ids)
    Out.push_back(P.function(Id).USR);
  return Out;
}

Names allUSRs(const Program &P) {
  Names Out;
  for (const FunctionFacts &F : P.functions())
    Out.push_back(F.USR);
  return Out;
}

unsigned id(const Program &P, llvm::StringRef USR) {
  std::optional<unsigned> Id = P.findUSR(USR);
  if (!Id) {
    ADD_FAILURE() << "no function " << USR.str();
    return 0;
  }
  return *Id;
}

Names callees(const Program &P, llvm::StringRef USR) {
  return usrs(P, P.callees(id(P, USR)));
}
Names callers(const Program &P, llvm::StringRef USR) {
  return usrs(P, P.callers(id(P, USR)));
}
Names transitiveCallers(const Program &P, llvm::StringRef USR) {
  return usrs(P, P.transitiveCallers(id(P, USR)));
}
std::vector<Names> callerPaths(const Program &P, llvm::StringRef USR) {
  std::vector<Names> Out;
  for (const std::vector<unsigned> &Path : P.callerPaths(id(P, USR)))
    Out.push_back(usrs(P, Path));
  return Out;
}

TEST(ProgramTest, EmptyProgram) {
  Program P;
  EXPECT_TRUE(P.functions().empty());
  EXPECT_EQ(std::nullopt, P.findUSR("f"));
  EXPECT_TRUE(P.findName("f()").empty());
}

TEST(ProgramTest, FunctionsAreSortedByFileLineUSR) {
  Program P({tu("b.cc", {fn("z", "b.cc", 1), fn("y", "b.cc", 1)}),
             tu("a.cc", {fn("x", "a.cc", 9), fn("w", "inc/h.h", 2)})});
  EXPECT_EQ(Names({"x", "y", "z", "w"}), allUSRs(P));
  EXPECT_EQ(std::optional<unsigned>(1), P.findUSR("y"));
  EXPECT_EQ(std::vector<unsigned>({2}),
            std::vector<unsigned>(P.findName("z()").begin(),
                                  P.findName("z()").end()));
}

TEST(ProgramTest, InlineFunctionSeenByTwoTUsIsOneFunctionWithAllCalls) {
  // Each TU saw a different part of the calls (e.g. a dependent call that
  // resolved differently); the place is the same.
  FunctionFacts InA = fn("inl", "inc/money.h", 4, {"a1", "shared"});
  FunctionFacts InB = fn("inl", "inc/money.h", 4, {"b1", "shared"});
  std::vector<TUFacts> TUs = {
      tu("a.cc", {fn("a1", "a.cc", 1), fn("fa", "a.cc", 5, {"inl"}), InA}),
      tu("b.cc", {fn("b1", "b.cc", 1), fn("fb", "b.cc", 5, {"inl"}), InB}),
      tu("c.cc", {fn("shared", "c.cc", 1)})};
  Program P(TUs);
  EXPECT_EQ(Names({"a1", "fa", "b1", "fb", "shared", "inl"}), allUSRs(P));
  EXPECT_EQ(Names({"a1", "b1", "shared"}), P.function(id(P, "inl")).Callees);
  EXPECT_EQ(Names({"a1", "b1", "shared"}), callees(P, "inl"));
  EXPECT_EQ(Names({"fa", "fb"}), callers(P, "inl"));
  EXPECT_EQ(Names({"inl"}), callers(P, "shared"));

  // Merging does not depend on the order of the TUs.
  std::vector<TUFacts> Reversed(TUs.rbegin(), TUs.rend());
  Program Q(Reversed);
  ASSERT_EQ(P.functions().size(), Q.functions().size());
  for (unsigned I = 0; I < P.functions().size(); ++I) {
    EXPECT_EQ(P.function(I).USR, Q.function(I).USR);
    EXPECT_EQ(P.function(I).Callees, Q.function(I).Callees);
    EXPECT_EQ(usrs(P, P.callees(I)), usrs(Q, Q.callees(I)));
    EXPECT_EQ(usrs(P, P.callers(I)), usrs(Q, Q.callers(I)));
  }
}

TEST(ProgramTest, MergedCalleesKeepTheUnitsCallingWhatTheyCalled) {
  // A unit's callees index its function's callees, which grow and are
  // re-sorted when another TU saw more calls.
  for (bool AFirst : {true, false}) {
    FunctionFacts InA = fn("inl", "inc/money.h", 4, {"m", "z"});
    InA.Units = {{1, false, {1}, {}}, {2, true, {0, 1}, {0}}};
    FunctionFacts InB = fn("inl", "inc/money.h", 4, {"a", "m"});
    InB.Units = InA.Units;
    InB.Units[0].Callees = {0}; // The same place, other calls: "a".
    std::vector<TUFacts> TUs = {tu("a.cc", {InA}), tu("b.cc", {InB})};
    if (!AFirst)
      std::swap(TUs[0], TUs[1]);
    Program P(TUs);
    const FunctionFacts &F = P.function(id(P, "inl"));
    EXPECT_EQ(Names({"a", "m", "z"}), F.Callees);
    ASSERT_EQ(2u, F.Units.size());
    auto Called = [&](const StatementUnit &U) {
      Names Out;
      for (unsigned I : U.Callees)
        Out.push_back(F.Callees[I]);
      return Out;
    };
    // The same statements in both (a template instantiated differently by
    // each TU): each unit makes the calls of both, whatever the order.
    EXPECT_EQ(Names({"a", "z"}), Called(F.Units[0]));
    EXPECT_EQ(Names({"a", "m", "z"}), Called(F.Units[1]));
  }
}

TEST(ProgramTest, MergedUnitsOfOtherStatementsKeepTheFirstTUs) {
  // The same USR whose statements differ between TUs (an overlay changed
  // them in one TU's view): the units of one are kept, not mixed.
  for (bool AFirst : {true, false}) {
    FunctionFacts InA = fn("inl", "inc/money.h", 4, {"m", "z"});
    InA.Units = {{1, false, {1}, {}}};
    FunctionFacts InB = fn("inl", "inc/money.h", 4, {"a"});
    InB.Units = {{7, false, {0}, {}}};
    std::vector<TUFacts> TUs = {tu("a.cc", {InA}), tu("b.cc", {InB})};
    if (!AFirst)
      std::swap(TUs[0], TUs[1]);
    Program P(TUs);
    const FunctionFacts &F = P.function(id(P, "inl"));
    EXPECT_EQ(Names({"a", "m", "z"}), F.Callees);
    ASSERT_EQ(1u, F.Units.size());
    ASSERT_EQ(1u, F.Units[0].Callees.size());
    EXPECT_EQ(AFirst ? "z" : "a", F.Callees[F.Units[0].Callees[0]]);
  }
}

TEST(ProgramTest, TargetsOfACallAreTheFunctionAndItsOverrides) {
  Program P({tu("a.cc", {fn("Base::f", "a.cc", 1),
                         fn("Card::f", "a.cc", 5, {}, {"Base::f"}),
                         fn("Gift::f", "a.cc", 9, {}, {"Card::f"}),
                         fn("Pure::g", "a.cc", 13, {}, {"Abstract::g"})})});
  EXPECT_EQ(Names({"Base::f", "Card::f", "Gift::f"}),
            usrs(P, P.targets("Base::f")));
  EXPECT_EQ(Names({"Gift::f"}), usrs(P, P.targets("Gift::f")));
  // A pure virtual method has no facts; its overrides still run.
  EXPECT_EQ(Names({"Pure::g"}), usrs(P, P.targets("Abstract::g")));
  EXPECT_TRUE(P.targets("printf").empty());
}

TEST(ProgramTest, MergeKeepsTheSmallestPlace) {
  // The same USR at two places (an overlay moved it in one TU's view):
  // the first place by file, then line, is kept, whatever the order.
  FunctionFacts Late = fn("f", "inc/h.h", 20, {"x"});
  Late.TokenHash = 2;
  FunctionFacts Early = fn("f", "inc/h.h", 10, {"y"});
  Early.TokenHash = 1;
  for (bool EarlyFirst : {true, false}) {
    std::vector<TUFacts> TUs = {tu("a.cc", {Late}), tu("b.cc", {Early})};
    if (EarlyFirst)
      std::swap(TUs[0], TUs[1]);
    Program P(TUs);
    ASSERT_EQ(1u, P.functions().size());
    EXPECT_EQ(10u, P.function(0).Line);
    EXPECT_EQ(1u, P.function(0).TokenHash);
    EXPECT_EQ(Names({"x", "y"}), P.function(0).Callees);
  }
}

TEST(ProgramTest, CallersAndCalleesIgnoreUnknownUSRsAndSelfCalls) {
  Program P({tu("a.cc", {fn("main", "a.cc", 1, {"f", "g", "printf"}),
                         fn("f", "a.cc", 5, {"f", "g"}),
                         fn("g", "a.cc", 9, {"main"})})});
  EXPECT_EQ(Names({"f", "g"}), callees(P, "main"));
  EXPECT_EQ(Names({"g"}), callees(P, "f"));
  EXPECT_EQ(Names({"main"}), callees(P, "g"));
  EXPECT_EQ(Names({"g"}), callers(P, "main"));
  EXPECT_EQ(Names({"main"}), callers(P, "f"));
  EXPECT_EQ(Names({"main", "f"}), callers(P, "g"));
}

TEST(ProgramTest, VirtualCallsReachEveryOverrideTransitively) {
  // Base::charge <- Card::charge <- Gift::charge (Gift overrides only its
  // direct base), and Base::refund is pure: no facts, overridden by Card.
  Program P(
      {tu("a.cc", {fn("Base::charge", "a.cc", 1),
                   fn("Card::charge", "a.cc", 5, {}, {"Base::charge"}),
                   fn("Gift::charge", "a.cc", 9, {}, {"Card::charge"}),
                   fn("Card::refund", "a.cc", 13, {}, {"Base::refund"}),
                   fn("Other::charge", "a.cc", 17),
                   fn("viaBase", "a.cc", 21, {"Base::charge", "Base::refund"}),
                   fn("viaCard", "a.cc", 25, {"Card::charge"}),
                   fn("viaGift", "a.cc", 29, {"Gift::charge"}),
                   fn("test", "t.cc", 1, {"viaBase"})})});
  EXPECT_EQ(
      Names({"Base::charge", "Card::charge", "Gift::charge", "Card::refund"}),
      callees(P, "viaBase"));
  EXPECT_EQ(Names({"Card::charge", "Gift::charge"}), callees(P, "viaCard"));
  EXPECT_EQ(Names({"Gift::charge"}), callees(P, "viaGift"));
  EXPECT_EQ(Names({"viaBase", "viaCard", "viaGift"}),
            callers(P, "Gift::charge"));
  EXPECT_EQ(Names({"viaBase"}), callers(P, "Card::refund"));
  EXPECT_TRUE(callers(P, "Other::charge").empty());
  EXPECT_EQ(Names({"viaBase", "viaCard", "viaGift", "test"}),
            transitiveCallers(P, "Gift::charge"));
  EXPECT_EQ(Names({"viaBase", "test"}), transitiveCallers(P, "Base::charge"));
}

TEST(ProgramTest, DiamondOverridesAreReachedOnce) {
  Program P(
      {tu("a.cc", {fn("A::f", "a.cc", 1), fn("B::f", "a.cc", 5, {}, {"A::f"}),
                   fn("C::f", "a.cc", 9, {}, {"A::f"}),
                   fn("D::f", "a.cc", 13, {}, {"B::f", "C::f"}),
                   fn("call", "a.cc", 17, {"A::f", "B::f"})})});
  EXPECT_EQ(Names({"A::f", "B::f", "C::f", "D::f"}), callees(P, "call"));
  EXPECT_EQ(Names({"call"}), callers(P, "D::f"));
}

TEST(ProgramTest, TransitiveCallersAreSortedAndExcludeTheFunction) {
  // t1 -> a -> b -> c, t2 -> c, and a cycle c -> a.
  Program P(
      {tu("a.cc", {fn("a", "a.cc", 1, {"b"}), fn("b", "a.cc", 5, {"c"}),
                   fn("c", "a.cc", 9, {"a"}), fn("t1", "t.cc", 1, {"a"}),
                   fn("t2", "t.cc", 5, {"c"}), fn("lonely", "z.cc", 1)})});
  EXPECT_EQ(Names({"a", "b", "t1", "t2"}), transitiveCallers(P, "c"));
  EXPECT_EQ(Names({"b", "c", "t1", "t2"}), transitiveCallers(P, "a"));
  EXPECT_TRUE(transitiveCallers(P, "t1").empty());
  EXPECT_TRUE(transitiveCallers(P, "lonely").empty());
}

TEST(ProgramTest, CallerPathsAreShortestAndOrderedByDistance) {
  // test -> placeOrder -> quote -> discount, test -> discount directly is
  // not there; main -> placeOrder; direct -> discount; far -> test.
  Program P({tu("a.cc", {fn("discount", "a.cc", 1),
                         fn("quote", "a.cc", 5, {"discount"}),
                         fn("placeOrder", "a.cc", 9, {"quote"}),
                         fn("direct", "a.cc", 13, {"discount"}),
                         fn("main", "m.cc", 1, {"placeOrder"}),
                         fn("shortcut", "m.cc", 5, {"quote", "placeOrder"}),
                         fn("test", "t.cc", 1, {"placeOrder"}),
                         fn("far", "t.cc", 5, {"test"})})});
  EXPECT_EQ((std::vector<Names>{
                {"quote", "discount"},
                {"direct", "discount"},
                {"placeOrder", "quote", "discount"},
                {"shortcut", "quote", "discount"},
                {"main", "placeOrder", "quote", "discount"},
                {"test", "placeOrder", "quote", "discount"},
                {"far", "test", "placeOrder", "quote", "discount"},
            }),
            callerPaths(P, "discount"));
  EXPECT_TRUE(callerPaths(P, "far").empty());
}

TEST(ProgramTest, CallerPathsTerminateOnCycles) {
  Program P({tu("a.cc", {fn("a", "a.cc", 1, {"b"}), fn("b", "a.cc", 5, {"a"}),
                         fn("c", "a.cc", 9, {"b"})})});
  EXPECT_EQ((std::vector<Names>{{"b", "a"}, {"c", "b", "a"}}),
            callerPaths(P, "a"));
}

TEST(ProgramTest, FindNameListsEveryFunctionOfThatName) {
  FunctionFacts A = fn("c:a.cc@F@helper#", "src/a.cc", 1);
  A.Name = "helper()";
  FunctionFacts B = fn("c:b.cc@F@helper#", "src/b.cc", 1);
  B.Name = "helper()";
  Program P({tu("src/a.cc", {A}), tu("src/b.cc", {B})});
  EXPECT_EQ(Names({"c:a.cc@F@helper#", "c:b.cc@F@helper#"}),
            usrs(P, P.findName("helper()")));
  EXPECT_TRUE(P.findName("helper").empty());
}

} // namespace
