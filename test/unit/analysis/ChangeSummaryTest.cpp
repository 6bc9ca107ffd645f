//===- ChangeSummaryTest.cpp - The token-level account of a change --------===//

#include "analysis/ChangeSummary.h"

#include "gtest/gtest.h"
#include <string>
#include <vector>

using namespace riskguard;

namespace {

using Lines = std::vector<std::string>;

TEST(ChangeSummary, IdenticalTokensGiveNothing) {
  EXPECT_EQ(summarizeChange("", ""), Lines());
  EXPECT_EQ(summarizeChange("int f() { return 1; }", "int f() { return 1; }"),
            Lines());
}

TEST(ChangeSummary, CommentsAndLayoutNeverShow) {
  const char *Base = "double discount(double P) {\n"
                     "  return P * 0.15; // standard rate\n"
                     "}\n";
  const char *Head = "double discount(double P)\n"
                     "{\n"
                     "  /* the rate agreed with finance */\n"
                     "  return P*0.15;\n"
                     "}";
  EXPECT_EQ(summarizeChange(Base, Head), Lines());
}

TEST(ChangeSummary, LiteralReplaced) {
  EXPECT_EQ(summarizeChange("double d(double P) { return P * 0.15; }",
                            "double d(double P) { return P * 0.25; }"),
            Lines({"literal 0.15 -> 0.25"}));
  EXPECT_EQ(
      summarizeChange("log(\"old\", 'a', true);", "log(\"new\", 'b', false);"),
      Lines({"literal \"old\" -> \"new\"", "literal 'a' -> 'b'",
             "literal true -> false"}));
}

TEST(ChangeSummary, OperatorReplaced) {
  EXPECT_EQ(summarizeChange("if (Qty < Limit) reject();",
                            "if (Qty <= Limit) reject();"),
            Lines({"operator < -> <="}));
}

TEST(ChangeSummary, AdjacentReplacementsReadPositionByPosition) {
  EXPECT_EQ(summarizeChange("T = P * 0.15;", "T = P / 0.25;"),
            Lines({"operator * -> /", "literal 0.15 -> 0.25"}));
}

TEST(ChangeSummary, CallReplaced) {
  EXPECT_EQ(summarizeChange("T = legacyRound(P);", "T = roundHalfUp(P);"),
            Lines({"call to legacyRound replaced by roundHalfUp"}));
}

TEST(ChangeSummary, IdentifierRenamed) {
  EXPECT_EQ(summarizeChange("T = P * Rate;", "T = P * NewRate;"),
            Lines({"'Rate' -> 'NewRate'"}));
}

TEST(ChangeSummary, CallAddedWithItsParenthesesAndArguments) {
  EXPECT_EQ(
      summarizeChange("return P * 0.15;", "return roundHalfUp(P * 0.15, 2);"),
      Lines({"call to roundHalfUp added"}));
  // Wrapping an existing parenthesized expression is a call added too.
  EXPECT_EQ(summarizeChange("T = (A + B);", "T = scale(A + B);"),
            Lines({"call to scale added"}));
}

TEST(ChangeSummary, CallRemoved) {
  EXPECT_EQ(summarizeChange("audit(Order); charge(Order);", "charge(Order);"),
            Lines({"call to audit removed"}));
  EXPECT_EQ(summarizeChange("T = legacyRound(P);", "T = P;"),
            Lines({"call to legacyRound removed"}));
  // The statement's ';' goes with the call, wherever the diff aligns it.
  EXPECT_EQ(summarizeChange("x(); audit(); y();", "x(); y();"),
            Lines({"call to audit removed"}));
  EXPECT_EQ(summarizeChange("{ x(); }", "{ x(); log(E); }"),
            Lines({"call to log added"}));
}

TEST(ChangeSummary, NestedCallsEachGetALine) {
  EXPECT_EQ(summarizeChange("T = P;", "T = clamp(round(P), Lo, Hi);"),
            Lines({"call to clamp added", "call to round added"}));
}

TEST(ChangeSummary, ConditionChanged) {
  EXPECT_EQ(summarizeChange("if (Qty > 0) ship();",
                            "if (Qty > 0 && !Blocked) ship();"),
            Lines({"condition of if changed"}));
  EXPECT_EQ(summarizeChange("while (I < N) ++I;", "while (I + 1 < N) ++I;"),
            Lines({"condition of while changed"}));
  EXPECT_EQ(summarizeChange("for (int I = 0; I < N; ++I) f(I);",
                            "for (int I = 1; I < N - 1; ++I) f(I);"),
            Lines({"literal 0 -> 1", "condition of for changed"}));
  EXPECT_EQ(summarizeChange("switch (Kind) { case 1: break; }",
                            "switch (Kind & Mask) { case 1: break; }"),
            Lines({"condition of switch changed"}));
}

TEST(ChangeSummary, ConditionLineOncePerStatement) {
  EXPECT_EQ(summarizeChange("if (A && B) f();", "if (!A && B && C) f();"),
            Lines({"condition of if changed"}));
}

TEST(ChangeSummary, ConditionCallAndLeftoversKeepTheirOrder) {
  EXPECT_EQ(summarizeChange("if (A) f();", "if (A || isOpen(S)) f();"),
            Lines({"condition of if changed", "call to isOpen added"}));
}

TEST(ChangeSummary, ReturnValueChanged) {
  EXPECT_EQ(summarizeChange("return Total;", "return Total - Fee;"),
            Lines({"return value changed"}));
}

TEST(ChangeSummary, NewStatementIsCountedNotAConditionChange) {
  EXPECT_EQ(summarizeChange("f();", "if (X) return; f();"),
            Lines({"6 tokens added, 0 removed"}));
}

TEST(ChangeSummary, LeftoversMergeIntoOneCountLine) {
  EXPECT_EQ(
      summarizeChange("int A = 1; use(A);", "const int A = B; use(A); A++;"),
      Lines({"5 tokens added, 1 removed"}));
  EXPECT_EQ(summarizeChange("x = 1; y = 2;", "x = 1;"),
            Lines({"0 tokens added, 4 removed"}));
  EXPECT_EQ(summarizeChange("x = 1;", "x = 1; ;"),
            Lines({"1 token added, 0 removed"}));
}

TEST(ChangeSummary, ReorderingIsAChange) {
  // The arguments still line up, so the callees read as swapped.
  EXPECT_EQ(summarizeChange("audit(O); charge(O);", "charge(O); audit(O);"),
            Lines({"call to audit replaced by charge",
                   "call to charge replaced by audit"}));
  EXPECT_EQ(
      summarizeChange("audit(O); charge(P, 1);", "charge(P, 1); audit(O);"),
      Lines({"call to audit removed", "call to audit added"}));
  EXPECT_EQ(summarizeChange("A = 1; B = 2;", "B = 2; A = 1;"),
            Lines({"4 tokens added, 4 removed"}));
}

TEST(ChangeSummary, DuplicatesAreDropped) {
  EXPECT_EQ(summarizeChange("f(0.15); g(0.15);", "f(0.25); g(0.25);"),
            Lines({"literal 0.15 -> 0.25"}));
}

TEST(ChangeSummary, MaxCapsTheLines) {
  const char *Base = "a(1); b(2); c(3); d(4);";
  const char *Head = "a(5); b(6); c(7); d(8);";
  EXPECT_EQ(summarizeChange(Base, Head),
            Lines({"literal 1 -> 5", "literal 2 -> 6", "literal 3 -> 7",
                   "literal 4 -> 8"}));
  EXPECT_EQ(summarizeChange(Base, Head, 4),
            Lines({"literal 1 -> 5", "literal 2 -> 6", "literal 3 -> 7",
                   "literal 4 -> 8"}));
  EXPECT_EQ(summarizeChange(Base, Head, 3),
            Lines({"literal 1 -> 5", "literal 2 -> 6", "and 2 more changes"}));
  EXPECT_EQ(summarizeChange(Base, Head, 1), Lines({"and 4 more changes"}));
  EXPECT_EQ(summarizeChange(Base, Head, 0), Lines());
}

std::string repeat(llvm::StringRef Statement, unsigned Times) {
  std::string Out;
  for (unsigned I = 0; I < Times; ++I)
    Out += Statement;
  return Out;
}

TEST(ChangeSummary, LargeRewriteFallsBackToACount) {
  // 5000 tokens on each side, none in common: too much to diff.
  std::string Base = repeat("a = b; ", 1250);
  std::string Head = repeat("c + d, ", 1250);
  EXPECT_EQ(summarizeChange(Base, Head),
            Lines({"5000 tokens added, 5000 removed"}));
}

TEST(ChangeSummary, SmallEditInALargeFunctionIsStillExact) {
  std::string Body = repeat("Total += Price * Qty; ", 1000);
  EXPECT_EQ(summarizeChange(Body + "return Total * 0.15;",
                            Body + "return Total * 0.25;"),
            Lines({"literal 0.15 -> 0.25"}));
}

TEST(ChangeSummary, IsDeterministic) {
  const char *Base = "if (A < 1) x = legacyRound(P * 0.15); return Rate;";
  const char *Head = "if (A <= 2) x = roundHalfUp(P * 0.25); return NewRate;";
  Lines First = summarizeChange(Base, Head);
  EXPECT_EQ(First, Lines({"operator < -> <=", "literal 1 -> 2",
                          "call to legacyRound replaced by roundHalfUp",
                          "literal 0.15 -> 0.25", "'Rate' -> 'NewRate'"}));
  for (int I = 0; I < 3; ++I)
    EXPECT_EQ(summarizeChange(Base, Head), First);
}

} // namespace

