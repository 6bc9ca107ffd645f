//===- AnnotationChecksTest.cpp - annotation-invalid, money-floating-point ===//
//
// The two rules on analysis results built by hand, so that every message
// is pinned, and once each on facts the indexer extracts from real sources;
// and the policy's `money` key that money-floating-point reads.
//
//===----------------------------------------------------------------------===//

#include "TestSupport.h"
#include "checks/Check.h"
#include "facts/Indexer.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "gtest/gtest.h"
#include <string>
#include <vector>

using namespace riskguard;

namespace {

using Names = std::vector<std::string>;

Policy parse(llvm::StringRef Text) {
  return testsupport::parsePolicyOrFail(Text);
}

/// The error messages of a policy that must not parse.
std::string policyErrors(llvm::StringRef Text) {
  llvm::Expected<Policy> P = parsePolicy(Text, ".riskguard.json");
  if (P)
    return "parsed";
  return llvm::toString(P.takeError());
}

AnnotationArg str(std::string S) { return {AnnotationArg::String, S}; }
AnnotationArg num(std::string S) { return {AnnotationArg::Integer, S}; }

/// An annotation on the function \p Entity at src/a.cc:\p Line.
AnnotationFacts ann(std::string Kind, std::vector<AnnotationArg> Args,
                    std::string Entity = "shop::f", unsigned Line = 3,
                    AnnotatedKind On = AnnotatedKind::Function,
                    std::string File = "src/a.cc") {
  AnnotationFacts A;
  A.Kind = std::move(Kind);
  A.Args = std::move(Args);
  A.File = std::move(File);
  A.Line = Line;
  A.Column = 1;
  A.Entity = On;
  A.EntityName = Entity;
  A.EntityUSR = "usr:" + Entity;
  return A;
}

/// "file:line:col: [rule] message" for each finding.
Names messages(const std::vector<Finding> &Findings) {
  Names Out;
  for (const Finding &F : Findings)
    Out.push_back(F.File + ":" + std::to_string(F.Line) + ":" +
                  std::to_string(F.Column) + ": [" + F.Rule + "] " + F.Message);
  return Out;
}

template <typename CheckT>
std::vector<Finding> runCheck(const AnalysisResult &R, const Policy &P) {
  std::vector<Finding> Out;
  CheckT().run(CheckContext(R, P), Out);
  sortFindings(Out);
  return Out;
}

//===----------------------------------------------------------------------===//
// annotation-invalid
//===----------------------------------------------------------------------===//

class AnnotationInvalidTest : public ::testing::Test {
protected:
  void SetUp() override {
    Rules = parse(R"json({ "version": 1,
      "domains": { "pricing": {}, "payment": {} },
      "teams": { "senior": ["alice"], "Release Crew": ["bob"] } })json");
    R.ChangedFiles = {"include/a.h", "src/a.cc"};
  }
  std::vector<Finding> run() { return runCheck<AnnotationInvalid>(R, Rules); }
  /// The one message for the annotation \p A alone, or "" for none.
  std::string messageFor(AnnotationFacts A) {
    R.Annotations = {std::move(A)};
    Names M = messages(run());
    if (M.size() > 1)
      ADD_FAILURE() << M.size() << " findings";
    return M.empty() ? "" : M[0];
  }

  Policy Rules;
  AnalysisResult R;
};

TEST_F(AnnotationInvalidTest, WellFormedAnnotationsPass) {
  R.Annotations = {
      ann("tier1", {str("pricing")}),
      ann("tier1", {str("payment")}, "shop::Cart", 4, AnnotatedKind::Class),
      ann("not_tier1", {str("debug output only")}, "shop::Cart::debug", 5),
      ann("owners",
          {str("@acme/pricing"), str("@alice"), str("alice"),
           str("bob-smith_acme"), str("carol@shop.example"), str("senior"),
           str("Release Crew"), str("@gitlab/group/sub")},
          "shop", 6, AnnotatedKind::Namespace),
      ann("min_approvals", {num("2")}),
      ann("tested_by", {str("PricingTest.Discount"), str("CartTest.Total")}),
  };
  EXPECT_EQ(Names(), messages(run()));
}

