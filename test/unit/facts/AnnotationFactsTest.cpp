//===- AnnotationFactsTest.cpp - Annotations and floating-point values ----===//
//
// The facts that annotation-invalid and money-floating-point read: every
// riskguard annotation as written, and the floating-point values of
// functions and classes. Each test compiles small sources with clang++-19
// and compares the facts exactly, one line per fact.
//
//===----------------------------------------------------------------------===//

#include "TestSupport.h"
#include "facts/Extractor.h"
#include "facts/Facts.h"
#include "facts/Indexer.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"
#include <string>
#include <vector>

using namespace riskguard;

namespace {

const char *const Annotations = RISKGUARD_TEST_DIR "/../annotations/include";

using Lines = std::vector<std::string>;

/// A temporary project, one translation unit per source.
class AnnotationFactsTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<256> Dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("riskguard-ann", Dir));
    llvm::SmallString<256> Real;
    ASSERT_FALSE(llvm::sys::fs::real_path(Dir, Real));
    Root = std::string(Real);
    Paths = std::make_unique<PathMapper>(Root);
  }
  void TearDown() override {
    if (!Root.empty())
      llvm::sys::fs::remove_directories(Root);
  }

  void write(llvm::StringRef Path, llvm::StringRef Contents) {
    testsupport::writeFile(Root, Path, Contents);
  }

  clang::tooling::CompileCommand command(llvm::StringRef Path) {
    std::string File = Root + "/" + Path.str();
    return clang::tooling::CompileCommand(Root, File,
                                          {"/usr/bin/clang++-19", "-std=c++17",
                                           std::string("-I") + Annotations,
                                           "-I" + Root, "-c", File},
                                          "");
  }

  /// The facts of the sources \p Files, which must parse without errors.
  std::vector<TUFacts> index(std::vector<std::string> Files) {
    std::vector<clang::tooling::CompileCommand> Commands;
    for (const std::string &F : Files)
      Commands.push_back(command(F));
    IndexOptions Options;
    Options.Paths = Paths.get();
    Options.Jobs = 1;
    std::vector<TUFacts> TUs = indexTranslationUnits(Commands, Options);
    for (const TUFacts &TU : TUs)
      for (const ParseError &E : TU.Errors)
        ADD_FAILURE() << E.File << ":" << E.Line << ":" << E.Column << ": "
                      << E.Message;
    return TUs;
  }
  TUFacts indexOne(const std::string &File) {
    std::vector<TUFacts> TUs = index({File});
    return TUs.empty() ? TUFacts() : TUs[0];
  }

  std::string Root;
  std::unique_ptr<PathMapper> Paths;
};

const char *entityName(AnnotatedKind K) {
  const char *Names[] = {"function", "class",     "namespace", "variable",
                         "field",    "parameter", "enum",      "enumerator",
                         "typedef",  "other"};
  return Names[static_cast<int>(K)];
}

/// One line per annotation: place, kind(args), what it is on.
Lines dump(const std::vector<AnnotationFacts> &Annotations) {
  Lines Out;
  for (const AnnotationFacts &A : Annotations) {
    std::string S;
    llvm::raw_string_ostream OS(S);
    OS << A.File << ":" << A.Line << ":" << A.Column << " " << A.Kind << "(";
    for (size_t I = 0; I < A.Args.size(); ++I) {
      const AnnotationArg &Arg = A.Args[I];
      OS << (I ? ", " : "")
         << (Arg.Kind == AnnotationArg::String    ? "s:"
             : Arg.Kind == AnnotationArg::Integer ? "i:"
                                                  : "o:")
         << Arg.Value;
    }
    OS << ") on " << entityName(A.Entity) << " '" << A.EntityName << "' "
       << A.EntityUSR;
    Out.push_back(S);
  }
  return Out;
}

const char *valueKind(FloatingValue::KindType K) {
  const char *Names[] = {"return", "param", "local", "field", "static"};
  return Names[K];
}

std::string dump(const FloatingValue &V) {
  return std::string(valueKind(V.Kind)) + " " + V.Name + " " +
         std::to_string(V.Line) + ":" + std::to_string(V.Column) + " '" +
         V.Type + "' '" + V.CanonicalType + "'";
}

