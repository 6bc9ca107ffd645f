//===- FactsIOTest.cpp - Facts files -------------------------------------===//
//
// A facts file holds every field of TUFacts: writing and reading gives the
// same facts and the same bytes again; a wrong version or a malformed field
// is an error that names the file.
//
//===----------------------------------------------------------------------===//

#include "facts/FactsIO.h"
#include "facts/FactsValidity.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"
#include <map>

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
  F.HashedFiles = {"include/a.h", "include/rates.h"};
  F.MarkingFiles = {"include/a.h"};
  F.Tier1Domain = "pricing";
  F.Tier1Level = AnnotationLevel::Class;
  F.NotTier1Level = AnnotationLevel::Namespace;
  F.NotTier1Reason = "why \"quoted\"\n";
  F.Owners = {"@acme/pricing", "alice"};
  F.MinApprovals = 0; // Present and zero differs from absent.
  F.TestedBy = {"Price.Works"};
  F.TestName = "Suite.Name";
  F.Callees = {"c:@F@g#", "c:@F@k#"};
  F.Overrides = {"c:@S@B@F@f#"};
  F.FloatingValues = {
      {FloatingValue::Parameter, "price", "Money", "double", 3, 17}};
  F.Units = {{0xfedcba9876543211ULL, false, {0, 1}, {0}},
             {0x1ULL, true, {}, {0, 7}}};
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
  EXPECT_EQ(Read->Functions[0].HashedFiles,
            (std::vector<std::string>{"include/a.h", "include/rates.h"}));
  EXPECT_EQ(Read->Functions[0].MarkingFiles,
            std::vector<std::string>{"include/a.h"});
  EXPECT_EQ(Read->Functions[0].MinApprovals, std::optional<unsigned>(0));
  EXPECT_FALSE(Read->Functions[1].MinApprovals);
  EXPECT_EQ(Read->Functions[0].NotTier1Reason, "why \"quoted\"\n");
  EXPECT_EQ(Read->Annotations[0].Entity, AnnotatedKind::Typedef);
  EXPECT_EQ(Read->Annotations[0].Args[2].Kind, AnnotationArg::Other);
  EXPECT_EQ(Read->Classes[0].Fields[0].Kind, FloatingValue::StaticField);
  EXPECT_EQ(Read->Errors[0].Message, "expected ';'");
  ASSERT_EQ(Read->Functions[0].Units.size(), 2u);
  const StatementUnit &U = Read->Functions[0].Units[0];
  EXPECT_EQ(U.TokenHash, 0xfedcba9876543211ULL);
  EXPECT_FALSE(U.IsAssertion);
  EXPECT_EQ(U.Callees, (std::vector<unsigned>{0, 1}));
  EXPECT_EQ(U.Variables, std::vector<unsigned>{0});
  EXPECT_TRUE(Read->Functions[0].Units[1].IsAssertion);
  EXPECT_EQ(Read->Functions[0].Units[1].Variables,
            (std::vector<unsigned>{0, 7}));
}