namespace {

TEST(FirstChangedLine, SameTextHasNone) {
  EXPECT_EQ(firstChangedLine("", ""), std::nullopt);
  EXPECT_EQ(firstChangedLine("int f() {\n  return 1;\n}",
                             "int f() {\n  return 1;\n}"),
            std::nullopt);
}

TEST(FirstChangedLine, IsTheFirstRewrittenLine) {
  const char *Base = "long price(long C) {\n"
                     "  long T = C;\n"
                     "  return T * 2;\n"
                     "}";
  const char *Head = "long price(long C) {\n"
                     "  long T = C;\n"
                     "  return T * 3;\n"
                     "}";
  EXPECT_EQ(firstChangedLine(Base, Head), 2u);
}

TEST(FirstChangedLine, ALayoutChangeIsAChangedLine) {
  // `git diff` shows a re-indented line, so a reader sees the change there.
  EXPECT_EQ(firstChangedLine("f() {\n  a();\n  b();\n}",
                             "f() {\n    a();\n  c();\n}"),
            1u);
}

TEST(FirstChangedLine, InsertedLineAfterARemovedOneIsTheOneShown) {
  // b() went and d() came: the head's second line is unchanged.
  const char *Base = "f() {\n  a();\n  b();\n  c();\n}";
  const char *Head = "f() {\n  a();\n  c();\n  d();\n}";
  EXPECT_EQ(firstChangedLine(Base, Head), 3u);
}

TEST(FirstChangedLine, OnlyRemovedLinesGiveTheLineAfter) {
  EXPECT_EQ(firstChangedLine("f() {\n  a();\n  b();\n  c();\n}",
                             "f() {\n  a();\n  c();\n}"),
            2u);
  // Removed at the end: the last line.
  EXPECT_EQ(firstChangedLine("a\nb\nc", "a\nb"), 1u);
}

TEST(FirstChangedLine, PrefersALineAtOrAfterFrom) {
  // The signature and the body changed: the body's line when asked from it.
  const char *Base = "long f(long C)\n{\n  return C;\n}";
  const char *Head = "long f(long C, long D)\n{\n  return C + D;\n}";
  EXPECT_EQ(firstChangedLine(Base, Head), 0u);
  EXPECT_EQ(firstChangedLine(Base, Head, 1), 2u);
  // Only the signature changed: its line, whatever From says.
  EXPECT_EQ(firstChangedLine("long f(long C)\n{\n  return 1;\n}",
                             "long f(int C)\n{\n  return 1;\n}", 1),
            0u);
}

TEST(FirstChangedLine, ALongRewriteStartsAfterTheSharedLines) {
  std::string Base = "f() {\n", Head = "f() {\n";
  for (int I = 0; I < 3000; ++I) {
    Base += "  a" + std::to_string(I) + "();\n";
    Head += "  b" + std::to_string(I) + "();\n";
  }
  EXPECT_EQ(firstChangedLine(Base + "}", Head + "}"), 1u);
}

TEST(BodyLine, IsTheLineOfTheBodysBrace) {
  EXPECT_EQ(bodyLine("int f() { return 1; }"), 0u);
  EXPECT_EQ(bodyLine("int\nf(int A,\n  int B)\n{\n  return A;\n}"), 3u);
  // Braces in the signature and in default arguments are not the body's.
  EXPECT_EQ(bodyLine("int f(S s = S{1},\n      int (&a)[2] = {})\n  {}"), 2u);
  EXPECT_EQ(bodyLine("int f()\n  -> decltype(T{}) {\n  return 1;\n}"), 1u);
}

TEST(BodyLine, SkipsMemberInitializers) {
  EXPECT_EQ(bodyLine("Cart::Cart()\n    : Total{0}, Items(),\n"
                     "      Base<int>{1} {\n  reset();\n}"),
            2u);
  EXPECT_EQ(bodyLine("Cart::Cart() : Total(0)\n{\n}"), 1u);
}

TEST(BodyLine, IsLineZeroWithoutABody) {
  EXPECT_EQ(bodyLine(""), 0u);
  EXPECT_EQ(bodyLine("int f();"), 0u);
}

} // namespace
