//===- FactsIOTest.cpp - Facts files -------------------------------------===//
//
// A facts file holds every field of TUFacts: writing and reading gives the
// same facts and the same bytes again; a wrong version or a malformed field
// is an error that names the file.
//
//===----------------------------------------------------------------------===//

#include "facts/FactsIO.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

using namespace riskguard;

namespace {

TUFacts sample() {
  TUFacts TU;
  TU.MainFile = "src/a.cc";
  TU.Files = {"include/a.h", "src/a.cc"};
  FunctionFacts F;
  F.USR = "c:@N@shop@F@price#I#";
  F.Name = "shop::price(int)";
  F.QualifiedName = "shop::price";
  F.File = "src/a.cc";
  F.Line = 3;
  F.Column = 5;
  F.EndLine = 9;
  F.TokenHash = 0xfedcba9876543210ULL; // Above 2^53: must survive.
  F.Tier1Domain = "pricing";
  F.Tier1Level = AnnotationLevel::Class;
  F.NotTier1Level = AnnotationLevel::Namespace;
  F.NotTier1Reason = "why \"quoted\"\n";
  F.Owners = {"@acme/pricing", "alice"};
  F.MinApprovals = 0; // Present and zero differs from absent.
  F.TestedBy = {"Price.Works"};
  F.TestName = "Suite.Name";
  F.Callees = {"c:@F@g#"};
  F.Overrides = {"c:@S@B@F@f#"};
  F.FloatingValues = {
      {FloatingValue::Parameter, "price", "Money", "double", 3, 17}};
  TU.Functions.push_back(F);
  F.USR = "c:@F@h#";
  F.MinApprovals.reset();
  TU.Functions.push_back(F);
  TU.Errors = {{"src/a.cc", 4, 2, "expected ';'"}};
  AnnotationFacts A;
  A.Kind = "tier2";
  A.Args = {{AnnotationArg::String, "x"},
            {AnnotationArg::Integer, "2"},
            {AnnotationArg::Other, "2.5"}};
  A.File = "src/a.cc";
  A.Line = 1;
  A.Column = 3;
  A.Entity = AnnotatedKind::Typedef;
  A.EntityName = "shop::Money";
  A.EntityUSR = "c:a.cc@T@Money";
  TU.Annotations.push_back(A);
  ClassFacts C;
  C.USR = "c:@S@Account";
  C.QualifiedName = "Account";
  C.File = "include/a.h";
  C.Line = 2;
  C.Column = 8;
  C.Tier1Domain = "ledger";
  C.Tier1Level = AnnotationLevel::Class;
  C.Methods = {"c:@S@Account@F@f#"};
  C.Fields = {{FloatingValue::StaticField, "rate", "float", "float", 4, 16}};
  TU.Classes.push_back(C);
  return TU;
}

std::string text(const TUFacts &TU) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  writeFacts(TU, OS);
  return S;
}

TEST(FactsIO, RoundTripsEveryField) {
  std::string First = text(sample());
  llvm::Expected<TUFacts> Read = readFacts(First, "a.facts.json");
  ASSERT_TRUE(bool(Read)) << llvm::toString(Read.takeError());
  EXPECT_EQ(text(*Read), First);
  EXPECT_EQ(Read->Functions[0].TokenHash, 0xfedcba9876543210ULL);
  EXPECT_EQ(Read->Functions[0].MinApprovals, std::optional<unsigned>(0));
  EXPECT_FALSE(Read->Functions[1].MinApprovals);
  EXPECT_EQ(Read->Functions[0].NotTier1Reason, "why \"quoted\"\n");
  EXPECT_EQ(Read->Annotations[0].Entity, AnnotatedKind::Typedef);
  EXPECT_EQ(Read->Annotations[0].Args[2].Kind, AnnotationArg::Other);
  EXPECT_EQ(Read->Classes[0].Fields[0].Kind, FloatingValue::StaticField);
  EXPECT_EQ(Read->Errors[0].Message, "expected ';'");
}

TEST(FactsIO, RejectsOtherVersions) {
  llvm::Expected<TUFacts> Read = readFacts("{\"version\": 2}", "x.json");
  ASSERT_FALSE(bool(Read));
  EXPECT_EQ(llvm::toString(Read.takeError()),
            "facts file 'x.json' has format version 2, this riskguard reads "
            "version 1: rebuild with the plugin of this riskguard");
}

TEST(FactsIO, RejectsMalformedFields) {
  std::string Text = text(sample());
  std::string Bad = Text;
  Bad.replace(Bad.find("\"tier1_level\": 2"), 16, "\"tier1_level\": 9");
  llvm::Expected<TUFacts> Read = readFacts(Bad, "x.json");
  ASSERT_FALSE(bool(Read));
  EXPECT_NE(
      llvm::toString(Read.takeError()).find("invalid facts file 'x.json'"),
      std::string::npos);
  llvm::Expected<TUFacts> NotJSON = readFacts("not json", "y.json");
  ASSERT_FALSE(bool(NotJSON));
  EXPECT_NE(llvm::toString(NotJSON.takeError())
                .find("cannot read facts file 'y.json'"),
            std::string::npos);
}

} // namespace