/// One line per function with floating-point values, then one per value.
Lines dumpFunctions(const TUFacts &TU) {
  Lines Out;
  for (const FunctionFacts &F : TU.Functions) {
    if (F.FloatingValues.empty())
      continue;
    Out.push_back(F.Name);
    for (const FloatingValue &V : F.FloatingValues)
      Out.push_back("  " + dump(V));
  }
  return Out;
}

/// One line per class, then one per method USR and per field.
Lines dumpClasses(const std::vector<ClassFacts> &Classes) {
  Lines Out;
  for (const ClassFacts &C : Classes) {
    Out.push_back(C.QualifiedName + " " + C.File + ":" +
                  std::to_string(C.Line) + ":" + std::to_string(C.Column) +
                  " " + C.USR + " tier1 " + C.Tier1Domain + "/" +
                  std::to_string(static_cast<int>(C.Tier1Level)) + " not " +
                  std::to_string(static_cast<int>(C.NotTier1Level)));
    for (const std::string &M : C.Methods)
      Out.push_back("  method " + M);
    for (const FloatingValue &V : C.Fields)
      Out.push_back("  " + dump(V));
  }
  return Out;
}

//===----------------------------------------------------------------------===//
// Annotations
//===----------------------------------------------------------------------===//

TEST_F(AnnotationFactsTest, EveryRiskguardAnnotationWithItsPlaceAndArgs) {
  write("inc/shop.h", R"cc(#pragma once
#include <riskguard/annotations.h>
namespace RG_TIER1("payment") RG_OWNERS("@shop/payments", "erin") pay {
RG_MIN_APPROVALS(1 + 2) int charge(int C);
}
namespace shop {
class RG_TIER1("transaction") Cart {
public:
  RG_NOT_TIER1("") int debug() const;
  RG_TESTED_BY("CartTest.A", "CartTest.B") int total() const;
};
}
)cc");
  write("a.cc", R"cc(#include "inc/shop.h"
namespace pay {
// The definition inherits the header's annotation: recorded once, there.
int charge(int C) { return C; }
}
[[clang::annotate("riskguard.tier2", "x")]] void typo();
[[clang::annotate("riskguard.min_approvals", 2.5)]] void half();
[[clang::annotate("riskguard.min_approvals", -1)]] void negative();
[[clang::annotate("riskguard.tier1")]] void bare();
[[clang::annotate("other.tier1", "x")]] void notOurs();
)cc");
  TUFacts TU = indexOne("a.cc");
  EXPECT_EQ(Lines({
                "a.cc:6:3 tier2(s:x) on function 'typo' c:@F@typo#",
                "a.cc:7:3 min_approvals(o:2.5) on function 'half' c:@F@half#",
                "a.cc:8:3 min_approvals(i:-1) on function 'negative' "
                "c:@F@negative#",
                "a.cc:9:3 tier1() on function 'bare' c:@F@bare#",
                "inc/shop.h:3:11 tier1(s:payment) on namespace 'pay' c:@N@pay",
                "inc/shop.h:3:31 owners(s:@shop/payments, s:erin) on "
                "namespace 'pay' c:@N@pay",
                "inc/shop.h:4:1 min_approvals(i:3) on function 'pay::charge' "
                "c:@N@pay@F@charge#I#",
                "inc/shop.h:7:7 tier1(s:transaction) on class 'shop::Cart' "
                "c:@N@shop@S@Cart",
                "inc/shop.h:9:3 not_tier1(s:) on function 'shop::Cart::debug' "
                "c:@N@shop@S@Cart@F@debug#1",
                "inc/shop.h:10:3 tested_by(s:CartTest.A, s:CartTest.B) on "
                "function 'shop::Cart::total' c:@N@shop@S@Cart@F@total#1",
            }),
            dump(TU.Annotations));
}