TEST(FactsIO, RejectsOtherVersions) {
  // Version 1 files lack hashed_files: reading them would miss changes.
  llvm::Expected<TUFacts> Read = readFacts("{\"version\": 1}", "x.json");
  ASSERT_FALSE(bool(Read));
  EXPECT_EQ(llvm::toString(Read.takeError()),
            "facts file 'x.json' has format version 1, this riskguard reads "
            "version 4: rebuild with the plugin of this riskguard");
  // Version 3 files lack the calls only template instantiations show.
  Read = readFacts("{\"version\": 3}", "x.json");
  ASSERT_FALSE(bool(Read));
  EXPECT_EQ(llvm::toString(Read.takeError()),
            "facts file 'x.json' has format version 3, this riskguard reads "
            "version 4: rebuild with the plugin of this riskguard");
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
  std::string NoFiles = Text;
  NoFiles.replace(NoFiles.find("\"hashed_files\""), 14, "\"hashed_filez\"");
  llvm::Expected<TUFacts> Missing = readFacts(NoFiles, "z.json");
  ASSERT_FALSE(bool(Missing));
  EXPECT_NE(llvm::toString(Missing.takeError()).find("hashed_files"),
            std::string::npos);
  // A unit's callee is an index into its function's callees: one past
  // them, a negative number or a wrong type is an error, not a crash later.
  using Edit = void (*)(llvm::json::Object &);
  for (auto [Change, Field] : {
           std::pair<Edit, const char *>{
               [](llvm::json::Object &F) {
                 (*(*F.getArray("units"))[0].getAsObject())["callees"] =
                     llvm::json::Array{0, 2};
               },
               "facts.functions[0].units[0].callees"},
           {[](llvm::json::Object &F) {
              (*(*F.getArray("units"))[1].getAsObject())["variables"] =
                  llvm::json::Array{-1};
            },
            "facts.functions[0].units[1].variables"},
           {[](llvm::json::Object &F) {
              (*(*F.getArray("units"))[1].getAsObject())["assertion"] = 1;
            },
            "facts.functions[0].units[1].assertion"},
           {[](llvm::json::Object &F) {
              (*(*F.getArray("units"))[0].getAsObject())["token_hash"] = "xyz";
            },
            "facts.functions[0].units[0].token_hash"},
           {[](llvm::json::Object &F) { F.erase("units"); },
            "facts.functions[0].units"},
       }) {
    llvm::Expected<llvm::json::Value> Parsed = llvm::json::parse(Text);
    ASSERT_TRUE(bool(Parsed));
    Change(*(*Parsed->getAsObject()->getArray("functions"))[0].getAsObject());
    std::string BadUnit;
    llvm::raw_string_ostream(BadUnit) << *Parsed;
    llvm::Expected<TUFacts> Read = readFacts(BadUnit, "u.json");
    ASSERT_FALSE(bool(Read)) << Field;
    std::string Message = llvm::toString(Read.takeError());
    EXPECT_NE(Message.find("invalid facts file 'u.json'"), std::string::npos);
    EXPECT_NE(Message.find(std::string("at ") + Field), std::string::npos)
        << Message;
  }
  llvm::Expected<TUFacts> NotJSON = readFacts("not json", "y.json");
  ASSERT_FALSE(bool(NotJSON));
  EXPECT_NE(llvm::toString(NotJSON.takeError())
                .find("cannot read facts file 'y.json'"),
            std::string::npos);
}

std::string textWith(const TUFacts &TU, llvm::ArrayRef<FactsInput> Inputs) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  writeFacts(TU, Inputs, OS);
  return S;
}

TEST(FactsIO, RecordsInputsOfBuiltFacts) {
  std::vector<FactsInput> Inputs = {{"src/a.cc", contentHash("a")},
                                    {"include/a.h", contentHash("h")}};
  std::string Text = textWith(sample(), Inputs);
  llvm::Expected<BuiltFacts> Read = readBuiltFacts(Text, "a.facts.json");
  ASSERT_TRUE(bool(Read)) << llvm::toString(Read.takeError());
  EXPECT_EQ(Read->FileName, "a.facts.json");
  EXPECT_EQ(text(Read->Facts), text(sample()));
  ASSERT_TRUE(Read->Inputs);
  ASSERT_EQ(Read->Inputs->size(), 2u);
  EXPECT_EQ((*Read->Inputs)[0].Path, "include/a.h"); // Sorted on reading.
  EXPECT_EQ((*Read->Inputs)[0].Hash, contentHash("h"));
  // Writing again gives the same bytes (inputs in the order given).
  EXPECT_EQ(textWith(Read->Facts, *Read->Inputs),
            textWith(sample(), {Inputs[1], Inputs[0]}));
  // The plain reader (the cache's) takes the facts and skips the inputs.
  llvm::Expected<TUFacts> Plain = readFacts(Text, "a.facts.json");
  ASSERT_TRUE(bool(Plain)) << llvm::toString(Plain.takeError());
  EXPECT_EQ(text(*Plain), text(sample()));

  // No "inputs" at all: readable, but nothing to check the facts with.
  llvm::Expected<BuiltFacts> Old = readBuiltFacts(text(sample()), "o.json");
  ASSERT_TRUE(bool(Old)) << llvm::toString(Old.takeError());
  EXPECT_FALSE(Old->Inputs);

  std::string Bad = Text;
  Bad.replace(Bad.find("\"hash\""), 6, "\"hasj\"");
  llvm::Expected<BuiltFacts> Broken = readBuiltFacts(Bad, "b.json");
  ASSERT_FALSE(bool(Broken));
  EXPECT_EQ(llvm::toString(Broken.takeError()),
            "invalid facts file 'b.json': expected a string at "
            "facts.inputs[0].hash");
}