TEST_F(AnnotationInvalidTest, EachMalformationSaysWhatWouldSatisfyIt) {
  const char *P = "src/a.cc:3:1: [annotation-invalid] ";
  EXPECT_EQ(std::string(P) + "RG_NOT_TIER1 on 'shop::Cart::debug' needs a "
                             "reason: RG_NOT_TIER1(\"why this is not tier-1\")",
            messageFor(ann("not_tier1", {str("")}, "shop::Cart::debug")));
  EXPECT_EQ(std::string(P) + "RG_NOT_TIER1 on 'shop::f' needs a reason: "
                             "RG_NOT_TIER1(\"why this is not tier-1\")",
            messageFor(ann("not_tier1", {str("  ")})));
  EXPECT_EQ(std::string(P) + "RG_NOT_TIER1 on 'shop::f' needs a reason: "
                             "RG_NOT_TIER1(\"why this is not tier-1\")",
            messageFor(ann("not_tier1", {})));
  EXPECT_EQ(std::string(P) +
                "RG_TIER1 on 'shop::f' needs a domain: "
                "RG_TIER1(\"<domain>\") with one of the policy's domains: "
                "\"payment\", \"pricing\"",
            messageFor(ann("tier1", {str("")})));
  EXPECT_EQ(std::string(P) +
                "RG_TIER1 on 'shop::f' needs a domain string, not 3: "
                "RG_TIER1(\"<domain>\") with one of the policy's domains: "
                "\"payment\", \"pricing\"",
            messageFor(ann("tier1", {num("3")})));
  EXPECT_EQ(std::string(P) +
                "RG_TIER1 on 'shop::f' takes one domain, not 2: "
                "RG_TIER1(\"<domain>\") with one of the policy's domains: "
                "\"payment\", \"pricing\"",
            messageFor(ann("tier1", {str("pricing"), str("payment")})));
  EXPECT_EQ(std::string(P) +
                "RG_TIER1 on 'shop::f' names domain \"pricng\", which the "
                "policy does not declare: use one of \"payment\", "
                "\"pricing\", or add it to \"domains\" in the policy",
            messageFor(ann("tier1", {str("pricng")})));
  EXPECT_EQ(std::string(P) + "RG_OWNERS on 'shop::f' names no owners: "
                             "RG_OWNERS(\"@org/team\", \"login\", ...)",
            messageFor(ann("owners", {})));
  EXPECT_EQ(std::string(P) +
                "RG_OWNERS on 'shop::f' names \"bob smith\", \"@\", \"\" and "
                "7, which are not owners: use \"@login\", \"@org/team\", "
                "\"login\", an e-mail address or a team of the policy's "
                "\"teams\"",
            messageFor(ann("owners", {str("alice"), str("bob smith"), str("@"),
                                      str(""), num("7")})));
  EXPECT_EQ(std::string(P) +
                "RG_OWNERS on 'shop::f' names \"@acme/\", which is not an "
                "owner: use \"@login\", \"@org/team\", \"login\", an e-mail "
                "address or a team of the policy's \"teams\"",
            messageFor(ann("owners", {str("@acme/")})));
  EXPECT_EQ(std::string(P) + "RG_MIN_APPROVALS on 'shop::f' needs a positive "
                             "number of approvals, not 0: RG_MIN_APPROVALS(2)",
            messageFor(ann("min_approvals", {num("0")})));
  EXPECT_EQ(std::string(P) + "RG_MIN_APPROVALS on 'shop::f' needs a positive "
                             "number of approvals, not -1: RG_MIN_APPROVALS(2)",
            messageFor(ann("min_approvals", {num("-1")})));
  EXPECT_EQ(std::string(P) +
                "RG_MIN_APPROVALS on 'shop::f' needs a positive number of "
                "approvals, not \"2\": RG_MIN_APPROVALS(2)",
            messageFor(ann("min_approvals", {str("2")})));
  EXPECT_EQ(std::string(P) +
                "RG_MIN_APPROVALS on 'shop::f' needs a positive number of "
                "approvals, not 2.5: RG_MIN_APPROVALS(2)",
            messageFor(ann("min_approvals", {{AnnotationArg::Other, "2.5"}})));
  EXPECT_EQ(std::string(P) +
                "RG_MIN_APPROVALS on 'shop::f' needs a positive number of "
                "approvals, not 4294967296: RG_MIN_APPROVALS(2)",
            messageFor(ann("min_approvals", {num("4294967296")})));
  EXPECT_EQ(std::string(P) + "RG_MIN_APPROVALS on 'shop::f' needs a positive "
                             "number of approvals: RG_MIN_APPROVALS(2)",
            messageFor(ann("min_approvals", {})));
  EXPECT_EQ(std::string(P) + "RG_TESTED_BY on 'shop::f' names no tests: "
                             "RG_TESTED_BY(\"Suite.Name\", ...)",
            messageFor(ann("tested_by", {})));
  EXPECT_EQ(std::string(P) + "RG_TESTED_BY on 'shop::f' names an empty test: "
                             "RG_TESTED_BY(\"Suite.Name\", ...)",
            messageFor(ann("tested_by", {str("A.B"), str("")})));
  EXPECT_EQ(std::string(P) +
                "RG_TESTED_BY on 'shop::f' names 3, which is not a test "
                "name: RG_TESTED_BY(\"Suite.Name\", ...)",
            messageFor(ann("tested_by", {num("3")})));
}