TEST_F(AnnotationFactsTest, WhatTheAnnotationIsOn) {
  write("a.cc", R"cc(#include <riskguard/annotations.h>
namespace shop {
RG_TIER1("a") int Rate = 1;
struct RG_TIER1("b") Item {
  RG_OWNERS("c") double Price;
  RG_TIER1("d") static int Count;
  enum RG_TIER1("e") Kind { Food RG_TIER1("f") };
};
using Money RG_TIER1("g") = double;
typedef int Cents RG_TIER1("h");
int fee(int Amount RG_TIER1("i")) { return Amount; }
union RG_TIER1("j") Raw { int I; };
template <typename T> struct RG_TIER1("k") Box { T V; };
template <typename T> RG_TIER1("l") T twice(T X) { return X + X; }
int use() { return Box<int>{1}.V + twice(2); }
} // namespace shop
)cc");
  TUFacts TU = indexOne("a.cc");
  EXPECT_EQ(Lines({
                "a.cc:3:1 tier1(s:a) on variable 'shop::Rate' c:@N@shop@Rate",
                "a.cc:4:8 tier1(s:b) on class 'shop::Item' c:@N@shop@S@Item",
                "a.cc:5:3 owners(s:c) on field 'shop::Item::Price' "
                "c:@N@shop@S@Item@FI@Price",
                "a.cc:6:3 tier1(s:d) on variable 'shop::Item::Count' "
                "c:@N@shop@S@Item@Count",
                "a.cc:7:8 tier1(s:e) on enum 'shop::Item::Kind' "
                "c:@N@shop@S@Item@E@Kind",
                "a.cc:7:34 tier1(s:f) on enumerator 'shop::Item::Food' "
                "c:@N@shop@S@Item@E@Kind@Food",
                "a.cc:9:13 tier1(s:g) on typedef 'shop::Money' "
                "c:@N@shop@Money@a.cc",
                "a.cc:10:19 tier1(s:h) on typedef 'shop::Cents' "
                "c:a.cc@N@shop@T@Cents@a.cc",
                // Clang names a parameter by its offset in the file.
                "a.cc:11:20 tier1(s:i) on parameter 'Amount' "
                "c:a.cc@303@N@shop@F@fee#I#@Amount@a.cc",
                "a.cc:12:7 tier1(s:j) on class 'shop::Raw' c:@N@shop@U@Raw",
                "a.cc:13:30 tier1(s:k) on class 'shop::Box' "
                "c:@N@shop@ST>1#T@Box",
                "a.cc:14:23 tier1(s:l) on function 'shop::twice' "
                "c:@N@shop@FT@>1#Ttwice#t0.0#S0_#",
            }),
            dump(TU.Annotations));
}

TEST_F(AnnotationFactsTest, AHeaderSeenByManyUnitsIsMergedOnce) {
  write("inc/a.h", R"cc(#pragma once
#include <riskguard/annotations.h>
namespace RG_TIER1("pricing") pricing {
RG_NOT_TIER1("logging") void log();
}
)cc");
  write("a.cc", R"cc(#include "inc/a.h"
namespace RG_TIER1("checkout") pricing {}
)cc");
  write("b.cc", R"cc(#include "inc/a.h"
namespace pricing { void log() {} }
)cc");
  std::vector<TUFacts> TUs = index({"b.cc", "a.cc"});
  ASSERT_EQ(2u, TUs.size());
  EXPECT_EQ(3u, TUs[1].Annotations.size());
  Lines Merged = {
      "a.cc:2:11 tier1(s:checkout) on namespace 'pricing' c:@N@pricing",
      "inc/a.h:3:11 tier1(s:pricing) on namespace 'pricing' c:@N@pricing",
      "inc/a.h:4:1 not_tier1(s:logging) on function 'pricing::log' "
      "c:@N@pricing@F@log#",
  };
  EXPECT_EQ(Merged, dump(mergeAnnotations(TUs)));
  std::swap(TUs[0], TUs[1]);
  EXPECT_EQ(Merged, dump(mergeAnnotations(TUs)));
}

//===----------------------------------------------------------------------===//
// Floating-point values
//===----------------------------------------------------------------------===//