TEST(FactsIO, ContentHashIsXxh3OfTheBytes) {
  EXPECT_EQ(contentHash("int x;\n"), contentHash("int x;\n"));
  EXPECT_NE(contentHash("int x;\n"), contentHash("int x;\r\n"));
  EXPECT_EQ(contentHash(""), "99aa06d3014798d86001c324468d497f");
}

TEST(FactsIO, ReadsADirectoryInNameOrder) {
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("facts-dir", Dir));
  for (const char *Name : {"b.facts.json", "a.facts.json", "c.json"}) {
    llvm::SmallString<128> Path(Dir);
    llvm::sys::path::append(Path, Name);
    TUFacts TU = sample();
    TU.MainFile = Name;
    ASSERT_FALSE(bool(writeFactsFile(TU, {{"x", "y"}}, Path)));
  }
  llvm::Expected<std::vector<BuiltFacts>> Read = readFactsDir(Dir);
  ASSERT_TRUE(bool(Read)) << llvm::toString(Read.takeError());
  ASSERT_EQ(Read->size(), 2u);
  EXPECT_EQ((*Read)[0].Facts.MainFile, "a.facts.json");
  EXPECT_EQ((*Read)[1].Facts.MainFile, "b.facts.json");
  ASSERT_TRUE((*Read)[1].Inputs);
  EXPECT_EQ((*Read)[1].Inputs->front().Hash, "y");
  llvm::sys::fs::remove_directories(Dir);
}

TEST(FactsValidity, TrustsOnlyFactsWhoseInputsAreUnchanged) {
  BuiltFacts B;
  B.Facts = sample(); // Read include/a.h and src/a.cc.
  std::map<std::string, std::string> Tree = {{"include/a.h", "h"},
                                             {"src/a.cc", "a"}};
  auto HashOf = [&](const std::string &Path) -> std::optional<std::string> {
    auto It = Tree.find(Path);
    if (It == Tree.end())
      return std::nullopt;
    return contentHash(It->second);
  };
  EXPECT_EQ(factsState(B, HashOf), FactsState::Unverifiable);
  B.Inputs = {{{"include/a.h", contentHash("h")}}};
  EXPECT_EQ(factsState(B, HashOf), FactsState::Unverifiable); // a.cc missing.
  B.Inputs->push_back({"src/a.cc", contentHash("a")});
  EXPECT_EQ(factsState(B, HashOf), FactsState::Current);

  std::string Changed;
  Tree["include/a.h"] = "h edited";
  EXPECT_EQ(factsState(B, HashOf, &Changed), FactsState::Stale);
  EXPECT_EQ(Changed, "include/a.h");
  Tree["include/a.h"] = "h";
  Tree.erase("src/a.cc");
  EXPECT_EQ(factsState(B, HashOf, &Changed), FactsState::Stale);
  EXPECT_EQ(Changed, "src/a.cc");
}

} // namespace