TEST_F(AnnotationInvalidTest, UnknownKindsSuggestTheClosestKnownOne) {
  const char *P = "src/a.cc:3:1: [annotation-invalid] ";
  EXPECT_EQ(std::string(P) +
                "unknown riskguard annotation \"riskguard.tier2\" on "
                "'shop::f': the kinds are tier1, owners, min_approvals, "
                "tested_by and not_tier1 (did you mean \"riskguard.tier1\", "
                "written by RG_TIER1?)",
            messageFor(ann("tier2", {str("pricing")})));
  EXPECT_EQ(std::string(P) +
                "unknown riskguard annotation \"riskguard.owner\" on "
                "'shop::f': the kinds are tier1, owners, min_approvals, "
                "tested_by and not_tier1 (did you mean "
                "\"riskguard.owners\", written by RG_OWNERS?)",
            messageFor(ann("owner", {str("alice")})));
  EXPECT_EQ(std::string(P) +
                "unknown riskguard annotation \"riskguard.critical\" on "
                "'shop::f': the kinds are tier1, owners, min_approvals, "
                "tested_by and not_tier1",
            messageFor(ann("critical", {})));
}

TEST_F(AnnotationInvalidTest, OnlyFunctionsClassesAndNamespacesCarryThem) {
  const char *P = "src/a.cc:3:1: [annotation-invalid] ";
  const char *Fix = " has no effect: put it on a function, method, class, "
                    "struct, union or namespace";
  struct Case {
    AnnotatedKind On;
    const char *Name;
    const char *Expected;
  } Cases[] = {
      {AnnotatedKind::Variable, "shop::Rate",
       "RG_TIER1 on variable 'shop::Rate'"},
      {AnnotatedKind::Field, "shop::Item::Price",
       "RG_TIER1 on field 'shop::Item::Price'"},
      {AnnotatedKind::Parameter, "Amount", "RG_TIER1 on parameter 'Amount'"},
      {AnnotatedKind::Parameter, "", "RG_TIER1 on an unnamed parameter"},
      {AnnotatedKind::Enum, "shop::Kind", "RG_TIER1 on enum 'shop::Kind'"},
      {AnnotatedKind::Enumerator, "shop::Food",
       "RG_TIER1 on enumerator 'shop::Food'"},
      {AnnotatedKind::Typedef, "shop::Money",
       "RG_TIER1 on type alias 'shop::Money'"},
      {AnnotatedKind::Other, "T", "RG_TIER1 on declaration 'T'"},
  };
  for (const Case &C : Cases)
    EXPECT_EQ(std::string(P) + C.Expected + Fix,
              messageFor(ann("tier1", {str("pricing")}, C.Name, 3, C.On)));
  // Misplaced, the arguments do not matter: moving it is the fix.
  EXPECT_EQ(std::string(P) + "RG_NOT_TIER1 on variable 'shop::Rate'" + Fix,
            messageFor(ann("not_tier1", {}, "shop::Rate", 3,
                           AnnotatedKind::Variable)));
  for (AnnotatedKind On : {AnnotatedKind::Function, AnnotatedKind::Class,
                           AnnotatedKind::Namespace})
    EXPECT_EQ("", messageFor(ann("tier1", {str("pricing")}, "x", 3, On)));
}