TEST_F(AnnotationFactsTest, FloatingReturnParametersAndLocals) {
  write("a.cc", R"cc(#include <utility>
namespace shop {
using Money = double;
long double total(float Price, int Qty, const Money &Fee, double *Out,
                  double Taxes[2], double) {
  double Sum = Price * Qty;
  static float Cache = 0;
  int Count = 0;
  auto Discount = 0.5;
  auto [First, Second] = std::pair<double, int>(1.0, 2);
  auto Add = [&](double Extra) { float Inner = Extra; return Sum + Inner; };
  struct Local {
    double method(double X) { double Y = X; return Y; }
  };
  for (double Each : {1.0, 2.0})
    Sum += Each;
  (void)Count; (void)Cache; (void)First; (void)Second; (void)Out;
  return Sum + Fee + Discount + Add(Taxes[0]);
}
template <typename T> T generic(T Amount) { T Copy = Amount; return Copy; }
auto deduced() { return 1.5f; }
int none(int A) { return A; }
} // namespace shop
)cc");
  TUFacts TU = indexOne("a.cc");
  EXPECT_EQ(Lines({
                "shop::total(float, int, const Money &, double *, double *, "
                "double)",
                "  return total 4:1 'long double' 'long double'",
                "  param Price 4:25 'float' 'float'",
                "  param Fee 4:54 'const Money &' 'const double &'",
                "  param Out 4:67 'double *' 'double *'",
                "  param Taxes 5:26 'double *' 'double *'",
                "  param  5:42 'double' 'double'",
                "  local Sum 6:10 'double' 'double'",
                "  local Cache 7:16 'float' 'float'",
                "  local Discount 9:8 'double' 'double'",
                "  local First 10:9 'std::tuple_element<0, std::pair<double, "
                "int>>::type' 'double'",
                "  local Extra 11:25 'double' 'double'",
                "  local Inner 11:40 'float' 'float'",
                "  local Each 15:15 'double' 'double'",
                "shop::total(float, int, const Money &, double *, double *, "
                "double)::Local::method(double)",
                "  return method 13:5 'double' 'double'",
                "  param X 13:26 'double' 'double'",
                "  local Y 13:38 'double' 'double'",
                "shop::deduced()",
                "  return deduced 21:1 'float' 'float'",
            }),
            dumpFunctions(TU));
}

//===----------------------------------------------------------------------===//
// Classes
//===----------------------------------------------------------------------===//

TEST_F(AnnotationFactsTest, ClassesWithFloatingMembers) {
  write("inc/shop.h", R"cc(#pragma once
#include <riskguard/annotations.h>
namespace RG_TIER1("payment") pay {
struct Card {
  double Limit;
  int Id;
  double limit() const;
  template <typename T> T as() const { return T(Limit); }
};
struct RG_NOT_TIER1("display only") Receipt { float Amount; };
struct Plain { int Cents; };
}
namespace shop {
using Money = double;
class RG_TIER1("transaction") Cart {
  Money Total = 0;
  static constexpr double TaxRate = 0.2;
  double Prices[4];
  struct Line { float Price; };
  int total() const;
};
struct Loose { double Price; };
template <typename T> struct Box { T Value; double Fee; };
}
)cc");
  write("a.cc", R"cc(#include "inc/shop.h"
double pay::Card::limit() const { return Limit; }
shop::Box<int> B;
)cc");
  write("b.cc", R"cc(#include "inc/shop.h"
)cc");
  std::vector<TUFacts> TUs = index({"a.cc", "b.cc"});
  ASSERT_EQ(2u, TUs.size());
  Lines Expected = {
      "pay::Card inc/shop.h:4:8 c:@N@pay@S@Card tier1 payment/1 not 0",
      "  method c:@N@pay@S@Card@F@limit#1",
      "  method c:@N@pay@S@Card@FT@>1#Tas#t0.0#1",
      "  field Limit 5:10 'double' 'double'",
      "pay::Receipt inc/shop.h:10:37 c:@N@pay@S@Receipt tier1 payment/1 not 2",
      "  field Amount 10:53 'float' 'float'",
      "shop::Cart inc/shop.h:15:31 c:@N@shop@S@Cart tier1 transaction/2 not 0",
      "  method c:@N@shop@S@Cart@F@total#1",
      "  field Total 16:9 'Money' 'double'",
      "  static TaxRate 17:27 'const double' 'const double'",
      "  field Prices 18:10 'double[4]' 'double[4]'",
      "shop::Cart::Line inc/shop.h:19:10 c:@N@shop@S@Cart@S@Line tier1 "
      "transaction/2 not 0",
      "  field Price 19:23 'float' 'float'",
      "shop::Loose inc/shop.h:22:8 c:@N@shop@S@Loose tier1 /0 not 0",
      "  field Price 22:23 'double' 'double'",
      "shop::Box inc/shop.h:23:30 c:@N@shop@ST>1#T@Box tier1 /0 not 0",
      "  field Fee 23:52 'double' 'double'",
  };
  EXPECT_EQ(Expected, dumpClasses(TUs[0].Classes));
  EXPECT_EQ(Expected, dumpClasses(TUs[1].Classes));
  EXPECT_EQ(Expected, dumpClasses(mergeClasses(TUs)));
}

} // namespace