TEST_F(AnnotationInvalidTest, AnyDomainWhenThePolicyListsNone) {
  Rules = parse(R"json({ "version": 1 })json");
  EXPECT_EQ("", messageFor(ann("tier1", {str("anything")})));
  EXPECT_EQ("src/a.cc:3:1: [annotation-invalid] RG_TIER1 on 'shop::f' needs "
            "a domain: RG_TIER1(\"<domain>\"), e.g. RG_TIER1(\"pricing\")",
            messageFor(ann("tier1", {str("")})));
  // Without teams, a team-like owner must have a login's shape.
  EXPECT_NE("", messageFor(ann("owners", {str("Release Crew")})));
}

TEST_F(AnnotationInvalidTest, OnlyAnnotationsInChangedFilesAreChecked) {
  R.Annotations = {
      ann("not_tier1", {}, "shop::f", 3),
      ann("not_tier1", {}, "shop::g", 4, AnnotatedKind::Function,
          "src/unchanged.cc"),
      ann("tier1", {str("nope")}, "shop::h", 9, AnnotatedKind::Function,
          "include/a.h"),
  };
  EXPECT_EQ(Names({"include/a.h:9:1: [annotation-invalid] RG_TIER1 on "
                   "'shop::h' names domain \"nope\", which the policy does "
                   "not declare: use one of \"payment\", \"pricing\", or add "
                   "it to \"domains\" in the policy",
                   "src/a.cc:3:1: [annotation-invalid] RG_NOT_TIER1 on "
                   "'shop::f' needs a reason: RG_NOT_TIER1(\"why this is not "
                   "tier-1\")"}),
            messages(run()));
  R.ChangedFiles.clear();
  EXPECT_EQ(Names(), messages(run()));
}

TEST_F(AnnotationInvalidTest, ConflictingDomainsOnOneEntity) {
  // The header declares shop::Cart for "pricing", the source reopens it...
  // well, a class cannot be reopened, but its declarations can disagree.
  R.Annotations = {
      ann("tier1", {str("pricing")}, "shop::Cart", 2, AnnotatedKind::Class,
          "include/a.h"),
      ann("tier1", {str("payment")}, "shop::Cart", 7, AnnotatedKind::Class),
      ann("tier1", {str("pricing")}, "shop::Cart", 9, AnnotatedKind::Class),
      // The same domain twice is no conflict.
      ann("tier1", {str("pricing")}, "shop", 1, AnnotatedKind::Namespace),
      ann("tier1", {str("pricing")}, "shop", 5, AnnotatedKind::Namespace,
          "src/b.cc"),
  };
  EXPECT_EQ(Names({"include/a.h:2:1: [annotation-invalid] "
                   "RG_TIER1(\"pricing\") on 'shop::Cart' conflicts with "
                   "RG_TIER1(\"payment\") at src/a.cc:7:1: give every "
                   "declaration of 'shop::Cart' the same domain"}),
            messages(run()));
  // Reported where the change is, naming the other place.
  R.ChangedFiles = {"src/a.cc"};
  EXPECT_EQ(Names({"src/a.cc:7:1: [annotation-invalid] "
                   "RG_TIER1(\"payment\") on 'shop::Cart' conflicts with "
                   "RG_TIER1(\"pricing\") at include/a.h:2:1: give every "
                   "declaration of 'shop::Cart' the same domain"}),
            messages(run()));
  R.ChangedFiles = {"src/b.cc"};
  EXPECT_EQ(Names(), messages(run()));
  // Overloads are different entities.
  R.ChangedFiles = {"src/a.cc"};
  R.Annotations = {ann("tier1", {str("pricing")}, "shop::f", 2),
                   ann("tier1", {str("payment")}, "shop::f", 4)};
  R.Annotations[1].EntityUSR += "#I#";
  EXPECT_EQ(Names(), messages(run()));
}

TEST_F(AnnotationInvalidTest, FindingsAreBlockingErrorsFingerprintedByEntity) {
  R.Annotations = {ann("not_tier1", {}, "shop::f", 3),
                   ann("tier1", {str("nope")}, "shop::f", 4)};
  std::vector<Finding> Before = run();
  ASSERT_EQ(2u, Before.size());
  for (const Finding &F : Before) {
    EXPECT_EQ("annotation-invalid", F.Rule);
    EXPECT_EQ(Severity::Error, F.Level);
    EXPECT_TRUE(F.Blocking);
    EXPECT_EQ("shop::f", F.Function);
    EXPECT_EQ(F.Line, F.EndLine);
  }
  EXPECT_NE(Before[0].Fingerprint, Before[1].Fingerprint);
  R.Annotations[0].Line = 30;
  R.Annotations[1].Line = 40;
  std::vector<Finding> After = run();
  ASSERT_EQ(2u, After.size());
  EXPECT_EQ(30u, After[0].Line);
  EXPECT_EQ(Before[0].Fingerprint, After[0].Fingerprint);
  EXPECT_EQ(Before[1].Fingerprint, After[1].Fingerprint);
}

// The JSON report's "function": the head's name of the annotated function,
// with parameter types, as other rules give it; null for other entities.
TEST_F(AnnotationInvalidTest, FindingsNameTheAnnotatedFunction) {
  FunctionFacts G;
  G.USR = "usr:shop::g";
  G.Name = "shop::g(long)";
  G.QualifiedName = "shop::g";
  G.File = "src/a.cc";
  TUFacts TU;
  TU.Functions = {G};
  R.Head = Program({TU});
  R.Annotations = {ann("not_tier1", {}, "shop::g", 3),
                   ann("not_tier1", {}, "shop::h", 4),
                   ann("not_tier1", {}, "shop::Cart", 5, AnnotatedKind::Class)};
  Names Functions;
  for (const Finding &F : run())
    Functions.push_back(F.Function);
  EXPECT_EQ(Names({"shop::g(long)", "shop::h", ""}), Functions);
}

//===----------------------------------------------------------------------===//
// money-floating-point
//===----------------------------------------------------------------------===//

FloatingValue value(FloatingValue::KindType Kind, std::string Name,
                    unsigned Line, std::string Type = "double",
                    std::string Canonical = "") {
  FloatingValue V;
  V.Kind = Kind;
  V.Name = std::move(Name);
  V.Type = Type;
  V.CanonicalType = Canonical.empty() ? Type : Canonical;
  V.Line = Line;
  V.Column = 7;
  return V;
}

class MoneyFloatingPointTest : public ::testing::Test {
protected:
  void SetUp() override {
    Rules = parse(R"json({ "version": 1, "tests": { "paths": ["test/**"] },
      "rules": [ { "path": "src/ledger/**", "domain": "ledger" } ] })json");
    FunctionFacts Quote;
    Quote.USR = "usr:quote";
    Quote.QualifiedName = "shop::quote";
    Quote.Name = "shop::quote(double, Money, int)";
    Quote.File = "src/quote.cc";
    Quote.Line = 10;
    Quote.Tier1Domain = "pricing";
    Quote.Tier1Level = AnnotationLevel::Function;
    Quote.FloatingValues = {
        value(FloatingValue::Return, "quote", 10),
        value(FloatingValue::Parameter, "Price", 10),
        value(FloatingValue::Parameter, "Fee", 10, "Money", "double"),
        value(FloatingValue::Parameter, "Ratio", 10),
        value(FloatingValue::Local, "UnitCOST", 12, "const float &"),
        value(FloatingValue::Local, "Weight", 13, "long double"),
    };
    FunctionFacts Total = Quote;
    Total.USR = "usr:total";
    Total.QualifiedName = "shop::total";
    Total.Name = "shop::total()";
    Total.Line = 20;
    Total.FloatingValues = {value(FloatingValue::Return, "total", 20)};
    FunctionFacts Untiered = Quote;
    Untiered.USR = "usr:plain";
    Untiered.Name = "shop::plain(double)";
    Untiered.Tier1Level = AnnotationLevel::None;
    FunctionFacts Post;
    Post.USR = "usr:post";
    Post.QualifiedName = "ledger::Book::post";
    Post.Name = "ledger::Book::post()";
    Post.File = "src/ledger/book.cc";
    Post.Line = 3;
    Functions = {Quote, Total, Untiered, Post};
  }

  std::vector<Finding> run() {
    TUFacts TU;
    TU.Functions = Functions;
    R.Head = Program({TU});
    R.Changed.clear();
    for (const auto &[USR, Kind] : Changes) {
      std::optional<unsigned> Id = R.Head.findUSR(USR);
      EXPECT_TRUE(Id.has_value()) << USR;
      if (!Id)
        continue;
      ChangedFunction C;
      C.Facts = R.Head.function(*Id);
      C.HeadId = Id;
      C.Kind = Kind;
      C.Tier1 = resolveTier(C.Facts, Rules);
      if (C.Tier1.isTier1()) {
        C.TierKind = TierKind::Tier1;
        C.Domain = C.Tier1.Domain;
      }
      if (Kind == ChangeKind::Deleted)
        C.HeadId.reset();
      R.Changed.push_back(std::move(C));
    }
    return runCheck<MoneyFloatingPoint>(R, Rules);
  }

  static ClassFacts cls(std::string Name, std::string File,
                        std::vector<FloatingValue> Fields) {
    ClassFacts C;
    C.USR = "usr:" + Name;
    C.QualifiedName = std::move(Name);
    C.File = std::move(File);
    C.Line = 2;
    C.Fields = std::move(Fields);
    return C;
  }

  Policy Rules;
  AnalysisResult R;
  std::vector<FunctionFacts> Functions;
  std::vector<std::pair<std::string, ChangeKind>> Changes;
};

const char *const Advice = ": use an integer count of the smallest unit "
                           "(e.g. int64_t cents) or a decimal type";

TEST_F(MoneyFloatingPointTest, MoneyNamesInAChangedTier1Function) {
  Changes = {{"usr:quote", ChangeKind::Modified}};
  const char *In = " of tier-1 function 'shop::quote(double, Money, int)' ";
  // Sorted by file, line, then message, as every report is.
  EXPECT_EQ(Names({std::string("src/quote.cc:10:7: [money-floating-point] "
                               "parameter 'Fee'") +
                       In + "holds money in 'Money' (aka 'double')" + Advice,
                   std::string("src/quote.cc:10:7: [money-floating-point] "
                               "parameter 'Price'") +
                       In + "holds money in 'double'" + Advice,
                   std::string("src/quote.cc:12:7: [money-floating-point] "
                               "local variable 'UnitCOST'") +
                       In + "holds money in 'const float &'" + Advice}),
            messages(run()));
  // A return value is money when the function's name says so.
  Changes = {{"usr:total", ChangeKind::Added}};
  EXPECT_EQ(Names({std::string("src/quote.cc:20:7: [money-floating-point] "
                               "return value of tier-1 function "
                               "'shop::total()' holds money in 'double'") +
                   Advice}),
            messages(run()));
}

TEST_F(MoneyFloatingPointTest, WarningsNotBlockingFingerprintedByName) {
  Changes = {{"usr:quote", ChangeKind::Modified}};
  std::vector<Finding> Before = run();
  ASSERT_EQ(3u, Before.size());
  for (const Finding &F : Before) {
    EXPECT_EQ("money-floating-point", F.Rule);
    EXPECT_EQ(Severity::Warning, F.Level);
    EXPECT_FALSE(F.Blocking);
    EXPECT_EQ("shop::quote(double, Money, int)", F.Function);
    EXPECT_EQ(F.Line, F.EndLine);
  }
  EXPECT_NE(Before[0].Fingerprint, Before[1].Fingerprint);
  for (FloatingValue &V : Functions[0].FloatingValues)
    V.Line += 5;
  std::vector<Finding> After = run();
  ASSERT_EQ(3u, After.size());
  EXPECT_EQ(15u, After[0].Line);
  for (size_t I = 0; I < 3; ++I)
    EXPECT_EQ(Before[I].Fingerprint, After[I].Fingerprint);
}

TEST_F(MoneyFloatingPointTest, OnlyTier1FunctionsChangedInLogic) {
  Changes = {{"usr:quote", ChangeKind::Cosmetic},
             {"usr:total", ChangeKind::Deleted},
             {"usr:plain", ChangeKind::Modified}};
  EXPECT_EQ(Names(), messages(run()));
  // Test code is never tier-1.
  Functions[0].File = "test/quote_test.cc";
  Changes = {{"usr:quote", ChangeKind::Modified}};
  EXPECT_EQ(Names(), messages(run()));
}

TEST_F(MoneyFloatingPointTest, ThePolicyNamesTheMoneyWords) {
  Changes = {{"usr:quote", ChangeKind::Modified}};
  Rules = parse(R"json({ "version": 1, "money": { "names": ["RATIO"] } })json");
  EXPECT_EQ(Names({std::string("src/quote.cc:10:7: [money-floating-point] "
                               "parameter 'Ratio' of tier-1 function "
                               "'shop::quote(double, Money, int)' holds "
                               "money in 'double'") +
                   Advice}),
            messages(run()));
  Rules = parse(R"json({ "version": 1, "money": { "names": [] } })json");
  EXPECT_EQ(Names(), messages(run()));
}

TEST_F(MoneyFloatingPointTest, FieldsOfTier1ClassesInChangedFiles) {
  ClassFacts Cart =
      cls("shop::Cart", "include/cart.h",
          {value(FloatingValue::Field, "Subtotal", 4),
           value(FloatingValue::Field, "Weight", 5),
           value(FloatingValue::StaticField, "TaxRate", 6, "const double")});
  Cart.Tier1Domain = "transaction";
  Cart.Tier1Level = AnnotationLevel::Class;
  // Opted out at its own level.
  ClassFacts Receipt = cls("shop::Receipt", "include/cart.h",
                           {value(FloatingValue::Field, "Amount", 9)});
  Receipt.Tier1Domain = "transaction";
  Receipt.Tier1Level = AnnotationLevel::Namespace;
  Receipt.NotTier1Level = AnnotationLevel::Class;
  // Tier-1 through its methods (a policy rule on their file).
  ClassFacts Book = cls("ledger::Book", "include/book.h",
                        {value(FloatingValue::Field, "Balance", 3)});
  Book.Methods = {"usr:post"};
  // Nothing makes it tier-1.
  ClassFacts Loose = cls("shop::Loose", "include/cart.h",
                         {value(FloatingValue::Field, "Price", 12)});
  R.Classes = {Book, Cart, Receipt, Loose};
  R.ChangedFiles = {"include/book.h", "include/cart.h"};
  EXPECT_EQ(
      Names({std::string("include/book.h:3:7: [money-floating-point] field "
                         "'Balance' of tier-1 class 'ledger::Book' holds "
                         "money in 'double'") +
                 Advice,
             std::string("include/cart.h:4:7: [money-floating-point] field "
                         "'Subtotal' of tier-1 class 'shop::Cart' holds "
                         "money in 'double'") +
                 Advice,
             std::string("include/cart.h:6:7: [money-floating-point] static "
                         "member 'TaxRate' of tier-1 class 'shop::Cart' "
                         "holds money in 'const double'") +
                 Advice}),
      messages(run()));
  // Classes in files the change does not touch are not looked at.
  R.ChangedFiles = {"src/quote.cc"};
  EXPECT_EQ(Names(), messages(run()));
}

//===----------------------------------------------------------------------===//
// Both rules on facts from real sources
//===----------------------------------------------------------------------===//

TEST(AnnotationChecksIndexedTest, RulesOnIndexedFacts) {
  llvm::SmallString<256> Dir, Root;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("riskguard-rules", Dir));
  ASSERT_FALSE(llvm::sys::fs::real_path(Dir, Root));
  testsupport::writeFile(Root, "src/cart.cc",
                         R"cc(#include <riskguard/annotations.h>
namespace shop {
using Money = double;
class RG_TIER1("transaction") Cart {
public:
  Money total(double Price, int Qty) const;
  RG_NOT_TIER1("") void debug() const {}

private:
  float Discount = 0;
  RG_OWNERS("finance team") int Count = 0;
};
Money Cart::total(double Price, int Qty) const {
  double Weight = 1;
  return Price * Qty * Weight - Discount;
}
} // namespace shop
)cc");
  std::string File = (Root + "/src/cart.cc").str();
  clang::tooling::CompileCommand Command(
      std::string(Root), File,
      {"/usr/bin/clang++-19", "-std=c++17",
       "-I" RISKGUARD_TEST_DIR "/../annotations/include", "-c", File},
      "");
  PathMapper Paths{std::string(Root)};
  IndexOptions Options;
  Options.Paths = &Paths;
  Options.Jobs = 1;
  std::vector<TUFacts> TUs = indexTranslationUnits({Command}, Options);
  llvm::sys::fs::remove_directories(Root);
  ASSERT_EQ(1u, TUs.size());
  ASSERT_TRUE(TUs[0].Errors.empty());

  AnalysisResult R;
  R.Head = Program(TUs);
  R.Annotations = mergeAnnotations(TUs);
  R.Classes = mergeClasses(TUs);
  R.ChangedFiles = {"src/cart.cc"};
  Policy P = parse(R"json({ "version": 1 })json");
  for (unsigned Id = 0; Id < R.Head.functions().size(); ++Id) {
    ChangedFunction C;
    C.Facts = R.Head.function(Id);
    C.HeadId = Id;
    C.Tier1 = resolveTier(C.Facts, P);
    C.TierKind = C.Tier1.isTier1() ? TierKind::Tier1 : TierKind::None;
    R.Changed.push_back(std::move(C));
  }
  EXPECT_EQ(Names({"src/cart.cc:7:3: [annotation-invalid] RG_NOT_TIER1 on "
                   "'shop::Cart::debug' needs a reason: RG_NOT_TIER1(\"why "
                   "this is not tier-1\")",
                   "src/cart.cc:11:3: [annotation-invalid] RG_OWNERS on field "
                   "'shop::Cart::Count' has no effect: put it on a function, "
                   "method, class, struct, union or namespace"}),
            messages(runCheck<AnnotationInvalid>(R, P)));
  EXPECT_EQ(
      Names({std::string("src/cart.cc:10:9: [money-floating-point] field "
                         "'Discount' of tier-1 class 'shop::Cart' holds money "
                         "in 'float'") +
                 Advice,
             std::string("src/cart.cc:13:26: [money-floating-point] parameter "
                         "'Price' of tier-1 function 'shop::Cart::total("
                         "double, int) const' holds money in 'double'") +
                 Advice,
             std::string("src/cart.cc:13:1: [money-floating-point] return "
                         "value of tier-1 function 'shop::Cart::total(double, "
                         "int) const' holds money in 'Money' (aka 'double')") +
                 Advice}),
      messages(runCheck<MoneyFloatingPoint>(R, P)));
}

//===----------------------------------------------------------------------===//
// The policy's `money` key
//===----------------------------------------------------------------------===//

TEST(MoneyPolicyTest, DefaultAndReplacedNames) {
  EXPECT_EQ(Names({"price", "amount", "cost", "total", "fee", "tax", "discount",
                   "balance", "subtotal", "cents", "money"}),
            Policy().MoneyNames);
  EXPECT_EQ(Policy().MoneyNames,
            parse(R"json({ "version": 1, "money": {} })json").MoneyNames);
  EXPECT_EQ(Names({"eur", "usd"}), parse(R"json({ "version": 1,
                           "money": { "names": ["eur", "usd"] } })json")
                                       .MoneyNames);
  EXPECT_EQ(Names(),
            parse(R"json({ "version": 1, "money": { "names": [] } })json")
                .MoneyNames);
}

TEST(MoneyPolicyTest, StrictValidation) {
  EXPECT_EQ(".riskguard.json:1: 'money' must be an object, not an array",
            policyErrors(R"json({ "version": 1, "money": ["price"] })json"));
  EXPECT_EQ(".riskguard.json:2: unknown key 'name' in 'money' (expected one "
            "of: names)",
            policyErrors(R"json({ "version": 1,
  "money": { "name": ["price"] } })json"));
  EXPECT_EQ(".riskguard.json:2: 'money.names' must be an array of strings, "
            "not \"price\"",
            policyErrors(R"json({ "version": 1,
  "money": { "names": "price" } })json"));
  EXPECT_EQ(".riskguard.json:3: 'money.names[1]' must not be empty\n"
            ".riskguard.json:4: 'money.names[2]' must be a string, not 3",
            policyErrors(R"json({ "version": 1,
  "money": { "names": ["price",
    "",
    3] } })json"));
}

} // namespace
